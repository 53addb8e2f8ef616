"""Fuzzing: hostile and broken inputs through parse → read → consolidate → render.

Texts are mutations of real documents (the oracle families, the seed, the
catalogue's forms); XML is a serialised document with damaged bytes.  Any
exception that is not one of the project's own (:class:`AmendError`) is a
crash and fails the test.

Profiles: the default (CI) runs a bounded number of inputs, about two
minutes in all; ``AMEND_FUZZ=long`` runs 100,000 inputs across the three tests
(``AMEND_FUZZ_EXAMPLES`` overrides the count per test).
"""
from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amend.akn import load_akn, serialize
from amend.errors import AmendError
from amend.parse import parse_text
from amend.read import Resolver, read, work_info
from amend.render import render_text
from amend.render.html import render_body
from amend.validate import validate
from amend.versions import consolidate

from .conftest import ORACLE, ROOT

FORMS = ROOT / "tests" / "fixtures" / "instructions"
LONG = os.environ.get("AMEND_FUZZ") == "long"
EXAMPLES = int(os.environ.get("AMEND_FUZZ_EXAMPLES") or (34000 if LONG else 1500))


def _corpus_texts() -> list[str]:
    texts = []
    for p in sorted(FORMS.glob("*.txt")):
        body = p.read_text(encoding="utf-8").split("=== ")[0]
        texts.append("\n".join(ln for ln in body.splitlines() if not ln.startswith("#")))
    for d in (ORACLE, ORACLE.parent / "tt-17-2022"):
        if d.is_dir():
            texts += [p.read_text(encoding="utf-8") for p in sorted(d.glob("*.txt"))]
    return texts


TEXTS = _corpus_texts()
BASE_TEXT = (FORMS / "_base.txt").read_text(encoding="utf-8")
HEADER = ("BỘ TƯ PHÁP\nSố: 05/2025/TT-BTP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
          "Hà Nội, ngày 15 tháng 01 năm 2025\nTHÔNG TƯ\nSửa đổi, bổ sung một số điều của Thông tư số 10/2020/TT-BTP\n")
PIECES = ["“", "”", '"', "''", ":", ".", ";", "\n", "Điều 5", "khoản 2", "điểm đ", "Chương II", "Mục 3", "Phụ lục 3",
          "như sau:", "Sửa đổi, bổ sung", "Bãi bỏ", "Bổ sung", "Thay thế cụm từ", "bằng", "vào sau", "hết hiệu lực",
          "Thông tư số 10/2020/TT-BTP", "ngày 31 tháng 2 năm 2025", "năm 0001", "\u00a0", "\t", "STT", "1.234,5 tỷ đồng",
          "(sau đây gọi là X)", "trừ khoản 1", "tiết (iv)", "Đính chính", "Đã in:", "Nay sửa lại:", "-", "+", "a)",
          "1.1.", "QUY ĐỊNH", "(Ban hành kèm theo Quyết định số 1/2020/QĐ-UBND)", "Kính gửi:", "\x00", "\ufffe"]


@st.composite
def mutated_text(draw):
    text = draw(st.sampled_from(TEXTS))
    lines = text.splitlines()
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    for _ in range(draw(st.integers(1, 6))):
        op = rnd.randrange(7)
        if not lines:
            lines = [""]
        i = rnd.randrange(len(lines))
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rnd.randrange(len(lines))])
        elif op == 2:
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            k = rnd.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:k] + rnd.choice(PIECES) + lines[i][k:]
        elif op == 4:
            lines[i] = lines[i][:rnd.randrange(len(lines[i]) + 1)]
        elif op == 5:
            lines[i] = re.sub(r"\d+", lambda m: str(rnd.choice([0, 1, 2, 9, 31, 99, 10**6])), lines[i], count=1)
        else:
            lines.insert(i, rnd.choice(PIECES) + " " + rnd.choice(PIECES) + " " + rnd.choice(PIECES))
    return "\n".join(lines) + "\n"


