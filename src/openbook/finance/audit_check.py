"""Deep verification of finance returns: every version in the table against the
`return.submitted` event that wrote it. The figures are hashed again from the return's own
lines and risks, so an amount changed in `return_line` shows even when `content_hash` was
left alone (or was changed to match: the event keeps the hash the submission had).

Reads its tables directly: a check that goes round the store's own functions would trust
what it is meant to check."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.finance import store as returns
from openbook.finance.tables import FinanceReturnRow
from openbook.kernel.audit_deep import AuditedEvent, StateDifference, of_action
from openbook.kernel.period import FinancialYear

Key = tuple[str, str, int, int]  # org_code, year label, month, version


def _key(entity_id: str) -> Key:
    """'RD3/2017/18/M6/v2' → ('RD3', '2017/18', 6, 2)."""
    org_code, rest = entity_id.split("/", 1)
    year, month, version = rest.rsplit("/", 2)
    return org_code, year, int(month.removeprefix("M")), int(version.removeprefix("v"))


def _label(key: Key) -> str:
    return f"{key[0]} {key[1]} M{key[2]} v{key[3]}"


class ReturnCheck:
    name = "return versions"

    def __call__(self, session: Session, events: Sequence[AuditedEvent]) -> list[StateDifference]:
        recorded = {
            _key(event.entity_id): str((event.after or {}).get("content_hash"))
            for event in of_action(events, "return.submitted")
        }
        rows = session.scalars(select(FinanceReturnRow).order_by(FinanceReturnRow.id))
        held = {(r.org_code, r.financial_year, r.month, r.version): r for r in rows}
        differences = []
        for key in sorted(recorded.keys() | held.keys()):
            message = _compare(session, held.get(key), recorded.get(key))
            if message is not None:
                differences.append(StateDifference(self.name, _label(key), message))
        return differences


def _version(row: FinanceReturnRow) -> returns.ReturnVersion:
    return returns.ReturnVersion(
        row.id,
        row.org_code,
        FinancialYear.parse(row.financial_year),
        row.month,
        row.version,
        row.content_hash,
        row.source_name,
        row.submitted_at,
        row.submitted_by,
    )


def _compare(session: Session, row: FinanceReturnRow | None, recorded: str | None) -> str | None:
    if row is None:
        return "the events record this version but the table has no row (deleted?)"
    if recorded is None:
        return (
            "the table holds this version but no event records it (written round the application?)"
        )
    figures = returns.get_return(session, _version(row)).content_hash()
    if figures != recorded:
        return (
            f"its lines and risks hash to {figures[:12]}… but the submission recorded "
            f"{recorded[:12]}…: the figures were changed after submission"
        )
    if row.content_hash != recorded:
        return (
            f"its content_hash column is {row.content_hash[:12]}…; "
            f"the event records {recorded[:12]}…"
        )
    return None
