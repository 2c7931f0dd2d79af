"""Synthetic patient-level extracts of any size, written by DuckDB straight to disk.

Each row is one attendance or spell at a Dorset acute trust. The mix follows the real
order of magnitude of an acute trust's year: outpatient follow-ups the largest share, then
outpatient first attendances and A&E; day cases about four times elective ordinary spells;
non-elective spells about a fifth of A&E attendances. Values come from a hash of the row
number and the seed, so the same seed and size always give the same file, and memory does
not grow with the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from openbook.kernel.period import FinancialYear

PROVIDER_SHARES = (("RBD", 0.26), ("RD3", 0.32), ("RDZ", 0.42))
COMMISSIONER_SHARES = (("11J", 0.93), ("11A", 0.03), ("11X", 0.02), ("99N", 0.02))
POD_SHARES = (
    ("E.M.3", 0.43),
    ("E.M.2", 0.21),
    ("E.M.6", 0.19),
    ("E.M.10b", 0.08),
    ("E.M.11", 0.07),
    ("E.M.10a", 0.02),
)
HRGS = {
    "E.M.6": ("VB09Z", "VB08Z", "VB07Z", "VB11Z"),
    "E.M.2": ("WF01B", "WF02B"),
    "E.M.3": ("WF01A", "WF02A"),
    "E.M.10a": ("HN12C", "HN81B", "FF32C", "LB65D"),
    "E.M.10b": ("BZ34C", "FE22Z", "JC42D", "LB72A"),
    "E.M.11": ("DZ19N", "EB03E", "FD01J", "WJ06J", "DZ22Q"),
}
AGE_SHARES = (("0-17", 0.17), ("18-64", 0.48), ("65-74", 0.14), ("75-84", 0.13), ("85+", 0.08))
MEAN_STAY = {"E.M.10a": 3.2, "E.M.11": 4.6}  # days; other points of delivery are same-day


def _uniform(seed: int, stream: int) -> str:
    """A value in [0, 1) from the row number, the seed and a stream number."""
    return f"((hash(i, {seed}, {stream}) % 1000000) / 1000000.0)"


def _pick(shares: tuple[tuple[str, float], ...], uniform: str) -> str:
    cases, total = [], 0.0
    for value, share in shares[:-1]:
        total += share
        cases.append(f"WHEN {uniform} < {total:.6f} THEN '{value}'")
    return f"CASE {' '.join(cases)} ELSE '{shares[-1][0]}' END"


def _hrg(seed: int) -> str:
    cases = []
    for pod, codes in HRGS.items():
        listed = ", ".join(f"'{code}'" for code in codes)
        index = f"1 + CAST(floor({_uniform(seed, 6)} * {len(codes)}) AS INTEGER)"
        cases.append(f"WHEN '{pod}' THEN list_extract([{listed}], {index})")
    return f"CASE pod {' '.join(cases)} END"


def _stay(seed: int) -> str:
    cases = [
        f"WHEN '{pod}' THEN CAST(floor(-ln(1 - {_uniform(seed, 7)}) * {mean}) AS INTEGER)"
        for pod, mean in MEAN_STAY.items()
    ]
    return f"CASE pod {' '.join(cases)} ELSE 0 END"


@dataclass(frozen=True)
class Geography:
    """Many providers and commissioners instead of Dorset's (a national extract): each
    provider is equally likely; `home_share` of its activity is for its home commissioner
    (one of them in turn), the rest for the next `neighbours` commissioners."""

    providers: tuple[str, ...]
    commissioners: tuple[str, ...]
    home_share: float = 0.9
    neighbours: int = 3


def _code_of(codes: tuple[str, ...], index: str) -> str:
    for code in codes:
        if not code.isalnum():  # only ODS-like codes are formatted into the SQL
            raise ValueError(f"{code!r} is not a code of letters and digits")
    listed = ", ".join(f"'{code}'" for code in codes)
    return f"list_extract([{listed}], 1 + CAST(({index}) % {len(codes)} AS INTEGER))"


def _who(seed: int, geography: Geography | None) -> tuple[str, str, str]:
    """The base query's extra column, and the provider and commissioner expressions."""
    if geography is None:
        return (
            "",
            _pick(PROVIDER_SHARES, _uniform(seed, 1)),
            _pick(COMMISSIONER_SHARES, _uniform(seed, 2)),
        )
    home = "provider_index"
    other = f"provider_index + 1 + floor({_uniform(seed, 8)} * {int(geography.neighbours)})"
    commissioner = (
        f"CASE WHEN {_uniform(seed, 2)} < {geography.home_share:.6f} "
        f"THEN {_code_of(geography.commissioners, home)} "
        f"ELSE {_code_of(geography.commissioners, other)} END"
    )
    index = f", hash(i, {seed}, 1) % {len(geography.providers)} AS provider_index"
    return index, _code_of(geography.providers, "provider_index"), commissioner


