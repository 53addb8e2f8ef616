"""Vietnamese text primitives: NFC, folding, numbers, dates, numbering.

Pure functions; nothing here knows about XML.

>>> fold("Đầu tư công")
'dau tu cong'
>>> parse_number("3.800"), parse_number("1,5"), parse_number("1250")
(3800, 1.5, 1250)
>>> parse_date("ngày 02 tháng 11 năm 2020"), parse_date("13/6/2019")
(datetime.date(2020, 11, 2), datetime.date(2019, 6, 13))
>>> format_date_vi(datetime.date(2024, 1, 8))
'ngày 08 tháng 01 năm 2024'
"""
from __future__ import annotations

import datetime
import re
import unicodedata

NBSP = "\u00a0"

# Vietnamese point letters in drafting order (no f, j, w, z; đ after d).
POINT_LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"]

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
ROMAN_RE = re.compile(r"^(?=[IVXLCDM]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def nfc(s: str) -> str:
    """Unicode NFC, the only form amend stores."""
    return unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    """Lower-case, strip diacritics (đ → d), collapse white space: a search key."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return " ".join(s.lower().split())


# Old-style and new-style tone placement on "oa", "oe", "uy" ("thoả" / "thỏa",
# "hoà" / "hòa", "quý" / "qúy" aside): the same word in two spellings.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_OLD = re.compile(r"(?:([oO])([" + _TONES + r"])([aAeE])|([uU])([" + _TONES + r"])([yY]))(?![a-zA-Z\u0300-\u036f])")


def canonical_tone(s: str) -> str:
    """Put the tone mark of a word-final "oa"/"oe"/"uy" on the second vowel.

    >>> canonical_tone("thỏa thuận") == canonical_tone("thoả thuận")
    True
    """
    d = unicodedata.normalize("NFD", s)
    d = _TONE_OLD.sub(lambda m: (m.group(1) + m.group(3) + m.group(2)) if m.group(1)
                      else (m.group(4) + m.group(6) + m.group(5)), d)
    return unicodedata.normalize("NFC", d)


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def truecase(title: str, text: str) -> str:
    """An upper-case title in the casing its own document uses for each word.

    Each word takes its most frequent form in ``text`` away from the start
    of a sentence ("HĐND", "Hải Dương", "Chương trình"); a word the text does
    not use is lower-cased; the first letter is kept lower for running text.

    >>> truecase("CỦA HĐND TỈNH HẢI DƯƠNG", "Nghị quyết của HĐND tỉnh Hải Dương. Tỉnh Hải Dương")
    'của HĐND tỉnh Hải Dương'
    """
    if title != title.upper():
        return title
    forms: dict[str, dict[str, int]] = {}
    # each word of the title looked for on its own (a law's body is long; its title has a few words)
    for low in {m.group(0).lower() for m in _WORD.finditer(title)}:
        d = forms.setdefault(low, {})
        for m in re.finditer(r"(?<![^\W\d_])" + re.escape(low) + r"(?![^\W\d_])", text, re.IGNORECASE):
            before = text[max(0, m.start() - 2):m.start()]
            if m.start() == 0 or re.search(r"[.:;!?\n]\s*$", before):
                continue
            w = m.group(0)
            d[w] = d.get(w, 0) + 1

    def pick(m):
        w = m.group(0)
        d = forms.get(w.lower())
        if not d:
            return w.lower()
        return max(sorted(d), key=lambda k: d[k])
    return _WORD.sub(pick, title)


def shorten(s: str, n: int) -> str:
    """``s`` cut at a word boundary to at most ``n`` characters, with "…" when cut.

    >>> shorten("Luật Tổ chức chính quyền địa phương", 20)
    'Luật Tổ chức chính…'
    """
    if len(s) <= n:
        return s
    return s[:n - 1].rsplit(" ", 1)[0] + "…"


def slug(s: str, maxlen: int = 80) -> str:
    """ASCII slug: ``slug("08/2020/NQ-HĐND") == '08-2020-nq-hdnd'``."""
    s = fold(s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:maxlen].rstrip("-")


def squash(s: str) -> str:
    """Collapse runs of white space (NBSP included) into one space."""
    return " ".join(s.replace(NBSP, " ").split())


def is_upper(s: str) -> bool:
    """True when ``s`` has letters and all of them are capitals ("QUYẾT NGHỊ:")."""
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def is_blank(s: str) -> bool:
    return not s.replace(NBSP, " ").strip()


# --- numbers -----------------------------------------------------------------
_NUM_RE = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^[+-]?\d+(?:,\d+)?$|^[+-]?\d+\.\d{1,2}$")


def parse_number(s: str) -> int | float | None:
    """A Vietnamese-formatted number, or None when ``s`` is not one.

    "." groups thousands and "," marks decimals ("3.800" = 3800, "1,5" = 1.5);
    a lone "." followed by one or two digits is read as a decimal point, as
    tables sometimes do ("2.5").
    """
    t = squash(s)
    if not t or not _NUM_RE.match(t):
        return None
    if re.match(r"^[+-]?\d+\.\d{1,2}$", t):
        v = float(t)
    else:
        t2 = t.replace(".", "").replace(",", ".")
        v = float(t2) if "." in t2 else int(t2)
    if isinstance(v, float) and v.is_integer() and "," not in t and "." not in t:
        return int(v)
    return v


def format_number(v: float) -> str:
    """Inverse of :func:`parse_number` (thousands with ".", decimals with ",")."""
    if isinstance(v, float) and not v.is_integer():
        whole, frac = f"{v:.6f}".rstrip("0").split(".")
        return f"{int(whole):,}".replace(",", ".") + "," + frac
    return f"{int(v):,}".replace(",", ".")


# --- dates -------------------------------------------------------------------
DATE_LONG_RE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
DATE_SHORT_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?![\d/])")
DATE_ANY_RE = re.compile(
    r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})|ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
    r"|(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])", re.IGNORECASE)


MIN_YEAR, MAX_YEAR = 1945, 2100     # the years a document of this state can bear


def _mk(d: str, m: str, y: str) -> datetime.date | None:
    try:
        return datetime.date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_date(s: str) -> datetime.date | None:
    """The first date in ``s`` ("ngày 02 tháng 11 năm 2020", "13/6/2019")."""
    m = DATE_ANY_RE.search(s)
    if not m:
        return None
    g = [x for x in m.groups() if x is not None]
    return _mk(*g)


def find_dates(s: str):
    """Yield ``(date, start, end)`` for every date written in ``s``."""
    for m in DATE_ANY_RE.finditer(s):
        g = [x for x in m.groups() if x is not None]
        d = _mk(*g)
        if d:
            yield d, m.start(), m.end()


def short_date(iso: str) -> str:
    """"2024-07-01" → "01/7/2024", as official footnotes write it."""
    d = datetime.date.fromisoformat(iso)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


def format_date_vi(d: datetime.date) -> str:
    """Official style: day < 10 and months 1–2 are zero-padded."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def format_date_short(d: datetime.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def vi_date(iso: str | None) -> str:
    """"2020-11-02" → "02/11/2020" (pages, tables, pictures); "" for no date; anything else as it is."""
    if not iso:
        return ""
    try:
        return format_date_short(datetime.date.fromisoformat(iso))
    except ValueError:
        return iso


# --- numbering ---------------------------------------------------------------
def roman_to_int(s: str) -> int | None:
    s = s.upper()
    if not s or not ROMAN_RE.match(s):
        return None
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, c in enumerate(s):
        v = vals[c]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total


def int_to_roman(n: int) -> str:
    out = []
    for v, r in _ROMAN:
        while n >= v:
            out.append(r)
            n -= v
    return "".join(out)


VI_ORDINALS = {"nhất": 1, "thứ nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5,
               "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}


# Letters of other scripts that look like the Latin ones a label uses ("р)" in Cyrillic for "p)"): a text copied from
# a web page or converted from a scan may carry them. Read as the Latin letter; the source keeps what it had.
CONFUSABLES = str.maketrans({"а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "і": "i",
                             "ј": "j", "ԁ": "d", "һ": "h", "к": "k", "ο": "o", "α": "a", "ν": "v"})


def fold_confusables(s: str) -> str:
    """``s`` with look-alike letters of other scripts replaced by the Latin ones (same length)."""
    return s.translate(CONFUSABLES)
