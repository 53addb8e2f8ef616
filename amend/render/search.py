"""The site's search index, split so that a query loads only what it needs.

The index is static files, loaded by ``<script>`` so that it works from ``file://`` too:

* ``static/search/index.js``: the list of word shards and the number of entries;
* ``static/search/w-<key>.js``: for the folded words (no diacritics, lower case) beginning with ``<key>``,
  the entries holding each word. A shard starts as the words' first two letters and is split by one more
  letter while it holds more than :data:`SHARD_POSTINGS` postings, so a common beginning ("th", "qu") does not
  make one large file;
* ``static/search/r-<n>.js``: the entries themselves (page, title, where), :data:`CHUNK` per file.

A query word matches the entries holding a word it begins ("dau tu" finds "đầu tư", "quy" finds "quyết");
every word of the query must match. The browser loads the shards of the query's words, intersects their
entries, then loads the record files of the first results it shows: for any corpus size, a query reads a
few shards and at most a few record files, never the whole index.
"""
from __future__ import annotations

import json
import re
from array import array

CHUNK = 500
SHARD_POSTINGS = 20_000
MAX_KEY = 4
WORD = re.compile(r"[0-9a-z]+")


def entries_file(uri: str) -> str:
    """Where a work's search entries are kept in the build state (reused with the work's pages)."""
    return ".amend/search/" + uri.lstrip("/") + "/entries.json"


def words(folded: str) -> set[str]:
    return set(WORD.findall(folded))


def _js(name: str, *args) -> str:
    return f"window.{name}(" + ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                                         for a in args) + ");\n"


class SearchIndexWriter:
    """The index written as the entries come (in corpus order): record files as each fills, the word shards
    at the end. Memory holds the postings (entry numbers by word, 4 bytes each) and one record file, not the
    texts; the shards are made and written one at a time."""

    def __init__(self, put):
        self.put = put
        self.postings: dict[str, array] = {}
        self.records: list = []
        self.n = 0

    def add(self, entries: list[dict]) -> None:
        for e in entries:
            for w in sorted(words(e["f"])):
                ids = self.postings.get(w)
                if ids is None:
                    ids = self.postings[w] = array("I")
                ids.append(self.n)
            self.records.append([e["u"], e["t"], e["w"]])
            self.n += 1
            if len(self.records) == CHUNK:
                self._flush()

    def _flush(self) -> None:
        if self.records:
            k = (self.n - 1) // CHUNK
            self.put(f"static/search/r-{k}.js", _js("AMEND_SEARCH_RECORDS", k, self.records))
            self.records = []

    def close(self) -> None:
        self._flush()
        for path, text in _shard_files(self.postings, self.n):
            self.put(path, text)


def search_files(entries: list[dict]) -> list[tuple[str, str]]:
    """The files of the index for ``entries`` (dicts with ``u`` page, ``t`` title, ``w`` where, ``f`` the
    folded text), in the order given (the corpus order: results come in it)."""
    out: list[tuple[str, str]] = []
    w = SearchIndexWriter(lambda path, text: out.append((path, text)))
    w.add(entries)
    w.close()
    return out


def _shard_files(postings: dict[str, array], n_entries: int):
    """(path, text) of the index file, then of each word shard, made one at a time."""
    # shards by beginning, split while too large: each shard is the list of its words
    shards: dict[str, list[str]] = {}

    def place(ws: list[str], n: int) -> None:
        groups: dict[str, list[str]] = {}
        for w in ws:
            groups.setdefault(w[:n], []).append(w)
        for key, group in groups.items():
            size = sum(len(postings[w]) for w in group)
            if size > SHARD_POSTINGS and n < MAX_KEY and any(len(w) > n for w in group):
                short = [w for w in group if len(w) <= n]          # the words no longer than the key stay here
                if short:
                    shards[key] = short
                place([w for w in group if len(w) > n], n + 1)
            else:
                shards[key] = group
    place(sorted(postings), 2)
    yield "static/search/index.js", _js("AMEND_SEARCH_INDEX", {"keys": sorted(shards), "chunk": CHUNK,
                                                               "entries": n_entries})
    for key in sorted(shards):
        shard = {w: postings[w].tolist() for w in shards[key]}
        yield f"static/search/w-{key}.js", _js("AMEND_SEARCH_SHARD", key, shard)


def query(files: dict[str, str], q: str) -> list[list[str]]:
    """What the browser finds for ``q`` (the same rules as ``static/search.js``), for tests and tools:
    the records ``[page, title, where]`` in order."""
    from ..text import fold

    def load(path):
        text = files[path]
        return json.loads("[" + text[text.index("(") + 1:text.rindex(")")] + "]")
    index = load("static/search/index.js")[0]
    hits = None
    for w in WORD.findall(fold(q).lower()):
        found = set()
        for key in index["keys"]:
            if w.startswith(key) or key.startswith(w):
                _, shard = load(f"static/search/w-{key}.js")
                for word, ids in shard.items():
                    if word.startswith(w):
                        found.update(ids)
        hits = found if hits is None else hits & found
    out = []
    for i in sorted(hits or ()):
        _, recs = load(f"static/search/r-{i // index['chunk']}.js")
        out.append(recs[i % index["chunk"]])
    return out
