"""Replay: operations applied in order give the dated versions of a work.

Order of replay (DESIGN §4): effective date, then signing date, then the
amending document's URI (so that same-day documents are ordered the same
way whatever order they were loaded in), then position in the document.
Revocations of earlier amending provisions ("Bãi bỏ khoản 8 Điều 1 Thông tư
số 06/2023/TT-NHNN") end the effect of the operations read from them before
the revoking document's own operations apply.

The base tree is copied once; each dated version is a snapshot of the
working copy, so the input is never mutated.  A conflict raises
:class:`~amend.errors.ConflictError` and no version is returned.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from .akn import AKN_NS, E, local, main_doc, q, text_of
from .errors import ConflictError, InputError
from .read import APPROXIMATE, Reading, WorkInfo, provision_label
from .text import vi_date
from .ops import (
    PROV,
    STATUS,
    Index,
    InsertUnit,
    Operation,
    RepealUnit,
    ReplaceUnit,
    Expire,
    Revoke,
    akn_mod,
)


class Change(NamedTuple):
    """One entry of a provision's history."""

    date: str
    op: str              # operation id
    kind: str
    target: str          # eId in the consolidated work
    source: str          # "điểm a khoản 1 Điều 1 Thông tư số 12/2024/TT-NHNN"
    note: str = ""


class Unapplied(NamedTuple):
    """An instruction of an amending document that the version does not carry out, and why."""

    document: str        # "Thông tư số 05/2025/TT-BTP"
    provision: str       # "khoản 2 Điều 1"
    sentence: str
    why: str             # in Vietnamese
    date: str | None     # when the document takes effect, if known


def unapplied_lines(items) -> list[str]:
    """The notice every output opens with when instructions were not applied."""
    if not items:
        return []
    out = [f"Chưa áp dụng {len(items)} chỉ dẫn sửa đổi (văn bản này có thể chưa đầy đủ):"]
    for document, group in grouped_unapplied(items):
        if len(group) == 1:
            u = group[0]
            # a line of a news report is what the report says of the document, not a provision of it
            joint = " thuật lại " if u.provision.endswith("bài báo") else " "
            out.append(f"- {u.provision}{joint}{u.document} ({u.why}): “{u.sentence}”".replace("  ", " ").strip())
            continue
        out.append(f"- {document}:")      # one description of the source for all its items
        for u in group:
            out.append(f"  + {u.provision} ({u.why}): “{u.sentence}”")
    return out


def grouped_unapplied(items) -> list[tuple[str, list]]:
    """The items not applied, grouped by the document that says them, in the order each document first comes."""
    groups: dict[str, list] = {}
    for u in items:
        groups.setdefault(u.document, []).append(u)
    return list(groups.items())


@dataclass
class Version:
    """The text of a work from ``start`` until the next version."""

    start: str | None          # None for the original expression before any date is known
    root: etree._Element
    applied: list[Operation] = field(default_factory=list)
    gaps: list = field(default_factory=list)      # what the sources leave unknown in this version
    approximate: str = ""      # "on or before": the start date is an upper bound
    unapplied: list = field(default_factory=list)  # instructions in force by then that were not applied


@dataclass
class Consolidation:
    """All versions of a work, the operations applied, and what was left aside."""

    base: WorkInfo
    versions: list[Version]
    operations: dict[str, Operation]
    documents: dict[str, WorkInfo]
    history: list[Change]
    pending: list[tuple[Operation, str]] = field(default_factory=list)   # (op, why not applied)
    unapplied: list = field(default_factory=list)   # every instruction not applied (Unapplied), all dates

    def at(self, date: str) -> Version:
        """The version in force on ``date`` (the last whose start is ≤ date)."""
        best = self.versions[0]
        for v in self.versions:
            if v.start is not None and v.start <= date:
                best = v
        return best

    def provision_status(self, eid: str, date: str) -> str:
        """"in force", "suspended", "repealed" or "absent" for one unit on ``date``."""
        v = self.at(date)
        for e in v.root.iter():
            if isinstance(e.tag, str) and e.get("eId") == eid:
                return e.get(STATUS) or "in force"
        return "absent"

    def provision_history(self, eid: str) -> list[Change]:
        return [c for c in self.history if c.target == eid or c.target.startswith(eid + "__")
                or eid.startswith(c.target + "__")]

    def blame(self, date: str) -> dict[str, Change]:
        """For every changed unit of the version in force on ``date``: its last change."""
        out: dict[str, Change] = {}
        for c in self.history:
            if c.date <= date:
                out[c.target] = c
        v = self.at(date)
        from .akn import eids
        ids = eids(v.root)
        return {k: c for k, c in out.items() if k in ids}


