"""A legal document from a web page (lxml.html).

The legal content is found from the page's structure, not from a list of strings:

1. a known portal's content container (:data:`PORTALS`); otherwise the smallest element that holds the
   document's opening (the national motto or its number) and its provisions (``Điều 1``), which leaves out the
   site's navigation, search box, related links and footer;
2. inside it, what no document contains is dropped: scripts, styles, forms, buttons, images, and the portal's
   own matter (its notes under provisions, "Bổ sung" badges, tooltips, and the items it inserted itself, which
   the portal marks only by an element id out of the sequence of the document's own items);
3. block elements become lines, ``<br>`` a line break; a layout table (the header with the motto, the
   signature block with "Nơi nhận") is read cell by cell as the printed page reads; a data table becomes a
   grid of cells with their row and column spans.

A page without a legal document (a search result, a login wall, an error page) raises
:class:`NoDocumentError`; a gazette page that describes a document but does not hold its text gives the
metadata it states (:func:`gazette_metadata`).
"""
from __future__ import annotations

import re

from lxml import html as lhtml

from ..errors import InputError
from .model import TABLE_MARK, Cell, NoDocumentError, Source, layout_table

# portal → XPath of the element holding the document's text (the first that matches is used)
PORTALS = {
    "luatvietnam.vn": "//div[contains(concat(' ', normalize-space(@class), ' '), ' the-document-body ')]",
    "thuvienphapluat.vn": "//div[@id='divContentDoc']//div[contains(@class, 'content1')] | //div[@id='divContentDoc']",
    "vbpl.vn": "//div[@id='toanvancontent'] | //div[contains(@class, 'toanvancontent')]",
    "congbao.chinhphu.vn": "//div[contains(@class, 'detail-content')] | //div[contains(@class, 'content-detail')]",
}
# what a portal adds inside the content container (class names), never part of the document
PORTAL_MATTER = ("docitem-17", "docitemadd", "tooltip-button", "document-tip", "docitem-binhluan", "bg-theo-doi",
                 "bg_phantich", "icon-55", "icon-58", "download-files")
PORTAL_NOTES = ("docitem-17", "docitem-binhluan")      # notes the portal writes under provisions
_DROP = ("//script|//style|//noscript|//template|//svg|//iframe|//button|//input|//select|//textarea|//img|"
         "//comment()")   # not //form: ASP.NET pages wrap the whole page in one
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td", "th", "section", "article",
           "blockquote", "pre", "table", "ul", "ol", "header", "footer", "main", "nav", "dd", "dt", "center"}
_LABEL_ONLY = re.compile(r"^(?:\d+[a-zđ]?\.|[a-zđ]\)|\([ivx]+\)|Điều\s+\d+[a-zđ]?\.?)$")
_RULE = re.compile(r"^[_\-–—=.·\s]{3,}$")          # "__________" under the header: a drawn line, not text
_MOTTO = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM", re.IGNORECASE)
_PROVISION = re.compile(r"\bĐiều\s+1\s*[.:]|\bChương\s+I\b|\bPhần\s+thứ\s+nhất|\bNơi\s+nhận\s*:")
def decode(data: bytes) -> str:
    """The page's text: its declared charset, else UTF-8, else Windows-1258 (the Vietnamese code page)."""
    head = data[:4096].decode("ascii", "ignore").lower()
    m = re.search(r"charset\s*=\s*['\"]?([\w-]+)", head)
    for enc in ([m.group(1)] if m else []) + ["utf-8-sig", "cp1258"]:
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    raise InputError("the page's text cannot be decoded", expected="a UTF-8 or declared-charset web page")


def _portal(doc) -> str | None:
    links = " ".join(doc.xpath("//link/@href|//meta[@property='og:url']/@content|//base/@href")[:40]).lower()
    for host in PORTALS:
        if host in links:
            return host
    return None


def _inline_frames(doc, depth: int = 0) -> None:
    """A page that shows the document in a frame written into it (``<iframe srcdoc="…">``): the frame's page is
    read in its place (frames inside frames too, three deep at most)."""
    for frame in doc.xpath("//iframe[@srcdoc]"):
        inner = frame.get("srcdoc") or ""
        box = lhtml.Element("div")
        if inner.strip() and depth < 3:
            try:
                sub = lhtml.document_fromstring(inner)
            except Exception:         # an empty or broken frame holds nothing to read
                sub = None
            if sub is not None:
                _inline_frames(sub, depth + 1)
                body = sub.find("body")
                for child in list(body if body is not None else sub):
                    box.append(child)
        frame.getparent().replace(frame, box)


def _words(el) -> str:
    """An element's text with its blocks apart ("…hồ sơ" "Điều 1." is not "…hồ sơĐiều 1.")."""
    return " ".join(el.itertext())


def _holds_document(el, t: str | None = None) -> bool:
    t = _words(el) if t is None else t
    return bool((_MOTTO.search(t) or re.search(r"\bSố\s*:", t)) and _PROVISION.search(t))


