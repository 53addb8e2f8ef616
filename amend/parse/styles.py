"""Drafting styles as data: the patterns the parser's rules are made of.

A new drafting style (another issuer's header, another numbering habit) is a
change to these tables, not to the rules that use them.
"""
from __future__ import annotations

import re

from ..ids import DOC_TYPES

_DASH = r"[-–—]"

MOTTO = [
    re.compile(r"^C[ỘO]NG\s+H[ÒO]A\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM$", re.IGNORECASE),
    re.compile(rf"^Độc\s+lập\s*{_DASH}\s*Tự\s+do\s*{_DASH}\s*Hạnh\s+phúc\.?$", re.IGNORECASE),
    re.compile(r"^CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM$"),
]
# The issuer named with the state, as older laws print it: "QUỐC HỘI NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM".
STATE_ISSUER = re.compile(r"^(?:QUỐC\s+HỘI|ỦY\s+BAN\s+THƯỜNG\s+VỤ\s+QUỐC\s+HỘI|UỶ\s+BAN\s+THƯỜNG\s+VỤ\s+QUỐC\s+HỘI|"
                          r"CHỦ\s+TỊCH)\s+NƯỚC\s+C[ỘO]NG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM$")
SEPARATOR = re.compile(r"^[\s\-_=–—*.~]{3,}$")
# "Số: 05/2025/TT-BTP", "Luật số: 32/2024/QH15", "Số: 32 /2026/TT- NHNN" (spaces the printing left).
DOC_NUMBER_LINE = re.compile(r"^(?:[A-ZĐ][a-zà-ỹ]+(?:\s+[a-zà-ỹ]+)?\s+số|Số)\s*[:：.]?\s*"
                             r"(?P<number>[0-9][^\s]*(?:\s*[/-]\s*[^\s/-]+)*)\s*$")
LETTER_SUBJECT = re.compile(r"^(?:V/v|Về\s+việc)\s*:?\s*(?P<subject>.+)$")
PLACE_DATE = re.compile(r"^(?P<place>[^,\d]{2,60}),\s*ngày\s+\S+\s+tháng\s+\S+\s+năm\s+\d{4}\.?$")

# Document type words as printed in the header, longest first.
DOC_TYPE_WORDS = sorted(DOC_TYPES, key=len, reverse=True)
DOC_TYPE_LINE = re.compile(
    r"^(?P<type>" + "|".join(re.escape(w.upper()) for w in DOC_TYPE_WORDS) + r")$")

# Lines that mark a legislative body as the enacting authority in the
# preamble ("HỘI ĐỒNG NHÂN DÂN TỈNH HẢI DƯƠNG", "KHÓA XVI, KỲ HỌP THỨ 14").
AUTHORITY_LINE = re.compile(
    r"^(HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|QUỐC HỘI|CHÍNH PHỦ|BỘ TRƯỞNG|THỐNG ĐỐC|"
    r"CHỦ TỊCH|THỦ TƯỚNG|KHÓA|KHOÁ)\b")

# Preamble cues.
CITATION_CUE = re.compile(r"^Căn\s+cứ\b", re.IGNORECASE)
RECITAL_CUE = re.compile(r"^(Xét|Theo\s+đề\s+nghị|Thực\s+hiện|Trên\s+cơ\s+sở)\b", re.IGNORECASE)
FORMULA_LINE = re.compile(r"^(QUYẾT\s+NGHỊ|QUYẾT\s+ĐỊNH|NGHỊ\s+QUYẾT)\s*:$")
ISSUING_SENTENCE = re.compile(r"\bban\s+hành\s+(Thông\s+tư|Nghị\s+định|Quyết\s+định|Nghị\s+quyết|Luật)\b", re.IGNORECASE)

