"""The parse stage: published text → AKN XML, as a chain of small steps.

``parse_text`` finds the document inside the page, reads the header, the
preamble, the body, the conclusions, the footnotes of a consolidated text and
the annexes, then writes the metadata.
"""
from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field

from lxml import etree

from ..akn import AKN_NS, E, q, text_of
from ..errors import Diagnostic, ParseError
from ..ids import FrbrUri, issuer_info, subtype_from_number, subtype_of
from ..text import is_upper, parse_date, slug
from . import styles
from .body import BodyBuilder, Notes
from .header import BODY_START, parse_header, parse_preamble
from .meta import build_meta
from .source import Line, dropped_ranges, find_span, split_lines
from .tables import parse_annex_body
from .tail import build_conclusions, split_footnotes


@dataclass
class ParseResult:
    tree: etree._ElementTree
    diagnostics: list[Diagnostic] = field(default_factory=list)
    facts: dict = field(default_factory=dict)

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "warning"]


def _conclusions_start(lines: list[Line], b: int, end: int) -> int:
    depth = 0
    for i in range(b, end):
        t = lines[i].text
        if not t:
            continue
        if "“" in t or "”" in t:
            pass
        elif t[0].isdigit() or t[0] in "-+(" or t[1:2] == ")":
            continue     # a clause, a point or a dash item: never the start of the conclusions
        if depth <= 0 and styles.PASSING_FORMULA.match(t):
            return i        # "Luật này được Quốc hội … thông qua ngày …": the law's conclusions start here
        if depth <= 0 and (styles.RECIPIENTS.match(t) or styles.AUTHENTICATION.match(t)
                           or (styles.SIGNATURE_ROLE.match(t) and is_upper(t))
                           or (styles.SIGNER_TITLE.match(t) and is_upper(t))
                           or (styles.ANNEX.match(t) and is_upper(t))):
            return _back_over_header(lines, i, b)
        if depth <= 0 and (styles.DOC_NUMBER_LINE.match(t) or re.match(r"^Số\s*:.*/VBHN-", t)):
            return _back_over_header(lines, i, b)     # a VBHN's number may be left blank for the issuer
        depth += t.count("“") - t.count("”")
    return end


def _back_over_header(lines, i, b):
    """Step back over an issuer block that stands above the found line."""
    j = i
    k = i - 1
    while k > b:
        t = lines[k].text
        if not t:
            k -= 1
            continue
        if is_upper(t) and not styles.STRUCTURE[1][1].match(t) and not BODY_START.match(t) \
                and not any(rx.match(t) for _, rx in styles.STRUCTURE[:4]):
            j = k
            k -= 1
            continue
        break
    return j


def parse_text(text: str, name: str = "<text>", *, tables=None, origin: dict | None = None,
               plain: set[int] | None = None) -> ParseResult:
    """Parse the published plain text of a Vietnamese legal document.

    ``tables``: the grids a reader of a structured format (web page, DOCX) found, each standing in the text as
    a line ``TABLE_MARK + index`` (see :mod:`amend.ingest`); ``origin``: the original file's format and
    SHA-256, recorded in the XML; ``plain``: numbers of lines the original sets in plain type where its
    headings are bold (running text, never a new unit).

    >>> parse_text(open("tests/fixtures/parse/header_interleaved.txt", encoding="utf-8").read()).facts["number"]
    '12/2021/QĐ-UBND'
    """
    from .body import PLAIN_LINES
    from .tables import SOURCE_TABLES
    token = SOURCE_TABLES.set(tuple(tables or ()))
    token2 = PLAIN_LINES.set(frozenset(plain or ()))
    try:
        result = _parse_text(text, name)
    finally:
        SOURCE_TABLES.reset(token)
        PLAIN_LINES.reset(token2)
    if origin:
        from ..akn import AMEND_NS
        src = result.tree.getroot().find(f".//{{{AMEND_NS}}}source")
        if src is not None:
            src.set("file", origin["file"])
            src.set("format", origin["format"])
            src.set("sha256", origin["sha256"])       # of the original file, as received
            src.set("textSha256", hashlib.sha256(text.encode("utf-8")).hexdigest())
            for k, v in sorted((origin.get("properties") or {}).items()):     # the file's own properties
                prop = etree.SubElement(src, f"{{{AMEND_NS}}}property", name=k)
                prop.text = str(v)
            for what in origin.get("dropped") or ():     # what the reader left out of the page, said in the XML too
                etree.SubElement(src, f"{{{AMEND_NS}}}leftOut").text = what
    return result


