"""The boards on the counter's public page (training, internships and
scholarships, news), written by the staff, and the citizens' "Mi interessa"
on a published vacancy.

``express_interest`` is, like public booking, a documented exception to
"every service takes the acting user": the citizen has no account; it is
rate-limited with the limits of public booking (desks.services.booking)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from desks.services.booking import bookings_per_hour, counter_bookings_per_hour
from jobs import permissions, tasks
from jobs.audit_actions import (
    BOARD_ITEM_PUBLISHED,
    BOARD_ITEM_SAVED,
    BOARD_ITEM_WITHDRAWN,
    INTEREST_HANDLED,
    INTEREST_RECEIVED,
)
from jobs.errors import IllegalTransition, JobsError, TooManyInterests
from jobs.models import (
    BOARD_BODY_MAX_CHARS,
    BOARD_LINK_MAX_CHARS,
    BOARD_PLACE_MAX_CHARS,
    BOARD_SUMMARY_MAX_CHARS,
    BOARD_TITLE_MAX_CHARS,
    INTEREST_MESSAGE_MAX_CHARS,
    INTEREST_NAME_MAX_CHARS,
    BoardItem,
    BoardItemEvent,
    BoardKind,
    BoardState,
    Interest,
    Vacancy,
)
from jobs.selectors.boards import is_public_vacancy
from jobs.services._shared import PHONE, one_line
from people import selectors as people_selectors
from tenants.queue import on_commit

B = BoardState
TRANSITIONS: dict[str, set[str]] = {
    B.DRAFT: {B.PUBLISHED, B.WITHDRAWN},
    B.PUBLISHED: {B.WITHDRAWN},
    B.WITHDRAWN: {B.PUBLISHED},
}


@dataclass(frozen=True)
class BoardItemData:
    kind: str
    title: str
    summary: str = ""
    body: str = ""
    link: str = ""
    place: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    published_from: date | None = None
    published_until: date | None = None

    @classmethod
    def from_item(cls, item: BoardItem) -> BoardItemData:
        return cls(kind=item.kind, title=item.title, summary=item.summary, body=item.body,
                   link=item.link, place=item.place, starts_on=item.starts_on,
                   ends_on=item.ends_on, published_from=item.published_from,
                   published_until=item.published_until)


def board_item_errors(data: BoardItemData) -> tuple[dict[str, str], dict]:
    errors: dict[str, str] = {}
    values = {
        "kind": data.kind, "title": one_line(data.title), "summary": one_line(data.summary),
        "body": (data.body or "").replace("\r\n", "\n").strip(),
        "link": (data.link or "").strip(), "place": one_line(data.place),
        "starts_on": data.starts_on, "ends_on": data.ends_on,
        "published_from": data.published_from, "published_until": data.published_until,
    }
    if values["kind"] not in BoardKind.values:
        errors["kind"] = "Scegliere la bacheca."
    if not values["title"]:
        errors["title"] = "Indicare il titolo."
    for name, limit in (("title", BOARD_TITLE_MAX_CHARS), ("summary", BOARD_SUMMARY_MAX_CHARS),
                        ("body", BOARD_BODY_MAX_CHARS), ("link", BOARD_LINK_MAX_CHARS),
                        ("place", BOARD_PLACE_MAX_CHARS)):
        if len(values[name]) > limit and name not in errors:
            errors[name] = f"Al massimo {limit} caratteri."
    if values["link"] and "link" not in errors:
        try:
            URLValidator(schemes=["http", "https"])(values["link"])
        except ValidationError:
            errors["link"] = "Indirizzo web non valido (deve iniziare con https://)."
    if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
        errors["ends_on"] = "La fine non può precedere l'inizio."
    if values["published_from"] and values["published_until"] \
            and values["published_until"] < values["published_from"]:
        errors["published_until"] = "La fine della pubblicazione non può precederne l'inizio."
    return errors, values


def _event(item: BoardItem, *, from_state: str, to_state: str, actor) -> None:
    BoardItemEvent.objects.create(item=item, from_state=from_state, to_state=to_state,
                                  actor=actor)


@transaction.atomic
def create_board_item(*, data: BoardItemData, acting_user) -> BoardItem:
    """A new board item, in draft."""
    permissions.check_can_use_jobs(acting_user)
    errors, values = board_item_errors(data)
    if errors:
        raise JobsError.from_errors(errors)
    item = BoardItem.objects.create(**values, created_by=acting_user)
    _event(item, from_state="", to_state=B.DRAFT, actor=acting_user)
    audit.record(action=BOARD_ITEM_SAVED, actor=acting_user, target=item,
                 details={"kind": item.kind})
    return item


@transaction.atomic
def update_board_item(*, item: BoardItem, data: BoardItemData, acting_user) -> BoardItem:
    permissions.check_can_use_jobs(acting_user)
    errors, values = board_item_errors(data)
    if errors:
        raise JobsError.from_errors(errors)
    item = BoardItem.objects.select_for_update().get(pk=item.pk)
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    audit.record(action=BOARD_ITEM_SAVED, actor=acting_user, target=item,
                 details={"kind": item.kind})
    return item


def _transition(item: BoardItem, to_state: str, *, acting_user, action: str) -> BoardItem:
    permissions.check_can_use_jobs(acting_user)
    item = BoardItem.objects.select_for_update().get(pk=item.pk)
    if to_state not in TRANSITIONS[item.state]:
        raise IllegalTransition(f"L'annuncio è {item.get_state_display().lower()}: "
                                f"operazione non ammessa.")
    previous = item.state
    item.state = to_state
    fields = ["state", "updated_at"]
    if to_state == B.PUBLISHED:
        item.published_at = timezone.now()
        fields.append("published_at")
    item.save(update_fields=fields)
    _event(item, from_state=previous, to_state=to_state, actor=acting_user)
    audit.record(action=action, actor=acting_user, target=item, details={"from": previous})
    return item


@transaction.atomic
def publish_board_item(*, item: BoardItem, acting_user) -> BoardItem:
    return _transition(item, B.PUBLISHED, acting_user=acting_user, action=BOARD_ITEM_PUBLISHED)


@transaction.atomic
def withdraw_board_item(*, item: BoardItem, acting_user) -> BoardItem:
    return _transition(item, B.WITHDRAWN, acting_user=acting_user, action=BOARD_ITEM_WITHDRAWN)


# --- "Mi interessa" -------------------------------------------------------------------

def interest_errors(*, name: str, email: str, phone: str, message: str,
                    privacy_acknowledged: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Indichi nome e cognome."
    elif len(name) > INTEREST_NAME_MAX_CHARS:
        errors["name"] = f"Al massimo {INTEREST_NAME_MAX_CHARS} caratteri."
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Indirizzo e-mail non valido."
    if phone and not PHONE.match(phone):
        errors["phone"] = "Numero di telefono non valido."
    if not email and not phone and "email" not in errors:
        errors["email"] = "Indichi un indirizzo e-mail o un numero di telefono per essere " \
                          "ricontattato."
    if len(message) > INTEREST_MESSAGE_MAX_CHARS:
        errors["message"] = f"Al massimo {INTEREST_MESSAGE_MAX_CHARS} caratteri."
    if not privacy_acknowledged:
        errors["privacy"] = "Per inviare occorre dichiarare di aver letto l'informativa."
    return errors


@transaction.atomic
def express_interest(*, vacancy: Vacancy, name: str, email: str, phone: str, message: str,
                     privacy_acknowledged: bool, ip_address: str | None = None,
                     now: datetime | None = None) -> Interest:
    """A citizen says "Mi interessa" on a published vacancy from the public
    page; the desk sees it among its interests. No account: audited under the
    contact given. Limited per hour as public booking is. After the commit,
    an e-mail tells the counter's contact address (jobs.tasks.send_interest_notice)."""
    now = now or timezone.now()
    name, phone = one_line(name), one_line(phone)
    email = (email or "").strip().lower()
    message = (message or "").replace("\r\n", "\n").strip()
    errors = interest_errors(name=name, email=email, phone=phone, message=message,
                             privacy_acknowledged=privacy_acknowledged)
    if errors:
        raise JobsError.from_errors(errors)
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)  # serialises the count
    if not is_public_vacancy(vacancy, today=timezone.localdate(now)):
        raise JobsError("L'offerta non è più pubblicata.", field="name")
    recent = Interest.objects.filter(created_at__gte=now - timedelta(hours=1))
    later = "riprovi più tardi o si rivolga allo sportello."
    if ip_address and recent.filter(requester_ip=ip_address).count() >= bookings_per_hour():
        raise TooManyInterests(f"Troppe richieste da questa connessione nell'ultima ora: "
                               f"{later}")
    if email and recent.filter(email=email).count() >= bookings_per_hour():
        raise TooManyInterests(f"Troppe richieste con questo indirizzo e-mail nell'ultima ora: "
                               f"{later}", field="email")
    if recent.count() >= counter_bookings_per_hour():
        raise TooManyInterests(f"Lo sportello ha ricevuto molte richieste nell'ultima ora: "
                               f"{later}")
    notice = people_selectors.current_notice()
    interest = Interest.objects.create(
        vacancy=vacancy, name=name, email=email, phone=phone, message=message,
        privacy_notice_version=notice.version if notice else "", requester_ip=ip_address)
    audit.record(action=INTEREST_RECEIVED, actor_label=email or phone, target=interest,
                 details={"vacancy": vacancy.pk})
    # The counter's contact address is told (without the message or contacts).
    on_commit(tasks.send_interest_notice, interest.pk)
    return interest


@transaction.atomic
def mark_interest_handled(*, interest: Interest, acting_user) -> Interest:
    permissions.check_can_use_jobs(acting_user)
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    if interest.handled_at is None:
        interest.handled_at, interest.handled_by = timezone.now(), acting_user
        interest.save(update_fields=["handled_at", "handled_by"])
        audit.record(action=INTEREST_HANDLED, actor=acting_user, target=interest)
    return interest
