"""Reading a published text: lines, and where the document starts and ends.

Websites wrap a document in clutter (search boxes, "Tải văn bản", related
documents, comment counters). The document starts at its issuer/motto block
and ends before the first trailer line; everything else is dropped and the
dropped line ranges are reported.
"""
from __future__ import annotations

from ..errors import ParseError
from ..text import NBSP, is_upper, nfc
from . import styles

_EDGE_SPACE = " \t\r\f\v" + NBSP + "\u200b\ufeff"


class Line:
    """One line of the source: its number, the line as published, and its text.

    ``no`` is 1-based; ``raw`` is the line (NFC) without its line break;
    ``text`` is ``raw`` without surrounding white space (NBSP, zero-width space
    and BOM included), computed once and read many times by the rules.
    """

    __slots__ = ("no", "raw", "text")

    def __init__(self, no: int, raw: str):
        self.no = no
        self.raw = raw
        self.text = raw.strip(_EDGE_SPACE)

    def __repr__(self) -> str:
        return f"Line({self.no}, {self.raw!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Line) and (self.no, self.raw) == (other.no, other.raw)

    __hash__ = None

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def nbsp_only(self) -> bool:
        """An empty table cell as published: only no-break spaces."""
        return not self.text and NBSP in self.raw


def split_lines(text: str) -> list[Line]:
    text = nfc(text)
    return [Line(i + 1, raw) for i, raw in enumerate(text.splitlines())]


def is_motto(t: str) -> bool:
    return any(p.match(t) for p in styles.MOTTO)


def find_span(lines: list[Line], name: str = "") -> tuple[int, int]:
    """Indices ``[start, end)`` of the document inside ``lines``.

    Raises :class:`ParseError` when no national motto or issuer block is found.
    """
    motto = next((i for i, ln in enumerate(lines) if is_motto(ln.text) or styles.STATE_ISSUER.match(ln.text)), None)
    if motto is None:
        # A transcription may start directly with the issuer and the number.
        motto = next((i for i, ln in enumerate(lines) if styles.DOC_NUMBER_LINE.match(ln.text)), None)
        if motto is None:
            raise ParseError("no national motto (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM) or 'Số: …' line: "
                             "this does not look like the text of a Vietnamese legal document",
                             document=name, where="line 1", expected="a document header")
    start = motto
    i = motto - 1
    while i >= 0:
        t = lines[i].text
        if not t:
            i -= 1
            continue
        if (is_upper(t) or styles.SEPARATOR.match(t) or styles.DOC_NUMBER_LINE.match(t)
                or styles.PLACE_DATE.match(t)):
            start = i
            i -= 1
            continue
        break
    end = len(lines)
    for j in range(motto + 1, len(lines)):
        t = lines[j].text
        if t and styles.TRAILER_ANY.match(t):
            end = j
            break
    # Trim blank lines at both ends of the span.
    while start < end and lines[start].blank:
        start += 1
    while end > start and lines[end - 1].blank:
        end -= 1
    return start, end


def dropped_ranges(lines: list[Line], start: int, end: int) -> list[tuple[int, int]]:
    """1-based inclusive line ranges outside the span that hold any text."""
    out = []
    if any(not ln.blank for ln in lines[:start]):
        out.append((1, lines[start - 1].no))
    if any(not ln.blank for ln in lines[end:]):
        out.append((lines[end].no, lines[-1].no))
    return out
