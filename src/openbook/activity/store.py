"""Monthly activity counts: the values in force, the values they replaced, loads, prices."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from openbook.activity.model.activity import AE_POD, ActivityCount
from openbook.activity.model.aligned_payment import ContractTerms
from openbook.activity.tables import (
    ActivityHistoryRow,
    ActivityLoadRow,
    ActivityPriceRow,
    ActivityRow,
    ContractTermsRow,
    ElectiveTargetRow,
)
from openbook.kernel.period import FinancialYear, period_of


@dataclass(frozen=True)
class LoadSummary:
    load_id: int
    rows: int
    added: int
    changed: int

    @property
    def unchanged(self) -> int:
        return self.rows - self.added - self.changed


def _values(count: ActivityCount) -> tuple[int, int | None, int | None]:
    return count.count, count.breaches, count.admissions


def _existing(
    session: Session, counts: list[ActivityCount], measure: str
) -> dict[tuple[str, str, str, str, date], ActivityRow]:
    """The rows in force for the providers and months of a load, by key."""
    if not counts:
        return {}
    providers = sorted({c.provider_code for c in counts})
    first = min(c.period_start for c in counts)
    last = max(c.period_start for c in counts)
    rows = session.scalars(
        select(ActivityRow).where(
            ActivityRow.provider_code.in_(providers),
            ActivityRow.measure == measure,
            ActivityRow.period_start.between(first, last),
        )
    )
    return {
        (r.provider_code, r.commissioner_code, r.pod, r.ae_type, r.period_start): r for r in rows
    }


def record_counts(
    session: Session,
    counts: Iterable[ActivityCount],
    *,
    measure: str,
    kind: str,
    source: str,
    content_hash: str,
    actor: str,
    at: datetime,
    synthetic: bool = False,
) -> LoadSummary:
    """Put counts in force; a count that differs from the one in force moves the old
    value to history first. Identical counts are left alone."""
    counts = list(counts)
    load = ActivityLoadRow(
        kind=kind,
        source=source,
        content_hash=content_hash,
        rows=len(counts),
        added=0,
        changed=0,
        loaded_at=at,
        loaded_by=actor,
    )
    session.add(load)
    session.flush()
    existing = _existing(session, counts, measure)
    added: list[dict[str, object]] = []  # inserted in one statement: a national cube is large
    for count in counts:
        row = existing.get(count.key)
        if row is None:
            year, month = period_of(count.period_start)
            added.append(
                {
                    "provider_code": count.provider_code,
                    "commissioner_code": count.commissioner_code,
                    "pod": count.pod,
                    "ae_type": count.ae_type,
                    "period_start": count.period_start,
                    "financial_year": year.label,
                    "month": month,
                    "measure": measure,
                    "count": count.count,
                    "breaches": count.breaches,
                    "admissions": count.admissions,
                    "source": source,
                    "synthetic": synthetic,
                }
            )
        elif (row.count, row.breaches, row.admissions) != _values(count):
            session.add(
                ActivityHistoryRow(
                    provider_code=row.provider_code,
                    commissioner_code=row.commissioner_code,
                    pod=row.pod,
                    ae_type=row.ae_type,
                    period_start=row.period_start,
                    measure=row.measure,
                    count=row.count,
                    breaches=row.breaches,
                    admissions=row.admissions,
                    source=row.source,
                    replaced_by_load=load.id,
                )
            )
            row.count, row.breaches, row.admissions = _values(count)
            row.source, row.synthetic = source, synthetic
            load.changed += 1
    if added:
        session.execute(insert(ActivityRow), added)
        load.added = len(added)
    session.flush()
    return LoadSummary(load.id, load.rows, load.added, load.changed)


def list_counts(
    session: Session,
    provider_codes: Iterable[str],
    first: date,
    last: date,
    measure: str = "actual",
) -> list[ActivityCount]:
    query = (
        select(ActivityRow)
        .where(
            ActivityRow.provider_code.in_(sorted(provider_codes)),
            ActivityRow.measure == measure,
            ActivityRow.period_start.between(first, last),
        )
        .order_by(ActivityRow.provider_code, ActivityRow.pod, ActivityRow.period_start)
    )
    return [
        ActivityCount(
            r.provider_code,
            r.commissioner_code,
            r.pod,
            r.period_start,
            r.count,
            r.ae_type,
            r.breaches,
            r.admissions,
        )
        for r in session.scalars(query)
    ]


def count_history(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ActivityHistoryRow)) or 0)


def list_loads(session: Session, limit: int = 50) -> list[ActivityLoadRow]:
    return list(
        session.scalars(select(ActivityLoadRow).order_by(ActivityLoadRow.id.desc()).limit(limit))
    )


def has_synthetic(session: Session, provider_codes: Iterable[str], year: FinancialYear) -> bool:
    found = session.scalar(
        select(func.count())
        .select_from(ActivityRow)
        .where(
            ActivityRow.provider_code.in_(sorted(provider_codes)),
            ActivityRow.financial_year == year.label,
            ActivityRow.synthetic.is_(True),
        )
    )
    return bool(found)


def record_prices(
    session: Session, year: FinancialYear, prices: dict[str, Decimal], source: str
) -> int:
    """A new version of a year's price per point of delivery; returns the version."""
    latest = session.scalar(
        select(func.max(ActivityPriceRow.version)).where(
            ActivityPriceRow.financial_year == year.label
        )
    )
    version = int(latest or 0) + 1
    for pod, price in sorted(prices.items()):
        session.add(
            ActivityPriceRow(
                financial_year=year.label, pod=pod, version=version, price=price, source=source
            )
        )
    session.flush()
    return version


