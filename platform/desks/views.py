"""The counter's pages: the public page and booking (anonymous), the agenda
(all staff), the service list, hours and message models (administrator),
and the messages to a person."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import fields as boundary
from core import wording
from core.errors import ServiceError
from core.http import client_ip
from desks import closures, permissions, selectors, services
from desks.forms import (
    AppointmentForm,
    AppointmentUpdateForm,
    BookingForm,
    ClosureForm,
    CounterContactForm,
    MessageForm,
    MessageTemplateForm,
    OpeningHoursForm,
    RescheduleForm,
    ServiceForm,
    StatusForm,
    staff_choices,
)
from desks.models import Appointment, OpeningHours, Service
from desks.rendering import PLACEHOLDERS
from people import selectors as people_selectors
from people import services as people_services
from people.models import Person
from ui.decorators import role_required
from ui.forms import apply_service_error
from ui.shortcuts import found_or_404

staff_required = role_required(permissions.can_use_agenda)
admin_required = role_required(permissions.can_manage_counter)


def _person_or_404(request, person_id: int, *, audit_read: bool = True) -> Person:
    person = found_or_404(people_selectors.get_person_for, actor=request.user,
                          person_id=person_id)
    if audit_read:
        people_services.record_person_read(person=person, acting_user=request.user)
    return person


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# --- Public page and booking (no account) ---------------------------------
def _counter(request) -> dict:
    """What every citizen page shows of the counter: its name with the
    article, contacts, opening hours."""
    tenant = request.tenant
    return {"tenant": tenant, "counter_title": wording.counter_title(tenant.name, tenant.kind),
            "of_counter": wording.of_administration(tenant.name, tenant.kind),
            "contact": selectors.counter_contact(), "hours": selectors.hours_by_weekday()}


@require_GET
def public_page(request):
    by_area: dict[str, list[Service]] = {}
    for service in selectors.public_services():
        by_area.setdefault(service.get_area_display(), []).append(service)
    return render(request, "desks/public_page.html", {
        **_counter(request), "services_by_area": sorted(by_area.items()),
        "closures": selectors.upcoming_closures(),
    })


def _booking_page(request, form, status=200):
    slots = selectors.free_slots()
    return render(request, "desks/booking.html", {
        **_counter(request),
        "form": form, "days": selectors.slots_by_day(slots),
        "chosen": form["slot"].value() or "",
        "notice": people_selectors.current_notice(),
        "horizon": selectors.BOOKING_HORIZON_DAYS,
        "closures": selectors.upcoming_closures(days=selectors.BOOKING_HORIZON_DAYS),
    }, status=status)


@require_http_methods(["GET", "POST"])
def booking(request):
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.book_online(
                slot_start=selectors.parse_slot_key(data["slot"]), name=data["name"],
                email=data["email"], phone=data["phone"], reason=data["reason"],
                privacy_acknowledged=data["privacy"], service=data["service"],
                ip_address=client_ip(request))
        except ServiceError as exc:
            apply_service_error(form, exc)
            return _booking_page(request, form, status=exc.status)
        request.session["desks_booking"] = appointment.pk
        return redirect("desks:booking_done")
    return _booking_page(request, form, status=400 if form.errors else 200)


@require_GET
def booking_done(request):
    appointment = selectors.online_booking(appointment_id=request.session.get("desks_booking"))
    if appointment is None:
        return redirect("desks:booking")
    return render(request, "desks/booking_done.html", {**_counter(request),
                                                        "appointment": appointment})


def _link_invalid(request, exc: ServiceError):
    return render(request, "desks/booking_link_invalid.html", {
        **_counter(request), "message": exc.message}, status=exc.status)


@require_GET
def my_booking(request, token: str):
    """The citizen's booking, from the link in the confirmation e-mail."""
    try:
        appointment = selectors.booking_from_link(token=token)
    except ServiceError as exc:
        return _link_invalid(request, exc)
    return render(request, "desks/my_booking.html", {
        **_counter(request), "appointment": appointment, "token": token,
        "can_cancel": selectors.can_cancel_online(appointment)})


