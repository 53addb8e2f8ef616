"""The corpus folder: one folder per work, its path derived from the FRBR URI.

``corpus/<country[-locality]>/act/<subtype>/<date>/<number>/`` holds
``work.xml`` (the work as enacted, or its metadata alone when its text is not
available) and, for parsed works, ``source.txt``, the exact text it was parsed
from.
"""
from __future__ import annotations

import datetime
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .akn import (
    AMEND_NS,
    E,
    eids,
    main_doc,
    load_akn,
    parse_xml,
    q,
    read_text_file,
    serialize,
)
from .errors import AmendError, CorpusError
from .output import atomic_write
from .ids import SUBTYPE_NAMES, FrbrUri, issuer_info, number_slug
from .parse.meta import build_meta
from .text import slug, vi_date

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
    in_force_rule: str | None = None    # where in_force comes from (see amend.in_force)
    signed_before: str | None = None    # when the signing date is not known: the latest it can be

    def in_force_explained(self) -> str | None:
        """The sentence a reader needs when the in-force date is derived, not read from a source."""
        from .in_force import explain
        return explain(self.in_force_rule, self.in_force, self.date)

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
                 locality=iss.get("locality") if iss is not None else None, note=work.get("note"),
                 in_force_rule=dates.get("inForceRule") if dates is not None else None,
                 signed_before=dates.get("signedBefore") if dates is not None else None)


class Corpus:
    """The works of a corpus folder, by work URI."""

    def __init__(self, root: Path, entries: dict[str, Entry], problems: list | None = None):
        self.root = root
        self.entries = entries
        self.problems: list[AmendError] = problems or []   # files that could not be taken in, each named
        self.digests: dict[str, str] = {}      # SHA-256 of each work.xml, when the loader computed them

    def __iter__(self):
        return iter(sorted(self.entries.values(), key=lambda e: (e.date or "", e.uri)))

    def __len__(self):
        return len(self.entries)

    def until(self, date: str) -> "Corpus":
        """The corpus as it stood on ``date``: only the works that existed then.

        A work exists from its signing; without a known date, from the latest date it can have been signed
        (``signedBefore``), else from the year its URI carries (a work of a later year did not exist yet).
        """
        def existed(e: Entry) -> bool:
            if e.date:
                return e.date <= date
            if e.signed_before:
                return e.signed_before <= date
            year = e.frbr.date[:4]
            return not year.isdigit() or year < date[:4]
        c = Corpus(self.root, {u: e for u, e in self.entries.items() if existed(e)}, self.problems)
        c.digests = {u: d for u, d in self.digests.items() if u in c.entries}
        return c

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
        return load_akn(e.path / WORK_FILE)


def load_corpus(root: str | Path, *, strict: bool = False, cache=None, extract=()) -> Corpus:
    """Read every ``work.xml`` below ``root``.

    A file that cannot be taken in (malformed, not an amend document, stored
    twice or in the wrong folder) is left out and named in ``problems``, so one
    bad file does not take down the commands that read the rest; ``strict``
    raises on the first. With ``cache`` (a :class:`~amend.read.cache.ReadingCache`), a file whose bytes are
    those of the previous build is not parsed again; the digests of the files are kept on the corpus.
    ``extract`` (with a cache): ``(kind, of)`` pairs, ``of(tree)`` kept for each work parsed here, by the file's
    digest, as :meth:`Family` asks for them (:func:`first_pass`): a file is parsed once for both.
    """
    import hashlib
    root = Path(root)
    if not root.is_dir():
        raise CorpusError("corpus folder not found", document=str(root),
                          expected="--corpus DIR, the AMEND_CORPUS variable, or a corpus/ folder in this directory or above")
    entries: dict[str, Entry] = {}
    problems: list[AmendError] = []
    digests: dict[str, str] = {}
    def checked_entry(f: Path, digest) -> Entry:
        tree = load_akn(f)
        e = entry_of(tree, f.parent)
        expected = FrbrUri.parse(e.uri).folder(root)
        if f.parent.resolve() != expected.resolve():
            raise CorpusError("a work is stored in the wrong folder for its FRBR URI", document=str(f),
                              expected=str(expected))
        for kind, of in extract if cache.hashes else ():   # while the tree is at hand (kept only by a cache)
            cache.kept(kind, e.uri, digest, lambda: of(tree))
        return e
    from .read.cache import NO_CACHE
    cache = cache or NO_CACHE
    for f in sorted(root.rglob(WORK_FILE)):
        try:
            # the same bytes at the same path: read and checked by the previous build
            digest = hashlib.sha256(f.read_bytes()).hexdigest() if cache.hashes else None
            e = cache.kept("entry", f.as_posix(), digest, lambda: checked_entry(f, digest))
            if e.uri in entries:
                raise CorpusError(f"work {e.uri} is stored twice", document=str(f), candidate=str(entries[e.uri].path))
        except AmendError as err:
            if strict:
                raise
            problems.append(err)
            continue
        entries[e.uri] = e
        if digest:
            digests[e.uri] = digest
    c = Corpus(root, entries, problems)
    c.digests = digests
    return c


