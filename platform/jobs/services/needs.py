"""Staffing needs: an employer sends one from the counter's public page (the
documented anonymous exception, rate-limited like public booking), the desk
reviews it and turns it into a draft vacancy, or refuses it.

Transitions (``TRANSITIONS``): received → reviewed → converted / refused,
and received → converted / refused directly; one StaffingNeedEvent each."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from jobs import permissions
from jobs.audit_actions import (
    NEED_CONVERTED,
    NEED_READ,
    NEED_REFUSED,
    NEED_REVIEWED,
    NEED_SUBMITTED,
)
from jobs.errors import IllegalTransition, JobsError, TooManyNeeds
from jobs.models import (
    EMPLOYER_NAME_MAX_CHARS,
    MAX_POSITIONS,
    NEED_TEXT_MAX_CHARS,
    NOTE_MAX_CHARS,
    PERSON_NAME_MAX_CHARS,
    Employer,
    NeedStatus,
    StaffingNeed,
    StaffingNeedEvent,
    Vacancy,
)
from jobs.services import employers as employer_services
from jobs.services import vacancies as vacancy_services
from jobs.services._shared import (
    PHONE,
    codice_fiscale_error,
    comune_error,
    normalize_tax_code,
    one_line,
    partita_iva_error,
)
from people import selectors as people_selectors

N = NeedStatus
TRANSITIONS: dict[str, set[str]] = {
    N.RECEIVED: {N.REVIEWED, N.CONVERTED, N.REFUSED},
    N.REVIEWED: {N.CONVERTED, N.REFUSED},
    N.CONVERTED: set(),
    N.REFUSED: set(),
}
# The same limits as public booking (desks.services.booking): per hour, from
# one IP address and for one e-mail address, and across the whole counter.
NEEDS_PER_HOUR = 5
COUNTER_NEEDS_PER_HOUR = 30


def needs_per_hour() -> int:
    return int(getattr(settings, "DESK_BOOKINGS_PER_HOUR", NEEDS_PER_HOUR))


def counter_needs_per_hour() -> int:
    return int(getattr(settings, "DESK_COUNTER_BOOKINGS_PER_HOUR", COUNTER_NEEDS_PER_HOUR))


def tax_code_error(code: str) -> str | None:
    if not code:
        return "Indicare la partita IVA o il codice fiscale dell'azienda."
    if len(code) == 11:
        return partita_iva_error(code)
    return codice_fiscale_error(code)


def need_input_errors(*, company_name: str, tax_code: str, contact_name: str, email: str,
                      phone: str, comune_code: str, profession_text: str, description: str,
                      positions: int | None, privacy_acknowledged: bool = True
                      ) -> dict[str, str]:
    """Every field's problem at once (the public form asks it too)."""
    errors: dict[str, str] = {}
    if not one_line(company_name):
        errors["company_name"] = "Indicare la ragione sociale dell'azienda."
    elif len(one_line(company_name)) > EMPLOYER_NAME_MAX_CHARS:
        errors["company_name"] = f"Al massimo {EMPLOYER_NAME_MAX_CHARS} caratteri."
    if message := tax_code_error(normalize_tax_code(tax_code)):
        errors["tax_code"] = message
    if not one_line(contact_name):
        errors["contact_name"] = "Indicare il nome della persona da contattare."
    elif len(one_line(contact_name)) > PERSON_NAME_MAX_CHARS:
        errors["contact_name"] = f"Al massimo {PERSON_NAME_MAX_CHARS} caratteri."
    try:
        validate_email(email.strip())
    except ValidationError:
        errors["email"] = "Indicare un indirizzo e-mail valido: vi riceverà la risposta."
    if phone and not PHONE.match(one_line(phone)):
        errors["phone"] = "Indicare un numero di telefono valido."
    if comune_code and (message := comune_error(comune_code.strip().upper())):
        errors["comune_code"] = message
    if not one_line(profession_text):
        errors["profession_text"] = "Indicare la figura professionale ricercata."
    elif len(one_line(profession_text)) > EMPLOYER_NAME_MAX_CHARS:
        errors["profession_text"] = f"Al massimo {EMPLOYER_NAME_MAX_CHARS} caratteri."
    if len(description.strip()) > NEED_TEXT_MAX_CHARS:
        errors["description"] = f"Al massimo {NEED_TEXT_MAX_CHARS} caratteri."
    if positions is None or not 1 <= positions <= MAX_POSITIONS:
        errors["positions"] = f"I posti vanno da 1 a {MAX_POSITIONS}."
    if not privacy_acknowledged:
        errors["privacy"] = ("Per inviare la richiesta occorre dichiarare di aver letto "
                             "l'informativa.")
    return errors


