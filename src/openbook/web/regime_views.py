"""Today's regime on the overview and organisation pages: the regime's test, capital, cash
and workforce, and agency pay against the system's ceiling month by month. Only for a year
whose regime has `position_shape: regime`; other years' pages are unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openbook.kernel.cache import remember
from openbook.kernel.database import Database
from openbook.kernel.table_writer import Cell
from openbook.regime.catalogue import MissingRegimeError, get_regime
from openbook.regime.model.ccw import CAPITAL_CATEGORIES, CONTRACTS, FUNDING_SOURCES, CcwReturn
from openbook.regime.model.regime import EnvelopeLevel, PositionShape, Regime
from openbook.regime.model.staff_group import calculate_staff_group_figures, has_staff_groups
from openbook.regime.pay_trend import PayTrend, get_pay_trend
from openbook.regime.position import get_ccw_returns_in_force, get_regime_position
from openbook.web.charts import Chart, share_trend_chart
from openbook.web.pages.period import Period
from openbook.web.tables import Column, Kind, Link, Table

Row = list[Cell | Link]
M, D, N = Kind.MONEY, Kind.DECIMAL, Kind.NUMBER
ENVELOPE_LEVELS = {
    EnvelopeLevel.ORGANISATION: "each organisation's own capital resource limit",
    EnvelopeLevel.SYSTEM: "a system envelope shared between the partners, managed by the ICB "
    "(each partner's figure is its share)",
    EnvelopeLevel.PROVIDER: "envelopes direct to each provider",
}
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "grey": "Grey"}


def _yes_no(value: bool | None) -> str:
    return "—" if value is None else ("yes" if value else "no")


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


@dataclass(frozen=True)
class RegimeView:
    regime: Regime
    position: dict[str, Any]  # the `openbook position --format json` shape
    trend: PayTrend
    returns: dict[str, tuple[CcwReturn, int]]

    @property
    def members(self) -> list[dict[str, Any]]:
        return [*self.position["organisations"], *self.position["associates"]]

    def member(self, code: str) -> dict[str, Any]:
        return next(o for o in self.members if o["org_code"] == code)

    @property
    def envelope_label(self) -> str:
        return ENVELOPE_LEVELS[self.regime.envelope_level]


def get_regime_view(db: Database, period: Period, rules_dir: Path | None) -> RegimeView | None:
    """None when the year's regime keeps the 2017/18 shape (or no rules file defines it)."""
    try:
        regime = get_regime(period.year, rules_dir)
    except MissingRegimeError:
        return None
    if regime.position_shape is not PositionShape.REGIME:
        return None
    key = (period.system_code, period.year.label, period.month, period.as_at, str(rules_dir))

    def build() -> RegimeView:
        args = (db, period.system_code, period.year, period.month, regime, period.as_at)
        position = get_regime_position(*args)
        codes = [o["org_code"] for o in [*position["organisations"], *position["associates"]]]
        returns = get_ccw_returns_in_force(db, codes, period.year, period.month, period.as_at)
        return RegimeView(regime, position, get_pay_trend(*args), returns)

    return remember(db, ("regime_view", *key), build)


def regime_table(view: RegimeView, period: Period) -> Table:
    """Each member's test, capital, cash and workforce, and the system's (the partners')."""
    columns = [
        Column("Organisation"),
        Column("Name", on_page=False),
        Column("Breaks even"),
        Column("Regime test"),
        Column("Own duty", on_page=False),
        Column("Capital envelope", M, on_page=False),
        Column("Capital forecast", M, on_page=False),
        Column("Capital headroom", M),
        Column("Cash balance", M, on_page=False),
        Column("Cash days", D),
        Column("BPPC %", D),
        Column("WTE", D),
        Column("Agency % of pay", D),
        Column("Above agency ceiling"),
    ]
    trend = {s.code: s.above(view.trend.ceiling) for s in (*view.trend.members, view.trend.system)}

    def row(o: dict[str, Any], code: Link | str) -> Row:
        test = o["regime_test"]
        return [
            code,
            o["name"],
            _yes_no(o["breakeven_met"]),
            f"{RAG_WORDS[test['rag']]}: {'met' if test['met'] else 'not met'}",
            _yes_no(test["duty"]),
            _decimal(o["capital_envelope"]),
            _decimal(o["capital_forecast"]),
            _decimal(o["capital_headroom"]),
            _decimal(o["cash_balance"]),
            _decimal(o["cash_days"]),
            _decimal(o["bppc_pct"]),
            _decimal(o["wte_actual"]),
            _decimal(o["agency_pct_of_pay"]),
            _yes_no(trend.get(o["org_code"])),
        ]

    rows = [
        row(o, Link(o["org_code"], period.organisation_url(o["org_code"]), o["name"]))
        for o in view.position["organisations"]
    ]
    s = view.position["system"]
    measure = s["system_measure"]
    system_row = {
        **s,
        "org_code": s["system_code"],
        "regime_test": measure,
        "capital_actual_ytd": None,
        "cash_days": None,
        "bppc_pct": None,
        "agency_pct_of_pay": str(view.trend.system.latest.agency_pct)
        if view.trend.system.latest and view.trend.system.latest.agency_pct is not None
        else None,
    }
    rows.append(row(system_row, s["system_code"]))
    rows += [
        row(o, Link(o["org_code"], period.organisation_url(o["org_code"]), o["name"]))
        for o in view.position["associates"]
    ]
    legend = (
        *((o["org_code"], o["name"]) for o in view.members),
        (s["system_code"], f"{s['name']}: the partners added up; {measure['label']}"),
    )
    caption = f"The regime's test, capital, cash and workforce at {period.label}"
    return Table("regime", caption, columns, rows, legend=legend)


