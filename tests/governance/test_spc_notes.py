"""Notes on SPC charts: annotations drawn at once; a rebase changes the limits only when a
second person has agreed it, and only from its month; every step is a version and an audit
event; the escalation rules judge special cause against the limits in force."""

from __future__ import annotations

import json
from datetime import date

import pytest

from openbook.activity.ae_spc import ae_four_hour_charts
from openbook.governance import spc_notes
from openbook.governance.escalation_view import list_escalation_views
from openbook.governance.model.spc_note import SpcNote
from openbook.kernel.access import Role
from openbook.kernel.audit_log import list_audit_events, verify_audit_log
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError, NotFoundError, OpenbookError
from openbook.kernel.period import FinancialYear
from tests.principals import DEPUTY, LEAD, named

FY = FinancialYear(2018)
CHART = "ae-4h/RBD"
SWALLOW = "stroke_swallow_72h"


def _points(db: Database, month: int = 12, year: FinancialYear = FY) -> list[dict[str, object]]:
    chart = next(c for c in ae_four_hour_charts(db, ["RBD"], year, month))
    return list(chart.spec["data"]["values"])


def _limits(points: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return [(p["mean"], p["lpl"], p["upl"]) for p in points]


def _agreed_rebase(db: Database, day: date) -> SpcNote:
    proposed = spc_notes.propose_rebase(
        db, "QVV", chart=CHART, day=day, reason="streaming at the front door", by=LEAD
    )
    return spc_notes.agree_rebase(db, proposed.ref, by=DEPUTY, reason="seen the evidence")


def test_the_demonstration_has_no_notes_and_nothing_is_inferred(
    sqlite_demo_db: Database,
) -> None:
    assert spc_notes.list_notes(sqlite_demo_db, "QVV") == []
    points = _points(sqlite_demo_db)
    assert {p["group"] for p in points} == {0}  # special cause there is, but no rebase


def test_a_proposed_rebase_changes_nothing_until_a_second_person_agrees(
    sqlite_demo_db: Database,
) -> None:
    before = _points(sqlite_demo_db)
    proposed = spc_notes.propose_rebase(
        sqlite_demo_db, "QVV", chart=CHART, day=date(2017, 10, 1), reason="streaming", by=LEAD
    )
    assert proposed.status.value == "proposed" and _points(sqlite_demo_db) == before
    with pytest.raises(ForbiddenError, match="a second person agrees it"):
        spc_notes.agree_rebase(sqlite_demo_db, proposed.ref, by=LEAD)
    with pytest.raises(ForbiddenError, match="approver or the system lead"):
        spc_notes.agree_rebase(sqlite_demo_db, proposed.ref, by=named("rbd.sub", Role.SUBMITTER))
    agreed = spc_notes.agree_rebase(sqlite_demo_db, proposed.ref, by=DEPUTY)
    assert agreed.status.value == "agreed" and [v.version for v in agreed.versions] == [1, 2]
    assert _points(sqlite_demo_db) != before
    with pytest.raises(ConflictError, match="only a proposed rebase is agreed"):
        spc_notes.agree_rebase(sqlite_demo_db, proposed.ref, by=DEPUTY)


def test_a_rebase_splits_the_limits_at_its_month_only(sqlite_demo_db: Database) -> None:
    before = _points(sqlite_demo_db)
    as_at_m6 = _points(sqlite_demo_db, 6, FinancialYear(2017))  # the months before it
    _agreed_rebase(sqlite_demo_db, date(2017, 10, 1))
    after = _points(sqlite_demo_db)
    split = next(i for i, p in enumerate(after) if p["x"] == "2017-10-01")
    assert [p["group"] for p in after] == [0] * split + [1] * (len(after) - split)
    assert len(set(_limits(after[:split]))) == 1 and len(set(_limits(after[split:]))) == 1
    assert _limits(after[:split])[0] != _limits(after[split:])[0]
    # The values are the same; before its month, the chart as it was then is unchanged.
    assert [p["y"] for p in after] == [p["y"] for p in before]
    assert _points(sqlite_demo_db, 6, FinancialYear(2017)) == as_at_m6
    # Other providers' charts are not touched.
    rd3 = ae_four_hour_charts(sqlite_demo_db, ["RD3"], FY, 12)[0]
    assert {p["group"] for p in rd3.spec["data"]["values"]} == {0}


def test_withdrawing_an_agreed_rebase_restores_the_limits_and_keeps_its_versions(
    demo_db: Database,
) -> None:
    before = _points(demo_db)
    agreed = _agreed_rebase(demo_db, date(2017, 10, 1))
    with pytest.raises(OpenbookError, match="say why"):
        spc_notes.withdraw_note(demo_db, agreed.ref, by=LEAD, reason=" ")
    withdrawn = spc_notes.withdraw_note(demo_db, agreed.ref, by=LEAD, reason="wrong month")
    assert _points(demo_db) == before
    stored = spc_notes.get_note(demo_db, agreed.ref)
    assert stored == withdrawn
    assert [(v.status.value, v.actor) for v in stored.versions] == [
        ("proposed", "system.lead"),
        ("agreed", "system.deputy"),
        ("withdrawn", "system.lead"),
    ]


def test_annotations_are_drawn_and_described(sqlite_demo_db: Database) -> None:
    note = spc_notes.record_annotation(
        sqlite_demo_db,
        "QVV",
        chart="ae-4h/*",
        day=date(2017, 10, 1),
        label="Front-door streaming",
        note="GP streaming in every A&E",
        by=LEAD,
    )
    assert note.status.value == "recorded"
    for code in ("RBD", "RD3"):
        spec = ae_four_hour_charts(sqlite_demo_db, [code], FY, 12)[0].spec
        assert "note October 2017: Front-door streaming" in spec["description"]
        drawn = [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "rule"]
        assert drawn[0]["data"]["values"][0]["label"] == "Front-door streaming"
    assert {p["group"] for p in _points(sqlite_demo_db)} == {0}  # a note is not a rebase


def test_every_step_is_audited(demo_db: Database) -> None:
    agreed = _agreed_rebase(demo_db, date(2017, 10, 1))
    spc_notes.withdraw_note(demo_db, agreed.ref, by=LEAD, reason="wrong month")
    events = list_audit_events(demo_db, entity_id=agreed.ref)
    assert sorted((e.action, e.actor) for e in events) == [
        ("spc_note.agreed", "system.deputy"),
        ("spc_note.proposed", "system.lead"),
        ("spc_note.withdrawn", "system.lead"),
    ]
    withdrawn = next(e for e in events if e.action == "spc_note.withdrawn")
    payload = json.loads(withdrawn.payload)
    assert withdrawn.reason == "wrong month"
    assert payload["before"]["status"] == "agreed" and payload["after"]["status"] == "withdrawn"
    assert verify_audit_log(demo_db)[1] == []


def test_bad_notes_are_refused_with_every_problem(sqlite_demo_db: Database) -> None:
    with pytest.raises(OpenbookError) as error:
        spc_notes.propose_rebase(
            sqlite_demo_db, "QVV", chart="qualty/RBD", day=date(2018, 10, 5), reason="", by=LEAD
        )
    message = error.value.message
    assert "not a chart openbook draws" in message
    assert "a rebase starts a month: 2018-10-01" in message and "needs a reason" in message
    with pytest.raises(ForbiddenError, match="viewer"):
        spc_notes.record_annotation(
            sqlite_demo_db,
            "QVV",
            chart=CHART,
            day=date(2018, 1, 1),
            label="x",
            by=named("rbd.viewer", Role.VIEWER),
        )
    with pytest.raises(NotFoundError, match="no decision 'D-QVV-9999'"):
        spc_notes.record_annotation(
            sqlite_demo_db,
            "QVV",
            chart=CHART,
            day=date(2018, 1, 1),
            label="x",
            by=LEAD,
            decision_ref="D-QVV-9999",
        )
    assert spc_notes.list_notes(sqlite_demo_db, "QVV") == []


def test_the_escalation_rules_judge_against_the_rebased_limits(sqlite_demo_db: Database) -> None:
    def rbd_four_hour() -> str:
        views = list_escalation_views(sqlite_demo_db, "QVV", financial_year=FY.label)
        found = [v for v in views if v.title == "RBD A&E 4-hour: special-cause concern"]
        return str(found[0].status)

    assert rbd_four_hour() == "open"
    agreed = _agreed_rebase(sqlite_demo_db, date(2018, 11, 1))
    assert rbd_four_hour() == "cleared"  # against the limits from November 2018
    spc_notes.withdraw_note(sqlite_demo_db, agreed.ref, by=LEAD, reason="not agreed at QSG")
    assert rbd_four_hour() == "open"


def test_the_qsg_pack_shows_the_notes_and_the_charts_they_are_on(
    sqlite_demo_db: Database,
) -> None:
    from openbook.governance.pack import build_board_pack, render_board_pack

    spc_notes.record_annotation(
        sqlite_demo_db,
        "QVV",
        chart="quality/RD3/stroke_swallow_72h",
        day=date(2018, 7, 1),
        label="Swallow screen by nurses",
        by=LEAD,
    )
    _agreed_rebase(sqlite_demo_db, date(2017, 10, 1))
    meeting = date(2019, 4, 20)
    assert build_board_pack(sqlite_demo_db, "QVV", "qsg", meeting).spc_notes == ()  # not then
    now = sqlite_demo_db.clock.now()
    pack = build_board_pack(sqlite_demo_db, "QVV", "qsg", meeting, as_at=now)
    assert [(n.ref, n.kind, n.agreed_by) for n in pack.spc_notes] == [
        ("N-QVV-0001", "annotation", ""),
        ("N-QVV-0002", "rebase", "system.deputy"),
    ]
    [noted] = pack.quality_spc_charts
    assert noted.title.startswith("RD3") and "Swallow screen by nurses" in noted.description
    assert "Swallow screen by nurses" in noted.svg
    rbd = next(c for c in pack.charts if c.title.startswith("RBD"))
    assert "limits recalculated" in rbd.svg  # the A&E chart splits at the agreed rebase
    html = render_board_pack(pack, ".html").decode()
    assert "Notes on SPC charts" in html and "N-QVV-0002" in html


def test_a_proposed_rebase_asks_the_body_that_looks_after_the_chart(
    sqlite_demo_db: Database,
) -> None:
    from openbook.governance.notifications import list_notifications

    proposed = spc_notes.propose_rebase(
        sqlite_demo_db, "QVV", chart=CHART, day=date(2017, 10, 1), reason="streaming", by=LEAD
    )
    told = list_notifications(sqlite_demo_db, "rd3.viewer")  # a member of the QSG
    assert told[0].subject.startswith(f"{proposed.ref}: a rebase of {CHART} from October 2017")
    assert told[0].link == "/spc/notes"
    assert not [
        n for n in list_notifications(sqlite_demo_db, "system.lead") if proposed.ref in n.subject
    ]


def test_a_rebase_agreed_round_the_application_is_found(demo_db: Database) -> None:
    from sqlalchemy import text

    from openbook.kernel.audit_deep import deep_verify

    proposed = spc_notes.propose_rebase(
        demo_db, "QVV", chart=CHART, day=date(2017, 10, 1), reason="streaming", by=LEAD
    )
    assert deep_verify(demo_db).differences == []
    with demo_db.engine.begin() as connection:  # no use case, no audit event
        connection.execute(text("UPDATE spc_note_version SET status = 'agreed'"))
    [found] = [str(d) for d in deep_verify(demo_db).differences]
    assert found.startswith(f"notes on SPC charts: {proposed.ref} step 1: the table holds")
    assert "'agreed'" in found and "'proposed'" in found


def test_the_quality_rule_judges_against_the_rebased_limits(sqlite_demo_db: Database) -> None:
    from openbook.quality.report import quality_report

    title = "RD3 Stroke patients with a formal swallow assessment within 72 hours: "
    title += "special-cause concern"

    def state() -> tuple[str, str | None]:
        views = list_escalation_views(sqlite_demo_db, "QVV", financial_year=FY.label)
        report = quality_report(sqlite_demo_db, "QVV", FY, 12)
        kpi = next(k for k in report.kpis if (k.org_code, k.measure.code) == ("RD3", SWALLOW))
        return str(next(v for v in views if v.title == title).status), kpi.variation_icon

    assert state() == ("open", "concern_low")
    proposed = spc_notes.propose_rebase(
        sqlite_demo_db,
        "QVV",
        chart=f"quality/RD3/{SWALLOW}",
        day=date(2018, 4, 1),
        reason="new pathway",
        by=LEAD,
    )
    assert state() == ("open", "concern_low")  # proposed: nothing changes
    spc_notes.agree_rebase(sqlite_demo_db, proposed.ref, by=DEPUTY)
    assert state() == ("cleared", "common_cause")
