"""Signals of the job desk, sent by the vacancy services inside the
transition's transaction (receivers that must not roll it back should use
``transaction.on_commit``)."""

from django.dispatch import Signal

# sender=Vacancy, vacancy=<Vacancy>, actor=<user or None>
vacancy_published = Signal()
# sender=Vacancy, vacancy=<Vacancy>, reason=<CloseReason value>, actor=<user or None>
vacancy_closed = Signal()
