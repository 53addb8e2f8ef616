"""A legal document from a PDF with a text layer (pdfplumber), as the official gazette (Công báo) prints it.

pdfplumber was chosen by measuring the three maintained libraries on the gazette PDFs of
``oracle/tt-17-2022/raw``: pypdf breaks words at every diacritic ("chức n ăng"), pdfminer.six splits lines into
separate paragraphs, pdfplumber gives the words whole and the geometry of every character (its position and
size), which the rules below need. (README: "Libraries".)

Read from the characters' geometry:

* the gazette's running header ("34 CÔNG BÁO/Số 737 + 738/Ngày 01-10-2022") and its section title above the
  document (a larger size, before the national motto) are dropped, and so is a digital-signature stamp;
* two columns side by side (the header with the motto, the signature block) are read left column first;
* lines are joined into paragraphs: a paragraph starts where a line is indented (the first-line indent),
  centred, or follows a line that stops short of the right margin, and it runs on across a page break;
* a footnote reference (a raised, smaller number) becomes the parser's ``[n]`` marker, and the footnotes at
  the foot of the pages (smaller type below the text) follow the document as ``[n] text`` lines.

A PDF without a text layer (a scan) raises :class:`NoDocumentError` saying it needs OCR; an encrypted or
damaged file raises :class:`InputError`.
"""
from __future__ import annotations

import re
from io import BytesIO
from statistics import median

from ..errors import InputError
from .model import NoDocumentError, Source

_RUNNING = re.compile(r"^\s*(?:\d+\s+)?CÔNG\s+BÁO\s*/\s*Số\b.*$|^\s*\d{1,4}\s*$")
_STAMP = re.compile(r"^(?:Ký\s+bởi|Người\s+ký|Email|Cơ\s+quan|Thời\s+gian\s+ký|Signed\s+by)\s*:", re.IGNORECASE)
_MOTTO = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI", re.IGNORECASE)
COLUMN_GAP = 12.0        # points between two characters that are in different columns (a space is ~3.5)
INDENT = 12.0            # a first-line indent, in points


class _Line:
    __slots__ = ("text", "x0", "x1", "top", "size", "page", "bold")

    def __init__(self, text, x0, x1, top, size, page, bold=False):
        self.text, self.x0, self.x1, self.top, self.size, self.page, self.bold = text, x0, x1, top, size, page, bold


def _segments(chars) -> list[tuple[str, float, float, float, bool]]:
    """The characters of one printed line as (text, x0, x1, size) segments, split where a column gap is.

    Characters of a font may overlap a little, so words are told apart by the space characters the PDF
    holds, and columns by a jump of more than COLUMN_GAP points from one character to the next.
    """
    chars = sorted(chars, key=lambda c: c["x0"])
    segs, cur = [], []
    for c in chars:
        if cur and c["x0"] - cur[-1]["x1"] > COLUMN_GAP:
            segs.append(cur)
            cur = []
        cur.append(c)
    if cur:
        segs.append(cur)
    out = []
    for seg in segs:
        ink = [c for c in seg if c["text"].strip()]
        if not ink:
            continue
        base = median(c["size"] for c in ink)
        bottom = max(c["bottom"] for c in ink if c["size"] >= base - 0.5)
        text, sup = [], ""
        for c in seg:
            raised = c["text"].isdigit() and c["size"] < base * 0.75 and c["bottom"] < bottom - 1.5
            if raised:
                sup += c["text"]
                continue
            if sup:
                text.append(f"[{sup}]" + (" " if c["text"].isalnum() else ""))
                sup = ""
            text.append(c["text"])
        if sup:
            text.append(f"[{sup}]")
        t = " ".join("".join(text).split())
        if t:
            bold = sum("Bold" in (c.get("fontname") or "") for c in ink) * 2 > len(ink)
            out.append((t, ink[0]["x0"], ink[-1]["x1"], base, bold))
    return out


def _page_lines(page, pno: int) -> list[list[_Line]]:
    """The page's printed lines (pdfplumber's grouping), each a list of column segments, top to bottom."""
    out = []
    for ln in page.extract_text_lines(return_chars=True, keep_blank_chars=True):
        segs = _segments(ln["chars"])
        if segs:
            out.append([_Line(t, x0, x1, ln["top"], size, pno, bold) for t, x0, x1, size, bold in segs])
    return out