def order(operations: list[Operation], docs: dict[str, WorkInfo]) -> list[Operation]:
    """Operations in replay order (deterministic whatever the load order).

    The position that breaks ties is the operation's position within its own
    document, so interleaving documents differently changes nothing.
    """
    works = sorted({o.source.work for o in operations},
                   key=lambda w: ((docs[w].signed if w in docs else None) or "", w))
    rank = {w: i for i, w in enumerate(works)}
    dates = {d: i for i, d in enumerate(sorted({o.effective or "9999-99-99" for o in operations}))}
    counters: dict[str, int] = {}
    keys = []
    n = len(operations) + 1
    for o in operations:
        w = o.source.work
        i = counters.get(w, 0)
        counters[w] = i + 1
        # one integer: date, then document, then revocations first, then position
        keys.append(((dates[o.effective or "9999-99-99"] * len(rank) + rank[w]) * 2
                     + (0 if o.kind == "revoke" else 1)) * n + i)
    return [operations[j] for j in sorted(range(len(operations)), key=keys.__getitem__)]


def _source_label(op: Operation, docs: dict[str, WorkInfo], cache: dict | None = None) -> str:
    """"điểm a khoản 1 Điều 1 Thông tư số 12/2024/TT-NHNN" (``cache``: names already made)."""
    from .render.notes import doc_name
    name = cache.get(op.source.work) if cache is not None else None
    if name is None:
        name = doc_name(docs.get(op.source.work), op.source.number or op.source.work, short=True)
        if cache is not None:
            cache[op.source.work] = name
    return f"{op.source.label} {name}".strip()


