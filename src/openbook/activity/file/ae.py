"""NHS England's monthly A&E attendances and emergency admissions, in the tidy form.

Columns `period, org_code, type, attendances, breaches, admissions`: one row per trust,
A&E type (1, 2, other) and month, for any trust in England.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openbook.activity.file.cell import CellReader, check_duplicates
from openbook.activity.model.activity import AE_POD, AE_TYPES, ActivityCount
from openbook.kernel.error import DataIssue
from openbook.kernel.table_reader import RawTable, check_header, load_table, parse_table_bytes

AE_COLUMNS = ("period", "org_code", "type", "attendances", "breaches", "admissions")
AE_SHEET = "A&E"


def _read_row(reader: CellReader, index: int, today: date) -> ActivityCount | None:
    period = reader.month(index, "period", today)
    org_code = reader.org_code(index, "org_code")
    ae_type = reader.choice(index, "type", AE_TYPES)
    attendances = reader.count(index, "attendances")
    breaches = reader.count(index, "breaches")
    admissions = reader.count(index, "admissions")
    if attendances is not None and breaches is not None and breaches > attendances:
        reader.report(
            index,
            "breaches",
            f"'breaches' is {breaches}, more than the {attendances} attendances",
            expected="no more breaches than attendances",
        )
        return None
    if (
        period is None
        or org_code is None
        or ae_type is None
        or attendances is None
        or breaches is None
        or admissions is None
    ):
        return None
    return ActivityCount(org_code, "", AE_POD, period, attendances, ae_type, breaches, admissions)


def parse_ae_table(
    table: RawTable, today: date, org_codes: frozenset[str] | None = None
) -> tuple[list[ActivityCount], list[DataIssue]]:
    """Every row (or only the trusts asked for) as counts, or every problem in the file."""
    issues = check_header(table, AE_COLUMNS)
    if issues:
        return [], issues
    reader = CellReader(table)
    counts: list[tuple[int, ActivityCount]] = []
    org_column = table.header.index("org_code")
    for index, row in enumerate(table.rows):
        if org_codes is not None and row[org_column].upper() not in org_codes:
            continue
        count = _read_row(reader, index, today)
        if count is not None:
            counts.append((table.row_numbers[index], count))
    issues = reader.issues + check_duplicates(counts, table, "A&E")
    if org_codes is not None and not issues:
        found = {count.provider_code for _, count in counts}
        issues += [
            DataIssue(table.source, f"has no rows for {code}", expected="a trust in the file")
            for code in sorted(org_codes - found)
        ]
    return ([], issues) if issues else ([count for _, count in counts], [])


def load_ae_file(
    path: Path, today: date, org_codes: frozenset[str] | None = None
) -> tuple[list[ActivityCount], list[DataIssue]]:
    table, issues = load_table(path, AE_SHEET)
    if table is None:
        return [], issues
    counts, more = parse_ae_table(table, today, org_codes)
    return counts, issues + more


def parse_ae_bytes(
    data: bytes, source: str, today: date, org_codes: frozenset[str] | None = None
) -> tuple[list[ActivityCount], list[DataIssue]]:
    table, issues = parse_table_bytes(data, source, AE_SHEET)
    if table is None:
        return [], issues
    counts, more = parse_ae_table(table, today, org_codes)
    return counts, issues + more
