"""Instruction reader: the provisions of an amending document → operations.

The reader walks the amending document's body.  Each unit's *head* (an
article heading, or the sentence before a unit's quoted content) is read by
a small grammar:

* the verb ("Sửa đổi, bổ sung", "Bổ sung", "Bãi bỏ", "Ngưng hiệu lực",
  "Thay thế cụm từ", "Bỏ cụm từ", "Đính chính", "Điều chỉnh …");
* the references, with the drafting conventions for lists
  ("khoản 1, điểm a, điểm b … khoản 2 Điều 22": a higher unit qualifies the
  items before it that lack it; "điểm b(iii)": a tiết);
* the document they belong to ("… Thông tư số 06/2023/TT-NHNN"), with the
  descriptive clauses ("đã được sửa đổi, bổ sung bởi …", parentheses)
  taken out first, since they name provisions that are not targets.

A compound head ("Sửa đổi, bổ sung khoản 1 và bổ sung khoản 13 Điều 2 như
sau:") passes the levels its references share to the sub-items that carry
the operations.  Every sentence of an amending provision is either claimed
by an operation or reported in :attr:`Reading.unread`; a sentence that looks
like an instruction but does not parse becomes a *proposed* operation.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from lxml import etree

from .akn import NS, local, main_doc, q, text_of
from .errors import Diagnostic
from .ids import make_eid
from .ops import (
    ChangeValue,
    Correct,
    DeleteWords,
    InsertUnit,
    InsertWords,
    MoveRow,
    Operation,
    RemoveRows,
    RepealUnit,
    ReplaceUnit,
    ReplaceWords,
    Revoke,
    Source,
    SuspendUnit,
)
from .text import nfc, parse_date

# --- references ----------------------------------------------------------------
LEVELS = {"phụ lục": 5, "phần": 10, "chương": 20, "mục": 30, "tiểu mục": 40, "điều": 50,
          "khoản": 60, "điểm": 80, "tiết": 85}
EID_OF = {"phụ lục": "att", "phần": "part", "chương": "chp", "mục": "sec", "tiểu mục": "subsec",
          "điều": "art", "khoản": "para", "điểm": "point", "tiết": "point"}
UNIT_NAMES = {"phụ lục": "Phụ lục", "phần": "Phần", "chương": "Chương", "mục": "Mục",
              "tiểu mục": "Tiểu mục", "điều": "Điều", "khoản": "Khoản", "điểm": "Điểm", "tiết": "Tiết"}

_L = r"[a-zđ]"
_T = r"(?:\((?:[ivx]+)\))"
_SEP = r"\s*(?:,|và(?![\wÀ-ỹ])|;)\s*"
UNIT_RE = re.compile(
    r"(?<![\wÀ-ỹ])(?P<kind>Phụ\s+lục|Phần|Chương|Tiểu\s+mục|Mục|Điều|Khoản|Điểm|Tiết)\s+"
    r"(?P<nums>"
    r"(?<=Điều )\d+" + _L + r"?(?!\w)(?:" + _SEP + r"\d+" + _L + r"?(?![\w/]))*"
    r"|(?<=hoản )\d+(?![\d/.,]\d)(?:" + _SEP + r"\d+(?![\w/]))*"
    r"|(?<=iểm )" + _L + _T + r"?(?![\wÀ-ỹ])(?:" + _SEP + _L + _T + r"?(?![\wÀ-ỹ]))*"
    r"|(?<=iết )" + _T + r"|(?<=iết )[ivx]+(?!\w)"
    r"|[IVXLC]+(?!\w)|\d+(?![\d/])"
    r")", re.IGNORECASE)
DOC_RE = re.compile(
    r"(?P<type>Thông\s+tư\s+liên\s+tịch|Thông\s+tư|Nghị\s+quyết|Nghị\s+định|Quyết\s+định|Luật|Pháp\s+lệnh|Chỉ\s+thị)"
    r"(?:\s+số)?\s+(?P<number>\d+/\d{4}/[A-ZĐ][A-ZĐ0-9\-]*|\d+/[A-ZĐ][A-ZĐ0-9\-]+|này)", re.IGNORECASE)
# Clauses that describe a target's history: they name provisions that are not targets.
DESCRIPTIVE = re.compile(
    r"(?:,\s*)?(?:đã\s+được|được)\s+(?:sửa\s+đổi,\s*bổ\s+sung|sửa\s+đổi|bổ\s+sung|thay\s+thế)"
    r"(?:\s+một\s+số\s+điều)?\s+(?:bởi|theo|tại)\s+.*?" + DOC_RE.pattern, re.IGNORECASE)
PAREN = re.compile(r"\((?:[^()]|\([^()]*\))*\)")

VERBS = [  # (pattern, verb), tried at each position; first match wins
    (re.compile(r"Sửa\s+đổi,?\s+bổ\s+sung|Sửa\s+đổi|được\s+sửa\s+đổi", re.IGNORECASE), "replace"),
    (re.compile(r"Bổ\s+sung\s+cụm\s+từ", re.IGNORECASE), "insert-words"),
    (re.compile(r"Bổ\s+sung|được\s+bổ\s+sung", re.IGNORECASE), "insert"),
    (re.compile(r"Bãi\s+bỏ|được\s+bãi\s+bỏ|hết\s+hiệu\s+lực", re.IGNORECASE), "repeal"),
    (re.compile(r"Ngưng\s+hiệu\s+lực(?:\s+thi\s+hành)?|Tạm\s+ngưng\s+hiệu\s+lực|Đình\s+chỉ\s+(?:việc\s+)?thi\s+hành", re.IGNORECASE), "suspend"),
    (re.compile(r"Thay\s+thế\s+cụm\s+từ|Thay\s+cụm\s+từ", re.IGNORECASE), "replace-words"),
    (re.compile(r"Bỏ\s+cụm\s+từ|Bãi\s+bỏ\s+cụm\s+từ", re.IGNORECASE), "delete-words"),
    (re.compile(r"Đính\s+chính", re.IGNORECASE), "correct"),
]
VERB_RE = re.compile("|".join(f"(?P<v{i}>{p.pattern})" for i, (p, _) in enumerate(VERBS)), re.IGNORECASE)
INSTRUCTION_CUE = re.compile(r"^\s*(?:Sửa\s+đổi|Bổ\s+sung|Bãi\s+bỏ|Ngưng\s+hiệu\s+lực|Tạm\s+ngưng|"
                             r"Thay\s+thế|Thay\s+cụm|Bỏ\s+cụm|Đính\s+chính|Đình\s+chỉ|Điều\s+chỉnh)\b", re.IGNORECASE)
QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
AS_FOLLOWS = re.compile(r"(?:như|với\s+nội\s+dung\s+như)\s+sau\s*:?\s*$|sau\s+đây\s*:\s*$", re.IGNORECASE)
AFTER_ANCHOR = re.compile(r"(?:vào\s+)?(?:sau|trước)\s+(?=(?:Điều|[Kk]hoản|[Đđ]iểm|Mục|Chương|[Tt]iết)\s)")
# "Sửa đổi tên Điều 5 như sau:", "tên của Chương II": only the heading changes.
HEADING_OF = re.compile(r"\btên\s+(?:của\s+)?(?=(?:Phần|Chương|Mục|Tiểu\s+mục|Điều)\s)", re.IGNORECASE)


@dataclass
class Ref:
    """One reference: its levels (kind → number), the document, where it was read."""

    levels: dict[str, str]
    doc: str | None = None      # document number as printed, "này" for the document itself
    start: int = 0
    end: int = 0
    verb: str | None = None

    def top(self) -> int:
        return min(LEVELS[k] for k in self.levels)

    def bottom(self) -> int:
        return max(LEVELS[k] for k in self.levels)

    def label(self) -> str:
        """"điểm b khoản 9 Điều 1", lowest level first, as Vietnamese cites."""
        parts = []
        for k in sorted(self.levels, key=lambda k: -LEVELS[k]):
            n = self.levels[k]
            if k == "tiết" and "điểm" in self.levels:
                continue
            if k == "điểm" and "tiết" in self.levels:
                n = f"{n}({self.levels['tiết']})"
            name = UNIT_NAMES[k] if k in ("điều", "chương", "mục", "phần", "phụ lục") else k
            parts.append(f"{name} {n}")
        return " ".join(parts)


def _split_nums(kind: str, nums: str) -> list[tuple[str, str | None]]:
    out = []
    for n in re.split(_SEP, nums.strip()):
        m = re.match(r"^([a-zđ])\(([ivx]+)\)$", n.strip(), re.IGNORECASE)
        if m:
            out.append((m.group(1).lower(), m.group(2).lower()))
        elif kind == "tiết":
            out.append((n.strip("() ").lower(), None))
        else:
            out.append((n.strip(), None))
    return out


def strip_descriptions(s: str) -> str:
    """Blank out (keeping offsets) the clauses that describe rather than target."""
    def blank(m):
        return " " * (m.end() - m.start())
    s = PAREN.sub(lambda m: blank(m) if DOC_RE.search(m.group(0)) or UNIT_RE.search(m.group(0)) else m.group(0), s)
    return DESCRIPTIVE.sub(blank, s)


def read_refs(sentence: str) -> list[Ref]:
    """References in a sentence, lists expanded and higher units distributed.

    >>> [r.label() for r in read_refs("Bãi bỏ khoản 8, điểm b khoản 9 Điều 1 Thông tư số 06/2023/TT-NHNN")]
    ['khoản 8 Điều 1', 'điểm b khoản 9 Điều 1']
    >>> [r.label() for r in read_refs("Sửa đổi khoản 1, điểm a và điểm g khoản 2 Điều 22 như sau:")]
    ['khoản 1 Điều 22', 'điểm a khoản 2 Điều 22', 'điểm g khoản 2 Điều 22']
    """
    s = strip_descriptions(sentence)
    tokens = []
    for m in UNIT_RE.finditer(s):
        kind = " ".join(m.group("kind").lower().split())
        tokens.append(("unit", m.start(), m.end(), kind, m.group("nums")))
    for m in DOC_RE.finditer(s):
        tokens.append(("doc", m.start(), m.end(), m.group("type"), m.group("number")))
    tokens.sort(key=lambda t: t[1])
    verbs = [(m.start(), next(VERBS[i][1] for i in range(len(VERBS)) if m.group(f"v{i}")))
             for m in VERB_RE.finditer(s)]

    def verb_at(pos):
        v = None
        for p, name in verbs:
            if p <= pos:
                v = name
        return v

    refs: list[Ref] = []
    open_: list[Ref] = []
    prev_level = None
    prev_end = None
    for t in tokens:
        between = s[prev_end:t[1]] if prev_end is not None else ""
        joined = prev_end is not None and re.fullmatch(r"[\s,]*(?:(?:của|vào|tại|thuộc)\s+)?", between) is not None
        if t[0] == "doc":
            if joined or open_:
                for r in open_:
                    if r.doc is None:
                        r.doc = t[4].lower() if t[4].lower() == "này" else t[4]
                        r.end = t[2]
            open_ = []
            prev_level, prev_end = None, t[2]
            continue
        kind, nums = t[3], t[4]
        level = LEVELS[kind]
        items = _split_nums(kind, nums)
        if joined and prev_level is not None and level < prev_level and len(items) == 1:
            # a higher unit right after: it qualifies the open items lacking it
            for r in open_:
                if kind not in r.levels and r.top() > level:
                    r.levels[kind] = items[0][0]
                    r.end = t[2]
            prev_level, prev_end = level, t[2]
            continue
        if not (joined or re.fullmatch(r"\s*(?:,|và|;)?\s*(?:và\s+)?(?:bổ\s+sung\s+|sửa\s+đổi,?\s+(?:bổ\s+sung\s+)?)?", between or "")):
            open_ = []
        for n, tiet in items:
            lv = {kind: n.lower() if kind in ("điểm", "khoản", "tiết") else n}
            if tiet:
                lv["tiết"] = tiet
            r = Ref(lv, start=t[1], end=t[2], verb=verb_at(t[1]))
            refs.append(r)
            open_.append(r)
        prev_level, prev_end = level, t[2]
    return refs


def common_levels(refs: list[Ref]) -> dict[str, str]:
    """The levels every reference shares (what a compound head passes down)."""
    if not refs:
        return {}
    common = dict(refs[0].levels)
    for r in refs[1:]:
        common = {k: v for k, v in common.items() if r.levels.get(k) == v}
    # only the top of the chain is inherited: a shared khoản with differing điểm, etc.
    return common


def ref_eid(levels: dict[str, str], tree_index=None) -> str:
    """The eId a reference names, following the parser's eId rules.

    >>> ref_eid({"điều": "22", "khoản": "2", "điểm": "b", "tiết": "iii"})
    'art_22__para_2__point_b__point_iii'
    >>> ref_eid({"chương": "II", "mục": "3"})
    'chp_II__sec_3'
    >>> ref_eid({"điều": "32đ"})
    'art_32dd'
    """
    from .ids import eid_num
    order = sorted(levels, key=lambda k: LEVELS[k])
    if "điều" in levels:
        order = [k for k in order if LEVELS[k] >= LEVELS["điều"]]
    eid = None
    for k in order:
        n = levels[k]
        if k == "tiết":
            n = n.strip("()")
        eid = make_eid(eid, _ELEMENT_OF[k], eid_num(n) if k != "chương" else n.upper())
    if eid and eid.startswith("sec_") and tree_index is not None:
        hits = [e for e in tree_index if e.endswith("__" + eid) and e.count("__") == 1]
        if len(hits) == 1:
            return hits[0]
    return eid


_ELEMENT_OF = {"phụ lục": "attachment", "phần": "part", "chương": "chapter", "mục": "section",
               "tiểu mục": "subsection", "điều": "article", "khoản": "paragraph", "điểm": "point",
               "tiết": "point"}


# --- documents and context -------------------------------------------------------
@dataclass
class WorkInfo:
    uri: str
    number: str | None
    signed: str | None
    in_force: str | None
    type_name: str = ""
    title: str = ""
    signed_before: str | None = None     # an upper bound when the signing date is not known
    status: str = "complete"


class Resolver:
    """Document numbers → works, from the corpus or the files at hand."""

    def __init__(self, works: list[WorkInfo] | None = None):
        self.by_number: dict[str, WorkInfo] = {}
        self.by_uri: dict[str, WorkInfo] = {}
        for w in works or []:
            self.add(w)

    def add(self, w: WorkInfo) -> None:
        self.by_uri[w.uri] = w
        if w.number:
            self.by_number[w.number.lower()] = w

    def uri(self, number: str) -> str | None:
        w = self.by_number.get(number.lower())
        return w.uri if w else None


def work_info(tree) -> WorkInfo:
    """The identity and dates of a parsed document."""
    doc = main_doc(tree.getroot() if hasattr(tree, "getroot") else tree)
    meta = doc.find(q("meta"))
    uri = meta.find(f"{q('identification')}/{q('FRBRWork')}/{q('FRBRuri')}").get("value")
    prop = meta.find(q("proprietary"))
    work = prop.find("amend:work", NS) if prop is not None else None
    dates = prop.find("amend:dates", NS) if prop is not None else None
    name = meta.find(f"{q('identification')}/{q('FRBRWork')}/{q('FRBRname')}")
    number = work.get("number") if work is not None else None
    signed = dates.get("signed") if dates is not None else None
    in_force = dates.get("inForce") if dates is not None else None
    from .ids import SUBTYPE_NAMES
    sub = work.get("subtype") if work is not None else ""
    title = name.get("value") if name is not None else ""
    if title and title == title.upper():
        from .text import truecase
        title = truecase(title, " ".join(text_of(e) for e in (doc.find(q("preamble")), doc.find(q("body")))
                                         if e is not None))
    return WorkInfo(uri, number, None if signed in (None, "unknown") else signed,
                    None if in_force in (None, "unknown") else in_force,
                    SUBTYPE_NAMES.get(sub, sub), title,
                    dates.get("signedBefore") if dates is not None else None,
                    work.get("status", "complete") if work is not None else "complete")


@dataclass
class Reading:
    """What the reader made of one amending document."""

    work: WorkInfo
    operations: list[Operation] = field(default_factory=list)
    unread: list[Diagnostic] = field(default_factory=list)
    targets: set[str] = field(default_factory=set)      # works it acts on
    gaps: list = field(default_factory=list)             # what the source leaves unknown (Gap)

    @property
    def proposed(self) -> list[Operation]:
        return [o for o in self.operations if o.status == "proposed"]


# --- the reader -------------------------------------------------------------------
_UNITS = ("article", "paragraph", "subparagraph", "point")


def _head_and_mods(unit):
    """The unit's own sentences (outside sub-units) and its quoted contents."""
    sentences, mods = [], []
    for c in unit:
        name = local(c)
        if name in ("heading",):
            sentences.append((c, text_of(c)))
        elif name in ("intro", "content", "wrapUp"):
            for p in c:
                m = p.find(q("mod"))
                if m is not None:
                    mods.append(m)
                    before = (p.text or "")
                    if before.strip():
                        sentences.append((p, before.strip()))
                else:
                    sentences.append((p, text_of(p)))
    return sentences, mods


