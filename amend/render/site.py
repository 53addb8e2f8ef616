"""The static site: every work and every version, as pages whose URLs mirror FRBR URIs.

``build_site(corpus, out)`` writes into a temporary folder beside ``out`` and
swaps it in at the end: a failed build leaves the previous site as it was.
Pages use relative links only, so the site works from ``file://`` and from
any web server path; nothing is fetched from outside the site.
"""
from __future__ import annotations

import datetime
import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from ..akn import AMEND_NS, eid_index, local, main_doc, q, serialize, text_of
from ..ids import FrbrUri
from ..read import provision_label, reason_vi
from ..text import fold, shorten, vi_date
from ..versions import grouped_unapplied
from .html import STATIC, Ctx, environment, render_body
from .notes import doc_name, footnotes_for
from .vbhn import official
from .text import unit_lines

ROWS_PER_PAGE = 200          # rows of a relations list per page
PICTURE_LIMIT = 40           # neighbours drawn around a work
OVERVIEW_LIMIT = 150         # works drawn on the corpus's graph page
SECTION_SLUGS = ("can-cu", "tac-dong-den", "bi-tac-dong", "anh-huong")
GAP_KIND_VI = {"unstated-amounts": "kinh phí không nêu", "unstated-content": "nội dung không nêu",
               "stale-figure": "số liệu chưa cập nhật", "unbalanced-table": "bảng không cân"}
HUNK_KIND_VI = {"changed": "sửa đổi", "inserted": "bổ sung", "repealed": "bãi bỏ", "suspended": "ngưng hiệu lực",
                "removed": "bỏ ra khỏi văn bản", "moved": "chuyển"}
from .vocab import CHANGE_KIND_VI, EDGE_VI  # noqa: F401 (the site's words, shared with the command line)


def work_dir(uri: str) -> str:
    """``/akn/vn/act/…/39-2016-tt-nhnn`` → ``akn/vn/act/…/39-2016-tt-nhnn/``."""
    return uri.lstrip("/") + "/"


def version_dir(uri: str, start: str | None) -> str:
    return work_dir(uri) + (f"vie@{start}/" if start else "vie@/")


def _vbhn_parts(vb) -> dict | None:
    """What the version page shows of the official form around the body: the opening paragraph and the list
    of amending documents, the căn cứ with their notes, the authentication block (the issuer's own)."""
    if vb is None:
        return None
    import re

    def split(text):       # "… khách hàng.[1][2][3]" → ("… khách hàng.", [1, 2, 3])
        m = re.search(r"((?:\[\d+\])+)$", text)
        return (text[:m.start()], [int(x) for x in re.findall(r"\d+", m.group(1))]) if m else (text, [])
    parts: dict = {"opening": None, "list": [], "preamble": [], "issuer": [], "closing": []}
    for kind, payload in vb.items:
        if kind == "opening":          # its note markers stand mid-sentence: (text, note number or None) pieces
            bits = re.split(r"\[(\d+)\]", payload)
            parts["opening"] = [(t, int(n) if n else None) for t, n in zip(bits[::2], bits[1::2] + [""])]
        elif kind in ("list", "issuer", "closing"):
            parts[kind].append(payload)
        elif kind == "preamble":
            parts["preamble"].append(split(payload))
    return parts


def how_read(root) -> list[str]:
    """What was done to read the document as it arrived, for the reader of its page: recognised by OCR (to be
    checked, its unsure lines), converted from another format or encoding, the portal's notes taken out, and
    whether the text is a portal's current text rather than the text as enacted."""
    src = main_doc(root).find(f"{q('meta')}/{q('proprietary')}/{{{AMEND_NS}}}source")
    if src is None:
        return []
    props = {p.get("name"): p.text or "" for p in src.iterfind(f"{{{AMEND_NS}}}property")}
    out = [props[k] for k in ("ocr", "ocr-low-confidence", "converted") if props.get(k)]
    notes = [n for n in src.iterfind(f"{{{AMEND_NS}}}portalNote") if n.get("kind") != "mark"]
    if notes:
        out.append(f"{len(notes)} ghi chú của cổng thông tin (trong ngoặc vuông) đã được tách khỏi nội dung văn bản "
                   "và lưu riêng trong tệp XML")
    if src.get("currentText") == "true":
        out.append("Đây là bản hiện hành của cổng thông tin (các sửa đổi về sau đã được gộp vào), không phải văn bản "
                   "như khi ban hành")
    inv = src.find(f"{{{AMEND_NS}}}invisible")
    if inv is not None:
        out.append(f"{inv.get('count')} ký tự ẩn ({inv.get('chars')}) trong văn bản nguồn đã được bỏ qua khi đọc")
    return out


def page_title(w: dict) -> str:
    """"Nghị quyết 08/2020/NQ-HĐND về việc …": the type once, the title cut at a word."""
    title = w["title"]
    if title.lower().startswith(w["type"].lower() + " "):
        title = title[len(w["type"]) + 1:]
    return " ".join(x for x in (w["type"], w["number"] or "", shorten(title, 70)) if x)


def _downloads_in(prefix: str):
    """The work's landing page links its downloads in the version folder."""
    def rewrite(html: str) -> str:
        for f in ("main.xml", "main.json", "main.docx", "main.txt"):
            html = html.replace(f'href="{f}"', f'href="{prefix}{f}"')
        return html
    return rewrite


