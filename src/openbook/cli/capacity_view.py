"""How `openbook capacity` results read in a terminal, and the files it writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openbook.cli.output import console, error_console, print_table


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def one_in(value: float) -> str:
    return "never" if value <= 0 else f"1 in {1 / value:,.0f}"


def rows_table(title: str, rows: Any) -> None:
    header = ["beds", "p(delay)", "delayed", "occupancy", "95% CI"]
    print_table(
        title,
        header,
        [
            [
                str(r.beds),
                f"{r.p_delay:.4f}",
                one_in(r.p_delay),
                percent(r.occupancy),
                "" if r.ci_low is None else f"{r.ci_low:.4f}–{r.ci_high:.4f}",
            ]
            for r in rows
        ],
    )


def write(path: Path | None, content: bytes, what: str) -> None:
    if path is not None:
        path.write_bytes(content)
        error_console.print(f"{what} written to {path}")


def stroke_charts(result: Any, chart: Path | None, occupancy_chart: Path | None) -> None:
    from openbook.capacity.chart import delay_curve_spec, occupancy_histogram_spec, write_chart

    if chart:
        series = [(f"{u.unit} unit", u.rows) for u in result.units]
        write_chart(delay_curve_spec(series, "Stroke pathway: probability of delay"), chart)
        error_console.print(f"Chart written to {chart}")
    if occupancy_chart:
        acute = result.unit("acute")
        spec = occupancy_histogram_spec(
            acute.occupancy_distribution,
            "Acute stroke unit: occupancy at the daily audits",
            beds=acute.rows[-1].beds,
        )
        write_chart(spec, occupancy_chart)
        error_console.print(f"Chart written to {occupancy_chart}")


def cath_lab_table(result: Any) -> None:
    from openbook.capacity.cath_labs import METRIC_LABELS

    def shown(configuration: str, metric: str) -> str:
        estimate = result.value(configuration, metric)
        if estimate.ci_low is None:
            return f"{estimate.mean:.3f}"
        return f"{estimate.mean:.3f} ({estimate.ci_low:.3f}–{estimate.ci_high:.3f})"

    print_table(
        f"{result.scenario}: {result.policy} policy, {result.replications} replications of "
        f"{result.weeks:g} weeks",
        ["all sites", "separate", "pooled"],
        [[label, shown("separate", m), shown("pooled", m)] for m, label in METRIC_LABELS.items()],
    )
    planned = ", ".join(f"{site} {share:.0%}" for site, share in result.planned_utilisation.items())
    console.print(f"Lab time asked for ÷ session time (with turnaround): {planned}")


def pooling_table(result: Any) -> None:
    def mean(estimate: Any) -> str:
        return "" if estimate is None else percent(estimate.mean)

    rows = [
        [
            s.site,
            f"{s.offered_load:.2f}",
            str(s.separate_beds),
            str(s.pooled_beds),
            mean(s.simulated_separate_p_delay),
            mean(s.simulated_pooled_p_delay),
            mean(s.simulated_share_away),
        ]
        for s in result.sites
    ]
    rows.append(
        [
            "all",
            f"{sum(s.offered_load for s in result.sites):.2f}",
            str(result.separate_beds),
            str(result.pooled_beds),
            mean(result.simulated_separate_p_delay),
            mean(result.simulated_pooled_p_delay),
            mean(result.simulated_share_away),
        ]
    )
    print_table(
        f"{result.name}: {result.method}, target {one_in(result.target_p_delay)} delayed",
        [
            "site",
            "offered load",
            "beds (separate)",
            "beds (pooled)",
            "p(delay) separate",
            "p(delay) pooled",
            "placed away",
        ],
        rows,
    )
    console.print(
        f"Pooling needs {result.pooled_beds} beds instead of {result.separate_beds} "
        f"({result.beds_saved} fewer) for the same target."
    )
