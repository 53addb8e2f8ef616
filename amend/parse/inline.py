"""Inline markup inside a block: sums of money become ``quantity`` elements.

``<quantity normalized="3800" refersTo="#ty-dong">3.800 tỷ đồng</quantity>``
keeps the text exactly as written and the value in a form that can be summed.
"""
from __future__ import annotations

from ..akn import E, append
from ..text import parse_number
from . import styles


def unit_id(unit_words: str) -> str:
    words = " ".join(unit_words.split())
    for _pat, cid, show, _f in styles.MONEY_UNITS:
        if words.lower() == show:
            return cid
    return "don-vi"


def add_inline_text(el, text: str, make=E) -> None:
    """Append ``text`` to ``el``, marking up money amounts (``make`` builds the elements)."""
    if "đồng" not in text:          # every money unit ends in "đồng": most lines have none
        if not len(el) and not el.text:
            el.text = text            # the usual case: a new block gets its sentence
        else:
            append(el, text)
        return
    pos = 0
    for m in styles.MONEY_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        append(el, text[pos:m.start()])
        el.append(make("quantity", m.group(0), normalized=_fmt(value),
                       refersTo=f"#{unit_id(m.group('unit'))}"))
        pos = m.end()
    append(el, text[pos:])


def _fmt(v) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))
