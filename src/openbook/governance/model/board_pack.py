"""The monthly pack a governance body reads at its meeting: what it holds, not how it looks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openbook.finance.model.position import Position
from openbook.kernel.period import FinancialYear, month_end

REPORTING_LAG_DAYS = 20  # a month's figures are in and checked about three weeks after it ends


@dataclass(frozen=True)
class PackChart:
    title: str
    description: str
    variation_icon: str
    assurance_icon: str | None
    svg: str


@dataclass(frozen=True)
class PackNote:
    """A note on an SPC chart in force when the pack's figures were taken: an annotation, or
    a rebase whose limits the charts use."""

    ref: str
    chart: str
    kind: str
    day: str  # YYYY-MM-DD
    label: str
    recorded_by: str
    agreed_by: str  # "" for an annotation
    decision: str  # "" when none is named


@dataclass(frozen=True)
class PackQuality:
    """One provider's value on one quality measure, with what its chart and funnel say."""

    org_code: str
    measure: str
    value: str  # formatted in the measure's unit
    unit: str
    variation: str
    assurance: str
    funnel: str


@dataclass(frozen=True)
class PackEscalation:
    ref: str
    title: str
    body_code: str
    status: str  # as it stood at the meeting
    raised_on: date
    due_on: date
    closed_on: date | None


@dataclass(frozen=True)
class PackDecision:
    ref: str
    body_code: str
    meeting_date: date
    title: str
    decided: str
    agreed_by: str


@dataclass(frozen=True)
class PackProposal:
    ref: str
    title: str
    waiting_for: str


@dataclass(frozen=True)
class PackCommentary:
    """An organisation's narrative on its return: overall, and line by line."""

    org_code: str
    name: str
    overall: str
    lines: tuple[tuple[str, str], ...]  # (line_code, text)


@dataclass(frozen=True)
class PackProgramme:
    """A programme's section of the pack of a body whose remit is the system (the joint
    steering board's view): investment, line confidence, milestones off plan, benefits."""

    name: str
    progress_note: str
    investment: tuple[tuple[str, str, str, str], ...]  # year, planned, committed, spent
    lines: tuple[tuple[str, str], ...]  # line, delivery confidence
    milestones: tuple[tuple[str, str, str, str], ...]  # milestone, baseline, now, state
    benefits: tuple[tuple[str, str, str, str], ...]  # benefit, trajectory, progress, off


@dataclass(frozen=True)
class PackRegimeRow:
    """One member's (or the system's) test, capital, cash and workforce under the regime;
    figures as the position JSON gives them (money as Decimal pounds, the rest as text)."""

    code: str
    name: str
    role: str  # partner, system, associate
    breakeven: str  # yes, no, or — without a return
    test: str  # e.g. "green: met"
    capital_envelope: Decimal | None
    capital_forecast: Decimal | None
    capital_headroom: Decimal | None
    cash_balance: Decimal | None
    cash_days: str
    bppc_pct: str
    wte: str
    agency_pct: str
    above_ceiling: str


@dataclass(frozen=True)
class PackRegime:
    """The capital, cash and workforce section of a pack for a year whose regime reports
    them (2019/20 on)."""

    financial_year: str
    name: str
    system_measure: str  # e.g. "system total: a local measure, not a duty: met (amber)"
    envelope_level: str
    bppc_target: str  # "95%" or "none"
    ceiling: str  # the agency ceiling and where it comes from
    above_ceiling: tuple[str, ...]  # "R0D 1.96%", …
    rows: tuple[PackRegimeRow, ...]


@dataclass(frozen=True)
class PackPayRow:
    """One member's (or the system's) pay and agency at the month, from the finance return
    (money as Decimal pounds, None without a return; percentages and flags as text)."""

    code: str
    name: str
    role: str  # partner, system, associate
    substantive: Decimal | None
    bank: Decimal | None
    agency: Decimal | None
    agency_plan: Decimal | None
    agency_over_plan: Decimal | None
    agency_pct: str  # of the pay bill, year to date; — without a return
    agency_pct_in_month: str
    above_ceiling: str
    above_plan: str


@dataclass(frozen=True)
class PackPay:
    """Pay and agency in the finance section of a pack for a control-total year."""

    ceiling: str  # "3.5% of the pay bill, set by the system …" or why there is none
    above_ceiling: tuple[str, ...]  # "RD3 7.45%", …
    above_plan: tuple[str, ...]  # "RD3", …
    rows: tuple[PackPayRow, ...]


@dataclass(frozen=True)
class BoardPack:
    system_code: str
    system_name: str
    body_code: str
    body_name: str
    chair: str
    meeting_date: date
    previous_meeting: date | None
    financial_year: str
    month: int
    synthetic: bool
    system: Position
    organisations: tuple[Position, ...]
    associates: tuple[Position, ...]
    charts: tuple[PackChart, ...]
    opened: tuple[PackEscalation, ...]
    closed: tuple[PackEscalation, ...]
    overdue: tuple[PackEscalation, ...]
    still_open: tuple[PackEscalation, ...]
    decisions: tuple[PackDecision, ...]
    proposals: tuple[PackProposal, ...]
    as_at: datetime  # the figures as they were known at this moment
    issued: str | None = None  # "issued 20 April 2018 09:00 by ...", or None for a draft
    quality: tuple[PackQuality, ...] = ()  # for a body whose remit is quality (or the system)
    quality_charts: tuple[PackChart, ...] = ()  # the funnels across providers
    # The SPC charts of the quality measures someone has written on (annotated or rebased).
    quality_spc_charts: tuple[PackChart, ...] = ()
    spc_notes: tuple[PackNote, ...] = ()  # every note on the system's SPC charts in force
    audit_head: str | None = None  # "#N abc123…": the audit chain's head as the pack is drawn

    @property
    def audit_line(self) -> str:
        """The footer line that ties the pack to the audit chain (docs/security.md)."""
        when = "at issue" if self.issued else "when drawn"
        return f"Audit chain head {when}: {self.audit_head or 'not read'}"

    commentary: tuple[PackCommentary, ...] = ()
    programmes: tuple[PackProgramme, ...] = ()  # for a body whose remit is the system
    regime: PackRegime | None = None  # capital, cash and workforce, for regime years
    pay: PackPay | None = None  # pay and agency from the finance return, control-total years
    # The RAG by the year's regime (code -> rag), from 2019/20; none: the 2017/18 RAG.
    regime_rags: tuple[tuple[str, str], ...] = ()

    def rag_of(self, p: Position) -> str:
        """The RAG shown for an organisation or the system: the regime's where it has one."""
        return dict(self.regime_rags).get(p.code, str(p.rag))

    @property
    def period_label(self) -> str:
        return f"M{self.month} {self.financial_year}"

    @property
    def period_end(self) -> date:
        return month_end(FinancialYear.parse(self.financial_year), self.month)
