"""Command-line start-up: ``amend --help`` against a Python that only imports lxml.

Run: .venv/bin/python benchmarks/bench_startup.py
Target: ``amend --help`` takes at most 3× the start-up of ``python -c "import lxml.etree"`` (median of 9 runs
after a warm-up, each a fresh process, so the whole start-up is timed). Also reported: the modules a bare
``amend --help`` imports that only some commands need (networkx, jinja2, docx, pdfplumber): there should be none.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def timed(cmd: list[str], n: int = 9) -> float:
    subprocess.run(cmd, capture_output=True, check=True)          # warm-up (file cache, .pyc)
    runs = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> int:
    base = timed([PY, "-c", "import lxml.etree"])
    amend = timed([PY, "-m", "amend.cli", "--help"])
    loaded = subprocess.run([PY, "-c", "import sys, amend.cli; amend.cli.build_parser(); "
                             "print(' '.join(m for m in ('networkx', 'jinja2', 'docx', 'pdfplumber') "
                             "if m in sys.modules))"], capture_output=True, text=True, check=True).stdout.strip()
    ratio = amend / base
    print(f"python -c 'import lxml.etree': {base * 1000:.0f} ms   amend --help: {amend * 1000:.0f} ms   "
          f"ratio {ratio:.2f} (target ≤ 3)")
    print(f"heavy modules loaded by --help: {loaded or 'none'}")
    ok = ratio <= 3 and not loaded
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
