"""Read: the provisions of amending documents → operations (the ``instructions`` stage).

``grammar`` (verbs, references, documents as data) → ``rules`` (one drafting
form each, tried in order on every amending provision) → ``passes`` (whole
documents, effect and transition clauses, and the sweep that reports every
sentence no rule read) → a :class:`Reading`.  ``planning`` reads adjustments
of a plan stated in sentences; ``store`` keeps operations in the amending
document and dry-runs one sentence.
"""
from .grammar import DOC_RE, Ref, read_refs, ref_eid
from .model import APPROXIMATE, OUTCOMES, Finding, reason_vi, Gap, Reading, Resolver, WorkInfo, provision_label, work_info
from .planning import match_items, read_planning
from .reader import Reader, read
from .store import bases_digest, explain, store, stored_reading

__all__ = ["APPROXIMATE", "DOC_RE", "OUTCOMES", "Finding", "Gap", "Reader", "Reading", "Ref", "Resolver",
           "WorkInfo", "explain", "match_items", "provision_label", "read", "read_planning", "read_refs", "reason_vi",
           "ref_eid", "store", "stored_reading", "work_info"]
