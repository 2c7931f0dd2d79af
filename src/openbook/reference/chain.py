"""Which audit chain a write about organisations' figures goes to (kernel/audit.py: one
chain per system, one for the store)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.kernel.tables import STORE_CHAIN
from openbook.reference.tables import MembershipRow


def chain_of_organisations(session: Session, org_codes: Iterable[str]) -> str:
    """The audit chain for a write about these organisations' figures: their system's, when
    they have only ever been members of that one (so no other system's answers read them),
    else the store's, which every system's cached answers follow."""
    query = (
        select(MembershipRow.system_code)
        .where(MembershipRow.org_code.in_(sorted(set(org_codes))))
        .distinct()
    )
    systems = list(session.scalars(query.limit(2)))
    return systems[0] if len(systems) == 1 else STORE_CHAIN
