"""amend: a versioned amendment engine for Vietnamese legal documents.

One entry point per stage (DESIGN §2). The names are imported when first used, so that the command line starts
without loading what a command does not need (networkx, jinja2, python-docx):

>>> import amend
>>> sorted(amend.__all__)[:4]
['AmendError', 'ConflictError', 'Family', 'LegalGraph']
>>> amend.LegalGraph.__name__
'LegalGraph'
"""
from __future__ import annotations

import importlib

# name → the module that holds it
_WHERE = {
    "Family": "corpus", "load_corpus": "corpus", "redline": "diff", "AmendError": "errors",
    "ConflictError": "errors", "LegalGraph": "graph", "build_graph": "graph", "explain": "read", "read": "read",
    "read_planning": "read", "OPERATION_KINDS": "ops", "parse_text": "parse", "build_site": "render",
    "export_version": "render", "render_text": "render", "validate": "validate", "consolidate": "versions",
    "consolidate_trees": "versions",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'amend' has no attribute {name!r}")
    module = importlib.import_module(f".{_WHERE[name]}", __name__)
    value = getattr(module, "KINDS" if name == "OPERATION_KINDS" else name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
