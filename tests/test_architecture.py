"""The layering of DESIGN.md, checked with the tests: a wrong import fails CI.

``lint-imports`` runs the contracts of pyproject.toml; the tests below walk the
import graph themselves (grimp, the graph import-linter builds, which sees
imports inside functions too) and fail on any cycle: between two modules, or
between two packages."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"]
# desks.services -> desks.tasks -> desks.services: the desks branch of issue 7
# moves the task bodies to desks.delivery; the integrator empties this then.
UNTIL_MERGED: list[set[str]] = []


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def _cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one node (Tarjan,
    iterative): each is a set of nodes that import each other in a ring."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(edges.get(successor, ())))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(component)
    return found


def _module_edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    return {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}


def test_given_the_cycle_finder_when_modules_import_in_a_ring_then_it_names_them():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}

    assert _cycles(edges) == [{"a", "b", "c"}]


def test_given_the_import_graph_when_walked_then_imports_inside_functions_are_in_it():
    graph = _graph()

    # AuditEvent.action_label imports audit.actions inside the method.
    assert "audit.actions" in graph.find_modules_directly_imported_by("audit.models")


def test_given_the_import_graph_when_walked_then_no_modules_import_each_other_in_a_ring():
    cycles = [cycle for cycle in _cycles(_module_edges(_graph())) if cycle not in UNTIL_MERGED]

    assert cycles == []


# The outbox and the supervisor's counters stand apart from the rest of
# integrations (DESIGN.md): the domain hands records to integrations.outbox,
# while integrations' adapters (cliclavoro, contracts, routes) read the domain.
OWN_PACKAGES = ("integrations.outbox", "integrations.national")


def _package(module: str) -> str:
    for own in OWN_PACKAGES:
        if module == own or module.startswith(own + "."):
            return own
    return module.split(".")[0]


def test_given_the_import_graph_when_walked_by_package_then_no_packages_import_each_other():
    edges: dict[str, set[str]] = {package: set() for package in PACKAGES}
    for module, imported in _module_edges(_graph()).items():
        for other in imported:
            if _package(other) != _package(module):
                edges.setdefault(_package(module), set()).add(_package(other))

    assert _cycles(edges) == []


def test_given_the_import_contracts_when_checked_then_every_contract_is_kept():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "platform")])}
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.split("Contracts:")[-1].replace("0 broken", "")


def test_given_the_code_when_linted_then_ruff_finds_nothing():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("ruff")), "check", "--no-cache", "."],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
