"""Plain-text layout of a version: one unit per line, labelled as in the source."""
from __future__ import annotations

from ..akn import UNIT_NAMES, local, main_doc, q, text_of
from ..ops import PROV, STATUS

BLOCKS = ("p", "table", "blockList")


def _label(el) -> str:
    n = el.find(q("num"))
    return text_of(n) if n is not None else ""


def block_items(el, notes=None):
    """(kind, payload) of one block: ("text", line), ("table", the table element), or a unit's items."""
    name = local(el)
    if name in UNIT_NAMES:          # the articles of a regulation attached to the document
        yield from unit_items(el, notes)
    elif name == "p" and el.find(q("mod")) is not None:
        yield from _quoted_items(el, notes)
    elif name == "p":
        t = text_of(el)
        if t:
            yield "text", t
    elif name == "table":
        # the notes of the table and of its rows (rows taken out, values changed) stand on a line above it
        marks = "".join(notes(x) for x in [el, *el.iter(q("tr"))]) if notes else ""
        if marks:
            yield "text", marks
        yield "table", el
    elif name in ("blockList", "list"):
        for c in el:
            yield from block_items(c)
    else:
        t = text_of(el)
        if t:
            yield "text", t


def _quoted_items(p, notes=None):
    """A paragraph holding quoted new content: the words before it, then the quotation's own units and blocks
    as "quoted" lines (its marks kept on its first and last line), then the words after it."""
    items: list = []
    if (p.text or "").strip():
        items.append(("text", p.text.strip()))
    for mod in p.findall(q("mod")):
        qs = mod.find(q("quotedStructure"))
        inner = []
        for c in (qs if qs is not None else []):
            if isinstance(c.tag, str):
                inner += [("quoted", x[1]) if x[0] != "table" else x for x in block_items(c, notes)]
        opening, closing = (mod.text or ""), (qs.tail or "") if qs is not None else ""
        texts = [i for i, x in enumerate(inner) if x[0] == "quoted"]
        if texts:
            inner[texts[0]] = ("quoted", opening + inner[texts[0]][1])
            inner[texts[-1]] = ("quoted", inner[texts[-1]][1] + closing + (mod.tail or "").rstrip())
        items += inner
    yield from items


def table_rows(table) -> list[str]:
    return [" | ".join(text_of(c) for c in tr if local(c) in ("td", "th")) for tr in table.iter(q("tr"))]


def _as_lines(items):
    for kind, payload in items:
        if kind == "table":
            yield from table_rows(payload)
        else:
            yield payload


def _block_lines(el, notes=None):
    return _as_lines(block_items(el, notes))


def unit_items(el, notes=None):
    """(kind, payload) of one unit and its sub-units, in reading order: its first line is of the unit's kind
    ("chapter", "article", "paragraph", …), the rest "text" or "table"; ``notes(el)`` gives a footnote marker."""
    label = _label(el)
    mark = notes(el) if notes else ""
    heading = el.find(q("heading"))
    # as official consolidations print them: after the heading when there is one ("Điều 8. … vay[12]"),
    # else after the number ("Điều 29.[41] (được bãi bỏ)", "1.[4] Cho vay là …")
    head = label.strip() if heading is not None else (label + mark).strip()
    kind = local(el)
    body = []
    for c in el:
        name = local(c)
        if name in ("num", "heading"):
            continue
        if name in ("intro", "content", "wrapUp"):
            for b in c:
                body.extend((None, item) for item in block_items(b))
        elif name in UNIT_NAMES:
            body.append((c, None))
    if heading is not None:
        yield kind, f"{head} {text_of(heading)}{mark}".strip()
    elif body and body[0][1] is not None and body[0][1][0] == "text":
        yield kind, f"{head} {body[0][1][1]}".strip()
        body = body[1:]
    elif head:
        yield kind, head
    for child, item in body:
        if child is not None:
            yield from unit_items(child, notes)
        else:
            yield item


def unit_lines(el, notes=None):
    """Lines of one unit and its sub-units; ``notes(el)`` gives a footnote marker or ""."""
    return _as_lines(unit_items(el, notes))


def body_lines(root, notes=None):
    doc = main_doc(root)
    body = doc.find(q("body"))
    if body is None:
        return
    for c in body:
        if local(c) in UNIT_NAMES:
            yield from unit_lines(c, notes)
        elif local(c) == "hcontainer":
            for b in c.iter(q("p")):
                yield text_of(b)
    atts = doc.find(q("attachments"))
    for att in (atts if atts is not None else []):
        inner = att.find(q("doc"))
        if inner is None:
            continue
        for part in inner:
            if local(part) in ("preface", "mainBody"):
                for b in part:
                    yield from _block_lines(b, notes)


def render_text(root, *, footnotes=None) -> str:
    """The body of a version as text; ``footnotes`` is a ``{element: text}`` map or None."""
    order: list[str] = []

    def notes(el):
        if footnotes is None or el not in footnotes:
            return ""
        order.append(footnotes[el])
        return f"[{len(order)}]"

    lines = list(body_lines(root, notes if footnotes is not None else None))
    head = unapplied_notice(root)
    out = ("\n".join(head) + "\n\n" if head else "") + "\n".join(lines) + "\n"
    if order:
        out += "\n" + "\n".join(f"[{i}] {t}" for i, t in enumerate(order, 1)) + "\n"
    return out


def changed_units(root):
    """Elements of a version that carry the provenance of an operation."""
    return [e for e in root.iter() if isinstance(e.tag, str) and e.get(PROV)]


def is_suspended(el) -> bool:
    return el.get(STATUS) == "suspended"


def unapplied(root) -> list:
    """The instructions a version does not carry out, as its XML records them (``amend:unapplied``)."""
    from ..akn import NS, main_doc
    from ..versions import Unapplied
    meta = main_doc(root).find(q("meta"))
    prop = meta.find(q("proprietary")) if meta is not None else None
    if prop is None:
        return []
    return [Unapplied(e.get("document", ""), e.get("provision", ""), e.text or "", e.get("why", ""), e.get("date"))
            for e in prop.findall("amend:unapplied", NS)]


def unapplied_notice(root) -> list[str]:
    """"Chưa áp dụng N chỉ dẫn sửa đổi: …", the lines every output of the version opens with."""
    from ..versions import unapplied_lines
    return unapplied_lines(unapplied(root))
