"""Deep verification of control totals: every version in the table against the
`control_total.recorded` event that wrote it (amount and the month it applies from).

Reads its table directly: a check that goes round the store's own functions would trust
what it is meant to check."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.kernel.audit_deep import AuditedEvent, StateDifference, of_action
from openbook.kernel.money import money_str
from openbook.reference.tables import ControlTotalRow

Key = tuple[str, str, int]  # org_code, financial year label, version


def _key(entity_id: str) -> Key:
    """'RD3/2017/18/v2' → ('RD3', '2017/18', 2)."""
    org_code, rest = entity_id.split("/", 1)
    year, version = rest.rsplit("/v", 1)
    return org_code, year, int(version)


class ControlTotalCheck:
    name = "control totals"

    def __call__(self, session: Session, events: Sequence[AuditedEvent]) -> list[StateDifference]:
        recorded: dict[Key, tuple[Decimal, int]] = {}
        for event in of_action(events, "control_total.recorded"):
            after = event.after or {}
            amount = Decimal(str(after.get("amount")))
            recorded[_key(event.entity_id)] = (amount, int(after.get("effective_month", 1)))
        held = {
            (row.org_code, row.financial_year, row.version): (row.amount, row.effective_month)
            for row in session.scalars(select(ControlTotalRow))
        }
        return [
            StateDifference(self.name, f"{key[0]} {key[1]} v{key[2]}", message)
            for key in sorted(recorded.keys() | held.keys())
            if (message := _compare(held.get(key), recorded.get(key))) is not None
        ]


def _compare(held: tuple[Decimal, int] | None, recorded: tuple[Decimal, int] | None) -> str | None:
    if held is None:
        return "the events record this version but the table has no row (deleted?)"
    if recorded is None:
        return (
            f"the table holds £{money_str(held[0])} from M{held[1]} but no event records "
            "this version (written round the application?)"
        )
    if held[0] != recorded[0]:
        return f"the table holds £{money_str(held[0])}; the events record £{money_str(recorded[0])}"
    if held[1] != recorded[1]:
        return f"the table applies it from M{held[1]}; the events record M{recorded[1]}"
    return None
