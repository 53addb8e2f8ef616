"""The grammar of amendment sentences: verbs, unit references, documents, as data.

Vietnamese drafting (Nghị định 34/2016/NĐ-CP, and 78/2025/NĐ-CP under the
2025 Luật Ban hành văn bản quy phạm pháp luật) names a change by a verb
("sửa đổi, bổ sung", "bổ sung", "thay thế", "bãi bỏ", "ngưng hiệu lực",
"đính chính", …), the units it acts on ("khoản 1, điểm a và điểm g khoản 2
Điều 22") and the document they belong to ("… Thông tư số 06/2023/TT-NHNN").
This module holds those pieces as tables and reads references from a
sentence; :mod:`amend.read.rules` decides what a sentence does with them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..ids import eid_num, make_eid
from ..text import parse_date

# --- units ------------------------------------------------------------------------
# "kèm theo" is not a unit but where units live: the regulation attached to a decision ("Điều 5 của
# Quy định ban hành kèm theo Quyết định số …"); its value is the attachment's eId.
ATTACHED = "kèm theo"
ATTACHED_CUE = re.compile(r"\b(?:Quy\s+định|Quy\s+chế|Điều\s+lệ|Quy\s+trình|Hướng\s+dẫn|Chương\s+trình|Kế\s+hoạch|Đề\s+án)"
                          r"\b[^.;:“”\"]{0,300}?\b(?:ban\s+hành\s+)?kèm\s+theo\s+(?:Quyết\s+định|Nghị\s+quyết|Thông\s+tư|"
                          r"Nghị\s+định)", re.IGNORECASE)
LEVELS = {ATTACHED: 1, "phụ lục": 5, "phần": 10, "chương": 20, "mục": 30, "tiểu mục": 40, "điều": 50,
          "khoản": 60, "điểm": 80, "tiết": 85, "gạch đầu dòng": 90}
UNIT_NAMES = {"gạch đầu dòng": "gạch đầu dòng", "phụ lục": "Phụ lục", "phần": "Phần", "chương": "Chương", "mục": "Mục",
              "tiểu mục": "Tiểu mục", "điều": "Điều", "khoản": "khoản", "điểm": "điểm", "tiết": "tiết"}
ELEMENT_OF = {"phụ lục": "attachment", "phần": "part", "chương": "chapter", "mục": "section",
              "tiểu mục": "subsection", "điều": "article", "khoản": "paragraph", "điểm": "point",
              "tiết": "point", "gạch đầu dòng": "indent"}
# AKN element → rank, to compare quoted units with the unit a reference names.
RANK = {"part": 10, "chapter": 20, "section": 30, "subsection": 40, "article": 50, "paragraph": 60,
        "subparagraph": 65, "point": 80, "indent": 90}

_L = r"[a-zđ]"
_T = r"(?:\((?:[ivx]+)\))"
_SEP = r"\s*(?:,|và(?![\wÀ-ỹ])|;)\s*"


def _sep(word: str) -> str:
    """A list separator inside one token ("khoản 2, 3 và 5"); a repeated unit word starts a new token."""
    return _SEP


UNIT_RE = re.compile(
    r"(?<![\wÀ-ỹ])(?:các\s+)?(?P<kind>Phụ\s+lục|Phần|Chương|Tiểu\s+mục|Mục|Điều|Khoản|Điểm|Tiết)\s+"
    r"(?P<nums>"
    r"(?<=Điều )\d+" + _L + r"?(?!\w)(?:" + _sep("Điều") + r"\d+" + _L + r"?(?![\w/]))*"
    r"|(?<=hoản )\d+" + _L + r"?(?![\d/.,]\d)(?![\w/])(?:" + _sep("khoản") + r"\d+" + _L + r"?(?![\w/]))*"
    r"|(?<=iểm )" + _L + _T + r"?(?![\wÀ-ỹ])(?:" + _sep("điểm") + _L + _T + r"?(?![\wÀ-ỹ]))*"
    r"|(?<=iết )" + _T + r"(?:" + _sep("tiết") + _T + r")*|(?<=iết )[ivx]+(?!\w)(?:" + _sep("tiết") + r"[ivx]+(?!\w))*"
    r"|(?<=lục )(?:số\s+)?(?:\d+[a-z]?|[IVXLC]+)(?!\w)"
    r"|[IVXLC]+(?!\w)|\d+(?![\d/])"
    r")", re.IGNORECASE)

# A dash item named by its rank ("gạch đầu dòng thứ hai điểm a khoản 1"), and a passage of a unit that
# is no unit at all ("đoạn thứ hai khoản 1", "câu cuối khoản 2"): what the unit references sit under.
_ORD = r"(?:thứ\s+)?(?:nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười|\d+)"
DASH_ITEM = re.compile(r"(?:gạch\s+đầu\s+dòng|dấu\s+gạch\s+ngang|gạch\s+ngang|dấu\s+gạch)\s+(?P<n>" + _ORD + r")"
                       r"\s+(?:của\s+|tại\s+)?$", re.IGNORECASE)
PASSAGE = re.compile(r"(?<![\wÀ-ỹ])(?:(?:đoạn|câu|ý|dòng)\s+(?:" + _ORD + r"|đầu(?:\s+tiên)?|cuối(?:\s+cùng)?|mở\s+đầu|"
                     r"thứ\s+\w+)|phần\s+mở\s+đầu)\s+(?:của\s+|tại\s+)?$", re.IGNORECASE)


def ordinal(word: str) -> int | None:
    """"thứ hai" → 2, "3" → 3."""
    from ..text import VI_ORDINALS
    w = re.sub(r"^thứ\s+", "", word.strip().lower())
    return int(w) if w.isdigit() else VI_ORDINALS.get(w)


# --- documents --------------------------------------------------------------------
DOC_TYPES = (r"Thông\s+tư\s+liên\s+tịch|Thông\s+tư|Nghị\s+quyết\s+liên\s+tịch|Nghị\s+quyết|Nghị\s+định|"
             r"Quyết\s+định|Bộ\s+luật|Luật|Pháp\s+lệnh|Chỉ\s+thị|Hiến\s+pháp|Lệnh")
# "Thông tư số 06/2023/TT-NHNN", "Luật Đất đai số 45/2013/QH13" (a title before the
# number), "Nghị định 27/2022/NĐ-CP" (no "số"), "Số: 32 /2026/TT- NHNN" (spaces).
_NUMBER = (r"\d+[a-zđ]?\s?/\s?\d{4}\s?/\s?[A-ZĐ][A-ZĐ0-9]*(?:\s?-\s?[A-ZĐ][A-ZĐ0-9]*)*"
           r"|\d+[a-zđ]?\s?/\s?[A-ZĐ][A-ZĐ0-9]*(?:\s?-\s?[A-ZĐ][A-ZĐ0-9]*)+")
DOC_RE = re.compile(
    r"(?<![\wÀ-ỹ])(?P<type>" + DOC_TYPES + r")"
    r"(?:\s+(?P<title>(?!số\b|này\b)[A-ZĐÀ-Ỹa-zđà-ỹ][\wÀ-ỹ,]*(?:\s+(?!số\b|này\b)[A-ZĐÀ-Ỹa-zđà-ỹ][\wÀ-ỹ,]*){0,24}?)"
    r"(?=\s+số\s))?"
    r"(?:\s+số)?\s*:?\s+(?P<number>" + _NUMBER + r"|này)(?![\wÀ-ỹ])", re.IGNORECASE)


def norm_number(n: str) -> str:
    """A document number as it is filed: spaces that printing put inside it removed.

    >>> norm_number("32 /2026/TT- NHNN")
    '32/2026/TT-NHNN'
    """
    return re.sub(r"\s+", "", n)


def doc_number(m: re.Match) -> str:
    """The number a :data:`DOC_RE` match names ("này" for the document itself).

    >>> [doc_number(m) for m in DOC_RE.finditer("của Luật Đầu tư công số 58/2024/QH15 và Luật số 22/2023/QH15")]
    ['58/2024/QH15', '22/2023/QH15']
    """
    n = m.group("number")
    return "này" if n.lower() == "này" else norm_number(n)


# Clauses that describe a target's history: they name provisions that are not targets.
DESCRIPTIVE = re.compile(
    r"(?:,\s*)?(?:đã\s+được|được)\s+(?:sửa\s+đổi,\s*bổ\s+sung|sửa\s+đổi|bổ\s+sung|thay\s+thế)"
    r"(?:\s+một\s+số\s+điều)?(?:\s+và\s+bổ\s+sung)?\s+(?:bởi|theo|tại)\s+.*?(?:" + DOC_RE.pattern + r")"
    r"(?:\s*(?:,|và)\s*(?:" + DOC_RE.pattern.replace("?P<", "?P<d2") + r"))*", re.IGNORECASE)
PAREN = re.compile(r"\((?:[^()]|\([^()]*\))*\)")
# "(sau đây gọi là Thông tư số 17/2022/TT-BLĐTBXH)", "(sau đây gọi tắt là Luật Đất đai)".
ALIAS = re.compile(r"\(\s*sau\s+đây\s+(?:được\s+)?(?:gọi|viết)\s+(?:tắt\s+)?là\s*:?\s*(?P<alias>[^()]{3,80}?)\s*\)",
                   re.IGNORECASE)

# --- verbs ------------------------------------------------------------------------
# (pattern, verb): the verbs of amendment, most specific first (a phrase verb before
# the unit verb it starts with).  A new drafting habit is a new row.
VERBS: list[tuple[str, str]] = [
    (r"Bổ\s+sung(?:\s+thêm)?\s+(?:cụm\s+)?từ(?:\s+ngữ)?|Thêm\s+(?:cụm\s+)?từ|được\s+bổ\s+sung\s+(?:thêm\s+)?(?:cụm\s+)?từ", "insert-words"),
    (r"(?:Thay\s+thế|Thay|Sửa(?:\s+đổi)?|Chỉnh\s+sửa)\s+(?:các\s+)?(?:cụm\s+)?từ(?:\s+ngữ)?(?=\s*[“\"'‘])", "replace-words"),
    (r"(?:Bỏ|Bãi\s+bỏ|Xóa|Xoá|Xóa\s+bỏ|Xoá\s+bỏ|Loại\s+bỏ)\s+(?:các\s+)?(?:cụm\s+)?từ(?:\s+ngữ)?(?=\s*[“\"'‘])", "delete-words"),
    (r"Đính\s+chính", "correct"),
    (r"Ngưng\s+hiệu\s+lực(?:\s+thi\s+hành)?|Tạm\s+ngưng\s+(?:hiệu\s+lực|thi\s+hành)(?:\s+thi\s+hành)?|"
     r"(?:Tạm\s+)?[Đđ]ình\s+chỉ\s+(?:việc\s+)?thi\s+hành|bị\s+ngưng\s+hiệu\s+lực|được\s+tạm\s+ngưng", "suspend"),
    (r"Sửa\s+đổi,?\s+bổ\s+sung|Sửa\s+đổi|Sửa\s+lại|Chỉnh\s+sửa|Sửa(?=\s+(?:tên|tiêu\s+đề|" +
     r"Điều|khoản|điểm|tiết|Chương|Mục|Phần|Phụ\s+lục|nội\s+dung)\b)|được\s+sửa\s+đổi(?:,?\s+bổ\s+sung)?|được\s+sửa(?:\s+lại)?|"
     r"(?:Đổi|Đặt\s+lại)\s+tên(?=\s+(?:của\s+)?(?:Điều|Chương|Mục|Phần|Tiểu\s+mục|Phụ\s+lục)\b)|"
     r"được\s+thay\s+thế(?:\s+bằng)?|được\s+thay\s+bằng|Thay\s+thế(?=\s+(?:tên\s+|nội\s+dung\s+|toàn\s+bộ\s+|các\s+)?"
     r"(?:Điều|khoản|điểm|tiết|Chương|Mục|Phần|Phụ\s+lục|Mẫu|Biểu)\b)", "replace"),
    (r"Bổ\s+sung(?:\s+thêm)?|được\s+bổ\s+sung(?:\s+thêm)?|Thêm(?=\s+(?:Điều|khoản|điểm|tiết|Chương|Mục|Phụ\s+lục)\b)", "insert"),
    (r"Bãi\s+bỏ|được\s+bãi\s+bỏ|Hủy\s+bỏ|Huỷ\s+bỏ|được\s+hủy\s+bỏ|được\s+huỷ\s+bỏ|Bỏ(?=\s+(?:các\s+)?(?:Điều|khoản|điểm|tiết|"
     r"Chương|Mục|Phụ\s+lục)\b)|được\s+bỏ|hết\s+hiệu\s+lực", "repeal"),
]
VERB_RE = re.compile("|".join(f"(?P<v{i}>(?<![\\wÀ-ỹ])(?:{p}))" for i, (p, _) in enumerate(VERBS)), re.IGNORECASE)
# The start of a sentence that instructs (the active voice).
# "Kể từ ngày 01 tháng 7 năm 2025, bãi bỏ …": a date of its own before the verb.
LEAD_DATE = re.compile(r"^\s*(?:Kể\s+)?[Tt]ừ\s+(?:ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|ngày\s+\d{1,2}/\d{1,2}/\d{4})"
                       r"\s*,\s*", re.IGNORECASE)
INSTRUCTION_CUE = re.compile(
    r"^\s*(?:(?:Kể\s+)?[Tt]ừ\s+ngày\s+[\d/]+(?:\s+tháng\s+\d+\s+năm\s+\d{4})?\s*,\s*)?"
    r"(?:(?:Đồng\s+thời|Theo\s+đó)\s*,?\s*)?(?:Sửa\s+đổi|Sửa\s+lại|Sửa(?=\s)|Chỉnh\s+sửa|Bổ\s+sung|Thêm(?=\s)|Bãi\s+bỏ|"
    r"Hủy\s+bỏ|Huỷ\s+bỏ|Ngưng\s+hiệu\s+lực|Tạm\s+ngưng|Thay\s+thế|Thay(?=\s)|Bỏ(?=\s)|Xóa|Xoá|Loại\s+bỏ|"
    r"Đính\s+chính|Đình\s+chỉ|Tạm\s+đình\s+chỉ|Điều\s+chỉnh|Đổi\s+tên|Đặt\s+lại\s+tên)\b", re.IGNORECASE)
# The passive voice: the unit named first ("Khoản 2 Điều 3 được sửa đổi như sau:").
PASSIVE = re.compile(
    r"^\s*(?:Tên\s+(?:của\s+)?)?(?:Các\s+)?(?:Phụ\s+lục|Phần|Chương|Mục|Điều|Khoản|Điểm|Tiết|Cụm\s+từ|Từ)\s+\S.*?"
    r"\b(?:được|bị)\s+(?:sửa\s+đổi|sửa|bổ\s+sung|bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ|thay\s+thế|thay\s+bằng|bỏ|"
    r"đính\s+chính|ngưng\s+hiệu\s+lực|tạm\s+ngưng)", re.IGNORECASE)
# A verb of amendment anywhere: the net that catches what no rule read.
ANY_VERB = re.compile(r"(?<![\wÀ-ỹ])(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ|thay\s+thế|ngưng\s+hiệu\s+lực|"
                      r"đình\s+chỉ|đính\s+chính|hết\s+hiệu\s+lực|thay\s+cụm\s+từ|bỏ\s+cụm\s+từ|sửa\s+thành|đổi\s+tên|"
                      r"đặt\s+lại\s+tên|đánh\s+số\s+lại|số\s+thứ\s+tự)(?![\wÀ-ỹ])",
                      re.IGNORECASE)
QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("''", "''"), ("‘", "’"), ("«", "»"))
QUOTED = re.compile(r"“([^”]*)”|\"([^\"]*)\"|''((?:(?!'').)*)''|‘([^’]*)’|«([^»]*)»")
AS_FOLLOWS = re.compile(r"(?:như|với\s+nội\s+dung\s+như|cụ\s+thể\s+như)\s+sau\s*:?\s*$|sau\s+đây\s*:?\s*$", re.IGNORECASE)
AFTER_ANCHOR = re.compile(r"(?:vào\s+)?(?:sau|trước|cuối)\s+(?=(?:Điều|[Kk]hoản|[Đđ]iểm|Mục|Chương|[Tt]iết)\s)")
# "Sửa đổi tên Điều 5 như sau:", "tên của Chương II": only the heading changes.
HEADING_OF = re.compile(r"\b(?:tên|tiêu\s+đề)\s+(?:của\s+)?(?=(?:Phần|Chương|Mục|Tiểu\s+mục|Điều|Phụ\s+lục)\s)", re.IGNORECASE)


def quoted_phrases(s: str) -> list[tuple[str, int, int]]:
    """The quoted phrases of ``s`` with their spans, whatever the quotation marks.

    >>> [p for p, _, _ in quoted_phrases("thay “A” bằng ''B'' và \\"C\\"")]
    ['A', 'B', 'C']
    """
    return [(next(g for g in m.groups() if g is not None), m.start(), m.end()) for m in QUOTED.finditer(s)]


_CONNECT = re.compile(r"(?<![\wÀ-ỹ])(?:bằng|thành|là)(?![\wÀ-ỹ])", re.IGNORECASE)


def phrase_groups(text: str) -> list[tuple[list[str], str | None]]:
    """The quoted phrases of a phrase instruction grouped as (old phrases, the new one).

    A connector ("bằng", "thành", "là") between two quotations joins the old
    phrases before it to the new one after it; several olds may share a new.

    >>> phrase_groups("Thay thế các cụm từ “A”, “B” bằng cụm từ “C”")
    [(['A', 'B'], 'C')]
    >>> phrase_groups("Thay cụm từ “A” bằng cụm từ “B”, cụm từ “C” bằng cụm từ “D”")
    [(['A'], 'B'), (['C'], 'D')]
    >>> phrase_groups("Bỏ cụm từ “A” và cụm từ “B”")
    [(['A', 'B'], None)]
    """
    groups: list[tuple[list[str], str | None]] = []
    olds: list[str] = []
    prev = 0
    for p, a, b in quoted_phrases(text):
        if olds and _CONNECT.search(text[prev:a]):
            groups.append((olds, p))
            olds = []
        else:
            olds.append(p)
        prev = b
    if olds:
        groups.append((olds, None))
    return groups


def verb_of(match: re.Match) -> str:
    return next(VERBS[i][1] for i in range(len(VERBS)) if match.group(f"v{i}"))


def first_verb(s: str) -> str | None:
    m = VERB_RE.search(s)
    return verb_of(m) if m else None


def is_instruction(s: str) -> bool:
    """Does ``s`` start like an amendment instruction (active or passive)?"""
    return bool(INSTRUCTION_CUE.search(s) or PASSIVE.match(s))


# --- references -------------------------------------------------------------------
@dataclass
class Ref:
    """One reference: its levels (kind → number), the document, where it was read."""

    levels: dict[str, str]
    doc: str | None = None      # document number as printed, "này" for the document itself
    start: int = 0
    end: int = 0
    verb: str | None = None

    def top(self) -> int:
        return min(LEVELS[k] for k in self.levels)

    def bottom(self) -> int:
        return max(LEVELS[k] for k in self.levels)

    def label(self) -> str:
        """"điểm b khoản 9 Điều 1", lowest level first, as Vietnamese cites."""
        parts = []
        for k in sorted(self.levels, key=lambda k: -LEVELS[k]):
            n = self.levels[k]
            if k == ATTACHED or (k == "tiết" and "điểm" in self.levels):
                continue
            if k == "điểm" and "tiết" in self.levels:
                n = f"{n}({self.levels['tiết']})"
            parts.append(f"{UNIT_NAMES[k]} {n}")
        return " ".join(parts)


def _split_nums(kind: str, nums: str) -> list[tuple[str, str | None]]:
    out = []
    for n in re.split(_SEP, nums.strip()):
        n = re.sub(r"^(?:Điều|khoản|điểm|tiết)\s+", "", n.strip(), flags=re.IGNORECASE)
        m = re.match(r"^([a-zđ])\(([ivx]+)\)$", n, re.IGNORECASE)
        if m:
            out.append((m.group(1).lower(), m.group(2).lower()))
        elif kind == "tiết":
            out.append((n.strip("() ").lower(), None))
        elif kind == "phụ lục":
            out.append((re.sub(r"^số\s+", "", n, flags=re.IGNORECASE), None))
        else:
            out.append((n, None))
    return out


def strip_descriptions(s: str) -> str:
    """Blank out (keeping offsets) the clauses that describe rather than target.

    >>> strip_descriptions("Điều 5 (đã được sửa đổi bởi Thông tư số 1/2020/TT-X) như sau")
    'Điều 5                                              như sau'
    """
    def blank(m):
        return " " * (m.end() - m.start())
    s = PAREN.sub(lambda m: blank(m) if DOC_RE.search(m.group(0)) or UNIT_RE.search(m.group(0))
                  or ALIAS.match(m.group(0)) else m.group(0), s)
    return DESCRIPTIVE.sub(blank, s)


def doc_tokens(s: str, aliases: dict[str, str] | None = None):
    """(start, end, number) of every document named in ``s``: numbers, "này", declared short names."""
    out = [(m.start(), m.end(), doc_number(m)) for m in DOC_RE.finditer(s)]
    for alias, number in (aliases or {}).items():
        for m in re.finditer(r"(?<![\wÀ-ỹ])" + re.escape(alias) + r"(?![\wÀ-ỹ/])", s):
            if not any(a <= m.start() < b for a, b, _ in out):
                out.append((m.start(), m.end(), number))
    return sorted(out)


def read_refs(sentence: str, aliases: dict[str, str] | None = None) -> list[Ref]:
    """References in a sentence, lists expanded and higher units distributed.

    >>> [r.label() for r in read_refs("Bãi bỏ khoản 8, điểm b khoản 9 Điều 1 Thông tư số 06/2023/TT-NHNN")]
    ['khoản 8 Điều 1', 'điểm b khoản 9 Điều 1']
    >>> [r.label() for r in read_refs("Sửa đổi khoản 1, điểm a và điểm g khoản 2 Điều 22 như sau:")]
    ['khoản 1 Điều 22', 'điểm a khoản 2 Điều 22', 'điểm g khoản 2 Điều 22']
    >>> [r.label() for r in read_refs("Bãi bỏ các khoản 2, 3 và 5 Điều 7")]
    ['khoản 2 Điều 7', 'khoản 3 Điều 7', 'khoản 5 Điều 7']
    """
    s = strip_descriptions(sentence)
    tokens = []
    for m in UNIT_RE.finditer(s):
        kind = " ".join(m.group("kind").lower().split())
        tokens.append(("unit", m.start(), m.end(), kind, m.group("nums")))
    for a, b, number in doc_tokens(s, aliases):
        tokens.append(("doc", a, b, None, number))
    tokens.sort(key=lambda t: t[1])
    verbs = [(m.start(), verb_of(m)) for m in VERB_RE.finditer(s)]

    def verb_at(pos):
        v = None
        for p, name in verbs:
            if p <= pos:
                v = name
        return v

    refs: list[Ref] = []
    open_: list[Ref] = []
    prev_level = None
    prev_end = None
    for t in tokens:
        between = s[prev_end:t[1]] if prev_end is not None else ""
        joined = prev_end is not None and re.fullmatch(
            r"[\s,]*(?:(?:của|vào|tại|thuộc|trong|ban\s+hành\s+kèm\s+theo)\s+)?", between) is not None
        if t[0] == "doc":
            if joined or open_:
                for r in open_:
                    if r.doc is None:
                        r.doc = t[4]
                        r.end = t[2]
            open_ = []
            prev_level, prev_end = None, t[2]
            continue
        kind, nums = t[3], t[4]
        level = LEVELS[kind]
        items = _split_nums(kind, nums)
        if joined and prev_level is not None and level < prev_level and len(items) == 1:
            # a higher unit right after: it qualifies the open items lacking it
            for r in open_:
                if kind not in r.levels and r.top() > level:
                    r.levels[kind] = items[0][0]
                    r.end = t[2]
            prev_level, prev_end = level, t[2]
            continue
        if not (joined or re.fullmatch(r"\s*(?:,|và|;)?\s*(?:và\s+)?(?:bổ\s+sung\s+|sửa\s+đổi,?\s+(?:bổ\s+sung\s+)?)?",
                                       between or "")):
            open_ = []
        for n, tiet in items:
            lv = {kind: n.lower() if kind in ("điểm", "khoản", "tiết") else n}
            if tiet:
                lv["tiết"] = tiet
            r = Ref(lv, start=t[1], end=t[2], verb=verb_at(t[1]))
            refs.append(r)
            open_.append(r)
        prev_level, prev_end = level, t[2]
    return refs


def common_levels(refs: list[Ref]) -> dict[str, str]:
    """The levels every reference shares (what a compound head passes down)."""
    if not refs:
        return {}
    common = dict(refs[0].levels)
    for r in refs[1:]:
        common = {k: v for k, v in common.items() if r.levels.get(k) == v}
    return common


def ref_eid(levels: dict[str, str], tree_index=None) -> str:
    """The eId a reference names, following the parser's eId rules.

    >>> ref_eid({"điều": "22", "khoản": "2", "điểm": "b", "tiết": "iii"})
    'art_22__para_2__point_b__point_iii'
    >>> ref_eid({"chương": "II", "mục": "3"})
    'chp_II__sec_3'
    >>> ref_eid({"điều": "32đ"})
    'art_32dd'
    >>> ref_eid({"phụ lục": "II"})
    'att_2'
    >>> ref_eid({"phụ lục": "01"})
    'att_1'
    >>> ref_eid({"kèm theo": "att_1", "điều": "5", "khoản": "2"})
    'att_1__art_5__para_2'
    """
    prefix = levels.get(ATTACHED)
    levels = {k: v for k, v in levels.items() if k != ATTACHED}
    if prefix and levels:
        return f"{prefix}__{ref_eid(levels)}"
    order = sorted(levels, key=lambda k: LEVELS[k])
    if "điều" in levels:
        order = [k for k in order if LEVELS[k] >= LEVELS["điều"]]
    eid = None
    for k in order:
        n = levels[k]
        if k == "tiết":
            n = n.strip("()")
        if k == "phụ lục":
            from ..parse.document import annex_number     # the parser's own rule: "01" → 1, "II" → 2
            n = annex_number(n)
        eid = make_eid(eid, ELEMENT_OF[k], eid_num(n) if k != "chương" else n.upper())
    if eid and eid.startswith("sec_") and tree_index is not None:
        hits = _under_one(tree_index).get(eid, [])         # "Mục 3" of the one Chương that has it
        if len(hits) == 1:
            return hits[0]
    if eid and tree_index is not None and eid not in tree_index:
        # "Điều 5" of a decision whose articles are few but whose attached regulation has it: that one
        hits = [e for e in _under_one(tree_index).get(eid, []) if e.startswith("att_")]
        if len(hits) == 1:
            return hits[0]
    return eid


_UNDER_ONE: dict[int, tuple] = {}


def _under_one(tree_index) -> dict[str, list[str]]:
    """The eIds of a document one level below a top unit, by the rest of the eId ("chp_II__sec_3" under
    "sec_3", "att_1__art_5" under "art_5"): found by lookup, not by a scan of every eId per reference (a
    2,000-article document read against 5,000 instructions). Kept for the last few documents asked about."""
    kept = _UNDER_ONE.get(id(tree_index))
    if kept is not None and kept[0] is tree_index and kept[1] == len(tree_index):
        return kept[2]
    out: dict[str, list[str]] = {}
    for e in tree_index:
        head, sep, rest = e.partition("__")
        if sep and rest:
            out.setdefault(rest, []).append(e)
    for v in out.values():
        v.sort()
    if len(_UNDER_ONE) >= 8:
        _UNDER_ONE.pop(next(iter(_UNDER_ONE)))
    _UNDER_ONE[id(tree_index)] = (tree_index, len(tree_index), out)
    return out


# --- dates and counts -------------------------------------------------------------
_DATE = r"(ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})"


def date_after(s: str, word: str) -> str | None:
    """The date written after ``word`` ("từ ngày 01 tháng 9 năm 2023" → "2023-09-01")."""
    m = re.search(rf"\b{word}\s+{_DATE}", s, re.IGNORECASE)
    if m:
        d = parse_date(m.group(1))
        return d.isoformat() if d else None
    return None


def until_of(s: str) -> str:
    """The end of a suspension as the source states it (a date or an event)."""
    m = re.search(r"\b(?:cho\s+)?đến\s+(?:hết\s+)?(.*?)\.?$", s, re.IGNORECASE)
    return m.group(1).strip() if m else ""


def stated_count(s: str) -> int | None:
    """"(02 lần)", "2 lần": how many times a phrase is to be changed."""
    m = re.search(r"\b(\d+)\s+lần\b", s)
    return int(m.group(1)) if m else None
