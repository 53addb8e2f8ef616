"""Each construct of the parser on small inputs, asserted on the XML."""
from __future__ import annotations

import pytest

from amend.akn import AMEND_NS, q, text_of
from amend.errors import ParseError
from amend.parse import parse_text

from .conftest import FIXTURES


def parsed(name):
    return parse_text((FIXTURES / "parse" / f"{name}.txt").read_text(encoding="utf-8"), name)


def eids(tree):
    return [e.get("eId") for e in tree.iter() if isinstance(e.tag, str) and e.get("eId")]


def test_interleaved_header_and_signing_effect():
    r = parsed("header_interleaved")
    f = r.facts
    assert f["number"] == "12/2021/QĐ-UBND"
    assert f["frbr"] == "/akn/vn-haiduong/act/quyet-dinh/2021-03-05/12-2021-qd-ubnd"
    assert f["title"] == "Ban hành Quy định về quản lý dữ liệu số trên địa bàn tỉnh"
    assert f["in_force"].isoformat() == "2021-03-05" and f["in_force_rule"] == "signing"
    root = r.tree.getroot()
    assert root.find(".//" + q("formula")).get("name") == "enactingFormula"
    assert len(root.findall(".//" + q("recital"))) == 1
    refs = root.findall(".//" + q("citation") + "//" + q("ref"))
    assert [r_.get(f"{{{AMEND_NS}}}number") for r_ in refs] == [None, "47/2020/NĐ-CP"]
    assert refs[1].get("href") == "/akn/vn/act/nghi-dinh/2020-04-09/47-2020-nd-cp"


def test_all_levels():
    r = parsed("structure_levels")
    ids = eids(r.tree.getroot())
    for eid in ["part_thu-nhat", "chp_I", "chp_I__sec_1", "art_1__para_1__point_dd__point_ii",
                "art_1__para_2__indent_2", "art_5a__subpara_5-1__subpara_5-1-1", "chp_II", "art_6"]:
        assert eid in ids
    tiet = r.tree.getroot().find(f".//{q('point')}[@eId='art_1__para_1__point_dd__point_i']")
    assert tiet.get("class") == "tiet" and tiet.find(q("num")).text == "(i)"


def test_quoted_content_is_not_read_as_provisions():
    r = parsed("amending_quoted")
    root = r.tree.getroot()
    body = root.find(".//" + q("body"))
    top_articles = [a.get("eId") for a in body.iter(q("article"))
                    if not any(x.tag == q("quotedStructure") for x in a.iterancestors())]
    assert top_articles == ["art_1", "art_2", "art_3"]
    qs = body.find(".//" + q("quotedStructure"))
    assert qs.getparent().tag == q("mod")
    # Nested quotation marks inside the quote do not close it; the closing marks stay as text.
    mod = qs.getparent()
    assert mod.text == "“" and qs.tail == "”" and mod.tail == "."
    assert "“được giao”" in text_of(qs)
    # The effective date comes from the amending document, not from quoted content.
    assert r.facts["in_force"].isoformat() == "2023-07-01"


def test_clutter_unquoted_content_effect_clause_and_table():
    r = parsed("clutter_unquoted_table")
    codes = [d.code for d in r.diagnostics]
    assert codes.count("clutter") == 2
    root = r.tree.getroot()
    art1 = root.find(f".//{q('article')}[@eId='art_1']")
    qs = art1.find(".//" + q("quotedStructure"))
    assert qs is not None and qs.get("startQuote") == ""
    assert [p.get("eId") for p in qs.findall(q("paragraph"))] == [
        "art_1__mod_1__qstr_1__para_1", "art_1__mod_1__qstr_1__para_2"]
    concl = root.find(".//" + q("conclusions"))
    assert concl[0].get("class") == "effect"
    assert r.facts["in_force"].isoformat() == "2021-07-20"
    table = root.find(".//" + q("table"))
    classes = [tr.get("class") for tr in table]
    assert classes == ["header", "header", "group", "item", "item", "subtotal", "total"]
    th = table[0].findall(q("th"))
    assert [t.get("colspan") for t in th] == [None, None, "2", None]
    total = table[-1].findall(".//" + q("quantity"))
    assert [x.get("normalized") for x in total] == ["150", "200", "1350"]
    # Empty cells keep their no-break space.
    assert "\u00a0" in table[2][2].findtext(q("p"))


def test_consolidated_footnote_markers():
    r = parsed("consolidated_notes")
    root = r.tree.getroot()
    assert r.facts["subtype"] == "van-ban-hop-nhat" and r.facts["number"] == "05/VBHN-BTC"
    notes = {n.get("marker"): n for n in root.iter(q("authorialNote"))}
    assert sorted(notes, key=int) == ["1", "2", "3", "4"]
    assert notes["2"].getparent().tag == q("num") and notes["2"].getparent().text == "a)"
    assert notes["4"].getparent().tag == q("heading")
    assert notes["4"].getparent().text == "Hiệu lực thi hành"
    para2 = root.find(f".//{q('paragraph')}[@eId='art_1__para_2']")
    assert para2.find(q("num")).text == "2." and para2.findtext(f"{q('content')}/{q('p')}") == "(được bãi bỏ)"


@pytest.mark.parametrize("text,msg", [
    ("", "empty"),
    ("Một đoạn văn bản bình thường.\nKhông có tiêu đề.", "national motto"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐiều 1. X", "document type"),
])
def test_bad_input_is_a_clear_error(text, msg):
    with pytest.raises(ParseError) as e:
        parse_text(text, "bad.txt")
    assert msg in str(e.value) and "bad.txt" in str(e.value)


def test_every_fixture_keeps_every_word():
    """Nothing of the document is lost: every word of the kept lines is in the XML text."""
    import re

    from amend.parse.source import find_span, split_lines
    for case in sorted((FIXTURES / "parse").glob("*.txt")):
        text = case.read_text(encoding="utf-8")
        r = parse_text(text, case.name)
        lines = split_lines(text)
        s, e = find_span(lines)
        xml_text = " ".join(t for t in r.tree.getroot().find(q("act")).itertext()
                            if t.strip())
        xml_words = set(re.findall(r"\w+", " ".join(
            x for el in r.tree.getroot().iter() if isinstance(el.tag, str) and el.tag != q("meta")
            for x in [el.text or "", el.tail or "", el.get("marker") or ""])))
        for ln in lines[s:e]:
            for w in re.findall(r"\w+", ln.text):
                # A footnote marker glued to a word ("hành4") is moved into authorialNote/@marker.
                assert w in xml_words or w.rstrip("0123456789") in xml_words, f"{case.name} line {ln.no}: {w!r} lost"
        assert xml_text


def test_in_force_n_days_after_signing():
    text = (FIXTURES / "parse" / "header_interleaved.txt").read_text(encoding="utf-8")
    import re
    text2 = re.sub(r"có hiệu lực[^.\n]*ngày ký", "có hiệu lực thi hành sau 45 ngày, kể từ ngày ký", text, count=1)
    assert text2 != text
    f = parse_text(text2, "n-days").facts
    assert f["in_force"].isoformat() == "2021-04-19" and f["in_force_rule"] == "days-after-signing:45"
