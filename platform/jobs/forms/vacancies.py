from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from codes import tables
from core import fields as boundary
from jobs.forms._base import (
    SEARCH_MAX_CHARS,
    FilterForm,
    ItalianForm,
    choice,
    code,
    date_field,
    text,
)
from jobs.models import (
    CODE_MAX_CHARS,
    COMUNE_CODE_LENGTH,
    DESCRIPTION_MAX_CHARS,
    IT_SKILLS_MAX_CHARS,
    MAX_EXPERIENCE_MONTHS,
    MAX_HOURS_PER_WEEK,
    MAX_POSITIONS,
    MIN_HOURS_PER_WEEK,
    NOTE_MAX_CHARS,
    TITLE_MAX_CHARS,
    CloseReason,
    LicenceKind,
    Vacancy,
    VacancyStatus,
    Visibility,
)
from jobs.selectors.vacancies import VacancyFilters
from jobs.services.vacancies import VacancyData

LINES_MAX_CHARS = 1000


class VacancyFilterForm(FilterForm):
    q = forms.CharField(label=_("Cerca per titolo o azienda"), required=False,
                        max_length=SEARCH_MAX_CHARS)
    stato = choice(_("Stato"), VacancyStatus.choices, blank=_("Tutti"))
    professione = forms.CharField(label=_("Professione (codice CP2011, inizio)"),
                                  required=False, max_length=CODE_MAX_CHARS)
    comune = forms.CharField(label=_("Comune (codice catastale)"), required=False,
                             max_length=COMUNE_CODE_LENGTH)
    azienda = forms.TypedChoiceField(label=_("Azienda"), required=False, coerce=int,
                                     empty_value=None, choices=[("", _("Tutte"))])
    visibilita = choice(_("Visibilità"), Visibility.choices, blank=_("Tutte"))

    def __init__(self, *args, employers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["azienda"].choices = [("", _("Tutte")),
                                          *[(e.pk, e.name) for e in employers]]

    def filters(self) -> VacancyFilters:
        data = self.valid()
        return VacancyFilters(text=data.get("q") or "", status=data.get("stato") or "",
                              profession=data.get("professione") or "",
                              comune=data.get("comune") or "",
                              employer_id=data.get("azienda"),
                              visibility=data.get("visibilita") or "")


def _pairs(value: str) -> tuple[tuple[str, str], ...]:
    """Lines "CODE LEVEL" (or "kind CODE") → pairs."""
    pairs = []
    for line in (value or "").splitlines():
        parts = line.replace(",", " ").replace(";", " ").split()
        if not parts:
            continue
        pairs.append((parts[0], parts[1] if len(parts) > 1 else ""))
    return tuple(pairs)


class VacancyForm(ItalianForm):
    employer = forms.TypedChoiceField(label=_("Azienda"), coerce=int, choices=())
    title = text(_("Titolo dell'offerta"), TITLE_MAX_CHARS, required=True)
    profession_code = code(_("Professione (CP2011, sesto livello)"), tables.PROFESSIONS,
                           level=6, required=True,
                           help_text=_("Cercare per parole («cuoco») o per codice (5.2.2.1)."))
    description = text(_("Descrizione"), DESCRIPTION_MAX_CHARS, rows=5)
    comune_code = code(_("Comune del posto di lavoro"), tables.COMUNI, required=True)
    positions = boundary.integer_field(Vacancy, "positions", label=_("Posti"), initial=1,
                                       min_value=1, max_value=MAX_POSITIONS)
    education_code = code(_("Titolo di studio richiesto"), tables.EDUCATION)
    experience_months = boundary.integer_field(Vacancy, "experience_months", required=False,
                                               label=_("Esperienza richiesta (mesi)"),
                                               min_value=0, max_value=MAX_EXPERIENCE_MONTHS)
    languages = text(_("Lingue richieste"), LINES_MAX_CHARS, rows=2,
                     help_text=_("Una per riga: codice della lingua e livello QCER, per "
                                 "esempio «001 B2»."))
    licences = text(_("Patenti e abilitazioni"), LINES_MAX_CHARS, rows=2,
                    help_text=_("Una per riga: tipo (patente, patentino, albo) e codice, per "
                                "esempio «patente 02»."))
    it_skills = text(_("Competenze informatiche"), IT_SKILLS_MAX_CHARS, rows=2)
    contract_type_code = code(_("Tipo di contratto"), tables.CONTRACTS)
    ccnl_code = code(_("CCNL"), tables.CCNL)
    hours_per_week = boundary.integer_field(Vacancy, "hours_per_week", required=False,
                                            label=_("Ore settimanali"),
                                            min_value=MIN_HOURS_PER_WEEK,
                                            max_value=MAX_HOURS_PER_WEEK)
    working_mode_code = code(_("Modalità di lavoro"), tables.WORKING_MODES)
    publish_from = date_field(_("Pubblicata dal"))
    publish_until = date_field(_("Pubblicata fino al"))
    visibility = choice(_("Visibilità"), Visibility.choices, blank=None, required=True)

    def __init__(self, *args, employers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = [("", "—"), *[(e.pk, e.name) for e in employers]]
        self._employers = {e.pk: e for e in employers}

    def clean_languages(self):
        return _pairs(self.cleaned_data.get("languages"))

    def clean_licences(self):
        pairs = _pairs(self.cleaned_data.get("licences"))
        kinds = {str(label).lower(): value for value, label in LicenceKind.choices}
        kinds.update({value: value for value in LicenceKind.values})
        return tuple((kinds.get(kind.lower(), kind), code) for kind, code in pairs)

    def vacancy_data(self) -> VacancyData:
        data = self.cleaned_data
        return VacancyData(
            employer=self._employers.get(data.get("employer")),
            profession_code=data["profession_code"], title=data["title"],
            comune_code=data["comune_code"], description=data.get("description") or "",
            education_code=data.get("education_code") or "",
            experience_months=data.get("experience_months") or 0,
            it_skills=data.get("it_skills") or "",
            contract_type_code=data.get("contract_type_code") or "",
            ccnl_code=data.get("ccnl_code") or "", hours_per_week=data.get("hours_per_week"),
            working_mode_code=data.get("working_mode_code") or "",
            positions=data["positions"], publish_from=data.get("publish_from"),
            publish_until=data.get("publish_until"), visibility=data["visibility"],
            languages=data.get("languages") or (), licences=data.get("licences") or ())

    @staticmethod
    def initial_for(vacancy: Vacancy) -> dict:
        return {
            "employer": vacancy.employer_id, "title": vacancy.title,
            "profession_code": vacancy.profession_code, "description": vacancy.description,
            "comune_code": vacancy.comune_code, "positions": vacancy.positions,
            "education_code": vacancy.education_code,
            "experience_months": vacancy.experience_months,
            "languages": "\n".join(f"{x.language_code} {x.level_code}"
                                   for x in vacancy.languages.all()),
            "licences": "\n".join(f"{x.kind} {x.code}" for x in vacancy.licences.all()),
            "it_skills": vacancy.it_skills, "contract_type_code": vacancy.contract_type_code,
            "ccnl_code": vacancy.ccnl_code, "hours_per_week": vacancy.hours_per_week,
            "working_mode_code": vacancy.working_mode_code,
            "publish_from": vacancy.publish_from, "publish_until": vacancy.publish_until,
            "visibility": vacancy.visibility,
        }


class CloseForm(ItalianForm):
    reason = choice(_("Motivo della chiusura"), CloseReason.choices, blank=None, required=True)
    note = text(_("Nota"), NOTE_MAX_CHARS, rows=2)


class NoteForm(ItalianForm):
    note = text(_("Nota"), NOTE_MAX_CHARS, rows=2)
