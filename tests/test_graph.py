"""Link: the relations graph of the corpus and of the oracle family."""
from __future__ import annotations

import json
import shutil

import networkx as nx
import pytest
from lxml import etree

from amend.corpus import Family, add_text, load_corpus
from amend.errors import GraphError
from amend.graph import (
    STATUS_ENDED,
    STATUS_IN_FORCE,
    STATUS_NOT_YET,
    STATUS_PARTLY_ENDED,
    STATUS_SUSPENDED,
    LegalGraph,
    build_graph,
)

from .conftest import CORPUS, ORACLE, need

NQ08 = "/akn/vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd"
NQ20 = "/akn/vn-haiduong/act/nghi-quyet/2019-12-12/20-2019-nq-hdnd"
DE_AN = "/akn/vn-haiduong/act/de-an/2020-11-02/xay-dung-chinh-quyen-dien-tu-va-do-thi-thong-minh"
QD24 = "/akn/vn-haiduong/act/quyet-dinh/2024/dieu-chinh-de-an-cqdt-dtm"


@pytest.fixture(scope="module")
def seed():
    fam = Family(load_corpus(CORPUS))
    return fam, build_graph(fam)


def test_bases_of_08_2020(seed):
    _, lg = seed
    bases = lg.bases(NQ08)
    uris = [b["uri"] for b in bases]
    assert len(uris) == 8 and NQ20 in uris
    assert "/akn/vn/act/luat/2015-06-19/luat-to-chuc-chinh-quyen-dia-phuong" in uris
    assert "/akn/vn/act/luat/2019-11-22/luat-sua-doi-bo-sung-mot-so-dieu-cua-luat-to-chuc-chinh-phu" in uris
    assert not any(b["unresolved"] for b in bases)
    edges = [d for _, v, d in lg.g.out_edges(NQ08, data=True) if v == NQ20]
    assert sorted({d["kind"] for d in edges}) == ["amends", "based_on"]
    # one amends edge per operation: the new Điều 1 and the two annexes it brings ("phụ lục 01, 02 kèm theo")
    assert sorted(d["target"] for d in edges if d["kind"] == "amends") == ["art_1", "att_1", "att_2"]


def test_amendments_and_dates(seed):
    _, lg = seed
    am = lg.amendments(NQ20)
    # the new Điều 1 and the two annexes it cites as "kèm theo", all by Điều 1 of 08/2020
    assert [(a["by"], a["kind"], a["date"], a["provision"]) for a in am] == [(NQ08, "amends", "2020-11-12", "art_1")] * 3
    de_an = lg.amendments(DE_AN)
    assert {a["by"] for a in de_an} == {QD24} and all(a["date"] == "2024-05-08" for a in de_an)
    assert (DE_AN, NQ08) in {(u, v) for u, v, k in lg.g.edges(data="kind") if k == "approved_by"}


def test_status_on_dates(seed):
    _, lg = seed
    assert lg.status(NQ08, "2020-11-11") == STATUS_NOT_YET
    assert lg.status(NQ08, "2020-11-12") == STATUS_IN_FORCE
    assert lg.status(NQ20, "2019-12-21") == STATUS_NOT_YET


def test_authority_passes_for_08_and_flags_ubnd_amending_hdnd(seed):
    _, lg = seed
    rules = {(f.rule, f.source, f.target) for f in lg.authority()}
    assert not any(r[0] == "only-issuer-amends" for r in rules)
    assert ("basis-without-rank", NQ08, "/akn/vn-haiduong/act/thong-bao/2019-12-06/1527-tb-tu") in rules
    bad = LegalGraph(lg.g.copy())
    bad.add_edge(QD24, NQ08, "amends", date="2024-05-08", provision="line_22", op="test")
    flagged = [f for f in bad.authority() if f.rule == "only-issuer-amends"]
    assert [(f.source, f.target) for f in flagged] == [(QD24, NQ08)]
    assert "chỉ cơ quan đã ban hành văn bản mới được sửa đổi, bổ sung" in flagged[0].message


def test_impact_and_cycles(seed):
    _, lg = seed
    assert lg.impact(NQ20) == {NQ08, DE_AN, QD24}
    assert lg.cycles() == []
    c = LegalGraph(lg.g.copy())
    c.add_edge(NQ20, NQ08, "based_on", date="2019-12-12")
    assert c.cycles() == [sorted([NQ08, NQ20])]


