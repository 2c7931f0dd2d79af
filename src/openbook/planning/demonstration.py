"""The Dorset demonstration as a document (`openbook plan bridge --dorset`, the bridge page):
the seed's 2020/21 bridge for the acute providers and the health economy, labelled with its
source, and what the acute bridge implies for each trust."""

from __future__ import annotations

import json
from typing import Any

from openbook.kernel.money import money_str
from openbook.planning import dorset
from openbook.planning.file import parse_scenario
from openbook.planning.model.bridge import bridge_total
from openbook.planning.report import bridge_document, percent_number

TRUST_NOTE = (
    "Each trust's share is illustrative: the acute bridge apportioned by the trusts' base-year "
    "expenditure (pay and non-pay) in the demonstration's synthetic Dorset scenario, not in the "
    "seed. 'Savings % implied' is the trust's provider efficiencies and unidentified remainder "
    "as a % of that expenditure; ! marks more than the achievable 4%."
)


def demonstration_expenditure() -> dict[str, Any]:
    scenario, issues = parse_scenario(json.loads(dorset.scenario_text()), dorset.SCENARIO_FILE)
    assert scenario is not None, issues  # packaged with openbook and tested
    return dorset.acute_expenditure(
        [(p.org_code, p.kind, p.pay + p.non_pay) for p in scenario.organisations]
    )


def dorset_document(with_funding_and_programme: bool = False) -> dict[str, Any]:
    acute = dorset.acute_bridge(with_funding_and_programme)
    system = dorset.system_bridge(with_funding_and_programme)
    trusts = dorset.implications(acute, demonstration_expenditure())
    return {
        "financial_year": dorset.YEAR,
        "source": dorset.SOURCE,
        "note": acute.note,
        "stated_unidentified": money_str(dorset.STATED_UNIDENTIFIED),
        "bridges": [
            {"name": b.name, "gap": money_str(b.gap), "bridge": bridge_document(b.steps)}
            for b in (system, acute)
        ],
        "trusts": [
            {
                "org_code": t.org_code,
                "expenditure": money_str(t.expenditure),
                "share": percent_number(t.share),
                "gap": money_str(bridge_total(t.steps)),
                "bridge": bridge_document(t.steps),
                "cip_pct_implied": percent_number(t.cip_pct_implied),
                "above_threshold": t.above_threshold,
            }
            for t in trusts
        ],
        "trust_note": TRUST_NOTE,
    }
