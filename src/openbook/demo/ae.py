"""The real NHS England A&E rows of the Dorset acute trusts, from the shipped file."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openbook.activity.model.activity import AE_POD, ActivityCount

AE_FILE = Path(__file__).parent / "data" / "ae_attendances.csv"
DORSET_ACUTE = ("RBD", "RD3", "RDZ")
AE_SOURCE = "NHS England A&E attendances and emergency admissions (OGL v3)"


@dataclass(frozen=True)
class AeMonth:
    period: date
    org_code: str
    ae_type: str
    attendances: int
    breaches: int
    admissions: int

    def as_count(self) -> ActivityCount:
        return ActivityCount(
            self.org_code,
            "",
            AE_POD,
            self.period,
            self.attendances,
            self.ae_type,
            self.breaches,
            self.admissions,
        )


def read_ae_months(
    org_codes: tuple[str, ...] = DORSET_ACUTE, path: Path = AE_FILE
) -> list[AeMonth]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            AeMonth(
                date.fromisoformat(row["period"]),
                row["org_code"],
                row["type"],
                int(row["attendances"]),
                int(row["breaches"]),
                int(row["admissions"]),
            )
            for row in csv.DictReader(handle)
            if row["org_code"] in org_codes
        ]
