"""A large law as it arrives: the Luật Đất đai (260 articles, 810 KB as pasted from a portal) parsed, and the
Luật Lâm nghiệp consolidated with the Luật Giá and the Luật Đất đai (each read whole: their final chapters amend
some 30 laws), from ../shared/oracle/luat-16-2017/.

Run: .venv/bin/python benchmarks/bench_law.py
Targets: the parse under 1 s; the whole consolidation (three parses, two readings, replay, the VBHN) under 5 s.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import timed

from amend.parse import parse_text
from amend.read import work_info
from amend.render.notes import NOTE_STYLES
from amend.render.vbhn import official
from amend.versions import consolidate_trees

DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "oracle" / "luat-16-2017"


def main() -> int:
    if not DIR.is_dir():
        print(f"bench_law: {DIR} not found (the oracle sits beside the project)", file=sys.stderr)
        return 2
    texts = {n: (DIR / n).read_text(encoding="utf-8") for n in
             ("luat-16-2017-qh14-lam-nghiep.txt", "luat-16-2023-qh15-gia.txt", "luat-31-2024-qh15-dat-dai.txt")}
    big = texts["luat-31-2024-qh15-dat-dai.txt"]
    t_parse = timed(lambda: parse_text(big, "dat-dai"))

    def whole():
        base, gia, dd = (parse_text(t, n).tree for n, t in texts.items())
        cons = consolidate_trees(base, [gia, dd])
        roots = {work_info(t).uri: t.getroot() for t in (base, gia, dd)}
        return official(cons.at("2024-09-16"), cons, roots, NOTE_STYLES["vpqh"]).text()
    t_cons = timed(whole, repeats=3)
    ok = t_parse < 1.0 and t_cons < 5.0
    print(f"parse of the Luật Đất đai ({len(big.encode('utf-8')):,} bytes, 260 articles): {t_parse:.3f} s (target < 1 s)")
    print(f"consolidation of the Luật Lâm nghiệp with both laws, VBHN written: {t_cons:.3f} s (target < 5 s)")
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