def _quoted_units(mod):
    qs = mod.find(q("quotedStructure"))
    if qs is None:
        return []
    return [c for c in qs if isinstance(c.tag, str)]


class Reader:
    """Reads one amending document against the works it amends."""

    def __init__(self, tree, resolver: Resolver, *, bases: dict[str, etree._Element] | None = None,
                 document: str | None = None):
        self.tree = tree
        self.root = main_doc(tree.getroot() if hasattr(tree, "getroot") else tree)
        self.info = work_info(tree)
        self.resolver = resolver
        self.bases = bases or {}       # work URI → root, to resolve Mục numbers and check targets
        self.document = document or self.info.number or self.info.uri
        self.reading = Reading(self.info)
        self.default_work = self._default_work()
        self._n = 0

    # -- documents ---------------------------------------------------------------
    def _default_work(self) -> str | None:
        """The work the document amends: named in its title or first instruction article."""
        texts = [self.info.title]
        for art in self.root.iter(q("article")):
            h = art.find(q("heading"))
            if h is not None:
                texts.append(text_of(h))
            break
        for t in texts:
            for m in DOC_RE.finditer(t or ""):
                if m.group("number").lower() != "này":
                    return self._work_of(m.group("number"), t[m.start():])
        return None

    def _work_of(self, doc: str | None, text: str = "") -> str | None:
        """The work a document number names; ``text`` (from the type word on) may give its date."""
        if doc is None:
            return self.default_work
        if doc == "này":
            return self.info.uri
        return self.resolver.uri(doc) or self._derived_uri(doc, text)

    def _derived_uri(self, number: str, text: str) -> str:
        """A work not in the corpus: its FRBR URI from its number and the date the text gives."""
        from .ids import FrbrUri, subtype_from_number
        from .parse.citations import find_references
        from .parse.header import ref_uri
        locality = FrbrUri.parse(self.info.uri).locality if self.info.uri.startswith("/akn/") else None
        for r in find_references(text[:400]):
            if r.number == number:
                return ref_uri(r, locality)
        sub = subtype_from_number(number)
        if sub:
            return FrbrUri.for_work(sub, None, number, locality if ("HĐND" in number or "UBND" in number) else None).work_uri()
        return f"urn:unresolved:{number}"

    def _number_of(self, uri: str) -> str:
        w = self.resolver.by_uri.get(uri)
        return (w.number if w and w.number else uri.removeprefix("urn:unresolved:"))

    # -- operations ----------------------------------------------------------------
    def _id(self) -> str:
        self._n += 1
        slug = (self.info.number or self.info.uri).lower().replace("/", "-")
        return f"{slug}#{self._n}"

    def _source(self, unit, sentence: str, span=(0, 0)) -> Source:
        eid = unit.get("eId") or ""
        return Source(work=self.info.uri, provision=eid, sentence=sentence, span=tuple(span),
                      label=provision_label(eid), number=self.info.number or "")

    def _effective(self) -> str | None:
        return self.info.in_force

    def _unread(self, unit, text: str, why: str) -> None:
        self.reading.unread.append(Diagnostic("warning", f"{why}: {text[:120]}", self.document,
                                              provision_label(unit.get("eId") or ""), code="unread",
                                              extra={"sentence": text, "where_vi": provision_label(unit.get("eId") or "")}))

    def read(self) -> Reading:
        body = self.root.find(q("body"))
        if body is None:
            return self.reading
        for art in body.iter(q("article")):
            if art.xpath("ancestor::a:quotedStructure", namespaces=NS):
                continue
            if art.getparent() is not None and local(art.getparent()) in _UNITS:
                continue
            self._unit(art, {}, self.default_work, top=True)
        self._status(body)
        return self.reading

    def _status(self, body) -> None:
        """Whole documents this one replaces or ends ("thay thế Nghị quyết số …", "… hết hiệu lực thi hành: a) …")."""
        from .ops import RepealWork, ReplaceWork
        seen = set()
        for unit in body.iter(q("article"), q("paragraph"), q("point")):
            if unit.xpath("ancestor::a:quotedStructure", namespaces=NS):
                continue
            sentences, mods = _head_and_mods(unit)
            if mods or not sentences:
                continue
            head = sentences[0][1]
            if INSTRUCTION_CUE.search(head):
                continue
            kind = None
            if re.search(r"\bhết\s+hiệu\s+lực\b", head, re.IGNORECASE):
                kind = RepealWork
            elif re.search(r"\bthay\s+thế\s+(?:cho\s+)?(?:Thông\s+tư|Nghị\s+quyết|Nghị\s+định|Quyết\s+định|Luật)", head, re.IGNORECASE):
                kind = ReplaceWork
            if kind is None:
                continue
            named = [m for m in DOC_RE.finditer(head) if m.group("number").lower() != "này"]
            if not named and head.rstrip().endswith(":"):
                for c in unit:
                    if local(c) in ("point", "paragraph", "indent"):
                        m = DOC_RE.search(text_of(c))
                        if m and m.group("number").lower() != "này":
                            named.append(m)
            for m in named:
                uri = self._work_of(m.group("number"), m.string[m.start():])
                if uri in seen or uri == self.info.uri:
                    continue
                seen.add(uri)
                src = self._source(unit, head, (m.start(), m.end()) if m.string == head else (0, len(head)))
                self.reading.operations.append(kind(id=self._id(), source=src, work=uri, target="",
                                                    effective=self._effective(), note=m.group(0)))
                self.reading.targets.add(uri)

    def _unit(self, unit, inherited: dict[str, str], work: str | None, *, top=False) -> None:
        sentences, mods = _head_and_mods(unit)
        children = [c for c in unit if local(c) in ("paragraph", "subparagraph", "point")]
        instr = [(el, s) for el, s in sentences if (INSTRUCTION_CUE.search(s) or _passive_instruction(s))
                 and (UNIT_RE.search(s) or DOC_RE.search(s) or QUOTED.search(s))]
        if not instr:
            for c in children:
                self._unit(c, inherited, work)
            return
        _, head = instr[0]
        refs = read_refs(head)
        anchor_at = AFTER_ANCHOR.search(head)
        if anchor_at:   # "… vào sau Điều 5": the anchor is not a target
            refs = [r for r in refs if r.start < anchor_at.start()]
        verb = _first_verb(head)
        doc_work = work
        for m in DOC_RE.finditer(strip_descriptions(head)):
            doc_work = self._work_of(m.group("number").lower() if m.group("number").lower() == "này" else m.group("number"))
        if not refs:
            # a heading like "Sửa đổi, bổ sung một số điều của Thông tư số 39/2016/TT-NHNN"
            if children:
                for c in children:
                    self._unit(c, inherited, doc_work or work)
                return
            if verb in ("replace-words", "delete-words", "insert-words", "correct"):
                self._words(unit, head, verb, inherited, doc_work or work)
                return
            self._propose(unit, head, "no provision named")
            return
        for r in refs:
            merged = {**{k: v for k, v in inherited.items() if LEVELS[k] < r.top()}, **r.levels}
            r.levels = merged
        child_instr = [c for c in children if _is_instruction_unit(c)]
        if verb in ("replace-words", "delete-words", "insert-words", "correct"):
            self._words(unit, head, verb, inherited, doc_work or work, refs=refs)
            return
        if child_instr and not mods:
            shared = common_levels(refs)
            for c in children:
                self._unit(c, shared, _ref_work(refs, self, doc_work or work))
            return
        if mods:
            self._with_content(unit, head, refs, mods, doc_work or work)
            for el, s in instr[1:]:
                self._unread(unit, s, "second instruction sentence not read")
            return
        if verb in ("repeal", "suspend"):
            for r in refs:
                w = self._work_of(r.doc) if r.doc else (doc_work or work or self.default_work)
                self._repeal(unit, head, r, w, verb)
            return
        if verb in ("replace", "insert") and children:
            # unquoted new content given as the unit's own sub-units
            self._propose(unit, head, "new content without quotation marks")
            return
        self._propose(unit, head, "instruction not understood")

    # -- kinds ---------------------------------------------------------------------
    def _propose(self, unit, sentence: str, why: str) -> None:
        op = ReplaceWords(id=self._id(), source=self._source(unit, sentence, (0, len(sentence))),
                          work=self.default_work or "", target="", effective=self._effective(),
                          status="proposed", note=why)
        self.reading.operations.append(op)
        self._unread(unit, sentence, why)

    def _repeal(self, unit, sentence, r: Ref, work, verb) -> None:
        eid = ref_eid(r.levels, self.bases.get(work))
        src = self._source(unit, sentence, (r.start, r.end))
        if verb == "suspend":
            d = _date_after(sentence, "từ") or self._effective()
            until = _until(sentence)
            op = SuspendUnit(id=self._id(), source=src, work=work, target=eid, effective=d, until=until)
        elif work != self.default_work and work and work != self.info.uri:
            op = Revoke(id=self._id(), source=src, work=work, target=eid, effective=self._effective())
        else:
            op = RepealUnit(id=self._id(), source=src, work=work, target=eid, effective=self._effective())
        self.reading.operations.append(op)
        self.reading.targets.add(work)

    def _with_content(self, unit, head, refs: list[Ref], mods, work) -> None:
        quoted = [(m, u) for m in mods for u in _quoted_units(m)]
        if HEADING_OF.search(head) and len(refs) == 1 and len(mods) == 1:
            self._heading(unit, head, refs[0], mods[0], work)
            return
        pairs = []
        if len(refs) == 1 and quoted and (not _all_units(quoted) or _all_below(quoted, refs[0])):
            # the quote is the unit's new body: bare text, or its khoản without the Điều line
            pairs = [(refs[0], None, mods[0])]
        elif len(refs) == 1 and len(quoted) == 1:
            pairs = [(refs[0], quoted[0][1], quoted[0][0])]
        else:
            for r in refs:
                want = ref_eid(r.levels).rpartition("__")[2]
                hit = [(m, u) for m, u in quoted if (u.get("eId") or "").rpartition("__")[2] == want]
                if len(hit) != 1:
                    self._propose(unit, head, f"no quoted unit matches {r.label()}")
                    return
                pairs.append((r, hit[0][1], hit[0][0]))
        base = self.bases.get(work)
        for r, new_unit, mod in pairs:
            eid = ref_eid(r.levels, base)
            verb = r.verb or _first_verb(head)
            src = self._source(unit, head, (r.start, r.end))
            if new_unit is None:
                content = _content_element(mod, eid)
            else:
                content = _rebase(new_unit, eid)
            xml = etree.tostring(content, encoding="unicode")
            if verb == "insert":
                parent = eid.rpartition("__")[0]
                anchor = _anchor(head, r, base)
                op = InsertUnit(id=self._id(), source=src, work=work, target=eid, effective=self._effective(),
                                parent=parent, after=anchor, content=xml)
            else:
                op = ReplaceUnit(id=self._id(), source=src, work=work, target=eid,
                                 effective=self._effective(), content=xml)
            self.reading.operations.append(op)
            self.reading.targets.add(work)

    def _heading(self, unit, head, r: Ref, mod, work) -> None:
        """"Sửa đổi tên Điều 5 như sau: “Điều 5. Tên mới”": the unit keeps its content."""
        from .ops import ReplaceHeading
        qs = mod.find(q("quotedStructure"))
        new = ""
        if qs is not None:
            h = qs.find(f".//{q('heading')}")
            new = text_of(h) if h is not None else re.sub(
                r"^(?:Phần|Chương|Mục|Tiểu\s+mục|Điều)\s+\S+?[.:]\s*", "", text_of(qs))
        src = self._source(unit, head, (r.start, r.end))
        eid = ref_eid(r.levels, self.bases.get(work))
        if not new:
            self._propose(unit, head, "new heading not found in the quotation")
            return
        self.reading.operations.append(ReplaceHeading(id=self._id(), source=src, work=work, target=eid,
                                                      effective=self._effective(), heading=new))
        self.reading.targets.add(work)

    def _words(self, unit, head, verb, inherited, work, refs=None) -> None:
        phrases = QUOTED.findall(head)
        refs = refs if refs is not None else []
        scope = tuple(ref_eid({**inherited, **r.levels}) for r in refs) or tuple(
            [ref_eid(inherited)] if inherited else [])
        src = self._source(unit, head, (0, len(head)))
        count = _stated_count(head)
        if verb in ("replace-words", "correct") and len(phrases) >= 2:
            cls = Correct if verb == "correct" else ReplaceWords
            op = cls(id=self._id(), source=src, work=work, target=scope[0] if scope else "",
                     effective=self._effective(), scope=scope, old=phrases[0], new=phrases[1], count=count)
        elif verb == "delete-words" and phrases:
            op = DeleteWords(id=self._id(), source=src, work=work, target=scope[0] if scope else "",
                             effective=self._effective(), scope=scope, old=phrases[0], new="", count=count)
        elif verb == "insert-words" and len(phrases) >= 2:
            op = InsertWords(id=self._id(), source=src, work=work, target=scope[0] if scope else "",
                             effective=self._effective(), anchor=phrases[1], new=phrases[0])
        else:
            self._propose(unit, head, "phrase instruction without its quoted phrases")
            return
        if not scope:
            op = dataclasses.replace(op, status="proposed", note="no location named for the phrase")
            self._unread(unit, head, "phrase change without a location")
        self.reading.operations.append(op)
        self.reading.targets.add(work)


