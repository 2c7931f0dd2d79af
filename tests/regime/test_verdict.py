"""One set of figures under every year's regime: the rule that differs, year by year.

Organisation A planned a £2.0m deficit and forecasts £1.5m (better than its control total,
short of breakeven); B planned a £1.0m surplus and forecasts £2.5m. Together: +£1.0m."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from openbook.kernel.period import FinancialYear
from openbook.regime.catalogue import get_regime
from openbook.regime.model.verdict import (
    Figures,
    calculate_breakeven_met,
    evaluate_organisation,
    evaluate_system,
)

M = Decimal(1_000_000)
A = Figures(True, -2 * M, Decimal("-1.5") * M, Decimal("-1.6") * M, 200 * M)
B = Figures(True, 1 * M, Decimal("2.5") * M, Decimal("2.4") * M, 250 * M)


@pytest.mark.parametrize(
    ("year", "a_met", "a_duty", "a_rag", "system_test", "system_met", "system_duty"),
    [
        # 2017/18, 2018/19: each organisation against its own control total; no system test
        ("2017/18", True, True, "green", "none", None, False),
        ("2018/19", True, True, "green", "none", None, False),
        # 2019/20: control totals, and a system control total that is a duty too
        ("2019/20", True, True, "green", "sum_of_control_totals", True, True),
        # 2020/21-2025/26: breakeven, a duty of the system, not of A alone
        ("2020/21", False, False, "red", "breakeven_duty", True, True),
        ("2021/22", False, False, "red", "breakeven_duty", True, True),
        ("2022/23", False, False, "red", "breakeven_duty", True, True),
        ("2023/24", False, False, "red", "breakeven_duty", True, True),
        ("2024/25", False, False, "red", "breakeven_duty", True, True),
        ("2025/26", False, False, "red", "breakeven_duty", True, True),
        # 2026/27: A's own duty to break even fails; the system total is a local measure
        ("2026/27", False, True, "red", "local", True, False),
    ],
)
def test_the_same_figures_under_each_regime(
    year: str,
    a_met: bool,
    a_duty: bool,
    a_rag: str,
    system_test: str,
    system_met: bool | None,
    system_duty: bool,
) -> None:
    regime = get_regime(FinancialYear.parse(year))
    verdict = evaluate_organisation(regime, A)
    assert (verdict.met, verdict.duty, verdict.rag) == (a_met, a_duty, a_rag)
    system = evaluate_system(regime, [A, B])
    assert (system.test, system.met, system.duty) == (system_test, system_met, system_duty)
    assert calculate_breakeven_met(A) is False  # the figure itself never changes


def test_the_system_control_total_of_2019_20_is_the_sum_of_the_partners() -> None:
    system = evaluate_system(get_regime(FinancialYear(2019)), [A, B])
    assert system.target == -1 * M
    short = Figures(True, 1 * M, Decimal("-0.5") * M, Decimal("-0.5") * M, 250 * M)
    assert evaluate_system(get_regime(FinancialYear(2019)), [A, short]).met is False


def test_a_local_amber_margin_softens_red_to_amber(tmp_path: Path) -> None:
    (tmp_path / "2026-27.yaml").write_text("rag: {target: breakeven, amber_margin_pct: '1'}\n")
    regime = get_regime(FinancialYear(2026), tmp_path)
    assert evaluate_organisation(regime, A).rag == "amber"  # 1.5m short, margin 2.0m
    assert evaluate_organisation(get_regime(FinancialYear(2026)), A).rag == "red"


def test_no_return_no_judgement() -> None:
    missing = Figures(False, -2 * M, Decimal(0), Decimal(0), Decimal(0))
    regime = get_regime(FinancialYear(2026))
    assert evaluate_organisation(regime, missing).met is None
    assert evaluate_organisation(regime, missing).rag == "grey"
    assert evaluate_system(regime, [A, missing]).met is None
