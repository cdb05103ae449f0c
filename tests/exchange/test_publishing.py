"""The job desk's side of the rete delle reti (jobs.publishing): a vacancy
enters with the authorisation and leaves when it closes; the anonymous
profile never carries identifying data; a withdrawn consent removes it."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, replace
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange import selectors
from exchange.models import EntryKind, ExchangeEntry
from jobs import publishing
from jobs.errors import AuthorisationExpired, AuthorisationMissing
from jobs.services.vacancies import close_vacancy
from tests.factories import authorise_here, make_vacancy_here, staff_here

pytestmark = pytest.mark.django_db


def entry_of(vacancy):
    return selectors.search_entries().filter(kind=EntryKind.VACANCY, source_id=vacancy.pk).first()


def test_a_vacancy_for_the_exchange_enters_it_when_published(in_a):
    authorise_here()
    vacancy = make_vacancy_here(visibility="rete_delle_reti")
    entry = entry_of(vacancy)
    assert entry is not None and entry.title == "Cuoco capopartita"
    assert entry.profession_codes == ["5.2.2.1.0.1"] and entry.province == "BO"
    assert entry.employer_name == ""  # no consent to be named


def test_a_counter_only_vacancy_stays_out(in_a):
    authorise_here()
    assert entry_of(make_vacancy_here(visibility="sportello")) is None


def test_without_the_authorisation_the_publication_is_refused(in_a):
    with pytest.raises(AuthorisationMissing):
        make_vacancy_here(visibility="rete_delle_reti")
    assert not ExchangeEntry.objects.exists()


def test_with_an_expired_authorisation_the_publication_is_refused(in_a):
    today = timezone.localdate()
    authorise_here(valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=1))
    with pytest.raises(AuthorisationExpired) as refused:
        make_vacancy_here(visibility="rete_delle_reti")
    assert "scaduta" in refused.value.message


def test_a_description_with_a_phone_number_is_refused_at_the_description(in_a):
    authorise_here()
    with pytest.raises(Exception) as refused:
        make_vacancy_here(visibility="rete_delle_reti", description="Chiamare Mario al 333 1234567")
    assert "description" in refused.value.fields
    assert not ExchangeEntry.objects.exists()


@pytest.mark.parametrize("reason", ["coperta", "ritirata"])
def test_closing_the_vacancy_removes_the_entry_in_the_same_transaction(in_a, reason):
    authorise_here()
    vacancy = make_vacancy_here(visibility="rete_delle_reti")
    with transaction.atomic():
        close_vacancy(vacancy=vacancy, reason=reason, acting_user=staff_here())
        assert entry_of(vacancy) is None  # at once, inside the transaction
        transaction.set_rollback(True)
    assert entry_of(vacancy) is not None  # rolled back together
    close_vacancy(vacancy=vacancy, reason=reason, acting_user=staff_here())
    assert entry_of(vacancy) is None


def test_expiry_removes_the_entry(in_a):
    from jobs.models import Vacancy
    from jobs.services.vacancies import expire_vacancies

    authorise_here()
    vacancy = make_vacancy_here(visibility="rete_delle_reti")
    today = timezone.localdate()
    Vacancy.objects.filter(pk=vacancy.pk).update(publish_from=today - timedelta(days=3),
                                                 publish_until=today - timedelta(days=1))
    expire_vacancies()
    assert entry_of(vacancy) is None


# --- The anonymous profile ------------------------------------------------------------

FIRST = ["Nicolò", "D'Artagnan", "Maria Grazia", "Zoë", "Jean-Luc", "Ngozi", "Łukasz", "Anna"]
LAST = ["D'Angelo", "Dell'Acqua", "De Luca", "O'Brien", "Nguyen", "Rossi-Bianchi", "Mäkelä"]
COMUNI = [("A944", "Bologna"), ("D548", "Ferrara"), ("Z404", "Stati Uniti d'America"),
          ("Z133", "Svizzera"), ("F205", "Milano")]
_OMOCODIA = dict(zip("0123456789", "LMNPQRSTUV", strict=True))


def _codice_fiscale(draw_digits: str, omocodic: int) -> str:
    """A codice fiscale-shaped code, its last ``omocodic`` digits as letters."""
    base = list(f"RSSMRA{draw_digits[:2]}T{draw_digits[2:4]}A{draw_digits[4:7]}")
    positions = [i for i, c in enumerate(base) if c.isdigit()]
    for i in positions[len(positions) - omocodic:]:
        base[i] = _OMOCODIA[base[i]]
    return "".join(base) + "X"


people = st.fixed_dictionaries({
    "first_name": st.sampled_from(FIRST).flatmap(
        lambda name: st.just(name) | st.builds(lambda s: f"{name}{s}", st.text(
            alphabet="abcdefghilmnopqrstuvz'", min_size=2, max_size=6))),
    "last_name": st.sampled_from(LAST),
    "birth_date": st.dates(min_value=date(1940, 1, 1), max_value=date(2009, 12, 31)),
    "birth_place": st.sampled_from(COMUNI),
    "residence": st.sampled_from(COMUNI[:2] + COMUNI[4:]),
    "digits": st.text(alphabet="0123456789", min_size=7, max_size=7),
    "omocodic": st.integers(min_value=0, max_value=7),
    "email_user": st.text(alphabet="abcdefghilmnopqrstuvz.", min_size=3, max_size=10)
    .filter(lambda s: not s.startswith(".") and not s.endswith(".")),
    "phone": st.text(alphabet="0123456789", min_size=7, max_size=7),
})
cvs = st.builds(
    publishing.CvFacts,
    education_codes=st.lists(st.sampled_from(["10", "20", "40", "60", "70"]), max_size=3)
    .map(tuple),
    desired_professions=st.lists(st.sampled_from(["5.2.2.1.0.1", "3.2.1.1.1.0", "8.1.4.1.0.0"]),
                                 max_size=3).map(tuple),
    experience_professions=st.lists(st.sampled_from(["5.2.2.1.0.1", "4.1.1.1.0.0"]),
                                    max_size=3).map(tuple),
    languages=st.lists(st.tuples(st.sampled_from(["02", "03", "04"]),
                                 st.sampled_from(["A1", "B2", "C1", ""])), max_size=3).map(tuple),
    licences=st.lists(st.sampled_from(["B", "C", "CQC"]), max_size=3).map(tuple),
    digital_skills=st.lists(st.sampled_from(["Comunicazione: base", "Sicurezza: avanzato"]),
                            max_size=2).map(tuple),
    available_from=st.none() | st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 1, 1)),
    labels=st.just({("cp2011", "5.2.2.1.0.1"): "Cuochi in alberghi e ristoranti",
                    ("lingue", "02"): "Inglese", ("titoli_studio", "40"): "Diploma"}),
)


def _forbidden(person: dict) -> list[str]:
    cf = _codice_fiscale(person["digits"], person["omocodic"])
    born = person["birth_date"]
    return [person["first_name"], person["last_name"], cf, cf.lower(),
            f"{person['email_user']}@example.it", f"+39 333{person['phone']}",
            f"333{person['phone']}", born.isoformat(), born.strftime("%d/%m/%Y"),
            born.strftime("%d%m%Y"), person["residence"][1], person["residence"][0],
            person["birth_place"][1]]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=people, cv=cvs)
def test_the_anonymous_profile_never_carries_identifying_data(person, cv):
    # given a person (names with apostrophes, omocodic CF, born abroad or here) and a CV
    today = date(2026, 12, 1)
    data = publishing.profile_entry_data(source_id=1, birth_date=person["birth_date"],
                                         comune_code=person["residence"][0], cv=cv,
                                         province="BO", today=today)
    # then nothing of the person's identity is in the profile, in any field
    text = json.dumps(asdict(data), ensure_ascii=False)
    folded = text.lower()
    for value in _forbidden(person):
        assert value.lower() not in folded, value
    assert re.fullmatch(r"\d{1,2}-\d{1,2}", data.age_band)
    low, high = map(int, data.age_band.split("-"))
    age = today.year - person["birth_date"].year - (
        (today.month, today.day) < (person["birth_date"].month, person["birth_date"].day))
    assert low <= age <= high and high - low == 4 and low % 5 == 0


# --- A real candidate's profile, and the consent withdrawn ----------------------------

def consent_to_exchange(person, given=True):
    from people import services as people_services
    from people.models import ConsentPurpose

    return people_services.record_consent(person=person, purpose=ConsentPurpose.JOB_EXCHANGE,
                                          given=given, method="cartaceo",
                                          acting_user=staff_here())


def published_candidate(**person_fields):
    from tests.factories import make_candidate

    authorise_here()
    candidate = make_candidate(desired=("5.2.2.1.0.1",), experiences=("5.2.2.1.0.4",),
                               education=("40000000",), languages=(("002", "B2"),),
                               **person_fields)
    consent_to_exchange(candidate.person)
    entry = publishing.publish_candidate_profile(candidate=candidate, acting_user=staff_here())
    return candidate, entry


def profile_of(candidate):
    return selectors.search_entries().filter(kind=EntryKind.PROFILE,
                                             source_id=candidate.pk).first()


def test_a_candidates_profile_carries_codes_not_identity(in_a):
    candidate, entry = published_candidate()
    person = candidate.person
    assert entry.profession_codes == ["5.2.2.1.0.1", "5.2.2.1.0.4"]
    assert entry.education_level == "40" and entry.languages[0]["livello"] == "B2"
    stored = json.dumps({field.name: str(getattr(entry, field.name))
                         for field in ExchangeEntry._meta.fields}, ensure_ascii=False).lower()
    for value in (person.first_name, person.last_name, person.codice_fiscale,
                  person.birth_date.isoformat(), person.birth_date.strftime("%d/%m/%Y"),
                  person.email, person.phone, "Ristorante Da Mario"):
        assert not value or value.lower() not in stored


def test_without_the_consent_no_profile_is_published(in_a):
    from people.errors import ConsentMissing
    from tests.factories import make_candidate

    authorise_here()
    candidate = make_candidate(desired=("5.2.2.1.0.1",))
    with pytest.raises(ConsentMissing):
        publishing.publish_candidate_profile(candidate=candidate, acting_user=staff_here())
    assert profile_of(candidate) is None


def test_a_withdrawn_consent_removes_the_profile_in_the_same_transaction(in_a):
    candidate, _entry = published_candidate()
    with transaction.atomic():
        consent_to_exchange(candidate.person, given=False)
        assert profile_of(candidate) is None  # at once, inside the transaction
        transaction.set_rollback(True)
    assert profile_of(candidate) is not None  # rolled back together
    consent_to_exchange(candidate.person, given=False)
    assert profile_of(candidate) is None


def test_withdrawing_another_consent_keeps_the_profile(in_a):
    from tests.factories import give_consent

    candidate, _entry = published_candidate()
    give_consent(candidate.person, staff_here(), given=False)
    assert profile_of(candidate) is not None


def test_editing_a_published_vacancy_refreshes_or_removes_its_entry(in_a):
    from jobs.services.vacancies import VacancyData, update_vacancy

    authorise_here()
    vacancy = make_vacancy_here(visibility="rete_delle_reti")
    data = VacancyData.from_vacancy(vacancy)
    update_vacancy(vacancy=vacancy, data=replace(data, title="Cuoco di partita"),
                   acting_user=staff_here())
    assert entry_of(vacancy).title == "Cuoco di partita"
    update_vacancy(vacancy=vacancy, data=replace(data, visibility="sportello"),
                   acting_user=staff_here())
    assert entry_of(vacancy) is None
