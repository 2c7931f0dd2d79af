"""An external anchor makes the audit chain worth its name: rewriting an event and
recomputing every later hash, or deleting the last events and rewinding the head, passes the
chain's own check but fails against any earlier anchor, which is named."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from openbook.kernel.audit import verify_chain
from openbook.kernel.audit_anchor import (
    DatabaseAnchors,
    FileAnchors,
    attach_anchor_targets,
    store_identity,
)
from openbook.kernel.audit_log import get_audit_head, record_anchor, verify_audit_log
from openbook.kernel.database import Database
from openbook.kernel.tables import AuditEventRow
from tests.kernel.test_audit import write_events


def rewrite_history(
    db: Database, sequence: int, after: dict[str, object], chain: str = "store"
) -> None:
    """The attack: change one event's payload with SQL (the event at `sequence` in `chain`),
    then recompute its hash and every later one of its chain, and move the chain's head, so
    that the chain is consistent again."""
    with db.transaction() as session:
        rows = session.execute(
            text(
                "SELECT sequence, chain_sequence, payload, prev_hash, hash FROM audit_event "
                "WHERE chain = :chain ORDER BY chain_sequence"
            ),
            {"chain": chain},
        ).all()
        prev = rows[0].prev_hash
        for row in rows:
            payload = row.payload
            if row.chain_sequence == sequence:
                event = json.loads(payload)
                event["after"] = after
                payload = json.dumps(event, sort_keys=True, separators=(",", ":"))
            if row.chain_sequence >= sequence:
                digest = hashlib.sha256((prev + payload).encode()).hexdigest()
                session.execute(
                    text(
                        "UPDATE audit_event SET payload = :payload, prev_hash = :prev, "
                        "hash = :hash WHERE sequence = :sequence"
                    ),
                    {"payload": payload, "prev": prev, "hash": digest, "sequence": row.sequence},
                )
                prev = digest
            else:
                prev = row.hash
        session.execute(
            text("UPDATE audit_head SET last_hash = :hash WHERE chain = :chain"),
            {"hash": prev, "chain": chain},
        )


def cut_history(db: Database, keep: int, chain: str = "store") -> None:
    """The attack: delete every event of `chain` after `keep` and rewind its head to it."""
    where = {"s": keep, "c": chain}
    with db.transaction() as session:
        last = session.execute(
            text("SELECT hash FROM audit_event WHERE chain = :c AND chain_sequence = :s"), where
        ).scalar_one()
        session.execute(
            text("DELETE FROM audit_event WHERE chain = :c AND chain_sequence > :s"), where
        )
        session.execute(
            text("UPDATE audit_head SET last_sequence = :s, last_hash = :h WHERE chain = :c"),
            {**where, "h": last},
        )


def chain_alone(db: Database) -> list[str]:
    with db.reading() as session:
        return [p.message for p in verify_chain(session)[1]]


def test_an_untouched_store_matches_its_anchors(db: Database, tmp_path: Path) -> None:
    anchors = FileAnchors(tmp_path / "anchors.jsonl")
    write_events(db, 3)
    [first] = record_anchor(db, [anchors])  # one chain, the store's: one anchor
    write_events(db, 2)
    [second] = record_anchor(db, [anchors])
    assert (first.sequence, second.sequence) == (3, 5)
    lines = (tmp_path / "anchors.jsonl").read_text().splitlines()
    assert [json.loads(line)["sequence"] for line in lines] == [3, 5]
    assert json.loads(lines[1])["hash"] == get_audit_head(db).hash
    assert json.loads(lines[0])["store"] == store_identity(db.engine)
    assert verify_audit_log(db, [anchors]) == (5, [])


def test_a_rewritten_event_with_later_hashes_recomputed_fails_against_an_anchor(
    db: Database, tmp_path: Path
) -> None:
    anchors = FileAnchors(tmp_path / "anchors.jsonl")
    write_events(db, 4)
    record_anchor(db, [anchors])
    write_events(db, 2)
    rewrite_history(db, 2, {"n": 999})
    assert chain_alone(db) == []  # the chain alone no longer sees it
    count, problems = verify_audit_log(db, [anchors])
    assert count == 6
    assert len(problems) == 1 and problems[0].sequence == 4
    message = problems[0].message
    assert f"anchor at {tmp_path / 'anchors.jsonl'} line 1 (event 4" in message
    assert "the history up to it was rewritten" in message


def test_deleted_last_events_with_the_head_rewound_fail_against_an_anchor(
    db: Database, tmp_path: Path
) -> None:
    anchors = FileAnchors(tmp_path / "anchors.jsonl")
    write_events(db, 3)
    record_anchor(db, [anchors])
    write_events(db, 3)
    record_anchor(db, [anchors])
    cut_history(db, 4)
    assert chain_alone(db) == []
    _, problems = verify_audit_log(db, [anchors])
    assert [p.sequence for p in problems] == [6]
    assert "line 2 (event 6" in problems[0].message
    assert "the event is gone and the log ends at event 4" in problems[0].message
    assert "deleted and the head rewound" in problems[0].message


def test_a_rewrite_after_the_last_anchor_is_not_caught_by_it(db: Database, tmp_path: Path) -> None:
    """What the anchor does not cover: events written since it was taken."""
    anchors = FileAnchors(tmp_path / "anchors.jsonl")
    write_events(db, 2)
    record_anchor(db, [anchors])
    write_events(db, 2)
    rewrite_history(db, 4, {"n": -1})
    assert verify_audit_log(db, [anchors]) == (4, [])


def test_an_anchor_file_without_this_store_fails(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "anchors.jsonl"
    path.write_text(
        json.dumps(
            {"store": "sqlite:///elsewhere.db", "sequence": 1, "hash": "ab" * 32,
             "anchored_at": "2026-01-01T00:00:00+00:00"}
        )
        + "\n"
    )  # fmt: skip
    write_events(db, 1)
    _, problems = verify_audit_log(db, [FileAnchors(path)])
    assert problems[0].message == (
        f"{path} holds no anchor of this store ({store_identity(db.engine)}); "
        "it holds anchors of sqlite:///elsewhere.db"
    )
    _, missing = verify_audit_log(db, [FileAnchors(tmp_path / "none.jsonl")])
    assert "cannot read anchors from" in missing[0].message


def test_a_second_database_takes_anchors_and_refuses_their_change(
    db: Database, tmp_path: Path
) -> None:
    anchors = DatabaseAnchors(f"sqlite:///{tmp_path / 'anchors.db'}")
    write_events(db, 3)
    record_anchor(db, [anchors])
    write_events(db, 1)
    assert verify_audit_log(db, [anchors]) == (4, [])
    with anchors.engine.begin() as connection, pytest.raises(DatabaseError, match="append-only"):
        connection.execute(text("UPDATE audit_anchor SET hash = 'x'"))
    with anchors.engine.begin() as connection, pytest.raises(DatabaseError, match="append-only"):
        connection.execute(text("DELETE FROM audit_anchor"))
    rewrite_history(db, 1, {"n": 7})
    _, problems = verify_audit_log(db, [anchors])
    assert "audit_anchor id 1 (event 3" in problems[0].message
    anchors.dispose()


def test_anchors_attached_to_the_store_are_where_record_anchor_writes(
    db: Database, tmp_path: Path
) -> None:
    attach_anchor_targets(db, [FileAnchors(tmp_path / "a.jsonl"), FileAnchors(tmp_path / "b")])
    write_events(db, 2)
    [anchor] = record_anchor(db)
    for name in ("a.jsonl", "b"):
        assert json.loads((tmp_path / name).read_text())["sequence"] == anchor.sequence == 2
    with db.reading() as session:
        last = session.scalars(select(AuditEventRow.hash).where(AuditEventRow.sequence == 2))
        assert anchor.hash == last.one()
