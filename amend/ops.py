"""Operations: the typed, guarded patches that amending documents make.

One frozen dataclass per kind; :data:`KINDS` is derived from the classes.
Each operation knows its source (amending work, provision eId, the
Vietnamese sentence and its span), its target (work + eId, or a phrase or
table row inside a unit), its effective date and its guard.  ``apply``
changes a working tree *in place*; :mod:`amend.versions` makes the copy, so
input trees are never mutated, and discards it when a guard fails, so a
document applies whole or not at all.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import re
from dataclasses import dataclass
from typing import ClassVar

from lxml import etree

from .akn import AKN_NS, AMEND_NS, E, local, q, text_of
from .errors import ConflictError, InstructionError
from .text import POINT_LETTERS, format_number, parse_number

PROV = f"{{{AMEND_NS}}}op"          # the operation that last changed an element
STATUS = f"{{{AMEND_NS}}}status"    # repealed | suspended
REPEALED_TEXT = "(được bãi bỏ)"



@dataclass(frozen=True)
class Source:
    """Where an operation was read: the amending work, the provision, the sentence."""

    work: str
    provision: str
    sentence: str = ""
    span: tuple[int, int] = (0, 0)
    label: str = ""          # "điểm a khoản 1 Điều 1", as official footnotes cite it
    number: str = ""         # "12/2024/TT-NHNN"


class Index:
    """eId → element for a working tree, kept current as operations change it."""

    def __init__(self, root):
        self.root = root
        self.map: dict[str, etree._Element] = {}
        self.add(root)

    def add(self, el) -> None:
        m = self.map
        for e in el.iter(etree.Element):
            eid = e.get("eId")
            if eid:
                m[eid] = e

    def drop(self, el) -> None:
        m = self.map
        for e in el.iter(etree.Element):
            eid = e.get("eId")
            if eid and m.get(eid) is e:
                del m[eid]

    def get(self, eid: str):
        return self.map.get(eid)

    def save(self, op_id: str, eid: str) -> None:
        """Keep a copy of ``eid`` as it stands before operation ``op_id`` (None: not there yet)."""
        import copy
        el = self.map.get(eid)
        if not hasattr(self, "saved"):
            self.saved = {}
        self.saved[op_id] = (eid, None if el is None else copy.deepcopy(el))

    def restore(self, op_id: str) -> str | None:
        """Put back what :meth:`save` kept for ``op_id``; the eId restored, or None if nothing was kept."""
        eid, old = getattr(self, "saved", {}).pop(op_id, (None, None))
        if eid is None:
            return None
        cur = self.map.get(eid)
        if old is None:
            if cur is not None:
                self.drop(cur)
                cur.getparent().remove(cur)
            return eid
        if cur is None:
            return None
        self.drop(cur)
        old.tail = cur.tail
        cur.getparent().replace(cur, old)
        self.add(old)
        return eid

    def prepare(self, ops) -> None:
        """Parse the new content of many operations in one pass (one parser call, not one per operation)."""
        todo = [o for o in ops if getattr(o, "content", "")]
        if not todo:
            return
        wrapper = etree.fromstring(f'<w xmlns="{AKN_NS}">' + "".join(o.content for o in todo) + "</w>")
        self.contents = {o.id: el for o, el in zip(todo, list(wrapper))}
        for el in self.contents.values():
            wrapper.remove(el)

    def content(self, op) -> etree._Element:
        el = getattr(self, "contents", {}).pop(op.id, None)
        return el if el is not None else etree.fromstring(op.content)


@dataclass(frozen=True)
class Operation:
    """Common fields of every operation."""

    kind: ClassVar[str] = ""
    id: str
    source: Source
    work: str                 # the target work's FRBR URI
    target: str               # eId of the target unit (or of the new unit)
    effective: str | None     # ISO date the change takes effect; None if unknown
    status: str = "ready"     # ready | proposed (shown for review, never applied)
    note: str = ""
    expires: str | None = None  # ISO date: the last day a time-limited change applies
    applies: str | None = None  # ISO date the changed provision applies from, where the document says it differs

    # -- serialisation --------------------------------------------------------
    def to_dict(self) -> dict:
        return {"kind": self.kind, **dataclasses.asdict(self)}

    def describe(self) -> str:
        return f"{self.kind} {self.target}"

    # -- helpers for apply ----------------------------------------------------
    def conflict(self, message: str, *, expected: str | None = None, found: str | None = None,
                 candidate: str | None = None) -> ConflictError:
        where = f"{self.source.label or self.source.provision} → {self.target}"
        return ConflictError(message, document=self.source.number or self.source.work, where=where,
                             expected=expected, found=found, candidate=candidate)

    def resolve(self, index: Index):
        el = index.get(self.target)
        if el is None:
            from .akn import nearest
            raise self.conflict("target provision not found in the text being amended",
                                expected=f"a unit with eId {self.target}", found="none",
                                candidate=nearest(self.target, index.map))
        return el

    def mark(self, el) -> None:
        """Record provenance: the element was last changed by this operation."""
        el.set(PROV, self.id)

    def apply(self, index: Index) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


_UNIT_WORD = re.compile(r"^(?:Phần(?:\s+thứ)?|PHẦN(?:\s+THỨ)?|Chương|CHƯƠNG|Tiểu\s+mục|TIỂU\s+MỤC|Mục|MỤC|Điều|Khoản|"
                        r"Điểm|Tiết|Phụ\s+lục|PHỤ\s+LỤC)\s*", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def order_key(num: str) -> tuple:
    """Sort key for unit numbers as Vietnamese drafting writes them, whatever the unit word.

    >>> sorted(["Mục 3", "Mục 1", "Mục 2"], key=order_key)
    ['Mục 1', 'Mục 2', 'Mục 3']
    >>> sorted(["Điều 32a.", "Điều 33.", "Điều 32."], key=order_key)
    ['Điều 32.', 'Điều 32a.', 'Điều 33.']
    >>> sorted(["đ)", "e)", "d)"], key=order_key)
    ['d)', 'đ)', 'e)']
    >>> sorted(["Chương III", "Chương IIa", "Chương II"], key=order_key)
    ['Chương II', 'Chương IIa', 'Chương III']
    >>> sorted(["(iv)", "(i)", "(ii)"], key=order_key)
    ['(i)', '(ii)', '(iv)']
    """
    raw = _UNIT_WORD.sub("", (num or "").strip()).rstrip(".:").strip()
    s = raw.strip("()")
    from .text import roman_to_int
    if raw.startswith("(") and re.fullmatch(r"[ivxl]+", s):     # a tiết: (i) < (ii) < (iv)
        return (1, roman_to_int(s.upper()) or 0, 0)
    m = re.match(r"^(\d+)([a-zđ]?)$", s)
    if m:
        suf = m.group(2)
        return (0, int(m.group(1)), POINT_LETTERS.index(suf) + 1 if suf in POINT_LETTERS else 0)
    if s in POINT_LETTERS:
        return (1, POINT_LETTERS.index(s), 0)
    m = re.match(r"^([IVXLCDM]+)([a-zđ]?)$", s)
    if m and roman_to_int(m.group(1)) is not None:
        suf = m.group(2)
        return (2, roman_to_int(m.group(1)), POINT_LETTERS.index(suf) + 1 if suf in POINT_LETTERS else 0)
    return (3, 0, 0)


_Q_NUM = f"{{{AKN_NS}}}num"
_Q_CONTENT = f"{{{AKN_NS}}}content"
_Q_P = f"{{{AKN_NS}}}p"
_Q_INTRO = f"{{{AKN_NS}}}intro"
_Q_WRAPUP = f"{{{AKN_NS}}}wrapUp"


def num_of(el) -> str:
    """The unit's number as printed; an annex, which has no ``num``, by the number its eId carries."""
    n = el.find(_Q_NUM)
    if n is not None:
        return n.text or ""
    eid = el.get("eId") or ""
    return eid.rpartition("_")[2] if eid.startswith("att_") else ""


