"""``meta`` for a work: FRBR identification, lifecycle, references, and the
project's proprietary block (dates, status, source span, issuer).
"""
from __future__ import annotations

import datetime
import hashlib

from ..akn import E, q
from ..ids import FrbrUri
from . import styles

ONTOLOGY = "/ontology"


def _a(tag: str, **attrs):
    el = E(tag)
    for k, v in attrs.items():
        if v is not None:
            el.set(k, str(v))
    return el


def build_meta(frbr: FrbrUri, *, number, title, date, in_force, rule, issuer: dict, facts: dict,
               source_text: str | None, body=None, conclusions=None, annexes=None,
               status: str = "complete", extra_proprietary=(), date_before: datetime.date | None = None):
    """The ``meta`` element of a work's original expression.

    AKN needs a date in FRBRdate; when the date of signing is not known, the
    date used is the one it is known to precede (``name="before"``), or
    1900-01-01 with ``name="unknown"``: never a guess presented as fact.
    """
    d = (date or date_before or datetime.date(1900, 1, 1)).isoformat()
    dname = "Generation" if date else ("before" if date_before else "unknown")
    work = frbr.work_uri()
    expr = frbr.expression_uri()
    author = f"#{issuer.get('id') or 'unknown'}"
    ident = E("identification", source="#amend")
    fw = E("FRBRWork", E("FRBRthis", value=f"{work}/!main"), E("FRBRuri", value=work))
    if title:
        fw.append(E("FRBRalias", value=title, name="title"))
    fw.append(E("FRBRdate", date=d, name=dname))
    fw.append(E("FRBRauthor", href=author))
    fw.append(E("FRBRcountry", value="vn"))
    fw.append(E("FRBRsubtype", value=frbr.subtype))
    if number:
        fw.append(E("FRBRnumber", value=number))
    if title:
        fw.append(E("FRBRname", value=title))
    ident.append(fw)
    ident.append(E("FRBRExpression", E("FRBRthis", value=f"{expr}/!main"), E("FRBRuri", value=expr),
                   E("FRBRdate", date=d, name=dname), E("FRBRauthor", href=author),
                   E("FRBRlanguage", language="vie")))
    ident.append(E("FRBRManifestation", E("FRBRthis", value=f"{expr}/!main.xml"), E("FRBRuri", value=f"{expr}.akn"),
                   E("FRBRdate", date=d, name=dname), E("FRBRauthor", href="#amend")))
    meta = E("meta", ident)

    events = []
    if date:
        events.append(("e_signed", date, "generation", "#ky-ban-hanh", "#original"))
    if in_force:
        # a date derived by a stated rule comes from amend, not from the document
        events.append(("e_in_force", in_force, "generation", "#hieu-luc",
                       "#amend" if (rule or "").startswith("earliest-") else "#original"))
    if events:
        lc = E("lifecycle", source="#amend")
        for eid, dd, typ, ref, src in events:
            lc.append(E("eventRef", eId=eid, date=dd.isoformat(), source=src, type=typ, refersTo=ref))
        meta.append(lc)

    refs = E("references", source="#amend")
    refs.append(E("original", eId="original", href=expr, showAs=title or number or work))
    refs.append(E("TLCOrganization", eId="amend", href=f"{ONTOLOGY}/organization/amend", showAs="amend"))
    if issuer.get("id") and issuer.get("id") != "amend":
        refs.append(E("TLCOrganization", eId=issuer["id"], href=f"{ONTOLOGY}/organization/vn/{issuer['id']}",
                      showAs=issuer.get("name") or issuer["id"]))
    for pid, name in _uniq(facts.get("people", [])):
        refs.append(E("TLCPerson", eId=pid, href=f"{ONTOLOGY}/person/vn/{pid}", showAs=name))
    for rid, name in _uniq(facts.get("roles", [])):
        refs.append(E("TLCRole", eId=rid, href=f"{ONTOLOGY}/role/vn/{rid}", showAs=name))
    units = set()
    for part in (body, conclusions, annexes):
        if part is None:
            continue
        for qn in part.iter(q("quantity")):
            units.add(qn.get("refersTo", "#don-vi").lstrip("#"))
    shown = {cid: show for _p, cid, show, _f in styles.MONEY_UNITS}
    shown["don-vi"] = "đơn vị"
    for cid in sorted(units):
        refs.append(E("TLCConcept", eId=cid, href=f"{ONTOLOGY}/concept/vn/{cid}", showAs=shown.get(cid, cid)))
    if events:
        refs.append(E("TLCEvent", eId="ky-ban-hanh", href=f"{ONTOLOGY}/event/vn/ky-ban-hanh", showAs="Ký ban hành"))
        if in_force:
            refs.append(E("TLCEvent", eId="hieu-luc", href=f"{ONTOLOGY}/event/vn/hieu-luc", showAs="Có hiệu lực"))
    meta.append(refs)

    prop = E("proprietary", source="#amend")
    w = _a("amend:work", status=status, subtype=frbr.subtype, number=number)
    prop.append(w)
    dates = _a("amend:dates", signed=date.isoformat() if date else "unknown",
               signedBefore=date_before.isoformat() if date_before else None,
               inForce=in_force.isoformat() if in_force else None, inForceRule=rule)
    prop.append(dates)
    isu = _a("amend:issuer", id=issuer.get("id"), name=issuer.get("name"), kind=issuer.get("kind"),
             level=issuer.get("level"), locality=issuer.get("locality"))
    prop.append(isu)
    if source_text is not None:
        span = facts.get("span")
        src = _a("amend:source", file="source.txt",
                 sha256=hashlib.sha256(source_text.encode("utf-8")).hexdigest(),
                 lines=f"{span[0]}-{span[1]}" if span else None,
                 dropped=",".join(f"{a}-{b}" for a, b in facts.get("dropped", [])) or None)
        if status == "incomplete":       # a work known from a news report: the report, named as printed
            from .report import press_report
            rep = press_report(source_text)
            for k, v in (rep.attributes() if rep else {}).items():
                if v:
                    src.set(k, v)
        if facts.get("current_text"):
            src.set("currentText", "true")     # the portal's current text: later changes merged into it
        invisible = facts.get("invisible") or ()
        if invisible:     # characters that print nothing, ignored when reading: where they stood in the source
            inv = _a("amend:invisible", count=str(len(invisible)), chars=" ".join(sorted({c for _, c in invisible})))
            inv.text = " ".join(f"{ln}:{c}" for ln, c in invisible[:500])
            src.append(inv)
        for note in facts.get("portal_notes") or ():
            n = _a("amend:portalNote", **note.as_xml_attrs())
            n.text = note.text
            src.append(n)
        prop.append(src)
    for el in extra_proprietary:
        prop.append(el)
    meta.append(prop)

    if annexes is not None:
        for att in annexes.iter(q("attachment")):
            _complete_component(att, frbr, d)
    return meta


def _complete_component(att, frbr: FrbrUri, d: str) -> None:
    for kind, base in (("FRBRWork", frbr.work_uri()), ("FRBRExpression", frbr.expression_uri()),
                       ("FRBRManifestation", frbr.expression_uri())):
        w = att.find(f".//{q(kind)}")
        this = w.find(q("FRBRthis"))
        name = this.get("value").split("/")[-1]
        if not name.startswith("!"):
            continue
        this.set("value", f"{base}/{name}")
        w.find(q("FRBRuri")).set("value", base)
        w.find(q("FRBRdate")).set("date", d)


def _uniq(pairs):
    seen = set()
    for a, b in pairs:
        if a not in seen:
            seen.add(a)
            yield a, b
