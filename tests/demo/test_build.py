"""The Dorset demonstration system tells the seeds' two stories, so later features have
something true to find."""

from __future__ import annotations

from decimal import Decimal

from openbook.demo.build import build_demo
from openbook.finance.model.position import Rag
from openbook.finance.position_report import get_system_position
from openbook.kernel.audit_log import verify_audit_log
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear


def test_year_end_2017_18_two_ahead_one_behind_by_less_than_their_headroom(
    demo_db: Database,
) -> None:
    report = get_system_position(demo_db, "QVV", FinancialYear.parse("2017/18"), 12)
    providers = {p.code: p for p in report.organisations if p.code != "11J"}
    gaps = {code: p.gap for code, p in providers.items()}
    ahead = {code for code, gap in gaps.items() if gap is not None and gap > 0}
    behind = {code for code, gap in gaps.items() if gap is not None and gap < 0}
    assert ahead == {"RDZ", "RDY"} and behind == {"RD3"}
    shortfall = -(gaps["RD3"] or Decimal(0))
    headroom = sum((gaps[code] or Decimal(0) for code in ahead), Decimal(0))
    assert 0 < shortfall < headroom
    assert all((gaps[code] or 0) < shortfall for code in ahead), "no single giver can rescue RD3"
    assert providers["RD3"].rag is Rag.RED and providers["RD3"].sustainability_at_risk > 0


def test_2018_19_one_cip_is_clearly_unachievable(demo_db: Database) -> None:
    report = get_system_position(demo_db, "QVV", FinancialYear.parse("2018/19"), 3)
    cip = {p.code: p.cip_pct for p in report.organisations if p.code != "11J"}
    unachievable = {code for code, pct in cip.items() if pct is not None and pct > Decimal("0.06")}
    assert unachievable == {"RD3"}
    assert all(
        pct is not None and pct <= Decimal("0.04") for code, pct in cip.items() if code != "RD3"
    )


def test_system_control_total_is_the_sum_of_partners(demo_db: Database) -> None:
    for label in ("2017/18", "2018/19"):
        report = get_system_position(demo_db, "QVV", FinancialYear.parse(label), 12)
        totals = [p.control_total or Decimal(0) for p in report.organisations]
        assert report.position.control_total == sum(totals, Decimal(0))
        assert report.position.forecast_outturn == sum(
            (p.forecast_outturn for p in report.organisations), Decimal(0)
        )
        assert "RYF" not in {p.code for p in report.organisations}  # an associate
        assert report.synthetic


def test_finances_are_of_the_real_order_of_magnitude(demo_db: Database) -> None:
    report = get_system_position(demo_db, "QVV", FinancialYear.parse("2017/18"), 12)
    opex = {p.code: p.operating_expenditure for p in report.organisations}
    assert Decimal(1_100_000_000) < opex["11J"] < Decimal(1_300_000_000)  # CCG ~£1.2bn
    assert all(
        Decimal(150_000_000) < opex[c] < Decimal(400_000_000) for c in ("RBD", "RD3", "RDZ", "RDY")
    )


def test_demo_is_built_once_and_audited(demo_db: Database) -> None:
    assert build_demo(demo_db) is False
    count, problems = verify_audit_log(demo_db)
    assert problems == [] and count > 100


def test_demo_activity_is_real_for_ae_and_labelled_synthetic_for_the_rest(
    demo_db: Database,
) -> None:
    from sqlalchemy import func, select

    from openbook.activity.tables import ActivityRow

    with demo_db.reading() as session:
        rows = session.execute(
            select(ActivityRow.pod, ActivityRow.synthetic, func.count())
            .where(ActivityRow.measure == "actual")
            .group_by(ActivityRow.pod, ActivityRow.synthetic)
        ).all()
        spells = session.scalar(
            select(func.sum(ActivityRow.count)).where(
                ActivityRow.provider_code == "RBD",
                ActivityRow.pod == "E.M.11",
                ActivityRow.financial_year == "2017/18",
                ActivityRow.measure == "actual",
            )
        )
    kinds = {(pod, synthetic) for pod, synthetic, _ in rows}
    assert ("E.M.6", False) in kinds and ("E.M.6", True) not in kinds
    assert {pod for pod, synthetic in kinds if synthetic} == {
        "E.M.2",
        "E.M.3",
        "E.M.10a",
        "E.M.10b",
        "E.M.11",
    }
    assert 20_000 < int(spells or 0) < 45_000  # a district general hospital's emergency spells
