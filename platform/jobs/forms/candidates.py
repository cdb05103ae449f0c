"""The CV's forms at the counter: parse at the edge (dates, years, hours
through core.fields; codes through codes.fields with the picker), the
services check the rest."""

from __future__ import annotations

from django import forms

from codes import tables
from codes.fields import CodeField
from codes.widgets import CodePicker
from core import fields as boundary
from exchange.models import PRESENTATION_MAX_LENGTH
from jobs.models import (
    CERTIFICATE_MAX_CHARS,
    COURSE_TITLE_MAX_CHARS,
    DIGITAL_NOTES_MAX_CHARS,
    EDUCATION_TEXT_MAX_CHARS,
    EMPLOYER_TEXT_MAX_CHARS,
    GRADE_MAX_CHARS,
    MAX_DISTANCE_KM,
    TASKS_MAX_CHARS,
    ApplicationStatus,
    Attestation,
    CandidateEducation,
    CandidateTraining,
    DigitalArea,
    DigitalLevel,
    LicenceKind,
    NotHiredReason,
)


def _code(table: str, label: str, *, required: bool = True, level: int | None = None):
    """A code of a code table, typed or found by words with the codes picker."""
    return CodeField(table=table, level=level, label=label, required=required,
                     widget=CodePicker(table=table, level=level))


class CandidateForm(forms.Form):
    is_searching = forms.BooleanField(label="In cerca di lavoro", required=False, initial=True)
    available_from = boundary.DateField(label="Disponibile dal (vuoto: subito)", required=False)
    comune_code = _code(tables.COMUNI, "Comune di domicilio", required=False)
    working_modes = forms.CharField(label="Modalità di lavoro (codici separati da virgola)",
                                    required=False, max_length=200)
    willing_to_travel = forms.BooleanField(label="Disponibile a trasferte", required=False)
    max_distance_km = forms.IntegerField(label="Distanza massima (km)", required=False,
                                         min_value=0, max_value=MAX_DISTANCE_KM)
    provinces = forms.CharField(label="Province in cui cerca (sigle separate da virgola)",
                                required=False, max_length=200)
    own_vehicle = forms.BooleanField(label="Automunito", required=False)
    digital_notes = forms.CharField(label="Altre competenze informatiche", required=False,
                                    max_length=DIGITAL_NOTES_MAX_CHARS)

    def list_of(self, name: str) -> list[str]:
        return [part.strip() for part in (self.cleaned_data.get(name) or "").split(",")
                if part.strip()]


class DesiredProfessionForm(forms.Form):
    profession_code = _code(tables.PROFESSIONS, "Professione desiderata (CP2011)", level=6)


class ExperienceForm(forms.Form):
    profession_code = _code(tables.PROFESSIONS, "Professione svolta (CP2011)", level=6)
    employer_name = forms.CharField(label="Datore di lavoro", required=False,
                                    max_length=EMPLOYER_TEXT_MAX_CHARS)
    contract_type_code = _code(tables.CONTRACTS, "Tipo di contratto", required=False)
    started_on = boundary.DateField(label="Dal", required=False)
    ended_on = boundary.DateField(label="Al (vuoto: in corso)", required=False)
    tasks = forms.CharField(label="Principali mansioni", required=False,
                            max_length=TASKS_MAX_CHARS)


class EducationForm(forms.Form):
    education_code = _code(tables.EDUCATION, "Titolo di studio")
    year = boundary.integer_field(CandidateEducation, "year", label="Anno", required=False)
    institute = forms.CharField(label="Istituto", required=False,
                                max_length=EDUCATION_TEXT_MAX_CHARS)
    grade = forms.CharField(label="Votazione", required=False, max_length=GRADE_MAX_CHARS)


class TrainingForm(forms.Form):
    title = forms.CharField(label="Titolo del corso", max_length=COURSE_TITLE_MAX_CHARS)
    year = boundary.integer_field(CandidateTraining, "year", label="Anno", required=False)
    hours = boundary.integer_field(CandidateTraining, "hours", label="Ore", required=False)
    attestation = forms.ChoiceField(label="Attestazione", required=False,
                                    choices=[("", "—"), *Attestation.choices])


_LEVELS = [("", "—"), ("A1", "A1"), ("A2", "A2"), ("B1", "B1"), ("B2", "B2"), ("C1", "C1"),
           ("C2", "C2")]


class LanguageForm(forms.Form):
    language_code = _code(tables.LANGUAGES, "Lingua")
    listening = forms.ChoiceField(label="Ascolto", choices=_LEVELS, required=False)
    reading = forms.ChoiceField(label="Lettura", choices=_LEVELS, required=False)
    spoken_interaction = forms.ChoiceField(label="Interazione", choices=_LEVELS, required=False)
    spoken_production = forms.ChoiceField(label="Produzione orale", choices=_LEVELS,
                                          required=False)
    writing = forms.ChoiceField(label="Produzione scritta", choices=_LEVELS, required=False)
    certificate = forms.CharField(label="Certificazione", required=False,
                                  max_length=CERTIFICATE_MAX_CHARS)


class DigitalSkillForm(forms.Form):
    area = forms.ChoiceField(label="Area (DigComp)", choices=DigitalArea.choices)
    level = forms.ChoiceField(label="Livello", choices=DigitalLevel.choices)


class LicenceForm(forms.Form):
    kind = forms.ChoiceField(label="Tipo", choices=LicenceKind.choices)
    code = forms.CharField(label="Codice (patente 02 = B)", max_length=20)


class ApplicationStepForm(forms.Form):
    to_status = forms.ChoiceField(choices=ApplicationStatus.choices)
    note = forms.CharField(required=False, max_length=1000)
    not_hired_reason = forms.ChoiceField(required=False,
                                         choices=[("", "—"), *NotHiredReason.choices])
    contract_type_code = _code(tables.CONTRACTS, "Tipo di contratto", required=False)
    starts_on = boundary.DateField(required=False)


class AnonymousProfileForm(forms.Form):
    """Publishing the anonymous profile: the only free text is an optional
    presentation, screened by the exchange for identifying data."""

    presentation = forms.CharField(
        label="Presentazione (facoltativa)", required=False, max_length=PRESENTATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Poche righe sul profilo professionale, senza nome, recapiti, codice fiscale "
                  "o altri dati che permettano di riconoscere la persona.")
