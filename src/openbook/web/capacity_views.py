"""How the capacity simulations' results read on a page: tables (CSV/XLSX downloads) and
charts (the capacity feature's Vega-Lite specs, an SVG fallback rendered on the server).
The figures are the results' own, rounded only for show; the downloads keep them whole."""

from __future__ import annotations

from typing import Any

from openbook.capacity.cath_labs import METRIC_LABELS, CathLabResult
from openbook.capacity.chart import delay_curve_spec, occupancy_histogram_spec
from openbook.capacity.model.result import BedsRow
from openbook.capacity.pooling import PoolingResult
from openbook.capacity.stroke_pathway import StaySensitivity, StrokePathwayResult
from openbook.web.charts import Chart, render_svg
from openbook.web.tables import Column, Kind, Table

CAPACITY_PAGES = (  # the links between the capacity pages
    ("/capacity", "Beds (queueing theory)"),
    ("/capacity/stroke-pathway", "Stroke pathway"),
    ("/capacity/pooling", "Pooling"),
    ("/capacity/cath-labs", "Cath labs"),
    ("/capacity/stay-sensitivity", "Length of stay"),
)
ROW_COLUMNS = [
    Column("Beds", Kind.NUMBER),
    Column("p(delay)", Kind.NUMBER),
    Column("Delayed"),
    Column("Occupancy", Kind.NUMBER),
    Column("95% CI low", Kind.NUMBER),
    Column("95% CI high", Kind.NUMBER),
]


def one_in(p: float | None) -> str:
    if p is None:
        return ""
    return "never" if p <= 0 else f"1 in {1 / p:,.0f}"