def get_prices(session: Session, year: FinancialYear) -> dict[str, Decimal]:
    """The latest version of a year's prices by point of delivery ({} when none)."""
    latest = session.scalar(
        select(func.max(ActivityPriceRow.version)).where(
            ActivityPriceRow.financial_year == year.label
        )
    )
    if latest is None:
        return {}
    rows = session.scalars(
        select(ActivityPriceRow).where(
            ActivityPriceRow.financial_year == year.label, ActivityPriceRow.version == latest
        )
    )
    return {row.pod: row.price for row in rows}


def get_ae_four_hour(
    session: Session, provider_code: str, period_start: date, ae_type: str | None = None
) -> tuple[int, int] | None:
    """(attendances, breaches) for a provider's month, all types or one type."""
    query = select(func.sum(ActivityRow.count), func.sum(ActivityRow.breaches)).where(
        ActivityRow.provider_code == provider_code,
        ActivityRow.pod == AE_POD,
        ActivityRow.period_start == period_start,
        ActivityRow.measure == "actual",
    )
    if ae_type is not None:
        query = query.where(ActivityRow.ae_type == ae_type)
    attendances, breaches = session.execute(query).one()
    if attendances is None:
        return None
    return int(attendances), int(breaches or 0)


def list_ae_months(
    session: Session, provider_codes: list[str], up_to: date
) -> list[tuple[str, date, int, int]]:
    """(provider, month, attendances, breaches) of all A&E types, oldest first."""
    query = (
        select(
            ActivityRow.provider_code,
            ActivityRow.period_start,
            func.sum(ActivityRow.count),
            func.sum(ActivityRow.breaches),
        )
        .where(
            ActivityRow.provider_code.in_(provider_codes),
            ActivityRow.pod == AE_POD,
            ActivityRow.measure == "actual",
            ActivityRow.period_start <= up_to,
        )
        .group_by(ActivityRow.provider_code, ActivityRow.period_start)
        .order_by(ActivityRow.provider_code, ActivityRow.period_start)
    )
    return [(str(p), d, int(a or 0), int(b or 0)) for p, d, a, b in session.execute(query)]


