"""When a work takes effect, and how amend knows it.

A work's ``amend:dates/@inForceRule`` says where its in-force date comes from:

* ``date``: the date its text states ("có hiệu lực từ ngày 12/11/2020") or a clerk entered from a source;
* ``signing``: "có hiệu lực kể từ ngày ký";
* ``days-after-signing:N``: "có hiệu lực sau N ngày kể từ ngày ký";
* ``earliest-statutory:N``: no source in the corpus states it; the date is the earliest the law allows,
  N days after signing (khoản 1 Điều 151 Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13), and
  every page that shows it says so;
* ``unknown``: no date.

Only ``earliest-statutory`` is derived rather than read; :func:`earliest` is the one place that derives it.
"""
from __future__ import annotations

import datetime
import re

from .errors import AmendError
from .text import fold, format_date_vi

LAW_2015 = "Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13"
# The Law's Điều 151 khoản 1 governs documents signed while it was in force: 01/7/2016 to 31/3/2025.
LAW_2015_FROM = datetime.date(2016, 7, 1)
LAW_2015_TO = datetime.date(2025, 3, 31)
# "không sớm hơn 45 ngày kể từ ngày thông qua hoặc ký ban hành" (central bodies), 10 days (HĐND and UBND
# cấp tỉnh), 07 days (HĐND and UBND cấp huyện, cấp xã)
_DAYS = {"central": 45, "province": 10, "local": 7}
_LEVEL_WORDS = {"central": "cơ quan nhà nước trung ương",
                "province": "Hội đồng nhân dân, Ủy ban nhân dân cấp tỉnh",
                "local": "Hội đồng nhân dân, Ủy ban nhân dân cấp huyện, cấp xã"}
# cấp tỉnh: a tỉnh, or one of the cities directly under the central government
_PROVINCE = re.compile(r"\btinh\b|\bthanh pho (?:ha noi|ho chi minh|hai phong|da nang|can tho|hue)\b")
_LOCAL = re.compile(r"\b(?:thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|dac khu)\b")


class InForceError(AmendError):
    """An in-force date asked to be derived where no stated rule applies."""


def _tier(issuer: dict) -> str | None:
    if issuer.get("level") == "central":
        return "central"
    if issuer.get("kind") not in ("hdnd", "ubnd"):
        return None
    name = fold(issuer.get("name") or "")
    if _PROVINCE.search(name):
        return "province"
    return "local" if _LOCAL.search(name) else None


def earliest(signed: datetime.date | None, issuer: dict, *, document: str = "") -> tuple[datetime.date, str]:
    """The earliest in-force date the law allows, and its rule (``earliest-statutory:N``)."""
    if signed is None:
        raise InForceError("cannot derive an in-force date without the signing date", document=document,
                           expected="--date YYYY-MM-DD")
    if not LAW_2015_FROM <= signed <= LAW_2015_TO:
        raise InForceError(f"no stated rule for documents signed on {signed.isoformat()}: the statutory minimum "
                           f"is known for {LAW_2015_FROM:%d/%m/%Y}–{LAW_2015_TO:%d/%m/%Y} only", document=document,
                           expected="an in-force date from a source (--in-force YYYY-MM-DD)")
    tier = _tier(issuer)
    if tier is None:
        raise InForceError(f"no statutory minimum known for the issuer {issuer.get('name')!r}", document=document,
                           expected="an in-force date from a source (--in-force YYYY-MM-DD)")
    days = _DAYS[tier]
    return signed + datetime.timedelta(days=days), f"earliest-statutory:{days}"


def explain(rule: str | None, in_force: str | None, signed: str | None) -> str | None:
    """A reader's sentence for a derived date; None when the date was read from a source."""
    if not rule or not rule.startswith("earliest-statutory:") or not in_force:
        return None
    days = int(rule.split(":", 1)[1])
    tier = next((t for t, d in _DAYS.items() if d == days), None)
    who = _LEVEL_WORDS.get(tier, "cơ quan ban hành")
    when = format_date_vi(datetime.date.fromisoformat(in_force))
    since = (f" ký ngày {datetime.date.fromisoformat(signed):%d/%m/%Y}" if signed else "")
    return (f"Ngày có hiệu lực ({when[5:] if when.startswith('ngày ') else when}) không được nêu trong nguồn nào "
            f"của kho dữ liệu. Đây là ngày sớm nhất văn bản{since} có thể có hiệu lực: văn bản quy phạm pháp luật "
            f"của {who} có hiệu lực không sớm hơn {days:02d} ngày kể từ ngày ký ban hành (khoản 1 Điều 151 "
            f"{LAW_2015}); ngày thực tế có thể muộn hơn.")
