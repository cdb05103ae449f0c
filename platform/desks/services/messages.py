"""Writing to people: the counter's message models (templates) and the
e-mails written from them, stored as sent and delivered by the worker."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from audit import services as audit
from core import wording
from desks import delivery, permissions, rendering, selectors, tasks
from desks.audit_actions import MESSAGE_QUEUED, TEMPLATE_SAVED
from desks.errors import DeskError
from desks.models import MessageTemplate, OutgoingMessage
from desks.services._shared import assign, one_line, unique_code, user_or_none
from people import services as people_services
from people.models import ConsentPurpose, Person
from tenants.queue import on_commit


# --- Message models ---------------------------------------------------------
def _template_values(*, name: str, subject: str, body: str) -> dict:
    errors = {}
    name, subject, body = one_line(name), one_line(subject), body.strip()
    if not name:
        errors["name"] = "Indicare il nome del modello."
    if not subject:
        errors["subject"] = "Indicare l'oggetto."
    if not body:
        errors["body"] = "Indicare il testo."
    for field, text in (("subject", subject), ("body", body)):
        unknown = rendering.unknown_placeholders(text)
        if unknown and field not in errors:
            known = ", ".join("{{ " + name + " }}" for name in rendering.PLACEHOLDERS)
            errors[field] = (f"Segnaposto sconosciuto: {', '.join(unknown)}. "
                             f"Quelli disponibili sono: {known}.")
    if errors:
        raise DeskError.from_errors(errors)
    return {"name": name, "subject": subject, "body": body}


@transaction.atomic
def create_message_template(*, name: str, subject: str, body: str,
                            acting_user) -> MessageTemplate:
    permissions.check_can_manage_counter(acting_user)
    values = _template_values(name=name, subject=subject, body=body)
    template = MessageTemplate.objects.create(
        code=unique_code(MessageTemplate, values["name"]), **values)
    audit.record(action=TEMPLATE_SAVED, actor=acting_user, target=template,
                 details={"created": True})
    return template


@transaction.atomic
def update_message_template(*, template: MessageTemplate, name: str, subject: str, body: str,
                            is_active: bool = True, acting_user) -> MessageTemplate:
    permissions.check_can_manage_counter(acting_user)
    values = _template_values(name=name, subject=subject, body=body)
    values["is_active"] = is_active
    assign(template, values)
    template.save()
    audit.record(action=TEMPLATE_SAVED, actor=acting_user, target=template)
    return template


# --- Outgoing messages ------------------------------------------------------
def message_values(*, person: Person, acting_user, extra: dict | None = None) -> dict[str, str]:
    """What each placeholder says for this person, now."""
    today = timezone.localdate()
    site = delivery.site_name()
    values = {
        "nome": person.first_name, "cognome": person.last_name,
        "nome_completo": person.full_name, "sportello": site,
        "dell_ente": wording.of_administration(site, delivery.site_kind()),
        "operatore": (acting_user.get_full_name() or acting_user.email) if acting_user else "",
        "data_oggi": wording.day_text(today, weekday=False),
        "data_appuntamento": "", "ora_appuntamento": "", "documenti": "", "testo": "",
    }
    upcoming = selectors.next_appointment(person=person)
    if upcoming is not None:
        when = timezone.localtime(upcoming.starts_at)
        values["data_appuntamento"] = wording.day_text(when)
        values["ora_appuntamento"] = when.strftime("%H:%M")
    for key, value in (extra or {}).items():
        if key in rendering.PLACEHOLDERS and value is not None:
            values[key] = str(value).strip()
    return values


_MISSING = {
    "data_appuntamento": ("template", "Il modello cita un appuntamento, ma la persona non ha "
                                      "appuntamenti in programma."),
    "ora_appuntamento": ("template", "Il modello cita un appuntamento, ma la persona non ha "
                                     "appuntamenti in programma."),
    "documenti": ("documenti", "Il modello richiede l'elenco dei documenti: lo scriva qui."),
    "testo": ("testo", "Il modello richiede un testo: lo scriva qui."),
}


def render_message(*, template: MessageTemplate, person: Person, acting_user,
                   extra: dict | None = None, strict: bool = True) -> tuple[str, str]:
    """Subject and body for ``person``, as ``acting_user`` would send them.
    Strict: a placeholder without a value is an error at the field that can
    give it."""
    permissions.check_can_use_agenda(acting_user)
    values = message_values(person=person, acting_user=acting_user, extra=extra)
    if strict:
        errors: dict[str, str] = {}
        for name in rendering.used_placeholders(template.subject, template.body):
            if not values.get(name) and name in _MISSING:
                field, message = _MISSING[name]
                errors.setdefault(field, message)
        if errors:
            raise DeskError.from_errors(errors)
    return (rendering.render(template.subject, values), rendering.render(template.body, values))


def build_message(*, person: Person, template: MessageTemplate | None, subject: str, body: str,
                  acting_user) -> OutgoingMessage:
    """The e-mail row ``send_message`` queues (rendered from ``template``; none for
    the platform's own notices, such as a new appointment time), unsaved: the one
    builder of these rows."""
    return OutgoingMessage(
        person=person, template=template, subject=subject, body=body, to_address=person.email,
        sent_by=user_or_none(acting_user))


def message_audit(message: OutgoingMessage, **details) -> dict:
    """The audit record of a queued e-mail (``audit.record(**message_audit(row))``,
    or ``audit.build_event`` for the writers that insert many at once)."""
    return dict(action=MESSAGE_QUEUED, actor=message.sent_by, target=message.person,
                details={"message": message.pk,
                         **({"template": message.template.code} if message.template else {}),
                         **details})


@transaction.atomic
def send_message(*, person: Person, template: MessageTemplate, acting_user,
                 extra: dict | None = None) -> OutgoingMessage:
    """Write to a person from a model: stored as sent, delivered by a task
    after commit, once. Needs an e-mail and the consent to service delivery."""
    permissions.check_can_use_agenda(acting_user)
    if not person.email:
        raise DeskError("La persona non ha un indirizzo e-mail: lo aggiunga nella sua scheda "
                        "prima di scriverle.", field="email", code="email_mancante")
    people_services.require_consent(person=person, purpose=ConsentPurpose.SERVICE)
    if not template.is_active:
        raise DeskError("Questo modello non è più attivo.", field="template")
    subject, body = render_message(template=template, person=person, acting_user=acting_user,
                                   extra=extra)
    message = build_message(person=person, template=template, subject=subject, body=body,
                            acting_user=acting_user)
    message.save(force_insert=True)
    audit.record(**message_audit(message))
    on_commit(tasks.deliver_message, message.pk)
    return message
