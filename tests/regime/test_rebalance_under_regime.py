"""`openbook rebalance` on the stored figures of the recent years: the breakeven years
balance each partner to breakeven, with no fund to earn; the Dorset years are unchanged
(tests/cli/test_rebalance_cli.py and the goldens there)."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from openbook.cli import app

runner = CliRunner()


def _solve(env: dict[str, str], kind: str, year: str) -> dict[str, Any]:
    args = ["rebalance", kind, "--system", "QVV", "--year", year, "--month", "6", "-f", "json"]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def test_2024_25_brings_r0d_to_breakeven(recent_env: dict[str, str]) -> None:
    result = _solve(recent_env, "transfers", "2024/25")
    # M6 2024/25 (synthetic): R0D forecasts -£2,240k, RBD £560k, RDY £1,920k, 11J £0k.
    # Against its control total of -£2,000k R0D was £240k short with £180k of headroom in the
    # system; against breakeven it is £2,240k short with £2,480k of headroom: rescued, the
    # givers each giving 2,240/2,480 = 90.3% of their headroom (the penny to RBD, first).
    assert result["transfers"] == [
        {"from": "RBD", "to": "R0D", "amount": "505806.46"},
        {"from": "RDY", "to": "R0D", "amount": "1734193.54"},
    ]
    assert result["status"] == "optimal" and result["materiality"] == "0.00"
    assert {o["org_code"]: o["control_total"] for o in result["organisations"]} == dict.fromkeys(
        ("11J", "R0D", "RBD", "RDY"), "0.00"
    )
    assert result["regime"]["organisation_test"] == "breakeven"
    assert [f["code"] for f in result["regime"]["incentive_funds"]] == ["DSF", "ERF"]
    assert "the system's duty is on the partners' total, £240k" in result["explanation"][1]


def test_2026_27_each_body_on_its_own(recent_env: dict[str, str]) -> None:
    result = _solve(recent_env, "transfers", "2026/27")
    # 11J £500k, RBD £300k, RDY £1,660k of headroom (£2,460k) cover R0D's £2,240k: a share
    # of 2,240/2,460 = 91.0569% each (£455,284.55, £273,170.73, £1,511,544.72), in whole
    # pence with each giver at most a penny over its share, summing to £2,240,000.00.
    assert [(t["from"], t["amount"]) for t in result["transfers"]] == [
        ("11J", "455284.56"),
        ("RBD", "273170.74"),
        ("RDY", "1511544.70"),
    ]
    assert "(its own duty)" in result["explanation"][0]


def test_control_totals_in_a_breakeven_year_explain_the_plans(recent_env: dict[str, str]) -> None:
    result = _solve(recent_env, "control-totals", "2024/25")
    assert result["explanation"][0].endswith(
        "keeping their sum, £300k, the system's plan against the system's breakeven duty, "
        "while every CIP is made credible."
    )
