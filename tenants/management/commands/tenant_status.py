"""Suspend, reactivate or archive an administration (audited by the service)."""

import getpass

from django.core.management.base import BaseCommand, CommandError

from core.context import acting_as
from core.errors import ServiceError
from tenants import services
from tenants.management.commands.provision_tenant import describe_error
from tenants.models import Tenant

# The Italian words are accepted too: "sospeso" reads better than "suspended".
_ALIASES = {"attivo": Tenant.Status.ACTIVE, "sospeso": Tenant.Status.SUSPENDED,
            "archiviato": Tenant.Status.ARCHIVED}


class Command(BaseCommand):
    help = ("Cambia lo stato di un ente: active (attivo), suspended (sospeso), "
            "archived (archiviato).")

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Identificativo dell'ente.")
        parser.add_argument("status", help="active | suspended | archived "
                                           "(oppure attivo | sospeso | archiviato).")
        parser.add_argument("--reason", default="", help="Motivo, riportato nel registro.")

    def handle(self, *args, slug, status, reason="", **options):
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None:
            raise CommandError(f"Nessun ente con identificativo «{slug}».")
        status = _ALIASES.get(status.strip().lower(), status.strip().lower())
        try:
            with acting_as(f"riga di comando ({getpass.getuser()}): tenant_status"):
                services.change_status(tenant=tenant, status=status, acting_user=None,
                                       reason=reason)
        except ServiceError as exc:
            raise CommandError(describe_error(exc, heading="Stato non cambiato.",
                                              arguments={"status": "status"})) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Ente «{tenant.name}»: stato {tenant.get_status_display().lower()}."))
