"""E-mails of the counter, sent by the worker in the schema they were queued
in. Each task is safe to run twice: the row is locked and its state checked.
The bodies live in desks.delivery, which the services import too."""

from celery import shared_task

from desks import delivery


@shared_task(name="desks.tasks.send_booking_confirmation", autoretry_for=(OSError,),
             retry_backoff=True, max_retries=5)
def send_booking_confirmation(appointment_id: int) -> bool:
    return delivery.send_booking_confirmation_email(appointment_id=appointment_id)


@shared_task(name="desks.tasks.deliver_message", bind=True, max_retries=5)
def deliver_message(self, message_id: int) -> bool:
    try:
        return delivery.deliver_message(message_id=message_id)
    except delivery.DeliveryFailed as exc:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=30 * 2 ** self.request.retries) from exc
        delivery.mark_message_failed(message_id=message_id, error=str(exc))
        return False


@shared_task(name="desks.tasks.send_cancellation_confirmation", autoretry_for=(OSError,),
             retry_backoff=True, max_retries=5)
def send_cancellation_confirmation(appointment_id: int) -> bool:
    return delivery.send_cancellation_email(appointment_id=appointment_id)


@shared_task(name="desks.tasks.send_reschedule_notice", autoretry_for=(OSError,),
             retry_backoff=True, max_retries=5)
def send_reschedule_notice(event_id: int) -> bool:
    return delivery.send_reschedule_notice_email(event_id=event_id)
