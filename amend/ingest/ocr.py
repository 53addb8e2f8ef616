"""Scanned documents: page images recognised by Tesseract (with its Vietnamese data), then read by the same
layout reader as text PDFs (:func:`amend.ingest.pdf._assemble`: running headers, columns, paragraphs).

A PDF without a text layer is rasterised page by page with poppler's ``pdftoppm`` (300 dpi, greyscale); an
image file (PNG, JPEG, TIFF) is recognised as it is. Tesseract writes every word with its box and its
confidence (TSV); the words are grouped into the printed lines, split into columns where a gap is, and given
their size in points, so the layout reader treats them as it treats a PDF's characters. Tesseract straightens
pages scanned slightly askew itself (its page layout analysis finds the text lines' angle).

Nothing is taken on trust: the source says the text was recognised by OCR and must be checked against the
original ("đọc từ bản quét bằng OCR …"), lists its lines of low confidence, and records the engine, its version,
the language data and the resolution in the provenance.
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from statistics import median

from ..errors import InputError
from .model import Source
from .pdf import COLUMN_GAP, _assemble, _Line

DPI = 300
LOW_CONFIDENCE = 70          # a line whose words Tesseract is on average less sure of than this is listed
TIMEOUT_S = 600


def tools() -> tuple[str | None, str | None]:
    return shutil.which("tesseract"), shutil.which("pdftoppm")


def _need(name: str) -> InputError:
    return InputError(f"the file is a scan: reading it needs OCR ({name} is not installed)", document=name,
                      expected="Tesseract with its Vietnamese data and poppler (Debian packages tesseract-ocr, "
                               "tesseract-ocr-vie, poppler-utils), or the document's text in another format")


def version(exe: str) -> str:
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return "Tesseract"
    first = (out.stdout or out.stderr).strip().splitlines()
    return first[0].replace("tesseract", "Tesseract") if first else "Tesseract"


def _words(tsv: str) -> list[dict]:
    rows = []
    for r in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if r.get("level") == "5" and (r.get("text") or "").strip():
            rows.append(r)
    return rows


def _page(tsv: str, pno: int, dpi: int) -> tuple[list[list[_Line]], list[tuple[str, float]]]:
    """One page's printed lines as the layout reader's rows (positions in points), and each line's text with its
    mean confidence."""
    k = 72.0 / dpi
    lines: dict[tuple, list[dict]] = {}
    for w in _words(tsv):
        lines.setdefault((w["block_num"], w["par_num"], w["line_num"]), []).append(w)
    rows, conf = [], []
    for words in lines.values():
        words.sort(key=lambda w: int(w["left"]))
        segs, cur = [], [words[0]]
        for w in words[1:]:
            prev = cur[-1]
            gap = (int(w["left"]) - int(prev["left"]) - int(prev["width"])) * k
            if gap > COLUMN_GAP * 2.5:         # OCR spaces are wider than a PDF's: a column needs a wider gap
                segs.append(cur)
                cur = []
            cur.append(w)
        segs.append(cur)
        row = []
        for seg in segs:
            text = " ".join(w["text"] for w in seg)
            x0 = int(seg[0]["left"]) * k
            x1 = (int(seg[-1]["left"]) + int(seg[-1]["width"])) * k
            top = min(int(w["top"]) for w in seg) * k
            # a word's box spans its ascenders and descenders: about 1.1 of the font's size
            size = median(int(w["height"]) for w in seg) * k / 1.1
            row.append(_Line(text, x0, x1, top, size, pno))
        rows.append(row)
        confs = [float(w["conf"]) for w in words if float(w["conf"]) >= 0]
        conf.append((" ".join(w["text"] for w in words), sum(confs) / len(confs) if confs else 0.0))
    rows.sort(key=lambda r: r[0].top)
    return rows, conf


def _without_running_header(rows: list[list[_Line]]) -> list[list[_Line]]:
    """A gazette page's running header ("66 CÔNG BÁO/Số 781 + 782/Ngày 26-6-2023"), found with its words folded:
    OCR misreads its marks as often as any others ("Sóố")."""
    from ..text import fold
    if rows and rows[0][0].top < 90 and "cong bao" in fold(" ".join(s.text for s in rows[0])):
        return rows[1:]
    return rows


def _even_sizes(pages: list[list[list[_Line]]]) -> list[list[list[_Line]]]:
    """Word boxes give a line's size only roughly (its letters' ascenders and marks): sizes within a third of the
    document's usual size are taken as that size, so that only a really smaller or larger line (a note, a title)
    stands out to the layout reader."""
    sizes = [seg.size for rows in pages for row in rows for seg in row]
    if not sizes:
        return pages
    body = median(sizes)
    for rows in pages:
        for row in rows:
            for seg in row:
                if abs(seg.size - body) < body / 3:
                    seg.size = body
    return pages


def skew_angle(img) -> float:
    """The angle (degrees) a page was scanned askew by: the one, within ±4°, that makes the rows of a reduced
    black-and-white copy most uneven (text lines level with the rows give the sharpest projection)."""
    import numpy as np
    small = img.convert("L").reduce(4)
    ink = small.point(lambda v: 255 if v < 160 else 0)
    best, score = 0.0, -1.0
    for tenth in range(-40, 41, 2):
        a = tenth / 10
        rows = np.asarray(ink.rotate(a, fillcolor=0), dtype=np.float32).sum(axis=1)
        s = float(np.var(rows))
        if s > score:
            best, score = a, s
    return best


def _deskew(path: Path) -> float:
    """Straighten a page image in place when it was scanned askew (more than 0.3°); the angle it was turned by."""
    from PIL import Image
    with Image.open(path) as img:
        angle = skew_angle(img)
        if abs(angle) > 0.3:
            img.convert("L").rotate(angle, expand=True, fillcolor=255, resample=Image.BICUBIC).save(path)
    return angle if abs(angle) > 0.3 else 0.0


def recognise(images: list[Path], name: str, dpi: int) -> tuple[list, list[tuple[int, str, float]]]:
    exe, _ = tools()
    if exe is None:
        raise _need(name)
    import os
    from concurrent.futures import ThreadPoolExecutor
    # one thread per Tesseract process (its own threads fight over the cores: 11 s a page instead of 2), the
    # pages recognised side by side, one per core
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(pno_img):
        pno, img = pno_img
        _deskew(img)
        try:
            return pno, subprocess.run([exe, str(img), "stdout", "-l", "vie", "--dpi", str(dpi), "tsv"],
                                       capture_output=True, text=True, timeout=TIMEOUT_S, env=env)
        except subprocess.TimeoutExpired:
            raise InputError(f"OCR of page {pno + 1} did not finish within {TIMEOUT_S} s", document=name) from None
    pages, low = [], []
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for pno, run in pool.map(one, enumerate(images)):
            if run.returncode != 0:
                said = run.stderr.strip().splitlines()
                raise InputError(f"OCR of page {pno + 1} failed ({said[-1] if said else 'no output'})",
                                 document=name, expected="Tesseract with its Vietnamese data (tesseract-ocr-vie)")
            rows, conf = _page(run.stdout, pno, dpi)
            pages.append(rows)
            low += [(pno + 1, t, c) for t, c in conf if c < LOW_CONFIDENCE]
    return pages, low


def read_scan(data: bytes, name: str, kind: str, dpi: int = DPI) -> Source:
    """A scanned PDF (``kind`` "pdf") or a page image, read by OCR."""
    exe, pdftoppm = tools()
    if exe is None or (kind == "pdf" and pdftoppm is None):
        raise _need(name)
    with tempfile.TemporaryDirectory(prefix="amend-ocr-") as tmp:
        t = Path(tmp)
        if kind == "pdf":
            (t / "scan.pdf").write_bytes(data)
            try:
                subprocess.run([pdftoppm, "-r", str(dpi), "-gray", "-png", str(t / "scan.pdf"), str(t / "page")],
                               check=True, capture_output=True, timeout=TIMEOUT_S)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
                raise InputError("the scanned PDF's pages could not be made into images", document=name,
                                 expected="a PDF that a viewer can open") from e
            images = sorted(t.glob("page-*.png"), key=lambda p: int(p.stem.rpartition("-")[2]))
        else:
            img = t / f"scan.{kind}"
            img.write_bytes(data)
            images = [img]
        pages, low = recognise(images, name, dpi)
    pages = _even_sizes([_without_running_header(rows) for rows in pages])
    if not any(pages):
        raise InputError("OCR found no text on the scanned pages", document=name,
                         expected="a scan of a legal document")
    text, bold = _assemble(pages)
    src = Source(text, kind, "", name, bold=bold)
    engine = version(exe)
    src.properties["ocr"] = (f"đọc từ bản quét bằng OCR ({engine}, dữ liệu tiếng Việt, {dpi} dpi, {len(pages)} "
                             "trang): văn bản phải được đối chiếu với bản gốc")
    src.properties["ocr-engine"] = f"{engine} -l vie, {dpi} dpi"
    if low:
        listed = "; ".join(f"trang {p}: “{t[:60]}” ({c:.0f}%)" for p, t, c in low[:40])
        src.properties["ocr-low-confidence"] = f"{len(low)} dòng độ tin cậy thấp: {listed}" + \
            (" …" if len(low) > 40 else "")
    return src


__all__ = ["DPI", "read_scan", "recognise", "tools"]
