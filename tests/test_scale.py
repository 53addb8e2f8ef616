"""Scale: the site built on a process pool and on a Dask cluster is the serial site, byte for byte; the
corpus's trees are read as needed, a bounded number kept; the snapshot shipped to workers pickles."""
from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from amend.cli import main
from amend.corpus import Family, load_corpus
from amend.errors import BuildEngineError
from amend.render.incremental import READINGS, STATE
from amend.render.site import SiteBuilder, build_site

from .conftest import CORPUS

AS_OF = "2026-11-22"


def _files(site: Path) -> dict:
    """Every file of a site but the build's reading cache (a pickle, whose bytes follow Python's hashing; the
    manifest beside it is compared)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.relative_to(site).as_posix() != f"{STATE}/{READINGS}"}


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "site"
    build_site(CORPUS, out, as_of=AS_OF, progress=False, workers=1)
    return _files(out)


def _same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_a_process_pool_builds_the_same_site(serial, tmp_path):
    out = tmp_path / "site"
    r = build_site(CORPUS, out, as_of=AS_OF, progress=False, workers=2)
    _same(serial, _files(out))
    assert r.works == 12 and r.versions == 14


def test_a_dask_cluster_builds_the_same_site(serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "site"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=2, processes=True, dashboard_address=None) as c, \
            distributed.Client(c) as client:
        build_site(CORPUS, out, as_of=AS_OF, progress=False, scheduler=client)
        # the snapshot reached every worker once, and each worker built some of the works
        assert len(client.scheduler_info()["workers"]) == 2
    _same(serial, _files(out))


def test_the_command_line_builds_on_a_cluster_by_address(serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "site"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        assert main(["build", str(CORPUS), "-o", str(out), "-q", "--as-of", AS_OF, "--scheduler",
                     c.scheduler_address]) == 0
    _same(serial, _files(out))


def test_an_unreachable_scheduler_is_one_clear_error_and_no_site(tmp_path, capsys):
    pytest.importorskip("distributed")
    from amend.render.parallel import DaskEngine
    with pytest.raises(BuildEngineError, match="cannot reach the Dask scheduler.*tcp://127.0.0.1:9"):
        DaskEngine("tcp://127.0.0.1:9", timeout="1s")
    out = tmp_path / "site"
    assert main(["build", str(CORPUS), "-o", str(out), "-q", "--workers", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err
    assert not out.exists()


def test_trees_are_read_as_needed_and_a_bounded_number_kept():
    fam = Family(load_corpus(CORPUS), keep=3)
    assert len(fam.trees) == 12 and len(fam.trees._cache) <= 3
    uri = next(iter(fam.trees))
    a = fam.trees[uri]
    assert fam.trees[uri] is a                     # kept while recent
    for u in list(fam.trees)[1:5]:
        fam.trees[u]
    assert len(fam.trees._cache) == 3 and uri not in fam.trees._cache
    again = fam.trees[uri]                         # read again from the corpus: the same document
    from amend.akn import serialize
    assert serialize(again.getroot()) == serialize(a.getroot())
    with pytest.raises(KeyError):
        fam.trees["/akn/vn/act/luat/2099-01-01/khong-co"]


def test_every_works_eids_are_held_packed_and_answer_as_sets():
    """A national corpus's eIds are held as one string per work; a work's set is made when asked, the same set
    the tree gives, and only the last few are kept as sets."""
    import pickle
    from amend.akn import eids
    from amend.corpus import EidSets
    fam = Family(load_corpus(CORPUS))
    uris = list(fam.trees)
    packed = EidSets({u: EidSets.pack(eids(fam.trees[u])) for u in uris}, keep=2)
    for u in uris:
        assert packed[u] == eids(fam.trees[u]) and packed.count(u) == len(eids(fam.trees[u]))
    assert len(packed._cache) == 2 and len(packed) == len(uris) and set(packed) == set(uris)
    assert packed.get("/akn/vn/act/luat/2099-01-01/khong-co") is None
    big = packed.only(lambda u, n: n > 10)
    assert set(big) == {u for u in uris if len(eids(fam.trees[u])) > 10} and set(big) < set(uris)
    back = pickle.loads(pickle.dumps(packed))
    assert back[uris[0]] == packed[uris[0]] and not back._cache.keys() - {uris[0]}
    assert EidSets({"x": ""})["x"] == frozenset()


def test_the_catalogue_pass_serves_the_first_pass_of_the_family(monkeypatch):
    """A build parses each work file once for the catalogue, the identities and the graph facts together, then
    once to read it: two parses a work, not three, whatever the trees kept."""
    import amend.akn
    from amend.corpus import first_pass
    from amend.read.cache import ReadingCache, code_digest
    from amend.render.site import _title_facts
    real, n = amend.akn.parse_xml, [0]

    def counted(*a, **k):
        n[0] += 1
        return real(*a, **k)
    monkeypatch.setattr(amend.akn, "parse_xml", counted)
    made = {}
    for fused in (True, False):
        n[0] = 0
        cache = ReadingCache(None, code_digest())
        corpus = load_corpus(CORPUS, cache=cache, extract=first_pass((_title_facts,)) if fused else ())
        fam = Family(corpus, keep=2, cache=cache, extract=(_title_facts,))
        made[fused] = (n[0], fam.infos, fam._facts, {u: fam.eids.get(u) for u in fam.trees})
    works = len(load_corpus(CORPUS))
    # one parse a work saved (a few more are the targets of planning documents, read with them)
    assert made[False][0] - made[True][0] == works and made[True][0] <= 2 * works + 2, (made[True][0], made[False][0])
    assert made[True][1:] == made[False][1:]


def test_the_builder_snapshot_pickles_without_trees_or_pages(tmp_path):
    b = SiteBuilder(CORPUS, as_of=AS_OF, progress=False)
    b.family.trees[next(iter(b.family.trees))]          # a tree in the cache is not shipped
    data = pickle.dumps(b)
    c = pickle.loads(data)
    assert c.family.trees._cache == {} and c.sink is None and c.files == {}
    from amend.render.parallel import pages_of
    uri = next(e.uri for e in b.family.corpus if e.number == "08/2020/NQ-HĐND")
    assert pages_of(c, uri).files == pages_of(b, uri).files


def test_reading_who_acts_on_a_work_uses_the_index_not_a_scan():
    # the documents revoking provisions of an amending document are found through the readings of that
    # document's targets: same answer and order as a scan of every reading
    fam = Family(load_corpus(CORPUS))
    for uri in fam.trees:
        direct = list(fam.readings.get(uri, []))
        sources = {r.work.uri for r in direct}
        scan = direct + [r for r in fam.by_source.values() if r.work.uri not in sources and sources & r.targets]
        assert [r.work.uri for r in fam.amending(uri)] == [r.work.uri for r in scan]


# -- the incremental build ------------------------------------------------------------------------------------
def _oracle_corpus(tmp_path: Path, names) -> Path:
    from amend.corpus import add_text
    from .conftest import ORACLE, need
    corpus = tmp_path / "corpus"
    for n in names:
        add_text(corpus, need(ORACLE / n))
    return corpus


def test_a_rebuild_after_one_more_amendment_builds_only_what_it_touches_and_equals_a_full_build(tmp_path):
    from amend.corpus import add_text
    from .conftest import ORACLE
    corpus = _oracle_corpus(tmp_path, ["tt-39-2016-tt-nhnn.txt", "tt-06-2023-tt-nhnn.txt"])
    site = tmp_path / "site"
    first = build_site(corpus, site, as_of=AS_OF, progress=False)
    assert first.reused == 0
    again = build_site(corpus, site, as_of=AS_OF, progress=False)         # nothing changed: nothing built
    assert again.reused == again.works == 2
    add_text(corpus, ORACLE / "tt-10-2023-tt-nhnn.txt")
    r = build_site(corpus, site, as_of=AS_OF, progress=False)
    full = tmp_path / "full"
    build_site(corpus, full, as_of=AS_OF, progress=False)
    _same(_files(full), _files(site))
    # 39/2016 gains a version and 10/2023 is new: both built; 06/2023 links into 39/2016's versions and
    # names 10/2023 among the documents acting on the same work, so its key changed too
    manifest = json.loads((site / STATE / "manifest.json").read_text(encoding="utf-8"))["works"]
    assert r.works == 3 and len(manifest) == 3
    assert r.reused <= 1


def test_a_kept_reading_is_read_again_when_what_it_looked_up_changed(tmp_path):
    """06/2023 names 39/2016: read while 39/2016 is not in the corpus, its reading cannot resolve its
    targets; once 39/2016 is added, the kept reading's lookups answer differently and it is read again."""
    from amend.corpus import add_text
    from amend.read.cache import ReadingCache, code_digest
    from .conftest import ORACLE
    corpus = _oracle_corpus(tmp_path, ["tt-06-2023-tt-nhnn.txt"])
    state = tmp_path / "readings.pickle"
    c1 = ReadingCache(None, code_digest())
    f1 = Family(load_corpus(corpus, cache=c1), cache=c1)
    c1.path = state
    c1.save()
    assert len(f1.by_source) == 1
    c2 = ReadingCache(state, code_digest())
    Family(load_corpus(corpus, cache=c2), cache=c2)
    assert (c2.hits, c2.misses) == (1, 0)                      # unchanged: kept
    add_text(corpus, ORACLE / "tt-39-2016-tt-nhnn.txt")
    c3 = ReadingCache(state, code_digest())
    f3 = Family(load_corpus(corpus, cache=c3), cache=c3)
    assert c3.misses == 2                                      # 39/2016 is new, 06/2023 looked it up: read again
    fresh = Family(load_corpus(corpus))
    assert {u: [o.to_dict() for o in r.operations] for u, r in f3.by_source.items()} == \
        {u: [o.to_dict() for o in r.operations] for u, r in fresh.by_source.items()}


