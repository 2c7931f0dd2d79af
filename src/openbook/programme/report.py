"""What a programme reports: investment by year and category, its lines, milestones with
their slippage, benefits with their progress. One dictionary, the same for the CLI's JSON,
the REST API and the pages (docs/programme.md)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from openbook.kernel.money import ZERO, format_k, money_str
from openbook.programme.model import (
    Benefit,
    CostLine,
    Funding,
    Milestone,
    Programme,
    calculate_investment_by_year,
    calculate_roi,
    calculate_slippage,
    calculate_total,
    is_off_trajectory,
    is_overdue,
)
from openbook.programme.payback import Payback, calculate_payback, sum_savings

OFF_TRAJECTORY_TOLERANCE = Decimal("0.10")


def _payback_to_dict(payback: Payback) -> dict[str, Any]:
    return {
        "savings_by_year": {year: money_str(v) for year, v in payback.savings.items()},
        "total": money_str(payback.total),
        "per_pound": None if payback.per_pound is None else str(payback.per_pound),
        "payback_year": payback.payback_year,
        "share_of_gap": None
        if payback.share_of_gap is None
        else [str(value) for value in payback.share_of_gap],
    }


def financial_benefits(
    programme: Programme, measured: Mapping[str, Mapping[str, Decimal]]
) -> dict[str, Any]:
    """The financial benefits' savings, planned (trajectory) and measured (progress), each
    against the investment and the gap."""
    planned = sum_savings(programme, {b.ref: b.trajectory for b in programme.benefits})
    progress = {b.ref: benefit_progress(b, measured) for b in programme.benefits}
    return {
        "benefits": [b.ref for b in programme.benefits if b.financial],
        "planned": _payback_to_dict(calculate_payback(programme, planned)),
        "measured": _payback_to_dict(
            calculate_payback(programme, sum_savings(programme, progress))
        ),
    }


def month_str(day: date | None) -> str | None:
    return None if day is None else f"{day.year:04d}-{day.month:02d}"


def _money_or_tbc(value: Decimal | None) -> str:
    return "TBC" if value is None else money_str(value)


def _cost_line(line: CostLine) -> dict[str, Any]:
    return {
        "ref": line.ref,
        "name": line.name,
        "category": line.category.value,
        "funding": line.funding.value,
        "spending_org": line.spending_org,
        "workstream": line.workstream,
        "years": {
            label: {
                "planned": _money_or_tbc(amount.planned),
                "committed": None if amount.committed is None else money_str(amount.committed),
                "spent": None if amount.spent is None else money_str(amount.spent),
            }
            for label, amount in line.years.items()
        },
    }


def milestone_to_dict(milestone: Milestone, today: date) -> dict[str, Any]:
    return {
        "ref": milestone.ref,
        "title": milestone.title,
        "plan": milestone.plan,
        "kind": milestone.kind.value,
        "workstream": milestone.workstream,
        "month": month_str(milestone.baseline),
        "end": month_str(milestone.end),
        "forecast": month_str(milestone.forecast),
        "actual": month_str(milestone.actual),
        "status": milestone.status.value,
        "depends_on": list(milestone.depends_on),
        "slippage_months": calculate_slippage(milestone),
        "overdue": is_overdue(milestone, today),
    }


def benefit_progress(
    benefit: Benefit, measured: Mapping[str, Mapping[str, Decimal]]
) -> dict[str, Decimal]:
    """The benefit's value per year: from its linked measure when it has one (`measured`:
    benefit ref -> year -> value, read by the use case), else as typed in the file."""
    return dict(measured.get(benefit.ref, {})) if benefit.link else dict(benefit.progress)


def benefit_to_dict(benefit: Benefit, progress: Mapping[str, Decimal]) -> dict[str, Any]:
    link = benefit.link
    return {
        "ref": benefit.ref,
        "name": benefit.name,
        "measure": benefit.measure,
        "unit": benefit.unit,
        "owner": benefit.owner,
        "logic_model": benefit.logic_model,
        "direction": benefit.direction.value,
        "baseline": str(benefit.baseline),
        "baseline_year": benefit.baseline_year,
        "trajectory": {year: str(value) for year, value in benefit.trajectory.items()},
        "progress": {year: str(value) for year, value in progress.items()},
        "progress_source": "linked measure" if link else "typed in the programme file",
        "link": None
        if link is None
        else {"kind": link.kind.value, "org": link.org_code, "code": link.code},
        "off_trajectory": sorted(
            year
            for year, value in progress.items()
            if is_off_trajectory(benefit, year, value, OFF_TRAJECTORY_TOLERANCE)
        ),
        "financial": benefit.financial,
        "synthetic": benefit.synthetic,
    }


def _line(programme: Programme, code: str) -> dict[str, Any]:
    line = programme.workstream(code)
    assert line is not None
    costs = tuple(c for c in programme.cost_lines if c.workstream == code)
    return {
        "code": line.code,
        "name": line.name,
        "kind": line.kind.value,
        "lead_org": line.lead_org,
        "lead_person": line.lead_person,
        "terms_of_reference": line.terms_of_reference,
        "confidence": None if line.confidence is None else line.confidence.value,
        "ratings": [
            {"on": r.on.isoformat(), "confidence": r.confidence.value, "note": r.note}
            for r in line.ratings
        ],
        "milestones": [m.ref for m in programme.milestones if m.workstream == code],
        "investment": money_str(calculate_total(costs)),
    }


def spend_by_year(lines: tuple[CostLine, ...]) -> dict[str, dict[str, str]]:
    """Planned, committed and spent per year."""
    out: dict[str, dict[str, Decimal]] = {}
    for line in lines:
        for label, amount in line.years.items():
            row = out.setdefault(label, {"planned": ZERO, "committed": ZERO, "spent": ZERO})
            row["planned"] += amount.planned or ZERO
            row["committed"] += amount.committed or ZERO
            row["spent"] += amount.spent or ZERO
    return {label: {k: money_str(v) for k, v in row.items()} for label, row in out.items()}


def build_report(
    programme: Programme,
    today: date,
    measured: Mapping[str, Mapping[str, Decimal]] | None = None,
    version: int | None = None,
) -> dict[str, Any]:
    measured = measured or {}
    by_year = calculate_investment_by_year(programme.cost_lines)
    roi = programme.roi
    ratios = calculate_roi(programme)
    return {
        "programme": {
            "code": programme.code,
            "name": programme.name,
            "system": programme.system_code,
            "host_org": programme.host_org,
            "source": programme.source,
            "progress_note": programme.progress_note,
            "version": version,
        },
        "investment_by_year": {label: money_str(v) for label, v in by_year.items()},
        "central_by_year": {
            label: money_str(v)
            for label, v in calculate_investment_by_year(
                programme.cost_lines, Funding.CENTRAL
            ).items()
        },
        "total_investment": money_str(calculate_total(programme.cost_lines)),
        "spend_by_year": spend_by_year(programme.cost_lines),
        "cost_lines": [_cost_line(line) for line in programme.cost_lines],
        "lines": [_line(programme, w.code) for w in programme.workstreams],
        "milestones": [milestone_to_dict(m, today) for m in programme.milestones],
        "benefits": [benefit_to_dict(b, benefit_progress(b, measured)) for b in programme.benefits],
        "financial_benefits": financial_benefits(programme, measured),
        "logic_models": [
            {
                "ref": m.ref,
                "name": m.name,
                "inputs": list(m.inputs),
                "activities": list(m.activities),
                "short_term": list(m.short_term),
                "medium_term": list(m.medium_term),
                "long_term": list(m.long_term),
                "assumptions": list(m.assumptions),
                "cost_categories": [c.value for c in m.cost_categories],
            }
            for m in programme.logic_models
        ],
        "roi": None
        if roi is None
        else {
            "statement": roi.statement,
            "gap": [money_str(roi.gap_low), money_str(roi.gap_high)],
            "contribution": [money_str(roi.contribution_low), money_str(roi.contribution_high)],
            "gross_investment": money_str(roi.gross_investment),
            "return_per_pound": None
            if ratios is None
            else [str(ratios["low"]), str(ratios["high"])],
        },
        "governance": [f"{body}: {remit}" for body, remit in programme.governance],
        "people": [f"{role}: {name}" for role, name in programme.people],
        "as_of": today.isoformat(),
    }


def timeline_rows(report: Mapping[str, Any]) -> list[list[str]]:
    """The timeline as text: one row per milestone, in baseline order."""
    rows = []
    for m in sorted(report["milestones"], key=lambda m: (m["month"], m["ref"])):
        span = m["month"] if not m["end"] else f"{m['month']} to {m['end']}"
        slip = m["slippage_months"]
        rows.append(
            [
                m["ref"],
                m["plan"],
                m["title"],
                span,
                m["forecast"] or "",
                m["actual"] or "",
                f"+{slip}" if slip > 0 else str(slip),
                m["status"].replace("_", " ") + (" (overdue)" if m["overdue"] else ""),
            ]
        )
    return rows


TIMELINE_HEADER = [
    "ref",
    "plan",
    "milestone",
    "baseline",
    "forecast",
    "actual",
    "slip (months)",
    "status",
]


def savings_rows(report: dict[str, Any]) -> list[list[str]]:
    """The financial benefits' savings against the investment and the gap, as text rows
    (the CLI's table and the page's); planned from the trajectories, measured from progress."""
    rows = []
    for basis in ("planned", "measured"):
        found = report["financial_benefits"][basis]
        share = found["share_of_gap"]
        rows.append(
            [
                basis,
                ", ".join(
                    f"{y}: {format_k(Decimal(v))}" for y, v in found["savings_by_year"].items()
                )
                or "none yet",
                format_k(Decimal(found["total"])),
                "" if found["per_pound"] is None else f"£{found['per_pound']}",
                found["payback_year"] or "not within these years",
                ""
                if share is None
                else f"{Decimal(share[0]) * 100:.1f}% to {Decimal(share[1]) * 100:.1f}%",
            ]
        )
    return rows


SAVINGS_HEADER = [
    "basis",
    "saving by year",
    "total",
    "per £ invested",
    "pays back in",
    "share of the gap",
]
