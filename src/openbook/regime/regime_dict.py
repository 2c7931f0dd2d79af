"""A regime as JSON (the `openbook regime show --format json` shape)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openbook.regime.model.regime import Regime


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def regime_to_dict(regime: Regime) -> dict[str, Any]:
    return {
        "financial_year": regime.financial_year.label,
        "name": regime.name,
        "summary": regime.summary,
        "sources": list(regime.sources),
        "measured": {"basis": regime.measured_basis, "excludes": list(regime.excludes)},
        "accountable_unit": regime.accountable_unit.value,
        "organisation_test": regime.organisation_test.value,
        "system_test": regime.system_test.value,
        "position_shape": regime.position_shape.value,
        "incentive_funds": [
            {
                "code": fund.code,
                "name": fund.name,
                "conditions": list(fund.conditions),
                "finance_share": _number(fund.finance_share),
            }
            for fund in regime.incentive_funds
        ],
        "capital": {"envelope_level": regime.envelope_level.value},
        "cash": {"bppc_target_pct": _number(regime.bppc_target_pct)},
        "workforce": {
            "agency_reduction_pct": _number(regime.agency_reduction_pct),
            "bank_reduction_pct": _number(regime.bank_reduction_pct),
        },
        "rag": {
            "target": regime.rag.target.value,
            "amber_margin_pct": str(regime.rag.amber_margin_pct),
        },
        "local_rules": list(regime.local_rules),
        "files": list(regime.files),
    }
