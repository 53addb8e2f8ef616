"""A synthetic national corpus shaped like the real one, and the build's scaling measured on it.

    .venv/bin/python benchmarks/synth_corpus.py 1000 2000 4000 [--repeats 9] [--corpora DIR]   # doubling ratios
    .venv/bin/python benchmarks/synth_corpus.py 1000 2000 --sequential [--workers N]   # one size after the other
    .venv/bin/python benchmarks/synth_corpus.py --dry-run 160000   # the projected full build, 1 machine or k

Every work is the published text of a document, parsed by amend as a clerk's would be (no shortcut into XML):

* hub laws (Luật, Quốc hội) cited by almost everything below them;
* decrees (Nghị định, Chính phủ) resting on laws;
* circulars (Thông tư) resting on a law and a decree, with ten articles each;
* chains of amending circulars ("Sửa đổi, bổ sung một số điều của Thông tư số …": a khoản replaced, a phrase
  replaced, a khoản repealed), several on the same base in successive years;
* provincial decisions (Quyết định, UBND tỉnh) resting on laws.

Each size's corpus is generated once (into a temporary folder, or kept in ``--corpora DIR`` for later runs);
then `amend build` runs in a fresh process whose wall time and maximum RSS are measured (the whole job, parsing
of the corpus included).

This machine's speed drifts (a neighbour on the host: the same build up to 25% slower from one quarter of an
hour to the next), more than the 5% the doubling target leaves. So each doubling is measured side by side: the
larger corpus (2n works) is built in one process while, at the same moments, the smaller (n works) is built
twice in a row in another; the machine is kept equally loaded to the end (the side done first goes on building,
not counted). The round's ratio is the large build's time over the mean of the two small ones; the round is
repeated (``--repeats R``, default 9) and the median ratio is checked against 2.1. Before the timed builds, a
warm-up reads every file of the corpora once and compiles amend's bytecode, so that the first build does not
pay for what the later ones do not. ``--sequential`` measures
the sizes one after the other instead (each at its fastest of R rounds; the dry run's absolute times). A
doubling ratio above 2.1 in time or 1.3 in memory (highest peak) is reported as a missed target.
"""
from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIX = {"luat": 0.02, "nghi-dinh": 0.13, "thong-tu": 0.30, "sua-doi": 0.35, "quyet-dinh": 0.20}
HEAD = """{issuer}
Số: {number}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
{place}, ngày {d} tháng {m} năm {y}
{type_upper}
{title}
{bases}{enact}
"""
ARTICLE = """Điều {i}. Quy định thứ {i}
1. Cơ quan, tổ chức thực hiện nhiệm vụ thứ {i} theo kế hoạch được giao hằng năm.
2. Hồ sơ thực hiện gồm văn bản đề nghị và báo cáo thuyết minh của cơ quan chủ trì.
3. Thời hạn giải quyết là 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.
"""
TAIL = """Điều {k}. Hiệu lực thi hành
{type_name} này có hiệu lực thi hành từ ngày {d2} tháng {m2} năm {y2}.
Nơi nhận:
- Lưu: VT.
{signer}
Nguyễn Văn An
"""


