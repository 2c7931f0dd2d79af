"""The escalation rules read the regime of the year: finance's forecast rule judges the
control total in 2018/19 and breakeven from 2020/21 (whose duty it is differs by year);
the capital rule judges each envelope or the system's; cash, BPPC, agency, bank and WTE
rules use the year's targets. Figures worked by hand in each test."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openbook.cli import app
from openbook.finance.model.position import Position
from openbook.finance.model.year_test import YearTest
from openbook.finance.rules import FinanceRules, find_org_behind, find_system_behind
from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import ProviderSettings, Remit
from openbook.regime.catalogue import get_regime
from openbook.regime.model.ccw import CcwLine, CcwReturn, calculate_ccw_figures
from openbook.regime.model.ccw_rules import (
    CcwSubject,
    find_bppc_below,
    find_capital_above,
    find_cash_low,
    find_pay_above,
    find_running_costs_above,
    find_wte_above,
)
from openbook.regime.rules import CapitalRules, CashRules, WorkforceSpendRules, year_test_of
from tests.regime.ccw_sample import icb_return, sample_return

runner = CliRunner()
OPEX = Decimal(240_000_000)  # 0.25% is £600k, above the £500k floor


def position(year: str, code: str = "RD3", **values: object) -> Position:
    base: dict[str, object] = {
        "code": code, "name": f"{code} trust", "financial_year": FinancialYear.parse(year),
        "month": 6, "has_return": True, "return_version": 1,
        "control_total": Decimal(-2_000_000), "ytd_plan": ZERO, "ytd_actual": ZERO,
        "forecast_outturn": Decimal(-2_240_000), "transfers": ZERO, "cip_plan_annual": ZERO,
        "cip_plan_ytd": ZERO, "cip_actual_ytd": ZERO, "cip_recurrent_ytd": ZERO,
        "cip_non_recurrent_ytd": ZERO, "cip_forecast": ZERO, "operating_expenditure": OPEX,
        "risks_gross": ZERO, "risks_net": ZERO, "mitigations_gross": ZERO,
        "mitigations_net": ZERO, "sustainability_funding": ZERO, "sustainability_at_risk": ZERO,
    }  # fmt: skip
    return Position(**{**base, **values})  # type: ignore[arg-type]


def year_test(year: str) -> YearTest:
    return year_test_of(get_regime(FinancialYear.parse(year)))


def test_2018_19_judges_the_control_total_and_2024_25_breakeven() -> None:
    # -£2,240k against a control total of -£2,000k: £240k short, under the £600k threshold.
    settings = FinanceRules().defaults()
    assert find_org_behind([position("2018/19")], settings, year_test("2018/19")) == []
    # The same forecast in 2024/25 is £2,240k short of breakeven: raised, as the body's
    # share of the system's duty.
    (found,) = find_org_behind([position("2024/25")], settings, year_test("2024/25"))
    assert found.key == "org-behind-control-total|RD3"
    assert found.title == "RD3 forecast £2,240k short of breakeven"
    assert "its share of the system's breakeven duty" in found.detail
    assert "£600k threshold" in found.detail


def test_2026_27_breakeven_is_each_bodys_own_duty() -> None:
    (found,) = find_org_behind(
        [position("2026/27")], FinanceRules().defaults(), year_test("2026/27")
    )
    assert "asks it to break even (its own duty)" in found.detail


def test_a_regime_margin_widens_the_threshold() -> None:
    # A local 1% margin: 1% of £240m is £2,400k, so £2,240k short is not raised.
    wide = replace(year_test("2024/25"), amber_margin_pct=Decimal(1))
    assert find_org_behind([position("2024/25")], FinanceRules().defaults(), wide) == []


@pytest.mark.parametrize(
    ("year", "title"),
    [
        # the sum of control totals -£5,500k; forecast -£6,100k: £600k behind
        ("2019/20", "System forecast £600k behind the system control total"),
        # breakeven: £6,100k short
        ("2022/23", "System forecast £6,100k short of breakeven"),
        ("2026/27", "System forecast £6,100k short of breakeven"),
    ],
)
def test_the_system_test_of_each_year(year: str, title: str) -> None:
    system = position(
        year, "QVV", control_total=Decimal(-5_500_000), forecast_outturn=Decimal(-6_100_000)
    )
    (found,) = find_system_behind(system, FinanceRules().defaults(), year_test(year))
    assert found.title == title and found.remit is Remit.SYSTEM
    if year == "2022/23":
        assert "is the system's duty to break even" in found.detail
    if year == "2026/27":
        assert "a local measure, not a duty" in found.detail


def ccw(code: str, year: str, **lines: tuple[str, str, str]) -> CcwReturn:
    return CcwReturn(
        code,
        FinancialYear.parse(year),
        6,
        tuple(CcwLine(k.replace("_", ".", 1), *(Decimal(v) for v in t)) for k, t in lines.items()),
    )


def subject(r: CcwReturn, before: CcwReturn | None = None, provider: bool = True) -> CcwSubject:
    return CcwSubject(r.org_code, f"{r.org_code} trust", calculate_ccw_figures(r, OPEX), r,
                      before, provider)  # fmt: skip


def capital_pair(year: str) -> list[CcwSubject]:
    """R0D forecasts £1,800k over its £30,000k envelope; RBD £2,000k under its £12,000k."""
    return [
        subject(ccw("R0D", year, capital_envelope=("30000000", "0", "0"),
                    **{"capital_equipment.operational": ("0", "0", "31800000")})),
        subject(ccw("RBD", year, capital_envelope=("12000000", "0", "0"),
                    **{"capital_equipment.operational": ("0", "0", "10000000")})),
    ]  # fmt: skip


def test_capital_is_judged_on_the_system_envelope_in_2024_25_and_on_each_in_2026_27() -> None:
    settings = _settings(CapitalRules())
    # 2024/25: the system's envelope £42,000k against £41,800k: £200k headroom, nothing.
    regime = get_regime(FinancialYear.parse("2024/25"))
    assert find_capital_above(capital_pair("2024/25"), regime, settings, "QVV") == []
    # 2026/27: envelopes go to providers: R0D is £1,800k over its own.
    regime = get_regime(FinancialYear.parse("2026/27"))
    (found,) = find_capital_above(capital_pair("2026/27"), regime, settings, "QVV")
    assert found.key == "capital-forecast-above-envelope|R0D"
    assert found.title == "R0D capital forecast £1,800k above its envelope"


def test_a_system_envelope_overspent_is_the_systems() -> None:
    regime = get_regime(FinancialYear.parse("2024/25"))
    over = [capital_pair("2024/25")[0]]  # R0D alone: £1,800k over the system's total
    (found,) = find_capital_above(over, regime, _settings(CapitalRules()), "QVV")
    assert (found.subject, found.remit) == ("QVV", Remit.SYSTEM)
    assert found.title == "System capital forecast £1,800k above its envelope"
    assert "Over their shares: R0D £1,800k." in found.detail


def test_cash_days_below_the_minimum_for_providers_only() -> None:
    # £5,917,808 ÷ (£240m ÷ 365) = 9.0 days, below 10; an ICB's low cash is not judged.
    r = ccw("RDY", "2025/26", cash_balance=("0", "5917808", "0"))
    icb = ccw("11J", "2025/26", cash_balance=("0", "5917808", "0"))
    settings = _settings(CashRules())
    (found,) = find_cash_low([subject(r), subject(icb, provider=False)], settings)
    assert found.title == "RDY cash 9.0 days, below 10"


def test_bppc_against_the_target_of_2025_26_and_none_in_2024_25() -> None:
    # 18,600 of 20,000 invoices within 30 days: 93.00%.
    lines = {"bppc_invoices": ("0", "20000", "0"), "bppc_within_30_days": ("0", "18600", "0")}
    regime = get_regime(FinancialYear.parse("2025/26"))
    (found,) = find_bppc_below([subject(ccw("R0D", "2025/26", **lines))], regime)
    assert found.title == "R0D paid 93.00% of invoices within 30 days, below 95%"
    assert find_bppc_below(
        [subject(ccw("R0D", "2024/25", **lines))], get_regime(FinancialYear.parse("2024/25"))
    ) == []  # fmt: skip


@pytest.mark.parametrize(
    ("agency_now", "raised"),
    [("720000", True), ("700000", False), ("690000", False)],  # 28% / 30% / 31% down
)
def test_agency_pay_against_the_reduction_of_2025_26(agency_now: str, raised: bool) -> None:
    before = ccw("RBD", "2024/25", pay_agency=("0", "1000000", "0"))
    now = ccw("RBD", "2025/26", pay_agency=("0", agency_now, "0"))
    regime = get_regime(FinancialYear.parse("2025/26"))
    found = find_pay_above([subject(now, before)], regime)
    assert bool(found) is raised
    if raised:
        assert found[0].remit is Remit.WORKFORCE
        assert found[0].title == "RBD agency pay down 28.00% on last year; the target is down 30%"
        assert "a ceiling of £700k" in found[0].detail
    # 2024/25 set no reduction: nothing, whatever the change.
    assert find_pay_above([subject(now, before)], get_regime(FinancialYear.parse("2024/25"))) == []


def test_bank_pay_not_down_ten_per_cent() -> None:
    before = ccw("RDY", "2025/26", pay_bank=("0", "2000000", "0"))
    now = ccw("RDY", "2026/27", pay_bank=("0", "1900000", "0"))  # down 5%
    (found,) = find_pay_above([subject(now, before)], get_regime(FinancialYear.parse("2026/27")))
    assert found.key == "bank-spend-above-target|RDY"


@pytest.mark.parametrize(("agency_wte", "raised"), [("2", False), ("3", True)])
def test_wte_above_plan_by_more_than_two_per_cent(agency_wte: str, raised: bool) -> None:
    # Plan 100 WTE; 100 substantive in post plus 2 agency is 2% over (not more); 3 is 3%.
    r = ccw("RBD", "2025/26", wte_substantive=("100", "100", "0"),
            wte_agency=("0", agency_wte, "0"))  # fmt: skip
    found = find_wte_above([subject(r)], _settings(WorkforceSpendRules()))
    assert bool(found) is raised
    if raised:
        assert found[0].title == "RBD WTE 3.0% above plan"


def test_an_icbs_running_costs_above_its_allowance() -> None:
    # £17,500k forecast against an allowance of £17,340k: £160k above; a trust has no line.
    (found,) = find_running_costs_above([subject(icb_return()), subject(sample_return())])
    assert found.key == "icb-running-costs-above-allowance|11J"
    assert found.title == "11J running costs £160k above its allowance"
    assert "(£8,600k spent to date)" in found.detail


def _settings(provider: CapitalRules | CashRules | WorkforceSpendRules) -> ProviderSettings:
    return ProviderSettings({s.name: s.default for s in provider.settings})


def _evaluate(env: dict[str, str], year: str) -> tuple[int, str]:
    args = ["escalations", "evaluate", "--system", "QVV", "--year", year, "--month", "6"]
    result = runner.invoke(app, args, env=env)
    return result.exit_code, result.stdout + result.stderr


def test_evaluating_a_recent_year_raises_the_regimes_rules(recent_env: dict[str, str]) -> None:
    code, out = _evaluate(recent_env, "2026/27")
    assert code == 0, out
    listed = runner.invoke(
        app, ["escalations", "list", "--system", "QVV", "--year", "2026/27", "--format", "json"],
        env=recent_env,
    )  # fmt: skip
    titles = {e["title"]: e for e in json.loads(listed.stdout)}
    # QVV's synthetic 2026/27 M6: R0D forecasts £34,461k of operational capital against its
    # own £32,661k envelope, £1,800k over; it forecasts -£2,240k, short of breakeven.
    assert "R0D capital forecast £1,800k above its envelope" in titles
    assert "R0D forecast £2,240k short of breakeven" in titles
    assert "R0D paid 93.00% of invoices within 30 days, below 95%" in titles
    bodies = {e["body"] for t, e in titles.items() if " agency pay " in t or " bank pay " in t}
    assert bodies == {"slt"}  # the workforce remit


def test_the_icbs_running_costs_are_escalated_in_2025_26(recent_env: dict[str, str]) -> None:
    code, out = _evaluate(recent_env, "2025/26")
    assert code == 0, out
    listed = runner.invoke(
        app, ["escalations", "list", "--system", "QVV", "--year", "2025/26", "--format", "json"],
        env=recent_env,
    )  # fmt: skip
    # SYNTHETIC: £17,000k forecast against a 2025/26 allowance of £16,150k.
    titles = [e["title"] for e in json.loads(listed.stdout)]
    assert "11J running costs £850k above its allowance" in titles


def test_a_year_without_a_regime_names_the_missing_file(recent_env: dict[str, str]) -> None:
    code, out = _evaluate(recent_env, "2027/28")
    assert code != 0
    assert "no finance regime for 2027/28" in out and "2027-28.yaml" in "".join(out.split())


@pytest.mark.parametrize(
    ("year", "organisation", "system"),
    [
        # The same figures every year: the trust -£2,240k against a -£2,000k control total
        # (£240k short, under its £600k threshold); the system -£6,100k against -£5,500k.
        ("2017/18", None, "behind the system control total"),  # Dorset's local agreement
        ("2018/19", None, "behind the system control total"),
        ("2019/20", None, "behind the system control total"),  # a system control total
        ("2020/21", "its share of the system's breakeven duty", "the system's duty"),
        ("2021/22", "its share of the system's breakeven duty", "the system's duty"),
        ("2022/23", "its share of the system's breakeven duty", "the system's duty"),
        ("2023/24", "its share of the system's breakeven duty", "the system's duty"),
        ("2024/25", "its share of the system's breakeven duty", "the system's duty"),
        ("2025/26", "its share of the system's breakeven duty", "the system's duty"),
        ("2026/27", "its own duty", "a local measure, not a duty"),
    ],
)
def test_each_years_forecast_rules(year: str, organisation: str | None, system: str) -> None:
    settings, test = FinanceRules().defaults(), year_test(year)
    found = find_org_behind([position(year)], settings, test)
    if organisation is None:
        assert found == []
    else:
        assert found[0].title == "RD3 forecast £2,240k short of breakeven"
        assert f"({organisation})" in found[0].detail
    whole = position(
        year, "QVV", control_total=Decimal(-5_500_000), forecast_outturn=Decimal(-6_100_000)
    )
    (behind,) = find_system_behind(whole, settings, test)
    assert system in behind.title + behind.detail


def test_a_systems_own_rules_are_read_by_the_escalation_rules(
    recent_env: dict[str, str], tmp_path: Path
) -> None:
    # A local 1% RAG margin for 2024/25: 1% of R0D's operating expenditure (about £701m) is
    # about £7,010k, so its £2,240k short of breakeven is within the margin, not escalated.
    local = tmp_path / "rules"
    local.mkdir()
    (local / "2024-25.yaml").write_text('rag: {target: breakeven, amber_margin_pct: "1"}\n')
    title = "R0D forecast £2,240k short of breakeven"

    def titles() -> list[str]:
        args = ["escalations", "list", "--system", "QVV", "--year", "2024/25", "-f", "json"]
        listed = runner.invoke(app, args, env=recent_env)
        return [e["title"] for e in json.loads(listed.stdout)]

    code, out = _evaluate({**recent_env, "OPENBOOK_REGIME_DIR": str(local)}, "2024/25")
    assert code == 0, out
    assert title not in titles()
    code, out = _evaluate(recent_env, "2024/25")  # the shipped rules: no margin
    assert code == 0, out
    assert title in titles()
