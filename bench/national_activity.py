"""National activity volumes: a patient-level extract of 200 million rows, partitioned by month,
into the provider x commissioner x point of delivery x month cube. openbook (DuckDB, a 1 GB
memory limit) against pandas (one partition at a time: the whole extract does not fit) and
polars (a lazy scan, streaming), in the same run; then openbook's incremental load of one new
month against the full load.

The extract is synthetic (synthetic_extract.py's columns and mix), with England's 140 acute
trusts that report type 1 A&E in the shipped A&E file as providers and 42 synthetic
commissioners (ZC01-ZC42; no public provider-commissioner mapping ships), 90% of a trust's
activity for its home commissioner. It is written once by DuckDB under bench/data/ (ignored by
git) and reused. Each measurement runs in its own process, so its peak memory (ru_maxrss) is
its own. The three cubes must be equal. polars is a bench-only requirement
(bench/national_requirements.txt) in its own venv, bench/.venv-national, made here if missing.
Writes bench/results/national_activity.json.
Usage: .venv/bin/python bench/national_activity.py [--rows 200000000] [--years 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "national_activity.json"
DATA = HERE / "data"
PEER_VENV = HERE / ".venv-national"
AE_FILE = ROOT / "src" / "openbook" / "demo" / "data" / "ae_attendances.csv"
SEED = 2024
# Each child prints its figures as the last line and writes its cube to argv[2], as sorted
# [provider, commissioner, pod, "YYYY-MM", rows] rows.
OPENBOOK_CHILD = """
import sys, time, resource, json
from pathlib import Path
from openbook.activity.extract import aggregate_extract
started = time.perf_counter()
cube, issues = aggregate_extract(Path(sys.argv[1]), memory_limit="1GB")
seconds = time.perf_counter() - started
assert not issues, issues
rows = sorted([c.provider_code, c.commissioner_code, c.pod, f"{c.period_start:%Y-%m}", c.rows]
              for c in cube)
