"""Render stage: versions → text, HTML site, DOCX, JSON."""
from .text import render_text

__all__ = ["render_text"]
