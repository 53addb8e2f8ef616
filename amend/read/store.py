"""The reading kept and tried: operations stored in the amending document, a dry run of one sentence."""
from __future__ import annotations

import hashlib
import json
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


def store(tree, reading: Reading, against: dict | None = None):
    """A copy of the amending document with its operations in its metadata.

    Every operation becomes an AKN ``textualMod`` (or ``efficacyMod`` for a
    suspension, ``forceMod`` for a whole document replaced or ended) in
    ``analysis/activeModifications``, readable by any AKN tool; the full
    operations (row counts, values, moves, review status, sentence and span)
    go as JSON in ``proprietary/amend:operations``.

    With ``against`` (work URI → eIds of the documents it was read against), the rest of the reading goes
    too (``amend:reading``: what was not read, what the source leaves unknown, the works acted on), with a
    digest of those documents' eIds and of the document's own text, so that a later consolidation against
    the same documents takes the stored reading instead of reading again (:func:`stored_reading`).
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
    if against is not None:
        rest = {"unread": [_diagnostic(d) for d in reading.unread], "gaps": [_gap(g) for g in reading.gaps],
                "targets": sorted(reading.targets), "normative": reading.normative, "effects": reading.effects}
        prop.append(E("amend:reading", json.dumps(rest, ensure_ascii=False, sort_keys=True, indent=1),
                      against=" ".join(sorted(against)), basesDigest=bases_digest(against),
                      textDigest=_text_digest(root)))
    return root


def stored_reading(tree, against: dict, digest: str | None = None) -> Reading | None:
    """The reading stored in an amending document by :func:`store`, if it was made against these same
    documents (their URIs and eIds) and the document's text is the one it was read from; else None.
    ``digest``: :func:`bases_digest` of ``against``, when many documents are checked against the same ones."""
    from ..errors import Diagnostic
    from ..ops import loads
    from .model import Gap
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    prop = main_doc(root).find(f"{q('meta')}/{q('proprietary')}")
    if prop is None:
        return None
    kept = prop.find("{http://amend.invalid/ns/1.0}reading")
    ops = prop.find("{http://amend.invalid/ns/1.0}operations")
    if kept is None or ops is None:
        return None
    if (kept.get("against", "").split() != sorted(against)
            or kept.get("basesDigest") != (digest or bases_digest(against))
            or kept.get("textDigest") != _text_digest(root)):
        return None
    rest = json.loads(kept.text or "{}")
    r = Reading(work_info(root), operations=loads(ops.text or "[]"))
    r.unread = [Diagnostic(**d) for d in rest.get("unread", [])]
    r.gaps = [Gap(**{**g, "items": tuple(g.get("items", ()))}) for g in rest.get("gaps", [])]
    r.targets = set(rest.get("targets", []))
    r.normative = rest.get("normative", True)
    r.effects = rest.get("effects", [])
    return r


def _diagnostic(d) -> dict:
    return {"level": d.level, "message": d.message, "document": d.document, "where": d.where, "code": d.code,
            "extra": d.extra}


def _gap(g) -> dict:
    import dataclasses
    return dataclasses.asdict(g)


def bases_digest(against: dict) -> str:
    """What a stored reading was made against: the documents' URIs and eIds."""
    h = hashlib.sha256()
    for uri in sorted(against):
        h.update(uri.encode("utf-8") + b"\0" + "\n".join(sorted(against[uri])).encode("utf-8") + b"\0")
    return h.hexdigest()


def _text_digest(root) -> str:
    """The document's own words (preamble, body, conclusions, annexes), not its metadata."""
    from lxml import etree
    doc = main_doc(root)
    h = hashlib.sha256()
    for el in doc:
        if isinstance(el.tag, str) and el.tag != q("meta"):
            h.update(etree.tostring(el, method="text", encoding="utf-8", with_tail=False) + b"\0")
    return h.hexdigest()
