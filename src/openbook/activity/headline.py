"""The activity headline of the system overview: each provider's A&E attendances and
4-hour performance for the month, against the same month a year before (the "flat"
ambition: activity no higher than last year)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openbook.activity import store as activity
from openbook.activity.model.activity import FOUR_HOUR_STANDARD  # the NHS constitutional standard
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear, month_start


@dataclass(frozen=True)
class AeHeadline:
    provider_code: str
    attendances: int
    attendances_last_year: int | None
    four_hour: Decimal  # share seen within 4 hours, all A&E types

    @property
    def change(self) -> Decimal | None:
        """Attendances against the same month last year (0.03 is 3% more)."""
        if not self.attendances_last_year:
            return None
        ratio = Decimal(self.attendances) / Decimal(self.attendances_last_year) - 1
        return ratio.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)

    @property
    def meets_standard(self) -> bool:
        return self.four_hour >= FOUR_HOUR_STANDARD


def ae_headline(
    db: Database, provider_codes: list[str], year: FinancialYear, month: int
) -> tuple[AeHeadline, ...]:
    """Providers with A&E data for the month, in the order given."""
    this_month = month_start(year, month)
    last_year = month_start(FinancialYear(year.start_year - 1), month)
    found = []
    with db.reading() as session:
        for code in provider_codes:
            now = activity.get_ae_four_hour(session, code, this_month)
            if now is None or now[0] == 0:
                continue
            before = activity.get_ae_four_hour(session, code, last_year)
            attendances, breaches = now
            share = Decimal(attendances - breaches) / Decimal(attendances)
            found.append(
                AeHeadline(
                    code,
                    attendances,
                    None if before is None else before[0],
                    share.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
                )
            )
    return tuple(found)
