"""The demonstration's quality: synthetic monthly quality returns for Dorset's three acute
trusts and CQC ratings, within the ranges the seed documents give.

The Dorset sustainability and transformation plan says that "stroke patients receiving a
formal swallow assessment within 72 hours varies from 59% to 86% depending upon the
hospital, while total time in A&E departments for admitted patients varies from 193 to 272
minutes, there are also variations in mortality between providers"; and that "until
recently all our providers were CQC-rated as 'requires improvement'. Three of them have
recently been rated 'good'". The numbers below are synthetic, drawn around those figures
(fixed seed), and labelled synthetic wherever they are shown. One story is built in: Poole's
swallow assessments fall from August 2018, which the rules should find.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from openbook.kernel.period import FinancialYear
from openbook.quality.file import QualityLine, QualityReturn
from openbook.quality.metrics import BY_CODE
from openbook.quality.rating import CqcRating, Rating

SOURCE = "synthetic demonstration data (ranges from the Dorset STP)"
RATINGS_SOURCE = "demonstration ratings illustrating the Dorset STP's account, not CQC's record"


@dataclass(frozen=True)
class Profile:
    stroke_patients: int  # a month's stroke admissions
    swallow_share: float  # assessed within 72 hours
    admitted_minutes: float  # mean total time in A&E of admitted patients
    admitted_patients: int  # a month's admissions through A&E
    expected_deaths: float
    mortality_ratio: float


PROFILES = {
    "RBD": Profile(32, 0.86, 193.0, 1450, 55.0, 0.93),
    "RD3": Profile(48, 0.74, 232.0, 2300, 85.0, 1.02),
    "RDZ": Profile(55, 0.59, 272.0, 2500, 95.0, 1.06),
}
POOLE_DECLINE_FROM = (FinancialYear(2018), 5)  # August 2018
POOLE_DECLINED_SHARE = 0.45


def _share(org_code: str, year: FinancialYear, month: int, profile: Profile) -> float:
    if org_code == "RD3" and (year.start_year, month) >= (
        POOLE_DECLINE_FROM[0].start_year,
        POOLE_DECLINE_FROM[1],
    ):
        return POOLE_DECLINED_SHARE
    return profile.swallow_share


def demo_quality_returns(years: tuple[str, ...]) -> list[QualityReturn]:
    """One return per acute trust and month of the demonstration years."""
    rng = np.random.default_rng(2017)
    made = []
    for label in years:
        year = FinancialYear.parse(label)
        for month in range(1, 13):
            for org_code, profile in PROFILES.items():
                patients = int(rng.poisson(profile.stroke_patients))
                assessed = int(rng.binomial(patients, _share(org_code, year, month, profile)))
                admitted = int(rng.poisson(profile.admitted_patients))
                minutes = round(admitted * rng.normal(profile.admitted_minutes, 6.0))
                expected = round(rng.normal(profile.expected_deaths, 4.0), 1)
                deaths = int(rng.poisson(expected * profile.mortality_ratio))
                lines = (
                    QualityLine(
                        BY_CODE["stroke_swallow_72h"],
                        Decimal(assessed),
                        Decimal(max(patients, 1)),
                        SOURCE,
                    ),
                    QualityLine(
                        BY_CODE["ae_admitted_time"], Decimal(minutes), Decimal(admitted), SOURCE
                    ),
                    QualityLine(
                        BY_CODE["mortality_ratio"], Decimal(deaths), Decimal(str(expected)), SOURCE
                    ),
                )
                made.append(QualityReturn(org_code, year, month, lines))
    return made


DEMO_RATINGS = (
    *(
        CqcRating(code, date(2016, 3, 10), Rating.REQUIRES_IMPROVEMENT, RATINGS_SOURCE)
        for code in ("RBD", "RD3", "RDZ", "RDY")
    ),
    CqcRating("RBD", date(2017, 11, 22), Rating.GOOD, RATINGS_SOURCE),
    CqcRating("RDZ", date(2018, 1, 17), Rating.GOOD, RATINGS_SOURCE),
    CqcRating("RDY", date(2018, 2, 7), Rating.GOOD, RATINGS_SOURCE),
)
