"""Akoma Ntoso on lxml: namespaces, safe parsing, eId lookup, atomic writes.

The tree is the standard's tree; this module only adds small helpers.
"""
from __future__ import annotations

import difflib
import os
import threading
from pathlib import Path

from lxml import etree

from .errors import InputError, XMLError

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
# The project's own namespace, for what AKN cannot say (meta/proprietary and
# a few attributes). ".invalid" is reserved: this URI claims no real domain.
AMEND_NS = "http://amend.invalid/ns/1.0"
NSMAP = {None: AKN_NS, "amend": AMEND_NS}
NS = {"a": AKN_NS, "amend": AMEND_NS}

# The hierarchical units of the profile, outermost first (Phần … gạch đầu dòng).
UNIT_NAMES = ("part", "chapter", "section", "subsection", "article", "paragraph", "subparagraph", "point", "indent")

# One set of limits for text and XML that agree: the XML made from an accepted text is accepted.
# Markup multiplies a text by about 3 (measured on the oracle: 50 KB of text → 150 KB of XML), so the XML
# limit is five times the text limit; nesting is bounded by the units and by MAX_QUOTE_DEPTH quotations
# inside quotations, each adding at most 12 levels (40 + 12 × 8 = 136). Deeper XML is refused by libxml2
# itself, which without XML_PARSE_HUGE stops at 256 levels while it parses (no walk of the tree afterwards);
# every command and the site are tested on a document nested 250 levels deep (tests/test_safety.py).
MAX_TEXT_BYTES = 16 * 1024 * 1024
MAX_XML_BYTES = 5 * MAX_TEXT_BYTES
MAX_QUOTE_DEPTH = 8
MAX_XML_DEPTH = 256
assert 40 + 12 * MAX_QUOTE_DEPTH <= MAX_XML_DEPTH


def q(tag: str) -> str:
    """Qualified AKN tag: ``q("article") == '{...akn/3.0}article'``."""
    if tag.startswith("amend:"):
        return f"{{{AMEND_NS}}}{tag[6:]}"
    return f"{{{AKN_NS}}}{tag}"


def local(el) -> str:
    """Local name of an element ("" for comments and processing instructions)."""
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


_QCACHE: dict[str, str] = {}


def E(tag: str, *children, **attrs) -> etree._Element:
    """Build an element: strings become text/tail, dicts extra attributes."""
    qt = _QCACHE.get(tag)
    if qt is None:
        qt = _QCACHE[tag] = q(tag)
    el = etree.Element(qt, nsmap=NSMAP) if tag == "akomaNtoso" else etree.Element(qt)
    for k, v in attrs.items():
        if v is None:
            continue
        if k.startswith(("amend__", "amend:")):
            k = f"{{{AMEND_NS}}}{k[6:].lstrip('_:')}"
        el.set(k, v if isinstance(v, str) else str(v))
    for c in children:
        append(el, c)
    return el


def append(el, c) -> None:
    if c is None:
        return
    if isinstance(c, str):
        if len(el):
            el[-1].tail = (el[-1].tail or "") + c
        else:
            el.text = (el.text or "") + c
    elif isinstance(c, dict):
        for k, v in c.items():
            el.set(k, str(v))
    elif isinstance(c, (list, tuple)):
        for x in c:
            append(el, x)
    else:
        el.append(c)


_PARSERS = threading.local()


def safe_parser() -> etree.XMLParser:
    """No entities, no network, no DTD: XML from anywhere is read safely.

    One parser per thread, reused for every parse (as lxml's own default parser is): a parser made per document
    would be kept by its document and its context freed with it, which cost more than the document's nodes."""
    p = getattr(_PARSERS, "parser", None)
    if p is None:
        p = _PARSERS.parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                              dtd_validation=False, huge_tree=False, remove_blank_text=False)
    return p


