"""The corpus folder: one folder per work, its path derived from the FRBR URI.

``corpus/<country[-locality]>/act/<subtype>/<date>/<number>/`` holds
``work.xml`` (the work as enacted, or its metadata alone when its text is not
available) and, for parsed works, ``source.txt``, the exact text it was parsed
from.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .akn import (
    AMEND_NS,
    E,
    atomic_write,
    main_doc,
    parse_xml,
    q,
    read_text_file,
    serialize,
)
from .errors import CorpusError
from .ids import SUBTYPE_NAMES, FrbrUri, issuer_info, number_slug
from .parse import parse_text
from .parse.meta import build_meta
from .text import slug

WORK_FILE = "work.xml"
SOURCE_FILE = "source.txt"


@dataclass
class Entry:
    """What the catalogue knows about a work."""

    uri: str
    path: Path
    subtype: str
    number: str | None
    title: str
    date: str | None
    in_force: str | None
    status: str            # complete | incomplete
    issuer: str | None
    locality: str | None
    note: str | None = None

    @property
    def frbr(self) -> FrbrUri:
        return FrbrUri.parse(self.uri)

    @property
    def type_name(self) -> str:
        return SUBTYPE_NAMES.get(self.subtype, self.subtype)

    def label(self) -> str:
        return f"{self.type_name} {self.number}" if self.number else f"{self.type_name} ({self.title[:40]})"


def entry_of(tree, path: Path) -> Entry:
    doc = main_doc(tree.getroot())
    meta = doc.find(q("meta"))
    uri = meta.find(f"{q('identification')}/{q('FRBRWork')}/{q('FRBRuri')}").get("value")
    name = meta.find(f"{q('identification')}/{q('FRBRWork')}/{q('FRBRname')}")
    prop = meta.find(q("proprietary"))
    work = prop.find(f"{{{AMEND_NS}}}work")
    dates = prop.find(f"{{{AMEND_NS}}}dates")
    iss = prop.find(f"{{{AMEND_NS}}}issuer")
    return Entry(uri=uri, path=path, subtype=work.get("subtype"), number=work.get("number"),
                 title=name.get("value") if name is not None else "",
                 date=dates.get("signed") if dates is not None and dates.get("signed") != "unknown" else None,
                 in_force=dates.get("inForce") if dates is not None else None,
                 status=work.get("status"), issuer=iss.get("name") if iss is not None else None,
                 locality=iss.get("locality") if iss is not None else None, note=work.get("note"))


class Corpus:
    """The works of a corpus folder, by work URI."""

    def __init__(self, root: Path, entries: dict[str, Entry]):
        self.root = root
        self.entries = entries

    def __iter__(self):
        return iter(sorted(self.entries.values(), key=lambda e: (e.date or "", e.uri)))

    def __len__(self):
        return len(self.entries)

    def get(self, key: str) -> Entry:
        """A work by FRBR URI or by its number as printed ("08/2020/NQ-HĐND")."""
        if key in self.entries:
            return self.entries[key]
        hits = [e for e in self.entries.values() if e.number and e.number.lower() == key.strip().lower()]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise CorpusError(f"{len(hits)} works have the number {key!r}; name one by its FRBR URI",
                              document=str(self.root), candidate=hits[0].uri)
        from .akn import nearest
        raise CorpusError("no such work in the corpus", document=str(self.root), where=key,
                          expected="an FRBR URI or a document number",
                          candidate=nearest(key, [e.number for e in self.entries.values() if e.number] + list(self.entries)))

    def tree(self, key: str):
        e = self.get(key)
        return parse_xml(e.path / WORK_FILE)


def load_corpus(root: str | Path) -> Corpus:
    """Read every ``work.xml`` below ``root``."""
    root = Path(root)
    if not root.is_dir():
        raise CorpusError("corpus folder not found", document=str(root))
    entries: dict[str, Entry] = {}
    for f in sorted(root.rglob(WORK_FILE)):
        e = entry_of(parse_xml(f), f.parent)
        if e.uri in entries:
            raise CorpusError(f"work {e.uri} is stored twice", document=str(f), candidate=str(entries[e.uri].path))
        expected = root / FrbrUri.parse(e.uri).path()
        if f.parent.resolve() != expected.resolve():
            raise CorpusError("a work is stored in the wrong folder for its FRBR URI", document=str(f),
                              expected=str(expected))
        entries[e.uri] = e
    return Corpus(root, entries)


def add_text(corpus_root: str | Path, text_path: str | Path) -> tuple[Entry, list]:
    """Parse a published text and store it with its source in the corpus."""
    text = read_text_file(text_path)
    result = parse_text(text, Path(text_path).name)
    frbr = FrbrUri.parse(result.facts["frbr"])
    folder = Path(corpus_root) / frbr.path()
    atomic_write(folder / SOURCE_FILE, text)
    atomic_write(folder / WORK_FILE, serialize(result.tree))
    return entry_of(result.tree, folder), result.diagnostics


def metadata_work(*, subtype: str, number: str | None, date: str | None, title: str, issuer: str | None,
                  locality: str | None = None, in_force: str | None = None, slug_hint: str | None = None,
                  note: str | None = None, source_text: str | None = None,
                  date_before: str | None = None):
    """The AKN tree of a work known only by its metadata: no body text, marked incomplete."""
    d = datetime.date.fromisoformat(date) if date and len(date) == 10 else None
    frbr_date = date if date else "unknown"
    frbr = FrbrUri("vn", locality, subtype, frbr_date,
                   number_slug(number) if number else (slug_hint or slug(title, 60)))
    iss = issuer_info(issuer) if issuer else {"id": "unknown", "name": None, "kind": None, "locality": locality}
    if locality and not iss.get("locality"):
        iss["locality"] = locality
    inf = datetime.date.fromisoformat(in_force) if in_force else None
    extra = []
    if note:
        extra.append(E("amend:note", note))
    meta = build_meta(frbr, number=number, title=title, date=d, in_force=inf,
                      rule="date" if inf else "unknown", issuer=iss, facts={}, source_text=source_text,
                      status="incomplete", extra_proprietary=extra,
                      date_before=datetime.date.fromisoformat(date_before) if date_before else None)
    work_el = meta.find(f"{q('proprietary')}/{{{AMEND_NS}}}work")
    if note:
        work_el.set("note", note)
    act = E("act", meta, name=subtype, contains="originalVersion")
    pre = E("preface")
    if number:
        pre.append(E("p", E("docNumber", f"Số: {number}"), **{"class": "number"}))
    pre.append(E("p", E("docTitle", title), **{"class": "title"}))
    act.append(pre)
    act.append(E("body", E("hcontainer", E("content", E("p", "Văn bản này không có trong kho dữ liệu: chỉ có thông tin "
                                                          "mô tả (số, loại, cơ quan ban hành, ngày, trích yếu).")),
                           eId="hcontainer_1", name="khong-co-noi-dung")))
    return frbr, etree.ElementTree(E("akomaNtoso", act))


def add_metadata_work(corpus_root: str | Path, **kw) -> Entry:
    """Store a metadata-only work; an existing complete work is never overwritten."""
    source = kw.pop("source_path", None)
    text = read_text_file(source) if source else None
    frbr, tree = metadata_work(source_text=text, **kw)
    folder = Path(corpus_root) / frbr.path()
    existing = folder / WORK_FILE
    if existing.exists():
        old = entry_of(parse_xml(existing), folder)
        if old.status == "complete":
            return old
    if text is not None:
        atomic_write(folder / SOURCE_FILE, text)
    atomic_write(existing, serialize(tree))
    return entry_of(tree, folder)


def add_cited_works(corpus_root: str | Path, key: str) -> list[Entry]:
    """A metadata-only work for every legal basis a work cites, from what the citation says."""
    corpus = load_corpus(corpus_root)
    tree = corpus.tree(key)
    doc = main_doc(tree.getroot())
    added = []
    for ref in doc.iter(q("ref")):
        if not any(a.tag == q("citation") for a in ref.iterancestors()):
            continue
        uri = FrbrUri.parse(ref.get("href"))
        if uri.work_uri() in corpus.entries and corpus.entries[uri.work_uri()].status == "complete":
            continue
        a = {n: ref.get(f"{{{AMEND_NS}}}{n}") for n in ("number", "date", "title", "issuer")}
        added.append(add_metadata_work(
            corpus_root, subtype=uri.subtype, number=a["number"], date=a["date"], title=a["title"],
            issuer=a["issuer"], locality=uri.locality, slug_hint=None if a["number"] else uri.number,
            note="Chỉ biết qua trích dẫn căn cứ của văn bản khác."))
    return added
