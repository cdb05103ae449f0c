"""Provision an administration from the command line: the same service the
national site uses (schema, domain, first administrator with an invitation)."""

import getpass

from django.core.management.base import BaseCommand, CommandError

from core.context import acting_as
from core.errors import ServiceError
from tenants import services
from tenants.models import Region, Tenant

# How the command line spells the fields a service error may name: positional
# arguments by name, options with their dashes.
_ARGUMENTS = {"slug": "slug", "email": "--admin-email"}


def _label(field: str | None, arguments: dict[str, str]) -> str:
    if not field or field == "__all__":
        return "ente"
    spelling = arguments.get(field, "--" + field.replace("_", "-"))
    return field if spelling == field else f"{field} ({spelling})"


def describe_error(exc: ServiceError, *, heading: str,
                   arguments: dict[str, str] = _ARGUMENTS) -> str:
    """The service error in Italian, one line per field, each with its argument."""
    lines = [heading]
    for field, messages in (exc.fields or {None: [exc.message]}).items():
        lines += [f"  {_label(field, arguments)}: {message}" for message in messages]
    return "\n".join(lines)


class Command(BaseCommand):
    help = ("Attiva un nuovo ente: schema, dominio e primo amministratore, che riceve "
            "un invito via e-mail per scegliere la password.")

    def add_arguments(self, parser):
        kinds = ", ".join(Tenant.Kind.values)
        regions = ", ".join(Region.values)
        parser.add_argument("slug", help="Identificativo (3-40 lettere minuscole, cifre, "
                                         "trattini): diventa <slug>.<dominio della rete>.")
        parser.add_argument("--name", required=True, help="Denominazione ufficiale.")
        parser.add_argument("--kind", required=True, help=f"Tipo di ente: {kinds}.")
        parser.add_argument("--region", required=True, help=f"Regione: {regions}.")
        parser.add_argument("--province", default="", help="Sigla della provincia (es. BO).")
        parser.add_argument("--istat-code", default="", help="Codice ISTAT (6 cifre).")
        parser.add_argument("--codice-ipa", default="", help="Codice IPA.")
        parser.add_argument("--codice-fiscale", default="", help="Codice fiscale dell'ente.")
        parser.add_argument("--microcredit", action="store_true",
                            help="Sportello microcredito e autoimpiego.")
        parser.add_argument("--job-desk", action="store_true", help="Sportello lavoro.")
        parser.add_argument("--fragility-channel", action="store_true", help="Canale fragilità.")
        parser.add_argument("--intermediation-authorised", action="store_true",
                            help="Autorizzato all'intermediazione (art. 6 D.Lgs. 276/2003).")
        parser.add_argument("--albo-number", default="",
                            help="Numero di iscrizione all'Albo informatico.")
        parser.add_argument("--admin-email", required=True,
                            help="E-mail del primo amministratore (riceve l'invito).")
        parser.add_argument("--admin-first-name", default="", help="Nome dell'amministratore.")
        parser.add_argument("--admin-last-name", default="",
                            help="Cognome dell'amministratore.")
        parser.add_argument("--domain", default=None,
                            help="Dominio dello sportello (predefinito: <slug>.<dominio della "
                                 "rete>).")

    def handle(self, *args, **options):
        profile = services.TenantProfile(
            slug=options["slug"].strip(), name=options["name"].strip(),
            kind=options["kind"].strip(), region=options["region"].strip().upper(),
            province=options["province"].strip().upper(),
            istat_code=options["istat_code"].strip(), codice_ipa=options["codice_ipa"].strip(),
            codice_fiscale=options["codice_fiscale"].strip(),
            offers_microcredit=options["microcredit"], offers_job_desk=options["job_desk"],
            offers_fragility_channel=options["fragility_channel"],
            intermediation_authorised=options["intermediation_authorised"],
            albo_number=options["albo_number"].strip(),
        )
        try:
            with acting_as(f"riga di comando ({getpass.getuser()}): provision_tenant"):
                tenant = services.provision_tenant(
                    profile=profile, admin_email=options["admin_email"],
                    admin_first_name=options["admin_first_name"],
                    admin_last_name=options["admin_last_name"], domain=options["domain"],
                )
        except ServiceError as exc:
            raise CommandError(describe_error(exc, heading="Ente non attivato.")) from exc
        domain = tenant.domains.get(is_primary=True).domain
        self.stdout.write(self.style.SUCCESS(
            f"Ente «{tenant.name}» attivato su {domain} (schema {tenant.schema_name}). "
            f"Invito inviato a {options['admin_email'].strip().lower()}."
        ))
