"""Laws and decrees as they arrive: headers of every type and era, text pasted from a portal, laws amended
inside other laws (the third oracle family: the Luật Lâm nghiệp, the Luật Giá and the Luật Đất đai against
04/VBHN-VPQH).
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from amend.akn import AMEND_NS, q, text_of
from amend.errors import InputError
from amend.parse import parse_text
from amend.read import Resolver, read, work_info
from amend.render.notes import NOTE_STYLES
from amend.versions import consolidate_trees

from .conftest import FIXTURES, ORACLE, compare_articles, need

LAWS = FIXTURES / "laws"
DIR = ORACLE.parent / "luat-16-2017"

# fixture → (number, date of signing, subtype, title, issuer id)
HEADERS = {
    "header-state-issuer-session": (None, "2006-11-29", "luat", "CHUYỂN GIAO CÔNG NGHỆ", "quoc-hoi"),
    "header-type-and-name-one-line": ("18/2017/QH14", "2017-11-21", "luat", "THỦY SẢN", "quoc-hoi"),
    "header-pasted-bo-luat": ("91/2015/QH13", "2015-11-24", "bo-luat", "DÂN SỰ", "quoc-hoi"),
    "header-long-title-omnibus": ("35/2018/QH14", "2018-11-20", "luat",
                                  "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA 37 LUẬT CÓ LIÊN QUAN ĐẾN QUY HOẠCH", "quoc-hoi"),
    "header-phap-lenh": ("01/2022/UBTVQH15", "2022-12-13", "phap-lenh", "CHI PHÍ TỐ TỤNG", None),
    "header-joint-circular": ("144/2016/TTLT-BTC-BTP", "2016-09-22", "thong-tu-lien-tich",
                              "Quy định về quản lý phí tư pháp", None),
    "header-decree-run-together": ("102/2024/NĐ-CP", "2024-07-30", "nghi-dinh",
                                   "QUY ĐỊNH CHI TIẾT THI HÀNH MỘT SỐ ĐIỀU CỦA LUẬT ĐẤT ĐAI", "chinh-phu"),
    "header-prime-minister-decision": ("28/2024/QĐ-TTg", "2024-12-31", "quyet-dinh", "Ban hành quy chế mẫu", None),
    "header-resolution-quoc-hoi": ("61/2022/QH15", "2022-06-16", "nghi-quyet",
                                   "VỀ TIẾP TỤC TĂNG CƯỜNG HIỆU LỰC, HIỆU QUẢ THỰC HIỆN CHÍNH SÁCH, PHÁP LUẬT VỀ "
                                   "QUY HOẠCH", "quoc-hoi"),
}


def test_every_header_fixture_has_its_expectation():
    assert sorted(p.stem for p in LAWS.glob("header-*.txt")) == sorted(HEADERS)


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_headers_of_every_type_and_era_are_read(name):
    number, date, subtype, title, issuer = HEADERS[name]
    r = parse_text((LAWS / f"{name}.txt").read_text(encoding="utf-8"), name)
    f = r.facts
    assert (f["number"], f["date"].isoformat(), f["subtype"], f["title"]) == (number, date, subtype, title)
    if issuer:
        assert f["issuer"]["id"] == issuer
    assert r.tree.getroot().find(f".//{q('article')}") is not None
    # the header's parts come out one by one in the preface, the motto and the rules never in the title
    classes = [p.get("class") for p in r.tree.getroot().find(f".//{q('preface')}")]
    assert "type" in classes and "title" in classes


def test_a_header_that_cannot_be_read_names_the_line_and_what_was_expected():
    text = ("QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLuật số: 18/2017/QH14\n"
            "Căn cứ Hiến pháp;\nĐiều 1. Phạm vi\nLuật này quy định.\n")
    from amend.errors import ParseError
    with pytest.raises(ParseError) as e:
        parse_text(text, "x.txt")
    msg = str(e.value)
    assert "line 5" in msg and "document type" in msg and "LUẬT THỦY SẢN" in msg


def test_the_session_lines_of_an_older_law_are_kept_in_the_preface():
    r = parse_text((LAWS / "header-state-issuer-session.txt").read_text(encoding="utf-8"), "old")
    pre = r.tree.getroot().find(f".//{q('preface')}")
    sessions = [text_of(p) for p in pre if p.get("class") == "session"]
    assert sessions == ["Khoá XI, kỳ họp thứ 10", "(Từ ngày 17 tháng 10 đến ngày 29 tháng 11 năm 2006)"]
    concl = r.tree.getroot().find(f".//{q('conclusions')}")
    assert "thông qua ngày 29 tháng 11 năm 2006" in text_of(concl)     # the passing formula is not in the last article


# --- text pasted from a portal --------------------------------------------------------------------------
PASTED = ["luat-16-2017-qh14-lam-nghiep.txt", "luat-16-2017-qh14-lam-nghiep.hien-hanh.txt",
          "luat-16-2023-qh15-gia.txt", "luat-31-2024-qh15-dat-dai.txt", "vbhn-04-2024-vpqh.txt"]


@pytest.fixture(scope="module")
def parsed():
    return {n: parse_text(need(DIR / n).read_text(encoding="utf-8"), n) for n in PASTED}


_NOTE_IN_TEXT = re.compile(r"\[[^\]]*(?:bởi|hướng dẫn|JavaScript|ID:)[^\]]*\]")


@pytest.mark.parametrize("name", PASTED)
def test_pasted_laws_parse_with_the_portal_notes_out_of_the_text_and_kept_as_provenance(parsed, name):
    r = parsed[name]
    root = r.tree.getroot()
    body_text = "\n".join(text_of(p) for p in root.iter(q("p"), q("heading"), q("num"))
                          if not any(a.tag == q("authorialNote") for a in p.iterancestors()))
    assert not _NOTE_IN_TEXT.search(body_text)
    raw = (DIR / name).read_text(encoding="utf-8")
    title = raw.splitlines()[0]
    notes = [n for n in root.findall(f".//{{{AMEND_NS}}}portalNote") if n.text != title]   # the page title's marks
    # every bracketed passage of these pages is the portal's, but a VBHN's own markers "[3]"
    assert len(notes) == len([b for b in re.findall(r"\[[^\[\]\n]+\]", raw) if not re.fullmatch(r"\[\d+\]", b)])
    assert all(n.get("line") and n.text for n in notes)
    assert r.facts["issuer"]["id"] in ("quoc-hoi", "van-phong-quoc-hoi")
    articles = [a for a in root.iter(q("article")) if not a.xpath("ancestor::*[local-name()='quotedStructure']")]
    expected = {"luat-16-2023-qh15-gia.txt": 75, "luat-31-2024-qh15-dat-dai.txt": 260}.get(name, 108)
    assert len(articles) == expected


def test_the_portals_current_text_is_recognised_and_the_enacted_text_is_not(parsed):
    current = parsed["luat-16-2017-qh14-lam-nghiep.hien-hanh.txt"]
    enacted = parsed["luat-16-2017-qh14-lam-nghiep.txt"]
    assert current.facts["current_text"] and not enacted.facts["current_text"]
    assert any(d.code == "current-text" for d in current.diagnostics)
    src = current.tree.getroot().find(f".//{{{AMEND_NS}}}source")
    assert src.get("currentText") == "true"


def test_a_current_text_is_not_consolidated_as_if_enacted(parsed):
    current = parsed["luat-16-2017-qh14-lam-nghiep.hien-hanh.txt"].tree
    dd = parse_text((DIR / "luat-31-2024-qh15-dat-dai.txt").read_text(encoding="utf-8"), "dd").tree
    with pytest.raises(InputError, match="current text"):
        consolidate_trees(current, [dd])
    from amend.errors import ConflictError
    # replayed knowingly, the changes the portal merged are found there already: a conflict, not a silent double
    with pytest.raises(ConflictError, match="already exists"):
        consolidate_trees(current, [dd], from_current_text=True)


def test_the_header_of_a_pasted_law_is_split_into_its_parts(parsed):
    pre = parsed["luat-16-2023-qh15-gia.txt"].tree.getroot().find(f".//{q('preface')}")
    got = [(p.get("class"), text_of(p)) for p in pre]
    assert got == [("issuer", "QUỐC HỘI"), ("separator", "-------"), ("motto", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                   ("motto", "Độc lập - Tự do - Hạnh phúc"), ("separator", "---------------"),
                   ("number", "Luật số: 16/2023/QH15"), ("place-date", "Hà Nội, ngày 19 tháng 6 năm 2023"),
                   ("type", "LUẬT"), ("title", "GIÁ")]


# --- laws amended inside other laws ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def family(parsed):
    base = parsed["luat-16-2017-qh14-lam-nghiep.txt"].tree
    gia = parsed["luat-16-2023-qh15-gia.txt"].tree
    dd = parsed["luat-31-2024-qh15-dat-dai.txt"].tree
    return base, gia, dd, parsed["vbhn-04-2024-vpqh.txt"].tree


def _vbhn_changes() -> Counter:
    """(provision, date, kind) of footnotes 3–19 of 04/VBHN-VPQH."""
    text = need(DIR / "vbhn-04-2024-vpqh.txt").read_text(encoding="utf-8")
    notes = dict(re.findall(r"^\[(\d+)\] (.*)$", text, re.MULTILINE))
    out = Counter()
    for n in range(3, 20):
        m = re.match(r"^(?:Tên )?\S+ này được (sửa đổi, bổ sung|bổ sung) theo quy định tại (.+?) của Luật .+? số \S+, "
                     r"có hiệu lực kể từ ngày (\d+) tháng (\d+) năm (\d{4})", notes[str(n)])
        verb, where, d, mo, y = m.groups()
        out[(where, f"{y}-{int(mo):02d}-{int(d):02d}", "insert" if verb == "bổ sung" else "replace")] += 1
    return out


def test_the_amending_laws_make_exactly_the_17_changes_the_vbhn_names(family):
    base, gia, dd, _ = family
    res = Resolver()
    for t in (base, gia, dd):
        res.add(work_info(t))
    uri = work_info(base).uri
    ops = [o for t in (gia, dd) for o in read(t, res).operations]
    mine = [o for o in ops if o.work == uri]
    got = Counter((o.source.label, o.effective, "insert" if o.kind == "insert" else "replace") for o in mine)
    assert got == _vbhn_changes() and sum(got.values()) == 17
    # every other operation of both laws names another law, never the Luật Lâm nghiệp
    others = [o for o in ops if o.work != uri]
    assert len(others) > 40 and all(o.work for o in others if o.status == "ready")


def test_a_laws_own_articles_are_not_instructions_and_are_said_so(family):
    _, _, dd, _ = family
    reading = read(dd, Resolver([work_info(dd)]))
    own = [f for f in reading.findings if f.outcome == "own-rule"]
    assert len(own) > 1000 and all(f.provision.split("__")[0] not in {f"art_{n}" for n in range(243, 252)}
                                   for f in own)
    # what stays unread is in the articles that amend other laws, named with the law each amends
    assert all(u.extra.get("work") for u in reading.unread)


# The VBHN departs from the enacted texts in a few places (its own corrections), listed with both texts; each
# must still occur (see ../shared/oracle/README.md for the other families' departures).
DEPARTURES = [
    ("art_2", "diện tích liên vùng", "diện tích liền vùng", "the VBHN corrects a typo of the enacted law"),
    ("art_16", "cộng đồng dân cư đó. đ)", "cộng đồng dân cư đó; đ)",
     "the VBHN turns the full stop before the inserted point đ into a semicolon"),
    ("art_23", "Uỷ ban nhân cấp huyện", "Uỷ ban nhân dân cấp huyện",
     "the VBHN completes a word the Luật Đất đai's amending text lacks"),
    ("art_31", "trực thuộc trung ương", "trực thuộc Trung ương", "the VBHN capitalises"),
    ("art_48", "những nơi nó điều kiện", "những nơi có điều kiện", "the VBHN corrects a typo of the enacted law"),
    ("art_52", "phân khu dịch vụ; hành chính", "phân khu dịch vụ, hành chính", "the VBHN's punctuation"),
    ("art_53", "đề án du dịch sinh thái", "đề án du lịch sinh thái", "the VBHN corrects a typo of the enacted law"),
    ("art_74", "theo quy định của pháp luật", "theo quy định của pháp luật.", "the VBHN adds a full stop"),
    ("art_78", "hộ gia đình; cá nhân", "hộ gia đình, cá nhân", "the VBHN's punctuation"),
    ("art_100", "Cơ quan, quản lý chuyên ngành", "Cơ quan quản lý chuyên ngành", "the VBHN drops a stray comma"),
]


def test_the_consolidated_law_equals_the_official_text_but_for_the_vbhn_departures(family):
    from amend.verify import norm
    base, gia, dd, official = family
    cons = consolidate_trees(base, [gia, dd])
    v = cons.at("2024-09-16")
    assert v.start == "2024-07-01" and not v.unapplied        # nothing pending: the other laws' articles are not
    mine = {a.get("eId"): a for a in v.root.iter(q("article"))}
    theirs = {a.get("eId"): a for a in official.getroot().iter(q("article"))}
    assert list(mine) == list(theirs) and len(mine) == 108
    differing, used = compare_articles(mine, theirs, [], norm)
    assert len(differing) <= len(DEPARTURES) and len(mine) - len(differing) >= 98
    differing, used = compare_articles(mine, theirs, DEPARTURES, norm)
    assert not differing, f"articles differing from 04/VBHN-VPQH: {differing}"
    assert used == set(range(len(DEPARTURES))), "a listed departure no longer occurs: update DEPARTURES"


def test_the_vpqh_note_style_words_the_notes_as_the_vbhn_does(family):
    from amend.render.vbhn import official as vbhn
    from amend.verify import article_labels, note_style_of, verify
    base, gia, dd, _ = family
    cons = consolidate_trees(base, [gia, dd])
    v = cons.at("2024-09-16")
    roots = {work_info(t).uri: t.getroot() for t in (base, gia, dd)}
    text = need(DIR / "vbhn-04-2024-vpqh.txt").read_text(encoding="utf-8")
    assert note_style_of(text) == "vpqh"
    doc = vbhn(v, cons, roots, NOTE_STYLES["vpqh"])
    out = doc.text()
    assert "Khoản này được sửa đổi, bổ sung theo quy định tại khoản 1 Điều 248 của Luật Đất đai số 31/2024/QH15, " \
           "có hiệu lực kể từ ngày 01 tháng 4 năm 2024." in out
    assert "1. Luật Giá số 16/2023/QH15 ngày 19 tháng 6 năm 2023 của Quốc hội, có hiệu lực kể từ ngày 01 tháng 7 " \
           "năm 2024;" in out
    end = next((i for i, (k, _) in enumerate(doc.items) if k == "issuer"), len(doc.items))
    body = [p for k, p in doc.items[:end] if k not in ("notice", "table")]
    r = verify(body, doc.notes, article_labels(v.root), text)
    # 18 of the 20 notes word for word; the two others are explained: the change of the Luật Đất đai's own date
    # by Luật 43/2024/QH15 (not in the corpus), and the closing articles (the VBHN quotes 2 of the Luật Đất đai's 9)
    assert r.notes_theirs == 20 and r.notes_equal == 18 and not r.order
    missing = [d for d in r.divergences if d.where.startswith("chú thích")]
    assert any("43/2024/QH15" in d.theirs and not d.ours for d in missing)
    assert r.lines_equal / r.lines_total > 0.97


# --- what laws change besides text: a later law moving an amending law's entry into force ----------------
def _family_moved():
    def tree(name):
        return parse_text((LAWS / f"family-moved-date-{name}.txt").read_text(encoding="utf-8"), name).tree
    return tree("base"), tree("amending"), tree("later-law")


def test_a_later_law_moving_an_amending_laws_entry_into_force_moves_its_changes():
    base, amending, later = _family_moved()
    cons = consolidate_trees(base, [amending, later])
    dates = {c.target: c.date for c in cons.history}
    # khoản 1 took effect with the law (01/01/2025, moved to 01/8/2024 by Luật 43/2024/QH15); khoản 2 keeps the
    # date of its own (01/4/2024)
    assert dates == {"art_1__para_1": "2024-08-01", "art_1__para_2": "2024-04-01"}
    assert not cons.versions[-1].unapplied
    # the later law's rewriting of the amending law's own Điều 1 changes nothing here and stops nothing
    assert [v.start for v in cons.versions] == [None, "2024-04-01", "2024-08-01"]
    info = cons.documents[work_info(amending).uri]
    assert info.in_force == "2024-08-01" and info.in_force_rule.startswith("moved:2025-01-01:")


def test_the_vbhn_says_the_moved_date_in_a_note():
    from amend.render.vbhn import official
    base, amending, later = _family_moved()
    cons = consolidate_trees(base, [amending, later])
    roots = {work_info(t).uri: t.getroot() for t in (base, amending, later)}
    doc = official(cons.versions[-1], cons, roots, NOTE_STYLES["vpqh"])
    text = doc.text()
    assert "Luật Khác số 02/2023/QH15 ngày 20 tháng 11 năm 2023 của Quốc hội, có hiệu lực kể từ ngày 01 tháng 8 " \
           "năm 2024[1]." in text
    assert "[1] Luật Khác số 02/2023/QH15 có hiệu lực kể từ ngày 01 tháng 01 năm 2025 được sửa đổi hiệu lực thành " \
           "từ ngày 01 tháng 8 năm 2024 theo quy định tại khoản 2 Điều 1 của Luật số 43/2024/QH15" in text
    # the Văn phòng Quốc hội's frame: its name and number at the top, the Chủ nhiệm's authentication at the end
    lines = doc.lines
    assert lines[0] == "VĂN PHÒNG QUỐC HỘI" and lines[3].startswith("Số: ") and lines[3].endswith("/VBHN-VPQH")
    assert "CHỦ NHIỆM" in lines and "Nơi nhận:" not in lines
    assert "LUẬT" in lines and "MẪU" in lines


# --- passages: a unit's opening words or its n-th paragraph, with an address of their own -------------------
_PASSAGE_BASE = """BỘ TƯ PHÁP
Số: 10/2020/TT-BTP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 10 tháng 3 năm 2020
THÔNG TƯ
Quy định về hồ sơ
Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015;
Bộ trưởng Bộ Tư pháp ban hành Thông tư quy định về hồ sơ.
Điều 1. Hồ sơ
1. Hồ sơ được lập trong 05 ngày.
Trường hợp đặc biệt, thời hạn là 10 ngày.
Hồ sơ được lưu 05 năm.
Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực thi hành từ ngày 01 tháng 5 năm 2020.
"""
_PASSAGE_AMENDING = """BỘ TƯ PHÁP
Số: 05/2025/TT-BTP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 15 tháng 01 năm 2025
THÔNG TƯ
Sửa đổi, bổ sung một số điều của Thông tư số 10/2020/TT-BTP
Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015;
Bộ trưởng Bộ Tư pháp ban hành Thông tư sửa đổi, bổ sung một số điều của Thông tư số 10/2020/TT-BTP.
Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 10/2020/TT-BTP
1. Sửa đổi đoạn đầu khoản 1 Điều 1 như sau:
“Hồ sơ được lập trong 03 ngày.”.
2. Bãi bỏ đoạn thứ hai khoản 1 Điều 1.
{extra}Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực thi hành từ ngày 01 tháng 3 năm 2025.
"""


def test_a_passage_is_replaced_or_taken_out_and_the_rest_of_the_unit_stays():
    from amend.render.notes import footnotes_for
    base = parse_text(_PASSAGE_BASE, "base").tree
    amending = parse_text(_PASSAGE_AMENDING.format(extra=""), "amending").tree
    cons = consolidate_trees(base, [amending])
    para = next(e for e in cons.versions[-1].root.iter(q("paragraph")) if e.get("eId") == "art_1__para_1")
    assert [text_of(p) for p in para.iter(q("p"))] == ["Hồ sơ được lập trong 03 ngày.", "Hồ sơ được lưu 05 năm."]
    notes = list(footnotes_for(cons.versions[-1], cons).values())
    assert notes == ["Đoạn thứ hai khoản này được bãi bỏ theo quy định tại khoản 2 Điều 1 của Thông tư số "
                     "05/2025/TT-BTP sửa đổi, bổ sung một số điều của Thông tư số 10/2020/TT-BTP, có hiệu lực kể "
                     "từ ngày 01/3/2025."]


def test_a_passage_that_is_not_there_is_a_conflict_not_a_guess():
    from amend.errors import ConflictError
    base = parse_text(_PASSAGE_BASE, "base").tree
    amending = parse_text(_PASSAGE_AMENDING.format(extra="3. Bãi bỏ đoạn thứ năm khoản 1 Điều 1.\n"), "a").tree
    with pytest.raises(ConflictError, match="passage to be changed is not in the unit"):
        consolidate_trees(base, [amending])


def test_a_date_of_application_is_kept_apart_from_the_date_of_effect_and_shown():
    """"Quy định tại khoản 1 Điều 1 Thông tư này được áp dụng từ ngày 01/01/2025": the change takes effect with
    the document (01/3/2025, what --at asks for) and the note and the history say when it applies."""
    from amend.render.notes import footnotes_for
    from .test_instruction_forms import HERE, base_tree, sections, wrap
    body = sections(HERE / "application-date.txt")["body"]
    amending = parse_text(wrap(body), "a").tree
    cons = consolidate_trees(base_tree(), [amending])
    assert [v.start for v in cons.versions] == [None, "2025-03-01"]
    notes = list(footnotes_for(cons.versions[-1], cons).values())
    assert any(n.endswith("có hiệu lực kể từ ngày 01/3/2025, được áp dụng từ ngày 01/01/2025.") for n in notes)
    assert sum("được áp dụng" in n for n in notes) == 1
    applied = [c for c in cons.history if "áp dụng từ" in (c[5] or "")]
    assert len(applied) == 1 and applied[0].target == "art_2__para_1"


def test_amendments_of_amendments_in_one_document():
    """C rewrites one of A's amending khoản, repeals another, rewrites A's own transition rule and moves A's entry
    into force: the base takes A's changes from the new date and C's rewritten khoản from C's date; A's own rule
    stops nothing; nothing is pending."""
    from .test_instruction_forms import HERE, read_form
    from amend.versions import consolidate
    _s, base, readings = read_form(HERE / "amendment-of-amendments-family.txt")
    cons = consolidate(base, readings)
    assert [v.start for v in cons.versions] == [None, "2022-09-01", "2025-03-01"]
    assert not cons.versions[-1].unapplied
    at = {(c.date, c.target, c.kind) for c in cons.history}
    assert ("2022-09-01", "art_8__para_3", "replace") in at and ("2025-03-01", "art_10__para_1", "replace") in at
    assert ("2025-03-01", "art_9__para_5", "revoke") in at


def test_the_documents_page_says_how_it_was_read(tmp_path):
    """A law pasted from a portal, added to a corpus: its page says the portal's notes were taken out and that
    the text is the portal's current text."""
    from amend.cli import main
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert main(["corpus", "add", str(need(DIR / "luat-16-2017-qh14-lam-nghiep.hien-hanh.txt")), "--corpus",
                 str(corpus)]) == 0
    site = tmp_path / "site"
    assert main(["build", str(corpus), "-o", str(site), "-q", "--workers", "1"]) == 0
    page = next(site.glob("akn/vn/act/luat/*/16-2017-qh14/vie@/index.html")).read_text(encoding="utf-8")
    assert "Cách văn bản này được đọc" in page and "bản hiện hành của cổng thông tin" in page
    assert "ghi chú của cổng thông tin (trong ngoặc vuông) đã được tách khỏi nội dung" in page


