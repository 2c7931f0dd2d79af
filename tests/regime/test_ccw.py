"""The capital, cash and workforce return: its figures, its file, every error at once,
versions kept and audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from openbook.kernel.audit import list_events
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, InvalidDataError
from openbook.regime.ccw_file import parse_ccw_bytes
from openbook.regime.ccw_submit import check_ccw_file, list_ccw_history, submit_ccw_file
from openbook.regime.model.ccw import calculate_ccw_figures
from tests.principals import principal
from tests.regime.ccw_sample import sample_bytes, sample_return

TODAY = date(2026, 12, 3)


def test_figures_of_a_return() -> None:
    figures = calculate_ccw_figures(sample_return(), Decimal("182500000"))
    assert figures.capital_envelope == Decimal("6500000")
    assert figures.capital_forecast == Decimal("7500000")
    assert figures.capital_forecast_by_source["operational"] == Decimal("6000000")
    assert figures.capital_headroom == Decimal("500000")
    assert figures.cash_days == Decimal("17.0")  # 8.5m / (182.5m / 365)
    assert figures.bppc_pct == Decimal("95.50")
    assert figures.wte_actual == Decimal("2615.75")
    assert figures.agency_pct_of_pay == Decimal("2.75")  # 1.8m of 65.5m


def test_no_cash_days_without_operating_expenditure() -> None:
    assert calculate_ccw_figures(sample_return(), Decimal(0)).cash_days is None


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_written_return_reads_back_the_same(suffix: str) -> None:
    parsed, issues = parse_ccw_bytes(sample_bytes(suffix=suffix), f"rbd{suffix}")
    assert issues == []
    assert parsed == sample_return()


def test_every_problem_is_reported_at_once() -> None:
    text = sample_bytes().decode("utf-8-sig")
    text = text.replace("RBD,2026/27,6,wte.agency", "RBD,2026/27,7,wte.agency")
    text = text.replace("2410.50", "24l0.5").replace("19100.00", "21000")
    text = text.replace("pay.bank,", "pay.bonus,")
    _, issues = parse_ccw_bytes(text.encode(), "rbd.csv")
    assert [str(issue) for issue in issues] == [
        "rbd.csv:20:C: 'month' is '7', not '6' as on the first row",
        "rbd.csv:18:G: 'actual' is '24l0.5'",
        "rbd.csv:22:D: 'line_code' 'pay.bonus' is not a line of the CCW return "
        "(start from `openbook regime template`)",
        "rbd.csv: is missing line(s) pay.bank",
        "rbd.csv:G: bppc.within_30_days (21000) is more than bppc.invoices (20000.00)",
    ]
    wte = next(i for i in issues if "24l0.5" in str(i))
    assert (wte.row, wte.column, wte.expected) == (
        18,
        "G",
        "whole-time equivalents at least 0, like 1520.50",
    )


def _write(tmp_path: Path, data: bytes, name: str = "rbd-ccw.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_submissions_keep_every_version_and_are_audited(demo_db: Database, tmp_path: Path) -> None:
    submitter = principal("rbd.submitter")
    first = submit_ccw_file(demo_db, _write(tmp_path, sample_bytes()), submitter, TODAY)
    again = submit_ccw_file(demo_db, _write(tmp_path, sample_bytes()), submitter, TODAY)
    assert (first.version.version, first.created) == (1, True)
    assert (again.version.version, again.created) == (1, False)
    changed = sample_bytes().replace(b"8500000.00", b"8400000.00")
    second = submit_ccw_file(demo_db, _write(tmp_path, changed), submitter, TODAY)
    assert (second.version.version, second.created) == (2, True)
    history = list_ccw_history(demo_db, "RBD", first.ccw_return.financial_year, 6)
    assert [v.version for v, _ in history] == [1, 2]
    assert history[0][1].amount("cash.balance", "actual") == Decimal("8500000")
    with demo_db.reading() as session:
        events = list_events(session, action="ccw_return.submitted")
    assert [e.entity_id for e in reversed(events)] == ["RBD/2026/27/M6/v1", "RBD/2026/27/M6/v2"]


def test_only_the_organisations_submitter_may_submit(demo_db: Database, tmp_path: Path) -> None:
    with pytest.raises(ForbiddenError, match=r"rd3\.submitter cannot submit returns for RBD"):
        submit_ccw_file(
            demo_db, _write(tmp_path, sample_bytes()), principal("rd3.submitter"), TODAY
        )
    assert list_ccw_history(demo_db, "RBD", sample_return().financial_year, 6) == []


def test_a_month_not_yet_begun_or_an_unknown_organisation_is_refused(
    demo_db: Database, tmp_path: Path
) -> None:
    future = _write(tmp_path, sample_bytes(sample_return("XYZ", "2027/28", 1)))
    with pytest.raises(InvalidDataError) as caught:
        check_ccw_file(demo_db, future, TODAY)
    assert [issue.message for issue in caught.value.issues] == [
        "organisation 'XYZ' is not known",
        "2027/28 M1 has not begun",
    ]
