"""Publish: the site as files (links, determinism, escaping), DOCX and JSON."""
from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lhtml

from amend.corpus import Family, add_text, load_corpus
from amend.parse import parse_text
from amend.render.html import Ctx, render_body
from amend.render.site import build_site

from .conftest import CORPUS, ORACLE, ROOT, need

AS_OF = "2026-11-22"
DE_AN = "akn/vn-haiduong/act/de-an/2020-11-02/xay-dung-chinh-quyen-dien-tu-va-do-thi-thong-minh/"


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    out = ROOT / "test-output" / "site"
    build_site(CORPUS, out, as_of=AS_OF, progress=False)
    return out


def _pages(site: Path):
    return sorted(site.rglob("*.html"))


def test_every_internal_link_resolves(site):
    ids_cache: dict[Path, set] = {}
    broken = []
    for page in _pages(site):
        doc = lhtml.parse(str(page)).getroot()
        for el in doc.iter("a", "link", "script"):
            ref = el.get("href") or el.get("src")
            if not ref:
                continue
            parts = urlsplit(ref)
            assert not parts.scheme and not parts.netloc, f"{page}: external reference {ref}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append(f"{page.relative_to(site)} → {ref}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = set(lhtml.parse(str(target)).getroot().xpath("//@id"))
                if parts.fragment not in ids_cache[target]:
                    broken.append(f"{page.relative_to(site)} → {ref} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_urls_mirror_frbr_expressions(site):
    for uri in ("akn/vn/act/luat/2019-06-13/luat-dau-tu-cong/vie@/index.html",
                "akn/vn-haiduong/act/nghi-quyet/2019-12-12/20-2019-nq-hdnd/vie@2020-11-12/index.html",
                DE_AN + "vie@2024-05-08/index.html", DE_AN + "vie@2024-05-08/main.xml",
                DE_AN + "diff/goc_2024-05-08.html", DE_AN + "history.html", DE_AN + "relations.html"):
        assert (site / uri).exists(), uri
    xml = (site / DE_AN / "vie@2024-05-08/main.xml").read_text(encoding="utf-8")
    assert '/akn/vn-haiduong/act/de-an/2020-11-02/xay-dung-chinh-quyen-dien-tu-va-do-thi-thong-minh/vie@2024-05-08"' in xml


def test_version_page_content(site):
    page = (site / "akn/vn-haiduong/act/nghi-quyet/2019-12-12/20-2019-nq-hdnd/vie@2020-11-12/index.html")
    doc = lhtml.parse(str(page)).getroot()
    assert doc.get("lang") == "vi"
    text = doc.text_content()
    assert "không có trong kho dữ liệu" in text
    notes = doc.xpath("//section[@class='footnotes']//li")
    # the in-force date no source states (on the opening paragraph), the unit's own note, the note quoting the
    # effect articles of 08/2020 (the base's text is not in the corpus, so its only article carries it; no căn cứ
    # note without the base's căn cứ), then one note on each annex 08/2020 brought
    assert len(notes) == 5 and "không được nêu trong nguồn nào" in notes[0].text_content()
    assert doc.xpath("//section[@class='vbhn-opening']//sup[@class='fn-ref']/a/@href") == ["#fn-1"]
    assert "Điều 1 của Nghị quyết số 08/2020/NQ-HĐND" in notes[1].text_content()
    assert "quy định như sau" in notes[2].text_content()
    assert doc.xpath("//div[@id='art_1']//sup[@class='fn-ref']/a/@href")[:2] == ["#fn-2", "#fn-3"]
    assert [n.text_content().startswith("Phụ lục này được bổ sung") for n in notes[3:]] == [True, True]
    assert doc.xpath("//div[@id='att_1']//sup[@class='fn-ref']/a/@href") == ["#fn-4"]
    assert doc.xpath("//section[@class='authentication']") and "XÁC THỰC VĂN BẢN HỢP NHẤT" in text
    link = notes[1].xpath(".//a/@href")[0]
    assert link.endswith("08-2020-nq-hdnd/vie@/index.html#art_1")


def test_redline_and_history_of_the_de_an(site):
    d = lhtml.parse(str(site / DE_AN / "diff/goc_2024-05-08.html")).getroot()
    dels = " ".join(x.text_content() for x in d.iter("del"))
    ins = " ".join(x.text_content() for x in d.iter("ins"))
    assert "3.800" in dels and "2.030" in ins
    kinds = [x.text_content() for x in d.xpath("//section[contains(@class,'hunk')]//span[@class='badge']")]
    assert kinds.count("bỏ ra khỏi văn bản") == 6
    h = lhtml.parse(str(site / DE_AN / "history.html")).getroot().text_content()
    assert "2.030 tỷ đồng" in h and "3.800 tỷ đồng" in h
    page = lhtml.parse(str(site / DE_AN / "index.html")).getroot()
    svg = page.xpath("//section[@class='chart']//*[local-name()='svg']")
    assert svg and "chưa rõ phân bổ" in svg[0].xpath("string(.)")


def _search_files(site):
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in (site / "static/search").glob("*.js")}


