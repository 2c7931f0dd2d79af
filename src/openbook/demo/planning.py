"""The demonstration's medium-term plans: the Dorset scenario (flat cash in 2018/19, then
+1%) stored as a working paper, and a copy with flat cash throughout, so the planning pages
open on plans to compare, share and download. Synthetic figures, labelled in the file."""

from __future__ import annotations

import json

from openbook.kernel.access import Principal
from openbook.kernel.database import Database
from openbook.planning import record
from openbook.planning.dorset import SCENARIO_FILE, scenario_text

PLAN = "Dorset demonstration: flat cash in 2018/19, then +1%"
FLAT_CASH = "Dorset demonstration: flat cash throughout"
FLAT_UPLIFT = {"uplift_pct": 0}


def record_demo_plans(db: Database, planner: Principal) -> list[str]:
    """Store the two plans (each an audited version); their names."""
    document = {**json.loads(scenario_text()), "name": PLAN}
    stored = record.record_scenario(
        db, planner, document, SCENARIO_FILE, "the demonstration's plan"
    )
    record.copy_scenario(db, planner, stored.name, FLAT_CASH, "what if the uplift never comes")
    record.amend_assumptions(db, planner, FLAT_CASH, FLAT_UPLIFT, "no uplift in any year")
    return [stored.name, FLAT_CASH]