def _finding(f) -> dict:
    """A relations check as the page shows it: its rule as a word, its message."""
    from .vocab import FINDING_VI
    return {"rule_vi": FINDING_VI.get(f.rule, f.rule), "message": f.message}


def diff_name(a: str | None, b: str | None) -> str:
    """The redline page between two versions: ``goc_2020-11-12.html`` from the original text."""
    return f"{a or 'goc'}_{b or 'goc'}.html"


def rel(from_dir: str, to: str) -> str:
    """Relative link from the folder ``from_dir`` (ending in /) to site path ``to``."""
    depth = from_dir.count("/")
    return "../" * depth + to


@dataclass
class BuildReport:
    works: int
    versions: int
    pages: int
    out: Path
    problems: list = field(default_factory=list)   # corpus files left out, each named
    reused: int = 0         # works whose pages were unchanged and taken from the previous build
    seconds: dict = field(default_factory=dict)    # reading the corpus, building the works, the corpus's pages
    engine: str = "1 process"                       # where the works were built


class SiteBuilder:
    def __init__(self, corpus_root: str | Path, *, as_of: str | None = None, progress: bool = True,
                 sink: Path | None = None, previous: Path | None = None):
        """``previous``: the site this build replaces; what it kept (readings, pages whose inputs are
        unchanged) is taken from it instead of being made again (:mod:`amend.render.incremental`)."""
        from ..corpus import Family, first_pass, load_corpus
        from ..graph import build_graph
        from ..read.cache import ReadingCache, code_digest
        from .incremental import READINGS, STATE
        t0 = time.perf_counter()
        self.code = code_digest()
        self.previous = Path(previous) if previous is not None else None
        self.cache = ReadingCache(self.previous / STATE / READINGS if self.previous else None, self.code)
        # the catalogue's parse of each file also gives what the Family's first pass takes from it
        corpus = load_corpus(corpus_root, cache=self.cache, extract=first_pass((_title_facts,)))
        # built as of a date: only what existed then (documents, versions, statuses, succession)
        self.dated = as_of is not None
        self.family = Family(corpus.until(as_of) if as_of else corpus, cache=self.cache, extract=(_title_facts,))
        self.roots = self.family.roots       # enacted texts, by work (read from the corpus as needed)
        self.graph = build_graph(self.family)
        self.family.eids = {}       # only the reading and the graph's checks of targets need every work's eIds
        self.seconds = {"read": round(time.perf_counter() - t0, 2)}     # where a build's time went
        self.as_of = as_of or datetime.date.today().isoformat()
        self.env = environment()
        self.progress = progress
        # pages are written as they are made into ``sink``, the private build folder switched in at the end
        # (amend.output), so memory does not hold the whole site; without a sink they are kept in ``files``
        self.sink = sink
        self.files: dict[str, bytes] = {}
        self.written: set[str] = set()
        self.folders: set[str] = set()           # the sink's folders made so far (by put and by reuse), relative
        self.findings = self.graph.authority()     # once for the corpus, not once per page
        self.findings_of: dict[str, list] = {}     # by the works they name, in their order (not a scan per page)
        for f in self.findings:
            for u in dict.fromkeys((f.source, f.target)):
                self.findings_of.setdefault(u, []).append(f)
        self.starts: dict[str, list] = {}        # work → the start dates of its versions (for links)
        self.n_works = 0
        self.search: list[dict] = []
        self.n_versions = 0
        self.engine_used = "1 process"
        self.reused = 0                  # works whose pages were taken from the previous site

    # the snapshot shipped to workers: everything but the output in progress, the template environment and
    # the build's own state
    _LOCAL = ("env", "sink", "files", "written", "folders", "search", "cache", "previous")

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k not in self._LOCAL}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.env, self.sink, self.files, self.search = environment(), None, {}, []
        self.written, self.folders = set(), set()
        self.cache = self.previous = None

    # -- helpers ---------------------------------------------------------------------
    def put(self, path: str, data: str | bytes) -> None:
        from ..output import inside_site
        if not inside_site(path):
            from ..errors import InputError
            raise InputError("a page path would leave the site", found=repr(path), expected="a path inside the site")
        data = data.encode("utf-8") if isinstance(data, str) else data
        self.written.add(path)
        if self.sink is None:
            self.files[path] = data
            return
        folder = path.rpartition("/")[0]
        if folder not in self.folders:          # one mkdir per folder of the site, not one per file
            (self.sink / folder).mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)
        (self.sink / path).write_bytes(data)

    def put_stream(self, path: str, write) -> None:
        """:meth:`put` for a file ``write(f)`` streams into a binary file (a large export, not held whole)."""
        if self.sink is None:
            import io
            buf = io.BytesIO()
            write(buf)
            return self.put(path, buf.getvalue())
        self.put(path, b"")           # the path checked and recorded; then the content streamed over it
        with open(self.sink / path, "wb") as f:
            write(f)

    def page(self, path: str, template: str, *, rewrite=None, **kw) -> None:
        here = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        kw.setdefault("root", rel(here, ""))
        kw.setdefault("as_of_vi", vi_date(self.as_of))
        kw.setdefault("title", "")
        html = self.env.get_template(template).render(**kw)
        self.put(path, rewrite(html) if rewrite else html)

    def work_href(self, uri: str, here: str, anchor: str = "") -> str | None:
        if uri not in self.family.trees:
            return None
        return rel(here, work_dir(uri) + "index.html") + (f"#{anchor}" if anchor else "")

    def source_href(self, op, here: str) -> str | None:
        w = op.source.work
        if w not in self.family.trees:
            return None
        if op.source.provision.startswith("line_"):
            return rel(here, work_dir(w) + "source.txt")
        return rel(here, version_dir(w, None) + "index.html") + f"#{op.source.provision}"

    def work_info(self, uri: str) -> dict:
        e = self.family.corpus.get(uri)
        info = self.family.infos[uri]
        n = self.graph.g.nodes[uri]
        # the title as the document writes it in running text, when its enacting sentence gives it (an
        # upper-case title cannot tell which words are names)
        said, approval = self.family.facts(uri, _title_facts) if uri in self.roots else ("", None)
        title = said[:1].upper() + said[1:] if said else info.title
        return {"uri": uri, "number": e.number, "type": info.type_name, "title": title, "issuer": e.issuer,
                "date": e.date, "date_vi": vi_date(e.date) or (f"trước {vi_date(info.signed_before)}"
                                                             if info.signed_before else "không rõ"),
                "complete": e.status == "complete", "successor": self.graph.successor(uri, self.as_of),
                "successor_from_vi": vi_date(n.get("successor_from")),
                "label": doc_name(info, uri, short=True) if e.number else shorten(info.title, 80),
                "date_line": approval[:1].upper() + approval[1:] if approval else
                             (f"ngày {vi_date(e.date)}" if e.date else
                              (f"ký trước ngày {vi_date(info.signed_before)}" if info.signed_before
                               else "ngày ký không rõ")),
                "status": self.graph.status(uri, self.as_of), "path": work_dir(uri), "subtype": e.subtype}

    # -- the build ------------------------------------------------------------------
    def build(self, engine=None) -> None:
        """Every work's pages (on ``engine``: this process by default, a pool, Dask), then the corpus's own."""
        from .parallel import Engine, pages_of, starts_of
        engine = engine or Engine()
        self.engine_used = engine.describe()
        t0 = time.perf_counter()
        entries = list(self.family.corpus)
        uris = [e.uri for e in entries]
        # first the start dates of the versions of every amended work: the pages of the documents amending
        # it link to its versions, whichever worker builds them
        targets = sorted({o.work for r in self.family.by_source.values() for o in r.operations
                          if o.status == "ready" and o.work in self.family.trees and o.effective})
        for uri, starts in engine.map(starts_of, self, targets):
            self.starts[uri] = starts
        # a work whose inputs are those of the previous build keeps its pages (linked from the previous site)
        from .incremental import MANIFEST, STATE, load_manifest, reuse, work_key, write_manifest
        before = load_manifest(self.previous)
        manifest: dict[str, dict] = {}
        todo = []
        for uri in uris:
            key = work_key(self, uri, self.code)
            old = before.get(uri)
            if (old and old.get("key") == key and self.sink is not None
                    and reuse(self.previous, self.sink, old.get("files", []), self.folders)):
                manifest[uri] = old
                self.written.update(old["files"])
                self.reused += 1
            else:
                manifest[uri] = {"key": key}
                todo.append(uri)
        done = engine.map(pages_of, self, self.build_order(todo, uris))
        if self.progress:
            from tqdm import tqdm
            done = tqdm(done, total=len(todo), desc="amend build", unit="work")
        for wp in done:                  # written as they come; the search index in corpus order
            for path in sorted(wp.files):
                self.put(path, wp.files[path])
            manifest[wp.uri].update(files=sorted(wp.files), versions=wp.versions)
        for uri in uris:
            self.n_works += 1
            self.n_versions += manifest[uri]["versions"]
        self.put_stream(f"{STATE}/{MANIFEST}", lambda f: write_manifest(f, manifest, self.code))
        if self.sink is not None:
            from .incremental import READINGS
            self.cache.path = self.sink / STATE / READINGS
            self.cache.save()
        t1 = time.perf_counter()
        self.build_index(entries)
        self.build_search(uris)
        self.build_graph_page()
        for f in sorted(STATIC.iterdir()):
            if f.is_file():
                self.put(f"static/{f.name}", f.read_bytes())
        self.seconds.update(works=round(t1 - t0, 2), corpus_pages=round(time.perf_counter() - t1, 2))

    def build_order(self, todo: list[str], uris: list[str]) -> list[str]:
        """The works in the order they are built: each amended work followed by the documents acting on it.
        A work's pages read its tree and those of the documents amending it; built side by side, these are
        still among the trees kept, so each is read from the corpus about once whatever the corpus size (in
        corpus order a large corpus reads them again and again). The site does not depend on the order."""
        place = {u: i for i, u in enumerate(uris)}
        fam = self.family

        def group(u: str) -> int:
            r = fam.by_source.get(u)
            targets = sorted((t for t in (r.targets if r is not None else ()) if t in place), key=place.get)
            return place[targets[0]] if targets else place[u]
        return sorted(todo, key=lambda u: (group(u), place[u]))

    def build_work(self, uri: str) -> None:
        cons = self.consolidation(uri)
        wd = work_dir(uri)
        w = self.work_info(uri)
        src = self.family.corpus.get(uri).path / "source.txt"
        if src.exists():
            self.put(wd + "source.txt", src.read_bytes())
        versions = cons.versions
        current = cons.at(self.as_of)
        chart = budget_chart(cons)
        for i, v in enumerate(versions):
            self.n_versions += 1
            end = versions[i + 1].start if i + 1 < len(versions) else None
            vd = version_dir(uri, v.start)
            form = official(v, cons, self.roots)     # the whole document: as enacted, or the văn bản hợp nhất
            self.version_page(vd + "index.html", cons, v, w, i, end, chart, vd, form)
            if v is current:
                self.version_page(wd + "index.html", cons, v, w, i, end, chart, vd, form)
            self.put(vd + "main.xml", serialize(v.root, reindent=False))
            from .export import to_docx, to_json
            self.put(vd + "main.json", to_json(v, cons))
            self.put(vd + "main.txt", form.text())
            self.put(vd + "main.docx", to_docx(v, cons, self.roots, doc=form))
        self.diff_pages(uri, cons, w)
        self.history_page(uri, cons, w)
        self.relations_page(uri, w)
        self.index_for_search(uri, current, w, version_dir(uri, current.start))

    def version_page(self, path, cons, v, w, i, end, chart, vd, vbhn) -> None:
        here = path.rsplit("/", 1)[0] + "/"
        uri = w["uri"]
        prefix = "" if here == vd else rel(here, vd)
        notes_map = footnotes_for(v, cons)
        notes, ids = [], {}
        if v.applied:
            # a consolidated version is the whole văn bản hợp nhất: its notes numbered as the official text does
            by_eid = {el.get("eId"): el for el in notes_map if el.get("eId")}
            docs = list(dict.fromkeys(o.source.work for o in v.applied))
            k_basis = k_closing = 0
            for n, (text, kind) in enumerate(zip(vbhn.notes, vbhn.note_kinds), 1):
                link = None
                if kind == "basis":
                    link = self.work_href(docs[k_basis], here) if k_basis < len(docs) else None
                    k_basis += 1
                elif kind == "closing":
                    link = self.work_href(docs[k_closing], here) if k_closing < len(docs) else None
                    k_closing += 1
                notes.append({"n": n, "text": text, "link": link})
            for eid, ns in vbhn.notes_of.items():
                refs = []
                for n in ns:
                    if vbhn.note_kinds[n - 1] == "unit" and eid in by_eid:
                        op = cons.operations[by_eid[eid].get(f"{{{AMEND_NS}}}op")]
                        notes[n - 1]["link"] = self.source_href(op, here)
                    refs.append((n, notes[n - 1]["text"], notes[n - 1]["link"]))
                ids[eid] = refs if len(refs) > 1 else refs[0]
        else:
            for el in v.root.iter():
                if el in notes_map:
                    n = len(notes) + 1
                    op = cons.operations[el.get(f"{{{AMEND_NS}}}op")]
                    link = self.source_href(op, here)
                    notes.append({"n": n, "text": notes_map[el], "link": link})
                    ids[el.get("eId")] = (n, notes_map[el], link)

        def href(target: str) -> str:
            base = FrbrUri.parse(target).work_uri() if target.startswith("/akn/") else target
            return self.work_href(base, here) or target

        changed = {el.get("eId") for el in notes_map}
        body = render_body(v.root, Ctx(ids, href, changed, table_checks(v.root)))
        at = v.start if v is not cons.at(self.as_of) else self.as_of
        lg = self.graph
        bases = [{"label": lg.label(b["uri"]), "href": self.work_href(b["uri"], here), "status": b["status"],
                  "unresolved": b["unresolved"]} for b in lg.bases(uri, at=at or (w["date"] or self.as_of))]
        versions = self.timeline(uri, cons, here)
        amended_by = []
        seen = set()
        for o in v.applied:
            if o.source.work in seen:
                continue
            seen.add(o.source.work)
            info = cons.documents.get(o.source.work)
            amended_by.append({"label": doc_name(info, o.source.work), "date_vi": vi_date(o.effective),
                               "href": self.work_href(o.source.work, here)})
        def gap_message(g):     # "para_6: …" → "khoản 6: …": a provision as cited, never its identifier
            where = getattr(g, "where", "")
            if where and g.message.startswith(where + ":"):
                return provision_label(where, v.root) + g.message[len(where):]
            return g.message
        gaps = [{"kind_vi": GAP_KIND_VI.get(g.kind, g.kind), "message": gap_message(g), "sentence": g.sentence}
                for g in v.gaps]
        derived = cons.base.in_force_explained()
        if derived:
            gaps.insert(0, {"kind_vi": "ngày hiệu lực suy ra", "message": derived, "sentence": None})
        pairs = [{"href": rel(here, work_dir(uri) + f"diff/{diff_name(a.start, b.start)}"),
                  "a_vi": vi_date(a.start) or "văn bản gốc", "b_vi": vi_date(b.start)}
                 for k, a in enumerate(cons.versions) for b in cons.versions[k + 1:] if b.start]
        self.page(path, "work.html", title=page_title(w), work=w,
                  version={"start": v.start, "start_vi": vi_date(v.start), "end_vi": vi_date(_day_before(end)),
                           "approximate": v.approximate},
                  versions=versions, pairs=pairs, amended_by=amended_by, gaps=gaps, toc=toc(v.root), chart=chart,
                  body=body, notes=notes, work_root=rel(here, work_dir(uri)), prefix=prefix, bases=bases,
                  bases_at_vi=vi_date(at or w["date"] or self.as_of), acts=self.acts_of(uri, here),
                  review=self.review_of(uri),
                  unapplied=[u._asdict() for u in v.unapplied],
                  unapplied_groups=[(d, [u._asdict() for u in g]) for d, g in grouped_unapplied(v.unapplied)],
                  reading=how_read(v.root),
                  vbhn=_vbhn_parts(vbhn), rewrite=_downloads_in(prefix) if prefix else None)

    def acts_of(self, uri: str, here: str) -> list[dict]:
        """What this document does to others, one row per operation, linked to the changed unit."""
        reading = self.family.by_source.get(uri)
        rows = []
        for o in (reading.operations if reading else []):
            if o.status != "ready":
                continue
            target_page = None
            if o.work in self.family.trees and o.effective:
                target_page = rel(here, version_dir(o.work, self._start_on(o.work, o.effective)) + "index.html")
                anchor = getattr(o, "new_eid", "") or o.target
                if anchor and o.kind not in ("remove-rows", "revoke"):
                    target_page += f"#{anchor}"
            info = self.family.infos.get(o.work)
            rows.append({"provision": o.source.label, "provision_href": f"#{o.source.provision}"
                         if not o.source.provision.startswith("line_") else None,
                         "kind": CHANGE_KIND_VI.get(o.kind, o.kind),
                         "target": (provision_label(o.target, self.roots.get(o.work)) if o.target else "toàn văn bản"),
                         "work": doc_name(info, o.work, short=True) if info else o.work, "href": target_page,
                         "date": vi_date(o.effective)})
        return rows

    def review_of(self, uri: str) -> list[dict]:
        """Instructions the reader could not apply with certainty, for a person to check."""
        reading = self.family.by_source.get(uri)
        if reading is None:
            return []
        rows = [{"where": o.source.label, "text": o.source.sentence, "why": reason_vi(o.note)} for o in reading.proposed]
        rows += [{"where": u.extra.get("where_vi", u.where or ""), "text": u.extra.get("sentence", u.message),
                  "why": reason_vi(u.message.split(":")[0])} for u in reading.unread
                 if not any(o.source.sentence == u.extra.get("sentence") for o in reading.proposed)]
        return rows

    def consolidation(self, uri: str):
        """A work's versions as the site shows them. One work's conflicting amendment does not stop the site:
        it is left out whole and shown as not applied; built as of a date, versions that began after it did
        not exist yet."""
        cons = self.family.consolidate(uri, hold_conflicts=True)
        if self.dated:
            cons.versions = [v for v in cons.versions if not v.start or v.start <= self.as_of]
        return cons

    def version_starts(self, uri: str) -> list:
        """The start dates of the versions of a work, as its pages show them (None: the enacted text)."""
        return [v.start for v in self.consolidation(uri).versions]

    def _start_on(self, uri: str, date: str) -> str | None:
        starts = self.starts.get(uri) or self.version_starts(uri)
        return next((st for st in reversed(starts) if st is None or st <= date), starts[0])

    def timeline(self, uri, cons, here) -> list[dict]:
        out = []
        for i, v in enumerate(cons.versions):
            prev = cons.versions[i - 1] if i else None
            before = {o.id for o in prev.applied} if prev else set()
            srcs, seen = [], set()
            for o in v.applied:
                if o.id in before or o.source.work in seen:
                    continue
                seen.add(o.source.work)
                info = cons.documents.get(o.source.work)
                srcs.append({"label": doc_name(info, o.source.work, short=True), "href": self.work_href(o.source.work, here)})
            out.append({"start_vi": vi_date(v.start), "start": v.start,
                        "href": rel(here, version_dir(uri, v.start) + "index.html"), "sources": srcs,
                        "diff_href": rel(here, work_dir(uri) + f"diff/{diff_name(prev.start, v.start)}") if prev and v.start else None})
        return out

    def diff_pages(self, uri, cons, w) -> None:
        from ..diff import redline
        labels = {}
        for k, a in enumerate(cons.versions):
            for b in cons.versions[k + 1:]:
                if not b.start:
                    continue
                path = work_dir(uri) + f"diff/{diff_name(a.start, b.start)}"
                here = work_dir(uri) + "diff/"
                hunks = []
                for h in redline(cons, a.start, b.start):
                    srcs = []
                    for oid in h.ops:
                        o = cons.operations[oid]
                        if oid not in labels:
                            labels[oid] = f"{o.source.label} {doc_name(cons.documents.get(o.source.work), o.source.work, short=True)}"
                        srcs.append(labels[oid])
                    hunks.append({"eid": h.eid, "label": h.label, "kind": h.kind,
                                  "href": rel(here, version_dir(uri, a.start if h.kind == "removed" else b.start)
                                              + "index.html") + f"#{h.eid}",
                                  "kind_vi": HUNK_KIND_VI.get(h.kind, h.kind), "pieces": h.pieces,
                                  "source": "; ".join(dict.fromkeys(srcs))})
                self.page(path, "diff.html", title=f"So sánh {w['label']}", work=w, hunks=hunks,
                          a_vi=vi_date(a.start) or "văn bản gốc", b_vi=vi_date(b.start),
                          a_href=rel(here, version_dir(uri, a.start) + "index.html"),
                          b_href=rel(here, version_dir(uri, b.start) + "index.html"), work_root=rel(here, work_dir(uri)))

    def history_page(self, uri, cons, w) -> None:
        here = work_dir(uri)
        units = []
        targets = list(dict.fromkeys(c.target for c in cons.history if c.target))
        indexes = [(v, eid_index(v.root)) for v in cons.versions]
        for eid in targets:
            states = []
            prev_text = None
            for v, idx in indexes:
                el = idx.get(eid)
                text = list(unit_lines(el)) if el is not None else []
                if text == prev_text:
                    continue
                prev_text = text
                ch = [c for c in cons.history if c.target == eid and c.date == v.start]
                states.append({"date_vi": vi_date(v.start) or "văn bản gốc", "text": text,
                               "source": "; ".join(c.source for c in ch),
                               "kind_vi": ", ".join(dict.fromkeys(CHANGE_KIND_VI.get(c.kind, c.kind) for c in ch))})
            label = next((shorten(s["text"][0], 80) for s in reversed(states) if s["text"]), "")
            cite = provision_label(eid, cons.versions[-1].root) or provision_label(eid, self.roots.get(uri))
            units.append({"eid": eid, "label": label or cite, "cite": cite, "states": states})
        self.page(here + "history.html", "history.html", title=f"Lịch sử {w['label']}", work=w, units=units,
                  work_root="", incomplete=cons.base.status == "incomplete")

    def relations_page(self, uri, w) -> None:
        lg = self.graph
        here = work_dir(uri)

        def row(u, kind, date):
            n = lg.g.nodes[u]
            return {"label": lg.label(u), "href": self.work_href(u, here), "kind": EDGE_VI.get(kind, kind),
                    "date": vi_date(date), "status": lg.status(u, self.as_of) if not n.get("unresolved") else "—",
                    "unresolved": n.get("unresolved")}
        out_edges = sorted(((v, d) for _, v, d in lg.g.out_edges(uri, data=True)), key=lambda t: (t[1]["kind"], t[0]))
        in_edges = sorted(((u, d) for u, _, d in lg.g.in_edges(uri, data=True)), key=lambda t: (t[1]["kind"], t[0]))
        dedup = lambda rows: list({(r["label"], r["kind"], r["date"]): r for r in rows}.values())
        sections = [
            {"title": "Căn cứ ban hành", "rows": dedup([row(v, d["kind"], None) for v, d in out_edges if d["kind"] == "based_on"])},
            {"title": "Văn bản này tác động đến", "rows": dedup([row(v, d["kind"], d.get("date")) for v, d in out_edges if d["kind"] != "based_on"])},
            {"title": "Văn bản tác động đến văn bản này", "rows": dedup([row(u, d["kind"], d.get("date")) for u, d in in_edges])},
            {"title": "Toàn bộ văn bản dựa trên văn bản này (ảnh hưởng nếu văn bản này bị bãi bỏ)",
             "rows": [row(u, "", None) for u in sorted(lg.impact(uri))]},
        ]
        findings = [_finding(f) for f in self.findings_of.get(uri, ())]
        sub, total = lg.nearest(uri, PICTURE_LIMIT)
        svg = Markup(_strip_xml_decl(sub.to_svg(uri)))
        shown = sub.g.number_of_nodes() - 1
        # a hub's lists are paged: the relations page shows the first rows of each, the rest on pages of their own
        for k, sec in enumerate(sections):
            rows, sec["total"] = sec["rows"], len(sec["rows"])
            pages = paged(rows)
            sec["rows"], sec["more"] = pages[0], None
            if len(pages) > 1:
                slug = SECTION_SLUGS[k]
                name = lambda n: here + ("relations.html" if n == 1 else f"quan-he/{slug}-{n}.html")
                sec["more"] = {"href": name(2)[len(here):], "pages": len(pages)}
                for n, chunk in enumerate(pages[1:], 2):
                    # one folder deeper than the relations page: its relative links gain a step
                    chunk = [{**r, "href": "../" + r["href"] if r["href"] else None} for r in chunk]
                    self.page(name(n), "relations-page.html", title=f"{sec['title']}: {w['label']} (trang {n})",
                              work=w, section={**sec, "rows": chunk}, work_root="../",
                              status=lg.status(uri, self.as_of), **pager(n, len(pages), name))
        self.page(here + "relations.html", "relations.html", title=f"Quan hệ {w['label']}", work=w,
                  status=lg.status(uri, self.as_of), svg=svg, sections=sections, findings=findings, work_root="",
                  shown=shown, total=total, rows_per_page=ROWS_PER_PAGE)

    def index_for_search(self, uri, v, w, vd) -> None:
        base = "Văn bản"
        self.search.append({"u": vd + "index.html", "t": f"{w['type']} {w['number'] or ''} — {w['title']}".strip(),
                            "w": base, "f": fold(f"{w['type']} {w['number'] or ''} {w['title']}").lower()})
        body = main_doc(v.root).find(q("body"))
        if body is None:
            return
        for el in body.iter(q("article"), q("paragraph")):
            eid = el.get("eId")
            if not eid or el.xpath("ancestor::a:quotedStructure", namespaces={"a": el.nsmap.get(None) or ""}):
                continue
            text = " ".join(unit_lines(el))
            self.search.append({"u": vd + "index.html#" + eid, "t": text[:140],
                                "w": f"{w['type']} {w['number'] or w['title'][:40]}", "f": fold(text).lower()})

    def build_search(self, uris: list[str]) -> None:
        """The split search index, from every work's entries in corpus order, read back one work at a time."""
        from .search import SearchIndexWriter, entries_file
        writer = SearchIndexWriter(self.put)
        for uri in uris:
            path = entries_file(uri)
            data = (self.sink / path).read_bytes() if self.sink is not None else self.files[path]
            writer.add(json.loads(data))
        writer.close()
        self.page("search.html", "search.html", title="Tìm kiếm")

    def build_index(self, entries) -> None:
        works = [self.work_info(e.uri) for e in entries]
        works.sort(key=lambda w: (w["date"] or "0000", w["uri"]), reverse=True)
        types: dict[str, dict] = {}
        years: dict[str, dict] = {}
        for w in works:
            t = types.setdefault(w["subtype"], {"slug": f"loai-{w['subtype']}", "name": w["type"], "count": 0, "works": []})
            t["count"] += 1
            t["works"].append(w)
            y = (w["date"] or "")[:4] or "khong-ro"
            yy = years.setdefault(y, {"slug": f"nam-{y}", "name": y if y != "khong-ro" else "không rõ", "count": 0,
                                      "works": []})
            yy["count"] += 1
            yy["works"].append(w)
        tl = sorted(types.values(), key=lambda t: t["name"])
        yl = sorted(years.values(), key=lambda y: y["slug"], reverse=True)
        problems = [{"file": Path(e.document).relative_to(self.family.corpus.root).as_posix()
                     if e.document and Path(e.document).is_relative_to(self.family.corpus.root) else (e.document or ""),
                     "message": e.message} for e in self.family.corpus.problems]
        # every list in pages of ROWS_PER_PAGE works: the first at the list's own address, the others beside it
        lists = [(None, "index.html", "tat-ca", "Danh mục văn bản", "Danh mục văn bản", works)]
        lists += [(g["slug"], f"index/{g['slug']}.html", g["slug"], f"Danh mục: {g['name']}",
                   f"Danh mục văn bản: {g['name']}", g["works"]) for g in tl + yl]
        for active, first, slug, title, heading, rows in lists:
            pages = paged(rows)
            name = lambda n: first if n == 1 else f"index/{slug}-{n}.html"
            for n, chunk in enumerate(pages, 1):
                self.page(name(n), "index.html", title=title + (f" (trang {n})" if n > 1 else ""), heading=heading,
                          works=chunk, types=tl, years=yl, active=active, problems=problems, total=len(rows),
                          **pager(n, len(pages), name))

    def build_graph_page(self) -> None:
        lg = self.graph
        self.put_stream("graph.json", lg.write_json)
        self.put_stream("graph.graphml", lg.write_graphml)
        sub, total = lg.overview(OVERVIEW_LIMIT)        # the picture is bounded; the downloads are whole
        svg = sub.to_svg()
        self.put("graph.svg", svg)
        findings = [_finding(f) for f in self.findings + lg.dangling()]
        pages = paged(findings)           # a national corpus has many references to works it does not hold
        self.page("graph.html", "graph.html", title="Quan hệ văn bản", svg=Markup(_strip_xml_decl(svg)),
                  findings=pages[0], findings_total=len(findings), findings_pages=len(pages),
                  shown=sub.g.number_of_nodes(), total=total)
        name = lambda n: "graph.html" if n == 1 else f"kiem-tra/trang-{n}.html"
        for n, chunk in enumerate(pages[1:], 2):
            self.page(name(n), "findings-page.html", title=f"Kiểm tra quan hệ (trang {n})", findings=chunk,
                      total=len(findings), **pager(n, len(pages), name))

    def report(self, out: Path) -> BuildReport:
        return BuildReport(self.n_works, self.n_versions, sum(p.endswith(".html") for p in self.written), out,
                           list(self.family.corpus.problems), self.reused, dict(self.seconds), self.engine_used)


