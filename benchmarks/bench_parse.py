"""Parse throughput for synthetic documents of 250, 500, 1000 and 2000 articles.

Run: .venv/bin/python benchmarks/bench_parse.py
Target: 1,000 articles in under 0.5 s; doubling the input at most doubles the time.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import document

from amend.parse import parse_text


def measure(n: int, repeat: int = 5) -> tuple[float, int]:
    text = document(n)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        parse_text(text, f"synthetic-{n}")
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(text.encode("utf-8"))


def main() -> int:
    prev = None
    print(f"{'articles':>8} {'bytes':>10} {'median s':>9} {'MB/s':>7} {'ratio':>6}")
    ok = True
    for n in (250, 500, 1000, 2000):
        t, size = measure(n)
        ratio = t / prev if prev else float("nan")
        print(f"{n:>8} {size:>10} {t:>9.3f} {size / t / 1e6:>7.2f} {ratio:>6.2f}")
        if n == 1000 and t >= 0.5:
            ok = False
        if prev and ratio > 2.2:
            ok = False
        prev = t
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
