"""Quoted new content → the unit it becomes in the amended work (eIds made final)."""
from __future__ import annotations

from lxml import etree

from ..akn import local, q
from .grammar import AFTER_ANCHOR, LEVELS, RANK, Ref, read_refs, ref_eid


def quoted_units(mod):
    """The top-level units (or blocks) of a ``mod``'s quotation."""
    qs = mod.find(q("quotedStructure"))
    if qs is None:
        return []
    return [c for c in qs if isinstance(c.tag, str)]


def all_units(quoted) -> bool:
    return all(local(u) in ("article", "paragraph", "subparagraph", "point", "section", "chapter",
                            "part", "subsection", "indent", "attachment") for _, u in quoted)


def all_below(quoted, ref: Ref) -> bool:
    """Every quoted unit is of a lower level than the unit the reference names."""
    return all(RANK.get(local(u), 0) > ref.bottom() for _, u in quoted)


def content_element(mod, target_eid: str):
    """The quote as the target's new body: its sub-units (re-identified) or its text blocks."""
    from ..akn import E
    qs = mod.find(q("quotedStructure"))
    content = E("content")
    for c in qs:
        if not isinstance(c.tag, str):
            continue
        if c.get("eId"):
            c2 = rebase(c, f"{target_eid}__{c.get('eId').rpartition('__')[2]}")
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


def rebase(unit, target_eid: str):
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


def anchor_of(head: str, r: Ref, base) -> str | None:
    m = AFTER_ANCHOR.search(head)
    if not m or "sau" not in m.group(0):
        return None
    after = read_refs(head[m.end():])
    if not after:
        return None
    lv = {k: v for k, v in r.levels.items() if LEVELS[k] < after[0].top()}
    lv.update(after[0].levels)
    return ref_eid(lv, base)


_TERMINAL = ".;:!?…"


def close_sentence(new, mod) -> None:
    """“… theo phạm vi của Chương trình”. : the period after the closing mark ends the quoted sentence.

    Drafters put the full stop of a quoted provision after the closing
    quotation mark, where it also ends the instruction; in the amended text it
    belongs to the provision (the official consolidations print it there).  It
    is added only when the quoted text itself ends without punctuation.
    """
    if not (mod.tail or "").lstrip().startswith("."):
        return
    last = None
    for e in new.iter(q("p")):
        if (e.text or "").strip() or len(e):
            last = e
    if last is None:
        return
    if len(last):
        tail_el = last[-1]
        if (tail_el.tail or "").strip():
            if tail_el.tail.rstrip()[-1] not in _TERMINAL:
                tail_el.tail = tail_el.tail.rstrip() + "."
        return
    if last.text.rstrip()[-1] not in _TERMINAL:
        last.text = last.text.rstrip() + "."
