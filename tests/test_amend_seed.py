"""Acceptance 2 of the amend issue: the seed family (20/2019, 08/2020, the Đề án and its 2024 adjustment)."""
from __future__ import annotations

import pytest

from amend.akn import eid_index, q, text_of
from amend.corpus import Family, load_corpus
from amend.render.notes import footnotes_for
from amend.render.text import render_text

from .conftest import CORPUS, assert_valid

DE_AN = "/akn/vn-haiduong/act/de-an/2020-11-02/xay-dung-chinh-quyen-dien-tu-va-do-thi-thong-minh"
QD_2024 = "/akn/vn-haiduong/act/quyet-dinh/2024/dieu-chinh-de-an-cqdt-dtm"


@pytest.fixture(scope="module")
def family():
    return Family(load_corpus(CORPUS))


def test_nq20_as_of_12_11_2020(family):
    cons = family.consolidate("20/2019/NQ-HĐND")
    v = cons.at("2020-11-12")
    assert v.start == "2020-11-12"
    text = render_text(v.root, footnotes=footnotes_for(v, cons))
    # the other content is declared unavailable, nothing is invented
    assert text.startswith("Các nội dung khác của văn bản này không có trong kho dữ liệu")
    assert "Điều 1.[1]" in text
    assert "6. Tổng mức đầu tư: 3.800 tỷ đồng (Ba nghìn, tám trăm tỷ đồng)" in text
    assert "[1] Điều này được sửa đổi theo quy định tại Điều 1 của Nghị quyết số 08/2020/NQ-HĐND" in text
    assert "có hiệu lực kể từ ngày 12/11/2020." in text
    # before 08/2020 took effect there is no text at all
    assert "Điều 1" not in render_text(cons.at("2020-11-11").root)
    assert_valid(v.root, "20/2019 @2020-11-12")


@pytest.fixture(scope="module")
def de_an(family):
    return family.consolidate(DE_AN)


def test_de_an_initial_content_is_what_08_2020_approved(de_an):
    v0 = de_an.versions[0]
    idx = eid_index(v0.root)
    assert text_of(idx["para_6"]).startswith("6. Tổng mức đầu tư: 3.800 tỷ đồng")
    assert {"att_1__table_1__tr_4", "att_2__table_1__tr_4", "att_2__table_1__tr_tong-cong-1-2"} <= set(idx)


def test_adjustment_operations(family):
    r = family.by_source[QD_2024]
    kinds = [o.kind for o in r.operations]
    assert kinds.count("move") == 2 and kinds.count("remove-rows") == 1 and kinds.count("change-value") == 2
    rm = next(o for o in r.operations if o.kind == "remove-rows")
    assert rm.count == 3 and len(rm.labels) == 3
    assert sorted(rm.rows) == [f"att_{a}__table_1__tr_{n}" for a in (1, 2) for n in (4, 5, 6)]
    cv = [o for o in r.operations if o.kind == "change-value"]
    assert {(o.old, o.new, o.difference) for o in cv} == {("3.800", "2.030", "1.770")}
    moves = {o.label: o for o in r.operations if o.kind == "move"}
    soc = moves["Xây dựng Trung tâm Giám sát điều hành an ninh không gian mạng"]
    assert soc.target.endswith("subpara_5-2-1__indent_5") and "an toàn thông tin mạng" in soc.matched
    assert 80 <= soc.score <= 100
    ioc = moves["Xây dựng Trung tâm Giám sát, điều hành thông minh tỉnh Hải Dương"]
    assert ioc.target.endswith("subpara_5-2-1__indent_6") and ioc.destination.endswith("subpara_5-2-2")
    # every operation is dated by the upper bound the source gives, and says so
    assert all(o.effective == "2024-05-08" and "trước hoặc trong ngày 08/5/2024" in o.note for o in r.operations)


def test_adjusted_de_an(de_an):
    v = de_an.versions[-1]
    assert v.start == "2024-05-08" and "08/5/2024" in v.approximate
    idx = eid_index(v.root)
    assert text_of(idx["para_6"]).startswith("6. Tổng mức đầu tư: 2.030 tỷ đồng")
    assert not any(f"att_{a}__table_1__tr_{n}" in idx for a in (1, 2) for n in (4, 5, 6))
    l2022 = text_of(idx["para_5__subpara_5-2__subpara_5-2-1"])
    l2025 = text_of(idx["para_5__subpara_5-2__subpara_5-2-2"])
    assert "an toàn thông tin mạng" not in l2022 and "an toàn thông tin mạng" in l2025
    assert "đô thị thông minh phục vụ công tác chỉ đạo" in l2025
    total = idx["att_2__table_1__tr_tong-cong-1-2"]
    assert total.find(f".//{q('quantity')}[last()]") is not None
    assert_valid(v.root, "Đề án @2024-05-08")


def test_unknowns_are_reported_as_data_and_output(de_an):
    v = de_an.versions[-1]
    kinds = {g.kind for g in v.gaps}
    assert {"unstated-amounts", "stale-figure", "unbalanced-table"} <= kinds
    unbalanced = [g for g in v.gaps if g.kind == "unbalanced-table" and g.amount]
    assert [g.amount for g in unbalanced] == ["1.370"]     # 3.800 − 400 removed − 2.030
    amounts = next(g for g in v.gaps if g.kind == "unstated-amounts" and "y tế" in " ".join(g.items))
    assert "att_2__table_1__tr_7 (100.0)" in amounts.items
    xml = v.root
    gaps = xml.findall(".//{http://amend.invalid/ns/1.0}gap")
    assert len(gaps) == len(v.gaps)


def test_cli_consolidate_text_reports_unknowns(capsys):
    from amend.cli import main
    # the report's sentences that state an adjustment without its text are not applied: exit 4, listed first
    assert main(["consolidate", DE_AN, "--format", "text", "--corpus", str(CORPUS)]) == 4
    out = capsys.readouterr().out
    assert out.startswith("Chưa áp dụng 5 chỉ dẫn sửa đổi")
    assert "Giữ nguyên cơ cấu nguồn vốn" in out.split("\n\n")[0]     # listed, not passed over
    assert "Điều chỉnh nhiệm vụ của các ngành theo hướng sử dụng công nghệ nền tảng dùng chung" in out
    assert "Không được nêu trong nguồn:" in out and "1.370" in out
    assert "| TỔNG CỘNG (1 + 2) | 300 | 1875 | 1625 | 2.030" in out
    assert main(["consolidate", DE_AN, "--format", "text", "--allow-pending", "--corpus", str(CORPUS)]) == 0
