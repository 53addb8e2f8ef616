"""Golden fixtures: tests/fixtures/parse/<case>.txt → <case>.xml.

Set AMEND_UPDATE_GOLDENS=1 to rewrite the expected files after a deliberate change
(then read the diff: the data file is the test).
"""
from __future__ import annotations

import os

import pytest

from amend.akn import serialize
from amend.parse import parse_text

from .conftest import FIXTURES, assert_valid

CASES = sorted((FIXTURES / "parse").glob("*.txt"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_parse_golden(case):
    result = parse_text(case.read_text(encoding="utf-8"), case.name)
    got = serialize(result.tree)
    expected = case.with_suffix(".xml")
    if os.environ.get("AMEND_UPDATE_GOLDENS") or not expected.exists():
        expected.write_bytes(got)
    assert got.decode("utf-8") == expected.read_text(encoding="utf-8"), f"fixture {case.name} differs"
    assert_valid(result.tree, case.name)


def test_parse_is_deterministic():
    case = FIXTURES / "parse" / "structure_levels.txt"
    text = case.read_text(encoding="utf-8")
    assert serialize(parse_text(text).tree) == serialize(parse_text(text).tree)
