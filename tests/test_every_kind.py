"""Every operation kind can be applied, and every kind that is read from a sentence can be explained.

``apply`` is run on a copy of a text that holds the target; ``explain`` reads
the Vietnamese sentence as a dry run.  ``expire`` is the one kind made by
replay rather than read (the end of a time-limited change), so it is applied
after the change it ends.
"""
from __future__ import annotations

import copy

import pytest

from amend.cli import main
from amend.corpus import load_corpus
from amend.ops import KINDS, Expire, Index, ReplaceUnit, Source
from amend.parse import parse_text
from amend.read import Resolver, explain, work_info

from .conftest import CORPUS
from .test_instruction_forms import HERE, wrap

BASE = HERE / "_base.txt"
EARLIER = wrap("Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 10/2020/TT-BTP\n"
               "1. Bổ sung khoản 5 vào Điều 9 như sau:\n“5. Khoản năm.”.\n",
               "02/2022/TT-BTP", ("20", "05", "2022"), "01 tháng 7 năm 2022")
SOURCE = (CORPUS / "vn-haiduong/act/quyet-dinh/2024/dieu-chinh-de-an-cqdt-dtm/source.txt").read_text(encoding="utf-8")
PLAN = "Đề án"

SENTENCES = {
    "replace": ("base", "Sửa đổi khoản 1 Điều 2 như sau:\n“1. Khoản một mới.”."),
    "replace-heading": ("base", "Sửa đổi tên Điều 3 như sau:\n“Điều 3. Tên mới”."),
    "insert": ("base", "Bổ sung khoản 5 vào Điều 4 như sau:\n“5. Khoản năm.”."),
    "replace-passage": ("base", "Sửa đổi đoạn mở đầu khoản 2 Điều 5 như sau:\n“2. Hồ sơ gồm các giấy tờ sau:”."),
    "repeal": ("base", "Bãi bỏ khoản 3 Điều 7."),
    "suspend": ("base", "Ngưng hiệu lực thi hành khoản 3 Điều 8 từ ngày 01 tháng 6 năm 2025."),
    "replace-words": ("base", "Thay thế cụm từ “Sở Tư pháp” bằng cụm từ “Sở Nội vụ” tại khoản 1 Điều 3."),
    "delete-words": ("base", "Bỏ cụm từ “do Sở Tư pháp cấp” tại điểm a khoản 2 Điều 6."),
    "insert-words": ("base", "Bổ sung cụm từ “chậm nhất” vào trước cụm từ “trong thời hạn” tại khoản 3 Điều 2."),
    "correct": ("base", "Đính chính cụm từ “Sở Tư pháp” thành “Sở Tài chính” tại khoản 1 Điều 4."),
    "revoke": ("base", "Bãi bỏ khoản 1 Điều 1 Thông tư số 02/2022/TT-BTP."),
    "replace-work": ("base", "Thông tư này thay thế Thông tư số 22/2018/TT-BTP ngày 10 tháng 12 năm 2018."),
    "repeal-work": ("base", "Bãi bỏ Thông tư số 08/2017/TT-BTP ngày 05 tháng 6 năm 2017."),
    "remove-rows": (PLAN, next(ln for ln in SOURCE.splitlines() if ln.startswith("Điều chỉnh giảm 3 nhiệm vụ"))),
    "change-value": (PLAN, next(ln for ln in SOURCE.splitlines() if "3.800" in ln and "2.030" in ln
                                and "điều chỉnh" in ln.lower())),
    "move": (PLAN, next(ln for ln in SOURCE.splitlines() if ln.startswith("Theo đó, điều chỉnh mục tiêu"))),
}
MADE_BY_REPLAY = {"expire"}


def _trees():
    base = parse_text(BASE.read_text(encoding="utf-8"), "_base.txt").tree
    earlier = parse_text(EARLIER, "earlier").tree
    plan = load_corpus(CORPUS).tree("/akn/vn-haiduong/act/de-an/2020-11-02/xay-dung-chinh-quyen-dien-tu-va-do-thi-thong-minh")
    return base, earlier, plan


def test_the_catalogue_of_kinds_is_complete():
    assert set(SENTENCES) | MADE_BY_REPLAY == set(KINDS)


@pytest.mark.parametrize("kind", sorted(SENTENCES))
def test_each_kind_is_explained_and_applied(kind):
    base, earlier, plan = _trees()
    which, sentence = SENTENCES[kind]
    against = plan if which == PLAN else base
    res = Resolver([work_info(base), work_info(earlier)])
    reading = explain(sentence, against, res)
    ops = [o for o in reading.operations if o.kind == kind]
    assert ops, (kind, [(o.kind, o.status, o.note) for o in reading.operations], [str(u) for u in reading.unread])
    for o in ops:
        on = earlier if o.work == work_info(earlier).uri else against
        index = Index(copy.deepcopy(on.getroot()))
        if o.status == "ready":
            o.apply(index)


def test_expire_puts_back_what_the_change_replaced():
    base, _, _ = _trees()
    index = Index(copy.deepcopy(base.getroot()))
    src = Source(work="w", provision="art_1")
    content = '<paragraph xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" eId="art_2__para_1"><num>1.</num><content><p>Tạm thời.</p></content></paragraph>'
    op = ReplaceUnit(id="w#1", source=src, work="w", target="art_2__para_1", effective="2025-01-01", content=content)
    index.save(op.id, op.target)
    op.apply(index)
    Expire(id="w#1~end", source=src, work="w", target="art_2__para_1", effective="2026-01-01", of="w#1").apply(index)
    assert "lập hồ sơ" in "".join(index.get("art_2__para_1").itertext())


@pytest.mark.parametrize("kind,says", [("revoke", "another document, not the one explained against"),
                                       ("replace-work", "the whole document's status changes"), ("move", "move")])
def test_cli_explain_of_each_kind_exits_cleanly(tmp_path, capsys, kind, says):
    which, sentence = SENTENCES[kind]
    if which == PLAN:
        against = "/akn/vn-haiduong/act/de-an/2020-11-02/xay-dung-chinh-quyen-dien-tu-va-do-thi-thong-minh"
        args = ["explain", sentence, "--against", against, "--corpus", str(CORPUS)]
    else:
        f = tmp_path / "base.txt"
        f.write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
        args = ["explain", sentence, "--against", str(f), "--corpus", str(tmp_path / "none")]
    assert main(args) == 0, capsys.readouterr()
    assert says in capsys.readouterr().out
