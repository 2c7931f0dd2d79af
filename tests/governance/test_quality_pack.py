"""The quality surveillance group's pack carries the quality section: every provider's
measures as the quality report gives them, and the funnels; a finance body's does not."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from openbook.governance.pack import build_board_pack, render_board_pack
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.quality.metrics import format_value
from openbook.quality.report import quality_report


def test_the_qsg_pack_has_the_quality_report_and_funnels(sqlite_demo_db: Database) -> None:
    pack = build_board_pack(sqlite_demo_db, "QVV", "qsg", date(2019, 4, 20))
    report = quality_report(sqlite_demo_db, "QVV", FinancialYear(2018), 12)
    assert [(q.org_code, q.measure, q.value) for q in pack.quality] == [
        (k.org_code, k.measure.name, format_value(k.measure, k.value)) for k in report.kpis
    ]
    assert len(pack.quality_charts) == 2
    html = render_board_pack(pack, ".html").decode()
    assert "Quality: each provider&#39;s measures" in html or "Quality: each provider's" in html
    pdf = render_board_pack(pack, ".pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    rd3 = next(q for q in pack.quality if q.org_code == "RD3")
    assert rd3.value in text and "funnel across QVV" in text
    book = load_workbook(io.BytesIO(render_board_pack(pack, ".xlsx")))
    rows = list(book["Quality"].iter_rows(values_only=True))
    assert rows[0][:3] == ("org_code", "measure", "value") and len(rows) == 1 + len(report.kpis)


def test_a_finance_body_s_pack_has_no_quality_section(sqlite_demo_db: Database) -> None:
    pack = build_board_pack(sqlite_demo_db, "QVV", "ofrg", date(2018, 4, 20))
    assert pack.quality == () and pack.quality_charts == ()
