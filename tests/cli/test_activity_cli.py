"""`openbook activity` as an analyst uses it: load, report in three formats, plans,
prices, templates and synthetic extracts, with exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from openbook.cli import app

runner = CliRunner()
REAL_FILE = Path(__file__).parents[2] / "src" / "openbook" / "demo" / "data" / "ae_attendances.csv"


@pytest.fixture
def env(demo_env: dict[str, str]) -> dict[str, str]:
    return demo_env


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["activity", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_report_json(env: dict[str, str]) -> None:
    code, out, _ = run(
        env,
        "report",
        "--system",
        "QVV",
        "--year",
        "2018/19",
        "--provider",
        "RBD",
        "--pod",
        "E.M.6",
        "--format",
        "json",
    )
    assert code == 0
    body = json.loads(out)
    (row,) = body["activity"]
    assert (row["provider"], row["pod"], row["actual_ytd"], row["four_hour_pct"]) == (
        "RBD",
        "E.M.6",
        100596,
        "95.5",
    )
    assert body["month"] == "M12" and body["synthetic"] is True
    assert {f["kind"] for f in body["flags"]} == {"special-cause", "above-plan"}
    assert len(body["shadow_pbr"]) == 12


def test_report_table_and_csv_by_month(env: dict[str, str]) -> None:
    code, out, _ = run(env, "report", "--system", "QVV", "--year", "2017/18")
    assert code == 0
    assert (
        "activity against plan, year to date (YTD) 2017/18 to M12" in out
        and "actual YTD" in out
        and "Shadow Payment by Results" in out
    )
    code, out, _ = run(
        env,
        "report",
        "--system",
        "QVV",
        "--year",
        "2017/18",
        "--month",
        "M3",
        "--by-month",
        "--format",
        "csv",
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3 * 6 * 3  # trusts x points of delivery x months
    assert {r["month"] for r in rows} == {"M1", "M2", "M3"}


def test_load_the_real_ae_file_for_one_trust(env: dict[str, str]) -> None:
    code, out, _ = run(env, "load", str(REAL_FILE), "--kind", "ae", "--org", "RBD")
    assert code == 0
    assert "65 monthly counts for 1 provider(s), Apr 2016 to Mar 2019" in out
    assert "0 new, 0 changed (earlier values kept), 65 unchanged" in out


def test_a_bad_file_exits_1_with_every_problem(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "ae.csv"
    bad.write_text(
        "period,org_code,type,attendances,breaches,admissions\n"
        "2018-04-01,RBD,9,10,0,0\n2018-05-01,RBD,1,-1,0,0\n"
    )
    code, _, err = run(env, "load", str(bad), "--kind", "ae")
    assert code == 1
    assert "2 problem(s) found; nothing was stored." in err
    assert "ae.csv:2:C: 'type' is '9', which is not a known code" in err
    assert "ae.csv:3:D: 'attendances' is -1; a count cannot be negative" in err


def test_template_then_load_a_return(env: dict[str, str], tmp_path: Path) -> None:
    template = tmp_path / "rbd.xlsx"
    code, out, _ = run(
        env,
        "template",
        "--provider",
        "RBD",
        "--year",
        "2018/19",
        "--month",
        "M1",
        "-o",
        str(template),
    )
    assert code == 0 and "(7 rows)" in out  # six E.M lines and outpatient procedures
    from openpyxl import load_workbook

    book = load_workbook(template)
    sheet = book["Activity"]
    for row in sheet.iter_rows(min_row=2):
        row[5].value = 1000
    book.save(template)
    code, out, _ = run(env, "load", str(template), "--kind", "return")
    assert code == 0, out
    assert "7 monthly counts for 1 provider(s)" in out


def test_generate_and_load_an_extract(env: dict[str, str], tmp_path: Path) -> None:
    extract = tmp_path / "extract.parquet"
    code, out, _ = run(env, "generate-extract", "--rows", "5000", "-o", str(extract))
    assert code == 0 and "Wrote 5,000 synthetic rows" in out
    code, out, _ = run(env, "load", str(extract), "--kind", "extract")
    assert code == 0, out
    assert "Loaded extract.parquet" in out


def test_plans_and_prices(env: dict[str, str], tmp_path: Path) -> None:
    code, out, _ = run(
        env, "plan", "--system", "QVV", "--year", "2018/19", "--basis", "growth", "--growth", "1.5"
    )
    assert code == 0 and "growth 1.5% on 2017/18 actuals" in out
    prices = tmp_path / "prices.csv"
    prices.write_text("pod,price\nE.M.6,160\nE.M.11,1950\n")
    code, out, _ = run(env, "prices", str(prices), "--year", "2018/19")
    assert code == 0 and "as version 2" in out


def test_usage_errors_exit_2(env: dict[str, str]) -> None:
    code, _, err = run(env, "report", "--system", "QVV", "--year", "2018/19", "--pod", "E.M.9")
    assert code == 2 and "unknown point of delivery 'E.M.9'" in err
    code, _, err = run(env, "report", "--system", "QVV", "--year", "2018/19", "--provider", "RYZ")
    assert code == 2 and "RYZ is not a provider in QVV 2018/19" in err


def test_report_draws_each_series_spc_chart(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "charts"
    code, _, err = run(
        env,
        "report",
        "--system",
        "QVV",
        "--year",
        "2018/19",
        "--provider",
        "RBD",
        "--charts",
        str(folder),
        "--format",
        "csv",
    )
    assert code == 0 and "Drew 6 SPC chart(s)" in err
    svg = (folder / "RBD-E.M.6.svg").read_text()
    assert svg.startswith("<svg") and "RBD A&amp;E: count a month (E.M.6)" in svg


def test_a_folder_extract_loads_month_by_month(env: dict[str, str], tmp_path: Path) -> None:
    """The output says which months were read, skipped and changed, and which are gone."""
    from openbook.activity.synthetic_extract import write_partitioned_extract

    whole = tmp_path / "year"
    write_partitioned_extract(whole, 12_000, seed=9)
    folder = tmp_path / "extract"
    folder.mkdir()
    for month in ("2018-04", "2018-05", "2018-06"):
        (whole / f"month={month}").rename(folder / f"month={month}")
    code, out, _ = run(env, "load", str(folder), "--kind", "extract")
    assert code == 0, out
    assert "Read (new): 3 month(s), 2018-04 to 2018-06" in out
    (whole / "month=2018-07").rename(folder / "month=2018-07")
    (folder / "month=2018-05").rename(tmp_path / "may")
    (whole / "month=2018-08").rename(folder / "month=2018-05")  # August's rows: refused
    code, out, err = run(env, "load", str(folder), "--kind", "extract")
    assert code == 1
    assert "activity_date outside 2018-05: 2018-08" in out + err
    shutil.rmtree(folder / "month=2018-05")
    code, out, _ = run(env, "load", str(folder), "--kind", "extract")
    assert code == 0, out
    assert "Read (new): 1 month(s), 2018-07" in out
    assert "Skipped (unchanged): 2 month(s), 2018-04, 2018-06" in out
    assert "Gone from the folder (counts kept; not deleted): 1 month(s), 2018-05" in out
    (tmp_path / "may").rename(folder / "month=2018-05")  # back as it was: unchanged
    part = next((folder / "month=2018-06").glob("*.parquet"))
    with duckdb.connect() as connection:
        connection.execute(
            f"COPY (SELECT * FROM read_parquet('{part}') WHERE provider_code = 'RBD') "
            f"TO '{tmp_path / 'june.parquet'}' (FORMAT parquet)"
        )
    (tmp_path / "june.parquet").replace(part)
    code, out, _ = run(env, "load", str(folder), "--kind", "extract")
    assert code == 0, out
    assert "Read (changed: a new version, the earlier kept): 1 month(s), 2018-06" in out
    assert "Skipped (unchanged): 3 month(s), 2018-04 to 2018-05, 2018-07" in out
