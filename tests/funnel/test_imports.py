"""openbook.funnel is a library: it imports only openbook.kernel (inside functions too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

FUNNEL = Path(__file__).resolve().parents[2] / "src" / "openbook" / "funnel"


def _openbook_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        found |= {n.split(".")[1] for n in names if n.startswith("openbook.")}
    return found


@pytest.mark.parametrize("path", sorted(FUNNEL.glob("*.py")), ids=lambda p: p.name)
def test_funnel_imports_only_the_kernel(path: Path) -> None:
    assert _openbook_imports(path) <= {"funnel", "kernel"}
