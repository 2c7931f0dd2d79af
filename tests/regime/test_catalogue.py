"""The regimes shipped by year, a system's local rules over them, and a year without one."""

from __future__ import annotations

from pathlib import Path

import pytest

from openbook.kernel.error import InvalidDataError
from openbook.kernel.period import FinancialYear
from openbook.regime.catalogue import (
    SHIPPED,
    MissingRegimeError,
    get_regime,
    list_regimes,
    list_years,
)
from openbook.regime.model.regime import (
    AccountableUnit,
    EnvelopeLevel,
    OrganisationTest,
    PositionShape,
    SystemTest,
)

YEARS = [FinancialYear(start) for start in range(2017, 2027)]


def test_every_year_from_2017_18_to_2026_27_is_shipped_with_its_sources() -> None:
    assert list_years() == YEARS
    for regime in list_regimes():
        assert regime.sources, regime.financial_year
        assert regime.summary and regime.measured_basis == "adjusted financial performance"


@pytest.mark.parametrize(
    ("year", "unit", "organisation_test", "system_test", "funds"),
    [
        ("2017/18", "organisation", "control_total", "none", ["STF"]),
        ("2018/19", "organisation", "control_total", "none", ["PSF"]),
        ("2019/20", "both", "control_total", "sum_of_control_totals", ["PSF", "FRF", "MRET"]),
        ("2020/21", "system", "breakeven", "breakeven_duty", []),
        ("2022/23", "system", "breakeven", "breakeven_duty", ["ERF"]),
        ("2024/25", "system", "breakeven", "breakeven_duty", ["DSF", "ERF"]),
        ("2025/26", "system", "breakeven", "breakeven_duty", ["DSF"]),
        ("2026/27", "organisation", "breakeven", "local", []),
    ],
)
def test_each_year_has_its_own_rules(
    year: str, unit: str, organisation_test: str, system_test: str, funds: list[str]
) -> None:
    regime = get_regime(FinancialYear.parse(year))
    assert regime.accountable_unit is AccountableUnit(unit)
    assert regime.organisation_test is OrganisationTest(organisation_test)
    assert regime.system_test is SystemTest(system_test)
    assert [fund.code for fund in regime.incentive_funds] == funds


def test_the_dorset_years_keep_the_2017_18_position_shape() -> None:
    shapes = {r.financial_year.label: r.position_shape for r in list_regimes()}
    assert shapes["2017/18"] is shapes["2018/19"] is PositionShape.CONTROL_TOTAL
    assert all(shapes[y.label] is PositionShape.REGIME for y in YEARS[2:])
    stf = get_regime(FinancialYear(2017)).incentive_funds[0]
    assert str(stf.finance_share) == "0.70"


def test_capital_envelopes_move_from_systems_to_providers_in_2026_27() -> None:
    assert get_regime(FinancialYear(2025)).envelope_level is EnvelopeLevel.SYSTEM
    assert get_regime(FinancialYear(2026)).envelope_level is EnvelopeLevel.PROVIDER


def test_a_year_without_a_regime_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MissingRegimeError) as caught:
        get_regime(FinancialYear(2027), tmp_path)
    message = caught.value.message
    assert message.startswith("no finance regime for 2027/28: there is no rules file ")
    assert "rules/2027-28.yaml" in message and str(tmp_path / "2027-28.yaml") in message


def test_a_missing_rules_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MissingRegimeError, match="does not exist"):
        get_regime(FinancialYear(2026), tmp_path / "nowhere")


def test_local_rules_override_a_section_and_add_rules(tmp_path: Path) -> None:
    (tmp_path / "2026-27.yaml").write_text(
        "system_test: breakeven_duty\n"
        "rag: {target: breakeven, amber_margin_pct: '0.5'}\n"
        "local_rules: [Dorset partners agree to hold the system total at breakeven]\n"
    )
    regime = get_regime(FinancialYear(2026), tmp_path)
    assert regime.system_test is SystemTest.BREAKEVEN_DUTY
    assert str(regime.rag.amber_margin_pct) == "0.5"
    assert regime.local_rules == ("Dorset partners agree to hold the system total at breakeven",)
    assert regime.accountable_unit is AccountableUnit.ORGANISATION  # kept from the shipped file
    assert len(regime.files) == 2


def test_a_system_may_add_a_year_of_its_own(tmp_path: Path) -> None:
    shipped = (SHIPPED / "2026-27.yaml").read_text()
    (tmp_path / "2027-28.yaml").write_text(shipped.replace("2026/27", "2027/28"))
    assert FinancialYear(2027) in list_years(tmp_path)
    assert get_regime(FinancialYear(2027), tmp_path).financial_year == FinancialYear(2027)


def test_every_problem_in_a_local_file_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "2026-27.yaml").write_text(
        "financial_year: 2025/26\naccountable_unit: county\nrag: {target: surplus}\nextra: 1\n"
    )
    with pytest.raises(InvalidDataError) as caught:
        get_regime(FinancialYear(2026), tmp_path)
    messages = [issue.message for issue in caught.value.issues]
    assert messages == ["has an unknown key 'extra'"]
    (tmp_path / "2026-27.yaml").write_text(
        "financial_year: 2025/26\naccountable_unit: county\nrag: {target: surplus}\n"
    )
    with pytest.raises(InvalidDataError) as caught:
        get_regime(FinancialYear(2026), tmp_path)
    found = sorted((issue.column, issue.message) for issue in caught.value.issues)
    assert found == [
        ("accountable_unit", "'accountable_unit' is 'county'"),
        ("financial_year", "'financial_year' is 2025/26 but the file is named for 2026/27"),
        ("rag.target", "'rag.target' is 'surplus'"),
    ]
