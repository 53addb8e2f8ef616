"""Consolidation speed: a 2,000-article document with 5,000 operations.

Run: .venv/bin/python benchmarks/bench_consolidate.py
Baseline: lxml parsing and serialising the same document. Replay only (the operations made in memory): the
user's whole job, reading its XML files and their instructions included, is bench_consolidate_job.py.
Warm-up, 9 repeats, garbage collection outside the timed region (synth.timed).
Targets: consolidation (replay + serialisation of the result) within 3× the
baseline; doubling articles and operations at most doubles the time (≤ 2.2×).
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lxml import etree
from synth import document, timed

from amend.akn import serialize
from amend.read import Reading, WorkInfo, work_info
from amend.ops import (
    InsertUnit,
    RepealUnit,
    ReplaceUnit,
    ReplaceWords,
    Source,
    SuspendUnit,
)
from amend.parse import parse_text
from amend.versions import consolidate

NEW_PARA = ('<paragraph xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" eId="{eid}"><num>{n}.</num>'
            '<content><p>Nội dung mới của khoản {n} theo văn bản sửa đổi số {d}.</p></content></paragraph>')


def operations(base_root, n_ops: int, n_docs: int = 10, seed: int = 7) -> list[Reading]:
    """``n_ops`` operations on distinct units, spread over ``n_docs`` amending documents."""
    rnd = random.Random(seed)
    base = work_info(base_root)
    arts = [a.get("eId") for a in base_root.iter("{*}article")]
    slots = [(a, k) for a in arts for k in range(5)]
    rnd.shuffle(slots)
    docs = [WorkInfo(f"/akn/vn/act/thong-tu/2025-01-{d + 1:02d}/{d}-2025-tt-btc", f"{d}/2025/TT-BTC",
                     f"2025-01-{d + 1:02d}", f"2025-02-{d + 1:02d}", "Thông tư") for d in range(n_docs)]
    readings = [Reading(w) for w in docs]
    for i, (art, k) in enumerate(slots[:n_ops]):
        d = i % n_docs
        w = docs[d]
        src = Source(w.uri, f"art_1__para_{i}", label=f"khoản {i} Điều 1", number=w.number)
        kw = {"id": f"{d}#{i}", "source": src, "work": base.uri, "effective": w.in_force}
        if k == 0:
            op = ReplaceUnit(target=f"{art}__para_1", content=NEW_PARA.format(eid=f"{art}__para_1", n=1, d=d), **kw)
        elif k == 1:
            op = RepealUnit(target=f"{art}__para_2__point_a", **kw)
        elif k == 2:
            op = InsertUnit(target=f"{art}__para_4", parent=art, content=NEW_PARA.format(eid=f"{art}__para_4", n=4, d=d),
                            **kw)
        elif k == 3:
            op = ReplaceWords(target=f"{art}__para_3", scope=(f"{art}__para_3",), old="Báo cáo thuyết minh",
                              new="Báo cáo giải trình", count=1, **kw)
        else:
            op = SuspendUnit(target=f"{art}__para_2__point_b", until="khi có văn bản mới", **kw)
        readings[d].operations.append(op)
    return readings


def measure(n_articles: int, n_ops: int):
    # the base as the corpus stores it (indented XML), parsed as the engine reads it
    data = serialize(parse_text(document(n_articles), f"synthetic-{n_articles}").tree)
    root = etree.fromstring(data)
    readings = operations(root, n_ops)
    base = timed(lambda: etree.tostring(etree.fromstring(data)))
    cons = timed(lambda: serialize(consolidate(root, readings, snapshots=False).versions[-1].root, reindent=False))
    return base, cons


def main() -> int:
    ok = True
    prev = None
    print(f"{'articles':>8} {'ops':>6} {'lxml s':>8} {'amend s':>8} {'×base':>6} {'ratio':>6}")
    for n, k in ((1000, 2500), (2000, 5000), (4000, 10000)):
        b, c = measure(n, k)
        ratio = c / prev if prev else float("nan")
        print(f"{n:>8} {k:>6} {b:>8.3f} {c:>8.3f} {c / b:>6.2f} {ratio:>6.2f}")
        if n == 2000 and c > 3 * b:
            ok = False
        if prev and ratio > 2.2:
            ok = False
        prev = c
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
