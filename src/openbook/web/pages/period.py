"""Which system, year and month a page shows, from its URL or the latest with returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from openbook.finance.position_report import cached_system_position
from openbook.kernel.cache import remember
from openbook.kernel.clock import parse_as_at
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.kernel.period import FinancialYear, month_label, month_name
from openbook.reference.query import list_systems_with_years


@dataclass(frozen=True)
class Period:
    system_code: str
    system_name: str
    year: FinancialYear
    month: int
    years: tuple[str, ...]  # the years the system has members in
    as_at: datetime | None = None  # the figures as they were known then; None: as they stand

    @property
    def label(self) -> str:
        return f"{self.year.label} {month_label(self.month)} ({month_name(self.month)})"

    @property
    def query(self) -> str:
        values: dict[str, str | int] = {"year": self.year.label, "month": self.month}
        if self.as_at is not None:
            values["as_at"] = self.as_at.isoformat(timespec="seconds")
        return urlencode(values)

    @property
    def as_at_label(self) -> str | None:
        return None if self.as_at is None else f"{self.as_at:%d %B %Y %H:%M} UTC"

    @property
    def overview_url(self) -> str:
        return f"/systems/{self.system_code}?{self.query}"

    def organisation_url(self, org_code: str) -> str:
        return f"/systems/{self.system_code}/organisations/{org_code}?{self.query}"

    @property
    def file_name(self) -> str:
        return f"{self.system_code}-{self.year.label.replace('/', '-')}-M{self.month}"

    @property
    def months(self) -> list[tuple[int, str]]:
        return [(m, f"{month_label(m)} ({month_name(m)})") for m in range(1, 13)]


def parse_year(text: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text)
    except ValueError as error:
        raise OpenbookError(str(error), hint="choose a year like 2017/18") from None


def latest_month(db: Database, system_code: str, year: FinancialYear) -> int:
    """The latest month any partner has a return for (M12 when there are none)."""
    for month in range(12, 0, -1):
        report = cached_system_position(db, system_code, year, month)
        if any(p.has_return for p in report.organisations):
            return month
    return 12


def parse_as_at_query(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return parse_as_at(text)
    except ValueError as error:
        raise OpenbookError(f"as_at: {error}") from None


def hidden_system(form: Any) -> str | None:
    """The system of the page a form was on (its hidden `system` field; a store may hold
    many systems), or None for the store's first."""
    value = form.get("system")
    return value.strip()[:12] or None if isinstance(value, str) else None


def resolve_period(
    db: Database,
    system_code: str | None,
    year: str | None,
    month: int | None,
    as_at: str | None = None,
) -> Period:
    systems = remember(db, "systems_with_years", lambda: tuple(list_systems_with_years(db)))
    if not systems:
        raise NotFoundError("there are no systems yet", hint="run 'openbook demo' or load one")
    wanted = (system_code or systems[0][0]).upper()
    found = next((s for s in systems if s[0] == wanted), None)
    if found is None:
        known = ", ".join(s[0] for s in systems)
        raise NotFoundError(f"system {wanted!r} is not known", hint=f"known systems: {known}")
    code, name, years = found
    if not years:
        raise NotFoundError(f"system {code} has no members in any year")
    chosen = parse_year(year) if year else FinancialYear.parse(years[-1])
    if chosen.label not in years:
        raise NotFoundError(
            f"system {code} has no members in {chosen.label}", hint=f"years: {', '.join(years)}"
        )
    chosen_month = month if month is not None else latest_month(db, code, chosen)
    return Period(code, name, chosen, chosen_month, tuple(years), parse_as_at_query(as_at))


def default_period(db: Database) -> Period:
    return resolve_period(db, None, None, None)
