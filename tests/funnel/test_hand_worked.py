"""Hand-worked cases: additive and multiplicative limits, winsorisation, exact limits.

Numbers are chosen so that the arithmetic can be checked on paper; each docstring shows it.
z = 1.959964 (95%) and 3.090232 (99.8%).
"""

from __future__ import annotations

import numpy as np
import pytest

from openbook.funnel import FunnelMethod, Kind, Overdispersion, Scale, Trim, exact_limits, funnel
from openbook.funnel.dispersion import chart_quantile, winsorise

Z95, Z998 = 1.959964, 3.090232
# Ratios on the square-root scale: E = 25, O = 16, 25, 36, 49, target 1.
# z = 2(sqrt(O) - sqrt(E)) = -2, 0, 2, 4; s = 1/(2 x 5) = 0.1.
EXPECTED = [25.0] * 4
OBSERVED = [16.0, 25.0, 36.0, 49.0]
NO_TRIM = 0.0


def _ratio(overdispersion: Overdispersion, fraction: float = NO_TRIM) -> FunnelMethod:
    return FunnelMethod(Kind.RATIO, overdispersion, Scale.SQRT, Trim.WINSORISE, fraction)


def test_additive_ratio() -> None:
    """phi = (4 + 0 + 4 + 16)/4 = 6. w = 1/s² = 100: sum w = 400, sum w²/sum w = 100, so
    tau² = (4 x 6 - 3)/(400 - 100) = 0.07. sd = sqrt(0.01 + 0.07) = sqrt(0.08);
    95% limits (1 ± 1.959964 sqrt(0.08))² = 0.198594 and 2.416040; the z-score of O = 49
    is (7/5 - 1)/sqrt(0.08) = sqrt(2)."""
    result = funnel(list("abcd"), OBSERVED, EXPECTED, _ratio(Overdispersion.ADDITIVE), 1.0)
    assert result.phi == pytest.approx(6)
    assert result.tau2 == pytest.approx(0.07)
    sd = np.sqrt(0.08)
    top = result.groups[3]
    assert top.ll95 == pytest.approx((1 - Z95 * sd) ** 2, rel=1e-6)  # 0.198594
    assert top.ul95 == pytest.approx((1 + Z95 * sd) ** 2, rel=1e-6)  # 2.416040
    assert top.ul998 == pytest.approx((1 + Z998 * sd) ** 2, rel=1e-6)
    assert top.z == pytest.approx(np.sqrt(2))
    assert round(top.ll95, 6) == 0.198594 and round(top.ul95, 6) == 2.416040
    assert [g.outside for g in result.groups] == [None, None, None, None]


def test_multiplicative_ratio() -> None:
    """phi = 6, so sd = sqrt(6) x 0.1 = 0.244949; 95% limits (1 ± 1.959964 x 0.244949)² =
    0.270305 and 2.190670; z of O = 49 is 4/sqrt(6) = 1.632993; tau² is not used (0)."""
    result = funnel(list("abcd"), OBSERVED, EXPECTED, _ratio(Overdispersion.MULTIPLICATIVE), 1.0)
    assert result.phi == pytest.approx(6) and result.tau2 == 0
    assert result.used is Overdispersion.MULTIPLICATIVE
    top = result.groups[3]
    assert round(top.ll95, 6) == 0.270305 and round(top.ul95, 6) == 2.190670
    assert top.z == pytest.approx(4 / np.sqrt(6))


def test_winsorised_phi() -> None:
    """10% winsorisation of z = -2, 0, 2, 4 (type 7 quantiles): the 10% quantile is
    -2 + 0.3 x 2 = -1.4, the 90% one 2 + 0.7 x 2 = 3.4, so phi = (1.96 + 0 + 4 + 11.56)/4
    = 4.38 and tau² = (4 x 4.38 - 3)/300 = 0.0484."""
    result = funnel(list("abcd"), OBSERVED, EXPECTED, _ratio(Overdispersion.ADDITIVE, 0.1), 1.0)
    assert result.phi == pytest.approx(4.38)
    assert result.tau2 == pytest.approx(0.0484)