def _ref_work(refs, reader: Reader, work):
    for r in refs:
        if r.doc:
            return reader._work_of(r.doc)
    return work


def _first_verb(s: str) -> str | None:
    m = VERB_RE.search(s)
    if not m:
        return None
    return next(VERBS[i][1] for i in range(len(VERBS)) if m.group(f"v{i}"))


def _passive_instruction(s: str) -> bool:
    """"Điều 4 được sửa đổi, bổ sung như sau:" (the unit named before the verb)."""
    return bool(re.match(r"^\s*(?:Điều|Khoản|Điểm|Mục|Chương)\s+\S+.*?\bđược\s+(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ)", s, re.IGNORECASE))


def _is_instruction_unit(el) -> bool:
    sentences, _ = _head_and_mods(el)
    return any(INSTRUCTION_CUE.search(s) or _passive_instruction(s) for _, s in sentences[:1])


def _all_units(quoted) -> bool:
    return all(local(u) in ("article", "paragraph", "subparagraph", "point", "section", "chapter",
                            "part", "subsection", "indent", "attachment") for _, u in quoted)


def _all_below(quoted, ref: Ref) -> bool:
    """Every quoted unit is of a lower level than the unit the reference names."""
    rank = {"part": 10, "chapter": 20, "section": 30, "subsection": 40, "article": 50, "paragraph": 60,
            "subparagraph": 65, "point": 80, "indent": 90}
    return all(rank.get(local(u), 0) > ref.bottom() for _, u in quoted)


