"""Graph size: a synthetic corpus of 100,000 works and 1,000,000 edges.

Run: .venv/bin/python benchmarks/bench_graph.py
Targets: the graph builds in under 30 s; a transitive-bases query and an
impact query answer in under 50 ms each (median over 200 random works); status,
bases at a date and amendments answer in under 50 ms on the 20 biggest hubs
(worst case, median of 9 repeats each after a warm-up).
Peak memory is reported (tracemalloc and the process's maximum RSS).

The corpus imitates the hierarchy: a constitution, laws, decrees, circulars
and local documents; each rests on documents of higher rank issued earlier,
amends or cites documents of its own level, so bases and impact have the
shape they have in real corpora.
"""
from __future__ import annotations

import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from amend.graph import LegalGraph

LEVELS = [("hien-phap", 1, 1), ("luat", 2, 600), ("nghi-dinh", 4, 6000), ("thong-tu", 6, 18000),
          ("nghi-quyet", 7, 25000), ("quyet-dinh", 8, 50399)]


def synthetic(n_edges: int = 1_000_000, seed: int = 1):
    rnd = random.Random(seed)
    works, by_level = [], []
    for subtype, rank, count in LEVELS:
        level = []
        for i in range(count):
            year = 1992 + (i * 33) // max(count, 1)
            uri = f"/akn/vn/act/{subtype}/{year}-01-01/{i}-{year}"
            works.append((uri, {"subtype": subtype, "rank": rank, "signed": f"{year}-01-01",
                                "in_force": f"{year}-03-01", "issuer": subtype, "label": f"{subtype} {i}"}))
            level.append(uri)
        by_level.append(level)
    edges = []
    per_work = n_edges // len(works)
    extra = n_edges - per_work * len(works)
    for li, level in enumerate(by_level):
        higher = [u for lv in by_level[:li] for u in lv] or level
        for i, u in enumerate(level):
            k = per_work + (1 if extra > 0 else 0)
            extra -= 1
            for j in range(k):
                r = rnd.random()
                if r < 0.7 or li == 0:
                    v = higher[min(int(rnd.paretovariate(1.2)) - 1, len(higher) - 1)] if li > 0 else level[0]
                    kind = "based_on"
                elif r < 0.85:
                    v = level[rnd.randrange(max(1, i))] if i else level[0]
                    kind = "amends"
                else:
                    v = level[rnd.randrange(len(level))]
                    kind = "cites"
                if v == u:
                    v = by_level[0][0]
                edges.append((u, v, {"kind": kind, "date": f"{1992 + j % 30}-01-01", "provision": f"art_{j}"}))
    return works, edges[:n_edges]


def main() -> int:
    works, edges = synthetic()
    t0 = time.perf_counter()
    lg = LegalGraph()
    lg.g.add_nodes_from(works)
    lg.add_edges(edges)
    lg.prepare()
    build = time.perf_counter() - t0
    # memory of the graph itself, measured on a second build (tracemalloc slows building down)
    del lg
    tracemalloc.start()
    lg = LegalGraph()
    lg.g.add_nodes_from(works)
    lg.add_edges(edges)
    lg.prepare()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rnd = random.Random(2)
    sample = [works[rnd.randrange(len(works))][0] for _ in range(200)]
    tb, ti = [], []
    sizes_b, sizes_i = [], []
    for u in sample:
        t = time.perf_counter()
        sizes_b.append(len(lg.bases(u, transitive=True)))
        tb.append(time.perf_counter() - t)
        t = time.perf_counter()
        sizes_i.append(len(lg.impact(u)))
        ti.append(time.perf_counter() - t)
    mb, mi = statistics.median(tb) * 1000, statistics.median(ti) * 1000
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"works {lg.g.number_of_nodes():,}  edges {lg.g.number_of_edges():,}")
    print(f"build {build:.1f} s   peak traced {peak / 2**20:,.0f} MiB   max RSS {rss:,.0f} MiB")
    print(f"transitive bases: median {mb:.2f} ms (p90 {sorted(tb)[179] * 1000:.1f} ms, median size "
          f"{statistics.median(sizes_b):.0f})")
    print(f"impact:           median {mi:.2f} ms (p90 {sorted(ti)[179] * 1000:.1f} ms, median size "
          f"{statistics.median(sizes_i):.0f})")
    # the heaviest case: impact of the most-cited laws (everything below them)
    # (9 rounds over the 20 laws; the worst single query of all 180 counts, not a median)
    laws = [u for u, a in works if a["subtype"] == "luat"][:20]
    heavy = []
    for _round in range(9):
        for u in laws:
            t = time.perf_counter()
            n = len(lg.impact(u))
            heavy.append((time.perf_counter() - t, n))
    worst_impact = max(h[0] for h in heavy) * 1000
    print(f"impact of the 20 oldest laws, 9 rounds: median {statistics.median(h[0] for h in heavy) * 1000:.0f} ms, "
          f"worst {worst_impact:.0f} ms, median size {statistics.median(h[1] for h in heavy):,.0f} works")
    # hubs: the works with the most edges pointing at them (every query on them, worst case over 20 hubs)
    indeg = sorted(((lg.g.in_degree(u), u) for u, _a in works), reverse=True)[:20]
    lg.effects()                                       # the status index, built once like the kind graphs
    worst = {}
    for name, q in (("status", lambda u: lg.status(u, "2015-06-01")),
                    ("bases at a date", lambda u: lg.bases(u, at="2015-06-01")),
                    ("amendments", lambda u: lg.amendments(u))):
        times = []
        for _deg, u in indeg:
            q(u)                                       # warm-up
            rep = []
            for _ in range(9):
                t = time.perf_counter()
                q(u)
                rep.append(time.perf_counter() - t)
            times.append(statistics.median(rep))
        worst[name] = max(times) * 1000
        print(f"{name:<16} on the 20 biggest hubs (in-degree {indeg[-1][0]:,}–{indeg[0][0]:,}): "
              f"worst {worst[name]:.2f} ms")
    ok = build < 30 and mb < 50 and mi < 50 and worst_impact < 50 and all(w < 50 for w in worst.values())
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
