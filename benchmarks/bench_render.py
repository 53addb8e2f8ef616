"""HTML rendering speed of a version's body: 250 to 2,000 articles.

Run: .venv/bin/python benchmarks/bench_render.py
Target: 1,000 articles render in under 0.3 s; doubling the articles at most doubles the time.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import document, scaling_table

from amend.parse import parse_text
from amend.render.html import render_body


def measure(n: int, repeat: int = 5) -> tuple[float, int]:
    root = parse_text(document(n), f"synthetic-{n}").tree.getroot()
    times, size = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        size = len(render_body(root))
        times.append(time.perf_counter() - t0)
    return statistics.median(times), size


def main() -> int:
    return scaling_table(measure, (250, 500, 1000, 2000), target_n=1000, target_s=0.3, unit="html bytes")


if __name__ == "__main__":
    sys.exit(main())