def consolidate(base_tree, readings: list[Reading], *, until: str | None = None,
                snapshots: bool = True, hold_conflicts: bool = False, in_place: bool = False,
                index: Index | None = None, from_current_text: bool = False) -> Consolidation:
    """Replay the operations of ``readings`` that act on the base work.

    ``until`` (ISO date) stops the replay after the last version starting on
    or before it; by default every dated operation is applied.  With
    ``snapshots=False`` only the last version is kept (one copy of the tree
    in all: what a single point-in-time query needs).  A conflict (a target or
    expected text not there) raises :class:`ConflictError`; with
    ``hold_conflicts`` (a site build, where one work must not stop the others)
    the operation is left out whole and listed as not applied, with the
    conflict as its reason, in every output of the work.  ``in_place`` (with
    ``snapshots=False``): the base tree itself becomes the last version, not a
    copy of it, for a caller that parsed the base for this query alone; ``index``
    is then the base's :class:`~amend.ops.Index` if the caller built it already.
    """
    if in_place and snapshots:
        raise ValueError("in_place replay keeps no earlier version: use it with snapshots=False")
    if index is not None and not (in_place and index.root is (base_tree.getroot() if hasattr(base_tree, "getroot")
                                                             else base_tree)):
        raise ValueError("an index given to consolidate must be the base's own, replayed in place")
    base_root = base_tree.getroot() if hasattr(base_tree, "getroot") else base_tree
    from .read import work_info
    base = work_info(base_root)
    merged = current_text(base_root) if readings else None
    if merged and not (from_current_text or hold_conflicts):

        raise InputError("the base is a portal's current text, not the text as enacted: its notes say later changes "
                         f"are merged into it ([{merged[:90]}]); replaying the amendments would apply them twice",
                         document=base.number or base.uri, expected="the text as enacted (the portal's original-text "
                         "view or the gazette), or --from-current-text to replay onto it knowingly")
    docs = {r.work.uri: r for r in readings}
    infos = {u: r.work for u, r in docs.items()}
    family = set(docs)
    ops_all = [o for r in readings for o in r.operations]
    pending: list[tuple[Operation, str]] = []
    revokes: list[Operation] = []
    rewritten: dict[str, str] = {}     # a rewritten amending provision's new text, by the operation's id
    mine: list[Operation] = []
    for o in ops_all:
        if merged and hold_conflicts and o.work == base.uri:
            pending.append((o, CURRENT_TEXT))     # a site: the current text is shown as it is, nothing replayed
            continue
        if o.status != "ready" and elsewhere(o.work, base.uri, family):
            continue       # an instruction for another document (an omnibus law's article on another law)
        if o.status != "ready":
            pending.append((o, "proposed: the instruction needs review"))
        elif o.work in family and o.work != base.uri and o.effective is None \
                and isinstance(o, (Revoke, RepealUnit, ReplaceUnit, InsertUnit)):
            pending.append((o, "the effective date is not known"))     # an undated revocation ends nothing yet
        elif o.work in family and o.work != base.uri and isinstance(o, (Revoke, RepealUnit, ReplaceUnit, InsertUnit)):
            # a provision of an amending document repealed or rewritten: its operations end
            # (a rewritten provision's new operations are read from its new text, see amend.read)
            rv = o if isinstance(o, Revoke) else Revoke(**{f: getattr(o, f) for f in
                                                           ("id", "source", "work", "target", "effective", "status",
                                                            "note")})
            if isinstance(o, ReplaceUnit):
                rewritten[rv.id] = o.content
            revokes.append(rv)
        elif o.work != base.uri:
            continue
        elif o.effective is None:
            pending.append((o, "the effective date is not known"))
        else:
            mine.append(o)
    # a revocation ends the effect of the operations read from the revoked provision
    revoked_by: dict[str, Operation] = {}
    moved = moved_entries(revokes, infos, rewritten)
    revokes = [r for r in revokes if r.id not in moved["by_op"]]
    for r in revokes:
        # a provision of the amending document that made no change to this work (its own rules, or its articles
        # on another law) is rewritten or repealed: nothing of this work's text depends on it
        for o in (o for o in mine if r.covers(o)):
            revoked_by[o.id] = r
    revokes = [r for r in revokes if any(x is r for x in revoked_by.values())]   # only those that end a change here
    if moved["works"]:
        # a later document moved an amending document's entry into force: its operations that took effect with
        # it take effect on the new date (those with a date of their own keep it)
        infos = {**infos, **{w: m["info"] for w, m in moved["works"].items()}}
        mine = [dataclasses.replace(o, effective=moved["works"][o.source.work]["date"])
                if o.source.work in moved["works"] and o.effective == moved["works"][o.source.work]["was"] else o
                for o in mine]
    if hold_conflicts:        # both sides of a contradiction are left out and listed, the rest applies
        held = check_overlaps(mine, pending)
        mine = [o for o in mine if o.id not in held]
    else:
        check_overlaps(mine)
    # a time-limited change ends the day after its last day: the unit is put back
    expiring = {o.id for o in mine if o.expires}
    ends = [Expire(id=f"{o.id}~end", source=o.source, work=o.work, target=o.target, of=o.id,
                   effective=(datetime.date.fromisoformat(o.expires) + datetime.timedelta(days=1)).isoformat())
            for o in mine if o.expires]
    revived = {oid for oid, r in revoked_by.items() if getattr(r, "revive", False)}
    sequence = order(mine + revokes + ends, infos)
    if until:
        sequence = [o for o in sequence if o.effective and o.effective <= until]

    work = base_root if in_place else copy.deepcopy(base_root)
    index = index if index is not None else Index(work)
    index.prepare(sequence)
    versions = [Version(None, copy.deepcopy(work))] if snapshots else []
    history: list[Change] = []
    applied: list[Operation] = []
    opmap = {o.id: o for o in ops_all}
    opmap.update({o.id: o for o in mine})         # with the dates effect events gave them
    names: dict[str, str] = {}
    current = None
    for o in sequence:
        if o.effective != current and applied and snapshots:
            versions.append(Version(current, copy.deepcopy(work), list(applied)))
        current = o.effective
        if isinstance(o, Revoke):
            for oid, r in revoked_by.items():
                if r.id == o.id:
                    _undo(opmap[oid], o, index, history, _source_label(o, infos), revive=oid in revived)
            applied.append(o)
            continue
        if o.id in expiring or o.id in revived:
            index.save(o.id, o.target)
        if base.status == "incomplete" and isinstance(o, ReplaceUnit) and index.get(o.target) is None:
            _replace_into_incomplete(o, index)
        elif base.status == "incomplete" and o.target and index.get(o.target) is None and not isinstance(o, InsertUnit):
            # the unit is in the part of the work the corpus does not have: said, not guessed
            pending.append((o, "the amended text is not in the corpus"))
            continue
        elif hold_conflicts:
            if not _apply_or_hold(o, index, pending):
                continue
        else:
            o.apply(index)
        applied.append(o)
        label = names.get(o.source.work)
        label = f"{o.source.label} {label}" if label is not None else _source_label(o, infos, names)
        if o.kind == "remove-rows":
            history += [Change(o.effective, o.id, o.kind, r, label, f"{len(o.labels)} of {o.count} items")
                        for r in o.rows]
        elif o.kind == "move":
            history.append(Change(o.effective, o.id, o.kind, o.target, label, f"→ {o.new_eid} (score {o.score})"))
            history.append(Change(o.effective, o.id, o.kind, o.new_eid, label, f"← {o.target}"))
        else:
            detail = getattr(o, "until", "")
            if o.applies and o.applies != o.effective:      # applied from another date than it took effect
                detail = (detail + "; " if detail else "") + f"áp dụng từ {vi_date(o.applies)}"
            history.append(Change(o.effective, o.id, o.kind, o.target, label, detail))
    if not snapshots:
        versions.append(Version(current, work, list(applied)))
    elif applied and (len(versions) == 1 or versions[-1].start != current):
        versions.append(Version(current, copy.deepcopy(work), list(applied)))
    stated_gaps = [g for r in readings for g in getattr(r, "gaps", [])]
    unapplied = _unapplied(readings, pending, infos, base.uri)
    if merged:
        from .render.notes import doc_name
        unapplied.insert(0, Unapplied(doc_name(base, base.number or base.uri, short=True), "", merged,
                                      CURRENT_TEXT_VI, None))
    for v in versions:
        # the latest version carries every instruction not applied; an earlier one those in force by its date
        v.unapplied = unapplied if v is versions[-1] else [u for u in unapplied if v.start and (u.date or "9") <= v.start]
        if v.applied:
            v.gaps = stated_gaps + figure_gaps(v)
            v.approximate = "; ".join(sorted({o.note for o in v.applied if o.note.startswith(APPROXIMATE)}))
        _stamp(v, base, opmap)
    return Consolidation(base, versions, opmap, infos, history, pending, unapplied)


