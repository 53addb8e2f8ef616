"""Render stage: versions → text, HTML site, DOCX, JSON."""
from .text import render_text


def export_version(fmt: str, version, consolidation, roots: dict | None = None) -> str | bytes:
    """A version as ``json`` or ``docx`` (``text`` and ``xml`` have their own functions)."""
    from .export import to_docx, to_json
    if fmt == "json":
        return to_json(version, consolidation)
    if fmt == "docx":
        return to_docx(version, consolidation, roots)
    from ..errors import InputError
    raise InputError(f"unknown format {fmt!r}", expected="xml, text, json or docx")


def build_site(corpus_root, out, **kw):
    """The static HTML site of a corpus (see :mod:`amend.render.site`)."""
    from .site import build_site as _build
    return _build(corpus_root, out, **kw)


__all__ = ["build_site", "export", "render_text"]
