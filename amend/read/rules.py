"""The unit rules: one drafting form each, tried in order on every amending provision.

A rule takes the reader, the provision (:class:`~amend.read.reader.View`),
what it inherits (:class:`~amend.read.reader.Ctx`) and its head (the first
block that instructs), and returns True when it has read the provision.
:data:`RULES` lists them in the order they are tried; a new drafting form is
one rule here plus one fixture in ``tests/fixtures/instructions/``.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from lxml import etree

from ..akn import E, local, q, text_of
from ..ops import (
    Correct,
    DeleteWords,
    InsertUnit,
    InsertWords,
    RepealUnit,
    RepealWork,
    ReplaceHeading,
    ReplacePassage,
    ReplaceUnit,
    ReplaceWords,
    ReplaceWork,
    Revoke,
    SuspendUnit,
)
from .content import all_below, all_units, anchor_of, close_sentence, content_element, quoted_units, rebase
from .grammar import (
    AFTER_ANCHOR,
    AS_FOLLOWS,
    ATTACHED,
    ATTACHED_CUE,
    DOC_RE,
    ANY_VERB,
    HEADING_OF,
    INSTRUCTION_CUE,
    LEAD_DATE,
    LEVELS,
    RANK,
    QUOTED,
    UNIT_RE,
    Ref,
    common_levels,
    DASH_ITEM,
    PASSAGE,
    doc_number,
    ordinal,
    phrase_groups,
    date_after,
    first_verb,
    is_instruction,
    quoted_phrases,
    read_refs,
    ref_eid,
    stated_count,
    strip_descriptions,
    until_of,
)
from .reader import Ctx, Reader, View, view_of

WORD_VERBS = ("replace-words", "delete-words", "insert-words", "correct")


@dataclass
class Head:
    """The block of a provision that instructs, read once for every rule."""

    block: etree._Element
    text: str
    refs: list[Ref]
    verb: str | None
    work: str | None      # the work its references belong to
    attached: str | None = None   # the eId of the attached regulation its references are in
    passage: str | None = None    # "đoạn thứ hai": the instruction changes a passage, not a unit
    date: str | None = None       # "Kể từ ngày …, bãi bỏ …": the instruction's own date


def _blank_quotes(s: str) -> str:
    return QUOTED.sub(lambda m: " " * (m.end() - m.start()), s)


def head_of(r: Reader, v: View, ctx: Ctx, block, text: str) -> Head:
    bare = _blank_quotes(text)
    refs = read_refs(bare, r.aliases)
    at = AFTER_ANCHOR.search(bare)
    if at:   # "… vào sau Điều 5": the anchor is not a target, but it says where the target sits
        anchor = read_refs(bare[at.end():], r.aliases)
        before = [x for x in refs if x.start < at.start()]
        # "Bổ sung vào cuối khoản 1 Điều 2 …": with nothing named before it, the unit named is the one acted on
        refs = before if before or "cuối" not in at.group(0) else refs
        if anchor:
            for x in refs:
                for k, val in anchor[0].levels.items():
                    if LEVELS[k] < x.top() and k not in x.levels:
                        x.levels[k] = val
                x.doc = x.doc or anchor[0].doc
    # "Thay thế Điều 3 bằng Điều 3 mới như sau:": what follows "bằng" is the new content, not another target
    # (an annex "bằng Phụ lục … kèm theo Thông tư này" is kept: the annex rule reads it)
    by = re.search(r"\bbằng\s+(?=(?:nội\s+dung\s+)?(?:Điều|[Kk]hoản|[Đđ]iểm|Chương|Mục|Phần)\s)", bare)
    if by and any(x.start < by.start() for x in refs):
        refs = [x for x in refs if x.start < by.start() or x.doc or "phụ lục" in x.levels]
    # "…; khoản 1 Điều 10 … tiếp tục được thực hiện": a clause that keeps a provision names no target
    for m in re.finditer(r"[^;]*tiếp\s+tục\s+(?:được\s+)?(?:thực\s+hiện|áp\s+dụng|có\s+hiệu\s+lực)[^;]*", bare, re.IGNORECASE):
        if first_verb(m.group(0)) is None:
            refs = [x for x in refs if not m.start() <= x.start < m.end()]
    work = r.doc_in(bare) or ctx.work
    if refs and all(x.doc for x in refs):
        work = r.work_of(refs[0].doc, text[refs[0].start:])
    passage = None
    for x in refs:
        before = bare[:x.start]
        if (m := DASH_ITEM.search(before)) and ordinal(m.group("n")):
            x.levels["gạch đầu dòng"] = str(ordinal(m.group("n")))
        elif PASSAGE.search(before):
            passage = PASSAGE.search(before).group(0).strip()
    attached = r.attached_part(work) if ATTACHED_CUE.search(bare) else None
    for x in refs:
        x.levels = {**{k: val for k, val in ctx.levels.items() if LEVELS[k] < x.top()}, **x.levels}
        if attached and "phụ lục" not in x.levels:
            x.levels[ATTACHED] = attached
    lead = LEAD_DATE.match(text)
    return Head(block, text, refs, first_verb(text), work, attached, passage,
                date_after(lead.group(0), "từ") if lead else None)


def ref_work(r: Reader, ref: Ref, h: Head) -> str | None:
    return r.work_of(ref.doc, h.text[ref.start:]) if ref.doc else h.work


def _claim_rest(r: Reader, v: View, outcome="container") -> None:
    for b, _ in v.blocks:
        if r.claimed(b) is None:
            r.claim(b, v.el, outcome)


# --- the walk ---------------------------------------------------------------------
def walk(r: Reader, unit, ctx: Ctx) -> None:
    """Offer ``unit`` to the rules; a unit no rule reads passes the walk to its sub-units."""
    v = _quoted_list(view_of(unit))
    instr = v.instructions()
    segments = _segments(v, instr)
    if len(segments) > 1:
        # several instructions in one provision, each with its own quotation
        for block, text, mods in segments:
            sub = View(unit, [(block, text)], mods, [])
            _run(r, sub, ctx, head_of(r, sub, ctx, block, text))
        return
    h = head_of(r, v, ctx, *instr[0]) if instr else None
    if h is None and v.children and v.blocks and INSTRUCTION_CUE.search(v.blocks[0][1]) \
            and v.blocks[0][1].rstrip().endswith(":"):
        h = head_of(r, v, ctx, *v.blocks[0])    # "Bãi bỏ các quy định sau:" over its items
    if h is None and _phrase_head(v):
        h = head_of(r, v, ctx, *_phrase_head(v))
    if h is None:
        before = len(r.reading.operations)
        for c in v.children:
            walk(r, c, ctx)
        if len(r.reading.operations) > before:
            _claim_rest(r, v)    # a generic heading ("Sửa đổi một số cụm từ như sau:") over its items
        return
    _run(r, v, ctx, h)


def _quoted_list(v: View) -> View:
    """"Sửa đổi tên Điều 5, Điều 6 và Điều 13 như sau:" over a lettered or numbered list whose items hold nothing
    but a quotation (``a) “Điều 5. …”;``): the items' quotations are the instruction's content, in order."""
    if v.mods or not v.children or not v.blocks or not AS_FOLLOWS.search(v.blocks[-1][1]):
        return v
    items = [view_of(c) for c in v.children]
    if len(items) < 2 or not all(len(i.mods) == 1 and not i.children and not i.blocks for i in items):
        return v
    return View(v.el, v.blocks, [i.mods[0] for i in items], [])


def _run(r: Reader, v: View, ctx: Ctx, h: Head) -> None:
    before = len(r.reading.operations)
    for _, rule in RULES:
        if rule(r, v, ctx, h):
            break
    if h.date:       # the instruction's own date stands for what it made
        ops = r.reading.operations
        ops[before:] = [dataclasses.replace(o, effective=h.date) for o in ops[before:]]


def _segments(v: View, instr) -> list:
    """(block, text, mods) for each instruction block followed by its own quotations."""
    if len(instr) < 2 or not v.mods:
        return []
    segs: list[list] = []
    for el in v.el.iter():
        hit = next(((b, t) for b, t in instr if b is el), None)
        if hit is not None:
            segs.append([hit[0], hit[1], []])
        elif segs and any(el is m for m in v.mods):
            segs[-1][2].append(el)
    if len(segs) < 2 or not all(mods for _, _, mods in segs):
        return []
    return [tuple(x) for x in segs]


_PHRASE_START = re.compile(r"^\s*(?:Các\s+)?(?:cụm\s+)?từ(?:\s+ngữ)?\s*[“\"'‘]", re.IGNORECASE)


def _phrase_head(v: View):
    """A passive phrase instruction: "Cụm từ “A” tại khoản 1 được thay bằng cụm từ “B”"."""
    for b, s in v.blocks:
        if _PHRASE_START.match(s) and quoted_phrases(s) and ANY_VERB.search(_blank_quotes(s)) or (
                _PHRASE_START.match(s) and re.search(r"được\s+(?:sửa|thay|đính\s+chính|bỏ)", s, re.IGNORECASE)):
            return b, s
    return None


# --- rules --------------------------------------------------------------------------
def passage(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    """"Sửa đổi đoạn mở đầu khoản 2 Điều 25 như sau: “…”", "Bãi bỏ đoạn thứ hai khoản 1 Điều 3": a passage of a
    unit, addressed by the unit and the passage (its opening words, or its n-th paragraph), never read as a change
    of the whole unit. A sentence ("câu"), a line or a passage whose new wording is not one quoted paragraph is
    kept for review."""
    if not h.passage or h.verb in WORD_VERBS:
        return False
    which = passage_address(h.passage)
    text = None
    if which and len(h.refs) == 1 and h.verb in ("replace", "repeal"):
        if h.verb == "repeal" and not v.mods:
            text = ""
        elif h.verb == "replace" and len(v.mods) == 1:
            blocks = [b for b in v.mods[0].iter(q("p")) if text_of(b).strip()]
            units = quoted_units(v.mods[0])
            # the passage alone, or printed with the unit's number ("“2. Nội dung … gồm:”"), nothing under it
            lone = len(units) == 1 and local(units[0]) in ("paragraph", "subparagraph", "point") and not any(
                local(c) in ("paragraph", "subparagraph", "point", "indent") for c in units[0])
            if len(blocks) == 1 and (lone or all(local(u) == "p" for u in units)):
                text = text_of(blocks[0]).strip()
                if (v.mods[0].tail or "").lstrip().startswith(".") and text[-1:] not in ".;:":
                    text += "."      # the full stop after the closing mark ends the quoted sentence
    if text is None:
        r.propose(v.el, h.block, h.text, f"the instruction changes a passage ({h.passage}) inside a unit, "
                  "which has no address of its own")
        _claim_rest(r, v, "proposed")
        return True
    x = h.refs[0]
    work = ref_work(r, x, h)
    eid = ref_eid(x.levels, r.bases.get(work))
    r.emit(ReplacePassage(id=r.next_id(), source=r.source(v.el, h.text, (x.start, x.end)), work=work, target=eid,
                          effective=r.effective(), passage=which, text=text, note=h.passage), h.block, v.el)
    _claim_rest(r, v)
    return True


def passage_address(words: str) -> str | None:
    """"đoạn mở đầu" → "intro", "đoạn thứ hai" → "2", "đoạn cuối" → "last"; None for a sentence or a line."""
    w = re.sub(r"\s+(?:của|tại)$", "", " ".join(words.lower().split()))
    if w == "phần mở đầu":
        return "intro"
    if not w.startswith("đoạn"):
        return None
    rest = w[len("đoạn"):].strip()
    if rest in ("mở đầu",):
        return "intro"
    if rest in ("cuối", "cuối cùng"):
        return "last"
    if rest in ("đầu", "đầu tiên"):
        return "1"
    n = ordinal(rest.replace("thứ ", "")) if rest.startswith("thứ ") else ordinal(rest)
    return str(n) if n else None


def repeal_list(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    """"Bãi bỏ các quy định sau đây:" then items that name provisions or documents, without a verb."""
    if h.verb not in ("repeal", "suspend") or h.refs or not h.text.rstrip().endswith(":") or not v.children:
        return False
    items = [c for c in v.children if not is_instruction(view_text(c))]
    if not items:
        return False
    r.claim(h.block, v.el, "container")
    for c in items:
        repeal_item(r, c, h.verb, h.work, date=date_after(h.text, "từ"))
    for c in v.children:
        if c not in items:
            walk(r, c, ctx)
    return True


def view_text(unit) -> str:
    return " ".join(s for _, s in view_of(unit).blocks)


def repeal_item(r: Reader, item, verb: str, work: str | None, date: str | None = None,
                kind_doc=RepealWork) -> None:
    """One item of a list of things repealed: provisions ("Điều 4 Thông tư số …") or whole documents."""
    iv = view_of(item)
    for block, text in iv.blocks:
        # An item names its subject first: provisions ("Điều 4 Thông tư số …") or one
        # document; what follows is that document's title, which may name others.
        bare = strip_descriptions(text)
        lead = re.match(r"^\s*(?:[-–+•]\s*)?(?:Các\s+|Toàn\s+bộ\s+)?", bare)
        first = UNIT_RE.match(bare, lead.end() if lead else 0)
        if first:
            named = r.named_works(text)
            stop = named[0][1] if named else len(bare)
            refs = [x for x in read_refs(bare[:stop], r.aliases) if x.start < (named[0][0] if named else len(bare))]
            for ref in refs:
                w = r.work_of(ref.doc, text[ref.start:]) if ref.doc else (named[0][2] if named else work)
                _repeal_op(r, item, block, text, ref, w, verb, date)
            continue
        named = r.named_works(text)[:1]
        if named:
            for start, end, uri, label in named:
                r.emit(kind_doc(id=r.next_id(), source=r.source(item, text, (start, end)), work=uri, target="",
                                effective=date or r.effective(), note=label,
                                exceptions=exceptions_of(text)), block, item)
            continue
        r.unread(item, text, "item of a list of repeals names no provision or document", claim=block)
    for c in iv.children:
        repeal_item(r, c, verb, work, date, kind_doc)


def exceptions_of(text: str) -> tuple[str, ...]:
    """"…, trừ quy định tại khoản 3 Điều 210 của Luật này": the provisions kept."""
    m = re.search(r"\btrừ\s+(?:trường\s+hợp\s+)?(?:các\s+)?(?:quy\s+định\s+)?(?:tại\s+)?(?P<rest>.+?)\.?$", text,
                  re.IGNORECASE)
    if not m:
        return ()
    refs = read_refs(m.group("rest"))
    if not refs:
        return (m.group("rest").strip(),)
    tail = m.group("rest")[refs[-1].end:].strip(" ,.;")
    return tuple(x.label() + (f" {tail}" if tail and x is refs[-1] else "") for x in refs)


def whole_documents(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    """"Bãi bỏ Quyết định số 15/2020/QĐ-UBND", "Thay thế Thông tư số …": whole documents, no provision."""
    if h.refs or v.mods or h.verb not in ("repeal", "replace", "insert") or v.children:
        return False
    named = [n for n in r.named_works(_blank_quotes(h.text)) if n[2] != r.info.uri]
    if not named or h.verb == "insert":
        return False
    kind = RepealWork if h.verb == "repeal" else ReplaceWork
    for start, end, uri, label in named:
        r.emit(kind(id=r.next_id(), source=r.source(v.el, h.text, (start, end)), work=uri, target="",
                    effective=date_after(h.text, "từ") or r.effective(), note=label,
                    exceptions=exceptions_of(h.text)), h.block, v.el)
    return True


def phrases(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    """Phrase changes and corrections: in the head, or as pairs in the sentences or items after it."""
    phrase_passive = bool(_PHRASE_START.match(h.text))     # "Cụm từ “A” … được thay bằng …", not "Từ ngày …"
    verb = h.verb
    if verb not in WORD_VERBS and not phrase_passive:
        if not (re.match(r"^\s*Đính\s+chính", h.text, re.IGNORECASE) or
                re.search(r"\b(?:cụm\s+)?từ(?:\s+ngữ)?\s+(?:sau|như\s+sau|tại|trong)\b|\bcụm\s+từ\b", h.text, re.IGNORECASE)):
            return False
        verb = "correct" if re.match(r"^\s*Đính\s+chính", h.text, re.IGNORECASE) else None
    if phrase_passive:
        verb = _pair_verb(h.text) or verb
    scope = [ref_eid(x.levels, r.bases.get(ref_work(r, x, h))) for x in h.refs] or (
        [ref_eid(ctx.levels)] if ctx.levels else [])
    pairs = quoted_phrases(h.text)
    if pairs:
        # "…“A” bằng “B” tại khoản 1 Điều 2; cụm từ “C” bằng “D” tại khoản 3 Điều 4": each clause its locations
        clauses = [c for c in re.split(r";\s*", h.text) if quoted_phrases(c)] if ";" in _blank_quotes(h.text) else []
        clauses = clauses if len(clauses) > 1 else [h.text]
        for clause in clauses:
            own = [x for x in read_refs(_blank_quotes(clause), r.aliases)] if len(clauses) > 1 else []
            sc = [ref_eid({**{k: val for k, val in ctx.levels.items() if LEVELS[k] < x.top()}, **x.levels},
                          r.bases.get(h.work)) for x in own] or scope
            _phrase_op(r, v.el, h.block, clause if len(clauses) > 1 else h.text, verb,
                       [p for p, _, _ in quoted_phrases(clause)], sc, h.work)
        _rest_pairs(r, v, ctx, h, verb, scope, skip=h.block)
        return True
    # "Đính chính tại Điều 3 Quyết định số …:" then "Cụm từ “A” được đính chính thành “B”."
    found = _rest_pairs(r, v, ctx, h, verb, scope, skip=h.block)
    if found:
        r.claim(h.block, v.el, "container")
        return True
    return False


def _pair_verb(s: str) -> str | None:
    if re.search(r"đính\s+chính", s, re.IGNORECASE):
        return "correct"
    if re.search(r"\b(?:bỏ|bãi\s+bỏ|xóa|xoá)\b", s, re.IGNORECASE) and len(quoted_phrases(s)) == 1:
        return "delete-words"
    if re.search(r"bổ\s+sung|thêm", s, re.IGNORECASE) and re.search(r"vào\s+(?:sau|trước)", s, re.IGNORECASE):
        return "insert-words"
    return "replace-words"


_PRINTED = re.compile(r"^\s*(?:[-+]\s*)?(?:Đã\s+in|In\s+là|Đã\s+ghi|Ghi\s+là|Đã\s+viết|Viết\s+là)\b", re.IGNORECASE)
_CORRECTED = re.compile(r"^\s*(?:[-+]\s*)?(?:Nay\s+)?(?:sửa\s+lại|sửa\s+thành|đọc\s+là|đính\s+chính\s+là|sửa\s+là)\b",
                        re.IGNORECASE)


def _rest_pairs(r: Reader, v: View, ctx: Ctx, h: Head, verb, scope, skip) -> int:
    """Pairs of phrases in the blocks after the head and in the sub-items.

    A block may carry its own location ("Tại khoản 1, cụm từ “A” …"), or take it
    from the location line before it in its item ("Tại điểm a khoản 2 Điều 3:");
    a correction may print its pair on two lines ("Đã in: “A”" / "Nay sửa lại: “B”").
    """
    n = 0
    base_levels = common_levels(h.refs) if h.refs else dict(ctx.levels)
    units = [(v.el, [(b, s) for b, s in v.blocks if b is not skip])]
    for c in v.children:
        cv = view_of(c)
        units.append((c, cv.blocks))
        units += [(cc, view_of(cc).blocks) for cc in cv.children]
    for unit, blocks in units:
        loc = None
        k = 0
        while k < len(blocks):
            b, s = blocks[k]
            ph = quoted_phrases(s)
            own = read_refs(_blank_quotes(s), r.aliases)
            if not ph:
                if own and s.rstrip().endswith(":"):
                    loc = own          # "Tại điểm a khoản 2 Điều 3:"
                if r.claimed(b) is None and s.rstrip().endswith(":"):
                    r.claim(b, unit, "container")
                k += 1
                continue
            refs = own or loc or []
            sc = [ref_eid({**{key: x for key, x in base_levels.items() if LEVELS[key] < o.top()}, **o.levels})
                  for o in refs] or scope
            if len(ph) == 1 and _PRINTED.match(s) and k + 1 < len(blocks) and _CORRECTED.match(blocks[k + 1][1]) \
                    and len(quoted_phrases(blocks[k + 1][1])) == 1:
                nb, ns = blocks[k + 1]
                pair = [ph[0][0], quoted_phrases(ns)[0][0]]
                _phrase_op(r, unit, b, f"{s} {ns}", "correct" if verb in ("correct", None) else "replace-words",
                           pair, sc, h.work)
                r.claim(nb, unit, "operation", "", ns)
                n += 1
                k += 2
                continue
            pv = _pair_verb(s) if verb in ("replace-words", "correct", None, "replace") else verb
            if verb == "correct":
                pv = "correct" if pv == "replace-words" else pv
            _phrase_op(r, unit, b, s, pv, [p for p, _, _ in ph], sc, h.work)
            n += 1
            k += 1
    return n


def _phrase_op(r: Reader, unit, block, text, verb, phrases_, scope, work) -> None:
    """The phrase operations of one sentence: each old phrase to its new one, each at the locations named."""
    scope = tuple(scope)
    bare = _blank_quotes(text)
    whole = bool(re.search(r"\b(?:toàn\s+bộ|trong\s+(?:các\s+)?(?:Điều|điều\s+khoản|nội\s+dung)|tại\s+(?:Thông\s+tư|"
                           r"Nghị\s+định|Quyết\s+định|Nghị\s+quyết|Luật)|trong\s+(?:Thông\s+tư|Nghị\s+định|Quyết\s+định|"
                           r"Nghị\s+quyết|Luật))", bare, re.IGNORECASE))
    count = stated_count(bare)
    if verb == "insert-words" and len(phrases_) >= 2:
        before = bool(re.search(r"vào\s+trước", text, re.IGNORECASE))
        changes = [("insert", phrases_[0], phrases_[1], before)]
    elif verb == "delete-words" and phrases_:
        changes = [("delete", p, "", False) for p in phrases_]
    elif verb in ("replace-words", "correct") and len(phrases_) >= 2:
        groups = phrase_groups(text) if len(phrases_) > 2 else [([phrases_[0]], phrases_[1])]
        changes = [("replace", o, new, False) for olds, new in groups if new is not None for o in olds]
        if not changes or any(new is None for _, new in groups):
            r.propose(unit, block, text, "phrase instruction: which phrase replaces which is not clear")
            return
    else:
        r.propose(unit, block, text, "phrase instruction without its quoted phrases")
        return
    for what, old, new, before in changes:
        common = dict(id=r.next_id(), source=r.source(unit, text, (0, len(text))), work=work or r.default_work or "",
                      target=scope[0] if scope else "", effective=r.effective())
        if what == "insert":
            op = InsertWords(**common, anchor=new, new=old, before=before, scope=scope)
        elif what == "delete":
            op = DeleteWords(**common, scope=scope, old=old, new="", count=count)
        else:
            op = (Correct if verb == "correct" else ReplaceWords)(**common, scope=scope, old=old, new=new, count=count)
        if not scope and not whole:
            op = dataclasses.replace(op, status="proposed", note="no location named for the phrase")
            r.unread(unit, text, "phrase change without a location")
        r.emit(op, block, unit)


def container(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    """A generic heading ("Sửa đổi, bổ sung một số điều của Thông tư số …") over instruction units."""
    if h.refs or not v.children or v.mods:
        return False
    r.claim(h.block, v.el, "container")
    levels = {**ctx.levels, ATTACHED: h.attached} if h.attached else ctx.levels
    for c in v.children:
        walk(r, c, Ctx(levels, h.work or ctx.work))
    _claim_rest(r, v)
    return True


def compound(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    """A head whose sub-units carry the instructions ("Sửa đổi, bổ sung Điều 7 như sau: a) Sửa đổi khoản 1 …")."""
    if not h.refs or v.mods or not any(_instructs(c) for c in v.children):
        return False
    r.claim(h.block, v.el, "container")
    work = next((ref_work(r, x, h) for x in h.refs if x.doc), h.work)
    for c in v.children:
        walk(r, c, Ctx(common_levels(h.refs), work))
    _claim_rest(r, v)
    return True


def _instructs(unit) -> bool:
    v = view_of(unit)
    return any(is_instruction(s) for _, s in v.blocks[:1]) or bool(_phrase_head(v))


def annexes(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    """"Thay thế Phụ lục I ban hành kèm theo Thông tư số … bằng Phụ lục … ban hành kèm theo Thông tư này",
    "Bổ sung Phụ lục III …": the new annex is one attached to this document."""
    if v.mods or h.verb not in ("replace", "insert") or not h.refs or "phụ lục" not in h.refs[0].levels:
        return False
    targets = [x for x in h.refs if "phụ lục" in x.levels and x.doc != "này"]
    mine = [x for x in h.refs if "phụ lục" in x.levels and x.doc == "này"]
    annexes_ = list(r.own_annexes().values())
    if not targets or not annexes_:
        return False
    for i, x in enumerate(targets):
        if mine and i < len(mine):
            want = ref_eid(mine[i].levels)
            new = next((a for a in annexes_ if a.get("eId") == want), None)
        elif len(annexes_) == len(targets):
            new = annexes_[i]
        else:
            new = None
        if new is None:
            r.propose(v.el, h.block, h.text, "the new annex is not attached to this document")
            return True
        work = ref_work(r, x, h)
        eid = ref_eid(x.levels)
        content = rebase_annex(new, eid)
        src = r.source(v.el, h.text, (x.start, x.end))
        if h.verb == "insert":
            op = InsertUnit(id=r.next_id(), source=src, work=work, target=eid, effective=r.effective(), parent="",
                            content=etree.tostring(content, encoding="unicode"))
        else:
            op = ReplaceUnit(id=r.next_id(), source=src, work=work, target=eid, effective=r.effective(),
                             content=etree.tostring(content, encoding="unicode"))
        r.emit(op, h.block, v.el)
    return True


def rebase_annex(att, eid: str):
    """A copy of an attached annex whose eIds are those it takes in the amended work."""
    new = etree.fromstring(etree.tostring(att))
    new.tail = None
    old = att.get("eId")
    for e in new.iter():
        if isinstance(e.tag, str) and (e.get("eId") or "").startswith(old):
            e.set("eId", eid + e.get("eId")[len(old):])
    return new


_AT_END = re.compile(r"\bBổ\s+sung\b.*?\bvào\s+(?:cuối|sau\s+cùng)\b", re.IGNORECASE | re.S)


def append(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    """"Bổ sung vào cuối khoản 2 Điều 5 cụm từ như sau: “, trừ …”", "Bổ sung cụm từ “…” vào cuối điểm a …":
    words added after a unit's own text (before its final stop), not a new unit."""
    bare = _blank_quotes(h.text)
    if not _AT_END.search(bare) or not h.refs or re.search(r"vào\s+cuối\s+(?:Chương|Mục|Phần)\b", bare):
        return False
    inline = [p for p, _, _ in quoted_phrases(h.text)]
    if inline:
        new = inline[-1]
    elif len(v.mods) == 1:
        qs = v.mods[0].find(q("quotedStructure"))
        if qs is None or qs.find(f".//{q('num')}") is not None:
            return False              # a quotation with its own numbered units is new units, not words
        new = " ".join(text_of(qs).split())
    else:
        return False
    if not new:
        return False
    scope = tuple(ref_eid(x.levels, r.bases.get(ref_work(r, x, h))) for x in h.refs)
    r.emit(InsertWords(id=r.next_id(), source=r.source(v.el, h.text, (0, len(h.text))), work=ref_work(r, h.refs[0], h),
                       target=scope[0], effective=r.effective(), new=new, at_end=True, scope=scope), h.block, v.el)
    return True