@require_http_methods(["GET", "POST"])
def my_booking_cancel(request, token: str):
    """A confirmation step (GET), then the cancellation (POST, with CSRF)."""
    try:
        appointment = selectors.booking_from_link(token=token)
    except ServiceError as exc:
        return _link_invalid(request, exc)
    error = None
    if request.method == "POST":
        try:
            appointment = services.cancel_booking_online(token=token)
        except ServiceError as exc:
            error = exc.message
        else:
            return render(request, "desks/my_booking_cancelled.html", {
                **_counter(request), "appointment": appointment})
    return render(request, "desks/my_booking_cancel.html", {
        **_counter(request), "appointment": appointment, "token": token, "error": error,
        "can_cancel": selectors.can_cancel_online(appointment)},
        status=409 if error else 200)


# --- Agenda -----------------------------------------------------------------
def _parse_date(value: str | None) -> date:
    return boundary.parse_date(value, default=timezone.localdate())


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@staff_required
@require_GET
def agenda(request):
    day = _parse_date(request.GET.get("data"))
    view = "giorno" if request.GET.get("vista") == "giorno" else "settimana"
    if view == "settimana":
        first = day - timedelta(days=day.weekday())
        last, step = first + timedelta(days=6), 7
    else:
        first = last = day
        step = 1
    operator_id = _int_or_none(request.GET.get("operatore"))
    status = request.GET.get("stato") or None
    if status not in Appointment.Status.values:
        status = None
    items = list(selectors.appointments(actor=request.user, first_day=first, last_day=last,
                                        operator_id=operator_id, status=status))
    by_day: dict[date, list[Appointment]] = {}
    for appointment in items:
        by_day.setdefault(timezone.localdate(appointment.starts_at), []).append(appointment)
    days = [(first + timedelta(days=n), by_day.get(first + timedelta(days=n), []))
            for n in range((last - first).days + 1)]
    return render(request, "desks/agenda.html", {
        "closed": closures.closed_days(first, last),
        "days": days, "view": view, "day": day, "first": first, "last": last,
        "previous": day - timedelta(days=step), "next": day + timedelta(days=step),
        "today": timezone.localdate(), "operators": staff_choices(),
        "operator_id": operator_id, "status": status or "",
        "statuses": Appointment.Status.choices, "count": len(items),
        "status_form": StatusForm(),
    })


@staff_required
@require_GET
def person_picker(request):
    """Results as you type: people to attach to an appointment (radio buttons)."""
    people = people_selectors.search_people(actor=request.user, text=request.GET.get("q", ""),
                                            limit=10) if request.GET.get("q") else []
    return render(request, "desks/_person_picker.html", {"people": people})


@staff_required
@require_http_methods(["GET", "POST"])
def appointment_create(request):
    initial = {"operator": request.user.pk, "date": _parse_date(request.GET.get("data")),
               "minutes": 30}
    person = None
    person_id = _int_or_none(request.POST.get("person") or request.GET.get("persona"))
    if person_id:
        person = _person_or_404(request, person_id, audit_read=False)
    form = AppointmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.schedule_appointment(
                person=person, starts_at=form.starts_at(), kind=data["kind"],
                acting_user=request.user, operator=data["operator"], minutes=data["minutes"],
                notes=data["notes"], service=data["service"])
        except ServiceError as exc:
            apply_service_error(form, exc, aliases=form.SERVICE_FIELDS)
        else:
            messages.success(request, "Appuntamento fissato.")
            local = timezone.localdate(appointment.starts_at)
            return redirect(f"{reverse('desks:agenda')}?data={local:%Y-%m-%d}&vista=giorno")
    return render(request, "desks/appointment_form.html", {"form": form, "person": person})


def _appointment_or_404(request, appointment_id: int) -> Appointment:
    return found_or_404(selectors.get_appointment_for, actor=request.user,
                   appointment_id=appointment_id)