@dataclass(frozen=True)
class ReplaceUnit(Operation):
    """"Sửa đổi, bổ sung Điều 8 như sau: …": the unit's content is replaced."""

    kind: ClassVar[str] = "replace"
    content: str = ""          # serialised AKN of the new unit (eIds already final)

    def apply(self, index: Index) -> None:
        old = self.resolve(index)
        new = index.content(self)
        if local(new) != local(old) and local(new) != "content":
            raise self.conflict("the new content is a different kind of unit than the target",
                                expected=local(old), found=local(new))
        if local(new) == "content":
            # The quote is the unit's new body: keep the target's number and heading.
            keep = [c for c in old if local(c) in ("num", "heading")]
            for c in list(old):
                if c not in keep:
                    index.drop(c)
                    old.remove(c)
            units = [c for c in new if c.get("eId")]
            if units and len(units) == len(new):
                for c in units:
                    old.append(c)
            else:
                old.append(new)
            index.add(old)
            for a in (STATUS,):
                old.attrib.pop(a, None)
            self.mark(old)
            return
        index.drop(old)
        old.getparent().replace(old, new)
        index.add(new)
        self.mark(new)


@dataclass(frozen=True)
class ReplaceHeading(Operation):
    """"Sửa đổi tên Điều 5 như sau: …": the heading changes, the content stays."""

    kind: ClassVar[str] = "replace-heading"
    heading: str = ""

    def apply(self, index: Index) -> None:
        el = self.resolve(index)
        h = el.find(q("heading"))
        if h is None:
            h = E("heading")
            num = el.find(q("num"))
            (num.addnext(h) if num is not None else el.insert(0, h))
        for c in list(h):
            h.remove(c)
        h.text = self.heading
        self.mark(el)