def rename(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    """"Sửa đổi tên Điều 5 như sau: “Điều 5. Tên mới”": the unit keeps its content."""
    if HEADING_OF.search(h.text) and len(h.refs) > 1 and len(v.mods) == len(h.refs):
        return _rename_each(r, v, h)
    inline = quoted_phrases(h.text) if not v.mods else []
    if not HEADING_OF.search(h.text) or not h.refs or (len(v.mods) != 1 and len(inline) != 1):
        return False
    named = HEADING_OF.search(h.text)
    if len(h.refs) > 1 and not (named.end() <= h.refs[0].start <= named.end() + 2):
        return False
    ref = h.refs[0]
    qs = v.mods[0].find(q("quotedStructure")) if v.mods else None
    new = ""
    if inline:            # "Đổi tên Điều 3 thành “Tên mới”": the new heading in the sentence
        new = re.sub(r"^(?:Phần|Chương|Mục|Tiểu\s+mục|Điều|Phụ\s+lục)\s+\S+?[.:]\s+", "", inline[0][0]).strip()
    elif qs is not None:
        hd = qs.find(f".//{q('heading')}")
        new = text_of(hd) if hd is not None else re.sub(
            r"^(?:Phần|Chương|Mục|Tiểu\s+mục|Điều|Phụ\s+lục)\s+\S+?[.:]?\s+", "", text_of(qs)).strip()
    work = ref_work(r, ref, h)
    if not new:
        r.propose(v.el, h.block, h.text, "new heading not found in the quotation")
        return True
    r.emit(ReplaceHeading(id=r.next_id(), source=r.source(v.el, h.text, (ref.start, ref.end)), work=work,
                          target=ref_eid(ref.levels, r.bases.get(work)), effective=r.effective(), heading=new),
           h.block, v.el)
    if len(h.refs) > 1:
        # "Sửa đổi tên Điều 10 và khoản 1 Điều 10 như sau: “Điều 10. Tên mới 1. …”": the named khoản
        # are taken from inside the quoted article; the article's other khoản stay
        new_content(r, v, ctx, dataclasses.replace(h, refs=h.refs[1:]))
    return True


def _rename_each(r: Reader, v: View, h: Head) -> bool:
    """"Sửa đổi tên Điều 5, Điều 6, … và Điều 13 như sau:" then one quoted heading for each: each quotation goes
    to the unit its own label names ("Điều 6. …"), or, without a label, to the unit named in the same place."""
    heads = []
    for mod in v.mods:
        qs = mod.find(q("quotedStructure"))
        unit = next((c for c in qs if local(c) in ("article", "chapter", "section", "part", "subsection")), None) \
            if qs is not None else None
        if unit is not None and unit.find(q("heading")) is not None:      # parsed: "Điều 5." and its heading
            num = re.sub(r"^\D*?(\d+[a-zđ]?|[IVXLC]+)\W*$", r"\1", text_of(unit.find(q("num"))).strip())
            heads.append((num.lower(), text_of(unit.find(q("heading"))).strip().rstrip(";,")))
            continue
        text = text_of(qs).strip() if qs is not None else ""
        m = re.match(r"^(?:Phần|Chương|Mục|Tiểu\s+mục|Điều|Phụ\s+lục)\s+(\S+?)[.:]\s*(.*)$", text, re.DOTALL)
        heads.append((m.group(1).lower() if m else None, (m.group(2) if m else text).strip().rstrip(";,")))
    nums = [ref_eid(x.levels).rpartition("_")[2] for x in h.refs]
    labelled = all(n for n, _t in heads)
    for k, x in enumerate(h.refs):
        hit = [t for n, t in heads if n == nums[k]] if labelled else [heads[k][1]]
        if len(hit) != 1 or not hit[0]:
            r.propose(v.el, h.block, h.text, f"new heading not found in the quotation for {x.label()}")
            return True
        work = ref_work(r, x, h)
        r.emit(ReplaceHeading(id=r.next_id(), source=r.source(v.el, h.text, (x.start, x.end)), work=work,
                              target=ref_eid(x.levels, r.bases.get(work)), effective=r.effective(), heading=hit[0]),
               h.block, v.el)
    return True


def new_content(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    """Replacement or insertion with quoted new content."""
    if not v.mods or not h.refs or h.verb not in ("replace", "insert", None):
        return False
    quoted = [(m, u) for m in v.mods for u in quoted_units(m)]
    pairs = []
    refs = h.refs
    if len(refs) == 1 and quoted and (not all_units(quoted) or all_below(quoted, refs[0])):
        pairs = [(refs[0], None, v.mods[0])]       # the quote is the unit's new body
    elif len(refs) == 1 and len(quoted) == 1 and RANK.get(local(quoted[0][1]), 99) >= min(refs[0].bottom(), 80):
        pairs = [(refs[0], quoted[0][1], quoted[0][0])]
    else:
        for x in refs:
            want = ref_eid(x.levels).rpartition("__")[2]
            hit = [(m, u) for m, u in quoted if (u.get("eId") or "").rpartition("__")[2] == want]
            if not hit:     # inside a quoted unit: "… khoản 1 Điều 10 …: “Điều 10. … 1. …”"
                hit = [(m, u) for m in v.mods for u in m.iter(q("paragraph"), q("point"), q("subparagraph"))
                       if (u.get("eId") or "").rpartition("__")[2] == want]
            if len(hit) != 1:
                r.propose(v.el, h.block, h.text, f"no quoted unit matches {x.label()}")
                return True
            pairs.append((x, hit[0][1], hit[0][0]))
    for x, new_unit, mod in pairs:
        work = ref_work(r, x, h)
        base = r.bases.get(work)
        eid = ref_eid(x.levels, base)
        verb = x.verb if x.verb in ("replace", "insert") else (h.verb or "replace")
        src = r.source(v.el, h.text, (x.start, x.end))
        content = content_element(mod, eid) if new_unit is None else rebase(new_unit, eid)
        if new_unit is None or new_unit is quoted_units(mod)[-1]:
            close_sentence(content, mod)
        if verb == "insert":
            if local(content) == "content":
                content = _wrap(content, eid, x)
            op = InsertUnit(id=r.next_id(), source=src, work=work, target=eid, effective=r.effective(),
                            parent=eid.rpartition("__")[0], after=anchor_of(h.text, x, base),
                            content=etree.tostring(content, encoding="unicode"))
        else:
            op = ReplaceUnit(id=r.next_id(), source=src, work=work, target=eid, effective=r.effective(),
                             content=etree.tostring(content, encoding="unicode"))
        r.emit(op, h.block, v.el)
        if work not in (r.default_work, r.info.uri) and mod.find(f".//{q('mod')}") is not None:
            _rewritten_provision(r, mod, work)
    for b, s in v.blocks:
        if b is not h.block and r.claimed(b) is None and is_instruction(s):
            if _restates(h.text, s):
                # a law's article heading names the change and its body says it again ("Điều 247. Sửa đổi, bổ
                # sung khoản 1 Điều 14 của Luật …" / "Sửa đổi, bổ sung khoản 1 Điều 14 như sau:"): one instruction
                r.claim(b, v.el, "operation", "the heading's instruction, restated", s)
            else:
                r.unread(v.el, s, "second instruction sentence not read", claim=b)
    return True


_UNIT_REF = re.compile(r"\b(?:phần|chương|mục|điều|khoản|điểm|tiết|phụ\s+lục)\s+[0-9a-zđ]+\b", re.IGNORECASE)


def _restates(head: str, sentence: str) -> bool:
    """Does ``sentence`` name only units the instruction ``head`` already names (the same change, said twice)?"""
    def refs(t):
        return {" ".join(m.group(0).lower().split()) for m in _UNIT_REF.finditer(t)}
    mine = refs(sentence)
    return bool(mine) and mine <= refs(head)


def _rewritten_provision(r: Reader, mod, work: str) -> None:
    """An amending provision rewritten ("Sửa đổi khoản 1 Điều 1 Thông tư số 02/2022/…: “1. Sửa đổi …”"):
    the new provision's own instructions are read, aimed at the work that document amends, and take
    effect with this document; replay ends the operations of the provision it replaces."""
    info = r.resolver.by_uri.get(work)
    target = None
    for m in DOC_RE.finditer(info.title if info else ""):
        if doc_number(m) != "này":
            target = r.work_of(doc_number(m), info.title[m.start():])
            break
    units = [u for u in quoted_units(mod) if local(u) in ("article", "paragraph", "point", "subparagraph")]
    if target is None or not units:
        r.unread(mod.getparent(), text_of(mod), "an amending provision is rewritten, but what that document amends "
                 "is not known: the new instructions are not applied")
        return
    for u in units:
        walk(r, u, Ctx({}, target))


_NUM_LABEL = {"art": "Điều {}.", "para": "{}.", "point": "{})", "chp": "Chương {}", "sec": "Mục {}",
              "att": "Phụ lục {}"}
_TAGS = {"art": "article", "para": "paragraph", "point": "point", "chp": "chapter", "sec": "section",
         "att": "attachment", "part": "part", "subpara": "subparagraph"}


def _wrap(content, eid: str, ref: Ref):
    """New content quoted without its label ("Bổ sung khoản 3 …: “Nội dung …”"): the unit the instruction names."""
    kind, _, num = eid.rpartition("__")[2].partition("_")
    shown = ref.levels.get({"art": "điều", "para": "khoản", "point": "điểm"}.get(kind, ""), num)
    unit = E(_TAGS.get(kind, "hcontainer"), E("num", _NUM_LABEL.get(kind, "{}").format(shown)), eId=eid)
    units = [c for c in content if c.get("eId")]
    for c in (units if units and len(units) == len(content) else [content]):
        unit.append(c)
    return unit


def _repeal_op(r: Reader, unit, block, sentence, ref: Ref, work, verb, date=None) -> None:
    eid = ref_eid(ref.levels, r.bases.get(work))
    src = r.source(unit, sentence, (ref.start, ref.end))
    if verb == "suspend":
        op = SuspendUnit(id=r.next_id(), source=src, work=work, target=eid,
                         effective=date_after(sentence, "từ") or date or r.effective(), until=until_of(sentence))
    elif work and work not in (r.default_work, r.info.uri) and r.amends_others(work):
        revive = bool(re.search(r"tiếp\s+tục\s+(?:được\s+)?(?:thực\s+hiện|áp\s+dụng)", sentence, re.IGNORECASE))
        op = Revoke(id=r.next_id(), source=src, work=work, target=eid, effective=date or r.effective(), revive=revive)
    else:
        op = RepealUnit(id=r.next_id(), source=src, work=work, target=eid, effective=date or r.effective())
    r.emit(op, block, unit)


# "Bãi bỏ các nội dung về tỷ giá tại khoản 2 Điều 3": what ends is named by its subject, inside a unit
_BY_SUBJECT = re.compile(r"\b(?:các\s+|những\s+)?(?:nội\s+dung|quy\s+định|từ\s+ngữ)\s+(?:về|liên\s+quan(?:\s+đến)?|"
                         r"có\s+liên\s+quan(?:\s+đến)?|đối\s+với)\s+.+?\s+(?:tại|của|trong|ở)\s*$", re.IGNORECASE)


def repeal(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    """"Bãi bỏ khoản 3 Điều 7", "Ngưng hiệu lực thi hành khoản 8 …": no new content. A repeal that names what
    ends by its subject inside a unit ("các nội dung về tỷ giá tại khoản này") is kept for review, never read as
    the repeal of the whole unit."""
    if h.verb not in ("repeal", "suspend") or not h.refs:
        return False
    if _BY_SUBJECT.search(h.text[:h.refs[0].start]):
        r.propose(v.el, h.block, h.text, "repeal of content named by its subject inside a unit")
        return True
    for x in h.refs:
        _repeal_op(r, v.el, h.block, h.text, x, ref_work(r, x, h), h.verb)
    return True


def unquoted(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    """New content given as the unit's own sub-units, without quotation marks: for review."""
    if h.verb in ("replace", "insert") and v.children and not v.mods:
        r.propose(v.el, h.block, h.text, "new content without quotation marks")
        _claim_rest(r, v, "proposed")
        return True
    return False


def not_understood(r: Reader, v: View, ctx: Ctx, h: Head) -> bool:
    r.propose(v.el, h.block, h.text, "no provision named" if not h.refs else "instruction not understood")
    return True


RULES = (
    ("passage", passage),
    ("repeal_list", repeal_list),
    ("whole_documents", whole_documents),
    ("append", append),
    ("phrases", phrases),
    ("container", container),
    ("compound", compound),
    ("annexes", annexes),
    ("rename", rename),
    ("new_content", new_content),
    ("repeal", repeal),
    ("unquoted", unquoted),
    ("not_understood", not_understood),
)