def parse_xml(source: str | os.PathLike | bytes, document: str | None = None) -> etree._ElementTree:
    """Parse XML bytes or a file with :func:`safe_parser`; errors name the document and line."""
    if isinstance(source, (bytes, bytearray)):
        data, name = bytes(source), document or "<bytes>"
    else:
        p = Path(source)
        name = document or str(p)
        try:
            size = p.stat().st_size
        except OSError as e:
            raise InputError(f"cannot read file: {e.strerror}", document=name) from e
        if size > MAX_XML_BYTES:
            raise InputError(f"file is {size} bytes, over the limit of {MAX_XML_BYTES}", document=name)
        data = p.read_bytes()
    if len(data) > MAX_XML_BYTES:
        raise InputError(f"XML is {len(data)} bytes, over the limit of {MAX_XML_BYTES}", document=name)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as e:
        line = getattr(e, "lineno", None)
        if "Excessive depth" in (e.msg or ""):       # libxml2's own limit (it suggests XML_PARSE_HUGE: not ours to)
            raise XMLError("elements nested too deep", document=name, where=f"line {line}" if line else None,
                           expected=f"at most {MAX_XML_DEPTH} levels", found=f"more than {MAX_XML_DEPTH}") from e
        raise XMLError(f"malformed XML: {e.msg}", document=name,
                       where=f"line {line}" if line else None) from e
    tree = root.getroottree()
    # judged on what the parser read, in whatever encoding and wherever it stood
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None or tree.docinfo.externalDTD is not None:
        raise XMLError("a DOCTYPE (document type declaration) is not accepted", document=name,
                       expected="XML without DOCTYPE or entity declarations", found=tree.docinfo.doctype or "a DTD")
    for e in root.iter(etree.Entity):
        raise XMLError("entity references are not accepted", document=name, where=f"line {e.sourceline}",
                       found=str(e))
    return tree


DOC_TYPES = ("act", "bill", "doc", "statement", "judgment", "debate", "debateReport", "officialGazette",
             "amendment", "amendmentList", "documentCollection", "portion")


def require_akn(tree, name: str):
    """``tree`` is an Akoma Ntoso document with its FRBR identification, or a clear error naming the file."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    if root.tag != f"{{{AKN_NS}}}akomaNtoso":
        found = root.tag.rpartition("}")[2] if isinstance(root.tag, str) else "?"
        raise XMLError(f"not an Akoma Ntoso document: the root element is <{found}>", document=name,
                       expected="<akomaNtoso> in the AKN 3.0 namespace")
    doc = next((c for c in root if isinstance(c.tag, str)), None)
    if doc is None or local(doc) not in DOC_TYPES:
        raise XMLError("not an Akoma Ntoso document: no act or document under <akomaNtoso>", document=name,
                       expected="one of " + ", ".join(DOC_TYPES[:3]) + ", …")
    uri = doc.find(f"{q('meta')}/{q('identification')}/{q('FRBRWork')}/{q('FRBRuri')}")
    if uri is None or not uri.get("value"):
        raise XMLError("not an amend document: no FRBR work URI in meta/identification", document=name,
                       expected="meta/identification/FRBRWork/FRBRuri/@value")
    ident = doc.find(f"{q('meta')}/{q('identification')}")
    for level in ("FRBRWork", "FRBRExpression", "FRBRManifestation"):       # what every version is stamped with
        for part in ("FRBRthis", "FRBRuri", "FRBRdate"):
            if ident.find(f"{q(level)}/{q(part)}") is None:
                raise XMLError(f"not an amend document: meta/identification/{level} has no {part}", document=name,
                               expected=f"{level} with FRBRthis, FRBRuri and FRBRdate")
    return tree


def load_akn(source: str | os.PathLike | bytes, document: str | None = None) -> etree._ElementTree:
    """:func:`parse_xml`, then :func:`require_akn`: what every command reads an AKN file with."""
    tree = parse_xml(source, document)
    return require_akn(tree, document or (str(source) if not isinstance(source, (bytes, bytearray)) else "<bytes>"))


def serialize(root, *, reindent: bool | None = True) -> bytes:
    """Deterministic UTF-8 serialisation with a declaration and final newline.

    ``reindent=False`` keeps the white space the tree already has (a version
    derived from an indented document stays as it was laid out); ``None``
    indents only a tree that is not laid out yet (one built from a text).
    """
    if isinstance(root, etree._ElementTree):
        root = root.getroot()
    if reindent is None:
        reindent = not (root.text or "").startswith("\n")
    if reindent:
        indent(root)
    out = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return out + b"\n"


# Elements with mixed content: white space inside them is text and is never
# touched by indentation.
MIXED = {"p", "heading", "subheading", "num", "docTitle", "docNumber", "docDate", "docType",
         "docAuthority", "docProponent", "mod", "ref", "quantity", "role", "person", "signature",
         "span", "i", "b", "u", "sup", "sub", "inline", "term", "def", "date", "remark", "location",
         "organization", "concept", "object", "event", "entity", "shortTitle", "affectedDocument",
         "legislature", "session", "docStatus", "docStage", "docJurisdiction", "docCommittee"}


_MIXED_TAGS: dict[str, bool] = {}        # a tag in Clark notation → whether its element has mixed content


def indent(el, level: int = 0) -> None:
    """Indent container elements in place (like ``etree.indent``) but leave
    mixed content exact: no white space is added inside or after inline text.

    Each element sets only its own text and its children's tails, so the elements are visited in any order:
    by a stack (no recursion limit on deep documents), each tag's kind looked up once."""
    stack = [(el, level)]
    while stack:
        e, lv = stack.pop()
        tag = e.tag
        if not isinstance(tag, str):
            continue
        mixed = _MIXED_TAGS.get(tag)
        if mixed is None:
            mixed = _MIXED_TAGS[tag] = local(e) in MIXED
        children = list(e)
        if not children:
            continue
        if not mixed:
            pad = "\n" + "  " * (lv + 1)
            if not (e.text or "").strip():
                e.text = pad
            for c in children:
                if not (c.tail or "").strip():
                    c.tail = pad
            if not (children[-1].tail or "").strip():
                children[-1].tail = "\n" + "  " * lv
        stack.extend((c, lv + 1) for c in children)


