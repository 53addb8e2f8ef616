"""The source model every reader produces, format detection, and the one entry point, :func:`load_source`."""
from __future__ import annotations

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from ..errors import InputError

# A table stands in the lines as one line holding this mark and its index in Source.tables: a character of
# Unicode's private use area, which no published text contains and the parser never copies into the XML.
TABLE_MARK = "\ue000"
MAX_SOURCE_BYTES = 64 * 1024 * 1024
_HEADING = re.compile(r"^\s*Điều\s+\d+[a-zđ]?\s*[.:]")      # a gazette PDF of several hundred pages is well under this


class NoDocumentError(InputError):
    """A file that holds no legal document: a search page, a login wall, a scanned PDF without text."""


@dataclass(frozen=True)
class Cell:
    text: str
    header: bool = False
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Source:
    """A document as read from its original file."""

    text: str                                   # the lines the text parser reads (tables as TABLE_MARK lines)
    format: str                                 # text | html | docx | pdf
    sha256: str                                 # of the original file's bytes
    name: str = ""
    tables: list[list[list[Cell]]] = field(default_factory=list)
    properties: dict = field(default_factory=dict)     # title, author, created … when the file has them
    dropped: list[str] = field(default_factory=list)   # what was left out, said in a few words each
    original: bytes = b""
    bold: set[int] = field(default_factory=set)        # numbers (1-based) of the lines set in bold type

    def plain_headings(self) -> set[int]:
        """Lines that read like an article's heading ("Điều 5. …") but are set in plain type in a document whose
        article headings are bold: running text, not new articles (what plain text cannot tell)."""
        if not self.bold:
            return set()
        heads = [i for i, ln in enumerate(self.text.splitlines(), 1) if _HEADING.match(ln)]
        bold = [i for i in heads if i in self.bold]
        if len(bold) < 3 or len(bold) < 0.7 * len(heads):
            return set()
        return {i for i in heads if i not in self.bold}

    @property
    def suffix(self) -> str:
        return {"text": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf", "doc": ".doc", "rtf": ".rtf",
                "odt": ".odt", "png": ".png", "jpg": ".jpg", "tif": ".tif"}[self.format]


# what the header (motto, number) and the signature block (Nơi nhận, the signer's title) hold
_LAYOUT = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)|Độc\s+lập|Nơi\s+nhận|^\s*Số\s*:|\b(?:TM|KT|TL|Q)\.|\bTHỦ\s+TRƯỞNG\b|"
                     r"\bĐỐC\b|\bTRƯỞNG\b", re.IGNORECASE | re.MULTILINE)


def check_inflated_sizes(data: bytes, name: str) -> None:
    """Refuse a ZIP package (DOCX) whose parts inflate past the limits, reading each part in bounded steps:
    the sizes a package declares can lie, so every part is inflated a megabyte at a time and counted, and the
    reading stops at the limit (a 3 MB file whose document.xml inflates to 1.5 GB is refused after 16 MiB,
    with no more than a megabyte of it in memory)."""
    from ..akn import MAX_TEXT_BYTES, MAX_XML_BYTES
    total = 0
    with zipfile.ZipFile(BytesIO(data)) as z:
        for info in z.infolist():
            limit = MAX_TEXT_BYTES if info.filename.endswith((".xml", ".rels")) else MAX_XML_BYTES
            size = 0
            if info.file_size <= limit:
                with z.open(info) as part:
                    while chunk := part.read(1 << 20):
                        size += len(chunk)
                        if size > limit:
                            break
            else:
                size = info.file_size
            total += size
            if size > limit or total > 2 * MAX_XML_BYTES:
                raise InputError(f"the part {info.filename} inflates to more than {limit} bytes (the package is "
                                 f"{len(data)} bytes): refused as a decompression bomb or an oversized document",
                                 document=name, expected=f"each XML part of a Word document under {MAX_TEXT_BYTES} "
                                 "bytes once inflated")


def layout_table(rows: list[list[str]]) -> bool:
    """A table that only lays out the page (the header beside the motto, the signature beside Nơi nhận): its
    cells are read one after another as printed, not kept as a grid. Small, or short and holding those words."""
    if not rows or not any(rows):
        return True
    if max(len(r) for r in rows) <= 2 and len(rows) <= 3:
        return True
    return len(rows) <= 3 and bool(_LAYOUT.search("\n".join(c for r in rows for c in r)))


def detect(data: bytes) -> str:
    """The format of a file from its first bytes: ``pdf``, ``docx``, ``html`` or ``text``."""
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"                # a scanned page
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"                  # an OLE compound file: Word 97–2003
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                names = z.namelist()
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and z.read("mimetype").startswith(b"application/vnd.oasis.opendocument.text"):
                    return "odt"
        except zipfile.BadZipFile:
            pass
        return "zip"
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:65536].lower() or \
            low.startswith((b"<head", b"<body", b"<meta", b"<div", b"<table", b"<p")):
        return "html"
    return "text"


