"""Identifiers: document types, issuers, FRBR URIs and eIds as value objects.

Drafting vocabulary lives in the tables at the top so a new style or issuer is
a data change, not a code change.

>>> u = FrbrUri.parse("/akn/vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd")
>>> u.work_uri(), u.expression_uri("2020-11-12"), u.point_in_time("2024-06-01")
('/akn/vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd', '/akn/vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd/vie@2020-11-12', '/akn/vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd/vie:2024-06-01')
>>> eid_num("Điều 32đ."), eid_num("5.2.1."), eid_num("(iii)")
('32dd', '5-2-1', 'iii')
"""
from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from .errors import IdentifierError
from .text import fold, slug

# --- document types ----------------------------------------------------------
# name as written → (subtype slug, rank for the hierarchy of legal documents;
# None = not a normative document, e.g. Party documents, plans).
DOC_TYPES: dict[str, tuple[str, int | None]] = {
    "Hiến pháp": ("hien-phap", 1),
    "Bộ luật": ("bo-luat", 2),
    "Luật": ("luat", 2),
    "Nghị quyết liên tịch": ("nghi-quyet-lien-tich", 4),
    "Pháp lệnh": ("phap-lenh", 3),
    "Nghị định": ("nghi-dinh", 4),
    "Nghị quyết": ("nghi-quyet", 4),   # rank depends on issuer, see issuer_rank
    "Quyết định": ("quyet-dinh", 5),
    "Thông tư liên tịch": ("thong-tu-lien-tich", 6),
    "Thông tư": ("thong-tu", 6),
    "Chỉ thị": ("chi-thi", 8),
    "Thông báo": ("thong-bao", None),
    "Văn bản hợp nhất": ("van-ban-hop-nhat", None),
    "Đề án": ("de-an", None),
    "Kế hoạch": ("ke-hoach", None),
    "Công văn": ("cong-van", None),
    "Lệnh": ("lenh", 3),
}
SUBTYPE_NAMES = {v[0]: k for k, v in DOC_TYPES.items()}

# Abbreviations used in document numbers ("NQ-HĐND", "NĐ-CP", "TT-NHNN").
NUMBER_TYPE_ABBR = {
    "NQLT": "nghi-quyet-lien-tich", "NQ": "nghi-quyet", "NĐ": "nghi-dinh",
    "QĐ": "quyet-dinh", "TTLT": "thong-tu-lien-tich", "TT": "thong-tu",
    "CT": "chi-thi", "TB": "thong-bao", "VBHN": "van-ban-hop-nhat",
    "QH": "luat", "L": "lenh", "KH": "ke-hoach", "ĐA": "de-an",
}

# Issuers: a pattern on the folded name → (id, kind, level). Locality comes
# from the place name after "tỉnh"/"thành phố".
ISSUER_KINDS = [
    (r"^quoc hoi", "quoc-hoi", "QH", "central"),
    (r"^uy ban thuong vu quoc hoi", "ubtvqh", "UBTVQH", "central"),
    (r"^chu tich nuoc", "chu-tich-nuoc", "CTN", "central"),
    (r"^thu tuong chinh phu", "thu-tuong", "TTg", "central"),
    (r"^chinh phu", "chinh-phu", "CP", "central"),
    (r"^ngan hang nha nuoc", "nhnn", "NHNN", "central"),
    (r"^thong doc ngan hang nha nuoc", "nhnn", "NHNN", "central"),
    (r"^bo ", "bo", "BO", "central"),
    (r"^hoi dong nhan dan", "hdnd", "HĐND", "province"),
    (r"^hdnd", "hdnd", "HĐND", "province"),
    (r"^uy ban nhan dan", "ubnd", "UBND", "province"),
    (r"^ubnd", "ubnd", "UBND", "province"),
    (r"^ban thuong vu tinh uy", "btv-tinh-uy", "TU", "party"),
    (r"^tinh uy", "tinh-uy", "TU", "party"),
]

# Rank of an issuer+type pair in the hierarchy of legal documents
# (Luật Ban hành văn bản quy phạm pháp luật 2015, Điều 4): smaller is higher.
def issuer_rank(subtype: str, issuer_kind: str | None) -> int | None:
    table = {
        ("hien-phap", None): 1, ("luat", None): 2, ("bo-luat", None): 2,
        ("nghi-quyet", "quoc-hoi"): 2, ("phap-lenh", None): 3,
        ("nghi-quyet", "ubtvqh"): 3, ("lenh", None): 3,
        ("nghi-dinh", None): 4, ("nghi-quyet", "chinh-phu"): 4,
        ("quyet-dinh", "thu-tuong"): 5, ("thong-tu", None): 6,
        ("thong-tu-lien-tich", None): 6,
        ("nghi-quyet", "hdnd"): 7, ("quyet-dinh", "ubnd"): 8, ("chi-thi", "ubnd"): 8,
    }
    return table.get((subtype, issuer_kind), table.get((subtype, None)))