@dataclass(frozen=True)
class ReplacePassage(Operation):
    """"Sửa đổi đoạn mở đầu khoản 2 Điều 25 như sau: “…”", "Bãi bỏ đoạn thứ hai khoản 1 Điều 11": one passage of
    a unit, its opening words before its points (``intro``) or its n-th paragraph (``1``, ``2``, … or ``last``),
    gets a new wording, or is taken out (``text`` empty); the unit's number and sub-units stay."""

    kind: ClassVar[str] = "replace-passage"
    passage: str = "intro"
    text: str = ""

    def _blocks(self, el) -> list:
        holders = [c for c in el if c.tag in (_Q_INTRO, _Q_CONTENT, _Q_WRAPUP)]
        if self.passage == "intro":
            holders = [h for h in holders if h.tag == _Q_INTRO]
        return [p for h in holders for p in h if p.tag == _Q_P]

    def apply(self, index: Index) -> None:
        el = self.resolve(index)
        blocks = self._blocks(el)
        if self.passage == "intro":
            chosen = blocks
        elif self.passage == "last":
            chosen = blocks[-1:]
        else:
            n = int(self.passage)
            chosen = blocks[n - 1:n] if 0 < n <= len(blocks) else []
        if not chosen:
            raise self.conflict("the passage to be changed is not in the unit",
                                expected=("the opening words before its points" if self.passage == "intro" else
                                          f"paragraph {self.passage} of its text"),
                                found=f"{len(blocks)} paragraphs")
        first, rest = chosen[0], chosen[1:]
        for extra in rest:
            extra.getparent().remove(extra)
        if self.text:
            for c in list(first):
                first.remove(c)
            first.text = self.text
        else:
            holder = first.getparent()
            holder.remove(first)
            if not len(holder):
                holder.getparent().remove(holder)
        self.mark(el)


@dataclass(frozen=True)
class InsertUnit(Operation):
    """"Bổ sung khoản 12 …", "Bổ sung Mục 3 Chương II …", "Bổ sung Điều 5a vào sau Điều 5"."""

    kind: ClassVar[str] = "insert"
    parent: str = ""           # eId of the unit that receives it ("" = the body)
    after: str | None = None   # eId of the anchor it goes after, if the sentence names one
    content: str = ""

    def apply(self, index: Index) -> None:
        if index.get(self.target) is not None:
            raise self.conflict("the provision to be added already exists",
                                expected=f"no unit {self.target}", found="one")
        new = index.content(self)
        if self.parent:
            parent = index.get(self.parent)
            if parent is None:
                raise self.conflict("the unit that should receive the new provision is not there",
                                    expected=f"a unit with eId {self.parent}", found="none")
        elif local(new) == "attachment":
            parent = index.root.find(f".//{q('attachments')}")
            if parent is None:
                from .akn import main_doc
                parent = E("attachments")
                main_doc(index.root).append(parent)
        else:
            parent = index.root.find(f".//{q('body')}")
        if self.after:
            anchor = index.get(self.after)
            if anchor is None:
                raise self.conflict("the anchor named by the instruction is not there",
                                    expected=f"a unit with eId {self.after}", found="none")
            anchor.addnext(new)
            new.tail = anchor.tail
        else:
            _insert_in_order(parent, new)
        index.add(new)
        self.mark(new)


