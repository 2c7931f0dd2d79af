"""A system's position under the regime of its year: the use case behind
`openbook position` for every year whose regime is not the 2017/18 shape."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from openbook.finance.position_report import read_system_position
from openbook.kernel.database import Database
from openbook.kernel.error import OpenbookError
from openbook.kernel.period import FinancialYear, month_end, month_start
from openbook.reference import store as organisations
from openbook.regime import store
from openbook.regime.catalogue import get_regime
from openbook.regime.model.ccw import CcwReturn
from openbook.regime.model.regime import PositionShape, Regime
from openbook.regime.position_dict import regime_position_to_dict
from openbook.regime.rules import rules_dir_of


def get_regime_position(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    regime: Regime,
    as_at: datetime | None = None,
) -> dict[str, Any]:
    """The finance position at the month, with the regime's tests and each organisation's
    capital, cash and workforce (its CCW return for the month, as known at `as_at`)."""
    with db.reading() as session:
        report = read_system_position(session, system_code, year, month, as_at)
        codes = [p.code for p in [*report.organisations, *report.associates]]
        latest = store.get_latest_ccw_returns(session, codes, year, month, as_at)
        before = store.get_latest_ccw_returns(session, codes, year.previous(), month, as_at)
        orgs = {code: organisations.get_organisation(session, code) for code in codes}
    return regime_position_to_dict(
        report,
        regime,
        {code: (r, v.version) for code, (r, v) in latest.items()},
        {code: r for code, (r, _) in before.items()},
        {code: org for code, org in orgs.items() if org is not None},
        (month_start(year, month), month_end(year, month)),
    )


def get_ccw_returns_in_force(
    db: Database,
    org_codes: list[str],
    year: FinancialYear,
    month: int,
    as_at: datetime | None = None,
) -> dict[str, tuple[CcwReturn, int]]:
    """Each organisation's CCW return for the month (the version in force at `as_at`) and
    its version number: the lines behind the capital, cash and workforce tables."""
    with db.reading() as session:
        found = store.get_latest_ccw_returns(session, org_codes, year, month, as_at)
    return {code: (r, v.version) for code, (r, v) in found.items()}


def require_regime_shape(regime: Regime) -> None:
    """Refuse a year whose positions keep the 2017/18 control-total shape (no capital, cash
    and workforce return)."""
    if regime.position_shape is not PositionShape.REGIME:
        raise OpenbookError(
            f"the {regime.financial_year.label} regime ({regime.name}) has no capital, cash "
            "and workforce figures: its positions keep the control-total shape",
            hint="ask for the position of that year; regime figures start in 2019/20",
        )


def get_regime_rags(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    as_at: datetime | None = None,
) -> tuple[tuple[str, str], ...]:
    """Each organisation's and the system's RAG by the year's regime (code, rag), exactly as
    `openbook position` gives them; none for a year in the 2017/18 shape, whose RAG is the
    control total's. A year without a regime is an error naming the missing file."""
    regime = get_regime(year, rules_dir_of(db))
    if regime.position_shape is not PositionShape.REGIME:
        return ()
    shape = get_regime_position(db, system_code, year, month, regime, as_at)
    rags = [
        (o["org_code"], o["regime_test"]["rag"])
        for o in [*shape["organisations"], *shape["associates"]]
    ]
    return (*rags, (system_code, shape["system"]["system_measure"]["rag"]))