PLACE_LOCALITY_RE = re.compile(r"\b(?:tinh|thanh pho)\s+([a-z ]+)$")


def issuer_info(name: str) -> dict:
    """Classify an issuer name: ``{'kind', 'abbr', 'level', 'locality', 'id'}``."""
    f = fold(name)
    info = {"kind": None, "abbr": None, "level": None, "locality": None,
            "id": slug(name), "name": " ".join(name.split())}
    for pat, kind, abbr, level in ISSUER_KINDS:
        if re.search(pat, f):
            info.update(kind=kind, abbr=abbr, level=level)
            break
    m = PLACE_LOCALITY_RE.search(f)
    if m and info["level"] in ("province", "party", None):
        info["locality"] = m.group(1).replace(" ", "")
    return info


def subtype_of(type_name: str) -> str:
    """``subtype_of("Nghị quyết") == 'nghi-quyet'``; unknown names are slugged."""
    for name, (sub, _) in DOC_TYPES.items():
        if fold(name) == fold(type_name):
            return sub
    return slug(type_name)


def subtype_from_number(number: str) -> str | None:
    """The type an official number implies: "40/2020/NĐ-CP" → "nghi-dinh",
    "1527-TB/TU" → "thong-bao", "39/2019/QH14" → "luat"."""
    for tok in re.split(r"[-/]", number)[1:]:
        tok = re.sub(r"\d+$", "", tok)
        if tok in NUMBER_TYPE_ABBR:
            return NUMBER_TYPE_ABBR[tok]
    return None


DOC_NUMBER_RE = re.compile(r"\b(\d+[a-zđ]?(?:/\d{4})?/[A-ZĐ][A-ZĐ0-9]*(?:[-/][A-ZĐ][A-ZĐ0-9]*)*)")


# --- FRBR URIs ---------------------------------------------------------------
_FRBR_RE = re.compile(
    r"^/akn/(?P<country>[a-z]{2})(?:-(?P<locality>[a-z0-9]+))?/(?P<doctype>act|doc|bill|judgment)"
    r"/(?P<subtype>[a-z0-9-]+)/(?P<date>\d{4}(?:-\d{2}-\d{2})?|unknown)/(?P<number>[a-z0-9-]+)"
    r"(?:/(?P<lang>[a-z]{3})(?P<sep>[@:])(?P<exp_date>\d{4}-\d{2}-\d{2})?)?(?:/?~(?P<eid>[\w-]+))?$")


_PART_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PART_COUNTRY = re.compile(r"[a-z]{2}")
_PART_DATE = re.compile(r"\d{4}(?:-\d{2}-\d{2})?|unknown")
_PART_DOCTYPE = re.compile(r"act|doc|bill|judgment")


