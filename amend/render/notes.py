"""Footnotes in the wording of official consolidated texts (văn bản hợp nhất).

They come from the operation log, never from diffing: each unit of a
version that an operation changed names the amending provision, the
amending document and the date the change took effect.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..akn import local
from ..read import APPROXIMATE, DOC_RE, WorkInfo
from ..ops import Operation
from ..text import format_date_vi, short_date

UNIT_WORD = {"article": "Điều", "paragraph": "Khoản", "subparagraph": "Khoản", "point": "Điểm",
             "section": "Mục", "chapter": "Chương", "part": "Phần", "subsection": "Tiểu mục",
             "indent": "Nội dung", "attachment": "Phụ lục", "tr": "Dòng", "content": "Nội dung"}
VERB = {"replace": "được sửa đổi", "replace-passage": "được sửa đổi", "insert": "được bổ sung", "repeal": "được bãi bỏ",
        "revoke": "được bãi bỏ", "replace-words": "được sửa đổi", "delete-words": "được sửa đổi",
        "insert-words": "được bổ sung", "correct": "được đính chính", "change-value": "được điều chỉnh",
        "move": "được điều chỉnh", "remove-rows": "được điều chỉnh"}


def sentence_case(title: str) -> str:
    """An upper-case title in running text: lower case, document names kept as written."""
    if not title:
        return title
    if title != title.upper():
        return title[0].lower() + title[1:]
    low = title.lower()
    for m in DOC_RE.finditer(title):
        t = m.group("type")
        low = low[:m.start()] + t[0].upper() + t[1:].lower() + low[m.start() + len(t):m.end() - len(m.group("number"))] \
            + m.group("number") + low[m.end():]
    return re.sub(r"\bviệt nam\b", "Việt Nam", low)


# Documents named by their title as well as their number ("Luật Đất đai số 31/2024/QH15").
NAMED_TYPES = ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp")


def named(info: WorkInfo | None) -> str | None:
    """"Luật Đất đai" for a law (its type and its name, as laws are cited); None for other documents."""
    if info is None or info.type_name not in NAMED_TYPES or not info.title:
        return None
    title = sentence_case(info.title)
    if title.lower().startswith(info.type_name.lower() + " "):
        title = title[len(info.type_name) + 1:]
    if re.match(r"(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế)\b", title, re.IGNORECASE):
        return None       # an amending law is cited by its number: "Luật số 43/2024/QH15 sửa đổi, bổ sung …"
    return f"{info.type_name} {title[:1].upper() + title[1:]}"


def doc_name(info: WorkInfo | None, fallback: str, short: bool = False) -> str:
    """"Thông tư số 12/2024/TT-NHNN <title>", "Luật Đất đai số 31/2024/QH15"; a document without a number is
    named by its title."""
    if info is None:
        return fallback
    if info.number and named(info):
        return f"{named(info)} số {info.number}"
    if not info.number:
        title = sentence_case(info.title)
        when = f"ký trước ngày {short_date(info.signed_before)}" if info.signed_before else "không rõ ngày ký"
        known = (f"; văn bản không có trong kho dữ liệu, nội dung theo {info.report.describe()}"
                 if info.report and not short else "")
        return f"{title[0].upper() + title[1:] if title else info.type_name} (không rõ số hiệu, {when}{known})"
    if short:
        return f"{info.type_name} số {info.number}"
    title = sentence_case(info.title)
    return f"{info.type_name} số {info.number}" + (f" {title}" if title else "")


@dataclass(frozen=True)
class NoteStyle:
    """How an issuer words its footnotes; both forms occur in official consolidations.

    ``ngan-gon`` (21/VBHN-NHNN): "… tại khoản 1 Điều 1 của Thông tư số 12/2024/TT-NHNN sửa đổi …, có hiệu
    lực kể từ ngày 01/7/2024."; ``day-du`` (3503/VBHN-BLĐTBXH): the amending document with its date and
    issuer, "… của Thông tư số 03/2023/TT-BLĐTBXH ngày 31 tháng 5 năm 2023 của Bộ trưởng …, có hiệu lực kể
    từ ngày 31 tháng 5 năm 2023."
    """

    name: str
    full_names: bool
    long_dates: bool
    replace_verb: str = "được sửa đổi"       # "được sửa đổi, bổ sung" in the Văn phòng Quốc hội's notes
    one_basis_note: bool = False             # the căn cứ of every amending document in one note
    basis_comma: str = ","                   # "…, có căn cứ ban hành như sau:" (none in the VPQH's notes)
    quote_end: str = ""                      # what follows a quotation's closing mark ("”." in the VPQH's)
    capital_article: bool = False            # "Tên Điều này" (VPQH) or "Tên điều này"
    list_end: str = "."                      # the end of each item but the last in the list of amending documents
    own_dates: bool = False                  # the list gives each law's own date of effect, not its first change's

    def date(self, iso: str) -> str:
        return format_date_vi(datetime.date.fromisoformat(iso))[5:] if self.long_dates else short_date(iso)


NOTE_STYLES = {s.name: s for s in (NoteStyle("ngan-gon", False, False), NoteStyle("day-du", True, True),
                                    # 04/VBHN-VPQH: "Khoản này được sửa đổi, bổ sung theo quy định tại khoản 1 Điều 248
                                    # của Luật Đất đai số 31/2024/QH15, có hiệu lực kể từ ngày 01 tháng 4 năm 2024."
                                    NoteStyle("vpqh", False, True, "được sửa đổi, bổ sung", one_basis_note=True,
                                              basis_comma="", quote_end=".", capital_article=True, list_end=";",
                                              own_dates=True))}
DEFAULT_STYLE = NOTE_STYLES["ngan-gon"]


def footnote(el, op: Operation, docs: dict[str, WorkInfo], style: NoteStyle = DEFAULT_STYLE, name=None) -> str:
    """The footnote for unit ``el`` last changed by ``op``; ``name(work)`` gives a document's full description."""
    info = docs.get(op.source.work)
    word = UNIT_WORD.get(local(el), "Nội dung")
    doc = name(op.source.work) if style.full_names and name else doc_name(info, op.source.number or op.source.work)
    where = f"theo quy định tại {op.source.label} của {doc}"
    tail = f", có hiệu lực kể từ ngày {style.date(op.effective)}." if op.effective else "."
    if op.applies and op.applies != op.effective:      # applied from another date than it took effect
        tail = tail[:-1] + f", được áp dụng từ ngày {style.date(op.applies)}."
    if op.effective and op.note.startswith(APPROXIMATE):
        # dated by an upper bound: say so, never present the bound as the stated date
        tail = f", {APPROXIMATE} (được áp dụng từ ngày {style.date(op.effective)}, {op.note.split('; ', 1)[-1]})."
    if info is not None and info.report and op.source.provision.startswith("line_"):
        # known from a news report: the decision is named, and the report as what says so (a report states no rule)
        where = f"theo {doc_name(info, op.source.work, short=True)}"
        tail = tail[:-1] + f"; văn bản không có trong kho dữ liệu, nội dung theo {info.report.cited(op.source.label)}."
    if op.kind == "suspend":
        start = format_date_vi(datetime.date.fromisoformat(op.effective)) if op.effective else "ngày chưa xác định"
        until = f" cho đến {op.until}" if getattr(op, "until", "") else ""
        return f"{word} này ngưng hiệu lực thi hành từ {start}{until} {where}{tail}"
    if op.kind == "remove-rows" and local(el) == "table":
        names = "; ".join(f"“{x}”" for x in getattr(op, "labels", ()))
        return f"Các dòng {names} được bỏ khỏi bảng này {where}{tail}"
    if op.kind == "replace-passage":
        rank = {"1": "nhất", "2": "hai", "3": "ba", "4": "tư", "5": "năm", "6": "sáu", "7": "bảy", "8": "tám",
                "9": "chín", "10": "mười"}.get(op.passage, op.passage)
        what = {"intro": "Đoạn mở đầu", "last": "Đoạn cuối"}.get(op.passage, f"Đoạn thứ {rank}")
        verb = style.replace_verb if op.text else "được bãi bỏ"
        return f"{what} {word.lower()} này {verb} {where}{tail}"
    if op.kind == "replace-heading":
        unit = word if style.capital_article and word == "Điều" else word.lower()
        return f"Tên {unit} này {style.replace_verb} {where}{tail}"
    if op.kind == "insert" and local(el) in ("section", "chapter", "part"):
        arts = [a.findtext("{*}num") or "" for a in el.iter("{*}article")]
        nums = [re.sub(r"^Điều\s+|[.:]$", "", a.strip()) for a in arts]
        if nums:
            listed = ", ".join(nums[:-1]) + (" và " + nums[-1] if len(nums) > 1 else nums[-1])
            return f"{word} này bao gồm các Điều {listed} {VERB['insert']} {where}{tail}"
    verb = style.replace_verb if op.kind == "replace" else VERB.get(op.kind, "được sửa đổi")
    return f"{word} này {verb} {where}{tail}"


def footnotes_for(version, consolidation, style: NoteStyle = DEFAULT_STYLE, name=None) -> dict:
    """``{element: footnote}`` for every unit of ``version`` an operation changed."""
    from ..ops import PROV
    out = {}
    for el in version.root.iter():
        if not isinstance(el.tag, str):
            continue
        oid = el.get(PROV)
        if oid and oid in consolidation.operations and el.get("eId"):
            out[el] = footnote(el, consolidation.operations[oid], consolidation.documents, style, name)
    return out
