"""Nothing silent: an instruction not applied shows in every output a reader opens.

Text and DOCX open with "Chưa áp dụng N chỉ dẫn sửa đổi", the XML records
each in ``amend:unapplied``, JSON lists them, the HTML version page has a
banner, ``amend consolidate`` exits 4 unless ``--allow-pending``, and
``amend ops --report`` accounts for every block of the amending document.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from amend.akn import NS
from amend.cli import main
from amend.parse import parse_text
from amend.render import export_version, render_text
from amend.versions import consolidate_trees

from .test_instruction_forms import HERE, wrap

BODY = """Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 10/2020/TT-BTP
1. Sửa đổi khoản 1 Điều 2 như sau:
“1. Khoản một mới.”.
2. Sửa đổi khoản 3 Điều 2 theo hướng rút ngắn thời hạn giải quyết.
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("silent")
    (d / "base.txt").write_text((HERE / "_base.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (d / "amending.txt").write_text(wrap(BODY), encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def version(files):
    base = parse_text((files / "base.txt").read_text(encoding="utf-8")).tree
    amending = parse_text((files / "amending.txt").read_text(encoding="utf-8")).tree
    cons = consolidate_trees(base, [amending])
    return cons, cons.versions[-1]


def test_the_version_lists_what_was_not_applied(version):
    cons, v = version
    assert len(v.unapplied) == 1
    u = v.unapplied[0]
    assert u.provision == "khoản 2 Điều 1" and "rút ngắn thời hạn" in u.sentence and u.document.endswith("05/2025/TT-BTP")
    # the readable instruction is applied all the same
    assert any(o.target == "art_2__para_1" for o in v.applied)


def test_text_and_xml_and_json_say_so(version):
    cons, v = version
    text = render_text(v.root)
    assert text.startswith("Chưa áp dụng 1 chỉ dẫn sửa đổi") and "khoản 2 Điều 1" in text.split("\n\n")[0]
    recorded = v.root.findall(".//amend:unapplied", NS)
    assert len(recorded) == 1 and recorded[0].get("provision") == "khoản 2 Điều 1"
    import json
    assert json.loads(export_version("json", v, cons))["unapplied"][0]["provision"] == "khoản 2 Điều 1"


def test_docx_opens_with_the_notice(version):
    import docx
    cons, v = version
    d = docx.Document(io.BytesIO(export_version("docx", v, cons)))
    texts = [p.text for p in d.paragraphs]
    i = next(i for i, t in enumerate(texts) if t.startswith("Chưa áp dụng 1 chỉ dẫn sửa đổi"))
    assert "rút ngắn thời hạn" in texts[i + 1]
    assert i < next(i for i, t in enumerate(texts) if t.startswith("Điều 1"))


def test_consolidate_exits_4_unless_allowed(files, capsys):
    args = ["consolidate", str(files / "base.txt"), str(files / "amending.txt"), "--format", "text"]
    assert main(args) == 4
    out, err = capsys.readouterr()
    assert out.startswith("Chưa áp dụng 1") and "Chưa áp dụng 1" in err
    assert main(args + ["--allow-pending"]) == 0


def test_ops_report_accounts_for_every_block(files, capsys):
    assert main(["ops", str(files / "amending.txt"), "--against", str(files / "base.txt"), "--report"]) == 0
    out = capsys.readouterr().out
    assert "khoản 1 Điều 1" in out and "đã đọc thành thao tác" in out
    assert "khoản 2 Điều 1" in out and "cần kiểm tra" in out
    assert "Hiệu lực thi hành" in out and "không phải chỉ dẫn sửa đổi" in out
    assert out.rstrip().splitlines()[-1].startswith("1 thao tác, 1 cần kiểm tra")


def test_two_documents_changing_one_unit_on_one_day_conflict(files):
    from amend.errors import ConflictError
    other = wrap(BODY.replace("khoản 1 Điều 2 như sau:\n“1. Khoản một mới.”.", "khoản 1 Điều 2 như sau:\n“1. Khoản một khác.”."),
                 number="06/2025/TT-BTP")
    base = parse_text((files / "base.txt").read_text(encoding="utf-8")).tree
    a = parse_text((files / "amending.txt").read_text(encoding="utf-8")).tree
    b = parse_text(other).tree
    with pytest.raises(ConflictError) as e:
        consolidate_trees(base, [a, b])
    msg = str(e.value)
    assert "05/2025/TT-BTP and 06/2025/TT-BTP" in msg and "art_2__para_1" in msg and "2025-03-01" in msg


def test_a_regulation_attached_to_a_decision_is_amended_and_printed(tmp_path):
    """The regulation a decision issues ("QUY ĐỊNH … (Ban hành kèm theo …)") keeps its articles, and an
    amendment of "Điều 2 của Quy định ban hành kèm theo Quyết định số …" changes them, not the decision's."""
    base = parse_text((HERE / "_base_attached.txt").read_text(encoding="utf-8")).tree
    amending = parse_text((HERE / "attached-regulation.txt").read_text(encoding="utf-8").split("=== expect")[0]
                          .split("\n", 2)[2]).tree
    v = consolidate_trees(base, [amending]).versions[-1]
    text = render_text(v.root)
    assert "2. Thương nhân, hộ kinh doanh tại chợ." in text and "Điều 2a. Giải thích từ ngữ" in text
    assert "Điều 1. Ban hành kèm theo Quyết định này Quy định quản lý chợ" in text   # the decision's own Điều 1


def test_a_change_to_text_the_corpus_lacks_is_listed_not_guessed():
    """20/2019 is in the corpus by its metadata and the Điều 1 that 08/2020 replaced; a repeal of another
    of its provisions cannot be shown, and says so."""
    from amend.corpus import load_corpus
    corpus = load_corpus(Path(__file__).parent.parent / "corpus")
    base = corpus.tree("20/2019/NQ-HĐND")
    amending = parse_text("""HỘI ĐỒNG NHÂN DÂN TỈNH HẢI DƯƠNG
Số: 30/2021/NQ-HĐND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hải Dương, ngày 10 tháng 12 năm 2021
NGHỊ QUYẾT
Sửa đổi Nghị quyết số 20/2019/NQ-HĐND
HỘI ĐỒNG NHÂN DÂN TỈNH HẢI DƯƠNG
QUYẾT NGHỊ:
Điều 1. Bãi bỏ khoản 2 Điều 3 Nghị quyết số 20/2019/NQ-HĐND.
Điều 2. Nghị quyết này có hiệu lực từ ngày 20 tháng 12 năm 2021.
CHỦ TỊCH
Nguyễn Văn C
""").tree
    v = consolidate_trees(base, [amending]).versions[-1]
    assert [u.provision for u in v.unapplied] == ["Điều 1"]
    assert "không có trong kho dữ liệu" in v.unapplied[0].why
    assert render_text(v.root).startswith("Chưa áp dụng 1 chỉ dẫn sửa đổi")


def test_a_provision_only_the_attached_regulation_has_is_found_there():
    """"Sửa đổi khoản 1 Điều 2" of a decision whose own Điều 2 has no khoản 1, while its attached regulation's
    does: the regulation's is meant."""
    base = parse_text((HERE / "_base_attached.txt").read_text(encoding="utf-8")).tree
    amending = parse_text("""ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG
Số: 23/2023/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hải Dương, ngày 05 tháng 6 năm 2023
QUYẾT ĐỊNH
Sửa đổi Quyết định số 15/2020/QĐ-UBND
QUYẾT ĐỊNH:
Điều 1. Sửa đổi, bổ sung một số điều của Quyết định số 15/2020/QĐ-UBND ngày 10 tháng 6 năm 2020 của Ủy ban nhân dân tỉnh ban hành Quy định quản lý chợ trên địa bàn tỉnh Hải Dương
1. Sửa đổi khoản 1 Điều 2 như sau:
“1. Ban quản lý chợ và tổ quản lý chợ.”.
Điều 2. Quyết định này có hiệu lực kể từ ngày 15 tháng 6 năm 2023.
CHỦ TỊCH
Nguyễn Văn B
""").tree
    v = consolidate_trees(base, [amending]).versions[-1]
    assert [o.target for o in v.applied] == ["att_1__art_2__para_1"]
    assert "Ban quản lý chợ và tổ quản lý chợ." in render_text(v.root)
