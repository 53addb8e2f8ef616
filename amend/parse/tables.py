"""Annexes (Phụ lục) and their tables, rebuilt from one-cell-per-line text.

Published pages flatten a table to one cell per line, empty cells as no-break
spaces. The header runs from "STT" to the first row number; the number of
columns is the one that makes every following row start with a row number
(roman for groups, arabic for items, empty for totals). A header with more
cells than columns has a second row under a merged cell ("PHÂN KỲ ĐẦU TƯ …"
over the periods).
"""
from __future__ import annotations

import re
from contextvars import ContextVar

from ..akn import E
from ..errors import Diagnostic
from ..text import ROMAN_RE, fold, parse_number, slug
from . import styles
from .inline import add_inline_text, unit_id
from .source import Line

STT_RE = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\.?$")


def _stt_like(cell: Line) -> bool:
    return not cell.text or bool(STT_RE.match(cell.text))


def _columns(cells: list[Line], header_n: int) -> int | None:
    """The column count that splits ``cells`` into rows each led by a row number."""
    best = None
    for c in range(2, max(header_n, 2) + 1):
        rows = [cells[k:k + c] for k in range(0, len(cells), c)]
        if rows and len(rows[-1]) < c and all(not x.text for x in rows[-1]):
            rows = rows[:-1]      # a stray empty cell after the last row
        if not rows or len(rows[-1]) != c:
            continue
        if all(_stt_like(r[0]) and r[1].text for r in rows):
            best = c
    return best


def build_table(cells: list[Line], eid: str, unit: str | None, *, document: str,
                diags: list[Diagnostic]):
    """A ``table`` from flattened cells (the first one is "STT")."""
    k = 1
    while k < len(cells) and not (cells[k].text and STT_RE.match(cells[k].text)):
        k += 1
    header, rest = cells[:k], cells[k:]
    ncols = _columns(rest, len(header))
    where = f"line {cells[0].no}"
    if ncols is None:
        diags.append(Diagnostic("warning", "table rows could not be aligned to the header; "
                                "cells kept one per row", document, where, "table-shape"))
        ncols = 1
    table = E("table", eId=eid)
    if unit:
        table.set("{http://amend.invalid/ns/1.0}unit", unit)
    _header_rows(table, header, ncols, document, diags)
    rows = [rest[i:i + ncols] for i in range(0, len(rest), ncols)]
    if rows and len(rows[-1]) < ncols:
        left = rows.pop()
        if any(c.text for c in left):
            diags.append(Diagnostic("warning", f"{len(left)} cell(s) after the last full row were not placed: "
                                    + ", ".join(repr(c.text) for c in left), document,
                                    f"line {left[0].no}", "table-leftover"))
    seen: dict[str, int] = {}
    nsub = 0
    for r in rows:
        stt = r[0].text
        label = r[1].text if len(r) > 1 else ""
        if stt and ROMAN_RE.match(stt):
            kind = "group"
        elif stt:
            kind = "item"
        elif styles.TOTAL_LABEL.match(label) or "(1 + 2)" in label or "(1+2)" in label:
            kind = "total"
        elif styles.SUBTOTAL_LABEL.match(label):
            kind = "subtotal"
        else:
            kind = "note"
        if kind == "subtotal":
            nsub += 1
        key = stt.rstrip(".").replace(".", "-") if stt else slug(label) or f"row-{len(table)}"
        key = key.replace("đ", "dd")
        if key in seen:
            seen[key] += 1
            diags.append(Diagnostic("warning", f"row number {stt or label!r} repeats in this table "
                                    f"(row {seen[key]} with that number); it is kept as tr_{key}_{seen[key]}",
                                    document, f"line {r[0].no}", "duplicate-row-number"))
            key = f"{key}_{seen[key]}"
        else:
            seen[key] = 1
        tr = E("tr", eId=f"{eid}__tr_{key}", **{"class": kind})
        tr.set("{http://amend.invalid/ns/1.0}line", str(r[0].no))
        for ci, cell in enumerate(r):
            td = E("td")
            p = _cell_text(cell.text, unit, numeric=ci > 0)
            if not cell.text:
                td.set("class", "empty")
                if cell.nbsp_only:
                    p.text = cell.raw.strip(" ")
            td.append(p)
            tr.append(td)
        table.append(tr)
    return table


def _cell_text(text: str, unit: str | None, *, numeric: bool):
    """A cell's paragraph: a figure as a ``quantity`` in the table's unit, other text as it is."""
    p = E("p")
    val = parse_number(text) if numeric and text else None
    if val is not None:
        p.append(E("quantity", text, normalized=str(int(val)) if float(val).is_integer() else str(val),
                   refersTo=f"#{unit_id(unit) if unit else 'don-vi'}"))
    elif text:
        add_inline_text(p, text)
    return p


