"""Read what is printed: every real amending document of the oracle, its quotation marks mutated the ways
drafters and web pages print them and invisible or decomposed characters slipped into its words, reads to the
same operations as the document as it is; a consolidation with such a copy equals the one with the original.
"""
from __future__ import annotations

import re
import unicodedata

import pytest

from amend.akn import eids, serialize
from amend.parse import parse_text
from amend.read import Resolver, read, work_info
from amend.versions import consolidate_trees

from .conftest import ORACLE, need

FAMILIES = {
    "tt-39-2016": ("tt-39-2016-tt-nhnn.txt", ["tt-06-2023-tt-nhnn.txt", "tt-10-2023-tt-nhnn.txt",
                                             "tt-12-2024-tt-nhnn.txt"]),
    "tt-17-2022": ("tt-17-2022-bldtbxh.txt", ["tt-03-2023-bldtbxh.txt"]),
}
MUTATIONS = {
    "straight quotes": lambda s: s.replace("“", '"').replace("”", '"'),
    "opened straight, closed curly": lambda s: s.replace("“", '"'),
    "opened curly, closed straight": lambda s: s.replace("”", '"'),
    "doubled closers": lambda s: re.sub(r"”(?=[.;,]?\s*$)", "””", s, flags=re.MULTILINE),
    "closer before the stop doubled": lambda s: re.sub(r"”\.\s*$", "”.”", s, flags=re.MULTILINE),
    "doubled apostrophes": lambda s: s.replace("“", "''").replace("”", "''"),
    "single curly quotes": lambda s: s.replace("“", "‘").replace("”", "’"),
    "zero-width space in khoản": lambda s: s.replace("khoản", "kho\u200bản"),
    "soft hyphen in Điều": lambda s: s.replace("Điều", "Đi\u00adều"),
    "zero-width joiner in điểm": lambda s: s.replace("điểm", "đi\u200dểm"),
    "no-break spaces": lambda s: s.replace("khoản ", "khoản\u00a0"),
    "BOM inside the text": lambda s: s.replace("\nĐiều 1.", "\n\ufeffĐiều 1.", 1),
    "combining marks (NFD)": lambda s: unicodedata.normalize("NFD", s),
}
CASES = [(fam, doc) for fam, (_b, docs) in FAMILIES.items() for doc in docs]


def _ops(base, text: str, name: str):
    tree = parse_text(text, name).tree
    reading = read(tree, Resolver([work_info(base), work_info(tree)]), bases={work_info(base).uri: eids(base)})
    return [(o.kind, o.target, o.work, o.status, o.effective) for o in reading.operations], len(reading.unread)


@pytest.fixture(scope="module")
def bases():
    return {fam: parse_text(need(ORACLE.parent / fam / b).read_text(encoding="utf-8"), b).tree
            for fam, (b, _d) in FAMILIES.items()}


@pytest.mark.parametrize("fam,doc", CASES, ids=[d for _f, d in CASES])
def test_every_mutation_reads_the_same_operations(bases, fam, doc):
    text = need(ORACLE.parent / fam / doc).read_text(encoding="utf-8")
    expected = _ops(bases[fam], text, doc)
    assert expected[0]
    wrong, tried = {}, 0
    for what, mutate in MUTATIONS.items():
        mutated = mutate(text)
        if mutated == text:
            continue          # a document without quotations (a suspension) has nothing to mutate there
        tried += 1
        got = _ops(bases[fam], mutated, doc)
        if got != expected:
            wrong[what] = (len(got[0]), got[1])
    assert tried >= 5
    assert not wrong, f"{doc}: read differently (operations, unread) with: {wrong}; as printed: " \
                      f"{(len(expected[0]), expected[1])}"


def test_invisible_characters_are_ignored_named_and_kept_as_provenance():
    text = need(ORACLE.parent / "tt-17-2022" / "tt-03-2023-bldtbxh.txt").read_text(encoding="utf-8")
    mutated = text.replace("khoản 3", "kho\u200bản 3", 1).replace("Điều 10", "Đi\u00adều 10", 1)
    r = parse_text(mutated, "x.txt")
    warn = [d for d in r.diagnostics if d.code == "invisible"]
    assert len(warn) == 1 and "U+00AD" in str(warn[0]) and "U+200B" in str(warn[0])
    xml = serialize(r.tree).decode("utf-8")
    assert 'amend:invisible count="2"' in xml and "\u200b" not in xml.split("<amend:invisible")[0]
    import hashlib
    assert hashlib.sha256(mutated.encode("utf-8")).hexdigest() in xml      # the source's digest, as it was


def test_a_consolidation_with_a_copy_from_a_web_page_equals_the_one_with_the_original():
    d = ORACLE.parent / "tt-39-2016"
    base = parse_text(need(d / "tt-39-2016-tt-nhnn.txt").read_text(encoding="utf-8"), "base").tree
    names = ["tt-06-2023-tt-nhnn.txt", "tt-10-2023-tt-nhnn.txt", "tt-12-2024-tt-nhnn.txt"]
    texts = [(d / n).read_text(encoding="utf-8") for n in names]
    clean = consolidate_trees(base, [parse_text(t, n).tree for t, n in zip(texts, names)])
    dirty_texts = [t.replace("khoản", "kho\u200bản").replace("Điều", "Đi\u00adều").replace("“", '"') for t in texts]
    dirty = consolidate_trees(base, [parse_text(t, n).tree for t, n in zip(dirty_texts, names)])
    a, b = clean.at("2024-07-16"), dirty.at("2024-07-16")
    assert serialize(a.root) == serialize(b.root) and len(a.applied) == len(b.applied)


def test_an_empty_item_after_an_instruction_is_no_quotation():
    """Found by the fuzzer: "a)" with nothing after it, where a lettered list of quotations could stand."""
    from .test_instruction_forms import wrap
    body = ("Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 10/2020/TT-BTP\n1. Sửa đổi khoản 1 Điều 2 như sau:\n"
            "a)\n“1. Khoản một mới.”.\n")
    parse_text(wrap(body), "empty-item.txt")
