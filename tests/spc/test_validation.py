"""Bad SPC input: every problem reported at once, with where and why."""

from __future__ import annotations

import pandas as pd
import pytest

from openbook.kernel.error import InvalidDataError
from openbook.spc import spc


def _monthly(values: list[object], facet: str = "A") -> pd.DataFrame:
    dates = pd.date_range("2018-04-01", periods=len(values), freq="MS")
    return pd.DataFrame({"date": dates, "value": values, "f": facet})


def test_duplicate_dates_and_non_numeric_values_together() -> None:
    data = _monthly([1.0, 2.0, "lots", 4.0, 5.0])
    data.loc[4, "date"] = data.loc[3, "date"]  # a month given twice
    with pytest.raises(InvalidDataError) as raised:
        spc(data, facet_col="f")
    messages = " | ".join(issue.message for issue in raised.value.issues)
    assert "'lots'" in messages
    assert "duplicate" in messages.lower() or "more than once" in messages.lower()
    assert len(raised.value.issues) >= 2


def test_unknown_direction_and_short_fixed_baseline() -> None:
    with pytest.raises(InvalidDataError) as raised:
        spc(_monthly([float(v) for v in range(20)]), improvement_direction="up",
            fix_after_n_points=6)  # fmt: skip
    messages = " | ".join(issue.message for issue in raised.value.issues)
    assert "up" in messages and "12" in messages
    assert len(raised.value.issues) == 2
