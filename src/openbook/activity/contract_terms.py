"""Recording aligned payment contract terms and a system's elective value target: each a
new version, checked first, audited in the same transaction, by the system lead or an
administrator."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from openbook.activity import store as activity
from openbook.activity.model.aligned_payment import ContractTerms, check_terms
from openbook.kernel.access import Principal, can_manage_reference
from openbook.kernel.audit import record_event
from openbook.kernel.clock import clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import DataIssue, ForbiddenError, InvalidDataError, NotFoundError
from openbook.kernel.period import FinancialYear
from openbook.reference import contract_store
from openbook.reference import store as organisations
from openbook.reference.model.contract import ContractType

MAX_TARGET = Decimal(200)


def _terms_dict(terms: ContractTerms) -> dict[str, str]:
    return {
        "fixed_element": str(terms.fixed_element),
        "elective_baseline": str(terms.elective_baseline),
        "variable_rate": str(terms.variable_rate),
        "low_value_threshold": str(terms.low_value_threshold),
    }


def record_contract_terms(
    db: Database, terms: ContractTerms, reason: str, by: Principal
) -> ContractTerms:
    """A new version of the terms of an aligned payment contract held for the year."""
    where = f"{terms.commissioner_code}-{terms.provider_code} {terms.financial_year.label}"
    problems = check_terms(terms)
    if not reason.strip():
        problems.append("reason is empty; say why the terms are set or changed")
    if problems:
        issues = [DataIssue(where, problem) for problem in problems]
        raise InvalidDataError(f"the terms of {where} are not valid", issues)
    with db.transaction() as session:
        if not can_manage_reference(by):
            raise ForbiddenError("only the system lead or an administrator may set contract terms")
        contracts = contract_store.list_contracts(
            session, terms.financial_year, terms.provider_code
        )
        held = [c for c in contracts if c.commissioner_code == terms.commissioner_code]
        if not held:
            raise NotFoundError(f"no contract {where} is held: record the contract first")
        if held[0].contract_type is not ContractType.ALIGNED_PAYMENT:
            raise InvalidDataError(
                f"the contract {where} is {held[0].contract_type.value}, not aligned payment",
                [DataIssue(where, "terms are for aligned payment and incentive contracts")],
            )
        return store_contract_terms(session, terms, reason.strip(), by.username)


def store_contract_terms(
    session: Session, terms: ContractTerms, reason: str, actor: str
) -> ContractTerms:
    """A new version of the terms and its audit event, in the caller's transaction."""
    where = f"{terms.commissioner_code}-{terms.provider_code} {terms.financial_year.label}"
    before = activity.list_terms(session, terms.financial_year, [terms.provider_code])
    previous = next((t for t in before if t.commissioner_code == terms.commissioner_code), None)
    stored = activity.record_terms(session, terms, reason, actor, clock_of(session).now())
    record_event(
        session,
        actor=actor,
        action="activity.contract_terms.recorded",
        entity="activity_contract_terms",
        entity_id=f"{where}/v{stored.version}",
        before=None if previous is None else _terms_dict(previous),
        after=_terms_dict(stored),
        reason=reason,
    )
    return stored


def list_contract_terms(
    db: Database, year: FinancialYear, provider_code: str | None = None
) -> list[ContractTerms]:
    with db.reading() as session:
        return activity.list_terms(
            session, year, None if provider_code is None else [provider_code]
        )


def record_elective_target(
    db: Database,
    system_code: str,
    year: FinancialYear,
    percent: Decimal,
    source: str,
    by: Principal,
) -> int:
    """A new version of the system's elective value target, % of 2019/20; returns it."""
    where = f"{system_code} {year.label}"
    problems = []
    if not 0 < percent <= MAX_TARGET:
        problems.append(f"target is {percent}%; expected a % above 0 and at most {MAX_TARGET}")
    if not source.strip():
        problems.append("source is empty; name the plan or guidance the target comes from")
    if problems:
        raise InvalidDataError(
            f"the elective value target for {where} is not valid",
            [DataIssue(where, problem) for problem in problems],
        )
    with db.transaction() as session:
        if not can_manage_reference(by):
            raise ForbiddenError("only the system lead or an administrator may set targets")
        if organisations.get_system(session, system_code) is None:
            raise NotFoundError(f"there is no system {system_code}")
        before = activity.get_elective_target(session, system_code, year)
        version = activity.record_elective_target(
            session, system_code, year, percent, source.strip(), by.username,
            clock_of(session).now(),
        )  # fmt: skip
        record_event(
            session,
            actor=by.username,
            action="activity.elective_target.recorded",
            entity="activity_elective_target",
            entity_id=f"{where}/v{version}",
            before=None if before is None else {"percent": str(before[0]), "source": before[1]},
            after={"percent": str(percent), "source": source.strip()},
        )
        return version
