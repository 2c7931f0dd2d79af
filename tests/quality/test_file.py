"""The quality return reader: a good return reads; a bad one reports every problem at once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openbook.kernel.period import FinancialYear
from openbook.quality.file import load_return, template_csv

YEAR = FinancialYear.parse("2025/26")
HEADER = "org_code,financial_year,month,measure,numerator,denominator,note\n"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "return.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_a_good_return_reads_with_each_measure_value(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "RBD,2025/26,M4,stroke_swallow_72h,45,50,\n"
        'RBD,2025/26,M4,ae_admitted_time,"30,000",100,busy month\n'
        "RBD,2025/26,M4,mortality_ratio,110,100.5,\n",
    )
    quality_return, issues = load_return(path, {"RBD", "RD3"})
    assert issues == []
    assert quality_return is not None
    assert (quality_return.org_code, quality_return.year, quality_return.month) == ("RBD", YEAR, 4)
    stroke = quality_return.line("stroke_swallow_72h")
    assert stroke is not None and stroke.value == 90.0
    ae = quality_return.line("ae_admitted_time")
    assert ae is not None and ae.numerator == Decimal(30000) and ae.value == 300.0
    assert ae.note == "busy month"
    mortality = quality_return.line("mortality_ratio")
    assert mortality is not None and round(mortality.value, 4) == round(110 / 100.5, 4)


def test_the_template_lists_every_measure_and_reads_back_once_filled(tmp_path: Path) -> None:
    text = template_csv("RD3", YEAR, 7)
    rows = text.splitlines()
    assert rows[0] == HEADER.strip()
    assert [row.split(",")[3] for row in rows[1:]] == [
        "stroke_swallow_72h",
        "ae_admitted_time",
        "mortality_ratio",
    ]
    filled = "\n".join(row.replace(",,,", ",9,10,") for row in rows) + "\n"
    quality_return, issues = load_return(write(tmp_path, filled, header=""))
    assert issues == [] and quality_return is not None and quality_return.month == 7


def test_a_bad_return_reports_every_problem_with_its_row_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "XYZ,2025/26,M4,stroke_swallow_72h,60,50,\n"  # row 2: org unknown; numerator > denom
        "RBD,2025/26,M5,ae_admitted_time,lots,0,\n"  # row 3: other org, month; bad num AND 0
        "XYZ,2025/26,M4,stroke_swallow_72h,1,2,\n"  # row 4: measure repeated
        "XYZ,2025/26,M4,falls,1,2,\n"  # row 5: unknown measure
        "XYZ,2025/26,M4,mortality_ratio,-3,10,\n",  # row 6: negative
    )
    quality_return, issues = load_return(path, {"RBD", "RD3"})
    assert quality_return is None
    where = sorted((issue.row, issue.column) for issue in issues)
    assert where == sorted(
        [
            (2, "A"),  # organisation not a provider of the system
            (2, "E"),  # numerator exceeds denominator
            (3, "A"),  # organisation differs from the first row
            (3, "C"),  # month differs from the first row
            (3, "E"),  # numerator is not a number
            (3, "F"),  # denominator is 0 (reported although the numerator is bad too)
            (4, "D"),  # measure repeated
            (5, "D"),  # measure unknown
            (6, "E"),  # negative
        ]
    )
    messages = {(issue.row, issue.column): issue.message for issue in issues}
    assert "not a provider" in messages[(2, "A")]
    assert "exceeds" in messages[(2, "E")]
    assert "expected a number" in messages[(3, "E")]
    assert "is 0" in messages[(3, "F")]
    assert "also on row 2" in messages[(4, "D")]
    assert "not one openbook knows" in messages[(5, "D")]
    assert "negative" in messages[(6, "E")]
    assert all(str(issue).startswith("return.csv:") for issue in issues)


def test_a_bad_period_is_reported_on_its_cell(tmp_path: Path) -> None:
    path = write(tmp_path, "RBD,2025-26,M13,stroke_swallow_72h,1,2,\n")
    quality_return, issues = load_return(path)
    assert quality_return is None
    assert sorted((issue.row, issue.column) for issue in issues) == [(2, "B"), (2, "C")]


def test_missing_and_unexpected_columns_are_reported_together(tmp_path: Path) -> None:
    path = write(tmp_path, "RBD,M4,x,1,2\n", header="org_code,month,measure,numerator,extra\n")
    quality_return, issues = load_return(path)
    assert quality_return is None
    text = " ".join(str(issue) for issue in issues)
    assert "missing column(s) financial_year, denominator" in text
    assert "unexpected column 'extra'" in text