def _content_element(mod, target_eid: str):
    """The quote as the target's new body: its sub-units (re-identified) or its text blocks."""
    from .akn import E
    qs = mod.find(q("quotedStructure"))
    content = E("content")
    for c in qs:
        if not isinstance(c.tag, str):
            continue
        if c.get("eId"):
            c2 = _rebase(c, f"{target_eid}__{c.get('eId').rpartition('__')[2]}")
        else:
            c2 = etree.fromstring(etree.tostring(c))
            c2.tail = None
            _strip_eids(c2)
        content.append(c2)
    return content


def _strip_eids(el) -> None:
    for e in el.iter():
        if isinstance(e.tag, str) and "eId" in e.attrib:
            del e.attrib["eId"]


def _rebase(unit, target_eid: str):
    """A copy of quoted ``unit`` whose eIds are those it will have in the amended work.

    Inside the quote, eIds carry the quote's prefix (``art_1__para_2__mod_1__qstr_1__``);
    it is dropped.  Article-rooted eIds stay as they are (articles are numbered
    through the whole document); the others are put under the target's parent.
    """
    qs = unit.getparent()
    prefix = (qs.get("eId") + "__") if qs is not None and qs.get("eId") else ""
    own = (unit.get("eId") or "")[len(prefix):]
    new = etree.fromstring(etree.tostring(unit))
    new.tail = None
    for e in new.iter():
        if not isinstance(e.tag, str) or not e.get("eId"):
            continue
        eid = e.get("eId")
        rel = eid.removeprefix(prefix)
        if rel == own:
            e.set("eId", target_eid)
        elif rel.startswith("art_") and not own.startswith("art_"):
            e.set("eId", rel)
        elif rel.startswith(own + "__"):
            e.set("eId", target_eid + rel[len(own):])
        else:
            e.set("eId", rel)
    return new