def test_additive_proportion_on_the_proportion_scale() -> None:
    """Target 0.5, n = 100: s = sqrt(0.25/100) = 0.05; p = 0.4 ... 0.7 give z = -2, 0, 2, 4,
    phi = 6; w = 400, tau² = 21/(1600 - 400) = 0.0175; sd = sqrt(0.0025 + 0.0175) =
    sqrt(0.02), so the 95% limits are 0.5 ± 1.959964 sqrt(0.02) = 0.222819 and 0.777181."""
    method = FunnelMethod(Kind.PROPORTION, Overdispersion.ADDITIVE, Scale.IDENTITY,
                          Trim.WINSORISE, NO_TRIM)  # fmt: skip
    result = funnel(list("abcd"), [40, 50, 60, 70], [100] * 4, method, 0.5)
    assert result.phi == pytest.approx(6) and result.tau2 == pytest.approx(0.0175)
    assert round(result.groups[0].ll95, 6) == 0.222819
    assert round(result.groups[0].ul95, 6) == 0.777181
    assert result.groups[3].z == pytest.approx(np.sqrt(2))


def test_arcsine_proportion_z_scores() -> None:
    """FunnelPlotR's proportions (R/od_adjustment.R, PR): target asin(sqrt(sum r / sum n)),
    y = asin(sqrt(r/n)), s = 1/(2 sqrt(n)). 30/100 and 50/100 pool to 0.4."""
    method = FunnelMethod(Kind.PROPORTION, Overdispersion.NONE)
    result = funnel(["a", "b"], [30, 50], [100, 100], method)
    assert result.target == pytest.approx(0.4)
    z = (np.arcsin(np.sqrt(0.3)) - np.arcsin(np.sqrt(0.4))) / 0.05
    assert result.groups[0].z == pytest.approx(z)


def test_exact_binomial_limits() -> None:
    """n = 10, target 0.5: the lower 95% limit is the 2.5% quantile of Beta(5, 6), the upper
    one the 97.5% quantile of Beta(6, 5), so by symmetry they add to 1: 0.187086, 0.812914.
    For whole counts, P(Binomial(10, 0.187086) >= 5) = 0.025."""
    from scipy import stats

    limits = exact_limits(Kind.PROPORTION, np.array([10.0]), np.array([0.5]))
    assert round(float(limits.ll95[0]), 6) == 0.187086
    assert float(limits.ll95[0] + limits.ul95[0]) == pytest.approx(1.0)
    assert float(stats.binom.sf(4, 10, limits.ll95[0])) == pytest.approx(0.025)
    assert float(stats.binom.cdf(5, 10, limits.ul95[0])) == pytest.approx(0.025)


def test_exact_binomial_limits_approach_poisson_ones_for_rare_events() -> None:
    """Beta(nt, n(1 - t) + 1) x n tends to Gamma(nt): at n = 10^6, t = 10^-5 (10 events
    expected), the binomial limits are the Poisson ones to 4 significant figures."""
    n, t = np.array([1e6]), np.array([1e-5])
    binomial = exact_limits(Kind.PROPORTION, n, t)
    poisson = exact_limits(Kind.RATIO, np.array([10.0]), np.array([1.0]))
    assert float(binomial.ul998[0]) / t[0] == pytest.approx(float(poisson.ul998[0]), rel=1e-4)


def test_no_adjustment_keeps_phi_but_reports_tau2_zero() -> None:
    """overdispersion none: exact limits, the estimated phi (6) still reported, tau² 0."""
    result = funnel(list("abcd"), OBSERVED, EXPECTED, _ratio(Overdispersion.NONE), 1.0)
    assert result.used is Overdispersion.NONE and result.tau2 == 0
    assert result.phi == pytest.approx(6)
    poisson = exact_limits(Kind.RATIO, np.array(EXPECTED), np.ones(4))
    assert result.groups[0].ll95 == pytest.approx(float(poisson.ll95[0]))
    assert [g.outside for g in result.groups] == ["ll95", None, None, "ul998"]


def test_quantiles_per_chart_are_r_type_7() -> None:
    chart = np.array([0, 0, 0, 0, 1, 1], dtype=np.int64)
    z = np.array([4.0, -2.0, 2.0, 0.0, 10.0, 20.0])
    assert chart_quantile(chart, z, 2, 0.1).tolist() == pytest.approx([-1.4, 11.0])
    assert winsorise(chart, z, 2, 0.1).tolist() == pytest.approx([3.4, -1.4, 2, 0, 11, 19])


def test_rows_of_one_group_are_summed() -> None:
    result = funnel(["a", "b", "a"], [10, 20, 5], [100, 100, 50], FunnelMethod())
    assert [(g.group, g.numerator, g.denominator) for g in result.groups] == [
        ("a", 15, 150), ("b", 20, 100),
    ]  # fmt: skip
