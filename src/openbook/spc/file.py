"""SPC on a user's file: read a CSV or XLSX table, run the Making Data Count engine, chart it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from openbook.kernel.error import DataIssue, InvalidDataError
from openbook.kernel.input_limit import MAX_TABLE_FILE_BYTES, read_file
from openbook.kernel.table_reader import check_xlsx_archive
from openbook.spc import SpcResult, spc
from openbook.spc.chart import render_png, render_svg, vega_lite_spec


@dataclass(frozen=True)
class SpcRequest:
    value_col: str = "value"
    date_col: str = "date"
    facet_col: str | None = None
    improvement_direction: str = "increase"
    target: float | None = None
    rebase: tuple[str, ...] = ()
    excel_compatible: bool = False
    chart_type: str = "xmr"
    denominator_col: str | None = None


def read_table(path: Path) -> pd.DataFrame:
    """The file as text columns (the engine checks and converts values, with their rows)."""
    source = str(path)
    if not path.exists():
        raise InvalidDataError(source, [DataIssue(source, "the file does not exist")])
    suffix = path.suffix.lower()
    data, issues = read_file(path, MAX_TABLE_FILE_BYTES)  # its size first, as every reader
    if data is None:
        raise InvalidDataError(source, issues)
    if suffix == ".xlsx" and (issues := check_xlsx_archive(data, source)):
        raise InvalidDataError(source, issues)  # a zip bomb, before pandas opens it
    try:
        if suffix == ".csv":
            return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_values=[""])
        if suffix == ".xlsx":
            return pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl")
    except (ValueError, OSError) as error:
        raise InvalidDataError(source, [DataIssue(source, f"cannot be read: {error}")]) from None
    raise InvalidDataError(source, [DataIssue(source, "must be a .csv or .xlsx file")])


def run_spc_file(path: Path, request: SpcRequest) -> SpcResult:
    data = read_table(path)
    source = str(path)
    missing = [
        column
        for column in (
            request.value_col,
            request.date_col,
            request.facet_col,
            request.denominator_col,
        )
        if column is not None and column not in data.columns
    ]
    if missing:
        known = ", ".join(map(str, data.columns))
        raise InvalidDataError(
            source,
            [
                DataIssue(source, f"column {name!r} is missing; columns: {known}")
                for name in missing
            ],
        )
    data[request.date_col] = pd.to_datetime(data[request.date_col], errors="coerce")
    # Values stay text: the engine names every non-numeric one with its row.
    bad_dates = data.index[data[request.date_col].isna()].tolist()
    if bad_dates:
        raise InvalidDataError(
            source,
            [
                DataIssue(source, f"row {row + 2}: {request.date_col!r} is not a date")
                for row in bad_dates
            ],
        )
    return spc(
        data,
        value_col=request.value_col,
        date_col=request.date_col,
        facet_col=request.facet_col,
        improvement_direction=request.improvement_direction,
        target=request.target,
        rebase=[pd.Timestamp(day) for day in request.rebase] or None,
        excel_compatible=request.excel_compatible,
        chart_type=request.chart_type,
        denominator_col=request.denominator_col,
        source=source,
        row_offset=2,
    )


def write_chart(result: SpcResult, path: Path, facet: str | None = None) -> list[Path]:
    """One chart per facet: OUT.svg for a single facet, OUT-<facet>.svg for several."""
    facets = [str(f) for f in result.icons["f"]] if facet is None else [facet]
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise InvalidDataError(str(path), [DataIssue(str(path), "a chart is .svg or .png")])
    written = []
    for name in facets:
        target = path if len(facets) == 1 else path.with_name(f"{path.stem}-{name}{suffix}")
        spec = vega_lite_spec(result, name)
        if suffix == ".svg":
            target.write_text(render_svg(spec), encoding="utf-8")
        else:
            target.write_bytes(render_png(spec))
        written.append(target)
    return written


def result_to_dict(result: SpcResult) -> dict[str, Any]:
    def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
        cleaned = frame.astype(object).where(frame.notna(), None)
        return [
            {
                k: (v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp) else v)
                for k, v in r.items()
            }
            for r in cleaned.to_dict(orient="records")
        ]

    return {
        "icons": records(result.icons),
        "summary": records(result.summary),
        "points": records(result.points),
        "warnings": list(result.warnings),
    }
