"""Vacancies and staffing needs as the desk sees them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.errors import NotFound
from jobs import permissions
from jobs.models import NeedStatus, StaffingNeed, Vacancy, VacancyStatus


@dataclass(frozen=True)
class VacancyFilters:
    text: str = ""
    status: str = ""
    profession: str = ""
    comune: str = ""
    employer_id: int | None = None
    visibility: str = ""


def vacancies_for(*, actor, filters: VacancyFilters = VacancyFilters()) -> QuerySet[Vacancy]:
    if not permissions.can_use_jobs(actor):
        return Vacancy.objects.none()
    vacancies = Vacancy.objects.select_related("employer")
    text = " ".join((filters.text or "").split())
    if text:
        vacancies = vacancies.filter(Q(title__icontains=text)
                                     | Q(employer__name__icontains=text))
    if filters.status:
        vacancies = vacancies.filter(status=filters.status)
    if filters.profession:
        vacancies = vacancies.filter(profession_code__startswith=filters.profession.strip())
    if filters.comune:
        vacancies = vacancies.filter(comune_code=filters.comune.strip().upper())
    if filters.employer_id:
        vacancies = vacancies.filter(employer_id=filters.employer_id)
    if filters.visibility:
        vacancies = vacancies.filter(visibility=filters.visibility)
    return vacancies.order_by("-created_at", "-id")


def get_vacancy_for(*, actor, vacancy_id: int) -> Vacancy:
    if not permissions.can_use_jobs(actor):
        raise NotFound("Offerta non trovata.")
    vacancy = (Vacancy.objects.select_related("employer", "site", "need")
               .prefetch_related("languages", "licences").filter(pk=vacancy_id).first())
    if vacancy is None:
        raise NotFound("Offerta non trovata.")
    return vacancy


def vacancy_events(vacancy: Vacancy):
    return list(vacancy.events.select_related("actor").order_by("occurred_at", "id"))


def vacancy_counts(*, actor) -> dict[str, int]:
    if not permissions.can_use_jobs(actor):
        return {}
    rows = Vacancy.objects.values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(VacancyStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def expiring_soon(*, actor, days: int = 7) -> list[Vacancy]:
    if not permissions.can_use_jobs(actor):
        return []
    today = timezone.localdate()
    return list(Vacancy.objects.select_related("employer").filter(
        status=VacancyStatus.PUBLISHED, publish_until__gte=today,
        publish_until__lte=today + timezone.timedelta(days=days)).order_by("publish_until"))


# --- Staffing needs ---------------------------------------------------------
def needs_for(*, actor, status: str = "") -> QuerySet[StaffingNeed]:
    if not permissions.can_use_jobs(actor):
        return StaffingNeed.objects.none()
    needs = StaffingNeed.objects.select_related("employer")
    if status:
        needs = needs.filter(status=status)
    return needs.order_by("-created_at", "-id")


def open_needs_count(*, actor) -> int:
    return needs_for(actor=actor).filter(
        status__in=[NeedStatus.RECEIVED, NeedStatus.REVIEWED]).count()


def get_need_for(*, actor, need_id: int) -> StaffingNeed:
    need = needs_for(actor=actor).filter(pk=need_id).first()
    if need is None:
        raise NotFound("Richiesta non trovata.")
    return need


def need_events(need: StaffingNeed):
    return list(need.events.select_related("actor").order_by("occurred_at", "id"))


def draft_from_need(need: StaffingNeed) -> dict:
    """The vacancy form's initial values from what the employer wrote."""
    return {"employer": need.employer_id, "title": need.profession_text,
            "profession_code": need.profession_code, "comune_code": need.comune_code,
            "description": need.description, "positions": need.positions}
