"""The incremental site build: what each work's pages were made from, and their reuse when nothing changed.

The build's state is kept in the site, in ``.amend/`` (not part of what a reader opens; a publisher need not
upload it): ``manifest.json`` records, for every work, the key of its inputs and the files its pages are, and
``readings.pickle`` keeps the readings of the corpus (see :mod:`amend.read.cache`).

A work's key is a digest of everything its pages are made from:

* amend's code, templates and static files, the date the site is built as of;
* the work's own files (``work.xml``, ``source.txt``) and its own reading (what it does to others, what it
  leaves for review);
* every reading acting on it (operations, what was not read, gaps) and the files of those documents (their
  effect and implementation articles are quoted in the văn bản hợp nhất);
* its neighbourhood in the relations graph: every edge in and out with its data, each neighbour's attributes
  and status, its bases with their status on each date a page shows them, what rests on it (the impact list
  of its relations page), the checks that name it, its successor;
* the version start dates of every work it acts on (its pages link into those versions).

A rebuild builds again only the works whose key changed and links (or copies) the files of the others from the
previous site; the corpus's own pages (the index, search, the whole graph) are always made again. The result
is the same bytes as a full build, which the tests check.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

STATE = ".amend"
MANIFEST = "manifest.json"
READINGS = "readings.pickle"
FORMAT = 1


def reading_digest(b, r) -> str:
    """A digest of what a reading found (its operations, what it did not read, gaps), once per build."""
    memo = b.__dict__.setdefault("_reading_digests", {})
    d = memo.get(r.work.uri)
    if d is None:
        facts = {"work": repr(r.work), "ops": [o.to_dict() for o in r.operations],
                 "unread": [repr(u) for u in r.unread], "gaps": [repr(g) for g in r.gaps],
                 "proposed": [o.to_dict() for o in getattr(r, "proposed", [])],
                 "findings": [repr(f) for f in r.findings], "normative": r.normative}
        data = json.dumps(facts, sort_keys=True, default=str, ensure_ascii=False)
        d = memo[r.work.uri] = hashlib.sha256(data.encode("utf-8")).hexdigest()
    return d


def work_key(b, uri: str, code: str) -> str:
    """The digest of every input of the pages of ``uri`` (``b``: the :class:`SiteBuilder`)."""
    fam, lg = b.family, b.graph
    digest = fam.digest

    def source_digest(u):
        e = fam.corpus.entries.get(u)
        src = e.path / "source.txt" if e is not None else None
        return hashlib.sha256(src.read_bytes()).hexdigest() if src is not None and src.is_file() else None

    g = lg.g
    facts: dict = {"code": code, "as_of": b.as_of, "dated": b.dated, "work": digest(uri), "source": source_digest(uri),
                   "entry": repr(fam.corpus.entries.get(uri)), "info": repr(fam.infos.get(uri))}
    own = fam.by_source.get(uri)
    facts["own"] = reading_digest(b, own) if own is not None else None
    amending = fam.amending(uri)
    facts["amending"] = [(r.work.uri, digest(r.work.uri), source_digest(r.work.uri), reading_digest(b, r))
                         for r in amending]
    neighbours = sorted({v for _, v in g.out_edges(uri)} | {u for u, _ in g.in_edges(uri)})
    facts["out"] = sorted(json.dumps([v, d], sort_keys=True, default=str) for _, v, d in g.out_edges(uri, data=True))
    facts["in"] = sorted(json.dumps([u, d], sort_keys=True, default=str) for u, _, d in g.in_edges(uri, data=True))
    facts["node"] = json.dumps(g.nodes[uri], sort_keys=True, default=str) if uri in g else None
    facts["status"] = lg.status(uri, b.as_of) if uri in g else None
    facts["neighbours"] = [(n, json.dumps(g.nodes[n], sort_keys=True, default=str),
                            lg.status(n, b.as_of) if not g.nodes[n].get("unresolved") else None, digest(n))
                           for n in neighbours]
    starts = b.starts.get(uri) or ([None] if not amending else b.version_starts(uri))
    e = fam.corpus.entries.get(uri)
    dates = sorted({d for d in [*starts, e.date if e else None, b.as_of] if d})
    facts["bases"] = [(d, lg.bases(uri, at=d)) for d in dates]
    facts["impact"] = [(u, lg.label(u), lg.status(u, b.as_of)) for u in sorted(lg.impact(uri))]
    facts["findings"] = sorted(repr(f) for f in b.findings_of.get(uri, ()))
    facts["successor"] = lg.successor(uri, b.as_of) if uri in g else None
    targets = sorted({o.work for o in (own.operations if own else []) if o.work})
    facts["targets"] = [(t, b.starts.get(t), digest(t), repr(fam.infos.get(t))) for t in targets]
    data = json.dumps(facts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def load_manifest(site: Path | None) -> dict:
    """The works recorded by the previous build of ``site`` ({} when there is none, or it cannot be used)."""
    if site is None:
        return {}
    f = site / STATE / MANIFEST
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("works"), dict):
        return {}
    return data["works"]


def write_manifest(f, works: dict, code: str) -> None:
    """The manifest into the binary file ``f``, a work at a time (the JSON ``json.dumps`` with sorted keys
    and compact separators would give, without holding it whole)."""
    def dump(x) -> str:
        return json.dumps(x, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    f.write(f'{{"code":{dump(code)},"format":{FORMAT},"works":{{'.encode("utf-8"))
    for i, uri in enumerate(sorted(works)):
        f.write(((',' if i else '') + dump(uri) + ":" + dump(works[uri])).encode("utf-8"))
    f.write(b"}}\n")


def reuse(previous: Path, sink: Path, files: list[str], made: set | None = None) -> bool:
    """Link (or, across file systems, copy) a work's files from the previous site into the new build; False,
    with nothing left behind, when one of them is missing there or is not a path inside the site. ``made``: the folders of the build already
    made, relative to it (the builder's own set, which its pages use too, so each folder is made once)."""
    from ..output import inside_site
    if not all(inside_site(f) for f in files):       # a manifest edited by hand: nothing written outside the build
        return False
    prev, out = os.fspath(previous), os.fspath(sink)
    srcs = [os.path.join(prev, f) for f in files]
    if not all(os.path.isfile(s) and not os.path.islink(s) for s in srcs):
        return False
    done = []
    made = set() if made is None else made
    try:
        for f, s in zip(files, srcs):
            t = os.path.join(out, f)
            folder = f.rpartition("/")[0]
            if folder not in made:
                os.makedirs(os.path.join(out, folder), exist_ok=True)
                made.add(folder)
            try:
                os.link(s, t)
            except OSError:
                shutil.copyfile(s, t)
            done.append(t)
    except OSError:
        for t in done:
            Path(t).unlink(missing_ok=True)
        return False
    return True
