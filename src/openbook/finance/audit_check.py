"""Deep verification of finance returns and the ledger. Every return version in the table
is held against the `return.submitted` event that wrote it: the figures are hashed again
from the return's own lines and risks, so an amount changed in `return_line` shows even when
`content_hash` was left alone (or changed to match: the event keeps the submission's hash).
Every transfer's ledger lines are held against its `transfer.recorded` event.

Reads its tables directly: a check that goes round the store's own functions would trust
what it is meant to check."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.finance import store as returns
from openbook.finance.tables import FinanceReturnRow, LedgerEntryRow
from openbook.kernel.audit_deep import AuditedEvent, StateDifference, of_action
from openbook.kernel.money import money_str
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


Lines = list[tuple[str, Decimal]]  # (org_code, amount), sorted


def _lines_text(lines: Lines) -> str:
    return ", ".join(f"{org} £{money_str(amount)}" for org, amount in lines) or "no lines"


class LedgerCheck:
    """Each system transfer's double-entry lines against its `transfer.recorded` event
    (from, to and amount): the payer's line is minus the amount, the payee's plus."""

    name = "ledger transfers"

    def __call__(self, session: Session, events: Sequence[AuditedEvent]) -> list[StateDifference]:
        recorded: dict[str, Lines] = {}
        for event in of_action(events, "transfer.recorded"):
            after = event.after or {}
            amount = Decimal(str(after.get("amount")))
            lines = [(str(after.get("from")), -amount), (str(after.get("to")), amount)]
            recorded[event.entity_id] = sorted(lines)
        held: dict[str, Lines] = {}
        for row in session.scalars(select(LedgerEntryRow)):
            held.setdefault(row.transfer_ref, []).append((row.org_code, row.amount))
        differences = []
        for ref in sorted(recorded.keys() | held.keys()):
            mine, theirs = sorted(held.get(ref, [])), recorded.get(ref)
            if mine == theirs:
                continue
            if theirs is None:
                message = f"the ledger holds {_lines_text(mine)} but no event records it"
            else:
                message = (
                    f"the ledger holds {_lines_text(mine)}; the event records {_lines_text(theirs)}"
                )
            differences.append(StateDifference(self.name, ref, message))
        return differences
