"""The incremental build: after adding one amending document to a corpus of N works, the rebuild against the
previous site, as a share of a full build, and the check that its site is the full build's, byte for byte.

    .venv/bin/python benchmarks/bench_incremental.py [N=400] [--workers W]

Each build is the whole `amend build` command in a fresh process (corpus reading included). Target: the
rebuild takes ≤ 10% of the full build of the same corpus with the same workers.
"""
from __future__ import annotations

import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth_corpus import _doc, generate  # noqa: E402


def build(corpus: Path, site: Path, workers: int) -> float:
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "amend.cli", "build", str(corpus), "-o", str(site), "-q",
                        "--as-of", "2026-01-01", "--workers", str(workers)], capture_output=True, text=True, cwd=ROOT)
    secs = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"build failed: {r.stderr.strip()[-400:]}")
    print("   ", r.stdout.strip())
    return secs


def files(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and not p.relative_to(site).as_posix().startswith(".amend/")}


def main(argv: list[str]) -> int:
    n = int(next((a for a in argv if a.isdigit()), 400))
    workers = int(argv[argv.index("--workers") + 1]) if "--workers" in argv else 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        generate(n, corpus)
        # an amending circular acting on the first circular of the corpus that no document amends yet
        texts = [t.read_text(encoding="utf-8") for t in sorted((tmp / "corpus-text").glob("*.txt"),
                                                                key=lambda p: int(p.stem))]
        amended = {m.group(1) for t in texts for m in re.finditer(r"của Thông tư số (\S+)", t)}
        number = next(n for t in texts if "TT-BTC" in t and "Sửa đổi" not in t
                      for n in [re.search(r"Số: (\S+)", t).group(1)] if n not in amended)
        _, text = _doc("sua-doi", 99_999, 2025, bases=[("Luật", "1/2011/QH13", 2011)],
                       amends=(number, int(number.split("/")[1]), 4, True), rnd=random.Random(1))
        new = tmp / "new.txt"
        new.write_text(text, encoding="utf-8")
        site = tmp / "site"
        print(f"full build of {n} works ({workers} worker(s)):")
        full = build(corpus, site, workers)
        from amend.corpus import add_text
        add_text(corpus, new)
        print("rebuild after adding one amending document:")
        again = build(corpus, site, workers)
        print("full build of the new corpus, to compare:")
        full2 = build(corpus, tmp / "full", workers)
        a, b = files(site), files(tmp / "full")
        same = a.keys() == b.keys() and all(a[k] == b[k] for k in a)
        ratio = again / full2
        print(f"full {full:.1f} s / {full2:.1f} s; rebuild {again:.2f} s = {ratio:.1%} of a full build "
              f"(target ≤ 10%); site identical to the full build: {same}")
        return 0 if same and ratio <= 0.10 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
