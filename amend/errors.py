"""One error hierarchy for amend.

Every error carries structured fields (the document, the provision or line,
what was expected, what was found, a nearby candidate) so that the CLI can
print one actionable line and review screens can show the same facts as data.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class AmendError(Exception):
    """Base class: ``str(err)`` is one line a clerk can act on."""

    def __init__(self, message: str, *, document: str | None = None,
                 where: str | None = None, expected: str | None = None,
                 found: str | None = None, candidate: str | None = None):
        self.message = message
        self.document = document
        self.where = where
        self.expected = expected
        self.found = found
        self.candidate = candidate
        super().__init__(self.one_line())

    def one_line(self) -> str:
        parts = []
        if self.document:
            parts.append(self.document)
        if self.where:
            parts.append(self.where)
        head = ": ".join(parts)
        text = f"{head}: {self.message}" if head else self.message
        if self.expected is not None:
            text += f"; expected {self.expected}"
        if self.found is not None:
            text += f", found {self.found}"
        if self.candidate:
            text += f" (did you mean {self.candidate}?)"
        return text.replace("\n", " ")

    def as_dict(self) -> dict:
        return {"kind": type(self).__name__, "message": self.message,
                "document": self.document, "where": self.where,
                "expected": self.expected, "found": self.found,
                "candidate": self.candidate}


class InputError(AmendError):
    """Input that cannot be read at all: missing file, oversized, bad encoding."""


class BuildEngineError(AmendError):
    """A worker pool or a cluster a build cannot use (no such scheduler, Dask not installed, no workers)."""


class ParseError(AmendError):
    """Plain text that does not have the structure of a legal document."""


class XMLError(AmendError):
    """Malformed or unsafe XML."""


class ValidationError(AmendError):
    """XML that breaks the AKN schema or the project's profile."""


class IdentifierError(AmendError):
    """A document number, FRBR URI or eId that cannot be read."""


class InstructionError(AmendError):
    """An amendment sentence that cannot be turned into an operation."""


class ConflictError(AmendError):
    """A guarded patch whose target or expected old text is not there."""


class CorpusError(AmendError):
    """A corpus folder that is inconsistent (unknown work, duplicate, cycle)."""


class GraphError(AmendError):
    """A relation graph problem: unknown work, cycle where none is allowed."""


@dataclass
class Diagnostic:
    """A warning or error kept as data (collect mode)."""

    level: str  # "error" | "warning" | "info"
    message: str
    document: str | None = None
    where: str | None = None
    code: str = ""
    extra: dict = field(default_factory=dict)

    def __str__(self) -> str:
        loc = ": ".join(p for p in (self.document, self.where) if p)
        return f"{self.level}: {loc + ': ' if loc else ''}{self.message}"
