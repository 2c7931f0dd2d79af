"""The tables and charts of the planning pages, built from the documents `openbook plan`
prints: money as Decimal pounds (shown in £000), percentages as shares."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openbook.kernel.money import format_k
from openbook.kernel.table_writer import Cell
from openbook.planning.model.bridge import BridgeStep, StepKind, waterfall
from openbook.planning.report import (
    figures_shown,
    income_source_rows,
    maturity_rows,
    one_off_rows,
    result_plans,
)
from openbook.web.charts import Chart, waterfall_chart
from openbook.web.tables import Column, Kind, Link, Table


def money_of(text: str) -> Decimal:
    return Decimal(text)


def pct_of(value: float | int) -> Decimal:
    return Decimal(str(value)) / 100


def bridge_chart(
    key: str, title: str, gap: str, bridge: list[dict[str, str]], cache: dict[str, str]
) -> Chart:

    steps = [
        BridgeStep(
            s["label"],
            money_of(s["amount"]),
            StepKind.REMAINDER if i == len(bridge) - 1 else StepKind.MITIGATION,
        )
        for i, s in enumerate(bridge)
    ]
    bars = [
        (b.label, b.start, b.end, b.kind) for b in waterfall(money_of(gap), steps, "Do-nothing gap")
    ]
    return waterfall_chart(key, title, bars, cache)


def bridge_table(key: str, caption: str, bridge: list[dict[str, str]]) -> Table:
    return Table(
        key,
        caption,
        [Column("Step"), Column("Amount", Kind.MONEY)],
        [[s["label"], money_of(s["amount"])] for s in bridge],
    )


def plan_table(
    key: str, caption: str, plan: dict[str, Any], figures: list[tuple[str, str]]
) -> Table:
    columns = [Column("Year"), *(Column(label, Kind.MONEY) for _, label in figures)]
    columns += [
        Column("CIP % required", Kind.PERCENT),
        Column("A year", Kind.PERCENT),
        Column("Above threshold"),
    ]
    rows: list[list[Any]] = [
        [
            y["financial_year"],
            *(money_of(y[name]) for name, _ in figures),
            pct_of(y["cip_pct_required"]),
            pct_of(y["annual_cip_pct_required"]),
            "yes" if y["above_threshold"] else "",
        ]
        for y in plan["years"]
    ]
    return Table(key, caption, columns, rows)


def dorset_tables(document: dict[str, Any]) -> list[Table]:
    tables = [
        bridge_table(
            f"bridge-{i}",
            f"{b['name']} {document['financial_year']}: gap {format_k(money_of(b['gap']))}",
            b["bridge"],
        )
        for i, b in enumerate(document["bridges"])
    ]
    labels = [s["label"] for s in document["trusts"][0]["bridge"]]
    columns = [Column("Trust"), Column("Expenditure", Kind.MONEY), Column("Share", Kind.PERCENT)]
    columns += [Column(label, Kind.MONEY) for label in labels] + [
        Column("Savings % implied", Kind.PERCENT)
    ]
    rows = [
        [
            t["org_code"],
            money_of(t["expenditure"]),
            Decimal(str(t["share"])),
            *(money_of(s["amount"]) for s in t["bridge"]),
            pct_of(t["cip_pct_implied"]),
        ]
        for t in document["trusts"]
    ]
    tables.append(Table("trusts", "What the acute bridge implies for each trust", columns, rows))
    return tables


def _key(title: str) -> str:
    return {"Acute providers": "acute", "System": "system"}.get(title) or (
        "org-" + title.partition(" ")[0].lower()
    )


def _money_from(rows: list[list[str]], first: int) -> list[list[Cell | Link]]:
    """Rows with the columns from `first` on as Decimal pounds."""
    return [[*row[:first], *(money_of(v) for v in row[first:])] for row in rows]


def detail_tables(result: dict[str, Any]) -> list[Table]:
    """Income by source, non-recurrent items and CIP maturity, where the plan has them."""
    tables = []
    if rows := income_source_rows(result):
        columns = [Column("Organisation"), Column("Source")]
        columns += [Column(year, Kind.MONEY) for year in result["years"]]
        tables.append(Table("income-sources", "Income by source", columns, _money_from(rows, 2)))
    if rows := one_off_rows(result):
        columns = [
            Column("Organisation"),
            Column("Year"),
            Column("Item"),
            Column("Amount", Kind.MONEY),
        ]
        caption = "Non-recurrent items (in the reported position, not the underlying one)"
        tables.append(Table("one-offs", caption, columns, _money_from(rows, 3)))
    if rows := maturity_rows(result):
        columns = [Column("Organisation"), Column("Year")]
        columns += [
            Column(label, Kind.MONEY)
            for label in ("CIP this year", "In delivery", "Identified", "Unidentified")
        ]
        tables.append(Table("cip-maturity", "CIP by maturity", columns, _money_from(rows, 2)))
    return tables


def result_tables(result: dict[str, Any]) -> list[Table]:
    figures = figures_shown(result)
    tables = [plan_table(_key(title), title, plan, figures) for title, plan in result_plans(result)]
    tables += detail_tables(result)
    last = result["system"]["years"][-1]
    tables.append(
        bridge_table("system-bridge", f"System bridge {last['financial_year']}", last["bridge"])
    )
    return tables


SHARING_STATUS = {"optimal": "shared", "not_needed": "not needed", "infeasible": "short"}


def shared_targets_table(shared: dict[str, Any]) -> Table:
    """`openbook plan share`: each year's targets as the rebalancing engine shares them."""
    return Table(
        "shared",
        f"Targets shared by the rebalancing engine (achievable CIP {shared['cip_threshold_pct']}%"
        " a year)",
        [
            Column("Year"),
            Column("Org"),
            Column("Target", Kind.MONEY),
            Column("Shared target", Kind.MONEY),
            Column("Change", Kind.MONEY),
            Column("Saving asked", Kind.PERCENT),
            Column("Under shared target", Kind.PERCENT),
            Column("Engine", on_page=False),
        ],
        [
            [
                year["financial_year"],
                o["org_code"],
                money_of(o["target"]),
                money_of(o["shared_target"]),
                money_of(o["change"]),
                pct_of(o["annual_cip_pct_before"]),
                pct_of(o["annual_cip_pct_shared"]),
                SHARING_STATUS.get(year["status"], year["status"]),
            ]
            for year in shared["years"]
            for o in year["organisations"]
        ],
    )