def test_a_damaged_or_foreign_build_state_is_only_a_full_build(tmp_path):
    site = tmp_path / "site"
    build_site(CORPUS, site, as_of=AS_OF, progress=False)
    (site / STATE / READINGS).write_bytes(b"not a pickle")
    (site / STATE / "manifest.json").write_text("{", encoding="utf-8")
    r = build_site(CORPUS, site, as_of=AS_OF, progress=False)
    assert r.reused == 0
    fresh = tmp_path / "fresh"
    build_site(CORPUS, fresh, as_of=AS_OF, progress=False)
    _same(_files(fresh), _files(site))


def test_another_date_or_a_missing_page_rebuilds_the_works_concerned(tmp_path):
    site = tmp_path / "site"
    build_site(CORPUS, site, as_of=AS_OF, progress=False)
    assert build_site(CORPUS, site, as_of="2026-11-23", progress=False).reused == 0     # statuses are of a date
    page = next(site.glob("akn/vn-haiduong/act/nghi-quyet/*/08-2020-nq-hdnd/history.html"))
    page.unlink()                                              # a page gone from the previous site
    r = build_site(CORPUS, site, as_of="2026-11-23", progress=False)
    assert r.reused == r.works - 1 and page.is_file()


# -- a consolidation from XML files that carry their reading ----------------------------------------------------
def test_an_amending_document_stored_with_its_reading_is_not_read_again(tmp_path, monkeypatch, capsys):
    from amend.akn import load_akn
    from amend.parse import parse_text
    from amend.read import stored_reading
    from .conftest import ORACLE, need
    base, amending = tmp_path / "tt39.xml", tmp_path / "tt06.xml"
    for name, f in (("tt-39-2016-tt-nhnn.txt", base), ("tt-06-2023-tt-nhnn.txt", amending)):
        assert main(["parse", str(need(ORACLE / name)), "-o", str(f)]) == 0
    stored = tmp_path / "tt06-read.xml"
    assert main(["ops", str(amending), "--against", str(base), "--store", "-o", str(stored)]) == 0
    assert "21 thao tác" in capsys.readouterr().out
    plain, fast = tmp_path / "plain.xml", tmp_path / "fast.xml"
    import amend.read
    calls = []
    real = amend.read.read
    monkeypatch.setattr(amend.read, "read", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert main(["consolidate", str(base), str(amending), "--format", "xml", "-o", str(plain)]) == 0
    assert calls == [1]                                              # the plain document is read
    assert main(["consolidate", str(base), str(stored), "--format", "xml", "-o", str(fast)]) == 0
    assert calls == [1] and fast.read_bytes() == plain.read_bytes()  # the stored one is not
    # against other documents, or with its words changed, the stored reading is not used
    tree = load_akn(stored)
    assert stored_reading(tree, {"/akn/vn/act/thong-tu/2016-12-30/39-2016-tt-nhnn": {"art_1"}}) is None
    p = next(el for el in tree.getroot().iter("{*}p") if (el.text or "").strip())
    p.text = p.text + " (sửa tay)"
    ids = {e.get("eId") for e in load_akn(base).getroot().iter() if isinstance(e.tag, str) and e.get("eId")}
    assert stored_reading(tree, {"/akn/vn/act/thong-tu/2016-12-30/39-2016-tt-nhnn": ids}) is None
    assert stored_reading(load_akn(stored), {"/akn/vn/act/thong-tu/2016-12-30/39-2016-tt-nhnn": ids}) is not None
    assert main(["ops", str(amending), "--store"]) == 2           # --store needs -o


def test_a_stored_reading_keeps_what_was_not_read_and_the_gaps():
    from amend.errors import Diagnostic
    from amend.parse import parse_text
    from amend.read import Resolver, read, store, stored_reading, work_info
    from amend.read.model import Gap
    from .conftest import ORACLE, need
    trees = [parse_text(need(ORACLE / f).read_text(encoding="utf-8")).tree
             for f in ("tt-39-2016-tt-nhnn.txt", "tt-06-2023-tt-nhnn.txt")]
    ids = {work_info(trees[0]).uri: {e.get("eId") for e in trees[0].getroot().iter()
                                     if isinstance(e.tag, str) and e.get("eId")}}
    r = read(trees[1], Resolver([work_info(t) for t in trees]), bases=ids)
    r.unread.append(Diagnostic("warning", "not-read: câu không đọc được", "06/2023", "art_1__para_9",
                               "not-read", {"sentence": "Sửa đổi một số nội dung cho phù hợp."}))
    r.gaps.append(Gap("unstated-content", "nguồn không nêu nội dung mới", "…", ("a", "b"), None, "art_1"))
    back = stored_reading(store(trees[1], r, against=ids), ids)
    assert back.operations == r.operations and back.unread == r.unread and back.gaps == r.gaps
    assert back.targets == r.targets and back.work.uri == r.work.uri


def test_a_reading_cache_others_may_write_is_not_loaded(tmp_path):
    """Loading a pickle runs code: a cache file that anyone but its owner may write is ignored (full reading)."""
    import os
    from amend.read.cache import ReadingCache, code_digest
    site = tmp_path / "site"
    build_site(CORPUS, site, as_of=AS_OF, progress=False)
    f = site / STATE / READINGS
    assert ReadingCache(f, code_digest()).old                  # the build's own file: taken
    os.chmod(f, 0o666)
    assert ReadingCache(f, code_digest()).old == {}            # writable by others: ignored


def test_reading_a_units_text_leaves_no_garbage_for_the_collector():
    """text_of runs for every unit of every page: a reference cycle per call (a recursive closure) was 2,400
    objects per work left to the garbage collector, each holding an element."""
    import gc
    from amend.akn import text_of
    from amend.parse import parse_text
    from .conftest import ORACLE, need
    tree = parse_text(need(ORACLE / "tt-39-2016-tt-nhnn.txt").read_text(encoding="utf-8")).tree
    units = [e for e in tree.iter() if isinstance(e.tag, str) and e.get("eId")]
    from lxml import etree
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)       # what the collector finds is kept, to be looked at
    try:
        texts = [text_of(e) for e in units]
        gc.collect()
        # (other threads of the test process may leave garbage of their own meanwhile: only ours is counted)
        left = [o for o in gc.garbage if isinstance(o, etree._Element)
                or getattr(o, "__module__", None) == "amend.akn"]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert len(units) > 100 and "Thông tư này" in " ".join(texts) and left == []


