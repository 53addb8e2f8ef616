"""Ingest: documents as they really arrive (web page, DOCX, PDF, plain text) → the text parser's line model.

Each reader turns its format into a :class:`Source`: the lines the plain-text
parser reads (:func:`amend.parse.parse_text`), the tables as real grids (rows,
cells, row and column spans), footnotes, document properties, and the
provenance of the original file (its format and SHA-256). The format is found
from the content, not the file name (:func:`detect`).

* ``html``: :mod:`amend.ingest.html` (lxml.html): the legal content taken from
  the page's structure, a portal's own additions left out;
* ``docx``: :mod:`amend.ingest.docx` (python-docx);
* ``pdf``: :mod:`amend.ingest.pdf` (pdfplumber);
* ``text``: UTF-8 text as before.
"""
from __future__ import annotations

from .model import (TABLE_MARK, Cell, NoDocumentError, Source, detect, is_akn_xml, load_source, parse_file,
                    parse_source)

__all__ = ["Cell", "NoDocumentError", "Source", "TABLE_MARK", "detect", "is_akn_xml", "load_source", "parse_file",
           "parse_source"]
