"""Governance on the Dorset demonstration system: loading 2017/18 raises what a finance
director expects, once, at the right body; evaluation is idempotent; the year-end transfer
becomes a recorded joint decision; the path, actions, notifications by real SMTP, and the
M12 pack as a PDF whose figures match `openbook position`."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader
from sqlalchemy import func, select

from openbook.finance.position_report import get_system_position
from openbook.finance.rules import CIP_BEHIND, ORG_BEHIND, SYSTEM_BEHIND
from openbook.governance.config import load_governance_text
from openbook.governance.decisions import list_decisions, record_decision, render_decisions
from openbook.governance.escalation_view import EscalationView, list_escalation_views
from openbook.governance.escalations import (
    add_action,
    complete_action,
    escalate,
    escalate_overdue,
    raise_escalation,
    resolve,
)
from openbook.governance.evaluate import evaluate_escalations
from openbook.governance.model.governance import EscalationStatus
from openbook.governance.notifications import list_notifications
from openbook.governance.outbox import OutboxPolicy, send_outbox
from openbook.governance.pack import build_board_pack, render_board_pack
from openbook.governance.tables import EscalationRow
from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, InvalidDataError, OpenbookError
from openbook.kernel.money import format_thousands
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Remit
from openbook.rebalancing.enact import enact
from tests.principals import ADMIN, DEPUTY, principal
from tests.rebalancing.test_proposal import approve_all, year_end_proposal

Y1718, Y1819 = FinancialYear.parse("2017/18"), FinancialYear.parse("2018/19")


def find(views: list[EscalationView], rule: str, subject: str) -> list[EscalationView]:
    return [v for v in views if v.rule == rule and v.subject == subject]


def test_2017_18_raises_the_provider_behind_its_control_total_once_at_ofrg(
    demo_db: Database,
) -> None:
    views = list_escalation_views(demo_db, "QVV", financial_year="2017/18")
    (behind,) = find(views, ORG_BEHIND, "RD3")
    assert (behind.body_code, behind.month, behind.status) == ("ofrg", 5, "open")
    assert behind.title == "RD3 forecast £1,500k behind its control total"
    assert [e.kind for e in behind.events] == ["raised", "action"]
    assert behind.actions[0].owner == "rd3.approver"
    assert find(views, SYSTEM_BEHIND, "QVV") == []  # the system as a whole is £200k ahead
    assert {v.subject for v in views if v.rule == ORG_BEHIND} == {"RD3"}
    assert [v.body_code for v in find(views, CIP_BEHIND, "RD3")] == ["ofrg"]
    (system_1819,) = find(
        list_escalation_views(demo_db, "QVV", financial_year="2018/19"), SYSTEM_BEHIND, "QVV"
    )
    assert system_1819.body_code == "slt"


def test_evaluation_is_idempotent(demo_db: Database) -> None:
    before = (len(list_escalation_views(demo_db, "QVV")), head_sequence(demo_db.engine))
    for _ in range(2):
        result = evaluate_escalations(demo_db, "QVV", Y1718, 12, date(2018, 4, 20))
        assert (result.raised, result.reopened, result.cleared) == ((), (), ())
        assert len(result.still_open) >= 2
    assert (len(list_escalation_views(demo_db, "QVV")), head_sequence(demo_db.engine)) == before


def test_the_year_end_transfer_is_a_recorded_joint_decision(demo_db: Database) -> None:
    proposal = year_end_proposal(demo_db)
    approve_all(demo_db, proposal.ref)
    today = demo_db.clock.today()
    with pytest.raises(ConflictError, match="has not been agreed"):
        record_decision(
            demo_db,
            "QVV",
            body_code="ofrg",
            meeting_date=today,
            title="x",
            decided="y",
            by=principal("11j.approver"),
            proposal_refs=(year_end_proposal(demo_db, rdz_gives=1_000_000).ref,),
        )
    with pytest.raises(ConflictError, match="cannot have approved it"):
        record_decision(
            demo_db,
            "QVV",
            body_code="ofrg",
            meeting_date=date(2018, 4, 20),  # before the proposal existed
            title="x",
            decided="y",
            by=principal("11j.approver"),
            proposal_refs=(proposal.ref,),
        )
    (cip,) = find(
        list_escalation_views(demo_db, "QVV", financial_year="2017/18"), CIP_BEHIND, "RD3"
    )
    decision = record_decision(
        demo_db,
        "QVV",
        body_code="ofrg",
        meeting_date=today,
        title="Year-end transfers 2017/18",
        decided="RDZ moves £0.9m and RDY £0.6m to RD3.",
        by=principal("11j.approver"),
        options=("Do nothing: RD3 loses £4.9m STF", "Transfer £1.5m"),
        proposal_refs=(proposal.ref,),
        resolves=(cip.ref,),
    )
    assert [(a.org_code, a.agreed_by, a.agreed_on) for a in decision.agreements] == [
        ("RD3", "dof-rd3", today),
        ("RDY", "dof-rdy", today),
        ("RDZ", "dof-rdz", today),
    ]
    enact(demo_db, proposal.ref, DEPUTY)
    # Enacting re-ran the rules: RD3 is no longer behind, so its escalation is cleared, kept.
    (behind,) = find(
        list_escalation_views(demo_db, "QVV", financial_year="2017/18"), ORG_BEHIND, "RD3"
    )
    assert behind.status == EscalationStatus.CLEARED
    assert behind.events[-1].kind == "cleared"
    (resolved,) = find(
        list_escalation_views(demo_db, "QVV", financial_year="2017/18"), CIP_BEHIND, "RD3"
    )
    assert resolved.status == "resolved" and decision.ref in (resolved.closing_note or "")
    # The body had recorded it, so enacting added no second entry.
    assert [d.ref for d in list_decisions(demo_db, "QVV", text="year-end")] == [decision.ref]
    assert list_decisions(demo_db, "QVV", text="nothing like it") == []
    assert b"Year-end transfers 2017/18" in render_decisions([decision], ".csv")
    inbox = list_notifications(demo_db, "rd3.approver")
    assert any(decision.ref in n.subject for n in inbox)


def test_an_enactment_nobody_recorded_reaches_the_decisions_log(demo_db: Database) -> None:
    proposal = year_end_proposal(demo_db)
    approve_all(demo_db, proposal.ref)
    enact(demo_db, proposal.ref, DEPUTY)
    (logged,) = [d for d in list_decisions(demo_db, "QVV") if proposal.ref in d.proposal_refs]
    assert logged.body_code == "ofrg" and logged.recorded_by == DEPUTY.username
    assert logged.title == f"Enacted {proposal.ref}: Get everyone over the line 2017/18"
    assert "RDZ gives RD3 £900k; RDY gives RD3 £600k" in logged.decided
    assert {(a.org_code, a.agreed_by) for a in logged.agreements} == {
        ("RD3", "dof-rd3"),
        ("RDY", "dof-rdy"),
        ("RDZ", "dof-rdz"),
    }


def test_the_escalation_path_and_actions(demo_db: Database) -> None:
    raised = raise_escalation(
        demo_db,
        "QVV",
        title="Agency spend over the cap at RBD",
        detail="£0.4m over",
        remit=Remit.WORKFORCE,
        subject="RBD",
        year=Y1819,
        month=6,
        by=principal("rbd.approver"),
        as_of=date(2018, 10, 20),
    )
    assert raised.body_code == "slt" and raised.due_on == date(2018, 11, 17)
    with_action = add_action(
        demo_db,
        raised.ref,
        "Agency review",
        "rbd.approver",
        date(2018, 11, 1),
        principal("system.lead"),
    )
    done = complete_action(
        demo_db, raised.ref, with_action.actions[0].id, "Cut 12 shifts", principal("rbd.approver")
    )
    assert done.actions[0].status == "done"
    up = escalate(demo_db, raised.ref, "not resolved at SLT", principal("system.lead"))
    assert up.body_code == "board"
    with pytest.raises(ConflictError, match="the top of the path"):
        escalate(demo_db, raised.ref, "again", principal("system.lead"))
    with pytest.raises(OpenbookError, match="needs a note"):
        resolve(demo_db, raised.ref, "  ", principal("system.lead"))
    closed = resolve(demo_db, raised.ref, "Agency cap met in November", principal("system.lead"))
    assert closed.status == "resolved"
    assert [e.kind for e in closed.events] == [
        "raised",
        "action",
        "action-done",
        "escalated",
        "resolved",
    ]
    with pytest.raises(ConflictError, match="only an open escalation"):
        escalate(demo_db, raised.ref, "x", principal("system.lead"))


def test_overdue_escalations_move_up_and_resolved_ones_stay_resolved(demo_db: Database) -> None:
    open_ofrg = list_escalation_views(
        demo_db, "QVV", status="open", body_code="ofrg", financial_year="2017/18"
    )
    moved = escalate_overdue(demo_db, "QVV", date(2018, 4, 21))
    assert {v.ref for v in open_ofrg} <= set(moved)
    after = list_escalation_views(demo_db, "QVV", financial_year="2017/18")
    assert all(v.body_code == "slt" for v in after if v.ref in {o.ref for o in open_ofrg})
    (behind,) = find(after, ORG_BEHIND, "RD3")
    resolve(demo_db, behind.ref, "Recovery plan agreed", principal("system.lead"))
    result = evaluate_escalations(demo_db, "QVV", Y1718, 12, date(2018, 4, 22))
    assert behind.ref not in result.still_open + result.raised + result.reopened
    with demo_db.reading() as session:
        count = session.scalar(
            select(func.count())
            .select_from(EscalationRow)
            .where(EscalationRow.condition_key == f"{ORG_BEHIND}|RD3")
        )
    assert count == 2  # one per financial year, never a second


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, list[bytes]]]:
    """A real SMTP server on a free local port; every message it receives is kept."""
    received: list[bytes] = []

    class Keep:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
            received.append(envelope.content)  # type: ignore[attr-defined]
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    yield f"smtp://127.0.0.1:{port}?from=openbook@dorset.example", received
    controller.stop()


def test_notifications_are_emailed_through_smtp(
    demo_db: Database, smtp_server: tuple[str, list[bytes]]
) -> None:
    url, received = smtp_server
    raise_escalation(
        demo_db,
        "QVV",
        title="Theatre list cancellations",
        detail="",
        remit=Remit.ACTIVITY,
        subject="RD3",
        year=Y1819,
        month=6,
        by=principal("rd3.viewer"),
    )
    done = send_outbox(demo_db, url)
    assert done.failed == done.dead == 0 and done.sent == len(received) > 0
    messages = [message_from_bytes(raw, policy=policy.default) for raw in received]
    subjects = {m["Subject"] for m in messages}
    assert any("Theatre list cancellations" in s for s in subjects)
    recipients = {m["To"] for m in messages}
    assert "rd3.approver@dorset.example.invalid" in recipients  # the affected organisation
    assert "rdz.viewer@dorset.example.invalid" in recipients  # a member of the CRG
    assert send_outbox(demo_db, url).sent == 0  # nothing is sent twice


def test_a_mail_server_that_is_down_loses_nothing(demo_db: Database) -> None:
    raise_escalation(
        demo_db,
        "QVV",
        title="Cath lab down",
        detail="",
        remit=Remit.QUALITY,
        subject="RBD",
        year=Y1819,
        month=6,
        by=principal("rbd.viewer"),
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    policy = OutboxPolicy(retry_seconds=0)
    done = send_outbox(demo_db, f"smtp://127.0.0.1:{port}", policy)
    assert done.sent == 0 and done.failed > 0
    again = send_outbox(demo_db, f"smtp://127.0.0.1:{port}", policy)
    assert again.failed == done.failed  # still pending, tried again


def test_the_m12_pack_renders_as_pdf_with_the_position_figures(demo_db: Database) -> None:
    pack = build_board_pack(demo_db, "QVV", "ofrg", date(2018, 4, 20))
    assert pack.period_label == "M12 2017/18" and pack.previous_meeting == date(2018, 3, 16)
    pdf = render_board_pack(pack, ".pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Operational finance reference group" in text
    assert "figures to March 2018 (M12 2017/18)" in text
    position = get_system_position(demo_db, "QVV", Y1718, 12)
    for org in [*position.organisations, position.position]:
        cells = [org.control_total, org.forecast_outturn, org.gap]
        row = " ".join(format_thousands(v) for v in cells if v is not None)
        assert row in text.replace("\n", " "), (org.code, row)
    assert "(1,500)" in text  # RD3's gap, as `openbook position` shows it
    for ref in (e.ref for e in pack.overdue):
        assert ref in text
    assert "RD3: share of A&E attendances seen within 4 hours" in text
    html = render_board_pack(pack, ".html").decode()
    assert "<svg" in html and "SYNTHETIC" in html
    assert render_board_pack(pack, ".xlsx")[:2] == b"PK"


def test_a_bad_governance_file_stores_nothing(demo_db: Database) -> None:
    before = head_sequence(demo_db.engine)
    text = (
        Path(__file__)
        .parents[2]
        .joinpath("src/openbook/demo/data/dorset_governance.yaml")
        .read_text()
    )
    bad = text.replace(
        "escalates_to: slt\n    chair: 11j.approver", "escalates_to: slt2\n    chair: 11j.approver"
    )
    bad = bad.replace(
        "rd3.viewer, rdz.viewer, system.lead]\n    meets: second thursday",
        "nobody.here, system.lead]\n    meets: second thursday",
    )
    with pytest.raises(InvalidDataError) as raised:
        load_governance_text(demo_db, bad, "dorset.yaml", ADMIN)
    assert [str(i) for i in raised.value.issues] == [
        "dorset.yaml:$.bodies: ofrg: escalates to 'slt2', not a body here",
        "dorset.yaml:$.bodies[4].members: qsg: member 'nobody.here' is not a user "
        "(create the user first: openbook users create)",
    ]
    assert head_sequence(demo_db.engine) == before
    assert load_governance_text(demo_db, text, "dorset.yaml", ADMIN) == 2


def test_approvers_hear_a_proposal_awaits_them_and_everyone_hears_it_enacted(
    demo_db: Database,
) -> None:
    proposal = year_end_proposal(demo_db)
    subjects = [n.subject for n in list_notifications(demo_db, "rd3.approver")]
    assert f"{proposal.ref} awaits your approval: Get everyone over the line 2017/18" in subjects
    assert any(proposal.ref in n.subject for n in list_notifications(demo_db, "system.deputy"))
    assert not any(proposal.ref in n.subject for n in list_notifications(demo_db, "rbd.approver"))
    approve_all(demo_db, proposal.ref)
    deputy = [n.subject for n in list_notifications(demo_db, "system.deputy")]
    assert f"{proposal.ref} is agreed and awaits enactment" in deputy
    enact(demo_db, proposal.ref, DEPUTY)
    for user in ("rd3.approver", "rdy.approver", "rdz.approver"):
        subjects = [n.subject for n in list_notifications(demo_db, user)]
        assert f"{proposal.ref} enacted: Get everyone over the line 2017/18" in subjects, user
