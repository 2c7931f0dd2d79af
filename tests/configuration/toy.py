"""A toy region small enough to work by hand: four LSOAs, two units inside, one outside.

    minutes      AA11AA  BB11BB  ZZ11ZZ   admissions a year
    LSOA A           10      40      25   100
    LSOA B           20      20      50   200   (a tie: AA11AA sorts first)
    LSOA C           50      15      70   300
    LSOA D           90      90       5     0   (no patients: sets no maximum)

AA11AA and BB11BB are inside the region; ZZ11ZZ is a neighbour outside it.
"""

from __future__ import annotations

import numpy as np

from openbook.configuration.area import ServiceArea

U1, U2, U3 = "AA11AA", "BB11BB", "ZZ11ZZ"
TIMES = [[10, 40, 25], [20, 20, 50], [50, 15, 70], [90, 90, 5]]
ADMISSIONS = [100, 200, 300, 0]


def make_area(
    times: list[list[float]] | None = None,
    admissions: list[float] | None = None,
    inside: list[bool] | None = None,
    postcodes: tuple[str, ...] | None = None,
) -> ServiceArea:
    travel = np.asarray(TIMES if times is None else times, dtype=np.float64)
    n, m = travel.shape
    codes = postcodes or ((U1, U2, U3) if m == 3 else tuple(f"U{j:02d}" for j in range(m)))
    return ServiceArea(
        code="TOY",
        name="Toy region",
        lsoa_names=np.array([f"LSOA {chr(65 + i)}" for i in range(n)]),
        admissions=np.asarray(ADMISSIONS if admissions is None else admissions, dtype=np.float64),
        unit_postcodes=codes,
        unit_names=tuple(f"Unit {c}" for c in codes),
        unit_in_area=np.asarray([True, True, False] if inside is None else inside),
        travel_min=travel,
        current_units=codes[:2],
    )
