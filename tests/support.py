"""Helpers shared by the tests that are not data builders (those are in
tests/factories.py): audit rows, eager tasks, mails and pages as read."""

from __future__ import annotations

import contextlib
import html
import re

from django.core import mail

from audit.models import AuditEvent
from config.celery import app as celery_app
from tests.factories import in_schema

__all__ = ["audit_events", "in_schema", "link_in_last_mail", "tasks_run_at_once", "text_of"]


def audit_events(tenant, action: str, **filters) -> list[AuditEvent]:
    with in_schema(tenant):
        return list(AuditEvent.objects.filter(action=action, **filters).order_by("id"))


@contextlib.contextmanager
def tasks_run_at_once():
    """Celery tasks run in the calling process, as soon as they are queued."""
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


def link_in_last_mail(recipient: str) -> str:
    """The path of the first http link in the last message sent to ``recipient``,
    with the host it points to: ``(host, path)``."""
    message = next(m for m in reversed(mail.outbox) if recipient in m.to)
    match = re.search(r"https?://([^/\s:]+)(?::\d+)?(/\S*)", message.body)
    assert match, message.body
    return match.group(1), match.group(2)


def text_of(response) -> str:
    """The page as a user reads it: markup stripped, blanks collapsed."""
    page = response.content.decode()
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()
