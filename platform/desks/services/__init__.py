"""Writes on the counter, one module per sub-domain:

- ``calendar``: staff bookings, the explicit status transitions, rescheduling,
  the closed days nothing can be scheduled on;
- ``booking``: the citizen's public booking and its cancellation from the
  signed link (the anonymous exceptions: no ``acting_user``);
- ``counter``: the services offered, opening hours, contacts and closures
  (the counter's administrator);
- ``messages``: message models and the e-mails written from them.

Every service takes typed, keyword-only values and the acting user, which it
checks through ``desks.permissions``. The names below are the package's API:
``from desks import services; services.schedule_appointment(...)``. The
worker's e-mail deliveries are in ``desks.delivery``, the audit codes in
``desks.audit_actions``.
"""

from desks.audit_actions import (
    APPOINTMENT_BOOKED,
    APPOINTMENT_BOOKED_ONLINE,
    APPOINTMENT_CANCELLED_ONLINE,
    APPOINTMENT_RESCHEDULED,
    APPOINTMENT_STATUS_CHANGED,
    APPOINTMENT_UPDATED,
    CLOSURE_ADDED,
    CLOSURE_REMOVED,
    CONTACTS_CHANGED,
    HOURS_CHANGED,
    MESSAGE_QUEUED,
    RESCHEDULE_NOTICE_SENT,
    SERVICE_CREATED,
    SERVICE_UPDATED,
    TEMPLATE_SAVED,
)
from desks.services.booking import (
    BOOKINGS_PER_HOUR,
    COUNTER_BOOKINGS_PER_HOUR,
    ONLINE_BOOKING_NOTE,
    book_online,
    booked_online_audit,
    booking_input_errors,
    bookings_per_hour,
    build_online_booking,
    cancel_booking_online,
    counter_bookings_per_hour,
)
from desks.services.calendar import (
    STATUS_ACTIONS,
    TRANSITIONS,
    Rescheduled,
    booked_audit,
    build_appointment,
    build_appointment_event,
    cancel_appointment,
    change_appointment_status,
    mark_appointment_done,
    mark_appointment_no_show,
    refuse_closed_day,
    reschedule_appointment,
    schedule_appointment,
    status_audit,
    update_appointment,
)
from desks.services.counter import (
    add_closure,
    add_opening_hours,
    create_service,
    remove_closure,
    remove_opening_hours,
    set_service_active,
    update_counter_contact,
    update_opening_hours,
    update_service,
)
from desks.services.messages import (
    build_message,
    create_message_template,
    message_audit,
    message_values,
    render_message,
    send_message,
    update_message_template,
)

__all__ = [
    "APPOINTMENT_BOOKED", "APPOINTMENT_BOOKED_ONLINE", "APPOINTMENT_CANCELLED_ONLINE",
    "APPOINTMENT_RESCHEDULED", "APPOINTMENT_STATUS_CHANGED", "APPOINTMENT_UPDATED",
    "CLOSURE_ADDED", "CLOSURE_REMOVED", "CONTACTS_CHANGED", "HOURS_CHANGED", "MESSAGE_QUEUED",
    "RESCHEDULE_NOTICE_SENT", "SERVICE_CREATED", "SERVICE_UPDATED", "TEMPLATE_SAVED",
    "BOOKINGS_PER_HOUR", "COUNTER_BOOKINGS_PER_HOUR", "ONLINE_BOOKING_NOTE", "book_online",
    "booked_online_audit", "build_online_booking", "booking_input_errors",
    "bookings_per_hour", "cancel_booking_online", "counter_bookings_per_hour",
    "STATUS_ACTIONS", "TRANSITIONS", "Rescheduled", "booked_audit", "build_appointment",
    "build_appointment_event", "cancel_appointment",
    "change_appointment_status", "mark_appointment_done", "mark_appointment_no_show",
    "refuse_closed_day", "reschedule_appointment", "schedule_appointment", "status_audit",
    "update_appointment",
    "add_closure", "add_opening_hours", "create_service", "remove_closure",
    "remove_opening_hours", "set_service_active", "update_counter_contact",
    "update_opening_hours", "update_service",
    "build_message", "create_message_template", "message_audit", "message_values",
    "render_message", "send_message", "update_message_template",
]