def _appointment_page(request, appointment, *, status_form=None, update_form=None, status=200):
    return render(request, "desks/appointment_detail.html", {
        "a": appointment, "events": selectors.appointment_events(appointment=appointment),
        "status_form": status_form or StatusForm(),
        "update_form": update_form or AppointmentUpdateForm(),
    }, status=status)


@staff_required
@require_GET
def appointment_detail(request, appointment_id: int):
    return _appointment_page(request, _appointment_or_404(request, appointment_id))


@staff_required
@require_POST
def appointment_status(request, appointment_id: int):
    appointment = _appointment_or_404(request, appointment_id)
    form = StatusForm(request.POST)
    error = None
    if form.is_valid():
        try:
            appointment = services.change_appointment_status(
                appointment=appointment, status=form.cleaned_data["status"],
                acting_user=request.user, note=form.cleaned_data["note"])
        except ServiceError as exc:
            error = exc.message
            apply_service_error(form, exc)
    else:
        error = "Stato di destinazione non valido."
    if request.htmx:
        appointment = selectors.get_appointment_for(actor=request.user,
                                                    appointment_id=appointment.pk)
        return render(request, "desks/_appointment_row.html", {
            "a": appointment, "row_error": error, "row_done": error is None,
            "next_url": request.headers.get("HX-Current-URL", "")})
    if error is None:
        messages.success(request, f"Appuntamento: {appointment.get_status_display().lower()}.")
        return redirect(_safe_next(request, reverse("desks:appointment", args=[appointment.pk])))
    return _appointment_page(request, appointment, status_form=form, status=409)


@staff_required
@require_POST
def appointment_update(request, appointment_id: int):
    appointment = _appointment_or_404(request, appointment_id)
    form = AppointmentUpdateForm(request.POST)
    if form.is_valid():
        person_id = form.cleaned_data["person"]
        person = _person_or_404(request, person_id, audit_read=False) if person_id else None
        try:
            services.update_appointment(appointment=appointment, acting_user=request.user,
                                        operator=form.cleaned_data["operator"], person=person)
        except ServiceError as exc:
            apply_service_error(form, exc, aliases=form.SERVICE_FIELDS)
        else:
            messages.success(request, "Appuntamento aggiornato.")
            return redirect("desks:appointment", appointment_id=appointment.pk)
    return _appointment_page(request, appointment, update_form=form, status=400)


