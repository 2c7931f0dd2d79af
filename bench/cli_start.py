"""How fast the command line starts: `openbook --help` and `openbook position` on the Dorset
demonstration store, cold (no bytecode cached: the first run after an install or upgrade)
and warm (bytecode cached, the usual case), against named peers in the same run:
`python -c pass` (the interpreter alone, the floor) and `pip --version` (a well-known
Python command line). Each command runs in a fresh process, timed from start to exit; the
figure is the median of the warm runs, and the cold run's time.

Bytecode goes to a temporary PYTHONPYCACHEPREFIX (and PYTHONDONTWRITEBYTECODE is unset for
the run), so cold really is cold for every module and the source tree gets no __pycache__.
With `--before SRC` (a checkout of an earlier openbook's src/ folder, e.g. from `git archive
COMMIT src`), the same two openbook commands also run on that code (PYTHONPATH=SRC), in the
same run, for the figures before and after a change.
Writes bench/results/cli_start.json.
Usage: .venv/bin/python bench/cli_start.py [--runs 7] [--before SRC --before-label TEXT]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "cli_start.json"
BIN = Path(sys.executable).parent
POSITION = ["position", "--system", "QVV", "--year", "2017/18", "--month", "12"]
COMMANDS = {
    "python -c pass (peer: the interpreter)": [sys.executable, "-c", "pass"],
    "pip --version (peer: a Python command line)": [str(BIN / "pip"), "--version"],
    "openbook --help": [str(BIN / "openbook"), "--help"],
    "openbook position": [str(BIN / "openbook"), *POSITION],
}


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-2000:]}")
    return elapsed


def build_store(env: dict[str, str]) -> None:
    for args in (["init"], ["demo"]):
        subprocess.run([str(BIN / "openbook"), *args], env=env, capture_output=True, check=True)


def measure(runs: int, before: Path | None = None, label: str = "") -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="openbook-cli-start-") as folder:
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        store_env = {
            **base,
            "OPENBOOK_DATABASE_URL": f"sqlite:///{Path(folder) / 'openbook.db'}",
            "OPENBOOK_VAR_DIR": str(Path(folder) / "var"),
            "PYTHONPYCACHEPREFIX": str(Path(folder) / "build-cache"),
        }
        build_store(store_env)
        env = {**store_env, "PYTHONPYCACHEPREFIX": str(Path(folder) / "pycache")}
        figures: dict[str, dict[str, float]] = {}
        runs_of = [(name, command, env) for name, command in COMMANDS.items()]
        if before is not None:
            old = {**env, "PYTHONPATH": str(before), "PYTHONPYCACHEPREFIX": f"{folder}/old"}
            runs_of += [
                (f"{name} (before: {label})", COMMANDS[name], old)
                for name in ("openbook --help", "openbook position")
            ]
        for name, command, run_env in runs_of:
            cold = timed(command, run_env)  # the first run writes the bytecode
            warm = [timed(command, run_env) for _ in range(runs)]
            figures[name] = {
                "cold_seconds": round(cold, 3),
                "warm_median_seconds": round(statistics.median(warm), 3),
                "warm_min_seconds": round(min(warm), 3),
            }
    pip = figures["pip --version (peer: a Python command line)"]["warm_median_seconds"]
    for name, values in figures.items():
        if name.startswith("openbook"):
            values["warm_vs_pip"] = round(values["warm_median_seconds"] / pip, 2)
    return {
        "what": "wall-clock seconds from process start to exit; warm = bytecode cached",
        "runs": runs,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}",
        "commands": figures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=Path, help="an earlier openbook's src folder")
    parser.add_argument("--before-label", default="an earlier commit")
    args = parser.parse_args()
    result = measure(args.runs, args.before, args.before_label)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
