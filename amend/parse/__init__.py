"""Parse stage: published plain text → AKN XML (see :func:`parse_text`)."""
from .document import ParseResult, parse_text

__all__ = ["ParseResult", "parse_text"]
