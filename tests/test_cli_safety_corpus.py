"""CLI, safe XML reading, atomic writes, the corpus catalogue."""
from __future__ import annotations

import shutil

import pytest

from amend.akn import parse_xml
from amend.output import atomic_write
from amend.cli import main
from amend.corpus import load_corpus
from amend.errors import CorpusError, InputError, XMLError

from .conftest import CORPUS, FIXTURES, assert_valid


def test_cli_parse_to_file_and_validate(tmp_path, capsys):
    out = tmp_path / "o.xml"
    assert main(["parse", str(FIXTURES / "parse" / "structure_levels.txt"), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"<?xml")
    assert main(["validate", str(out)]) == 0
    assert "1 file(s) checked: 0 error(s)" in capsys.readouterr().out


def test_cli_errors_are_one_line(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("amend: ") and "missing.txt" in err[0]
    bad = tmp_path / "bad.xml"
    bad.write_text("<akomaNtoso><act>")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "malformed XML" in err[0] and "bad.xml" in err[0]


def test_cli_validate_reports_schema_errors(tmp_path, capsys):
    src = (FIXTURES / "parse" / "structure_levels.xml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(src.replace('<article eId="art_6">', "<article>"), encoding="utf-8")
    assert main(["validate", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "amend profile" in err and "eId" in err


def test_xml_entities_and_dtd_rejected(tmp_path):
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    with pytest.raises(XMLError):
        parse_xml(evil, "evil.xml")


def test_oversized_input_rejected(tmp_path, monkeypatch):
    from amend import akn
    monkeypatch.setattr(akn, "MAX_TEXT_BYTES", 10)
    f = tmp_path / "big.txt"
    f.write_text("x" * 100)
    with pytest.raises(InputError) as e:
        akn.read_text_file(f)
    assert "over the limit" in str(e.value)


def test_atomic_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "a" / "out.xml"
    atomic_write(target, b"one")
    with pytest.raises(TypeError):
        atomic_write(target, 12345)  # not bytes: fails before replacing
    assert target.read_bytes() == b"one"
    assert [p.name for p in target.parent.iterdir()] == ["out.xml"]
    # a streamed write that fails half-way (a graph export, the reading cache) leaves the old file whole
    from amend.output import atomic_file
    with pytest.raises(RuntimeError):
        with atomic_file(target) as f:
            f.write(b"half of the new")
            raise RuntimeError("killed mid-write")
    assert target.read_bytes() == b"one"
    assert [p.name for p in target.parent.iterdir()] == ["out.xml"]
    with atomic_file(target, mode=0o600) as f:
        f.write(b"two")
    assert target.read_bytes() == b"two" and target.stat().st_mode & 0o777 == 0o600


def test_corpus_catalogue():
    cor = load_corpus(CORPUS)
    assert len(cor) == 12
    e = cor.get("08/2020/NQ-HĐND")
    assert e.status == "complete" and e.in_force == "2020-11-12"
    base = cor.get("20/2019/NQ-HĐND")
    assert base.status == "incomplete" and base.date == "2019-12-12" and base.in_force == "2019-12-22"
    adj = cor.get("/akn/vn-haiduong/act/quyet-dinh/2024/dieu-chinh-de-an-cqdt-dtm")
    assert adj.number is None and adj.date is None and adj.issuer == "ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG"
    assert (adj.path / "source.txt").read_text(encoding="utf-8").startswith("Chuyển đổi số")
    for entry in cor:
        assert_valid(cor.tree(entry.uri), entry.uri)
    with pytest.raises(CorpusError) as err:
        cor.get("08/2021/NQ-HĐND")
    assert "did you mean" in str(err.value)


def test_corpus_sources_are_exact():
    from .conftest import SEED_08, need
    stored = CORPUS / "vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd/source.txt"
    assert stored.read_bytes() == need(SEED_08).read_bytes()


def test_corpus_wrong_folder_is_an_error(tmp_path):
    src = CORPUS / "vn/act/luat/2014-06-18/luat-xay-dung"
    dst = tmp_path / "c" / "elsewhere"
    shutil.copytree(src, dst)
    with pytest.raises(CorpusError) as e:
        load_corpus(tmp_path / "c", strict=True)
    assert "wrong folder" in str(e.value)
    # without strict, the file is left out and named, and the rest of the corpus is read
    cor = load_corpus(tmp_path / "c")
    assert len(cor) == 0 and "wrong folder" in cor.problems[0].message


def test_cli_corpus_list(capsys):
    assert main(["corpus", "list", "--corpus", str(CORPUS)]) == 0
    out = capsys.readouterr().out
    assert "08/2020/NQ-HĐND" in out and "12 work(s)" in out
