"""The reading kept and tried: operations stored in the amending document, a dry run of one sentence."""
from __future__ import annotations

import re

from ..akn import main_doc, q
from ..text import nfc
from .model import Reading, Resolver, work_info
from .reader import read


def explain(sentence: str, base_tree, resolver: Resolver | None = None) -> Reading:
    """Read one instruction, as if it were Điều 1 of a draft amending the base ("dry run")."""
    from ..parse import parse_text
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
    reading = read(tree, res, bases={base.uri: ids}, document="<instruction>")
    if not [o for o in reading.operations if o.status == "ready"]:
        # an adjustment of a plan ("Điều chỉnh giảm 3 nhiệm vụ, gồm: …") is read by the planning reader
        from .planning import read_planning
        draft = work_info(tree)
        planned = read_planning(sentence, root, source=draft, target=base.uri, effective=None)
        if planned.operations:
            return planned
    return reading


def store(tree, reading: Reading):
    """A copy of the amending document with its operations in its metadata.

    Every operation becomes an AKN ``textualMod`` (or ``efficacyMod`` for a
    suspension, ``forceMod`` for a whole document replaced or ended) in
    ``analysis/activeModifications``, readable by any AKN tool; the full
    operations (row counts, values, moves, review status, sentence and span)
    go as JSON in ``proprietary/amend:operations``.
    """
    import copy as _copy

    from ..akn import E
    from ..ops import dumps
    root = _copy.deepcopy(tree.getroot() if hasattr(tree, "getroot") else tree)
    meta = main_doc(root).find(q("meta"))
    if not reading.operations:
        return root
    am = E("activeModifications")
    for i, o in enumerate(reading.operations, 1):
        from ..ops import akn_mod
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
