"""Redline between two versions of a work, from the operation log.

The units to compare are those the operations applied between the two
versions touched (not a diff of the whole text); inside each, the change is
shown word by word.  Everything else is unchanged and is collapsed by the
reader.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .akn import eid_index, local
from .read import provision_label
from .render.text import unit_lines

_TOKENS = re.compile(r"\S+\s*|\s+")     # a word with the spaces after it


@dataclass
class Hunk:
    """One changed unit: its address, label, what happened, and the word-level pieces."""

    eid: str
    label: str
    kind: str                      # changed | inserted | repealed | suspended | removed | moved
    pieces: list[tuple[str, str]] = field(default_factory=list)   # ("=", "-", "+", text)
    ops: list[str] = field(default_factory=list)


def words_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level pieces: ``("=", text)``, ``("-", deleted)``, ``("+", inserted)``.

    >>> words_diff("thời hạn 12 tháng", "thời hạn 24 tháng")
    [('=', 'thời hạn '), ('-', '12 '), ('+', '24 '), ('=', 'tháng')]
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[tuple[str, str]] = []
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("-", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("+", "".join(b[j1:j2])))
    merged: list[tuple[str, str]] = []
    for k, t in out:
        if merged and merged[-1][0] == k:
            merged[-1] = (k, merged[-1][1] + t)
        else:
            merged.append((k, t))
    return merged


def _text(el) -> str:
    return "\n".join(unit_lines(el)) if el is not None else ""


def _label(el) -> str:
    lines = list(unit_lines(el)) if el is not None else []
    return lines[0][:80] if lines else ""


def redline(cons, start_a, start_b) -> list[Hunk]:
    """The changes from the version starting ``start_a`` to the one starting ``start_b``."""
    va = next(v for v in cons.versions if v.start == start_a)
    vb = next(v for v in cons.versions if v.start == start_b)
    before = {o.id for o in va.applied}
    new_ops = [o for o in vb.applied if o.id not in before]
    if not new_ops and len(vb.applied) < len(va.applied):
        new_ops = [o for o in va.applied if o.id not in {x.id for x in vb.applied}]
        va, vb = vb, va
    ia, ib = eid_index(va.root), eid_index(vb.root)
    targets: dict[str, list[str]] = {}
    moved: dict[str, str] = {}          # new address → old address
    for o in new_ops:
        eids = list(getattr(o, "rows", ()) or ()) or [getattr(o, "new_eid", "") or o.target]
        if o.kind == "move":
            moved[o.new_eid] = o.target
        for t in eids:
            if t:
                targets.setdefault(t, []).append(o.id)
    # a unit inside another changed unit is shown with its ancestor
    keep = [t for t in targets if not any(t != u and t.startswith(u + "__") for u in targets)]
    hunks = []
    for eid in sorted(keep, key=lambda e: _doc_order(e, ia, ib)):
        a, b = ia.get(moved.get(eid, eid)), ib.get(eid)
        if eid in moved and a is not None and b is not None:
            old_list = a.getparent()
            new_list = b.getparent()
            kind = "moved"
            pieces = [("-", _label(old_list)), ("+", _label(new_list)), ("=", "\n" + _text(b))]
        elif a is None and b is not None:
            kind, pieces = "inserted", [("+", _text(b))]
        elif b is None and a is not None:
            kind, pieces = "removed", [("-", _text(a))]
        elif a is None and b is None:
            continue
        else:
            st = b.get("{http://amend.invalid/ns/1.0}status")
            kind = {"repealed": "repealed", "suspended": "suspended"}.get(st, "changed")
            pieces = words_diff(_text(a), _text(b))
        where = provision_label(eid, (b if b is not None else a).getroottree())
        first = _label(b if b is not None else a)
        hunks.append(Hunk(eid, f"{where[:1].upper()}{where[1:]}: {first}" if where else first, kind, pieces,
                          targets.get(eid, [])))
    return hunks


def _doc_order(eid: str, ia: dict, ib: dict) -> tuple:
    el = ib.get(eid) if eid in ib else ia.get(eid)
    if el is None:
        return (1, eid)
    depth = sum(1 for _ in el.iterancestors())
    path = []
    for anc in [el, *el.iterancestors()]:
        path.append(sum(1 for _ in anc.itersiblings(preceding=True)))
    return (0, tuple(reversed(path)), depth, local(el))
