"""A&E 4-hour performance per trust for a financial year, from NHS England's monthly A&E
file (period, org_code, type, attendances, breaches, admissions; OGL v3): the table behind
the England funnel, seen within 4 hours = attendances - breaches over attendances.

Pure: takes and returns DataFrames; reading the file is the caller's (`pd.read_csv`).
"""

from __future__ import annotations

import pandas as pd

from openbook.funnel.engine import Funnel, funnel
from openbook.funnel.method import FunnelMethod, Kind
from openbook.kernel.error import DataIssue
from openbook.kernel.period import FinancialYear

AE_COLUMNS = ("period", "org_code", "type", "attendances", "breaches")
TABLE_COLUMNS = (
    "org_code", "months", "attendances", "breaches", "within_four_hours", "four_hour",
)  # fmt: skip
FOUR_HOUR_STANDARD = 0.95


def check_ae_rows(rows: pd.DataFrame, source: str = "ae_attendances.csv") -> list[DataIssue]:
    """The columns the table is built from."""
    missing = [name for name in AE_COLUMNS if name not in rows.columns]
    if not missing:
        return []
    return [
        DataIssue(
            source,
            f"is missing column(s) {', '.join(missing)}",
            row=1,
            found=", ".join(map(str, rows.columns)),
            expected=", ".join(AE_COLUMNS),
            hint="use NHS England's monthly A&E file as shipped in openbook/demo/data",
        )
    ]


def build_ae_four_hour_table(
    rows: pd.DataFrame, financial_year: str = "2018/19", ae_type: str = "1"
) -> pd.DataFrame:
    """One row per trust with attendances of `ae_type` in the year: months reported, total
    attendances, breaches, attendances seen within 4 hours, and the proportion (four_hour).
    Sorted by org_code. `rows` must pass `check_ae_rows`."""
    year = FinancialYear.parse(financial_year)
    period = pd.to_datetime(rows["period"])
    chosen = rows[
        (rows["type"].astype(str) == ae_type)
        & (period >= pd.Timestamp(year.start_date))
        & (period <= pd.Timestamp(year.end_date))
    ]
    table = (
        chosen.assign(period=pd.to_datetime(chosen["period"]))
        .groupby("org_code", sort=True)
        .agg(
            months=("period", "nunique"),
            attendances=("attendances", "sum"),
            breaches=("breaches", "sum"),
        )
        .reset_index()
    )
    table = table[table["attendances"] > 0].reset_index(drop=True)
    table["within_four_hours"] = table["attendances"] - table["breaches"]
    table["four_hour"] = table["within_four_hours"] / table["attendances"]
    return table.loc[:, list(TABLE_COLUMNS)]


def ae_four_hour_funnel(table: pd.DataFrame, method: FunnelMethod | None = None) -> Funnel:
    """The funnel of a `build_ae_four_hour_table` table (proportions, pooled target)."""
    return funnel(
        table["org_code"].astype(str).tolist(),
        table["within_four_hours"].to_numpy(dtype=float),
        table["attendances"].to_numpy(dtype=float),
        method or FunnelMethod(Kind.PROPORTION),
        source="A&E 4-hour performance",
    )
