"""The relations graph: works and what they say about each other (DESIGN §6).

A ``networkx.MultiDiGraph`` over works.  An edge ``u → v`` means that ``u``
acts on or rests on ``v``: ``based_on`` (căn cứ), ``amends``, ``repeals``,
``replaces``, ``suspends``, ``corrects``, ``guides``, ``consolidates``,
``cites``, and ``approved_by`` (a plan approved by a resolution: neither an
amendment nor a legal basis, so it is its own kind).  Every edge carries its
date, its source (document and provision eId) and, where it comes from an
operation, the operation's id.

Built from the corpus by :func:`build_graph`; the questions researchers ask
are methods of :class:`LegalGraph`.
"""
from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .akn import AMEND_NS, NS, main_doc, q, text_of
from .errors import GraphError
from .ids import issuer_info, issuer_rank
from .text import shorten

EDGE_KINDS = ("based_on", "amends", "repeals", "replaces", "suspends", "corrects", "guides", "consolidates",
              "cites", "approved_by")
# Operation kind → edge kind.  Repealing a unit is a partial repeal: an ``amends`` edge marked ``partial_repeal``.
OP_EDGE = {"replace": "amends", "replace-heading": "amends", "replace-passage": "amends", "insert": "amends", "repeal": "amends", "revoke": "amends",
           "replace-words": "amends", "delete-words": "amends", "insert-words": "amends",
           "remove-rows": "amends", "change-value": "amends", "move": "amends", "correct": "corrects",
           "suspend": "suspends", "replace-work": "replaces", "repeal-work": "repeals"}
# Edges along which a work rests on another (its impact follows them backwards).
UNKNOWN_ISSUER = "không rõ cơ quan ban hành"
# the relation in the words of a sentence ("… sửa đổi, bổ sung …")
EDGE_WORDS = {"amends": "sửa đổi, bổ sung", "corrects": "đính chính", "suspends": "ngưng hiệu lực",
              "repeals": "bãi bỏ", "replaces": "thay thế"}
CHANGES = frozenset({"amends", "repeals", "replaces", "suspends", "corrects"})    # what "amendments" lists
RESTS_ON = frozenset({"based_on", "amends", "suspends", "corrects", "guides", "consolidates", "approved_by"})

STATUS_NOT_YET = "chưa có hiệu lực"
STATUS_IN_FORCE = "còn hiệu lực"
STATUS_PARTLY_ENDED = "hết hiệu lực một phần"
STATUS_ENDED = "hết hiệu lực toàn bộ"
STATUS_SUSPENDED = "ngưng hiệu lực một phần"
STATUS_UNKNOWN = "chưa xác định được"
STATUS_SIGNED = "đã ban hành, chưa rõ ngày có hiệu lực"


@dataclass(frozen=True)
class Finding:
    """A problem found in the graph: which rule, which documents, what to check."""

    rule: str
    source: str
    target: str
    message: str