# Structural labels, in the order they are tried. Each yields (num, rest).
STRUCTURE = [
    ("part", re.compile(r"^(?:PHẦN|Phần)\s+(?P<num>THỨ\s+[A-ZÀ-Ỹ]+|thứ\s+\S+|[IVXLC]+|\d+)(?:\s*[.:]\s*|\s+|$)(?P<rest>.*)$")),
    ("chapter", re.compile(r"^(?:CHƯƠNG|Chương)\s+(?P<num>[IVXLC]+|\d+)(?:\s*[.:]\s*|\s+|$)(?P<rest>.*)$")),
    ("subsection", re.compile(r"^(?:TIỂU MỤC|Tiểu mục)\s+(?P<num>\d+)(?:\s*[.:]\s*|\s+|$)(?P<rest>.*)$")),
    ("section", re.compile(r"^(?:MỤC|Mục)\s+(?P<num>\d+)(?:\s*[.:]\s*|\s+|$)(?P<rest>.*)$")),
    # "Điều 5.", "Điều 3a:", "ĐIỀU 5.", and "Điền 9a." as a misprint of it
    ("article", re.compile(r"^(?:Điều|ĐIỀU|Điền)\s+(?P<num>\d+[a-zđ]?)\s*[.:](?P<rest>.*)$")),
    ("subparagraph", re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)(?:\.(?!\d)|(?=\s))\s*(?P<rest>.*)$")),
    ("paragraph", re.compile(r"^(?P<num>\d{1,3}[a-zđ]?)\.(?!\d)\s*(?P<rest>.*)$")),   # "3." and "3a." (inserted)
    ("point", re.compile(r"^(?P<num>[a-zđ])\)\s*(?P<rest>.*)$")),
    ("tiet", re.compile(r"^\((?P<num>[ivxl]+)\)\s*(?P<rest>.*)$")),
    ("indent", re.compile(r"^(?P<num>[-–—•])\s*(?P<rest>\S.*)$")),
    ("subindent", re.compile(r"^(?P<num>\+)\s+(?P<rest>.*)$")),
]

# The kinds a line can be, by its first character (the patterns above all start
# with a fixed word or symbol): a line is tried only against those.
def _first_chars(kind: str) -> str:
    return {"part": "P", "chapter": "Cc", "subsection": "Tt", "section": "Mm", "article": "Đ",
            "subparagraph": "0123456789", "paragraph": "0123456789", "point": "abcdefghijklmnopqrstuvwxyzđ",
            "tiet": "(", "indent": "-–—•", "subindent": "+"}[kind]


_BY_FIRST: dict[str, list] = {}
for _kind, _rx in STRUCTURE:
    for _ch in _first_chars(_kind):
        _BY_FIRST.setdefault(_ch, []).append((_kind, _rx))


def structure_candidates(text: str) -> list:
    """The (kind, pattern) pairs of STRUCTURE that can match ``text``, in order."""
    return _BY_FIRST.get(text[:1], ()) if text else ()


# How deep each kind sits; a new unit closes every open unit at its level or below.
LEVEL = {"part": 10, "chapter": 20, "section": 30, "subsection": 40, "article": 50,
         "paragraph": 60, "subparagraph": 60, "point": 80, "tiet": 85,
         "indent": 90, "subindent": 95}
# The AKN element for each kind (tiết is a point nested in a point).
AKN_ELEMENT = {"part": "part", "chapter": "chapter", "section": "section",
               "subsection": "subsection", "article": "article", "paragraph": "paragraph",
               "subparagraph": "subparagraph", "point": "point", "tiet": "point",
               "indent": "indent", "subindent": "indent"}
# Kinds that need an enclosing unit of these kinds (or a quoted root).
NEEDS_PARENT = {"paragraph": {"article"}, "subparagraph": {"article", "paragraph", "subparagraph"},
                "point": {"article", "paragraph", "subparagraph"}, "tiet": {"point"}}
HEADED = {"part", "chapter", "section", "subsection", "article"}

# Verbs of amendment instructions; used to tell a compound instruction
# ("1. Sửa đổi, bổ sung khoản 2 Điều 11 như sau:") from replacement content.
UNIT_WORDS = r"(?:Phần|Chương|Mục|Tiểu\s+mục|Điều|khoản|Khoản|điểm|Điểm|tiết|Tiết|Phụ\s+lục)"
INSTRUCTION_START = re.compile(
    r"^(?:Sửa\s+đổi|Bổ\s+sung|Bãi\s+bỏ|Thay\s+thế|Bỏ|Ngưng\s+hiệu\s+lực|Đình\s+chỉ|Điều\s+chỉnh|Đính\s+chính)"
    r"\b.*\b" + UNIT_WORDS + r"\s+(?:\d+[a-zđ]?\b|[IVXLC]+\b|[a-zđ]\b)", re.IGNORECASE)
