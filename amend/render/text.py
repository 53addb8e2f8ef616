"""Plain-text layout of a version: one unit per line, labelled as in the source."""
from __future__ import annotations

from ..akn import UNIT_NAMES, local, main_doc, q, text_of
from ..ops import PROV, STATUS

BLOCKS = ("p", "table", "blockList")


def _label(el) -> str:
    n = el.find(q("num"))
    return text_of(n) if n is not None else ""


def _block_lines(el, notes=None):
    name = local(el)
    if name in UNIT_NAMES:          # the articles of a regulation attached to the document
        yield from unit_lines(el, notes)
    elif name == "p":
        t = text_of(el)
        if t:
            yield t
    elif name == "table":
        for tr in el.iter(q("tr")):
            yield " | ".join(text_of(c) for c in tr if local(c) in ("td", "th"))
    elif name in ("blockList", "list"):
        for c in el:
            yield from _block_lines(c)
    else:
        t = text_of(el)
        if t:
            yield t


def unit_lines(el, notes=None):
    """Lines of one unit and its sub-units; ``notes(el)`` gives a footnote marker or ""."""
    label = _label(el)
    mark = notes(el) if notes else ""
    heading = el.find(q("heading"))
    # as official consolidations print them: after the heading when there is one ("Điều 8. … vay[12]"),
    # else after the number ("Điều 29.[41] (được bãi bỏ)", "1.[4] Cho vay là …")
    head = label.strip() if heading is not None else (label + mark).strip()
    body = []
    for c in el:
        name = local(c)
        if name in ("num", "heading"):
            continue
        if name in ("intro", "content", "wrapUp"):
            for b in c:
                body.extend((None, line) for line in _block_lines(b))
        elif name in UNIT_NAMES:
            body.append((c, None))
    if heading is not None:
        yield f"{head} {text_of(heading)}{mark}".strip()
    elif body and body[0][1] is not None:
        yield f"{head} {body[0][1]}".strip()
        body = body[1:]
    elif head:
        yield head
    for child, line in body:
        if child is not None:
            yield from unit_lines(child, notes)
        else:
            yield line


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
