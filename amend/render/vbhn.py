"""The whole văn bản hợp nhất in the official form (Pháp lệnh 01/2012/UBTVQH13; the oracle's layout).

A consolidated version becomes one document, in reading order:

1. the motto, the base's type and title;
2. "<base>, có hiệu lực kể từ ngày …, được sửa đổi, bổ sung bởi:" and the
   numbered list of the amending documents applied by that date;
3. the base's căn cứ, recitals and enacting sentence, which carries one
   footnote per amending document quoting that document's own căn cứ;
4. the body in legal order, each changed unit with its footnote;
5. the heading of the implementation part (or the effect article) carries one
   footnote per amending document quoting its effect, transition and
   implementation articles;
6. the XÁC THỰC VĂN BẢN HỢP NHẤT block, whose number, date, recipients and
   signature only the issuer can supply: marked as such, never invented.

Footnotes are numbered in reading order, so their numbers are the official ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..akn import local, main_doc, q, text_of
from ..read import APPROXIMATE
from ..text import format_date_vi
from .notes import footnotes_for, sentence_case
from .text import block_items, unapplied_notice, unit_items, unit_lines

ISSUER_ONLY = "[do cơ quan hợp nhất ghi]"
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
_CLOSING_HEAD = re.compile(r"hiệu\s+lực|thi\s+hành|tổ\s+chức\s+thực\s+hiện|trách\s+nhiệm|chuyển\s+tiếp", re.IGNORECASE)


@dataclass
class Vbhn:
    """The document as (kind, payload) items in reading order, footnote markers ``[n]`` inline, and its footnotes.

    Kinds: notice, motto, type, title, opening, list, preamble, the unit kinds (part, chapter, section,
    article, paragraph, point, …), text, table (payload: the AKN table), issuer (the authentication block),
    annex (an annex's title lines).  Text, HTML and DOCX are all written from these items.
    """

    items: list[tuple[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    note_kinds: list[str] = field(default_factory=list)    # basis | date | unit | gap | closing, per note
    notes_of: dict = field(default_factory=dict)           # eId → the numbers of the notes on that unit

    def add(self, kind: str, payload) -> None:
        self.items.append((kind, payload))

    def mark(self, text: str, kind: str = "unit", eid: str | None = None) -> str:
        self.notes.append(text)
        self.note_kinds.append(kind)
        if eid:
            self.notes_of.setdefault(eid, []).append(len(self.notes))
        return f"[{len(self.notes)}]"

    @property
    def lines(self) -> list[str]:
        from .text import table_rows
        out: list[str] = []
        for kind, payload in self.items:
            out += table_rows(payload) if kind == "table" else [payload]
        return out

    @property
    def issuer_only(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if ISSUER_ONLY in line]

    def text(self) -> str:
        out = "\n".join(self.lines) + "\n"
        if self.notes:
            out += "\n" + "\n".join(f"[{i}] {t}" for i, t in enumerate(self.notes, 1)) + "\n"
        return out


def _long(iso: str | None) -> str:
    import datetime
    return format_date_vi(datetime.date.fromisoformat(iso)) if iso else "(ngày chưa rõ)"


def authority(root) -> str:
    """Who issued the document, as its enacting sentence says ("Thống đốc Ngân hàng Nhà nước Việt Nam")."""
    doc = main_doc(root)
    for p in doc.iter(q("p")):
        t = text_of(p)
        m = re.match(r"^(.{3,120}?)\s+ban\s+hành\s+(?:Thông\s+tư|Nghị\s+định|Quyết\s+định|Nghị\s+quyết|Luật)\b", t)
        if m and not t.startswith("Căn cứ"):
            return m.group(1).strip()
    return ""


def running_title(root) -> str:
    """The title as the document writes it in running text: its enacting sentence's words after
    "ban hành <Loại văn bản>" ("quy định về hoạt động cho vay của tổ chức tín dụng, …")."""
    doc = main_doc(root)
    pre = doc.find(q("preamble"))
    for p in (pre.iter(q("p")) if pre is not None else []):
        if any(local(a) == "authorialNote" for a in p.iterancestors()):
            continue
        t = text_of(p)
        m = re.search(r"\bban\s+hành\s+(?:Thông\s+tư(?:\s+liên\s+tịch)?|Nghị\s+định|Quyết\s+định|Nghị\s+quyết|Luật)\s+"
                      r"(?P<t>.+?)\s*[.;]?$", t)
        if m and not t.startswith("Căn cứ"):
            from ..read.grammar import ALIAS
            return ALIAS.sub("", m.group("t")).strip()      # "(sau đây gọi là …)" is not part of the title
    return ""


def describe(info, root, *, with_date: bool = True) -> str:
    """"Thông tư số 06/2023/TT-NHNN ngày 28 tháng 6 năm 2023 của Thống đốc … sửa đổi, bổ sung …"."""
    from .notes import named
    law = named(info)
    parts = [f"{law or info.type_name} số {info.number}" if info.number else info.type_name]
    from ..read.model import approval_of
    approved = approval_of(root) if root is not None else None
    if with_date and info.signed and not approved:
        parts.append(_long(info.signed))
    who = authority(root) if root is not None else ""
    if with_date and who:
        parts.append(f"của {who}")
    title = "" if law else (running_title(root) if root is not None else "") or sentence_case(info.title or "")
    if info.type_name and title.lower().startswith(info.type_name.lower() + " "):
        title = title[len(info.type_name) + 1:]     # "Nghị quyết số … nghị quyết về việc …": the type once
    if title:
        parts.append(title)
    if approved:        # a plan approved by another document: its date is the approval's, said as such
        parts[-1] += ","
        parts.append(approved)
    return " ".join(parts)


def _preamble_lines(root) -> list[str]:
    pre = main_doc(root).find(q("preamble"))
    if pre is None:
        return []
    return [text_of(p) for p in pre.iter(q("p")) if text_of(p)]


def _closing_articles(root) -> list:
    """The effect, transition and implementation articles of an amending document (from the first on)."""
    arts = [a for a in main_doc(root).iter(q("article")) if not any(local(x) == "quotedStructure"
                                                                     for x in a.iterancestors())]
    # the run of such articles that ends the document (a law's own "Tổ chức thực hiện bình ổn giá" in its
    # middle is not one of them)
    i = len(arts)
    while i > 0 and (h := arts[i - 1].find(q("heading"))) is not None and _CLOSING_HEAD.search(text_of(h)):
        i -= 1
    return arts[i:] if i < len(arts) else arts[-1:]


def _label_list(arts) -> str:
    nums = [text_of(a.find(q("num"))).rstrip(".") for a in arts]
    return nums[0] if len(nums) == 1 else ", ".join(nums[:-1]) + " và " + nums[-1]


def official(v, cons, roots: dict, style=None) -> Vbhn:
    """The văn bản hợp nhất of version ``v``; ``roots`` maps work URIs to their enacted trees.

    A version no amendment has touched is the document as enacted, in full: its header (issuer, number,
    place and date), căn cứ, enacting formula, body, closing clauses (effect, Nơi nhận, signature) and annexes.
    """
    from .notes import DEFAULT_STYLE
    style = style or DEFAULT_STYLE
    out = Vbhn()
    base = cons.base
    base_root = roots.get(base.uri, v.root)
    docs = []
    for o in v.applied:
        if o.source.work not in docs:
            docs.append(o.source.work)
    # listed in the order they were issued (Pháp lệnh 01/2012/UBTVQH13), not in the order their changes took effect
    docs.sort(key=lambda d: ((cons.documents.get(d).signed or "9") if cons.documents.get(d) else "9"))
    for line in unapplied_notice(v.root):
        out.add("notice", line)
    if not docs:
        return _as_enacted(out, v.root)
    vpqh = consolidated_by_vpqh(base)
    if vpqh:      # the Văn phòng Quốc hội's VBHN carries its issuer, number, place and date at the top
        out.add("header", "VĂN PHÒNG QUỐC HỘI")
    for line in MOTTO:
        out.add("motto", line)
    if vpqh:
        for line in (f"Số: {ISSUER_ONLY}/VBHN-VPQH", f"Hà Nội, ngày {ISSUER_ONLY}"):
            out.add("header", line)
    out.add("type", base.type_name.upper())
    title = running_title(base_root)
    from .notes import named
    if named(base):      # a law's VBHN carries its name as enacted: "LUẬT" / "LÂM NGHIỆP"
        title = " ".join(text_of(t) for t in main_doc(base_root).iter(q("docTitle"))) or title
    out.add("title", title[:1].upper() + title[1:] if title else base.title)
    if docs:
        derived = base.in_force_explained()
        mark = out.mark(derived, "date") if derived else ""     # a date no source states, said so where it stands
        since = (f"có hiệu lực kể từ ngày {_long(base.in_force)[5:]}{mark}" if base.in_force
                 else "chưa rõ ngày có hiệu lực (nguồn không nêu)")
        out.add("opening", f"{describe(base, base_root)}, {since}, được sửa đổi, bổ sung bởi:")
        for i, d in enumerate(docs, 1):
            info = cons.documents.get(d)
            first = next(o for o in v.applied if o.source.work == d)
            name = describe(info, roots.get(d))
            if info is not None and info.report:      # known from a news report, named as such
                name += f" (văn bản không có trong kho dữ liệu, nội dung theo {info.report.describe()})"
            own = style.own_dates and info is not None and info.in_force
            if own:
                # a law's own date of effect; one a later law moved is said in a note, as the VPQH does
                moved = info.in_force_rule.split(":") if (info.in_force_rule or "").startswith("moved:") else None
                mark = out.mark(moved_note(info, moved, cons.documents), "date") if moved else ""
                item = f"{name}, có hiệu lực kể từ ngày {_long(info.in_force)[5:]}{mark}."
            elif not first.effective:
                item = f"{name}, chưa rõ ngày có hiệu lực."
            elif first.note.startswith(APPROXIMATE):
                item = (f"{name}, {APPROXIMATE} (được áp dụng từ ngày {_long(first.effective)[5:]}, "
                        f"{first.note.split('; ', 1)[-1]}).")
            else:
                item = f"{name}, có hiệu lực kể từ ngày {_long(first.effective)[5:]}."
            if i < len(docs) and item.endswith("."):
                item = item[:-1] + style.list_end
            out.add("list", f"{i}. {item}" if len(docs) > 1 else item)
    pre = _preamble_lines(base_root)
    marks = ""
    bases = []
    for d in (docs if pre else []):      # the căn cứ notes stand on the base's enacting sentence
        r = roots.get(d)
        if r is None:
            continue
        lines = _preamble_lines(r)
        if lines:
            info = cons.documents.get(d)
            body = "\n".join(lines)
            bases.append(f"{describe(info, r, with_date=style.full_names)}{style.basis_comma} có căn cứ ban hành như "
                         f"sau:\n“{body}”{style.quote_end}")
    if bases and style.one_basis_note:      # the Văn phòng Quốc hội: one note for all the amending laws
        marks += out.mark("\n".join(bases), "basis")
    else:
        marks += "".join(out.mark(b, "basis") for b in bases)
    for k, line in enumerate(pre):
        out.add("preamble", line + (marks if k == len(pre) - 1 else ""))
    # the body, with the closing footnotes on the heading of the implementation part
    notes = footnotes_for(v, cons, style, lambda w: describe(cons.documents.get(w), roots.get(w)))
    closing = []
    for d in docs:
        r = roots.get(d)
        if r is None:
            continue
        arts = _closing_articles(r)
        if not arts:
            continue
        info = cons.documents.get(d)
        first = next(o for o in v.applied if o.source.work == d)
        # a law's own date of effect (its amending article may take effect earlier, as its unit notes say)
        since = info.in_force if style.own_dates and info is not None and info.in_force else first.effective
        quoted = "\n".join(line for a in arts for line in unit_lines(a))
        closing.append(f"{_label_list(arts)} của {describe(info, r, with_date=style.full_names)}, có hiệu lực kể từ "
                       f"ngày {style.date(since)} quy định như sau:\n“{quoted}”{style.quote_end}")
    if style.one_basis_note and closing:
        closing = ["\n".join(closing)]
    anchor = _closing_anchor(v.root)
    body = main_doc(v.root).find(q("body"))

    stale: dict[str, list[str]] = {}
    for g in v.gaps:
        if getattr(g, "where", ""):
            stale.setdefault(g.where, []).append(g.message.split(": ", 1)[-1])

    def marker(el):
        m = ""
        if el in notes:
            m += out.mark(notes[el], "unit", el.get("eId"))
        for msg in stale.get(el.get("eId") or "", []):     # a figure the amendments left stale, marked where it stands
            m += out.mark(f"Số liệu chưa được cập nhật: {msg}.", "gap", el.get("eId"))
        if el is anchor:
            m += "".join(out.mark(c, "closing", el.get("eId")) for c in closing)
        return m
    _body_items(out, body, marker)
    # the authentication block: the issuer's own
    suffix = (base.number or "").rpartition("-")[2] if base.number and "-" in base.number else ""
    closing_block = (("XÁC THỰC VĂN BẢN HỢP NHẤT", "CHỦ NHIỆM", f"{ISSUER_ONLY} (chữ ký, họ tên người ký xác thực)")
                     if vpqh else
                     (base_issuer(base_root), f"Số: {ISSUER_ONLY}/VBHN-{suffix}", "XÁC THỰC VĂN BẢN HỢP NHẤT",
                      f"{ISSUER_ONLY}, ngày {ISSUER_ONLY}", "Nơi nhận:", f"- {ISSUER_ONLY}",
                      f"{ISSUER_ONLY} (chức vụ, chữ ký, họ tên người ký xác thực)"))
    for line in closing_block:
        out.add("issuer", line)
    _annex_items(out, v.root, marker)
    return out


def consolidated_by_vpqh(info) -> bool:
    """Laws, resolutions of the Quốc hội and ordinances and resolutions of its Standing Committee are consolidated
    by the Văn phòng Quốc hội ("Số: …/VBHN-VPQH"; its head, the Chủ nhiệm, signs the authentication); a
    ministry's VBHN carries its number in the closing block instead."""
    return bool(info.number and re.search(r"/(?:QH|UBTVQH|NQ-UBTVQH)\d+$", info.number))


def moved_note(info, moved: list[str], docs: dict) -> str:
    """"Luật Đất đai số 31/2024/QH15 có hiệu lực kể từ ngày 01 tháng 01 năm 2025 được sửa đổi hiệu lực thành từ
    ngày 01 tháng 8 năm 2024 theo quy định tại khoản 2 Điều 1 của Luật số 43/2024/QH15 …"."""
    from .notes import doc_name
    _, was, label, number = moved
    by = next((d for d in docs.values() if d is not None and d.number == number), None)
    return (f"{doc_name(info, info.number or '', short=True)} có hiệu lực kể từ ngày {_long(was)[5:]} được sửa đổi "
            f"hiệu lực thành từ ngày {_long(info.in_force)[5:]} theo quy định tại {label} của "
            f"{doc_name(by, number) if by else number}, có hiệu lực kể từ ngày {_long(by.in_force)[5:] if by else '…'}.")


def _as_enacted(out: Vbhn, root) -> Vbhn:
    """The document as it was issued: every part of it, in its order."""
    doc = main_doc(root)
    pre = doc.find(q("preface"))
    for p in (pre.iter(q("p")) if pre is not None else []):
        kind = {"motto": "motto", "type": "type", "title": "title"}.get(p.get("class") or "", "header")
        if text_of(p):
            out.add(kind, text_of(p))
    for line in _preamble_lines(root):
        out.add("preamble", line)
    _body_items(out, doc.find(q("body")))
    concl = doc.find(q("conclusions"))
    for p in (concl.iter(q("p")) if concl is not None else []):
        if text_of(p) and not any(local(a) == "p" for a in p.iterancestors()):
            out.add("closing", text_of(p))
    _annex_items(out, root)
    return out


def _body_items(out: Vbhn, body, marker=None) -> None:
    """The body's units (their notes from ``marker``) and its unnumbered blocks, in order."""
    for el in (body if body is not None else []):
        if local(el) == "hcontainer":
            for p in el.iter(q("p")):
                if text_of(p):
                    out.add("text", text_of(p))
        else:
            for item in unit_items(el, marker):
                out.add(*item)


def _annex_items(out: Vbhn, root, marker=None) -> None:
    """The annexes, after the closing block as in the official texts: titles, text and tables."""
    atts = main_doc(root).find(q("attachments"))
    for att in (atts if atts is not None else []):
        inner = next((c for c in att if isinstance(c.tag, str)), None)
        mark = marker(att) if marker else ""     # an annex added or replaced: its note on its first title line
        for part in (inner if inner is not None else []):
            if local(part) == "preface":
                for p in part.iter(q("p")):
                    if text_of(p):
                        out.add("annex", text_of(p) + mark)
                        mark = ""
            elif local(part) == "mainBody":
                for b in part:
                    for item in block_items(b, marker):
                        out.add(*item)


def base_issuer(root) -> str:
    doc = main_doc(root)
    a = doc.find(f".//{q('docAuthority')}")
    return text_of(a) if a is not None else ""


def _closing_anchor(root):
    """Where the implementation footnotes stand: the last chapter if it is the implementation part,
    else the base's effect or implementation article, else the last article."""
    body = main_doc(root).find(q("body"))
    if body is None:
        return None
    chapters = [c for c in body if local(c) in ("chapter", "part")]
    if chapters:
        h = chapters[-1].find(q("heading"))
        if h is not None and _CLOSING_HEAD.search(text_of(h)):
            return chapters[-1]
    arts = list(body.iter(q("article")))
    for a in arts:
        h = a.find(q("heading"))
        if h is not None and _CLOSING_HEAD.search(text_of(h)):
            return a
    return arts[-1] if arts else None
