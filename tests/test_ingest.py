"""Ingest: documents as they really arrive (portal and gazette web pages, DOCX, PDF) read to the same content
as their transcriptions, and bad inputs refused with a clear message and nothing written."""
from __future__ import annotations

import re

import pytest

from amend.akn import q, serialize, text_of
from amend.cli import main
from amend.errors import InputError
from amend.ingest import NoDocumentError, detect, load_source, parse_file, parse_source
from amend.parse import parse_text
from amend.render.text import unit_lines
from amend.versions import consolidate_trees

from .conftest import FIXTURES, ORACLE, need

RAW = ORACLE / "raw"
PAGES = ["tt-39-2016-tt-nhnn", "tt-06-2023-tt-nhnn", "tt-10-2023-tt-nhnn", "tt-12-2024-tt-nhnn"]


def _norm(s: str) -> str:
    return " ".join(s.split())


def _articles(root) -> dict:
    return {a.get("eId"): _norm(" ".join(unit_lines(a))) for a in root.iter(q("article")) if a.get("eId")}


@pytest.mark.parametrize("slug", PAGES)
def test_a_portal_page_gives_the_legal_content_of_its_transcription(slug):
    """Every article equal after normalising white space; the portal's notes, badges and tooltips left out."""
    src = load_source(need(RAW / f"{slug}.html"))
    assert src.format == "html" and src.properties["portal"] == "luatvietnam.vn"
    page = parse_source(src).tree.getroot()
    text = parse_text(need(ORACLE / f"{slug}.txt").read_text(encoding="utf-8"), slug).tree.getroot()
    mine, theirs = _articles(page), _articles(text)
    assert list(mine) == list(theirs)
    assert [k for k in theirs if mine[k] != theirs[k]] == []
    body = src.text
    for portal_matter in ("Đang theo dõi", "Phân tích", "Bổ sung\n", "Tải về để xem"):
        assert portal_matter not in body
    # the original is recorded: its format and the digest of the bytes received
    src_el = page.find(".//{http://amend.invalid/ns/1.0}source")
    assert src_el.get("format") == "html" and len(src_el.get("sha256")) == 64


def test_the_item_the_portal_inserted_into_39_2016_is_left_out():
    """"(iv) Đối với các khoản cho vay có mức giá trị nhỏ…" in Điều 22 is 12/2024's text, inserted by the portal
    and marked only by an element id out of the document's sequence."""
    src = load_source(need(RAW / "tt-39-2016-tt-nhnn.html"))
    assert "Đối với các khoản cho vay có mức giá trị nhỏ" not in src.text
    assert any(d.startswith("item demuc5000029") for d in src.dropped)
    assert "1. Cho vay từng lần:" in src.text          # a number the portal split from its text is joined back


def test_consolidating_from_the_portal_pages_gives_the_43_articles_of_21_vbhn():
    trees = [parse_file(need(RAW / f"{s}.html")).tree for s in PAGES]
    cons = consolidate_trees(trees[0], trees[1:])
    mine = _articles(cons.at("2024-07-16").root)
    texts = [parse_text(need(ORACLE / f"{s}.txt").read_text(encoding="utf-8"), s).tree for s in PAGES]
    expected = _articles(consolidate_trees(texts[0], texts[1:]).at("2024-07-16").root)
    official = parse_text(need(ORACLE / "vbhn-21-2024-tt39.txt").read_text(encoding="utf-8")).tree.getroot()
    assert len(mine) == 43 and sorted(mine) == sorted(_articles(official))
    assert mine == expected