def _reschedule_page(request, appointment, form, *, status=200):
    return render(request, "desks/appointment_reschedule.html", {
        "a": appointment, "form": form,
        "slots": selectors.reschedule_slots(appointment=appointment,
                                            start_day=_parse_date(request.GET.get("dal"))),
    }, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def appointment_reschedule(request, appointment_id: int):
    """Move a booked appointment to another free time; the citizen is told."""
    appointment = _appointment_or_404(request, appointment_id)
    form = RescheduleForm(request.POST or None, initial={
        "date": timezone.localdate(appointment.starts_at),
        "time": timezone.localtime(appointment.starts_at).time()})
    status = 200 if request.method == "GET" else 400
    if request.method == "POST" and form.is_valid():
        try:
            done = services.reschedule_appointment(
                appointment=appointment, starts_at=form.starts_at(), acting_user=request.user,
                note=form.cleaned_data["note"])
        except ServiceError as exc:
            apply_service_error(form, exc, aliases=form.SERVICE_FIELDS)
            status = exc.status
        else:
            when = timezone.localtime(done.appointment.starts_at)
            messages.success(request, f"Appuntamento spostato al {when:%d/%m/%Y} alle "
                                      f"{when:%H:%M}. {done.notice}")
            return redirect("desks:appointment", appointment_id=appointment.pk)
    return _reschedule_page(request, appointment, form, status=status)


# --- The service list, hours, message models (administrator) ---------------
@admin_required
@require_GET
def service_list(request):
    return render(request, "desks/services.html", {
        "services": selectors.services(), "tab": "servizi"})


@admin_required
@require_http_methods(["GET", "POST"])
def service_create(request):
    form = ServiceForm(request.POST or None, initial={"area": Service.Area.OTHER, "order": 0})
    if request.method == "POST" and form.is_valid():
        try:
            service = services.create_service(**form.service_values(), acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Servizio «{service.name}» aggiunto.")
            return redirect("desks:services")
    return render(request, "desks/service_form.html", {"form": form, "service": None,
                                                        "tab": "servizi"})


@admin_required
@require_http_methods(["GET", "POST"])
def service_edit(request, service_id: int):
    service = found_or_404(selectors.get_service_for, actor=request.user, service_id=service_id)
    form = ServiceForm(request.POST or None, initial={
        "name": service.name, "area": service.area, "description": service.description,
        "order": service.order, "internal": not service.is_public})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_service(service=service, **form.service_values(),
                                    acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Servizio «{service.name}» salvato.")
            return redirect("desks:services")
    return render(request, "desks/service_form.html", {"form": form, "service": service,
                                                        "tab": "servizi"})


@admin_required
@require_POST
def service_toggle(request, service_id: int):
    service = found_or_404(selectors.get_service_for, actor=request.user, service_id=service_id)
    active = request.POST.get("active") == "1"
    services.set_service_active(service=service, active=active, acting_user=request.user)
    messages.success(request, f"Servizio «{service.name}» "
                              f"{'riattivato' if active else 'disattivato'}.")
    return redirect("desks:services")


def _hours_page(request, form, *, editing: OpeningHours | None = None, status=200):
    return render(request, "desks/hours.html", {
        "hours": selectors.opening_hours(), "form": form, "editing": editing,
        "tab": "orari"}, status=status)


@admin_required
@require_http_methods(["GET", "POST"])
def hours(request):
    form = OpeningHoursForm(request.POST or None, initial={"slot_minutes": 30})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_opening_hours(**form.cleaned_data, acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Fascia oraria aggiunta.")
            return redirect("desks:hours")
    return _hours_page(request, form, status=400 if form.errors else 200)


@admin_required
@require_http_methods(["GET", "POST"])
def hours_edit(request, hours_id: int):
    row = found_or_404(selectors.get_opening_hours_for, actor=request.user, hours_id=hours_id)
    form = OpeningHoursForm(request.POST or None, initial={
        "weekday": row.weekday, "opens_at": row.opens_at, "closes_at": row.closes_at,
        "slot_minutes": row.slot_minutes})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_opening_hours(hours=row, **form.cleaned_data,
                                          acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Fascia oraria salvata.")
            return redirect("desks:hours")
    return _hours_page(request, form, editing=row, status=400 if form.errors else 200)


@admin_required
@require_POST
def hours_delete(request, hours_id: int):
    row = found_or_404(selectors.get_opening_hours_for, actor=request.user, hours_id=hours_id)
    services.remove_opening_hours(hours=row, acting_user=request.user)
    messages.success(request, "Fascia oraria eliminata: gli appuntamenti già prenotati restano.")
    return redirect("desks:hours")


@admin_required
@require_http_methods(["GET", "POST"])
def contacts(request):
    contact = selectors.counter_contact()
    form = CounterContactForm(request.POST or None, initial={
        "address": contact.address, "phone": contact.phone, "email": contact.email,
        "hours_note": contact.hours_note})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_counter_contact(**form.cleaned_data, acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Contatti salvati: sono sulla pagina pubblica e nelle "
                                      "conferme delle prenotazioni.")
            return redirect("desks:contacts")
    return render(request, "desks/contacts.html", {"form": form, "tab": "contatti"},
                  status=400 if form.errors else 200)


@admin_required
@require_http_methods(["GET", "POST"])
def closure_list(request):
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closure = services.add_closure(**form.cleaned_data, acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Chiusura aggiunta: {closure}. Nessun appuntamento si "
                                      "potrà prenotare o fissare in quei giorni.")
            return redirect("desks:closures")
    today = timezone.localdate()
    return render(request, "desks/closures.html", {
        "form": form, "tab": "chiusure", "closures": selectors.closure_list(from_day=today),
        "holidays": [(day, name) for day, name in sorted(
            closures.closed_days(today, today + timedelta(days=365)).items())
            if closures.holiday_name(day)],
    }, status=400 if form.errors else 200)


@admin_required
@require_POST
def closure_delete(request, closure_id: int):
    closure = found_or_404(selectors.get_closure_for, actor=request.user, closure_id=closure_id)
    label = str(closure)
    services.remove_closure(closure=closure, acting_user=request.user)
    messages.success(request, f"Chiusura eliminata: {label}.")
    return redirect("desks:closures")


@admin_required
@require_GET
def template_list(request):
    return render(request, "desks/templates.html", {
        "templates": selectors.message_templates(), "tab": "modelli"})


@admin_required
@require_http_methods(["GET", "POST"])
def template_form(request, template_id: int | None = None):
    template = None
    initial = {"is_active": True}
    if template_id is not None:
        template = found_or_404(selectors.get_template_for, actor=request.user,
                           template_id=template_id)
        initial = {"name": template.name, "subject": template.subject, "body": template.body,
                   "is_active": template.is_active}
    form = MessageTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if template is None:
                template = services.create_message_template(
                    name=data["name"], subject=data["subject"], body=data["body"],
                    acting_user=request.user)
            else:
                services.update_message_template(template=template, **data,
                                                 acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Modello «{template.name}» salvato.")
            return redirect("desks:templates")
    return render(request, "desks/template_form.html", {
        "form": form, "template": template, "placeholders": PLACEHOLDERS, "tab": "modelli"})


# --- Messages to a person ----------------------------------------------------
@staff_required
@require_GET
def person_messages(request, person_id: int):
    person = _person_or_404(request, person_id)
    items = selectors.messages_for_person(actor=request.user, person=person)
    page = Paginator(items, 25).get_page(request.GET.get("pagina"))
    return render(request, "desks/person_messages.html", {"person": person, "page": page})


@staff_required
@require_http_methods(["GET", "POST"])
def message_create(request, person_id: int):
    person = _person_or_404(request, person_id, audit_read=request.method == "GET")
    initial = {"recipient": person.email or "Nessun indirizzo e-mail",
               "template": request.GET.get("modello")}
    form = MessageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.send_message(person=person, template=data["template"],
                                  acting_user=request.user,
                                  extra={"documenti": data["documenti"], "testo": data["testo"]})
        except ServiceError as exc:
            apply_service_error(form, exc, aliases=form.SERVICE_FIELDS)
        else:
            messages.success(request, f"Messaggio a {person.email} in invio: lo trova nella "
                                      "cronologia della persona.")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "desks/message_form.html", {
        "form": form, "person": person}, status=400 if form.errors else 200)


@staff_required
@require_GET
def message_preview(request, person_id: int):
    person = _person_or_404(request, person_id, audit_read=False)
    template_id = _int_or_none(request.GET.get("template"))
    subject = body = None
    if template_id:
        template = found_or_404(selectors.get_template_for, actor=request.user,
                           template_id=template_id, active_only=True)
        subject, body = services.render_message(
            template=template, person=person, acting_user=request.user, strict=False,
            extra={"documenti": request.GET.get("documenti", ""),
                   "testo": request.GET.get("testo", "")})
    return render(request, "desks/_message_preview.html", {"subject": subject, "body": body})


@staff_required
@require_GET
def message_detail(request, person_id: int, message_id: int):
    person = _person_or_404(request, person_id)
    message = found_or_404(selectors.get_message_for, actor=request.user, message_id=message_id,
                      person=person)
    return render(request, "desks/message_detail.html", {"person": person, "message": message})
