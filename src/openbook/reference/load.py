"""Loading a system definition file: all of it, audited, or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openbook.kernel.access import Principal, can_manage_reference
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, InvalidDataError
from openbook.reference import contract_store
from openbook.reference import record as reference
from openbook.reference import store as organisations
from openbook.reference.file import load_system_definition


@dataclass(frozen=True)
class LoadSummary:
    system_code: str
    organisations: int
    memberships: int
    control_totals_changed: int
    contracts: int
    allocations: int


def load_system_file(db: Database, path: Path, by: Principal) -> LoadSummary:
    """Validate the whole file, then record it in one transaction.

    Loading the same file again changes nothing that is already so: a control total is
    only versioned when its amount differs from the one in force."""
    actor = by.username
    with db.transaction() as session:
        if not can_manage_reference(by):
            raise ForbiddenError("only the system lead or an administrator may load a system")
        known = {org.org_code for org in organisations.list_organisations(session)}
        definition, issues = load_system_definition(path, known)
        if definition is None:
            raise InvalidDataError(f"{path.name} is not a valid system definition", issues)
        reference.record_system(session, definition.system, actor)
        if definition.settings is not None:
            before = organisations.get_system_settings(session, definition.system.system_code)
            organisations.record_system_settings(
                session, definition.system.system_code, definition.settings
            )
            record_event(
                session,
                actor=actor,
                action="system.settings_recorded",
                entity="system",
                entity_id=definition.system.system_code,
                before=before.as_document(),
                after=definition.settings.as_document(),
                reason=f"Loaded from {path.name}",
            )
        for org in definition.organisations:
            reference.record_organisation(session, org, actor)
        for membership in definition.memberships:
            reference.record_membership(session, membership, actor)
        changed = 0
        for org_code, year, amount in definition.control_totals:
            current = organisations.get_current_control_totals(session, [org_code], year)
            if org_code not in current or current[org_code].amount != amount:
                reference.record_control_total(
                    session, org_code, year, amount, f"Loaded from {path.name}", None, actor
                )
                changed += 1
        for contract in definition.contracts:
            existing = contract_store.list_contracts(
                session, contract.financial_year, contract.provider_code
            )
            if contract not in existing:
                reference.record_contract(session, contract, actor)
        for allocation in definition.allocations:
            reference.record_allocation(session, allocation, actor)
    return LoadSummary(
        definition.system.system_code,
        len(definition.organisations),
        len(definition.memberships),
        changed,
        len(definition.contracts),
        len(definition.allocations),
    )
