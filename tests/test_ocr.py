"""Scanned documents read by OCR: the gazette PDF of 03/2023 rasterised at 200 and 300 dpi, as a scan would be,
reads back to at least 98% of its characters equal to its text layer and every article label found; a page
scanned askew still reads; the output says it was recognised by OCR, names its unsure lines and records the
engine (scripts/test.sh installs tesseract-ocr, tesseract-ocr-vie and poppler-utils)."""
from __future__ import annotations

import difflib
import re
import shutil
import subprocess

import pytest

from amend.ingest import load_source, parse_source

from .conftest import ORACLE, need

PDF = ORACLE.parent / "tt-17-2022" / "raw" / "tt-03-2023-bldtbxh.pdf"


def _scan(tmp_path, dpi: int, angle: float = 0.0):
    """The PDF as a scanner would give it: greyscale page images at ``dpi``, turned by ``angle`` degrees."""
    from PIL import Image
    assert shutil.which("pdftoppm") and shutil.which("tesseract"), "poppler-utils and tesseract-ocr (scripts/test.sh)"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(need(PDF)), str(tmp_path / "p")], check=True,
                   capture_output=True, timeout=300)
    pages = [Image.open(p).convert("L") for p in sorted(tmp_path.glob("p-*.png"))]
    if angle:
        pages = [p.rotate(angle, expand=True, fillcolor=255) for p in pages]
    out = tmp_path / f"scan-{dpi}.pdf"
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=dpi)
    return out


def _equal_share(a: str, b: str) -> float:
    sa, sb = "".join(a.split()), "".join(b.split())
    sm = difflib.SequenceMatcher(None, sa, sb, autojunk=False)
    return sum(bl.size for bl in sm.get_matching_blocks()) / len(sa)


@pytest.fixture(scope="module")
def text_layer():
    return load_source(need(PDF)).text


@pytest.mark.parametrize("dpi", [200, 300])
def test_a_scan_reads_back_to_its_text(tmp_path, text_layer, dpi):
    src = load_source(_scan(tmp_path, dpi))
    assert src.format == "pdf" and "OCR" in src.properties["ocr"] and "Tesseract" in src.properties["ocr-engine"]
    share = _equal_share(text_layer, src.text)
    assert share >= 0.98, share
    labels = re.findall(r"(?m)^Điều \d+[a-zđ]?\.", src.text)
    assert {"Điều 1.", "Điều 2."} <= set(labels)
    result = parse_source(src)
    assert any(d.code == "ocr" and "đối chiếu với bản gốc" in d.message for d in result.diagnostics)
    xml = result.tree.getroot()
    props = {p.get("name"): p.text for p in xml.iter("{http://amend.invalid/ns/1.0}property")}
    assert "Tesseract" in props["ocr-engine"] and props["ocr"].startswith("đọc từ bản quét bằng OCR")
    assert result.facts["number"] == "03/2023/TT-BLĐTBXH"


def test_a_page_scanned_askew_still_reads(tmp_path, text_layer):
    src = load_source(_scan(tmp_path, 300, angle=1.5))
    assert _equal_share(text_layer, src.text) >= 0.95
    assert {"Điều 1.", "Điều 2."} <= set(re.findall(r"(?m)^Điều \d+[a-zđ]?\.", src.text))


def test_a_page_image_is_read_by_ocr(tmp_path):
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", "1", "-l", "1", str(need(PDF)),
                    str(tmp_path / "one")], check=True, capture_output=True, timeout=120)
    img = next(tmp_path.glob("one*.png"))
    src = load_source(img)
    assert src.format == "png" and "Số: 03/2023/TT-BLĐTBXH" in src.text.replace("Sô", "Số")
