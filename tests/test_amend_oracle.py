"""Acceptance 1 of the amend issue: the official consolidation 21/VBHN-NHNN.

Thông tư 39/2016/TT-NHNN with 06/2023, 10/2023 and 12/2024, consolidated as of
16/7/2024, is compared article by article with the official text.
"""
from __future__ import annotations

import re

import pytest

from amend.akn import AKN_NS, local, q, text_of
from amend.parse import parse_text
from amend.render.notes import footnotes_for
from amend.text import canonical_tone
from amend.versions import consolidate_trees

from .conftest import ORACLE, assert_legal_order, assert_valid, compare_articles, need

FILES = {"39": "tt-39-2016-tt-nhnn.txt", "06": "tt-06-2023-tt-nhnn.txt",
         "10": "tt-10-2023-tt-nhnn.txt", "12": "tt-12-2024-tt-nhnn.txt"}

# Differences explained by the sources, not by the engine: (article eId, text the
# engine takes from the amending document, text of the official consolidation, why).
KNOWN = [
    ("art_32b", "thiêt lập", "thiết lập", "typo in 06/2023 as transcribed (khoản 11 Điều 1, Điều 32b)"),
    ("art_32b", "phưong tiện", "phương tiện", "typo in 06/2023 as transcribed (Điều 32b)"),
    ("art_32c", "Dư nự cho vay", "Dư nợ cho vay", "typo in the heading of Điều 32c in 06/2023"),
    ("art_32dd", "phục, vụ", "phục vụ", "stray comma in Điều 32đ of 06/2023"),
    ("art_7", "5. (được bãi bỏ)", "5. (được bãi bỏ).", "the official text ends a repealed khoản with a period"),
]


def _norm(s: str) -> str:
    s = re.sub(r"[“”\"]", '"', s)
    s = re.sub(r"[‘’]", "'", s)
    return canonical_tone(" ".join(s.split()))


@pytest.fixture(scope="module")
def family():
    trees = {k: parse_text(need(ORACLE / f).read_text(encoding="utf-8"), f).tree for k, f in FILES.items()}
    cons = consolidate_trees(trees["39"], [trees["06"], trees["10"], trees["12"]])
    official = parse_text(need(ORACLE / "vbhn-21-2024-tt39.txt").read_text(encoding="utf-8")).tree
    return cons, official, trees


def _articles(root):
    return {a.get("eId"): a for a in root.iter(q("article")) if a.get("eId")}


def test_versions_are_in_legal_order(family):
    """Mục 3 inserted by 06/2023 (Điều 32a–32h) stands after Mục 2, as in 21/VBHN-NHNN."""
    cons, _, _ = family
    for v in cons.versions:
        assert_legal_order(v.root, f"39/2016 @ {v.start}")
    chp = next(c for c in cons.at("2024-07-16").root.iter(q("chapter")) if c.get("eId") == "chp_II")
    assert [s.get("eId") for s in chp if local(s) == "section"] == ["chp_II__sec_1", "chp_II__sec_2", "chp_II__sec_3"]


def test_versions_and_dates(family):
    cons, _, _ = family
    assert [v.start for v in cons.versions] == [None, "2023-09-01", "2024-07-01"]
    assert cons.at("2024-07-16").start == "2024-07-01"
    assert cons.at("2023-08-31").start is None
    assert not cons.pending


def test_every_article_equals_the_official_text(family):
    cons, official, _ = family
    mine = _articles(cons.at("2024-07-16").root)
    theirs = _articles(official.getroot())
    assert sorted(mine) == sorted(theirs)
    mismatched, used = compare_articles(mine, theirs, KNOWN, _norm)
    assert not mismatched, f"articles differing from 21/VBHN-NHNN: {mismatched}"
    assert used == set(range(len(KNOWN))), "a listed source typo no longer occurs: update KNOWN"


def _cited(note: str):
    m = re.search(r"theo quy định tại (.+?) của (?:của )?(?:Thông tư|Nghị quyết|Quyết định|Nghị định|Luật) số (\S+)", note)
    return (m.group(1), m.group(2)) if m else None


def _unit_of(el):
    p = el.getparent()
    while p is not None and not (p.get("eId") and local(p) in (
            "article", "paragraph", "point", "section", "chapter", "subparagraph")):
        p = p.getparent()
    return p.get("eId") if p is not None else None


