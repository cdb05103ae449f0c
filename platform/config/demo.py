"""Demo data for ``make run``: the national users and four administrations,
with Bologna leading a territorial network, and a few hundred citizens with a
year of history in each (config.demo_people). Idempotent: run it again and it
changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tenants.utils import tenant_context

from accounts import services as accounts_services
from accounts.models import Role, User
from config import demo_candidates, demo_exchange, demo_jobs, demo_people
from desks import closures
from desks import selectors as desk_selectors
from desks import services as desk_services
from tenants import services as tenant_services
from tenants.models import Network, Tenant
from tenants.services import TenantProfile

DEMO_PASSWORD = "Sportelli-2026!"

NATIONAL_USERS = [
    ("supervisore@enm.example.it", Role.SUPERVISOR, "Giulia", "Ferri"),
    ("admin@retesportelli.example.it", Role.PLATFORM_ADMIN, "Marco", "Longo"),
]

TENANTS = [
    TenantProfile(slug="bologna", name="Comune di Bologna", kind=Tenant.Kind.COMUNE,
                  region="EMR", province="BO", istat_code="037006", codice_ipa="c_a944",
                  codice_fiscale="01232710374", offers_microcredit=True, offers_job_desk=True,
                  offers_fragility_channel=True, intermediation_authorised=True,
                  albo_number="BOLOGN0001"),
    TenantProfile(slug="cpi-napoli", name="Centro per l'impiego di Napoli", kind=Tenant.Kind.CPI,
                  region="CAM", province="NA", istat_code="063049", offers_job_desk=True),
    TenantProfile(slug="cciaa-roma", name="Camera di commercio di Roma", kind=Tenant.Kind.CCIAA,
                  region="LAZ", province="RM", istat_code="058091", offers_microcredit=True),
    TenantProfile(slug="unipa", name="Università degli Studi di Palermo",
                  kind=Tenant.Kind.UNIVERSITA, region="SIC", province="PA", istat_code="082053",
                  offers_microcredit=True, offers_job_desk=True),
]

STAFF = [
    ("admin", Role.TENANT_ADMIN, "Anna", "Rossi"),
    ("coordinatore", Role.COORDINATOR, "Paolo", "Bianchi"),
    ("operatore", Role.OPERATOR, "Sara", "Conti"),
]
# A second operator per counter, so the agenda and the dashboard show a team.
SECOND_OPERATOR = {"bologna": ("Luca", "Marino"), "cpi-napoli": ("Gennaro", "Esposito"),
                   "cciaa-roma": ("Chiara", "Proietti"), "unipa": ("Giuseppe", "Lo Bue")}


# How citizens reach each demo counter (desks.CounterContact), and one closure.
CONTACTS = {
    "bologna": ("Piazza Maggiore 6, 40124 Bologna", "051 219 3111",
                "sportello.lavoro@comune.bologna.example.it", "Si riceve su appuntamento."),
    "cpi-napoli": ("Via Gianturco 58, 80142 Napoli", "081 795 1111",
                   "cpi.napoli@regione.campania.example.it", ""),
    "cciaa-roma": ("Via de' Burrò 147, 00186 Roma", "06 520 821",
                   "microcredito@rm.camcom.example.it", "Si riceve su appuntamento."),
    "unipa": ("Piazza Marina 61, 90133 Palermo", "091 238 9311",
              "placement@unipa.example.it", "Nei periodi di esame gli orari possono ridursi."),
}
CLOSURE_REASON = "Chiusura per aggiornamento del personale"


def _seed_counter(slug: str, *, admin: User) -> None:
    """The counter's contacts and one closure a month from now, written by its
    administrator through desks.services (idempotent)."""
    address, phone, email, note = CONTACTS[slug]
    if desk_selectors.counter_contact().pk is None:
        desk_services.update_counter_contact(address=address, phone=phone, email=email,
                                             hours_note=note, acting_user=admin)
    if not desk_selectors.closure_list().filter(reason=CLOSURE_REASON).exists():
        day = timezone.localdate() + timedelta(days=30)
        while day.weekday() != 4 or closures.holiday_name(day):  # a working Friday
            day += timedelta(days=1)
        desk_services.add_closure(starts_on=day, ends_on=day, reason=CLOSURE_REASON,
                                  acting_user=admin)


@dataclass
class DemoLogin:
    where: str
    email: str
    role: str


def staff_email(role_key: str, slug: str) -> str:
    return f"{role_key}@{slug}.example.it"


def seed() -> list[DemoLogin]:
    logins = _seed_tenants()
    for profile in TENANTS:  # one transaction per tenant: a failure keeps the others
        tenant = Tenant.objects.get(slug=profile.slug)
        with tenant_context(tenant):
            demo_people.seed_tenant(tenant=tenant)
            demo_jobs.seed_tenant(tenant=tenant)
            demo_candidates.seed_tenant(tenant=tenant)  # CVs matched to the jobs demo's vacancies
    demo_exchange.seed([profile.slug for profile in TENANTS])  # profiles from those CVs
    return logins


@transaction.atomic
def _seed_tenants() -> list[DemoLogin]:
    logins: list[DemoLogin] = []
    for email, role, first, last in NATIONAL_USERS:
        if not User.objects.filter(email=email).exists():
            accounts_services.create_user(email=email, role=role, first_name=first,
                                          last_name=last, password=DEMO_PASSWORD)
        logins.append(DemoLogin("nazionale", email, Role(role).label))
    tenants = {}
    for profile in TENANTS:
        tenant = Tenant.objects.filter(slug=profile.slug).first()
        if tenant is None:
            tenant = tenant_services.provision_tenant(
                profile=profile, admin_email=staff_email("admin", profile.slug),
                admin_first_name="Anna", admin_last_name="Rossi", admin_password=DEMO_PASSWORD,
            )
        tenants[profile.slug] = tenant
        with tenant_context(tenant):
            for path in settings.TENANT_SEEDERS:  # idempotent: new seed data reach old tenants
                import_string(path)(tenant=tenant)
            _seed_counter(profile.slug,
                          admin=User.objects.get(email=staff_email("admin", profile.slug)))
            second = ("operatore2", Role.OPERATOR, *SECOND_OPERATOR[profile.slug])
            for key, role, first, last in [*STAFF, second]:
                email = staff_email(key, profile.slug)
                if not User.objects.filter(email=email).exists():
                    accounts_services.create_user(email=email, role=role, first_name=first,
                                                  last_name=last, password=DEMO_PASSWORD)
                logins.append(DemoLogin(profile.slug, email, Role(role).label))
    if not Network.objects.filter(slug="rete-emilia-romagna").exists():
        tenant_services.create_network(
            name="Rete Sportelli Lavoro Emilia-Romagna", slug="rete-emilia-romagna",
            lead=tenants["bologna"], members=[tenants["cpi-napoli"], tenants["unipa"]],
            description="Rete dimostrativa con il Comune di Bologna capofila.",
        )
    return logins