def _anchor(head: str, r: Ref, base) -> str | None:
    m = AFTER_ANCHOR.search(head)
    if not m or "sau" not in m.group(0):
        return None
    after = read_refs(head[m.end():])
    if not after:
        return None
    lv = {k: v for k, v in r.levels.items() if LEVELS[k] < after[0].top()}
    lv.update(after[0].levels)
    return ref_eid(lv, base)


def _date_after(s: str, word: str) -> str | None:
    m = re.search(rf"\b{word}\s+(ngày\s+\d+\s+tháng\s+\d+\s+năm\s+\d{{4}}|ngày\s+\d+/\d+/\d{{4}})", s, re.IGNORECASE)
    if m:
        d = parse_date(m.group(1))
        return d.isoformat() if d else None
    return None


def _until(s: str) -> str:
    m = re.search(r"\b(?:cho\s+)?đến\s+(.*?)\.?$", s, re.IGNORECASE)
    return m.group(1).strip() if m else ""


def _stated_count(s: str) -> int | None:
    m = re.search(r"\b(\d+)\s+lần\b", s)
    return int(m.group(1)) if m else None


# --- labels -------------------------------------------------------------------------
_LABEL = {"art": "Điều", "para": "khoản", "subpara": "khoản", "point": "điểm", "chp": "Chương",
          "sec": "Mục", "part": "Phần", "att": "Phụ lục", "indent": "gạch đầu dòng", "tr": "dòng",
          "table": "bảng", "hcontainer": "đoạn"}