def test_footnotes_name_the_official_amending_provision(family):
    cons, official, _ = family
    expected = {}
    for note in official.getroot().iter(f"{{{AKN_NS}}}authorialNote"):
        c = _cited(text_of(note, skip=()))
        unit = _unit_of(note)
        if c and unit:
            expected[unit] = c
    v = cons.at("2024-07-16")
    got = {el.get("eId"): _cited(t) for el, t in footnotes_for(v, cons).items()}
    # units repealed or changed by provisions the official text records on the unit itself
    expected = {k: c for k, c in expected.items() if k.split("__")[0] != "chp_III"}
    assert len(expected) >= 40
    assert got == expected


def test_footnote_wording(family):
    cons, _, _ = family
    v = cons.at("2024-07-16")
    notes = {el.get("eId"): t for el, t in footnotes_for(v, cons).items()}
    assert notes["art_2__para_1"].startswith(
        "Khoản này được sửa đổi theo quy định tại điểm a khoản 1 Điều 1 của Thông tư số 12/2024/TT-NHNN sửa đổi, bổ sung")
    assert notes["art_2__para_1"].endswith("có hiệu lực kể từ ngày 01/7/2024.")
    assert notes["art_8__para_8"].startswith("Khoản này ngưng hiệu lực thi hành từ ngày 01 tháng 9 năm 2023 cho đến ngày có hiệu lực")
    assert notes["chp_II__sec_3"].startswith("Mục này bao gồm các Điều 32a, 32b, 32c, 32d, 32đ, 32e, 32g và 32h được bổ sung")


def test_each_version_validates(family):
    cons, _, _ = family
    for v in cons.versions:
        assert_valid(v.root, f"version {v.start}")


def test_inputs_are_not_mutated(family):
    _, _, trees = family
    fresh = parse_text((ORACLE / FILES["39"]).read_text(encoding="utf-8")).tree
    from lxml import etree
    assert etree.tostring(trees["39"]) == etree.tostring(fresh)


def test_suspended_text_stays_and_revoked_insertion_is_replaced(family):
    cons, _, _ = family
    v = cons.at("2024-07-16").root
    from amend.akn import eid_index
    idx = eid_index(v)
    assert idx["art_8__para_9"].get("{http://amend.invalid/ns/1.0}status") == "suspended"
    assert "Để thanh toán tiền góp vốn" in text_of(idx["art_8__para_9"])
    # khoản 5 Điều 26: inserted by 06/2023 (điểm b khoản 9), that provision repealed by 12/2024,
    # and inserted again by 12/2024 (điểm c khoản 8)
    hist = cons.provision_history("art_26__para_5")
    assert [(h.kind, h.source.split(" Thông tư")[0]) for h in hist] == [
        ("insert", "điểm b khoản 9 Điều 1"), ("revoke", "khoản 2 Điều 4"), ("insert", "điểm c khoản 8 Điều 1")]
    # before 12/2024: the 06/2023 text of Điều 32g is there; after: repealed
    assert "(được bãi bỏ)" not in text_of(eid_index(cons.at("2024-06-30").root)["art_32g"])
    assert text_of(idx["art_32g"]).endswith("(được bãi bỏ)")


def test_cli_consolidate_files_as_text_with_footnotes(capsys, tmp_path):
    from amend.cli import main
    files = [str(need(ORACLE / FILES[k])) for k in ("39", "06", "10", "12")]
    out = tmp_path / "tt39.txt"
    assert main(["consolidate", *files, "--at", "16/7/2024", "--format", "text", "--footnotes", "-o", str(out),
                 "--corpus", str(tmp_path / "none")]) == 0
    text = out.read_text(encoding="utf-8")
    assert re.search(r"\nĐiều 29\.\[\d+\] \(được bãi bỏ\)\n", text)
    assert re.search(r"\n\(iv\)\[\d+\] Đối với các khoản cho vay có mức giá trị nhỏ", text)
    assert "\n[1] Khoản này được sửa đổi theo quy định tại điểm a khoản 1 Điều 1 của Thông tư số 12/2024/TT-NHNN" in text
    plain = tmp_path / "plain.txt"
    main(["consolidate", *files, "--at", "2023-09-02", "--format", "text", "-o", str(plain), "--corpus", "x"])
    p = plain.read_text(encoding="utf-8")
    assert "[1]" not in p and "\n8. Để thanh toán tiền góp vốn" in p       # suspended text stays
    assert "Điều 32h. Phương tiện thanh toán" in p