def moved_entries(revokes, infos, rewritten: dict) -> dict:
    """Changes of an amending document's own date of entry into force by a later document ("Sửa đổi khoản 1
    Điều 252 như sau: “1. Luật này có hiệu lực thi hành từ ngày 01 tháng 8 năm 2024 …”"): an effect event, not a
    text change. Returns ``{"works": {uri: {"date", "was", "info"}}, "by_op": {op ids}}``."""
    from .parse.styles import IN_FORCE
    from .text import parse_date
    works: dict = {}
    by_op: set = set()
    for r in revokes:
        content = rewritten.get(r.id, "")
        info = infos.get(r.work)
        if not content or info is None or not info.in_force:
            continue
        text = " ".join(etree.fromstring(content).itertext())
        m = next((m for m in IN_FORCE.finditer(text)
                  if re.search(r"\b(?:Luật|Bộ\s+luật|Pháp\s+lệnh|Nghị\s+quyết|Nghị\s+định|Quyết\s+định|Thông\s+tư)"
                               r"\s+này\s*$", text[max(0, m.start() - 40):m.start()])), None)
        when = m and m.group("when") and parse_date(m.group("when"))
        if not when or when.isoformat() == info.in_force:
            continue
        new = dataclasses.replace(info, in_force=when.isoformat(),
                                  in_force_rule=f"moved:{info.in_force}:{r.source.label}:{r.source.number}")
        works[r.work] = {"date": when.isoformat(), "was": info.in_force, "info": new}
        by_op.add(r.id)
    return {"works": works, "by_op": by_op}


CURRENT_TEXT = "the base is a portal's current text: later changes are already merged into it"
CURRENT_TEXT_VI = ("văn bản gốc là bản hiện hành của cổng thông tin (đã gộp các sửa đổi về sau), không phải văn bản "
                   "như khi ban hành: các sửa đổi có thể đã có sẵn trong văn bản và bị áp dụng hai lần")