def _insert_in_order(parent, new) -> None:
    """Place ``new`` among its siblings of the same kind by number, else at the end."""
    tag = new.tag
    key = order_key(num_of(new))
    same = [c for c in parent if c.tag == tag]
    before = [c for c in same if order_key(num_of(c)) < key]
    if before:
        before[-1].addnext(new)
        new.tail = before[-1].tail
    elif same:
        same[0].addprevious(new)
        new.tail = same[0].tail
    else:
        # after the last structural child (num/heading/intro/content/other units), before wrapUp
        wrap = parent.find(q("wrapUp"))
        if wrap is not None:
            wrap.addprevious(new)
        else:
            parent.append(new)
        prev = new.getprevious()
        new.tail = prev.tail if prev is not None else None


@dataclass(frozen=True)
class RepealUnit(Operation):
    """"Bãi bỏ khoản 3 Điều 7": the unit stays as its number and "(được bãi bỏ)"."""

    kind: ClassVar[str] = "repeal"

    def apply(self, index: Index) -> None:
        el = self.resolve(index)
        if el.get(STATUS) == "repealed":
            raise self.conflict("the provision was already repealed", expected="a provision in force",
                                found=f"repealed by {el.get(PROV)}")
        for c in list(el):
            if local(c) != "num":
                index.drop(c)
                el.remove(c)
        etree.SubElement(etree.SubElement(el, _Q_CONTENT), _Q_P).text = REPEALED_TEXT
        el.set(STATUS, "repealed")
        self.mark(el)


@dataclass(frozen=True)
class SuspendUnit(Operation):
    """"Ngưng hiệu lực thi hành khoản 8 …": the text stays, marked suspended."""

    kind: ClassVar[str] = "suspend"
    until: str = ""            # the end as the source states it (a date or an event)

    def apply(self, index: Index) -> None:
        el = self.resolve(index)
        el.set(STATUS, "suspended")
        self.mark(el)


_NOTE = f"{{{AKN_NS}}}authorialNote"
_SKIP_TEXT = frozenset({_NOTE, f"{{{AKN_NS}}}num"})


def _text_nodes(el):
    """(element, attribute) pairs holding the text of ``el``: numbers and notes are not text to amend."""
    skip = _SKIP_TEXT
    for e in el.iter(etree.Element):
        if e.tag in skip:
            continue
        t = e.text
        if t and not t.isspace():
            yield e, "text"
        for c in e:
            t = c.tail
            if t and not t.isspace():
                yield c, "tail"


@dataclass(frozen=True)
class ReplaceWords(Operation):
    """"Thay thế cụm từ “A” bằng cụm từ “B” tại …"; the guard is the number of occurrences."""

    kind: ClassVar[str] = "replace-words"
    scope: tuple[str, ...] = ()    # eIds where the phrase is to be changed (target is the first)
    old: str = ""
    new: str = ""
    count: int | None = None       # stated count; None = every occurrence, at least one

    def apply(self, index: Index) -> None:
        total = 0
        for eid in self.scope or (self.target,):
            el = _located(self, index, eid)
            n = 0
            for node, attr in list(_text_nodes(el)):
                s = getattr(node, attr)
                c = s.count(self.old)
                if c:
                    setattr(node, attr, s.replace(self.old, self.new))
                    n += c
            if n == 0:
                raise self.conflict(f"the phrase “{self.old}” is not in {eid or 'the text'}",
                                    expected="at least one occurrence", found="0")
            total += n
            self.mark(el)
        if self.count is not None and total != self.count:
            raise self.conflict(f"the phrase “{self.old}” occurs {total} times, the instruction says {self.count}",
                                expected=str(self.count), found=str(total))


