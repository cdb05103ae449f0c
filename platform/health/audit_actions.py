"""The audited actions of ``health`` (the platform's own checks) and their Italian labels,
declared here once; ``audit.actions`` gathers every installed package's ``LABELS``
through the app registry."""

from django.utils.translation import gettext_lazy as _

WORKER_CHECK = "system.worker_check"

LABELS = {
    WORKER_CHECK: _("Verifica del worker"),
}
