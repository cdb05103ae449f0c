"""What the simulated node remembers: the effects (one per communication
code), the identifiers already seen (replay protection), the counts, and
the fault knobs. One lock guards it all; the journal (JSON lines) keeps the
effects across a restart."""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path


@dataclass
class Faults:
    """The knobs, settable at run time (POST /_simulatore/guasti)."""

    latency_ms: int = 0  # wait before answering
    error_rate: float = 0.0  # share of requests answered HTTP 500 (no effect)
    down: bool = False  # every request answered 503 and the connection closed
    malformed_reply: float = 0.0  # share of answers (after the effect) that are broken XML
    lose_reply_after_effect: float = 0.0  # share of effects recorded, then no answer at all
    rate_limit_per_second: int = 0  # over this many requests in a second: 429 (0: no limit)
    seed: int | None = None  # reproducible randomness

    LABELS = {
        "latency_ms": "Latenza aggiunta a ogni risposta (millisecondi)",
        "error_rate": "Quota di richieste con errore HTTP 500 (da 0 a 1)",
        "down": "Nodo fuori servizio (HTTP 503 e connessione chiusa)",
        "malformed_reply": "Quota di risposte malformate, dopo l'acquisizione (da 0 a 1)",
        "lose_reply_after_effect": "Quota di risposte perse dopo l'acquisizione (da 0 a 1)",
        "rate_limit_per_second": "Richieste ammesse al secondo (0: nessun limite; oltre: 429)",
        "seed": "Seme della casualità (vuoto: casuale)",
    }


class FaultError(ValueError):
    pass


def _rate(name: str, value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise FaultError(f"«{name}» deve essere un numero tra 0 e 1 (o vero/falso).") from exc
    if not 0.0 <= number <= 1.0:
        raise FaultError(f"«{name}» deve essere tra 0 e 1.")
    return number


def _whole(name: str, value, *, maximum: int) -> int:
    if isinstance(value, bool) or value is None:
        raise FaultError(f"«{name}» deve essere un intero.")
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise FaultError(f"«{name}» deve essere un intero.") from exc
    if not 0 <= number <= maximum or float(value) != number:
        raise FaultError(f"«{name}» deve essere un intero tra 0 e {maximum}.")
    return number


def _flag(name: str, value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"1", "true", "si", "sì", "on", "0", "false",
                                                    "no", "off", ""}:
        return value.lower() in {"1", "true", "si", "sì", "on"}
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise FaultError(f"«{name}» deve essere vero o falso.")


def parse_faults(current: Faults, changes: dict) -> Faults:
    """``current`` with ``changes`` applied, each checked; FaultError in Italian."""
    if not isinstance(changes, dict):
        raise FaultError("Serve un oggetto JSON con i guasti da impostare.")
    known = {f.name for f in fields(Faults)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise FaultError(f"Guasti sconosciuti: {', '.join(unknown)} "
                         f"(ammessi: {', '.join(sorted(known))}).")
    values = asdict(current)
    for name, value in changes.items():
        if name in ("error_rate", "malformed_reply", "lose_reply_after_effect"):
            values[name] = _rate(name, value)
        elif name == "latency_ms":
            values[name] = _whole(name, value, maximum=120_000)
        elif name == "rate_limit_per_second":
            values[name] = _whole(name, value, maximum=1_000_000)
        elif name == "down":
            values[name] = _flag(name, value)
        elif name == "seed":
            values[name] = None if value in (None, "") else _whole(name, value,
                                                                   maximum=2**63 - 1)
    return Faults(**values)


@dataclass
class Effect:
    code: str  # the communication code
    operation: str  # InvioVacancy, ...
    kind: str  # vacancy, candidatura, messaggio
    message_id: str  # wsa:MessageID, e-Gov Identificatore or "" (plain)
    received_at: str  # ISO 8601, UTC
    digest: str  # SHA-256 of the canonical payload
    previous: str = ""  # the chained previous code
    profile: str = ""


@dataclass
class NodeState:
    journal: Path | None = None
    faults: Faults = field(default_factory=Faults)
    effects: dict[str, Effect] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    seen_ids: set[str] = field(default_factory=set)
    requests: int = 0
    duplicates: int = 0
    rejected: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    random: random.Random = field(default_factory=random.Random)
    _window: tuple[int, int] = (0, 0)  # (second, requests in it)

    def load(self) -> None:
        """The journal's effects, after a restart."""
        if not self.journal or not self.journal.exists():
            return
        with self.journal.open(encoding="utf-8") as lines:
            for line in lines:
                line = line.strip()
                if not line:
                    continue
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut by a crash: the effect it held was never answered
                if entry.get("type") == "effect":
                    entry.pop("type")
                    effect = Effect(**{f.name: entry.get(f.name, "") for f in fields(Effect)})
                    if effect.code not in self.effects:
                        self.order.append(effect.code)
                    self.effects[effect.code] = effect
                    if effect.message_id:
                        self.seen_ids.add(effect.message_id)

    def record(self, effect: Effect) -> None:
        """Call with the lock held: the effect, in memory and in the journal."""
        self.effects[effect.code] = effect
        self.order.append(effect.code)
        if self.journal:
            self.journal.parent.mkdir(parents=True, exist_ok=True)
            with self.journal.open("a", encoding="utf-8") as out:
                out.write(json.dumps({"type": "effect", **asdict(effect)}, ensure_ascii=False)
                          + "\n")
                out.flush()

    def set_faults(self, faults: Faults) -> None:
        with self.lock:
            self.faults = faults
            self.random = random.Random(faults.seed)
            self._window = (0, 0)

    def reset(self) -> None:
        with self.lock:
            self.effects.clear()
            self.order.clear()
            self.seen_ids.clear()
            self.requests = 0
            self.duplicates = 0
            self.rejected.clear()
            self.faults = Faults()
            self.random = random.Random()
            self._window = (0, 0)
            if self.journal and self.journal.exists():
                self.journal.write_text("", encoding="utf-8")

    def admit(self) -> tuple[str, Faults]:
        """Count a request and draw its fate: "ok", "down", "limit" or "error"."""
        with self.lock:
            self.requests += 1
            faults = self.faults
            if faults.down:
                self.rejected["nodo_non_disponibile"] += 1
                return "down", faults
            if faults.rate_limit_per_second:
                second = int(time.monotonic())
                start, count = self._window
                count = count + 1 if start == second else 1
                self._window = (second, count)
                if count > faults.rate_limit_per_second:
                    self.rejected["limite_richieste"] += 1
                    return "limit", faults
            if faults.error_rate and self.random.random() < faults.error_rate:
                self.rejected["errore_simulato"] += 1
                return "error", faults
            return "ok", faults

    def draw(self, rate: float) -> bool:
        with self.lock:
            return bool(rate) and self.random.random() < rate

    def reject(self, reason: str) -> None:
        with self.lock:
            self.rejected[reason] += 1

    def snapshot(self) -> dict:
        with self.lock:
            return {
                "effects": [asdict(self.effects[code]) for code in self.order],
                "counts": {"requests": self.requests, "effects": len(self.order),
                           "duplicates": self.duplicates, "rejected": dict(self.rejected)},
                "faults": asdict(self.faults),
            }


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
