"""A grantor cannot use a grant: whoever created an approver's account or granted their role
may not have them approve (or enact) what they proposed; and no one person gives two of the
approvals a proposal needs. Each refusal leaves the proposal and the audit head as they were."""

from __future__ import annotations

import pytest

from openbook.accounts import account, roles
from openbook.accounts.grants import confirm_grant
from openbook.kernel.access import Principal, Role
from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError
from openbook.rebalancing.decide import decide, may_decide, may_enact
from openbook.rebalancing.enact import enact
from openbook.rebalancing.model import SYSTEM_LEAD, Decision
from openbook.rebalancing.view import get_proposal_view
from tests.accounts.people import PASSWORD, stored_user
from tests.principals import approver_for
from tests.rebalancing.test_proposal import year_end_proposal


def _state(db: Database, ref: str) -> tuple[object, ...]:
    view = get_proposal_view(db, ref)
    return (view.status, tuple(view.missing), head_sequence(db.engine))


def _signed_in(db: Database, name: str) -> Principal:
    return account.authenticate(db, name, PASSWORD)


def test_an_approver_created_by_the_proposer_cannot_approve(demo_db: Database) -> None:
    ref = year_end_proposal(demo_db).ref  # proposed by system.lead
    stored_user(demo_db, "rd3.friend", Role.APPROVER, "RD3", created_by="system.lead")
    friend = _signed_in(demo_db, "rd3.friend")
    assert not may_decide(friend, get_proposal_view(demo_db, ref))
    before = _state(demo_db, ref)
    with pytest.raises(ForbiddenError, match="four eyes"):
        decide(demo_db, ref, Decision.APPROVE, friend)
    assert _state(demo_db, ref) == before


def test_an_approver_whose_role_the_proposer_confirmed_cannot_approve(demo_db: Database) -> None:
    """carol was an administrator: she confirmed dan's approver role, then became a system
    finance lead (through two other administrators) and proposed; dan may not approve it."""
    ada = stored_user(demo_db, "ada.admin", Role.ADMINISTRATOR)
    bob = stored_user(demo_db, "bob.admin", Role.ADMINISTRATOR)
    carol = stored_user(demo_db, "carol", Role.ADMINISTRATOR)
    stored_user(demo_db, "dan", Role.VIEWER, "RD3")
    grant = roles.set_role(demo_db, "dan", Role.APPROVER, ada)
    assert grant is not None
    confirm_grant(demo_db, grant.id, carol)
    grant = roles.set_role(demo_db, "carol", Role.SYSTEM_LEAD, ada)
    assert grant is not None
    confirm_grant(demo_db, grant.id, bob)
    lead = _signed_in(demo_db, "carol")
    assert lead.role is Role.SYSTEM_LEAD
    ref = year_end_proposal(demo_db, by=lead).ref
    dan = _signed_in(demo_db, "dan")
    assert dan.role is Role.APPROVER and "carol" in dan.grantors
    before = _state(demo_db, ref)
    with pytest.raises(ForbiddenError, match="carol proposed"):
        decide(demo_db, ref, Decision.APPROVE, dan)
    assert _state(demo_db, ref) == before
    # someone carol did not vouch for approves as usual
    decide(demo_db, ref, Decision.APPROVE, _signed_in_demo(demo_db, "rd3.approver"))
    assert "RD3" not in get_proposal_view(demo_db, ref).missing


def _signed_in_demo(db: Database, name: str) -> Principal:
    return account.authenticate(db, name, "openbook-demo")


def test_a_system_lead_made_by_the_proposer_can_neither_approve_nor_enact(
    demo_db: Database,
) -> None:
    ref = year_end_proposal(demo_db).ref
    stored_user(demo_db, "lead.friend", Role.SYSTEM_LEAD, "11J", created_by="system.lead")
    friend = _signed_in(demo_db, "lead.friend")
    before = _state(demo_db, ref)
    with pytest.raises(ForbiddenError, match="four eyes"):
        decide(demo_db, ref, Decision.APPROVE, friend)
    assert _state(demo_db, ref) == before
    for slot in ("RD3", "RDY", "RDZ", SYSTEM_LEAD):
        decide(demo_db, ref, Decision.APPROVE, approver_for(slot))
    assert not may_enact(friend, get_proposal_view(demo_db, ref))
    before = _state(demo_db, ref)
    with pytest.raises(ForbiddenError, match="four eyes"):
        enact(demo_db, ref, friend)
    assert _state(demo_db, ref) == before


def test_one_person_cannot_give_two_approvals(demo_db: Database) -> None:
    """An approver of RD3 who approves and then becomes a system finance lead cannot approve
    again for the system."""
    ref = year_end_proposal(demo_db).ref
    as_approver = Principal(0, "pat", "Pat", "RD3", Role.APPROVER)
    as_lead = Principal(0, "pat", "Pat", "11J", Role.SYSTEM_LEAD)
    decide(demo_db, ref, Decision.APPROVE, as_approver)
    before = _state(demo_db, ref)
    with pytest.raises(ForbiddenError, match="already decided"):
        decide(demo_db, ref, Decision.APPROVE, as_lead)
    assert _state(demo_db, ref) == before