# the passive form: "Khoản 3 Điều 2 được sửa đổi, bổ sung như sau: “…”"
PASSIVE_INSTRUCTION = re.compile(
    r"^(?:" + UNIT_WORDS + r")\s+\S+.*\bđược\s+(?:sửa\s+đổi|bổ\s+sung|thay\s+thế|điều\s+chỉnh)", re.IGNORECASE)
AS_FOLLOWS = re.compile(r"(như\s+sau|sau\s+đây)\s*:\s*$", re.IGNORECASE)
# Heads followed by sentences, not by new content: corrections and phrase changes.
NO_NEW_CONTENT = re.compile(r"^Đính\s+chính|\bcụm\s+từ\b|\btừ\s+ngữ\b", re.IGNORECASE)

# Quotation marks as drafters and web pages print them: curly, straight, doubled apostrophes, single curly,
# guillemets, in any pairing ("“…”", "\"…”", "''…''", "‘…’", "«…»", a doubled closer "…””").
OPEN_QUOTES = "“\"‘«'"
CLOSE_QUOTES = "”\"’»'"
_OPEN_MARK = re.compile(r"“|‘|«|(?:(?<=^)|(?<=[\s(:;,–—-]))(?:''|\")(?=[^\W_]|[(\[…])|(?:(?<=^)|(?<=[\s(:]))'(?=[^\W_])")
_CLOSE_MARK = re.compile(r"”|’|»|(?<=\S)''|(?<=\S)\"|(?<=[^\s'])'(?=[\s.,;:)]|$)")


def quote_balance(text: str) -> int:
    """Opening minus closing quotation marks in ``text``, whatever their shape (a straight mark opens before a
    word and closes after one)."""
    opens = len(_OPEN_MARK.findall(text))
    closes = len(_CLOSE_MARK.findall(_OPEN_MARK.sub(" ", text)))
    return opens - closes


def ends_with_close(text: str) -> bool:
    """Does the line end with a closing quotation mark (before its full stop, semicolon or comma)?"""
    t = text.rstrip("./;, ")
    return bool(t) and (t[-1] in "”\"’»" or t.endswith("''") or (t[-1] == "'" and not t.endswith(" '")))


def opening_mark(text: str) -> str | None:
    """The quotation mark a line opens with, if it does ("''" counts as one mark)."""
    if text.startswith("''"):
        return "''"
    return text[0] if text and text[0] in "“\"‘«" else None

# The end of the body.
RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
SIGNATURE_ROLE = re.compile(r"^(TM\.|KT\.|Q\.|TL\.|TUQ\.|T/M|K/T)\s*\S", re.IGNORECASE)
SIGNER_TITLE = re.compile(
    r"^(PHÓ\s+)?(CHỦ\s+TỊCH|THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG|THỐNG\s+ĐỐC|GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|"
    r"TRƯỞNG\s+BAN|BÍ\s+THƯ|TỔNG\s+GIÁM\s+ĐỐC|CHỦ\s+NHIỆM|TỔNG\s+KIỂM\s+TOÁN)\b.*$")
# The passing formula of a law or a resolution of the Quốc hội, after its last article: part of the conclusions.
PASSING_FORMULA = re.compile(r"^(?:Luật|Bộ\s+luật|Bộ\s+Luật|Pháp\s+lệnh|Nghị\s+quyết|Hiến\s+pháp)\s+này\s+(?:đã\s+)?được\s+"
                             r".{0,200}?\bthông\s+qua\s+ngày\b", re.IGNORECASE)
