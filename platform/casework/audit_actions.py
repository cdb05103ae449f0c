"""The audited actions of ``casework`` (consultations and pathways) and their Italian
labels, declared here once; ``audit.actions`` gathers every installed package's
``LABELS`` through the app registry."""

from django.utils.translation import gettext_lazy as _

CONSULTATION_RECORDED = "consultation.recorded"
CONSULTATION_DOCUMENT_ADDED = "consultation.document_added"
CONSULTATION_DOCUMENT_READ = "consultation.document_read"
CONSULTATION_EXPORTED = "consultation.exported"
PATHWAY_OPENED = "pathway.opened"
PATHWAY_ADVANCED = "pathway.advanced"

LABELS = {
    CONSULTATION_RECORDED: _("Consulenza registrata"),
    CONSULTATION_DOCUMENT_ADDED: _("Documento allegato a una consulenza"),
    CONSULTATION_DOCUMENT_READ: _("Apertura di un documento di una consulenza"),
    CONSULTATION_EXPORTED: _("Esportazione dell'elenco delle consulenze"),
    PATHWAY_OPENED: _("Percorso aperto"),
    PATHWAY_ADVANCED: _("Passaggio di fase di un percorso"),
}
