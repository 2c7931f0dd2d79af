"""Golden tests: FunnelPlotR's own published test values and documented behaviour.

FunnelPlotR is the NHS-R community's R package (github.com/nhs-r-community/FunnelPlotR,
MIT). Each test names the file of FunnelPlotR's test suite or source it reproduces; the
values are FunnelPlotR's, at FunnelPlotR's rounding.
"""

from __future__ import annotations

import numpy as np
import pytest

from openbook.funnel import (
    FunnelMethod,
    Kind,
    Limits,
    Overdispersion,
    Scale,
    Trim,
    exact_limits,
    funnel,
    funnelplotr_method,
)
from openbook.funnel.engine import classify_outside

# FunnelPlotR's six-group example (tests/testthat/test-funnel_plot.R, test-classes_methods.R).
OBSERVED = [100, 150, 180, 80, 120, 225]
EXPECTED = [108, 112, 165, 95, 100, 220]
GROUPS = ["a", "b", "c", "d", "e", "f"]


def test_poisson_limits_match_funnelplotr() -> None:
    """tests/testthat/test-poisson_limits.R: unadjusted limits of a ratio at target 1 for
    expected 15, 20 and 30 (ll95 and ll99 to 7 places, ul95 and ul99 to 6)."""
    limits = exact_limits(Kind.RATIO, np.array([15.0, 20.0, 30.0]), np.ones(3))
    assert np.round(limits.ll95, 7).tolist() == [0.5596924, 0.6108260, 0.6746958]
    assert np.round(limits.ul95, 6).tolist() == [1.649348, 1.544419, 1.427562]
    assert np.round(limits.ll998, 7).tolist() == [0.3862650, 0.4479107, 0.5289724]
    assert np.round(limits.ul998, 6).tolist() == [2.082907, 1.902094, 1.702771]


def test_dispersion_ratio_of_the_six_group_example_matches_funnelplotr() -> None:
    """tests/testthat/test-classes_methods.R: with FunnelPlotR's defaults (SR data, the
    SHMI method: log scale, 10% truncation), phi of the six-group example is 2.948033."""
    result = funnel(GROUPS, OBSERVED, EXPECTED, funnelplotr_method(Kind.RATIO), target=1.0)
    assert round(result.phi, 6) == 2.948033


def test_tau2_and_shmi_limits_follow_funnelplotr_formulas() -> None:
    """R/od_adjustment.R tau_func and R/calculate_limits.R (SHMI): with s = 1/sqrt(E),
    tau² = (n phi - (n - 1)) / (sum 1/s² - sum (1/s²)² / sum 1/s²) = (6 x 2.948033 - 5) /
    (800 - 118858/800) = 0.0194775, and the limits are exp(± z sqrt(1/E + tau²))."""
    result = funnel(GROUPS, OBSERVED, EXPECTED, funnelplotr_method(Kind.RATIO), target=1.0)
    expected = np.array(EXPECTED, dtype=float)
    tau2 = (6 * result.phi - 5) / (expected.sum() - (expected**2).sum() / expected.sum())
    assert result.tau2 == pytest.approx(tau2, rel=1e-12)
    assert round(result.tau2, 7) == 0.0194775
    assert result.used is Overdispersion.ADDITIVE
    sd = np.sqrt(1 / expected + tau2)
    assert [g.ll95 for g in result.groups] == pytest.approx(np.exp(-1.959964 * sd), rel=1e-6)
    assert [g.ul998 for g in result.groups] == pytest.approx(np.exp(3.090232 * sd), rel=1e-6)


def test_adjusted_lower_limit_is_below_the_unadjusted_one() -> None:
    """tests/testthat/test-funnel_plot.R: expect_gt(b$LCL95[5], a$OD95LCL[5]), group e's
    unadjusted (Poisson) 95% lower limit is above its overdispersion-adjusted one."""
    adjusted = funnel(GROUPS, OBSERVED, EXPECTED, funnelplotr_method(Kind.RATIO), target=1.0)
    plain = funnel(GROUPS, OBSERVED, EXPECTED, FunnelMethod(Kind.RATIO, Overdispersion.NONE),
                   target=1.0)  # fmt: skip
    assert plain.groups[4].ll95 > adjusted.groups[4].ll95