def add_text(corpus_root: str | Path, text_path: str | Path, *, legacy: str | None = None) -> tuple[Entry, list]:
    """Parse a published text and store it with its source in the corpus (``legacy``: see
    :func:`amend.ingest.load_source`)."""
    from .ingest import load_source, parse_source
    src = load_source(text_path, legacy=legacy)     # a text, a web page, a DOCX or a PDF, .doc, TCVN3 / VNI
    result = parse_source(src)
    frbr = FrbrUri.parse(result.facts["frbr"])
    folder = frbr.folder(corpus_root)
    name = SOURCE_FILE if src.format == "text" else f"source{src.suffix}"    # the original, kept as received
    stored = folder / name
    if (folder / WORK_FILE).exists():
        if stored.exists() and stored.read_bytes() == src.original:
            return entry_of(load_akn(folder / WORK_FILE), folder), result.diagnostics   # the same text again
        old = entry_of(load_akn(folder / WORK_FILE), folder)
        if old.status == "complete":
            raise CorpusError("another document with this number and date is already in the corpus; "
                              "nothing was written", document=str(text_path), where=result.facts.get("number") or "",
                              expected="a document not yet in the corpus", found=str(folder / WORK_FILE))
    atomic_write(stored, src.original)
    atomic_write(folder / WORK_FILE, serialize(result.tree))
    return entry_of(result.tree, folder), result.diagnostics