def read_limited(path: str | os.PathLike, limit: int) -> bytes:
    """A file's bytes, refused (naming the file) when it cannot be read or is over ``limit`` bytes."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise InputError(f"cannot read file: {e.strerror}", document=str(p)) from e
    if size > limit:
        raise InputError(f"file is {size} bytes, over the limit of {limit}", document=str(p))
    return p.read_bytes()


def read_text_file(path: str | os.PathLike) -> str:
    """Read a plain-text source as UTF-8 (BOM tolerated) with a size limit."""
    p = Path(path)
    data = read_limited(p, MAX_TEXT_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text (byte {e.start})", document=str(p)) from e


# --- eIds ---------------------------------------------------------------------
def eid_index(root) -> dict[str, etree._Element]:
    """Map eId → element, in document order."""
    return {el.get("eId"): el for el in root.xpath("descendant-or-self::*[@eId]")}


_EIDS = etree.XPath("descendant-or-self::*/@eId", smart_strings=False)


def eids(root) -> set[str]:
    """The eIds of a tree (what readings check targets against), read without an element object per unit."""
    root = root.getroot() if hasattr(root, "getroot") else root
    return {e for e in _EIDS(root) if e}


def nearest(eid: str, candidates) -> str | None:
    m = difflib.get_close_matches(eid, list(candidates), n=1, cutoff=0.6)
    return m[0] if m else None


def text_of(el, skip=("authorialNote",)) -> str:
    """Text of an element without notes, white space collapsed."""
    parts: list[str] = []
    _text_parts(el, el, skip, parts)
    return " ".join("".join(parts).split())


def _text_parts(e, top, skip, parts: list) -> None:
    # a module function, not a closure: a recursive closure is a reference cycle that only the garbage collector
    # frees, with the element it holds, and text_of runs for every unit of every page
    if isinstance(e.tag, str) and local(e) in skip:
        if e.tail:
            parts.append(e.tail)
        return
    if e.text:
        parts.append(e.text)
    for c in e:
        _text_parts(c, top, skip, parts)
    if e is not top and e.tail:
        parts.append(e.tail)


def main_doc(root):
    """The document element (act/doc/...) under akomaNtoso (a tree or its root)."""
    if hasattr(root, "getroot"):
        root = root.getroot()
    if local(root) == "akomaNtoso":
        return root[0]
    return root