def test_successor_is_data_and_status_is_not_assumed(seed):
    _, lg = seed
    assert lg.successor(NQ08, "2025-06-30") is None
    assert lg.successor(NQ08, "2025-07-01") == "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"
    assert lg.status(NQ08, "2025-07-02") == STATUS_IN_FORCE   # the corpus says nothing ended it
    assert lg.successor("/akn/vn/act/luat/2019-06-13/luat-dau-tu-cong", "2026-01-01") is None


def test_exports_are_deterministic_and_complete(seed, tmp_path):
    fam, lg = seed
    js = lg.to_json()
    assert js == build_graph(fam).to_json()
    data = json.loads(js)
    assert len(data["nodes"]) == lg.g.number_of_nodes() and len(data["links"]) == lg.g.number_of_edges()
    # streamed a line at a time, and yet what networkx itself would write
    ref = nx.node_link_data(lg.g, edges="links")
    canon = lambda items: sorted(json.dumps(x, sort_keys=True, ensure_ascii=False) for x in items)
    assert canon(data["nodes"]) == canon(ref["nodes"]) and canon(data["links"]) == canon(ref["links"])
    assert (data["directed"], data["multigraph"], data["graph"]) == (True, True, ref["graph"])
    (tmp_path / "g.graphml").write_bytes(lg.to_graphml())
    assert lg.to_graphml() == build_graph(fam).to_graphml()
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert back.number_of_edges() == lg.g.number_of_edges() and set(back) == set(lg.g)
    from amend.graph import _scalar
    for n in lg.g:
        assert back.nodes[n] == {k: _scalar(v) for k, v in lg.g.nodes[n].items()}, n
    assert sorted((u, v, d["kind"]) for u, v, d in back.edges(data=True)) == \
        sorted((u, v, d["kind"]) for u, v, d in lg.g.edges(data=True))
    svg = lg.to_svg(NQ08, radius=2)
    root = etree.fromstring(svg.encode())
    texts = "".join(root.itertext())
    assert "Nghị quyết 08/2020/NQ-HĐND" in texts and "căn cứ" in texts and "sửa đổi, bổ sung" in texts


def test_unknown_work_is_a_clear_error(seed):
    _, lg = seed
    with pytest.raises(GraphError) as err:
        lg.bases("/akn/vn/act/luat/2099-01-01/khong-co")
    assert "no such work" in str(err.value)


