"""Vietnamese text in the pre-Unicode font encodings old files still use: found and refused with a clear message.

TCVN3 (ABC, the ".Vn…" fonts) and VNI (the "VNI-…" fonts) put Vietnamese letters on Latin-1 code points, so
such a file decodes without error into nonsense ("§iÒu 1", "ViÖt Nam"; "Ñieàu 1", "Vieät Nam"). Reading it as
it is would put that nonsense into the law, and a conversion table applied by guess could corrupt a real
Latin-1 text; the file is refused with the encoding named, for the user to convert it (UniKey's converter, or
the office suite's) and try again.
"""
from __future__ import annotations

import re

from ..errors import InputError

# Words of every legal document as the legacy encodings write them
_TCVN3 = re.compile(r"§iÒu|ViÖt|Céng|hoµ|Ngµy|th¸ng|n¨m|Sè:|Quèc|ChÝnh|NghÞ|QuyÕt|§éc|H¹nh")
_VNI = re.compile(r"Ñieàu|Vieät|Coäng|hoøa|ngaøy|thaùng|naêm|Soá:|Quoác|Chính phuû|Nghò|Quyeát|Ñoäc|Haïnh")
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_FONTS = re.compile(r"font-family\s*:\s*['\"]?(\.Vn\w+|VNI-\w+)", re.IGNORECASE)


def legacy_encoding(text: str) -> str | None:
    """``"TCVN3"`` or ``"VNI"`` when the text is written in that encoding, else None."""
    sample = text[:200_000]
    proper = len(_VIETNAMESE.findall(sample))
    for name, rx in (("TCVN3 (ABC)", _TCVN3), ("VNI", _VNI)):
        hits = len(rx.findall(sample))
        if hits >= 3 and hits * 20 > proper:
            return name
    return None


def check_legacy(text: str, document: str, *, markup: str = "") -> None:
    """Refuse text written in a legacy Vietnamese encoding (or a page whose text is set in its fonts)."""
    enc = legacy_encoding(text)
    if enc is None and markup:
        m = _FONTS.search(markup)
        if m and len(_VIETNAMESE.findall(text[:200_000])) < 20:
            enc = f"{'TCVN3 (ABC)' if m.group(1).startswith('.') else 'VNI'} (font {m.group(1)})"
    if enc:
        raise InputError(f"the text is in the legacy Vietnamese encoding {enc}, not Unicode", document=document,
                         expected="the document converted to Unicode (e.g. with UniKey's converter) and saved "
                                  "again")
