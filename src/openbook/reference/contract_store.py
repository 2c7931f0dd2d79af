"""Contracts between commissioners and providers, versioned: reads and writes inside the
caller's transaction."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from openbook.kernel.period import FinancialYear
from openbook.reference.model.contract import Contract, ContractType
from openbook.reference.tables import ContractRow


def _to_contract(row: ContractRow) -> Contract:
    return Contract(
        row.commissioner_code,
        row.provider_code,
        FinancialYear.parse(row.financial_year),
        ContractType(row.contract_type),
        row.annual_value,
        tuple(Decimal(share) for share in row.phasing),
    )


def record_contract(session: Session, contract: Contract) -> int:
    latest = session.scalar(
        select(func.max(ContractRow.version)).where(
            ContractRow.commissioner_code == contract.commissioner_code,
            ContractRow.provider_code == contract.provider_code,
            ContractRow.financial_year == contract.financial_year.label,
        )
    )
    version = (latest or 0) + 1
    session.add(
        ContractRow(
            commissioner_code=contract.commissioner_code,
            provider_code=contract.provider_code,
            financial_year=contract.financial_year.label,
            version=version,
            contract_type=contract.contract_type.value,
            annual_value=contract.annual_value,
            phasing=[str(share) for share in contract.phasing],
        )
    )
    session.flush()
    return version


def list_contracts(
    session: Session, year: FinancialYear, org_code: str | None = None
) -> list[Contract]:
    """The latest version of each contract in a year, optionally for one party: the party
    and the latest version are chosen in SQL, so a national store reads only those rows."""
    in_year = [ContractRow.financial_year == year.label]
    if org_code is not None:
        in_year.append(
            or_(ContractRow.commissioner_code == org_code, ContractRow.provider_code == org_code)
        )
    latest = (
        select(
            ContractRow.commissioner_code,
            ContractRow.provider_code,
            func.max(ContractRow.version).label("version"),
        )
        .where(*in_year)
        .group_by(ContractRow.commissioner_code, ContractRow.provider_code)
        .subquery()
    )
    query = (
        select(ContractRow)
        .join(
            latest,
            and_(
                ContractRow.commissioner_code == latest.c.commissioner_code,
                ContractRow.provider_code == latest.c.provider_code,
                ContractRow.version == latest.c.version,
            ),
        )
        .where(ContractRow.financial_year == year.label)
        .order_by(ContractRow.commissioner_code, ContractRow.provider_code)
    )
    return [_to_contract(row) for row in session.scalars(query)]