def test_a_docx_export_leaves_its_xml_to_reference_counting():
    """A python-docx package and its parts refer to each other: unless released, every DOCX a site build wrote
    waited, with the XML of all its parts, for a full collection (40 MiB more at 2,000 works)."""
    import gc
    from lxml import etree
    from amend.parse import parse_text
    from amend.render.export import to_docx
    from amend.versions import consolidate
    from .conftest import ORACLE, need
    tree = parse_text(need(ORACLE / "tt-39-2016-tt-nhnn.txt").read_text(encoding="utf-8")).tree
    cons = consolidate(tree, [])
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        data = to_docx(cons.versions[-1], cons)
        gc.collect()
        left = [o for o in gc.garbage if isinstance(o, (etree._Element, etree._ElementTree))
                or type(o).__module__.startswith("docx.oxml")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert data[:2] == b"PK" and left == []


def test_a_long_build_trims_the_c_heap_every_so_many_works(monkeypatch):
    """The heap of a long build is merged and given back every ``every`` works (glibc's malloc_trim); where the C
    library has none, nothing is done and nothing fails."""
    import ctypes
    import platform

    from amend.render import parallel
    calls = []
    h = parallel.HeapTrim(every=3)
    h._trim = calls.append
    for _ in range(7):
        h.built()
    assert calls == [0, 0]                   # after the 3rd and the 6th work
    if platform.libc_ver()[0] == "glibc":
        assert parallel.HeapTrim().trim() is True

    def no_libc(*a, **k):
        raise OSError("no C library here")
    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    bare = parallel.HeapTrim(every=1)
    assert bare.trim() is False
    bare.built()                             # no C library: the build goes on
    assert bare.count == 1
    # every work built in a process counts, whatever the engine
    seen = []
    monkeypatch.setattr(parallel._HEAP, "built", lambda: seen.append(1))
    b = SiteBuilder(CORPUS, as_of="2026-01-01", progress=False)
    parallel.pages_of(b, next(iter(b.family.corpus)).uri)
    assert seen == [1]


def test_a_build_makes_each_folder_of_the_site_once_not_once_per_file(tmp_path, monkeypatch):
    """Pages are written into the build folder with one mkdir per folder (a national build writes hundreds of
    thousands of files, and a mkdir is a system call whose cost grows with the file system's size)."""
    (tmp_path / "sink").mkdir()
    made = []
    real = Path.mkdir

    def mkdir(self, *a, **k):
        made.append(self)
        return real(self, *a, **k)
    monkeypatch.setattr(Path, "mkdir", mkdir)
    b = SiteBuilder(CORPUS, as_of=AS_OF, progress=False, sink=tmp_path / "sink")
    b.put("a/b/one.html", "1")
    b.put("a/c/three.html", "3")
    b.put("top.html", "4")
    assert made                              # the first file of a folder makes it
    made.clear()
    b.put("a/b/two.html", "2")
    b.put("a/c/four.html", "4")
    b.put("top2.html", "5")
    b.put("a/b/one.html", "again")           # written over, as a page made twice is
    assert made == []                        # no mkdir for a folder already made
    b.put("a/d/five.html", "6")
    assert [p.relative_to(tmp_path / "sink").as_posix() for p in made] == ["a/d"]
    assert (tmp_path / "sink/a/b/one.html").read_text() == "again"
    assert sorted(p.relative_to(tmp_path / "sink").as_posix() for p in (tmp_path / "sink").rglob("*.html")) == \
        ["a/b/one.html", "a/b/two.html", "a/c/four.html", "a/c/three.html", "a/d/five.html", "top.html", "top2.html"]


def test_a_kept_page_outside_the_site_is_never_linked_from_a_hand_edited_manifest(tmp_path):
    """The previous build's manifest names the files a work may keep; a name that leaves the site (``..``, an
    absolute path, an empty part) makes the work be built again, and nothing is written outside the build."""
    from amend.render.incremental import reuse
    prev, sink = tmp_path / "prev", tmp_path / "deep" / "sink"
    (prev / "a").mkdir(parents=True)
    sink.mkdir(parents=True)
    (prev / "a" / "ok.html").write_text("ok")
    (tmp_path / "escape.txt").write_text("not the site's")
    for bad in ("../escape.txt", "a/../../escape.txt", str(tmp_path / "escape.txt"), "a//ok.html", "./a/ok.html"):
        assert reuse(prev, sink, ["a/ok.html", bad], set()) is False
    assert sorted(p.name for p in (tmp_path / "deep").rglob("*")) == ["sink"]
    made: set = set()
    assert reuse(prev, sink, ["a/ok.html"], made) is True
    assert (sink / "a" / "ok.html").read_text() == "ok" and made == {"a"}
