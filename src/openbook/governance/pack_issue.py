"""Packs as issued: issuing a body's pack for a meeting freezes its PDF, HTML and XLSX with
their SHA-256 and the moment the figures were taken at; an issued pack is served as stored
and never regenerated. Before issue, the pack is a draft built on demand."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from openbook.governance.config import get_body, get_definition
from openbook.governance.model.board_pack import BoardPack
from openbook.governance.model.governance import Body
from openbook.governance.pack import build_board_pack, render_board_pack, why_no_pack
from openbook.governance.tables import IssuedPackRow
from openbook.kernel.access import Principal, can_record_decision
from openbook.kernel.audit import record_event
from openbook.kernel.audit_log import record_anchor
from openbook.kernel.clock import aware
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError, OpenbookError

LOG = logging.getLogger(__name__)
PACK_FORMATS = ("pdf", "html", "xlsx")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class IssuedPack:
    body_code: str
    meeting_date: date
    file_format: str
    financial_year: str
    month: int
    sha256: str
    size: int
    as_at: datetime
    issued_at: datetime
    issued_by: str

    @property
    def period_label(self) -> str:
        return f"M{self.month} {self.financial_year}"

    def as_dict(self) -> dict[str, object]:
        return {
            "body_code": self.body_code,
            "meeting_date": self.meeting_date.isoformat(),
            "format": self.file_format,
            "figures_to": self.period_label,
            "sha256": self.sha256,
            "bytes": self.size,
            "as_at": self.as_at.isoformat(),
            "issued_at": self.issued_at.isoformat(),
            "issued_by": self.issued_by,
        }


def _issued(row: IssuedPackRow) -> IssuedPack:
    return IssuedPack(
        row.body_code,
        row.meeting_date,
        row.file_format,
        row.financial_year,
        row.month,
        row.sha256,
        len(row.content),
        aware(row.as_at),
        aware(row.issued_at),
        row.issued_by,
    )


def issue_pack(
    db: Database,
    system_code: str,
    body_code: str,
    meeting_date: date,
    by: Principal,
    as_at: datetime | None = None,
) -> list[IssuedPack]:
    """Freeze the pack for a meeting in every format, audited; a pack is issued once."""
    definition = get_definition(db, system_code)
    body = get_body(definition, body_code)
    if not can_record_decision(by, body.chair):
        raise ForbiddenError(f"only the chair of {body.name} or the system lead may issue its pack")
    reason = why_no_pack(db, system_code, meeting_date)
    if reason is not None:
        raise OpenbookError(reason)
    now = db.clock.now()
    taken_at = min(as_at or now, now)
    stamp = f"issued {now:%-d %B %Y %H:%M} UTC by {by.username}"
    pack = build_board_pack(db, system_code, body_code, meeting_date, as_at=taken_at, issued=stamp)
    files = {fmt: render_board_pack(pack, f".{fmt}") for fmt in PACK_FORMATS}
    issued = _store_issued(db, system_code, body, meeting_date, by, pack, files, taken_at, now)
    _anchor_after_issue(db)
    return issued


def _anchor_after_issue(db: Database) -> None:
    """Anchor the head, which now includes the pack.issued event and the files' hashes.
    The pack is issued whatever happens here; a failed anchor is logged for the operator."""
    try:
        record_anchor(db)
    except (OSError, SQLAlchemyError) as error:
        LOG.warning("the pack was issued but its audit anchor was not recorded: %s", error)


def _store_issued(
    db: Database,
    system_code: str,
    body: Body,
    meeting_date: date,
    by: Principal,
    pack: BoardPack,
    files: dict[str, bytes],
    taken_at: datetime,
    now: datetime,
) -> list[IssuedPack]:
    body_code = body.code
    with db.transaction() as session:
        already = session.scalars(
            select(IssuedPackRow).where(
                IssuedPackRow.system_code == system_code,
                IssuedPackRow.body_code == body_code,
                IssuedPackRow.meeting_date == meeting_date,
            )
        ).first()
        if already is not None:
            raise ConflictError(
                f"the pack for {body.name} on {meeting_date:%-d %B %Y} was issued on "
                f"{aware(already.issued_at):%-d %B %Y %H:%M} by {already.issued_by}",
                hint="an issued pack is never regenerated; download the issued copy",
            )
        rows = [
            IssuedPackRow(
                system_code=system_code,
                body_code=body_code,
                meeting_date=meeting_date,
                file_format=fmt,
                financial_year=pack.financial_year,
                month=pack.month,
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
                as_at=taken_at,
                issued_at=now,
                issued_by=by.username,
            )
            for fmt, content in files.items()
        ]
        session.add_all(rows)
        session.flush()
        record_event(
            session,
            actor=by.username,
            action="pack.issued",
            entity="pack",
            entity_id=f"{system_code}/{body_code}/{meeting_date.isoformat()}",
            before=None,
            after={
                "figures_to": pack.period_label,
                "as_at": taken_at.isoformat(),
                "sha256": {row.file_format: row.sha256 for row in rows},
            },
            reason=f"pack for the meeting of {meeting_date.isoformat()}",
        )
        return [_issued(row) for row in rows]


def list_issued_packs(
    db: Database, system_code: str, body_code: str | None = None
) -> list[IssuedPack]:
    """Every issued pack file, newest meeting first."""
    query = select(IssuedPackRow).where(IssuedPackRow.system_code == system_code)
    if body_code is not None:
        query = query.where(IssuedPackRow.body_code == body_code)
    query = query.order_by(
        IssuedPackRow.meeting_date.desc(), IssuedPackRow.body_code, IssuedPackRow.file_format
    )
    with db.reading() as session:
        return [_issued(row) for row in session.scalars(query)]


def get_issued_file(
    db: Database, system_code: str, body_code: str, meeting_date: date, file_format: str
) -> tuple[IssuedPack, bytes] | None:
    with db.reading() as session:
        row = session.scalars(
            select(IssuedPackRow).where(
                IssuedPackRow.system_code == system_code,
                IssuedPackRow.body_code == body_code,
                IssuedPackRow.meeting_date == meeting_date,
                IssuedPackRow.file_format == file_format,
            )
        ).first()
        return None if row is None else (_issued(row), row.content)


def pack_file(
    db: Database, system_code: str, body_code: str, meeting_date: date, file_format: str
) -> tuple[bytes, IssuedPack | None]:
    """The issued copy if the pack was issued, else a draft built now."""
    if file_format not in PACK_FORMATS:
        raise OpenbookError(f"a pack is a .pdf, .html or .xlsx file, not .{file_format}")
    issued = get_issued_file(db, system_code, body_code, meeting_date, file_format)
    if issued is not None:
        return issued[1], issued[0]
    reason = why_no_pack(db, system_code, meeting_date)
    if reason is not None:
        raise OpenbookError(reason)
    pack = build_board_pack(db, system_code, body_code, meeting_date)
    return render_board_pack(pack, f".{file_format}"), None