def test_a_portal_note_is_taken_out_and_nothing_else_of_the_line_changes():
    from amend.ingest.pasted import clean_pasted
    from amend.parse.source import split_lines
    line = "Hồ sơ  gồm [Khoản này được hướng dẫn bởi Thông tư 1/2020/TT-BTP có hiệu lực từ ngày 01/01/2021] hai  bản."
    p = clean_pasted(split_lines(line + "\n"))
    assert p.lines[0].text == "Hồ sơ  gồm hai  bản." and len(p.notes) == 1


def test_a_laws_own_article_whose_heading_begins_with_a_verb_is_not_an_amending_one():
    """"Điều 5. Bổ sung vốn điều lệ": a verb, and a word that begins like a unit's ("điều lệ"), name no unit."""
    from amend.read.reader import AMENDING_HEADING
    assert not AMENDING_HEADING.match("Bổ sung vốn điều lệ cho doanh nghiệp nhà nước")
    assert not AMENDING_HEADING.match("Sửa đổi mục tiêu của chương trình")
    for h in ("Sửa đổi, bổ sung, thay thế, bãi bỏ một số khoản, điều của các luật có liên quan",
              "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA CÁC LUẬT", "Sửa đổi, bổ sung khoản 1 Điều 14 của Luật Thuế",
              "Bãi bỏ Thông tư số 12/2020/TT-BTC"):
        assert AMENDING_HEADING.match(h), h