def test_search_index_folds_diacritics(site):
    from amend.render.search import query
    hits = query(_search_files(site), "dau tu cong")
    assert any("Luật Đầu tư công" in t for _, t, _ in hits)
    assert query(_search_files(site), "Đầu Tư CÔNG") == hits
    assert query(_search_files(site), "khong-co-tu-nay") == []


def test_the_search_index_is_split_and_a_query_reads_few_files(monkeypatch):
    """Shards by a word's beginning, split by one more letter while too large; the results are those of a
    scan of every entry (each query word begins a word of the entry)."""
    import random
    from amend.render import search
    from amend.text import fold
    monkeypatch.setattr(search, "SHARD_POSTINGS", 40)
    monkeypatch.setattr(search, "CHUNK", 25)
    rnd = random.Random(3)
    vocab = ["thông", "thuế", "thu", "thủ", "tục", "quyết", "quy", "định", "đầu", "tư", "công", "hồ", "sơ", "hạn"]
    entries = []
    for i in range(300):
        text = " ".join(rnd.choice(vocab) for _ in range(6))
        entries.append({"u": f"p{i}.html", "t": text, "w": "x", "f": fold(text).lower()})
    files = dict(search.search_files(entries))
    keys = [p for p in files if p.startswith("static/search/w-")]
    assert any(len(p.removeprefix("static/search/w-").removesuffix(".js")) > 2 for p in keys)     # "th" split
    assert len([p for p in files if p.startswith("static/search/r-")]) == 12
    for q in ["thu", "thue", "thu tuc", "quy dinh", "dau tu cong", "t", "ho so han", "cong thong"]:
        want = [[e["u"], e["t"], e["w"]] for e in entries
                if all(any(x.startswith(w) for x in e["f"].split()) for w in q.split())]
        assert search.query(files, q) == want, q


def test_build_is_deterministic_and_atomic(site, tmp_path):
    out = tmp_path / "s"
    build_site(CORPUS, out, as_of=AS_OF, progress=False)
    cache = Path(".amend/readings.pickle")      # the build's reading cache: not a page, its bytes follow hashing
    a = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file() and p.relative_to(site) != cache}
    b = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and p.relative_to(out) != cache}
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    # a failing build leaves the previous site untouched
    bad = tmp_path / "bad"
    shutil.copytree(CORPUS, bad)
    (bad / "succession.json").write_text("{", encoding="utf-8")
    before = sorted(p.name for p in out.iterdir())
    from amend.errors import GraphError
    with pytest.raises(GraphError):
        build_site(bad, out, as_of=AS_OF, progress=False)
    assert sorted(p.name for p in out.iterdir()) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".s.")]


def test_markup_in_legal_text_is_escaped():
    text = (need(ORACLE / "tt-10-2023-tt-nhnn.txt").read_text(encoding="utf-8")
            .replace("Thông tư này có hiệu lực thi hành từ ngày 01 tháng 9 năm 2023.",
                     "Thông tư này có hiệu lực <script>window.pwned=1</script> & <b>đậm</b>."))
    root = parse_text(text).tree.getroot()
    out = str(render_body(root, Ctx()))
    assert "<script>" not in out and "&lt;script&gt;window.pwned=1&lt;/script&gt;" in out
    assert "&amp; &lt;b&gt;đậm&lt;/b&gt;" in out


