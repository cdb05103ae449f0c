"""The operator's worklist on the counter's home page: what waits on them
today. Each section is a read of its own domain's selectors; here they are
only put side by side, each with its count and its first rows.

Scope: an operator sees their own work (and today's appointments nobody has
taken yet); a coordinator or the tenant administrator can switch to the
whole counter (``?vista=tutte``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from assessments import selectors as assessment_selectors
from casework import selectors as casework_selectors
from desks import selectors as desk_selectors
from exchange import selectors as exchange_selectors
from jobs import permissions as jobs_permissions
from jobs.selectors import boards as jobs_boards
from jobs.selectors import vacancies as jobs_vacancies

ROWS = 8  # rows shown per section; the count says how many there are
ALL, MINE = "tutte", "mie"


@dataclass
class Section:
    key: str
    title: str
    empty: str
    rows: list
    count: int
    link: str = ""
    link_label: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def more(self) -> int:
        if self.extra.get("totals"):  # rows are counts by kind: nothing more to list
            return 0
        return max(0, self.count - len(self.rows) - len(self.extra.get("to_book", ())))


def _first_rows(items: QuerySet) -> tuple[list, int]:
    """The first rows and the total: two queries, however many rows there are."""
    return list(items[:ROWS]), items.count()


def can_see_all(user) -> bool:
    return permissions.can_view_dashboard(user)


def scope_of(request) -> str:
    asked = request.GET.get("vista")
    return ALL if asked == ALL and can_see_all(request.user) else MINE


def sections(*, user, scope: str) -> list[Section]:
    mine = None if scope == ALL else user
    now = timezone.now()
    today = timezone.localdate(now)

    rows, count = _first_rows(desk_selectors.todays_appointments(actor=user, operator=mine,
                                                                 day=today))
    agenda = f"{reverse('desks:agenda')}?data={today:%Y-%m-%d}&vista=giorno"
    if mine is not None:
        agenda += f"&operatore={user.pk}"
    result = [Section(key="oggi", title="Appuntamenti di oggi", rows=rows, count=count,
                      empty="Nessun appuntamento in programma oggi.", link=agenda,
                      link_label="Apri l'agenda di oggi")]

    rows, count = _first_rows(desk_selectors.second_interviews_due(actor=user, operator=mine,
                                                                   now=now))
    for appointment in rows:
        appointment.overdue = appointment.starts_at < now
    to_book, to_book_count = _first_rows(assessment_selectors.second_interviews_to_book(
        actor=user, operator=mine))
    result.append(Section(
        key="secondi-colloqui", title="Secondi colloqui", rows=rows, count=count + to_book_count,
        empty="Nessun secondo colloquio in sospeso.",
        extra={"to_book": to_book, "to_book_count": to_book_count, "booked_count": count}))

    rows, count = _first_rows(casework_selectors.pathways_waiting(actor=user, operator=mine,
                                                                  now=now))
    for pathway in rows:
        pathway.waiting_reason = casework_selectors.waiting_reason(pathway)
        pathway.idle_days = ((now - pathway.last_event_at).days if pathway.last_event_at
                             else None)
    result.append(Section(key="percorsi", title="Percorsi in attesa dello sportello", rows=rows,
                          count=count, empty="Nessun percorso in attesa."))

    rows, count = _first_rows(desk_selectors.failed_messages(actor=user, sender=mine))
    result.append(Section(key="messaggi", title="Messaggi non inviati", rows=rows, count=count,
                          empty="Nessun messaggio in errore."))
    if jobs_permissions.can_use_jobs(user) and getattr(connection.tenant, "offers_job_desk", False):
        result.append(_job_desk(user))
    return result


def _job_desk(user) -> Section:
    """What the job desk owes people outside: staffing needs sent by employers,
    citizens' «Mi interessa», other counters' requests for contact (the whole
    counter's, three counts)."""
    waiting = [
        ("Richieste di personale delle aziende da esaminare",
         jobs_vacancies.open_needs_count(actor=user), reverse("jobs:needs")),
        ("«Mi interessa» dei cittadini da gestire",
         jobs_boards.open_interests_count(actor=user), reverse("jobs:interests")),
        ("Richieste di contatto di altri sportelli da rispondere",
         exchange_selectors.open_requests_count(actor=user), reverse("exchange:requests")),
    ]
    return Section(key="lavoro", title="Sportello Lavoro", count=sum(n for _, n, _ in waiting),
                   rows=[(label, n, link) for label, n, link in waiting if n],
                   empty="Nessuna richiesta in attesa.", extra={"totals": True})


def context(request) -> dict:
    scope = scope_of(request)
    return {"worklist": sections(user=request.user, scope=scope), "scope": scope,
            "can_see_all": can_see_all(request.user), "scope_all": ALL, "scope_mine": MINE}
