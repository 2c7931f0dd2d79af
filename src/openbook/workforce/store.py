"""The stored passport: the only SQL of the workforce feature. Each version is a whole
register; reading one rebuilds the model's `Register`, so eligibility is computed exactly as
from the file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openbook.workforce.model.passport import (
    AcceptanceRule,
    Credential,
    CredentialKind,
    MoveAgreement,
    Person,
    Register,
    Site,
)
from openbook.workforce.tables import (
    PassportCredentialRow,
    PassportMoveRow,
    PassportPersonRow,
    PassportRuleRow,
    PassportSiteRow,
    PassportVersionRow,
)


@dataclass(frozen=True)
class PassportVersion:
    version: int
    source: str
    content_hash: str
    synthetic: bool
    loaded_at: datetime
    loaded_by: str


@dataclass(frozen=True)
class StoredPassport:
    register: Register
    version: PassportVersion


def _version(row: PassportVersionRow) -> PassportVersion:
    return PassportVersion(
        row.version, row.source, row.content_hash, row.synthetic, row.loaded_at, row.loaded_by
    )


def record_passport(
    session: Session, register: Register, *, source: str, content_hash: str, by: str, at: datetime
) -> int:
    """Store the whole register as a new version (one more than the highest); its number."""
    highest = session.scalar(select(func.max(PassportVersionRow.version)))
    row = PassportVersionRow(
        version=(highest or 0) + 1,
        source=source[:255],
        content_hash=content_hash,
        synthetic=register.synthetic,
        loaded_at=at,
        loaded_by=by,
    )
    session.add(row)
    session.flush()
    vid = row.id
    session.add_all(
        PassportSiteRow(version_id=vid, site=s.site, org_code=s.org_code, name=s.name)
        for s in register.sites
    )
    session.add_all(
        PassportPersonRow(
            version_id=vid,
            person_id=p.person_id,
            name=p.name,
            org_code=p.org_code,
            role=p.role,
            manager=p.manager,
        )
        for p in register.people
    )
    session.add_all(
        PassportCredentialRow(
            version_id=vid,
            person_id=c.person_id,
            check_name=c.check,
            kind=c.kind.value,
            issuer=c.issuer,
            valid_from=c.valid_from,
            valid_to=c.valid_to,
            evidence_ref=c.evidence_ref,
        )
        for c in register.credentials
    )
    session.add_all(
        PassportRuleRow(
            version_id=vid,
            position=i,
            org_code=r.org_code,
            site=r.site,
            service=r.service,
            requires="\n".join(r.requires),
        )
        for i, r in enumerate(register.rules)
    )
    session.add_all(
        PassportMoveRow(
            version_id=vid,
            agreement_id=m.agreement_id,
            person_id=m.person_id,
            from_org=m.from_org,
            to_org=m.to_org,
            start=m.start,
            end=m.end,
            recharge_percent=m.recharge_percent,
            terms=m.terms,
        )
        for m in register.moves
    )
    session.flush()
    return row.version


Part = TypeVar(
    "Part",
    PassportSiteRow,
    PassportPersonRow,
    PassportCredentialRow,
    PassportRuleRow,
    PassportMoveRow,
)


def _rows(session: Session, table: type[Part], version_id: int) -> list[Part]:
    query = select(table).where(table.version_id == version_id).order_by(table.id)
    return list(session.scalars(query))


def _register(session: Session, row: PassportVersionRow) -> Register:
    def rows(table: type[Part]) -> list[Part]:
        return _rows(session, table, row.id)

    return Register(
        sites=tuple(Site(s.site, s.org_code, s.name) for s in rows(PassportSiteRow)),
        people=tuple(
            Person(p.person_id, p.name, p.org_code, p.role, p.manager)
            for p in rows(PassportPersonRow)
        ),
        credentials=tuple(
            Credential(
                c.person_id,
                c.check_name,
                CredentialKind(c.kind),
                c.issuer,
                c.valid_from,
                c.valid_to,
                c.evidence_ref,
            )
            for c in rows(PassportCredentialRow)
        ),
        rules=tuple(
            AcceptanceRule(
                r.org_code, tuple(r.requires.split("\n")) if r.requires else (), r.site, r.service
            )
            for r in sorted(rows(PassportRuleRow), key=lambda r: r.position)
        ),
        moves=tuple(
            MoveAgreement(
                m.agreement_id,
                m.person_id,
                m.from_org,
                m.to_org,
                m.start,
                m.end,
                m.recharge_percent.normalize(),
                m.terms,
            )
            for m in rows(PassportMoveRow)
        ),
        synthetic=row.synthetic,
    )


def _version_row(session: Session, version: int | None) -> PassportVersionRow | None:
    query = select(PassportVersionRow)
    if version is None:
        query = query.order_by(PassportVersionRow.version.desc()).limit(1)
    else:
        query = query.where(PassportVersionRow.version == version)
    return session.scalars(query).first()


def get_passport(session: Session, version: int | None = None) -> StoredPassport | None:
    """The version in force (the highest), or the one asked for; None if none is stored."""
    row = _version_row(session, version)
    return None if row is None else StoredPassport(_register(session, row), _version(row))


def list_versions(session: Session) -> list[PassportVersion]:
    rows = session.scalars(select(PassportVersionRow).order_by(PassportVersionRow.version))
    return [_version(row) for row in rows]