@dataclass(frozen=True)
class DeleteWords(ReplaceWords):
    """"Bỏ cụm từ “A” tại …"."""

    kind: ClassVar[str] = "delete-words"


@dataclass(frozen=True)
class InsertWords(Operation):
    """"Bổ sung cụm từ “A” vào sau cụm từ “B” …"; the anchor must be found once."""

    kind: ClassVar[str] = "insert-words"
    anchor: str = ""
    new: str = ""
    before: bool = False           # "vào trước cụm từ …" (default: after)
    scope: tuple[str, ...] = ()    # every location named (target is the first)
    at_end: bool = False           # "Bổ sung vào cuối khoản 2 …": after the unit's own text, before its last stop

    def apply(self, index: Index) -> None:
        if self.at_end:
            for eid in self.scope or (self.target,):
                el = _located(self, index, eid)
                ps = [p for part in (el.find(q("content")), el.find(q("intro"))) if part is not None
                      for p in part.iter(q("p"))]
                if not ps:
                    raise self.conflict(f"{eid} has no text of its own to add to", expected="a unit with text",
                                        found="only sub-units")
                p = ps[-1]
                last = p[-1] if len(p) else None
                node, attr = (last, "tail") if last is not None and (last.tail or "").strip() else (p, "text")
                s = getattr(node, attr) or ""
                body, stop = re.match(r"^(.*?)([.;:]?\s*)$", s, re.S).groups()
                sep = "" if self.new[:1] in ",.;:" else " "
                setattr(node, attr, body + sep + self.new + stop)
                self.mark(el)
            return
        for eid in self.scope or (self.target,):
            el = _located(self, index, eid)
            hits = [(n, a) for n, a in _text_nodes(el) if self.anchor in getattr(n, a)]
            count = sum(getattr(n, a).count(self.anchor) for n, a in hits)
            if count != 1:
                raise self.conflict(f"the anchor phrase “{self.anchor}” must occur once in {eid or 'the text'}",
                                    expected="1", found=str(count))
            node, attr = hits[0]
            s = getattr(node, attr)
            if self.before:
                i = s.index(self.anchor)
                setattr(node, attr, s[:i] + self.new + " " + s[i:])
            else:
                i = s.index(self.anchor) + len(self.anchor)
                sep = "" if self.new[:1] in ",.;:" else " "
                setattr(node, attr, s[:i] + sep + self.new + s[i:])
            self.mark(el)


def _located(op: Operation, index: Index, eid: str):
    """The unit a phrase operation works in: ``eid``, or the whole body when no unit is named."""
    if not eid:
        body = index.root.find(f".//{q('body')}")
        if body is None:
            raise op.conflict("the text being amended has no body", expected="a body", found="none")
        return body
    el = index.get(eid)
    if el is None:
        from .akn import nearest
        raise op.conflict("a location named by the instruction is not there",
                          expected=f"a unit with eId {eid}", found="none", candidate=nearest(eid, index.map))
    return el


@dataclass(frozen=True)
class RemoveRows(Operation):
    """"Điều chỉnh giảm 3 nhiệm vụ, gồm: …": named table rows leave the tables."""

    kind: ClassVar[str] = "remove-rows"
    rows: tuple[str, ...] = ()      # row eIds, each resolved once
    labels: tuple[str, ...] = ()    # the names as the source gives them
    count: int | None = None        # the stated number of items

    def apply(self, index: Index) -> None:
        if self.count is not None and len(self.labels) != self.count:
            raise self.conflict(f"the instruction states {self.count} items but names {len(self.labels)}",
                                expected=str(self.count), found=str(len(self.labels)))
        for eid in self.rows:
            tr = index.get(eid)
            if tr is None:
                raise self.conflict("a table row named by the instruction is not there",
                                    expected=f"row {eid}", found="none")
            table = next((a for a in tr.iterancestors() if local(a) == "table"), None)
            index.drop(tr)
            tr.getparent().remove(tr)
            if table is not None:
                self.mark(table)       # the table says which document took rows out of it (its footnote)