def provision_label(eid: str) -> str:
    """"art_1__para_6__point_dd" → "điểm đ khoản 6 Điều 1" (the way footnotes cite).

    >>> provision_label("art_1__para_6__point_dd")
    'điểm đ khoản 6 Điều 1'
    >>> provision_label("art_22__para_2__point_b__point_iii")
    'điểm b(iii) khoản 2 Điều 22'
    >>> provision_label("para_5__subpara_5-2__subpara_5-2-1__indent_6")
    'gạch đầu dòng 6 khoản 5.2.1'
    """
    if not eid:
        return ""
    parts = [p.partition("_") for p in eid.split("__")]
    words = []
    for i, (k, _, n) in enumerate(parts):
        n = n.replace("dd", "đ").replace("DD", "Đ")
        if k == "point" and i > 0 and parts[i - 1][0] == "point":
            words[-1] = (words[-1][0], f"{words[-1][1]}({n})")
            continue
        if k in ("mod", "qstr"):
            continue
        n = n.replace("-", ".")
        if k == "subpara" and words and n.startswith(words[-1][1] + "."):
            words.pop()          # "5.2.1" already says it sits in 5.2 and in 5
        words.append((_LABEL.get(k, k), n))
    return " ".join(f"{k} {n}" for k, n in reversed(words))


def read(tree, resolver: Resolver | None = None, *, bases=None, document=None) -> Reading:
    """Read the operations of one amending document (the stage's entry point)."""
    return Reader(tree, resolver or Resolver(), bases=bases, document=document).read()


# --- planning adjustments (Đề án, Chương trình, Kế hoạch) ------------------------
@dataclass(frozen=True)
class Gap:
    """Something the source leaves unknown, kept as data and shown to the reader."""

    kind: str            # unstated-amounts | unstated-content | stale-figure | unbalanced-table
    message: str
    sentence: str = ""
    items: tuple[str, ...] = ()
    amount: str | None = None


_REMOVE = re.compile(r"[Đđ]iều\s+chỉnh\s+giảm\s+(?P<count>\d+)\s+(?P<what>nhiệm\s+vụ|dự\s+án|nội\s+dung|hạng\s+mục)"
                     r"[^:]*:\s*(?P<items>.+?)\.?$")
_VALUE = re.compile(r"[Đđ]iều\s+chỉnh\s+(?P<what>tổng\s+kinh\s+phí|tổng\s+mức\s+đầu\s+tư|kinh\s+phí)[^0-9]*?"
                    r"từ\s+(?P<old>[\d.,]+)\s*(?P<unit>tỷ\s+đồng|triệu\s+đồng)\s+(?:còn|xuống\s+còn|xuống|thành|lên)\s+"
                    r"(?P<new>[\d.,]+)\s*(?P=unit)(?:,?\s*(?P<dir>giảm|tăng)\s+(?P<diff>[\d.,]+)\s*(?P=unit))?")
_MOVE = re.compile(r"[Đđ]iều\s+chỉnh\s+mục\s+tiêu(?:\s+hoàn\s+thành)?\s+(?P<items>(?:“[^”]+”(?:\s*,\s*|\s+và\s+)?)+)"
                   r"\s*từ\s+năm\s+(?P<old>\d{4})\s+sang\s+năm\s+(?P<new>\d{4})")
_REDUCE_UNSTATED = re.compile(r"[Đđ]iều\s+chỉnh\s+giảm\s+kinh\s+phí(?:\s+thực\s+hiện)?(?:\s+các)?\s+nhiệm\s+vụ"
                              r"\s*(?:,\s*gồm)?\s*[:“]?\s*(?P<items>.+?)\.*$")
