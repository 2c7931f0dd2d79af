"""The audit log is hash-chained: a changed, inserted or deleted row is detected."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from openbook.kernel.audit import record_event, verify_chain
from openbook.kernel.database import Database
from openbook.kernel.tables import AuditEventRow


def write_events(db: Database, count: int) -> None:
    for index in range(count):
        with db.transaction() as session:
            record_event(
                session,
                actor="fd-rbd",
                action="test.recorded",
                entity="test",
                entity_id=f"T{index}",
                before=None,
                after={"n": index},
                reason="because",
            )


def problems(db: Database) -> list[str]:
    with db.reading() as session:
        return [p.message for p in verify_chain(session)[1]]


def test_an_untouched_log_verifies(db: Database) -> None:
    write_events(db, 5)
    with db.reading() as session:
        count, found = verify_chain(session)
    assert (count, found) == (5, [])


def test_a_changed_payload_is_detected(db: Database) -> None:
    write_events(db, 4)
    with db.transaction() as session:
        session.execute(
            update(AuditEventRow)
            .where(AuditEventRow.sequence == 2)
            .values(payload='{"tampered": true}')
        )
    assert "its content does not match its hash: the row was changed" in problems(db)


def test_a_changed_column_is_detected(db: Database) -> None:
    write_events(db, 3)
    with db.transaction() as session:
        session.execute(
            update(AuditEventRow).where(AuditEventRow.sequence == 3).values(actor="someone-else")
        )
    assert problems(db) == ["column(s) actor differ from the hashed record: the row was changed"]


def test_a_deleted_row_is_detected(db: Database) -> None:
    write_events(db, 4)
    with db.transaction() as session:
        session.execute(delete(AuditEventRow).where(AuditEventRow.sequence == 2))
    found = problems(db)
    assert "event 2 is missing (next present is 3): a row was deleted" in found
    assert "does not follow the previous event's hash" in found


def test_a_deleted_last_row_is_detected(db: Database) -> None:
    write_events(db, 3)
    with db.transaction() as session:
        session.execute(delete(AuditEventRow).where(AuditEventRow.sequence == 3))
    assert problems(db) == [
        "the log should end at event 3 but ends at 2: the last row(s) were deleted"
    ]


def test_a_rolled_back_write_leaves_no_event(db: Database) -> None:
    write_events(db, 1)
    try:
        with db.transaction() as session:
            record_event(
                session,
                actor="x",
                action="test.recorded",
                entity="test",
                entity_id="gone",
                before=None,
                after=None,
            )
            raise RuntimeError("the write fails after the event")
    except RuntimeError:
        pass
    with db.reading() as session:
        ids = list(session.scalars(select(AuditEventRow.entity_id)))
        assert ids == ["T0"]
        assert verify_chain(session)[1] == []


def test_concurrent_writers_queue_instead_of_forking_the_chain(db: Database) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def writer(name: str) -> None:
        for index in range(5):
            with db.transaction() as session:
                record_event(
                    session,
                    actor=name,
                    action="test.recorded",
                    entity="test",
                    entity_id=f"{name}-{index}",
                    before=None,
                    after={"n": index},
                )

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(writer, ["a", "b", "c", "d"]))
    with db.reading() as session:
        count, found = verify_chain(session)
    assert (count, found) == (20, [])


def write_to(db: Database, chain: str | None, count: int) -> None:
    for index in range(count):
        with db.transaction() as session:
            record_event(
                session,
                actor="fd-rbd",
                action="test.recorded",
                entity="test",
                entity_id=f"{chain}/T{index}",
                before=None,
                after={"n": index},
                chain=chain,
            )


def test_each_system_has_its_own_chain_numbered_from_one(db: Database) -> None:
    write_to(db, None, 2)
    write_to(db, "QVV", 3)
    write_to(db, "QNQ", 2)
    write_to(db, None, 1)
    with db.reading() as session:
        rows = session.scalars(select(AuditEventRow).order_by(AuditEventRow.sequence)).all()
        assert [(r.chain, r.chain_sequence) for r in rows] == [
            ("store", 1),
            ("store", 2),
            ("QVV", 1),
            ("QVV", 2),
            ("QVV", 3),
            ("QNQ", 1),
            ("QNQ", 2),
            ("store", 3),
        ]
        assert verify_chain(session) == (8, [])
        assert verify_chain(session, "QVV") == (3, [])
        assert verify_chain(session, "store") == (3, [])


def test_a_system_chain_tampered_with_is_named_and_the_others_still_verify(db: Database) -> None:
    write_to(db, None, 2)
    write_to(db, "QVV", 3)
    write_to(db, "QNQ", 2)
    with db.transaction() as session:
        session.execute(
            update(AuditEventRow)
            .where(AuditEventRow.chain == "QVV", AuditEventRow.chain_sequence == 2)
            .values(actor="someone-else")
        )
        session.execute(
            delete(AuditEventRow).where(
                AuditEventRow.chain == "QNQ", AuditEventRow.chain_sequence == 2
            )
        )
    with db.reading() as session:
        assert [(p.chain, p.sequence, p.message) for p in verify_chain(session)[1]] == [
            (
                "QVV",
                2,
                "column(s) actor differ from the hashed record: the row was changed (chain QVV)",
            ),
            (
                "QNQ",
                None,
                "the log should end at event 2 but ends at 1: the last row(s) were deleted "
                "(chain QNQ)",
            ),
        ]
        assert verify_chain(session, "store")[1] == []


def test_an_event_moved_to_another_chain_is_detected(db: Database) -> None:
    write_to(db, "QVV", 2)
    write_to(db, "QNQ", 1)
    with db.transaction() as session:
        session.execute(
            update(AuditEventRow)
            .where(AuditEventRow.chain == "QNQ")
            .values(chain="QVV", chain_sequence=3)
        )
    assert any("chain differ" in message for message in problems(db))