# --- the oracle family, built through a corpus like any other -----------------------------
@pytest.fixture(scope="module")
def oracle(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    for f in ("tt-39-2016-tt-nhnn.txt", "tt-06-2023-tt-nhnn.txt", "tt-10-2023-tt-nhnn.txt",
              "tt-12-2024-tt-nhnn.txt"):
        add_text(root, need(ORACLE / f))
    fam = Family(load_corpus(root))
    return fam, build_graph(fam)


TT39 = "/akn/vn/act/thong-tu/2016-12-30/39-2016-tt-nhnn"
TT06 = "/akn/vn/act/thong-tu/2023-06-28/06-2023-tt-nhnn"
TT10 = "/akn/vn/act/thong-tu/2023-08-23/10-2023-tt-nhnn"
TT12 = "/akn/vn/act/thong-tu/2024-06-28/12-2024-tt-nhnn"


def test_oracle_edges(oracle):
    _, lg = oracle
    kinds = {(u, v, d["kind"], d["date"]) for u, v, d in lg.g.edges(data=True)
             if d["kind"] in ("amends", "suspends")}
    assert (TT06, TT39, "amends", "2023-09-01") in kinds
    assert (TT10, TT39, "suspends", "2023-09-01") in kinds
    assert (TT12, TT39, "amends", "2024-07-01") in kinds
    assert (TT12, TT06, "amends", "2024-07-01") in kinds       # it repeals two provisions of 06/2023
    revoked = [d["target"] for u, v, d in lg.g.edges(data=True) if (u, v) == (TT12, TT06) and d["kind"] == "amends"]
    assert sorted(revoked) == ["art_1__para_8", "art_1__para_9__point_b"]
    assert lg.status(TT39, "2023-09-02") == STATUS_SUSPENDED
    assert lg.status(TT06, "2024-07-02") == STATUS_PARTLY_ENDED
    ended = "/akn/vn/act/quyet-dinh/2001-12-31/1627-2001-qd-nhnn"
    assert lg.status(ended, "2017-03-15") == STATUS_ENDED and lg.g.nodes[ended]["unresolved"]
    assert not [f for f in lg.authority() if f.rule in ("only-issuer-amends", "higher-authority-only")]
    # a law cited without a number and absent from the catalogue stays unresolved, never guessed
    bases = {b["label"]: b for b in lg.bases(TT39)}
    law = bases["Luật Ngân hàng Nhà nước Việt Nam"]
    assert law["unresolved"] and law["uri"] == "/akn/vn/act/luat/2010-06-16/luat-ngan-hang-nha-nuoc-viet-nam"


def test_oracle_provision_status(oracle):
    fam, _ = oracle
    cons = fam.consolidate(TT39)
    for k in (8, 9, 10):
        assert cons.provision_status(f"art_8__para_{k}", "2023-09-02") == "suspended"
    assert cons.provision_status("art_8__para_7", "2023-09-02") == "in force"
    assert cons.provision_status("art_29", "2024-07-02") == "repealed"
    assert cons.provision_status("art_8__para_9", "2023-08-31") == "absent"


def test_cli_graph(capsys):
    from amend.cli import main
    assert main(["graph", "bases", "08/2020/NQ-HĐND", "--at", "2020-11-12", "--json", "--corpus", str(CORPUS)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 8
    assert main(["graph", "status", "bases", "--corpus", str(CORPUS)]) == 2
    assert "no such work" in capsys.readouterr().err


def test_malformed_succession_data_is_reported(tmp_path):
    shutil.copytree(CORPUS, tmp_path / "c")
    (tmp_path / "c" / "succession.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(GraphError) as err:
        build_graph(Family(load_corpus(tmp_path / "c")))
    assert "succession.json" in str(err.value) and "line 1" in str(err.value)


def test_guides_and_consolidates_from_titles(tmp_path):
    from amend.corpus import add_metadata_work
    root = tmp_path / "c"
    add_text(root, need(ORACLE / "tt-39-2016-tt-nhnn.txt"))
    add_metadata_work(root, subtype="van-ban-hop-nhat", number="21/VBHN-NHNN", date="2024-07-16",
                      title="Thông tư quy định về hoạt động cho vay (hợp nhất Thông tư số 39/2016/TT-NHNN)",
                      issuer="NGÂN HÀNG NHÀ NƯỚC VIỆT NAM")
    add_metadata_work(root, subtype="cong-van", number="99/NHNN-CSTT", date="2017-05-02",
                      title="Công văn hướng dẫn thực hiện Thông tư số 39/2016/TT-NHNN",
                      issuer="NGÂN HÀNG NHÀ NƯỚC VIỆT NAM")
    lg = build_graph(Family(load_corpus(root)))
    kinds = sorted(k for _, v, k in lg.g.edges(data="kind") if v == TT39)
    assert kinds == ["consolidates", "guides"]


def test_dangling_references_are_reported(seed):
    _, lg = seed
    g = LegalGraph(lg.g.copy())
    g.add_edge(QD24, DE_AN, "amends", date="2024-05-08", provision="line_1", op="x", target="para_99",
               missing_target=True)
    g.add_edge(NQ08, "/akn/vn/act/luat/2020-06-17/khong-co", "cites", date="2020-11-02")
    found = {(f.rule, f.target) for f in g.dangling()}
    assert ("unknown-provision", DE_AN) in found and ("unknown-work", "/akn/vn/act/luat/2020-06-17/khong-co") in found


def test_cli_graph_exports(tmp_path):
    from amend.cli import main
    for fmt in ("json", "graphml", "svg"):
        out = tmp_path / f"g.{fmt}"
        assert main(["graph", "export", "08/2020/NQ-HĐND", "--format", fmt, "-o", str(out),
                     "--corpus", str(CORPUS)]) == 0
        assert out.stat().st_size > 500
    assert json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))["directed"] is True
    assert main(["graph", "impact", "20/2019/NQ-HĐND", "--corpus", str(CORPUS)]) == 0
    assert main(["graph", "in-force", "--at", "2021-01-01", "--corpus", str(CORPUS)]) == 0


def test_a_provision_an_earlier_amendment_inserted_is_not_reported_unknown(tmp_path):
    """12/2024 repeals and amends units that 06/2023 inserted into 39/2016 (khoản 5 Điều 26, Điều 32đ …):
    they are not in the enacted text, and yet they exist; no finding may call them unknown."""
    from amend.corpus import Family, add_text, load_corpus
    from amend.graph import build_graph

    from .conftest import ORACLE, need
    for f in ("tt-39-2016-tt-nhnn.txt", "tt-06-2023-tt-nhnn.txt", "tt-10-2023-tt-nhnn.txt", "tt-12-2024-tt-nhnn.txt"):
        add_text(tmp_path, need(ORACLE / f))
    lg = build_graph(Family(load_corpus(tmp_path)))
    assert [f.message for f in lg.dangling() if f.rule == "unknown-provision"] == []
    assert any(d.get("target") == "art_26__para_5" for _u, _v, d in lg.g.edges(data=True))