def paged(rows: list) -> list[list]:
    """A list in pages of :data:`ROWS_PER_PAGE` (one empty page for an empty list)."""
    return [rows[i:i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)] or [[]]


def pager(n: int, count: int, name) -> dict:
    """Where page ``n`` of ``count`` stands: its number, its first row's, and the site paths of the pages
    before and after it (``name(k)``: the site path of page k); the templates link them from the site root."""
    return {"n": n, "pages": count, "first": ROWS_PER_PAGE * (n - 1) + 1,
            "prev": name(n - 1) if n > 1 else None, "next": name(n + 1) if n < count else None}


def _title_facts(tree) -> tuple[str, str | None]:
    """The title as the enacting sentence gives it, and how the work was approved (if it was)."""
    from ..read.model import approval_of
    from .vbhn import running_title
    return running_title(tree.getroot()), approval_of(tree.getroot())


def _strip_xml_decl(svg: str) -> str:
    return svg.split("?>", 1)[1] if svg.startswith("<?xml") else svg


def _day_before(iso: str | None) -> str | None:
    if not iso:
        return None
    return (datetime.date.fromisoformat(iso) - datetime.timedelta(days=1)).isoformat()


def table_checks(root) -> dict:
    """For every numeric table: whether its rows add up, in Vietnamese, for the reader."""
    from ..text import format_number
    from ..validate import check_tables
    out: dict[str, tuple[bool, list[str]]] = {}
    what_vi = {"row total": "tổng của dòng", "subtotal": "tổng nhóm", "subtotal (empty cell)": "tổng nhóm (ô trống)",
               "grand total": "tổng cộng"}
    for d in check_tables(root, ""):
        if d.code == "table-checked":
            tid = d.where
            ok, lines = out.get(tid, (True, []))
            out[tid] = (ok, lines)
        elif d.code == "table-arithmetic":
            tid = d.where.split("__tr_")[0]
            ok, lines = out.get(tid, (True, []))
            x = d.extra
            where = provision_label(d.where, root) if "__tr_" in d.where else d.where
            where = where[:1].upper() + where[1:]
            lines.append(f"{where}: {what_vi.get(x['what'], x['what'])}, cột “{x['column']}” ghi "
                         f"{format_number(x['stated'])}, các dòng cộng lại {format_number(x['computed'])}")
            out[tid] = (False, lines)
    for tid, (ok, lines) in out.items():
        head = ("Đã kiểm tra: các tổng của bảng khớp với các dòng." if ok else
                f"Đã kiểm tra: {len(lines)} chỗ các tổng của bảng không khớp với các dòng.")
        out[tid] = (ok, [head, *lines])
    return out