def _r(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def _rows(rows: tuple[BedsRow, ...]) -> list[list[Any]]:
    return [
        [r.beds, _r(r.p_delay), one_in(r.p_delay), _r(r.occupancy), _r(r.ci_low), _r(r.ci_high)]
        for r in rows
    ]


def live(spec: dict[str, Any], key: str, cache: dict[str, str]) -> Chart:
    """The SVG at the spec's own width; in the browser, the chart fills its container."""
    svg = render_svg(spec, cache)
    fluid = {**spec, "width": "container", "autosize": {"type": "fit-x", "contains": "padding"}}
    title = spec.get("title", "")
    return Chart(key, str(title), str(spec.get("description", title)), fluid, svg)


def stroke_pathway_view(
    result: StrokePathwayResult, cache: dict[str, str]
) -> tuple[list[Table], list[Chart], list[str]]:
    tables = [
        Table(
            f"{unit.unit}-unit",
            f"{unit.unit.capitalize()} unit: offered load {unit.offered_load:.3f} beds "
            f"({result.method}, {result.replications} replications)",
            ROW_COLUMNS,
            _rows(unit.rows),
        )
        for unit in result.units
    ]
    series = [(f"{u.unit} unit", u.rows) for u in result.units]
    curve = delay_curve_spec(series, "Stroke pathway: probability of delay against beds")
    acute = result.unit("acute")
    histogram = occupancy_histogram_spec(
        acute.occupancy_distribution,
        "Acute stroke unit: occupancy at the daily audits",
        beds=acute.rows[-1].beds,
    )
    charts = [live(curve, "delay", cache), live(histogram, "occupancy", cache)]
    notes = [
        f"{unit.unit.capitalize()} unit: 1 in {n} delayed needs "
        f"{'more beds than the range' if beds is None else f'{beds} beds'}."
        for unit in result.units
        for n, beds in unit.beds_needed
    ]
    return tables, charts, notes


def _estimate(value: Any, places: int = 4) -> float | None:
    return None if value is None else round(value.mean, places)


def pooling_view(result: PoolingResult) -> tuple[list[Table], list[str]]:
    columns = [
        Column("Site"),
        Column("Name"),
        Column("Offered load", Kind.NUMBER),
        Column("Beds separately", Kind.NUMBER),
        Column("Beds pooled", Kind.NUMBER),
        Column("p(delay) separately", Kind.NUMBER),
        Column("Simulated p(delay) separately", Kind.NUMBER),
        Column("Simulated p(delay) pooled", Kind.NUMBER),
        Column("Placed away from home", Kind.NUMBER),
    ]
    rows: list[list[Any]] = [
        [
            s.site,
            s.name,
            round(s.offered_load, 3),
            s.separate_beds,
            s.pooled_beds,
            round(s.separate_p_delay, 4),
            _estimate(s.simulated_separate_p_delay),
            _estimate(s.simulated_pooled_p_delay),
            _estimate(s.simulated_share_away),
        ]
        for s in result.sites
    ]
    rows.append(
        [
            "all",
            "All sites",
            round(sum(s.offered_load for s in result.sites), 3),
            result.separate_beds,
            result.pooled_beds,
            round(result.separate_p_delay, 4),
            _estimate(result.simulated_separate_p_delay),
            _estimate(result.simulated_pooled_p_delay),
            _estimate(result.simulated_share_away),
        ]
    )
    caption = (
        f"{result.name}: {result.resource}, {result.method}, target "
        f"{one_in(result.target_p_delay)} delayed"
    )
    notes = [
        f"Pooled, {result.pooled_beds} beds meet the target instead of {result.separate_beds} "
        f"separately ({result.beds_saved} fewer)."
    ]
    if result.simulated_share_away is not None:
        notes.append(
            f"Simulated ({result.replications} replications): "
            f"{result.simulated_share_away.mean:.1%} of patients placed away from their home "
            "site when pooled."
        )
    else:
        notes.append("Analytic only: ask for replications to simulate the share placed away.")
    return [Table("pooling", caption, columns, rows)], notes


def cath_labs_view(result: CathLabResult) -> tuple[list[Table], list[str]]:
    def shown(configuration: str, metric: str) -> tuple[float, float | None, float | None]:
        e = result.value(configuration, metric)
        return (
            round(e.mean, 3),
            None if e.ci_low is None else round(e.ci_low, 3),
            None if e.ci_high is None else round(e.ci_high, 3),
        )

    columns = [
        Column("All sites"),
        Column("Separate", Kind.NUMBER),
        Column("Separate CI low", Kind.NUMBER, on_page=False),
        Column("Separate CI high", Kind.NUMBER, on_page=False),
        Column("Pooled", Kind.NUMBER),
        Column("Pooled CI low", Kind.NUMBER, on_page=False),
        Column("Pooled CI high", Kind.NUMBER, on_page=False),
    ]
    rows: list[list[Any]] = [
        [label, *shown("separate", metric), *shown("pooled", metric)]
        for metric, label in METRIC_LABELS.items()
    ]
    caption = (
        f"{result.scenario}: {result.policy} policy, {result.replications} replications of "
        f"{result.weeks:g} weeks"
    )
    planned = ", ".join(f"{site} {share:.0%}" for site, share in result.planned_utilisation.items())
    notes = [
        f"Lab time asked for ÷ session time (with turnaround): {planned}.",
        "Demand and durations are synthetic, of the right order for three district general "
        "hospitals; primary PCI for STEMI (24/7 on call) is not modelled.",
    ]
    return [Table("cath-labs", caption, columns, rows)], notes


def sensitivity_view(result: StaySensitivity) -> tuple[list[Table], list[str]]:
    targets = [n for n, _ in result.rows[0].beds_needed] if result.rows else []
    columns = [
        Column("Stays ×"),
        Column("Unit"),
        Column("Offered load", Kind.NUMBER),
        *(Column(f"Beds for 1 in {n}", Kind.NUMBER) for n in targets),
    ]
    rows: list[list[Any]] = [
        [
            f"{row.stay_multiplier:g}",
            row.unit,
            round(row.offered_load, 3),
            *(beds for _, beds in row.beds_needed),
        ]
        for row in result.rows
    ]
    caption = f"Beds needed as lengths of stay change ({result.replications} replications each)"
    notes = [
        "Every length of stay scaled by the multiplier; the same patients arrive for each "
        "(common random numbers), so differences are the stays' doing. An empty cell: more "
        "beds than any audit saw."
    ]
    return [Table("sensitivity", caption, columns, rows)], notes
