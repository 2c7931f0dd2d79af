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


def list_systems_summary(db: Database) -> list[dict[str, object]]:
    """Each system: code, name, the years it has members and how many organisations have
    been members in any of them (`openbook system list --format json`)."""
    with db.reading() as session:
        return [
            {
                "code": system.system_code,
                "name": system.name,
                "years": [
                    year.label
                    for year in organisations.list_member_years(session, system.system_code)
                ],
                "organisations": organisations.count_member_organisations(
                    session, system.system_code
                ),
            }
            for system in organisations.list_systems(session)
        ]