_DROP_FUNDS = re.compile(r"[Đđ]iều\s+chỉnh\s+bỏ\s+kinh\s+phí[^:]*:\s*(?P<items>.+?)\.?$")
_LEAD = re.compile(r"^(?:Theo\s+đó|Ngoài\s+ra|Đồng\s+thời|Trong\s+đó)\s*,\s*", re.IGNORECASE)
_CHAIR = re.compile(r"\s+do\s+.+?\s+chủ\s+trì\s*$")
MATCH_THRESHOLD = 80.0
APPROXIMATE = "ngày có hiệu lực không được nêu"   # the note of an operation dated by an upper bound


def _split_items(s: str) -> list[str]:
    s = _CHAIR.sub("", s.strip().rstrip(".…").rstrip("."))
    parts = re.split(r"\s*;\s*", s) if ";" in s else re.split(r",\s*(?=Xây\s+dựng|Nâng\s+cấp|Phát\s+triển|Triển\s+khai)", s)
    return [p.strip(" “”.…") for p in parts if p.strip(" “”.…")]


def _score(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    from .text import fold
    x, y = fold(a).lower(), fold(b).lower()
    return (fuzz.token_set_ratio(x, y) + fuzz.partial_ratio(x, y)) / 2


def match_items(labels: list[str], candidates: dict[str, str]) -> dict[str, tuple[str, float]]:
    """Assign each label its own candidate (eId → text), maximising the total similarity.

    A one-to-one assignment (networkx maximum-weight matching) rather than the
    best candidate per label: two labels may each resemble the same line.
    """
    import networkx as nx
    g = nx.Graph()
    for i, lab in enumerate(labels):
        for eid, text in candidates.items():
            s = _score(lab, text)
            if s >= MATCH_THRESHOLD * 0.75:
                g.add_edge(("l", i), ("c", eid), weight=s)
    out = {}
    for a, b in nx.max_weight_matching(g, maxcardinality=True):
        lab, cand = (a, b) if a[0] == "l" else (b, a)
        out[labels[lab[1]]] = (cand[1], round(g[a][b]["weight"], 1))
    return out


def _row_names(root) -> dict[str, dict[str, str]]:
    """Item rows of each table: table eId → {row eId: name cell}."""
    out: dict[str, dict[str, str]] = {}
    for table in root.iter(q("table")):
        rows = {}
        for tr in table.iter(q("tr")):
            if tr.get("class") == "item" and tr.get("eId"):
                cells = [c for c in tr if local(c) in ("td", "th")]
                if len(cells) > 1:
                    rows[tr.get("eId")] = text_of(cells[1])
        out[table.get("eId") or ""] = rows
    return out


class PlanningReader:
    """Reads adjustments of a plan (Đề án) stated in sentences, e.g. a decision as a news report gives it."""

    def __init__(self, text: str, target_root, *, source: WorkInfo, target: str,
                 effective: str | None, dated: str = "exact", document: str | None = None):
        self.text = nfc(text)
        self.root = main_doc(target_root)
        self.source = source
        self.target = target
        self.effective = effective
        self.dated = dated
        self.document = document or source.number or source.uri
        self.reading = Reading(source)
        self.gaps: list[Gap] = []
        self._n = 0
        self.index = {e.get("eId"): e for e in self.root.iter() if isinstance(e.tag, str) and e.get("eId")}

    def _id(self) -> str:
        self._n += 1
        return f"{(self.source.number or self.source.uri).lower().replace('/', '-')}#{self._n}"

    def _src(self, line_no: int, sentence: str, span) -> Source:
        return Source(work=self.source.uri, provision=f"line_{line_no}", sentence=sentence, span=tuple(span),
                      label=f"dòng {line_no} của nguồn", number=self.source.number or "")

    def sentences(self):
        for no, line in enumerate(self.text.splitlines(), 1):
            start = 0
            for part in re.split(r"(?<=[.…])\s+(?=[A-ZĐÀ-Ỹ])", line):
                i = line.find(part, start)
                s = part.strip()
                if s:
                    yield no, s, (i, i + len(part))
                start = i + len(part)

    def read(self) -> Reading:
        removed: dict[str, str] = {}
        for no, s, span in self.sentences():
            body = _LEAD.sub("", s)
            if m := _REMOVE.search(body):
                self._remove(no, s, span, m, removed)
            elif m := _VALUE.search(body):
                self._value(no, s, span, m)
            elif m := _MOVE.search(body):
                self._move(no, s, span, m)
            elif m := _REDUCE_UNSTATED.search(body):
                items = _split_items(m.group("items"))
                rows = []
                for cands in _row_names(self.root).values():
                    hits = match_items(items, cands)
                    rows += [f"{hits[i][0]} ({hits[i][1]})" for i in items if i in hits]
                self.gaps.append(Gap("unstated-amounts", "nguồn nêu các nhiệm vụ được điều chỉnh giảm kinh phí "
                                     "nhưng không nêu giảm bao nhiêu", s, tuple(items) + tuple(rows)))
            elif m := _DROP_FUNDS.search(body):
                items = _split_items(m.group("items"))
                missing = [i for i in items if i not in removed]
                if missing and removed:
                    hits = match_items(missing, {v: v for v in removed})
                    missing = [i for i in missing if i not in hits]
                if missing:
                    self._unread_line(no, s, f"tasks not matched to a removal: {missing}", "unread")
            elif re.search(r"\b(?:[Đđ]iều\s+chỉnh|Bổ\s+sung|Bãi\s+bỏ|Sửa\s+đổi)\b", body):
                if re.search(r"[Gg]iữ\s+nguyên", body):
                    continue
                self.gaps.append(Gap("unstated-content", "nguồn nêu việc điều chỉnh nhưng không nêu nội dung mới", s))
                self._unread_line(no, s, f"adjustment without its new text: {s[:100]}", "unread")
        # a headline or summary restating a figure already read is not a separate adjustment
        figures = {x for o in self.reading.operations if isinstance(o, ChangeValue)
                   for x in (o.old, o.new, o.difference) if x}
        restated = {g.sentence for g in self.gaps if g.kind == "unstated-content"
                    and any(re.search(rf"(?<![\d.]){re.escape(f)}(?![\d])", g.sentence) for f in figures)}
        self.gaps = [g for g in self.gaps if g.sentence not in restated or g.kind != "unstated-content"]
        self.reading.unread = [u for u in self.reading.unread if not any(r[:100] in u.message for r in restated)]
        self.reading.targets.add(self.target)
        self.reading.gaps = self.gaps
        return self.reading

    def _unread_line(self, no: int, sentence: str, message: str, code: str) -> None:
        self.reading.unread.append(Diagnostic("warning", message, self.document, f"line {no}", code,
                                              {"sentence": sentence, "where_vi": f"dòng {no} của nguồn"}))

    def _op_kw(self, no, s, span):
        note = "" if self.dated == "exact" else f"{APPROXIMATE}; {self.dated}"
        return {"id": self._id(), "source": self._src(no, s, span), "work": self.target,
                "effective": self.effective, "note": note}

    def _remove(self, no, s, span, m, removed) -> None:
        labels = _split_items(m.group("items"))
        count = int(m.group("count"))
        rows = []
        for table, cands in _row_names(self.root).items():
            hits = match_items(labels, cands)
            if len(hits) != len(labels):
                missing = [lab for lab in labels if lab not in hits]
                self._unread_line(no, s, f"{table}: no row for {missing}", "unmatched")
                continue
            for lab in labels:
                rows.append(hits[lab][0])
                removed[lab] = hits[lab][0]
        op = RemoveRows(**self._op_kw(no, s, span), target=rows[0] if rows else "", rows=tuple(rows),
                        labels=tuple(labels), count=count)
        self.reading.operations.append(op)

    def _value(self, no, s, span, m) -> None:
        old, new = m.group("old"), m.group("new")
        targets = []
        for eid, el in self.index.items():
            if local(el) == "paragraph" and re.search(r"[Tt]ổng\s+(?:mức\s+đầu\s+tư|kinh\s+phí)\s*:?\s*" + re.escape(old),
                                                      text_of(el)):
                targets.append(eid)
            elif local(el) == "tr" and el.get("class") == "total":
                cells = [c for c in el if local(c) in ("td", "th")]
                if cells and text_of(cells[-1]) == old:
                    targets.append(eid)
        if not targets:
            self._unread_line(no, s, f"the old value {old} is not in the target", "unmatched")
            return
        for t in targets:
            self.reading.operations.append(ChangeValue(**self._op_kw(no, s, span), target=t, old=old, new=new,
                                                       difference=m.group("diff")))

    def _move(self, no, s, span, m) -> None:
        labels = [x.strip() for x in re.findall(r"“([^”]+)”", m.group("items"))]
        src_list = self._year_list(m.group("old"))
        dst_list = self._year_list(m.group("new"))
        if src_list is None or dst_list is None:
            self._unread_line(no, s, f"no list of targets for {m.group('old')} and {m.group('new')}", "unmatched")
            return
        cands = {c.get("eId"): text_of(c) for c in src_list if local(c) == "indent"}
        hits = match_items(labels, cands)
        free = len([c for c in dst_list if local(c) == "indent"]) + sum(
            1 for o in self.reading.operations if isinstance(o, MoveRow) and o.destination == dst_list.get("eId"))
        for lab in labels:
            if lab not in hits or hits[lab][1] < MATCH_THRESHOLD:
                self.reading.operations.append(MoveRow(**{**self._op_kw(no, s, span), "note": "no item matched"},
                                                       target="", destination=dst_list.get("eId"), label=lab,
                                                       status="proposed"))
                continue
            eid, score = hits[lab]
            if any(isinstance(o, MoveRow) and o.target == eid for o in self.reading.operations):
                continue   # the same move stated again (a caption, a summary): already read
            free += 1
            self.reading.operations.append(MoveRow(**self._op_kw(no, s, span), target=eid,
                                                   destination=dst_list.get("eId"), label=lab,
                                                   matched=cands[eid], score=score,
                                                   new_eid=f"{dst_list.get('eId')}__indent_{free}"))

    def _year_list(self, year: str):
        for el in self.index.values():
            if local(el) in ("subparagraph", "paragraph", "point"):
                intro = el.find(q("intro"))
                if intro is not None and re.search(rf"\bđến\s+năm\s+{year}\b", text_of(intro)):
                    return el
        return None


def read_planning(text: str, target_root, *, source: WorkInfo, target: str, effective: str | None,
                  dated: str = "exact") -> Reading:
    return PlanningReader(text, target_root, source=source, target=target, effective=effective, dated=dated).read()


def explain(sentence: str, base_tree, resolver: Resolver | None = None) -> Reading:
    """Read one instruction, as if it were Điều 1 of a draft amending the base ("dry run")."""
    from .parse import parse_text
    base = work_info(base_tree)
    res = resolver or Resolver()
    res.add(base)
    name = f"{base.type_name} số {base.number}" if base.number else base.title
    text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 0/0000/DRAFT\n"
            f"{(base.type_name or 'Quyết định').upper()}\nSửa đổi, bổ sung một số điều của {name}\n"
            f"Điều 1. Sửa đổi, bổ sung một số điều của {name}\n{nfc(sentence).strip()}\n")
    if not re.match(r"^\s*\d+\.", sentence):
        text = text.replace(f"\n{nfc(sentence).strip()}\n", f"\n1. {nfc(sentence).strip()}\n")
    tree = parse_text(text, "<instruction>").tree
    root = base_tree.getroot() if hasattr(base_tree, "getroot") else base_tree
    ids = {e.get("eId") for e in root.iter() if isinstance(e.tag, str) and e.get("eId")}
    return read(tree, res, bases={base.uri: ids}, document="<instruction>")