@pytest.mark.parametrize(
    ("bounds", "flagged"),
    [
        ((0.9, 1.1, 0.59, 1.41), [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]),
        ((0.79, 1.21, 0.59, 1.41), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
    ],
)
def test_outliers_at_95_percent_match_funnelplotr(
    bounds: tuple[float, ...], flagged: list[int]
) -> None:
    """tests/testthat/test-outliers_func.R: a value on a limit is inside; 95% outliers of
    rr = 1, 0.95, 1.05, 0.8, 1.2, 0.6, 1.4, 0.4, 1.6, 0 against (0.9, 1.1) and (0.79, 1.21)."""
    rr = np.array([1, 0.95, 1.05, 0.8, 1.2, 0.6, 1.4, 0.4, 1.6, 0])
    limits = Limits(*[np.full(10, v) for v in bounds])
    assert (classify_outside(rr, limits) > 0).astype(int).tolist() == flagged


@pytest.mark.parametrize(
    ("lower", "upper", "flagged"),
    [(0.59, 1.41, [0, 0, 0, 0, 0, 0, 0, 1, 1, 1]), (0.38, 1.62, [0] * 9 + [1])],
)
def test_outliers_at_998_match_funnelplotr(lower: float, upper: float, flagged: list[int]) -> None:
    """tests/testthat/test-outliers_func.R, limit = 99: unadjusted (0.59, 1.41) and
    adjusted (0.38, 1.62) 99.8% limits."""
    rr = np.array([1, 0.95, 1.05, 0.8, 1.2, 0.6, 1.4, 0.4, 1.6, 0])
    limits = Limits(np.full(10, 0.0), np.full(10, 9.0), np.full(10, lower), np.full(10, upper))
    assert np.isin(classify_outside(rr, limits), (3, 4)).astype(int).tolist() == flagged


def test_no_overdispersion_falls_back_to_poisson_limits() -> None:
    """R/funnel_plot.R: "No overdispersion detected ... plotting using unadjusted limits":
    when tau² is 0 the Poisson limits are drawn instead."""
    expected = [100.0, 200.0, 300.0, 400.0]
    observed = [101.0, 198.0, 302.0, 399.0]  # far less spread than Poisson: phi well below 1
    result = funnel(list("wxyz"), observed, expected, funnelplotr_method(Kind.RATIO), 1.0)
    assert result.phi < 1
    assert result.used is Overdispersion.NONE and result.tau2 == 0
    poisson = exact_limits(Kind.RATIO, np.array(expected), np.ones(4))
    assert [g.ul95 for g in result.groups] == pytest.approx(poisson.ul95.tolist())


def test_truncation_keeps_the_middle_ranks_as_funnelplotr_does() -> None:
    """R/od_adjustment.R truncation: with trim_by = 0.1, k = 10 and n = 20 groups, a group
    of rank r is kept when 0 < floor(10 r / 21) < 9: ranks 3 to 18 (16 of 20)."""
    from openbook.funnel.dispersion import truncation_mask

    z = np.linspace(-3, 3, 20)[::-1].copy()  # ranks 20..1
    keep = truncation_mask(np.zeros(20, dtype=np.int64), z, 1, 0.1)
    ranks = 20 - np.arange(20)
    assert sorted(ranks[keep].tolist()) == list(range(3, 19))


def test_funnelplotr_defaults_for_ratios_are_the_shmi_method() -> None:
    """R/funnel_plot.R: data_type = "SR", sr_method = "SHMI", trim_by = 0.1, draw_adjusted."""
    method = funnelplotr_method(Kind.RATIO)
    assert (method.z_scale, method.trim, method.trim_fraction, method.overdispersion) == (
        Scale.LOG, Trim.TRUNCATE, 0.1, Overdispersion.ADDITIVE,
    )  # fmt: skip
