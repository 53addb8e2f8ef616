"""The reader: walks an amending document and runs the rules on each provision.

Each amending provision (an article, khoản or điểm outside quotations) is
offered to the unit rules of :data:`amend.read.rules.RULES` in order; the
first that recognises it emits its operations and *claims* the blocks it
read.  Then the document passes run over every block: whole documents
replaced or ended, effect clauses (split effect, time limits), transition
rules.  Last, the sweep: every block no rule claimed is either recognised as
not an instruction, or, when it has the words of an amendment, reported as
unread.  So every block of the body ends in :attr:`Reading.findings` with
what was made of it, and nothing is dropped without a trace.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..akn import NS, local, main_doc, q, text_of
from ..errors import Diagnostic
from ..ops import Operation, ReplaceWords, Source
from .grammar import (
    ALIAS,
    DOC_RE,
    UNIT_RE,
    doc_number,
    doc_tokens,
    is_instruction,
    quoted_phrases,
)
from .model import Finding, Reading, Resolver, WorkInfo, provision_label, work_info

UNITS = ("article", "paragraph", "subparagraph", "point", "indent")
# A title that says the document amends others ("… sửa đổi, bổ sung một số điều của …", "Về việc bãi bỏ …").
AMENDING_TITLE = re.compile(r"(?<![\wÀ-ỹ])(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế|đính\s+chính|ngưng\s+hiệu\s+lực|"
                            r"đình\s+chỉ|điều\s+chỉnh|hủy\s+bỏ|huỷ\s+bỏ|hợp\s+nhất)(?![\wÀ-ỹ])", re.IGNORECASE)
# A heading that says its article (or chapter) amends: it starts with the verb.
AMENDING_HEADING = re.compile(r"^\s*(?:(?:Điều|Chương|Mục|Phần)\s+\S+\s*[.:]?\s*)?(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|"
                              r"thay\s+thế|đính\s+chính|ngưng\s+hiệu\s+lực|hủy\s+bỏ|huỷ\s+bỏ|bỏ)"
                              r"(?![\wÀ-ỹ]).*?(?<![\wÀ-ỹ])(?:"
                              # a unit named as a unit ("khoản 2", "một số khoản, điều của …", "Điều 14"), not a
                              # word that begins like one ("vốn điều lệ", "mục tiêu", "phần vốn")
                              r"(?:phần|chương|mục|điều|khoản|điểm|tiết|phụ\s+lục)(?:\s+(?:\d|[IVXLC]+\b|[a-zđ]\b|"
                              r"của\b|và\b|tại\b)|\s*,)|"
                              r"(?:luật|bộ\s+luật|pháp\s+lệnh|nghị\s+định|nghị\s+quyết|quyết\s+định|thông\s+tư|"
                              r"văn\s+bản|cụm\s+từ)(?![\wÀ-ỹ]))", re.IGNORECASE)


@dataclass
class View:
    """One amending unit as the rules see it."""

    el: etree._Element
    blocks: list[tuple[etree._Element, str]]     # its own heading and paragraphs, outside sub-units
    mods: list[etree._Element]                    # its quoted new contents
    children: list[etree._Element]                # its sub-units

    @property
    def eid(self) -> str:
        return self.el.get("eId") or ""

    def instructions(self) -> list[tuple[etree._Element, str]]:
        """Its blocks that instruct (an amendment verb and something it acts on)."""
        return [(b, s) for b, s in self.blocks if is_instruction(s) and
                (UNIT_RE.search(s) or DOC_RE.search(s) or quoted_phrases(s))]


def view_of(unit) -> View:
    blocks, mods = [], []
    for c in unit:
        name = local(c)
        if name == "heading":
            blocks.append((c, text_of(c)))
        elif name in ("intro", "content", "wrapUp"):
            for p in c:
                m = p.find(q("mod"))
                if m is not None:
                    mods.append(m)
                    before = p.text or ""
                    if before.strip():
                        blocks.append((p, before.strip()))
                else:
                    blocks.append((p, text_of(p)))
    children = [c for c in unit if local(c) in UNITS]
    return View(unit, blocks, mods, children)


@dataclass(frozen=True)
class Ctx:
    """What a unit inherits from the head above it: shared levels, the work acted on."""

    levels: dict
    work: str | None


class Reader:
    """Reads one amending document against the works it amends."""

    def __init__(self, tree, resolver: Resolver, *, bases: dict | None = None, document: str | None = None):
        self.tree = tree
        self.root = main_doc(tree.getroot() if hasattr(tree, "getroot") else tree)
        self.info = work_info(tree)
        self.resolver = resolver
        self.bases = bases or {}       # work URI → eIds, to resolve Mục numbers and check targets
        self.document = document or self.info.number or self.info.uri
        self.reading = Reading(self.info)
        self._n = 0
        self._claims: dict[str, Finding] = {}
        self._paths = self.root.getroottree()
        self._blocks: list | None = None
        self.locality = self._locality()
        self.aliases = self._aliases()
        self._dated = self._dated_numbers()
        self.default_work = self._default_work()
        self.amending_document = bool(AMENDING_TITLE.search(self.info.title or ""))
        self._destinations: dict[str, str | None] = {}

    # -- documents ---------------------------------------------------------------
    def _aliases(self) -> dict[str, str]:
        """Short names declared with "(sau đây gọi là …)", each → the number it stands for."""
        out = {}
        texts = [self.info.title] + [s for _, s in self.blocks()]
        for t in texts:
            for m in ALIAS.finditer(t or ""):
                before = [d for d in DOC_RE.finditer(t[:m.start()]) if doc_number(d) != "này"]
                alias = m.group("alias").strip().rstrip(".,;")
                if before and alias and doc_number(before[-1]) != alias:
                    out[alias] = doc_number(before[-1])
        return out

    def _locality(self) -> str | None:
        """The locality of this document's own URI ("haiduong"): works it names without one are assumed local
        only when their number says so (HĐND, UBND)."""
        from ..ids import FrbrUri
        return FrbrUri.parse(self.info.uri).locality if self.info.uri.startswith("/akn/") else None

    def _dated_numbers(self) -> dict[str, str]:
        """Number → work URI for every document the text names with its date somewhere, so that
        "Nghị định số 06/2021/NĐ-CP" named bare later is the same work as where it was named in full."""
        from ..parse.citations import find_references
        from ..parse.header import ref_uri
        out: dict[str, str] = {}
        for t in [self.info.title] + [s for _, s in self.blocks()]:
            for ref in find_references(t or ""):
                if ref.number and ref.date:
                    out.setdefault(ref.number.replace(" ", ""), ref_uri(ref, self.locality))
        return out

    def attached_part(self, work: str | None) -> str:
        """The eId of the regulation attached to ``work`` (the one attachment holding articles; att_1 if unknown)."""
        ids = self.bases.get(work) or ()
        parts = sorted({e.split("__")[0] for e in ids if e.startswith("att_") and "__art_" in e})
        return parts[0] if len(parts) == 1 else "att_1"

    def amends_others(self, work: str) -> bool:
        """Is ``work`` itself an amending document (its provisions' repeal is a revocation)?"""
        info = self.resolver.by_uri.get(work)
        return bool(info and re.search(r"\bsửa\s+đổi|\bbổ\s+sung|\bbãi\s+bỏ|\bthay\s+thế", info.title or "",
                                       re.IGNORECASE))

    def _default_work(self) -> str | None:
        """The work the document amends: named in its title or first article's heading."""
        texts = [self.info.title]
        for art in self.root.iter(q("article")):
            h = art.find(q("heading"))
            texts.append(text_of(h) if h is not None else "")
            break
        for t in texts:
            for m in DOC_RE.finditer(t or ""):
                if doc_number(m) != "này":
                    return self.work_of(doc_number(m), t[m.start():])
        return None

    def amends_here(self, article) -> bool:
        """Can this article hold amendment instructions?

        In a document that amends others by its very title, every article can. In any other document (a law
        whose final chapter amends other laws, a decree with one amending article), only an article whose
        heading, or the heading of its Chương / Mục, says it amends (sửa đổi, bổ sung, bãi bỏ, thay thế …),
        or an article without a heading: the other articles are the document's own rules, never instructions.
        """
        if self.amending_document:
            return True
        h = article.find(q("heading"))
        if h is None or not text_of(h).strip():
            return True
        for el in (article, *article.iterancestors()):
            hd = el.find(q("heading"))
            if hd is not None and AMENDING_HEADING.match(text_of(hd)):
                return True
        return False

    def destination(self, unit) -> str | None:
        """The document a provision amends: the nearest of it and its enclosing provisions that names one in its
        heading or its first sentence (descriptions such as "đã được sửa đổi … theo Luật số …" aside); the
        document's own target (:attr:`default_work`) when none does."""
        key = self._key(unit)
        if key in self._destinations:
            return self._destinations[key]
        work = None
        name = local(unit)
        if name in UNITS:
            first = next((t for b, t in view_of(unit).blocks), "")
            if first and (is_instruction(first) or AMENDING_HEADING.match(first)):
                work = self.doc_in(first.split("như sau")[0])
            if work is None:
                parent = unit.getparent()
                while parent is not None and local(parent) not in UNITS and local(parent) not in ("body", "conclusions"):
                    parent = parent.getparent()
                work = self.destination(parent) if parent is not None and local(parent) in UNITS else None
        work = work or self.default_work
        self._destinations[key] = work
        return work

    def work_of(self, doc: str | None, text: str = "") -> str | None:
        """The work a document number names; ``text`` (from the type word on) may give its date."""
        if doc is None:
            return self.default_work
        if doc == "này":
            return self.info.uri
        return self.resolver.uri(doc) or self._dated.get(doc) or self._derived_uri(doc, text)

    def _derived_uri(self, number: str, text: str) -> str:
        """A work not in the corpus: its FRBR URI from its number and the date the text gives."""
        from ..ids import FrbrUri, subtype_from_number
        from ..parse.citations import find_references
        from ..parse.header import ref_uri
        for r in find_references(text[:400]):
            if r.number and r.number.replace(" ", "") == number:
                return ref_uri(r, self.locality)
        sub = subtype_from_number(number)
        if sub:
            local_doc = "HĐND" in number or "UBND" in number
            return FrbrUri.for_work(sub, None, number, self.locality if local_doc else None).work_uri()
        return f"urn:unresolved:{number}"

    def doc_in(self, s: str) -> str | None:
        """The work the last document named in ``s`` (outside descriptions) stands for."""
        from .grammar import strip_descriptions
        toks = doc_tokens(strip_descriptions(s), self.aliases)
        if not toks:
            return None
        a, _, number = toks[-1]
        return self.work_of(number, s[a:])

    def named_works(self, s: str) -> list[tuple[int, int, str, str]]:
        """(start, end, work URI, as named) of every other document named in ``s``.

        By number ("Luật Đất đai số 45/2013/QH13"), by declared short name, or by
        type, title and date without a number ("Luật Doanh nghiệp ngày 26 tháng 11
        năm 2014"); descriptive clauses ("đã được sửa đổi, bổ sung theo Luật số …")
        name no target.
        """
        from ..parse.citations import find_references
        from ..parse.header import ref_uri
        from .grammar import strip_descriptions
        bare = strip_descriptions(s)
        out = []
        for a, b, number in doc_tokens(bare, self.aliases):
            if number != "này":
                out.append((a, b, self.work_of(number, s[a:]), s[a:b]))
        for ref in find_references(bare):
            if ref.number or any(a <= ref.start < b for a, b, _, _ in out):
                continue
            if re.match(r"^\s*(?:Nghị\s+quyết|Quyết\s+định|Thông\s+tư|Luật|Nghị\s+định)\s+này", s[ref.start:]):
                continue
            hit = self.resolver.find(ref.subtype, ref.title, ref.date.isoformat() if ref.date else None)
            out.append((ref.start, ref.end, hit or ref_uri(ref, self.locality), s[ref.start:ref.end]))
        return sorted(out)

    def own_annexes(self) -> dict:
        """The annexes attached to this document, by eId ("att_1" for "PHỤ LỤC 01")."""
        parent = self.root.getparent()
        atts = parent.find(f".//{q('attachments')}") if parent is not None else None
        if atts is None:
            atts = self.root.find(f".//{q('attachments')}")
        return {a.get("eId"): a for a in (atts if atts is not None else []) if local(a) == "attachment"}

    # -- operations ----------------------------------------------------------------
    def next_id(self) -> str:
        self._n += 1
        slug = (self.info.number or self.info.uri).lower().replace("/", "-")
        return f"{slug}#{self._n}"

    def source(self, unit, sentence: str, span=(0, 0)) -> Source:
        eid = unit.get("eId") or ""
        return Source(work=self.info.uri, provision=eid, sentence=sentence, span=tuple(span),
                      label=provision_label(eid), number=self.info.number or "")

    def effective(self) -> str | None:
        return self.info.in_force

    def emit(self, op: Operation, block=None, unit=None) -> Operation:
        self.reading.operations.append(op)
        if op.work:
            self.reading.targets.add(op.work)
        if block is not None:
            self.claim(block, unit if unit is not None else block, "proposed" if op.status == "proposed" else "operation",
                       op.id, op.source.sentence)
        return op

    def propose(self, unit, block, sentence: str, why: str) -> None:
        """An instruction read with doubt: kept for review, never applied."""
        op = ReplaceWords(id=self.next_id(), source=self.source(unit, sentence, (0, len(sentence))),
                          work=self.destination(unit) or "", target="", effective=self.effective(),
                          status="proposed", note=why)
        self.emit(op, block, unit)
        self.unread(unit, sentence, why, claim=None)

    def unread(self, unit, text: str, why: str, *, claim=None) -> None:
        where = provision_label(unit.get("eId") or "")
        self.reading.unread.append(Diagnostic("warning", f"{why}: {text[:160]}", self.document, where,
                                              code="unread", extra={"sentence": text, "where_vi": where,
                                                                    "work": self.destination(unit) or ""}))
        if claim is not None:
            self.claim(claim, unit, "unread", why, text)

    # -- claims --------------------------------------------------------------------
    def _key(self, block) -> str:
        return self._paths.getpath(block)

    def claim(self, block, unit, outcome: str, detail: str = "", sentence: str | None = None) -> None:
        """Record what ``block`` was found to be (a block keeps its strongest finding)."""
        key = self._key(block)
        old = self._claims.get(key)
        if old is not None and old.outcome == "operation" and outcome != "operation":
            return
        if old is not None and old.outcome == outcome and outcome in ("operation", "proposed"):
            detail = f"{old.detail} {detail}".strip()
        text = sentence if sentence is not None else (text_of(block) if local(block) != "p" or
                                                      block.find(q("mod")) is None else (block.text or "").strip())
        self._claims[key] = Finding(unit.get("eId") or "", text, outcome, detail,
                                    self.destination(unit) or "" if outcome != "own-rule" else "")

    def claimed(self, block) -> Finding | None:
        return self._claims.get(self._key(block))

    def blocks(self) -> list[tuple[etree._Element, str]]:
        """Every (block, text) of the body and the closing clauses outside quotations, in document order.

        Read once: reading changes no element of the amending document, and every pass walks these.
        """
        if self._blocks is None:
            self._blocks = list(self._walk_blocks())
        return self._blocks

    def _walk_blocks(self):
        parts = [e for e in (self.root.find(q("body")), self.root.find(q("conclusions"))) if e is not None]
        for el in (x for part in parts for x in part.iter(q("heading"), q("p"))):
            if el.xpath("ancestor::a:quotedStructure|ancestor::a:blockContainer", namespaces=NS):
                continue
            if local(el) == "p" and el.find(q("mod")) is not None:
                t = (el.text or "").strip()
            else:
                t = text_of(el)
            if t.strip():
                yield el, t

    def unit_of(self, block):
        """The provision a block belongs to."""
        for a in block.iterancestors():
            if local(a) in UNITS or local(a) in ("body", "conclusions"):
                return a
        return block

    # -- the walk ------------------------------------------------------------------
    def read(self) -> Reading:
        from .passes import PASSES
        from .rules import walk
        body = self.root.find(q("body"))
        if body is not None:
            for art in body.iter(q("article")):
                if art.xpath("ancestor::a:quotedStructure", namespaces=NS):
                    continue
                if art.getparent() is not None and local(art.getparent()) in UNITS:
                    continue
                if not self.amends_here(art):
                    continue          # the document's own rules: the sweep says so for each block
                walk(self, art, Ctx({}, self.default_work))
        for _, run in PASSES:
            run(self)
        self.reading.findings = [self._claims[self._key(b)] for b, _ in self.blocks() if self._key(b) in self._claims]
        return self.reading


def read(tree, resolver: Resolver | None = None, *, bases=None, document=None) -> Reading:
    """Read the operations of one amending document (the stage's entry point)."""
    return Reader(tree, resolver or Resolver(), bases=bases, document=document).read()


__all__ = ["Ctx", "Reader", "View", "WorkInfo", "read", "view_of"]
