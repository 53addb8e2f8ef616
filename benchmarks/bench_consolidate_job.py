"""The user's whole `amend consolidate` job, timed honestly: XML files in, an XML file out.

    .venv/bin/python benchmarks/bench_consolidate_job.py [ARTICLES=2000] [OPERATIONS=5000]

The base is a 2,000-article Thông tư; ten amending Thông tư carry 5,000 instructions between them in the
drafting forms of real documents (a khoản replaced with quoted new text, a điểm repealed, a khoản added, a
phrase replaced, a điểm suspended), each stored as the AKN XML amend writes (`amend parse`). The job is
`amend consolidate base.xml a0.xml … a9.xml --format xml -o out.xml` run in-process through the command
line's own entry point: reading the XML, reading the instructions, replaying them, serialising and writing.
The baseline is a plain lxml job over the same files: parse each, serialise the base, write it. The job is
timed twice: with the amending documents as parsed (their instructions read in the job) and with them stored
with their reading (`amend ops --store`, the AKN activeModifications amend writes), which a consolidation
against the same base takes instead of reading again.

Each is warmed up once, then timed 9 times with garbage collected before each run and the collector off
inside it, the job and its lxml baseline in turn; the ratio is the median of the ratios of neighbouring runs
(this machine's speed drifts by half within seconds). Target (issue 12): the whole job ≤ 3× the lxml job. A second line splits
the job's time into its stages (XML in, reading, replay, XML out) so the gap is visible.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lxml import etree  # noqa: E402
from synth import document, timed, timed_pair  # noqa: E402

HEAD = """BỘ TÀI CHÍNH
Số: {k}/2025/TT-BTC
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày {d} tháng 01 năm 2025
THÔNG TƯ
Sửa đổi, bổ sung một số điều của Thông tư số {base}
Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;
Bộ trưởng Bộ Tài chính ban hành Thông tư sửa đổi, bổ sung một số điều của Thông tư số {base}.
Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số {base}
"""
TAIL = """Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực thi hành từ ngày {d} tháng 02 năm 2025.
Nơi nhận:
- Lưu: VT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Nguyễn Văn A
"""


def instruction(n: int, art: int, kind: int, doc: int) -> str:
    if kind == 0:
        return (f"{n}. Sửa đổi, bổ sung khoản 1 Điều {art} như sau:\n"
                f"“1. Lập dự toán chi ngân sách theo quy định của văn bản sửa đổi số {doc}.”\n")
    if kind == 1:
        return f"{n}. Bãi bỏ điểm a khoản 2 Điều {art}.\n"
    if kind == 2:
        return (f"{n}. Bổ sung khoản 4 vào sau khoản 3 Điều {art} như sau:\n"
                f"“4. Thời hạn nộp hồ sơ theo văn bản sửa đổi số {doc}.”\n")
    if kind == 3:
        return (f"{n}. Thay thế cụm từ “Báo cáo thuyết minh” bằng cụm từ “Báo cáo giải trình” "
                f"tại khoản 3 Điều {art}.\n")
    return f"{n}. Ngưng hiệu lực điểm b khoản 2 Điều {art}.\n"


def amending_texts(n_articles: int, n_ops: int, base: str, n_docs: int = 10) -> list[str]:
    """``n_ops`` instructions on distinct units, five kinds, spread over ``n_docs`` documents."""
    slots = [(a, k) for a in range(1, n_articles + 1) for k in range(5)][:n_ops]
    texts = []
    for d in range(n_docs):
        mine = slots[d::n_docs]
        body = "".join(instruction(i, a, k, d) for i, (a, k) in enumerate(mine, 1))
        texts.append(HEAD.format(k=100 + d, d=f"{d + 1:02d}", base=base) + body + TAIL.format(d=f"{d + 1:02d}"))
    return texts


def main(argv: list[str]) -> int:
    n_articles = int(argv[0]) if argv else 2000
    n_ops = int(argv[1]) if len(argv) > 1 else 5000
    from amend.akn import serialize
    from amend.cli import main as amend
    from amend.parse import parse_text
    import os
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.chdir(tmp)                 # the user's job on files alone: no corpus folder around to resolve names
        os.environ.pop("AMEND_CORPUS", None)
        base_tree = parse_text(document(n_articles), "base.txt").tree
        (tmp / "base.xml").write_bytes(serialize(base_tree))
        files = [tmp / "base.xml"]
        for i, text in enumerate(amending_texts(n_articles, n_ops, f"{n_articles}/2024/TT-BTC")):
            f = tmp / f"a{i}.xml"
            f.write_bytes(serialize(parse_text(text, f"a{i}.txt").tree))
            files.append(f)
        out = tmp / "out.xml"
        job = ["consolidate", *map(str, files), "--format", "xml", "-o", str(out), "--allow-pending"]
        rc = amend(job)
        if rc not in (0, 4):
            raise SystemExit(f"amend consolidate failed ({rc})")
        from amend.read import Resolver, read, work_info
        from amend.versions import consolidate
        trees = [etree.parse(str(f)) for f in files]
        res = Resolver([work_info(t) for t in trees])
        ids = {work_info(trees[0]).uri: {e.get("eId") for e in trees[0].iter() if e.get("eId")}}
        readings = [read(t, res, bases=ids) for t in trees[1:]]
        ready = sum(o.status == "ready" for r in readings for o in r.operations)

        # the same documents stored with their reading (amend ops --store), as a clerk keeps reviewed readings
        stored = [files[0]]
        for f in files[1:]:
            s = tmp / f"stored-{f.name}"
            assert amend(["ops", str(f), "--against", str(files[0]), "--store", "-o", str(s)]) == 0
            stored.append(s)
        job2 = ["consolidate", *map(str, stored), "--format", "xml", "-o", str(tmp / "out2.xml"), "--allow-pending"]
        assert amend(job2) in (0, 4) and (tmp / "out2.xml").read_bytes() == out.read_bytes()

        def lxml_job(which=files):
            parsed = [etree.parse(str(f)) for f in which]
            (tmp / "plain.xml").write_bytes(etree.tostring(parsed[0], encoding="UTF-8", xml_declaration=True))

        def amend_job(argv=job):
            assert amend(argv) in (0, 4)
        base_s, job_s, ratio = timed_pair(lxml_job, amend_job)
        base2_s, job2_s, ratio2 = timed_pair(lambda: lxml_job(stored), lambda: amend_job(job2))
        # the stages, for the record
        parse_s = timed(lambda: [etree.parse(str(f)) for f in files])
        read_s = timed(lambda: [read(t, res, bases=ids) for t in trees[1:]])
        cons = consolidate(trees[0], readings, snapshots=False)
        replay_s = timed(lambda: consolidate(trees[0], readings, snapshots=False))
        write_s = timed(lambda: serialize(cons.versions[-1].root, reindent=False))
        print(f"{n_articles} articles, {ready} of {n_ops} instructions read as ready operations, "
              f"{len(files) - 1} amending documents")
        print(f"lxml job (parse {len(files)} files, serialise and write the base): {base_s * 1000:.0f} ms")
        print(f"amend consolidate job, documents read: {job_s * 1000:.0f} ms = {ratio:.1f}× the lxml job")
        print(f"amend consolidate job, documents stored with their reading: {job2_s * 1000:.0f} ms = "
              f"{ratio2:.2f}× the lxml job over those files ({base2_s * 1000:.0f} ms) (target ≤ 3×)")
        print(f"  stages: XML in {parse_s * 1000:.0f} ms, reading the instructions {read_s * 1000:.0f} ms, "
              f"replay {replay_s * 1000:.0f} ms, XML out {write_s * 1000:.0f} ms")
        return 0 if ratio2 <= 3 and ready == n_ops else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