class LegalGraph:
    """The relations of a corpus and the questions asked of them."""

    def __init__(self, g: nx.MultiDiGraph | None = None):
        self.g = g if g is not None else nx.MultiDiGraph()
        # One plain digraph per kind keeps traversals cheap on large graphs.
        self._by_kind: dict[str, nx.DiGraph] = {}
        self._effects: dict[str, list[tuple]] | None = None    # work → its effect events, by date
        self._changes: dict[str, list[tuple]] = {}             # work → (source, edge data) of what changed it

    # -- building ----------------------------------------------------------------
    def add_work(self, uri: str, **attrs) -> None:
        if uri in self.g:
            self.g.nodes[uri].update({k: v for k, v in attrs.items() if v is not None})
        else:
            self.g.add_node(uri, **attrs)

    def add_edge(self, u: str, v: str, kind: str, **attrs) -> None:
        if kind not in EDGE_KINDS:
            raise GraphError(f"unknown relation {kind!r}", expected=", ".join(EDGE_KINDS))
        for n in (u, v):
            if n not in self.g:
                self.g.add_node(n, unresolved=True, label=n.rsplit("/", 1)[-1])
        self.g.add_edge(u, v, kind=kind, **attrs)
        self._by_kind.clear()
        self._effects = None

    def add_edges(self, edges) -> None:
        """Many ``(u, v, attrs)`` at once (attrs must hold a valid ``kind``); both ends must be works already."""
        edges = list(edges)
        bad = next((d["kind"] for _, _, d in edges if d.get("kind") not in EDGE_KINDS), None)
        if bad is not None:
            raise GraphError(f"unknown relation {bad!r}", expected=", ".join(EDGE_KINDS))
        self.g.add_edges_from(edges)
        self._by_kind.clear()
        self._effects = None

    def prepare(self) -> "LegalGraph":
        """Build every index the questions use (otherwise built on first use): the graph of bases, the graph of
        what rests on what with its integer adjacency, and the status and changes index."""
        self.kind_graph("based_on")
        self._rests_on_index()
        self.effects()
        # the graph lives as long as the process: its millions of objects go to the collector's permanent
        # generation, so that a collection a query happens to trigger does not walk them all (one such full
        # collection made one impact query of a 100,000-work graph take 745 ms instead of 15)
        import gc
        gc.collect()
        gc.freeze()
        return self

    def kind_graph(self, *kinds: str) -> nx.DiGraph:
        key = ",".join(sorted(kinds))
        h = self._by_kind.get(key)
        if h is None:
            h = nx.DiGraph()
            h.add_nodes_from(self.g)
            h.add_edges_from((u, v) for u, v, k in self.g.edges(data="kind") if k in kinds)
            self._by_kind[key] = h
        return h

    def node(self, uri: str) -> dict:
        if uri not in self.g:
            from .akn import nearest
            raise GraphError("no such work in the graph", where=uri,
                             candidate=nearest(uri, list(self.g)[:5000]))
        return self.g.nodes[uri]

    def label(self, uri: str) -> str:
        return self.g.nodes[uri].get("label", uri) if uri in self.g else uri

    # -- status -------------------------------------------------------------------------
    def effects(self) -> dict[str, list[tuple]]:
        """Per work, the dated events that change its status (repeal, replacement, partial repeal, suspension),
        sorted by date: built once from the edges, dropped when an edge is added."""
        if self._effects is None:
            idx: dict[str, list[tuple]] = {}
            changes: dict[str, list[tuple]] = {}
            for u, v, d in self.g.edges(data=True):
                kind, when = d["kind"], d.get("date")
                if kind in CHANGES:
                    changes.setdefault(v, []).append((u, d))
                if not when:
                    continue
                if kind == "amends" and d.get("partial_repeal"):
                    kind = "partial_repeal"
                if kind in ("repeals", "replaces", "partial_repeal", "suspends"):
                    idx.setdefault(v, []).append((when, kind, d.get("until_date") or ""))
            for events in idx.values():
                events.sort()
            self._effects = idx
            self._changes = changes
        return self._effects

    def status(self, uri: str, date: str) -> str:
        """Status of a work on ``date`` from its own dates and the edges pointing at it."""
        n = self.node(uri)
        start = n.get("in_force")
        ended = partly = suspended = False
        # only the events that change a status, from an index (a hub law has hundreds of thousands of
        # citations pointing at it, and none of them matters here)
        for when, kind, until in self.effects().get(uri, ()):
            if when > date:
                break
            if kind in ("repeals", "replaces"):
                ended = True
            elif kind == "partial_repeal":
                partly = True
            elif kind == "suspends" and (not until or until > date):
                suspended = True
        if ended:
            return STATUS_ENDED
        if not start:
            signed = n.get("signed") or n.get("signed_before")
            if signed and signed <= date:
                return STATUS_SIGNED
            return STATUS_UNKNOWN if not signed else STATUS_NOT_YET
        if start > date:
            return STATUS_NOT_YET
        if suspended:
            return STATUS_SUSPENDED
        if partly:
            return STATUS_PARTLY_ENDED
        return STATUS_IN_FORCE

    # -- questions --------------------------------------------------------------------
    def bases(self, uri: str, *, transitive: bool = False, at: str | None = None) -> list[dict]:
        """Legal bases (căn cứ) of a work, with depth and, given a date, their status then."""
        self.node(uri)
        h = self.kind_graph("based_on")
        out = []
        if transitive:
            depth = {uri: 0}
            queue = deque([uri])
            while queue:
                x = queue.popleft()
                for y in h.successors(x):
                    if y not in depth:
                        depth[y] = depth[x] + 1
                        queue.append(y)
            items = [(y, d) for y, d in depth.items() if y != uri]
        else:
            items = [(y, 1) for y in h.successors(uri)]
        for y, d in sorted(items, key=lambda t: (t[1], t[0])):
            row = {"uri": y, "label": self.label(y), "depth": d,
                   "unresolved": bool(self.g.nodes[y].get("unresolved"))}
            if at:
                row["status"] = self.status(y, at)
                row["lost_force"] = row["status"] in (STATUS_ENDED, STATUS_PARTLY_ENDED, STATUS_SUSPENDED)
            out.append(row)
        return out

    def amendments(self, uri: str) -> list[dict]:
        """What changed a work, when, through which provisions, in date order."""
        self.node(uri)
        rows = []
        self.effects()                  # the index of changes by the work changed, built with the status index
        for src, d in self._changes.get(uri, ()):
            rows.append({"by": src, "label": self.label(src), "kind": d["kind"], "date": d.get("date"),
                         "provision": d.get("provision"), "target": d.get("target"), "op": d.get("op")})
        return sorted(rows, key=lambda r: (r["date"] or "9999", r["by"], r["op"] or ""))

    def impact(self, uri: str) -> set[str]:
        """Every work that rests on ``uri``, directly or not: what is affected if it is repealed."""
        self.node(uri)
        from scipy.sparse.csgraph import breadth_first_order
        names, number, matrix = self._rests_on_index()
        # breadth first in compiled code over the sparse matrix "x is rested on by y"
        reached = breadth_first_order(matrix, number[uri], directed=True, return_predecessors=False)
        return set(map(names.__getitem__, reached[1:].tolist()))

    def _rests_on_index(self):
        """The works numbered, and the sparse matrix of what rests on what (row: a work; columns: the works
        resting on it): built once per graph."""
        idx = self._by_kind.get("#rests-on-index")
        if idx is None:
            import numpy as np
            from scipy.sparse import csr_matrix
            h = self.kind_graph(*RESTS_ON)
            names = list(h.nodes)
            number = {u: i for i, u in enumerate(names)}
            rows = np.fromiter((number[v] for _, v in h.edges), dtype=np.int64, count=h.number_of_edges())
            cols = np.fromiter((number[u] for u, _ in h.edges), dtype=np.int64, count=h.number_of_edges())
            # float64, the type csgraph works in: any other would be converted (copied) on every query
            matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(names), len(names)))
            idx = (names, number, matrix)
            self._by_kind["#rests-on-index"] = idx
        return idx

    def in_force(self, date: str) -> list[str]:
        """The works in force (wholly or partly) on ``date``."""
        ok = {STATUS_IN_FORCE, STATUS_PARTLY_ENDED, STATUS_SUSPENDED}   # works whose start is not known are left out
        return sorted(u for u in self.g if not self.g.nodes[u].get("unresolved") and self.status(u, date) in ok)

    def authority(self) -> list[Finding]:
        """Relations the law on legal documents does not allow (Luật Ban hành VBQPPL, Điều 4, 12).

        * only the issuer may amend or correct its own document;
        * a higher authority may suspend or repeal a lower one's document, not a lower one a higher's;
        * a legal basis may not be of lower rank than the document resting on it
          (documents without a rank, such as Party documents, are listed, not flagged).
        """
        out = []
        for u, v, d in self.g.edges(data=True):
            kind = d["kind"]
            a, b = self.g.nodes[u], self.g.nodes[v]
            if b.get("unresolved") or a.get("unresolved"):
                continue
            ra, rb = a.get("rank"), b.get("rank")
            same = a.get("issuer") and a.get("issuer") == b.get("issuer")
            if kind in ("amends", "corrects") and not same:
                out.append(Finding("only-issuer-amends", u, v,
                                   f"{self.label(u)} ({a.get('issuer') or UNKNOWN_ISSUER}) "
                                   f"{EDGE_WORDS.get(kind, kind)} {self.label(v)} ({b.get('issuer') or UNKNOWN_ISSUER}): "
                                   "chỉ cơ quan đã ban hành văn bản mới được sửa đổi, bổ sung hoặc đính chính văn bản đó"))
            elif kind in ("suspends", "repeals", "replaces") and not same:
                if ra is None or rb is None or ra > rb:
                    out.append(Finding("higher-authority-only", u, v,
                                       f"{self.label(u)} {EDGE_WORDS.get(kind, kind)} {self.label(v)}: chỉ cơ quan đã "
                                       "ban hành hoặc cơ quan cấp trên mới được ngưng hiệu lực, bãi bỏ văn bản"))
            elif kind == "based_on":
                if rb is None:
                    out.append(Finding("basis-without-rank", u, v,
                                       f"{self.label(u)} lấy {self.label(v)} làm căn cứ; văn bản này không thuộc hệ "
                                       "thống văn bản quy phạm pháp luật (Điều 4 Luật Ban hành văn bản quy phạm pháp "
                                       "luật) nên không xếp được thứ bậc: chỉ để lưu ý, không phải lỗi"))
                elif ra is not None and rb > ra:
                    out.append(Finding("basis-of-lower-rank", u, v,
                                       f"{self.label(u)} (thứ bậc {ra}) lấy {self.label(v)} (thứ bậc {rb}) làm căn "
                                       "cứ: văn bản làm căn cứ có thứ bậc thấp hơn"))
        return sorted(set(out), key=lambda f: (f.rule, f.source, f.target))

    def cycles(self) -> list[list[str]]:
        """Cycles among bases and amendments (a document cannot rest on itself)."""
        h = self.kind_graph("based_on", "amends")
        return sorted((sorted(c) for c in nx.simple_cycles(h)), key=lambda c: c)

    def dangling(self) -> list[Finding]:
        """References to works the corpus does not hold, and to provisions that do not exist."""
        out = []
        for u, v, d in self.g.edges(data=True):
            if self.g.nodes[v].get("unresolved"):
                out.append(Finding("unknown-work", u, v, f"{self.label(u)} dẫn chiếu {self.label(v)}, văn bản không "
                                   "có trong kho dữ liệu"))
            elif d.get("missing_target"):
                from .read import provision_label
                out.append(Finding("unknown-provision", u, v,
                                   f"{self.label(u)} tác động đến {provision_label(d.get('target') or '')} của "
                                   f"{self.label(v)}, quy định mà văn bản đó (kể cả khi đã được sửa đổi, bổ sung) "
                                   "không có"))
        return out

    def successor(self, uri: str, date: str) -> str | None:
        """The body that now answers for a work's issuer, if it has since been succeeded."""
        n = self.node(uri)
        frm = n.get("successor_from")
        if n.get("successor") and frm and frm <= date:
            return n["successor"]
        return None

    # -- exports ---------------------------------------------------------------------
    # Written as they go, an element at a time: a national graph (a million relations) is not copied into a
    # second graph, a list of dicts or one string first.
    def _sorted_links(self) -> list:
        """(source, target, key, data) of every relation in a fixed order (the data not copied)."""
        return sorted(self.g.edges(keys=True, data=True),
                      key=lambda e: (e[0], e[1], e[3]["kind"], e[3].get("op") or "", e[3].get("provision") or "",
                                     str(e[2])))

    def write_json(self, f) -> None:
        """networkx's node-link JSON (directed, graph, links, multigraph, nodes) into the binary file ``f``,
        one node or relation a line."""
        def dump(x) -> str:
            return json.dumps(x, ensure_ascii=False, sort_keys=True)

        def put(text: str) -> None:
            f.write(text.encode("utf-8"))
        put('{"directed": ' + dump(self.g.is_directed()) + ', "graph": ' + dump(self.g.graph) + ', "links": [')
        for i, (u, v, k, d) in enumerate(self._sorted_links()):
            put(("," if i else "") + "\n" + dump({**d, "source": u, "target": v, "key": k}))
        put('\n], "multigraph": ' + dump(self.g.is_multigraph()) + ', "nodes": [')
        for i, n in enumerate(sorted(self.g)):
            put(("," if i else "") + "\n" + dump({**self.g.nodes[n], "id": n}))
        put("\n]}\n")

    def to_json(self) -> str:
        import io
        buf = io.BytesIO()
        self.write_json(buf)
        return buf.getvalue().decode("utf-8")

    def write_graphml(self, f) -> None:
        """GraphML (as networkx reads it: one key per attribute name, type and element kind) into ``f``."""
        from lxml import etree
        gml, xsi = "http://graphml.graphdrawing.org/xmlns", "http://www.w3.org/2001/XMLSchema-instance"
        types = {bool: "boolean", int: "long", float: "double", str: "string"}
        nodes, links = sorted(self.g), self._sorted_links()
        keys: dict[tuple[str, str, str], str] = {}          # (for, name, type) → d0, d1, … in first-seen order
        for kind, items in (("node", (self.g.nodes[n] for n in nodes)), ("edge", (d for *_, d in links))):
            for d in items:
                for name in sorted(d):
                    keys.setdefault((kind, name, types[type(_scalar(d[name]))]), f"d{len(keys)}")

        def data(xf, kind: str, attrs: dict) -> None:
            for name in sorted(attrs):
                v = _scalar(attrs[name])
                with xf.element(f"{{{gml}}}data", key=keys[(kind, name, types[type(v)])]):
                    xf.write(str(v).lower() if isinstance(v, bool) else str(v))
                xf.write("\n")
        # every element written inside its parent's context, so the namespace is declared once, at the root
        with etree.xmlfile(f, encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element(f"{{{gml}}}graphml", nsmap={None: gml, "xsi": xsi}, attrib={
                    f"{{{xsi}}}schemaLocation": f"{gml} {gml}/1.0/graphml.xsd"}):
                xf.write("\n")
                for (kind, name, t), kid in keys.items():
                    with xf.element(f"{{{gml}}}key", {"id": kid, "for": kind, "attr.name": name, "attr.type": t}):
                        pass
                    xf.write("\n")
                with xf.element(f"{{{gml}}}graph", edgedefault="directed" if self.g.is_directed() else "undirected"):
                    xf.write("\n")
                    for n in nodes:
                        with xf.element(f"{{{gml}}}node", id=n):
                            xf.write("\n")
                            data(xf, "node", self.g.nodes[n])
                        xf.write("\n")
                    for u, v, k, d in links:
                        with xf.element(f"{{{gml}}}edge", source=u, target=v, id=str(k)):
                            xf.write("\n")
                            data(xf, "edge", d)
                        xf.write("\n")
                xf.write("\n")
        f.write(b"\n")          # after the writer has flushed and closed: it buffers what it writes

    def to_graphml(self) -> bytes:
        import io
        buf = io.BytesIO()
        self.write_graphml(buf)
        return buf.getvalue()

    def neighbourhood(self, uri: str, radius: int = 1) -> LegalGraph:
        self.node(uri)
        keep = set(nx.ego_graph(self.g.to_undirected(as_view=True), uri, radius=radius))
        return LegalGraph(self.g.subgraph(keep).copy())

    def nearest(self, uri: str, limit: int) -> tuple[LegalGraph, int]:
        """The work and at most ``limit`` of its direct neighbours, the closest in law first: the documents
        changing it or changed by it, then its bases, then the documents guiding or consolidating it, then
        those citing it or resting on it; the latest first within a kind. Returns the subgraph and the number
        of neighbours in all (a hub law has tens of thousands: a picture cannot show them, the list does)."""
        self.node(uri)
        rank = {k: i for i, k in enumerate(("replaces", "repeals", "amends", "suspends", "corrects", "based_on",
                                            "guides", "consolidates", "approved_by", "cites"))}
        best: dict[str, tuple] = {}
        for u, v, d in [*self.g.out_edges(uri, data=True), *self.g.in_edges(uri, data=True)]:
            other = v if u == uri else u
            if other == uri:
                continue
            # out-edges (what it rests on, what it changes) before in-edges of the same kind
            key = (rank.get(d["kind"], len(rank)), u != uri, _neg_date(d.get("date")), other)
            if other not in best or key < best[other]:
                best[other] = key
        keep = sorted(best, key=best.__getitem__)[:limit]
        return LegalGraph(self.g.subgraph([uri, *keep]).copy()), len(best)

    def overview(self, limit: int) -> tuple[LegalGraph, int]:
        """At most ``limit`` works, the most connected first, with the relations among them; and the number of
        works in all."""
        nodes = sorted(self.g, key=lambda n: (-self.g.degree(n), n))[:limit]
        return LegalGraph(self.g.subgraph(nodes).copy()), self.g.number_of_nodes()

    def to_svg(self, uri: str | None = None, radius: int = 1, limit: int | None = None) -> str:
        """The picture of the graph, of a work's neighbourhood, or (``limit``) of a bounded part of either."""
        from .render.graph_svg import draw
        if uri and limit is not None and radius == 1:
            sub = self.nearest(uri, limit)[0]
        elif uri:
            sub = self.neighbourhood(uri, radius)
        else:
            sub = self.overview(limit)[0] if limit is not None else self
        return draw(sub, focus=uri)


def _neg_date(d) -> str:
    """A sort key putting later ISO dates first (no date last)."""
    if not d:
        return "~"
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in str(d))


