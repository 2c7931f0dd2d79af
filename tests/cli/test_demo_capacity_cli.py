"""`openbook demo` presents the stroke-unit options on the real data, where east + west
stands and why, and the Dorset bed and cath-lab pooling comparisons."""

from __future__ import annotations

from typer.testing import CliRunner

from openbook.cli import app


def test_demo_prints_stroke_options_and_pooling(demo_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["demo"], env=demo_env)
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())  # tables wrap: compare words, not lines
    assert "Hyper-acute stroke units for Dorset" in out
    for words in ("Royal Bournemouth", "Dorset County", "neighbouring units open"):
        assert words in out
    assert "East + west ranks" in out and "two-unit configurations" in out
    assert "Best configurations found" in out
    # beds: Dorset's three acute stroke units and coronary care, separate against pooled
    assert "Pooling needs 34 beds instead of 44 (10 fewer)" in out
    assert "Pooling needs 22 beds instead of 29 (7 fewer)" in out
    assert "placed away" in out
    # cath labs: three sites against one county service
    assert "cath labs" in out.lower() and "separate" in out and "pooled" in out
    assert "Lab time asked for ÷ session time" in out
