"""`openbook capacity stay-sensitivity`: beds needed for each 1-in-N delay target as every
length of stay in the stroke pathway is scaled (docs/capacity.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openbook.cli.capacity_common import handled, progress_bar, workers_for
from openbook.cli.output import print_json, print_table


def _multipliers(text: str) -> tuple[float, ...]:
    from openbook.capacity.request import InvalidRequestError, issue

    try:
        values = tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        values = ()
    if not values or not all(0 < v <= 10 for v in values):
        raise InvalidRequestError(
            [issue("--stay-multipliers", f"is {text!r}; expected numbers like 0.9,1,1.1,1.2")]
        )
    return values


def register(capacity_app: typer.Typer) -> None:
    capacity_app.command("stay-sensitivity")(stay_sensitivity_command)


def stay_sensitivity_command(
    params: Annotated[
        Path | None,
        typer.Argument(help="Parameters (JSON, Monks et al. format); default: the published."),
    ] = None,
    stay_multipliers: Annotated[
        str, typer.Option(help="Scale every length of stay by each, e.g. 0.9,1,1.1,1.2.")
    ] = "0.9,1,1.1,1.2",
    one_in: Annotated[
        list[int] | None, typer.Option(help="1 in N delayed (repeatable; default 10 and 50).")
    ] = None,
    replications: Annotated[int, typer.Option(help="Replications for each multiplier.")] = 30,
    days: Annotated[float, typer.Option(help="Days simulated after warm-up.")] = 1825,
    warm_up_days: Annotated[float, typer.Option(help="Warm-up days, not counted.")] = 1095,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same answer.")] = 2016,
    workers: Annotated[
        int | None, typer.Option(help="Processes for the replications (default: one per core).")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """The stroke pathway's beds needed as lengths of stay lengthen or shorten (the
    published occupancy method, the same patients for every multiplier)."""
    from openbook.capacity.file.stroke import load_stroke_parameters, published_parameters
    from openbook.capacity.model.scenario import Horizon, PathwayMethod, StrokePathwayRequest
    from openbook.capacity.stroke_pathway import StaySensitivity, calculate_stay_sensitivity
    from openbook.kernel.error import InvalidDataError

    with handled():
        multipliers = _multipliers(stay_multipliers)
        if params is None:
            parameters = published_parameters()
        else:
            loaded, issues = load_stroke_parameters(params)
            if loaded is None:
                raise InvalidDataError(f"{params.name} is not valid", issues)
            parameters = loaded
    request = StrokePathwayRequest(
        parameters,
        (1,),
        (1,),
        PathwayMethod.OCCUPANCY,
        Horizon(warm_up_days, days, replications, seed),
    )
    targets = tuple(one_in or (10, 50))
    with handled(), progress_bar("replications") as progress:
        rows = calculate_stay_sensitivity(
            request, multipliers, targets, workers_for(workers, replications), progress
        )
    result = StaySensitivity(replications, rows)
    if output_format == "json":
        print_json(result.to_dict())
        return
    print_table(
        f"Beds needed as lengths of stay change ({replications} replications each)",
        ["stays ×", "unit", "offered load", *(f"1 in {n}" for n in targets)],
        [
            [
                f"{row.stay_multiplier:g}",
                row.unit,
                f"{row.offered_load:.2f}",
                *("more" if beds is None else str(beds) for _, beds in row.beds_needed),
            ]
            for row in rows
        ],
    )