def _header_rows(table, header: list[Line], ncols: int, document: str, diags) -> None:
    texts = [c.text for c in header]
    if len(texts) == ncols or len(texts) < ncols:
        tr = E("tr", eId=f"{table.get('eId')}__tr_header", **{"class": "header"})
        for t in texts + [""] * (ncols - len(texts)):
            tr.append(E("th", E("p", t)))
        table.append(tr)
        return
    # Two header rows: trailing cells that are not capitalised words (years,
    # periods) sit under one merged cell of the first row.
    sub = 0
    for t in reversed(texts):
        if re.search(r"\d", t) or not t.isupper():
            sub += 1
        else:
            break
    first = texts[:len(texts) - sub]
    second = texts[len(texts) - sub:]
    merged = [i for i, t in enumerate(first) if any(w in fold(t) for w in styles.MERGED_HEADER_WORDS)]
    if sub == 0 or len(merged) != 1 or len(first) - 1 + sub != ncols:
        diags.append(Diagnostic("warning", "table header has more cells than the table has columns and its "
                                "merged cell could not be identified; header cells kept in one row",
                                document, f"line {header[0].no}", "table-header"))
        tr = E("tr", eId=f"{table.get('eId')}__tr_header", **{"class": "header"})
        for t in texts:
            tr.append(E("th", E("p", t)))
        table.append(tr)
        return
    m = merged[0]
    tr1 = E("tr", eId=f"{table.get('eId')}__tr_header", **{"class": "header"})
    for i, t in enumerate(first):
        th = E("th", E("p", t))
        if i == m:
            th.set("colspan", str(sub))
        else:
            th.set("rowspan", "2")
        tr1.append(th)
    tr2 = E("tr", eId=f"{table.get('eId')}__tr_header-2", **{"class": "header"})
    for t in second:
        tr2.append(E("th", E("p", t)))
    table.append(tr1)
    table.append(tr2)


def parse_annex_body(lines: list[Line], eid: str, *, document: str, diags: list):
    """Blocks of an annex after its title: paragraphs and tables, in order."""
    blocks = []
    unit = None
    i = 0
    ntab = 0
    while i < len(lines):
        ln = lines[i]
        t = ln.text
        if not t and not ln.nbsp_only:
            i += 1
            continue
        if (m := styles.UNIT_LINE.match(t)):
            unit = m.group("unit").strip()
            blocks.append(E("p", t, **{"class": "unit"}))
            i += 1
            continue
        grid = marked_table(t, f"{eid}__table_{ntab + 1}", unit)
        if grid is not None:
            ntab += 1
            blocks.append(grid)
            i += 1
            continue
        if styles.TABLE_START.match(t):
            cells = [c for c in lines[i:] if c.text or c.nbsp_only]
            ntab += 1
            blocks.append(build_table(cells, f"{eid}__table_{ntab}", unit, document=document, diags=diags))
            break
        if t:
            p = E("p")
            add_inline_text(p, t)
            blocks.append(p)
        i += 1
    return blocks


# --- tables read with their structure (web pages, DOCX): a grid of cells, spans included -----------------
# parse_text sets the grids of the source being parsed; a line "\ue000<n>" stands for grid n
SOURCE_TABLES: ContextVar[tuple] = ContextVar("SOURCE_TABLES", default=())


def marked_table(text: str, eid: str, unit: str | None = None):
    """The AKN table a TABLE_MARK line stands for, or None when the line is not one."""
    from ..ingest.model import TABLE_MARK
    if not text.startswith(TABLE_MARK):
        return None
    grids = SOURCE_TABLES.get()
    try:
        rows = grids[int(text[len(TABLE_MARK):])]
    except (ValueError, IndexError):
        return None
    return grid_table(rows, eid, unit)


def grid_table(rows, eid: str, unit: str | None = None):
    """A ``table`` from rows of cells (``amend.ingest.Cell``) with their row and column spans.

    Header rows (cells marked header, or the rows before the first whose first cell is a row number when
    the table starts with "STT") are ``th`` cells in ``tr class="header"``; the other rows are classified
    as the flattened tables are (group, item, subtotal, total, note), and figures become ``quantity``.
    """
    table = E("table", eId=eid)
    if unit:
        table.set("{http://amend.invalid/ns/1.0}unit", unit)
    stt_header = bool(rows and rows[0] and fold(rows[0][0].text).startswith("stt"))
    in_header = True
    seen: dict[str, int] = {}
    for k, row in enumerate(rows):
        first = row[0].text if row else ""
        header = all(c.header for c in row) or (stt_header and in_header and not (k and STT_RE.match(first)))
        if not header:
            in_header = False
        label = row[1].text if len(row) > 1 else ""
        if header:
            kind, key = "header", f"header-{k + 1}"
        else:
            kind = ("group" if first and ROMAN_RE.match(first) else "item" if first else
                    "total" if styles.TOTAL_LABEL.match(label) else
                    "subtotal" if styles.SUBTOTAL_LABEL.match(label) else "note")
            key = (first.rstrip(".").replace(".", "-") if first else slug(label) or f"row-{k + 1}").replace("đ", "dd")
        if key in seen:
            seen[key] += 1
            key = f"{key}_{seen[key]}"
        else:
            seen[key] = 1
        tr = E("tr", eId=f"{eid}__tr_{key}", **{"class": kind})
        for ci, c in enumerate(row):
            cell = E("th" if header else "td")
            if c.rowspan > 1:
                cell.set("rowspan", str(c.rowspan))
            if c.colspan > 1:
                cell.set("colspan", str(c.colspan))
            p = _cell_text(c.text, unit, numeric=ci > 0 and not header)
            if not c.text:
                cell.set("class", "empty")
            cell.append(p)
            tr.append(cell)
        table.append(tr)
    return table