_STREAM = re.compile(rb"stream\r?\n")


def check_inflated_streams(data: bytes, name: str) -> None:
    """Refuse a PDF whose compressed streams inflate past the limit, inflating each a megabyte at a time before
    pdfminer inflates them whole (a small file whose content stream inflates to gigabytes is a bomb)."""
    import zlib
    from ..akn import MAX_TEXT_BYTES
    limit, total = MAX_TEXT_BYTES, 0
    for m in _STREAM.finditer(data):
        if data[max(0, m.start() - 3):m.start()] == b"end":
            continue                               # "endstream"
        head = data[max(0, m.start() - 400):m.start()]
        if b"/FlateDecode" not in head[head.rfind(b"<<"):]:
            continue
        stop = data.find(b"endstream", m.end())
        body = memoryview(data)[m.end():stop if stop >= 0 else len(data)]
        d = zlib.decompressobj()
        size, pos = 0, 0
        try:
            while pos < len(body) and size <= limit and not d.eof:
                out = d.decompress(body[pos:pos + (1 << 16)], 1 << 20)
                pos += 1 << 16
                size += len(out)
                while d.unconsumed_tail and size <= limit and not d.eof:
                    more = d.decompress(d.unconsumed_tail, 1 << 20)
                    if not more:
                        break                      # nothing more comes out of what is left
                    size += len(more)
        except zlib.error:
            continue                               # not a whole deflate stream: pdfminer says what it is
        total += size
        if size > limit or total > 4 * limit:
            raise InputError(f"a compressed stream of the PDF inflates to more than {limit} bytes (the file is "
                             f"{len(data)} bytes): refused as a decompression bomb or an oversized document",
                             document=name, expected=f"a PDF whose streams inflate to under {limit} bytes each")


def read_pdf(data: bytes, name: str) -> Source:
    check_inflated_streams(data, name)
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as e:     # pragma: no cover - a dependency of the package
        raise InputError("reading PDF needs pdfplumber (pip install pdfplumber)", document=name) from e
    try:
        pdf = pdfplumber.open(BytesIO(data))
        pages = list(pdf.pages)
    except PDFPasswordIncorrect as e:
        raise InputError("the PDF is encrypted with a password", document=name,
                         expected="an unprotected PDF (or the document's text in another format)") from e
    except (PDFSyntaxError, Exception) as e:        # pdfminer raises several kinds for a damaged file
        if "password" in str(e).lower() or "encrypt" in str(e).lower():
            raise InputError("the PDF is encrypted", document=name, expected="an unprotected PDF") from e
        raise InputError(f"a damaged PDF ({type(e).__name__})", document=name,
                         expected="a PDF that a viewer can open") from e
    try:
        lines_by_page = [_page_lines(p, i) for i, p in enumerate(pages)]
        meta = dict(pdf.metadata or {})
    except Exception as e:
        raise InputError(f"a damaged PDF ({type(e).__name__}: {e})", document=name,
                         expected="a PDF that a viewer can open") from e
    finally:
        pdf.close()
    if not any(lines_by_page):
        raise NoDocumentError(f"the PDF has no text layer ({len(pages)} page(s) of images): it needs OCR first",
                              document=name, expected="a PDF with text (or the document's text in another format)")
    text, bold = _assemble(lines_by_page)
    src = Source(text, "pdf", "", name, bold=bold)
    for k in ("Title", "Author", "Subject", "CreationDate"):
        v = meta.get(k)
        if isinstance(v, (str, bytes)) and v:
            src.properties[k.lower()] = v.decode("utf-8", "replace") if isinstance(v, bytes) else v
    return src


