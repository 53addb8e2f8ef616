"""HTML rendering: the body of a version, element by element, and the pages with Jinja2.

The body is rendered by a table of handlers keyed by element name (a Jinja2
macro per element was measured at 1.25 s for 1,000 articles; this table does
the same work in a fraction of that, see ``benchmarks/bench_render.py``).
Every piece of text goes through ``markupsafe.escape``; the page templates
have autoescaping on: legal text containing markup ("<script>") is shown as
text.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..akn import AKN_NS, UNIT_NAMES, main_doc, q


@lru_cache(maxsize=8192)
def _anchor_label(eid: str) -> str:
    """What a screen reader says for a provision's link: "đường dẫn tới khoản 5 Điều 26", never its eId."""
    from ..read.model import provision_label
    label = provision_label(eid).strip()
    return f"đường dẫn tới {label}" if label and "_" not in label else "đường dẫn tới quy định này"
from ..ops import STATUS
from ..validate import span

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "render" / "templates"
STATIC = TEMPLATES.parent / "static"
_NS = "{" + AKN_NS + "}"
UNITS = frozenset(_NS + n for n in UNIT_NAMES)
HEADED = frozenset(_NS + n for n in ("part", "chapter", "section", "subsection"))
BLOCKS = frozenset(_NS + n for n in ("intro", "content", "wrapUp"))
T_NUM, T_HEADING, T_NOTE, T_P, T_TABLE, T_REF, T_MOD, T_QS, T_QTY, T_TR = (
    _NS + n for n in ("num", "heading", "authorialNote", "p", "table", "ref", "mod", "quotedStructure",
                      "quantity", "tr"))
STATUS_LABEL = {"suspended": "ngưng hiệu lực", "repealed": "được bãi bỏ"}


class Ctx:
    """Per-page rendering context: footnote numbers by eId, a link maker for FRBR URIs."""

    def __init__(self, notes: dict | None = None, href=None, changed: set | None = None,
                 table_checks: dict | None = None):
        self.notes = notes or {}          # eId → (n, text, link)
        self._href = href
        self.changed = changed or set()
        self.table_checks = table_checks or {}   # table eId → (ok, [messages])
        self.trailing: dict = {}          # p element → footnote references to write after its text

    def href(self, uri: str) -> str:
        return self._href(uri) if self._href else uri


def escape(s: str) -> str:
    """HTML-escape text and attribute values (C-level replaces: the hot path of rendering)."""
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#39;"))


# The class names a page may carry: the stylesheet's vocabulary.  A name from the XML that is not here
# (an unknown status, a table row class, a container's name) is left out, never copied into the page.
CLASSES = frozenset(
    set(UNIT_NAMES) | {"unit", "changed", "repealed", "suspended", "header", "group", "item", "subtotal", "total",
                       "hcontainer", "attachments", "attachment", "doc", "preface", "mainBody", "body", "blockList",
                       "list", "heading", "docTitle", "docType", "intro", "content", "wrapUp", "tblock",
                       "khong-co-noi-dung", "noi-dung-cong-van", "phu-luc", "quy-dinh", "quy-che", "dieu-le",
                       "quantity", "ref", "date", "docNumber", "docDate", "docAuthority", "signature", "role",
                       "person", "span", "i", "b", "u", "sup", "sub", "inline", "term", "organization",
                       "location", "remark", "conclusions", "container", "blockContainer", "mod",
                       "quotedStructure", "embeddedStructure", "num", "subheading",
                       # the renderer's own
                       "anchor", "badge", "fn-ref", "label", "lead", "quoted", "table-check", "table-wrap", "ok",
                       "mismatch"})


def classes(*names: str | None) -> str:
    """The class attribute's value: only names from :data:`CLASSES`."""
    return " ".join(n for part in names if part for n in part.split() if n in CLASSES)


def safe_href(href: str) -> str | None:
    """A link a page may follow: relative, a fragment, or http(s); anything else (javascript:, data:, file:) is None."""
    h = href.strip()
    low = h.lower()
    if low.startswith(("http://", "https://")) or low.startswith("#"):
        return h
    scheme = low.split("/", 1)[0]
    if ":" in scheme:          # any other scheme
        return None
    return h


