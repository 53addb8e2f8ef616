"""Safety: hostile XML and text, careless output paths, conflicts, kills mid-write (issue 11).

Each case the safety review found is a regression test here; the fuzzing is
in ``test_fuzz.py``.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from amend.akn import MAX_QUOTE_DEPTH, MAX_TEXT_BYTES, MAX_XML_BYTES, MAX_XML_DEPTH, parse_xml, serialize
from amend.cli import main
from amend.errors import InputError, ParseError, XMLError
from amend.parse import parse_text

from .conftest import CORPUS, FIXTURES

STRUCT = FIXTURES / "parse" / "structure_levels.txt"


# --- 3. XML safety by the parser -----------------------------------------------------
@pytest.mark.parametrize("data", [
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'.encode("utf-16"),
    b'<?xml version="1.0"?>' + b"<!-- " + b"x" * 5000 + b" --><!DOCTYPE x SYSTEM \"http://127.0.0.1/x.dtd\"><x/>",
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><x>&b;</x>',
], ids=["utf16-entity", "doctype-after-4kb", "entity-expansion"])
def test_any_doctype_is_rejected_from_what_the_parser_read(data):
    with pytest.raises(XMLError) as e:
        parse_xml(data, "hostile.xml")
    assert "hostile.xml" in str(e.value) and ("DOCTYPE" in str(e.value) or "entit" in str(e.value))


def test_depth_and_size_limits():
    deep = b"<a>" * (MAX_XML_DEPTH + 5) + b"</a>" * (MAX_XML_DEPTH + 5)
    with pytest.raises(XMLError) as e:
        parse_xml(deep, "deep.xml")
    assert "nested too deep" in str(e.value) and "deep.xml" in str(e.value) and "HUGE" not in str(e.value)
    assert "at most 256 levels" in str(e.value)
    at_limit = b"<a>" * MAX_XML_DEPTH + b"</a>" * MAX_XML_DEPTH
    assert parse_xml(at_limit, "limit.xml").getroot().tag == "a"
    assert MAX_XML_BYTES >= 5 * MAX_TEXT_BYTES


BASE_TEXT = """BỘ TÀI CHÍNH
Số: 5/2024/TT-BTC
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 15 tháng 3 năm 2024
THÔNG TƯ
Quy định thử nghiệm
Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;
Bộ trưởng Bộ Tài chính ban hành Thông tư quy định thử nghiệm.
Điều 1. Phạm vi
1. Nội dung một.
2. Nội dung hai gồm:
a) Điểm a;
b) Điểm b.
Điều 2. Hiệu lực
Thông tư này có hiệu lực từ ngày 01 tháng 5 năm 2024.
Nơi nhận:
- Lưu: VT.
BỘ TRƯỞNG
Nguyễn Văn A
"""


def test_xml_nested_to_the_parser_limit_goes_through_every_command_and_the_site(tmp_path, capsys):
    """The depth guard is libxml2's own (256 levels, checked while parsing): every output of a document
    nested just under it is made without running out of stack, so no walk of the tree is needed after."""
    amending = (BASE_TEXT.replace("Số: 5/2024", "Số: 6/2024").replace("ngày 15 tháng 3", "ngày 15 tháng 6")
                .replace("Quy định thử nghiệm\n", "Sửa đổi Thông tư số 5/2024/TT-BTC\n", 1)
                .replace("Điều 1. Phạm vi\n1. Nội dung một.\n2. Nội dung hai gồm:\na) Điểm a;\nb) Điểm b.\n",
                         "Điều 1. Sửa đổi Thông tư số 5/2024/TT-BTC\n1. Sửa đổi, bổ sung điểm b khoản 2 Điều 1 "
                         "như sau:\n“b) Điểm b mới.”\n")
                .replace("01 tháng 5", "01 tháng 8"))
    xml = serialize(parse_text(BASE_TEXT, "base.txt").tree).decode()
    levels = 240            # a chain of points, and one of inline marks, each about 240 levels under the root
    inline = "<i>" * levels + "Nội dung một." + "</i>" * levels
    xml = xml.replace("<p>Nội dung một.</p>", f"<p>{inline}</p>", 1)
    chain = ("".join(f'<point eId="art_1__para_2__point_a__d{k}"><num>{k})</num>' for k in range(levels))
             + "<content><p>Tận cùng.</p></content>" + "</point>" * levels)
    start = xml.index('<point eId="art_1__para_2__point_a"')
    end = xml.index("</point>", start)
    xml = xml[:end] + chain + xml[end:]
    deepest = max(len(list(e.iterancestors())) + 1 for e in parse_xml(xml.encode()).iter())
    assert levels < deepest <= MAX_XML_DEPTH
    corpus = tmp_path / "c"
    for name, data in (("base", xml), ("am", serialize(parse_text(amending, "am.txt").tree).decode())):
        (tmp_path / f"{name}.xml").write_text(data, encoding="utf-8")
    for fmt in ("xml", "text", "vbhn", "json", "docx"):
        out = tmp_path / f"out.{fmt}"
        assert main(["consolidate", str(tmp_path / "base.xml"), str(tmp_path / "am.xml"), "--format", fmt,
                     "-o", str(out), "--corpus", str(corpus)]) == 0, (fmt, capsys.readouterr().err)
        if fmt in ("text", "vbhn"):
            text = out.read_text(encoding="utf-8")
            assert "Tận cùng." in text and "Điểm b mới." in text and f"{levels - 1})" in text
    from amend.read import work_info
    for name in ("base", "am"):        # a work's folder is its FRBR work URI under the corpus
        tree = parse_xml(tmp_path / f"{name}.xml")
        folder = corpus / work_info(tree).uri.removeprefix("/akn/")
        folder.mkdir(parents=True)
        (folder / "work.xml").write_bytes((tmp_path / f"{name}.xml").read_bytes())
    assert main(["build", str(corpus), "-o", str(tmp_path / "site"), "--workers", "1"]) == 0, capsys.readouterr().err
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")]
    assert any("Tận cùng." in p for p in pages)


def test_text_and_xml_limits_agree():
    """The XML of the deepest text the parser accepts is accepted by the XML reader."""
    q = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 1/2024/TT-BTC",
         "Hà Nội, ngày 01 tháng 3 năm 2024", "THÔNG TƯ", "Sửa đổi Thông tư số 2/2020/TT-BTC"]
    body = "Điều 1. Sửa đổi khoản 1 Điều 2 Thông tư số 2/2020/TT-BTC như sau:\n"
    nest = MAX_QUOTE_DEPTH          # quotations inside one another, the innermost included
    for i in range(nest - 1):
        body += f"“{i + 1}. Sửa đổi khoản 1 Điều 2 như sau:\n"
    body += "“1. Nội dung." + "”" * nest + ".\n"
    text = "\n".join(q) + "\n" + body + "BỘ TRƯỞNG\nNguyễn Văn A\n"
    xml = serialize(parse_text(text, "nest.txt").tree)
    parse_xml(xml, "nest.xml")
    deeper = text.replace("“1. Nội dung.", "“1. Sửa đổi khoản 1 Điều 2 như sau:\n“1. Nội dung.”", 1)
    with pytest.raises(ParseError) as e:
        parse_text(deeper, "deeper.txt")
    assert "nested too deep" in str(e.value) and "deeper.txt" in str(e.value)


# --- 4. not an amend document ------------------------------------------------------------
def test_well_formed_xml_of_another_shape_is_named(tmp_path, capsys):
    other = tmp_path / "other.xml"
    other.write_text('<?xml version="1.0"?><html><body>hello</body></html>')
    for args in (["consolidate", str(other)], ["ops", str(other)], ["validate", str(other)]):
        assert main(args) == 2, args
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "other.xml" in err[0] and "Akoma Ntoso" in err[0], err


# --- 5. characters ----------------------------------------------------------------------
@pytest.mark.parametrize("ch", ["\x00", "\x07", "\x0c", "\ufffe"])
def test_characters_xml_cannot_hold_are_reported_with_line_and_column(tmp_path, capsys, ch):
    text = STRUCT.read_text(encoding="utf-8").split("\n")
    text[7] = text[7][:4] + ch + text[7][4:]
    f = tmp_path / "ctl.txt"
    f.write_text("\n".join(text), encoding="utf-8", errors="surrogatepass")
    assert main(["parse", str(f)]) == 2
    err = capsys.readouterr().err
    assert "line 8, column 5" in err and f"U+{ord(ch):04X}" in err and "ctl.txt" in err


# --- 9. dates ------------------------------------------------------------------------------
def test_implausible_years_are_errors(capsys, tmp_path):
    text = STRUCT.read_text(encoding="utf-8")
    import re
    bad = re.sub(r"năm (\d{4})", "năm 0001", text, count=1)
    f = tmp_path / "y.txt"
    f.write_text(bad, encoding="utf-8")
    assert main(["parse", str(f)]) == 2
    assert "implausible year" in capsys.readouterr().err
    for at in ("0001-01-01", "2101-01-01", "", "  "):
        assert main(["consolidate", "08/2020/NQ-HĐND", "--at", at, "--corpus", str(CORPUS)]) == 2
        err = capsys.readouterr().err
        assert "implausible year" in err or "not a date" in err
    from amend.versions import parse_date_arg
    with pytest.raises(InputError):
        parse_date_arg("31/12/1944")
    assert parse_date_arg("01/01/1945") == "1945-01-01"
    assert os.path  # keep the import used when the suite is trimmed
    assert Path


def test_one_bad_file_is_named_and_does_not_take_down_the_corpus(tmp_path, capsys):
    import shutil
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    bad = corpus / "vn/act/luat/2014-06-18/luat-xay-dung/work.xml"
    bad.write_text("<akomaNtoso><act>", encoding="utf-8")
    assert main(["corpus", "list", "--corpus", str(corpus)]) == 1
    out, err = capsys.readouterr()
    assert "11 work(s)" in out and "luat-xay-dung/work.xml" in err and "malformed XML" in err
    assert main(["graph", "bases", "08/2020/NQ-HĐND", "--corpus", str(corpus)]) == 0
    assert "luat-xay-dung/work.xml" in capsys.readouterr().err
    site = tmp_path / "site"
    assert main(["build", str(corpus), "-o", str(site), "-q"]) == 1
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "1 tệp trong kho dữ liệu không đọc được" in index and "luat-xay-dung/work.xml" in index


# --- 1. outputs ------------------------------------------------------------------------------
def test_build_never_replaces_a_foreign_folder(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.md").write_text("mine", encoding="utf-8")
    assert main(["build", str(CORPUS), "-o", str(docs), "-q"]) == 2
    assert "refusing to replace a folder amend did not build" in capsys.readouterr().err
    assert (docs / "notes.md").read_text(encoding="utf-8") == "mine" and len(list(docs.iterdir())) == 1
    # an empty folder, then the site amend built, may be replaced
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["build", str(CORPUS), "-o", str(empty), "-q"]) == 0
    assert (empty / ".amend-site").is_file() and (empty / "index.html").is_file()
    assert main(["build", str(CORPUS), "-o", str(empty), "-q"]) == 0


def test_an_output_that_is_an_input_is_refused(tmp_path, capsys):
    import shutil
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    before = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    for out in (corpus, corpus / "vn", tmp_path):
        assert main(["build", str(corpus), "-o", str(out), "-q"]) == 2
        assert "input" in capsys.readouterr().err
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == before
    src = tmp_path / "x.txt"
    src.write_text(STRUCT.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["parse", str(src), "-o", str(src)]) == 2
    assert src.read_text(encoding="utf-8") == STRUCT.read_text(encoding="utf-8")
    assert main(["consolidate", str(src), "--format", "text", "-o", str(src)]) == 2
    assert src.read_text(encoding="utf-8") == STRUCT.read_text(encoding="utf-8")
    assert "refusing to write the output over an input" in capsys.readouterr().err


def test_outputs_honour_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "o.xml"
        assert main(["parse", str(STRUCT), "-o", str(out)]) == 0
        assert out.stat().st_mode & 0o777 == 0o644
        site = tmp_path / "site"
        assert main(["build", str(CORPUS), "-o", str(site), "-q"]) == 0
        assert site.stat().st_mode & 0o777 == 0o755
        assert (site / "index.html").stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)


# --- 10. atomic publishing -----------------------------------------------------------------
def test_site_is_switched_in_one_step_and_leftovers_are_cleared(tmp_path, monkeypatch):
    from amend import output
    site = tmp_path / "site"
    assert main(["build", str(CORPUS), "-o", str(site), "-q"]) == 0
    inode = site.stat().st_ino
    # a killed build leaves its marked folder beside the site: the next build removes it
    left = tmp_path / ".site.build-killed"
    left.mkdir()
    (left / output.MARKER).write_text(output.MARKER_TEXT)
    foreign = tmp_path / ".site.build-notours"       # without the marker: not ours, kept
    foreign.mkdir()
    seen = []
    real = output._exchange

    def watch(a, b):
        seen.append((a.name, b.name, (b / "index.html").is_file()))
        return real(a, b)
    monkeypatch.setattr(output, "_exchange", watch)
    assert main(["build", str(CORPUS), "-o", str(site), "-q"]) == 0
    assert seen and seen[0][1] == "site" and seen[0][2], "the site was exchanged whole, never absent"
    assert site.stat().st_ino != inode and (site / "index.html").is_file()
    assert not left.exists() and foreign.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.build-notours", "site"]


def test_a_failed_build_leaves_the_old_site_and_no_temp(tmp_path, monkeypatch):
    from amend.render import site as site_mod
    site = tmp_path / "site"
    assert main(["build", str(CORPUS), "-o", str(site), "-q"]) == 0
    before = (site / "index.html").read_bytes()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(site_mod, "publish_dir", boom, raising=False)
    import amend.output
    monkeypatch.setattr(amend.output, "publish_dir", boom)
    assert main(["build", str(CORPUS), "-o", str(site), "-q"]) == 2
    assert (site / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# --- 2. containment --------------------------------------------------------------------------
@pytest.mark.parametrize("opt,value", [("--slug", "../../escape"), ("--subtype", "../x"), ("--date", "../2020"),
                                        ("--locality", "../../tmp"), ("--number", "..")])
def test_paths_from_document_data_stay_inside_the_corpus(tmp_path, capsys, opt, value):
    import shutil
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    args = {"--subtype": "quyet-dinh", "--title": "Văn bản thử", "--date": "2020-01-01", "--slug": "thu"}
    args[opt] = value
    argv = ["corpus", "add-work", "--corpus", str(corpus)] + [x for k, v in args.items() for x in (k, v)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ("FRBR" in err or "slug" in err or "date" in err or "number" in err), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


def test_site_paths_cannot_leave_the_site():
    from amend.errors import InputError
    from amend.render.site import SiteBuilder
    b = SiteBuilder.__new__(SiteBuilder)
    b.files = {}
    for bad in ("../x.html", "/etc/x", "a/../../b.html", "a//b.html"):
        with pytest.raises(InputError):
            b.put(bad, "x")


# --- 8. identity ------------------------------------------------------------------------------
def test_two_documents_with_one_number_are_never_overwritten(tmp_path, capsys):
    import shutil
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    text = STRUCT.read_text(encoding="utf-8")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(text, encoding="utf-8")
    b.write_text(text.replace("Điều 1.", "Điều 1. (bản khác)", 1), encoding="utf-8")
    assert main(["corpus", "add", str(a), "--corpus", str(corpus)]) == 0
    stored = next(corpus.rglob("source.txt"), None)
    assert main(["corpus", "add", str(a), "--corpus", str(corpus)]) == 0      # the same text again: nothing changes
    assert main(["corpus", "add", str(b), "--corpus", str(corpus)]) == 2
    assert "already in the corpus" in capsys.readouterr().err
    assert any(p.read_text(encoding="utf-8") == text for p in corpus.rglob("source.txt")) and stored


def test_texts_without_a_number_get_distinct_stable_slugs():
    import re
    text = STRUCT.read_text(encoding="utf-8")
    no_number = re.sub(r"^Số:.*$", "", text, count=1, flags=re.MULTILINE)
    other = no_number.replace("Điều 1.", "Điều 1. (khác)", 1)
    u1 = parse_text(no_number, "a").facts["frbr"]
    assert u1 == parse_text(no_number, "a again").facts["frbr"]
    assert u1 != parse_text(other, "b").facts["frbr"] and "/khong-so-" in u1


# --- 11. HTML ----------------------------------------------------------------------------------
def test_attribute_values_from_xml_never_reach_the_page_raw():
    import re
    from lxml import etree
    from amend.render.html import CLASSES, render_body
    A = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    M = "http://amend.invalid/ns/1.0"
    xml = f'''<akomaNtoso xmlns="{A}" xmlns:amend="{M}"><act name="x"><body>
      <article eId="art_1" amend:status='x" onmouseover="alert(1)'><num>Điều 1.</num><content>
        <p>Xem <ref href="javascript:alert(1)">đây</ref>, <ref href="data:text/html,&lt;script&gt;">kia</ref>,
           <ref href="https://vbpl.vn/x">ngoài</ref> &lt;script&gt;alert(2)&lt;/script&gt;</p></content></article>
      <hcontainer eId="hc_1" name='a" onclick="alert(3)'><content><p>x</p></content></hcontainer>
      <article eId="art_2"><num>Điều 2.</num><content><table eId="t"><tr class='item" style="x' eId="t__tr_1">
        <td colspan="300000000"><p>1</p></td><td rowspan="2&quot;x"><p>2</p></td></tr></table></content></article>
    </body></act></akomaNtoso>'''
    html = str(render_body(etree.fromstring(xml)))
    assert "onmouseover" not in html and "onclick" not in html and "javascript:" not in html and "data:" not in html
    assert "<script>" not in html and "&lt;script&gt;" in html and 'href="https://vbpl.vn/x"' in html
    assert "300000000" not in html and 'rowspan' not in html
    for value in re.findall(r'class="([^"]*)"', html):
        assert set(value.split()) <= CLASSES, value


def test_every_page_has_a_content_security_policy(tmp_path):
    site = tmp_path / "site"
    assert main(["build", str(CORPUS), "-o", str(site), "-q"]) == 0
    pages = list(site.rglob("*.html"))
    assert pages and all("Content-Security-Policy" in p.read_text(encoding="utf-8") for p in pages)


# --- 7. tables ---------------------------------------------------------------------------------
def test_table_spans_and_quantities_are_bounded(tmp_path):
    import time
    from amend.validate import validate
    from lxml import etree
    A = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    rows = "".join(f'<tr class="item" eId="t__tr_{i}"><td><p>{i}</p></td><td><p><quantity normalized="{q}">1</quantity>'
                   f'</p></td></tr>' for i, q in enumerate(["1", "abc", "1e400", "nan"], 1))
    xml = (f'<akomaNtoso xmlns="{A}"><act name="x"><body><hcontainer eId="h" name="x"><content><table eId="t">'
           f'<tr class="header"><th colspan="300000000"><p>TỔNG</p></th></tr>{rows}</table></content></hcontainer>'
           f'</body></act></akomaNtoso>')
    t0 = time.perf_counter()
    diags = validate(etree.fromstring(xml), "t.xml", schema=False)
    assert time.perf_counter() - t0 < 5
    codes = [d.code for d in diags if d.level == "error"]
    assert codes.count("table-span") == 1 and codes.count("quantity") == 3


# --- 12. command-line edges ---------------------------------------------------------------------
def test_cli_edges(tmp_path, capsys):
    # consolidate of one file, no amending documents: the file itself, no corpus read
    assert main(["consolidate", str(STRUCT), "--format", "text", "--corpus", str(tmp_path / "none")]) == 0
    assert "Điều 1." in capsys.readouterr().out
    # validate a b: every file reported, the unreadable one named
    bad = tmp_path / "bad.xml"
    bad.write_text("<x>")
    good = tmp_path / "good.xml"
    assert main(["parse", str(STRUCT), "-o", str(good)]) == 0
    capsys.readouterr()
    assert main(["validate", str(bad), str(good)]) == 1
    out, err = capsys.readouterr()
    assert "2 file(s) checked" in out and "bad.xml" in err
    # errors name the user's path
    assert main(["parse", str(tmp_path / "nope.txt")]) == 2
    assert str(tmp_path / "nope.txt") in capsys.readouterr().err or "nope.txt" in capsys.readouterr().err
    # no "None" in any file name of the site
    site = tmp_path / "site"
    assert main(["build", str(CORPUS), "-o", str(site), "-q"]) == 0
    assert not [p for p in site.rglob("*") if "None" in p.name]
