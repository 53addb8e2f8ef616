"""A drawn picture of (part of) the relations graph, as standalone SVG.

Documents are boxes laid out left to right by date and top to bottom by rank;
each edge kind has its own colour and dash pattern, named in a legend.
"""
from __future__ import annotations

from html import escape

from ..text import vi_date

STYLE = {  # kind → (colour, dash, Vietnamese name)
    "based_on": ("#5b6770", "", "căn cứ"),
    "amends": ("#b3261e", "", "sửa đổi, bổ sung"),
    "repeals": ("#6a1b9a", "8 4", "bãi bỏ"),
    "replaces": ("#6a1b9a", "2 3", "thay thế"),
    "suspends": ("#e65100", "6 3", "ngưng hiệu lực"),
    "corrects": ("#1b5e20", "3 3", "đính chính"),
    "guides": ("#0d47a1", "10 3 2 3", "hướng dẫn"),
    "consolidates": ("#00695c", "1 3", "hợp nhất"),
    "cites": ("#9e9e9e", "2 2", "dẫn chiếu"),
    "approved_by": ("#0d47a1", "12 3", "thông qua"),
}
BOX_W, BOX_H, GAP_X, GAP_Y = 230, 70, 70, 24
# told apart without colour too: amendments thick, citations thin, the rest by their dash patterns
WIDTH = {"amends": 3.2, "based_on": 1.1, "cites": 1.0, "approved_by": 2.2}
DRAW_ORDER = {"cites": 0, "based_on": 1, "amends": 9}            # later is drawn on top
KIND_LANE = {"based_on": 0, "cites": 1, "amends": 2, "approved_by": 3, "repeals": 4, "replaces": 4, "suspends": 5,
             "corrects": 5, "guides": 6, "consolidates": 6}


def _wrap(text: str, width: int = 34, lines: int = 2) -> list[str]:
    """Words of ``text`` in at most ``lines`` lines of ``width`` characters ("…" when cut)."""
    out, cur = [], ""
    for w in text.split():
        if len(cur) + len(w) + 1 > width and cur:
            out.append(cur)
            cur = w
            if len(out) == lines:
                out[-1] = out[-1][:width - 1] + "…"
                return out
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        out.append(cur)
    return out[:lines]


def _date(n: dict) -> str:
    return n.get("signed") or n.get("signed_before") or "9999"


def draw(lg, focus: str | None = None) -> str:
    g = lg.g
    nodes = sorted(g.nodes, key=lambda u: (_date(g.nodes[u]), g.nodes[u].get("rank") or 99, u))
    years = sorted({_date(g.nodes[u])[:4] for u in nodes})
    col = {y: i for i, y in enumerate(years)}
    rows: dict[int, int] = {}
    pos = {}
    for u in sorted(nodes, key=lambda u: (col[_date(g.nodes[u])[:4]], g.nodes[u].get("rank") or 99, u)):
        c = col[_date(g.nodes[u])[:4]]
        r = rows.get(c, 0)
        rows[c] = r + 1
        pos[u] = (20 + c * (BOX_W + GAP_X), 70 + r * (BOX_H + GAP_Y))
    width = 40 + len(years) * (BOX_W + GAP_X)
    height = max([y for _, y in pos.values()] + [0]) + BOX_H + 60 + 22 * len(STYLE) // 2
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" role="img" '
           f'aria-label="Quan hệ giữa các văn bản">'),
           "<defs>" + "".join(
               f'<marker id="arrow-{k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
               f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{c}"/></marker>'
               for k, (c, _, _) in STYLE.items()) + "</defs>",
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    for y, i in col.items():
        x = 20 + i * (BOX_W + GAP_X)
        out.append(f'<text x="{x}" y="40" font-weight="bold" fill="#333">{escape("không rõ ngày" if y == "9999" else y)}</text>')
    # one line per (document, document, kind): an amending document's many operations are one relation; the
    # amendments are drawn last, on top of citations, thicker, and each kind bends its own way so none hides another
    seen, edges = set(), []
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (DRAW_ORDER.get(e[2]["kind"], 5), e[0], e[1])):
        if (u, v, d["kind"]) not in seen:
            seen.add((u, v, d["kind"]))
            edges.append((u, v, d))
    for k, (u, v, d) in enumerate(edges):
        colour, dash, name = STYLE.get(d["kind"], ("#000", "", d["kind"]))
        (x1, y1), (x2, y2) = pos[u], pos[v]
        sx, sy = (x1, y1 + BOX_H / 2) if x2 < x1 else (x1 + BOX_W, y1 + BOX_H / 2)
        tx, ty = (x2 + BOX_W, y2 + BOX_H / 2) if x2 < x1 else (x2, y2 + BOX_H / 2)
        if x1 == x2:
            sx, tx = x1 + BOX_W, x2 + BOX_W
        lift = 14 * KIND_LANE.get(d["kind"], 0)           # each kind its own curve between the same two boxes
        bend = 40 + 8 * (k % 4) + lift if x1 == x2 else 0
        path = (f"M {sx:.0f} {sy:.0f} C {sx + bend:.0f} {sy - lift:.0f} {tx + bend:.0f} {ty - lift:.0f} "
                f"{tx:.0f} {ty:.0f}")
        title = f"{lg.label(u)} — {name} → {lg.label(v)}" + (f" ({vi_date(d.get('date'))})" if d.get("date") else "")
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{WIDTH.get(d["kind"], 1.6)}"'
                   + (f' stroke-dasharray="{dash}"' if dash else "")
                   + f' marker-end="url(#arrow-{d["kind"]})"><title>{escape(title)}</title></path>')
    for u in nodes:
        n = g.nodes[u]
        x, y = pos[u]
        stroke = "#000" if u == focus else "#888"
        fill = "#fff8e1" if n.get("unresolved") else ("#e3f2fd" if n.get("complete") else "#f5f5f5")
        label = n.get("label") or u
        sub = vi_date(n.get("signed")) or (f"trước {vi_date(n['signed_before'])}" if n.get("signed_before") else "không rõ ngày")
        if n.get("unresolved"):
            sub += " · chưa xác định"
        out.append(f'<g><title>{escape(n.get("title") or label)}</title><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" '
                   f'fill="{fill}" stroke="{stroke}" stroke-width="{2.5 if u == focus else 1}"/>'
                   + "".join(f'<text x="{x + 8}" y="{y + 19 + 16 * i}" font-weight="bold">{escape(t)}</text>'
                             for i, t in enumerate(_wrap(label)))
                   + f'<text x="{x + 8}" y="{y + 58}" fill="#444">{escape(sub)}</text></g>')
    ly = height - 22 * ((len(STYLE) + 1) // 2) - 10
    for i, (k, (c, dash, name)) in enumerate(STYLE.items()):
        x = 20 + (i % 2) * 220
        yy = ly + (i // 2) * 22
        out.append(f'<line x1="{x}" y1="{yy}" x2="{x + 40}" y2="{yy}" stroke="{c}" stroke-width="{WIDTH.get(k, 1.6)}"'
                   + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
                   + f'<text x="{x + 48}" y="{yy + 4}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
