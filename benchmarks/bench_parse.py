"""Parse throughput for synthetic documents of 250, 500, 1000 and 2000 articles.

Run: .venv/bin/python benchmarks/bench_parse.py
Target: 1,000 articles in under 0.5 s; doubling the input at most doubles the time.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import document, scaling_table, timed

from amend.parse import parse_text


def measure(n: int) -> tuple[float, int]:
    text = document(n)
    return timed(lambda: parse_text(text, f"synthetic-{n}")), len(text.encode("utf-8"))


def main() -> int:
    return scaling_table(measure, (250, 500, 1000, 2000), target_n=1000, target_s=0.5, unit="bytes")


if __name__ == "__main__":
    sys.exit(main())
