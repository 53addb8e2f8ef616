"""What reading produces: the works involved, the reading of a document, labels.

:class:`Reading` is the stage's output: the operations read, the sentences
left unread (each with its reason), and a :class:`Finding` for every block of
every amending provision, so that a clerk can review what was made of each
("amend ops FILE --report").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..akn import NS, main_doc, q, text_of
from ..errors import Diagnostic
from ..ops import Operation
from ..parse.report import PressReport

APPROXIMATE = "ngày có hiệu lực không được nêu"   # the note of an operation dated by an upper bound


@dataclass
class WorkInfo:
    uri: str
    number: str | None
    signed: str | None
    in_force: str | None
    type_name: str = ""
    title: str = ""
    signed_before: str | None = None     # an upper bound when the signing date is not known
    status: str = "complete"
    in_force_rule: str | None = None     # where in_force comes from (see amend.in_force)
    report: object | None = None         # the PressReport its content is known from, when not its own text

    def in_force_explained(self) -> str | None:
        """The sentence a reader needs when the in-force date is derived, not read from a source."""
        from ..in_force import explain
        return explain(self.in_force_rule, self.in_force, self.signed)


class Resolver:
    """Document numbers → works, from the corpus or the files at hand."""

    def __init__(self, works: list[WorkInfo] | None = None):
        self.by_number: dict[str, WorkInfo] = {}
        self.by_uri: dict[str, WorkInfo] = {}
        for w in works or []:
            self.add(w)

    def add(self, w: WorkInfo) -> None:
        self.by_uri[w.uri] = w
        if w.number:
            self.by_number[w.number.lower()] = w

    def uri(self, number: str) -> str | None:
        w = self.by_number.get(number.replace(" ", "").lower())
        return w.uri if w else None

    def find(self, subtype: str | None, title: str, date: str | None) -> str | None:
        """A work named without a number, by its type, title and signing date."""
        from ..text import fold
        want = fold(title or "").lower()
        for w in self.by_uri.values():
            if date and w.signed == date and want and want.split(" ", 1)[-1] in fold(w.title or "").lower():
                if subtype is None or f"/{subtype}/" in w.uri:
                    return w.uri
        return None


def work_info(tree) -> WorkInfo:
    """The identity and dates of a parsed document."""
    doc = main_doc(tree.getroot() if hasattr(tree, "getroot") else tree)
    meta = doc.find(q("meta"))
    uri = meta.find(f"{q('identification')}/{q('FRBRWork')}/{q('FRBRuri')}").get("value")
    prop = meta.find(q("proprietary"))
    work = prop.find("amend:work", NS) if prop is not None else None
    dates = prop.find("amend:dates", NS) if prop is not None else None
    name = meta.find(f"{q('identification')}/{q('FRBRWork')}/{q('FRBRname')}")
    number = work.get("number") if work is not None else None
    signed = dates.get("signed") if dates is not None else None
    in_force = dates.get("inForce") if dates is not None else None
    from ..ids import SUBTYPE_NAMES
    sub = work.get("subtype") if work is not None else ""
    title = name.get("value") if name is not None else ""
    if title and title == title.upper():
        from ..text import truecase
        title = truecase(title, " ".join(text_of(e) for e in (doc.find(q("preamble")), doc.find(q("body")))
                                         if e is not None))
    return WorkInfo(uri, number, None if signed in (None, "unknown") else signed,
                    None if in_force in (None, "unknown") else in_force,
                    SUBTYPE_NAMES.get(sub, sub), title,
                    dates.get("signedBefore") if dates is not None else None,
                    work.get("status", "complete") if work is not None else "complete",
                    dates.get("inForceRule") if dates is not None else None,
                    PressReport.from_attributes(prop.find("amend:source", NS) if prop is not None else None))



def approval_of(tree) -> str | None:
    """How a work that another document approved came to be, as recorded ("được thông qua tại Điều 1
    Nghị quyết số 08/2020/NQ-HĐND ngày 02/11/2020"); None for a work issued in its own right."""
    doc = main_doc(tree.getroot() if hasattr(tree, "getroot") else tree)
    for rel in doc.iterfind(f"{q('meta')}/{q('proprietary')}/amend:relation[@kind='approved_by']", NS):
        if (rel.get("note") or "").startswith("được thông qua"):
            return rel.get("note")
    return None


@dataclass(frozen=True)
class Gap:
    """Something the source leaves unknown, kept as data and shown to the reader."""

    kind: str            # unstated-amounts | unstated-content | stale-figure | unbalanced-table
    message: str
    sentence: str = ""
    items: tuple[str, ...] = ()
    amount: str | None = None
    where: str = ""      # eId of the unit, table or row the gap stands in ("" when it is the source's alone)


@dataclass(frozen=True)
class Finding:
    """What the reader made of one block (a heading or a paragraph) of an amending provision."""

    provision: str       # eId of the provision the block belongs to
    sentence: str
    outcome: str         # see OUTCOMES
    detail: str = ""     # the operations read (ids) or the reason
    work: str = ""       # the document the provision amends, where it names one ("" when it names none)

    @property
    def label(self) -> str:
        return provision_label(self.provision)


# What a block can be found to be, and how a report names it.
OUTCOMES = {
    "operation": "đã đọc thành thao tác",
    "container": "đầu mục của các chỉ dẫn bên dưới",
    "proposed": "cần kiểm tra (đọc chưa chắc chắn, không áp dụng)",
    "unread": "chưa đọc được (không áp dụng)",
    "effect": "quy định về hiệu lực",
    "transition": "quy định chuyển tiếp",
    "not-instruction": "không phải chỉ dẫn sửa đổi",
    "own-rule": "quy định của chính văn bản (điều này không sửa đổi văn bản khác)",
}


# Why an instruction was not applied, as a reader of the output is told (by the reason's start).
REASONS_VI = {
    "conflict": "xung đột: vị trí hoặc nội dung cần sửa đổi không có trong văn bản đang được sửa đổi",
    "no provision named": "không nêu điều, khoản nào",
    "instruction not understood": "chưa đọc được chỉ dẫn",
    "new content without quotation marks": "nội dung mới không đặt trong dấu ngoặc kép",
    "phrase instruction without its quoted phrases": "chỉ dẫn về cụm từ không có cụm từ trong ngoặc kép",
    "no location named for the phrase": "không nêu vị trí của cụm từ",
    "phrase change without a location": "không nêu vị trí của cụm từ",
    "second instruction sentence not read": "câu chỉ dẫn thứ hai trong cùng một khoản chưa được đọc",
    "no quoted unit matches": "không có nội dung trích dẫn tương ứng",
    "new heading not found": "không thấy tên mới trong phần trích dẫn",
    "item of a list of repeals": "mục trong danh sách bãi bỏ không nêu điều khoản hay văn bản",
    "effect date for provisions named by subject matter": "ngày hiệu lực riêng cho các quy định nêu theo nội dung, "
                                                           "không theo số điều khoản",
    "effect date for provisions that made no operation": "ngày hiệu lực riêng cho điều khoản không có thao tác nào",
    "sentence with the words of an amendment": "câu có từ ngữ sửa đổi nhưng chưa đọc được",
    "an amending provision is rewritten": "điều khoản sửa đổi được viết lại nhưng không rõ văn bản nó sửa đổi",
    "proposed": "cần kiểm tra: đọc chưa chắc chắn",
    "the instruction changes a passage": "chỉ dẫn sửa một đoạn, câu bên trong điều khoản, không có địa chỉ riêng",
    "phrase instruction: which phrase": "không rõ cụm từ nào thay cho cụm từ nào",
    "the new annex is not attached": "không thấy phụ lục mới kèm theo văn bản",
    "the effective date is not known": "không rõ ngày có hiệu lực",
    "the amended text is not in the corpus": "nội dung bị sửa đổi không có trong kho dữ liệu (văn bản gốc chưa đầy đủ)",
    "tasks not matched": "nhiệm vụ không khớp với dòng nào",
    "statement that something stays as it was": "nguồn nêu việc giữ nguyên: không có thay đổi nào để áp dụng",
    "adjustment without its new text": "nêu việc điều chỉnh nhưng không nêu nội dung mới",
    "the old value": "không thấy giá trị cũ trong văn bản",
    "no list of targets": "không thấy danh sách mục tiêu",
    "repeal of content named by its subject": "bãi bỏ nội dung nêu theo chủ đề bên trong một điều khoản, không nêu "
                                              "đơn vị nào: cần xác định phần bị bãi bỏ",
    "the base is a portal's current text": "văn bản gốc là bản hiện hành của cổng thông tin (đã gộp các sửa đổi về "
                                           "sau): không áp dụng lại",
}


def reason_vi(why: str) -> str:
    """The reason an instruction was not applied, in Vietnamese (the original kept when unknown)."""
    for k, v in REASONS_VI.items():
        if why.startswith(k) or f" {k}" in why[:80]:
            return v
    return why


@dataclass
class Reading:
    """What the reader made of one amending document."""

    work: WorkInfo
    operations: list[Operation] = field(default_factory=list)
    unread: list[Diagnostic] = field(default_factory=list)
    targets: set[str] = field(default_factory=set)      # works it acts on
    gaps: list = field(default_factory=list)             # what the source leaves unknown (Gap)
    findings: list[Finding] = field(default_factory=list)
    normative: bool = True                               # False for a letter (công văn)
    effects: list = field(default_factory=list)          # dates of effect of the document's own provisions

    @property
    def proposed(self) -> list[Operation]:
        return [o for o in self.operations if o.status == "proposed"]



# --- labels -------------------------------------------------------------------------
_LABEL = {"art": "Điều", "para": "khoản", "subpara": "khoản", "point": "điểm", "chp": "Chương",
          "sec": "Mục", "part": "Phần", "att": "Phụ lục", "indent": "gạch đầu dòng", "tr": "dòng",
          "table": "bảng", "hcontainer": "đoạn"}


def provision_label(eid: str, root=None) -> str:
    """"art_1__para_6__point_dd" → "điểm đ khoản 6 Điều 1" (the way footnotes cite).

    A table row is named by its number, or, without one, by the words of its first labelled cell, taken from
    ``root`` when it is given (never the identifier's slug).

    >>> provision_label("art_1__para_6__point_dd")
    'điểm đ khoản 6 Điều 1'
    >>> provision_label("art_22__para_2__point_b__point_iii")
    'điểm b(iii) khoản 2 Điều 22'
    >>> provision_label("para_5__subpara_5-2__subpara_5-2-1__indent_6")
    'gạch đầu dòng 6 khoản 5.2.1'
    >>> provision_label("line_10"), provision_label("att_2__table_1__tr_tong-cong-1-2")
    ('dòng 10 của nguồn', 'một dòng không đánh số của bảng 1 Phụ lục 2')
    """
    if not eid:
        return ""
    if eid.startswith("line_"):
        return f"dòng {eid[5:]} của nguồn"
    m = re.match(r"^(?P<table>.*)__tr_(?P<key>[^_]+(?:_\d+)?)$", eid)
    if m and not re.fullmatch(r"[\dIVXLC]+(?:-\d+)*(?:_\d+)?", m.group("key")):
        row = root.xpath(f"//*[@eId='{eid}']") if root is not None and "'" not in eid else []
        cells = [" ".join(text_of(c).split()) for c in (row[0] if row else []) if text_of(c).strip()]
        name = f"dòng “{cells[0]}”" if cells else "một dòng không đánh số"
        return f"{name} của {provision_label(m.group('table'))}"
    parts = [p.partition("_") for p in eid.split("__")]
    words = []
    for i, (k, _, n) in enumerate(parts):
        n = n.replace("dd", "đ").replace("DD", "Đ")
        if k == "point" and i > 0 and parts[i - 1][0] == "point":
            words[-1] = (words[-1][0], f"{words[-1][1]}({n})")
            continue
        if k in ("mod", "qstr"):
            continue
        n = n.replace("-", ".")
        if k == "subpara" and words and n.startswith(words[-1][1] + "."):
            words.pop()          # "5.2.1" already says it sits in 5.2 and in 5
        words.append((_LABEL.get(k, k), n))
    return " ".join(f"{k} {n}" for k, n in reversed(words))