@dataclass(frozen=True)
class ChangeValue(Operation):
    """"điều chỉnh tổng kinh phí từ 3.800 tỷ đồng còn 2.030 tỷ đồng"."""

    kind: ClassVar[str] = "change-value"
    old: str = ""                   # as printed ("3.800")
    new: str = ""
    difference: str | None = None   # stated difference, if any ("1.770")

    def apply(self, index: Index) -> None:
        el = self.resolve(index)
        old_v, new_v = parse_number(self.old), parse_number(self.new)
        if self.difference is not None:
            d = parse_number(self.difference)
            if d is None or abs(abs(old_v - new_v) - d) > 1e-9:
                raise self.conflict("the stated difference does not match the old and new values",
                                    expected=format_number(abs(old_v - new_v)), found=self.difference)
        hits = [(n, a) for n, a in _text_nodes(el) if self.old in getattr(n, a)]
        found = [parse_number(x) for x in re.findall(r"\d[\d.,]*\d|\d", text_of(el))]
        if not hits or old_v not in found:
            raise self.conflict(f"the old value {self.old} is not in the target",
                                expected=self.old, found=", ".join(format_number(v) for v in found if v is not None) or "no number")
        node, attr = hits[0]
        s = getattr(node, attr)
        setattr(node, attr, s.replace(self.old, self.new, 1))
        for qn in el.iter(q("quantity")):
            if parse_number(qn.text or "") == new_v:
                qn.set("normalized", str(int(new_v)) if new_v == int(new_v) else str(new_v))
        self.mark(el)


@dataclass(frozen=True)
class MoveRow(Operation):
    """"điều chỉnh mục tiêu … từ năm 2022 sang năm 2025": an item moves to another list."""

    kind: ClassVar[str] = "move"
    destination: str = ""      # eId of the unit that receives the item
    label: str = ""            # the item as the instruction names it
    matched: str = ""          # the item as the text names it
    score: float = 100.0       # fuzzy-match score of label against matched
    new_eid: str = ""          # the item's address in its new list

    def apply(self, index: Index) -> None:
        el = self.resolve(index)
        dest = index.get(self.destination)
        if dest is None:
            raise self.conflict("the destination of the move is not there",
                                expected=f"a unit with eId {self.destination}", found="none")
        if self.new_eid and index.get(self.new_eid) is not None:
            raise self.conflict("the new address of the moved item is taken", expected=f"no unit {self.new_eid}",
                                found="one")
        index.drop(el)
        prev = el.getprevious()
        if prev is not None:
            prev.tail = el.tail if el.tail is not None else prev.tail
        el.getparent().remove(el)
        last = [c for c in dest if local(c) == local(el)]
        (last[-1].addnext(el) if last else dest.append(el))
        if self.new_eid:
            old = el.get("eId")
            for e in el.iter():
                if isinstance(e.tag, str) and e.get("eId", "").startswith(old):
                    e.set("eId", self.new_eid + e.get("eId")[len(old):])
        index.add(el)
        self.mark(el)


@dataclass(frozen=True)
class Revoke(Operation):
    """"Bãi bỏ khoản 8 … Điều 1 Thông tư số 06/2023/TT-NHNN": an amending provision is repealed.

    ``target`` is the eId of the repealed provision *in the amending work*
    ``work``.  Replay ends the effect of every operation read from it:

    * a unit it inserted is taken out again;
    * a unit it replaced: when the revoking text says the earlier text applies
      again ("… tiếp tục thực hiện theo quy định tại …"), ``revive`` is set and
      the text as it stood before the replacement comes back; otherwise the
      unit is shown as repealed, since repealing an amending provision does
      not by itself revive what it had replaced (DESIGN §4; this is how
      21/VBHN-NHNN shows the provisions of 06/2023 that 12/2024 repealed).
    """

    kind: ClassVar[str] = "revoke"
    revive: bool = False      # the revoking text says the earlier text applies again

    def apply(self, index: Index) -> None:
        """On the amending document's own text the repealed provision reads "(được bãi bỏ)"; on the
        amended work replay ends the provision's operations instead (``amend.versions``)."""
        RepealUnit.apply(self, index)

    def covers(self, op: Operation) -> bool:
        p = op.source.provision
        return op.source.work == self.work and (p == self.target or p.startswith(self.target + "__"))


