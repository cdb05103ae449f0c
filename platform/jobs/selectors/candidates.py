"""Reads of CVs, scoped to the counter's staff: the person's candidate, the
CV with its codes' labels (for the page), the CV as plain values for the
PDF (jobs.cv_pdf)."""

from __future__ import annotations

from django.db.models import Q

from codes import selectors as codes
from codes import tables
from codes.names import label_sentence
from core.errors import NotFound
from jobs import cv_pdf
from jobs.cv_rules import LICENCE_TABLES
from jobs.models import (
    Candidate,
    CandidateDigitalSkill,
    CandidateEducation,
    CandidateExperience,
    CandidateLanguage,
    CandidateLicence,
    CandidateTraining,
    DesiredProfession,
    LicenceKind,
)
from jobs.permissions import check_can_use_jobs
from people import selectors as people_selectors

PART_MODELS = {"professione": DesiredProfession, "esperienza": CandidateExperience,
               "istruzione": CandidateEducation, "formazione": CandidateTraining,
               "lingua": CandidateLanguage, "digitale": CandidateDigitalSkill,
               "patente": CandidateLicence}




def get_person_for(*, actor, person_id: int):
    check_can_use_jobs(actor)
    return people_selectors.get_person_for(actor=actor, person_id=person_id)


def candidate_of(*, actor, person) -> Candidate | None:
    check_can_use_jobs(actor)
    return Candidate.objects.filter(person=person).first()


def get_candidate_for(*, actor, candidate_id: int) -> Candidate:
    check_can_use_jobs(actor)
    candidate = Candidate.objects.select_related("person").filter(pk=candidate_id).first()
    if candidate is None:
        raise NotFound("Curriculum non trovato.")
    return candidate


def get_cv_part_for(*, actor, person, kind: str, part_id: int):
    check_can_use_jobs(actor)
    model = PART_MODELS.get(kind)
    part = model and model.objects.filter(pk=part_id, candidate__person=person).first()
    if not part:
        raise NotFound("Voce del curriculum non trovata.")
    return part


def profile_initial(candidate: Candidate | None) -> dict:
    if candidate is None:
        return {"is_searching": True}
    return {"is_searching": candidate.is_searching, "available_from": candidate.available_from,
            "comune_code": candidate.comune_code,
            "working_modes": ", ".join(candidate.working_modes),
            "willing_to_travel": candidate.willing_to_travel,
            "max_distance_km": candidate.max_distance_km,
            "provinces": ", ".join(candidate.provinces), "own_vehicle": candidate.own_vehicle,
            "digital_notes": candidate.digital_notes}


class _Labels:
    """Labels of every code the CV cites, one query per table."""

    def __init__(self, wanted: dict[str, set[str]]):
        self.labels = {(table, code): label_sentence(entry.label)
                       for table, found in wanted.items()
                       for code, entry in codes.entries_for(table=table,
                                                            codes=sorted(found)).items()}

    def __call__(self, table: str, code: str, *, with_code: bool = False) -> str:
        label = self.labels.get((table, code), "")
        if with_code:
            return f"{code} {label}".strip()
        return label or code


def _parts(candidate: Candidate) -> dict:
    return {
        "desired": list(candidate.desired_professions.all()),
        "experiences": list(candidate.experiences.all()),
        "education": list(candidate.education.all()),
        "training": list(candidate.training.all()),
        "languages": list(candidate.languages.all()),
        "digital": list(candidate.digital_skills.all()),
        "licences": list(candidate.licences.all()),
    }


def _labels_for(candidate: Candidate, parts: dict) -> _Labels:
    wanted: dict[str, set[str]] = {}

    def want(table, code):
        if code:
            wanted.setdefault(table, set()).add(code)

    for item in parts["desired"]:
        want(tables.PROFESSIONS, item.profession_code)
    for item in parts["experiences"]:
        want(tables.PROFESSIONS, item.profession_code)
        want(tables.CONTRACTS, item.contract_type_code)
    for item in parts["education"]:
        want(tables.EDUCATION, item.education_code)
    for item in parts["languages"]:
        want(tables.LANGUAGES, item.language_code)
    for code in candidate.mother_tongues:
        want(tables.LANGUAGES, code)
    for item in parts["licences"]:
        want(LICENCE_TABLES[item.kind], item.code)
    for code in candidate.working_modes:
        want(tables.WORKING_MODES, code)
    want(tables.COMUNI, candidate.comune_code)
    return _Labels(wanted)


def cv_summary(candidate: Candidate) -> dict:
    """The CV for its page: each part with the labels of its codes."""
    parts = _parts(candidate)
    label = _labels_for(candidate, parts)
    return {
        "comune": label(tables.COMUNI, candidate.comune_code) if candidate.comune_code else "",
        "desired": [(p, label(tables.PROFESSIONS, p.profession_code, with_code=True))
                    for p in parts["desired"]],
        "experiences": [(e, label(tables.PROFESSIONS, e.profession_code, with_code=True),
                         label(tables.CONTRACTS, e.contract_type_code)
                         if e.contract_type_code else "") for e in parts["experiences"]],
        "education": [(e, label(tables.EDUCATION, e.education_code)) for e in parts["education"]],
        "training": parts["training"],
        "languages": [(item, label(tables.LANGUAGES, item.language_code))
                      for item in parts["languages"]],
        "digital": parts["digital"],
        "licences": [(item, label(LICENCE_TABLES[item.kind], item.code))
                     for item in parts["licences"]],
    }


