"""Agency pay as a share of the pay bill and the ceiling it is held against, worked by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.reference import store as reference_store
from openbook.reference.model.system_settings import SystemSettings, parse_system_settings
from openbook.regime.catalogue import get_regime
from openbook.regime.ccw_submit import submit_ccw_file
from openbook.regime.model.ccw import CcwLine, CcwReturn
from openbook.regime.model.pay_trend import (
    CeilingBasis,
    calculate_agency_share,
    calculate_ceiling,
    calculate_series,
    calculate_system_series,
)
from openbook.regime.pay_trend import get_pay_trend, pay_trend_to_dict
from tests.principals import principal
from tests.regime.ccw_sample import sample_bytes, sample_return


def pay(substantive: str, bank: str, agency: str) -> dict[str, Decimal]:
    return {"substantive": Decimal(substantive), "bank": Decimal(bank), "agency": Decimal(agency)}


@pytest.mark.parametrize(
    ("figures", "share"),
    [
        (("60500000", "3200000", "1800000"), "2.75"),  # 1.8m of 65.5m = 2.748%
        (("95", "0", "5"), "5.00"),
        (("1", "1", "1"), "33.33"),
        (("0", "0", "0"), None),  # no pay bill, no share
    ],
)
def test_agency_share_of_the_pay_bill(figures: tuple[str, str, str], share: str | None) -> None:
    expected = None if share is None else Decimal(share)
    assert calculate_agency_share(pay(*figures)) == expected


@pytest.mark.parametrize(
    ("setting", "reduction", "previous", "pct", "basis"),
    [
        (None, "30", "3.00", "2.10", CeilingBasis.REGIME),  # 3.00% less 30%
        (None, "30", "2.71", "1.90", CeilingBasis.REGIME),  # 1.897 to two decimals
        ("2.5", "30", "2.71", "2.5", CeilingBasis.SETTING),  # the system's own wins
        ("4", None, None, "4", CeilingBasis.SETTING),
        (None, None, "2.71", None, CeilingBasis.NONE),  # no reduction asked (2022/23)
        (None, "30", None, None, CeilingBasis.NONE),  # no returns the year before
    ],
)
def test_the_ceiling_is_the_systems_own_or_last_years_share_less_the_reduction(
    setting: str | None,
    reduction: str | None,
    previous: str | None,
    pct: str | None,
    basis: CeilingBasis,
) -> None:
    def d(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    ceiling = calculate_ceiling(d(setting), d(reduction), d(previous))
    assert (ceiling.pct, ceiling.basis) == (d(pct), basis)


def with_pay(org: str, month: int, substantive: str, bank: str, agency: str) -> CcwReturn:
    r = sample_return(org, month=month)
    figures = pay(substantive, bank, agency)
    lines = tuple(
        CcwLine(line.line_code, line.plan, figures[line.line_code[4:]], line.forecast_outturn)
        if line.line_code.startswith("pay.")
        else line
        for line in r.lines
    )
    return replace(r, lines=lines)


def test_the_system_share_adds_the_partners_pay_before_dividing() -> None:
    """M1: A 10 of 100 and B 0 of 300: the system 10 of 400 = 2.50%, not the mean of 10% and
    0%. M2: B has no return, so the system is A alone."""
    a = calculate_series(
        "A",
        "A",
        "Partner",
        [(1, with_pay("A", 1, "85", "5", "10")), (2, with_pay("A", 2, "170", "10", "20"))],
    )
    b = calculate_series("B", "B", "Partner", [(1, with_pay("B", 1, "300", "0", "0")), (2, None)])
    system = calculate_system_series("S", "S", [a, b], [1, 2])
    assert [p.agency_pct for p in system.points] == [Decimal("2.50"), Decimal("10.00")]
    assert b.latest is not None and b.latest.month == 1
    ceiling = calculate_ceiling(Decimal("5"), None, None)
    assert (a.above(ceiling), b.above(ceiling), system.above(ceiling)) == (True, False, True)


def test_the_agency_ceiling_setting_is_checked() -> None:
    settings, problems = parse_system_settings({"agency_ceiling_pct": "3.2"})
    assert (settings.agency_ceiling_pct, problems) == (Decimal("3.2"), [])
    assert parse_system_settings({})[0].agency_ceiling_pct is None
    for bad in ("lots", 0, 101, True):
        settings, problems = parse_system_settings({"agency_ceiling_pct": bad})
        assert settings.agency_ceiling_pct is None
        assert problems == [
            "agency_ceiling_pct must be a percentage of the pay bill above 0 and at most 100, "
            f"like 3.2; found {bad!r}"
        ]
    stored = SystemSettings(agency_ceiling_pct=Decimal("3.2")).as_document()
    assert parse_system_settings(stored)[0].agency_ceiling_pct == Decimal("3.2")
    assert "agency_ceiling_pct" not in SystemSettings().as_document()  # as before when unset


def test_the_trend_reads_each_months_return_and_last_years_share(
    demo_db: Database, tmp_path: Path
) -> None:
    """RBD's M5 and M6 2018/19 returns (agency £1.8m of £65.5m pay: 2.75%) and its M12
    2017/18 return (£2.62m of £66.32m: 3.95%); under a regime asking agency down 30% the
    ceiling is 3.95% less 30% = 2.765, to two decimals 2.77%. Stored and read back on SQLite
    (and PostgreSQL when set); the demonstration's years are used for their members."""
    submitter = principal("rbd.submitter")
    last_year = with_pay("RBD", 12, "60500000", "3200000", "2620000")
    last_year = replace(last_year, financial_year=FinancialYear.parse("2017/18"))
    for i, r in enumerate(
        [last_year, sample_return(year="2018/19", month=5), sample_return(year="2018/19", month=6)]
    ):
        path = tmp_path / f"ccw-{i}.csv"
        path.write_bytes(sample_bytes(r))
        submit_ccw_file(demo_db, path, submitter, date(2026, 12, 3))
    year = FinancialYear.parse("2018/19")
    regime = replace(get_regime(year), agency_reduction_pct=Decimal(30))
    trend = get_pay_trend(demo_db, "QVV", year, 6, regime)
    rbd = next(s for s in trend.members if s.code == "RBD")
    assert [p.agency_pct for p in rbd.points] == [None] * 4 + [Decimal("2.75")] * 2
    assert trend.ceiling.previous_share == Decimal("3.95")  # RBD alone had a return
    assert (trend.ceiling.pct, trend.ceiling.basis) == (Decimal("2.77"), CeilingBasis.REGIME)
    assert rbd.above(trend.ceiling) is False
    assert trend.system.latest is not None and trend.system.latest.agency_pct == Decimal("2.75")
    shape = pay_trend_to_dict(trend)
    assert shape["ceiling"]["agency_pct_of_pay"] == "2.77"
    months = next(o for o in shape["organisations"] if o["code"] == "RBD")["months"]
    assert months[5] == {
        "month": "M6",
        "agency_pct_of_pay": "2.75",
        "pay_ytd": {"substantive": "60500000.00", "bank": "3200000.00", "agency": "1800000.00"},
    }
    with demo_db.transaction() as session:
        reference_store.record_system_settings(
            session, "QVV", SystemSettings(agency_ceiling_pct=Decimal("2.5"))
        )
    trend = get_pay_trend(demo_db, "QVV", year, 6, regime)
    assert (trend.ceiling.pct, [s.code for s in trend.above_ceiling]) == (Decimal("2.5"), ["RBD"])
