"""What a proposal would do, before anyone approves it: per organisation and for the system,
before and after, the forecast against control total, the gap, the RAG, the sustainability
funding earned and at risk, and the CIP %. A proposal that leaves any partner worse (a worse
RAG, more funding at risk) must be acknowledged by its proposer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from openbook.finance.model.position import Position, Rag
from openbook.finance.position_report import WhatIf, read_system_position
from openbook.kernel.money import ZERO, format_k, money_str
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.model import ControlTotalChange, ProposalKind, Transfer

# Grey is a partner with no return for the month: a transfer cannot make it better or worse.
RAG_RANK = {Rag.GREY: 0, Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}


@dataclass(frozen=True)
class Side:
    forecast_outturn: Decimal
    control_total: Decimal | None
    gap: Decimal | None
    rag: str
    funding_earned: Decimal
    funding_at_risk: Decimal
    cip_pct: Decimal | None

    @classmethod
    def of(cls, p: Position) -> Side:
        return cls(
            p.forecast_outturn,
            p.control_total,
            p.gap,
            p.rag.value,
            p.sustainability_funding - p.sustainability_at_risk,
            p.sustainability_at_risk,
            p.cip_pct,
        )

    def as_dict(self) -> dict[str, Any]:
        def pounds(value: Decimal | None) -> str | None:
            return None if value is None else money_str(value)

        return {
            "forecast_outturn": pounds(self.forecast_outturn),
            "control_total": pounds(self.control_total),
            "gap": pounds(self.gap),
            "rag": self.rag,
            "funding_earned": pounds(self.funding_earned),
            "funding_at_risk": pounds(self.funding_at_risk),
            "cip_pct": None if self.cip_pct is None else f"{self.cip_pct * 100:.2f}",
        }


@dataclass(frozen=True)
class PreviewRow:
    code: str
    name: str
    before: Side
    after: Side

    @property
    def worse(self) -> list[str]:
        """What gets worse for this partner, in words."""
        found = []
        if RAG_RANK[Rag(self.after.rag)] > RAG_RANK[Rag(self.before.rag)]:
            found.append(f"{self.code} turns {self.after.rag} (was {self.before.rag})")
        if self.after.funding_at_risk > self.before.funding_at_risk:
            found.append(
                f"{self.code}'s sustainability funding at risk rises from "
                f"{format_k(self.before.funding_at_risk)} to {format_k(self.after.funding_at_risk)}"
            )
        return found


@dataclass(frozen=True)
class Preview:
    month: int
    rows: tuple[PreviewRow, ...]  # every partner, the affected first
    system: PreviewRow

    @property
    def worse(self) -> list[str]:
        return [line for row in self.rows for line in row.worse]

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "worse": self.worse,
            "organisations": [
                {"org_code": r.code, "before": r.before.as_dict(), "after": r.after.as_dict()}
                for r in self.rows
            ],
            "system": {
                "before": self.system.before.as_dict(),
                "after": self.system.after.as_dict(),
            },
        }


def what_if(
    kind: ProposalKind, transfers: list[Transfer], changes: list[ControlTotalChange]
) -> WhatIf:
    if kind is ProposalKind.TRANSFERS:
        moved: dict[str, Decimal] = {}
        for t in transfers:
            moved[t.from_org] = moved.get(t.from_org, ZERO) - t.amount
            moved[t.to_org] = moved.get(t.to_org, ZERO) + t.amount
        return WhatIf(transfers=moved)
    return WhatIf(control_totals={c.org_code: c.after for c in changes})


def read_preview(
    session: Session,
    system_code: str,
    year: FinancialYear,
    month: int,
    kind: ProposalKind,
    transfers: list[Transfer],
    changes: list[ControlTotalChange],
) -> Preview:
    """Before and after at the proposal's month (control totals change from it; a year-end
    transfer is an M12 item), as the session sees the figures."""
    before = read_system_position(session, system_code, year, month)
    after = read_system_position(
        session, system_code, year, month, what_if=what_if(kind, transfers, changes)
    )
    pairs = {
        p.code: PreviewRow(p.code, p.name, Side.of(p), Side.of(p)) for p in before.organisations
    }
    for p in after.organisations:
        pairs[p.code] = PreviewRow(p.code, p.name, pairs[p.code].before, Side.of(p))
    touched = {t.from_org for t in transfers} | {t.to_org for t in transfers}
    touched |= {c.org_code for c in changes}
    rows = sorted(pairs.values(), key=lambda r: (r.code not in touched, r.code))
    system = PreviewRow(
        before.system.system_code,
        before.system.name,
        Side.of(before.position),
        Side.of(after.position),
    )
    return Preview(month, tuple(rows), system)