def current_text(root) -> str | None:
    """The first note saying a later change is merged into the text, if ``root`` is a portal's current text."""
    from .akn import AMEND_NS
    src = main_doc(root).find(f"{q('meta')}/{q('proprietary')}/{{{AMEND_NS}}}source")
    if src is None or src.get("currentText") != "true":
        return None
    note = src.find(f"{{{AMEND_NS}}}portalNote[@kind='merged']")
    return note.text if note is not None and note.text else "(ghi chú của cổng thông tin)"


def elsewhere(work: str | None, base: str, family) -> bool:
    """Is an instruction addressed to a document other than ``base`` (and other than the amending documents
    consolidated with it)? An instruction whose document is not known is not elsewhere: it stays listed."""
    return bool(work) and work != base and work not in family


def _unapplied(readings, pending, infos, base: str = "") -> list[Unapplied]:
    """What the amending documents say that replay did not carry out: proposed, undated, unread."""
    from .read import reason_vi
    from .render.notes import doc_name
    out, seen = [], set()

    def add(work: str, number: str, provision: str, sentence: str, why: str):
        key = (work, provision, sentence)
        if key in seen:
            return
        seen.add(key)
        info = infos.get(work)
        out.append(Unapplied(doc_name(info, number or work, short=not (info and info.report)), provision, sentence, reason_vi(why),
                             (info.in_force or info.signed_before) if info else None))
    for o, why in pending:
        add(o.source.work, o.source.number, o.source.label, o.source.sentence, o.note or why)
    family = {r.work.uri for r in readings}
    for r in readings:
        for u in r.unread:
            if base and elsewhere(u.extra.get("work"), base, family):
                continue   # a sentence of a provision that amends another document
            add(r.work.uri, r.work.number or "", u.extra.get("where_vi", u.where or ""), u.extra.get("sentence", ""),
                u.message.split(":")[0])
    return out


def figure_gaps(v: Version) -> list:
    """Figures of ``v`` the amendments leave inconsistent: kept as enacted and reported."""
    from .read import Gap
    from .text import parse_number
    from .validate import check_tables
    gaps = []
    touched_tables = set()
    if not any(o.kind in ("change-value", "remove-rows") for o in v.applied):
        return gaps
    from .akn import eid_index
    index = eid_index(v.root)
    for o in v.applied:
        if o.kind == "remove-rows":
            touched_tables |= {r.split("__tr_")[0] for r in o.rows}
        if o.kind != "change-value":
            continue
        el = index.get(o.target)
        if el is None:
            continue
        if local(el) == "tr":
            touched_tables.add(o.target.split("__tr_")[0])
            continue
        t = text_of(el)
        m = re.search(re.escape(o.new) + r"[^()]*?(\([^()]*\))", t)
        if m and not any(ch.isdigit() for ch in m.group(1)):
            gaps.append(Gap("stale-figure", f"{o.target}: số tiền bằng chữ {m.group(1)} vẫn như văn bản ban hành "
                            f"({o.old}); nguồn không nêu lại cho số mới {o.new}", where=o.target))
        parts = []
        for sub in el:
            if local(sub) in ("indent", "point", "paragraph", "subparagraph"):
                nums = [parse_number(x) for x in re.findall(r"(\d[\d.,]*)\s*tỷ\s+đồng", text_of(sub))]
                parts += [x for x in nums if x is not None]
        if parts and abs(sum(parts) - (parse_number(o.old) or 0)) < 1e-9:
            gaps.append(Gap("stale-figure", f"{o.target}: các nguồn vốn thành phần vẫn cộng thành tổng cũ {o.old} "
                            f"({' + '.join(format_num(p) for p in parts)}); nguồn không nêu số mới cho tổng {o.new}",
                            where=o.target))
    for tid in sorted(touched_tables):
        table = index.get(tid)
        if table is None:
            continue
        stated, items = _table_totals(table)
        if stated is not None and items is not None and abs(stated - items) > 1e-9:
            gaps.append(Gap("unbalanced-table", f"{tid}: các nhiệm vụ cộng lại {format_num(items)}, tổng được nêu "
                            f"là {format_num(stated)}; {format_num(abs(items - stated))} tỷ đồng chênh lệch nguồn không "
                            f"phân bổ cho nhiệm vụ nào", amount=format_num(abs(items - stated)), where=tid))
    for d in check_tables(v.root, "version"):
        if d.code == "table-arithmetic" and any((d.where or "").startswith(t) for t in touched_tables):
            x = d.extra
            what = {"row total": "tổng của dòng", "subtotal": "tổng nhóm", "grand total": "tổng cộng"}.get(
                x.get("what"), x.get("what", ""))
            gaps.append(Gap("unbalanced-table", f"{d.where}: {what}, cột “{x.get('column')}” ghi "
                            f"{format_num(x.get('stated'))}, các dòng cộng lại {format_num(x.get('computed'))}",
                            where=d.where or ""))
    return gaps