def test_cli_reads_a_page_and_says_what_it_left_out(tmp_path, capsys):
    out = tmp_path / "06.xml"
    assert main(["parse", str(need(RAW / "tt-06-2023-tt-nhnn.html")), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "left out (not part of the document): docitem-17: Ngưng hiệu lực" in err
    assert b"06/2023/TT-NHNN" in out.read_bytes()


@pytest.mark.parametrize("slug", ["tt-06-2023-tt-nhnn", "tt-10-2023-tt-nhnn"])
def test_a_gazette_page_says_the_text_is_not_on_it(slug, tmp_path, capsys):
    page = need(RAW / f"{slug}.congbao.html")
    with pytest.raises(NoDocumentError) as e:
        load_source(page)
    msg = str(e.value)
    assert "does not hold its text" in msg and slug[3:5] + "/2023/TT-NHNN" in msg
    out = tmp_path / "x.xml"
    assert main(["parse", str(page), "-o", str(out)]) == 2 and not out.exists()
    assert "số " in capsys.readouterr().err


PORTAL_TABLE = """<html><head><link rel="canonical" href="https://luatvietnam.vn/x.html"></head><body>
<div class="menu">Trang chủ | Văn bản mới</div>
<div class="the-document-body">
<p>ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG</p><p>Số: 12/2024/QĐ-UBND</p>
<p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>Độc lập - Tự do - Hạnh phúc</p>
<p>Hải Dương, ngày 03 tháng 02 năm 2024</p><p>QUYẾT ĐỊNH</p><p>Ban hành bảng giá</p>
<p>Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;</p>
<p>ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG QUYẾT ĐỊNH:</p>
<p>Điều 1. Ban hành kèm theo Quyết định này bảng giá.</p>
<p>Điều 2. Quyết định này có hiệu lực kể từ ngày 15 tháng 02 năm 2024.</p>
<table><tr><td>Nơi nhận:<br>- Như Điều 2;</td><td>TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH<br>Nguyễn Văn A</td></tr></table>
<p>PHỤ LỤC</p><p>BẢNG GIÁ</p><p>(Kèm theo Quyết định số 12/2024/QĐ-UBND ngày 03/02/2024 của UBND tỉnh Hải Dương)</p>
<table>
<thead><tr><th rowspan="2">STT</th><th rowspan="2">Loại</th><th colspan="2">Giá (đồng)</th></tr>
<tr><th>Năm 2024</th><th>Năm 2025</th></tr></thead>
<tbody><tr><td>1</td><td>Đất ở</td><td>1.000.000</td><td>1.200.000</td></tr>
<tr><td>2</td><td>Đất nông nghiệp</td><td>50.000</td><td></td></tr></tbody>
</table>
</div><div class="footer">Bản quyền</div></body></html>"""


def test_a_portal_table_becomes_a_real_akn_table(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(PORTAL_TABLE, encoding="utf-8")
    root = parse_file(f).tree.getroot()
    tables = list(root.iter(q("table")))
    assert len(tables) == 1
    t = tables[0]
    rows = list(t.iter(q("tr")))
    assert [r.get("class") for r in rows] == ["header", "header", "item", "item"]
    first = rows[0]
    assert [(c.tag.split("}")[1], c.get("rowspan"), c.get("colspan"), text_of(c)) for c in first] == [
        ("th", "2", None, "STT"), ("th", "2", None, "Loại"), ("th", None, "2", "Giá (đồng)")]
    assert [text_of(c) for c in rows[2]] == ["1", "Đất ở", "1.000.000", "1.200.000"]
    assert rows[2].find(f".//{q('quantity')}").get("normalized") == "1000000"
    assert rows[3][3].get("class") == "empty"
    xml = serialize(root)
    assert "Trang chủ".encode() not in xml and "Bản quyền".encode() not in xml
    assert "Nguyễn Văn A".encode() in xml            # the signature table is read as the page reads


@pytest.mark.parametrize("content, why", [
    ("<html><body><form><input name=q><button>Tìm kiếm</button></form><ul><li>Kết quả 1</li></ul></body></html>",
     "no legal document found"),
    ("<html><body><h1>Đăng nhập</h1><p>Vui lòng đăng nhập để xem toàn văn.</p></body></html>",
     "no legal document found"),
    ("<html><body><h1>404</h1><p>Không tìm thấy trang</p></body></html>", "no legal document found"),
])
def test_a_page_without_a_legal_document_is_refused(content, why, tmp_path, capsys):
    f = tmp_path / "page.html"
    f.write_text(content, encoding="utf-8")
    out = tmp_path / "out.xml"
    assert main(["parse", str(f), "-o", str(out)]) == 2
    assert why in capsys.readouterr().err and not out.exists()


def test_detection_is_by_content_not_by_name(tmp_path):
    page = need(RAW / "tt-10-2023-tt-nhnn.html").read_bytes()
    f = tmp_path / "van-ban.txt"            # a web page saved with the wrong extension
    f.write_bytes(page)
    assert detect(page) == "html" and load_source(f).format == "html"
    assert parse_file(f).facts["number"] == "10/2023/TT-NHNN"


def test_legacy_vietnamese_encodings_are_converted_when_certain(tmp_path, capsys):
    tcvn3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\nSè: 12/2005/Q§-UB\n§iÒu 1. ...\n"
    vni = "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM\nSoá: 12/2005/QÑ-UB\nÑieàu 1. Vieät Nam ngaøy 3 thaùng 2 naêm 2005\n"
    for name, text, enc, want in (("a.txt", tcvn3, "TCVN3", "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập"),
                                  ("b.txt", vni, "VNI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/2005/QĐ-UB")):
        f = tmp_path / name
        f.write_text(text, encoding="utf-8")
        src = load_source(f)
        assert src.text.startswith(want) and enc in src.properties["converted"]


def test_broken_and_unsupported_files(tmp_path, capsys):
    cases = {"a.docx": b"PK\x03\x04not really a zip", "b.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
             "c.pdf": b"%PDF-1.4\nthis is not a pdf", "d.bin": bytes(range(256)) * 4}
    for name, data in cases.items():
        f = tmp_path / name
        f.write_bytes(data)
        out = tmp_path / f"{name}.xml"
        assert main(["parse", str(f), "-o", str(out)]) == 2, name
        err = capsys.readouterr().err
        assert err.startswith("amend: ") and name in err and err.count("\n") == 1, err
        assert not out.exists()


# --- PDF (the official gazette) ------------------------------------------------------------------------
GAZETTE = ORACLE.parent / "tt-17-2022"


@pytest.mark.parametrize("slug", ["tt-17-2022-bldtbxh", "tt-03-2023-bldtbxh"])
def test_a_gazette_pdf_reads_to_the_content_of_its_transcription(slug):
    """Running headers, page numbers and the gazette's section title dropped, paragraphs joined across lines
    and pages: every article equal to the transcription's."""
    src = load_source(need(GAZETTE / "raw" / f"{slug}.pdf"))
    assert src.format == "pdf" and "CÔNG BÁO/Số" not in src.text
    mine = _articles(parse_source(src).tree.getroot())
    theirs = _articles(parse_text(need(GAZETTE / f"{slug}.txt").read_text(encoding="utf-8"), slug).tree.getroot())
    assert list(mine) == list(theirs) and [k for k in theirs if mine[k] != theirs[k]] == []


def test_the_vbhn_pdf_keeps_its_footnotes_as_footnotes():
    r = parse_file(need(GAZETTE / "raw" / "vbhn-3503-2024-tt17-2022.pdf"))
    t = parse_text(need(GAZETTE / "vbhn-3503-2024-tt17-2022.txt").read_text(encoding="utf-8"), "vbhn").tree.getroot()
    notes = [_norm(text_of(n, skip=())) for n in r.tree.getroot().iter(q("authorialNote"))]
    assert len(notes) == 10 and notes == [_norm(text_of(n, skip=())) for n in t.iter(q("authorialNote"))]
    assert _articles(r.tree.getroot()) == _articles(t)
    assert not [d for d in r.diagnostics if "footnote" in str(d)]


def test_consolidating_from_the_gazette_pdfs_gives_what_the_texts_give():
    pdfs = [parse_file(need(GAZETTE / "raw" / f"{s}.pdf")).tree for s in ("tt-17-2022-bldtbxh", "tt-03-2023-bldtbxh")]
    txts = [parse_text(need(GAZETTE / f"{s}.txt").read_text(encoding="utf-8"), s).tree
            for s in ("tt-17-2022-bldtbxh", "tt-03-2023-bldtbxh")]
    a = consolidate_trees(pdfs[0], pdfs[1:])
    b = consolidate_trees(txts[0], txts[1:])
    assert [v.start for v in a.versions] == [v.start for v in b.versions] and not a.pending
    assert _articles(a.versions[-1].root) == _articles(b.versions[-1].root)


def test_verify_reads_the_published_vbhn_as_a_pdf(capsys):
    files = [need(GAZETTE / f"{s}.txt") for s in ("tt-17-2022-bldtbxh", "tt-03-2023-bldtbxh")]
    rc = main([str(x) for x in ("verify", *files, "--against", need(GAZETTE / "raw" / "vbhn-3503-2024-tt17-2022.pdf"),
                                "--at", "31/5/2023")])
    out = capsys.readouterr().out
    m = re.search(r"chú thích: (\d+)/(\d+) trùng khớp", out)
    assert rc == 1 and m.group(2) == "10" and int(m.group(1)) >= 7     # the VBHN's own slips, as from its text


def test_a_blank_scan_is_refused_after_ocr(tmp_path, capsys):
    """A PDF of page images is read by OCR (tests/test_ocr.py); a blank one holds no text and is refused."""
    from PIL import Image
    scan = tmp_path / "scan.pdf"
    Image.new("RGB", (200, 280), "white").save(scan, "PDF")
    out = tmp_path / "scan.xml"
    assert main(["parse", str(scan), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "OCR found no text" in err and err.count("\n") == 1 and not out.exists()


def test_an_encrypted_pdf_is_refused(tmp_path, capsys):
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter()
    w.add_blank_page(width=200, height=200)
    w.encrypt("secret")
    f = tmp_path / "locked.pdf"
    with open(f, "wb") as fh:
        w.write(fh)
    assert main(["parse", str(f), "-o", str(tmp_path / "x.xml")]) == 2
    assert "encrypted" in capsys.readouterr().err


# --- DOCX, and a PDF made from it ------------------------------------------------------------------------
def _docx_of(text: str, path):
    """A Word document typed from a transcription as an office would: the header as a two-column table, each
    paragraph with a first-line indent, headings centred."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt
    lines = [ln for ln in text.splitlines() if ln.strip()]
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    head = lines[:6]
    table = d.add_table(rows=1, cols=2)
    left = [ln for ln in head if not re.match(r"CỘNG HÒA|Độc lập|.*, ngày", ln)]
    right = [ln for ln in head if ln not in left]
    for cell, part in zip(table.rows[0].cells, (left, right)):
        cell.text = "\n".join(part)
    for ln in lines[6:]:
        p = d.add_paragraph(ln)
        if re.match(r"^(?:THÔNG TƯ|Chương|[A-ZĐ ,]{12,}$)", ln):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p.paragraph_format.first_line_indent = Cm(1)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    d.core_properties.title = lines[6]
    d.save(path)


def test_a_docx_reads_back_to_the_same_content(tmp_path):
    text = need(ORACLE / "tt-39-2016-tt-nhnn.txt").read_text(encoding="utf-8")
    f = tmp_path / "tt-39.docx"
    _docx_of(text, f)
    src = load_source(f)
    assert src.format == "docx" and src.properties["title"] == "THÔNG TƯ"
    assert _articles(parse_source(src).tree.getroot()) == _articles(parse_text(text, "39").tree.getroot())


def test_a_docx_keeps_its_word_footnotes(tmp_path):
    """The VBHN amend writes as DOCX (with Word footnotes) reads back with the same footnotes."""
    files = [need(ORACLE / f) for f in ("tt-39-2016-tt-nhnn.txt", "tt-06-2023-tt-nhnn.txt", "tt-10-2023-tt-nhnn.txt",
                                        "tt-12-2024-tt-nhnn.txt")]
    out = tmp_path / "vbhn.docx"
    assert main([*map(str, ["consolidate", *files]), "--at", "16/7/2024", "--format", "docx", "-o", str(out)]) == 0
    root = parse_file(out).tree.getroot()
    notes = [_norm(text_of(n, skip=())) for n in root.iter(q("authorialNote"))]
    assert len(notes) == 47 and notes[46].startswith("Điều 3 và Điều 4 của Thông tư số 12/2024/TT-NHNN")
    assert len(_articles(root)) == 43


def test_a_pdf_exported_by_libreoffice_reads_back_to_the_same_content(tmp_path):
    import shutil
    import subprocess
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is installed by scripts/test.sh")
    text = need(ORACLE / "tt-39-2016-tt-nhnn.txt").read_text(encoding="utf-8")
    f = tmp_path / "tt-39.docx"
    _docx_of(text, f)
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(f)], check=True,
                   capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    src = load_source(tmp_path / "tt-39.pdf")
    assert src.format == "pdf"
    mine = _articles(parse_source(src).tree.getroot())
    theirs = _articles(parse_text(text, "39").tree.getroot())
    assert list(mine) == list(theirs) and [k for k in theirs if mine[k] != theirs[k]] == []


def test_corpus_add_keeps_the_original_beside_the_xml(tmp_path):
    from amend.corpus import add_text, load_corpus
    page = need(RAW / "tt-10-2023-tt-nhnn.html")
    entry, _ = add_text(tmp_path, page)
    stored = entry.path / "source.html"
    assert stored.read_bytes() == page.read_bytes() and not (entry.path / "source.txt").exists()
    xml = (entry.path / "work.xml").read_text(encoding="utf-8")
    import hashlib
    assert f'sha256="{hashlib.sha256(page.read_bytes()).hexdigest()}"' in xml and 'format="html"' in xml
    assert '<amend:property name="portal">luatvietnam.vn</amend:property>' in xml
    assert load_corpus(tmp_path).get("10/2023/TT-NHNN").status == "complete"
    assert add_text(tmp_path, page)[0].uri == entry.uri          # the same file again changes nothing


EMPHASIS = """<html><body><div class="content">
<p><b>BỘ TƯ PHÁP</b></p><p>Số: 05/2025/TT-BTP</p><p><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></p>
<p><b>Độc lập - Tự do - Hạnh phúc</b></p><p><i>Hà Nội, ngày 15 tháng 01 năm 2025</i></p>
<p><b>THÔNG TƯ</b></p><p><b>Quy định về hồ sơ mẫu</b></p>
<p>Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015;</p>
<p>Bộ trưởng Bộ Tư pháp ban hành Thông tư quy định về hồ sơ mẫu.</p>
<p><b>Điều 1. Phạm vi điều chỉnh</b></p><p>Thông tư này quy định về hồ sơ mẫu.</p>
<p><b>Điều 2. Đối tượng áp dụng</b></p><p>Cơ quan, tổ chức có liên quan, theo quy định tại</p>
<p>Điều 7. Nghị định số 30/2020/NĐ-CP về công tác văn thư.</p>
<p><b>Điều 3. Hiệu lực thi hành</b></p><p>Thông tư này có hiệu lực thi hành từ ngày 01 tháng 3 năm 2025.</p>
<p><b>BỘ TRƯỞNG</b></p><p><b>Nguyễn Văn A</b></p>
</div></body></html>"""


def test_bold_headings_tell_articles_from_running_text(tmp_path):
    """Plain text cannot tell a line "Điều 7. Nghị định số …" that continues a sentence from a new article;
    the page can: its article headings are bold and that line is not."""
    f = tmp_path / "page.html"
    f.write_text(EMPHASIS, encoding="utf-8")
    src = load_source(f)
    assert len(src.plain_headings()) == 1
    arts = _articles(parse_source(src).tree.getroot())
    assert list(arts) == ["art_1", "art_2", "art_3"]
    assert "Điều 7. Nghị định số 30/2020/NĐ-CP" in arts["art_2"]
    # the same text without its emphasis reads the line as a new article: what the emphasis saves
    plain = _articles(parse_text(src.text, "plain").tree.getroot())
    assert "art_7" in plain


def test_what_the_reader_left_out_is_said_in_the_xml(tmp_path):
    """Not only on stderr: the portal's notes and the item it inserted are named in the XML, its buttons counted."""
    root = parse_file(need(RAW / "tt-39-2016-tt-nhnn.html")).tree.getroot()
    left = [e.text for e in root.iter("{http://amend.invalid/ns/1.0}leftOut")]
    assert any(t.startswith("item demuc5000029") and "(iv) Đối với các khoản cho vay" in t for t in left)
    assert any(t.startswith("docitem-17: Khoản 5 Điều 26") for t in left)
    assert any(re.fullmatch(r"tooltip-button: \d+ phần tử giao diện của trang", t) for t in left)
    assert len(left) < 20


def test_ids_not_in_runs_are_no_sign_of_insertion():
    from lxml import html as lhtml

    from amend.ingest.html import _out_of_sequence
    scattered = lhtml.fromstring("<div>" + "".join(f'<div id="demuc{i * 1000}">x</div>' for i in range(30)) + "</div>")
    assert _out_of_sequence(scattered.xpath("./div")) == []
    runs = lhtml.fromstring("<div>" + "".join(f'<div id="demuc{100 + i}">x</div>' for i in range(30))
                            + '<div id="demuc99999">inserted</div></div>')
    assert [e.get("id") for e in _out_of_sequence(runs.xpath("./div"))] == ["demuc99999"]


@pytest.mark.parametrize("kind", ["doc", "odt", "rtf"])
def test_word_97_rtf_and_odt_are_converted_by_libreoffice_and_read_as_docx(tmp_path, kind):
    """A .doc (the attachments the national database and provincial gazettes serve), an .rtf and an .odt of the
    catalogue's base text read to the same articles as the text itself; the conversion is recorded."""
    import shutil
    import subprocess
    from amend.akn import AMEND_NS, q, text_of
    from amend.ingest import load_source, parse_source
    src = tmp_path / "base.txt"
    src.write_text((FIXTURES / "instructions" / "_base.txt").read_text(encoding="utf-8"), encoding="utf-8")
    exe = shutil.which("soffice")
    assert exe, "LibreOffice (scripts/test.sh installs libreoffice-writer-nogui)"
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'p'}", "--headless", "--convert-to", kind,
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=120)
    got = load_source(tmp_path / f"base.{kind}")
    assert got.format == kind and "LibreOffice" in got.properties["converted"]
    tree = parse_source(got).tree
    want = parse_source(load_source(src)).tree
    arts = [text_of(a) for a in tree.getroot().iter(q("article"))]
    assert arts == [text_of(a) for a in want.getroot().iter(q("article"))] and len(arts) == 12
    s = tree.getroot().find(f".//{{{AMEND_NS}}}source")
    assert s.get("format") == kind and s.get("file") == f"source.{kind}"
    assert any(p.get("name") == "converted" for p in s)
