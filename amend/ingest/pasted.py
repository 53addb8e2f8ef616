"""Text as a clerk pastes it from a legal portal: the portal's notes taken out, the header's run-together
columns split, lines the page broke mid-sentence joined again.

A portal page copied as text differs from the printed document in three ways, each undone here on the
parser's line model (every line keeps the number it had in the file, so messages still point at the file):

* **Editorial notes** in square brackets, between provisions and inside them, even mid-sentence
  ("[Khoản này được sửa đổi bởi Khoản 1 Điều 248 Luật Đất đai 2024 có hiệu lực từ ngày 01/04/2024]",
  "[Nội dung hướng dẫn Luật này tại …]"), and the page's own markers ("[ID: cumtu_18]", "[Link: …]").
  They are not law: they are taken out of the text and kept, with their line, as provenance
  (:class:`PortalNote`). A note saying that a provision *was changed by* a later document means the portal
  merged that change into the text: the page is the portal's current text, not the enacted one
  (:attr:`Pasted.current_text`).
* **The header's two columns run together** ("QUỐC HỘI ------- CỘNG HÒA … Hạnh phúc ------ Luật số:" then
  the number alone on the next line, "Hà Nội, ngày … LUẬT GIÁ"): each line before the preamble is cut into
  its header parts (issuer, rule, motto, number, place and date, type, title) by :func:`header_parts`.
* **Lines broken at the page's inline elements**: a label alone on its line ("“3." then the text), a line
  that goes on in lower case, a reference cut before its article ("khoản 8" / "Điều 11;"), a lone
  punctuation mark after a closing quote. Joined only in text that shows the portal's marks (notes or a
  run-together header), so a transcription's one-cell-per-line tables are never touched.

Brackets that are not the portal's (a VBHN's footnote markers "[3]", text of the law in brackets) are kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..parse import styles
from ..parse.header import BODY_START
from ..parse.source import Line
from ..text import fold_confusables, is_upper

# A bracketed passage that is the portal's: its page markers, or an editorial note (it says what guides,
# changes or replaced the provision, by whom and from when). Never digits alone (a VBHN's footnote marker).
_BRACKET = re.compile(r"\s?\[(?P<note>[^\[\]\n]{4,})\]")
_PAGE_MARK = re.compile(r"^(?:JavaScript|ID|Link|Lưu\s+ý|Ghi\s+chú)\s*:", re.IGNORECASE)
_NOTE_WORDS = re.compile(
    r"\b(?:được|bị|nay\s+được)\s+(?:sửa\s+đổi|bổ\s+sung|thay\s+thế|bãi\s+bỏ|hướng\s+dẫn|đính\s+chính|"
    r"hủy\s+bỏ|huỷ\s+bỏ|ngưng\s+hiệu\s+lực|đình\s+chỉ|thực\s+hiện\s+theo)"
    r"|\bhết\s+hiệu\s+lực\s+bởi\b|\bhướng\s+dẫn\b.*\btại\b|\bcó\s+hiệu\s+lực\s+từ\s+ngày\s+\d{1,2}/\d{1,2}/\d{4}",
    re.IGNORECASE)
# A note that says a later document changed the provision: the change is merged into the page's text.
_MERGED = re.compile(
    r"^(?:Tên\s+)?(?:Phần|Chương|Mục|Điều|Khoản|Điểm|Tiết|Cụm\s+từ|Từ|Nội\s+dung|Phụ\s+lục|Mẫu)\b[^,;]{0,40}?\s+"
    r"(?:này\s+)?(?:được|bị)\s+(?:sửa\s+đổi|bổ\s+sung|thay\s+thế|bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ)(?:,\s*bổ\s+sung)?\s+bởi\b",
    re.IGNORECASE)

_RULE = r"[-_=–—*~]{3,}"
_MOTTO1 = r"C[ỘO]NG\s+H(?:ÒA|OÀ|OA)\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM"
_MOTTO2 = r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc\.?"
_TYPES = "|".join(re.escape(w) for w in styles.DOC_TYPE_WORDS)
_NUMBER = (rf"(?:(?:{_TYPES}|[A-ZĐ][a-zà-ỹ]+)\s+số|Số)\s*[:：]\s*(?P<num>[0-9][^\s]*(?:\s*[/-]\s*[^\s/-]+)*)?")
# One header part found anywhere on a line: a rule, the motto's two lines, the number with its label.
_ANCHOR = re.compile(rf"(?P<rule>{_RULE})|(?P<motto>{_MOTTO1}|{_MOTTO2})|(?P<number>{_NUMBER})", re.IGNORECASE)
# The place and date, at the start of a part: "Hà Nội, ngày 18 tháng 01 năm 2024".
_PLACE_DATE = re.compile(r"^[^,\d\[\]]{2,60},\s*ngày\s+\S+\s+tháng\s+\S+\s+năm\s+\d{4}\.?")
_TYPE_FIRST = re.compile(rf"^(?P<type>{'|'.join(re.escape(w.upper()) for w in styles.DOC_TYPE_WORDS)})"
                         r"(?=\s+\S)(?P<rest>.*)$")
_NUMBER_ALONE = re.compile(r"^[0-9][0-9A-Za-zĐđ]*(?:/[0-9A-Za-zĐđ\-]+)+\.?$")
_ISSUER_OF_STATE = re.compile(rf"^[A-ZÀ-ỸĐ ]+\s+NƯỚC\s+{_MOTTO1}\s*$")


@dataclass(frozen=True)
class PortalNote:
    """A portal's note, taken out of line ``line`` where it stood before ``before`` (the text that followed)."""

    line: int
    text: str
    merged: bool = False         # it says a later change is merged into the text
    mark: bool = False           # a page marker ("[ID: …]"), not a note

    def as_xml_attrs(self) -> dict:
        return {"line": str(self.line), "kind": "mark" if self.mark else ("merged" if self.merged else "note")}