def _to_terms(row: ContractTermsRow) -> ContractTerms:
    return ContractTerms(
        row.commissioner_code,
        row.provider_code,
        FinancialYear.parse(row.financial_year),
        row.fixed_element,
        row.elective_baseline,
        row.variable_rate,
        row.low_value_threshold,
        row.version,
    )


def record_terms(
    session: Session, terms: ContractTerms, reason: str, actor: str, at: datetime
) -> ContractTerms:
    """A new version of a pair's terms for the year; earlier versions stay."""
    latest = session.scalar(
        select(func.max(ContractTermsRow.version)).where(
            ContractTermsRow.commissioner_code == terms.commissioner_code,
            ContractTermsRow.provider_code == terms.provider_code,
            ContractTermsRow.financial_year == terms.financial_year.label,
        )
    )
    row = ContractTermsRow(
        commissioner_code=terms.commissioner_code,
        provider_code=terms.provider_code,
        financial_year=terms.financial_year.label,
        version=int(latest or 0) + 1,
        fixed_element=terms.fixed_element,
        elective_baseline=terms.elective_baseline,
        variable_rate=terms.variable_rate,
        low_value_threshold=terms.low_value_threshold,
        reason=reason,
        recorded_at=at,
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    return _to_terms(row)


def list_terms(
    session: Session, year: FinancialYear, provider_codes: Iterable[str] | None = None
) -> list[ContractTerms]:
    """The latest version of each pair's terms in a year, by provider then commissioner."""
    query = select(ContractTermsRow).where(ContractTermsRow.financial_year == year.label)
    if provider_codes is not None:
        query = query.where(ContractTermsRow.provider_code.in_(sorted(provider_codes)))
    latest: dict[tuple[str, str], ContractTermsRow] = {}
    for row in session.scalars(query):
        key = (row.provider_code, row.commissioner_code)
        if key not in latest or row.version > latest[key].version:
            latest[key] = row
    return [_to_terms(latest[key]) for key in sorted(latest)]


def list_terms_versions(
    session: Session, commissioner_code: str, provider_code: str, year: FinancialYear
) -> list[tuple[ContractTerms, str, str, datetime]]:
    """Every version of a pair's terms, oldest first, with its reason, author and time."""
    rows = session.scalars(
        select(ContractTermsRow)
        .where(
            ContractTermsRow.commissioner_code == commissioner_code,
            ContractTermsRow.provider_code == provider_code,
            ContractTermsRow.financial_year == year.label,
        )
        .order_by(ContractTermsRow.version)
    )
    return [(_to_terms(r), r.reason, r.recorded_by, r.recorded_at) for r in rows]


def record_elective_target(
    session: Session,
    system_code: str,
    year: FinancialYear,
    percent: Decimal,
    source: str,
    actor: str,
    at: datetime,
) -> int:
    """A new version of a system's elective value target for the year; returns it."""
    latest = session.scalar(
        select(func.max(ElectiveTargetRow.version)).where(
            ElectiveTargetRow.system_code == system_code,
            ElectiveTargetRow.financial_year == year.label,
        )
    )
    version = int(latest or 0) + 1
    session.add(
        ElectiveTargetRow(
            system_code=system_code,
            financial_year=year.label,
            version=version,
            percent=percent,
            source=source,
            recorded_at=at,
            recorded_by=actor,
        )
    )
    session.flush()
    return version


def get_elective_target(
    session: Session, system_code: str, year: FinancialYear
) -> tuple[Decimal, str] | None:
    """The latest target (percent, source) for the system and year, if one is held."""
    row = session.scalars(
        select(ElectiveTargetRow)
        .where(
            ElectiveTargetRow.system_code == system_code,
            ElectiveTargetRow.financial_year == year.label,
        )
        .order_by(ElectiveTargetRow.version.desc())
        .limit(1)
    ).first()
    return None if row is None else (row.percent, row.source)
