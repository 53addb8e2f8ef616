"""Legacy Vietnamese encodings (TCVN3/ABC and VNI): converted to Unicode NFC by the standard tables when the
encoding is certain, the candidates named when it is not, ``--legacy-encoding`` deciding; every letter of the
alphabet with every tone mark, upper and lower case, round-trips; files of raw legacy bytes, UTF-8 pages and
Word documents in the legacy fonts read as their Unicode text."""
from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from amend.cli import main
from amend.errors import InputError
from amend.ingest import load_source
from amend.ingest.legacy import _tables, convert, legacy_encoding

TABLE = json.loads((Path(__file__).resolve().parent.parent / "amend" / "ingest" / "legacy_tables.json")
                   .read_text(encoding="utf-8"))["letters"]
VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]      # huyền, sắc, hỏi, ngã, nặng


def alphabet() -> list[str]:
    out = []
    for v in VOWELS:
        for t in TONES:
            c = unicodedata.normalize("NFC", v + t)
            out += [c, c.upper()]
    return out + ["đ", "Đ"]


def encode(text: str, enc: str) -> str:
    return "".join(TABLE[c][enc] if c in TABLE else c for c in text)


def test_the_tables_hold_every_letter_with_every_tone_in_both_cases():
    letters = [c for c in alphabet() if not c.isascii()]
    assert len(letters) == 134 and set(letters) == set(TABLE)


@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
def test_every_letter_round_trips(enc):
    for c in alphabet():
        assert convert(encode(c, enc), enc) == c, (enc, c, encode(c, enc))
    words = "Điều khoản điểm Nghị quyết Quyết định Thông tư Hội đồng nhân dân tỉnh Hải Dương Ủy ban Ưu tiên ỹ Ỹ"
    assert convert(encode(words, enc), enc) == unicodedata.normalize("NFC", words)


def test_tcvn3_agrees_with_the_c_librarys_tcvn5712_converter():
    iconv = shutil.which("iconv")
    assert iconv, "iconv (Debian's libc-bin) is on every machine this runs on"
    single = {seq: letter for seq, letter in _tables()["tcvn3"].items() if len(seq) == 1}
    assert len(single) >= 67
    data = "".join(single).encode("latin-1")
    got = subprocess.run([iconv, "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True,
                         check=True).stdout.decode("utf-8")
    assert unicodedata.normalize("NFC", got) == "".join(single.values())


DOC = """CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/2005/QĐ-UBND
Huyện A, ngày 03 tháng 02 năm 2005
QUYẾT ĐỊNH
Về việc ban hành quy định quản lý hồ sơ
Điều 1. Ban hành kèm theo Quyết định này quy định quản lý hồ sơ.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""


def _legacy_bytes(enc: str) -> bytes:
    """The document as a file typed in the legacy fonts: headings in TCVN3's capital font use the lower codes."""
    lines = []
    for line in DOC.splitlines():
        if enc == "tcvn3" and line.isupper():
            line = "".join(TABLE[c.lower()][enc] if c in TABLE and len(TABLE[c][enc]) == 2 else
                           (TABLE[c][enc] if c in TABLE else c) for c in line)
        else:
            line = encode(line, enc)
        lines.append(line)
    return ("\n".join(lines) + "\n").encode("cp1252")


@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
def test_a_file_of_legacy_bytes_reads_as_its_unicode_text(tmp_path, capsys, enc):
    f = tmp_path / f"{enc}.txt"
    f.write_bytes(_legacy_bytes(enc))
    out = tmp_path / "out.xml"
    assert main(["parse", str(f), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "chuyển từ" in err and ("TCVN3" if enc == "tcvn3" else "VNI") in err
    xml = out.read_text(encoding="utf-8")
    for s in ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/2005/QĐ-UBND", "Về việc ban hành quy định quản lý hồ sơ",
              "Quyết định này có hiệu lực kể từ ngày ký", 'name="converted"'):
        assert s in xml, s
    assert unicodedata.is_normalized("NFC", xml)


def test_a_web_page_in_a_legacy_font_reads_as_its_unicode_text(tmp_path):
    body = "".join(f"<p>{encode(line, 'tcvn3')}</p>" for line in DOC.splitlines())
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><style>p {{font-family: '.VnTime'}}</style></head><body>{body}</body></html>",
                    encoding="utf-8")
    src = load_source(page)
    assert "Về việc ban hành quy định quản lý hồ sơ" in src.text and "TCVN3" in src.properties["converted"]


def test_a_word_document_in_vni_fonts_reads_as_its_unicode_text(tmp_path):
    import docx
    d = docx.Document()
    for line in DOC.splitlines():
        run = d.add_paragraph().add_run(encode(line, "vni"))
        run.font.name = "VNI-Times"
    f = tmp_path / "vni.docx"
    d.save(f)
    src = load_source(f)
    assert src.text.startswith("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM") and "VNI" in src.properties["converted"]


def test_an_uncertain_text_names_the_candidates_and_the_option_decides(tmp_path, capsys):
    # the words of both encodings: which one the file is in is not certain
    text = encode(DOC, "vni") + encode("Điều 3. Ngày tháng năm Số: Quốc hội", "tcvn3") + "\n"
    f = tmp_path / "mixed.txt"
    f.write_text(text, encoding="utf-8")
    assert legacy_encoding(text) is None
    with pytest.raises(InputError) as e:
        load_source(f)
    assert "VNI" in str(e.value) and "TCVN3" in str(e.value) and "--legacy-encoding" in str(e.value)
    assert main(["parse", str(f), "--legacy-encoding", "vni", "-o", str(tmp_path / "o.xml")]) == 0
    assert "Về việc ban hành quy định quản lý hồ sơ" in (tmp_path / "o.xml").read_text(encoding="utf-8")
