"""Results as frozen dataclasses; `to_dict()` gives the JSON the CLI and API answer with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from openbook.capacity.model.statistics import Estimate


def rounded(value: float | None, digits: int = 6) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return round(float(value), digits)


@dataclass(frozen=True)
class BedsRow:
    """One bed count: probability of delay, share of beds occupied, and (simulation only)
    the 95% confidence interval of the probability of delay."""

    beds: int
    p_delay: float
    occupancy: float
    ci_low: float | None = None
    ci_high: float | None = None

    @classmethod
    def from_estimate(cls, beds: int, p_delay: Estimate, occupancy: float) -> BedsRow:
        low = None if p_delay.ci_low is None else max(0.0, p_delay.ci_low)
        high = None if p_delay.ci_high is None else min(1.0, p_delay.ci_high)
        return cls(beds, p_delay.mean, occupancy, low, high)

    @property
    def one_in(self) -> float | None:
        """'1 in N' admissions delayed."""
        return None if self.p_delay <= 0 else 1.0 / self.p_delay

    def to_dict(self) -> dict[str, float | int | None]:
        return {
            "beds": self.beds,
            "p_delay": rounded(self.p_delay),
            "occupancy": rounded(self.occupancy),
            "ci_low": rounded(self.ci_low),
            "ci_high": rounded(self.ci_high),
        }


def fewest_beds(rows: Sequence[BedsRow], target_p_delay: float) -> int | None:
    """The fewest beds among `rows` whose probability of delay is at most the target."""
    meeting = [row.beds for row in rows if row.p_delay <= target_p_delay]
    return min(meeting) if meeting else None


@dataclass(frozen=True)
class BedsResult:
    """`openbook capacity beds`: one unit's probability of delay against beds."""

    method: str
    offered_load: float
    rows: tuple[BedsRow, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "offered_load": rounded(self.offered_load),
            "rows": [row.to_dict() for row in self.rows],
        }
