"""The catalogue of drafting forms: each fixture is an amending provision and what it must be read as.

A fixture ``tests/fixtures/instructions/<form>.txt`` holds, after its ``#``
comment lines, the body of an amending document (wrapped in a standard
header of Thông tư 05/2025/TT-BTP amending ``_base.txt``, Thông tư
10/2020/TT-BTP, unless it brings its own header), then sections:

``=== expect``  JSON: ``ops`` (each compared on the keys it gives: kind,
                target, source, effective, expires, work (a number), content
                (the new unit's text, white space folded), old, new, scope,
                heading, until, after, status, exceptions, revive), ``unread``
                and ``proposed`` (counts, default 0), ``apply`` (default true:
                the base consolidates with the document without a conflict).
``=== earlier`` the body of an earlier amending document (Thông tư
                02/2022/TT-BTP, in force 01/7/2022), replayed first.
``=== check``   lines ``eId: text`` the consolidated base must hold
                (``eId: !absent`` for a unit that must not be there).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from amend.ids import number_slug
from amend.parse import parse_text
from amend.read import Resolver, read, work_info
from amend.versions import consolidate

from .conftest import assert_legal_order

HERE = Path(__file__).parent / "fixtures" / "instructions"
FORMS = sorted(p for p in HERE.glob("*.txt") if not p.name.startswith("_"))

HEADER = """BỘ TƯ PHÁP
Số: {number}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày {day} tháng {month} năm {year}
THÔNG TƯ
Sửa đổi, bổ sung một số điều của Thông tư số 10/2020/TT-BTP ngày 10 tháng 3 năm 2020 của Bộ trưởng Bộ Tư pháp quy định về quản lý hồ sơ mẫu
Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015;
Bộ trưởng Bộ Tư pháp ban hành Thông tư sửa đổi, bổ sung một số điều của Thông tư số 10/2020/TT-BTP.
"""
FOOTER = "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nTrần Văn Công\n"


def wrap(body: str, number="05/2025/TT-BTP", date=("15", "01", "2025"), in_force="01 tháng 3 năm 2025") -> str:
    """A whole amending document around ``body`` (unless it has its own header)."""
    if re.search(r"^(?:(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+quyết)\s+số|Số)\s*:", body, re.MULTILINE):
        return body
    text = HEADER.format(number=number, day=date[0], month=date[1], year=date[2]) + body.rstrip("\n") + "\n"
    if "có hiệu lực" not in body:
        last = max([int(n) for n in re.findall(r"^Điều (\d+)[a-zđ]?\.", body, re.MULTILINE)] or [0])
        text += f"Điều {last + 1}. Hiệu lực thi hành\nThông tư này có hiệu lực thi hành từ ngày {in_force}.\n"
    return text + ("" if "BỘ TRƯỞNG\n" in body else FOOTER)


def sections(path: Path) -> dict[str, str]:
    raw = path.read_text(encoding="utf-8")
    parts = re.split(r"^=== (\w+)\s*$", raw, flags=re.MULTILINE)
    out = {"body": "\n".join(ln for ln in parts[0].splitlines() if not ln.startswith("#")).strip("\n") + "\n"}
    for name, text in zip(parts[1::2], parts[2::2]):
        out[name] = text.strip("\n") + "\n"
    return out


def base_tree():
    return parse_text((HERE / "_base.txt").read_text(encoding="utf-8"), "_base.txt").tree


def read_form(path: Path):
    s = sections(path)
    base = base_tree()
    res = Resolver()
    res.add(work_info(base))
    trees = []
    if "earlier" in s:
        trees.append(parse_text(wrap(s["earlier"], "02/2022/TT-BTP", ("20", "05", "2022"), "01 tháng 7 năm 2022"),
                                "earlier").tree)
    trees.append(parse_text(wrap(s["body"]), path.name).tree)
    for t in trees:
        res.add(work_info(t))
    root = base.getroot()
    bases = {work_info(root).uri: {e.get("eId") for e in root.iter() if isinstance(e.tag, str) and e.get("eId")}}
    readings = [read(t, res, bases=bases, document=path.name) for t in trees]
    return s, base, readings


def _norm(x: str) -> str:
    return re.sub(r"\s+", " ", x or "").strip()


def _text(el) -> str:
    """The words of an element, its number and heading apart from its text."""
    return _norm(" ".join(t for t in el.itertext()))


def _op_view(o, base_uri: str) -> dict:
    d = o.to_dict()
    d["source"] = o.source.provision
    d["work"] = "base" if o.work == base_uri else o.work
    if getattr(o, "content", ""):
        d["content"] = _text(etree.fromstring(o.content))
    d["scope"] = list(getattr(o, "scope", ()) or ())
    d["exceptions"] = list(getattr(o, "exceptions", ()) or ())
    return d


def _matches(want: dict, got: dict) -> bool:
    for k, v in want.items():
        g = got.get(k)
        if k == "work" and v != "base" and not v.startswith("/akn/"):
            if not (isinstance(g, str) and g.endswith("/" + number_slug(v))):
                return False
        elif k == "content":
            if _norm(v) != g:
                return False
        elif g != v:
            return False
    return True


@pytest.mark.parametrize("path", FORMS, ids=[p.stem for p in FORMS])
def test_form(path):
    s, base, readings = read_form(path)
    expect = json.loads(s.get("expect", "{}"))
    reading = readings[-1]
    base_uri = work_info(base).uri
    got = [_op_view(o, base_uri) for o in reading.operations]
    want = expect.get("ops", [])
    assert len(got) == len(want), f"{path.name}: read {len(got)} operations, expected {len(want)}:\n" + \
        "\n".join(json.dumps({k: g[k] for k in ("kind", "target", "source", "status", "note")}, ensure_ascii=False)
                  for g in got) + "\nunread: " + "; ".join(str(u) for u in reading.unread)
    for w, g in zip(want, got):
        assert _matches(w, g), f"{path.name}: expected {w}\n got {json.dumps(g, ensure_ascii=False)}"
    assert len(reading.unread) - len(reading.proposed) == expect.get("unread", 0), \
        f"{path.name}: unread {[str(u) for u in reading.unread]}"
    assert len(reading.proposed) == expect.get("proposed", 0)
    assert reading.normative == expect.get("normative", True)
    # every block of the body has a finding: nothing is passed over in silence
    assert all(f.outcome for f in reading.findings) and reading.findings
    if expect.get("apply", True):
        cons = consolidate(base, readings)
        for v in cons.versions:
            assert_legal_order(v.root, f"{path.name} @ {v.start}")
        root = cons.versions[-1].root
        for line in s.get("check", "").splitlines():
            if not line.strip():
                continue
            eid, _, text = line.partition(":")
            hits = [e for e in root.iter() if isinstance(e.tag, str) and e.get("eId") == eid.strip()]
            if text.strip() == "!absent":
                assert not hits, f"{path.name}: {eid} should not be there"
                continue
            assert len(hits) == 1, f"{path.name}: {eid} not in the consolidated text"
            assert _norm(text) in _text(hits[0]), f"{path.name}: {eid}: {_text(hits[0])}"
