"""The composition root: every feature, wired together on a store.

The shells (`openbook.web.app`, `openbook.cli`) and the tests open stores through here, so
each store gets every feature's tables and migrations, and governance is subscribed to the
events and rule providers of the others. A new feature is one line in `FEATURES`.
"""

from __future__ import annotations

from openbook.accounts.feature import FEATURE as ACCOUNTS
from openbook.activity.feature import FEATURE as ACTIVITY
from openbook.config import Settings
from openbook.finance.feature import FEATURE as FINANCE
from openbook.finance.position_report import POSITION_ADDITIONS
from openbook.governance.escalation_jobs import Submits, check_mode, run_in_background
from openbook.governance.feature import FEATURE as GOVERNANCE
from openbook.governance.outbox import OutboxPolicy
from openbook.jobs.feature import FEATURE as JOBS
from openbook.kernel.audit_anchor import (
    AnchorTarget,
    DatabaseAnchors,
    FileAnchors,
    attach_anchor_targets,
)
from openbook.kernel.audit_deep import attach_state_checks
from openbook.kernel.clock import Clock
from openbook.kernel.database import (
    MIGRATION_LOCATIONS,
    Database,
    initialise_store,
    is_store_current,
    is_store_up_to_date,
    redact_url,
)
from openbook.kernel.error import OpenbookError
from openbook.kernel.feature import Feature
from openbook.kernel.rule import RuleProvider
from openbook.planning.feature import FEATURE as PLANNING
from openbook.planning.programme_mitigation import PROGRAMME_SAVINGS
from openbook.programme.benefit_spc import QUALITY_SERIES_READER as PROGRAMME_QUALITY_SERIES
from openbook.programme.feature import FEATURE as PROGRAMME
from openbook.programme.load import get_planned_savings
from openbook.programme.measure import QUALITY_READER as PROGRAMME_QUALITY_READER
from openbook.programme.position import read_position_additions
from openbook.quality.feature import FEATURE as QUALITY
from openbook.quality.year_value import get_month_values as get_quality_month_values
from openbook.quality.year_value import get_year_value as get_quality_year_value
from openbook.rebalancing.feature import FEATURE as REBALANCING
from openbook.reference.feature import FEATURE as REFERENCE
from openbook.regime.feature import FEATURE as REGIME
from openbook.workforce.feature import FEATURE as WORKFORCE

FEATURES: tuple[Feature, ...] = (
    REFERENCE,
    ACCOUNTS,
    FINANCE,
    REBALANCING,
    ACTIVITY,
    QUALITY,
    GOVERNANCE,
    PLANNING,
    WORKFORCE,
    REGIME,
    PROGRAMME,
    JOBS,
)


def rule_providers() -> tuple[RuleProvider, ...]:
    return tuple(provider for feature in FEATURES for provider in feature.rule_providers)


def compose(db: Database) -> Database:
    """Wire every feature onto a store (once per store)."""
    if db.extensions.get("composed"):
        return db
    providers = rule_providers()
    db.extensions[MIGRATION_LOCATIONS] = tuple(f.migrations for f in FEATURES if f.migrations)
    attach_state_checks(db, [check for f in FEATURES for check in f.state_checks])
    for feature in FEATURES:
        if feature.wire is not None:
            feature.wire(db, providers)
    db.extensions[PROGRAMME_QUALITY_READER] = get_quality_year_value
    db.extensions[POSITION_ADDITIONS] = read_position_additions  # programme investment
    db.extensions[PROGRAMME_QUALITY_SERIES] = get_quality_month_values
    db.extensions[PROGRAMME_SAVINGS] = get_planned_savings  # the bridge's programme benefits
    db.extensions["composed"] = True
    return db


def open_store(url: str, migrate: bool = False, clock: Clock | None = None) -> Database:
    """A wired store for `url`, at the current schema.

    The embedded default (the shells pass `migrate=settings.uses_default_store`) is brought
    up to date automatically; any other store must be migrated deliberately with
    `openbook init` (production schema changes are a decision, not a side effect).
    """
    db = compose(Database.from_url(url, clock))
    if migrate:
        if not is_store_up_to_date(db):  # Alembic only when there is something to apply
            initialise_store(db)
    elif not is_store_current(db):
        raise OpenbookError(
            f"the store at {redact_url(url)} is not at the current schema",
            hint="run 'openbook init' to apply the migrations",
        )
    return db


def from_url(url: str, clock: Clock | None = None) -> Database:
    """A wired store without any migration check (tests, benchmarks)."""
    return compose(Database.from_url(url, clock))


def anchor_targets_of(settings: Settings, database_url: str | None = None) -> list[AnchorTarget]:
    """Where the audit chain's head is anchored: the anchor file, and the anchor database
    if one is configured (or given)."""
    targets: list[AnchorTarget] = [FileAnchors(settings.anchor_path())]
    url = database_url or settings.anchor_database_url
    if url:
        targets.append(DatabaseAnchors(url))
    return targets


def with_anchors(db: Database, settings: Settings) -> Database:
    """The store, anchoring its head where the settings say when a pack is issued."""
    attach_anchor_targets(db, anchor_targets_of(settings))
    return db


def with_regime_dir(db: Database, settings: Settings) -> Database:
    """The store, reading a system's own regime rules (OPENBOOK_REGIME_DIR) in every feature
    that reads the year's regime (escalation rules, rebalancing, board packs)."""
    if settings.regime_dir:
        from pathlib import Path

        from openbook.regime.rules import RULES_DIR

        db.extensions[RULES_DIR] = Path(settings.regime_dir)
    return db


def with_escalation_jobs(db: Database, settings: Settings, queue: Submits) -> Database:
    """The store, running the escalation rules where OPENBOOK_ESCALATIONS says: in the
    request (inline) or as jobs on `queue`, this web process's job queue (background)."""
    background = check_mode(settings.escalations) == "background"
    run_in_background(db, queue if background else None)
    return db


def outbox_policy(settings: Settings) -> OutboxPolicy:
    """How the email outbox is sent, from the OPENBOOK_SMTP_TIMEOUT and OPENBOOK_MAIL_*
    settings (the web app's sender and `openbook mail`)."""
    return OutboxPolicy(
        timeout_seconds=settings.smtp_timeout,
        max_attempts=settings.mail_max_attempts,
        retry_seconds=settings.mail_retry_seconds,
    )
