"""The audited actions of ``assessments`` (assessments and instruments) and their Italian
labels, declared here once; ``audit.actions`` gathers every installed package's
``LABELS`` through the app registry."""

from django.utils.translation import gettext_lazy as _

ASSESSMENT_RECORDED = "assessment.recorded"
ASSESSMENT_ANSWERS_READ = "assessment.answers_read"
INSTRUMENT_CREATED = "instrument.created"
INSTRUMENT_VERSION_CREATED = "instrument.version_created"
INSTRUMENT_STATUS_CHANGED = "instrument.status_changed"

LABELS = {
    ASSESSMENT_RECORDED: _("Valutazione registrata"),
    ASSESSMENT_ANSWERS_READ: _("Lettura delle risposte di una valutazione (dati particolari)"),
    INSTRUMENT_CREATED: _("Strumento di valutazione creato"),
    INSTRUMENT_VERSION_CREATED: _("Nuova versione di uno strumento di valutazione"),
    INSTRUMENT_STATUS_CHANGED: _("Strumento di valutazione messo in uso o tolto dall'uso"),
}
