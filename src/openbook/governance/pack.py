"""Build a body's pack for a meeting: the system position at the latest month whose figures
are in, the organisation table, the A&E 4-hour SPC charts with icons, escalations opened,
closed and overdue since the last meeting, decisions, proposals awaiting approval, and for
a body whose remit is quality the quality measures and funnels."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from openbook.activity.ae_spc import ae_four_hour_charts
from openbook.finance.commentary import list_commentary
from openbook.finance.model.finance_return import OVERALL
from openbook.finance.model.position import Position
from openbook.finance.position_report import get_system_position
from openbook.funnel.chart import render_svg as render_funnel_svg
from openbook.funnel.chart import vega_lite_spec as funnel_spec
from openbook.governance.config import get_body, get_definition
from openbook.governance.decisions import list_decisions
from openbook.governance.escalation_view import EscalationView, list_escalation_views
from openbook.governance.model.board_pack import (
    REPORTING_LAG_DAYS,
    BoardPack,
    PackChart,
    PackCommentary,
    PackDecision,
    PackEscalation,
    PackNote,
    PackProgramme,
    PackProposal,
    PackQuality,
)
from openbook.governance.model.governance import Body
from openbook.governance.pack_pay import pack_pay
from openbook.governance.pack_regime import pack_regime
from openbook.governance.pack_render import render_pack_html, render_pack_pdf, render_pack_xlsx
from openbook.governance.pack_spc import noted_quality_charts, pack_notes
from openbook.kernel.audit_log import get_audit_head
from openbook.kernel.database import Database
from openbook.kernel.error import OpenbookError
from openbook.kernel.period import FinancialYear, month_end, period_of
from openbook.kernel.rule import Remit
from openbook.programme.load import list_programme_reports
from openbook.quality.metrics import format_value
from openbook.quality.report import quality_report
from openbook.rebalancing.model import ProposalStatus
from openbook.rebalancing.view import list_proposal_views
from openbook.reference import store as reference_store
from openbook.regime.position import get_regime_rags
from openbook.spc.chart import render_svg


def month_for_meeting(meeting_date: date) -> tuple[FinancialYear, int]:
    """The latest month whose figures are in by the meeting (REPORTING_LAG_DAYS after it ends)."""
    year, month = period_of(meeting_date)
    for _ in range(13):
        if month_end(year, month) + timedelta(days=REPORTING_LAG_DAYS) <= meeting_date:
            return year, month
        year, month = (year.previous(), 12) if month == 1 else (year, month - 1)
    raise OpenbookError(f"no month's figures are in by {meeting_date}")


def default_as_at(db: Database, meeting_date: date) -> datetime:
    """A draft pack shows the figures as they were known at the end of the meeting day (or
    now, for a meeting still to come), so a past meeting's draft does not change with later
    decisions."""
    end_of_day = datetime.combine(meeting_date, time(23, 59, 59), tzinfo=UTC)
    return min(db.clock.now(), end_of_day)


def why_no_pack(db: Database, system_code: str, meeting_date: date) -> str | None:
    """Why a meeting can have no pack (no month in yet, or no members that year), or None."""
    try:
        year, _month = month_for_meeting(meeting_date)
    except OpenbookError as error:
        return str(error)
    with db.reading() as session:
        if not reference_store.list_members(session, system_code, year):
            return f"no pack: {system_code} has no members in {year.label}"
    return None


def _status_on(e: EscalationView, day: date) -> str:
    if e.closed_on is not None and e.closed_on <= day:
        return e.status
    return "open"


def _pack_escalation(e: EscalationView, day: date) -> PackEscalation:
    return PackEscalation(
        e.ref,
        e.title,
        e.body_code,
        _status_on(e, day),
        e.raised_on,
        e.due_on,
        e.closed_on if e.closed_on is not None and e.closed_on <= day else None,
    )


def _escalations(
    db: Database, body: Body, since: date | None, day: date
) -> tuple[list[PackEscalation], ...]:
    everything = Remit.SYSTEM in body.remits
    held = [
        e
        for e in list_escalation_views(db, body.system_code)
        if (everything or e.body_code == body.code) and e.raised_on <= day
    ]
    after = since or date.min
    opened = [e for e in held if after < e.raised_on <= day]
    closed = [e for e in held if e.closed_on is not None and after < e.closed_on <= day]
    open_then = [e for e in held if e.closed_on is None or e.closed_on > day]
    overdue = [e for e in open_then if e.due_on < day]
    return tuple(
        [_pack_escalation(e, day) for e in group] for group in (opened, closed, overdue, open_then)
    )


def _charts(db: Database, providers: list[str], year: FinancialYear, month: int) -> list[PackChart]:
    return [
        PackChart(
            chart.spec["title"],
            chart.description,
            chart.variation_icon,
            chart.assurance_icon,
            render_svg(chart.spec),
        )
        for chart in ae_four_hour_charts(db, providers, year, month)
    ]


def _quality(
    db: Database, system_code: str, year: FinancialYear, month: int, notes: tuple[PackNote, ...]
) -> tuple[tuple[PackQuality, ...], tuple[PackChart, ...], tuple[PackChart, ...]]:
    """The quality section: the KPI summary, the funnels (funnel SVGs drawn here) and the
    SPC charts someone has written on."""
    report = quality_report(db, system_code, year, month)
    rows = tuple(
        PackQuality(
            k.org_code,
            k.measure.name,
            format_value(k.measure, k.value),
            k.measure.unit,
            k.variation_words,
            k.assurance_words,
            k.funnel_words,
        )
        for k in report.kpis
    )
    charts = []
    for result in report.funnels:
        title = f"{result.measure.name}: funnel across {system_code}'s providers"
        spec = funnel_spec(
            result.funnel,
            highlight=[p.org_code for p in result.points],
            title=title,
            x_title=result.measure.denominator,
        )
        charts.append(PackChart(title, spec["description"], "", None, render_funnel_svg(spec)))
    return rows, tuple(charts), noted_quality_charts(report, notes)


def build_board_pack(
    db: Database,
    system_code: str,
    body_code: str,
    meeting_date: date,
    year: FinancialYear | None = None,
    month: int | None = None,
    as_at: datetime | None = None,
    issued: str | None = None,
) -> BoardPack:
    definition = get_definition(db, system_code)
    body = get_body(definition, body_code)
    head = get_audit_head(db)  # read first: the figures below are at least this new
    if year is None or month is None:
        year, month = month_for_meeting(meeting_date)
    as_at = as_at or default_as_at(db, meeting_date)
    position = get_system_position(db, system_code, year, month, as_at)
    previous = body.previous_meeting(meeting_date)
    opened, closed, overdue, still_open = _escalations(db, body, previous, meeting_date)
    after = previous + timedelta(days=1) if previous else None
    decisions = list_decisions(
        db,
        system_code,
        body_code=None if Remit.SYSTEM in body.remits else body.code,
        since=after,
        until=meeting_date,
    )
    proposals = [
        p
        for p in list_proposal_views(db, system_code, ProposalStatus.OPEN)
        if p.created_at <= as_at
    ]
    members = [*position.organisations, *position.associates]
    providers = [p.code for p in members]
    wants_quality = Remit.QUALITY in body.remits or Remit.SYSTEM in body.remits
    notes = pack_notes(db, system_code, as_at)
    quality, quality_charts, noted = (
        _quality(db, system_code, year, month, notes) if wants_quality else ((), (), ())
    )
    regime = pack_regime(db, system_code, year, month, as_at)
    return BoardPack(
        system_code,
        position.system.name,
        body.code,
        body.name,
        body.chair,
        meeting_date,
        previous,
        year.label,
        month,
        position.synthetic,
        position.position,
        tuple(position.organisations),
        tuple(position.associates),
        tuple(_charts(db, providers, year, month)),
        tuple(opened),
        tuple(closed),
        tuple(overdue),
        tuple(still_open),
        tuple(
            PackDecision(
                d.ref,
                d.body_code,
                d.meeting_date,
                d.title,
                d.decided,
                ", ".join(f"{a.org_code} ({a.agreed_by})" for a in d.agreements),
            )
            for d in decisions
        ),
        tuple(PackProposal(p.ref, p.title, ", ".join(p.missing) or "enactment") for p in proposals),
        as_at,
        issued,
        audit_head=head.label,
        quality=quality,
        quality_charts=quality_charts,
        quality_spc_charts=noted,
        spc_notes=notes,
        commentary=_commentary(
            db, [*position.organisations, *position.associates], year, month, as_at
        ),
        programmes=_programmes(db, system_code, meeting_date)
        if Remit.SYSTEM in body.remits
        else (),
        regime=regime,
        regime_rags=get_regime_rags(db, system_code, year, month, as_at),
        pay=None if regime is not None else pack_pay(db, system_code, year, month, as_at),
    )


def _pounds(text: str) -> str:
    return f"£{float(text):,.0f}"


def _programmes(db: Database, system_code: str, meeting_date: date) -> tuple[PackProgramme, ...]:
    """Each programme as at the meeting: milestones overdue or forecast later than their
    baseline and not yet delivered, and every benefit against its trajectory."""
    found = []
    for report in list_programme_reports(db, system_code, meeting_date):
        off_plan = [
            m
            for m in report["milestones"]
            if m["overdue"] or (m["status"] != "complete" and m["slippage_months"] > 0)
        ]
        found.append(
            PackProgramme(
                report["programme"]["name"],
                report["programme"]["progress_note"],
                tuple(
                    (year, _pounds(v["planned"]), _pounds(v["committed"]), _pounds(v["spent"]))
                    for year, v in report["spend_by_year"].items()
                ),
                tuple((ln["name"], ln["confidence"] or "not rated") for ln in report["lines"]),
                tuple(
                    (
                        f"{m['ref']} {m['title']}",
                        m["end"] or m["month"],
                        m["forecast"] or "",
                        "overdue" if m["overdue"] else f"slipped {m['slippage_months']} months",
                    )
                    for m in off_plan
                ),
                tuple(
                    (
                        b["name"],
                        ", ".join(f"{y}: {v}" for y, v in b["trajectory"].items()),
                        ", ".join(f"{y}: {v}" for y, v in b["progress"].items()) or "none yet",
                        ", ".join(b["off_trajectory"]) or "on trajectory",
                    )
                    for b in report["benefits"]
                ),
            )
        )
    return tuple(found)


def _commentary(
    db: Database, members: list[Position], year: FinancialYear, month: int, as_at: datetime
) -> tuple[PackCommentary, ...]:
    found = list_commentary(db, [p.code for p in members], year, month, as_at)
    return tuple(
        PackCommentary(
            p.code,
            p.name,
            dict(found[p.code]).get(OVERALL, ""),
            tuple((code, text) for code, text in found[p.code] if code != OVERALL),
        )
        for p in members
        if p.code in found
    )


def render_board_pack(pack: BoardPack, suffix: str) -> bytes:
    if suffix == ".html":
        return render_pack_html(pack).encode("utf-8")
    if suffix == ".pdf":
        return render_pack_pdf(pack)
    if suffix == ".xlsx":
        return render_pack_xlsx(pack)
    raise OpenbookError(f"a pack is written as .pdf, .html or .xlsx, not {suffix!r}")
