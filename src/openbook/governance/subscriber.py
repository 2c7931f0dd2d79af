"""Governance's subscriptions: whenever the figures change (a submitted return, an enacted
proposal, a load of activity), the escalation rules are run again. Subscribed by the
composition root; runs after the change has committed, so a rule that fails can never undo
it; evaluation is idempotent, so running it often is safe."""

from __future__ import annotations

import logging

from openbook.finance.position_report import latest_month_with_returns
from openbook.governance import (
    enactment_decision,
    grant_notices,
    proposal_notices,
    reminder_notices,
)
from openbook.governance import store as governance
from openbook.governance.evaluate import evaluate_escalations
from openbook.governance.rule_registry import register_rule_providers
from openbook.governance.spc_notes import notes_in_force
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
    enactment_decision.wire(db)
    proposal_notices.wire(db)
    grant_notices.wire(db)
    reminder_notices.wire(db)


def on_figures_changed(db: Database, event: FiguresChanged) -> None:
    """Bring the escalations in step with the figures as they now stand: the rules are run
    on the latest month with figures (from the change's month on, that is the month whose
    conditions should be open), so each escalation's words describe that month and a change
    at M3 neither reopens what later months cleared nor leaves open what they resolved."""
    latest = latest_month_with_returns(db, event.system_code, event.financial_year)
    month = max(latest or event.from_month, event.from_month)
    reevaluate(db, event.system_code, event.financial_year, month)


def reevaluate(db: Database, system_code: str, year: FinancialYear, month: int) -> None:
    """Evaluate the month if the system has governance bodies; a system without them has
    nothing to escalate to."""
    with db.reading() as session:
        if governance.get_config(session, system_code) is None:
            return
    try:
        evaluate_escalations(db, system_code, year, month)
    except NotFoundError as error:  # e.g. no members in that year
        log.info("escalation rules not run for %s %s M%s: %s", system_code, year, month, error)
