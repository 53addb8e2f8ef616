"""Body structure: Phần/Chương/Mục/Điều/khoản/điểm/tiết/dash lists → AKN.

A stack of open units; every line either opens a unit (closing those at its
level or deeper) or adds text to the unit on top. Quoted new content after
"như sau:" becomes a ``mod/quotedStructure`` parsed by a nested builder, so it
is never read as provisions of the document itself.

The body is grown with the standard library's C ElementTree (an element costs
a fraction of an lxml element built from Python) and handed to lxml in one
parse at the end (:meth:`BodyBuilder.finish`).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from contextvars import ContextVar
from dataclasses import dataclass, field

from lxml import etree

from ..akn import AKN_NS, AMEND_NS, append, local, q
from ..errors import Diagnostic, ParseError
from ..ids import EID_PREFIX, eid_num
from ..text import fold_confusables, is_upper
from . import styles
from .inline import add_inline_text
from .source import Line


# An instruction and its quotation on one line ("… như sau: “2. Nội dung mới.”.").
_INLINE_QUOTE = re.compile(r"^(?P<head>.*?\b(?:như\s+sau|sau\s+đây)\s*:)\s*(?P<quote>(?:[“\"‘«]|'').*(?:[”\"’»]|'')"
                           r"[.;,]?(?:/\.)?)$")


# The closing mark(s) at the end of a quotation's last line and what follows them ("”.", "””;", "\".”", "''.").
_LAST_CLOSE = re.compile(r"(?P<mark>(?:''|[”\"’»])+)(?P<tail>[^”\"’»']*)$")


def _next_label(kind: str, num: str) -> str | None:
    """The label after ``num`` in a list of khoản ("3" → "4"), điểm ("a" → "b", "d" → "đ") or articles."""
    from ..ops import POINT_LETTERS
    if kind == "point":
        return POINT_LETTERS[POINT_LETTERS.index(num) + 1] if num in POINT_LETTERS[:-1] else None
    m = re.match(r"^(\d+)", num)
    return str(int(m.group(1)) + 1) if m else None


class Frame:
    """An open unit: its kind and level, its element, the eId prefix its children build on."""

    __slots__ = ("base", "counters", "el", "kind", "level")

    def __init__(self, kind: str, level: int, el, base: str | None):
        self.kind, self.level, self.el, self.base = kind, level, el, base
        self.counters: dict = {}


@dataclass
class Notes:
    """Footnotes of a consolidated text, consumed in marker order."""

    texts: dict[int, list[str]]
    next: int = 1
    placed: list[int] = field(default_factory=list)

    def take(self, s: str, where: str) -> tuple[list[int], str]:
        """Markers starting at ``self.next`` at the start or end of ``s``."""
        if self.next not in self.texts:
            return [], s
        if where == "start":
            m = (re.match(r"\s*((?:\[\d+\]\s*)+)", s)
                 or re.match(r"\s*(\d+(?:\s*,\s*\d+)*)(?=\s|$|\()", s))
        else:    # bracketed markers may stand before the sentence's last stop: "… 2025[1]."
            m = (re.search(r"((?:\[\d+\])+)(?=[.;:,]?\s*$)", s)
                 or re.search(r"(?<![\d/.,])\s?(\d+(?:\s*,\s*\d+)*)\s*$", s))
        if not m:
            return [], s
        nums = [int(x) for x in re.findall(r"\d+", m.group(1))]
        if nums != list(range(self.next, self.next + len(nums))):
            return [], s
        self.next += len(nums)
        self.placed.extend(nums)
        rest = s[m.end():] if where == "start" else s[:m.start()] + s[m.end():]
        return nums, rest

    def element(self, n: int, make=None):
        """The note as an element (lxml by default; the body builder passes its own ``make``)."""
        if make is None:
            from ..akn import E as make
        note = make("authorialNote", marker=str(n), placement="bottom", eId=f"fn_{n}")
        for para in self.texts.get(n, []):
            note.append(make("p", para))
        return note


def X(tag: str, *children, **attrs):
    """An ElementTree element in the AKN namespace (the builder's counterpart of ``akn.E``)."""
    el = ET.Element(q(tag), {k: v for k, v in attrs.items() if v is not None})
    for c in children:
        append(el, c)
    return el


class BodyBuilder:
    """Feed it lines; it grows AKN hierarchy under ``root``."""

    def __init__(self, root, base: str | None, *, document: str, diagnostics: list,
                 notes: Notes | None = None, in_quote: bool = False, depth: int = 0):
        # An lxml root receives the body at finish(); an ElementTree root (quoted content) is built in place.
        self.target = root if isinstance(root, etree._Element) else None
        if self.target is not None:
            root = ET.Element(root.tag)
        self.root = root
        self.document = document
        self.diags = diagnostics
        self.notes = notes
        self.in_quote = in_quote
        self.depth = depth                      # quotations this builder sits inside
        self.stack: list[Frame] = [Frame("root", 0, root, base)]
        self.seen_eids: set[str] = set()
        self.last_text = ""
        self.last_item_quoted = False           # the previous line was an item holding only a quotation
        self.pending_heading: Frame | None = None
        self.as_follows: Frame | None = None   # article whose heading ends "như sau:"
        self.quote: dict | None = None          # lines of an open quotation
        self.unquoted: dict | None = None       # unquoted replacement content
        self.force_lines: list[str] = []        # sentences outside quotations that speak of "hiệu lực"
        self.units: list = []                   # every unit opened, in order

    # --- helpers ---------------------------------------------------------------
    @property
    def top(self) -> Frame:
        return self.stack[-1]

    def warn(self, line: Line, msg: str, code: str = "") -> None:
        self.diags.append(Diagnostic("warning", msg, self.document, f"line {line.no}", code))

    def _unique(self, eid: str, line: Line) -> str:
        if eid not in self.seen_eids:
            self.seen_eids.add(eid)
            return eid
        k = 2
        while f"{eid}_{k}" in self.seen_eids:
            k += 1
        self.warn(line, f"number repeated: {eid} is already used; this unit is {eid}_{k}", "duplicate-number")
        self.seen_eids.add(f"{eid}_{k}")
        return f"{eid}_{k}"

    @staticmethod
    def _holder(el):
        """Where a new block of ``el`` goes: its last content/intro, or a new content."""
        if el.tag == _Q_QSTR:
            return el
        last = el[-1] if len(el) else None
        if last is not None and last.tag in _BLOCK_HOLDERS:
            return last
        return ET.SubElement(el, _Q_CONTENT)

    @classmethod
    def _add_block(cls, el, block) -> None:
        """Add a block to a hierarchy element's content (or intro if it has children)."""
        cls._holder(el).append(block)

    def _add_p(self, frame: Frame, text: str, line: Line, notes_end: list[int] = ()):
        if frame.kind == "root" and not self.in_quote:
            n = frame.counters.get("hcontainer", 0) + 1
            frame.counters["hcontainer"] = n
            hc = ET.SubElement(self.root, _Q_HCONTAINER, {"eId": self._unique(f"hcontainer_{n}", line),
                                                          "name": "khong-danh-so"})
            p = ET.SubElement(ET.SubElement(hc, _Q_CONTENT), _Q_P)
        else:
            p = ET.SubElement(self._holder(frame.el), _Q_P)
        return self._fill(p, text, notes_end)

    def _fill(self, el, text: str, notes_end=()):
        """Put a sentence and its end-of-sentence footnotes into a block (p or heading)."""
        add_inline_text(el, text, X)
        if not self.in_quote and "hiệu lực" in text:
            self.force_lines.append(text)
        for n in notes_end:
            el.append(self.notes.element(n, X))
        self.last_text = text
        return el

    # --- feeding ---------------------------------------------------------------
    def feed(self, line: Line) -> None:
        self.line_no = line.no
        if self.quote is not None:
            self._feed_quote(line)
            return
        m = _INLINE_QUOTE.match(line.text) if self.unquoted is None else None
        head = (self._classify(m.group("head"))[2] if self._classify(m.group("head")) else m.group("head")) if m else ""
        if m and (styles.INSTRUCTION_START.match(head) or styles.PASSIVE_INSTRUCTION.match(head.strip())):
            # "Sửa đổi tên Chương II như sau: “Chương II. …”": the quotation on the instruction's own line
            self.feed(Line(line.no, m.group("head")))
            self.feed(Line(line.no, m.group("quote")))
            return
        if self.unquoted is not None:
            if line.blank:
                return
            if styles.STRUCTURE[4][1].match(line.text):   # next "Điều N."
                self._close_unquoted()
            else:
                self.unquoted["lines"].append(line)
                return
        text = line.text
        if not text:
            return
        if self.as_follows is not None:
            frame = self.as_follows
            self.as_follows = None
            if (styles.opening_mark(text) is None and not styles.STRUCTURE[4][1].match(text)
                    and not self._instruction_like(text) and frame is self.top and not self._quoted_item(text)):
                self.unquoted = {"frame": frame, "lines": [line]}
                return
        if not self.in_quote and (item := self._quoted_item(text)) and (
                self.last_text.rstrip().endswith(":") or self.last_item_quoted):
            # "a) “Điều 5. Tên mới”;": an item of a list whose content is a quotation of its own
            kind, num, rest, label = item
            self._open(line, kind, num, "", label)
            self.last_item_quoted = True
            self.quote = {"open": styles.opening_mark(rest), "lines": [], "start": line, "depth": 0,
                          "resume": self._resumption(), "frame": self.top}
            self._feed_quote(Line(line.no, rest))
            return
        self.last_item_quoted = False
        mark = styles.opening_mark(text)
        if mark and (self.last_text.rstrip().endswith(":") or (
                styles.INSTRUCTION_START.match(self.last_text) and not self.in_quote)):
            self.quote = {"open": mark, "lines": [], "start": line, "depth": 0,
                          "resume": self._resumption(), "frame": self.top}
            self._feed_quote(line)
            return
        if self.pending_heading is not None:
            frame = self.pending_heading
            self.pending_heading = None
            if self._classify(text) is None and is_upper(text):
                frame.el.insert(1, self._heading(text))     # right after the number
                return
        hit = self._classify(text)
        if hit is None:
            self._text(line, text)
        else:
            self._open(line, *hit)

    def _heading(self, text: str):
        """A ``heading``, with the footnote markers glued to its end moved into notes."""
        notes_end = []
        if self.notes:
            notes_end, text = self.notes.take(text, "end")
        return self._fill(X("heading"), text, notes_end)

    def _quoted_item(self, text: str):
        """A point or numbered item whose whole content is a quotation ("a) “Điều 5. …”;"), as (kind, num, rest,
        label), or None."""
        hit = self._classify(text)
        if hit and hit[0] in ("point", "paragraph", "indent") and styles.opening_mark(hit[2]) \
                and styles.quote_balance(hit[2]) <= 0 and styles.ends_with_close(hit[2]):
            return hit
        return None

    def _instruction_like(self, text: str) -> bool:
        m = self._classify(text)
        body = m[2] if m else text
        return bool(styles.INSTRUCTION_START.match(body)) or bool(styles.AS_FOLLOWS.search(body))

    def _classify(self, text: str):
        if _plain_line(self):
            return None          # the original sets this line in plain type among bold headings: running text
        probe = fold_confusables(text[:8]) + text[8:]     # "р)" in Cyrillic is point p
        for kind, rx in styles.structure_candidates(probe):
            m = rx.match(probe)
            if not m:
                continue
            if not self._allowed(kind):
                continue
            label = text[:m.start("rest")].rstrip()
            if probe[:m.start("rest")] != text[:m.start("rest")]:
                self.diags.append(Diagnostic("warning", f"the label {label!r} holds a letter of another script that "
                                             f"looks like a Latin one; read as {probe[:m.start('rest')].rstrip()!r}",
                                             self.document, f"line {self.line_no}", "look-alike"))
            return kind, m.group("num"), m.group("rest"), label
        return None

    def _allowed(self, kind: str) -> bool:
        need = styles.NEEDS_PARENT.get(kind)
        if kind in ("indent", "subindent"):
            return len(self.stack) > 1 or self.in_quote
        if not need:
            return True
        if self.in_quote:
            return True     # quoted new content may start at any level
        for f in self.stack:
            if f.kind in need:
                return True
        return False

    def _text(self, line: Line, text: str) -> None:
        if text.startswith("\ue000"):         # a table read with its structure (amend.ingest)
            from .tables import marked_table
            frame = self.top
            holder = frame.el if frame.kind != "root" else self.root
            n = sum(1 for _ in holder.iter(_Q_TABLE)) + 1
            base = frame.el.get("eId") if frame.kind != "root" else (self.base or "body")
            table = marked_table(text, self._unique(f"{base}__table_{n}", line))
            if table is not None:
                if frame.kind == "root" and not self.in_quote:
                    hc = ET.SubElement(self.root, _Q_HCONTAINER, {"eId": self._unique(f"hcontainer_table_{n}", line),
                                                                  "name": "bang"})
                    ET.SubElement(hc, _Q_CONTENT).append(_as_et(table))
                else:
                    self._holder(frame.el).append(_as_et(table))
                return
        notes_end = []
        if self.notes:
            if text.startswith("["):       # "[8] Hội đồng …": a VBHN's marker before a replaced unit's text
                notes_end, text = self.notes.take(text, "start")
                text = text.lstrip()
            more, text = self.notes.take(text, "end")
            notes_end = [*notes_end, *more]
        self._add_p(self.top, text, line, notes_end)

    def _open(self, line: Line, kind: str, num: str, rest: str, label: str) -> None:
        level = styles.LEVEL[kind] + (num.count(".") if kind == "subparagraph" else 0)
        stack = self.stack
        while len(stack) > 1 and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1]
        element = styles.AKN_ELEMENT[kind]
        if kind in ("indent", "subindent"):
            n = parent.counters.get(kind, 0) + 1
            parent.counters[kind] = n
            enum = str(n)
        else:
            enum = eid_num(num)
        comp = f"{EID_PREFIX[element]}_{enum}"
        if element in ("chapter", "part"):
            eid = f"{self.stack[0].base}__{comp}" if self.stack[0].base else comp
        elif element in ("section", "subsection"):
            container = next((f for f in reversed(self.stack) if f.kind in ("chapter", "part", "section")), None)
            prefix = container.el.get("eId") if container is not None and local(container.el) != "part" else self.stack[0].base
            eid = f"{prefix}__{comp}" if prefix else comp
        else:
            eid = f"{parent.base}__{comp}" if parent.base else comp
        eid = self._unique(eid, line)
        if parent.kind == "root":
            el = ET.SubElement(self.root, _QTAG[element], {"eId": eid})
        else:
            pe = parent.el
            for i in range(min(3, len(pe))):    # num, heading, then content: never further
                if pe[i].tag == _Q_CONTENT:
                    pe[i].tag = _Q_INTRO
                    break
            el = ET.SubElement(pe, _QTAG[element], {"eId": eid})
        if kind == "tiet":
            el.set("class", "tiet")
        self.units.append(el)
        numel = ET.SubElement(el, _Q_NUM)
        numel.text = label
        notes_start = []
        if self.notes:
            notes_start, rest = self.notes.take(rest, "start")
            for n in notes_start:
                numel.append(self.notes.element(n, X))
        rest = rest.strip()
        base = parent.base if element in styles.UNPREFIXED_CHILDREN else eid
        frame = Frame(kind, level, el, base)
        self.stack.append(frame)
        if kind == "article" and rest and rest[-1] in ".:;":
            # "Điều 2. Giao Ủy ban nhân dân tỉnh …." is a provision, not a heading.
            self._text(line, rest)
            if (styles.AS_FOLLOWS.search(rest) and styles.INSTRUCTION_START.match(rest)
                    and not styles.NO_NEW_CONTENT.search(rest) and not self.in_quote):
                # "Điều 1. Sửa đổi, bổ sung Điều 1 như sau:" may be followed by
                # the new text without quotation marks.
                self.as_follows = frame
        elif kind in styles.HEADED:
            if rest:
                el.append(self._heading(rest))
                self.last_text = rest    # "Điều 2. Sửa đổi khoản 4 Điều 9" may be followed by the quotation
            elif kind != "article":
                self.pending_heading = frame
            else:
                self.last_text = label
        elif rest:
            self._text(line, rest)
        else:
            self.last_text = label

    # --- quotations ------------------------------------------------------------
    def _resumption(self):
        """The label that would resume the amending document's own numbering after the quotation now opening:
        the next khoản or điểm of the instruction's list, or the next article. A quotation left open ends there."""
        out = []
        for f in reversed(self.stack):
            if f.kind in ("paragraph", "point", "article") and f.el is not None:
                num = f.el.get("eId", "").rpartition("_")[2]
                nxt = _next_label(f.kind, num)
                if nxt:
                    out.append((f.kind, nxt))
        return out

    def _resumes(self, qd: dict, t: str) -> bool:
        """Does line ``t``, inside a quotation, resume the amending document's own numbering (an instruction
        with the next number of its list, or the next article)? Never inside quoted new content itself."""
        if self.in_quote or not qd["resume"] or len(qd["lines"]) < 1:
            return False
        for kind, nxt in qd["resume"]:
            if kind == "article":
                m = styles.STRUCTURE[4][1].match(t)
                if m and m.group("num") == nxt and not styles.opening_mark(m.group("rest").strip() or "x"):
                    return True
            else:
                m = re.match(r"^(\d+[a-zđ]?\.|[a-zđ]\))\s*(.*)$", t)
                if m and m.group(1).rstrip(".)") == nxt and (styles.INSTRUCTION_START.match(m.group(2)) or
                                                             styles.AS_FOLLOWS.search(m.group(2))):
                    return True
        return False

    def _feed_quote(self, line: Line) -> None:
        qd = self.quote
        t = line.text
        if qd["lines"] and self._resumes(qd, t):
            # the quotation was never closed (or closed with a mark that is no closing one): it ends where the
            # amending document's own numbering resumes, and both lines are named
            self.quote = None
            self.warn(qd["start"], f"quotation opened here is not closed before line {line.no}, where the amending "
                      "document's numbering resumes; it is taken to end there", "unclosed-quote")
            self._build_quote(qd, closed=False)
            self.feed(line)
            return
        qd["lines"].append(line)
        # Quotation marks nest, whatever their shape: the quote closes when as many close as opened.
        qd["depth"] += styles.quote_balance(t)
        if qd["depth"] <= 0 and styles.ends_with_close(t):
            self.quote = None
            self._build_quote(qd)

    def _new_mod(self, frame: Frame, line: Line):
        host = frame.el.get("eId") or (self.stack[0].base or "body")
        n = frame.counters.get("mod", 0) + 1
        frame.counters["mod"] = n
        mod_eid = self._unique(f"{host}__mod_{n}", line)
        return X("mod", eId=mod_eid), f"{mod_eid}__qstr_1"

    def _nested(self, frame: Frame, lines: list[Line]):
        """``mod/quotedStructure`` holding ``lines`` parsed as new content of their own."""
        from ..akn import MAX_QUOTE_DEPTH
        if self.depth >= MAX_QUOTE_DEPTH:
            raise ParseError("quotations nested too deep", document=self.document, where=f"line {lines[0].no}",
                             expected=f"at most {MAX_QUOTE_DEPTH} quotations inside one another",
                             found=f"{self.depth + 1}")
        mod, qeid = self._new_mod(frame, lines[0])
        qs = X("quotedStructure", eId=qeid)
        sub = BodyBuilder(qs, qeid, document=self.document, diagnostics=self.diags,
                          notes=self.notes, in_quote=True, depth=self.depth + 1)
        for ln in lines:
            sub.feed(ln)
        sub.finish()
        mod.append(qs)
        return mod, qs

    def _build_quote(self, qd: dict, closed: bool = True) -> None:
        lines = qd["lines"]
        last = lines[-1]
        open_q = qd["open"]
        ltext = last.text
        m = _LAST_CLOSE.search(ltext) if closed else None
        close_q, tail, cut = "", "", 0
        if m:
            # the closing marks this quotation owns: one, and those a misprint doubled ("…””"); the others close
            # quotations inside it
            marks = re.findall(r"''|[”\"’»]", m.group("mark"))
            own = marks[-(1 + max(0, -qd["depth"])):]
            close_q, tail = "".join(own), m.group("tail")
            cut = len(close_q) + len(tail)
        inner: list[Line] = []
        for i, ln in enumerate(lines):
            t = ln.text[len(open_q):] if i == 0 else ln.text        # the opening mark goes to mod.text
            if i == len(lines) - 1 and cut:
                t = t[:len(t) - cut]                                # the closing mark(s) to qs.tail
            inner.append(Line(ln.no, t))
        frame = qd.get("frame") or self.top
        mod, qs = self._nested(frame, inner)
        mod.text = open_q
        qs.tail = close_q
        p = X("p", mod)
        if tail:
            mod.tail = tail
        self._add_block(frame.el, p)
        self.last_text = tail or close_q

    def _close_unquoted(self) -> None:
        ud = self.unquoted
        self.unquoted = None
        frame = ud["frame"]
        mod, qs = self._nested(frame, ud["lines"])
        qs.set("startQuote", "")       # AKN: no quotation marks in the source
        qs.set("endQuote", "")
        self._add_block(frame.el, X("p", mod))
        self.last_text = ""

    def finish(self) -> None:
        if self.unquoted is not None:
            self._close_unquoted()
        if self.quote is not None:
            qd = self.quote
            self.quote = None
            self.warn(qd["start"], "quotation opened here is never closed; its lines are read as ordinary text",
                      "unclosed-quote")
            for ln in qd["lines"]:
                self._text(ln, ln.text)
        # A unit with neither content nor children gets an empty content, as AKN requires.
        # (labels come first, so a unit whose last child is a label has nothing else)
        for el in self.units:
            if el[-1].tag in _LABEL_TAGS:
                el.append(X("content", X("p")))
        if self.target is not None:
            self._hand_over()

    def _hand_over(self) -> None:
        """Turn the finished body into lxml: one serialisation, one C parse."""
        out: list[str] = []
        _dump(self.root, out, f' xmlns="{AKN_NS}" xmlns:amend="{AMEND_NS}"')
        data = "".join(out)
        self.root = etree.fromstring(data, parser=_PARSER)
        for f in self.stack:
            f.el = None      # the ElementTree elements are gone: nothing may still point at them


