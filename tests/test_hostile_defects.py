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


from .conftest import ORACLE, need  # noqa: E402  (the oracle of tt-39-2016, beside the project)


def test_two_different_documents_with_the_same_number_and_date_are_a_conflict(tmp_path):
    text = need(ORACLE / "tt-06-2023-tt-nhnn.txt").read_text(encoding="utf-8")
    a, d = tmp_path / "a.txt", tmp_path / "d.txt"
    a.write_text(text, encoding="utf-8")
    d.write_text(text.replace("tổ chức tín dụng", "tổ chức tín dụng X", 1), encoding="utf-8")
    base = str(need(ORACLE / "tt-39-2016-tt-nhnn.txt"))
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


def test_a_killed_write_leaves_nothing_the_next_run_does_not_clear(tmp_path):
    """A ``-o`` killed while it writes leaves its temporary file; the next write to the same output removes it
    (the name proves it is amend's and its process has ended); a foreign look-alike is left alone."""
    import os
    from amend.output import atomic_write, clear_leftovers, new_build_dir
    out = tmp_path / "out.xml"
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    dead = child.pid
    child.kill()
    child.wait()
    left = tmp_path / f".out.xml.amend-{dead}-abcd1234.tmp"
    left.write_text("half")
    alive = tmp_path / f".out.xml.amend-{os.getpid()}-zzzz.tmp"       # a write in progress of a live process
    alive.write_text("busy")
    foreign = tmp_path / ".out.xml.other.tmp"
    foreign.write_text("not ours")
    atomic_write(out, "<x/>")
    assert out.read_text() == "<x/>" and not left.exists() and alive.exists() and foreign.exists()
    # a build killed right after making its folder, before marking it: an empty folder of an ended process
    site = tmp_path / "site"
    empty = tmp_path / f".site.build-{dead}-q1w2e3"
    empty.mkdir()
    keep = tmp_path / f".site.build-{dead}-notempty"
    keep.mkdir()
    (keep / "someone's.txt").write_text("x")        # not empty and not marked: not provably amend's
    d = new_build_dir(site)
    assert not empty.exists() and keep.exists() and d.exists()
    clear_leftovers(site)
    assert d.exists()                                 # this process's own build folder is never taken
    os.chmod(out, 0o644)


def test_every_file_of_the_site_cache_has_the_umask_mode(tmp_path):
    import os
    from amend.read.cache import ReadingCache
    old = os.umask(0o022)
    try:
        path = tmp_path / ".amend" / "readings.pickle"
        c = ReadingCache(path, "code")
        c.save()
        assert path.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)


def test_a_pdf_whose_stream_inflates_to_a_gigabyte_is_refused_in_bounded_steps(tmp_path):
    """The same holds for a PDF's compressed streams: checked a megabyte at a time before pdfminer inflates them."""
    import zlib
    c = zlib.compressobj(1)
    block = b"\0" * (1 << 20)
    z = b"".join([c.compress(block) for _ in range(1024)] + [c.flush()])       # 1 GiB once inflated
    pdf = tmp_path / "bomb.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Length " + str(len(z)).encode() + b" /Filter /FlateDecode >>\nstream\n"
                    + z + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    r = subprocess.run([*AMEND, "parse", str(pdf)], capture_output=True, text=True, cwd=HERE.parent)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert r.returncode == 2 and "decompression bomb" in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert peak_mib < 200 or before / 1024 >= 200, f"peak {peak_mib:.0f} MiB"
    # and the gazette PDFs pass the check
    from amend.ingest.pdf import check_inflated_streams
    for f in (ORACLE.parent / "tt-17-2022" / "raw").glob("*.pdf"):
        check_inflated_streams(f.read_bytes(), f.name)