def capital_table(returns: list[CcwReturn], key: str = "capital") -> Table:
    """CDEL by scheme category and funding source, as the CCW returns hold them (added up
    across the returns given)."""
    columns = [
        Column("Scheme category"),
        Column("Funding source"),
        Column("Annual plan", M),
        Column("YTD actual", M),
        Column("Forecast outturn", M),
    ]

    def total(code: str, column: str) -> Decimal:
        return sum((r.amount(code, column) for r in returns), Decimal(0))

    rows: list[Row] = []
    sums = [Decimal(0)] * 3
    for category, what in CAPITAL_CATEGORIES.items():
        for source, how in FUNDING_SOURCES.items():
            code = f"capital.{category}.{source}"
            figures = [total(code, c) for c in ("plan", "actual", "forecast_outturn")]
            sums = [a + b for a, b in zip(sums, figures, strict=True)]
            rows.append([what, how, *figures])
    rows.append(["All schemes", "all sources", *sums])
    envelope = total("capital.envelope", "plan")
    rows.append(["Capital envelope", "operational capital", envelope, None, None])
    caption = "Capital (CDEL) by scheme category and funding source, against the envelope"
    return Table(key, caption, columns, rows)


def cash_table(view: RegimeView, codes: list[str], period: Period) -> Table:
    """Cash balance, days of operating costs and BPPC against the regime's target."""
    target = view.regime.bppc_target_pct
    columns = [
        Column("Organisation"),
        Column("Cash balance", M),
        Column("Planned balance", M, on_page=False),
        Column("Cash days", D),
        Column("Invoices paid YTD", N, on_page=False),
        Column("Paid within 30 days", N, on_page=False),
        Column("BPPC %", D),
        Column("BPPC target %", D),
        Column("BPPC target met"),
    ]
    rows: list[Row] = []
    for code in codes:
        o = view.member(code)
        found = view.returns.get(code)
        r = None if found is None else found[0]

        def count(line: str, r: CcwReturn | None = r) -> int | None:
            return None if r is None else int(r.amount(line, "actual"))

        rows.append(
            [
                Link(code, period.organisation_url(code), o["name"]),
                _decimal(o["cash_balance"]),
                None if r is None else r.amount("cash.balance", "plan"),
                _decimal(o["cash_days"]),
                count("bppc.invoices"),
                count("bppc.within_30_days"),
                _decimal(o["bppc_pct"]),
                target,
                _yes_no(o["bppc_target_met"]),
            ]
        )
    caption = f"Cash and the Better Payment Practice Code at {period.label}"
    return Table("cash", caption, columns, rows)


def workforce_table(returns: list[CcwReturn], key: str = "workforce") -> Table:
    """WTE plan and actual and pay by contract (added up across the returns given)."""
    columns = [
        Column("Contract"),
        Column("WTE plan", D),
        Column("WTE actual", D),
        Column("Pay annual plan", M),
        Column("Pay YTD", M),
        Column("Pay forecast outturn", M),
        Column("Share of pay YTD %", D),
    ]

    def total(code: str, column: str) -> Decimal:
        return sum((r.amount(code, column) for r in returns), Decimal(0))

    pay_total = sum((total(f"pay.{c}", "actual") for c in CONTRACTS), Decimal(0))
    rows: list[Row] = []
    for contract in (*CONTRACTS, "all"):
        chosen = CONTRACTS if contract == "all" else (contract,)
        figures = [
            sum((total(f"{kind}.{c}", column) for c in chosen), Decimal(0))
            for kind, column in (
                ("wte", "plan"),
                ("wte", "actual"),
                ("pay", "plan"),
                ("pay", "actual"),
                ("pay", "forecast_outturn"),
            )
        ]
        share = None if pay_total == 0 else (figures[3] * 100 / pay_total).quantize(Decimal("0.01"))
        rows.append([contract if contract != "all" else "All contracts", *figures, share])
    caption = "Workforce: WTE plan against actual, and pay by contract"
    return Table(key, caption, columns, rows)


