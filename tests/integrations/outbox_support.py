"""Test routes for the outbox: a builder and a national node handed in through
the registry (dependency injection), so the state machine and delivery are
tested before, and beside, the real Cliclavoro builders and client.

``ScriptedNode`` answers with what a test scripts (OK, KO, transient
failures) and keeps every request it took, like the simulator's journal:
effects per communication code, already-received answers for a code it has."""

from __future__ import annotations

import contextlib
from collections import deque
from dataclasses import dataclass

from django.db import connection
from lxml import etree

from integrations.outbox.registry import DeliveryReply, Route, TransientDeliveryError, registry
from integrations.routes import _candidate_url, _load_candidate, _load_vacancy, _vacancy_url

KO = "KO"


@dataclass(frozen=True)
class Problem:
    path: str
    field: str
    message: str
    hint: str


@dataclass(frozen=True)
class Built:
    xml: bytes
    problems: tuple


def short_code(*, tenant, serial, closing, today) -> str:
    """The 25-character shape of DOMAIN.md (region 08 for these tests)."""
    return f"08000{today:%y}2{1}{2 if closing else 1}{tenant.pk:06d}{serial:09d}"


def build_vacancy(vacancy, *, code, previous_code, closing):
    root = etree.Element("Vacancy")
    for name, value in (("codice", code), ("precedente", previous_code or ""),
                        ("chiusura", "SI" if closing else "NO"), ("titolo", vacancy.title),
                        ("ore", str(vacancy.hours_per_week or ""))):
        etree.SubElement(root, name).text = value
    problems = ()
    if vacancy.hours_per_week is None:
        problems = (Problem("/Vacancy/ore", "Ore settimanali",
                            "Il campo «Ore settimanali» è obbligatorio per Cliclavoro.",
                            "Indicare le ore settimanali nell'offerta."),)
    return Built(etree.tostring(root, xml_declaration=True, encoding="UTF-8"), problems)


def build_candidatura(candidate, *, code, previous_code, closing):
    root = etree.Element("Candidatura")
    for name, value in (("codice", code), ("precedente", previous_code or ""),
                        ("chiusura", "SI" if closing else "NO"),
                        ("cognome", candidate.person.last_name), ("visibilita", "NO")):
        etree.SubElement(root, name).text = value
    return Built(etree.tostring(root, xml_declaration=True, encoding="UTF-8"), ())


class ScriptedNode:
    """A national node in the test process: scripted answers, a journal."""

    def __init__(self, *answers):
        self.answers = deque(answers)
        self.requests: list[dict] = []
        self.effects: dict[str, int] = {}

    def __call__(self, *, kind, payload, destination, message_id):
        code = etree.fromstring(payload).findtext("codice")
        self.requests.append({"code": code, "message_id": message_id, "kind": kind})
        answer = self.answers.popleft() if self.answers else "OK"
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(code)
        if answer == KO:
            return DeliveryReply(outcome="KO", description="Codice precedente sconosciuto",
                                 anomaly_code="codice_precedente_sconosciuto",
                                 request_xml=payload, http_status=200)
        if isinstance(answer, DeliveryReply):
            return answer
        already = code in self.effects
        self.effects[code] = self.effects.get(code, 0) if already else 1
        return DeliveryReply(outcome="OK", already_received=already,
                             description="Comunicazione già acquisita" if already
                             else "Comunicazione acquisita", request_xml=payload,
                             response_xml=b"<Esito>OK</Esito>", http_status=200,
                             elapsed_ms=3.0)

    def lose_reply_after_effect(self, code):
        """The effect happens, the answer never arrives."""
        self.effects[code] = self.effects.get(code, 0) or 1
        raise TransientDeliveryError("Nessuna risposta dal nodo nazionale.", code="timeout")


def transient(message="Nodo nazionale non raggiungibile.", *, code="connessione_rifiutata",
              retry_after=None):
    return TransientDeliveryError(message, code=code, retry_after=retry_after)


@contextlib.contextmanager
def routes(node: ScriptedNode | None = None):
    """Cliclavoro's routes with the test builders and ``node``."""
    node = node or ScriptedNode()
    with registry.replaced(
            Route(destination="cliclavoro", kind="vacancy", load=_load_vacancy,
                  build=build_vacancy, allocate_code=short_code, send=node,
                  label=lambda v: v.title, source_url=_vacancy_url,
                  verbose_kind="Offerta di lavoro (vacancy)"),
            Route(destination="cliclavoro", kind="candidatura", load=_load_candidate,
                  build=build_candidatura, allocate_code=short_code, send=node,
                  label=lambda c: f"{c.person.last_name} {c.person.first_name}",
                  source_url=_candidate_url, verbose_kind="Candidatura")):
        yield node


@contextlib.contextmanager
def job_desk(tenant):
    """``tenant`` offers the job desk (in the database and in the connection)."""
    from tenants.models import Tenant

    Tenant.objects.filter(pk=tenant.pk).update(offers_job_desk=True)
    tenant.offers_job_desk = True
    current = getattr(connection, "tenant", None)
    if getattr(current, "pk", None) == tenant.pk:
        current.offers_job_desk = True
    try:
        yield tenant
    finally:
        tenant.offers_job_desk = False


class JournalNode(ScriptedNode):
    """A ScriptedNode that also appends each request, with the schema it ran
    in, to a JSON-lines file: for a worker process, which tests cannot reach."""

    def __init__(self, journal: str):
        super().__init__()
        self.journal = journal

    def __call__(self, *, kind, payload, destination, message_id):
        import json

        reply = super().__call__(kind=kind, payload=payload, destination=destination,
                                 message_id=message_id)
        with open(self.journal, "a", encoding="utf-8") as journal:
            journal.write(json.dumps({**self.requests[-1],
                                      "schema": connection.schema_name}) + "\n")
        return reply


def register_journal_node(registry) -> None:
    """For a worker process (settings.RETE_OUTBOX["routes"]): Cliclavoro's routes
    with the test builders and a JournalNode writing to $RETE_TEST_NODE_JOURNAL."""
    import os

    node = JournalNode(os.environ["RETE_TEST_NODE_JOURNAL"])
    for route in (_route("vacancy", _load_vacancy, build_vacancy, node),
                  _route("candidatura", _load_candidate, build_candidatura, node)):
        registry.register(route)


def _route(kind, load, build, node) -> Route:
    return Route(destination="cliclavoro", kind=kind, load=load, build=build,
                 allocate_code=short_code, send=node)
