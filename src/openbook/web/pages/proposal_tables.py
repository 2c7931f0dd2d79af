"""The tables of the transfers and control-totals pages: the history, a solver's answer,
a proposal's moves, approvals and its before-and-after preview."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openbook.kernel.table_writer import Cell
from openbook.rebalancing.model import SYSTEM_LEAD, ProposalKind, ProposalStatus
from openbook.rebalancing.view import ProposalView
from openbook.web.tables import Column, Kind, Link, Table

KIND_LABELS = {
    ProposalKind.TRANSFERS: "Year-end transfers",
    ProposalKind.CONTROL_TOTALS: "Control-total rebalancing",
}
SLOT_LABEL = "System finance lead"


def slot_label(slot: str) -> str:
    return SLOT_LABEL if slot == SYSTEM_LEAD else slot


def history_table(views: list[ProposalView]) -> Table:
    columns = [
        Column("Proposal"),
        Column("Kind"),
        Column("Year"),
        Column("Month", Kind.NUMBER),
        Column("Status"),
        Column("Affected"),
        Column("Awaiting"),
        Column("Proposed by"),
        Column("Proposed (UTC)"),
    ]
    rows: list[list[Cell | Link]] = [
        [
            Link(v.ref, f"/proposals/{v.ref}"),
            KIND_LABELS[v.kind],
            v.financial_year.label,
            v.month,
            v.status.value,
            ", ".join(v.affected),
            ", ".join(slot_label(s) for s in v.missing) if v.status is ProposalStatus.OPEN else "",
            v.created_by,
            v.created_at.strftime("%Y-%m-%d %H:%M"),
        ]
        for v in views
    ]
    return Table("proposals", "Every proposal, newest first", columns, rows)


def transfers_result_table(result: dict[str, Any]) -> Table:
    columns = [
        Column("Organisation"),
        Column("Position before", Kind.MONEY),
        Column("Position after", Kind.MONEY),
        Column("Control total", Kind.MONEY),
        Column("Meets control total"),
        Column("Sustainability funding earned", Kind.MONEY),
    ]
    rows: list[list[Cell | Link]] = [
        [
            o["org_code"],
            Decimal(o["position_before"]),
            Decimal(o["position_after"]),
            Decimal(o["control_total"]),
            "yes" if o["meets_control_total"] else "no",
            Decimal(o["sustainability_funding_earned"]),
        ]
        for o in result["organisations"]
    ]
    return Table("outcome", "Each organisation before and after the transfers", columns, rows)


def control_totals_result_table(result: dict[str, Any]) -> Table:
    columns = [
        Column("Organisation"),
        Column("Control total", Kind.MONEY),
        Column("New control total", Kind.MONEY),
        Column("Change", Kind.MONEY),
        Column("CIP required", Kind.MONEY),
        Column("CIP % of operating expenditure", Kind.NUMBER),
        Column("Willing to exceed"),
    ]
    rows: list[list[Cell | Link]] = [
        [
            o["org_code"],
            Decimal(o["control_total"]),
            Decimal(o["new_control_total"]),
            Decimal(o["change"]),
            Decimal(o["cip_required"]),
            o["cip_pct"],
            "yes" if o["willing_to_exceed"] else "no",
        ]
        for o in result["organisations"]
    ]
    return Table("outcome", "Control totals and CIP before and after", columns, rows)


def transfers_table(view: ProposalView) -> Table:
    columns = [Column("From"), Column("To"), Column("Amount", Kind.MONEY)]
    rows: list[list[Cell | Link]] = [[t.from_org, t.to_org, t.amount] for t in view.transfers]
    return Table("transfers", "Transfers proposed", columns, rows)


def changes_table(view: ProposalView) -> Table:
    columns = [
        Column("Organisation"),
        Column("Control total now", Kind.MONEY),
        Column("Proposed control total", Kind.MONEY),
        Column("Change", Kind.MONEY),
    ]
    rows: list[list[Cell | Link]] = [
        [c.org_code, c.before, c.after, c.change] for c in view.changes
    ]
    return Table("changes", "Control totals proposed", columns, rows)


def approvals_table(view: ProposalView) -> Table:
    decided = {a.slot: a for a in view.approvals}
    columns = [Column("For"), Column("Decision"), Column("By"), Column("Reason")]
    rows: list[list[Cell | Link]] = []
    for slot in [*view.affected, SYSTEM_LEAD]:
        approval = decided.get(slot)
        rows.append(
            [
                slot_label(slot),
                approval.decision.past_tense if approval else "awaited",
                approval.by if approval else "",
                (approval.reason or "") if approval else "",
            ]
        )
    return Table("approvals", "Who must agree, and who has", columns, rows)


def preview_table(preview: dict[str, Any]) -> Table:
    """Every partner before and after the proposal: what each sees, at the proposal's month."""
    columns = [
        Column("Organisation"),
        Column("RAG now"),
        Column("RAG after"),
        Column("Gap now", Kind.MONEY),
        Column("Gap after", Kind.MONEY),
        Column("Funding at risk now", Kind.MONEY),
        Column("Funding at risk after", Kind.MONEY),
        Column("CIP % now"),
        Column("CIP % after"),
    ]

    def pounds(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    rows: list[list[Cell | Link]] = []
    for org in [*preview["organisations"], {"org_code": "System", **preview["system"]}]:
        before, after = org["before"], org["after"]
        rows.append(
            [
                org["org_code"],
                before["rag"],
                after["rag"],
                pounds(before["gap"]),
                pounds(after["gap"]),
                pounds(before["funding_at_risk"]),
                pounds(after["funding_at_risk"]),
                before["cip_pct"] or "",
                after["cip_pct"] or "",
            ]
        )
    return Table("preview", "Before and after, for every partner", columns, rows)
