"""Adjustments of a plan (Đề án, Chương trình, Kế hoạch) stated in sentences.

A decision that adjusts a plan is often known only from a report of it (the
2024 adjustment of the Hải Dương programme): tasks dropped ("Điều chỉnh giảm
3 nhiệm vụ, gồm: …"), totals changed ("từ 3.800 tỷ đồng còn 2.030 tỷ đồng"),
targets moved between years.  Names are matched to table rows and list items
by a one-to-one fuzzy assignment; what the source leaves unknown is a Gap.
"""
from __future__ import annotations

import re

from ..akn import local, main_doc, q, text_of
from ..errors import Diagnostic
from ..ops import ChangeValue, MoveRow, RemoveRows, Source
from ..text import nfc
from .model import APPROXIMATE, Gap, Reading, WorkInfo

_REMOVE = re.compile(r"[Đđ]iều\s+chỉnh\s+giảm\s+(?P<count>\d+)\s+(?P<what>nhiệm\s+vụ|dự\s+án|nội\s+dung|hạng\s+mục)"
                     r"[^:]*:\s*(?P<items>.+?)\.?$")
_VALUE = re.compile(r"[Đđ]iều\s+chỉnh\s+(?P<what>tổng\s+kinh\s+phí|tổng\s+mức\s+đầu\s+tư|kinh\s+phí)[^0-9]*?"
                    r"từ\s+(?P<old>[\d.,]+)\s*(?P<unit>tỷ\s+đồng|triệu\s+đồng)\s+(?:còn|xuống\s+còn|xuống|thành|lên)\s+"
                    r"(?P<new>[\d.,]+)\s*(?P=unit)(?:,?\s*(?P<dir>giảm|tăng)\s+(?P<diff>[\d.,]+)\s*(?P=unit))?")
_MOVE = re.compile(r"[Đđ]iều\s+chỉnh\s+mục\s+tiêu(?:\s+hoàn\s+thành)?\s+(?P<items>(?:“[^”]+”(?:\s*,\s*|\s+và\s+)?)+)"
                   r"\s*từ\s+năm\s+(?P<old>\d{4})\s+sang\s+năm\s+(?P<new>\d{4})")
_REDUCE_UNSTATED = re.compile(r"[Đđ]iều\s+chỉnh\s+giảm\s+kinh\s+phí(?:\s+thực\s+hiện)?(?:\s+các)?\s+nhiệm\s+vụ"
                              r"\s*(?:,\s*gồm)?\s*[:“]?\s*(?P<items>.+?)\.*$")
_DROP_FUNDS = re.compile(r"[Đđ]iều\s+chỉnh\s+bỏ\s+kinh\s+phí[^:]*:\s*(?P<items>.+?)\.?$")
_LEAD = re.compile(r"^(?:Theo\s+đó|Ngoài\s+ra|Đồng\s+thời|Trong\s+đó)\s*,\s*", re.IGNORECASE)
_CHAIR = re.compile(r"\s+do\s+.+?\s+chủ\s+trì\s*$")
MATCH_THRESHOLD = 80.0



def _split_items(s: str) -> list[str]:
    s = _CHAIR.sub("", s.strip().rstrip(".…").rstrip("."))
    parts = re.split(r"\s*;\s*", s) if ";" in s else re.split(r",\s*(?=Xây\s+dựng|Nâng\s+cấp|Phát\s+triển|Triển\s+khai)", s)
    return [p.strip(" “”.…") for p in parts if p.strip(" “”.…")]


