"""Audit events read as changes: what went from what to what."""

from __future__ import annotations

from openbook.kernel.audit_diff import describe_change


def test_a_change_names_each_field_from_old_to_new() -> None:
    before = {"status": "open", "amount": "1500000.00", "gone": 1}
    after = {"status": "enacted", "amount": "1500000.00", "ledger": {"lines": 4}}
    assert describe_change(before, after) == (
        "gone: (removed); ledger.lines: 4; status: open → enacted"
    )


def test_a_creation_lists_what_was_created_and_nothing_is_empty() -> None:
    assert describe_change(None, {"closed": True}) == "closed: true"
    assert describe_change(None, None) == ""
    assert len(describe_change(None, {"text": "x" * 5000})) == 600