Path(sys.argv[2]).write_text(json.dumps(rows))
print(json.dumps({"seconds": seconds, "rows": sum(r[4] for r in rows), "cells": len(rows),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# What an analyst would write when the extract does not fit: each month's folder in turn,
# only the columns needed, grouped; the months' counts put together at the end.
PANDAS_CHILD = """
import sys, time, resource, json
from pathlib import Path
import pandas as pd
COLUMNS = ["provider_code", "commissioner_code", "pod", "activity_date"]
started = time.perf_counter()
parts = []
for month in sorted(Path(sys.argv[1]).iterdir()):
    frame = pd.read_parquet(month, columns=COLUMNS)
    frame["month"] = pd.to_datetime(frame["activity_date"]).dt.to_period("M")
    parts.append(frame.groupby(["provider_code", "commissioner_code", "pod", "month"]).size())
    del frame
cube = pd.concat(parts).groupby(level=[0, 1, 2, 3]).sum()
seconds = time.perf_counter() - started
rows = sorted([p, c, pod, str(m), int(n)] for (p, c, pod, m), n in cube.items())
Path(sys.argv[2]).write_text(json.dumps(rows))
print(json.dumps({"seconds": seconds, "rows": sum(r[4] for r in rows), "cells": len(rows),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

POLARS_CHILD = """
import sys, time, resource, json
from pathlib import Path
import polars as pl
started = time.perf_counter()
cube = (
    pl.scan_parquet(f"{sys.argv[1]}/**/*.parquet", hive_partitioning=False)
    .group_by("provider_code", "commissioner_code", "pod",
              pl.col("activity_date").dt.truncate("1mo").alias("month"))
    .agg(pl.len().alias("rows"))
    .collect(engine="streaming")
)
seconds = time.perf_counter() - started
rows = sorted([p, c, pod, f"{m:%Y-%m}", int(n)] for p, c, pod, m, n in cube.iter_rows())
Path(sys.argv[2]).write_text(json.dumps(rows))
print(json.dumps({"seconds": seconds, "rows": sum(r[4] for r in rows), "cells": len(rows),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


# openbook's incremental load itself (the use case the CLI calls), into a SQLite store.
LOAD_CHILD = """
import sys, time, json
from pathlib import Path
from openbook.activity.model.partition import PartitionState
from openbook.activity.partitioned_load import load_partitioned_extract
from openbook.cli.identity import LOCAL_OPERATOR
from openbook.compose import from_url
db = from_url(sys.argv[1])
started = time.perf_counter()
loaded = load_partitioned_extract(db, Path(sys.argv[2]), LOCAL_OPERATOR)
seconds = time.perf_counter() - started
read = loaded.months(PartitionState.NEW) + loaded.months(PartitionState.CHANGED)
print(json.dumps({"seconds": seconds, "months_read": [f"{m:%Y-%m}" for m in read],
                  "months_skipped": len(loaded.months(PartitionState.UNCHANGED)),
                  "rows_read": loaded.rows_read,
                  "counts_stored": loaded.result.summary.rows if loaded.result else 0}))
"""


def _peer_python() -> Path:
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(HERE / "national_requirements.txt")], check=True)
    return python


def _timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak MB, stdout) of one process, its own ru_maxrss from wait4."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        if process.returncode:
            err.seek(0)
            raise RuntimeError(f"{command[:3]} failed: {err.read()[-2000:]}")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read()


def _extract(rows: int, years: int) -> tuple[Path, dict[str, object]]:
    """The cached extract for these rows and years, written now if missing."""
    home = DATA / f"national-{rows}-{years}y"
    folder, done = home / "extract", home / "done.json"
    if done.exists():
        return folder, json.loads(done.read_text())
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    code = f"""
import csv, sys, time
from pathlib import Path
from openbook.activity.synthetic_extract import Geography, write_partitioned_extract
from openbook.kernel.period import FinancialYear
with open({str(AE_FILE)!r}, newline="") as handle:
    trusts = sorted({{r["org_code"] for r in csv.DictReader(handle) if r["type"] == "1"}})
geography = Geography(tuple(trusts), tuple(f"ZC{{n:02d}}" for n in range(1, 43)))
write_partitioned_extract(Path({str(folder)!r}), {rows}, first_year=FinancialYear.parse("2023/24"),
                          years={years}, seed={SEED}, geography=geography, memory_gb=4)
print(len(trusts))
"""
    seconds, peak, out = _timed([sys.executable, "-c", code])
    files = list(folder.rglob("*.parquet"))
    facts: dict[str, object] = {
        "rows": rows,
        "years": years,
        "seed": SEED,
        "providers": int(out.strip().splitlines()[-1]),
        "commissioners": 42,
        "partitions": len(list(folder.iterdir())),
        "files": len(files),
        "megabytes": round(sum(f.stat().st_size for f in files) / 1e6, 1),
        "generate_seconds": round(seconds, 1),
        "generate_peak_mb": round(peak, 1),
    }
    done.write_text(json.dumps(facts, indent=2) + "\n")
    return folder, facts


def _engine(python: Path | str, code: str, folder: Path, cube_path: Path) -> dict[str, float]:
    wall, peak, out = _timed([str(python), "-c", code, str(folder), str(cube_path)])
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    figures["rows_per_second"] = round(figures["rows"] / figures["seconds"])
    figures["seconds"] = round(figures["seconds"], 2)
    figures["process_seconds"] = round(wall, 2)  # with the interpreter's start and imports
    figures["peak_mb"] = round(peak, 1)
    return figures


def _init(store: Path) -> None:
    env = {**os.environ, "OPENBOOK_DATABASE_URL": f"sqlite:///{store}"}
    _timed([str(Path(sys.executable).parent / "openbook"), "init"], env)


def _link(target: Path, months: list[Path]) -> None:
    """Months of the extract as another folder of hard links: no copy, the same files."""
    for month in months:
        (target / month.name).mkdir(parents=True)
        for part in month.iterdir():
            os.link(part, target / month.name / part.name)


def _in_force(store: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(store) as connection:
        return sorted(
            connection.execute(
                "SELECT provider_code, commissioner_code, pod, substr(period_start, 1, 7), count "
                "FROM activity WHERE count > 0"
            ).fetchall()
        )


def _load(store: Path, folder: Path) -> dict[str, Any]:
    wall, peak, out = _timed([sys.executable, "-c", LOAD_CHILD, f"sqlite:///{store}", str(folder)])
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    figures["seconds"] = round(figures["seconds"], 2)
    figures["process_seconds"] = round(wall, 2)
    figures["peak_mb"] = round(peak, 1)
    return figures


def _loads(folder: Path, work: Path) -> dict[str, Any]:
    """The full load, and the same months loaded as N-1 then the last one alone."""
    months = sorted(folder.iterdir())
    full_store, incremental_store = work / "full.db", work / "incremental.db"
    for store in (full_store, incremental_store):
        _init(store)
    full = _load(full_store, folder)
    growing = work / "growing" / "extract"
    _link(growing, months[:-1])
    first = _load(incremental_store, growing)
    _link(growing, months[-1:])
    one_month = _load(incremental_store, growing)
    again = _load(incremental_store, growing)
    assert one_month["months_read"] == [months[-1].name.removeprefix("month=")]
    assert one_month["months_skipped"] == len(months) - 1
    assert again["months_read"] == []
    assert again["counts_stored"] == 0
    assert _in_force(full_store) == _in_force(incremental_store), "stores differ"
    return {
        "full_all_months": full,
        "first_months_but_the_last": first,
        "incremental_one_new_month": one_month,
        "again_nothing_changed": again,
        "incremental_speedup": round(full["seconds"] / one_month["seconds"], 1),
        "stored_cells": len(_in_force(full_store)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000_000)
    parser.add_argument("--years", type=int, default=2)
    arguments = parser.parse_args()
    started, load_average = time.perf_counter(), os.getloadavg()[0]
    folder, facts = _extract(arguments.rows, arguments.years)
    peer = _peer_python()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        engines = {
            "openbook_duckdb": _engine(sys.executable, OPENBOOK_CHILD, folder, work / "a.json"),
            "pandas_per_partition": _engine(sys.executable, PANDAS_CHILD, folder, work / "b.json"),
            "polars_lazy_streaming": _engine(peer, POLARS_CHILD, folder, work / "c.json"),
        }
        cubes = [json.loads((work / f"{n}.json").read_text()) for n in "abc"]
        assert cubes[0] == cubes[1] == cubes[2], "the three cubes differ"
        assert engines["openbook_duckdb"]["rows"] == arguments.rows
        loads = _loads(folder, work)
    ours = engines["openbook_duckdb"]
    report = {
        "extract": facts,
        "cube_cells": len(cubes[0]),
        "cubes_equal": True,
        "versions": {
            "duckdb": __import__("duckdb").__version__,
            "pandas": __import__("pandas").__version__,
            "polars": subprocess.run(
                [str(peer), "-c", "import polars; print(polars.__version__)"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip(),
        },
        "engines": engines,
        "speedup_vs_pandas": round(engines["pandas_per_partition"]["seconds"] / ours["seconds"], 1),
        "speedup_vs_polars": round(
            engines["polars_lazy_streaming"]["seconds"] / ours["seconds"], 2
        ),
        "loads": loads,
        "cores": os.cpu_count(),
        "load_average_at_start": round(load_average, 1),
        "bench_seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
