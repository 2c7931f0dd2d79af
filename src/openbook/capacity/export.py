"""XLSX downloads of capacity results: one sheet per table, probabilities as percentages.

(The kernel's table writer formats every float as money; here the cells are probabilities,
loads and hours, so the capacity feature sets its own number formats.)
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openbook.capacity.cath_labs import METRIC_LABELS, CathLabResult
from openbook.capacity.model.result import BedsResult, BedsRow
from openbook.capacity.pooling import PoolingResult
from openbook.capacity.stroke_pathway import StrokePathwayResult
from openbook.kernel.table_writer import keep_as_text

Cell = str | int | float | None
PERCENT, DECIMAL = "0.00%", "0.000"
Sheet = tuple[str, Sequence[str], Sequence[Sequence[Cell]], dict[str, str]]


def render_workbook(sheets: Sequence[Sheet]) -> bytes:
    """(title, header, rows, {column name: number format}) per sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows, formats in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
        for written in sheet.iter_rows():
            for cell in written:
                keep_as_text(cell)  # a unit or site named "=HYPERLINK(...)" stays text
        for index, name in enumerate(header, start=1):
            column = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[column].width = max(12, len(name) + 2)
            if name in formats:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = formats[name]
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ROW_HEADER = ["beds", "p_delay", "one_in", "occupancy", "ci_low", "ci_high"]
ROW_FORMATS = {
    "p_delay": PERCENT,
    "occupancy": PERCENT,
    "ci_low": PERCENT,
    "ci_high": PERCENT,
    "one_in": "0.0",
    "offered_load": DECIMAL,
}


def _row(row: BedsRow) -> list[Cell]:
    return [row.beds, row.p_delay, row.one_in, row.occupancy, row.ci_low, row.ci_high]


def beds_xlsx(result: BedsResult) -> bytes:
    rows = [[result.method, result.offered_load, *_row(r)] for r in result.rows]
    return render_workbook([("beds", ["method", "offered_load", *ROW_HEADER], rows, ROW_FORMATS)])


def stroke_pathway_xlsx(result: StrokePathwayResult) -> bytes:
    rows = [[u.unit, u.offered_load, *_row(r)] for u in result.units for r in u.rows]
    occupancy: list[list[Cell]] = [
        [u.unit, n, share] for u in result.units for n, share in enumerate(u.occupancy_distribution)
    ]
    return render_workbook(
        [
            (f"delay ({result.method})", ["unit", "offered_load", *ROW_HEADER], rows, ROW_FORMATS),
            ("occupancy", ["unit", "patients", "share"], occupancy, {"share": PERCENT}),
        ]
    )


def cath_labs_xlsx(result: CathLabResult) -> bytes:
    rows = [
        [
            r.configuration,
            r.site,
            r.metric,
            METRIC_LABELS[r.metric],
            r.estimate.mean,
            r.estimate.ci_low,
            r.estimate.ci_high,
        ]
        for r in result.rows
    ]
    header = ["configuration", "site", "metric", "meaning", "mean", "ci_low", "ci_high"]
    planned: list[list[Cell]] = [
        [site, share] for site, share in result.planned_utilisation.items()
    ]
    return render_workbook(
        [
            ("cath labs", header, rows, {"mean": DECIMAL, "ci_low": DECIMAL, "ci_high": DECIMAL}),
            ("planned utilisation", ["site", "planned"], planned, {"planned": PERCENT}),
        ]
    )


def pooling_xlsx(result: PoolingResult) -> bytes:
    header = [
        "site",
        "name",
        "offered_load",
        "separate_beds",
        "pooled_beds",
        "separate_p_delay",
        "simulated_separate_p_delay",
        "simulated_pooled_p_delay",
        "simulated_share_away",
    ]

    def mean(value: object) -> Cell:
        return getattr(value, "mean", None)

    rows: list[list[Cell]] = [
        [
            s.site,
            s.name,
            s.offered_load,
            s.separate_beds,
            s.pooled_beds,
            s.separate_p_delay,
            mean(s.simulated_separate_p_delay),
            mean(s.simulated_pooled_p_delay),
            mean(s.simulated_share_away),
        ]
        for s in result.sites
    ]
    rows.append(
        [
            "all",
            result.resource,
            sum(s.offered_load for s in result.sites),
            result.separate_beds,
            result.pooled_beds,
            result.separate_p_delay,
            mean(result.simulated_separate_p_delay),
            mean(result.simulated_pooled_p_delay),
            mean(result.simulated_share_away),
        ]
    )
    formats = dict.fromkeys(header[5:], PERCENT) | {"offered_load": DECIMAL}
    return render_workbook([("pooling", header, rows, formats)])
