"""Re-evaluating the escalation rules whenever the figures change: a submitted return, an
enacted proposal, a load of activity. Runs after the change has committed, so a rule that
fails can never undo the change; evaluation is idempotent, so running it often is safe."""

from __future__ import annotations

import logging
from datetime import date

from openbook.governance import store as governance
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.period import FinancialYear, period_of
from openbook.reference import store as organisations

log = logging.getLogger(__name__)


def reevaluate(db: Database, system_code: str, year: FinancialYear, month: int) -> None:
    """Evaluate the month if the system has governance bodies; a system without them has
    nothing to escalate to."""
    from openbook.governance.escalations import evaluate_escalations

    with db.reading() as session:
        if governance.get_config(session, system_code) is None:
            return
    try:
        evaluate_escalations(db, system_code, year, month)
    except NotFoundError as error:  # e.g. no members in that year
        log.info("escalation rules not run for %s %s M%s: %s", system_code, year, month, error)


def reevaluate_for_org(db: Database, org_code: str, year: FinancialYear, month: int) -> None:
    with db.reading() as session:
        system_code = organisations.get_member_system(session, org_code, year)
    if system_code is not None:
        reevaluate(db, system_code, year, month)


def reevaluate_for_activity(db: Database, provider_codes: tuple[str, ...], last: date) -> None:
    """After an activity load: each system of the providers, at the latest month loaded."""
    year, month = period_of(last)
    with db.reading() as session:
        systems = {
            system
            for code in provider_codes
            if (system := organisations.get_member_system(session, code, year)) is not None
        }
    for system_code in sorted(systems):
        reevaluate(db, system_code, year, month)
