"""Deep verification rebuilds returns, control totals, user roles and proposal states from
the audit events and compares them with the tables: a change made with raw SQL, round the
application, is listed by `deep_verify` while the hash chain alone still says intact."""

from __future__ import annotations

from sqlalchemy import text

from openbook.kernel.audit_deep import deep_verify
from openbook.kernel.audit_log import verify_audit_log
from openbook.kernel.database import Database
from openbook.rebalancing.enact import enact
from tests.principals import DEPUTY
from tests.rebalancing.test_proposal import approve_all, year_end_proposal


def raw_sql(db: Database, statement: str, **values: object) -> None:
    """Round the application: no use case, no audit event."""
    with db.engine.begin() as connection:
        connection.execute(text(statement), values)


def differences(db: Database) -> list[str]:
    return [str(d) for d in deep_verify(db).differences]


def test_the_untouched_demonstration_matches_its_events(demo_db: Database) -> None:
    proposal = year_end_proposal(demo_db)
    approve_all(demo_db, proposal.ref)
    enact(demo_db, proposal.ref, DEPUTY)
    report = deep_verify(demo_db)
    assert report.differences == []
    assert set(report.covered) == {
        "control totals",
        "ledger transfers",
        "user roles and active flags",
        "return versions",
        "proposal states and decisions",
        "notes on SPC charts",
    }


def test_a_control_total_changed_with_sql_is_reported(demo_db: Database) -> None:
    raw_sql(
        demo_db,
        "UPDATE control_total SET amount = 0 WHERE org_code = 'RD3' AND financial_year = "
        "'2017/18' AND version = (SELECT MAX(version) FROM control_total "
        "WHERE org_code = 'RD3' AND financial_year = '2017/18')",
    )
    assert verify_audit_log(demo_db)[1] == []  # the chain alone sees nothing
    found = differences(demo_db)
    assert len(found) == 1
    assert found[0].startswith("control totals: RD3 2017/18 v")
    assert "the table holds £0.00; the events record £" in found[0]


def test_a_role_granted_with_sql_is_reported(demo_db: Database) -> None:
    raw_sql(demo_db, "UPDATE user_account SET role = 'administrator' WHERE username = 'rd3.viewer'")
    raw_sql(
        demo_db, "UPDATE user_account SET active = :no WHERE username = 'rbd.approver'", no=False
    )
    assert verify_audit_log(demo_db)[1] == []
    assert differences(demo_db) == [
        "user roles and active flags: rbd.approver: the table holds role approver, deactivated; "
        "the events record role approver, active",
        "user roles and active flags: rd3.viewer: the table holds role administrator, active; "
        "the events record role viewer, active",
    ]


def test_a_return_line_changed_with_sql_is_reported(demo_db: Database) -> None:
    raw_sql(
        demo_db,
        "UPDATE return_line SET forecast_outturn = forecast_outturn + 1000000 WHERE return_id = "
        "(SELECT MAX(id) FROM finance_return WHERE org_code = 'RD3') AND line_code = "
        "(SELECT MIN(line_code) FROM return_line WHERE return_id = "
        "(SELECT MAX(id) FROM finance_return WHERE org_code = 'RD3'))",
    )
    found = differences(demo_db)
    assert len(found) == 1 and found[0].startswith("return versions: RD3 ")
    assert "the figures were changed after submission" in found[0]


def test_a_proposal_enacted_with_sql_and_a_row_without_event_are_reported(
    demo_db: Database,
) -> None:
    proposal = year_end_proposal(demo_db)
    raw_sql(demo_db, "UPDATE proposal SET status = 'enacted' WHERE ref = :ref", ref=proposal.ref)
    raw_sql(
        demo_db,
        "INSERT INTO control_total (org_code, financial_year, version, amount, reason, "
        "recorded_at, recorded_by, effective_month) VALUES ('RD3', '2017/18', 99, 0, 'quiet', "
        "'2018-04-01 00:00:00', 'nobody', 1)",
    )
    assert differences(demo_db) == [
        "control totals: RD3 2017/18 v99: the table holds £0.00 from M1 but no event records "
        "this version (written round the application?)",
        f"proposal states and decisions: {proposal.ref}: the table says enacted; "
        "the events record open",
    ]


def test_a_ledger_line_changed_with_sql_is_reported(demo_db: Database) -> None:
    proposal = year_end_proposal(demo_db)
    approve_all(demo_db, proposal.ref)
    enact(demo_db, proposal.ref, DEPUTY)
    raw_sql(
        demo_db,
        "UPDATE ledger_entry SET amount = amount * 2 WHERE transfer_ref = :ref",
        ref=f"{proposal.ref}/T1",
    )
    assert differences(demo_db) == [
        f"ledger transfers: {proposal.ref}/T1: the ledger holds RD3 £1800000.00, "
        "RDZ £-1800000.00; the event records RD3 £900000.00, RDZ £-900000.00"
    ]
