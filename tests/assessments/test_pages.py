"""The operator's pages: scoring a person and reading the result; the tenant
administrator's instrument editor."""

import re

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from assessments.models import Assessment, Instrument
from assessments.seed import CODE
from audit.models import AuditEvent
from desks.models import Appointment
from tests.factories import SCORE_10, SCORE_11, answers_for, make_person, screening
from tests.support import text_of

pytestmark = pytest.mark.django_db

WEEKDAYS = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]


def form_data(instrument, weights, **extra) -> dict:
    data = {"strumento": instrument.pk}
    data.update({f"item_{item}": option
                 for item, option in answers_for(instrument, weights).items()})
    data.update(extra)
    return data


def test_given_a_person_when_opening_a_new_assessment_then_the_screening_questionnaire(
        tenant_a, tenant_client):
    person = make_person(tenant_a, first_name="Giulia", last_name="Questionario")

    page = tenant_client(tenant_a, Role.OPERATOR).get(f"/persone/{person.pk}/valutazioni/nuova/")

    assert page.status_code == 200
    text = text_of(page)
    assert "Giulia Questionario" in text
    assert "Screening «Insieme per il lavoro» (profilo di fragilità)" in text
    assert "1. Condizione lavorativa" in text
    assert "verificat" not in text  # the seed's internal flag is not the operator's business
    assert page.content.decode().count('type="radio"') == 32