def _doc(kind: str, n: int, year: int, *, bases: list[tuple[str, str, int]], amends: tuple | None,
         rnd: random.Random) -> tuple[str, str]:
    """(number, text) of one document."""
    d, m = 1 + n % 27, 1 + (n // 27) % 12
    if kind == "luat":
        number, issuer, type_name, place = f"{n}/{year}/QH{13 + (year - 2011) // 5}", "QUỐC HỘI", "Luật", "Hà Nội"
        title, enact, signer = f"Luật thử nghiệm số {n}", "Quốc hội ban hành Luật thử nghiệm.", "CHỦ TỊCH QUỐC HỘI"
    elif kind == "nghi-dinh":
        number, issuer, type_name, place = f"{n}/{year}/NĐ-CP", "CHÍNH PHỦ", "Nghị định", "Hà Nội"
        title, enact, signer = f"Quy định chi tiết thử nghiệm số {n}", "Chính phủ ban hành Nghị định.", "TM. CHÍNH PHỦ"
    elif kind in ("thong-tu", "sua-doi"):
        number, issuer, type_name, place = f"{n}/{year}/TT-BTC", "BỘ TÀI CHÍNH", "Thông tư", "Hà Nội"
        if amends:
            title = f"Sửa đổi, bổ sung một số điều của Thông tư số {amends[0]}"
            enact = f"Bộ trưởng Bộ Tài chính ban hành Thông tư sửa đổi, bổ sung một số điều của Thông tư số {amends[0]}."
        else:
            title, enact = f"Hướng dẫn thử nghiệm số {n}", "Bộ trưởng Bộ Tài chính ban hành Thông tư."
        signer = "BỘ TRƯỞNG"
    else:
        number, issuer, type_name, place = (f"{n}/{year}/QĐ-UBND", "ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG", "Quyết định",
                                            "Hải Dương")
        title, enact, signer = f"Ban hành quy định thử nghiệm số {n}", "ỦY BAN NHÂN DÂN TỈNH QUYẾT ĐỊNH:", "TM. ỦY BAN NHÂN DÂN"
    basis = "".join(f"Căn cứ {t} số {num} ngày 01 tháng 01 năm {y};\n" for t, num, y in bases)
    text = HEAD.format(issuer=issuer, number=number, place=place, d=f"{d:02d}", m=f"{m:02d}", y=year,
                       type_upper=type_name.upper(), title=title, bases=basis, enact=enact)
    if amends:
        k, fresh = amends[2], amends[3]          # the article this amendment acts on; whether none acted on it yet
        text += (f"Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số {amends[0]}\n"
                 f"1. Sửa đổi, bổ sung khoản 2 Điều {k} như sau:\n"
                 f"“2. Hồ sơ thực hiện gồm văn bản đề nghị, báo cáo thuyết minh và dự toán kinh phí (lần {n}).”\n")
        if fresh:      # an article's phrase and its khoản 1 are changed once; later amendments replace khoản 2
            text += (f"2. Thay thế cụm từ “15 ngày làm việc” bằng cụm từ “10 ngày làm việc” tại khoản 3 Điều {k}.\n"
                     f"3. Bãi bỏ khoản 1 Điều {k}.\n")
        last = 2
    else:
        arts = 5 if kind == "luat" else 10
        text += "".join(ARTICLE.format(i=i) for i in range(1, arts + 1))
        last = arts + 1
    text += TAIL.format(k=last, type_name=type_name, d2="01", m2="07", y2=year, signer=signer)
    return number, text


def generate(n_works: int, out: Path, seed: int = 7) -> int:
    """Write ``n_works`` documents' AKN into the corpus folder ``out`` (parsed from their text); the count."""
    from amend.corpus import add_text
    rnd = random.Random(seed)
    counts = {k: max(1, round(n_works * f)) for k, f in MIX.items()}
    laws, decrees, circulars = [], [], []
    src = out.parent / (out.name + "-text")
    src.mkdir(parents=True, exist_ok=True)
    made = 0
    serial = 1

    def add(kind, year, bases, amends=None):
        nonlocal made, serial
        number, text = _doc(kind, serial, year, bases=bases, amends=amends, rnd=rnd)
        serial += 1
        f = src / f"{made}.txt"
        f.write_text(text, encoding="utf-8")
        add_text(out, f)
        made += 1
        return number
    for i in range(counts["luat"]):
        laws.append((add("luat", 2011 + i % 10, []), 2011 + i % 10))
    hub = lambda: laws[min(int(rnd.paretovariate(1.1)) - 1, len(laws) - 1)]       # a few laws cited by most
    for i in range(counts["nghi-dinh"]):
        law = hub()
        decrees.append((add("nghi-dinh", law[1] + 1, [("Luật", law[0], law[1])]), law[1] + 1))
    for i in range(counts["thong-tu"]):
        law, dec = hub(), decrees[rnd.randrange(len(decrees))]
        y = max(law[1], dec[1]) + 1
        circulars.append((add("thong-tu", y, [("Luật", law[0], law[1]), ("Nghị định", dec[0], dec[1])]), y))
    touched: dict[str, set[int]] = {}
    amended: dict[str, int] = {}                     # how many amendments each base has had
    for i in range(counts["sua-doi"]):               # chains: several amendments of one circular, year after year
        base = circulars[rnd.randrange(len(circulars))] if i % 3 else circulars[i % max(1, len(circulars) // 10)]
        used = touched.setdefault(base[0], set())
        free = [a for a in range(1, 11) if a not in used]
        k = rnd.choice(free) if free else rnd.randrange(1, 11)
        used.add(k)
        amended[base[0]] = amended.get(base[0], 0) + 1
        y = base[1] + amended[base[0]]               # successive amendments of one base in successive years
        add("sua-doi", y, [("Luật", hub()[0], 2011)], amends=(base[0], base[1], k, bool(free)))
    for i in range(counts["quyet-dinh"]):
        law = hub()
        add("quyet-dinh", law[1] + 2, [("Luật", law[0], law[1])])
    return made


WORKERS = 1


AS_OF = "2050-01-01"


def build(corpus: Path, out: Path, works: int, stop=None) -> tuple[float, float, dict] | None:
    """(seconds, max RSS MiB, parts) of a whole `amend build` of ``corpus`` into ``out`` (emptied first): the
    build's own process plus, with a pool, each worker at its own peak (an upper bound of what was in use); parts
    is the build's own account of its time (read, works, corpus pages), empty if it printed none. With ``stop``
    (a threading.Event), the build is killed once it is set, and None is returned.

    The build is dated :data:`AS_OF`, after every generated document (the last amendments of a chain are signed
    in the 2030s), and must have built all ``works`` of the corpus: a build dated earlier leaves the later
    documents out, and the sizes' works then no longer double (as of 2026-01-01: 969, 1,941 and 3,922 works of
    1,000, 2,000 and 4,000, a doubling of ×2.02 counted as ×2)."""
    import shutil
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c",
                          "import resource, sys; from amend.cli import main; rc = main(sys.argv[1:]); "
                          "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
                          "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(rc)",
                          "build", str(corpus), "-o", str(out), "-q", "--as-of", AS_OF,
                          "--workers", str(WORKERS)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    while True:
        try:
            stdout, stderr = p.communicate(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            if stop is not None and stop.is_set():
                p.kill()
                p.communicate()
                return None
    secs = time.perf_counter() - t
    if p.returncode != 0:
        raise SystemExit(f"build of {corpus} failed: {stderr.strip()[-400:]}")
    own, child = (int(x) / 1024 for x in stdout.strip().splitlines()[-1].split())
    import re
    built = re.search(r"^built .*: (\d+) works", stdout, re.MULTILINE)
    if built is None or int(built.group(1)) != works:
        raise SystemExit(f"the build of {corpus} did not build its {works} works: "
                         + (f"{built.group(1)} built" if built else "it printed no count"))
    m = re.search(r"read and linked ([\d.]+) s, works built ([\d.]+) s \([^)]*\), index, search and graph pages "
                  r"([\d.]+) s", stdout)
    parts = dict(zip(("read", "works", "pages"), map(float, m.groups()))) if m else {}
    return secs, own + (WORKERS * child if WORKERS > 1 else 0), parts


def _show(made: int, run: tuple, note: str = "") -> None:
    secs, rss, parts = run
    print(f"  {made:>6} works: build {secs:7.1f} s   max RSS {rss:7.0f} MiB   "
          + ", ".join(f"{k} {v:.1f} s" for k, v in parts.items()) + note, flush=True)


MARK = ".amend-synth-corpora"        # a --corpora folder this benchmark made, and may empty parts of


def corpora(sizes: list[int], folder: Path) -> list[tuple[int, Path]]:
    """(works, corpus folder) of each size, generated into ``folder`` unless a previous run left it there
    (generation is deterministic: same size, same seed, same corpus). ``folder`` is new, empty, or one this
    benchmark made (its mark): a folder of the user's own is refused, never emptied."""
    if folder.exists() and any(folder.iterdir()) and not (folder / MARK).exists():
        raise SystemExit(f"{folder} holds files this benchmark did not make: give --corpora a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARK).touch()
    out = []
    for n in sizes:
        corpus = folder / f"corpus-{n}"
        done = corpus.parent / (corpus.name + ".done")
        if not done.exists():
            import shutil
            shutil.rmtree(corpus, ignore_errors=True)
            done.write_text(str(generate(n, corpus)))
        out.append((int(done.read_text()), corpus))
    return out


def warm_up(made: list[tuple[int, Path]]) -> None:
    """What a first build would pay for and the later ones not, paid before the timed builds: every file of the
    corpora read once (into the system's page cache) and amend's modules compiled to bytecode."""
    for _, corpus in made:
        for f in sorted(corpus.rglob("*")):
            if f.is_file():
                f.read_bytes()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "amend")], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def measure(sizes: list[int], repeats: int, folder: Path) -> list[tuple[int, list[tuple[float, float, dict]]]]:
    """Sequential rounds. For each size: (works, each build's (seconds, max RSS, parts)); the builds run in
    turn, size after size, ``repeats`` times, so that a slow drift of the machine's speed falls on every size."""
    made = corpora(sizes, folder)
    warm_up(made)
    runs: dict[Path, list] = {c: [] for _, c in made}
    with tempfile.TemporaryDirectory() as sites:
        for _ in range(repeats):
            for n, corpus in made:
                run = build(corpus, Path(sites) / "site", n)
                runs[corpus].append(run)
                _show(n, run)
    return [(n, runs[corpus]) for n, corpus in made]


def side_by_side(small: tuple[int, Path], large: tuple[int, Path], sites: Path) -> tuple[tuple, list[tuple]]:
    """One paired round: the larger corpus built once while, at the same time in a second process, the smaller
    is built twice in a row. Both sides meet the same machine at the same moments, so a change of its speed
    (a neighbour on the host, up to 2× within minutes) falls on both alike. The machine stays equally loaded to
    the end: the side done first goes on building (not counted, killed when the other is done). Gives (the large
    build, the two small builds)."""
    import threading
    done = {"small": threading.Event(), "large": threading.Event()}
    got: dict[str, list] = {}

    def side(name: str, made: tuple[int, Path], counted: int, other: str) -> None:
        out = sites / f"site-{name}"
        works, corpus = made
        try:
            got[name] = [build(corpus, out, works) for _ in range(counted)]
            done[name].set()
            while not done[other].is_set():
                build(corpus, out, works, stop=done[other])      # a filler: the same load, not counted
        except BaseException as e:          # a failed build ends both sides, and is told by the caller
            got[name + " failed"] = [e]
            done["small"].set()
            done["large"].set()

    t = threading.Thread(target=side, args=("large", large, 1, "small"))
    t.start()
    side("small", small, 2, "large")
    t.join()
    for failed in ("small failed", "large failed"):
        if failed in got:
            raise got[failed][0]
    return got["large"][0], got["small"]


def paired(sizes: list[int], repeats: int, folder: Path) -> list[tuple[int, int, list[float], list, list]]:
    """For each doubling (n, 2n) of ``sizes``: (n, 2n, each round's time ratio, the large builds, the small
    builds). A round's ratio is the large build's time over the mean of the two small builds run beside it."""
    made = corpora(sizes, folder)
    warm_up(made)
    rows = []
    for small, large in zip(made, made[1:]):
        ratios, larges, smalls = [], [], []
        for r in range(repeats):
            with tempfile.TemporaryDirectory() as sites:
                big, two = side_by_side(small, large, Path(sites))
            for run in two:
                _show(small[0], run)
            _show(large[0], big, "   (beside them)")
            ratio = big[0] / (sum(x[0] for x in two) / 2)
            print(f"  round {r + 1}: {small[0]} → {large[0]} works ×{ratio:.2f}", flush=True)
            ratios.append(ratio)
            larges.append(big)
            smalls.extend(two)
        rows.append((small[0], large[0], ratios, larges, smalls))
    return rows


def _option(argv: list[str], flag: str, default, kind=int) -> tuple:
    """The value of ``flag VALUE`` on the line (as ``kind``), and the line without it."""
    if flag not in argv:
        return default, argv
    i = argv.index(flag)
    return kind(argv[i + 1]), argv[:i] + argv[i + 2:]


def _fastest(runs: list) -> tuple[float, float, dict]:
    """A size's figures: its fastest build (with that build's parts) and its highest peak memory."""
    secs, _, parts = min(runs, key=lambda r: r[0])
    return secs, max(r[1] for r in runs), parts


def main(argv: list[str]) -> int:
    global WORKERS
    WORKERS, argv = _option(argv, "--workers", WORKERS)
    repeats, argv = _option(argv, "--repeats", 9)
    keep, argv = _option(argv, "--corpora", None, Path)
    sequential = "--sequential" in argv
    argv = [a for a in argv if a != "--sequential"]
    if keep is not None:
        return _measured(argv, repeats, keep, sequential)
    with tempfile.TemporaryDirectory() as tmp:
        return _measured(argv, repeats, Path(tmp), sequential)


def _measured(argv: list[str], repeats: int, folder: Path, sequential: bool) -> int:
    if argv[:1] == ["--dry-run"]:
        target = int(argv[1]) if len(argv) > 1 else 160_000
        (n1, runs1), (n2, runs2) = measure([1000, 2000], repeats, folder)
        (s1, m1, p1), (s2, m2, p2) = _fastest(runs1), _fastest(runs2)
        import math
        # time: a power law through the two measurements (time ∝ n^a, a ≥ 1 when the doubling is ≥ 2); memory:
        # a straight line, as the snapshot (catalogue, readings, graph) grows by the same amount per work (a power
        # law through 171 and 205 MiB would give 0.6 GiB at 160,000 works, far below what the snapshot takes)
        a = math.log2(max(s2 / s1, 1e-9))
        proj = s2 * (target / n2) ** a
        mem = m2 + (m2 - m1) / (n2 - n1) * (target - n2)
        print(f"measured (1 process, fastest of {repeats}): {n1} works {s1:.0f} s {m1:.0f} MiB; {n2} works {s2:.0f} s "
              f"{m2:.0f} MiB (doubling ×{s2 / s1:.2f} time, ×{m2 / m1:.2f} memory)")
        print(f"projected full build of {target:,} works on one machine, one process: {proj / 3600:.1f} h, "
              f"{mem / 1024:.1f} GiB ({(m2 - m1) / (n2 - n1) * 1000:.0f} MiB more per 1,000 works)")
        if p1 and p2:
            # the projected time split as the larger measurement splits it: the reading of the corpus, the rest
            # of the process (start-up, publishing) and the corpus's own pages stay in the build's process; the
            # works are shared by k workers (a small part's own doubling ratio is too noisy to extrapolate alone)
            print(f"  measured parts: {n1} works read {p1['read']:.1f} s, works {p1['works']:.1f} s, corpus pages "
                  f"{p1['pages']:.1f} s; {n2} works read {p2['read']:.1f} s, works {p2['works']:.1f} s, corpus pages "
                  f"{p2['pages']:.1f} s")
            share = p2["works"] / s2
            for k in (2, 8, 32, 128):
                t = proj * (1 - share) + proj * share / k
                print(f"  on {k:>3} workers (cores or a Dask cluster): {t / 3600:.1f} h; the build's process "
                      f"{mem / 1024:.1f} GiB, each worker the snapshot (catalogue, readings, graph) and ≤ 512 trees")
        return 0
    sizes = [int(a) for a in argv] or [1000, 2000, 4000]
    ok = True
    if sequential:
        rows = [(n, *_fastest(runs)[:2]) for n, runs in measure(sizes, repeats, folder)]
        for n, secs, rss in rows:
            print(f"{n:>6} works: fastest build of {repeats} {secs:7.1f} s   highest max RSS {rss:7.0f} MiB")
        for (n1, s1, m1), (n2, s2, m2) in zip(rows, rows[1:]):
            t, m = s2 / s1, m2 / m1
            ok &= t <= 2.1 and m <= 1.3
            print(f"{n1} → {n2}: time ×{t:.2f} (target ≤ 2.1), memory ×{m:.2f} (target ≤ 1.3)")
    else:
        if WORKERS != 1:
            raise SystemExit("builds side by side take one core each: --workers 1, or --sequential")
        import statistics
        for n1, n2, ratios, larges, smalls in paired(sizes, repeats, folder):
            t = statistics.median(ratios)
            m = max(r[1] for r in larges) / max(r[1] for r in smalls)
            ok &= t <= 2.1 and m <= 1.3
            print(f"{n1} → {n2}: time ×{t:.2f} (median of {len(ratios)} rounds: "
                  + ", ".join(f"×{r:.2f}" for r in ratios) + f"; target ≤ 2.1), memory ×{m:.2f} "
                  f"({max(r[1] for r in smalls):.0f} → {max(r[1] for r in larges):.0f} MiB; target ≤ 1.3)")
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
