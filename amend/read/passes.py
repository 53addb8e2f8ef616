"""Document passes: run over every block once the unit rules have read the provisions.

* ``documents``: whole documents replaced or ended by sentences that do not
  start with a verb ("Thông tư này thay thế Thông tư số …", "Quyết định số …
  hết hiệu lực kể từ ngày …, trừ …", "Các văn bản sau đây hết hiệu lực: a) …").
* ``effect``: the document's own effect clause, split effect ("Điểm b khoản 2
  Điều 1 Thông tư này có hiệu lực từ ngày …") and time limits ("từ ngày … đến
  hết ngày …"), which re-date the operations read from the named provisions.
* ``transition``: transition rules ("… tiếp tục thực hiện theo quy định tại …").
* ``sweep``: every block still unclaimed is either not an instruction, or,
  when it has the words of an amendment, reported as unread.
"""
from __future__ import annotations

import dataclasses
import re

from ..akn import local, q
from ..ops import InsertUnit, RepealWork, ReplaceUnit, ReplaceWork
from .grammar import ANY_VERB, DOC_RE, UNIT_RE, date_after, quoted_phrases, read_refs, ref_eid
from .model import provision_label
from .reader import Reader, view_of

_ENDS = re.compile(r"\bhết\s+hiệu\s+lực\b", re.IGNORECASE)
_REPLACES = re.compile(r"\bthay\s+thế\s+(?:cho\s+)?(?:các\s+)?(?:Thông\s+tư|Nghị\s+quyết|Nghị\s+định|Quyết\s+định|"
                       r"Luật|Pháp\s+lệnh|Chỉ\s+thị|văn\s+bản)", re.IGNORECASE)
_OWN_EFFECT = re.compile(r"^\s*(?:\d+\.\s*)?(?:Nghị\s+quyết|Quyết\s+định|Thông\s+tư(?:\s+liên\s+tịch)?|Nghị\s+định|"
                         r"Luật|Pháp\s+lệnh|Chỉ\s+thị|Bộ\s+luật)\s+này\s+(?:có\s+hiệu\s+lực|được\s+áp\s+dụng)", re.IGNORECASE)
# what takes effect is the sentence before the first such verb (searched alone: a leading lazy ".*?" group made
# every search quadratic in the sentence's length, a tenth of a millisecond per sentence of every document)
_EFFECT = re.compile(r"\b(?:có\s+hiệu\s+lực(?:\s+thi\s+hành)?|được\s+áp\s+dụng|được\s+thực\s+hiện|áp\s+dụng)"
                     r"\s+(?:kể\s+)?từ\s+(?:ngày\s+\d|ngày\s+\d{1,2}/)", re.IGNORECASE)
# "được áp dụng từ ngày …", "được thực hiện từ ngày …": when a provision applies, which may differ from when it takes
# effect (pay rules in force on 29/12/2024 applied from 01/01/2024)
_APPLIES = re.compile(r"\b(?:được\s+)?(?:áp\s+dụng|thực\s+hiện)\b", re.IGNORECASE)
_TRANSITION = re.compile(r"tiếp\s+tục\s+(?:được\s+)?(?:thực\s+hiện|áp\s+dụng|thi\s+hành|giải\s+quyết)|chuyển\s+tiếp|"
                         r"(?:đã\s+được|đang\s+được)\s+.{0,80}\btrước\s+(?:ngày|thời\s+điểm)", re.IGNORECASE)
_NO_RULE = re.compile(r"(?:tổ\s+chức\s+thực\s+hiện|trách\s+nhiệm\s+thi\s+hành|chịu\s+trách\s+nhiệm|vướng\s+mắc|"
                      r"hiệu\s+lực\s+thi\s+hành\s*$|"
                      # "Trường hợp các văn bản được dẫn chiếu tại Thông tư này được sửa đổi, bổ sung hoặc thay thế thì
                      # áp dụng theo văn bản mới": a rule for reading references, not an amendment
                      r"(?:dẫn\s+chiếu|viện\s+dẫn)\b.{0,120}\b(?:sửa\s+đổi|thay\s+thế)|"
                      r"(?:sửa\s+đổi|thay\s+thế)\b.{0,80}\bthì\s+(?:áp\s+dụng|thực\s+hiện)\s+theo)", re.IGNORECASE)


def _blocks(r: Reader):
    """(unit, block, text) of every block of the body and closing clauses, outside quotations."""
    return [(r.unit_of(b), b, t) for b, t in r.blocks()]


