"""Exports of a version for clerks and researchers: JSON and DOCX.

The DOCX is laid out like an official consolidated text: the header, the
list of the documents that amended the work, the text with its changed units
footnoted (real Word footnotes), repealed units as "(được bãi bỏ)".
python-docx has no footnote API, so the footnotes part is added to the
package here, as WordprocessingML defines it.
"""
from __future__ import annotations

import io
import json

from ..akn import AMEND_NS, UNIT_NAMES, local, main_doc, q, text_of
from ..ops import STATUS
from ..versions import unapplied_lines
from .notes import doc_name, footnotes_for


def to_dict(v, cons) -> dict:
    notes = footnotes_for(v, cons)
    units = []
    body = main_doc(v.root).find(q("body"))
    for el in (body.iter() if body is not None else []):
        if not isinstance(el.tag, str) or local(el) not in UNIT_NAMES or not el.get("eId"):
            continue
        if any(local(a) == "quotedStructure" for a in el.iterancestors()):
            continue
        num = el.find(q("num"))
        head = el.find(q("heading"))
        own = [text_of(p) for c in el if local(c) in ("intro", "content", "wrapUp") for p in c.iter(q("p"))]
        units.append({"eId": el.get("eId"), "kind": local(el), "num": text_of(num) if num is not None else "",
                      "heading": text_of(head) if head is not None else "", "text": own,
                      "status": el.get(STATUS) or "in force", "changedBy": el.get(f"{{{AMEND_NS}}}op"),
                      "footnote": notes.get(el)})
    frbr = main_doc(v.root).find(f"{q('meta')}/{q('identification')}/{q('FRBRExpression')}/{q('FRBRuri')}")
    return {
        "work": cons.base.uri, "expression": frbr.get("value") if frbr is not None else None,
        "start": v.start, "approximate": v.approximate or None,
        "operations": [o.to_dict() for o in v.applied],
        "units": units,
        "gaps": [{"kind": g.kind, "message": g.message, "sentence": g.sentence, "items": list(g.items),
                  "amount": g.amount} for g in v.gaps],
        "notApplied": [{"operation": o.to_dict(), "why": why} for o, why in cons.pending],
        "unapplied": [u._asdict() for u in v.unapplied],
    }


def to_json(v, cons) -> str:
    return json.dumps(to_dict(v, cons), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --- DOCX ----------------------------------------------------------------------------------
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


class _Footnotes:
    """The footnotes part of a python-docx document."""

    def __init__(self, document):
        from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: F401
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml import parse_xml
        xml = (f'<w:footnotes xmlns:w="{W}">'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
               "</w:footnote></w:footnotes>")
        self.element = parse_xml(xml)
        part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, self.element, document.part.package)
        document.part.relate_to(part, FOOTNOTES_RT)
        self.next_id = 1

    def add(self, paragraph, text: str) -> None:
        from docx.oxml import parse_xml
        from docx.shared import Pt
        n = self.next_id
        self.next_id += 1
        esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.element.append(parse_xml(
            f'<w:footnote xmlns:w="{W}" w:id="{n}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve"> {esc}</w:t></w:r></w:p></w:footnote>'))
        run = paragraph.add_run()
        run.font.size = Pt(13)
        run._r.append(parse_xml(f'<w:rPr xmlns:w="{W}"><w:vertAlign w:val="superscript"/></w:rPr>'))
        run._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W}" w:id="{n}"/>'))


def to_docx(v, cons) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    core = d.core_properties
    core.title = cons.base.title[:250]
    core.author = "amend"
    core.created = core.modified = core.last_printed = _fixed_time()
    core.revision = 1
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    fns = _Footnotes(d)
    info = cons.base

    def centered(text: str, bold=False, italic=False, size=None):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(text)
        r.bold, r.italic = bold, italic
        if size:
            r.font.size = Pt(size)
        return p

    centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    centered("Độc lập - Tự do - Hạnh phúc", bold=True)
    centered(f"{info.type_name.upper()}" + (f" SỐ {info.number}" if info.number else ""), bold=True)
    centered(info.title, bold=True)
    notice = unapplied_lines(v.unapplied)
    for i, line in enumerate(notice):
        r = d.add_paragraph().add_run(line)
        r.bold = i == 0
    if v.start:
        centered(f"(Văn bản hợp nhất các nội dung có hiệu lực từ ngày {_vi(v.start)})", italic=True, size=12)
    sources = []
    for o in v.applied:
        if o.source.work not in sources:
            sources.append(o.source.work)
    if sources:
        p = d.add_paragraph()
        p.add_run(f"{info.type_name} số {info.number or ''} được sửa đổi, bổ sung bởi:".replace("số  ", ""))
        for i, s in enumerate(sources, 1):
            first = next(o for o in v.applied if o.source.work == s)
            d.add_paragraph(f"{i}. {doc_name(cons.documents.get(s), s)}, có hiệu lực kể từ ngày {_vi(first.effective)}.")
    notes = footnotes_for(v, cons)
    body = main_doc(v.root).find(q("body"))
    for el in (body if body is not None else []):
        _unit_docx(d, el, notes, fns)
    for g in v.gaps:
        d.add_paragraph(f"Ghi chú (nguồn không nêu): {g.message}")
    buf = io.BytesIO()
    d.save(buf)
    return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same package with fixed entry times, so equal documents give equal bytes."""
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()


def _unit_docx(d, el, notes, fns) -> None:
    name = local(el)
    if name == "hcontainer":
        for p in el.iter(q("p")):
            d.add_paragraph(text_of(p)).runs[0].italic = True
        return
    if name not in UNIT_NAMES:
        return
    num = el.find(q("num"))
    head = el.find(q("heading"))
    label = text_of(num) if num is not None else ""
    first = True
    blocks = [c for c in el if local(c) in ("intro", "content", "wrapUp") or local(c) in UNIT_NAMES]
    if head is not None or name in ("part", "chapter", "section"):
        p = d.add_paragraph()
        r = p.add_run(label)
        r.bold = True
        if el in notes:
            fns.add(p, notes[el])
        if head is not None:
            r2 = p.add_run(" " + text_of(head))
            r2.bold = True
        first = False
    for c in blocks:
        if local(c) in UNIT_NAMES:
            _unit_docx(d, c, notes, fns)
            continue
        for b in c:
            if local(b) == "table":
                _table_docx(d, b)
                continue
            text = text_of(b)
            p = d.add_paragraph()
            if first:
                r = p.add_run(label)
                r.bold = name in ("article", "paragraph")
                if el in notes:
                    fns.add(p, notes[el])
                p.add_run(" " + text)
                first = False
            else:
                p.add_run(text)
    if first:
        p = d.add_paragraph()
        p.add_run(label)
        if el in notes:
            fns.add(p, notes[el])


def _table_docx(d, table) -> None:
    rows = list(table.iter(q("tr")))
    ncols = max((len([c for c in tr if isinstance(c.tag, str)]) for tr in rows), default=0)
    if not rows or not ncols:
        return
    t = d.add_table(rows=len(rows), cols=ncols)
    t.style = "Table Grid"
    for i, tr in enumerate(rows):
        for j, c in enumerate([c for c in tr if isinstance(c.tag, str)]):
            t.cell(i, j).text = text_of(c)


def _vi(iso: str | None) -> str:
    if not iso:
        return "(không rõ)"
    from .notes import short_date
    return short_date(iso)


def _fixed_time():
    import datetime
    return datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
