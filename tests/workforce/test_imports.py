"""The workforce core (model/, rota/, file/) imports only `openbook.kernel` (and itself),
inside functions too; only `rota/cpsat.py` imports OR-Tools. The use cases beside it (record,
query, rules) may also read `openbook.reference`, as the architecture allows, to find the
system an organisation belongs to."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "openbook" / "workforce"


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_workforce_imports_only_the_kernel(path: Path) -> None:
    names = imported(path)
    ours = {n.split(".")[1] for n in names if n.startswith("openbook.")}
    pure = path.parent.name in {"model", "rota", "file"}
    assert ours <= {"kernel", "workforce"} | (set() if pure else {"reference"}), path
    if path.name != "cpsat.py":
        assert not [n for n in names if n.startswith("ortools")], path
