"""The monthly activity return: one provider, a row per commissioner, code and month."""

from __future__ import annotations

from datetime import date

from openbook.activity.file.activity_return import parse_activity_return_bytes

TODAY = date(2026, 11, 24)
HEADER = "provider_code,commissioner_code,financial_year,month,pod,actual,plan\n"


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_activity_return_bytes(text.encode(), "rbd_activity.csv", TODAY)


def test_a_valid_return_with_contracted_plans() -> None:
    parsed, issues = parse(
        HEADER
        + "RBD,11J,2018/19,M1,E.M.2,7950,8000\n"
        + "RBD,11J,2018/19,M1,E.M.11,2711,\n"
        + 'RBD,11X,2018/19,M1,E.M.11,"1,204",\n'
    )
    assert issues == []
    assert parsed is not None
    assert parsed.provider_code == "RBD" and parsed.financial_year.label == "2018/19"
    assert [(c.commissioner_code, c.pod, c.period_start, c.count) for c in parsed.actuals] == [
        ("11J", "E.M.2", date(2018, 4, 1), 7950),
        ("11J", "E.M.11", date(2018, 4, 1), 2711),
        ("11X", "E.M.11", date(2018, 4, 1), 1204),
    ]
    assert [(c.pod, c.count) for c in parsed.plans] == [("E.M.2", 8000)]


def test_every_problem_at_once() -> None:
    parsed, issues = parse(
        HEADER
        + "RBD,11J,2018/19,M1,E.M.99,10,\n"
        + "RBD,11J,2018/19,M2,E.M.2,-5,\n"
        + "RBD,11J,2018/19,M1,E.M.3,10,\n"
        + "RBD,11J,2018/19,M1,E.M.3,11,\n"
        + "RD3,11J,2018/19,M1,E.M.11,3,\n"
        + "RBD,11J,2027/28,M1,E.M.11,3,\n"
    )
    assert parsed is None
    assert [str(i) for i in issues] == [
        "rbd_activity.csv:2:E: 'pod' is 'E.M.99', which is not a known code",
        "rbd_activity.csv:3:F: 'actual' is -5; a count cannot be negative",
        "rbd_activity.csv:7:D: 2027/28 M1 has not started yet, so it cannot have actual activity",
        "rbd_activity.csv:5: duplicate month: activity RBD E.M.3 2018-04 is also on row 4 "
        "(each month appears once; remove one of the rows)",
        "rbd_activity.csv: covers more than one provider: RBD (row 3), RD3 (row 6) "
        "(a return is for one provider; split the file)",
    ]


def test_wrong_columns() -> None:
    _, issues = parse(
        "provider,commissioner_code,financial_year,month,pod,actual\nRBD,11J,2018/19,M1,E.M.2,1\n"
    )
    assert [str(i) for i in issues] == [
        "rbd_activity.csv:1: is missing column(s) provider_code",
        "rbd_activity.csv:1:A: has an unexpected column 'provider'",
    ]
