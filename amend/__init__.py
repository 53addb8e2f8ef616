"""amend: a versioned amendment engine for Vietnamese legal documents.

One entry point per stage (DESIGN §2):

>>> import amend
>>> sorted(amend.__all__)[:4]
['AmendError', 'ConflictError', 'Family', 'LegalGraph']
"""
from .corpus import Family, load_corpus
from .diff import redline
from .errors import AmendError, ConflictError
from .graph import LegalGraph, build_graph
from .read import explain, read, read_planning
from .ops import KINDS as OPERATION_KINDS
from .parse import parse_text
from .render import build_site, export_version, render_text
from .validate import validate
from .versions import consolidate, consolidate_trees

__all__ = [
           "OPERATION_KINDS",
           "AmendError",
           "ConflictError",
           "Family",
           "LegalGraph",
           "build_graph",
           "build_site",
           "consolidate",
           "consolidate_trees",
           "explain",
           "export_version",
           "load_corpus",
           "parse_text",
           "read",
           "read_planning",
           "redline",
           "render_text",
           "validate",
]
