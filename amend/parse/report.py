"""A press report standing in for a document the corpus does not have.

When a decision's own text is not available, what it changed may be known only from a news article (the
2024 adjustment of the Hải Dương Đề án).  Such a source is named as what it is wherever it is cited: the
article's headline, its byline and publication time as printed, and its publisher when the page names one;
what the page does not give is said to be missing, never guessed (the seed's byline "VN" is kept as printed).
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..text import short_date

# "VN 08/05/2024 14:09", "Thành Chung - 08/05/2024 14:09", "08/05/2024 | 14:09 GMT+7"
_BYLINE = re.compile(r"^(?P<by>[^\d\n]{0,60}?)[\s\-–|]*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
                     r"(?:[\s,|\-–]+(?P<t>\d{1,2}:\d{2}))?(?:\s*(?:GMT|UTC)?\s*[+-]?\d{0,2})?\s*$")
# A publisher the page prints as such ("Nguồn: Báo Hải Dương", "Theo Báo Tin tức")
_PUBLISHER = re.compile(r"^\s*(?:Nguồn|Theo)\s*:?\s*(?P<p>(?:Báo|Tạp\s+chí|Cổng\s+thông\s+tin|Đài|Thông\s+tấn)\s.{2,80}?)"
                        r"\s*\.?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class PressReport:
    headline: str
    byline: str | None            # as printed ("VN"); None when the page prints none
    published: str                # ISO date, with the time when printed ("2024-05-08T14:09")
    publisher: str | None = None  # only when the page names it

    def describe(self) -> str:
        """"bài báo “…” (ký tên VN, đăng lúc 14:09 ngày 08/5/2024; nguồn không nêu tên cơ quan báo chí)"."""
        day, _, time = self.published.partition("T")
        when = (f"lúc {time} " if time else "") + f"ngày {short_date(day)}"
        parts = [f"ký tên {self.byline}" if self.byline else "không ghi tác giả", f"đăng {when}"]
        who = f"trên {self.publisher}" if self.publisher else "nguồn không nêu tên cơ quan báo chí"
        return f"bài báo “{self.headline}” ({', '.join(parts)}; {who})"

    def cited(self, where: str) -> str:
        """"dòng 10 của bài báo" → "dòng 10 của bài báo “…” (ký tên …)"."""
        return where + self.describe()[len("bài báo"):] if where.endswith("bài báo") else \
            f"{self.describe()}, {where}"

    def attributes(self) -> dict:
        return {"kind": "press-report", "headline": self.headline, "byline": self.byline,
                "published": self.published, "publisher": self.publisher}

    @classmethod
    def from_attributes(cls, a) -> "PressReport | None":
        if a is None or a.get("kind") != "press-report" or not a.get("headline") or not a.get("published"):
            return None
        return cls(a.get("headline"), a.get("byline"), a.get("published"), a.get("publisher"))


def press_report(text: str) -> PressReport | None:
    """The report's headline, byline and time from the top of a news page; None for anything else.

    The byline is the first line, among the first 15, that ends in a date (and time); the headline is the
    nearest line above it long enough to be one.  A legal document (a "Số: …" line or a national motto
    before the byline) is not a report.
    """
    lines = text.splitlines()[:15]
    for i, line in enumerate(lines):
        if re.match(r"\s*(?:Số|CỘNG\s+HÒA)\b", line):
            return None
        m = _BYLINE.match(line.strip())
        if not m:
            continue
        try:
            day = datetime.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            return None
        head = next((h.strip() for h in reversed(lines[:i]) if len(h.strip()) >= 20), None)
        if head is None:
            return None
        published = day.isoformat() + (f"T{int(m.group('t').split(':')[0]):02d}:{m.group('t').split(':')[1]}"
                                       if m.group("t") else "")
        pub = _PUBLISHER.search(text)
        return PressReport(head, m.group("by").strip(" -–|") or None, published,
                           " ".join(pub.group("p").split()) if pub else None)
    return None