def staff_group_table(returns: list[CcwReturn], key: str = "staff-groups") -> Table | None:
    """WTE plan against actual, pay and the agency and bank shares of pay by staff group,
    added up across the returns given that have the section (None when none has)."""
    groups = calculate_staff_group_figures(returns)
    if groups is None:
        return None
    columns = [
        Column("Staff group"),
        Column("WTE plan", D),
        Column("WTE actual", D),
        Column("WTE over plan", D),
        Column("Agency WTE", D, on_page=False),
        Column("Bank WTE", D, on_page=False),
        Column("Pay annual plan", M),
        Column("Pay YTD", M),
        Column("Pay forecast outturn", M),
        Column("Agency % of pay YTD", D),
        Column("Bank % of pay YTD", D, on_page=False),
    ]
    rows: list[Row] = [
        [
            g.label,
            g.wte_plan,
            g.wte_actual,
            g.wte_over_plan,
            g.wte_by_contract["agency"],
            g.wte_by_contract["bank"],
            g.pay_plan,
            g.pay_actual_ytd,
            g.pay_forecast,
            g.agency_pct_of_pay,
            g.bank_pct_of_pay,
        ]
        for g in groups
    ]
    held = sum(1 for r in returns if has_staff_groups(r))
    caption = "Workforce by staff group: WTE plan against actual, pay and the agency share"
    if held < len(returns):
        caption += f" ({held} of {len(returns)} returns give staff groups)"
    return Table(key, caption, columns, rows)


def agency_trend_table(view: RegimeView, codes: list[str] | None = None) -> Table:
    """Agency pay as a share of the pay bill (year to date) month by month: each member
    asked for (all by default), the system and the ceiling."""
    trend = view.trend
    chosen = [s for s in trend.members if codes is None or s.code in codes]
    columns = [
        Column("Month"),
        *(Column(f"{s.code} agency %", D) for s in chosen),
        Column(f"{trend.system.code} (system) agency %", D),
        Column("Ceiling %", D),
    ]
    rows: list[Row] = []
    for index, point in enumerate(trend.system.points):
        rows.append(
            [
                f"M{point.month}",
                *(s.points[index].agency_pct for s in chosen),
                point.agency_pct,
                trend.ceiling.pct,
            ]
        )
    caption = "Agency pay as a share of the pay bill, year to date, month by month"
    return Table("agency-trend", caption, columns, rows)


def agency_chart(view: RegimeView, codes: list[str] | None, cache: dict[str, str]) -> Chart:
    trend = view.trend
    chosen = [s for s in trend.members if codes is None or s.code in codes]
    points = [
        (
            p.month,
            {
                **{s.code: s.points[i].agency_pct for s in chosen},
                f"{trend.system.code} (system)": p.agency_pct,
            },
        )
        for i, p in enumerate(trend.system.points)
    ]
    title = "Agency pay as a share of the pay bill"
    return share_trend_chart("agency-trend", title, points, cache, trend.ceiling.pct)


def regime_context(
    db: Database,
    period: Period,
    rules_dir: Path | None,
    cache: dict[str, str],
    org_code: str | None = None,
) -> dict[str, Any]:
    """What the page's regime section shows (`regime_view` None: the page as before) and
    its tables, to add to the page's downloads."""
    view = get_regime_view(db, period, rules_dir)
    if view is None:
        return {"regime_view": None, "regime_tables": {}}
    if org_code is None:
        partners = [o["org_code"] for o in view.position["organisations"]]
        held = [view.returns[c][0] for c in partners if c in view.returns]
        codes = [o["org_code"] for o in view.members]
        tables = [
            regime_table(view, period),
            capital_table(held),
            cash_table(view, codes, period),
            workforce_table(held),
            staff_group_table(held),
            agency_trend_table(view),
        ]
        chart = agency_chart(view, None, cache)
        member = None
    else:
        held = [view.returns[org_code][0]] if org_code in view.returns else []
        tables = [
            capital_table(held),
            cash_table(view, [org_code], period),
            workforce_table(held),
            staff_group_table(held),
            agency_trend_table(view, [org_code]),
        ]
        chart = agency_chart(view, [org_code], cache)
        member = view.member(org_code)
    return {
        "regime_view": view,
        "regime_member": member,
        "regime_tables": {t.key: t for t in tables if t is not None},
        "agency_chart": chart,
        "agency_ceiling": view.trend.ceiling,
        "above_ceiling": view.trend.above_ceiling,
    }
