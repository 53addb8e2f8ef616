"""The end of a document: effect clause, Nơi nhận, signature, the
authentication block of a consolidated text, and its footnotes.
"""
from __future__ import annotations

import re

from ..akn import E
from ..text import is_upper, parse_date, slug
from . import styles
from .source import Line

# "12 Khoản này được …" (glued markers) or "[12] Khoản này được …" (bracketed, as gazette transcriptions write them)
FOOTNOTE = re.compile(r"^(?:(?P<n>\d{1,3})|\[(?P<b>\d{1,3})\])\s+(?P<text>\S.*)$")


def split_footnotes(lines: list[Line], start: int, end: int) -> tuple[int, dict[int, list[str]]]:
    """Find the footnotes of a consolidated text: numbered 1, 2, … to the end.

    Returns (index where they start, {number: [paragraphs]}); (end, {}) if none.
    """
    for i in range(start, end):
        m = FOOTNOTE.match(lines[i].text)
        if not (m and (m.group("n") or m.group("b")) == "1"):
            continue
        notes: dict[int, list[str]] = {}
        expect = 1
        ok = True
        for j in range(i, end):
            t = lines[j].text
            if not t:
                continue
            m2 = FOOTNOTE.match(t)
            if m2 and int(m2.group("n") or m2.group("b")) == expect:
                notes[expect] = [m2.group("text")]
                expect += 1
            elif notes:
                notes[expect - 1].append(t)
            else:
                ok = False
                break
        if ok and len(notes) >= 2:
            return i, notes
    return end, {}


def build_conclusions(lines: list[Line], facts: dict):
    """``conclusions`` from the lines after the body (annexes and notes excluded)."""
    concl = E("conclusions")
    i, n = 0, len(lines)
    people = facts.setdefault("people", [])
    roles = facts.setdefault("roles", [])
    while i < n:
        t = lines[i].text
        if not t:
            i += 1
            continue
        if styles.RECIPIENTS.match(t):
            box = E("blockContainer", E("p", t), eId="conclusions__recipients", **{"class": "recipients"})
            lst = E("blockList", eId="conclusions__recipients__list_1")
            i += 1
            k = 0
            while i < n:
                u = lines[i].text
                if not u:
                    i += 1
                    continue
                if not re.match(r"^[-–—+•]", u):
                    break
                k += 1
                lst.append(E("item", E("p", u), eId=f"conclusions__recipients__list_1__item_{k}"))
                i += 1
            if k:
                box.append(lst)
            concl.append(box)
            continue
        if styles.EFFECT_CLAUSE.match(t):
            concl.append(E("p", t, **{"class": "effect"}))
            i += 1
            continue
        if styles.AUTHENTICATION.match(t) or styles.DOC_NUMBER_LINE.match(t) or (
                styles.PLACE_DATE.match(t)):
            cls = ("authentication" if styles.AUTHENTICATION.match(t) else
                   "number" if styles.DOC_NUMBER_LINE.match(t) else "place-date")
            p = E("p", **{"class": cls})
            if cls == "number":
                p.append(E("docNumber", t))
            elif cls == "place-date":
                d = parse_date(t)
                p.append(E("docDate", t, date=d.isoformat()) if d else t)
            else:
                p.text = t
            concl.append(p)
            i += 1
            continue
        if is_upper(t) and _issuer_block(lines, i):
            while i < n and (not lines[i].text or is_upper(lines[i].text)) \
                    and not styles.DOC_NUMBER_LINE.match(lines[i].text):
                if lines[i].text:
                    concl.append(E("p", E("docAuthority", lines[i].text), **{"class": "issuer"}))
                i += 1
            continue
        if is_upper(t):
            # Signature: role lines, then the signer's name.
            nsig = facts["signatures"] = facts.get("signatures", 0) + 1
            block = E("blockContainer", eId=f"conclusions__signature_{nsig}", **{"class": "signature"})
            while i < n:
                u = lines[i].text
                if not u:
                    i += 1
                    continue
                if is_upper(u) and not styles.RECIPIENTS.match(u) and not styles.DOC_NUMBER_LINE.match(u) \
                        and not styles.AUTHENTICATION.match(u):
                    rid = slug(u) or "role"
                    roles.append((rid, u))
                    block.append(E("p", E("signature", E("role", u, refersTo=f"#{rid}"))))
                    i += 1
                    continue
                break
            if i < n and lines[i].text and not is_upper(lines[i].text) and \
                    not styles.RECIPIENTS.match(lines[i].text) and not styles.PLACE_DATE.match(lines[i].text) \
                    and not styles.DOC_NUMBER_LINE.match(lines[i].text):
                name = lines[i].text
                pid = slug(name) or "person"
                people.append((pid, name))
                block.append(E("p", E("signature", E("person", name, refersTo=f"#{pid}"))))
                i += 1
            concl.append(block)
            continue
        concl.append(E("p", t))
        i += 1
    return concl


def _issuer_block(lines: list[Line], i: int) -> bool:
    """Upper-case lines followed by "Số: …" name an issuer, not a signer."""
    j = i
    while j < len(lines) and (not lines[j].text or is_upper(lines[j].text)):
        j += 1
    return j < len(lines) and bool(styles.DOC_NUMBER_LINE.match(lines[j].text))
