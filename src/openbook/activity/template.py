"""A blank monthly activity return for a provider: a row per commissioner and point of
delivery, to fill in and load with `openbook activity load FILE --kind return`."""

from __future__ import annotations

from pathlib import Path

from openbook.activity.file.activity_return import ACTIVITY_SHEET, OPTIONAL_COLUMNS, RETURN_COLUMNS
from openbook.activity.model.activity import POINTS_OF_DELIVERY
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.kernel.period import FinancialYear, check_month, month_label
from openbook.kernel.table_writer import Cell, render_csv, render_xlsx
from openbook.reference import contract_store
from openbook.reference import store as organisations

GUIDE = (
    ("How to fill in this activity return",),
    ("One row per commissioner and point of delivery (NHS England E.M codes) for the month.",),
    ("actual: the month's count (attendances or spells), a whole number, 0 if none.",),
    ("plan: only for contracted volumes agreed with the commissioner; otherwise leave blank.",),
    ("Load: openbook activity load FILE --kind return. Nothing is stored unless all is valid.",),
)


def build_activity_template(
    db: Database, provider_code: str, year: FinancialYear, month: int
) -> list[list[Cell]]:
    check_month(month)
    with db.reading() as session:
        if organisations.get_organisation(session, provider_code) is None:
            raise NotFoundError(f"organisation {provider_code!r} is not known")
        commissioners = sorted(
            {
                c.commissioner_code
                for c in contract_store.list_contracts(session, year, provider_code)
                if c.provider_code == provider_code
            }
        )
    if not commissioners:
        raise NotFoundError(f"{provider_code} has no contracts in {year.label}")
    return [
        [provider_code, commissioner, year.label, month_label(month), pod, "", ""]
        for commissioner in commissioners
        for pod in POINTS_OF_DELIVERY
    ]


def write_activity_template(
    db: Database, provider_code: str, year: FinancialYear, month: int, path: Path
) -> int:
    rows = build_activity_template(db, provider_code, year, month)
    header = RETURN_COLUMNS + OPTIONAL_COLUMNS
    if path.suffix.lower() == ".xlsx":
        data = render_xlsx(
            [(ACTIVITY_SHEET, header, rows), ("Guide", ("guide",), [list(g) for g in GUIDE])],
            {"A": 14, "B": 18, "C": 15, "D": 8, "E": 10, "F": 10, "G": 10},
        )
    elif path.suffix.lower() == ".csv":
        data = render_csv(header, rows)
    else:
        raise OpenbookError(f"{path.name}: write a .csv or .xlsx file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(rows)