@dataclass(frozen=True)
class Expire(Operation):
    """The end of a time-limited change ("… được áp dụng từ ngày … đến hết ngày …").

    Made by replay, not read: the day after ``expires`` of operation ``of``,
    the unit it changed is put back as it stood before.
    """

    kind: ClassVar[str] = "expire"
    of: str = ""

    def apply(self, index: Index) -> None:
        if index.restore(self.of) is None:
            raise self.conflict("the time-limited change has nothing to undo", expected=f"the state before {self.of}",
                                found="none")


@dataclass(frozen=True)
class Correct(ReplaceWords):
    """Đính chính: a correction of a printing error, applied as a phrase replacement."""

    kind: ClassVar[str] = "correct"


@dataclass(frozen=True)
class ReplaceWork(Operation):
    """"Nghị quyết này thay thế Nghị quyết số …": a status change, not a text patch."""

    kind: ClassVar[str] = "replace-work"
    exceptions: tuple[str, ...] = ()   # provisions kept in force ("…, trừ quy định tại khoản 3 Điều 210")

    def apply(self, index: Index) -> None:
        return None


@dataclass(frozen=True)
class RepealWork(ReplaceWork):
    """"… các văn bản sau đây hết hiệu lực thi hành: a) Quyết định số …": a whole document ends."""

    kind: ClassVar[str] = "repeal-work"


# How each kind is named among AKN's textualMod types (suspensions are efficacyMods,
# whole-document operations forceMods: see ``akn_mod``).
AKN_MOD_TYPE = {"replace": "substitution", "replace-heading": "substitution", "replace-passage": "substitution", "insert": "insertion",
                "repeal": "repeal", "revoke": "repeal", "replace-words": "substitution", "delete-words": "repeal",
                "insert-words": "insertion", "correct": "substitution", "remove-rows": "repeal",
                "change-value": "substitution", "move": "renumbering", "expire": "substitution"}


def akn_mod(kind: str) -> tuple[str, str]:
    """``(element, type)`` of the AKN modification that records an operation of ``kind``."""
    if kind == "suspend":
        return "efficacyMod", "inapplication"
    if kind in ("replace-work", "repeal-work"):
        return "forceMod", "endOfEnactment"
    return "textualMod", AKN_MOD_TYPE.get(kind, "substitution")


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


KINDS: dict[str, type[Operation]] = {c.kind: c for c in _all_subclasses(Operation) if c.kind}


def from_dict(d: dict) -> Operation:
    """Inverse of :meth:`Operation.to_dict`: the fields checked against their types (msgspec converts in
    compiled code, a stored reading holding thousands of operations); a wrong one is named."""
    import msgspec
    cls = _kind_class(d)
    try:
        return msgspec.convert(d, cls)
    except msgspec.ValidationError as e:
        raise InstructionError(f"a stored {cls.kind} operation is not valid: {e}", where=str(d.get("id") or ""),
                               expected=f"the fields of a {cls.kind} operation") from None


def _kind_class(d) -> type[Operation]:
    """The operation class a stored operation names by its "kind", or an error naming what it says."""
    kind = d.get("kind") if isinstance(d, dict) else None
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise InstructionError(f"unknown operation kind {kind!r}", expected=", ".join(sorted(KINDS)))
    return cls


def dumps(ops) -> str:
    return json.dumps([o.to_dict() for o in ops], ensure_ascii=False, indent=1, sort_keys=True)


def loads(s: str) -> list[Operation]:
    """Operations from :func:`dumps`'s JSON."""
    import msgspec
    try:
        items = msgspec.json.decode(s, type=list[dict])
    except msgspec.DecodeError as e:         # a ValidationError too: not a list of objects
        raise InstructionError(f"stored operations are not a JSON list of operations: {e}",
                               expected="the JSON amend ops writes") from None
    # one conversion per kind of operation (in compiled code), each put back at its place
    places: dict[type, list[int]] = {}
    for i, d in enumerate(items):
        places.setdefault(_kind_class(d), []).append(i)
    out: list = [None] * len(items)
    for cls, idx in places.items():
        try:
            made = msgspec.convert([items[i] for i in idx], list[cls])
        except msgspec.ValidationError:
            for i in idx:          # the first operation at fault, named as from_dict names it
                from_dict(items[i])
            raise
        for i, o in zip(idx, made):
            out[i] = o
    return out

