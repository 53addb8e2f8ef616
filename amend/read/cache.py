"""Readings kept between builds, each valid as long as what it looked up is unchanged.

Reading a document depends on the document itself and on what it looked up in the corpus: the works its
references resolved to (by number, by type, title and date, by URI) and the eIds of the works it targets.
Every lookup is recorded while the document is read, with a fingerprint of the answer. A later build takes the
kept reading only when the document's bytes, the label it is read under and the reader's code are the same
and every recorded lookup gives the same answer in the corpus as it now is; otherwise it reads again. So
adding one document to a corpus re-reads only the documents whose lookups it changes (those that name it).
"""
from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping
from pathlib import Path

FORMAT = 1


def _fp(value) -> str:
    """A fingerprint of a lookup's answer (a work's identity and dates, a set of eIds, a URI or None)."""
    if isinstance(value, (set, frozenset)):
        value = sorted(value)
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:24]


class _Recorded(Mapping):
    """A mapping whose every lookup is recorded as ``(kind, key, fingerprint of the answer)``."""

    def __init__(self, data: Mapping, kind: str, deps: set):
        self._data, self._kind, self._deps = data, kind, deps

    def get(self, key, default=None):
        value = self._data.get(key)
        self._deps.add((self._kind, key, _fp(value)))
        return default if value is None else value

    def __getitem__(self, key):
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __iter__(self):           # a reading that walks the whole corpus depends on all of it
        self._deps.add((self._kind, "*", _fp(sorted(self._data))))
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __bool__(self) -> bool:
        return True


class RecordingResolver:
    """The corpus's :class:`~amend.read.model.Resolver`, recording what a reading asks of it."""

    def __init__(self, resolver, deps: set):
        self._r, self._deps = resolver, deps
        self.by_uri = _Recorded(resolver.by_uri, "info", deps)

    def uri(self, number: str):
        answer = self._r.uri(number)
        self._deps.add(("uri", number, _fp(answer)))
        return answer

    def find(self, subtype, title, date):
        answer = self._r.find(subtype, title, date)
        self._deps.add(("find", (subtype, title, date), _fp(answer)))
        return answer


def still_valid(deps, resolver, bases: Mapping) -> bool:
    """Whether every recorded lookup gives the same answer now."""
    for kind, key, fp in deps:
        if kind == "info":
            now = resolver.by_uri.get(key) if key != "*" else sorted(resolver.by_uri)
        elif kind == "eids":
            now = bases.get(key) if key != "*" else sorted(bases)
        elif kind == "uri":
            now = resolver.uri(key)
        elif kind == "find":
            now = resolver.find(*key)
        else:
            return False
        if _fp(now) != fp:
            return False
    return True


class NoCache:
    """What a command that keeps nothing between runs uses in place of a :class:`ReadingCache`: everything is
    made (and read) now, nothing is recorded, no file is hashed."""

    hashes = False

    def kept(self, kind: str, key: str, digest, make):
        return make()

    def read(self, uri: str, digest, label: str, read_fn, resolver, bases: Mapping):
        return read_fn(resolver, bases)


NO_CACHE = NoCache()


class ReadingCache:
    """Readings by document, and what each file's bytes alone decide, kept in one file of the build's state
    folder (written atomically)."""

    hashes = True       # its keys are the digests of the files

    def __init__(self, path: Path | None, code: str):
        self.path, self.code = path, code
        self.old: dict = {}
        self.new: dict = {}
        self.hits = self.misses = 0
        if path is not None and path.is_file() and _own_file(path):
            try:
                data = pickle.loads(path.read_bytes())
                if isinstance(data, dict) and data.get("format") == FORMAT and data.get("code") == code:
                    self.old = data["readings"]
            except Exception:           # a damaged or foreign cache is only a slower build
                self.old = {}

    def kept(self, kind: str, key: str, digest: str, make):
        """What only a file's own bytes decide (its catalogue entry, identity, eIds, relations facts), kept by
        the digest of those bytes: ``make()`` when they changed or were never seen."""
        got = self.new.get((kind, key))          # made already in this build (the catalogue's pass)
        if got is not None and got[0] == digest:
            return got[1]
        old = self.old.get((kind, key))
        value = old[1] if old is not None and old[0] == digest else make()
        self.new[(kind, key)] = (digest, value)
        return value

    def read(self, uri: str, digest: str, label: str, read_fn, resolver, bases: Mapping):
        """The reading of a document: kept, if still valid, else read now (recording its lookups)."""
        key = (digest, label)
        kept = self.old.get(uri)
        if kept is not None and kept[0] == key and still_valid(kept[2], resolver, bases):
            self.hits += 1
            self.new[uri] = kept
            return kept[1]
        self.misses += 1
        deps: set = set()
        reading = read_fn(RecordingResolver(resolver, deps), _Recorded(bases, "eids", deps))
        self.new[uri] = (key, reading, frozenset(deps))
        return reading

    def save(self) -> None:
        if self.path is None:
            return
        from ..output import atomic_file
        # streamed: no second copy of the state in memory; the mode every file of the site has (the umask's), and
        # a file anyone else may write is never loaded (see _own_file)
        with atomic_file(self.path) as f:
            pickle.dump({"format": FORMAT, "code": self.code, "readings": self.new}, f,
                        protocol=pickle.HIGHEST_PROTOCOL)


def _own_file(path: Path) -> bool:
    """A pickle runs code when loaded: only a file of this user's that nobody else may write is taken (as ssh
    treats its keys); any other is ignored and the build reads everything again."""
    import os
    st = path.stat()
    return (not hasattr(os, "getuid") or st.st_uid == os.getuid()) and not st.st_mode & 0o022


def code_digest() -> str:
    """A digest of amend's code, templates and static files: a kept result is valid only for the same code."""
    global _CODE
    if _CODE is None:
        pkg = Path(__file__).resolve().parent.parent
        from ..render.html import STATIC
        files = sorted(pkg.rglob("*.py")) + sorted(p for p in STATIC.parent.rglob("*") if p.is_file())
        h = hashlib.sha256()
        for f in files:
            h.update(f.relative_to(pkg.parent).as_posix().encode("utf-8") + b"\0" + f.read_bytes() + b"\0")
        _CODE = h.hexdigest()
    return _CODE


_CODE: str | None = None
