"""What the job desk confers to Cliclavoro, through the outbox (the one way in:
``integrations.outbox``), inside the transaction of the business change:
a vacancy when it is published, updated while published, and closed; a
candidate's CV when the operator confers it with the person's consent
«trasmissione», closed when that consent is withdrawn; a Messaggio to the
employer when a candidature is sent to it («Inviata all'azienda») and both
the vacancy and the CV are at Cliclavoro (the message cites their two
codes, never the person).

Only counters with the job desk confer, and only to destinations this
installation names (``conferral_enabled``, declared once here)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction

import integrations.outbox as outbox
from jobs import permissions
from jobs.errors import JobsError
from people import services as people_services
from people.errors import ConsentMissing
from people.models import ConsentPurpose

DESTINATION = "cliclavoro"
VACANCY = "vacancy"
CANDIDATURA = "candidatura"
MESSAGGIO = "messaggio"
CONFERRAL_CONSENT = ConsentPurpose.NATIONAL_SYSTEMS


class ConferralUnavailable(JobsError):
    code = "conferimento_non_previsto"


class ConferralConsentMissing(JobsError):
    code = "consenso_trasmissione_mancante"


def conferral_enabled() -> bool:
    """This counter offers the job desk and the installation confers to Cliclavoro."""
    return bool(getattr(connection.tenant, "offers_job_desk", False)) \
        and outbox.accepts(DESTINATION)


def vacancy_changed(vacancy, *, acting_user, closing: bool = False):
    """A published vacancy's send, update or close (called by the vacancy
    services in their transaction); None when nothing is conferred."""
    if not conferral_enabled():
        return None
    return outbox.enqueue(destination=DESTINATION, kind=VACANCY, subject=vacancy,
                          closing=closing, acting_user=acting_user)


@transaction.atomic
def confer_candidate(*, candidate, acting_user):
    """Hand the candidate's CV to Cliclavoro (a first send, or an update of
    the last one): only with the person's consent «trasmissione»."""
    permissions.check_can_use_jobs(acting_user)
    if not conferral_enabled():
        raise ConferralUnavailable("Questo sportello non conferisce i curricula a Cliclavoro.")
    try:
        people_services.require_consent(person=candidate.person, purpose=CONFERRAL_CONSENT)
    except ConsentMissing as exc:
        raise ConferralConsentMissing(
            f"Per conferire il curriculum a Cliclavoro serve il consenso della persona: "
            f"{ConsentPurpose(CONFERRAL_CONSENT).label}.", field="consent") from exc
    return outbox.enqueue(destination=DESTINATION, kind=CANDIDATURA, subject=candidate,
                          acting_user=acting_user)


def application_sent(application, *, acting_user):
    """The counter sent ``application``'s candidate to the employer (called by
    the matching service in its transaction): a Messaggio to Cliclavoro citing
    the vacancy's and the CV's codes, only when the node holds both; None
    when nothing is conferred."""
    if not conferral_enabled():
        return None
    if not cited_codes(application):
        return None
    return outbox.enqueue(destination=DESTINATION, kind=MESSAGGIO, subject=application,
                          acting_user=acting_user)


def cited_codes(application) -> tuple[str, str] | None:
    """(vacancy code, CV code) under which Cliclavoro holds the two, or None
    when either is not conferred (never sent, still on its way, or closed)."""
    vacancy_code = outbox.conferred_code(destination=DESTINATION, kind=VACANCY,
                                         subject=application.vacancy)
    cv_code = outbox.conferred_code(destination=DESTINATION, kind=CANDIDATURA,
                                    subject=application.candidate)
    return (vacancy_code, cv_code) if vacancy_code and cv_code else None


def conferral_state(subject, *, kind: str):
    """The latest conferral of a vacancy or a candidate (for a badge), or None."""
    if not conferral_enabled():
        return None
    return outbox.conferral_of(destination=DESTINATION, kind=kind, subject=subject)


def cv_changed_since_conferral(candidate, message) -> bool:
    """The CV, or the person's record it draws on, was saved after
    ``message`` (the CV's latest conferral, see ``conferral_state``) was
    built: Cliclavoro has, or will get, an older version, and conferring again
    sends an update chained to the last code. False when nothing was
    conferred or the last conferral is a closing."""
    if message is None or message.closing or candidate is None:
        return False
    changed = max(candidate.updated_at, candidate.person.updated_at)
    return changed > message.created_at


def on_consent_withdrawn(*, person, purpose: str, acting_user=None, **kwargs) -> None:
    """The person withdrew the consent «trasmissione» (inside the same
    transaction): what was waiting is cancelled, and a candidatura already at
    Cliclavoro is closed."""
    if purpose != CONFERRAL_CONSENT or not outbox.accepts(DESTINATION):
        return
    try:
        candidate = person.candidate
    except (AttributeError, ObjectDoesNotExist):
        return
    outbox.enqueue(destination=DESTINATION, kind=CANDIDATURA, subject=candidate,
                   closing=True, acting_user=acting_user)
