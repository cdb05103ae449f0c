"""Demo data of the boards and the rete delle reti, written through the
services as each counter's staff would: board items (training, internships
and scholarships, news) on every demo counter, a vacancy of each authorised
job desk published to the rete delle reti, the anonymous profiles of the
candidates who consented to the job exchange, and a request for contact
from one counter to another. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context
from stdnum import luhn

from accounts.models import Role, User
from core.errors import ServiceError
from exchange import selectors as exchange_selectors
from exchange import services as exchange_services
from exchange.models import ContactRequest
from jobs import publishing
from jobs.models import BoardItem, Employer, Vacancy, Visibility
from jobs.selectors.authorisation import authorisation_in_force
from jobs.services import boards as board_services
from jobs.services import employers as employer_services
from jobs.services import vacancies as vacancy_services
from people import selectors as people_selectors
from tenants.models import Tenant

BOARD_ITEMS = [
    ("formazione", "Corso HACCP per addetti alla ristorazione",
     "12 ore in aula, gratuito per chi è iscritto allo sportello.", "Sala corsi dello sportello",
     20, 22),
    ("formazione", "Excel e strumenti digitali per l'ufficio",
     "Corso base di 20 ore, con attestato di frequenza.", "Biblioteca civica", 35, 60),
    ("tirocini", "Tirocini extracurricolari nei servizi alla persona",
     "Sei mesi, indennità mensile di 500 euro (regionale).", "", 10, 190),
    ("tirocini", "Borsa lavoro per giovani NEET 18-29 anni",
     "Percorso di orientamento e borsa di tre mesi.", "", 5, 95),
    ("notizie", "Nuovi orari estivi dello sportello lavoro",
     "Da luglio lo sportello riceve anche il giovedì pomeriggio.", "", None, None),
]
EXCHANGE_VACANCY = ("Cameriere di sala per la stagione", "5.2.2.3.2.6")
PLACES = {"bologna": "A944", "cpi-napoli": "F839", "cciaa-roma": "H501", "unipa": "G273"}
CONTACT_FROM, CONTACT_TO = "cpi-napoli", "bologna"


def _operator(slug: str) -> User:
    """The counter's demo operator (or its first active operator)."""
    return (User.objects.filter(email=f"operatore@{slug}.example.it").first()
            or User.objects.filter(role=Role.OPERATOR, is_active=True).order_by("pk").first())


def _seed_boards(operator: User) -> None:
    if BoardItem.objects.exists():
        return
    today = timezone.localdate()
    for kind, title, summary, place, start, end in BOARD_ITEMS:
        item = board_services.create_board_item(data=board_services.BoardItemData(
            kind=kind, title=title, summary=summary, place=place,
            body=f"{summary}\nPer informazioni e iscrizioni si rivolga allo sportello.",
            starts_on=today + timedelta(days=start) if start else None,
            ends_on=today + timedelta(days=end) if end else None,
            published_until=today + timedelta(days=start) if start else None),
            acting_user=operator)
        board_services.publish_board_item(item=item, acting_user=operator)


def _employer(slug: str, operator: User) -> Employer:
    employer = Employer.objects.filter(is_active=True).order_by("pk").first()
    if employer is None:
        base = f"{9_000_000 + len(slug):07d}037"
        employer = employer_services.create_employer(data=employer_services.EmployerData(
            name="Ristorante La Piazza srl", partita_iva=base + luhn.calc_check_digit(base),
            comune_code=PLACES.get(slug, "A944")), acting_user=operator)
    return employer


def _seed_exchange_vacancy(slug: str, operator: User) -> None:
    if authorisation_in_force() is None:  # the counter without authorisation publishes none
        return
    title, profession = EXCHANGE_VACANCY
    if Vacancy.objects.filter(title=title).exists():
        return
    today = timezone.localdate()
    vacancy = vacancy_services.create_vacancy(data=vacancy_services.VacancyData(
        employer=_employer(slug, operator), profession_code=profession, title=title,
        comune_code=PLACES.get(slug, "A944"), contract_type_code="A01", hours_per_week=30,
        description="Servizio ai tavoli da giugno a settembre, turni serali e nei fine "
                    "settimana. Gradita la conoscenza dell'inglese.",
        positions=2, publish_from=today, publish_until=today + timedelta(days=45),
        visibility=Visibility.EXCHANGE), acting_user=operator)
    vacancy_services.publish_vacancy(vacancy=vacancy, acting_user=operator)


def _seed_profiles(operator: User) -> None:
    """The anonymous profiles of the candidates who consented (once the CVs exist)."""
    try:
        from jobs.models import Candidate
    except ImportError:
        return
    if authorisation_in_force() is None:
        return
    for candidate in Candidate.objects.select_related("person").order_by("pk")[:20]:
        if not people_selectors.has_consent(person=candidate.person,
                                            purpose=publishing.PROFILE_CONSENT):
            continue
        if exchange_selectors.entry_for_source(tenant=exchange_selectors.current_tenant(),
                                               kind="profilo", source_id=candidate.pk):
            continue
        try:
            publishing.publish_candidate_profile(candidate=candidate, acting_user=operator)
        except ServiceError:  # a CV the exchange refuses, a consent missing: left out
            continue


def _seed_contact_request(asker_slug: str, owner_slug: str) -> None:
    asker = Tenant.objects.filter(slug=asker_slug).first()
    owner = Tenant.objects.filter(slug=owner_slug).first()
    if asker is None or owner is None or ContactRequest.objects.filter(
            from_tenant=asker, to_tenant=owner).exists():
        return
    entry = (exchange_selectors.search_entries().filter(tenant=owner)
             .order_by("kind", "-published_at").first())
    if entry is None:
        return
    with tenant_context(asker):
        exchange_services.request_contact(
            entry=entry, acting_user=_operator(asker_slug),
            message="Buongiorno, abbiamo una persona con esperienza adatta a questo annuncio: "
                    "possiamo sentirci per metterla in contatto con lo sportello?")


def seed(slugs: list[str], *, contact: tuple[str, str] = (CONTACT_FROM, CONTACT_TO)) -> None:
    """Every counter of ``slugs``; then ``contact``: (asking, publishing) counter."""
    for slug in slugs:
        tenant = Tenant.objects.get(slug=slug)
        with tenant_context(tenant), transaction.atomic():
            operator = _operator(slug)
            _seed_boards(operator)
            if tenant.offers_job_desk:
                _seed_exchange_vacancy(slug, operator)
                _seed_profiles(operator)
    _seed_contact_request(*contact)
