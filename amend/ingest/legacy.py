"""Vietnamese text in the pre-Unicode font encodings old files still use: found, and converted to Unicode NFC.

TCVN3 (ABC, the ".Vn…" fonts) and VNI (the "VNI-…" fonts) put Vietnamese letters on Latin-1 code points, so
such a text reads as nonsense in Unicode ("§iÒu 1", "ViÖt Nam"; "Ñieàu 1", "Vieät Nam"). When the encoding is
certain (its common words are there, and Unicode Vietnamese letters are not), the text is converted by the
standard tables (``legacy_tables.json``) and the conversion is said ("chuyển từ TCVN3"); when it is not, the
message names the candidates and ``--legacy-encoding tcvn3|vni`` decides. A file of raw legacy bytes (not
UTF-8) is read as Windows-1252 first, which is how those fonts' bytes were typed.

TCVN3 has no upper-case letters with tone marks of its own: headings set in the ".VnTimeH" fonts are typed with
the lower-case codes. A word whose other letters are capitals is therefore put in capitals after conversion
("CéNG HOµ" → "CỘNG HOÀ").
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..text import nfc

NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
# Words of every legal document as the legacy encodings write them
_WORDS = {
    "tcvn3": re.compile(r"§iÒu|ViÖt|Céng|hoµ|Ngµy|ngµy|th¸ng|n¨m|Sè:|Quèc|ChÝnh|NghÞ|QuyÕt|§éc|H¹nh|kho¶n|®iÓm|"
                        r"nh©n|d©n|tØnh|HuyÖn|c¨n cø|C¨n cø"),
    "vni": re.compile(r"Ñieàu|Vieät|Coäng|COÄNG|hoøa|ngaøy|thaùng|naêm|Soá:|Quoác|Chính phuû|Nghò|Quyeát|Ñoäc|"
                      r"Haïnh|khoaûn|ñieåm|nhaân|daân|tænh|Caên cöù"),
}
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_FONTS = re.compile(r"font-family\s*:\s*['\"]?(\.Vn\w+|VNI-\w+)|\bw:ascii=\"(\.Vn\w+|VNI-\w+)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, str]]:
    """``{"tcvn3": {legacy sequence: letter}, "vni": {…}}``."""
    data = json.loads((Path(__file__).with_name("legacy_tables.json")).read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {"tcvn3": {}, "vni": {}}
    for letter, codes in data["letters"].items():
        for enc in out:
            out[enc].setdefault(codes[enc], letter)
    return out


@lru_cache(maxsize=2)
def _pattern(enc: str) -> re.Pattern:
    seqs = sorted(_tables()[enc], key=len, reverse=True)          # the longest sequence first: "aà" before "a"
    return re.compile("|".join(re.escape(s) for s in seqs if s))


def hits(text: str) -> dict[str, int]:
    """How many of each encoding's common words the text holds."""
    sample = text[:200_000]
    return {enc: len(rx.findall(sample)) for enc, rx in _WORDS.items()}


def legacy_encoding(text: str, markup: str = "") -> str | None:
    """``"tcvn3"`` or ``"vni"`` when the text is certainly written in that encoding, else None."""
    sample = text[:200_000]
    proper = len(_VIETNAMESE.findall(sample))
    h = hits(text)
    found = [enc for enc, n in h.items() if n >= 3 and n * 20 > proper]
    if len(found) == 1 and not any(h[e] >= 3 for e in h if e != found[0]):
        return found[0]
    m = _FONTS.search(markup) if markup else None
    if m and proper < 20 and not found:
        font = m.group(1) or m.group(2)
        return "tcvn3" if font.startswith(".") else "vni"
    return None


def candidates(text: str) -> list[str]:
    """The encodings the text may be in, when it is not certain which."""
    return [enc for enc, n in hits(text).items() if n]


def convert(text: str, enc: str) -> str:
    """``text`` written in the legacy encoding ``enc`` as Unicode NFC."""
    table = _tables()[enc]
    out = _pattern(enc).sub(lambda m: table[m.group(0)], text)
    if enc == "tcvn3":
        out = "".join(_capitals(line) for line in out.splitlines(keepends=True))
    return nfc(out)


_WORD = re.compile(r"[^\W\d_]+")


def _capitals(line: str) -> str:
    """A heading line typed in the capital font: its ASCII letters all capitals, its marked letters coded lower
    ("CộNG HOà Xã HộI" → "CỘNG HOÀ XÃ HỘI"); a line with any lower-case ASCII letter is running text."""
    words = [w for w in _WORD.findall(line) if any(c.isascii() for c in w)]
    if not words or any(c.islower() for w in words for c in w if c.isascii()):
        return line
    if any(sum(c.isascii() for c in w) >= 2 and any(c.islower() for c in w) for w in words):
        return line.upper()
    return line


def from_bytes(data: bytes) -> str:
    """Bytes that are not UTF-8 as the legacy fonts typed them: Windows-1252, Latin-1 where it defines nothing."""
    return "".join(_CP1252[b] for b in data)


_CP1252 = [bytes([b]).decode("cp1252", errors="replace") if 0x80 <= b < 0xA0 else chr(b) for b in range(256)]
_CP1252 = [c if c != "\ufffd" else chr(b) for b, c in enumerate(_CP1252)]


def resolve(text: str, document: str, *, forced: str | None = None, markup: str = "") -> tuple[str, str | None]:
    """The text in Unicode, and the encoding it was converted from (None when it needed none).

    A text certainly in a legacy encoding is converted; one that may be is refused with the candidates named
    (``forced`` decides); a text in Unicode is returned as it is."""
    if forced:
        if forced not in NAMES:
            raise InputError(f"unknown legacy encoding {forced!r}", document=document, expected="tcvn3 or vni")
        return convert(text, forced), forced
    enc = legacy_encoding(text, markup)
    if enc:
        return convert(text, enc), enc
    maybe = [e for e, n in hits(text).items() if n >= 3]
    if maybe:
        raise InputError("the text may be in a legacy Vietnamese encoding, but which one is not certain "
                         f"({', '.join(NAMES[e] for e in maybe)})", document=document,
                         expected="--legacy-encoding " + "|".join(maybe) + " to convert it, or the text in Unicode")
    return text, None


def said(enc: str) -> str:
    """What was done, as the outputs say it."""
    return f"chuyển từ {NAMES[enc]} sang Unicode"


__all__ = ["NAMES", "candidates", "convert", "from_bytes", "hits", "legacy_encoding", "resolve", "said"]