def _table_totals(table):
    """(stated grand total, sum of the item rows) in the table's total column."""
    rows = [tr for tr in table.iter(q("tr"))]
    total = next((tr for tr in rows if tr.get("class") == "total"), None)
    if total is None:
        return None, None
    from .validate import val
    col = len(total) - 1
    stated = val(total, col)
    items = [val(tr, len(tr) - 1) for tr in rows if tr.get("class") == "item"]
    return stated, sum(x or 0 for x in items)


def format_num(x) -> str:
    from .text import format_number
    return format_number(x)


NOT_IN_CORPUS = ("Các nội dung khác của văn bản này không có trong kho dữ liệu; chỉ những nội dung "
                 "do văn bản sửa đổi, bổ sung quy định được thể hiện.")
_NUM_WORD = {"art": "Điều", "chp": "Chương", "sec": "Mục", "part": "Phần"}
_TAG = {"art": "article", "chp": "chapter", "sec": "section", "part": "part", "para": "paragraph",
        "point": "point", "subpara": "subparagraph"}


def _apply_or_hold(o, index: Index, pending: list) -> bool:
    """Apply ``o``; on a conflict put back every unit it touched and list it as not applied (False)."""
    places = tuple(getattr(o, "scope", ()) or ()) if len(getattr(o, "scope", ()) or ()) > 1 else ()
    if o.kind in ("remove-rows", "move"):
        places = (o.target,)
    for i, eid in enumerate(places):
        index.save(f"{o.id}#hold{i}", eid)
    try:
        o.apply(index)
    except ConflictError as e:
        for i in reversed(range(len(places))):
            index.restore(f"{o.id}#hold{i}")
        pending.append((o, f"conflict: {e.message}" + (f" (expected {e.expected}, found {e.found})"
                                                        if e.expected else "")))
        return False
    for i in range(len(places)):
        getattr(index, "saved", {}).pop(f"{o.id}#hold{i}", None)
    return True


def _replace_into_incomplete(op: ReplaceUnit, index: Index) -> None:
    """A replaced unit of a work whose text is not in the corpus: the new text stands alone.

    Nothing of the old text is invented: the unit gets only its number (from
    its address) and the new content; the rest of the work is stated to be
    unavailable.
    """
    from .ops import _insert_in_order
    new = index.content(op)
    kind, _, num = op.target.rpartition("__")[2].partition("_")
    if local(new) == "content":
        label = f"{_NUM_WORD[kind]} {num.replace('dd', 'đ')}." if kind in _NUM_WORD else f"{num}."
        unit = E(_TAG.get(kind, "hcontainer"), E("num", label), eId=op.target)
        units = [c for c in new if c.get("eId")]
        for c in (units if units and len(units) == len(new) else [new]):
            unit.append(c)
        new = unit
    parent = index.get(op.target.rpartition("__")[0]) if "__" in op.target else index.root.find(f".//{q('body')}")
    if parent is None:
        raise op.conflict("the unit that holds the replaced provision is not in the corpus either",
                          expected=op.target.rpartition("__")[0], found="none")
    _insert_in_order(parent, new)
    for hc in parent.iter(q("hcontainer")):
        if hc.get("name") == "khong-co-noi-dung":
            p = hc.find(f"{q('content')}/{q('p')}")
            if p is not None:
                p.text = NOT_IN_CORPUS
    index.add(new)
    op.mark(new)


_UNIT_OPS = ("replace", "repeal", "insert")


