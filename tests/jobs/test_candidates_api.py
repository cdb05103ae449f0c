"""The API of candidates and matching: the CV and its parts, the PDF (audited),
the rankings with their reasons, applications and their transitions to the
hire; roles, the error shape, cross-tenant 404 for every resource."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from accounts.models import Role
from audit.models import AuditEvent
from tests.factories import (
    bump_ids,
    make_candidate,
    make_person,
    make_vacancy_here,
    staff_here,
)

JSON = "application/json"


def test_a_cv_is_built_part_by_part_through_the_api(tenant_a, tenant_client):
    # given a person registered at the counter
    with tenant_context(tenant_a):
        person = make_person(None, operator=staff_here(), first_name="Niccolò",
                             last_name="D'Angelo")
    client = tenant_client(tenant_a, Role.OPERATOR)
    # when the operator opens the CV with an unknown comune, it is refused at the field
    wrong = client.post("/api/v1/lavoro/candidati/", {"persona": person.pk, "comune": "Z999"},
                        content_type=JSON)
    assert wrong.status_code == 400
    assert "comune" in wrong.json()["errore"]["campi"]
    created = client.post("/api/v1/lavoro/candidati/", {
        "persona": person.pk, "comune": "A944", "disponibile_dal": None,
        "lingue_madri": ["003"]}, content_type=JSON)
    assert created.status_code == 201, created.json()
    candidate_id = created.json()["id"]
    # and a second CV for the same person is a conflict
    again = client.post("/api/v1/lavoro/candidati/", {"persona": person.pk}, content_type=JSON)
    assert again.status_code == 409
    assert again.json()["errore"]["codice"] == "curriculum_esistente"
    base = f"/api/v1/lavoro/candidati/{candidate_id}"
    # parts: an experience ending before it starts is refused at «al»
    bad = client.post(f"{base}/esperienze/", {"professione": "5.2.2.1.0.1",
                                              "dal": "2020-05-01", "al": "2020-01-01"},
                      content_type=JSON)
    assert bad.status_code == 400 and "al" in bad.json()["errore"]["campi"]
    experience = client.post(f"{base}/esperienze/", {
        "professione": "5.2.2.1.0.1", "datore_di_lavoro": "Trattoria Da Mario",
        "dal": "2019-01-01", "al": "2022-12-31"}, content_type=JSON)
    assert experience.status_code == 201, experience.json()
    assert client.post(f"{base}/professioni/", {"professione": "5.2.2.1.0.6"},
                       content_type=JSON).status_code == 201
    duplicate = client.post(f"{base}/professioni/", {"professione": "5.2.2.1.0.6"},
                            content_type=JSON)
    assert duplicate.status_code == 409
    assert duplicate.json()["errore"]["codice"] == "voce_gia_presente"
    assert client.post(f"{base}/lingue/", {"lingua": "001", "lettura": "B2"},
                       content_type=JSON).status_code == 201
    assert client.post(f"{base}/patenti/", {"tipo": "patente", "codice": "02"},
                       content_type=JSON).status_code == 201
    assert client.post(f"{base}/competenze-digitali/", {"area": "sicurezza",
                                                        "livello": "autonomo"},
                       content_type=JSON).status_code == 201
    # a part is changed and removed
    part_url = f"{base}/esperienze/{experience.json()['id']}/"
    changed = client.patch(part_url, {"mansioni": "Primi piatti"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["mansioni"] == "Primi piatti"
    assert changed.json()["professione"] == "5.2.2.1.0.1"
    # then the CV shows every part
    cv = client.get(f"{base}/").json()
    assert [p["professione"] for p in cv["professioni"]] == ["5.2.2.1.0.6"]
    assert cv["lingue"][0]["lettura"] == "B2"
    assert cv["patenti"] == [{"id": cv["patenti"][0]["id"], "tipo": "patente", "codice": "02"}]
    assert client.delete(part_url).status_code == 204
    assert client.get(part_url).status_code == 404
    assert client.get(f"{base}/").json()["esperienze"] == []
    # the profile is changed with PATCH
    patched = client.patch(f"{base}/", {"in_cerca": False}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["in_cerca"] is False
    assert patched.json()["comune"] == "A944"


def test_the_pdf_is_printed_and_the_print_is_audited(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        candidate = make_candidate(first_name="Niccolò", last_name="D'Angelo",
                                   languages=[("001", "B2")])
    client = tenant_client(tenant_a, Role.OPERATOR)
    answer = client.get(f"/api/v1/lavoro/candidati/{candidate.pk}/curriculum.pdf",
                        HTTP_ACCEPT="application/pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    assert "Niccolò D'Angelo" in text and "Competenze linguistiche" in text
    with tenant_context(tenant_a):
        assert AuditEvent.objects.filter(action="jobs.cv_printed").count() == 1
    missing = client.get("/api/v1/lavoro/candidati/99999999/curriculum.pdf",
                         HTTP_ACCEPT="application/pdf")
    assert missing.status_code == 404 and missing.json()["errore"]["codice"] == "non_trovato"


def test_rankings_come_with_score_and_reasons(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        operator = staff_here()
        vacancy = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator,
                                    licences=[("patente", "02")])
        exact = make_candidate(operator=operator, desired=["5.2.2.1.0.6"],
                               licences=[("patente", "02")])
        near = make_candidate(operator=operator, experiences=["5.2.2.1.0.1"],
                              first_name="Giulia")
    client = tenant_client(tenant_a, Role.OPERATOR)
    ranking = client.get(f"/api/v1/lavoro/offerte/{vacancy.pk}/candidati-consigliati/").json()
    assert ranking["count"] == 2
    assert [m["candidato"] for m in ranking["results"]] == [exact.pk, near.pk]
    best = ranking["results"][0]
    assert best["punteggio"] == sum(r["punti"] for r in best["motivi"])
    assert "Patente B: posseduta" in [r["testo"] for r in best["motivi"]]
    assert best["motivi"][0]["testo"].startswith("Professione richiesta 5.2.2.1.0.6")
    assert client.get(f"/api/v1/lavoro/offerte/{vacancy.pk}/candidati-consigliati/?page=2"
                      ).json()["results"] == []
    assert client.get(f"/api/v1/lavoro/offerte/{vacancy.pk}/candidati-consigliati/?page=0"
                      ).status_code == 400
    offers = client.get(f"/api/v1/lavoro/candidati/{near.pk}/offerte-adatte/").json()
    assert [m["offerta"] for m in offers["results"]] == [vacancy.pk]


def test_an_application_walks_to_the_hire_through_post_actions(tenant_a, tenant_client):
    # given a published vacancy with one position and a matching candidate
    with tenant_context(tenant_a):
        operator = staff_here()
        vacancy = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator, positions=1)
        candidate = make_candidate(operator=operator, desired=["5.2.2.1.0.6"])
    client = tenant_client(tenant_a, Role.OPERATOR)
    # when the operator proposes the candidate straight into the rosa
    created = client.post("/api/v1/lavoro/candidature/", {
        "offerta": vacancy.pk, "candidato": candidate.pk, "rosa": True}, content_type=JSON)
    assert created.status_code == 201, created.json()
    application = created.json()
    assert application["stato"] == "in_rosa" and application["punteggio"] > 0
    assert application["motivi"][0].startswith("Professione richiesta")
    assert application["passaggi_ammessi"] == ["inviata", "non_assunto", "ritirata"]
    url = f"/api/v1/lavoro/candidature/{application['id']}"
    again = client.post("/api/v1/lavoro/candidature/", {
        "offerta": vacancy.pk, "candidato": candidate.pk}, content_type=JSON)
    assert again.status_code == 409
    # a hire before it is sent is not in the table
    skipped = client.post(f"{url}/assunzione/", {"contratto": "A01",
                                                 "data_inizio": str(date.today())},
                          content_type=JSON)
    assert skipped.status_code == 409
    assert skipped.json()["errore"]["codice"] == "transizione_non_ammessa"
    assert client.post(f"{url}/invia/", {}, content_type=JSON).json()["stato"] == "inviata"
    interview = client.post(f"{url}/colloqui/", {
        "data_ora": (timezone.now() + timedelta(days=2)).isoformat(),
        "luogo": "Via Roma 1, Bologna"}, content_type=JSON)
    assert interview.status_code == 201, interview.json()
    outcome = client.post(f"{url}/colloqui/{interview.json()['id']}/esito/",
                          {"esito": "positivo"}, content_type=JSON)
    assert outcome.json()["esito"] == "positivo"
    unknown = client.post(f"{url}/assunzione/", {"contratto": "ZZZ",
                                                 "data_inizio": str(date.today())},
                          content_type=JSON)
    assert unknown.status_code == 400 and "contratto" in unknown.json()["errore"]["campi"]
    hired = client.post(f"{url}/assunzione/", {"contratto": "A01",
                                               "data_inizio": str(date.today())},
                        content_type=JSON)
    # then one event per transition and the vacancy closed as filled
    assert hired.status_code == 200, hired.json()
    assert [e["a"] for e in hired.json()["eventi"]] == [
        "proposta", "in_rosa", "inviata", "colloquio", "assunto"]
    assert hired.json()["passaggi_ammessi"] == []
    closed = client.get(f"/api/v1/lavoro/offerte/{vacancy.pk}/").json()
    assert (closed["stato"], closed["motivo_chiusura"]) == ("chiusa", "coperta")
    listed = client.get(f"/api/v1/lavoro/candidature/?offerta={vacancy.pk}&stato=assunto").json()
    assert [a["id"] for a in listed["results"]] == [application["id"]]


def test_not_hired_needs_a_reason(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        operator = staff_here()
        vacancy = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator)
        candidate = make_candidate(operator=operator, desired=["5.2.2.1.0.6"])
    client = tenant_client(tenant_a, Role.COORDINATOR)
    application = client.post("/api/v1/lavoro/candidature/", {
        "offerta": vacancy.pk, "candidato": candidate.pk}, content_type=JSON).json()
    url = f"/api/v1/lavoro/candidature/{application['id']}/non-assunto/"
    assert "motivo" in client.post(url, {}, content_type=JSON).json()["errore"]["campi"]
    done = client.post(url, {"motivo": "profilo", "nota": "Serve esperienza."},
                       content_type=JSON).json()
    assert (done["stato"], done["motivo_mancata_assunzione"]) == ("non_assunto", "profilo")


def test_a_proposal_names_an_unknown_vacancy_at_its_field(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        candidate = make_candidate()
    client = tenant_client(tenant_a, Role.OPERATOR)
    answer = client.post("/api/v1/lavoro/candidature/", {
        "offerta": 99999999, "candidato": candidate.pk}, content_type=JSON)
    assert answer.status_code == 400 and "offerta" in answer.json()["errore"]["campi"]


def test_anonymous_callers_are_refused(tenant_a, tenant_client):
    client = tenant_client(tenant_a)
    for url in ("/api/v1/lavoro/candidati/", "/api/v1/lavoro/candidature/"):
        assert client.get(url).status_code in (401, 403)


TABLES = ("jobs_candidate", "jobs_vacancy", "jobs_application", "jobs_interview",
          "jobs_candidateexperience", "jobs_candidateeducation", "jobs_candidatetraining",
          "jobs_candidatelanguage", "jobs_candidatedigitalskill", "jobs_candidatelicence",
          "jobs_desiredprofession")


@pytest.fixture
def objects_of_a(tenant_a):
    from jobs.services import candidates as cv
    from jobs.services import matching

    bump_ids(tenant_a, TABLES)
    with tenant_context(tenant_a):
        operator = staff_here()
        vacancy = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator)
        candidate = make_candidate(operator=operator, desired=["5.2.2.1.0.6"],
                                   experiences=["5.2.2.1.0.1"], education=["40000000"],
                                   languages=[("001", "B2")], licences=[("patente", "02")])
        cv.add_cv_part(candidate=candidate, acting_user=operator,
                       data=cv.TrainingData(title="HACCP"))
        cv.add_cv_part(candidate=candidate, acting_user=operator,
                       data=cv.DigitalSkillData(area="sicurezza", level="base"))
        application = matching.propose_candidate(vacancy=vacancy, candidate=candidate,
                                                 acting_user=operator, shortlist=True)
        matching.advance_application(application=application, to_status="inviata",
                                     acting_user=operator)
        interview = matching.schedule_interview(
            application=application, place="Via Roma 1",
            scheduled_at=timezone.now() + timedelta(days=1), acting_user=operator)
        ids = {"candidate_id": candidate.pk, "vacancy_id": vacancy.pk,
               "application_id": application.pk, "interview_id": interview.pk}
        for segment, related in (("professioni", "desired_professions"),
                                 ("esperienze", "experiences"), ("istruzione", "education"),
                                 ("formazione", "training"), ("lingue", "languages"),
                                 ("competenze-digitali", "digital_skills"),
                                 ("patenti", "licences")):
            ids[segment] = getattr(candidate, related).get().pk
        return ids


PARTS = ("professioni", "esperienze", "istruzione", "formazione", "lingue",
         "competenze-digitali", "patenti")
RESOURCES = [
    ("get", "/api/v1/lavoro/candidati/{candidate_id}/"),
    ("patch", "/api/v1/lavoro/candidati/{candidate_id}/"),
    ("get", "/api/v1/lavoro/candidati/{candidate_id}/curriculum.pdf"),
    ("get", "/api/v1/lavoro/candidati/{candidate_id}/offerte-adatte/"),
    ("get", "/api/v1/lavoro/offerte/{vacancy_id}/candidati-consigliati/"),
    ("get", "/api/v1/lavoro/candidature/{application_id}/"),
    *[("post", f"/api/v1/lavoro/candidature/{{application_id}}/{step}/")
      for step in ("rosa", "invia", "assunzione", "non-assunto", "ritira")],
    ("get", "/api/v1/lavoro/candidature/{application_id}/colloqui/"),
    ("post", "/api/v1/lavoro/candidature/{application_id}/colloqui/"),
    ("post", "/api/v1/lavoro/candidature/{application_id}/colloqui/{interview_id}/esito/"),
    *[(method, f"/api/v1/lavoro/candidati/{{candidate_id}}/{part}/")
      for part in PARTS for method in ("get", "post")],
    *[(method, f"/api/v1/lavoro/candidati/{{candidate_id}}/{part}/{{{part}}}/")
      for part in PARTS for method in ("get", "patch", "delete")],
]


def test_another_tenant_gets_404_for_every_resource(tenant_b, tenant_client, objects_of_a):
    client = tenant_client(tenant_b, Role.TENANT_ADMIN)
    with tenant_context(tenant_b):
        make_candidate(desired=["5.2.2.1.0.6"])  # tenant B has rows of its own
    for method, url in RESOURCES:
        answer = getattr(client, method)(url.format(**objects_of_a), {}, content_type=JSON)
        assert answer.status_code == 404, (method, url, answer.status_code)
        assert answer.json()["errore"]["codice"] == "non_trovato"
    # and a proposal naming tenant A's rows finds nothing to propose
    answer = client.post("/api/v1/lavoro/candidature/", {
        "offerta": objects_of_a["vacancy_id"], "candidato": objects_of_a["candidate_id"]},
        content_type=JSON)
    assert answer.status_code == 400
    listed = client.get(f"/api/v1/lavoro/candidature/?offerta={objects_of_a['vacancy_id']}")
    assert listed.json()["results"] == []


def test_a_part_of_another_cv_is_404_in_the_same_counter(tenant_a, tenant_client,
                                                         objects_of_a):
    with tenant_context(tenant_a):
        other = make_candidate(first_name="Rita")
    client = tenant_client(tenant_a, Role.OPERATOR)
    url = f"/api/v1/lavoro/candidati/{other.pk}/lingue/{objects_of_a['lingue']}/"
    assert client.get(url).status_code == 404