def load_source(path: str | os.PathLike, *, data: bytes | None = None, legacy: str | None = None) -> Source:
    """Read any supported file into a :class:`Source`; a clear :class:`InputError` for anything else.

    ``legacy`` (``tcvn3`` or ``vni``) converts a text typed in that pre-Unicode encoding, which is otherwise done
    only when the encoding is certain (see :mod:`amend.ingest.legacy`)."""
    p = Path(path)
    if data is None:
        from ..akn import read_limited
        data = read_limited(p, MAX_SOURCE_BYTES)
    digest = hashlib.sha256(data).hexdigest()
    kind = detect(data)
    if kind == "pdf":
        from .pdf import read_pdf
        try:
            src = read_pdf(data, str(p))
        except NoDocumentError as e:
            if "needs OCR" not in str(e):
                raise
            from .ocr import read_scan         # a scan: its pages recognised by OCR
            src = read_scan(data, str(p), "pdf")
    elif kind == "image":
        from .ocr import read_scan
        src = read_scan(data, str(p), _image_kind(data))
    elif kind == "docx":
        from .docx import read_docx
        src = read_docx(data, str(p))
    elif kind == "html":
        from .html import read_html
        page, enc = _legacy_page(data, str(p), legacy)
        src = read_html(page, str(p))
        if enc:
            from .legacy import said
            src.properties["converted"] = said(enc)
    elif kind in ("doc", "rtf", "odt"):
        from .convert import read_converted
        src = read_converted(data, str(p), kind)
    elif kind == "zip":
        raise InputError("a ZIP archive that is not a Word document (.docx)", document=str(p),
                         expected="a .docx, .pdf, .html or .txt file")
    else:
        from ..akn import MAX_TEXT_BYTES
        if len(data) > MAX_TEXT_BYTES:
            raise InputError(f"file is {len(data)} bytes, over the limit of {MAX_TEXT_BYTES}", document=str(p))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            from .legacy import from_bytes, legacy_encoding
            text = from_bytes(data)          # the bytes of a file typed in a legacy font encoding?
            if not (legacy or legacy_encoding(text)):
                raise InputError(f"not UTF-8 text (byte {e.start})", document=str(p),
                                 expected="UTF-8 text (or TCVN3 / VNI text: --legacy-encoding tcvn3|vni), or a "
                                          ".docx, .pdf or .html file") from e
        src = Source(text, "text", digest, p.name)
    if kind != "html":            # a page was converted (or not) before it was read
        _unicode(src, str(p), legacy)
    src.sha256 = digest
    src.name = p.name
    src.original = data
    return src


def _image_kind(data: bytes) -> str:
    return "png" if data.startswith(b"\x89PNG") else "jpg" if data.startswith(b"\xff\xd8") else "tif"


def _legacy_page(data: bytes, name: str, forced: str | None) -> tuple[bytes, str | None]:
    """A web page whose text is typed in a legacy font encoding, converted before its document is looked for
    (the reader finds the document by its words). The markup is ASCII: the words are looked for, and the letters
    converted, in the page as it is, which is parsed once, by the reader."""
    from .legacy import convert, resolve
    try:
        page = data.decode("utf-8")
    except UnicodeDecodeError:
        return data, None
    _t, enc = resolve(page, name, forced=forced, markup=page[:200_000])
    return (convert(page, enc).encode("utf-8"), enc) if enc else (data, None)


def _unicode(src: Source, name: str, forced: str | None) -> None:
    """A text (or page, Word document, PDF) typed in TCVN3 or VNI, converted to Unicode in place, tables
    included; what was done is kept with the source ("chuyển từ TCVN3 (ABC) sang Unicode")."""
    from .legacy import convert, resolve, said
    text, enc = resolve(src.text, name, forced=forced)
    if enc is None:
        return
    src.text = text
    src.tables = [[[Cell(convert(c.text, enc), c.header, c.rowspan, c.colspan) for c in row] for row in t]
                  for t in src.tables]
    before = src.properties.get("converted")
    src.properties["converted"] = f"{before}; {said(enc)}" if before else said(enc)


def parse_source(src: Source):
    """The parse of a source read by :func:`load_source`: its text, its tables, its origin recorded."""
    from ..parse import parse_text
    plain = src.format == "text" and not src.properties.get("converted")
    origin = None if plain else {"file": f"source{src.suffix}", "format": src.format,
                                                 "sha256": src.sha256, "properties": dict(src.properties),
                                                 "dropped": list(src.dropped)}
    result = parse_text(src.text, src.name, tables=src.tables, origin=origin, plain=src.plain_headings())
    from ..errors import Diagnostic
    if src.properties.get("converted"):      # what was done to read it, said by parse and corpus add
        result.diagnostics.insert(0, Diagnostic("info", src.properties["converted"], src.name, None, "converted"))
    if src.properties.get("ocr"):            # recognised by OCR: to be checked, its unsure lines named
        result.diagnostics.insert(0, Diagnostic("warning", src.properties["ocr"], src.name, None, "ocr"))
        if src.properties.get("ocr-low-confidence"):
            result.diagnostics.insert(1, Diagnostic("warning", src.properties["ocr-low-confidence"], src.name, None,
                                                    "ocr"))
    return result


def parse_file(path: str | os.PathLike):
    """Parse a document file of any supported format (text, web page, DOCX, PDF)."""
    return parse_source(load_source(path))


def is_akn_xml(data: bytes) -> bool:
    """An Akoma Ntoso XML file (not a web page that also starts with "<")."""
    head = data[:4096]
    return b"<akomaNtoso" in head or (head.lstrip().startswith(b"<?xml") and b"<html" not in head.lower())
