"""Funnel throughput: openbook.funnel against a plain SciPy loop, in the same run.

1,000 metrics x 150 providers, three ways: proportions and ratios with openbook's default
method (additive tau², phi from z-scores winsorised 10% each tail), and proportions with no
overdispersion adjustment (exact binomial limits for every provider). openbook computes all
metrics in one vectorised call (`calculate_funnels`); the peer is the loop an analyst writes
with NumPy and SciPy: one metric at a time, each vectorised over its providers. Both give
the same numbers (checked here). Writes bench/results/funnel_speed.json.
Usage: .venv/bin/python bench/funnel_speed.py
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
from scipy import stats

from openbook.funnel import FunnelMethod, Kind, Overdispersion, calculate_funnels

HERE = Path(__file__).parent
RESULTS = HERE / "results" / "funnel_speed.json"
METRICS, PROVIDERS, REPEATS, SEED = 1_000, 150, 3, 20180401
Z95, Z998 = stats.norm.ppf(0.975), stats.norm.ppf(0.999)


def make_data(kind: Kind) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Metric codes, numerators, denominators; four metrics in five overdispersed."""
    rng = np.random.default_rng(SEED)
    chart = np.repeat(np.arange(METRICS), PROVIDERS)
    denominator = rng.integers(200, 60_000, size=METRICS * PROVIDERS).astype(float)
    spread = np.where(rng.random(METRICS) < 0.8, 0.15, 0.0)[chart]
    if kind is Kind.PROPORTION:
        centre = rng.uniform(0.6, 0.95, METRICS)[chart]
        logit = np.log(centre / (1 - centre)) + rng.normal(0, 1, chart.size) * spread
        numerator = rng.binomial(denominator.astype(np.int64), 1 / (1 + np.exp(-logit)))
    else:
        denominator = denominator / 50  # expected events
        ratio = np.exp(rng.normal(0, 1, chart.size) * spread)
        numerator = rng.poisson(denominator * ratio)
    return chart, numerator.astype(float), denominator


def _normal_limits(kind: Kind, centre: float, sd: np.ndarray) -> list[np.ndarray]:
    back = (
        (lambda y: np.sin(np.clip(y, 0, np.pi / 2)) ** 2)
        if kind is Kind.PROPORTION
        else (lambda y: np.maximum(y, 0) ** 2)
    )
    return [back(centre + sign * z * sd) for z in (Z95, Z998) for sign in (-1, 1)]


def _exact_limits(kind: Kind, d: np.ndarray, target: float) -> list[np.ndarray]:
    limits = []
    for tail in (0.025, 0.001):
        if kind is Kind.PROPORTION:
            limits.append(stats.beta.ppf(tail, d * target, d * (1 - target) + 1))
            limits.append(stats.beta.ppf(1 - tail, d * target + 1, d * (1 - target)))
        else:
            limits.append(stats.chi2.ppf(tail, 2 * d * target) / (2 * d))
            limits.append(stats.chi2.ppf(1 - tail, 2 * (d * target + 1)) / (2 * d))
    return limits


def analyst_loop(chart: np.ndarray, numerator: np.ndarray, denominator: np.ndarray,
                 kind: Kind, adjust: bool) -> list[np.ndarray]:  # fmt: skip
    """What an analyst writes: for each metric, the pooled target, z-scores, winsorise with
    np.percentile, phi, tau², then normal limits or SciPy's exact ones, and who is outside.
    Returns each metric's upper 99.8% limits (to check against openbook)."""
    upper_998 = []
    for metric in range(METRICS):
        mine = chart == metric
        n, d = numerator[mine], denominator[mine]
        target = n.sum() / d.sum()
        if kind is Kind.PROPORTION:
            y, centre = np.arcsin(np.sqrt(n / d)), np.arcsin(np.sqrt(target))
        else:
            y, centre = np.sqrt(n / d), np.sqrt(target)
        s = 1 / (2 * np.sqrt(d))
        z = (y - centre) / s
        low, high = np.percentile(z, [10, 90])
        phi = np.mean(np.clip(z, low, high) ** 2)
        w = 1 / s**2
        tau2 = max(0.0, (len(z) * phi - (len(z) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
        if adjust and phi > 1:
            ll95, ul95, ll998, ul998 = _normal_limits(kind, centre, np.sqrt(s**2 + tau2))
        else:
            ll95, ul95, ll998, ul998 = _exact_limits(kind, d, target)
        value = n / d
        outside = np.select(
            [value < ll998, value > ul998, value < ll95, value > ul95],
            ["ll998", "ul998", "ll95", "ul95"],
            default="",
        )
        del outside
        upper_998.append(ul998)
    return upper_998


def best_of(run: object, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def scenario(kind: Kind, overdispersion: Overdispersion) -> dict[str, object]:
    chart, numerator, denominator = make_data(kind)
    method = FunnelMethod(kind, overdispersion)
    adjust = overdispersion is not Overdispersion.NONE
    ours = calculate_funnels(chart, numerator, denominator, method)
    theirs = np.concatenate(analyst_loop(chart, numerator, denominator, kind, adjust))
    difference = float(np.max(np.abs(ours.limits.ul998 - theirs)))
    ob = best_of(lambda: calculate_funnels(chart, numerator, denominator, method))
    peer = best_of(lambda: analyst_loop(chart, numerator, denominator, kind, adjust))
    return {
        "kind": kind.value,
        "overdispersion": overdispersion.value,
        "metrics_adjusted": int(ours.adjusted.sum()),
        "openbook_seconds": round(ob, 4),
        "openbook_metrics_per_second": round(METRICS / ob, 1),
        "scipy_loop_seconds": round(peer, 4),
        "scipy_loop_metrics_per_second": round(METRICS / peer, 1),
        "speedup": round(peer / ob, 1),
        "max_abs_difference_ul998": difference,
    }


if __name__ == "__main__":
    started = time.perf_counter()
    runs = [
        scenario(Kind.PROPORTION, Overdispersion.ADDITIVE),
        scenario(Kind.RATIO, Overdispersion.ADDITIVE),
        scenario(Kind.PROPORTION, Overdispersion.NONE),
    ]
    payload = {
        "metrics": METRICS,
        "providers_per_metric": PROVIDERS,
        "timing": f"best of {REPEATS}",
        "machine": f"{os.cpu_count()} cores, shared with other work while measured",
        "peer": "a per-metric NumPy/SciPy loop (np.percentile, scipy.stats.beta/chi2.ppf)",
        "scenarios": runs,
        "bench_seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(payload, indent=2))
