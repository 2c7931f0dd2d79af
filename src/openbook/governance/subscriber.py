"""Governance's subscriptions: whenever the figures change (a submitted return, an enacted
proposal, a load of activity), the escalation rules are run again. Subscribed by the
composition root; runs after the change has committed, so a rule that fails can never undo
it; evaluation is idempotent, so running it often is safe. With escalations in the
background (governance/escalation_jobs.py) the run is queued as a job instead, and this
module's job function runs it on whichever process claims it."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from openbook.finance.position_report import latest_month_with_returns
from openbook.governance import (
    enactment_decision,
    grant_notices,
    proposal_notices,
    reminder_notices,
)
from openbook.governance import store as governance
from openbook.governance.escalation_jobs import KIND, queue_reevaluation
from openbook.governance.evaluate import EvaluationResult, evaluate_escalations
from openbook.governance.rule_registry import register_rule_providers
from openbook.governance.spc_notes import notes_in_force
from openbook.jobs import registry
from openbook.kernel.chart_note import attach_chart_notes
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.event import FiguresChanged
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import RuleProvider

log = logging.getLogger(__name__)


def wire(db: Database, providers: tuple[RuleProvider, ...]) -> None:
    """Attach every feature's rule providers to the store and subscribe to new figures."""
    register_rule_providers(db, providers)
    attach_chart_notes(db, notes_in_force)  # every SPC chart reads its notes through this
    db.events.subscribe(FiguresChanged, lambda event: on_figures_changed(db, event))
    registry.register_on_store(KIND, run_escalation_job)
    enactment_decision.wire(db)
    proposal_notices.wire(db)
    grant_notices.wire(db)
    reminder_notices.wire(db)


def on_figures_changed(db: Database, event: FiguresChanged) -> None:
    """Bring the escalations in step with the figures as they now stand: the rules are run
    on the latest month with figures (from the change's month on, that is the month whose
    conditions should be open), so each escalation's words describe that month and a change
    at M3 neither reopens what later months cleared nor leaves open what they resolved.
    In the background, the run is queued (one job per system, year and month)."""
    latest = latest_month_with_returns(db, event.system_code, event.financial_year)
    month = max(latest or event.from_month, event.from_month)
    if not has_governance(db, event.system_code):
        return  # a system without bodies has nothing to escalate to
    if not queue_reevaluation(db, event.system_code, event.financial_year, month):
        reevaluate(db, event.system_code, event.financial_year, month)


def has_governance(db: Database, system_code: str) -> bool:
    with db.reading() as session:
        return governance.get_config(session, system_code) is not None


def reevaluate(
    db: Database, system_code: str, year: FinancialYear, month: int
) -> EvaluationResult | None:
    """Evaluate the month if the system has governance bodies; a system without them has
    nothing to escalate to."""
    if not has_governance(db, system_code):
        return None
    try:
        return evaluate_escalations(db, system_code, year, month)
    except NotFoundError as error:  # e.g. no members in that year
        log.info("escalation rules not run for %s %s M%s: %s", system_code, year, month, error)
        return None


def run_escalation_job(
    db: Database, parameters: dict[str, Any], progress: registry.Progress
) -> dict[str, Any]:
    """A queued run (escalation_jobs.KIND), from its stored parameters alone: what the
    rules raised, reopened, cleared and left open."""
    progress(0, 1)
    result = reevaluate(
        db, str(parameters["system"]), FinancialYear.parse(parameters["year"]),
        int(parameters["month"]),
    )  # fmt: skip
    progress(1, 1)
    return {"evaluated": result is not None, **(asdict(result) if result else {})}