def extract_sql(
    rows: int,
    first_year: FinancialYear,
    years: int,
    seed: int,
    geography: Geography | None = None,
) -> str:
    start = first_year.start_date
    days = (date(start.year + years, 4, 1) - start).days
    index, provider, commissioner = _who(seed, geography)
    # Only numbers and constants of this module are formatted in; no user text.
    return f"""
        WITH base AS (
            SELECT i, {_pick(POD_SHARES, _uniform(seed, 3))} AS pod{index}
            FROM range({int(rows)}) AS t(i)
        )
        SELECT
            {provider} AS provider_code,
            {commissioner} AS commissioner_code,
            pod,
            DATE '{start.isoformat()}'
                + CAST(floor({_uniform(seed, 4)} * {days}) AS INTEGER) AS activity_date,
            {_hrg(seed)} AS hrg,
            {_stay(seed)} AS length_of_stay,
            {_pick(AGE_SHARES, _uniform(seed, 5))} AS age_band
        FROM base
    """  # noqa: S608


def write_extract(
    path: Path,
    rows: int,
    *,
    first_year: FinancialYear | None = None,
    years: int = 1,
    seed: int = 2018,
) -> int:
    """Write `rows` synthetic rows to a .parquet or .csv file; returns the rows written."""
    if rows < 0:
        raise ValueError("rows must be 0 or more")
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise ValueError(f"{path.name}: the extract must be a .parquet or .csv file")
    first = first_year or FinancialYear.parse("2018/19")
    options = "FORMAT parquet, COMPRESSION zstd" if suffix == ".parquet" else "FORMAT csv, HEADER"
    quoted = str(path).replace("'", "''")
    connection = duckdb.connect()
    try:
        connection.execute("SET preserve_insertion_order = false")
        sql = extract_sql(rows, first, years, seed)
        connection.execute(f"COPY ({sql}) TO '{quoted}' ({options})")
    finally:
        connection.close()
    return rows


def write_partitioned_extract(
    folder: Path,
    rows: int,
    *,
    first_year: FinancialYear | None = None,
    years: int = 1,
    seed: int = 2018,
    threads: int | None = None,
    geography: Geography | None = None,
    memory_gb: int | None = None,
) -> int:
    """The same rows as write_extract, as a folder partitioned by month
    (month=2018-04/part-0.parquet, ...), the layout an incremental load reads."""
    if rows < 0:
        raise ValueError("rows must be 0 or more")
    first = first_year or FinancialYear.parse("2018/19")
    folder.parent.mkdir(parents=True, exist_ok=True)
    quoted = str(folder).replace("'", "''")
    connection = duckdb.connect()
    try:
        connection.execute("SET preserve_insertion_order = false")
        if threads:
            connection.execute(f"SET threads = {int(threads)}")
        if memory_gb:
            connection.execute(f"SET memory_limit = '{int(memory_gb)}GB'")
        sql = extract_sql(rows, first, years, seed, geography)
        connection.execute(  # this module's SQL and the caller's path, quoted
            f"COPY (SELECT *, strftime(activity_date, '%Y-%m') AS month FROM ({sql})) "  # noqa: S608
            f"TO '{quoted}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month), "
            "FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE)"
        )
    finally:
        connection.close()
    return rows
