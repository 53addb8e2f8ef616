"""Scale: the site built on a process pool and on a Dask cluster is the serial site, byte for byte; the
corpus's trees are read as needed, a bounded number kept; the snapshot shipped to workers pickles."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from amend.cli import main
from amend.corpus import Family, load_corpus
from amend.errors import BuildEngineError
from amend.render.site import SiteBuilder, build_site

from .conftest import CORPUS

AS_OF = "2026-11-22"


def _files(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


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
