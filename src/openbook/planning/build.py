"""A scenario seeded from the store (`openbook plan build`): each provider's recurrent run
rate from its latest return of the year (the forecast outturn), so a finance team starts from
its own numbers. Recurrent means: sustainability funding and system transfers taken out of
income, and non-recurrent CIP added back to non-pay (it will not recur). Income is listed by
source (each commissioner's patient care, other operating income) and finance costs are the
plan's financing line. The assumptions are flat (0%) and the target break-even, for the team
to set."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openbook.finance import store as finance_store
from openbook.finance.model.account import (
    CIP_NON_RECURRENT_LINE,
    INCOME_LINE,
    OPERATING_EXPENDITURE_LINE,
    OTHER_PATIENT_CARE_LINE,
    PATIENT_CARE_PREFIX,
    SUSTAINABILITY_LINE,
    SYSTEM_TRANSFER_LINE,
)
from openbook.finance.model.finance_return import FinanceReturn
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear
from openbook.planning.file import parse_scenario, scenario_document
from openbook.planning.model.scenario import Rate
from openbook.reference import store as reference_store

OUTTURN = "forecast_outturn"


def _run_rate(finance_return: FinanceReturn) -> dict[str, Any]:
    def amount(code: str) -> Any:
        return finance_return.amount(code, OUTTURN)

    income = amount(INCOME_LINE) - amount(SUSTAINABILITY_LINE) - amount(SYSTEM_TRANSFER_LINE)
    pay = amount("pay.total")
    non_pay = amount(OPERATING_EXPENDITURE_LINE) - pay + amount(CIP_NON_RECURRENT_LINE)
    document: dict[str, Any] = {
        "income": money_str(income),
        "pay": money_str(pay),
        "non_pay": money_str(non_pay),
        "financing": money_str(amount("finance_costs")),
    }
    sources = _income_sources(finance_return)
    if sources and sum(sources.values()) == income:
        document["income_by_source"] = {name: money_str(value) for name, value in sources.items()}
    return document


def _income_sources(finance_return: FinanceReturn) -> dict[str, Decimal]:
    """The recurrent income lines, each named for what it is, leaving out nil ones."""
    names = {OTHER_PATIENT_CARE_LINE: "Patient care: other commissioners"}
    names["income.other_operating"] = "Other operating income"
    found: dict[str, Decimal] = {}
    for line in finance_return.lines:
        if line.line_code.startswith(PATIENT_CARE_PREFIX) and line.line_code not in names:
            name = f"Patient care: {line.line_code.removeprefix(PATIENT_CARE_PREFIX)}"
        else:
            name = names.get(line.line_code, "")
        if name and line.forecast_outturn:
            found[name] = line.forecast_outturn
    return found


def build_scenario(
    db: Database, system_code: str, year: FinancialYear, years: int = 3
) -> dict[str, Any]:
    """The scenario document for `system_code`'s providers from `year`'s latest returns."""
    with db.reading() as session:
        providers = [
            org
            for org, _ in reference_store.list_members(session, system_code, year)
            if org.kind.is_provider
        ]
        codes = [o.org_code for o in providers]
        months = finance_store.list_months_with_returns(session, codes, year)
        if not providers or not months:
            raise NotFoundError(f"{system_code} has no provider returns for {year.label}")
        returns = finance_store.get_latest_returns(session, codes, year, max(months))
    organisations = [
        {"org_code": org.org_code, "kind": org.kind.value, **_run_rate(returns[org.org_code][0])}
        for org in providers
        if org.org_code in returns
    ]
    document: dict[str, Any] = {
        "name": f"{system_code} from the {year.label} outturn (M{max(months)})",
        "base_year": year.label,
        "years": years,
        "target": "breakeven",
        "assumptions": {rate.value: 0 for rate in Rate},
        "organisations": organisations,
    }
    scenario, issues = parse_scenario(document, "build")
    assert scenario is not None, issues  # built from checked returns
    return scenario_document(scenario)