def cv_document(candidate: Candidate, *, counter: str = "") -> cv_pdf.CvDocument:
    """The CV as the PDF draws it."""
    person = candidate.person
    parts = _parts(candidate)
    label = _labels_for(candidate, parts)
    citizenship = codes.citizenship_for_code(person.citizenship_code)
    address = ", ".join(part for part in (
        person.domicile_address or person.residence_address,
        " ".join(x for x in (person.domicile_cap or person.residence_cap,
                             person.domicile_comune or person.residence_comune) if x)) if part)
    availability = ["Disponibile subito" if candidate.available_from is None
                    else f"Disponibile dal {candidate.available_from:%d/%m/%Y}"]
    if candidate.working_modes:
        availability.append(", ".join(label(tables.WORKING_MODES, c)
                                      for c in candidate.working_modes))
    if candidate.willing_to_travel:
        availability.append("Disponibile a trasferte"
                            + (f" fino a {candidate.max_distance_km} km"
                               if candidate.max_distance_km else ""))
    if candidate.own_vehicle:
        availability.append("Automunito")
    return cv_pdf.CvDocument(
        full_name=person.full_name, birth_date=person.birth_date,
        birth_place=person.birth_place_name, sex=person.get_sex_display(),
        citizenship=citizenship.display_name if citizenship else "", address=address,
        phone=person.phone, email=person.email,
        desired_professions=[label(tables.PROFESSIONS, p.profession_code, with_code=True)
                             for p in parts["desired"]],
        experiences=[cv_pdf.CvExperience(
            e.started_on, e.ended_on, label(tables.PROFESSIONS, e.profession_code,
                                            with_code=True),
            employer=e.employer_name, place=e.employer_place,
            contract=label(tables.CONTRACTS, e.contract_type_code) if e.contract_type_code
            else "", tasks=e.tasks) for e in parts["experiences"]],
        education=[cv_pdf.CvEducation(e.year, label(tables.EDUCATION, e.education_code),
                                      institute=e.institute, grade=e.grade,
                                      description=e.description) for e in parts["education"]],
        training=[cv_pdf.CvTraining(t.year, t.title, hours=t.hours,
                                    attestation=t.get_attestation_display() if t.attestation
                                    else "", provider=t.provider) for t in parts["training"]],
        mother_tongues=[label(tables.LANGUAGES, c) for c in candidate.mother_tongues],
        languages=[cv_pdf.CvLanguage(label(tables.LANGUAGES, item.language_code),
                                     item.listening, item.reading, item.spoken_interaction,
                                     item.spoken_production, item.writing, item.certificate)
                   for item in parts["languages"]],
        digital_skills=[cv_pdf.CvDigitalSkill(s.get_area_display(), s.get_level_display())
                        for s in parts["digital"]],
        digital_notes=candidate.digital_notes,
        driving_licences=[label(LICENCE_TABLES[x.kind], x.code) for x in parts["licences"]
                          if x.kind == LicenceKind.DRIVING],
        other_licences=[label(LICENCE_TABLES[x.kind], x.code) for x in parts["licences"]
                        if x.kind == LicenceKind.LICENCE],
        registers=[label(LICENCE_TABLES[x.kind], x.code) for x in parts["licences"]
                   if x.kind == LicenceKind.ALBO],
        availability=availability, counter=counter)


def candidates_for(*, actor, searching: bool | None = None, person_id: int | None = None,
                   text: str = ""):
    """The counter's CVs, newest change first (filters: searching or not, one
    person, words of the name or the codice fiscale)."""
    check_can_use_jobs(actor)
    items = Candidate.objects.select_related("person")
    if searching is not None:
        items = items.filter(is_searching=searching)
    if person_id is not None:
        items = items.filter(person_id=person_id)
    for word in (text or "").split()[:5]:
        items = items.filter(Q(person__first_name__icontains=word)
                             | Q(person__last_name__icontains=word)
                             | Q(person__codice_fiscale__iexact=word))
    return items.order_by("-updated_at", "-id")


def parts_of(*, actor, candidate: Candidate, kind: str) -> list:
    check_can_use_jobs(actor)
    return list(PART_MODELS[kind].objects.filter(candidate=candidate))


def get_part_of(*, actor, candidate: Candidate, kind: str, part_id: int):
    check_can_use_jobs(actor)
    part = PART_MODELS[kind].objects.filter(pk=part_id, candidate=candidate).first()
    if part is None:
        raise NotFound("Voce del curriculum non trovata.")
    return part
