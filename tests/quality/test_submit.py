"""Quality returns and CQC ratings stored the way users submit them: checked whole, every
version kept, every write audited, refused with the store unchanged."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, InvalidDataError
from openbook.kernel.period import FinancialYear
from openbook.quality import store
from openbook.quality.report import quality_report
from openbook.quality.submit import record_ratings, submit_quality_return
from openbook.quality.tables import CqcRatingRow, QualityReturnRow
from tests.principals import LEAD, principal

YEAR = FinancialYear(2018)
HEADER = "org_code,financial_year,month,measure,numerator,denominator,note\n"


def quality_csv(org: str = "RBD", month: str = "M12", swallow: str = "30,40") -> bytes:
    rows = [
        f"{org},2018/19,{month},stroke_swallow_72h,{swallow},",
        f"{org},2018/19,{month},ae_admitted_time,290000,1450,",
        f"{org},2018/19,{month},mortality_ratio,50,55.5,",
    ]
    return (HEADER + "\n".join(rows) + "\n").encode()


def counts(db: Database) -> tuple[int, int, int]:
    with db.reading() as session:
        returns = session.scalar(select(func.count()).select_from(QualityReturnRow))
        ratings = session.scalar(select(func.count()).select_from(CqcRatingRow))
    return returns or 0, ratings or 0, head_sequence(db.engine)


def test_a_submitter_stores_a_new_version_and_the_earlier_one_is_kept(demo_db: Database) -> None:
    submitter = principal("rbd.submitter")
    first = submit_quality_return(demo_db, quality_csv(), "rbd-m12.csv", submitter)
    assert first.created and first.version == 2  # the demonstration's return is version 1
    again = submit_quality_return(demo_db, quality_csv(), "rbd-m12.csv", submitter)
    assert (again.created, again.version) == (False, 2)
    with demo_db.reading() as session:
        versions = store.list_versions(session, "RBD", YEAR, 12)
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].synthetic and not versions[1].synthetic
    assert versions[1].submitted_by == "rbd.submitter"
    line = versions[1].quality_return.line("stroke_swallow_72h")
    assert line is not None and line.value == 75.0
    report = quality_report(demo_db, "QVV", YEAR, 12)
    rbd = next(
        k for k in report.kpis if k.org_code == "RBD" and k.measure.code == "stroke_swallow_72h"
    )
    assert rbd.value == 75.0 and rbd.points == 24


def test_every_problem_in_a_return_is_reported_and_nothing_is_stored(demo_db: Database) -> None:
    before = counts(demo_db)
    bad = (
        HEADER
        + "RBD,2018/19,M12,stroke_swallow_72h,45,40,\n"  # more assessed than patients
        + "RBD,2018/19,M12,ae_admitted_time,abc,1450,\n"  # not a number
        + "RBD,2018/19,M12,sepsis,1,2,\n"  # not a measure
        + "RBD,2018/19,M11,mortality_ratio,50,55,\n"  # another month
    ).encode()
    with pytest.raises(InvalidDataError) as caught:
        submit_quality_return(demo_db, bad, "bad.csv", principal("rbd.submitter"))
    where = sorted((issue.row, issue.column) for issue in caught.value.issues)
    assert where == [(2, "E"), (3, "E"), (4, "D"), (5, "C")]
    assert counts(demo_db) == before


def test_only_the_providers_own_submitters_may_submit(demo_db: Database) -> None:
    before = counts(demo_db)
    for who in ("rd3.submitter", "rbd.approver", "system.lead"):
        with pytest.raises(ForbiddenError):
            submit_quality_return(demo_db, quality_csv(), "rbd.csv", principal(who))
    assert counts(demo_db) == before


def test_a_commissioner_or_a_month_not_yet_started_is_refused(demo_db: Database) -> None:
    before = counts(demo_db)
    with pytest.raises(InvalidDataError, match="not a valid quality return") as caught:
        submit_quality_return(
            demo_db, quality_csv(org="11J"), "ccg.csv", principal("11j.submitter")
        )
    assert "not a provider" in caught.value.issues[0].message
    future = quality_csv().replace(b"2018/19", b"2099/00")
    with pytest.raises(InvalidDataError) as caught:
        submit_quality_return(demo_db, future, "future.csv", principal("rbd.submitter"))
    assert "has not started" in caught.value.issues[0].message
    assert counts(demo_db) == before


RATINGS = "org_code,published,rating,source\n"


def test_ratings_are_recorded_once_and_a_fall_is_raised(demo_db: Database) -> None:
    data = (RATINGS + "RBD,2019-02-01,Requires improvement,report 1\n").encode()
    assert record_ratings(demo_db, data, "ratings.csv", LEAD) == 1
    assert record_ratings(demo_db, data, "ratings.csv", LEAD) == 0  # already there
    report = quality_report(demo_db, "QVV", YEAR, 12)
    assert report.latest_rating("RBD").rating.label == "Requires improvement"  # type: ignore[union-attr]
    falls = report.falls()
    assert [(p.rating.label, n.rating.label) for p, n in falls] == [
        ("Good", "Requires improvement")
    ]
    earlier = quality_report(demo_db, "QVV", YEAR, 10)  # January's rating was not yet known
    assert earlier.falls() == []


def test_a_bad_ratings_file_is_refused_whole(demo_db: Database) -> None:
    before = counts(demo_db)
    data = (
        RATINGS
        + "RBD,2019-02-01,Good,\n"
        + "XXX,2019-02-01,Good,\n"  # unknown organisation
        + "RD3,2099-01-01,Good,\n"  # in the future
        + "RDZ,2019-02-01,Excellent,\n"  # not a CQC rating
    ).encode()
    with pytest.raises(InvalidDataError) as caught:
        record_ratings(demo_db, data, "ratings.csv", LEAD)
    assert sorted((i.row, i.column) for i in caught.value.issues) == [(3, "A"), (4, "B"), (5, "C")]
    with pytest.raises(ForbiddenError):
        record_ratings(demo_db, data, "ratings.csv", principal("rbd.viewer"))
    assert counts(demo_db) == before
