"""Header and preamble: issuer, motto, number, place and date, type, title;
"Căn cứ …" citations, recitals, the enacting formula.

The two columns of a printed header may arrive interleaved (issuer, number,
motto, date in any order); each line is recognised on its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..akn import AMEND_NS, E, append, q
from ..errors import Diagnostic, ParseError
from ..ids import FrbrUri
from ..text import is_upper, parse_date, slug
from . import styles
from .citations import find_references
from .source import Line, is_motto


@dataclass
class Header:
    issuer_lines: list[str] = field(default_factory=list)
    motto_lines: list[str] = field(default_factory=list)
    separators: list[str] = field(default_factory=list)
    number: str | None = None
    place: str | None = None
    date_line: str | None = None
    date: object = None
    type_line: str | None = None
    title_lines: list[str] = field(default_factory=list)
    order: list[tuple[str, str]] = field(default_factory=list)   # (role, text) in source order

    @property
    def issuer(self) -> str:
        return " ".join(self.issuer_lines)

    @property
    def title(self) -> str:
        return " ".join(" ".join(self.title_lines).split())


TYPE_AND_NAME = re.compile(r"^(?P<type>" + "|".join(re.escape(w.upper()) for w in styles.DOC_TYPE_WORDS) +
                           r")\s+(?P<rest>\S.*)$")
SESSION = re.compile(r"^(?:Kho[áa]\s+[IVXLC]+\b|KHO[ÁA]\s+[IVXLC]+\b|\(Từ\s+ngày\b)")
BODY_START = re.compile(r"^(?:PHẦN|Phần|CHƯƠNG|Chương)\s+\S+|" + styles.STRUCTURE[4][1].pattern.split("(?P<rest>")[0]
                        .replace("(?P<num>", "(?:").lstrip("^"))
TITLE_STOP = re.compile(r"^(?:Căn\s+cứ|Xét\b|Theo\s+đề\s+nghị|Thực\s+hiện\b)|^(?:Thông tư|Nghị định|Nghị quyết|"
                        r"Quyết định|Luật|Văn bản)\s+(?:số\s+)?\d")


def parse_header(lines: list[Line], i: int, document: str) -> tuple[Header, int]:
    """Read the header from ``lines[i:]``; return it and the index after the title."""
    h = Header()
    n = len(lines)
    while i < n:
        ln = lines[i]
        t = ln.text
        if not t:
            i += 1
            continue
        if styles.DOC_TYPE_LINE.match(t) and (h.motto_lines or h.number or h.issuer_lines):
            h.type_line = t
            h.order.append(("type", t))
            i += 1
            break
        if (m := TYPE_AND_NAME.match(t)) and is_upper(t) and (h.motto_lines or h.number):
            # "LUẬT THỦY SẢN", "NGHỊ ĐỊNH QUY ĐỊNH CHI TIẾT …": the type and the name on one line
            h.type_line = m.group("type")
            h.order.append(("type", h.type_line))
            h.title_lines.append(m.group("rest"))
            h.order.append(("title", m.group("rest")))
            i += 1
            break
        if SESSION.match(t):
            # "Khoá XI, kỳ họp thứ 10" / "(Từ ngày … đến ngày …)" under "QUỐC HỘI NƯỚC CỘNG HOÀ …" (older laws)
            h.order.append(("session", t))
            i += 1
            continue
        if (BODY_START.match(t) or styles.CITATION_CUE.match(t) or styles.FORMULA_LINE.match(t)) and \
                (h.motto_lines or h.number or h.issuer_lines):
            raise ParseError("no document type line (LUẬT, NGHỊ ĐỊNH, THÔNG TƯ, QUYẾT ĐỊNH, …) before the text",
                             document=document, where=f"line {ln.no}",
                             expected="the document type after the header (alone, or followed by its name: "
                                      "'LUẬT THỦY SẢN')", found=repr(t[:60]))
        if is_motto(t):
            h.motto_lines.append(t)
            h.order.append(("motto", t))
        elif styles.SEPARATOR.match(t):
            h.separators.append(t)
            h.order.append(("separator", t))
        elif (m := styles.DOC_NUMBER_LINE.match(t)):
            h.number = re.sub(r"\s+", "", m.group("number")).rstrip(".")
            h.order.append(("number", t))
        elif (m := styles.PLACE_DATE.match(t)) and parse_date(t):
            h.place = m.group("place").strip()
            h.date_line = t
            h.date = parse_date(t)
            h.order.append(("date", t))
        elif (m := styles.LETTER_SUBJECT.match(t)) and (h.number or h.motto_lines):
            # a letter (công văn) has no type line: "V/v …" is its subject
            h.type_line = "CÔNG VĂN"
            h.order.append(("title", t))
            h.title_lines.append(m.group("subject"))
            return h, i + 1
        elif is_upper(t):
            h.issuer_lines.append(t)
            h.order.append(("issuer", t))
        else:
            raise ParseError("unexpected line in the document header", document=document,
                             where=f"line {ln.no}", expected="issuer, motto, 'Số: …', place and date, or the document type",
                             found=repr(t[:60]))
        i += 1
    if h.type_line is None:
        raise ParseError("no document type line (NGHỊ QUYẾT, THÔNG TƯ, QUYẾT ĐỊNH, …) after the header",
                         document=document, where=f"line {lines[min(i, n) - 1].no if n else 1}",
                         expected="a line such as 'NGHỊ QUYẾT'")
    while i < n:
        t = lines[i].text
        if not t:
            i += 1
            if h.title_lines:
                break   # a blank line after the title ends it
            continue
        if (TITLE_STOP.match(t) or BODY_START.match(t) or styles.AUTHORITY_LINE.match(t)
                or styles.FORMULA_LINE.match(t) or styles.CITATION_CUE.match(t)
                or styles.CONSOLIDATION_CUE.search(t)):
            break
        if h.title_lines and styles.ISSUING_SENTENCE.search(t):
            break
        h.title_lines.append(t)
        h.order.append(("title", t))
        i += 1
    return h, i


# --- preamble ------------------------------------------------------------------
def parse_preamble(lines: list[Line], i: int, end: int, *, document: str, locality: str | None,
                   diags: list[Diagnostic]):
    """Build ``preamble`` from ``lines[i:end)`` up to the body; return (element, next index, facts)."""
    pre = E("preamble")
    facts = {"consolidation_of": [], "references": []}
    groups: dict = {"open": None}
    consolidation_list = False
    cont = None
    while i < end:
        ln = lines[i]
        t = ln.text
        if not t:
            i += 1
            continue
        if BODY_START.match(t):
            break
        if styles.CITATION_CUE.match(t):
            consolidation_list = False
            cit, eid = _grouped_item(pre, "citations", "citation", groups)
            p = E("p")
            refs = _add_refs(p, t, locality)
            facts["references"].extend((eid, r) for r in refs)
            cit.append(p)
        elif styles.RECITAL_CUE.match(t):
            consolidation_list = False
            rec, _ = _grouped_item(pre, "recitals", "recital", groups)
            rec.append(E("p", t))
        elif styles.FORMULA_LINE.match(t) or styles.ISSUING_SENTENCE.search(t):
            groups["open"] = None
            pre.append(E("formula", E("p", t), name="enactingFormula"))
        elif styles.CONSOLIDATION_CUE.search(t):
            groups["open"] = None
            cont = E("container", E("p", t), name="consolidation", eId="preamble__container_1")
            pre.append(cont)
            consolidation_list = True
            facts["consolidated"] = True
        elif consolidation_list and re.match(r"^\d+\.\s", t):
            cont.append(E("p", t))
            facts["consolidation_of"].extend(find_references(t)[:1])
        elif styles.AUTHORITY_LINE.match(t) and is_upper(t):
            groups["open"] = None
            pre.append(E("p", t, **{"class": "authority"}))
        else:
            groups["open"] = None
            pre.append(E("p", t))
        i += 1
    return pre, i, facts


def _grouped_item(pre, group_tag: str, item_tag: str, groups: dict):
    """A new citation or recital, in the group that is open or in a new one.

    Consecutive "Căn cứ …" lines share one ``citations`` block; any other line
    between them closes it (``groups["open"] = None``).
    """
    block = groups["open"]
    if block is None or block.tag != q(group_tag):
        groups[group_tag] = groups.get(group_tag, 0) + 1
        block = E(group_tag, eId=f"preamble__{group_tag}_{groups[group_tag]}")
        pre.append(block)
        groups["open"] = block
    eid = f"{block.get('eId')}__{item_tag}_{len(block) + 1}"
    item = E(item_tag, eId=eid)
    block.append(item)
    return item, eid


def _add_refs(p, text: str, locality: str | None):
    refs = find_references(text)
    pos = 0
    for r in refs:
        if r.start > pos:
            append(p, text[pos:r.start])
        p.append(ref_element(r, locality))
        pos = r.end
    append(p, text[pos:])
    return refs


def ref_locality(r, locality: str | None) -> str | None:
    if r.number and any(m in r.number for m in ("HĐND", "UBND", "/TU")):
        return locality
    if r.issuer and ("tỉnh" in r.issuer or "Tỉnh" in r.issuer):
        return locality
    return None


def ref_uri(r, locality: str | None) -> str:
    number = r.number or slug(r.title, 60)
    return FrbrUri.for_work(r.subtype, r.date, number, ref_locality(r, locality)).work_uri()


def ref_element(r, locality: str | None):
    attrs = {"href": ref_uri(r, locality), f"{{{AMEND_NS}}}subtype": r.subtype,
             f"{{{AMEND_NS}}}title": _cap(r.title)}
    if r.date:
        attrs[f"{{{AMEND_NS}}}date"] = r.date.isoformat()
    if r.number:
        attrs[f"{{{AMEND_NS}}}number"] = r.number
    else:
        attrs[f"{{{AMEND_NS}}}resolved"] = "false"
    if r.issuer:
        attrs[f"{{{AMEND_NS}}}issuer"] = r.issuer
    el = E("ref", r.text)
    for k, v in attrs.items():
        el.set(k, v)
    return el


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s
