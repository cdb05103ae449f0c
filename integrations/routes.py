"""Cliclavoro's routes in the outbox registry: what a vacancy, a
candidatura and a messaggio are built from (integrations.cliclavoro.payloads), their
communication codes (integrations.cliclavoro.codes) and how they are sent
(integrations.cliclavoro.client over integrations.transports).

Named in settings.RETE_OUTBOX["routes"]; the outbox calls ``register`` when
the apps are ready. integrations may read the domain's models; the domain
knows nothing of this module."""

from __future__ import annotations

from django.urls import reverse

from integrations.outbox.registry import DeliveryReply, Route, TransientDeliveryError

CLICLAVORO = "cliclavoro"
VACANCY = "vacancy"
CANDIDATURA = "candidatura"
MESSAGGIO = "messaggio"


def _load_vacancy(subject_id: int):
    from jobs.models import Vacancy

    try:
        return Vacancy.objects.select_related("employer", "site").get(pk=subject_id)
    except Vacancy.DoesNotExist:
        raise LookupError(subject_id) from None


def _load_candidate(subject_id: int):
    from jobs.models import Candidate

    try:
        return Candidate.objects.select_related("person").get(pk=subject_id)
    except Candidate.DoesNotExist:
        raise LookupError(subject_id) from None


def _load_application(subject_id: int):
    from jobs.models import Application

    try:
        return Application.objects.select_related(
            "vacancy__employer", "candidate__person").get(pk=subject_id)
    except Application.DoesNotExist:
        raise LookupError(subject_id) from None


def _vacancy_label(vacancy) -> str:
    return f"{vacancy.title} ({vacancy.employer.name})" if vacancy.employer_id else vacancy.title


def _candidate_label(candidate) -> str:
    person = candidate.person
    return f"{person.last_name} {person.first_name}".strip()


def _application_label(application) -> str:
    """The operator's list (the counter's own schema): who was signalled for what."""
    return f"{_candidate_label(application.candidate)} per «{application.vacancy.title}»"


def _vacancy_url(subject_id: int) -> str:
    return reverse("jobs:vacancy", args=[subject_id])


def _candidate_url(subject_id: int) -> str:
    from jobs.models import Candidate

    person_id = Candidate.objects.filter(pk=subject_id).values_list("person_id", flat=True).first()
    return reverse("jobs:cv", args=[person_id]) if person_id else ""


def _application_url(subject_id: int) -> str:
    from jobs.models import Application

    vacancy_id = Application.objects.filter(pk=subject_id).values_list(
        "vacancy_id", flat=True).first()
    return reverse("jobs:vacancy_matches", args=[vacancy_id]) if vacancy_id else ""


def _code_for(module_name: str):
    def allocate(*, tenant, serial: int, closing: bool, today) -> str:
        from integrations.cliclavoro import codes

        return codes.communication_code(
            region=tenant.region, year=today.year, module=codes.Module[module_name],
            kind=codes.Kind.CLOSE if closing else codes.Kind.SEND,
            tenant_number=tenant.pk, serial=serial)

    return allocate


def _build_vacancy(vacancy, *, code, previous_code, closing):
    from integrations.cliclavoro import payloads

    return payloads.build_vacancy(vacancy, code=code, previous_code=previous_code,
                                  closing=closing)


def _build_candidatura(candidate, *, code, previous_code, closing):
    from integrations.cliclavoro import payloads

    return payloads.build_candidatura(candidate, code=code, previous_code=previous_code,
                                      closing=closing)


def conferred_code(kind: str, subject) -> str | None:
    """The code under which Cliclavoro holds a vacancy or a CV (the outbox's
    record of what the node acknowledged), or None."""
    from integrations.outbox import selectors

    return selectors.conferred_code(destination=CLICLAVORO, kind=kind, subject_id=subject.pk)


def _build_messaggio(application, *, code, previous_code, closing):
    """The counter signals the candidate to the employer by the two codes the
    node holds, read now (a regeneration cites the codes as they are then).
    A messaggio has no closing: the outbox never asks for one."""
    from integrations.cliclavoro import payloads

    return payloads.build_messaggio(
        application, code=code, previous_code=previous_code,
        vacancy_code=conferred_code(VACANCY, application.vacancy) or "",
        candidatura_code=conferred_code(CANDIDATURA, application.candidate) or "")


def send_to_cliclavoro(*, kind: str, payload: bytes, destination: str,
                       message_id: str) -> DeliveryReply:
    """The zeep client's answer as the outbox reads it."""
    from integrations import transports
    from integrations.cliclavoro import client

    try:
        reply = client.send(kind=kind, payload=payload,
                            destination=transports.destination(destination),
                            message_id=message_id)
    except client.InvalidPayload as exc:  # cannot travel: never retried, fix the record
        return DeliveryReply(outcome="KO", description=str(exc),
                             anomaly_code=getattr(exc, "code", "payload_non_valido"))
    except client.TransientFailure as exc:
        raise TransientDeliveryError(
            exc.message, code=exc.code, retry_after=exc.retry_after,
            request_xml=exc.request_xml, response_xml=exc.response_xml,
            http_status=getattr(exc, "http_status", None),
            elapsed_ms=exc.elapsed_ms) from exc
    return DeliveryReply(
        outcome=reply.outcome, description=reply.description, anomaly_code=reply.anomaly_code,
        already_received=reply.already_received, request_xml=reply.request_xml,
        response_xml=reply.response_xml, http_status=reply.http_status,
        elapsed_ms=reply.elapsed_ms)


def register(registry) -> None:
    registry.register(Route(
        destination=CLICLAVORO, kind=VACANCY, load=_load_vacancy, build=_build_vacancy,
        allocate_code=_code_for("VACANCY"), send=send_to_cliclavoro, label=_vacancy_label,
        source_url=_vacancy_url, verbose_kind="Offerta di lavoro (vacancy)"))
    registry.register(Route(
        destination=CLICLAVORO, kind=CANDIDATURA, load=_load_candidate,
        build=_build_candidatura, allocate_code=_code_for("CANDIDATURA"),
        send=send_to_cliclavoro, label=_candidate_label, source_url=_candidate_url,
        verbose_kind="Candidatura"))
    registry.register(Route(
        destination=CLICLAVORO, kind=MESSAGGIO, load=_load_application,
        build=_build_messaggio, allocate_code=_code_for("MESSAGGIO"),
        send=send_to_cliclavoro, label=_application_label, source_url=_application_url,
        verbose_kind="Messaggio (segnalazione all'azienda)"))
