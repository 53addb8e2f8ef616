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

from synth import document  # noqa: E402

from amend.parse import parse_text  # noqa: E402
from amend.render.html import render_body  # noqa: E402


def measure(n: int, repeat: int = 5) -> tuple[float, int]:
    root = parse_text(document(n), f"synthetic-{n}").tree.getroot()
    times, size = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        size = len(render_body(root))
        times.append(time.perf_counter() - t0)
    return statistics.median(times), size


def main() -> int:
    ok, prev = True, None
    print(f"{'articles':>8} {'html bytes':>11} {'median s':>9} {'ratio':>6}")
    for n in (250, 500, 1000, 2000):
        t, size = measure(n)
        ratio = t / prev if prev else float("nan")
        print(f"{n:>8} {size:>11} {t:>9.3f} {ratio:>6.2f}")
        if n == 1000 and t >= 0.3:
            ok = False
        if prev and ratio > 2.2:
            ok = False
        prev = t
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