def _parse_text(text: str, name: str) -> ParseResult:
    diags: list[Diagnostic] = []
    facts: dict = {}
    source = text
    text = _drop_invisible(text, name, facts, diags)
    _check_characters(text, name)
    from ..ingest.pasted import clean_pasted
    pasted = clean_pasted(split_lines(text))
    lines = pasted.lines
    if not any(ln.text for ln in lines):
        raise ParseError("the text is empty", document=name)
    _pasted_facts(pasted, name, facts, diags)
    start, end = find_span(lines, name)
    dropped = dropped_ranges(lines, start, end)
    for a, b_ in dropped:
        diags.append(Diagnostic("warning", f"lines {a}–{b_} are not part of the document (website text) and were dropped",
                                name, f"lines {a}-{b_}", "clutter"))
    facts["span"] = (lines[start].no, lines[end - 1].no)
    facts["dropped"] = dropped

    header, i = parse_header(lines, start, name)
    check_year(header.date, name, "the place and date line")
    issuer = re.sub(r"\s+NƯỚC\s+C[ỘO]NG\s+H.*$", "", header.issuer)     # "QUỐC HỘI NƯỚC CỘNG HOÀ …" (older laws)
    iss = issuer_info(issuer) if header.issuer else {"kind": None, "locality": None, "id": "unknown", "name": ""}
    locality = iss.get("locality")

    # Preamble up to the first Phần/Chương/Điều.
    b = i
    letter = header.type_line == "CÔNG VĂN"
    while b < end and not BODY_START.match(lines[b].text) and not letter:
        b += 1
    preamble, _, pfacts = parse_preamble(lines, i, b, document=name, locality=locality, diags=diags)
    facts.update(pfacts)
    consolidated = bool(pfacts.get("consolidated")) or any(styles.AUTHENTICATION.match(ln.text) for ln in lines[b:end])

    c = _conclusions_start(lines, b, end)
    # An effect clause standing after the last article belongs to the conclusions.
    k = c - 1
    while k > b and not lines[k].text:
        k -= 1
    j = k - 1
    while j > b and not lines[j].text:
        j -= 1
    if k > b and styles.EFFECT_CLAUSE.match(lines[k].text) and not any(
            rx.match(lines[k].text) for _, rx in styles.STRUCTURE) \
            and not styles.STRUCTURE[4][1].match(lines[j].text) \
            and sum(styles.quote_balance(ln.text) for ln in lines[b:k]) <= 0:
        # (not the text of "Điều N. Hiệu lực thi hành", nor the last line of a quotation)
        c = k

    fstart, notes_text = (split_footnotes(lines, c, end) if consolidated else (end, {}))
    a = next((j for j in range(c, fstart) if _attachment_start(lines, j)), fstart)

    notes = Notes(notes_text) if notes_text else None
    if notes:
        _place_preamble_notes(preamble, notes)
    body = E("body")
    bb = BodyBuilder(body, None, document=name, diagnostics=diags, notes=notes)
    for ln in lines[b:c]:
        bb.feed(ln)
    bb.finish()
    body = bb.root
    if letter and not body.xpath("./*[local-name()!='p']"):
        # a letter (công văn) has no articles: its text stands as one block, and it amends nothing
        block = E("hcontainer", E("content", *[E("p", t) for t in (text_of(p) for p in body) if t]),
                  name="noi-dung-cong-van", eId="hcontainer_1")
        body = E("body", block)
    if not len(body):
        raise ParseError("no articles (Điều …) or chapters found", document=name,
                         where=f"line {lines[b].no if b < len(lines) else lines[-1].no}",
                         expected="the body of the document")
    if notes:
        missing = sorted(set(notes.texts) - set(notes.placed))
        if missing:
            diags.append(Diagnostic("warning", f"footnotes {missing} have no marker in the text", name, None, "footnote"))
    conclusions = build_conclusions(lines[c:a], facts)
    annexes = _annexes(lines[a:fstart], name, diags) if a < fstart else None

    number = header.number or _concl_number(conclusions)
    date = header.date or _concl_date(conclusions) or _passing_date(conclusions)
    subtype = subtype_of(header.type_line.title()) if header.type_line else "van-ban"
    if number and subtype_from_number(number) == "van-ban-hop-nhat":
        subtype = "van-ban-hop-nhat"
    if not number:
        diags.append(Diagnostic("warning", "no document number (Số: …) found", name, None, "number"))
    if not date:
        diags.append(Diagnostic("warning", "no date of signing found", name, None, "date"))
    # a text without a readable number gets a slug of its own, stable for the same text
    anon = "khong-so-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    frbr = FrbrUri.for_work(subtype, date, number or anon, locality)

    act = E("act", name=subtype, contains="originalVersion")
    preface = _preface(header, iss)
    in_force, rule = _in_force(bb.force_lines, conclusions, date) if not consolidated else (None, "consolidation")
    check_year(date, name, "the date of signing")
    check_year(in_force, name, "the effect clause (có hiệu lực …)")
    facts.update(number=number, date=date, subtype=subtype, frbr=frbr.work_uri(), issuer=iss,
                 title=header.title, in_force=in_force, in_force_rule=rule, consolidated=consolidated)
    meta = build_meta(frbr, number=number, title=header.title, date=date, in_force=in_force, rule=rule,
                      issuer=iss, facts=facts, source_text=source, body=body, conclusions=conclusions,
                      annexes=annexes, status="complete")
    act.append(meta)
    act.append(preface)
    if len(preamble):
        act.append(preamble)
    act.append(body)
    if len(conclusions):
        act.append(conclusions)
    if annexes is not None:
        act.append(annexes)
    root = E("akomaNtoso", act)
    return ParseResult(etree.ElementTree(root), diags, facts)