def _score(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    from ..text import fold
    x, y = fold(a).lower(), fold(b).lower()
    return (fuzz.token_set_ratio(x, y) + fuzz.partial_ratio(x, y)) / 2


def match_items(labels: list[str], candidates: dict[str, str]) -> dict[str, tuple[str, float]]:
    """Assign each label its own candidate (eId → text), maximising the total similarity.

    A one-to-one assignment (networkx maximum-weight matching) rather than the
    best candidate per label: two labels may each resemble the same line.
    """
    import networkx as nx
    g = nx.Graph()
    for i, lab in enumerate(labels):
        for eid, text in candidates.items():
            s = _score(lab, text)
            if s >= MATCH_THRESHOLD * 0.75:
                g.add_edge(("l", i), ("c", eid), weight=s)
    out = {}
    for a, b in nx.max_weight_matching(g, maxcardinality=True):
        lab, cand = (a, b) if a[0] == "l" else (b, a)
        out[labels[lab[1]]] = (cand[1], round(g[a][b]["weight"], 1))
    return out


def _row_names(root) -> dict[str, dict[str, str]]:
    """Item rows of each table: table eId → {row eId: name cell}."""
    out: dict[str, dict[str, str]] = {}
    for table in root.iter(q("table")):
        rows = {}
        for tr in table.iter(q("tr")):
            if tr.get("class") == "item" and tr.get("eId"):
                cells = [c for c in tr if local(c) in ("td", "th")]
                if len(cells) > 1:
                    rows[tr.get("eId")] = text_of(cells[1])
        out[table.get("eId") or ""] = rows
    return out


class PlanningReader:
    """Reads adjustments of a plan (Đề án) stated in sentences, e.g. a decision as a news report gives it."""

    def __init__(self, text: str, target_root, *, source: WorkInfo, target: str,
                 effective: str | None, dated: str = "exact", document: str | None = None):
        self.text = nfc(text)
        self.root = main_doc(target_root)
        self.source = source
        self.target = target
        self.effective = effective
        self.dated = dated
        self.document = document or source.number or source.uri
        self.reading = Reading(source)
        self.gaps: list[Gap] = []
        self._n = 0
        self.index = {e.get("eId"): e for e in self.root.iter() if isinstance(e.tag, str) and e.get("eId")}

    def _id(self) -> str:
        self._n += 1
        return f"{(self.source.number or self.source.uri).lower().replace('/', '-')}#{self._n}"

    def _src(self, line_no: int, sentence: str, span) -> Source:
        return Source(work=self.source.uri, provision=f"line_{line_no}", sentence=sentence, span=tuple(span),
                      label=self._where(line_no), number=self.source.number or "")

    def _where(self, line_no: int) -> str:
        return f"dòng {line_no} của {'bài báo' if self.source.report else 'nguồn'}"

    def sentences(self):
        for no, line in enumerate(self.text.splitlines(), 1):
            start = 0
            for part in re.split(r"(?<=[.…])\s+(?=[A-ZĐÀ-Ỹ])", line):
                i = line.find(part, start)
                s = part.strip()
                if s:
                    yield no, s, (i, i + len(part))
                start = i + len(part)

    def read(self) -> Reading:
        removed: dict[str, str] = {}
        for no, s, span in self.sentences():
            body = _LEAD.sub("", s)
            if m := _REMOVE.search(body):
                self._remove(no, s, span, m, removed)
            elif m := _VALUE.search(body):
                self._value(no, s, span, m)
            elif m := _MOVE.search(body):
                self._move(no, s, span, m)
            elif m := _REDUCE_UNSTATED.search(body):
                items = _split_items(m.group("items"))
                rows = []
                for cands in _row_names(self.root).values():
                    hits = match_items(items, cands)
                    rows += [f"{hits[i][0]} ({hits[i][1]})" for i in items if i in hits]
                self.gaps.append(Gap("unstated-amounts", "nguồn nêu các nhiệm vụ được điều chỉnh giảm kinh phí "
                                     "nhưng không nêu giảm bao nhiêu", s, tuple(items) + tuple(rows)))
            elif m := _DROP_FUNDS.search(body):
                items = _split_items(m.group("items"))
                missing = [i for i in items if i not in removed]
                if missing and removed:
                    hits = match_items(missing, {v: v for v in removed})
                    missing = [i for i in missing if i not in hits]
                if missing:
                    self._unread_line(no, s, f"tasks not matched to a removal: {missing}", "unread")
            elif re.search(r"^[Gg]iữ\s+nguyên\b", body):
                # "Giữ nguyên cơ cấu nguồn vốn …": the source says what stays; nothing in the text names it
                # precisely enough to check, so it is listed for a reader rather than passed over
                self._unread_line(no, s, "statement that something stays as it was: nothing to change, "
                                  "listed for review", "unread")
            elif re.search(r"\b(?:[Đđ]iều\s+chỉnh|Bổ\s+sung|Bãi\s+bỏ|Sửa\s+đổi)\b", body):
                if re.search(r"[Gg]iữ\s+nguyên", body):
                    continue
                self.gaps.append(Gap("unstated-content", "nguồn nêu việc điều chỉnh nhưng không nêu nội dung mới", s))
                self._unread_line(no, s, f"adjustment without its new text: {s[:100]}", "unread")
        # a headline or summary restating a figure already read is not a separate adjustment
        figures = {x for o in self.reading.operations if isinstance(o, ChangeValue)
                   for x in (o.old, o.new, o.difference) if x}
        restated = {g.sentence for g in self.gaps if g.kind == "unstated-content"
                    and any(re.search(rf"(?<![\d.]){re.escape(f)}(?![\d])", g.sentence) for f in figures)}
        self.gaps = [g for g in self.gaps if g.sentence not in restated or g.kind != "unstated-content"]
        self.reading.unread = [u for u in self.reading.unread if not any(r[:100] in u.message for r in restated)]
        self.reading.targets.add(self.target)
        self.reading.gaps = self.gaps
        return self.reading

    def _unread_line(self, no: int, sentence: str, message: str, code: str) -> None:
        self.reading.unread.append(Diagnostic("warning", message, self.document, f"line {no}", code,
                                              {"sentence": sentence, "where_vi": self._where(no)}))

    def _op_kw(self, no, s, span):
        note = "" if self.dated == "exact" else f"{APPROXIMATE}; {self.dated}"
        return {"id": self._id(), "source": self._src(no, s, span), "work": self.target,
                "effective": self.effective, "note": note}

    def _remove(self, no, s, span, m, removed) -> None:
        labels = _split_items(m.group("items"))
        count = int(m.group("count"))
        rows = []
        for table, cands in _row_names(self.root).items():
            hits = match_items(labels, cands)
            if len(hits) != len(labels):
                missing = [lab for lab in labels if lab not in hits]
                self._unread_line(no, s, f"{table}: no row for {missing}", "unmatched")
                continue
            for lab in labels:
                rows.append(hits[lab][0])
                removed[lab] = hits[lab][0]
        op = RemoveRows(**self._op_kw(no, s, span), target=rows[0] if rows else "", rows=tuple(rows),
                        labels=tuple(labels), count=count)
        self.reading.operations.append(op)

    def _value(self, no, s, span, m) -> None:
        old, new = m.group("old"), m.group("new")
        targets = []
        for eid, el in self.index.items():
            if local(el) == "paragraph" and re.search(r"[Tt]ổng\s+(?:mức\s+đầu\s+tư|kinh\s+phí)\s*:?\s*" + re.escape(old),
                                                      text_of(el)):
                targets.append(eid)
            elif local(el) == "tr" and el.get("class") == "total":
                cells = [c for c in el if local(c) in ("td", "th")]
                if cells and text_of(cells[-1]) == old:
                    targets.append(eid)
        if not targets:
            self._unread_line(no, s, f"the old value {old} is not in the target", "unmatched")
            return
        for t in targets:
            self.reading.operations.append(ChangeValue(**self._op_kw(no, s, span), target=t, old=old, new=new,
                                                       difference=m.group("diff")))

    def _move(self, no, s, span, m) -> None:
        labels = [x.strip() for x in re.findall(r"“([^”]+)”", m.group("items"))]
        src_list = self._year_list(m.group("old"))
        dst_list = self._year_list(m.group("new"))
        if src_list is None or dst_list is None:
            self._unread_line(no, s, f"no list of targets for {m.group('old')} and {m.group('new')}", "unmatched")
            return
        cands = {c.get("eId"): text_of(c) for c in src_list if local(c) == "indent"}
        hits = match_items(labels, cands)
        free = len([c for c in dst_list if local(c) == "indent"]) + sum(
            1 for o in self.reading.operations if isinstance(o, MoveRow) and o.destination == dst_list.get("eId"))
        for lab in labels:
            if lab not in hits or hits[lab][1] < MATCH_THRESHOLD:
                self.reading.operations.append(MoveRow(**{**self._op_kw(no, s, span), "note": "no item matched"},
                                                       target="", destination=dst_list.get("eId"), label=lab,
                                                       status="proposed"))
                continue
            eid, score = hits[lab]
            if any(isinstance(o, MoveRow) and o.target == eid for o in self.reading.operations):
                continue   # the same move stated again (a caption, a summary): already read
            free += 1
            self.reading.operations.append(MoveRow(**self._op_kw(no, s, span), target=eid,
                                                   destination=dst_list.get("eId"), label=lab,
                                                   matched=cands[eid], score=score,
                                                   new_eid=f"{dst_list.get('eId')}__indent_{free}"))

    def _year_list(self, year: str):
        for el in self.index.values():
            if local(el) in ("subparagraph", "paragraph", "point"):
                intro = el.find(q("intro"))
                if intro is not None and re.search(rf"\bđến\s+năm\s+{year}\b", text_of(intro)):
                    return el
        return None


def read_planning(text: str, target_root, *, source: WorkInfo, target: str, effective: str | None,
                  dated: str = "exact") -> Reading:
    return PlanningReader(text, target_root, source=source, target=target, effective=effective, dated=dated).read()

