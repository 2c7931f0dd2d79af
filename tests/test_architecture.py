"""The shape of docs/architecture.md, enforced: feature packages with a pure core, inside
the shells. Every import is read, inside functions too."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

SOURCE = Path(__file__).parents[1] / "src" / "openbook"
MAX_LINES = 400

LIBRARIES = {"spc", "funnel"}  # pure libraries: the kernel only
CORE = {"reference", "accounts", "finance", "rebalancing", "activity"}
CAPABILITIES = {
    "quality",
    "workforce",
    "capacity",
    "configuration",
    "planning",
    "programme",
    "regime",
    "jobs",
}
READABLE = {"kernel", "reference", "finance", "activity", *LIBRARIES}
FEATURES = CORE | CAPABILITIES | {"governance"}
SHELLS = {"web", "cli"}
ROOTS = {"compose", "schema", "demo"}  # composition: may import every feature

# What each part may import of openbook, besides itself.
ALLOWED: dict[str, set[str]] = {
    "kernel": set(),
    "config": set(),
    **{library: {"kernel"} for library in LIBRARIES},
    "reference": {"kernel"},
    "accounts": {"kernel", "reference"},
    "finance": {"kernel", "reference", "spc"},
    "rebalancing": {"kernel", "reference", "finance"},
    "activity": {"kernel", "reference", "spc"},
    **{capability: READABLE - {capability} for capability in CAPABILITIES},
    "governance": {"kernel", *LIBRARIES, *CORE, *CAPABILITIES},
    **{root: {"kernel", "config", *LIBRARIES, *FEATURES, "compose"} for root in ROOTS},
    "web": {"kernel", "config", "compose", *LIBRARIES, *FEATURES},
    "cli": {"kernel", "config", "compose", "demo", "web", *LIBRARIES, *FEATURES},
}
FRAMEWORKS = ("sqlalchemy", "fastapi", "starlette", "typer")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str) -> str:
    """The feature, library, shell or root a module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "openbook"


@cache
def all_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted(SOURCE.rglob("*.py"))
        if "migrations" not in path.relative_to(SOURCE).parts
    }


def imports_of(path: Path) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import in the file, at any depth; `from a import
    b` counts as `a.b` when b is a module, and as `a` otherwise."""
    modules = all_modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = [f"{node.module}.{a.name}" for a in node.names]
            found = [name for name in submodules if name in modules]
            for name in found:
                yield name, node.lineno
            if len(found) < len(submodules):  # names from the package itself
                yield node.module, node.lineno


def openbook_imports(path: Path) -> set[str]:
    return {name for name, _ in imports_of(path) if name.startswith("openbook.")}


MODULES = sorted(all_modules().items())
IDS = [name.removeprefix("openbook.") for name, _ in MODULES]


@pytest.mark.parametrize(("module", "path"), MODULES, ids=IDS)
def test_each_part_imports_only_what_it_may(module: str, path: Path) -> None:
    part = part_of(module)
    if part == "openbook":
        return
    assert part in ALLOWED, f"{module}: {part!r} is not a known part (add it to ALLOWED)"
    crossing = {part_of(name) for name in openbook_imports(path)} - ALLOWED[part] - {part}
    assert not crossing, f"{module} ({part}) imports {sorted(crossing)}"


@pytest.mark.parametrize(("module", "path"), MODULES, ids=IDS)
def test_models_are_pure_and_features_know_no_framework(module: str, path: Path) -> None:
    part = part_of(module)
    if part not in FEATURES | LIBRARIES:
        return
    banned = FRAMEWORKS if ".model" in module else ("fastapi", "starlette", "typer")
    found = [f"{name} (line {line})" for name, line in imports_of(path) if name.startswith(banned)]
    assert not found, f"{module} imports {found}"


@pytest.mark.parametrize(("module", "path"), MODULES, ids=IDS)
def test_shells_reach_storage_only_through_use_cases(module: str, path: Path) -> None:
    if part_of(module) not in SHELLS:
        return
    storage = sorted(
        name
        for name in openbook_imports(path)
        if name.rsplit(".", 1)[-1] in {"store", "tables"} and part_of(name) in FEATURES
    )
    assert not storage, f"{module} imports {storage}"


@pytest.mark.parametrize(("module", "path"), MODULES, ids=IDS)
def test_modules_stay_small(module: str, path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it (at most {MAX_LINES})"


def test_no_import_cycles_between_modules() -> None:
    graph = {
        name: {target for target in openbook_imports(path) if target in all_modules()} - {name}
        for name, path in all_modules().items()
    }
    cycles = [sorted(component) for component in strongly_connected(graph) if len(component) > 1]
    assert cycles == []


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively (the graph has a few hundred modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = 0
    for root, children in graph.items():
        if root in index:
            continue
        work = [(root, iter(sorted(children)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, pending = work[-1]
            child = next(pending, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
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
                found.append(component)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [c for c in strongly_connected(graph) if len(c) > 1] == [{"a", "b", "c"}]


def test_every_package_is_a_known_part() -> None:
    packages = {p.name for p in SOURCE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(ALLOWED)