EFFECT_CLAUSE = re.compile(r"^(Nghị\s+quyết|Quyết\s+định|Thông\s+tư|Nghị\s+định|Luật|Chỉ\s+thị)\s+này\b.*\bhiệu\s+lực\b", re.IGNORECASE)
# A regulation issued with a decision and attached to it ("QUY ĐỊNH … (Ban hành kèm theo Quyết định số …)").
ATTACHED_TITLE = re.compile(r"^(?:QUY\s+ĐỊNH|QUY\s+CHẾ|ĐIỀU\s+LỆ|QUY\s+TRÌNH|HƯỚNG\s+DẪN|CHƯƠNG\s+TRÌNH|KẾ\s+HOẠCH|ĐỀ\s+ÁN)$")
MADE_WITH = re.compile(r"^\((?:Ban\s+hành\s+)?[Kk]èm\s+theo\b|^\(Ban\s+hành\s+kèm\b", re.IGNORECASE)
AUTHENTICATION = re.compile(r"^XÁC\s+THỰC\s+VĂN\s+BẢN\s+HỢP\s+NHẤT$", re.IGNORECASE)
ANNEX = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:SỐ\s+|số\s+)?(?P<num>[0-9]+[a-z]?|[IVXLC]+))?\s*[.:]?\s*(?P<rest>.*)$")

# In force.
IN_FORCE = re.compile(
    r"có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:(?:kể\s+)?từ\s+(?P<when>ngày\s+ký|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|ngày\s+\d{1,2}/\d{1,2}/\d{4})|sau\s+(?P<days>\d{1,3})\s+ngày,?\s+(?:kể\s+)?từ\s+ngày\s+ký)", re.IGNORECASE)

# A consolidated text (văn bản hợp nhất) says what amended the base.
CONSOLIDATION_CUE = re.compile(r"được\s+sửa\s+đổi,\s+bổ\s+sung\s+bởi\s*:\s*$|^XÁC\s+THỰC\s+VĂN\s+BẢN\s+HỢP\s+NHẤT$", re.IGNORECASE)

# Website clutter: lines that never belong to a document, at its end.
TRAILER = [
    re.compile(p, re.IGNORECASE) for p in (
        r"^Nội dung văn bản đang được cập nhật$", r"^Văn bản liên quan\b", r"^Tải văn bản\b",
        r"^Số hiệu\s*:", r"^Loại văn bản\s*:", r"^Nơi ban hành\s*:", r"^Người ký\s*:",
        r"^Ngày ban hành\s*:", r"^Ngày hiệu lực\s*:", r"^Tình trạng\s*:", r"^Nổi bật$",
        r"^\(\d+\)\s*Bình luận$", r"^Loading…?$", r"^Hãy đăng nhập\b", r"^Văn bản đang xem$",
        r"^Lược đồ$", r"^Bản in$", r"^Chia sẻ\b", r"^Tin mới nhất$",
    )]

# Annex tables: a header starts with "STT"; merged header cells say so.
TABLE_START = re.compile(r"^(STT|TT|Số\s+TT|Số\s+thứ\s+tự)$", re.IGNORECASE)
MERGED_HEADER_WORDS = ("phan ky", "giai doan", "trong do", "chia ra", "bao gom", "nguon von",
                       "ke hoach", "du kien", "chi tiet")
UNIT_LINE = re.compile(r"^\(?Đơn\s+vị(?:\s+tính)?\s*:\s*(?P<unit>[^)]+)\)?$", re.IGNORECASE)
TOTAL_LABEL = re.compile(r"^(TỔNG\s+CỘNG|Tổng\s+cộng|TỔNG\s+SỐ|Tổng\s+số)\b")
SUBTOTAL_LABEL = re.compile(r"^(Tổng|TỔNG|Cộng|CỘNG)\b")

# Money units: (pattern, concept id, shown as, factor in đồng).
MONEY_UNITS = [
    (r"nghìn\s+tỷ\s+đồng", "nghin-ty-dong", "nghìn tỷ đồng", 10**12),
    (r"tỷ\s+đồng", "ty-dong", "tỷ đồng", 10**9),
    (r"triệu\s+đồng", "trieu-dong", "triệu đồng", 10**6),
    (r"nghìn\s+đồng", "nghin-dong", "nghìn đồng", 10**3),
    (r"đồng", "dong", "đồng", 1),
]
MONEY_RE = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s+(?P<unit>"
    + "|".join(u[0] for u in MONEY_UNITS) + r")(?!\w)")

# Containers whose children build their eIds on the container's own base
# (articles are numbered through the document: art_5, not chp_I__art_5).
UNPREFIXED_CHILDREN = {"part", "chapter", "section", "subsection"}

TRAILER_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in TRAILER), re.IGNORECASE)