@dataclass
class Pasted:
    lines: list[Line]
    notes: list[PortalNote] = field(default_factory=list)
    joined: int = 0              # lines joined to the one before
    split_header: bool = False   # the header's parts ran together

    @property
    def current_text(self) -> bool:
        """The portal's current text: its notes say later changes are merged into it."""
        return any(n.merged for n in self.notes)

    @property
    def merged_notes(self) -> list[PortalNote]:
        return [n for n in self.notes if n.merged]


def portal_note(inner: str) -> PortalNote | None:
    """What a bracketed passage is, if it is the portal's."""
    inner = inner.strip()
    if _PAGE_MARK.match(inner):
        return PortalNote(0, inner, mark=True)
    if inner[:1].isupper() and _NOTE_WORDS.search(inner):
        return PortalNote(0, inner, merged=bool(_MERGED.match(inner)))
    return None


def _take_notes(line: Line, notes: list[PortalNote]) -> Line:
    raw = line.raw
    if "[" not in raw:
        return line
    out, pos = [], 0
    for m in _BRACKET.finditer(raw):
        note = portal_note(m.group("note"))
        if note is None:
            continue
        out.append(raw[pos:m.start()])
        pos = m.end()
        notes.append(PortalNote(line.no, note.text, note.merged, note.mark))
    if not out:
        return line
    out.append(raw[pos:])
    text = "".join(out)
    # the note takes the one space before it with it ("bổ sung [..] khoản" → "bổ sung khoản"); every other
    # character of the line stays as it was
    return Line(line.no, text.rstrip())


def header_parts(text: str) -> list[str]:
    """The header parts a line holds, in order ("QUỐC HỘI -------" → ["QUỐC HỘI", "-------"])."""
    parts: list[str] = []
    pos = 0
    if _ISSUER_OF_STATE.match(text):
        return [" ".join(text.split())]      # "QUỐC HỘI NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM": one issuer line
    for m in _ANCHOR.finditer(text):
        parts.extend(_plain_parts(text[pos:m.start()]))
        parts.append(" ".join(m.group(0).split()))
        pos = m.end()
    parts.extend(_plain_parts(text[pos:]))
    return [p for p in parts if p]


def _plain_parts(piece: str) -> list[str]:
    """A stretch of a header line holding no rule, motto or number: place and date, then upper-case words (the
    issuer, or the type and title), then what follows in ordinary case (a VBHN's list of amending documents)."""
    piece = " ".join(piece.split())
    out = []
    m = _PLACE_DATE.match(piece)
    if m:
        out.append(m.group(0))
        piece = piece[m.end():].strip()
    words = piece.split(" ") if piece else []
    k = 0
    while k < len(words) and (is_upper(words[k]) or not any(c.isalpha() for c in words[k])):
        k += 1
    upper, rest = " ".join(words[:k]), " ".join(words[k:])
    if upper:
        t = _TYPE_FIRST.match(upper)
        if t and out:      # "LUẬT GIÁ" after the date: the type, then the title
            out.extend([t.group("type"), t.group("rest").strip()])
        else:
            out.append(upper)
    if rest:
        out.append(rest)
    return out


