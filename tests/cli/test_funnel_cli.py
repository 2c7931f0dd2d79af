"""`openbook funnel` on the real England A&E table: JSON, CSV and table output, the chart
with Dorset's trusts highlighted, and bad input (exit 1 data, exit 2 usage)."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook
from typer.testing import CliRunner

from openbook.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "quality" / "ae_type1_2018_19.csv"
COLUMNS = ["--group-col", "org_code", "--numerator-col", "within_four_hours",
           "--denominator-col", "attendances"]  # fmt: skip
ARGS = ["funnel", str(EXAMPLE), *COLUMNS, "--kind", "proportion"]
GROUP_KEYS = ["group", "numerator", "denominator", "value", "z",
              "ll95", "ul95", "ll998", "ul998", "outside"]  # fmt: skip


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_has_exactly_the_documented_shape() -> None:
    code, out, _ = _run(*ARGS, "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert list(body) == ["target", "phi", "tau2", "method", "groups"]
    assert body["method"] == "additive" and body["tau2"] > 0
    assert len(body["groups"]) == 137
    assert all(list(group) == GROUP_KEYS for group in body["groups"])
    rbd = next(g for g in body["groups"] if g["group"] == "RBD")
    assert (rbd["numerator"], rbd["denominator"], rbd["outside"]) == (43346, 47877, None)
    assert rbd["ll95"] < rbd["value"] < rbd["ul95"]


def test_no_overdispersion_puts_most_trusts_outside() -> None:
    code, out, _ = _run(*ARGS, "--format", "json", "--overdispersion", "none")
    body = json.loads(out)
    assert code == 0 and body["method"] == "none" and body["tau2"] == 0
    outside = [g["outside"] for g in body["groups"]]
    assert set(outside) <= {None, "ll95", "ul95", "ll998", "ul998"}
    assert sum(o in ("ll998", "ul998") for o in outside) > 100


def test_target_truncation_and_multiplicative() -> None:
    code, out, _ = _run(*ARGS, "--format", "json", "--target", "0.95",
                        "--overdispersion", "multiplicative", "--truncate", "5")  # fmt: skip
    body = json.loads(out)
    assert code == 0 and body["target"] == 0.95 and body["method"] == "multiplicative"
    assert body["tau2"] == 0


def test_csv_and_table() -> None:
    code, out, _ = _run(*ARGS, "--format", "csv", "--winsorise", "5")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ",".join(GROUP_KEYS) and len(lines) == 138
    assert lines[1].startswith("R0A,199646,257222,0.776")
    code, out, _ = _run(*ARGS, "--highlight", "RBD,RD3,RDZ")
    assert code == 0 and "* RBD" in out and "phi" in out and "tau²" in out


def test_chart_with_dorset_highlighted(tmp_path: Path) -> None:
    chart = tmp_path / "england.svg"
    code, _, err = _run(*ARGS, "--format", "json", "--chart", str(chart),
                        "--highlight", "RBD,RD3,RDZ,XYZ")  # fmt: skip
    assert code == 0
    svg = chart.read_text()
    assert svg.startswith("<svg") and all(code in svg for code in ("RBD", "RD3", "RDZ"))
    assert "warning: --highlight XYZ is not a group in ae_type1_2018_19.csv" in err
    assert f"Chart written to {chart}" in err.replace("\n", "")
    png = tmp_path / "england.png"
    assert _run(*ARGS, "--format", "json", "--chart", str(png))[0] == 0
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_an_xlsx_table(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "stroke"
    for row in (["trust", "screened", "patients"], ["RBD", 59, 100], ["RD3", 86, 100]):
        sheet.append(row)
    path = tmp_path / "stroke.xlsx"
    workbook.save(path)
    code, out, _ = _run("funnel", str(path), "--group-col", "trust", "--numerator-col",
                        "screened", "--denominator-col", "patients", "--kind", "proportion",
                        "--format", "json", "--overdispersion", "none")  # fmt: skip
    assert code == 0
    assert json.loads(out)["target"] == 0.725


def test_bad_cells_exit_1_with_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("org,seen,n\nRBD,5,10\nRD3,x,10\nRDZ,3,0\n")
    code, _, err = _run("funnel", str(bad), "--group-col", "org", "--numerator-col", "seen",
                        "--denominator-col", "n", "--kind", "proportion")  # fmt: skip
    assert code == 1
    assert "2 problem(s) found" in err
    assert "bad.csv:3:B: 'seen' is 'x'; expected a number" in err
    assert "bad.csv:4:C: 'n' is 0; expected a number above 0" in err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = _run(*ARGS, "--winsorise", "10", "--truncate", "10")
    assert code == 2 and "give --winsorise or --truncate, not both" in err
    code, _, err = _run(*ARGS[:-1], "rate")
    assert code == 2 and "--kind is 'rate'; expected proportion or ratio" in err
    code, _, err = _run(*ARGS, "--overdispersion", "big")
    assert code == 2
    assert "--overdispersion is 'big'; expected none, additive or multiplicative" in err
    code, _, err = _run(*ARGS, "--chart", str(tmp_path / "x.pdf"))
    assert code == 2 and "a chart is .svg or .png" in err


def test_a_bad_target_is_bad_data() -> None:
    code, _, err = _run(*ARGS, "--target", "95")
    assert code == 1
    assert "target is 95; a proportion's target is between 0 and 1 (give 0.95 for 95%)" in err