def _assemble(pages: list[list[list[_Line]]]) -> tuple[str, set[int]]:
    sizes = [seg.size for page in pages for row in page for seg in row]
    body = median(sizes) if sizes else 14.0
    left = median([row[0].x0 for page in pages for row in page if len(row) == 1 and row[0].size >= body - 0.5] or [0])
    right = max([row[-1].x1 for page in pages for row in page] or [0])
    out: list[str] = []
    notes: list[str] = []
    n_notes = 0
    para: list[str] = []
    para_bold: list[bool] = []       # whether each paragraph's first line is bold
    bold: set[int] = set()
    prev = None
    seen_motto = False

    def flush():
        if para:
            if para_bold[0]:
                bold.add(len(out) + 1)
            # a line broken after the hyphen inside a number or a word ("…/TT-" + "BLĐTBXH") is joined whole;
            # a dash between words ("Lao động -" + "Thương binh") keeps its space
            joined = para[0]
            for nxt in para[1:]:
                joined += nxt if re.search(r"\w-$", joined) else " " + nxt
            out.append(joined)
            para.clear()
            para_bold.clear()

    for page in pages:
        last_body = max((i for i, row in enumerate(page) if any(s.size >= body - 1 for s in row)), default=-1)
        columns: list[list[_Line]] = []
        for i, row in enumerate(page):
            text = " ".join(s.text for s in row)
            if row[0].top < 75 and _RUNNING.match(text):
                continue                                     # the gazette's running header
            if _STAMP.match(text):
                continue
            if not seen_motto and any(_MOTTO.search(s.text) for s in row):
                seen_motto = True
            elif not seen_motto and row[0].size >= body + 1.5 and text == text.upper():
                continue                                     # the gazette's section title above the document
            if i > last_body and row[0].size < body - 1:     # the page's footnotes
                flush()
                m = re.match(r"^\[(\d+)\]\s*(.*)$", text)         # a note starts with its raised number
                if m and int(m.group(1)) == n_notes + 1:
                    n_notes += 1
                    notes.append(f"[{m.group(1)}] {m.group(2)}")
                elif notes and row[0].x0 > left + INDENT / 2:       # an indented line: the note's next paragraph
                    notes.append(text)
                elif notes:
                    notes[-1] += ("" if re.search(r"\w-$", notes[-1]) else " ") + text
                continue
            if len(row) > 1:                                 # two columns: the left column is read first
                columns.append(row)
                continue
            if columns:
                flush()
                _emit_columns(columns, out)
                columns = []
                prev = None
            seg = row[0]
            centred = seg.x0 > left + INDENT and abs((seg.x0 - left) - (right - seg.x1)) < 20   # equal margins
            # the gazette indents every paragraph's first line; a line that starts at the margin continues one.
            # A centred title set on several lines is one line, as typed: the next centred line of the same size
            # and case, after a line that is not a label of its own ("Chương I", "PHỤ LỤC II", "THÔNG TƯ").
            letters = [ch for ch in seg.text if ch.isalpha()]
            caps = bool(letters) and sum(ch.isupper() for ch in letters) > 0.8 * len(letters)   # "…/QĐ-TTg …" too
            same_title = (prev is not None and prev.title and seg.bold and abs(prev.size - seg.size) < 0.5
                          and prev.caps == caps and not _LABEL.match(prev.text) and not _LABEL.match(seg.text))
            new = (prev is None or seg.x0 > left + INDENT / 2 or centred or prev.x1 < right - 40 or prev.centred) \
                and not same_title
            if new:
                flush()
            para.append(seg.text)
            para_bold.append(seg.bold)
            prev = _Prev(seg.x1, centred, seg.size, caps, seg.text, seg.bold and (centred or same_title))
        if columns:
            flush()
            _emit_columns(columns, out)
            prev = None
    flush()
    return "\n".join(out + notes) + "\n", bold


class _Prev:
    __slots__ = ("x1", "centred", "size", "caps", "text", "title")

    def __init__(self, x1, centred, size, caps, text, title):
        self.x1, self.centred, self.size, self.caps, self.text, self.title = x1, centred, size, caps, text, title


# a line that is a label of its own: a unit's number, an annex's, the document's type
_LABEL = re.compile(r"^(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Phụ\s+lục|PHỤ\s+LỤC)\s+\S+$|^[A-ZĐÀ-Ỹ ]{2,20}$"
                    r"|^(?:THÔNG\s+TƯ|NGHỊ\s+ĐỊNH|QUYẾT\s+ĐỊNH|NGHỊ\s+QUYẾT|LUẬT|CHỈ\s+THỊ)$")


def _emit_columns(rows: list[list[_Line]], out: list[str]) -> None:
    split = median(r[1].x0 for r in rows)
    left = [s.text for r in rows for s in r if s.x0 < split - 5]
    right = [s.text for r in rows for s in r if s.x0 >= split - 5]
    out.extend(left + right)