def test_given_a_score_of_11_when_submitting_then_the_result_names_the_second_interview(
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    instrument = screening(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/persone/{person.pk}/valutazioni/nuova/",
                           form_data(instrument, SCORE_11), follow=True)

    with tenant_context(tenant_a):
        assessment = Assessment.objects.get(person=person)
        starts = timezone.localtime(assessment.follow_up.starts_at)
    assert response.redirect_chain[-1][0] == f"/valutazioni/{assessment.pk}/"
    text = text_of(response)
    assert "Valutazione registrata." in text
    assert "Soglia raggiunta" in text
    weekday = WEEKDAYS[starts.weekday()]
    assert (f"Secondo colloquio fissato per {weekday} {starts:%d/%m/%Y} alle {starts:%H:%M}"
            in text)
    assert 'href="/agenda/"' in response.content.decode()


def test_given_a_score_of_10_when_submitting_then_threshold_not_reached_and_no_interview(
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    instrument = screening(tenant_a)

    response = tenant_client(tenant_a, Role.OPERATOR).post(
        f"/persone/{person.pk}/valutazioni/nuova/", form_data(instrument, SCORE_10), follow=True)

    text = text_of(response)
    assert "Soglia non raggiunta: punteggio 10, soglia 11." in text
    assert "Secondo colloquio fissato" not in text
    with tenant_context(tenant_a):
        assert not Appointment.objects.filter(person=person).exists()


def test_given_an_unanswered_item_when_submitting_then_the_error_is_next_to_it(
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    instrument = screening(tenant_a)
    data = form_data(instrument, SCORE_11)
    missing = list(instrument.items.all())[4].pk
    del data[f"item_{missing}"]

    response = tenant_client(tenant_a, Role.OPERATOR).post(
        f"/persone/{person.pk}/valutazioni/nuova/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(rf'id="item_{missing}-errore">Rispondere a questa domanda.<', page)
    assert "Il modulo contiene errori" in text_of(response)
    with tenant_context(tenant_a):
        assert not Assessment.objects.filter(person=person).exists()


def test_given_no_consent_when_opening_and_submitting_then_warned_and_refused(
        tenant_a, tenant_client):
    person = make_person(tenant_a, consent=False)
    instrument = screening(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    page = client.get(f"/persone/{person.pk}/valutazioni/nuova/")
    response = client.post(f"/persone/{person.pk}/valutazioni/nuova/",
                           form_data(instrument, SCORE_11))

    assert "Manca il consenso della persona" in text_of(page)
    assert "Manca il consenso della persona per: Erogazione dei servizi" in text_of(response)
    with tenant_context(tenant_a):
        assert not Assessment.objects.filter(person=person).exists()


def test_given_some_answers_when_the_questionnaire_changes_then_the_provisional_total(
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    instrument = screening(tenant_a)
    data = form_data(instrument, [3, 3, 3, 2, 0, 0, 0, 0])
    first_four = {k: v for k, v in list(data.items())[:5]}

    response = tenant_client(tenant_a, Role.OPERATOR).post(
        f"/persone/{person.pk}/valutazioni/nuova/totale/", first_four, HTTP_HX_REQUEST="true")

    assert "Punteggio provvisorio: 11 (risposte date: 4 di 8; soglia 11)" in text_of(response)
    assert "soglia raggiunta" in text_of(response)
    with tenant_context(tenant_a):
        assert not Assessment.objects.filter(person=person).exists()


def test_given_the_tenant_admin_when_opening_a_new_assessment_then_403(tenant_a, tenant_client):
    person = make_person(tenant_a)

    response = tenant_client(tenant_a, Role.TENANT_ADMIN).get(
        f"/persone/{person.pk}/valutazioni/nuova/")

    assert response.status_code == 403


def test_given_a_scored_person_when_reading_the_timeline_then_score_and_outcome_only(tenant_a):
    from assessments.timeline import entries

    person = make_person(tenant_a)
    instrument = screening(tenant_a)
    with tenant_context(tenant_a):
        from assessments import services
        from tests.factories import make_user
        services.score_assessment(person=person, instrument=instrument,
                                  answers=answers_for(instrument, SCORE_11),
                                  acting_user=make_user(tenant_a, Role.OPERATOR))
        [entry] = entries(person=person)

    assert entry.kind == "valutazione"
    assert entry.title.startswith("Valutazione: Screening «Insieme per il lavoro»")
    assert entry.detail.startswith("Punteggio 11 (soglia 11): soglia raggiunta, secondo "
                                   "colloquio fissato per il ")
    assert "Disoccupato" not in entry.detail
    assert entry.url.startswith("/valutazioni/")


# --- Instruments -----------------------------------------------------------------------

def test_given_the_tenant_admin_when_reading_the_menu_then_strumenti_di_valutazione(
        tenant_a, tenant_client):
    page = tenant_client(tenant_a, Role.TENANT_ADMIN).get("/strumenti/")

    assert page.status_code == 200
    assert '<span>Strumenti di valutazione</span>' in page.content.decode()
    assert "Screening «Insieme per il lavoro» (profilo di fragilità) da verificare" in \
        text_of(page)


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COORDINATOR])
def test_given_casework_roles_when_opening_the_instruments_then_403(
        tenant_a, tenant_client, role):
    client = tenant_client(tenant_a, role)

    assert client.get("/strumenti/").status_code == 403
    assert '<span>Strumenti di valutazione</span>' not in client.get("/").content.decode()


def edit_form(instrument, **changes) -> dict:
    data = {"name": instrument.name, "description": instrument.description,
            "threshold": instrument.threshold, "trigger_action": instrument.trigger_action,
            "trigger_offset_days": instrument.trigger_offset_days,
            "is_unverified": "on", "unverified_note": instrument.unverified_note}
    items = list(instrument.items.all())
    data["item_count"] = len(items)
    for r, item in enumerate(items):
        options = list(item.options.all())
        data[f"item_{r}_text"] = item.text
        data[f"item_{r}_option_count"] = len(options)
        for k, option in enumerate(options):
            data[f"item_{r}_option_{k}_label"] = option.label
            data[f"item_{r}_option_{k}_weight"] = option.weight
    data.update(changes)
    return data


def test_given_the_tenant_admin_when_editing_the_screening_then_a_new_version_in_use(
        tenant_a, tenant_client):
    instrument = screening(tenant_a)
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = client.post(f"/strumenti/{instrument.pk}/modifica/",
                           edit_form(instrument, threshold=12, item_7_option_3_weight=4),
                           follow=True)

    with tenant_context(tenant_a):
        versions = list(Instrument.objects.filter(code=CODE).order_by("version"))
        new = versions[-1]
        assert [v.is_active for v in versions] == [False] * (len(versions) - 1) + [True]
        assert new.version == instrument.version + 1 and new.threshold == 12
        assert list(new.items.all())[7].options.get(order=4).weight == 4
        assert AuditEvent.objects.filter(action="instrument.version_created",
                                         target_id=str(new.pk)).exists()
    assert f"Salvata la versione {new.version}" in text_of(response)


def test_given_a_threshold_too_high_when_saving_then_the_error_is_at_the_threshold(
        tenant_a, tenant_client):
    instrument = screening(tenant_a)

    response = tenant_client(tenant_a, Role.TENANT_ADMIN).post(
        f"/strumenti/{instrument.pk}/modifica/", edit_form(instrument, threshold=50))

    assert response.status_code == 200
    assert re.search(r'id="id_threshold-errore">La soglia supera il punteggio massimo '
                     r'ottenibile \(24\)', response.content.decode())
    with tenant_context(tenant_a):
        assert Instrument.objects.filter(code=CODE).count() == 1


def test_given_an_item_with_one_option_when_saving_then_the_error_is_at_that_item(
        tenant_a, tenant_client):
    instrument = screening(tenant_a)
    changes = {f"item_2_option_{k}_{f}": "" for k in (1, 2, 3) for f in ("label", "weight")}

    response = tenant_client(tenant_a, Role.TENANT_ADMIN).post(
        f"/strumenti/{instrument.pk}/modifica/", edit_form(instrument, **changes))

    assert re.search(r'id="id_item_2_text-errore">Ogni domanda deve avere almeno due risposte',
                     response.content.decode())


def test_given_the_add_question_button_when_pressed_then_one_more_row_and_nothing_saved(
        tenant_a, tenant_client):
    instrument = screening(tenant_a)

    response = tenant_client(tenant_a, Role.TENANT_ADMIN).post(
        f"/strumenti/{instrument.pk}/modifica/",
        edit_form(instrument, aggiungi_domanda="1"))

    assert 'name="item_8_text"' in response.content.decode()
    with tenant_context(tenant_a):
        assert Instrument.objects.filter(code=CODE).count() == 1


def test_given_the_tenant_admin_when_creating_an_instrument_then_version_1_in_use(
        tenant_a, tenant_client):
    data = {"code": "colloquio-breve", "name": "Colloquio breve", "threshold": 2,
            "trigger_action": "nessuna", "trigger_offset_days": 1, "item_count": 1,
            "item_0_option_count": 4, "item_0_text": "Ha un CV aggiornato?",
            "item_0_option_0_label": "Sì", "item_0_option_0_weight": 0,
            "item_0_option_1_label": "No", "item_0_option_1_weight": 2}

    response = tenant_client(tenant_a, Role.TENANT_ADMIN).post("/strumenti/nuovo/", data,
                                                              follow=True)

    assert "Strumento di valutazione creato." in text_of(response)
    with tenant_context(tenant_a):
        instrument = Instrument.objects.get(code="colloquio-breve")
        assert instrument.version == 1 and instrument.is_active
        assert [(o.label, o.weight) for o in instrument.items.get().options.all()] == [
            ("Sì", 0), ("No", 2)]


def test_given_the_tenant_admin_when_opening_the_editor_then_the_current_items_prefilled(
        tenant_a, tenant_client):
    instrument = screening(tenant_a)
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    detail = client.get(f"/strumenti/{instrument.pk}/")
    editor = client.get(f"/strumenti/{instrument.pk}/modifica/")
    blank = client.get("/strumenti/nuovo/")

    assert "Nota per l'amministratore: le domande e i punteggi" in text_of(detail)
    assert "tabella degli item non verificata" not in text_of(detail)
    assert "Soglia 11 punti su 24" in text_of(detail)
    page = editor.content.decode()
    assert 'name="item_0_text" value="Condizione lavorativa"' in page
    assert 'name="item_0_option_3_weight" value="3"' in page
    assert 'name="threshold" value="11"' in page
    assert "Salva come nuova versione" in text_of(editor)
    assert blank.status_code == 200 and 'name="code"' in blank.content.decode()


def test_given_a_scored_person_when_opening_the_person_timeline_then_the_assessment_is_there(
        tenant_a):
    from assessments import services
    from people.timeline import timeline_for
    from tests.factories import make_user

    person = make_person(tenant_a)
    instrument = screening(tenant_a)
    with tenant_context(tenant_a):
        services.score_assessment(person=person, instrument=instrument,
                                  answers=answers_for(instrument, SCORE_10),
                                  acting_user=make_user(tenant_a, Role.OPERATOR))
        kinds = {entry.kind: entry for entry in timeline_for(person=person)}

    assert kinds["valutazione"].detail == "Punteggio 10 (soglia 11): soglia non raggiunta."
