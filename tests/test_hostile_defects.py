"""The defects a hostile or careful user found (issue 26), each with a test that failed before its fix."""
from __future__ import annotations

import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

AMEND = [sys.executable, "-c", "import sys; from amend.cli import main; sys.exit(main(sys.argv[1:]))"]
HERE = Path(__file__).resolve().parent


def _bomb(path: Path, inflated_mib: int) -> None:
    """A Word package whose document.xml inflates to ``inflated_mib`` MiB, written a megabyte at a time."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                          'package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b"<w:document>")
            block = b" " * (1 << 20)
            for _ in range(inflated_mib):
                part.write(block)


def test_a_decompression_bomb_is_refused_in_bounded_steps(tmp_path):
    bomb = tmp_path / "bomb.docx"
    _bomb(bomb, 1536)                       # 1.5 GiB once inflated
    assert bomb.stat().st_size < 4 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.monotonic()
    r = subprocess.run([*AMEND, "parse", str(bomb)], capture_output=True, text=True, cwd=HERE.parent)
    took = time.monotonic() - t
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert r.returncode == 2, r.stderr
    assert "word/document.xml inflates to more than 16777216 bytes" in r.stderr and "decompression bomb" in r.stderr
    assert r.stderr.count("\n") == 1
    assert peak_mib < 200 or before / 1024 >= 200, f"peak {peak_mib:.0f} MiB"
    assert took < 30


ORACLE = HERE.parent.parent / "shared" / "oracle" / "tt-39-2016"


def test_two_different_documents_with_the_same_number_and_date_are_a_conflict(tmp_path):
    text = (ORACLE / "tt-06-2023-tt-nhnn.txt").read_text(encoding="utf-8")
    a, d = tmp_path / "a.txt", tmp_path / "d.txt"
    a.write_text(text, encoding="utf-8")
    d.write_text(text.replace("tổ chức tín dụng", "tổ chức tín dụng X", 1), encoding="utf-8")
    base = str(ORACLE / "tt-39-2016-tt-nhnn.txt")
    for order in ((a, d), (d, a)):
        r = subprocess.run([*AMEND, "consolidate", base, *map(str, order), "--format", "text"],
                           capture_output=True, text=True, cwd=HERE.parent)
        assert r.returncode == 2 and "two different documents carry the same number and date" in r.stderr
        assert str(a) in r.stderr and str(d) in r.stderr
    # the same document given twice is read once
    r = subprocess.run([*AMEND, "consolidate", base, str(a), str(a), "--format", "text", "--allow-pending"],
                       capture_output=True, text=True, cwd=HERE.parent)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("prefix", ["<!-- a comment -->\n", "\ufeff  \n<?xml-stylesheet href='a.xsl'?>\n",
                                    "<?xml version='1.0' encoding='UTF-8'?>\n<!-- c -->\n\n"])
def test_what_xml_allows_before_the_root_is_read(tmp_path, prefix):
    src = tmp_path / "base.txt"
    src.write_text((HERE / "fixtures" / "instructions" / "_base.txt").read_text(encoding="utf-8"), encoding="utf-8")
    xml = tmp_path / "base.xml"
    r = subprocess.run([*AMEND, "parse", str(src), "-o", str(xml)], capture_output=True, text=True, cwd=HERE.parent)
    assert r.returncode == 0, r.stderr
    body = xml.read_text(encoding="utf-8")
    body = body.split("?>", 1)[1] if body.startswith("<?xml") else body
    odd = tmp_path / "odd.xml"
    odd.write_text(prefix + body.lstrip(), encoding="utf-8")
    for cmd in (["ops", str(odd)], ["ops", str(odd), "--against", str(odd), "--report"], ["validate", str(odd)],
                ["consolidate", str(odd), "--format", "text"], ["explain", "Bãi bỏ khoản 3 Điều 7.", "--against",
                                                                str(odd)]):
        r = subprocess.run([*AMEND, *cmd], capture_output=True, text=True, cwd=HERE.parent)
        assert r.returncode == 0 and "internal error" not in r.stderr, (cmd, r.stderr)
