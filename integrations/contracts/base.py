"""The data contract and its check over an XML payload."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from integrations.cliclavoro.validation import PayloadProblem, field_label, parse, problem

__all__ = ["DataContract", "contract_problems", "contract_problems_of"]


@dataclass(frozen=True)
class DataContract:
    destination: str  # "cliclavoro"
    kind: str  # "candidatura", "vacancy", "messaggio"
    legal_basis: str  # in Italian, for the register of processing and the operator
    allowed_paths: frozenset[str]  # element paths ("/Candidatura/Lavoratore/...")
    requires_consent: str | None  # a people.models.ConsentPurpose value ("trasmissione")
    # element path -> the only value it may carry ("/Candidatura/DatiSistema/visibilita": "NO")
    fixed_values: tuple[tuple[str, str], ...] = ()
    description: str = ""


def _paths(root: etree._Element):
    """(path, element) for every element, in document order."""
    stack = [(root, "")]
    while stack:
        element, prefix = stack.pop()
        if not isinstance(element.tag, str):
            continue
        path = f"{prefix}/{element.tag.rsplit('}', 1)[-1]}"
        yield path, element
        stack.extend((child, path) for child in reversed(element))


def contract_problems(contract: DataContract, xml: bytes) -> tuple[PayloadProblem, ...]:
    """What in ``xml`` breaks ``contract``: an element outside its allowed
    paths (reported once per path), or a fixed value not kept."""
    try:
        root = parse(xml)
    except etree.XMLSyntaxError:
        return (problem("/", "Il documento non è XML ben formato: non può essere verificato "
                             "rispetto al contratto dei dati."),)
    return contract_problems_of(contract, root)


def contract_problems_of(contract: DataContract,
                         root: etree._Element) -> tuple[PayloadProblem, ...]:
    """``contract_problems`` over a tree already parsed (or just built)."""
    found: list[PayloadProblem] = []
    seen: set[str] = set()
    values: dict[str, list[str]] = {}
    fixed = dict(contract.fixed_values)
    for path, element in _paths(root):
        if path in fixed:
            values.setdefault(path, []).append((element.text or "").strip())
        if path in contract.allowed_paths or path in seen:
            continue
        seen.add(path)
        label, _ = field_label(path)
        found.append(problem(
            path, f"Il campo «{label}» non può essere trasmesso a {contract.destination}: il "
                  f"contratto dei dati del tracciato {contract.kind} non lo prevede.",
            "Il dato non va inviato: segnalarlo all'assistenza (la piattaforma lo ha aggiunto "
            "per errore)."))
    for path, value in contract.fixed_values:
        got = values.get(path, [])
        if got != [value]:
            label, _ = field_label(path)
            shown = ", ".join(got) if got else "assente"
            found.append(problem(
                path, f"Il campo «{label}» deve valere {value} per il contratto dei dati "
                      f"(trovato: {shown}).",
                "Il dato è compilato dalla piattaforma: segnalarlo all'assistenza."))
    return tuple(found)