_AKN_PREFIX = "{" + AKN_NS + "}"
_AMEND_PREFIX = "{" + AMEND_NS + "}"


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _esc_attr(s: str) -> str:
    if not _ATTR_SPECIAL.search(s):
        return s
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            .replace("\n", "&#10;").replace("\t", "&#9;").replace("\r", "&#13;"))


def _name(qname: str) -> str:
    if qname.startswith(_AKN_PREFIX):
        return qname[len(_AKN_PREFIX):]
    if qname.startswith(_AMEND_PREFIX):
        return "amend:" + qname[len(_AMEND_PREFIX):]
    return qname


_NAMES: dict[str, str] = {}
_ATTR_SPECIAL = re.compile('[&<"\n\t\r]')


def _dump(el, out: list, decl: str = "") -> None:
    """XML of an ElementTree element whose names are all AKN or amend (a narrow, fast serialiser).

    ``decl`` (namespace declarations) goes into the start tag of ``el`` itself.
    """
    tag = _NAMES.get(el.tag)
    if tag is None:
        tag = _NAMES[el.tag] = _name(el.tag)
    attrib = el.attrib
    if len(attrib) == 1 and not decl and "eId" in attrib:     # most elements: only their eId
        out.append(f'<{tag} eId="{_esc_attr(attrib["eId"])}">')
    elif attrib or decl:
        a = ["<", tag, decl]
        for k, v in attrib.items():
            a.append(f' {_NAMES.get(k) or _name(k)}="{_esc_attr(v)}"')
        a.append(">")
        out.append("".join(a))
    else:
        out.append(f"<{tag}>")
    t = el.text
    if t:
        out.append(_esc(t) if ("&" in t or "<" in t or ">" in t) else t)
    for c in el:
        if not len(c) and not c.attrib:      # a leaf without attributes (num, p, heading): no call needed
            ctag = _NAMES.get(c.tag) or _name(c.tag)
            ct = c.text
            if ct:
                if "&" in ct or "<" in ct or ">" in ct:
                    ct = _esc(ct)
                out.append(f"<{ctag}>{ct}</{ctag}>")
            else:
                out.append(f"<{ctag}></{ctag}>")
        else:
            _dump(c, out)
        t = c.tail
        if t:
            out.append(_esc(t) if ("&" in t or "<" in t or ">" in t) else t)
    out.append(f"</{tag}>")


_BLOCK_HOLDERS = (q("content"), q("intro"))
_Q_CONTENT, _Q_INTRO, _Q_P, _Q_NUM, _Q_QSTR, _Q_HCONTAINER = (
    q("content"), q("intro"), q("p"), q("num"), q("quotedStructure"), q("hcontainer"))
_QTAG = {name: q(name) for name in set(styles.AKN_ELEMENT.values())}
_UNIT_TAGS = frozenset(q(t) for t in set(styles.AKN_ELEMENT.values()))
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
_LABEL_TAGS = (q("num"), q("heading"), q("subheading"))

_Q_TABLE = q("table")
# numbers of lines the original sets in plain type among bold headings (amend.ingest): never a new unit
PLAIN_LINES: ContextVar[frozenset] = ContextVar("PLAIN_LINES", default=frozenset())


def _plain_line(builder) -> bool:
    plain = PLAIN_LINES.get()
    return bool(plain) and not builder.in_quote and getattr(builder, "line_no", None) in plain


def _as_et(el):
    """An lxml element as a standard-library one, for the builder's tree."""
    return ET.fromstring(etree.tostring(el))
