"""A board pack as HTML (Jinja2), PDF (WeasyPrint, from the same HTML) and XLSX."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from openbook.governance.model.board_pack import BoardPack, PackEscalation
from openbook.kernel.money import format_cell
from openbook.kernel.table_writer import Cell, render_xlsx

TEMPLATES = Path(__file__).parent / "templates"
ICON_WORDS = {
    "common_cause": "Common cause: no significant change",
    "improvement_high": "Special cause improvement (higher)",
    "improvement_low": "Special cause improvement (lower)",
    "concern_high": "Special cause concern (higher)",
    "concern_low": "Special cause concern (lower)",
    "neutral_high": "Special cause (higher)",
    "neutral_low": "Special cause (lower)",
    "consistent_pass": "Consistently meets the target",
    "consistent_fail": "Consistently misses the target",
    "inconsistent": "Hits and misses the target at random",
}


def _k(value: Decimal | None) -> str:
    return format_cell(value)


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["k"] = _k
    env.filters["svg"] = Markup  # SVG rendered here by vl-convert, not user text
    env.globals["icon_words"] = ICON_WORDS
    return env


def render_pack_html(pack: BoardPack) -> str:
    return _environment().get_template("board_pack.html").render(pack=pack)


def render_pack_pdf(pack: BoardPack) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=render_pack_html(pack)).write_pdf()
    return pdf


def _escalation_rows(label: str, items: tuple[PackEscalation, ...]) -> list[list[Cell]]:
    return [
        [
            label,
            e.ref,
            e.title,
            e.body_code,
            e.status,
            e.raised_on.isoformat(),
            e.due_on.isoformat(),
            "" if e.closed_on is None else e.closed_on.isoformat(),
        ]
        for e in items
    ]


def _programme_sheets(pack: BoardPack) -> list[tuple[str, tuple[str, ...], list[list[Cell]]]]:
    """A sheet of the programmes' milestones off plan and benefits, when the pack has any."""
    if not pack.programmes:
        return []
    rows: list[list[Cell]] = [
        [prog.name, section, *row]
        for prog in pack.programmes
        for section, entries in (
            ("milestone off plan", [(m[0], m[3], m[2]) for m in prog.milestones]),
            ("benefit", [(b[0], b[2], b[3]) for b in prog.benefits]),
        )
        for row in entries
    ]
    return [("Programme", ("programme", "section", "item", "value", "detail"), rows)]


def _figure(text: str) -> Decimal | None:
    """A figure of the regime section as a number in the workbook ("—" is a blank)."""
    return None if text == "—" else Decimal(text)


def _regime_sheets(pack: BoardPack) -> list[tuple[str, tuple[str, ...], list[list[Cell]]]]:
    """A sheet of capital, cash and workforce, for a regime year."""
    if pack.regime is None:
        return []
    header = (
        "org_code",
        "name",
        "role",
        "breakeven_met",
        "regime_test",
        "capital_envelope",
        "capital_forecast",
        "capital_headroom",
        "cash_balance",
        "cash_days",
        "bppc_pct",
        "wte_actual",
        "agency_pct_of_pay",
        "above_agency_ceiling",
    )
    rows: list[list[Cell]] = [
        [
            row.code,
            row.name,
            row.role,
            row.breakeven,
            row.test,
            row.capital_envelope,
            row.capital_forecast,
            row.capital_headroom,
            row.cash_balance,
            *(_figure(text) for text in (row.cash_days, row.bppc_pct, row.wte, row.agency_pct)),
            row.above_ceiling,
        ]
        for row in pack.regime.rows
    ]
    return [("Capital cash workforce", header, rows)]


def _pay_sheets(pack: BoardPack) -> list[tuple[str, tuple[str, ...], list[list[Cell]]]]:
    """A sheet of pay and agency from the finance returns, for a control-total year."""
    if pack.pay is None:
        return []
    header = (
        "org_code",
        "name",
        "role",
        "pay_substantive_ytd",
        "pay_bank_ytd",
        "pay_agency_ytd",
        "agency_plan_ytd",
        "agency_over_plan_ytd",
        "agency_pct_of_pay_ytd",
        "agency_pct_of_pay_in_month",
        "above_agency_ceiling",
        "agency_above_plan",
    )
    rows: list[list[Cell]] = [
        [
            row.code,
            row.name,
            row.role,
            row.substantive,
            row.bank,
            row.agency,
            row.agency_plan,
            row.agency_over_plan,
            _figure(row.agency_pct),
            _figure(row.agency_pct_in_month),
            row.above_ceiling,
            row.above_plan,
        ]
        for row in pack.pay.rows
    ]
    return [("Pay and agency", header, rows)]


