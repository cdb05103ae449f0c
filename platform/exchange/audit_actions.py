"""The audited actions of ``exchange`` (the rete delle reti) and their Italian labels."""

from django.utils.translation import gettext_lazy as _

ENTRY_PUBLISHED = "exchange_entry.published"
ENTRY_UPDATED = "exchange_entry.updated"
ENTRY_WITHDRAWN = "exchange_entry.withdrawn"
ENTRY_REMOVED = "exchange_entry.removed"
CONTACT_REQUESTED = "contact_request.sent"
CONTACT_ANSWERED = "contact_request.answered"
CONTACT_DECLINED = "contact_request.declined"

LABELS = {
    ENTRY_PUBLISHED: _("Pubblicazione nella rete delle reti"),
    ENTRY_UPDATED: _("Annuncio della rete delle reti aggiornato"),
    ENTRY_WITHDRAWN: _("Annuncio ritirato dalla rete delle reti"),
    ENTRY_REMOVED: _("Annuncio tolto dalla rete delle reti (chiusura o consenso revocato)"),
    CONTACT_REQUESTED: _("Richiesta di contatto inviata a un altro sportello"),
    CONTACT_ANSWERED: _("Richiesta di contatto: risposta"),
    CONTACT_DECLINED: _("Richiesta di contatto rifiutata"),
}