def _header_end(lines: list[Line]) -> int:
    for i, ln in enumerate(lines[:80]):
        t = ln.text
        if t and (styles.CITATION_CUE.match(t) or styles.RECITAL_CUE.match(t) or styles.FORMULA_LINE.match(t)
                  or BODY_START.match(t)):
            return i
    return min(len(lines), 80)


def _split_header(lines: list[Line]) -> tuple[list[Line], bool]:
    end = _header_end(lines)
    out: list[Line] = []
    split = False
    for ln in lines[:end]:
        parts = header_parts(ln.text) if ln.text else []
        if len(parts) > 1:           # a line holding several header parts; a line of one part stays as printed
            split = True
            out.extend(Line(ln.no, p) for p in parts)
        else:
            out.append(ln)
    # "Luật số:" with the number alone on the next line
    k = 0
    while k < len(out) - 1:
        m = re.match(rf"^{_NUMBER}$", out[k].text, re.IGNORECASE)
        if m and not m.group("num"):
            j = k + 1
            while j < len(out) and not out[j].text:
                j += 1
            if j < len(out) and _NUMBER_ALONE.match(out[j].text):
                out[k] = Line(out[k].no, f"{out[k].text} {out[j].text}")
                del out[j]
                split = True
        k += 1
    return out + lines[end:], split


_LABEL_ALONE = re.compile(r"^[“\"']?(?:\d{1,3}[a-zđ]?\.|[a-zđ]\)|\([ivxl]+\)|Điều|Khoản|Điểm|Chương|Mục|Phần|Phụ\s+lục)$")
# A quotation closed inside a line and the next instruction run on after it ("… về giá.”; b) Thay thế cụm từ …").
_AFTER_QUOTE = re.compile(r"(?<=”)([.;,]*)\s+(?=(?:[a-zđ]\)|\d{1,3}\.)\s+(?:Sửa|Bổ|Bãi|Thay|Bỏ|Đính|Ngưng)\b)")
_LONE_PUNCT = re.compile(r"^[;,.:]+$")
_REF_NOT_HEADING = re.compile(r"^Điều\s+\d+[a-zđ]?(?!\s*[.:]\s)(?:\s*[;,)]|\s+(?:của|và|được|như|tại)\b|\s*$)")


def _starts_unit(t: str) -> bool:
    t = fold_confusables(t[:8]) + t[8:]       # "р) Đầu mối …" with a Cyrillic р is point p
    return any(rx.match(t) for _, rx in styles.structure_candidates(t))


def _joins(prev: str, t: str) -> bool:
    """Does line ``t`` go on the line before it (a break the page made, not the document)?"""
    if not prev or not t:
        return False
    if _LABEL_ALONE.match(prev):
        return True                                   # "“3." then the clause's text
    if _LONE_PUNCT.match(t):
        return True                                   # "…”" then ";" alone
    if prev[-1] in ".:;!?" and not t[0].islower():
        return False
    if t[0].islower() and not _starts_unit(t):
        return True                                   # the sentence goes on in lower case
    if _REF_NOT_HEADING.match(t) and prev[-1].isalnum():
        return True                                   # "Bãi bỏ khoản 7 và khoản 8" / "Điều 11;"
    return False


# Where the body starts inside a continuation joined to an article's heading: the quotation of new content, or
# the instruction sentence ("… Luật số 71/2014/QH13 Sửa đổi, bổ sung khoản 1 Điều 14 như sau:").
_BODY_IN_HEADING = re.compile(r"(?<=\S)\s+(?=[“\"]|(?:Sửa\s+đổi|Bổ\s+sung|Bãi\s+bỏ|Thay\s+thế|Bỏ)\b)")


def _split_runs(lines: list[Line]) -> list[Line]:
    out = []
    for ln in lines:
        pos = 0
        for m in _AFTER_QUOTE.finditer(ln.text):
            out.append(Line(ln.no, ln.text[pos:m.end(1)]))
            pos = m.end()
        out.append(ln if pos == 0 else Line(ln.no, ln.text[pos:]))
    return out


