"""Run every benchmark in bench/ (each writes bench/results/<name>.json)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

if __name__ == "__main__":
    scripts = sorted(p for p in HERE.glob("*.py") if p.name != "run_all.py")
    failed = [
        script.name
        for script in scripts
        if subprocess.run([sys.executable, str(script)], check=False).returncode
    ]
    if failed:
        sys.exit(f"benchmarks failed: {', '.join(failed)}")
