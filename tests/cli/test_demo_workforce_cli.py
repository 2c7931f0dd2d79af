"""`openbook demo` shows the Dorset rota comparison and who the passport keeps off, and why."""

from __future__ import annotations

from typer.testing import CliRunner

from openbook.cli import app


def test_demo_prints_the_shared_rota_comparison(demo_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["demo"], env=demo_env)
    assert result.exit_code == 0
    out = result.stdout
    assert "three separate site rotas" in out and "one shared rota" in out
    assert "stroke thrombolysis" in out and "cardiology" in out
    assert "thrombolysis expired on 2018-04-15" in out
