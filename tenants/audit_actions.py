"""The audited actions of ``tenants`` (administrations and networks) and their Italian
labels, declared here once; ``audit.actions`` gathers every installed package's
``LABELS`` through the app registry."""

from django.utils.translation import gettext_lazy as _

TENANT_PROVISIONED = "tenant.provisioned"
TENANT_STATUS_CHANGED = "tenant.status_changed"
TENANT_DOMAIN_CHANGED = "tenant.domain_changed"
NETWORK_CHANGED = "network.changed"

LABELS = {
    TENANT_PROVISIONED: _("Ente attivato"),
    TENANT_STATUS_CHANGED: _("Stato dell'ente modificato"),
    TENANT_DOMAIN_CHANGED: _("Dominio dell'ente modificato"),
    NETWORK_CHANGED: _("Rete territoriale modificata"),
}
