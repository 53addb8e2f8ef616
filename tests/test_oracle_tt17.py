"""The second family: Thông tư 17/2022/TT-BLĐTBXH with 03/2023, against 3503/VBHN-BLĐTBXH.

Another ministry, from the official gazette.  Every instruction of 03/2023
is read and applied; the consolidation at 31/5/2023 equals the official
text article by article, except where the VBHN itself departs from the
amending text (``../shared/oracle/README.md``).  Each departure is listed
with both texts and must still occur.
"""
from __future__ import annotations

import re

import pytest

from amend.akn import q
from amend.parse import parse_text
from amend.read import read
from amend.render.notes import footnotes_for
from amend.text import canonical_tone
from amend.versions import consolidate_trees

from .conftest import ORACLE, compare_articles, need

DIR = ORACLE.parent / "tt-17-2022"

# (article, the engine's text from the sources, the official consolidation's text, why)
DEPARTURES = [
    ("art_10", "nhà nước a) Thực hiện", "nhà nước 1. Thực hiện",
     "the VBHN numbers the new Điều 10 as khoản 1, 2 where 03/2023 quotes points a), b)"),
    ("art_10", "xuyên. b) Các ngành", "xuyên. 2. Các ngành", "as above, the second point"),
    ("art_10", "60/2021/NĐ- CP", "60/2021/NĐ-CP", "the VBHN corrects the spacing of the amending text"),
    ("art_36", "thuộc Trung ương.", "thuộc trung ương.", "the VBHN lower-cases the amending text"),
    ("art_20", "34/2018/TT-BLĐTBXH", "34/2018/ TT-BLĐTBXH", "a stray space in an unamended line of the VBHN"),
    ("art_44", "Nghị định số 27/2022", "Nghị định 27/2022", "the VBHN drops \"số\" in an unamended line"),
    ("art_8", "theo phạm vi của Chương trình.", "theo phạm vi của Chương trình",
     "the VBHN omits the full stop after the inserted khoản 3 here (it prints it in Điều 7 and 9)"),
]


def _norm(s: str) -> str:
    s = re.sub(r"\s*\[\d+\]\s*", " ", s)            # the VBHN's footnote markers
    s = re.sub(r"[“”\"]", '"', s)
    return canonical_tone(" ".join(s.split()))


@pytest.fixture(scope="module")
def family():
    def tree(name):
        return parse_text(need(DIR / name).read_text(encoding="utf-8"), name).tree
    base, amending = tree("tt-17-2022-bldtbxh.txt"), tree("tt-03-2023-bldtbxh.txt")
    official = tree("vbhn-3503-2024-tt17-2022.txt")
    return base, amending, official, consolidate_trees(base, [amending])


def test_every_instruction_is_read(family):
    base, amending, _, _ = family
    from amend.read import Resolver, work_info
    res = Resolver()
    res.add(work_info(base))
    reading = read(amending, res)
    got = [(o.kind, o.target) for o in reading.operations]
    assert got == [("insert", "art_7__para_3"), ("insert", "art_8__para_3"), ("insert", "art_9__para_3"),
                   ("replace", "art_10"), ("replace-heading", "art_23"), ("replace", "art_23__para_2"),
                   ("replace", "art_32__para_1"), ("replace", "art_36__para_2__point_e")]
    assert not reading.unread and not reading.proposed
    outcomes = {f.sentence[:40]: f.outcome for f in reading.findings}
    assert outcomes["Thông tư này có hiệu lực thi hành từ ngà"] == "effect"
    assert outcomes["Các hoạt động liên quan đến nội dung tại"] == "transition"


def test_articles_equal_the_official_text_but_for_the_vbhn_departures(family):
    _, _, official, cons = family
    v = cons.at("2023-05-31")
    assert v.start == "2023-05-31" and not v.unapplied
    mine = {a.get("eId"): a for a in v.root.iter(q("article"))}
    theirs = {a.get("eId"): a for a in official.getroot().iter(q("article"))}
    assert list(mine) == list(theirs) and len(mine) == 45
    differing, used = compare_articles(mine, theirs, DEPARTURES, _norm)
    assert not differing, f"articles differing from 3503/VBHN-BLĐTBXH: {differing}"
    assert used == set(range(len(DEPARTURES))), "a listed departure no longer occurs: update DEPARTURES"


def test_unit_footnotes_cite_the_same_provisions(family):
    _, _, official, cons = family
    v = cons.at("2023-05-31")
    notes = footnotes_for(v, cons)
    text = need(DIR / "vbhn-3503-2024-tt17-2022.txt").read_text(encoding="utf-8")
    theirs = dict(re.findall(r"^\[(\d+)\] (.*)$", text, re.MULTILINE))
    cited = [re.search(r"theo quy định tại (.+?) (?:của )?Thông tư", theirs[str(n)]).group(1) for n in range(2, 10)]
    ours = [re.search(r"theo quy định tại (.+?) (?:của )?Thông tư", t).group(1) for t in notes.values()]
    assert ours == cited
