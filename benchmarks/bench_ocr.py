"""OCR speed and accuracy: a gazette PDF of ../shared/oracle/tt-17-2022/raw/ rasterised as a scan would be (200 or
300 dpi, greyscale, an image-only PDF), read back by amend (pages to images, deskew, Tesseract, the layout
reader); seconds per page, and the share of characters equal to the PDF's own text layer.

Run: .venv/bin/python benchmarks/bench_ocr.py [tt-03-2023-bldtbxh|tt-17-2022-bldtbxh] [dpi]
Target: at least 98% of characters equal; seconds per page reported (no target: it depends on the machine).
"""
from __future__ import annotations

import difflib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from amend.ingest import load_source

RAW = Path(__file__).resolve().parent.parent.parent / "shared" / "oracle" / "tt-17-2022" / "raw"


def main(argv: list[str]) -> int:
    name = argv[0] if argv else "tt-03-2023-bldtbxh"
    dpi = int(argv[1]) if len(argv) > 1 else 300
    pdf = RAW / f"{name}.pdf"
    from PIL import Image
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(t / "p")], check=True)
        pages = [Image.open(p).convert("L") for p in sorted(t.glob("p-*.png"), key=lambda p: int(p.stem[2:]))]
        scan = t / "scan.pdf"
        pages[0].save(scan, save_all=True, append_images=pages[1:], resolution=dpi)
        start = time.perf_counter()
        src = load_source(scan)
        took = time.perf_counter() - start
    truth = load_source(pdf).text
    a, b = "".join(truth.split()), "".join(src.text.split())
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    share = sum(bl.size for bl in sm.get_matching_blocks()) / len(a)
    print(f"{name} scanned at {dpi} dpi, {len(pages)} pages: {took:.1f} s = {took / len(pages):.2f} s a page; "
          f"{share:.2%} of characters equal to the text layer (target ≥ 98%)")
    return 0 if share >= 0.98 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