def check_overlaps(ops: list[Operation], held: list | None = None) -> set[str]:
    """Two unit operations of one document on the same unit, or one inside a unit the other
    replaces or repeals, contradict each other: a conflict, not a silent order-dependent result.

    With ``held`` (a list), nothing is raised: both operations of each contradiction go into it as not applied,
    with the conflict as the reason, and their ids are returned."""
    out: set[str] = set()

    def conflict(err: ConflictError, *pair: Operation) -> None:
        if held is None:
            raise err
        for o in pair:
            if o.id not in out:
                out.add(o.id)
                held.append((o, f"conflict: {err.message}"))
    by_doc: dict[str, list[Operation]] = {}
    for o in ops:
        if o.kind in _UNIT_OPS and o.target:
            by_doc.setdefault(o.source.work, []).append(o)
    # two documents changing the same unit on the same day: which text is in force cannot be decided
    by_day: dict[tuple[str, str | None], Operation] = {}
    for o in sorted((o for d in by_doc.values() for o in d), key=lambda o: (o.source.work, o.target)):
        other = by_day.setdefault((o.target, o.effective), o)
        if other.source.work != o.source.work:
            conflict(ConflictError(
                f"two documents change {o.target} on the same day ({o.effective})",
                document=f"{other.source.number or other.source.work} and {o.source.number or o.source.work}",
                where=f"{other.source.label} and {o.source.label}",
                expected="one change of a unit per day, or a later document that settles it",
                found=f"{other.kind} and {o.kind}"), other, o)
    for doc_ops in by_doc.values():
        ranked = sorted(doc_ops, key=lambda o: o.target)
        for i, a in enumerate(ranked):
            for b in ranked[i + 1:]:
                if not (b.target == a.target or b.target.startswith(a.target + "__")):
                    break      # sorted: nothing further down starts with a's eId
                if b.target == a.target or a.kind in ("replace", "repeal"):
                    conflict(ConflictError(
                        f"two provisions of one document act on {a.target}" +
                        ("" if a.target == b.target else f" and on {b.target} inside it"),
                        document=a.source.number or a.source.work,
                        where=f"{a.source.label} and {b.source.label}",
                        expected="one operation per unit", found=f"{a.kind} and {b.kind}"), a, b)
    return out


def _undo(op: Operation, by: Operation, index: Index, history: list[Change], label: str, *,
          revive: bool = False) -> None:
    el = index.get(op.target)
    if el is None or el.get(PROV) != op.id:
        return  # already changed again by a later provision: nothing of ``op`` remains there
    if revive and index.restore(op.id) is not None:
        history.append(Change(by.effective, by.id, "revoke", op.target, label, f"ends {op.id}; earlier text applies again"))
        return
    if isinstance(op, InsertUnit):
        index.drop(el)
        el.getparent().remove(el)
        history.append(Change(by.effective, by.id, "revoke", op.target, label, f"ends {op.id}"))
        return
    RepealUnit(id=by.id, source=by.source, work=op.work, target=op.target, effective=by.effective).apply(index)
    history.append(Change(by.effective, by.id, "revoke", op.target, label, f"ends {op.id}"))