def _container(doc):
    host = _portal(doc)
    order = [host] + [h for h in PORTALS if h != host] if host else list(PORTALS)
    for h in order:     # a saved page can lose its links: the containers are distinctive
        # a portal page has several such containers (a summary tab, the full text): the one with the document
        hits = [el for el in doc.xpath(PORTALS[h]) if _holds_document(el)]
        if hits:
            return max(hits, key=lambda el: len(el.text_content())), h
    best, best_len = None, 0
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag not in _BLOCKS | {"body"}:
            continue
        t = _words(el)
        if _holds_document(el, t):
            if best is None or len(t) <= best_len:
                best, best_len = el, len(t)
    return best, None


def _out_of_sequence(items) -> list:
    """Items the portal inserted itself: a portal numbers the document's items in runs of ids (the items as
    first published, then runs for items it split later); an item whose id belongs to no run (no other item
    within 100 of it), in a document of at least 20 items, was added by the portal."""
    nums = {}
    for it in items:
        m = re.search(r"(\d+)$", it.get("id") or "")
        if m:
            nums[it] = int(m.group(1))
    if len(nums) < 20:
        return []
    ordered = sorted(nums.values())
    lonely = {x for i, x in enumerate(ordered)
              if (i == 0 or x - ordered[i - 1] > 100) and (i == len(ordered) - 1 or ordered[i + 1] - x > 100)}
    if len(lonely) * 20 > len(ordered):
        return []          # ids not given in runs (more than 1 in 20 alone): no sign of insertions to go by
    # a lone item that is only a unit's number ("1.") is the portal splitting a number from its text, not an addition
    return [it for it, n in nums.items() if n in lonely and not _LABEL_ONLY.match(it.text_content().strip())]


def _is_layout(table) -> bool:
    return layout_table([[c.text_content() for c in tr.xpath("./td|./th")]
                         for tr in table.xpath("./tr|./tbody/tr|./thead/tr")])


def _grid(table) -> list[list[Cell]]:
    rows = []
    for tr in table.xpath("./tr|./tbody/tr|./thead/tr|./tfoot/tr"):
        row = []
        for c in tr.xpath("./td|./th"):
            if len(c):
                # a table inside a cell is read into the cell's words (never a table mark left in the text)
                nested: list = []
                parts = [t for t, _b in _lines_of(c, nested)]
                text = " ".join(" ".join(x.text for r in nested[int(t[1:])] for x in r) if t.startswith(TABLE_MARK)
                                else t for t in parts).strip()
            else:
                text = " ".join(c.text_content().split())
            head = c.tag == "th" or bool(tr.xpath("ancestor::thead"))
            row.append(Cell(" ".join(text.split()), head, _span(c.get("rowspan")), _span(c.get("colspan"))))
        rows.append(row)
    return rows


def _span(v) -> int:
    try:
        return max(1, min(int(v), 1000))
    except (TypeError, ValueError):
        return 1


_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)


def _lines_of(root, tables: list) -> list[tuple[str, bool]]:
    """The element's text, a line per block, each with whether it is set in bold; data tables become TABLE_MARK
    lines (their grids in ``tables``)."""
    out: list[tuple[str, bool]] = []
    cur: list[tuple[str, bool]] = []

    def flush():
        t = " ".join("".join(x for x, _b in cur).split())
        ink = sum(len(x.strip()) for x, _b in cur)
        bold = ink > 0 and sum(len(x.strip()) for x, b in cur if b) > 0.6 * ink
        cur.clear()
        if t and not _RULE.match(t):
            out.append((t, bold))

    def walk(el, bold: bool):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table" and not _is_layout(el):
            flush()
            tables.append(_grid(el))
            out.append((f"{TABLE_MARK}{len(tables) - 1}", False))
            if el.tail:
                cur.append((el.tail, bold))
            return
        if tag == "sup" and re.fullmatch(r"\s*\d{1,3}\s*", el.text_content() or ""):
            cur.append((f"[{el.text_content().strip()}]", bold))     # a footnote reference: the parser's marker
            if el.tail:
                cur.append((el.tail if el.tail[:1].isspace() or el.tail[:1] in ".,;:)" else " " + el.tail, bold))
            return
        inner = bold or tag in ("b", "strong", "th", "h1", "h2", "h3", "h4") or bool(
            _BOLD_STYLE.search(el.get("style") or "") if tag else False)
        if tag == "br":
            flush()
        elif tag in _BLOCKS:
            flush()
        if el.text:
            cur.append((el.text, inner))
        for c in el:
            walk(c, inner)
        if tag in _BLOCKS:
            flush()
        if el.tail:
            cur.append((el.tail, bold))
    walk(root, False)
    flush()
    return join_labels(out)


