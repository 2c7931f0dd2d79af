"""Loading the passport register into the store (the use case): all or nothing, every
problem at once with its line and YAML path, a new version only when something changed,
audited in the same transaction, and the escalation rules told the figures changed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from openbook.kernel import access
from openbook.kernel.access import Principal
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import DataIssue, ForbiddenError, InvalidDataError
from openbook.kernel.event import FiguresChanged, publish
from openbook.kernel.input_limit import MAX_YAML_BYTES, read_file
from openbook.kernel.period import FinancialYear
from openbook.kernel.yaml_reader import parse_yaml
from openbook.reference import store as organisations
from openbook.workforce import store
from openbook.workforce.file.register import parse_register
from openbook.workforce.file.yaml_lines import with_lines
from openbook.workforce.model.passport import Register


@dataclass(frozen=True)
class PassportLoad:
    register: Register
    version: int
    created: bool  # False when identical to the version in force


def parse_passport(data: bytes, source: str) -> tuple[Register | None, list[DataIssue]]:
    """A register from a YAML file's bytes; None and every problem (line and path) if not."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [
            DataIssue(
                source,
                f"cannot be read as UTF-8 text (byte {error.start:,})",
                expected="a YAML register in UTF-8",
            )
        ]
    parsed, issues = parse_yaml(text, source)
    if issues:
        return None, issues
    register, issues = parse_register(parsed, source)
    return register, with_lines(text, issues)


def summary(register: Register) -> dict[str, object]:
    """What the audit log records of a version: its counts and its content's hash."""
    return {
        "people": len(register.people),
        "credentials": len(register.credentials),
        "rules": len(register.rules),
        "moves": len(register.moves),
        "sites": len(register.sites),
        "synthetic": register.synthetic,
        "content_hash": content_hash(register),
    }


def content_hash(register: Register) -> str:
    text = json.dumps(asdict(register), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def can_load_passport(user: Principal) -> bool:
    """The register is the county's: its administrators and the system lead load it."""
    return access.can_administer(user) or access.can_propose(user)


def store_passport(
    session: Session, register: Register, source: str, actor: str, at: datetime
) -> PassportLoad:
    """Append a version unless identical to the one in force, inside the caller's
    transaction (the demonstration builder calls this directly)."""
    digest = content_hash(register)
    latest = store.get_passport(session)
    if latest is not None and latest.version.content_hash == digest:
        return PassportLoad(latest.register, latest.version.version, created=False)
    version = store.record_passport(
        session, register, source=source, content_hash=digest, by=actor, at=at
    )
    record_event(
        session,
        actor=actor,
        action="passport.loaded",
        entity="passport",
        entity_id=f"v{version}",
        before=None if latest is None else summary(latest.register),
        after=summary(register),
        reason=source,
    )
    _tell_rules(session, register, at)
    return PassportLoad(register, version, created=True)


def _tell_rules(session: Session, register: Register, at: datetime) -> None:
    year = FinancialYear.containing(at.date())
    month = (at.month - 4) % 12 + 1
    orgs = {s.org_code for s in register.sites} | {p.org_code for p in register.people}
    systems = {organisations.get_member_system(session, org, year) for org in sorted(orgs)}
    for system_code in sorted(s for s in systems if s):
        publish(session, FiguresChanged(system_code, year, month, "passport register"))


def load_passport(db: Database, data: bytes, source: str, by: Principal) -> PassportLoad:
    """Check the whole register, then store it as `by` (all or nothing)."""
    if not can_load_passport(by):
        raise ForbiddenError(
            f"{by.username} cannot load the passport register",
            hint="an administrator or the system lead loads it",
        )
    register, issues = parse_passport(data, source)
    if register is None:
        raise InvalidDataError(f"{source} is not a valid passport register", issues)
    with db.transaction() as session:
        return store_passport(session, register, source, by.username, db.clock.now())


def read_register_file(path: Path) -> tuple[bytes, str]:
    data, issues = read_file(path, MAX_YAML_BYTES, "YAML file")
    if data is None:
        raise InvalidDataError(f"cannot read {path}", issues)
    return data, path.name