def _local(tag: str) -> str:
    return tag[len(_NS):] if tag.startswith(_NS) else tag.rpartition("}")[2]


def _text(el, out: list, ctx: Ctx) -> None:
    """Inline content of ``el`` (its text, inline children and their tails)."""
    if el.text:
        out.append(escape(el.text))
    for c in el:
        tag = c.tag
        if not isinstance(tag, str) or tag == T_NOTE:
            pass
        elif tag == T_REF and c.get("href") and safe_href(ctx.href(c.get("href"))):
            out.append(f'<a class="ref" href="{escape(safe_href(ctx.href(c.get("href"))))}">')
            _text(c, out, ctx)
            out.append("</a>")
        elif tag == T_MOD:
            out.append('<span class="mod">')
            if c.text:
                out.append(escape(c.text))
            for x in c:
                if x.tag == T_QS:
                    out.append('<span class="quoted">')
                    for u in x:
                        if isinstance(u.tag, str):
                            _block(u, out, ctx)
                    out.append("</span>")
                else:
                    _text(x, out, ctx)
                if x.tail:
                    out.append(escape(x.tail))
            out.append("</span>")
        elif tag == T_QTY:
            out.append(f'<data value="{escape(c.get("normalized", ""))}">')
            _text(c, out, ctx)
            out.append("</data>")
        else:
            out.append(f'<span class="{classes(_local(tag))}">')
            _text(c, out, ctx)
            out.append("</span>")
        if c.tail:
            out.append(escape(c.tail))


def _refs(note) -> str:
    """Footnote references: ``note`` is (n, text, link) or a list of such (several notes on one unit)."""
    notes = note if isinstance(note, list) else [note]
    return "".join(f'<sup class="fn-ref"><a href="#fn-{n[0]}" id="fnref-{n[0]}">{n[0]}</a></sup>' for n in notes)


def _num_text(n) -> str:
    """A number's text without its footnote markers ("Điều 29." of "Điều 29.<note/>")."""
    return ((n.text or "") + "".join(c.tail or "" for c in n)).strip() if len(n) else (n.text or "").strip()


def _unit(el, out: list, ctx: Ctx) -> None:
    name = _local(el.tag)
    eid = el.get("eId")
    status = el.get(STATUS)
    cls = classes("unit", name, status, "changed" if eid in ctx.changed else None)
    out.append(f'<div class="{cls}"' + (f' id="{escape(eid)}"' if eid else "") + ">")
    num, head = "", None
    for c in el:
        if c.tag == T_NUM:
            num = _num_text(c)
        elif c.tag == T_HEADING:
            head = c
        elif c.tag in BLOCKS or c.tag in UNITS:
            break
    note = ctx.notes.get(eid) if eid else None
    label = []
    if num:
        label.append(f'<span class="num">{escape(num)}</span>')
    if note:
        label.append(_refs(note))
    if status in STATUS_LABEL and status == "suspended":
        label.append(f' <span class="badge">{STATUS_LABEL[status]}</span>')
    first_done = False
    if head is not None or el.tag in HEADED:
        h = 2 if el.tag in HEADED else 3
        out.append(f'<h{h} class="label">' + "".join(label))
        if head is not None:
            out.append(' <span class="heading">')
            _text(head, out, ctx)
            out.append("</span>")
        if eid:
            out.append(f'<a class="anchor" href="#{escape(eid)}" aria-label="{escape(_anchor_label(eid))}">¶</a>')
        out.append(f"</h{h}>")
        first_done = True
    for c in el:
        tag = c.tag
        if tag in (T_NUM, T_HEADING) or not isinstance(tag, str):
            continue
        if tag in BLOCKS:
            for b in c:
                if not isinstance(b.tag, str):
                    continue
                if not first_done and b.tag == T_P:
                    out.append('<p class="lead">' + "".join(label) + " ")
                    _text(b, out, ctx)
                    if eid:
                        out.append(f' <a class="anchor" href="#{escape(eid)}" aria-label="{escape(_anchor_label(eid))}">¶</a>')
                    out.append("</p>")
                    first_done = True
                else:
                    _block(b, out, ctx)
        else:
            if not first_done:
                out.append('<p class="lead">' + "".join(label) + "</p>")
                first_done = True
            _block(c, out, ctx)
    if not first_done:
        out.append('<p class="lead">' + "".join(label) + "</p>")
    out.append("</div>")


