"""A legal document from a Word file (python-docx).

Paragraphs and tables are read in the body's order; a manual line break starts a new line; a layout table
(the header with the motto, the signature block) is read cell by cell, a data table becomes a grid with its
merged cells as row and column spans. Footnote references become the parser's ``[n]`` markers and the
footnotes' texts follow the document as ``[n] text`` lines, as in the transcriptions of consolidated texts.
The document properties (title, author, dates) are kept.
"""
from __future__ import annotations

import re
import zipfile
from io import BytesIO

from ..errors import InputError
from .model import TABLE_MARK, Cell, NoDocumentError, Source, check_inflated_sizes, layout_table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _para_lines(p) -> list[str]:
    """A paragraph's lines: its runs' text, a line per manual break, footnote references as [n]."""
    return [t for t, _b in _para_bold_lines(p)]


def _is_bold(run) -> bool:
    b = run.find(f"{W}rPr/{W}b")
    return b is not None and b.get(W + "val") not in ("0", "false")


def _para_bold_lines(p) -> list[tuple[str, bool]]:
    """The paragraph's lines, each with whether most of its letters are set in bold."""
    lines, cur = [], []

    def end():
        text = "".join(t for t, _b in cur)
        ink = sum(len(t.strip()) for t, _b in cur)
        lines.append((" ".join(text.split()), ink > 0 and sum(len(t.strip()) for t, b in cur if b) > 0.6 * ink))
        cur.clear()
    for el in p.iter():
        tag = el.tag
        run = next((a for a in el.iterancestors(W + "r")), None) if tag in (W + "t", W + "tab") else None
        bold = run is not None and _is_bold(run)
        if tag == W + "t":
            cur.append((el.text or "", bold))
        elif tag == W + "tab":
            cur.append((" ", bold))
        elif tag in (W + "br", W + "cr"):
            end()
        elif tag == W + "footnoteReference":
            cur.append((f"[{el.get(W + 'id')}]", False))
    end()
    return [(t, b) for t, b in lines if t.strip()]


def _grid(tbl) -> list[list[Cell]]:
    """Rows of cells with spans: gridSpan is the column span, vMerge continuation cells extend the row span."""
    rows: list[list[dict]] = []
    for tr in tbl.iterchildren(W + "tr"):
        row, col = [], 0
        for tc in tr.iterchildren(W + "tc"):
            pr = tc.find(W + "tcPr")
            span = int(pr.find(W + "gridSpan").get(W + "val")) if pr is not None and pr.find(W + "gridSpan") is not None else 1
            vm = pr.find(W + "vMerge") if pr is not None else None
            text = " ".join(" ".join(_para_lines(p)) for p in tc.iterchildren(W + "p")).strip()
            cont = vm is not None and vm.get(W + "val") in (None, "continue")
            row.append({"text": text, "col": col, "colspan": span, "cont": cont, "rowspan": 1})
            col += span
        rows.append(row)
    for r, row in enumerate(rows):          # a continuation adds one to the span of the cell above it
        for c in row:
            if c["cont"]:
                for up in range(r - 1, -1, -1):
                    above = next((x for x in rows[up] if x["col"] == c["col"]), None)
                    if above is not None and not above["cont"]:
                        above["rowspan"] += 1
                        break
    return [[Cell(c["text"], False, c["rowspan"], c["colspan"]) for c in row if not c["cont"]] for row in rows]


def read_docx(data: bytes, name: str) -> Source:
    try:
        check_inflated_sizes(data, name)     # before python-docx inflates every part whole
    except zipfile.BadZipFile as e:
        raise InputError(f"a damaged Word document ({e})", document=name, expected="a .docx file Word can open") from e
    try:
        import docx
        d = docx.Document(BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise InputError(f"a damaged Word document ({e})", document=name, expected="a .docx file Word can open") from e
    except Exception as e:        # python-docx raises its own errors (PackageNotFoundError …) for broken files
        raise InputError(f"a damaged Word document ({type(e).__name__}: {e})", document=name,
                         expected="a .docx file Word can open") from e
    lines: list[str] = []
    bold: set[int] = set()
    tables: list = []
    body = d.element.body
    for el in body.iterchildren():
        if el.tag == W + "p":
            for t, b in _para_bold_lines(el):
                lines.append(t)
                if b:
                    bold.add(len(lines))
        elif el.tag == W + "tbl":
            grid = _grid(el)
            if layout_table([[c.text for c in r] for r in grid]):
                for tr in el.iterchildren(W + "tr"):
                    for tc in tr.iterchildren(W + "tc"):
                        for p in tc.iterchildren(W + "p"):
                            lines.extend(_para_lines(p))
            else:
                tables.append(grid)
                lines.append(f"{TABLE_MARK}{len(tables) - 1}")
    notes = _footnotes(d)
    for n, text in notes:
        lines.append(f"[{n}] {text}")
    if not any(ln for ln in lines if not ln.startswith(TABLE_MARK)):
        raise NoDocumentError("no text in the Word document", document=name, expected="a document with text")
    text = "\n".join(lines) + "\n"
    props = d.core_properties
    src = Source(text, "docx", "", name, tables=tables, bold=bold)
    for k in ("title", "author", "subject", "keywords"):
        v = getattr(props, k, None)
        if v:
            src.properties[k] = v
    for k in ("created", "modified"):
        v = getattr(props, k, None)
        if v:
            src.properties[k] = v.isoformat()
    return src


def _footnotes(d) -> list[tuple[str, str]]:
    """(number, text) of the document's own footnotes (the separators Word keeps as ids -1 and 0 left out)."""
    part = next((p for p in d.part.package.iter_parts() if str(p.partname) == "/word/footnotes.xml"), None)
    if part is None:
        return []
    from lxml import etree
    root = etree.fromstring(part.blob)
    out = []
    for fn in root.iterchildren(W + "footnote"):
        if fn.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(" ".join(_para_lines(p)) for p in fn.iter(W + "p")).strip()
        text = re.sub(r"^\[\d+\]\s*", "", text)       # the note's own reference mark
        if text:
            out.append((fn.get(W + "id"), text))
    return out