def join_labels(lines: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """A unit's number standing alone on its line ("1.") is joined to the text that follows it."""
    out: list[tuple[str, bool]] = []
    for ln, bold in lines:
        if out and _LABEL_ONLY.match(out[-1][0]) and not ln.startswith(TABLE_MARK):
            out[-1] = (f"{out[-1][0]} {ln}", out[-1][1] or bold)
        else:
            out.append((ln, bold))
    return out


def read_html(data: bytes, name: str) -> Source:
    text = decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        doc = lhtml.document_fromstring(text)
    except Exception as e:     # lxml raises ParserError for an empty or non-HTML document
        raise InputError(f"not a readable web page ({e})", document=name) from e
    _inline_frames(doc)
    for bad in doc.xpath(_DROP):
        if bad.getparent() is not None:       # a comment before <html> has no parent and nothing to drop
            bad.drop_tree()
    container, host = _container(doc)
    dropped = []
    if container is None:
        meta = gazette_metadata(doc)
        if meta:
            raise NoDocumentError("the page describes the document but does not hold its text (the gazette "
                                  f"links it as a file): {meta_line(meta)}", document=name,
                                  expected="the document's text (its PDF, or a portal page with the full text)")
        raise NoDocumentError("no legal document found in the page", document=name,
                              expected="a page with the text of a Vietnamese legal document (motto or number, "
                                       "and its Điều)")
    for cls in PORTAL_MATTER:
        found = container.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")
        texts = [" ".join(el.text_content().split()) for el in found]
        for el in found:
            el.drop_tree()
        if cls in PORTAL_NOTES:       # the portal's own words about the law: each named
            dropped += [f"{cls}: {t[:80]}" for t in texts if t]
        elif found:                   # buttons, badges, tooltips: counted
            dropped.append(f"{cls}: {len(found)} phần tử giao diện của trang")
    items = container.xpath("./div[@id]")
    for el in _out_of_sequence(items):
        dropped.append(f"item {el.get('id')} out of the document's sequence: "
                       f"{' '.join(el.text_content().split())[:80]}")
        el.drop_tree()
    tables: list = []
    lines = _lines_of(container, tables)
    body = "\n".join(t for t, _b in lines) + "\n"
    src = Source(body, "html", "", name, tables=tables, dropped=dropped,
                 bold={i for i, (_t, b) in enumerate(lines, 1) if b})
    title = doc.findtext(".//title")
    if title:
        src.properties["title"] = " ".join(title.split())
    if host:
        src.properties["portal"] = host
    return src


# --- the official gazette's page: metadata only ----------------------------------------------------------
_FIELDS = {
    "number": r"Số\s*,?\s+(?:ký\s+hiệu|hiệu)", "type": r"Loại\s+văn\s+bản", "issuer": r"Cơ\s+quan\s+ban\s+hành",
    "signer": r"Người\s+ký", "signed": r"Ngày\s+ban\s+hành", "in_force": r"Ngày\s+(?:có\s+)?hiệu\s+lực",
    "title": r"Trích\s+yếu", "gazette": r"Số\s+công\s+báo", "published": r"Ngày\s+(?:đăng\s+)?công\s+báo",
}


def gazette_metadata(doc) -> dict:
    """The fields a gazette page states about a document (number, dates, issuer, signer, title)."""
    pairs = []
    for tr in doc.xpath("//tr"):
        cells = [" ".join(c.text_content().split()) for c in tr.xpath("./td|./th")]
        for k in range(0, len(cells) - 1, 2):
            pairs.append((cells[k], cells[k + 1]))
    for label in doc.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' name ') or "
                           "contains(concat(' ', normalize-space(@class), ' '), ' label ')]"):
        value = label.getnext()       # "<span class=name>Số, ký hiệu</span><div class=value>…</div>"
        if value is not None:
            pairs.append((" ".join(label.text_content().split()), " ".join(value.text_content().split())))
    for dt in doc.xpath("//dt"):
        dd = dt.getnext()
        if dd is not None and dd.tag == "dd":
            pairs.append((" ".join(dt.text_content().split()), " ".join(dd.text_content().split())))
    for el in doc.xpath("//li|//p|//div[not(*)]|//span[not(*)]"):
        t = " ".join(el.text_content().split())
        m = re.match(r"^([^:]{3,40}):\s*(.+)$", t)
        if m:
            pairs.append((m.group(1), m.group(2)))
    out: dict = {}
    for label, value in pairs:
        for key, rx in _FIELDS.items():
            if key not in out and value and re.fullmatch(rf"\s*{rx}\s*:?\s*", label, re.IGNORECASE):
                out[key] = value
    return out if "number" in out and ("signed" in out or "issuer" in out) else {}


def meta_line(meta: dict) -> str:
    names = {"number": "số", "issuer": "cơ quan ban hành", "signed": "ngày ban hành", "in_force": "ngày hiệu lực",
             "signer": "người ký"}
    return "; ".join(f"{names[k]} {meta[k]}" for k in names if meta.get(k))