def documents(r: Reader) -> None:
    """Whole documents replaced or ended, named in the sentence or in the items below it."""
    from .rules import _repeal_op, exceptions_of, repeal_item
    seen = {o.work for o in r.reading.operations if o.kind in ("repeal-work", "replace-work")}
    for unit, block, whole in _blocks(r):
        f = r.claimed(block)
        if f is not None and f.outcome in ("operation", "container", "proposed"):
            continue
        for text in _sentences(whole):
            kind = RepealWork if _ENDS.search(text) else ReplaceWork if _REPLACES.search(text) else None
            if kind is None:
                continue
            date = date_after(text, "từ") or r.effective()
            v = view_of(unit)
            if text.rstrip().endswith(":") and v.children:
                # "Các văn bản sau đây hết hiệu lực:" then items (documents, or provisions of them)
                r.claim(block, unit, "container")
                for c in v.children:
                    repeal_item(r, c, "repeal", None, date, kind)
                continue
            # what follows "trừ" names what is kept, not what ends
            cut = re.search(r",?\s*\btrừ\b", text)
            subject = text[:cut.start()] if cut else text
            for start, end, uri, label in r.named_works(subject):
                if uri in seen or uri == r.info.uri:
                    continue
                refs = [x for x in read_refs(subject) if x.doc and r.work_of(x.doc, text[x.start:]) == uri]
                if refs and kind is RepealWork:
                    # "Điều 4 Thông tư số 13/2019/TT-X hết hiệu lực": that article only
                    for x in refs:
                        _repeal_op(r, unit, block, text, x, uri, "repeal", date)
                    continue
                seen.add(uri)
                r.emit(kind(id=r.next_id(), source=r.source(unit, text, (start, end)), work=uri, target="",
                            effective=date, note=label, exceptions=exceptions_of(text)), block, unit)


def effect(r: Reader) -> None:
    """Effect clauses: the document's own, and split effect or time limits for named provisions."""
    ops = r.reading.operations
    for unit, block, whole in _blocks(r):
        for text in _sentences(whole):
            f = r.claimed(block)
            if f is not None and f.outcome in ("operation", "container", "proposed", "unread"):
                break
            own = _OWN_EFFECT.search(text)
            if own and _APPLIES.search(own.group(0)) and (when := date_after(text, "từ")):
                # "Thông tư này được áp dụng từ ngày …": when its changes apply, beside when it takes effect
                for i, o in enumerate(ops):
                    if o.source.work == r.info.uri and not o.applies:
                        ops[i] = dataclasses.replace(o, applies=when)
                r.claim(block, unit, "effect", f"được áp dụng từ {when}")
                continue
            if own:
                r.claim(block, unit, "effect")
                continue
            m = _EFFECT.search(text)
            if not m:
                continue
            what = text[:m.start()]
            start = date_after(text, "từ")
            applies = bool(_APPLIES.search(m.group(0)))   # a date of application, not of effect …
            end = re.search(r"\bđến\s+(?:hết\s+)?(ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|ngày\s+\d{1,2}/\d{1,2}/\d{4})",
                            text, re.IGNORECASE)
            expires = date_after(end.group(0), "đến hết") or date_after(end.group(0), "đến") if end else None
            if end and not re.search(r"đến\s+hết", end.group(0), re.IGNORECASE) and expires:
                import datetime
                expires = (datetime.date.fromisoformat(expires) - datetime.timedelta(days=1)).isoformat()
            applies = applies and not end      # … unless it bounds a period ("áp dụng từ … đến hết …"): a time limit
            refs = [x for x in read_refs(what, r.aliases) if x.doc in (None, "này")]
            if not refs:
                if re.search(r"\bquy\s+định\b", what, re.IGNORECASE) and start:
                    r.unread(unit, text, "effect date for provisions named by subject matter, not by number: "
                             "the operations they concern keep the document's date", claim=block)
                continue
            hit = 0
            for x in refs:
                eid = ref_eid(x.levels)
                for i, o in enumerate(ops):
                    p = o.source.provision
                    if o.source.work == r.info.uri and (p == eid or p.startswith(eid + "__")):
                        ops[i] = (dataclasses.replace(o, applies=start) if applies and start else
                                  dataclasses.replace(o, effective=start or o.effective, expires=expires))
                        hit += 1
            if hit:
                r.claim(block, unit, "effect", f"{hit} thao tác có ngày hiệu lực riêng")
            elif start and not r.amending_document:
                # "Quy định tại khoản 2 Điều 60 của Luật này có hiệu lực thi hành từ ngày …": a date of effect of
                # this document's own rules, which amend nothing: an effect event of this document, recorded
                where = ", ".join(provision_label(ref_eid(x.levels)) for x in refs)
                r.reading.effects.append({"provisions": [ref_eid(x.levels) for x in refs], "start": start,
                                          "expires": expires, "sentence": text})
                r.claim(block, unit, "effect", f"{where} (của chính văn bản này) có hiệu lực từ {start}")
            else:
                r.unread(unit, text, "effect date for provisions that made no operation", claim=block)