def _record_event(need: StaffingNeed, *, from_status: str, to_status: str, actor,
                  note: str = "") -> StaffingNeedEvent:
    return StaffingNeedEvent.objects.create(need=need, from_status=from_status,
                                            to_status=to_status, note=note.strip(),
                                            actor=actor if getattr(actor, "pk", None) else None)


def _values(**kwargs) -> dict:
    return {"company_name": one_line(kwargs["company_name"]),
            "tax_code": normalize_tax_code(kwargs["tax_code"]),
            "contact_name": one_line(kwargs["contact_name"]),
            "email": kwargs["email"].strip().lower(), "phone": one_line(kwargs["phone"]),
            "comune_code": kwargs["comune_code"].strip().upper(),
            "profession_text": one_line(kwargs["profession_text"]),
            "description": kwargs["description"].strip(), "positions": kwargs["positions"]}


def _matching_employer(tax_code: str) -> Employer | None:
    return (Employer.objects.filter(partita_iva=tax_code).first()
            or Employer.objects.filter(codice_fiscale=tax_code).first())


@transaction.atomic
def submit_need(*, company_name: str, tax_code: str, contact_name: str, email: str,
                phone: str, profession_text: str, positions: int | None,
                privacy_acknowledged: bool, comune_code: str = "", description: str = "",
                ip_address: str | None = None, now: datetime | None = None) -> StaffingNeed:
    """An employer sends a staffing need from the counter's public page, without
    an account (no ``acting_user``: audited under the e-mail given)."""
    now = now or timezone.now()
    fields = dict(company_name=company_name, tax_code=tax_code, contact_name=contact_name,
                  email=email, phone=phone, comune_code=comune_code,
                  profession_text=profession_text, description=description,
                  positions=positions)
    if errors := need_input_errors(**fields, privacy_acknowledged=privacy_acknowledged):
        raise JobsError.from_errors(errors)
    values = _values(**fields)
    # Serialised as public booking is, so concurrent sends count each other.
    list(StaffingNeed.objects.select_for_update().filter(
        submitted_online=True, created_at__gte=now - timedelta(hours=1)).values_list("pk"))
    recent = StaffingNeed.objects.filter(submitted_online=True,
                                         created_at__gte=now - timedelta(hours=1))
    limit = needs_per_hour()
    later = "riprovi più tardi o contatti direttamente lo sportello."
    if ip_address and recent.filter(requester_ip=ip_address).count() >= limit:
        raise TooManyNeeds(f"Troppe richieste da questa connessione nell'ultima ora: {later}")
    if recent.filter(email=values["email"]).count() >= limit:
        raise TooManyNeeds(f"Troppe richieste con questo indirizzo e-mail nell'ultima ora: "
                           f"{later}", field="email")
    if recent.count() >= counter_needs_per_hour():
        raise TooManyNeeds(f"Lo sportello ha ricevuto molte richieste nell'ultima ora: {later}")
    notice = people_selectors.current_notice()
    need = StaffingNeed.objects.create(
        **values, submitted_online=True, requester_ip=ip_address or None,
        employer=_matching_employer(values["tax_code"]),
        privacy_notice_version=notice.version if notice else "")
    _record_event(need, from_status="", to_status=N.RECEIVED, actor=None,
                  note="Richiesta inviata dal sito dello sportello")
    audit.record(action=NEED_SUBMITTED, actor=None, actor_label=values["email"], target=need)
    return need


@transaction.atomic
def record_need(*, company_name: str, tax_code: str, contact_name: str, email: str,
                phone: str, profession_text: str, positions: int | None, acting_user,
                comune_code: str = "", description: str = "") -> StaffingNeed:
    """The desk types in a need received by phone or e-mail."""
    permissions.check_can_use_jobs(acting_user)
    fields = dict(company_name=company_name, tax_code=tax_code, contact_name=contact_name,
                  email=email, phone=phone, comune_code=comune_code,
                  profession_text=profession_text, description=description,
                  positions=positions)
    if errors := need_input_errors(**fields):
        raise JobsError.from_errors(errors)
    values = _values(**fields)
    need = StaffingNeed.objects.create(**values, created_by=acting_user,
                                       employer=_matching_employer(values["tax_code"]))
    _record_event(need, from_status="", to_status=N.RECEIVED, actor=acting_user,
                  note="Richiesta registrata dallo sportello")
    audit.record(action=NEED_SUBMITTED, actor=acting_user, target=need)
    return need


