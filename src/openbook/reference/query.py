"""Read-only questions about the reference data."""

from __future__ import annotations

from openbook.kernel.database import Database
from openbook.reference import store as organisations


def list_systems_with_years(db: Database) -> list[tuple[str, str, list[str]]]:
    with db.reading() as session:
        return [
            (
                system.system_code,
                system.name,
                [
                    year.label
                    for year in organisations.list_member_years(session, system.system_code)
                ],
            )
            for system in organisations.list_systems(session)
        ]
