"""`openbook capacity`: beds and cath labs by queueing theory and simulation, site by site
and pooled (docs/capacity.md)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from openbook.cli import capacity_view as view
from openbook.cli.capacity_common import handled as _handled
from openbook.cli.capacity_common import progress_bar as _progress
from openbook.cli.capacity_common import workers_for as _workers
from openbook.cli.output import (
    console,
    error_console,
    print_json,
)

capacity_app = typer.Typer(
    help="Demand and capacity: beds and cath labs, by queueing theory and by simulation.",
    no_args_is_help=True,
)


def register(root: typer.Typer) -> None:
    from openbook.cli import capacity_sensitivity

    capacity_sensitivity.register(capacity_app)
    root.add_typer(capacity_app, name="capacity")


class Format(StrEnum):
    table = "table"
    json = "json"


class BedsMethod(StrEnum):
    erlang_b = "erlang-b"
    erlang_c = "erlang-c"
    simulation = "simulation"


class WhenFullOption(StrEnum):
    wait = "wait"
    turn_away = "turn-away"


class PathwayMethodOption(StrEnum):
    occupancy = "occupancy"
    queue = "queue"


class PolicyOption(StrEnum):
    priority = "priority"
    deadline = "deadline"


class PoolingMethod(StrEnum):
    erlang_b = "erlang-b"
    erlang_c = "erlang-c"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]
XlsxOption = Annotated[Path | None, typer.Option("--xlsx", help="Also write the results as XLSX.")]
SeedOption = Annotated[int, typer.Option(help="Seed: the same seed gives the same answer.")]
WorkersOption = Annotated[
    int | None, typer.Option(help="Processes for the replications (default: one per core).")
]


def _beds(text: str, option: str) -> tuple[int, ...]:
    from openbook.capacity.request import parse_beds, raise_if

    counts, problems = parse_beds(text, option)
    with _handled():
        raise_if(problems)
    return counts


@capacity_app.command("beds")
def beds_command(
    arrivals_per_day: Annotated[float, typer.Option(help="Arrivals a day (Poisson).")],
    mean_stay_days: Annotated[float, typer.Option(help="Mean length of stay in days.")],
    beds: Annotated[str, typer.Option(help="Bed counts: 12, 9..14 or 9..11,14.")],
    method: Annotated[BedsMethod, typer.Option(help="erlang-b, erlang-c or simulation.")] = (
        BedsMethod.erlang_c
    ),
    replications: Annotated[int, typer.Option(help="Simulation: replications.")] = 20,
    days: Annotated[float, typer.Option(help="Simulation: days simulated after warm-up.")] = 1825,
    warm_up_days: Annotated[float, typer.Option(help="Simulation: warm-up days, not counted.")] = (
        365
    ),
    when_full: Annotated[
        WhenFullOption, typer.Option(help="Simulation: wait (like Erlang C) or turn-away (B).")
    ] = WhenFullOption.wait,
    stay_sd_days: Annotated[
        float | None, typer.Option(help="Simulation: lognormal stays with this deviation.")
    ] = None,
    seed: SeedOption = 2016,
    workers: WorkersOption = None,
    output_format: FormatOption = Format.table,
    xlsx: XlsxOption = None,
    chart: Annotated[Path | None, typer.Option(help="Also draw the curve: OUT.svg or OUT.png.")] = (
        None
    ),
) -> None:
    """Probability of delay and occupancy of one unit for each number of beds."""
    from openbook.capacity.beds import calculate_beds
    from openbook.capacity.model.queueing import Method
    from openbook.capacity.model.scenario import BedsRequest, Horizon, WhenFull

    request = BedsRequest(
        arrivals_per_day,
        mean_stay_days,
        _beds(beds, "--beds"),
        Method(method.value),
        stay_sd_days,
        WhenFull(when_full.value),
        Horizon(warm_up_days, days, replications, seed),
    )
    with _handled(), _progress("replications") as progress:
        result = calculate_beds(request, _workers(workers, replications), progress)
    if output_format is Format.json:
        print_json(result.to_dict())
    else:
        view.rows_table(
            f"{Method(result.method).label}; offered load {result.offered_load:.3f}", result.rows
        )
    if xlsx:
        from openbook.capacity.export import beds_xlsx

        view.write(xlsx, beds_xlsx(result), "Workbook")
    if chart:
        from openbook.capacity.chart import delay_curve_spec, write_chart

        write_chart(delay_curve_spec([(result.method, result.rows)]), chart)
        error_console.print(f"Chart written to {chart}")


@capacity_app.command("stroke-pathway")
def stroke_pathway_command(
    params: Annotated[
        Path | None,
        typer.Argument(help="Parameters (JSON, Monks et al. format); default: the published."),
    ] = None,
    acute_beds: Annotated[str, typer.Option(help="Acute unit bed counts, e.g. 9..14.")] = "9..14",
    rehab_beds: Annotated[str, typer.Option(help="Rehabilitation bed counts, e.g. 14.")] = (
        "10..16"
    ),
    method: Annotated[
        PathwayMethodOption, typer.Option(help="occupancy (the published method) or queue.")
    ] = PathwayMethodOption.occupancy,
    replications: Annotated[int, typer.Option(help="Replications.")] = 30,
    days: Annotated[float, typer.Option(help="Days simulated after warm-up.")] = 1825,
    warm_up_days: Annotated[float, typer.Option(help="Warm-up days, not counted.")] = 1095,
    admissions_multiplier: Annotated[
        float, typer.Option(help="Scale admissions, e.g. 1.05 for 5% more.")
    ] = 1.0,
    stay_multiplier: Annotated[
        float, typer.Option(help="Scale every length of stay, e.g. 1.1.")
    ] = 1.0,
    one_in: Annotated[
        list[int] | None, typer.Option(help="Report beds needed for 1 in N delayed (repeatable).")
    ] = None,
    seed: SeedOption = 2016,
    workers: WorkersOption = None,
    output_format: FormatOption = Format.table,
    xlsx: XlsxOption = None,
    chart: Annotated[
        Path | None, typer.Option(help="Also draw both units' curves: OUT.svg or OUT.png.")
    ] = None,
    occupancy_chart: Annotated[
        Path | None, typer.Option(help="Also draw the acute unit's occupancy histogram.")
    ] = None,
) -> None:
    """The two-unit stroke pathway of Monks et al. (2016): delay against beds, unit by unit."""
    from openbook.capacity.file.stroke import load_stroke_parameters, published_parameters
    from openbook.capacity.model.scenario import Horizon, PathwayMethod, StrokePathwayRequest
    from openbook.capacity.stroke_pathway import simulate_stroke_pathway
    from openbook.kernel.error import InvalidDataError

    acute, rehab = _beds(acute_beds, "--acute-beds"), _beds(rehab_beds, "--rehab-beds")
    with _handled():
        if params is None:
            parameters = published_parameters()
        else:
            loaded, issues = load_stroke_parameters(params)
            if loaded is None:
                raise InvalidDataError(f"{params.name} is not valid", issues)
            parameters = loaded
    request = StrokePathwayRequest(
        parameters,
        acute,
        rehab,
        PathwayMethod(method.value),
        Horizon(warm_up_days, days, replications, seed),
        admissions_multiplier,
        stay_multiplier,
    )
    with _handled(), _progress("replications") as progress:
        result = simulate_stroke_pathway(
            request, _workers(workers, replications), progress, one_in=tuple(one_in or ())
        )
    if output_format is Format.json:
        print_json(result.to_dict())
    else:
        for unit in result.units:
            view.rows_table(
                f"{unit.unit} unit ({result.method}, {result.replications} replications);"
                f" offered load {unit.offered_load:.3f}",
                unit.rows,
            )
            for n, needed in unit.beds_needed:
                console.print(
                    f"{unit.unit}: 1 in {n} delayed needs "
                    f"{'more than the range' if needed is None else needed} beds"
                )
    if xlsx:
        from openbook.capacity.export import stroke_pathway_xlsx

        view.write(xlsx, stroke_pathway_xlsx(result), "Workbook")
    view.stroke_charts(result, chart, occupancy_chart)


@capacity_app.command("cath-labs")
def cath_labs_command(
    file: Annotated[
        Path | None, typer.Argument(help="Cath-lab scenario (JSON); default: synthetic Dorset.")
    ] = None,
    policy: Annotated[
        PolicyOption | None, typer.Option(help="priority or deadline (default: the file's).")
    ] = None,
    replications: Annotated[
        int | None, typer.Option(help="Replications (default: the file's).")
    ] = (None),
    weeks: Annotated[
        float | None, typer.Option(help="Weeks after warm-up (default: the file's).")
    ] = (None),
    seed: Annotated[int | None, typer.Option(help="Seed (default: the file's).")] = None,
    workers: WorkersOption = None,
    output_format: FormatOption = Format.table,
    xlsx: XlsxOption = None,
) -> None:
    """Cath labs site by site against one pooled county service: urgent waits, utilisation,
    overruns, patients treated away from home."""
    from dataclasses import replace

    from openbook.capacity.cath_labs import compare_cath_labs
    from openbook.capacity.file.cath_lab import dorset_cath_labs, load_cath_lab_scenario
    from openbook.capacity.model.cath_lab import Policy
    from openbook.kernel.error import InvalidDataError

    with _handled():
        if file is None:
            scenario = dorset_cath_labs()
        else:
            loaded, issues = load_cath_lab_scenario(file)
            if loaded is None:
                raise InvalidDataError(f"{file.name} is not valid", issues)
            scenario = loaded
    overrides: dict[str, Any] = {}
    if policy is not None:
        overrides["policy"] = Policy(policy.value)
    for name, value in (("replications", replications), ("weeks", weeks), ("seed", seed)):
        if value is not None:
            overrides[name] = value
    scenario = replace(scenario, **overrides)
    with _handled(), _progress("replications") as progress:
        result = compare_cath_labs(scenario, _workers(workers, scenario.replications), progress)
    if output_format is Format.json:
        print_json(result.to_dict())
    else:
        view.cath_lab_table(result)
    if xlsx:
        from openbook.capacity.export import cath_labs_xlsx

        view.write(xlsx, cath_labs_xlsx(result), "Workbook")


@capacity_app.command("pooling")
def pooling_command(
    file: Annotated[
        Path | None,
        typer.Argument(help="Pooling scenario (JSON); default: synthetic Dorset stroke units."),
    ] = None,
    target_one_in: Annotated[
        float | None, typer.Option(help="Delay target: 1 in N (default: the file's).")
    ] = None,
    method: Annotated[
        PoolingMethod | None, typer.Option(help="erlang-b or erlang-c (default: the file's).")
    ] = None,
    replications: Annotated[
        int, typer.Option(help="Also simulate, with this many replications (0: do not).")
    ] = 0,
    days: Annotated[float, typer.Option(help="Simulation: days after warm-up.")] = 1825,
    warm_up_days: Annotated[float, typer.Option(help="Simulation: warm-up days.")] = 365,
    seed: SeedOption = 2016,
    workers: WorkersOption = None,
    output_format: FormatOption = Format.table,
    xlsx: XlsxOption = None,
) -> None:
    """Separate sites against one pooled service: beds needed for the same delay target,
    and (simulated) the share of patients placed away from their home site."""
    from dataclasses import replace

    from openbook.capacity.file.pooling import dorset_pooling, load_pooling_scenario
    from openbook.capacity.model.queueing import Method
    from openbook.capacity.model.scenario import Horizon
    from openbook.capacity.pooling import compare_pooling
    from openbook.kernel.error import InvalidDataError

    with _handled():
        if file is None:
            scenario = dorset_pooling()
        else:
            loaded, issues = load_pooling_scenario(file)
            if loaded is None:
                raise InvalidDataError(f"{file.name} is not valid", issues)
            scenario = loaded
    if target_one_in is not None:
        target = 1.0 / target_one_in if target_one_in > 0 else float("inf")
        scenario = replace(scenario, target_p_delay=target)
    if method is not None:
        scenario = replace(scenario, method=Method(method.value))
    horizon = Horizon(warm_up_days, days, replications, seed) if replications else None
    with _handled(), _progress("replications") as progress:
        result = compare_pooling(scenario, horizon, _workers(workers, replications), progress)
    if output_format is Format.json:
        print_json(result.to_dict())
    else:
        view.pooling_table(result)
    if xlsx:
        from openbook.capacity.export import pooling_xlsx

        view.write(xlsx, pooling_xlsx(result), "Workbook")