def _stamp(v: Version, base: WorkInfo, opmap: dict[str, Operation]) -> None:
    """Identify the version as an FRBR expression and list what was applied."""
    doc = main_doc(v.root)
    meta = doc.find(q("meta"))
    ident = meta.find(q("identification"))
    expr = ident.find(q("FRBRExpression"))
    manif = ident.find(q("FRBRManifestation"))
    at = v.start
    suffix = f"vie@{at}" if at else "vie@"
    for part, ext in ((expr, ""), (manif, ".akn")):
        this = part.find(q("FRBRthis"))
        uri = part.find(q("FRBRuri"))
        uri.set("value", f"{base.uri}/{suffix}{ext}")
        this.set("value", f"{base.uri}/{suffix}/!main" + (".xml" if ext else ""))
        if at:
            part.find(q("FRBRdate")).set("date", at)
            part.find(q("FRBRdate")).set("name", "consolidation" if part is expr else "Generation")
    prop = meta.find(q("proprietary"))
    if prop is not None:
        for u in v.unapplied:
            prop.append(E("amend:unapplied", u.sentence, document=u.document, provision=u.provision, why=u.why,
                          **({"date": u.date} if u.date else {})))
    if not v.applied:
        return
    doc.set("contains", "singleVersion")      # a consolidated expression, not the original
    if prop is not None:
        for g in v.gaps:
            prop.append(E("amend:gap", g.message, kind=g.kind, **({"sentence": g.sentence} if g.sentence else {})))
        if v.approximate:
            prop.append(E("amend:versionDate", date=v.start or "", approximate=v.approximate))
    analysis = meta.find(q("analysis"))
    if analysis is None:
        analysis = E("analysis", source="#amend")
        anchor = meta.find(q("lifecycle")) if meta.find(q("lifecycle")) is not None else ident
        anchor.addnext(analysis)
    def quoteattr(x: str) -> str:
        return '"' + x.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;") + '"'
    parts = []
    mods: dict[str, tuple[str, str]] = {}      # kind → (opening, closing) of its modification element
    for i, o in enumerate(v.applied, 1):
        # a suspension ("ngưng hiệu lực thi hành") changes efficacy, not text
        mod = mods.get(o.kind)
        if mod is None:
            tag, typ = akn_mod(o.kind)
            mod = mods[o.kind] = (f'<{tag} type="{typ}" eId="pmod_', f"</{tag}>")
        period = f' period="#period_{o.effective}"' if o.effective else ""
        dst = f"{o.work}/~{o.target}" if o.kind == "revoke" else f"#{o.target}"
        parts.append(f'{mod[0]}{i}"{period}><source href={quoteattr(o.source.work + "/~" + o.source.provision)}/>'
                     f'<destination href={quoteattr(dst)}/>{mod[1]}')
    pm = etree.fromstring(f'<passiveModifications xmlns="{AKN_NS}">{"".join(parts)}</passiveModifications>')
    analysis.append(pm)
    # the periods the modifications refer to
    dates = sorted({o.effective for o in v.applied if o.effective})
    td = meta.find(q("temporalData"))
    if td is None:
        td = E("temporalData", source="#amend")
        analysis.addnext(td)
    lc = meta.find(q("lifecycle"))
    for d in dates:
        eid = f"e_mod_{d}"
        if lc is not None and not any(e.get("eId") == eid for e in lc):
            lc.append(E("eventRef", eId=eid, date=d, source="#amend", type="amendment"))
        td.append(E("temporalGroup", E("timeInterval", start=f"#{eid}", refersTo="#hieu-luc"), eId=f"period_{d}"))


def parse_date_arg(s: str) -> str:
    """"16/7/2024" or "2024-07-16" → "2024-07-16"."""
    from .text import MAX_YEAR, MIN_YEAR, parse_date
    try:
        d = datetime.date.fromisoformat(s.strip())
    except ValueError:
        d = parse_date(s)
        if d is None or not s.strip():
            raise InputError("not a date", found=repr(s), expected="YYYY-MM-DD or DD/MM/YYYY") from None
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise InputError("implausible year", found=str(d.year), expected=f"a year from {MIN_YEAR} to {MAX_YEAR}")
    return d.isoformat()


def consolidate_trees(base_tree, amending_trees, *, until: str | None = None,
                      resolver=None, snapshots: bool = True, in_place: bool = False,
                      from_current_text: bool = False) -> Consolidation:
    """Read the amending documents against the base and replay them. An amending document that carries its
    reading (``amend ops --store``), made against this same base, is not read again. ``in_place``: see
    :func:`consolidate`."""
    from .akn import eids
    from .read import Resolver, bases_digest, read, stored_reading, work_info
    res = resolver or Resolver()
    for t in [base_tree, *amending_trees]:
        info = work_info(t)
        if info.uri not in res.by_uri:
            res.add(info)
    base_root = base_tree.getroot() if hasattr(base_tree, "getroot") else base_tree
    # replayed in place, the base's index of units is the one replay keeps: its eIds are read once
    index = Index(base_root) if in_place else None
    bases = {work_info(base_root).uri: set(index.map) if index else eids(base_root)}
    digest = bases_digest(bases)
    readings = [stored_reading(t, bases, digest) or read(t, res, bases=bases) for t in amending_trees]
    return consolidate(base_tree, readings, until=until, snapshots=snapshots, in_place=in_place, index=index,
                       from_current_text=from_current_text)
