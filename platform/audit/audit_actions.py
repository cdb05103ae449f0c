"""The audited actions of ``audit`` (the activity log itself) and their Italian labels,
declared here once; ``audit.actions`` gathers every installed package's ``LABELS``
through the app registry."""

from django.utils.translation import gettext_lazy as _

AUDIT_EXPORTED = "audit.exported"

LABELS = {
    AUDIT_EXPORTED: _("Esportazione del registro delle attività"),
}
