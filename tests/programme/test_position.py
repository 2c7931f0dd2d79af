"""Investment in the spending organisation's position: in a year already returned the
position reads it as programme investment; a return that carries it is not added to."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from openbook.finance.model.finance_return import FinanceReturn, ReturnLine
from openbook.finance.position_report import get_system_position, read_system_position
from openbook.finance.submit import store_return
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.programme.load import load_programme_file
from openbook.programme.model import CostCategory, CostLine, Funding, Programme, YearAmount
from openbook.programme.position import (
    Investment,
    calculate_addition,
    calculate_investment,
    calculate_uncarried,
    carries,
    read_position_additions,
)
from tests.principals import ADMIN

DORSET = Path(__file__).parents[2] / "examples" / "programme" / "dorset.yaml"
YEAR = FinancialYear.parse("2017/18")
D = Decimal


def _line(ref: str, funding: Funding, planned: str, spent: str | None) -> CostLine:
    amount = YearAmount(D(planned), None, None if spent is None else D(spent))
    return CostLine(ref, ref, CostCategory.GOVERNANCE, funding, "RD3", {"2017/18": amount})


def _programme(*lines: CostLine) -> Programme:
    return Programme("p", "P", "QVV", "RD3", "test", (), (), lines)


def test_the_addition_is_the_spend_and_its_unfunded_part_to_the_month() -> None:
    programme = _programme(
        _line("central", Funding.CENTRAL, "120000", "60000"),
        _line("local", Funding.LOCAL, "24000", "30000"),
        CostLine(
            "other", "other", CostCategory.IT, Funding.LOCAL, "RBD", {"2017/18": YearAmount(D(9))}
        ),
    )
    investment = calculate_investment(programme, "RD3", "2017/18")
    assert investment is not None
    added = calculate_addition("P", investment, 3)
    # plan 144,000 a year: 12,000 a month, 36,000 by M3; spent 90,000 phased: 22,500 by M3
    assert (added.spend_annual_plan, added.spend_plan_ytd) == (D(144000), D(36000))
    assert (added.spend_actual_ytd, added.spend_forecast) == (D(22500), D(144000))
    # net: only local spend moves the control-total basis: 24,000 planned (6,000 by M3),
    # 30,000 spent (7,500 by M3), forecast the larger of the two
    assert (added.net_plan_ytd, added.net_actual_ytd, added.net_forecast) == (
        D(-6000),
        D(-7500),
        D(-30000),
    )
    assert calculate_investment(programme, "RDZ", "2017/18") is None
    assert calculate_investment(programme, "RD3", "2016/17") is None


def test_a_return_carrying_the_memo_line_already_has_the_investment() -> None:
    posted = FinanceReturn("RD3", YEAR, 1, (ReturnLine("programme.p.spend", D(144000)),))
    assert carries(posted, "p")
    assert not carries(FinanceReturn("RD3", YEAR, 1, (ReturnLine("non_pay", D(5)),)), "p")
    assert not carries(None, "p")


def test_rd3s_2017_18_position_reads_the_investment(demo_db: Database) -> None:
    report = get_system_position(demo_db, "QVV", YEAR, 6)
    rd3 = next(p for p in report.organisations if p.code == "RD3")
    [added] = rd3.additions
    assert (
        added.source
        == "One NHS in Dorset (acute care collaboration vanguard): programme investment"
    )
    # £2,957,520 planned for 2017/18: 246,460 a month, 1,478,760 by M6; none spent yet
    assert (added.spend_annual_plan, added.spend_plan_ytd) == (D(2957520), D(1478760))
    assert (added.spend_actual_ytd, added.spend_forecast) == (D(0), D(2957520))
    # all centrally funded: the bottom line is as the return says
    with demo_db.reading() as session:
        bare = read_system_position(session, "QVV", YEAR, 6)
    plain = next(p for p in bare.organisations if p.code == "RD3")
    assert (rd3.ytd_plan, rd3.forecast_outturn) == (plain.ytd_plan, plain.forecast_outturn)
    assert [p.additions for p in report.organisations if p.code != "RD3"] == [
        () for p in report.organisations if p.code != "RD3"
    ]


def _with_local_spend(tmp_path: Path) -> Path:
    text = DORSET.read_text(encoding="utf-8")
    old = "years: {2015/16: TBC, 2016/17: TBC, 2017/18: TBC}}"
    line = "  - {ref: tr.integration, name: Existing revenue service and infrastructure"
    start = text.index(line)
    end = text.index("\n", start)
    changed = text[start:end].replace(old, "years: {2017/18: 120000}, spent: {2017/18: 90000}}")
    text = text[:start] + changed + text[end:]
    text = text.replace("gross_investment: 13652177", "gross_investment: 13772177")
    path = tmp_path / "dorset.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_local_spend_moves_the_position_from_when_it_was_loaded(
    demo_db: Database, tmp_path: Path
) -> None:
    before = get_system_position(demo_db, "QVV", YEAR, 12)
    loaded_at = demo_db.clock.now()
    result = load_programme_file(demo_db, _with_local_spend(tmp_path), "QVV", ADMIN)
    assert result.version == 2
    after = get_system_position(demo_db, "QVV", YEAR, 12)
    rd3_before = next(p for p in before.organisations if p.code == "RD3")
    rd3 = next(p for p in after.organisations if p.code == "RD3")
    [added] = rd3.additions
    assert added.spend_annual_plan == D(3077520)  # 2,957,520 central + 120,000 local
    # locally funded: 120,000 planned and 90,000 spent by M12 come off plan and actual; the
    # forecast is the plan (more than the spend)
    assert rd3.ytd_plan == rd3_before.ytd_plan - 120000
    assert rd3.ytd_actual == rd3_before.ytd_actual - 90000
    assert rd3.forecast_outturn == rd3_before.forecast_outturn - 120000
    assert after.position.forecast_outturn == before.position.forecast_outturn - 120000
    # as it was known before the load: version 1, all central
    earlier = get_system_position(demo_db, "QVV", YEAR, 12, as_at=loaded_at)
    rd3_then = next(p for p in earlier.organisations if p.code == "RD3")
    assert rd3_then.forecast_outturn == rd3_before.forecast_outturn
    assert rd3_then.additions[0].spend_annual_plan == D(2957520)


def test_only_what_the_plan_in_force_does_not_carry_is_added() -> None:
    investment = Investment(D(144000), D(120000), D(90000), D(60000))
    assert calculate_uncarried(investment, D(0), D(0)) is investment  # none in the plan
    # the plan carries 100,000 (all central): 44,000 more to add, 20,000 of it central; the
    # returns built on that plan carry the spend, so no actual is added
    assert calculate_uncarried(investment, D(100000), D(100000)) == Investment(
        D(44000), D(20000), D(0), D(0)
    )
    assert calculate_uncarried(investment, D(144000), D(120000)) is None  # all carried


def test_a_year_posted_into_the_plan_is_not_added_to(demo_db: Database) -> None:
    """2016/17 was posted into RD3's plan from M1: the plan (and the returns built on it)
    carry the investment, so the position adds nothing; a return carrying the memo line
    is not added to either."""
    year = FinancialYear.parse("2016/17")
    posted = FinanceReturn(
        "RD3", year, 1, (ReturnLine("programme.one-nhs-dorset.spend", D(8710240)),)
    )
    with demo_db.transaction() as session:
        assert read_position_additions(session, ["RD3"], year, 6, None) == {}
        assert read_position_additions(session, ["RD3"], YEAR, 6, None) != {}  # 2017/18: not
        store_return(session, posted, "rd3.csv", "test", datetime(2016, 5, 10, tzinfo=UTC))
        assert read_position_additions(session, ["RD3"], year, 1, None) == {}
