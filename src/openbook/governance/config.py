"""A system's bodies and escalation rules: loaded from YAML, versioned, read back."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from openbook.governance import store as governance
from openbook.governance.file import (
    GovernanceDefinition,
    definition_from_document,
    parse_governance,
)
from openbook.governance.model.governance import Body
from openbook.governance.model.rule_settings import RuleSettings
from openbook.governance.rule_registry import rule_providers
from openbook.kernel.access import Principal, can_define_governance
from openbook.kernel.audit import record_event
from openbook.kernel.clock import clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import DataIssue, ForbiddenError, InvalidDataError, NotFoundError
from openbook.kernel.input_limit import MAX_YAML_BYTES, read_file
from openbook.kernel.rule import ProviderSettings, RuleProvider
from openbook.reference import store as organisations


def load_governance_text(db: Database, text: str, source: str, by: Principal) -> int:
    """Check a governance file whole and store it as the system's next version (the system
    lead or an administrator)."""

    def work(session: Session) -> int:
        if not can_define_governance(by):
            raise ForbiddenError("only the system lead or an administrator may change the bodies")
        known = set(governance.list_user_contacts(session))
        definition, issues = parse_governance(text, source, known, rule_providers(db))
        if definition is None:
            raise InvalidDataError(f"{source} is not a valid governance file", issues)
        if organisations.get_system(session, definition.system_code) is None:
            raise InvalidDataError(
                f"{source} is not a valid governance file",
                [
                    DataIssue(
                        source, f"system {definition.system_code!r} is not known", column="$.system"
                    )
                ],
            )
        return record_governance(session, definition, source, by.username)

    return db.write(work)


def load_governance_file(db: Database, path: Path, by: Principal) -> int:
    data, issues = read_file(path, MAX_YAML_BYTES, "YAML file")
    try:
        text = None if data is None else data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        issues = [DataIssue(path.name, f"cannot be read as UTF-8 text: {error.reason}")]
        text = None
    if text is None:
        raise InvalidDataError(f"cannot read {path}", issues)
    return load_governance_text(db, text, path.name, by)


def record_governance(
    session: Session, definition: GovernanceDefinition, source: str, actor: str
) -> int:
    before = governance.get_config(session, definition.system_code)
    document = definition.as_document()
    version = governance.record_config(
        session, definition.system_code, document, source, actor, clock_of(session).now()
    )
    record_event(
        session,
        actor=actor,
        action="governance.loaded",
        entity="governance_config",
        entity_id=f"{definition.system_code}/v{version}",
        before=None if before is None else {"version": before.version},
        after=document,
    )
    return version


def get_definition_in(session: Session, system_code: str) -> GovernanceDefinition:
    row = governance.get_config(session, system_code)
    if row is None:
        raise NotFoundError(
            f"system {system_code} has no governance bodies",
            hint="load them: openbook governance load FILE.yaml",
        )
    return definition_from_document(row.document)


def get_definition(db: Database, system_code: str) -> GovernanceDefinition:
    with db.reading() as session:
        return get_definition_in(session, system_code)


def get_body(definition: GovernanceDefinition, code: str) -> Body:
    for body in definition.bodies:
        if body.code == code:
            return body
    known = ", ".join(b.code for b in definition.bodies)
    raise NotFoundError(f"{definition.system_code} has no body {code!r}", hint=f"bodies: {known}")


def get_provider_settings(
    db: Database, system_code: str, provider: RuleProvider
) -> ProviderSettings:
    """A rule provider's settings as the system chose them in its governance file; the
    defaults when the system has no governance file yet."""
    try:
        definition = get_definition(db, system_code)
    except NotFoundError:
        return RuleSettings().for_provider(provider)
    return definition.rules.for_provider(provider)
