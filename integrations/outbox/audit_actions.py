"""The outbox's audited actions: stable codes and their Italian labels."""

from django.utils.translation import gettext_lazy as _

MESSAGE_ENQUEUED = "outbox.enqueued"
MESSAGE_RESENT = "outbox.resent"
MESSAGE_REGENERATED = "outbox.regenerated"
MESSAGE_CANCELLED = "outbox.cancelled"
MESSAGE_READ = "outbox.read"
MESSAGES_EXPORTED = "outbox.exported"
EXCHANGE_LOG_PRUNED = "outbox.log_pruned"

LABELS = {
    MESSAGE_ENQUEUED: _("Conferimento a un sistema nazionale messo in coda"),
    MESSAGE_RESENT: _("Conferimento reinviato"),
    MESSAGE_REGENERATED: _("Conferimento rigenerato"),
    MESSAGE_CANCELLED: _("Conferimento annullato"),
    MESSAGE_READ: _("Conferimento consultato"),
    MESSAGES_EXPORTED: _("Elenco dei conferimenti esportato"),
    EXCHANGE_LOG_PRUNED: _("Registro degli scambi sfoltito (conservazione)"),
}