def _pasted_facts(pasted, name: str, facts: dict, diags: list) -> None:
    """What the text pasted from a portal carried besides the document: its notes (kept as provenance), and
    whether it is the portal's current text (later changes merged in), said as a warning."""
    facts["portal_notes"] = pasted.notes
    facts["current_text"] = pasted.current_text
    notes = [n for n in pasted.notes if not n.mark]
    if notes:
        diags.append(Diagnostic("warning", f"{len(notes)} editorial notes of the portal (in square brackets) were "
                                f"taken out of the text and kept as provenance", name,
                                f"lines {notes[0].line}–{notes[-1].line}", "portal-note"))
    if pasted.current_text:
        first = pasted.merged_notes[0]
        diags.append(Diagnostic(
            "warning", f"this is the portal's current text, not the text as enacted: {len(pasted.merged_notes)} of "
            f"its notes say later changes are merged into it (line {first.line}: [{first.text[:100]}]); "
            "consolidating it would apply those changes twice", name, f"line {first.line}", "current-text"))


def _place_preamble_notes(preamble, notes: Notes) -> None:
    for p in preamble.iter(q("p")):
        if p.text and not len(p):
            nums, rest = notes.take(p.text, "end")
            if nums:
                p.text = rest
                for n in nums:
                    p.append(notes.element(n))


def _concl_number(concl):
    el = concl.find(".//" + q("docNumber"))
    if el is not None:
        m = styles.DOC_NUMBER_LINE.match(el.text or "")
        return m.group("number") if m else None
    return None


def _passing_date(concl):
    """A law without a place and date line is dated by its passing formula ("… thông qua ngày 21 tháng 11 năm
    2017")."""
    for p in concl.iter(q("p")):
        t = text_of(p)
        if styles.PASSING_FORMULA.match(t):
            return parse_date(t[t.find("thông qua"):])
    return None


def _concl_date(concl):
    el = concl.find(".//" + q("docDate"))
    return datetime.date.fromisoformat(el.get("date")) if el is not None else None