def metadata_work(*, subtype: str, number: str | None, date: str | None, title: str, issuer: str | None,
                  locality: str | None = None, in_force: str | None = None, slug_hint: str | None = None,
                  note: str | None = None, source_text: str | None = None,
                  date_before: str | None = None):
    """The AKN tree of a work known only by its metadata: no body text, marked incomplete."""
    d = datetime.date.fromisoformat(date) if date and len(date) == 10 else None
    frbr_date = FrbrUri.date_part(date, number, date_before)
    frbr = FrbrUri("vn", locality, subtype, frbr_date,
                   number_slug(number) if number else (slug_hint or slug(title, 60)))
    iss = issuer_info(issuer) if issuer else {"id": "unknown", "name": None, "kind": None, "locality": locality}
    if locality and not iss.get("locality"):
        iss["locality"] = locality
    rule = "date"
    if in_force == "earliest":
        # no source states it: the earliest date the law allows, said so wherever it is shown
        from .in_force import earliest
        inf, rule = earliest(d, iss, document=number or title)
    else:
        inf = datetime.date.fromisoformat(in_force) if in_force else None
    extra = []
    if note:
        extra.append(E("amend:note", note))
    meta = build_meta(frbr, number=number, title=title, date=d, in_force=inf,
                      rule=rule if inf else "unknown", issuer=iss, facts={}, source_text=source_text,
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
    folder = frbr.folder(corpus_root)
    existing = folder / WORK_FILE
    if existing.exists():
        old_tree = parse_xml(existing)
        old = entry_of(old_tree, folder)
        if old.status == "complete":
            return old
        # the metadata is replaced; the relations recorded on the work are kept (nothing the user added is lost)
        prop = main_doc(tree.getroot()).find(f"{q('meta')}/{q('proprietary')}")
        for rel_el in main_doc(old_tree.getroot()).iter(f"{{{AMEND_NS}}}relation"):
            prop.append(rel_el)
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


def derive_work(corpus_root: str | Path, source_key: str, *, provisions: list[str], subtype: str, title: str,
                slug_hint: str, note: str, attachments: bool = True, issuer: str | None = None) -> Entry:
    """A work whose initial content is what another document approved.

    "Điều 1 … thông qua Đề án …": the Đề án is its own work (a UBND decision
    adjusts the Đề án, not the HĐND resolution).  Its body is the approved
    provisions, copied with every character and re-identified; its annexes
    are the approving document's.  It is marked incomplete: the full Đề án
    is not in the corpus, only what the approving document states.
    """
    corpus = load_corpus(corpus_root)
    src = corpus.get(source_key)
    tree = corpus.tree(source_key)
    root = main_doc(tree.getroot())
    index = {e.get("eId"): e for e in root.iter() if isinstance(e.tag, str) and e.get("eId")}
    date = src.date
    # the approving document's own effect date is not the approved plan's: none is stated, so none is given
    frbr, new = metadata_work(subtype=subtype, number=None, date=date, title=title, issuer=issuer or src.issuer,
                              locality=src.locality, in_force=None, slug_hint=slug_hint, note=note)
    act = main_doc(new.getroot())
    body = act.find(q("body"))
    for c in list(body):
        body.remove(c)
    for eid in provisions:
        el = index.get(eid)
        if el is None:
            from .akn import nearest
            raise CorpusError("no such provision in the approving document", document=src.label(), where=eid,
                              candidate=nearest(eid, index))
        prefix = eid.rpartition("__")[0]
        copy_el = etree.fromstring(etree.tostring(el))
        copy_el.tail = None
        for e in copy_el.iter():
            if isinstance(e.tag, str) and e.get("eId", "").startswith(prefix + "__"):
                e.set("eId", e.get("eId")[len(prefix) + 2:])
        body.append(copy_el)
    atts = root.find(q("attachments"))
    if attachments and atts is not None:
        act.append(etree.fromstring(etree.tostring(atts)))
    prop = act.find(f"{q('meta')}/{q('proprietary')}")
    prop.append(E("amend:derivedFrom", href=src.uri, provisions=" ".join(provisions)))
    # the approving provisions as a lawyer cites them: the articles that hold them ("Điều 1")
    from .read import provision_label
    arts = list(dict.fromkeys(p.split("__")[0] for p in provisions))
    where = " và ".join(provision_label(a) for a in arts)
    approved = (f"được thông qua tại {where} {src.type_name} số {src.number}"
                + (f" ngày {vi_date(src.date)}" if src.date else ""))
    prop.append(E("amend:relation", kind="approved_by", href=src.uri, provision=" ".join(arts), note=approved))
    folder = frbr.folder(corpus_root)
    atomic_write(folder / WORK_FILE, serialize(new))
    return entry_of(new, folder)


RELATION_KINDS = ("approved_by", "amends", "replaces", "repeals", "guides", "consolidates", "corrects", "suspends", "cites",
                  "based_on")


def add_relation(corpus_root: str | Path, key: str, kind: str, target: str, note: str | None = None) -> Entry:
    """Record a relation a work's text states but whose target it names only loosely.

    ("phê duyệt điều chỉnh Đề án “…”": the Đề án is named by its title.)
    """
    if kind not in RELATION_KINDS:
        raise CorpusError(f"unknown relation {kind!r}", expected=", ".join(RELATION_KINDS))
    corpus = load_corpus(corpus_root)
    e = corpus.get(key)
    t = corpus.get(target)
    tree = corpus.tree(key)
    prop = main_doc(tree.getroot()).find(f"{q('meta')}/{q('proprietary')}")
    for old in prop.findall(f"{{{AMEND_NS}}}relation"):
        if old.get("kind") == kind and old.get("href") == t.uri:
            prop.remove(old)
    prop.append(E("amend:relation", kind=kind, href=t.uri, **({"note": note} if note else {})))
    atomic_write(e.path / WORK_FILE, serialize(tree))
    return e


def relations(tree) -> list[tuple[str, str]]:
    prop = main_doc(tree.getroot() if hasattr(tree, "getroot") else tree).find(f"{q('meta')}/{q('proprietary')}")
    if prop is None:
        return []
    return [(r.get("kind"), r.get("href")) for r in prop.findall(f"{{{AMEND_NS}}}relation")]


class KeptLRU(Mapping):
    """A mapping whose values are made from a source when asked, the ``keep`` most recently used kept (thread
    safe); it pickles as its source alone. :class:`Trees` and :class:`EidSets` are two."""

    def __init__(self, source: dict, keep: int):
        self._source = source
        self.keep = keep
        self._cache: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def _make(self, stored):            # pragma: no cover - each kind says how its values are made
        raise NotImplementedError

    def __getitem__(self, key):
        with self._lock:
            got = self._cache.get(key)
            if got is not None:
                self._cache.move_to_end(key)
                return got
        got = self._make(self._source[key])         # KeyError for a key not held, as a dict would
        with self._lock:
            self._cache[key] = got
            while len(self._cache) > self.keep:
                self._cache.popitem(last=False)
        return got

    def __contains__(self, key) -> bool:
        return key in self._source

    def __iter__(self):
        return iter(self._source)

    def __len__(self) -> int:
        return len(self._source)

    def __getstate__(self):
        return {"_source": self._source, "keep": self.keep}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._cache, self._lock = OrderedDict(), threading.Lock()


class Trees(KeptLRU):
    """The works' trees by URI, read from the corpus when asked and kept for the ``keep`` most recently used.

    A corpus of any size is read with a bounded number of trees in memory; the store pickles as the paths
    alone, so a worker process or a cluster node reads the trees it needs from the (shared) corpus folder.
    Trees are read only: whoever changes one works on a copy (consolidation copies the base).
    """

    def __init__(self, corpus: Corpus, keep: int = 512):
        super().__init__({e.uri: e.path / WORK_FILE for e in corpus}, keep)

    def _make(self, path):
        return load_akn(path)

    def digest(self, uri: str) -> str:
        """SHA-256 of the work's file as it is on disk now."""
        import hashlib
        return hashlib.sha256(self._source[uri].read_bytes()).hexdigest()


class EidSets(KeptLRU):
    """Every work's eIds (what readings check their targets against), each work's held as one string: a
    set of strings per work costs about four times the memory, on a national corpus gigabytes. A work's set
    is made when asked; the ``keep`` last asked are kept."""

    def __init__(self, compact: dict[str, str], keep: int = 64):
        super().__init__(compact, keep)

    @staticmethod
    def pack(ids) -> str:
        return "\n".join(sorted(ids))

    def _make(self, packed: str) -> frozenset:
        return frozenset(packed.split("\n")) if packed else frozenset()

    def count(self, uri: str) -> int:
        c = self._source[uri]
        return c.count("\n") + 1 if c else 0

    def only(self, keep) -> EidSets:
        """The works ``keep(uri, count of eIds)`` accepts."""
        return EidSets({u: c for u, c in self._source.items() if keep(u, self.count(u))}, self.keep)


class Roots(Mapping):
    """The root elements of a :class:`Trees` store, by URI (read as needed)."""

    def __init__(self, trees: Trees):
        self.trees = trees

    def __getitem__(self, uri: str):
        return self.trees[uri].getroot()

    def __contains__(self, uri) -> bool:
        return uri in self.trees

    def __iter__(self):
        return iter(self.trees)

    def __len__(self) -> int:
        return len(self.trees)


def _name(of) -> str:
    return f"{of.__module__}.{of.__qualname__}"


def identity(tree) -> tuple:
    """A work's identity and its eIds (packed: :class:`EidSets`), what the corpus's first pass reads."""
    from .read import work_info
    return work_info(tree), EidSets.pack(eids(tree))


def first_pass(extract=()) -> list[tuple[str, object]]:
    """``(kind, of)`` of what :class:`Family` takes from every work's own text: its identity, its graph facts,
    and ``extract``; given to :func:`load_corpus`, the catalogue's parse of a file serves for these too."""
    from .graph import graph_facts
    return [("identity", identity), *((_name(of), of) for of in (graph_facts, *extract))]


class Family:
    """Every amending reading of the corpus, by the work it acts on (read once)."""

    def __init__(self, corpus: Corpus, *, keep: int = 512, cache=None, extract=()):
        """``cache`` (a :class:`~amend.read.cache.ReadingCache`) keeps identities and readings between builds:
        a document is read again only when it, or what it looked up in the corpus, changed."""
        from .read import Resolver, read, read_planning
        from .read.cache import NO_CACHE
        self.corpus = corpus
        self.trees = Trees(corpus, keep=keep)
        self.roots = Roots(self.trees)
        self.infos, bases = {}, {}
        cache = self.cache = cache or NO_CACHE
        self.digests = ({u: corpus.digests.get(u) or self.trees.digest(u) for u in self.trees}
                        if cache.hashes else {})
        digests = self.digests.get

        # what the callers take from every work's own text (the graph's facts, the titles of the index), read
        # in the same pass while the tree is at hand: a corpus larger than the trees kept is parsed once (and
        # not at all here when the catalogue's pass made them: load_corpus(extract=first_pass(...)))
        self._facts: dict[tuple, object] = {}
        _, *facts = first_pass(extract)
        for u in self.trees:          # one pass over the corpus: identities, and the eIds targets are checked against
            self.infos[u], bases[u] = cache.kept("identity", u, digests(u), lambda: identity(self.trees[u]))
            for kind, of in facts:
                self._facts[(kind, u)] = cache.kept(kind, u, digests(u), lambda: of(self.trees[u]))
        bases = EidSets(bases)
        self.resolver = Resolver(list(self.infos.values()))
        self.readings: dict[str, list] = {}
        self.by_source: dict[str, object] = {}
        self._order: dict[str, int] = {}
        self.eids = bases.only(lambda u, n: self.infos[u].status == "complete" or n > 10)
        for e in corpus:
            if e.status == "complete":
                def read_now(resolver, b, uri=e.uri, label=e.label()):
                    r = read(self.trees[uri], resolver, bases=b, document=label)
                    # the reader's account of every block with its text is for `amend ops --json`; a corpus
                    # keeps what the pages and the graph use (held for every work, and kept between builds)
                    r.findings = []
                    return r
                r = cache.read(e.uri, digests(e.uri), e.label(), read_now, self.resolver, bases)
                if r.operations or r.unread:
                    self._add(r)
                continue
            for kind, target in relations(self.trees[e.uri]):
                source = e.path / SOURCE_FILE
                if kind == "amends" and e.status == "incomplete" and source.exists() and target in self.trees:
                    info = self.infos[e.uri]
                    eff = info.in_force or info.signed_before
                    from .text import short_date
                    dated = "exact" if info.in_force else f"văn bản được ban hành trước hoặc trong ngày {short_date(info.signed_before)}"
                    r = read_planning(read_text_file(source), self.trees[target].getroot(), source=info,
                                      target=target, effective=eff, dated=dated)
                    self._add(r)

    def __getstate__(self):         # shipped to workers without the build's cache
        from .read.cache import NO_CACHE
        return {**self.__dict__, "cache": NO_CACHE}

    def facts(self, uri: str, of):
        """``of(tree)`` for a work: something its own text alone decides. Read with the corpus when ``of`` was
        among ``extract``; else now, and kept between builds by the file's digest (``of`` is a module-level
        function; its qualified name is the key)."""
        got = self._facts.get((_name(of), uri))
        if got is not None:
            return got
        return self.cache.kept(_name(of), uri, self.digest(uri) if self.cache.hashes else None,
                               lambda: of(self.trees[uri]))

    def graph_facts(self, uri: str) -> dict:
        """What the relations graph takes from a work's own text (:func:`amend.graph.graph_facts`)."""
        from .graph import graph_facts
        return self.facts(uri, graph_facts)

    def digest(self, uri: str) -> str | None:
        """SHA-256 of a work's file (None for a work not in the corpus)."""
        if uri not in self.digests and uri in self.trees:
            self.digests[uri] = self.trees.digest(uri)
        return self.digests.get(uri)

    def _add(self, r) -> None:
        self._order.setdefault(r.work.uri, len(self._order))
        self.by_source[r.work.uri] = r
        for t in r.targets:
            self.readings.setdefault(t, []).append(r)

    def amending(self, uri: str) -> list:
        """Readings acting on ``uri``, plus those revoking provisions of them."""
        direct = list(self.readings.get(uri, []))
        sources = {r.work.uri for r in direct}
        # by the index of readings per target, not a scan of every reading (quadratic on a national corpus);
        # in the order the readings were made, as before
        extra = {r.work.uri: r for s in sources for r in self.readings.get(s, ()) if r.work.uri not in sources}
        return direct + [extra[u] for u in sorted(extra, key=self._order.__getitem__)]

    def consolidate(self, key: str, until: str | None = None, *, hold_conflicts: bool = False):
        from .versions import consolidate
        e = self.corpus.get(key)
        return consolidate(self.trees[e.uri], self.amending(e.uri), until=until, hold_conflicts=hold_conflicts)
