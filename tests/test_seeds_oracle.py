"""The first corpus: seed 08/2020 and the five real texts of the oracle family."""
from __future__ import annotations

import pytest

from amend.akn import AMEND_NS, q, text_of
from amend.parse import parse_text
from amend.validate import check_tables

from .conftest import ORACLE, SEED_08, assert_valid, need


@pytest.fixture(scope="module")
def nq08():
    return parse_text(need(SEED_08).read_text(encoding="utf-8"), SEED_08.name)


def test_seed_metadata(nq08):
    f = nq08.facts
    assert f["frbr"] == "/akn/vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd"
    assert f["number"] == "08/2020/NQ-HĐND"
    assert f["date"].isoformat() == "2020-11-02" and f["in_force"].isoformat() == "2020-11-12"
    assert f["issuer"]["kind"] == "hdnd" and f["issuer"]["locality"] == "haiduong"
    assert [d.code for d in nq08.diagnostics if d.code == "clutter"] == ["clutter", "clutter"]
    assert_valid(nq08.tree, "08/2020")


def test_seed_bases(nq08):
    refs = [r for r in nq08.tree.getroot().iter(q("ref"))
            if any(a.tag == q("citation") for a in r.iterancestors())]
    hrefs = [r.get("href") for r in refs]
    assert len(hrefs) == 8 and len(set(hrefs)) == 8
    assert "/akn/vn-haiduong/act/nghi-quyet/2019-12-12/20-2019-nq-hdnd" in hrefs
    assert "/akn/vn/act/nghi-dinh/2020-04-06/40-2020-nd-cp" in hrefs
    assert "/akn/vn-haiduong/act/thong-bao/2019-12-06/1527-tb-tu" in hrefs
    dated_only = [r for r in refs if r.get(f"{{{AMEND_NS}}}resolved") == "false"]
    assert {r.get(f"{{{AMEND_NS}}}date") for r in dated_only} == {"2015-06-19", "2019-11-22", "2019-06-13", "2014-06-18"}


def test_seed_body_and_unquoted_amendment(nq08):
    body = nq08.tree.getroot().find(".//" + q("body"))
    arts = body.findall(q("article"))
    assert [a.get("eId") for a in arts] == ["art_1", "art_2", "art_3"]
    qs = arts[0].find(".//" + q("quotedStructure"))
    paras = qs.findall(q("paragraph"))
    assert [p.find(q("num")).text for p in paras] == [f"{i}." for i in range(1, 9)]
    six = paras[5]
    amounts = [x.get("normalized") for x in six.iter(q("quantity"))]
    assert amounts == ["3800", "1250", "2550"]


def test_seed_annex_tables(nq08):
    root = nq08.tree.getroot()
    t1, t2 = root.findall(".//" + q("table"))
    assert len([tr for tr in t1 if tr.get("class") == "item"]) == 24
    assert t1.find(f"{q('tr')}[@eId='att_1__table_1__tr_19_2']") is not None
    assert any(d.code == "duplicate-row-number" for d in nq08.diagnostics)
    assert [tr.get("class") for tr in t2].count("item") == 21
    total = t2.find(f"{q('tr')}[@class='total']")
    assert [x.get("normalized") for x in total.iter(q("quantity"))] == ["300", "1875", "1625", "3800"]
    diags = check_tables(root, "08/2020")
    assert [d for d in diags if d.level == "warning"] == []
    assert any("21 items, 2 subtotals, 4 numeric columns" in d.message for d in diags)


def test_table_arithmetic_reports_inconsistency(nq08):
    import copy
    root = copy.deepcopy(nq08.tree.getroot())
    cell = root.find(".//" + q("tr") + "[@eId='att_2__table_1__tr_3']")[5].find(".//" + q("quantity"))
    cell.set("normalized", "101")
    warns = [d for d in check_tables(root, "x") if d.level == "warning"]
    assert {d.where for d in warns} >= {"att_2__table_1__tr_3", "att_2__table_1__tr_tong-1"}
    assert any("states 101" in d.message and "add up to 100" in d.message for d in warns)


ORACLE_FILES = ["tt-39-2016-tt-nhnn.txt", "tt-06-2023-tt-nhnn.txt", "tt-10-2023-tt-nhnn.txt",
                "tt-12-2024-tt-nhnn.txt", "vbhn-21-2024-tt39.txt"]


@pytest.mark.parametrize("name", ORACLE_FILES)
def test_oracle_texts_parse_and_validate(name):
    r = parse_text(need(ORACLE / name).read_text(encoding="utf-8"), name)
    assert_valid(r.tree, name)


def _count(body, tag, tiet=False):
    return sum(1 for e in body.iter(q(tag))
               if not any(a.tag == q("quotedStructure") for a in e.iterancestors())
               and ((e.get("class") == "tiet") == tiet))


def test_tt39_counts():
    r = parse_text(need(ORACLE / "tt-39-2016-tt-nhnn.txt").read_text(encoding="utf-8"))
    body = r.tree.getroot().find(".//" + q("body"))
    assert (_count(body, "chapter"), _count(body, "section"), _count(body, "article"),
            _count(body, "paragraph"), _count(body, "point")) == (3, 2, 35, 106, 86)
    assert r.facts["in_force"].isoformat() == "2017-03-15"


def test_vbhn_footnote_markers():
    r = parse_text(need(ORACLE / "vbhn-21-2024-tt39.txt").read_text(encoding="utf-8"))
    root = r.tree.getroot()
    assert r.facts["number"] == "21/VBHN-NHNN" and r.facts["subtype"] == "van-ban-hop-nhat"
    notes = {n.get("marker"): n for n in root.iter(q("authorialNote"))}
    assert sorted(map(int, notes)) == list(range(1, 48))
    art29 = root.find(f".//{q('article')}[@eId='art_29']")
    assert art29.find(q("num")).text == "Điều 29." and notes["41"].getparent().tag == q("num")
    p1 = root.find(f".//{q('paragraph')}[@eId='art_2__para_1']")
    assert p1.find(q("num")).text == "1." and text_of(p1.find(q("content"))).startswith("Cho vay là")
    c = root.find(f".//{q('point')}[@eId='art_2__para_6__point_c']")
    assert c.find(q("num")).text == "c)" and text_of(c.find(q("content"))).startswith("Phương án")
    assert root.find(f".//{q('article')}[@eId='art_32dd']") is not None
    assert not [d for d in r.diagnostics if d.code == "footnote"]
