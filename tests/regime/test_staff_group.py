"""Workforce by staff group in the capital, cash and workforce return: optional, whole when
given, adding up to the totals by contract (every problem at once, with its cell); figures,
the position's JSON and table, and the rule on a staff group's WTE above plan. Figures
worked by hand from tests/regime/ccw_sample.py."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from openbook.cli import app
from openbook.kernel.rule import ProviderSettings, Remit
from openbook.regime.ccw_file import parse_ccw_bytes
from openbook.regime.model.ccw import calculate_ccw_figures
from openbook.regime.model.ccw_rules import CcwSubject, find_wte_above_by_staff_group
from openbook.regime.model.staff_group import STAFF_GROUP_LINES, calculate_staff_group_figures
from openbook.regime.rules import WorkforceSpendRules
from tests.cli.conftest import as_user
from tests.regime.ccw_sample import sample_bytes, sample_return, staff_group_return

runner = CliRunner()


def test_the_figures_by_staff_group() -> None:
    (nursing, medical, other, admin) = calculate_staff_group_figures([staff_group_return()]) or []
    # Nursing: WTE 900 + 80 + 20 planned, 905.5 + 90 + 24 in post; pay YTD 22.5m + 1.9m +
    # 0.8m = 25.2m, of which agency 0.8m (3.17%) and bank 1.9m (7.54%).
    assert (nursing.wte_plan, nursing.wte_actual, nursing.wte_over_plan) == (
        Decimal("1000"),
        Decimal("1019.5"),
        Decimal("19.5"),
    )
    assert (nursing.pay_plan, nursing.pay_actual_ytd, nursing.pay_forecast) == (
        Decimal("49700000"),
        Decimal("25200000"),
        Decimal("50700000"),
    )
    assert (nursing.agency_pct_of_pay, nursing.bank_pct_of_pay) == (
        Decimal("3.17"),
        Decimal("7.54"),
    )
    assert nursing.label == "Registered nursing, midwifery and health visiting staff"
    assert (medical.wte_plan, medical.wte_actual) == (Decimal("322"), Decimal("323.25"))
    assert medical.agency_pct_of_pay == Decimal("4.81")  # 0.9m of 18.7m
    assert (other.wte_actual, other.agency_pct_of_pay) == (Decimal("750"), Decimal("0.44"))
    assert admin.label == "Admin and estates: NHS infrastructure support"
    assert admin.agency_pct_of_pay == Decimal("0.49")  # 40k of 8.09m
    # The groups add up to the return's totals: 2,615.75 WTE in post.
    total = sum((g.wte_actual for g in (nursing, medical, other, admin)), Decimal(0))
    assert total == calculate_ccw_figures(staff_group_return(), Decimal(1)).wte_actual


def test_a_return_without_staff_groups_has_none() -> None:
    assert calculate_staff_group_figures([sample_return()]) is None
    parsed, issues = parse_ccw_bytes(sample_bytes(), "rbd.csv")
    assert issues == [] and parsed == sample_return()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_return_with_staff_groups_reads_back_the_same(suffix: str) -> None:
    parsed, issues = parse_ccw_bytes(sample_bytes(staff_group_return(), suffix), f"rbd{suffix}")
    assert issues == []
    assert parsed == staff_group_return()


def test_staff_groups_must_add_up_to_the_totals_every_problem_at_once() -> None:
    # Rows: 2-23 the return's 22 lines (wte.substantive on 18, wte.bank 19, pay.agency 23),
    # 24-47 the staff groups (wte.other_clinical.bank on 31). Columns F plan, G actual,
    # H forecast_outturn.
    r = staff_group_return(
        wte_nursing_substantive=("910", "905.5", "0"),
        pay_nursing_agency=("1200000", "800000", "1600000"),
    )
    text = sample_bytes(r).decode("utf-8-sig")
    text = text.replace(
        'other clinical, bank WTE",40.00,40.00', 'other clinical, bank WTE",40.00,4O'
    )
    _, issues = parse_ccw_bytes(text.encode(), "rbd.csv")
    assert [str(issue) for issue in issues] == [
        "rbd.csv:31:G: 'actual' is '4O'",
        "rbd.csv:18:F: the staff groups' wte.*.substantive 'plan' add up to 2410.00, not "
        "2400.00 as on wte.substantive",
        "rbd.csv:19:G: the staff groups' wte.*.bank 'actual' add up to 120.00, not 160.00 "
        "as on wte.bank",
        "rbd.csv:23:H: the staff groups' pay.*.agency 'forecast_outturn' add up to "
        "3500000.00, not 3400000.00 as on pay.agency",
    ]
    assert issues[1].expected == "the staff groups adding up to the substantive total"


def test_a_staff_group_section_left_blank_is_not_given() -> None:
    # The template's section with every figure empty, under the sample's totals.
    blank = staff_group_return(**dict.fromkeys(_names(), ("0", "0", "0")))
    parsed, issues = parse_ccw_bytes(sample_bytes(blank), "rbd.csv")
    assert issues == [] and parsed == sample_return()


def _names() -> list[str]:
    return [spec.line_code.replace(".", "_") for spec in STAFF_GROUP_LINES]


def test_some_staff_groups_without_the_rest_is_refused() -> None:
    # The admin and estates pay lines left out, and nursing's substantive WTE plan 10 over:
    # both said at once (the pay totals, whose groups are incomplete, are not summed).
    r = staff_group_return(wte_nursing_substantive=("910", "905.5", "0"))
    text = sample_bytes(r).decode("utf-8-sig")
    kept = [line for line in text.splitlines() if ",pay.infrastructure." not in line]
    _, issues = parse_ccw_bytes("\n".join(kept).encode(), "rbd.csv")
    assert [str(issue) for issue in issues] == [
        "rbd.csv: is missing staff-group line(s) pay.infrastructure.substantive, "
        "pay.infrastructure.bank, pay.infrastructure.agency "
        "(start from `openbook regime template`)",
        "rbd.csv:18:F: the staff groups' wte.*.substantive 'plan' add up to 2410.00, not "
        "2400.00 as on wte.substantive",
    ]


def _settings() -> ProviderSettings:
    return ProviderSettings({s.name: s.default for s in WorkforceSpendRules().settings})


def _subject(**changed: tuple[str, str, str]) -> CcwSubject:
    r = staff_group_return(**changed)
    return CcwSubject(
        "RBD", "Dorset County Hospital", calculate_ccw_figures(r, Decimal(1)), r, None
    )


def test_no_staff_group_more_than_two_per_cent_over_raises_nothing() -> None:
    # Nursing is the most over: 19.5 WTE on 1,000 planned, 1.95%, not more than 2%.
    assert find_wte_above_by_staff_group([_subject()], _settings()) == []
    # A return without staff groups is not judged by this rule.
    plain = CcwSubject("RBD", "RBD", calculate_ccw_figures(sample_return(), Decimal(1)),
                       sample_return(), None)  # fmt: skip
    assert find_wte_above_by_staff_group([plain], _settings()) == []


def test_the_largest_staff_group_over_run_is_named() -> None:
    # Nursing substantive 936 in post: 1,050 against 1,000, 50 WTE (5.0%) over; medical
    # agency 20.25: 330.25 against 322, 8.25 WTE (2.6%) over. Nursing is the larger.
    subject = _subject(
        wte_nursing_substantive=("900", "936", "0"), wte_medical_agency=("12", "20.25", "0")
    )
    (found,) = find_wte_above_by_staff_group([subject], _settings())
    assert found.key == "wte-above-plan-by-staff-group|RBD"
    assert found.remit is Remit.WORKFORCE
    assert found.title == "RBD registered nursing WTE 5.0% above plan (and 1 other staff group)"
    assert found.detail == (
        "Dorset County Hospital's largest over-run at M6 2026/27 is registered nursing, "
        "midwifery and health visiting staff: 1050.00 WTE in post (agency 24.00, bank 90.00) "
        "against a plan of 1000.00. Staff groups more than 2% over plan: registered nursing "
        "1050.00 against 1000.00, 50.00 (5.0%) over; medical and dental 330.25 against "
        "322.00, 8.25 (2.6%) over."
    )
    # At 5%: nursing's 5.0% is not more than it, nor medical's 2.6%.
    settings = ProviderSettings(
        {**_settings().values, "staff_group_wte_above_plan_pct": Decimal(5)}
    )
    assert find_wte_above_by_staff_group([subject], settings) == []


def _position(env: dict[str, str], *extra: str) -> tuple[int, str]:
    args = ["position", "--system", "QVV", "--year", "2026/27", "--month", "6", *extra]
    result = runner.invoke(app, args, env=env)
    return result.exit_code, result.stdout + result.stderr


def test_the_demonstrations_staff_groups_add_up_to_its_totals(recent_env: dict[str, str]) -> None:
    code, out = _position(recent_env, "--format", "json")
    assert code == 0, out
    payload: dict[str, Any] = json.loads(out)
    for o in payload["organisations"]:
        wte, pay = o["wte_by_staff_group"], o["pay_by_staff_group"]
        assert list(wte) == ["nursing", "medical", "other_clinical", "infrastructure"]
        for contract, total in o["wte_by_contract"].items():
            groups = sum(Decimal(g["by_contract"][contract]) for g in wte.values())
            assert groups == Decimal(total), (o["org_code"], contract)
        assert sum(Decimal(g["actual"]) for g in wte.values()) == Decimal(o["wte_actual"])
        share = Decimal(pay["nursing"]["by_contract"]["agency"]) * 100
        share /= Decimal(pay["nursing"]["actual_ytd"])
        assert Decimal(pay["nursing"]["agency_pct_of_pay"]) == share.quantize(Decimal("0.01"))
    code, out = _position(recent_env)
    assert code == 0, out
    assert "RBD by staff group (WTE in post of plan; agency % of pay): registered nursing" in (
        " ".join(out.split())
    )


def test_a_return_without_staff_groups_gives_null(
    recent_env: dict[str, str], tmp_path: Path
) -> None:
    # RBD resubmits its 2026/27 M6 return without the staff groups: its position has none.
    path = tmp_path / "rbd.csv"
    path.write_bytes(sample_bytes(sample_return("RBD", "2026/27", 6)))
    result = runner.invoke(
        app, ["regime", "submit", str(path)], env=as_user(recent_env, "rbd.submitter")
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    code, out = _position(recent_env, "--format", "json")
    assert code == 0, out
    orgs = {o["org_code"]: o for o in json.loads(out)["organisations"]}
    assert orgs["RBD"]["wte_by_staff_group"] is None and orgs["RBD"]["pay_by_staff_group"] is None
    assert orgs["RDY"]["wte_by_staff_group"] is not None


def test_the_template_writes_every_staff_group_line(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    blank = tmp_path / "blank.csv"
    args = ["regime", "template", "--org", "RBD", "--year", "2025/26", "--month", "6"]
    result = runner.invoke(app, [*args, "-o", str(blank)], env=demo_env)
    assert result.exit_code == 0, result.stderr
    codes = [line.split(",")[3] for line in blank.read_text().splitlines()[1:]]
    assert codes[22:] == [spec.line_code for spec in STAFF_GROUP_LINES]
    assert "wte.nursing.agency" in codes and "pay.infrastructure.bank" in codes