def _preface(h, iss) -> etree._Element:
    pre = E("preface")
    for role, t in h.order:
        if role == "issuer":
            pre.append(E("p", E("docAuthority", t), **{"class": "issuer"}))
        elif role == "motto":
            pre.append(E("p", t, **{"class": "motto"}))
        elif role == "separator":
            pre.append(E("p", t, **{"class": "separator"}))
        elif role == "number":
            pre.append(E("p", E("docNumber", t), **{"class": "number"}))
        elif role == "date":
            pre.append(E("p", E("docDate", t, date=h.date.isoformat()), **{"class": "place-date"}))
        elif role == "type":
            pre.append(E("p", E("docType", t), **{"class": "type"}))
        elif role == "title":
            pre.append(E("p", E("docTitle", t), **{"class": "title"}))
        elif role == "session":
            pre.append(E("p", t, **{"class": "session"}))
    return pre


_WITH_FORCE = etree.XPath(
    "descendant-or-self::*[(self::a:p or self::a:heading) and contains(., 'hiệu lực')]"
    "[not(ancestor::a:quotedStructure)]", namespaces={"a": AKN_NS})


def _unquoted_text(el) -> str:
    """Text of the p and heading elements outside quoted new content that speak of "hiệu lực", one per line.

    (Only those can state when the document takes effect; XPath finds them without walking the tree in Python.)
    """
    return "\n".join(text_of(e, skip=("authorialNote", "quotedStructure")) for e in _WITH_FORCE(el))


def _in_force(body_lines: list[str], conclusions, signed):
    """The in-force date: from the conclusions, then the body's sentences outside quotations."""
    text = _unquoted_text(conclusions) + "\n" + "\n".join(body_lines)
    best = None
    for m in styles.IN_FORCE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        this_doc = re.search(r"\bnày\b", text[line_start:m.start()])
        if best is None or (this_doc and not best[1]):
            best = (m, bool(this_doc))
    if best is None:
        return None, "unknown"
    if best[0].group("days"):
        # "có hiệu lực sau 45 ngày kể từ ngày ký": the day N days after signing
        days = int(best[0].group("days"))
        return (signed + datetime.timedelta(days=days) if signed else None), f"days-after-signing:{days}"
    when = best[0].group("when")
    if re.match(r"ngày\s+ký", when):
        return signed, "signing"
    return parse_date(when), "date"


# Characters that print nothing, which text copied from web pages carries inside words ("kho\u200bản", "Đi\u00adều"):
# zero-width space, non-joiner and joiner, word joiner, soft hyphen, a BOM inside the text.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff]")


def _drop_invisible(text: str, name: str, facts: dict, diags: list) -> str:
    """The text without the characters that print nothing; where they stood is kept as provenance (the source
    itself is not changed) and said in a warning."""
    where = [(text.count("\n", 0, m.start()) + 1, f"U+{ord(m.group(0)):04X}") for m in _INVISIBLE.finditer(text)]
    if not where:
        return text
    facts["invisible"] = where
    kinds = ", ".join(sorted({c for _, c in where}))
    lines = sorted({ln for ln, _ in where})
    diags.append(Diagnostic("warning", f"{len(where)} invisible characters ({kinds}) inside the text were ignored "
                            f"when reading it (lines {', '.join(map(str, lines[:10]))}{' …' if len(lines) > 10 else ''});"
                            " the source keeps them", name, f"line {lines[0]}", "invisible"))
    return _INVISIBLE.sub("", text)


# Characters XML 1.0 cannot hold: C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF; surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _check_characters(text: str, name: str) -> None:
    """A character XML cannot hold is reported where it stands (never dropped: it is part of the source)."""
    m = _NOT_XML.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        raise ParseError("the text holds a character that XML cannot represent", document=name,
                         where=f"line {line}, column {col}", expected="printable text",
                         found=f"U+{ord(m.group(0)):04X}")


def check_year(d, name: str, where: str) -> None:
    """A document's own date must fall within the years this state's documents can have."""
    from ..text import MAX_YEAR, MIN_YEAR
    if d is not None and not MIN_YEAR <= d.year <= MAX_YEAR:
        raise ParseError("implausible year in the document's date", document=name, where=where,
                         expected=f"a year from {MIN_YEAR} to {MAX_YEAR}", found=str(d.year))


