"""The audited actions of ``catalog`` (the national list of lenders) and their Italian
labels, declared here once; ``audit.actions`` gathers every installed package's
``LABELS`` through the app registry."""

from django.utils.translation import gettext_lazy as _

LENDER_CREATED = "lender.created"
LENDER_UPDATED = "lender.updated"
LENDER_DEACTIVATED = "lender.deactivated"
LENDER_REACTIVATED = "lender.reactivated"
MICROCREDIT_LIMIT_SAVED = "microcredit_limit.saved"

LABELS = {
    LENDER_CREATED: _("Finanziatore aggiunto all'elenco nazionale"),
    LENDER_UPDATED: _("Finanziatore modificato"),
    LENDER_DEACTIVATED: _("Finanziatore disattivato"),
    LENDER_REACTIVATED: _("Finanziatore riattivato"),
    MICROCREDIT_LIMIT_SAVED: _("Limite del microcredito salvato"),
}
