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


def compare_articles(mine: dict, theirs: dict, explained: list, norm) -> tuple[list[str], set[int]]:
    """Articles of a computed and an official consolidation compared after ``norm``.

    ``explained`` lists (article eId, the engine's text, the official text, why): each difference the
    sources explain is replaced before comparing. Returns the articles still differing and the indexes of
    the explanations used (a test asserts every one still occurs).
    """
    from amend.render.text import unit_lines
    used, differing = set(), []
    for eid, off in theirs.items():
        a, b = norm(" ".join(unit_lines(mine[eid]))), norm(" ".join(unit_lines(off)))
        for k, (art, engine, official, _why) in enumerate(explained):
            if art == eid and norm(engine) in a and norm(official) in b:
                a = a.replace(norm(engine), norm(official))
                used.add(k)
        if a != b:
            differing.append(eid)
    return differing, used


def assert_legal_order(root, name="version"):
    """In every container, units of one kind follow the Vietnamese order (1 < 1a < 2; a < b < … < đ < e; I < II)."""
    from amend.akn import local
    from amend.ops import num_of, order_key
    kinds = {"part", "chapter", "section", "subsection", "article", "paragraph", "subparagraph", "point", "attachment"}
    for parent in root.iter():
        if not isinstance(parent.tag, str):
            continue
        by_tag: dict = {}
        for c in parent:
            if isinstance(c.tag, str) and local(c) in kinds:
                by_tag.setdefault(c.tag, []).append(c)
        for units in by_tag.values():
            keys = [order_key(num_of(u)) for u in units]
            if any(k[0] == 3 for k in keys):
                continue          # a unit without a number the order knows: nothing to check
            assert keys == sorted(keys) and len(set(keys)) == len(keys), \
                f"{name}: out of legal order under {parent.get('eId') or local(parent)}: {[num_of(u) for u in units]}"
