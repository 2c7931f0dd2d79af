"""Synthetic patient-level extracts, for trying the extract loader and for benchmarks."""

from __future__ import annotations

from pathlib import Path

from openbook.activity.synthetic_extract import write_extract
from openbook.kernel.error import OpenbookError
from openbook.kernel.period import FinancialYear


def generate_synthetic_extract(
    path: Path, rows: int, first_year: FinancialYear, years: int, seed: int
) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_extract(path, rows, first_year=first_year, years=years, seed=seed)
    except ValueError as error:
        raise OpenbookError(str(error)) from None