def test_docx_has_real_footnotes_and_repealed_units(tmp_path):
    root = tmp_path / "c"
    for f in ("tt-39-2016-tt-nhnn.txt", "tt-06-2023-tt-nhnn.txt", "tt-10-2023-tt-nhnn.txt", "tt-12-2024-tt-nhnn.txt"):
        add_text(root, need(ORACLE / f))
    from amend.cli import main
    out = tmp_path / "v.docx"
    assert main(["consolidate", "39/2016/TT-NHNN", "--at", "16/7/2024", "--format", "docx", "-o", str(out),
                 "--corpus", str(root)]) == 0
    z = zipfile.ZipFile(io.BytesIO(out.read_bytes()))
    foot = z.read("word/footnotes.xml").decode("utf-8")
    body = z.read("word/document.xml").decode("utf-8")
    # the whole VBHN: 3 căn cứ notes, 41 on units, 3 on the implementation chapter, as 21/VBHN-NHNN numbers them
    assert len(re.findall(r'<w:footnote w:id="[1-9]', foot)) == body.count("<w:footnoteReference") == 47
    assert "Khoản này được sửa đổi theo quy định tại điểm a khoản 1 Điều 1 của Thông tư số 12/2024/TT-NHNN" in foot
    assert "(được bãi bỏ)" in body and "được sửa đổi, bổ sung bởi" in body
    import docx
    d = docx.Document(str(out))
    assert any(p.text.startswith("Điều 29.") and "(được bãi bỏ)" in p.text for p in d.paragraphs)
    # A4, the margins of Nghị định 30/2020/NĐ-CP, Vietnamese, Times New Roman 14, real heading styles
    from docx.shared import Mm
    sec = d.sections[0]
    def mm(x):
        return round(x / Mm(1))
    assert (mm(sec.page_width), mm(sec.page_height)) == (210, 297)
    assert [mm(x) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == [20, 20, 30, 15]
    assert d.core_properties.language == "vi-VN" and d.core_properties.title
    styles = z.read("word/styles.xml").decode("utf-8")
    assert 'w:lang w:val="vi-VN"' in styles and "Times New Roman" in styles
    assert d.styles["Normal"].font.size.pt == 14
    heads = {p.style.name: p.text for p in d.paragraphs if p.style.name.startswith("Heading")}
    assert heads["Heading 1"].startswith("Chương") and heads["Heading 2"].startswith("Mục")
    assert heads["Heading 3"].startswith("Điều")
    chapter = next(p for p in d.paragraphs if p.style.name == "Heading 1")
    assert chapter.alignment == 1            # centred
    assert "PAGE" in z.read("word/footer1.xml").decode("utf-8")
    assert any("XÁC THỰC VĂN BẢN HỢP NHẤT" == p.text for p in d.paragraphs)
    again = tmp_path / "w.docx"
    main(["consolidate", "39/2016/TT-NHNN", "--at", "16/7/2024", "--format", "docx", "-o", str(again),
          "--corpus", str(root)])
    assert again.read_bytes() == out.read_bytes()


def test_json_export(capsys):
    from amend.cli import main
    assert main(["consolidate", "20/2019/NQ-HĐND", "--format", "json", "--corpus", str(CORPUS)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["start"] == "2020-11-12" and data["operations"][0]["kind"] == "replace"
    art = next(u for u in data["units"] if u["eId"] == "art_1")
    assert art["footnote"].startswith("Điều này được sửa đổi") and art["changedBy"]
    assert main(["history", "20/2019/NQ-HĐND", "--json", "--corpus", str(CORPUS)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["target"] == "art_1"


def test_family_consolidation_matches_site_pages(site):
    fam = Family(load_corpus(CORPUS))
    cons = fam.consolidate("20/2019/NQ-HĐND")
    assert len(cons.versions) == len(list((site / "akn/vn-haiduong/act/nghi-quyet/2019-12-12/20-2019-nq-hdnd")
                                          .glob("vie@*")))


def test_body_template_on_a_small_fixture():
    from amend.akn import eid_index, parse_xml

    from .conftest import FIXTURES
    root = parse_xml(FIXTURES / "parse" / "structure_levels.xml").getroot()
    html = str(render_body(root, Ctx(notes={"art_1": (1, "chú thích", None)})))
    doc = lhtml.fromstring(f"<div>{html}</div>")
    ids = set(doc.xpath("//@id"))
    units = [e for e in eid_index(root) if any(e.split("__")[-1].startswith(p) for p in
                                                ("art_", "para_", "point_", "chp_", "sec_", "part_", "subpara_"))]
    assert units and set(units) <= ids                     # every unit is an anchor
    assert doc.xpath("//div[@id='art_1']//sup[@class='fn-ref']/a/@href") == ["#fn-1"]
    first = doc.xpath("//div[contains(@class,'paragraph')]/p[@class='lead']")[0]
    assert first.xpath("./span[@class='num']")                # label inline with its first sentence


def test_tables_show_their_check_and_bases_their_status(site):
    nq = lhtml.parse(str(site / "akn/vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd/index.html")).getroot()
    assert [p.text_content() for p in nq.xpath("//p[contains(@class,'table-check')]")] == [
        "Đã kiểm tra: các tổng của bảng khớp với các dòng."]
    bases = nq.xpath("//details[@class='bases']//li")
    assert len(bases) == 8 and "Nghị quyết 20/2019/NQ-HĐND: còn hiệu lực" in [b.text_content() for b in bases]
    de = lhtml.parse(str(site / DE_AN / "vie@2024-05-08/index.html")).getroot()
    assert de.xpath("//p[contains(@class,'table-check mismatch')]")


def test_amending_documents_list_what_they_change_and_what_needs_review(site):
    nq = lhtml.parse(str(site / "akn/vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd/index.html")).getroot()
    rows = nq.xpath("//details[@class='acts']//tbody/tr")
    # the new Điều 1, and the two annexes it brings with it
    assert len(rows) == 3 and all("Nghị quyết số 20/2019/NQ-HĐND" in r.text_content() for r in rows)
    assert rows[0].xpath(".//a/@href")[1].endswith("20-2019-nq-hdnd/vie@2020-11-12/index.html#art_1")
    qd = lhtml.parse(str(site / "akn/vn-haiduong/act/quyet-dinh/2024/dieu-chinh-de-an-cqdt-dtm/index.html")).getroot()
    assert len(qd.xpath("//details[@class='acts']//tbody/tr")) == 5
    review = [li.text_content() for li in qd.xpath("//section[@class='review']//li")]
    assert any(r.startswith("dòng 16 của bài báo (nêu việc điều chỉnh nhưng không nêu nội dung mới): Bổ sung thêm phần thuyết minh")
               for r in review)


def test_version_page_has_a_banner_for_what_was_not_applied(site):
    page = next(site.glob("akn/vn-haiduong/act/de-an/*/*/vie@2024-05-08/index.html"))
    banner = lhtml.parse(str(page)).getroot().xpath("//section[contains(@class,'unapplied')]")
    assert banner and "Chưa áp dụng 5 chỉ dẫn sửa đổi" in banner[0].text_content()
    assert len(banner[0].xpath(".//q")) == 5          # five sentences, under one description of their source


def test_a_site_built_as_of_a_date_shows_only_what_existed_then(tmp_path):
    from amend.render.site import build_site
    site = tmp_path / "site"
    build_site(CORPUS, site, as_of="2021-01-01", progress=False)
    pages = list(site.rglob("*.html"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    assert "dieu-chinh-de-an-cqdt-dtm" not in text and "202/2025/QH15" not in text      # documents of 2024, 2025
    assert "HẢI PHÒNG" not in text and "nay là" not in text                             # the 2025 succession
    de_an = next(site.glob("akn/vn-haiduong/act/de-an/*/*"))
    assert [p.name for p in de_an.iterdir() if p.name.startswith("vie@")] == ["vie@"]   # no 2024 version
    assert (site / "akn/vn-haiduong/act/nghi-quyet/2019-12-12/20-2019-nq-hdnd/vie@2020-11-12/index.html").exists()


_IDENTIFIER = re.compile(r"\b(?:art|para|subpara|point|indent|att|chp|sec|part|hcontainer|tr|table|qstr|mod|fn|line)_"
                         r"[\w-]+|\bNone\b|/akn/|\b\d{4}-\d{2}-\d{2}\b")
_ENGLISH = re.compile(r"\b(?:the|and|of|not|error|listed|rests|unknown|score|move|replace|insert|repeal|which|with|"
                      r"from|document|version|page|none|null|true|false|amends|based|cites|changed)\b", re.IGNORECASE)


def test_no_identifier_none_or_english_where_a_reader_looks(site):
    """Every page's visible text (scripts and styles aside, SVG titles included) is Vietnamese, with provisions
    as cited and dates as dd/mm/yyyy: no eId, FRBR URI, ISO date, "None" or English word."""
    found = []
    for page in sorted(site.rglob("*.html")):
        doc = lhtml.parse(str(page)).getroot()
        for bad in doc.xpath("//script|//style"):
            bad.drop_tree()
        text = " ".join(doc.text_content().split())
        for rx in (_IDENTIFIER, _ENGLISH):
            for m in rx.finditer(text):
                found.append(f"{page.relative_to(site)}: {m.group(0)!r} in …{text[max(0, m.start() - 50):m.end() + 20]}…")
    assert not found, "\n".join(found[:20])


def test_page_titles_name_the_type_once_and_cut_at_a_word(site):
    from amend.render.site import page_title
    assert page_title({"type": "Đề án", "number": None, "title": "Đề án “Xây dựng Chính quyền điện tử”"}) == \
        "Đề án “Xây dựng Chính quyền điện tử”"
    long = page_title({"type": "Nghị quyết", "number": "08/2020/NQ-HĐND", "title": "về việc " + "sửa đổi " * 20})
    assert long.endswith("…") and long[:-1].split()[-1] in ("sửa", "đổi") and len(long) < 100
    for page in site.rglob("*.html"):
        title = lhtml.parse(str(page)).getroot().findtext(".//title") or ""
        for t in ("Đề án", "Nghị quyết", "Quyết định", "Luật", "Thông báo", "Nghị định"):
            assert f"{t} {t}" not in title and f"{t}  {t}" not in title, (page, title)


def test_a_conflicting_amendment_does_not_stop_the_site(tmp_path, capsys):
    """Two documents replace the same phrase of one khoản: the second finds nothing to replace. `consolidate`
    refuses (exit 2, naming the document and the phrase); the site is still built, the conflicting instruction left
    out whole and shown as not applied on the work's page, with the reason."""
    from amend.cli import main
    from amend.corpus import add_text
    from amend.render.site import build_site

    from .test_instruction_forms import HERE, wrap
    corpus = tmp_path / "corpus"
    add_text(corpus, HERE / "_base.txt")
    body = "Điều 1. Thay thế cụm từ “05 ngày làm việc” bằng cụm từ “03 ngày làm việc” tại khoản 1 Điều 2.\n"
    for i, (number, date) in enumerate((("05/2025/TT-BTP", ("15", "01", "2025")), ("07/2025/TT-BTP", ("20", "02", "2025")))):
        f = tmp_path / f"a{i}.txt"
        f.write_text(wrap(body, number, date, f"0{i + 1} tháng 4 năm 2025"), encoding="utf-8")
        add_text(corpus, f)
    assert main(["consolidate", "10/2020/TT-BTP", "--corpus", str(corpus), "--format", "text"]) == 2
    err = capsys.readouterr().err
    assert "07/2025/TT-BTP" in err and "05 ngày làm việc" in err
    site = tmp_path / "site"
    build_site(corpus, site, progress=False)
    page = next(site.glob("akn/vn/act/thong-tu/2020-03-10/10-2020-tt-btp/index.html"))
    doc = lhtml.parse(str(page)).getroot()
    banner = doc.xpath("string(//section[contains(@class,'unapplied')])")
    assert "xung đột" in banner and "07/2025/TT-BTP" in banner
    assert "03 ngày làm việc" in doc.xpath("string(//div[@id='art_2__para_1'])")    # the first change stands


def test_two_documents_changing_one_unit_on_one_day_do_not_stop_the_site(tmp_path, capsys):
    """Which text is in force cannot be decided: `consolidate` refuses, naming both documents; the site is built
    with neither change applied and both listed as not applied."""
    from amend.cli import main
    from amend.corpus import add_text
    from amend.render.site import build_site

    from .test_instruction_forms import HERE, wrap
    corpus = tmp_path / "corpus"
    add_text(corpus, HERE / "_base.txt")
    for i, number in enumerate(("05/2025/TT-BTP", "07/2025/TT-BTP")):
        body = f"Điều 1. Sửa đổi khoản 1 Điều 2 như sau:\n“1. Nội dung mới thứ {i + 1}.”\n"
        f = tmp_path / f"a{i}.txt"
        f.write_text(wrap(body, number, ("15", "01", "2025"), "01 tháng 3 năm 2025"), encoding="utf-8")
        add_text(corpus, f)
    assert main(["consolidate", "10/2020/TT-BTP", "--corpus", str(corpus), "--format", "text"]) == 2
    assert "05/2025/TT-BTP and 07/2025/TT-BTP" in capsys.readouterr().err
    site = tmp_path / "site"
    build_site(corpus, site, progress=False)
    doc = lhtml.parse(str(next(site.glob("akn/vn/act/thong-tu/2020-03-10/10-2020-tt-btp/index.html")))).getroot()
    banner = doc.xpath("string(//section[contains(@class,'unapplied')])")
    assert banner.count("xung đột") == 2 and "05/2025/TT-BTP" in banner and "07/2025/TT-BTP" in banner
    assert "Nội dung mới" not in doc.xpath("string(//div[@id='art_2__para_1'])")


def test_a_hub_pages_its_relations_and_draws_a_bounded_neighbourhood(tmp_path, monkeypatch):
    """With one row per page and one neighbour in the picture, every relations list of the real corpus is
    paged: the pages together hold the whole list, their links resolve, the picture has the work and one
    neighbour and says how many there are; the corpus picture is bounded too."""
    from amend.render import site as S
    monkeypatch.setattr(S, "ROWS_PER_PAGE", 1)
    monkeypatch.setattr(S, "PICTURE_LIMIT", 1)
    monkeypatch.setattr(S, "OVERVIEW_LIMIT", 3)
    from amend.graph import Finding, LegalGraph
    real = LegalGraph.dangling          # the real corpus has one check: two more make its list three pages
    monkeypatch.setattr(LegalGraph, "dangling", lambda self: real(self) + [
        Finding("unknown-work", "a", "b", f"kiểm tra thử {i}") for i in (1, 2)])
    out = tmp_path / "s"
    build_site(CORPUS, out, as_of=AS_OF, progress=False)
    from amend.graph import build_graph
    from amend.render.site import work_dir
    lg = build_graph(Family(load_corpus(CORPUS).until(AS_OF)))
    hub = max((u for u in lg.g if not lg.g.nodes[u].get("unresolved")), key=lambda u: (lg.nearest(u, 10**6)[1], u))
    lut = out / work_dir(hub)
    rel = lhtml.fromstring((lut / "relations.html").read_bytes())
    fig = rel.xpath("//figure[contains(@class,'graph')]")[0]
    assert len(fig.xpath(".//*[local-name()='g'][*[local-name()='rect']]")) == 2
    caption = rel.xpath("string(//figcaption)")
    total = int(re.search(r"trong (\d+) văn bản", caption).group(1))
    assert total > 1
    for sec in rel.xpath("//section[h2]"):
        head = sec.xpath("string(h2)")
        m = re.search(r"\((\d+) văn bản\)", head)
        if not m:
            continue
        n = int(m.group(1))
        labels = [sec.xpath("string(.//tbody/tr[1]/td[1])")]
        link = sec.xpath(".//p[@class='pager']/a/@href")[0]
        here = lut
        while link:
            page = (here / link).resolve()
            doc = lhtml.fromstring(page.read_bytes())
            labels += [tr.xpath("string(td[1])") for tr in doc.xpath("//tbody/tr")]
            for a in doc.xpath("//tbody//a/@href"):
                assert (page.parent / a).resolve().is_file(), a
            here = page.parent
            nxt = doc.xpath("//nav[@class='pager']/a[.='Trang sau']/@href")
            link = nxt[0] if nxt else None
        assert len(labels) == n and len(set(labels)) == n, head
    overview = lhtml.fromstring((out / "graph.html").read_bytes())
    assert "Sơ đồ 3 trong" in overview.xpath("string(//figcaption)")
    # the corpus's checks are paged too: the pages together hold them all
    n = int(re.search(r"\((\d+) điểm\)", overview.xpath("string(//section/h2)")).group(1))
    seen, page = [overview.xpath("string(//section/ul/li)")], out / "kiem-tra/trang-2.html"
    while page:
        doc = lhtml.fromstring(page.read_bytes())
        seen += [li.text_content() for li in doc.xpath("//main//ul/li")]
        nxt = doc.xpath("//nav[@class='pager']/a[.='Trang sau']/@href")
        page = page.parent / nxt[0] if nxt else None
    assert len(seen) == n >= 3 and "kiểm tra thử 2" in seen[-1]


def test_the_catalogue_is_paged(tmp_path, monkeypatch):
    """With five works a page, every list of the catalogue (all works, each type, each year) is paged; the pages
    of a list, followed by their "Trang sau" links, hold each of its works once, and their links resolve."""
    from amend.render import site as S
    monkeypatch.setattr(S, "ROWS_PER_PAGE", 5)
    out = tmp_path / "s"
    r = build_site(CORPUS, out, as_of=AS_OF, progress=False)
    page, seen = out / "index.html", []
    while page:
        doc = lhtml.fromstring(page.read_bytes())
        seen += [(page.parent / a.get("href")).resolve() for a in doc.xpath("//table[contains(@class,'works')]//td[1]/a")]
        for a in doc.xpath("//table[contains(@class,'works')]//a/@href"):
            assert (page.parent / a).resolve().is_file(), a
        nxt = doc.xpath("//nav[@class='pager']/a[.='Trang sau']/@href")
        page = (page.parent / nxt[0]).resolve() if nxt else None
    assert len(seen) == len(set(seen)) == r.works == 12
    assert (out / "index/tat-ca-3.html").is_file() and not (out / "index/tat-ca-4.html").exists()


def test_no_internal_identifier_is_read_aloud_or_shown_in_an_attribute(site):
    """Screen readers read aria-label and title: they say "khoản 5 Điều 26", never an eId, and "None" nowhere."""
    import re
    eid = re.compile(r"\b(?:art|para|subpara|point|indent|att|chp|sec|part|hcontainer|tr)_[0-9a-z][\w-]*")
    attr = re.compile(r'\b(?:aria-label|title|alt)="([^"]*)"')
    seen = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for value in attr.findall(html):
            seen += 1
            assert not eid.search(value) and "None" not in value, (page.name, value)
    assert seen > 100


def test_the_unapplied_items_of_one_source_are_listed_under_one_description(site):
    """The Đề án's page: its unapplied sentences come from one press source, described once, not once per item."""
    import re
    pages = [p for p in site.rglob("index.html") if "de-an" in p.as_posix()]
    boxes = [re.search(r'<section class="unapplied banner".*?</section>', p.read_text(encoding="utf-8"), re.S)
             for p in pages]
    boxes = [b.group(0) for b in boxes if b]
    assert boxes
    for box in boxes:
        items = box.count("<q>")
        described = box.count("nội dung theo")
        assert items >= 2 and described == 1, (items, described)