@dataclass(frozen=True, order=True)
class FrbrUri:
    """An AKN FRBR URI for a Vietnamese work (and optionally an expression)."""

    country: str
    locality: str | None
    subtype: str
    date: str
    number: str
    doctype: str = "act"
    language: str | None = None
    exp_sep: str | None = None
    exp_date: str | None = None

    def __post_init__(self):
        # every part becomes a folder name of the corpus and the site: nothing but the FRBR pattern passes
        for name, value, rx in (("country", self.country, _PART_COUNTRY), ("locality", self.locality, _PART_SLUG),
                                ("subtype", self.subtype, _PART_SLUG), ("date", self.date, _PART_DATE),
                                ("number", self.number, _PART_SLUG), ("doctype", self.doctype, _PART_DOCTYPE)):
            if value is None and name == "locality":
                continue
            if not isinstance(value, str) or not rx.fullmatch(value):
                raise IdentifierError(f"the {name} of an FRBR URI may hold only lower-case letters, digits and "
                                      "hyphens", found=repr(value),
                                      expected={"date": "YYYY, YYYY-MM-DD or unknown"}.get(name, "a slug such as "
                                                                                                "'nghi-quyet'"))

    @classmethod
    def parse(cls, uri: str) -> FrbrUri:
        m = _FRBR_RE.match(uri.strip())
        if not m:
            raise IdentifierError("not an FRBR URI of the form /akn/vn[-locality]/act/<subtype>/<date>/<number>",
                                  found=repr(uri))
        g = m.groupdict()
        return cls(g["country"], g["locality"], g["subtype"], g["date"], g["number"],
                   g["doctype"], g["lang"], g["sep"], g["exp_date"])

    @classmethod
    def for_work(cls, subtype: str, date: datetime.date | str | None, number: str,
                 locality: str | None = None) -> FrbrUri:
        return cls("vn", locality, subtype, cls.date_part(date, number), number_slug(number))

    @staticmethod
    def date_part(date: datetime.date | str | None, number: str | None, before: str | None = None) -> str:
        """The date in a work's URI: the date of signing; when it is not known, the year the number carries
        ("202/2025/QH15" → "2025", a date FRBR tools accept and no guess); else the year of the latest date
        it can have been signed (``before``: an identifier only, the work's dates keep "signed before");
        "unknown" only without any of them.

        >>> FrbrUri.date_part(None, "202/2025/QH15"), FrbrUri.date_part(None, "1527-TB/TU")
        ('2025', 'unknown')
        >>> FrbrUri.date_part(None, None, "2024-05-08")
        '2024'
        """
        if isinstance(date, datetime.date):
            return date.isoformat()
        if date:
            return date
        m = re.search(r"/((?:19|20)\d{2})/", number or "")
        if m:
            return m.group(1)
        return before[:4] if before and re.match(r"(?:19|20)\d{2}-", before) else "unknown"

    def work_uri(self) -> str:
        place = self.country + (f"-{self.locality}" if self.locality else "")
        return f"/akn/{place}/{self.doctype}/{self.subtype}/{self.date}/{self.number}"

    def expression_uri(self, date: str | None = None) -> str:
        return f"{self.work_uri()}/vie@{date or ''}"

    def point_in_time(self, date: str) -> str:
        return f"{self.work_uri()}/vie:{date}"

    def path(self) -> str:
        """Folder path of the work inside the corpus, e.g. ``vn-haiduong/act/...``."""
        return self.work_uri().removeprefix("/akn/")

    def folder(self, root):
        """The work's folder under ``root`` (a Path), checked to resolve inside it (symbolic links included)."""
        from pathlib import Path
        base = Path(root).resolve()
        folder = Path(root) / self.path()
        if not folder.resolve().is_relative_to(base):
            raise IdentifierError("the folder of this work would lie outside the corpus", found=str(folder),
                                  expected=f"a folder inside {root}")
        return folder

    def __str__(self) -> str:
        return self.work_uri()


def number_slug(number: str) -> str:
    """``number_slug("08/2020/NQ-HĐND") == '08-2020-nq-hdnd'``."""
    s = slug(number.replace("đ", "d").replace("Đ", "D"))
    if not s:
        raise IdentifierError("empty document number", found=repr(number))
    return s


# --- eIds --------------------------------------------------------------------
EID_PREFIX = {
    "part": "part", "chapter": "chp", "section": "sec", "subsection": "subsec",
    "article": "art", "paragraph": "para", "subparagraph": "subpara",
    "point": "point", "indent": "indent", "table": "table", "tr": "tr",
    "attachment": "att", "quotedStructure": "qstr", "mod": "mod",
    "citations": "citations", "citation": "citation", "recitals": "recitals",
    "recital": "recital", "authorialNote": "fn", "list": "list", "item": "item",
}


@functools.lru_cache(maxsize=8192)
def eid_num(num: str) -> str:
    """Normalise a printed number for use in an eId (đ → dd, 5.2.1 → 5-2-1)."""
    s = num.strip()
    if _SIMPLE_NUM.match(s):
        return s.rstrip(".)")
    s = re.sub(r"^(?:Điều|Khoản|Điểm|Chương|Mục|Phần|Tiểu mục|Phụ lục)\s+", "", s, flags=re.IGNORECASE)
    s = s.strip(" .:)(")
    s = s.replace("đ", "dd").replace("Đ", "DD")
    s = re.sub(r"\.", "-", s)
    s = re.sub(r"[^0-9A-Za-z-]+", "-", fold(s) if not s.isupper() else s).strip("-")
    return s or "x"


_SIMPLE_NUM = re.compile(r"^(?:\d+|[a-ce-z])[.)]?$")


def make_eid(parent_eid: str | None, element: str, num: str | int) -> str:
    comp = f"{EID_PREFIX.get(element, element)}_{num}"
    return f"{parent_eid}__{comp}" if parent_eid else comp


def eid_parts(eid: str) -> list[tuple[str, str]]:
    """``eid_parts("art_5__para_2") == [('art', '5'), ('para', '2')]``."""
    out = []
    for comp in eid.split("__"):
        k, _, v = comp.partition("_")
        out.append((k, v))
    return out
