"""HTML rendering speed of a version's body: 250 to 2,000 articles.

Run: .venv/bin/python benchmarks/bench_render.py
Target: 1,000 articles render in under 0.3 s; doubling the articles at most doubles the time.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import document, scaling_table, timed

from amend.parse import parse_text
from amend.render.html import render_body


def measure(n: int) -> tuple[float, int]:
    root = parse_text(document(n), f"synthetic-{n}").tree.getroot()
    return timed(lambda: render_body(root)), len(render_body(root))


def main() -> int:
    return scaling_table(measure, (250, 500, 1000, 2000), target_n=1000, target_s=0.3, unit="html bytes")


if __name__ == "__main__":
    sys.exit(main())
