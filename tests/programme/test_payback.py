"""The financial benefits' return: savings on the baseline, per pound invested, the year the
programme pays back and the share of the gap, planned (trajectory) and measured."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openbook.kernel.database import Database
from openbook.programme.file import load_programme
from openbook.programme.load import get_programme_report
from openbook.programme.model import (
    Benefit,
    CostCategory,
    CostLine,
    Direction,
    Funding,
    Programme,
    ReturnOnInvestment,
    YearAmount,
)
from openbook.programme.payback import (
    calculate_payback,
    calculate_planned_savings,
    calculate_saving,
    sum_savings,
)
from openbook.programme.report import savings_rows

DORSET = Path(__file__).parents[2] / "examples" / "programme" / "dorset.yaml"
D = Decimal


def _benefit(ref: str, direction: Direction, baseline: str, **trajectory: str) -> Benefit:
    return Benefit(
        ref,
        ref,
        "m",
        "pounds",
        "o",
        "g",
        direction,
        D(baseline),
        "2016/17",
        {year.replace("_", "/"): D(v) for year, v in trajectory.items()},
        financial=True,
    )


def _programme() -> Programme:
    cost = CostLine(
        "c",
        "c",
        CostCategory.IT,
        Funding.CENTRAL,
        "RD3",
        {"2016/17": YearAmount(D(600)), "2017/18": YearAmount(D(400))},
    )
    return Programme(
        "p",
        "P",
        "QVV",
        "RD3",
        "t",
        (),
        (),
        (cost,),
        benefits=(
            _benefit("cost", Direction.DECREASE, "1000", **{"2017_18": "900", "2018_19": "500"}),
            _benefit("cip", Direction.INCREASE, "100", **{"2017_18": "150", "2018_19": "300"}),
        ),
        roi=ReturnOnInvestment("s", D(4000), D(8000), D(0), D(0), D(1000)),
    )


def test_a_saving_is_the_improvement_on_the_baseline_in_its_direction() -> None:
    cost, cip = _programme().benefits
    assert calculate_saving(cost, D(900)) == D(100)
    assert calculate_saving(cost, D(1200)) == D(-200)  # worse than the baseline
    assert calculate_saving(cip, D(150)) == D(50)


def test_planned_savings_pay_back_when_they_cover_the_investment_to_date() -> None:
    programme = _programme()
    planned = sum_savings(programme, {b.ref: b.trajectory for b in programme.benefits})
    assert planned == {"2017/18": D(150), "2018/19": D(700)}  # 100 + 50; 500 + 200
    payback = calculate_payback(programme, planned)
    # invested 600 then 1,000 to date; saved 150 to 2017/18, 850 to 2018/19: not yet
    assert (payback.total, payback.per_pound, payback.payback_year) == (D(850), D("0.85"), None)
    # the last year's saving, 700, against a gap of 4,000 to 8,000
    assert payback.share_of_gap == (D("0.088"), D("0.175"))
    more = calculate_payback(programme, {**planned, "2019/20": D(150)})
    assert more.payback_year == "2019/20"  # 1,000 saved to date covers the 1,000 invested


def test_planned_savings_by_organisation_for_the_planning_bridge() -> None:
    assert calculate_planned_savings(_programme()) == {
        "RD3": {"2017/18": D(150), "2018/19": D(700)}  # unlinked: the host's
    }
    assert calculate_planned_savings(_programme(), ("cip",)) == {
        "RD3": {"2017/18": D(50), "2018/19": D(200)}
    }
    dorset, _ = load_programme(DORSET)
    assert dorset is not None
    assert calculate_planned_savings(dorset) == {
        "RBD": {"2017/18": D(2500000), "2018/19": D(1200000)},  # CIP 8.5m and 7.2m on 6m
        "RD3": {"2017/18": D(300000), "2018/19": D(1000000)},  # agency 9.7m and 9m on 10m
    }


def test_the_demonstrations_return_in_the_report(demo_db: Database) -> None:
    found = get_programme_report(demo_db, "QVV")["financial_benefits"]
    assert found["benefits"] == ["B01", "B02"]
    assert found["planned"] == {
        "savings_by_year": {"2017/18": "2800000.00", "2018/19": "2200000.00"},
        "total": "5000000.00",
        "per_pound": "0.37",  # 5,000,000 / 13,652,177
        "payback_year": None,
        "share_of_gap": ["0.030", "0.044"],  # 2.2m of £73m and of £50m
    }
    # measured: RD3's agency pay 9.6m then 12.8m (on 10m), RBD's CIP 9m then 7.125m (on 6m)
    assert found["measured"]["savings_by_year"] == {
        "2017/18": "3400000.00",
        "2018/19": "-1675000.00",
    }
    assert found["measured"]["per_pound"] == "0.13"  # 1,725,000 / 13,652,177
    rows = savings_rows(get_programme_report(demo_db, "QVV"))
    assert rows[0] == [
        "planned",
        "2017/18: £2,800k, 2018/19: £2,200k",
        "£5,000k",
        "£0.37",
        "not within these years",
        "3.0% to 4.4%",
    ]
