"""Shared test helpers: paths to the shared seeds and oracle, schema checks."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("AMEND_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
ORACLE = SHARED / "oracle" / "tt-39-2016"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = ROOT / "corpus"

SEED_08 = SEEDS / "002_a5e42430714cdf36.txt"
SEED_NEWS = SEEDS / "000_103792f30ef1d103.txt"


def need(path: Path):
    if not path.exists():
        pytest.skip(f"{path} is not present (the shared/ folder sits beside the project on CI)")
    return path


def assert_valid(tree, name="tree"):
    """Schema-valid (official AKN XSD + amend profile) with unique eIds: the invariant of every stage."""
    from amend.validate import validate
    errors = [str(d) for d in validate(tree, name) if d.level == "error"]
    assert not errors, "\n".join(errors[:10])
