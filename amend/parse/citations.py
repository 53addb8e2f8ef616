"""Reading the works named in a sentence: "Căn cứ Luật … ngày 19/6/2015; …".

A reference runs from a document-type word to its date; what follows the date
up to the next reference (issuer, subject) still describes it. One sentence may
name several works ("Luật A ngày …; Luật sửa đổi … của Luật A và Luật B ngày …").

>>> [r.title for r in find_references("Căn cứ Luật Đầu tư công ngày 13/6/2019;")]
['Luật Đầu tư công']
>>> r = find_references("Căn cứ Nghị định số 40/2020/NĐ-CP ngày 06/4/2020 của Chính phủ Quy định chi tiết;")[0]
>>> r.number, r.subtype, r.date.isoformat(), r.issuer
('40/2020/NĐ-CP', 'nghi-dinh', '2020-04-06', 'Chính phủ')
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ..ids import DOC_TYPES, subtype_from_number, subtype_of
from ..text import find_dates

_TYPE_WORDS = sorted(DOC_TYPES, key=len, reverse=True)
TYPE_RE = re.compile(r"(?<![\wÀ-ỹ])(" + "|".join(re.escape(w) for w in _TYPE_WORDS)
                     + r"|" + "|".join(re.escape(w.lower()) for w in _TYPE_WORDS) + r")(?![\wÀ-ỹ])")
NUMBER_RE = re.compile(r"\bsố\s*:?\s*(?P<num>\d+[a-zđ]?(?:/\d{4})?(?:/|-)[A-ZĐ][A-Za-zĐđ0-9]*(?:[-/][A-ZĐ][A-Za-zĐđ0-9]*)*)")
ISSUER_RE = re.compile(
    r"^\s*của\s+(?P<issuer>Chính phủ|Quốc hội|Ủy ban Thường vụ Quốc hội|Thủ tướng Chính phủ|"
    r"HĐND tỉnh|Hội đồng nhân dân tỉnh(?: [A-ZĐ][\wÀ-ỹ]*)*|UBND tỉnh|Ủy ban nhân dân tỉnh(?: [A-ZĐ][\wÀ-ỹ]*)*|"
    r"Ban Thường vụ Tỉnh ủy|Ban Thường vụ tỉnh ủy|Tỉnh ủy|Thống đốc Ngân hàng Nhà nước Việt Nam|"
    r"Ngân hàng Nhà nước Việt Nam|Bộ trưởng Bộ [\wÀ-ỹ ]+?|Bộ [\wÀ-ỹ ]+?)(?=\s|,|;|$)")


@dataclass
class Reference:
    text: str                     # the words of the reference, as written
    start: int                    # span in the sentence
    end: int
    type_word: str
    subtype: str
    number: str | None = None
    date: datetime.date | None = None
    title: str = ""
    issuer: str | None = None
    tail: str = ""                # description after the date, as written
    extra: dict = field(default_factory=dict)


def find_references(sentence: str) -> list[Reference]:
    """Every dated or numbered work named in ``sentence``, left to right."""
    refs: list[Reference] = []
    dates = list(find_dates(sentence))
    types = list(TYPE_RE.finditer(sentence))
    pos = 0
    for d, ds, de in dates:
        # The reference starts at the first type word after the previous one
        # that is not inside the previous reference's tail description.
        cands = [m for m in types if pos <= m.start() < ds]
        if not cands:
            continue
        start_m = cands[0]
        # A new reference after a ";" or " và " boundary wins over earlier words
        # of a description: pick the last boundary-led type word.
        for m in cands:
            before = sentence[pos:m.start()]
            if re.search(r"(;|\bvà\s*$|,\s*$|^\s*$|Căn\s+cứ\s*$)", before[-12:] if before else ""):
                start_m = m
                break
        text = sentence[start_m.start():de]
        type_word = start_m.group(1)
        num_m = NUMBER_RE.search(text)
        number = num_m.group("num") if num_m else None
        subtype = subtype_of(type_word)
        if number and subtype_from_number(number):
            subtype = subtype_from_number(number)
        title = re.sub(r"\s+ngày\s*$", "", sentence[start_m.start():ds]).strip()
        if num_m:
            title = (title[:num_m.start()] + title[num_m.end():]).strip()
            title = re.sub(r"\s+", " ", title)
        refs.append(Reference(text=text, start=start_m.start(), end=de, type_word=type_word,
                              subtype=subtype, number=number, date=d, title=title.strip(" ,;")))
        pos = de
    # Attach the description after each date, up to the next reference.
    for i, r in enumerate(refs):
        nxt = refs[i + 1].start if i + 1 < len(refs) else len(sentence)
        tail = sentence[r.end:nxt]
        tail = re.sub(r"(;|\s+và)\s*$", "", tail.rstrip()).rstrip(" ;,.")
        r.tail = tail.strip()
        m = ISSUER_RE.match(tail)
        if m:
            r.issuer = m.group("issuer").strip()
            desc = tail[m.end():].strip(" ,;")
            if desc and r.number:
                # Numbered sub-laws are titled by their subject: "… của Chính phủ Quy định …".
                r.title = f"{r.type_word} {desc}"
        if r.number and r.title.strip() == r.type_word:
            r.title = f"{r.type_word} {r.number}"
    return refs