def _join_broken(lines: list[Line]) -> tuple[list[Line], int]:
    out: list[Line] = []
    joined = 0
    for ln in _split_runs(lines):
        prev = next((x for x in reversed(out) if x.text), None)
        if prev is not None and ln.text and out and out[-1].text and _joins(prev.text, ln.text):
            sep = "" if _LONE_PUNCT.match(ln.text) else " "
            head = out[-1].text
            out[-1] = Line(out[-1].no, head + sep + ln.text)
            joined += 1
            if styles.STRUCTURE[4][1].match(head):
                # an article's heading the page broke ("Điều 244. Sửa đổi, bổ sung" / "khoản 4 Điều 44 của Luật
                # … “4. …"): the heading goes on to where the body starts, which gets its own line again
                m = _BODY_IN_HEADING.search(ln.text)
                if m:
                    out[-1] = Line(out[-1].no, head + sep + ln.text[:m.start()])
                    out.append(Line(ln.no, ln.text[m.end():]))
        else:
            out.append(ln)
    return out, joined


_CLOSING = re.compile(r"^(?:XÁC\s+THỰC\s+VĂN\s+BẢN\s+HỢP\s+NHẤT|(?:TM|KT|TL|TUQ|Q)\.\s|PHÓ\s+|CHỦ\s+TỊCH|CHỦ\s+NHIỆM|"
                      r"THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG|THỐNG\s+ĐỐC|TỔNG\s+THƯ\s+KÝ)")
_NAME = re.compile(r"^(?:[A-ZÀ-ỸĐ][a-zà-ỹđ]*\s+){1,4}[A-ZÀ-ỸĐ][a-zà-ỹđ]*\.?$")


def closing_parts(text: str) -> list[str]:
    """A signature block run together on one line ("XÁC THỰC VĂN BẢN HỢP NHẤT CHỦ NHIỆM Bùi Văn Cường",
    "CHỦ TỊCH QUỐC HỘI Vương Đình Huệ"): the authentication line, the signer's title, the signer's name."""
    if not _CLOSING.match(text) or is_upper(text):
        return [text]
    words = text.split()
    k = 0
    while k < len(words) and (is_upper(words[k]) or not any(c.isalpha() for c in words[k])):
        k += 1
    upper, name = " ".join(words[:k]), " ".join(words[k:])
    if not upper or not _NAME.match(name):
        return [text]
    out = []
    m = re.match(r"^(XÁC\s+THỰC\s+VĂN\s+BẢN\s+HỢP\s+NHẤT)\s+(.+)$", upper)
    out.extend([m.group(1), m.group(2)] if m else [upper])
    return out + [name]


def _split_closing(lines: list[Line]) -> list[Line]:
    out = []
    for ln in lines:
        parts = closing_parts(ln.text) if ln.text and ln.text[0].isupper() else [ln.text]
        out.extend([ln] if len(parts) == 1 else [Line(ln.no, p) for p in parts])
    return out


def _strip_page_title(lines: list[Line], notes: list[PortalNote]) -> list[Line]:
    """The page's title above the header ("Luật Đất đai 2024") that the portal also puts before its headings
    ("Luật Đất đai 2024. Mục 1. QUY ĐỊNH CHUNG"): taken off the headings, kept as a page marker."""
    first = next((i for i, ln in enumerate(lines) if ln.text), None)
    if first is None or len(lines) < first + 2:
        return lines
    title = lines[first].text
    nxt = next((ln.text for ln in lines[first + 1:] if ln.text), "")
    if is_upper(title) or header_parts(title) != [title] or not _ANCHOR.search(nxt) and not is_upper(nxt):
        return lines
    prefix = re.compile(rf"^{re.escape(title)}\.\s+(?=\S)")
    out = []
    for ln in lines:
        m = prefix.match(ln.text) if ln.text.startswith(title) else None
        if m and _starts_unit(ln.text[m.end():]):
            notes.append(PortalNote(ln.no, title, mark=True))
            ln = Line(ln.no, ln.text[m.end():])
        out.append(ln)
    return out


def clean_pasted(lines: list[Line]) -> Pasted:
    """The lines of a text pasted from a portal, made into the lines of the document (see the module's text)."""
    notes: list[PortalNote] = []
    lines = [_take_notes(ln, notes) for ln in lines]
    lines = _strip_page_title(lines, notes)
    lines, split = _split_header(lines)
    joined = 0
    if split or notes:
        lines, joined = _join_broken(_split_closing(lines))
    return Pasted(lines, notes, joined, split)


__all__ = ["Pasted", "PortalNote", "clean_pasted", "header_parts", "portal_note"]