def toc(root) -> list[dict]:
    body = main_doc(root).find(q("body"))
    out = []
    if body is None:
        return out
    for el in body.iter(q("part"), q("chapter"), q("section"), q("article")):
        if not el.get("eId") or any(local(a) == "quotedStructure" for a in el.iterancestors()):
            continue
        num = el.find(q("num"))
        head = el.find(q("heading"))
        label = " ".join(x for x in ((text_of(num) if num is not None else ""),
                                     (text_of(head) if head is not None else "")) if x)
        out.append({"eid": el.get("eId"), "label": label or el.get("eId"), "kind": local(el)})
    return out


def budget_chart(cons) -> Markup | None:
    """Totals of the budget tables across versions, with the part the sources leave unassigned."""
    from ..validate import val
    points = []
    for v in cons.versions:
        for table in main_doc(v.root).iter(q("table")):
            rows = list(table.iter(q("tr")))
            total = next((tr for tr in rows if tr.get("class") == "total"), None)
            if total is None:
                continue
            stated = val(total, len(total) - 1)
            items = sum(val(tr, len(tr) - 1) or 0 for tr in rows if tr.get("class") == "item")
            if stated is not None:
                points.append((v.start, stated, items))
    if len({p[1] for p in points}) < 2:
        return None
    top = max(max(p[1], p[2]) for p in points)
    w, h, bar = max(140 * len(points) + 60, 330), 260, 34
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h + 120}" viewBox="0 0 {w} {h + 120}" '
              f'role="img" '
             f'aria-label="Tổng kinh phí qua các phiên bản" font-family="sans-serif" font-size="12">'),
             ('<defs><pattern id="unknown" width="8" height="8" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><rect width="8" height="8" fill="#fff"/>'
             '<line x1="0" y1="0" x2="0" y2="8" stroke="#b3261e" stroke-width="3"/></pattern></defs>')]
    from ..text import format_number
    for i, (start, stated, items) in enumerate(points):
        x = 40 + i * 140
        hs = stated / top * h
        parts.append(f'<rect x="{x}" y="{20 + h - hs:.1f}" width="{bar}" height="{hs:.1f}" fill="#0b4a8b">'
                     f'<title>Tổng theo văn bản: {format_number(stated)} tỷ đồng</title></rect>'
                     f'<text x="{x + bar / 2}" y="{14 + h - hs:.1f}" text-anchor="middle">{format_number(stated)}</text>')
        hi = items / top * h
        x2 = x + bar + 6
        parts.append(f'<rect x="{x2}" y="{20 + h - hi:.1f}" width="{bar}" height="{hi:.1f}" fill="#8fb3d9">'
                     f'<title>Cộng các nhiệm vụ: {format_number(items)} tỷ đồng</title></rect>'
                     f'<text x="{x2 + bar / 2}" y="{14 + h - hi:.1f}" text-anchor="middle">{format_number(items)}</text>')
        if abs(items - stated) > 1e-9 and items > stated:
            hu = (items - stated) / top * h
            parts.append(f'<rect x="{x2}" y="{20 + h - hi:.1f}" width="{bar}" height="{hu:.1f}" fill="url(#unknown)">'
                         f'<title>Chưa rõ phân bổ: {format_number(items - stated)} tỷ đồng</title></rect>')
        parts.append(f'<text x="{x}" y="{h + 40}">{vi_date(start) or "gốc"}</text>')
    # the legend, one line per mark, within the picture's width
    for k, (fill, words) in enumerate((("#0b4a8b", "tổng theo văn bản"), ("#8fb3d9", "cộng các nhiệm vụ"),
                                       ("url(#unknown)", "chưa rõ phân bổ (nguồn không nêu)"))):
        y = h + 58 + 18 * k
        parts.append(f'<rect x="40" y="{y - 10}" width="12" height="12" fill="{fill}" stroke="#555" stroke-width=".5"/>'
                     f'<text x="58" y="{y}">{words}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def build_site(corpus_root: str | Path, out: str | Path, *, as_of: str | None = None,
               progress: bool = True, workers: int | None = 1, scheduler=None) -> BuildReport:
    """Build the whole site from the corpus (the main job).

    ``out`` must be new, empty, or a site amend built; it may not hold or lie inside the corpus.
    The works are built in this process (``workers=1``), on a local pool of ``workers`` processes
    (None: one per core), or on the Dask cluster of ``scheduler``; the site is the same bytes in every case.
    """
    from .parallel import engine as make_engine
    from ..output import check_site_target, refuse_inputs
    from ..output import new_build_dir, publish_dir
    refuse_inputs(out, [corpus_root], what="site")
    check_site_target(out)
    out = Path(out)
    tmp = new_build_dir(out)          # pages go here as they are made; the site is switched in whole at the end
    try:
        from ..output import MARKER
        previous = out if (out / MARKER).is_file() else None     # a site amend built: what it kept
        b = SiteBuilder(corpus_root, as_of=as_of, progress=progress, sink=tmp, previous=previous)
        eng = make_engine(workers, scheduler)
        try:
            b.build(eng)
        finally:
            eng.close()
        publish_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return b.report(out)