def _table(el, out: list, ctx: Ctx) -> None:
    # a wide table scrolls inside its own region (reachable by keyboard), never the page
    out.append('<div class="table-wrap" tabindex="0" role="region" aria-label="Bảng"><table'
               + (f' id="{escape(el.get("eId"))}"' if el.get("eId") else "") + ">")
    own = ctx.notes.get(el.get("eId")) if el.get("eId") else None
    if own:       # rows taken out of the table: the note says by which document
        out.append(f"<caption>{_refs(own)}</caption>")
    for tr in el.iter(T_TR):
        out.append("<tr" + (f' id="{escape(tr.get("eId"))}"' if tr.get("eId") else "")
                   + (f' class="{classes(tr.get("class"))}"' if classes(tr.get("class")) else "") + ">")
        note = ctx.notes.get(tr.get("eId")) if tr.get("eId") else None
        for c in tr:
            if not isinstance(c.tag, str):
                continue
            cell = "th" if c.tag == _NS + "th" else "td"
            attrs = "".join(f' {a}="{span(c, a)}"' for a in ("colspan", "rowspan")
                            if c.get(a) and span(c, a) not in (None, 1))
            out.append(f"<{cell}{attrs}>")
            if note:
                out.append(_refs(note) + " ")
                note = None
            for b in c:
                if b.tag == T_P:
                    _text(b, out, ctx)
                elif isinstance(b.tag, str):
                    _block(b, out, ctx)
            out.append(f"</{cell}>")
        out.append("</tr>")
    out.append("</table>")
    check = ctx.table_checks.get(el.get("eId"))
    if check is not None:
        ok, lines = check
        cls = "table-check ok" if ok else "table-check mismatch"
        out.append(f'<p class="{cls}">' + escape(lines[0]) + "</p>")
        if len(lines) > 1:
            out.append('<ul class="table-check">' + "".join(f"<li>{escape(x)}</li>" for x in lines[1:]) + "</ul>")
    out.append("</div>")


def _block(el, out: list, ctx: Ctx) -> None:
    tag = el.tag
    if tag in UNITS:
        _unit(el, out, ctx)
    elif tag == T_P:
        out.append("<p>")
        _text(el, out, ctx)
        out.append(ctx.trailing.pop(el, "") + "</p>")
    elif tag == T_TABLE:
        _table(el, out, ctx)
    elif tag in (T_NOTE, T_NUM):
        return
    else:
        name = _local(tag)
        cls = classes(name, el.get("name"))
        own = ctx.notes.get(el.get("eId")) if el.get("eId") and name == "attachment" else None
        if own:        # an annex added or replaced: its note on its first title line, as in the text and DOCX
            first = next(el.iter(T_P), None)
            if first is not None:
                ctx.trailing[first] = _refs(own)
        out.append(f'<div class="{cls}"' + (f' id="{escape(el.get("eId"))}"' if el.get("eId") else "") + ">")
        if name == "heading" or name == "docTitle":
            _text(el, out, ctx)
        for c in el:
            if isinstance(c.tag, str):
                _block(c, out, ctx)
        out.append("</div>")


HANDLERS = {"unit": _unit, "table": _table, "block": _block}


def render_body(root, ctx: Ctx | None = None) -> Markup:
    """The HTML of a version's body and annexes."""
    doc = main_doc(root)
    out: list = []
    c = ctx or Ctx()
    for part in (doc.find(q("body")), doc.find(q("attachments"))):
        if part is not None:
            _block(part, out, c)
    return Markup("".join(out))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    return env
