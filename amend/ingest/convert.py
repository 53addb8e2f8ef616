"""Word 97–2003 ``.doc``, RTF and OpenDocument text: converted to DOCX by LibreOffice (headless) and read by the
DOCX reader. The original bytes stay the source (their format and SHA-256 are recorded, and ``corpus add`` keeps
the file); the conversion is recorded with the converter's name and version.

LibreOffice runs in a temporary folder of its own, with a profile of its own (so that it neither reads nor
changes the user's), and is given a time limit; a file it cannot convert is refused with its message.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from .model import Source

TIMEOUT_S = 120
NAMES = {"doc": "Word 97–2003 (.doc)", "rtf": "RTF", "odt": "OpenDocument (.odt)"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def converter_version(exe: str) -> str:
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "LibreOffice"
    return " ".join(out.split()[:2]) or "LibreOffice"


def read_converted(data: bytes, name: str, kind: str) -> Source:
    """A .doc, .rtf or .odt file read through its DOCX conversion."""
    from .docx import read_docx
    exe = soffice()
    if exe is None:
        raise InputError(f"a {NAMES[kind]} file needs LibreOffice to be read, and it is not installed",
                         document=name, expected="LibreOffice (Debian package libreoffice-writer-nogui), or the "
                                                 "document saved as .docx")
    with tempfile.TemporaryDirectory(prefix="amend-convert-") as tmp:
        t = Path(tmp)
        src = t / f"source.{kind}"
        src.write_bytes(data)
        cmd = [exe, f"-env:UserInstallation=file://{t / 'profile'}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(t / "out"), str(src)]
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice did not convert the {NAMES[kind]} file within {TIMEOUT_S} s",
                             document=name, expected="a file LibreOffice can open") from None
        out = t / "out" / "source.docx"
        if run.returncode != 0 or not out.is_file():
            said = (run.stderr or run.stdout).strip().splitlines()
            raise InputError(f"LibreOffice could not convert the {NAMES[kind]} file ({said[-1] if said else 'no output'})",
                             document=name, expected="a file LibreOffice can open")
        converted = read_docx(out.read_bytes(), name)
    converted.format = kind
    converted.properties = {**converted.properties,
                            "converted": f"chuyển từ {NAMES[kind]} sang DOCX bằng {converter_version(exe)}"}
    return converted
