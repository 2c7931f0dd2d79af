"""The capital, cash and workforce section of a board pack, for a year whose regime
reports them: the figures of `openbook position --format json` and the agency pay trend,
as they were known when the pack's figures were taken."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from openbook.governance.model.board_pack import PackRegime, PackRegimeRow
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.regime.catalogue import MissingRegimeError, get_regime
from openbook.regime.model.regime import PositionShape
from openbook.regime.pay_trend import get_pay_trend
from openbook.regime.position import get_regime_position
from openbook.regime.rules import rules_dir_of

ENVELOPE_WORDS = {
    "organisation": "each organisation's own capital resource limit",
    "system": "a system envelope shared by the partners, managed by the ICB",
    "provider": "envelopes direct to providers",
}


def _money(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _row(o: dict[str, Any], role: str, above: bool | None) -> PackRegimeRow:
    test = o["regime_test"]
    return PackRegimeRow(
        o["org_code"],
        o["name"],
        role,
        _text(o["breakeven_met"]),
        f"{test['rag']}: {'met' if test['met'] else 'not met'}",
        _money(o["capital_envelope"]),
        _money(o["capital_forecast"]),
        _money(o["capital_headroom"]),
        _money(o["cash_balance"]),
        _text(o["cash_days"]),
        _text(o["bppc_pct"]),
        _text(o["wte_actual"]),
        _text(o["agency_pct_of_pay"]),
        _text(above),
    )


def pack_regime(
    db: Database, system_code: str, year: FinancialYear, month: int, as_at: datetime
) -> PackRegime | None:
    """None for a year whose regime keeps the 2017/18 shape (or has no rules file)."""
    try:
        regime = get_regime(year, rules_dir_of(db))
    except MissingRegimeError:
        return None
    if regime.position_shape is not PositionShape.REGIME:
        return None
    position = get_regime_position(db, system_code, year, month, regime, as_at)
    trend = get_pay_trend(db, system_code, year, month, regime, as_at)
    above = {s.code: s.above(trend.ceiling) for s in (*trend.members, trend.system)}
    s = position["system"]
    system_share = trend.system.latest.agency_pct if trend.system.latest else None
    system = {
        **s,
        "org_code": s["system_code"],
        "regime_test": s["system_measure"],
        "cash_days": None,
        "bppc_pct": None,
        "agency_pct_of_pay": system_share,
    }
    rows = (
        *(_row(o, "partner", above.get(o["org_code"])) for o in position["organisations"]),
        _row(system, "system", above.get(s["system_code"])),
        *(_row(o, "associate", above.get(o["org_code"])) for o in position["associates"]),
    )
    measure = s["system_measure"]
    c = trend.ceiling
    ceiling = (
        c.basis.label
        if c.pct is None
        else f"{c.pct}% of the pay bill: {c.basis.label}"
        + ("" if c.previous_share is None else f" ({c.previous_share}% less {c.reduction_pct}%)")
    )
    return PackRegime(
        regime.financial_year.label,
        regime.name,
        f"{measure['label']}: {'met' if measure['met'] else 'not met'} ({measure['rag']})",
        ENVELOPE_WORDS[regime.envelope_level.value],
        "none" if regime.bppc_target_pct is None else f"{regime.bppc_target_pct}%",
        ceiling,
        tuple(
            f"{m.code} {m.latest.agency_pct}%" for m in trend.above_ceiling if m.latest is not None
        ),
        rows,
    )