def _attachment_start(lines: list[Line], j: int) -> bool:
    """An annex ("PHỤ LỤC …"), or a regulation issued with the document ("QUY ĐỊNH" then "(Ban hành kèm theo …)")."""
    t = lines[j].text
    if styles.ANNEX.match(t) and (is_upper(t) or (re.match(r"^Phụ\s+lục(?:\s+(?:số\s+)?[0-9IVXLC]+[a-z]?)?\s*$", t)
                                                 and any(styles.MADE_WITH.match(ln.text) or is_upper(ln.text)
                                                         for ln in lines[j + 1:j + 3] if ln.text))):
        return True     # "PHỤ LỤC II", or "Phụ lục I" standing alone above its title or "(Kèm theo …)"
    if styles.ATTACHED_TITLE.match(t):
        return any(styles.MADE_WITH.match(ln.text) for ln in lines[j + 1:j + 6])
    return False


def _annexes(lines: list[Line], name: str, diags) -> etree._Element | None:
    starts = [i for i in range(len(lines)) if _attachment_start(lines, i)]
    if not starts:
        return None
    atts = E("attachments")
    used: set[str] = set()
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(lines)
        chunk = lines[s:e]
        m = styles.ANNEX.match(chunk[0].text)
        # an annex keeps its own number ("PHỤ LỤC 3" of an excerpt is att_3; "PHỤ LỤC II" att_2)
        eid = f"att_{annex_number(m.group('num')) if m and m.group('num') else k + 1}"
        if eid in used:
            eid = f"att_{k + 1}" if f"att_{k + 1}" not in used else f"{eid}_{k + 1}"
        used.add(eid)
        pre = E("preface", E("p", E("docType", chunk[0].text), **{"class": "type"}))
        j = 1
        while j < len(chunk):
            t = chunk[j].text
            if not t:
                j += 1
                continue
            if styles.TABLE_START.match(t) or styles.UNIT_LINE.match(t) or t.startswith("\ue000"):
                break
            cls = "made-with" if re.match(r"^\((Ban\s+hành|Kèm\s+theo)", t, re.IGNORECASE) else "title"
            pre.append(E("p", E("docTitle", t) if cls == "title" else t, **{"class": cls}))
            j += 1
            if cls == "made-with":
                break
        if styles.ATTACHED_TITLE.match(chunk[0].text):
            # a regulation: chapters and articles of its own, addressed under the attachment (att_1__art_5)
            bb = BodyBuilder(E("mainBody"), eid, document=name, diagnostics=diags)
            for ln in chunk[j:]:
                bb.feed(ln)
            bb.finish()
            main = bb.root
        else:
            main = E("mainBody")
            for bl in parse_annex_body(chunk[j:], eid, document=name, diags=diags):
                main.append(bl)
        if not len(main):
            main.append(E("p"))
        num = (m.group("num") or str(k + 1)) if m else str(k + 1)
        doc = E("doc", name="phu-luc" if m else slug(chunk[0].text))
        doc.append(E("meta", _component_identification(num)))
        doc.append(pre)
        doc.append(main)
        atts.append(E("attachment", doc, eId=eid))
    return atts


def annex_number(num: str) -> str:
    """"01" → "1", "II" → "2", "3a" → "3a": the number an annex's eId carries."""
    from ..text import roman_to_int
    if num.isdigit():
        return str(int(num))
    r = roman_to_int(num.upper())
    return str(r) if r else num.lower()


def _component_identification(num: str):
    # Placeholder URIs are completed by build_meta once the work URI is known.
    ident = E("identification", source="#amend")
    for kind in ("FRBRWork", "FRBRExpression", "FRBRManifestation"):
        w = E(kind, E("FRBRthis", value=f"!phu-luc-{num}"), E("FRBRuri", value=""),
              E("FRBRdate", date="1900-01-01", name="Generation"), E("FRBRauthor", href="#amend"))
        if kind == "FRBRWork":
            w.append(E("FRBRcountry", value="vn"))
            w.append(E("FRBRnumber", value=num))
        if kind == "FRBRExpression":
            w.append(E("FRBRlanguage", language="vie"))
        ident.append(w)
    return ident