def _scalar(v):
    if v is None:
        return ""
    if isinstance(v, (bool, int, float, str)):
        return v
    return json.dumps(v, ensure_ascii=False)


# --- building from the corpus ---------------------------------------------------------
def _successions(corpus_root: Path) -> dict[str, dict]:
    f = Path(corpus_root) / "succession.json"
    if not f.exists():
        return {}
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise GraphError(f"malformed succession data: {e.msg}", document=str(f), where=f"line {e.lineno}") from e
    return {s["issuer"].upper(): s for s in data.get("successions", [])}


def build_graph(family) -> LegalGraph:
    """The graph of a corpus (``family``: a :class:`amend.corpus.Family`)."""
    lg = LegalGraph()
    corpus = family.corpus
    succ = _successions(corpus.root)
    numbers = {}
    for e in corpus:
        info = family.infos[e.uri]
        ii = issuer_info(e.issuer) if e.issuer else {}
        s = succ.get((e.issuer or "").upper())
        label = f"{info.type_name} {e.number}" if e.number else shorten(info.title, 80)
        lg.add_work(e.uri, label=label, type=info.type_name, subtype=e.subtype, number=e.number or "",
                    title=info.title, signed=e.date, signed_before=info.signed_before, in_force=e.in_force,
                    complete=e.status == "complete", issuer=e.issuer or "", issuer_kind=ii.get("kind"),
                    rank=issuer_rank(e.subtype, ii.get("kind")), locality=e.locality or "",
                    successor=s["successor"] if s else None, successor_from=s["from"] if s else None,
                    successor_basis=s["basis"] if s else None)
        if e.number:
            numbers[e.number.lower()] = e.uri
    facts = {}
    for e in corpus:
        f = facts[e.uri] = family.graph_facts(e.uri)
        # căn cứ
        for ref in f["citations"]:
            target = _resolve_citation(lg, ref)
            lg.add_edge(e.uri, target, "based_on", date=e.date, provision=ref["provision"], text=ref["text"])
        # guides / consolidates, as the title says ("Thông tư hướng dẫn Nghị định số …", a văn bản hợp nhất)
        from .read import DOC_RE as _DOC
        title = family.infos[e.uri].title or ""
        m_doc = next((m for m in _DOC.finditer(title) if m.group("number").lower() != "này"), None)
        if m_doc:
            target = numbers.get(m_doc.group("number").lower())
            if target and target != e.uri:
                if e.subtype == "van-ban-hop-nhat":
                    lg.add_edge(e.uri, target, "consolidates", date=e.date, provision="title")
                elif re.search(r"\b(?:hướng\s+dẫn|quy\s+định\s+chi\s+tiết)\b", title[:m_doc.start()], re.IGNORECASE):
                    lg.add_edge(e.uri, target, "guides", date=e.in_force or e.date, provision="title")
        # body references (outside quoted new content): cites
        seen = set()
        for num, provision in f["cites"]:
            uri = numbers.get(num.lower())
            if uri and uri != e.uri and uri not in seen:
                seen.add(uri)
                lg.add_edge(e.uri, uri, "cites", date=e.date, provision=provision)
    # units amendments bring (added, or in a unit's new text): a later amendment may act on them
    inserted = set()
    for reading in family.by_source.values():
        for o in reading.operations:
            if o.work and o.kind in ("insert", "replace"):
                inserted.add((o.work, o.target))
                for m in re.finditer(r'eId="([^"]+)"', getattr(o, "content", "") or ""):
                    inserted.add((o.work, m.group(1)))
    # operations
    for src_uri, reading in sorted(family.by_source.items()):
        for o in reading.operations:
            if o.status != "ready" or not o.work:
                continue
            kind = OP_EDGE.get(o.kind, "amends")
            target_work = o.work
            attrs = {"date": o.effective, "provision": o.source.provision, "op": o.id, "target": o.target,
                     "operation": o.kind}
            if o.kind in ("repeal", "revoke"):
                attrs["partial_repeal"] = True
            if o.kind == "suspend":
                attrs["until"] = getattr(o, "until", "")
            if o.note:
                attrs["note"] = o.note
            ids = family.eids.get(target_work)
            if ids is not None and o.target and o.kind not in ("insert", "revoke", "move") and o.target not in ids \
                    and o.kind != "remove-rows" and (target_work, o.target) not in inserted:
                attrs["missing_target"] = True      # neither enacted nor brought by any amendment
            lg.add_edge(src_uri, target_work, kind, **attrs)
    # relations the corpus records, where no operation already says so
    for e in corpus:
        for kind, href in facts[e.uri]["relations"]:
            known = any(d["kind"] == kind for _, v, d in lg.g.out_edges(e.uri, data=True) if v == href)
            if kind in EDGE_KINDS and not known:
                lg.add_edge(e.uri, href, kind, date=e.in_force or e.date, provision="", source="corpus")
    return lg