def _transition(need: StaffingNeed, to_status: str, *, acting_user, note: str = "") -> StaffingNeed:
    if len(note or "") > NOTE_MAX_CHARS:
        raise JobsError(f"Al massimo {NOTE_MAX_CHARS} caratteri.", field="note")
    current = need.status
    if to_status not in TRANSITIONS.get(current, set()):
        raise IllegalTransition(f"Una richiesta {N(current).label.lower()} non può diventare "
                                f"«{N(to_status).label.lower()}».", field="status")
    need.status = to_status
    need.reviewed_by, need.reviewed_at = acting_user, timezone.now()
    if note:
        need.review_note = note.strip()
    need.save()
    _record_event(need, from_status=current, to_status=to_status, actor=acting_user, note=note)
    return need


def record_need_read(*, need: StaffingNeed, acting_user) -> None:
    """Reading a need shows its referent's name and contacts: audited, as
    reading a person is (the view calls it, explicitly)."""
    permissions.check_can_use_jobs(acting_user)
    audit.record(action=NEED_READ, actor=acting_user, target=need)


@transaction.atomic
def review_need(*, need: StaffingNeed, acting_user, note: str = "") -> StaffingNeed:
    permissions.check_can_use_jobs(acting_user)
    need = StaffingNeed.objects.select_for_update().get(pk=need.pk)
    need = _transition(need, N.REVIEWED, acting_user=acting_user, note=note)
    audit.record(action=NEED_REVIEWED, actor=acting_user, target=need)
    return need


@transaction.atomic
def refuse_need(*, need: StaffingNeed, acting_user, note: str) -> StaffingNeed:
    permissions.check_can_use_jobs(acting_user)
    if not one_line(note):
        raise JobsError("Indicare perché la richiesta è respinta.", field="note")
    need = StaffingNeed.objects.select_for_update().get(pk=need.pk)
    need = _transition(need, N.REFUSED, acting_user=acting_user, note=note)
    audit.record(action=NEED_REFUSED, actor=acting_user, target=need)
    return need


@transaction.atomic
def register_need_employer(*, need: StaffingNeed, acting_user) -> Employer:
    """The employer of the need: the one registered with its tax code, or a
    new one from what the need says."""
    permissions.check_can_use_jobs(acting_user)
    need = StaffingNeed.objects.select_for_update().get(pk=need.pk)
    employer = need.employer or _matching_employer(need.tax_code)
    if employer is None:
        is_vat = len(need.tax_code) == 11
        employer = employer_services.create_employer(
            data=employer_services.EmployerData(
                name=need.company_name, partita_iva=need.tax_code if is_vat else "",
                codice_fiscale="" if is_vat else need.tax_code, email=need.email,
                phone=need.phone, comune_code=need.comune_code),
            acting_user=acting_user)
    if need.employer_id != employer.pk:
        need.employer = employer
        need.save(update_fields=["employer", "updated_at"])
    return employer


@transaction.atomic
def convert_need(*, need: StaffingNeed, data: vacancy_services.VacancyData, acting_user,
                 note: str = "") -> Vacancy:
    """Turn the need into a draft vacancy (``data``, prefilled from the need
    by ``jobs.selectors.vacancies.draft_from_need`` and completed by the desk)."""
    permissions.check_can_use_jobs(acting_user)
    need = StaffingNeed.objects.select_for_update().get(pk=need.pk)
    if N.CONVERTED not in TRANSITIONS.get(need.status, set()):
        raise IllegalTransition(f"Una richiesta {N(need.status).label.lower()} non può essere "
                                f"trasformata in offerta.", field="status")
    vacancy = vacancy_services.create_vacancy(data=data, acting_user=acting_user, need=need,
                                              note="Offerta creata dalla richiesta dell'azienda")
    if need.employer_id is None and data.employer is not None:
        need.employer = data.employer
    _transition(need, N.CONVERTED, acting_user=acting_user, note=note)
    audit.record(action=NEED_CONVERTED, actor=acting_user, target=need,
                 details={"vacancy": vacancy.pk})
    return vacancy
