"""SPC throughput: openbook.spc against the PyPI package abspc, in the same run.

openbook runs every series of one table at once (rules and icons included) on 10,000 and
100,000 series of 60 monthly points; abspc (pinned in bench/spc_requirements.txt, installed
only in its own venv bench/.venv-spc, made here if missing) runs series by series, as it is
designed to, on 1,000 series: limits, special causes, point colours, variation and assurance.
Each measurement runs in its own process so peak memory (ru_maxrss) is its own.
Writes bench/results/spc_speed.json. Usage: .venv/bin/python bench/spc_speed.py
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
RESULTS = HERE / "results" / "spc_speed.json"
PEER_VENV = HERE / ".venv-spc"
POINTS = 60
SEED = 20170401

# Data for both sides: the same generator, written once here and run in each child.
MAKE_DATA = f"""
import numpy as np, pandas as pd
def make_data(series):
    rng = np.random.default_rng({SEED})
    values = rng.normal(100, 10, size=(series, {POINTS}))
    values[:, -8:] += rng.choice([0, 25], size=(series, 1))  # some series shift at the end
    dates = pd.date_range("2017-04-01", periods={POINTS}, freq="MS")
    return pd.DataFrame({{
        "f": np.repeat(np.arange(series), {POINTS}),
        "date": np.tile(dates.values, series),
        "value": values.ravel(),
    }})
"""

OPENBOOK_CHILD = (
    MAKE_DATA
    + """
import sys, time, resource, json
from openbook.spc import spc
series = int(sys.argv[1])
data = make_data(series)
started = time.perf_counter()
result = spc(data, facet_col="f", target=100.0)
seconds = time.perf_counter() - started
assert len(result.icons) == series
print(json.dumps({"series": series, "seconds": seconds,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
)

PEER_CHILD = (
    MAKE_DATA
    + """
import sys, time, resource, json
import abspc
series = int(sys.argv[1])
data = make_data(series)
frames = [group.reset_index(drop=True) for _, group in data.groupby("f")]
started = time.perf_counter()
for frame in frames:
    limits = abspc.calculate_control_limits(frame, "XmR", value_col="value")
    flagged = abspc.detect_special_causes(limits, value_col="value")
    abspc.determine_point_colours(flagged, value_col="value", target=100.0)
    abspc.determine_variation_type(flagged, value_col="value")
    abspc.determine_assurance_type(flagged, 100.0)
seconds = time.perf_counter() - started
print(json.dumps({"series": series, "seconds": seconds,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
)


def _peer_python() -> Path:
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(HERE / "spc_requirements.txt")], check=True)
    return python


def _run(python: Path | str, code: str, series: int) -> dict[str, float]:
    output = subprocess.run(
        [str(python), "-c", code, str(series)], capture_output=True, text=True, check=True
    ).stdout
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    figures["series_per_second"] = round(figures["series"] / figures["seconds"], 1)
    figures["seconds"] = round(figures["seconds"], 3)
    figures["peak_rss_mb"] = round(figures["peak_rss_mb"], 1)
    return figures


def main() -> None:
    started = time.perf_counter()
    report = {
        "points_per_series": POINTS,
        "openbook_10000": _run(sys.executable, OPENBOOK_CHILD, 10_000),
        "openbook_100000": _run(sys.executable, OPENBOOK_CHILD, 100_000),
        "abspc_1000": _run(_peer_python(), PEER_CHILD, 1_000),
    }
    openbook_rate = report["openbook_100000"]["series_per_second"]
    report["ratio_openbook_to_abspc"] = round(
        openbook_rate / report["abspc_1000"]["series_per_second"], 1
    )
    report["goal_series_per_second"] = 20_000
    report["goal_met"] = min(report["openbook_10000"]["series_per_second"], openbook_rate) >= 20_000
    report["bench_seconds"] = round(time.perf_counter() - started, 1)
    report["this_process_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
