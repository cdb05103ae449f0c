"""Demo data of the job desk (Sportello Lavoro), written through the jobs
services as an operator and the administrator would: for each demo counter a
few employers with valid partite IVA, their conventions and consents, the
authorisation to intermediate (all but one counter, which shows the home's
warning), vacancies in every state and staffing needs received and converted.
Idempotent: a counter that already has employers is left as it is."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from accounts.models import User
from jobs.models import Employer
from jobs.services import authorisation as authorisation_services
from jobs.services import employers as employer_services
from jobs.services import needs as need_services
from jobs.services import vacancies as vacancy_services

# The counter left without an authorisation, to show the warning.
WITHOUT_AUTHORISATION = "unipa"
# Per counter: the comune (Belfiore) and the province office code of its partite IVA.
PLACES = {"bologna": ("A944", "037"), "cpi-napoli": ("F839", "063"),
          "cciaa-roma": ("H501", "058"), "unipa": ("G273", "082")}
EMPLOYERS = [
    # name, ATECO 2025, vacancies: (title, CP2011, contract, hours, mode)
    ("Trattoria del Portico srl", "56.11.11",
     [("Aiuto cuoco", "5.2.2.1.0.1", "A01", 30, "PT"),
      ("Cuoco al frigorifero", "5.2.2.1.0.3", "A00", 40, "FT")]),
    ("Forno Santa Lucia snc", "10.71.10",
     [("Commesso di banco", "5.1.2.2.0.8", "A02", 36, "FT")]),
    ("Logistica Adriatica spa", "49.41.00",
     [("Magazziniere consegnatario", "4.3.1.2.0.10", "A01", 40, "FT"),
      ("Programmatore informatico", "3.1.2.1.0.1", "A00", 40, "FT")]),
]


def _partita_iva(number: int, office: str) -> str:
    base = f"{number:07d}{office}"
    return base + luhn.calc_check_digit(base)


def _staff(slug: str) -> tuple[User, User]:
    operator = User.objects.get(email=f"operatore@{slug}.example.it")
    admin = User.objects.get(email=f"admin@{slug}.example.it")
    return operator, admin


def _albo_number(slug: str) -> str:
    """A number of the Albo informatico as Cliclavoro takes it (at most 11 characters)."""
    return f"{slug.replace('-', '')[:6].upper()}0001"


@transaction.atomic
def seed_tenant(*, tenant) -> None:
    if Employer.objects.exists():
        return
    slug = tenant.slug
    comune, office = PLACES.get(slug, ("A944", "037"))
    operator, admin = _staff(slug)
    today = timezone.localdate()
    if slug != WITHOUT_AUTHORISATION:
        authorisation_services.record_authorisation(
            data=authorisation_services.AuthorisationData(
                albo_number=_albo_number(slug), issued_on=date(2023, 3, 1),
                valid_from=date(2023, 3, 1), valid_until=today + timedelta(days=700),
                document_reference="Iscrizione all'Albo informatico, sezione regimi "
                                   "particolari (art. 6 D.Lgs. 276/2003)"),
            acting_user=admin)
    vacancies = []
    for number, (name, ateco, offers) in enumerate(EMPLOYERS, start=1):
        employer = employer_services.create_employer(
            data=employer_services.EmployerData(
                name=name, partita_iva=_partita_iva(1000 + number * 37 + len(slug), office),
                ateco_code=ateco, comune_code=comune, email=f"info{number}@{slug}.example.it",
                phone=f"0{number}1 555 01{number}0"),
            acting_user=operator)
        employer_services.add_contact(
            employer=employer, acting_user=operator,
            data=employer_services.ContactData(first_name="Laura", last_name="Gatti",
                                               role="Responsabile del personale",
                                               email=f"personale{number}@{slug}.example.it",
                                               is_primary=True))
        for purpose in ("contatto", "trattamento"):
            employer_services.record_employer_consent(
                employer=employer, purpose=purpose, given=True,
                given_on=today - timedelta(days=90), method="cartaceo", acting_user=operator)
        employer_services.save_convention(
            employer=employer, acting_user=operator,
            data=employer_services.ConventionData(
                subject="Convenzione per l'intermediazione e la preselezione",
                starts_on=today - timedelta(days=120), ends_on=today + timedelta(days=245),
                reference=f"{today.year}/{number:03d}", signed_on=today - timedelta(days=121)))
        for title, profession, contract, hours, mode in offers:
            vacancies.append(vacancy_services.create_vacancy(
                data=vacancy_services.VacancyData(
                    employer=employer, profession_code=profession, title=title,
                    comune_code=comune, description=f"{title} presso {name}.",
                    contract_type_code=contract, hours_per_week=hours, working_mode_code=mode,
                    positions=1 + number % 2, education_code="30100000",
                    experience_months=6 * number,
                    languages=(("001", "A2"),) if number == 3 else (),
                    licences=(("patente", "02"),) if number == 3 else (),
                    publish_from=today - timedelta(days=5),
                    publish_until=today + timedelta(days=25),
                    visibility="rete" if number == 2 else "sportello"),
                acting_user=operator))
    # Every state: [0] stays a draft, [1] published, [2] filled, [3] withdrawn,
    # [4] expired (its window ended yesterday: the scheduled task closes it).
    for vacancy in vacancies[1:]:
        vacancy_services.publish_vacancy(vacancy=vacancy, acting_user=operator)
    vacancy_services.close_vacancy(vacancy=vacancies[2], reason="coperta", acting_user=operator,
                                   note="Assunta una persona segnalata dallo sportello")
    vacancy_services.close_vacancy(vacancy=vacancies[3], reason="ritirata", acting_user=operator,
                                   note="L'azienda ha sospeso la ricerca")
    expired = vacancies[4]
    expired.publish_from, expired.publish_until = today - timedelta(days=40), today - timedelta(
        days=1)
    expired.save(update_fields=["publish_from", "publish_until"])
    vacancy_services.expire_vacancies(today=today)
    # Staffing needs: one received from the public page, one reviewed, one converted.
    first = Employer.objects.order_by("pk").first()
    need_services.submit_need(
        company_name="Pasticceria Due Torri srl", tax_code=_partita_iva(4321, office),
        contact_name="Marta Neri", email=f"marta.neri@{slug}.example.it", phone="051 555 0199",
        profession_text="Pasticcere", positions=1, privacy_acknowledged=True,
        comune_code=comune, description="Laboratorio di pasticceria, orario 6-13.")
    reviewed = need_services.record_need(
        company_name=first.name, tax_code=first.partita_iva, contact_name="Laura Gatti",
        email=first.email, phone="", profession_text="Cameriere di sala", positions=2,
        comune_code=comune, acting_user=operator)
    need_services.review_need(need=reviewed, acting_user=operator,
                              note="Da definire l'orario con l'azienda")
    converted = need_services.record_need(
        company_name=first.name, tax_code=first.partita_iva, contact_name="Laura Gatti",
        email=first.email, phone="", profession_text="Aiuto cuoco per l'estate", positions=1,
        comune_code=comune, acting_user=operator)
    need_services.convert_need(
        need=converted, acting_user=operator,
        data=vacancy_services.VacancyData(
            employer=first, profession_code="5.2.2.1.0.1", title="Aiuto cuoco stagionale",
            comune_code=comune, contract_type_code="A01", hours_per_week=30,
            working_mode_code="PT"))


__all__ = ["seed_tenant"]
