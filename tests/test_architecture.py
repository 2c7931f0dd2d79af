"""The layers of docs/architecture.md, enforced: a pure core inside a thin shell."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).parents[1] / "src" / "openbook"

# What each layer may import of openbook (itself always allowed).
ALLOWED = {
    "domain": set(),
    "ingest": {"domain"},
    "export": {"domain"},
    "spc": {"domain"},
    "optimise": {"domain"},
    "activity": {"domain"},
    "demo": {"domain"},
    "store": {"domain"},
    "services": {
        "domain",
        "ingest",
        "export",
        "spc",
        "optimise",
        "activity",
        "demo",
        "store",
        "config",
    },
    "web": {"services", "domain", "config", "export"},
    "cli": {"services", "domain", "config", "web"},  # `openbook serve` starts the web app
}


def imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    layers = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "openbook" and len(parts) > 1:
                layers.add(parts[1])
    return layers


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if len(relative.parts) > 1 and relative.parts[0] in ALLOWED:
            found.append((relative.parts[0], path))
    return found


@pytest.mark.parametrize(("layer", "path"), modules(), ids=lambda v: str(v)[-60:])
def test_layer_imports_only_what_it_may(layer: str, path: Path) -> None:
    crossing = imported_layers(path) - ALLOWED[layer] - {layer}
    assert not crossing, f"{path.relative_to(SOURCE)} ({layer}) imports {sorted(crossing)}"


def test_every_package_is_a_known_layer() -> None:
    packages = {p.name for p in SOURCE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(ALLOWED)