def graph_facts(tree) -> dict:
    """What the graph takes from one work's own text, independent of the rest of the corpus: its căn cứ
    references, the document numbers its body names outside quoted new content (with the unit naming them),
    and the relations the corpus records on it."""
    from .corpus import relations
    from .read import DOC_RE
    doc = main_doc(tree.getroot())
    citations = []
    for i, cit in enumerate(doc.iterfind(f"{q('preamble')}/{q('citations')}/{q('citation')}"), 1):
        for ref in cit.iter(q("ref")):
            citations.append({"href": ref.get("href"), "provision": cit.get("eId") or f"citation_{i}",
                              "text": text_of(ref), "unresolved": ref.get(f"{{{AMEND_NS}}}resolved") == "false",
                              "title": ref.get(f"{{{AMEND_NS}}}title"), "date": ref.get(f"{{{AMEND_NS}}}date")})
    cites = []
    body = doc.find(q("body"))
    if body is not None:
        for p in body.iter(q("p")):
            if p.xpath("ancestor::a:quotedStructure", namespaces=NS):
                continue
            cites += [(m.group("number"), _unit_eid(p)) for m in DOC_RE.finditer(text_of(p))]
    return {"citations": citations, "cites": cites, "relations": relations(tree)}


def _resolve_citation(lg: LegalGraph, ref: dict) -> str:
    """A cited work: its URI, or for a citation without a number, a catalogue match by type, title and date."""
    href = ref["href"]
    if href in lg.g:
        return href
    if ref["unresolved"]:
        title = (ref["title"] or "").lower()
        hits = [u for u, n in lg.g.nodes(data=True)
                if n.get("signed") == ref["date"] and (n.get("title") or "").lower() == title]
        if len(hits) == 1:
            return hits[0]
    lg.add_work(href, unresolved=True, label=ref["title"] or ref["text"][:60], title=ref["title"] or "",
                signed=ref["date"])
    return href


def _unit_eid(el) -> str:
    for a in el.iterancestors():
        if a.get("eId"):
            return a.get("eId")
    return ""