def render_pack_xlsx(pack: BoardPack) -> bytes:
    position_header = (
        "org_code",
        "name",
        "control_total",
        "forecast_outturn",
        "gap",
        "ytd_plan",
        "ytd_actual",
        "ytd_variance",
        "cip_plan_ytd",
        "cip_actual_ytd",
        "rag",
    )
    rows: list[list[Cell]] = [
        [
            p.code,
            p.name,
            p.control_total,
            p.forecast_outturn,
            p.gap,
            p.ytd_plan,
            p.ytd_actual,
            p.ytd_variance,
            p.cip_plan_ytd,
            p.cip_actual_ytd,
            pack.rag_of(p),
        ]
        for p in [*pack.organisations, pack.system, *pack.associates]
    ]
    escalations = (
        _escalation_rows("opened", pack.opened)
        + _escalation_rows("closed", pack.closed)
        + _escalation_rows("overdue", pack.overdue)
        + _escalation_rows("open", pack.still_open)
    )
    return render_xlsx(
        [
            (f"Position {pack.period_label.replace('/', '-')}", position_header, rows),
            *_regime_sheets(pack),
            *_pay_sheets(pack),
            (
                "Escalations",
                (
                    "since_last_meeting",
                    "ref",
                    "title",
                    "body",
                    "status",
                    "raised_on",
                    "due_on",
                    "closed_on",
                ),
                escalations,
            ),
            (
                "Decisions",
                ("ref", "body", "meeting_date", "title", "decided", "agreed_by"),
                [
                    [
                        d.ref,
                        d.body_code,
                        d.meeting_date.isoformat(),
                        d.title,
                        d.decided,
                        d.agreed_by,
                    ]
                    for d in pack.decisions
                ],
            ),
            (
                "Proposals",
                ("ref", "title", "waiting_for"),
                [[p.ref, p.title, p.waiting_for] for p in pack.proposals],
            ),
            *(
                [
                    (
                        "Commentary",
                        ("org_code", "line_code", "commentary"),
                        [
                            [c.org_code, code or "overall", text]
                            for c in pack.commentary
                            for code, text in (("", c.overall), *c.lines)
                            if text
                        ],
                    )
                ]
                if pack.commentary
                else []
            ),
            (
                "SPC",
                ("chart", "variation", "assurance"),
                [
                    [
                        c.title,
                        ICON_WORDS.get(c.variation_icon, c.variation_icon),
                        ICON_WORDS.get(c.assurance_icon or "", ""),
                    ]
                    for c in pack.charts
                ],
            ),
            (
                "Quality",
                ("org_code", "measure", "value", "unit", "variation", "assurance", "funnel"),
                [
                    [q.org_code, q.measure, q.value, q.unit, q.variation, q.assurance, q.funnel]
                    for q in pack.quality
                ],
            ),
            *_programme_sheets(pack),
            (
                "SPC notes",
                ("ref", "chart", "kind", "from", "label", "recorded_by", "agreed_by", "decision"),
                [
                    [n.ref, n.chart, n.kind, n.day, n.label, n.recorded_by, n.agreed_by, n.decision]
                    for n in pack.spc_notes
                ],
            ),
            (
                "Pack",
                ("item", "value"),
                [
                    ["system", f"{pack.system_name} ({pack.system_code})"],
                    ["body", pack.body_name],
                    ["meeting", pack.meeting_date.isoformat()],
                    ["figures to", pack.period_label],
                    ["status", f"pack {pack.issued}" if pack.issued else "draft, not issued"],
                    ["figures as known at (UTC)", pack.as_at.strftime("%Y-%m-%d %H:%M")],
                    ["audit chain head", pack.audit_line],
                ],
            ),
        ],
        {"B": 40, "C": 16, "D": 16, "E": 14},
    )
