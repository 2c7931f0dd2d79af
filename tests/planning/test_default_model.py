from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from openbook.kernel.period import FinancialYear
from openbook.planning.model.default import Baseline, YearRates, calculate_plan, cost_growth

BASE = FinancialYear.parse("2017/18")


def rates(uplift="0", pay="0", non_pay="0", activity="0", cip="0"):
    return YearRates(
        Decimal(uplift), Decimal(pay), Decimal(non_pay), Decimal(activity), Decimal(cip)
    )


def baseline(income="1000.00", pay="600.00", non_pay="400.00"):
    return Baseline("RBD", "acute", Decimal(income), Decimal(pay), Decimal(non_pay))


def test_income_grows_by_the_uplift():
    years = calculate_plan(baseline(), BASE, [rates(uplift="1"), rates(uplift="2")])
    assert [y.income for y in years] == [Decimal("1010.00"), Decimal("1030.20")]
    assert [y.financial_year.label for y in years] == ["2018/19", "2019/20"]


def test_costs_grow_by_inflation_times_activity_growth():
    # pay: 600 x 1.02 x 1.03 = 630.36; non-pay: 400 x 1.01 x 1.03 = 416.12
    assert cost_growth(Decimal(2), Decimal(3)) == Decimal("0.0506")
    (year,) = calculate_plan(baseline(), BASE, [rates(pay="2", non_pay="1", activity="3")])
    assert (year.pay, year.non_pay) == (Decimal("630.36"), Decimal("416.12"))


def test_do_nothing_position_and_gap_against_a_target():
    (year,) = calculate_plan(baseline(), BASE, [rates(pay="10")], target=Decimal("-20.00"))
    # income 1000 - (660 + 400) = -60; gap = -60 - (-20) = -40; 40 / 1060 = 3.77%
    assert year.do_nothing_position == Decimal("-60.00")
    assert year.gap == Decimal("-40.00")
    assert year.cip_pct_required == Decimal("3.77")


def test_recurrent_cip_lowers_costs_in_every_later_year():
    years = calculate_plan(baseline(), BASE, [rates(cip="1"), rates(cip="0"), rates(cip="2")])
    assert [y.cip for y in years] == [Decimal("10.00"), Decimal("10.00"), Decimal("30.00")]
    assert [y.position for y in years] == [Decimal("10.00"), Decimal("10.00"), Decimal("30.00")]


money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(money, money, money, st.integers(min_value=1, max_value=10))
def test_flat_everything_gives_a_constant_position(income, pay, non_pay, n):
    years = calculate_plan(baseline(str(income), str(pay), str(non_pay)), BASE, [rates()] * n)
    assert {y.position for y in years} == {income - pay - non_pay}