@st.composite
def instruction_doc(draw):
    """An amending document of the catalogue's base, from pieces of instructions."""
    n = draw(st.integers(1, 4))
    body = ["Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 10/2020/TT-BTP"]
    for i in range(1, n + 1):
        verb = draw(st.sampled_from(["Sửa đổi", "Bổ sung", "Bãi bỏ", "Thay thế cụm từ “Sở Tư pháp” bằng cụm từ “Sở Nội vụ” tại",
                                     "Bỏ cụm từ “Sở Tư pháp” tại", "Ngưng hiệu lực thi hành", "Sửa đổi tên"]))
        unit = draw(st.sampled_from(["Điều", "khoản", "điểm", "tiết", "Chương", "Mục", "Phụ lục"]))
        num = draw(st.sampled_from(["1", "2", "5a", "99", "a", "đ", "(ii)", "II", "0"]))
        tail = draw(st.sampled_from(["", " Điều 3", " khoản 2 Điều 5", " Thông tư số 10/2020/TT-BTP", " vào sau Điều 2"]))
        close = draw(st.sampled_from([" như sau:", ".", "", ":"]))
        body.append(f"{i}. {verb} {unit} {num}{tail}{close}")
        if close.endswith(":") or draw(st.booleans()):
            body.append(draw(st.sampled_from(["“1. Nội dung mới.”.", "“Điều 3. Tên mới”.", "“a) Điểm mới;”.",
                                              "“Nội dung.", "Nội dung không có ngoặc.", "“(ii) Tiết mới;”./."])))
    return HEADER + "\n".join(body) + "\nĐiều 2. Thông tư này có hiệu lực từ ngày 01 tháng 3 năm 2025.\nBỘ TRƯỞNG\nA\n"


def _pipeline(text: str, base) -> None:
    """Everything a user can run on one text; only the project's errors may come out."""
    try:
        tree = parse_text(text, "fuzz.txt").tree
    except AmendError:
        return
    render_text(tree)
    render_body(tree.getroot())
    res = Resolver([work_info(base)])
    try:
        reading = read(tree, res)
        cons = consolidate(base, [reading])
    except AmendError:
        return
    for v in cons.versions[-2:]:
        render_text(v.root)
        render_body(v.root)
        serialize(v.root)


_BASE = None


def _base():
    global _BASE
    if _BASE is None:
        _BASE = parse_text(BASE_TEXT, "_base.txt").tree
    return _BASE


PROFILE = settings(max_examples=EXAMPLES, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PROFILE
@given(mutated_text())
def test_mutated_documents_never_crash(text):
    _pipeline(text, _base())


@PROFILE
@given(instruction_doc())
def test_generated_instructions_never_crash(text):
    _pipeline(text, _base())


_XML = None


@PROFILE
@given(st.integers(0, 2**32 - 1), st.integers(1, 8))
def test_damaged_xml_never_crashes(seed, n):
    _damaged(seed, n)


@pytest.mark.parametrize("seed,n", [(178585747, 1)])
def test_damaged_xml_regressions(seed, n):
    """Inputs the long profile found crashing, kept: an FRBRExpression without its FRBRuri."""
    _damaged(seed, n)


def _damaged(seed: int, n: int) -> None:
    global _XML
    if _XML is None:
        _XML = serialize(parse_text(TEXTS[0], "x").tree)
    rnd = random.Random(seed)
    data = bytearray(_XML)
    for _ in range(n):
        i = rnd.randrange(len(data))
        choice = rnd.randrange(4)
        if choice == 0:
            data[i] = rnd.randrange(256)
        elif choice == 1:
            data[i:i] = rnd.choice([b"<", b"&", b'"', b"<!DOCTYPE x>", b' colspan="9999999"', b"</p>", b"\x00",
                                    b' normalized="abc"', b"<p>", b"eId=\"art_1\" "])
        elif choice == 2:
            del data[i:i + rnd.randrange(1, 50)]
        else:
            j = rnd.randrange(len(data))
            data[i:i + 20], data[j:j + 20] = data[j:j + 20], data[i:i + 20]
    try:
        tree = load_akn(bytes(data), "damaged.xml")
        validate(tree, "damaged.xml", schema=False)
        consolidate(tree, [])
        render_text(tree)
        render_body(tree.getroot())
    except AmendError:
        pass


def test_the_profiles_are_what_the_docstring_says():
    assert EXAMPLES == (int(os.environ["AMEND_FUZZ_EXAMPLES"]) if os.environ.get("AMEND_FUZZ_EXAMPLES")
                        else 34000 if LONG else 1500)
    assert len(TEXTS) > 60 and Path(FORMS / "_base.txt").is_file()
