"""Patient-level extract aggregation: openbook (DuckDB, streamed) against a straightforward
pandas implementation, in the same run, on synthetic extracts of 1 and 10 million rows in
Parquet and CSV.

Both produce the provider x commissioner x point of delivery x month cube with the same
counts (checked). Each measurement runs in its own process so its peak memory (ru_maxrss)
is its own. Writes bench/results/extract_speed.json.
Usage: .venv/bin/python bench/extract_speed.py [--rows 10000000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
RESULTS = HERE / "results" / "extract_speed.json"

OPENBOOK_CHILD = """
import sys, time, resource, json
from pathlib import Path
from openbook.activity.extract import aggregate_extract
started = time.perf_counter()
cube, issues = aggregate_extract(Path(sys.argv[1]))
seconds = time.perf_counter() - started
assert not issues, issues
print(json.dumps({"seconds": seconds, "cells": len(cube), "rows": sum(c.rows for c in cube),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# What an analyst would write: read the file, derive the month, group and count.
PANDAS_CHILD = """
import sys, time, resource, json
import pandas as pd
path = sys.argv[1]
started = time.perf_counter()
frame = pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path)
frame["month"] = pd.to_datetime(frame["activity_date"]).dt.to_period("M")
cube = frame.groupby(["provider_code", "commissioner_code", "pod", "month"]).size()
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "cells": len(cube), "rows": int(cube.sum()),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(code: str, path: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    figures["rows_per_second"] = round(figures["rows"] / figures["seconds"])
    figures["seconds"] = round(figures["seconds"], 2)
    figures["peak_rss_mb"] = round(figures["peak_rss_mb"], 1)
    return figures


def _measure(folder: Path, rows: int, suffix: str) -> dict[str, object]:
    from openbook.activity.synthetic_extract import write_extract

    path = folder / f"extract-{rows}{suffix}"
    started = time.perf_counter()
    write_extract(path, rows)
    written = time.perf_counter() - started
    openbook, pandas = _run(OPENBOOK_CHILD, path), _run(PANDAS_CHILD, path)
    assert openbook["rows"] == pandas["rows"] == rows
    assert openbook["cells"] == pandas["cells"]
    result = {
        "rows": rows,
        "format": suffix.lstrip("."),
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "generate_seconds": round(written, 2),
        "openbook": openbook,
        "pandas": pandas,
        "speedup": round(pandas["seconds"] / openbook["seconds"], 1),
        "memory_ratio": round(pandas["peak_rss_mb"] / openbook["peak_rss_mb"], 1),
    }
    path.unlink()
    print(json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    rows = parser.parse_args().rows
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        runs = [
            _measure(Path(folder), size, suffix)
            for suffix in (".parquet", ".csv")
            for size in sorted({rows // 10, rows})
        ]
    largest = [run for run in runs if run["rows"] == rows]
    report = {
        "peer": f"pandas {__import__('pandas').__version__} (read whole file, groupby size)",
        "engine": f"duckdb {__import__('duckdb').__version__}, memory_limit 1GB",
        "runs": runs,
        "goal_speedup": 10,
        "goal_met": all(float(run["speedup"]) >= 10 for run in largest),  # type: ignore[arg-type]
        "bench_seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "runs"}, indent=2))


if __name__ == "__main__":
    main()
