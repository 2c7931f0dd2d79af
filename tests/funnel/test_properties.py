"""Invariants of funnels, for any data (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbook.funnel import (
    FunnelMethod,
    Kind,
    Overdispersion,
    Scale,
    Trim,
    calculate_funnels,
    exact_limits,
    funnel,
)
from openbook.funnel.engine import calculate_limits

EPS = 1e-9
SCALES = {Kind.PROPORTION: [Scale.ARCSINE, Scale.IDENTITY], Kind.RATIO: [Scale.SQRT, Scale.LOG]}


@st.composite
def methods(draw: st.DrawFn) -> FunnelMethod:
    kind = draw(st.sampled_from(Kind))
    return FunnelMethod(
        kind,
        draw(st.sampled_from(Overdispersion)),
        draw(st.sampled_from(SCALES[kind])),
        draw(st.sampled_from(Trim)),
        draw(st.sampled_from([0.0, 0.05, 0.1, 0.2])),
    )


def _target(kind: Kind, unit: float) -> float:
    return 0.01 + 0.98 * unit if kind is Kind.PROPORTION else 0.2 + 3 * unit


@st.composite
def groups(draw: st.DrawFn, kind: Kind) -> tuple[list[float], list[float]]:
    size = draw(st.integers(2, 40))
    denominators = draw(st.lists(st.integers(1, 20_000), min_size=size, max_size=size))
    if kind is Kind.PROPORTION:
        shares = draw(st.lists(st.floats(0, 1), min_size=size, max_size=size))
        numerators = [round(s * d) for s, d in zip(shares, denominators, strict=True)]
    else:
        ratios = draw(st.lists(st.floats(0, 3), min_size=size, max_size=size))
        numerators = [round(r * d) for r, d in zip(ratios, denominators, strict=True)]
    if sum(numerators) == 0 or (kind is Kind.PROPORTION and numerators == denominators):
        denominators[0] = max(denominators[0], 2)  # a usable pooled target: not 0, not 1
        numerators[0] = 1
    return [float(n) for n in numerators], [float(d) for d in denominators]


@given(
    method=methods(),
    unit=st.floats(0, 1),
    small=st.floats(1, 5_000),
    factor=st.floats(1, 50),
    phi=st.floats(1.0001, 50),
    tau2=st.floats(0, 0.5),
    adjusted=st.booleans(),
)
def test_limits_widen_as_denominators_shrink(
    method: FunnelMethod, unit: float, small: float, factor: float, phi: float, tau2: float,
    adjusted: bool,
) -> None:  # fmt: skip
    target = _target(method.kind, unit)
    sizes = np.array([small, small * factor])
    limits, _ = calculate_limits(
        method, sizes, np.full(2, target), np.full(2, phi), np.full(2, tau2), np.full(2, adjusted)
    )
    for lower in (limits.ll95, limits.ll998):
        assert lower[0] <= lower[1] + EPS
    for upper in (limits.ul95, limits.ul998):
        assert upper[0] >= upper[1] - EPS


@given(method=methods(), unit=st.floats(0, 1), size=st.floats(0.5, 1e6), adjusted=st.booleans(),
       phi=st.floats(1.0001, 50), tau2=st.floats(0, 0.5))  # fmt: skip
def test_limits_bracket_the_target(
    method: FunnelMethod, unit: float, size: float, adjusted: bool, phi: float, tau2: float
) -> None:
    target = _target(method.kind, unit)
    one = np.ones(1)
    limits, _ = calculate_limits(
        method, np.array([size]), one * target, one * phi, one * tau2, np.array([adjusted])
    )
    assert limits.ll998[0] <= limits.ll95[0] + EPS
    assert limits.ll95[0] <= target + EPS <= limits.ul95[0] + 2 * EPS
    assert limits.ul95[0] <= limits.ul998[0] + EPS


@given(
    kind=st.sampled_from(Kind),
    overdispersion=st.sampled_from([Overdispersion.ADDITIVE, Overdispersion.MULTIPLICATIVE]),
    expected=st.lists(st.integers(200, 5_000), min_size=3, max_size=30),
    offsets=st.lists(st.integers(-1, 1), min_size=30, max_size=30),
)
def test_no_overdispersion_adjustment_when_phi_is_at_most_one(
    kind: Kind, overdispersion: Overdispersion, expected: list[int], offsets: list[int]
) -> None:
    """Data far tighter than chance (each group within one event of its expectation) has
    phi < 1: no adjustment, tau² 0 and exactly the exact limits."""
    cases = [float(e) for e in expected]
    share = 0.3 if kind is Kind.PROPORTION else 1.0
    events = [round(c * share) + o for c, o in zip(cases, offsets, strict=False)]
    result = funnel([str(i) for i in range(len(cases))], events, cases,
                    FunnelMethod(kind, overdispersion), target=share)  # fmt: skip
    assert result.phi <= 1
    assert result.used is Overdispersion.NONE and result.tau2 == 0
    exact = exact_limits(kind, np.array(cases), np.full(len(cases), share))
    assert [g.ll95 for g in result.groups] == pytest.approx(exact.ll95.tolist())
    assert [g.ul998 for g in result.groups] == pytest.approx(exact.ul998.tolist())


@settings(max_examples=50)
@given(data=st.data(), method=methods(), charts=st.integers(1, 5))
def test_many_charts_at_once_equal_each_chart_alone(
    data: st.DataObject, method: FunnelMethod, charts: int
) -> None:
    chart_codes, numerators, denominators = [], [], []
    for code in range(charts):
        n, d = data.draw(groups(method.kind))
        chart_codes += [code] * len(n)
        numerators += n
        denominators += d
    order = np.random.default_rng(len(chart_codes)).permutation(len(chart_codes))
    chart = np.array(chart_codes, dtype=np.int64)[order]
    num, den = np.array(numerators)[order], np.array(denominators)[order]
    together = calculate_funnels(chart, num, den, method)
    for code in range(charts):
        mine = chart == code
        alone = calculate_funnels(np.zeros(mine.sum(), dtype=np.int64), num[mine], den[mine],
                                  method)  # fmt: skip
        assert together.phi[code] == pytest.approx(alone.phi[0])
        assert together.tau2[code] == pytest.approx(alone.tau2[0])
        assert together.limits.ul95[mine] == pytest.approx(alone.limits.ul95)
        assert together.outside[mine].tolist() == alone.outside.tolist()


@given(data=st.data(), method=methods())
def test_z_has_the_sign_of_value_minus_target(data: st.DataObject, method: FunnelMethod) -> None:
    numerators, denominators = data.draw(groups(method.kind))
    result = funnel([str(i) for i in range(len(numerators))], numerators, denominators, method)
    for group in result.groups:
        assert np.sign(group.z) == np.sign(round(group.value - result.target, 12))
