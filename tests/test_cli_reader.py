"""The command line as a researcher uses it: Vietnamese tables, provisions as cited, dates dd/mm/yyyy, options
anywhere, the corpus found from any folder, no text before a document existed."""
from __future__ import annotations

import os

import pytest

from amend.cli import find_corpus, main

from .conftest import CORPUS, ORACLE, need

O39 = [ORACLE / f for f in ("tt-39-2016-tt-nhnn.txt", "tt-06-2023-tt-nhnn.txt", "tt-10-2023-tt-nhnn.txt",
                            "tt-12-2024-tt-nhnn.txt")]


def _run(capsys, *args):
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_history_is_a_labelled_vietnamese_table(capsys):
    rc, out, _ = _run(capsys, "history", "20/2019/NQ-HĐND", "--corpus", CORPUS)
    lines = out.splitlines()
    assert rc == 0 and lines[0].split() == ["Ngày", "Quy", "định", "Thay", "đổi", "Theo"]
    assert lines[2].split()[:4] == ["12/11/2020", "Điều", "1", "sửa"]
    assert "art_1" not in out and "2020-11-12" not in out
    rc, out, _ = _run(capsys, "history", "20/2019/NQ-HĐND", "--corpus", CORPUS, "--ids")
    assert "art_1" in out and "eId" in out.splitlines()[0]


def test_a_provision_is_named_as_a_lawyer_cites_it(capsys):
    rc, out, _ = _run(capsys, "history", *[need(p) for p in O39], "--provision", "khoản 5 Điều 26")
    assert rc == 0
    rows = out.splitlines()[2:]
    assert len(rows) == 3 and all("khoản 5 Điều 26" in r for r in rows)
    assert "bãi bỏ quy định sửa đổi" in rows[1]
    rc, out, _ = _run(capsys, "history", *[need(p) for p in O39], "--provision", "khoản 9 Điều 99")
    assert rc == 0 and out.strip() == "Không có thay đổi nào được ghi nhận đối với khoản 9 Điều 99."


def test_options_may_stand_anywhere(capsys):
    rc1, a, _ = _run(capsys, "graph", "bases", "--json", "08/2020/NQ-HĐND", "--corpus", CORPUS)
    rc2, b, _ = _run(capsys, "graph", "--corpus", CORPUS, "bases", "08/2020/NQ-HĐND", "--json")
    assert rc1 == rc2 == 0 and a == b and '"uri"' in a


def test_graph_answers_in_vietnamese(capsys):
    rc, out, _ = _run(capsys, "graph", "amendments", "20/2019/NQ-HĐND", "--corpus", CORPUS)
    assert rc == 0 and out.splitlines()[0].startswith("Văn bản tác động")
    assert "sửa đổi, bổ sung" in out and "12/11/2020" in out and "/akn/" not in out
    rc, out, _ = _run(capsys, "graph", "authority", "--corpus", CORPUS)
    assert "không thuộc hệ thống văn bản quy phạm pháp luật" in out and "rests on" not in out
    rc, out, _ = _run(capsys, "graph", "dangling", "--corpus", CORPUS)
    assert out.strip() == "Không có kết quả."


def test_every_option_has_help():
    from amend.cli import build_parser
    import argparse
    p = build_parser()
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    missing = [f"{name} {act.option_strings}" for name, sp in sub.choices.items() for act in sp._actions
               if act.option_strings and act.help is None and "-h" not in act.option_strings
               and act.dest not in ("output",)]
    assert not missing, missing


def test_the_corpus_is_found_from_any_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("AMEND_CORPUS", raising=False)
    monkeypatch.chdir(CORPUS / "vn-haiduong")
    assert find_corpus() == str(CORPUS.resolve())
    rc, out, _ = _run(capsys, "history", "20/2019/NQ-HĐND")
    assert rc == 0 and "Điều 1" in out
    monkeypatch.chdir(tmp_path)
    rc, _, err = _run(capsys, "history", "20/2019/NQ-HĐND")
    assert rc == 2 and "AMEND_CORPUS" in err
    monkeypatch.setenv("AMEND_CORPUS", str(CORPUS))
    rc, out, _ = _run(capsys, "history", "20/2019/NQ-HĐND")
    assert rc == 0


def test_no_text_before_the_document_was_signed(capsys, tmp_path):
    out = tmp_path / "x.txt"
    rc, _, err = _run(capsys, "consolidate", "08/2020/NQ-HĐND", "--corpus", CORPUS, "--at", "01/01/2001",
                      "--format", "text", "-o", out)
    assert rc == 2 and "signed on 02/11/2020" in err and not out.exists()
    rc, _, _ = _run(capsys, "consolidate", "08/2020/NQ-HĐND", "--corpus", CORPUS, "--at", "02/11/2020",
                    "--format", "text", "-o", out)
    assert rc == 0