def store(tree, reading: Reading):
    """A copy of the amending document with its operations in its metadata.

    Every operation becomes an AKN ``textualMod`` (or ``efficacyMod`` for a
    suspension, ``forceMod`` for a whole document replaced or ended) in
    ``analysis/activeModifications``, readable by any AKN tool; the full
    operations (row counts, values, moves, review status, sentence and span)
    go as JSON in ``proprietary/amend:operations``.
    """
    import copy as _copy

    from .akn import E
    from .ops import dumps
    root = _copy.deepcopy(tree.getroot() if hasattr(tree, "getroot") else tree)
    meta = main_doc(root).find(q("meta"))
    if not reading.operations:
        return root
    am = E("activeModifications")
    for i, o in enumerate(reading.operations, 1):
        from .ops import akn_mod
        tag, typ = akn_mod(o.kind)
        dst = o.work if tag == "forceMod" else f"{o.work}/~{o.target}"
        mod = E(tag, E("source", href=f"#{o.source.provision}"), E("destination", href=dst),
                type=typ, eId=f"amod_{i}")
        if tag == "textualMod" and getattr(o, "old", "") and o.kind in ("replace-words", "delete-words", "correct"):
            mod.append(E("old", E("p", o.old)))
            mod.append(E("new", E("p", o.new or "")))
        am.append(mod)
    analysis = meta.find(q("analysis"))
    if analysis is None:
        analysis = E("analysis", source="#amend")
        after = meta.find(q("lifecycle"))
        (after if after is not None else meta.find(q("identification"))).addnext(analysis)
    analysis.insert(0, am)
    prop = meta.find(q("proprietary"))
    prop.append(E("amend:operations", dumps(reading.operations)))
    return root