def _sentences(text: str) -> list[str]:
    """A block's sentences (an effect clause often ends one document and starts another's life)."""
    return [x for x in re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ0-9])", text) if x.strip()]


def transition(r: Reader) -> None:
    for unit, block, text in _blocks(r):
        if r.claimed(block) is None and _TRANSITION.search(text):
            r.claim(block, unit, "transition")


def sweep(r: Reader) -> None:
    """Every block no rule claimed: not an instruction, or an instruction left unread (reported)."""
    for block, text in r.blocks():
        if r.claimed(block) is not None:
            continue
        unit = r.unit_of(block)
        art = unit if local(unit) == "article" else next((a for a in unit.iterancestors(q("article"))), None)
        if art is not None and not r.amends_here(art):
            r.claim(block, unit, "own-rule")
            continue
        if local(block) == "heading" and not ANY_VERB.search(text):
            r.claim(block, unit, "not-instruction")
            continue
        other_doc = any(m.group("number").lower() != "này" for m in DOC_RE.finditer(text))
        instructive = ANY_VERB.search(text) and (UNIT_RE.search(text) or other_doc or quoted_phrases(text))
        if instructive and not _NO_RULE.search(text):
            r.unread(unit, text, "sentence with the words of an amendment that no rule read", claim=block)
        else:
            r.claim(block, unit, "not-instruction")


def letter(r: Reader) -> None:
    """A letter (công văn: "Kính gửi:", no Điều) is not a normative document and amends nothing."""
    body = r.root.find(q("body"))
    if body is not None and body.find(f".//{q('article')}") is not None:
        return
    from ..akn import text_of
    if r.info.uri.split("/")[3:4] == ["cong-van"] or re.search(r"Kính\s+gửi", text_of(r.root), re.IGNORECASE):
        r.reading.normative = False
        for block, _ in r.blocks():
            r.claim(block, r.unit_of(block), "not-instruction", LETTER)


LETTER = "công văn: không phải văn bản quy phạm pháp luật, không sửa đổi, bãi bỏ văn bản nào"


# "(Chi tiết các phụ lục 01, 02 kèm theo)": annexes named with a bare "kèm theo", no document after it
_ANNEX_CITED = re.compile(r"\bphụ\s+lục\s+(?:số\s+)?(?P<nums>[0-9IVXL]+(?:\s*(?:,|và)\s*(?:phụ\s+lục\s+)?[0-9IVXL]+)*)"
                          r"\s+(?:được\s+)?(?:ban\s+hành\s+)?kèm\s+theo\s*(?=[).;,:]|$)", re.IGNORECASE)


def carried_annexes(r: Reader) -> None:
    """Annexes a new provision cites as "kèm theo" go with it into the amended work.

    "Sửa đổi Điều 1 như sau: “… (Chi tiết các phụ lục 01, 02 kèm theo)”": in the amended work the
    cited annexes are those attached to this document, so each is carried along by the operation that
    brought the citing provision (same source, same date): it replaces the work's annex of that number
    when the work has one, and is added otherwise.  An annex another instruction already places is left
    to that instruction; a number with no attached annex is reported unread.
    """
    attached = r.own_annexes()
    placed = {(o.work, o.target) for o in r.reading.operations if o.target.startswith("att_")}
    from lxml import etree
    from .rules import rebase_annex
    for op in list(r.reading.operations):
        if op.kind not in ("replace", "insert") or op.status != "ready" or "kèm" not in (op.content or "") \
                or op.target.startswith("att_"):
            continue
        text = " ".join(etree.fromstring(op.content).itertext())
        for m in _ANNEX_CITED.finditer(text):
            for n in re.findall(r"[0-9IVXL]+", m.group("nums")):
                eid = ref_eid({"phụ lục": n})
                if (op.work, eid) in placed:
                    continue
                placed.add((op.work, eid))
                if eid not in attached:
                    unit = next((e for e in r.root.iter() if e.get("eId") == op.source.provision), r.root)
                    r.unread(unit, m.group(0), f"phụ lục {n} is cited as attached but no such annex is attached")
                    continue
                content = etree.tostring(rebase_annex(attached[eid], eid), encoding="unicode")
                has = eid in (r.bases.get(op.work) or ())
                kind = ReplaceUnit if has else InsertUnit
                note = (f"Phụ lục {n} kèm theo {r.document}, được dẫn chiếu tại "
                        f"{op.source.label or op.source.provision}")
                r.emit(kind(id=r.next_id(), source=op.source, work=op.work, target=eid, effective=op.effective,
                            expires=op.expires, note=note, content=content))


PASSES = (
    ("letter", letter),
    ("documents", documents),
    ("effect", effect),
    ("transition", transition),
    ("annexes", carried_annexes),
    ("sweep", sweep),
)
