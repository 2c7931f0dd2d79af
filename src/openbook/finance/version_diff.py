"""Comparing two stored versions of a return: the use case behind the organisation page's
"compare versions", `openbook return-diff` and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openbook.finance.model.return_diff import LineChange, RiskChange, diff_returns
from openbook.finance.store import ReturnVersion
from openbook.finance.submit import list_history
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear


@dataclass(frozen=True)
class VersionDiff:
    org_code: str
    financial_year: FinancialYear
    month: int
    before: ReturnVersion
    after: ReturnVersion
    lines: list[LineChange]
    risks: list[RiskChange]

    def as_dict(self) -> dict[str, Any]:
        def version(v: ReturnVersion) -> dict[str, Any]:
            return {
                "version": v.version,
                "submitted_at": v.submitted_at.isoformat(),
                "submitted_by": v.submitted_by,
                "file": v.source_name,
            }

        return {
            "org_code": self.org_code,
            "financial_year": self.financial_year.label,
            "month": self.month,
            "from": version(self.before),
            "to": version(self.after),
            "lines": [
                {
                    "line_code": c.line_code,
                    "column": c.column,
                    "before": money_str(c.before),
                    "after": money_str(c.after),
                    "change": money_str(c.change),
                }
                for c in self.lines
            ],
            "risks": [
                {
                    "ref": r.ref,
                    "what": r.what,
                    "before_net": None if r.before is None else money_str(r.before.net_value),
                    "after_net": None if r.after is None else money_str(r.after.net_value),
                }
                for r in self.risks
            ],
        }


def diff_versions(
    db: Database,
    org_code: str,
    year: FinancialYear,
    month: int,
    from_version: int | None = None,
    to_version: int | None = None,
) -> VersionDiff:
    """Two versions of the month's return (default: the latest and the one before it)."""
    history = list_history(db, org_code, year, month)
    if not history:
        raise NotFoundError(f"{org_code} has no return for {year.label} M{month}")
    by_number = {v.version: (v, r) for v, r in history}
    latest = history[-1][0].version
    to_number = latest if to_version is None else to_version
    from_number = (to_number - 1) if from_version is None else from_version
    missing = [n for n in (from_number, to_number) if n not in by_number]
    if missing:
        known = ", ".join(str(n) for n in sorted(by_number))
        raise NotFoundError(
            f"{org_code} {year.label} M{month} has no version {missing[0]}",
            hint=f"its versions are {known}",
        )
    (before, old), (after, new) = by_number[from_number], by_number[to_number]
    lines, risks = diff_returns(old, new)
    return VersionDiff(org_code, year, month, before, after, lines, risks)
