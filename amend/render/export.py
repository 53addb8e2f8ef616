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
from .notes import footnotes_for


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


def to_docx(v, cons, roots: dict | None = None, *, doc=None) -> bytes:
    """The văn bản hợp nhất as a Word document laid out for clerks (see :mod:`amend.render.vbhn`).

    A4, the margins of Nghị định 30/2020/NĐ-CP (top and bottom 20 mm, left 30 mm, right 15 mm), Times
    New Roman 14, language vi-VN; Chương/Phần and Mục as centred headings, Điều as a heading; real Word
    footnotes numbered in reading order; annexes with their tables; page numbers; document properties.
    ``doc`` is the version's :func:`~amend.render.vbhn.official` form when the caller has it already.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    from .vbhn import ISSUER_ONLY, official
    if doc is None:
        doc = official(v, cons, roots or {})
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    core = d.core_properties
    core.title = (cons.base.title or "")[:250]
    core.subject = "Văn bản hợp nhất" + (f" (nội dung có hiệu lực từ ngày {_vi(v.start)})" if v.start else "")
    core.keywords = cons.base.number or ""
    core.language = "vi-VN"
    core.author = "amend"
    core.created = core.modified = core.last_printed = _fixed_time()
    core.revision = 1
    for name, size, bold in (("Normal", 14, False), ("Heading 1", 14, True), ("Heading 2", 14, True),
                             ("Heading 3", 14, True), ("Title", 14, True)):
        st = d.styles[name]
        st.font.name, st.font.size, st.font.bold = "Times New Roman", Pt(size), bold
        st.font.color.rgb = RGBColor(0, 0, 0)
        _lang_and_fonts(st.element)
        if name != "Normal":
            st.font.italic = False
            for bdr in st.element.xpath(".//w:pBdr"):      # the template's rule under a title: not in official texts
                bdr.getparent().remove(bdr)
            st.paragraph_format.space_before, st.paragraph_format.space_after = Pt(6), Pt(6)
    d.styles["Normal"].paragraph_format.space_after = Pt(6)
    _page_numbers(sec)
    fns = _Footnotes(d)
    style_of = {"chapter": "Heading 1", "part": "Heading 1", "section": "Heading 2", "subsection": "Heading 2",
                "article": "Heading 3", "type": "Title"}
    centred = {"motto", "type", "title", "chapter", "part", "section", "subsection", "annex", "header"}
    # a style's id looked up once: python-docx looks a style up by name among all of the template's styles
    # for every paragraph
    style_id = {name: d.styles[name].style_id for name in set(style_of.values())}
    for kind, payload in doc.items:
        if kind == "table":
            _table_docx(d, payload)
            continue
        p = d.add_paragraph()
        if kind in style_of:
            p._p.style = style_id[style_of[kind]]
        if kind in centred:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind not in ("issuer",):
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if kind == "quoted":           # quoted new content of an amending document, set off from the text
            p.paragraph_format.left_indent = Mm(10)
        bold = kind in ("motto", "type", "title", "notice", "annex", "header") or kind in style_of
        _runs_with_notes(p, payload, doc.notes, fns, bold=bold, italic=ISSUER_ONLY in payload)
    return _stable_package(d)


def _runs_with_notes(p, text: str, notes: list[str], fns, *, bold=False, italic=False) -> None:
    """The text as runs, each ``[n]`` replaced by a Word footnote holding note n."""
    import re
    for k, piece in enumerate(re.split(r"\[(\d+)\]", text)):
        if k % 2:
            fns.add(p, notes[int(piece) - 1])
        elif piece:
            r = p.add_run(piece)
            if bold:
                r.bold = True
            if italic:
                r.italic = True


def _lang_and_fonts(style_el) -> None:
    """vi-VN and Times New Roman for every script of a style (Word picks the font by script)."""
    from docx.oxml import parse_xml
    rpr = style_el.get_or_add_rPr()
    for tag in ("rFonts", "lang"):
        for old in rpr.findall(f"{{{W}}}{tag}"):
            rpr.remove(old)
    rpr.append(parse_xml(f'<w:rFonts xmlns:w="{W}" w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
                         'w:cs="Times New Roman" w:eastAsia="Times New Roman"/>'))
    rpr.append(parse_xml(f'<w:lang xmlns:w="{W}" w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>'))


def _page_numbers(section) -> None:
    """A centred PAGE field in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for xml in ('<w:fldChar xmlns:w="{W}" w:fldCharType="begin"/>',
                '<w:instrText xmlns:w="{W}" xml:space="preserve"> PAGE </w:instrText>',
                '<w:fldChar xmlns:w="{W}" w:fldCharType="end"/>'):
        r = p.add_run()
        r._r.append(parse_xml(xml.format(W=W)))


class _StableZip:
    """python-docx's package writer with fixed entry times and modes, so equal documents give equal bytes;
    each part compressed once (saving, then rewriting the zip, compressed every part twice)."""

    def __init__(self, buf):
        import zipfile
        self.zip = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        import zipfile
        zi = zipfile.ZipInfo(pack_uri.membername, date_time=(1980, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = 0o644 << 16
        self.zip.writestr(zi, blob)

    def close(self) -> None:
        self.zip.close()


def _stable_package(d) -> bytes:
    """The document's package, as ``Document.save`` writes it (content types, package relations, then each
    part and its relations), through :class:`_StableZip`; the document is released after (:func:`_release`), so
    ``d`` is not to be used again."""
    from docx.opc.pkgwriter import PackageWriter
    pkg = d.part.package
    for part in pkg.parts:
        part.before_marshal()
    buf = io.BytesIO()
    w = _StableZip(buf)
    PackageWriter._write_content_types_stream(w, pkg.parts)
    PackageWriter._write_pkg_rels(w, pkg.rels)
    PackageWriter._write_parts(w, pkg.parts)
    w.close()
    _release(d, pkg)
    return buf.getvalue()


def _release(d, pkg) -> None:
    """Drop what the document, its package and their parts hold once the bytes are written. A python-docx package
    and its parts refer to each other, and so do a document and its body, so only the garbage collector would
    free them, with the XML of every part: in a site build they piled up between its rare full collections
    (40 MiB more at 2,000 works)."""
    parts = list(pkg.iter_parts())
    for obj in (*parts, pkg, d):
        getattr(obj, "__dict__", {}).clear()     # (an object with slots only holds no such cycle)


def _table_docx(d, table) -> None:
    """An AKN table as a Word table, merged header cells merged."""
    from ..validate import span
    rows = [tr for tr in table.iter(q("tr"))]
    cells = [[c for c in tr if isinstance(c.tag, str) and local(c) in ("td", "th")] for tr in rows]
    ncols = max((sum(span(c, "colspan") or 1 for c in r) for r in cells), default=0)
    if not rows or not ncols:
        return
    t = d.add_table(rows=len(rows), cols=ncols)
    t.style = "Table Grid"
    taken: set = set()
    for i, row in enumerate(cells):
        j = 0
        for c in row:
            while (i, j) in taken:
                j += 1
            if j >= ncols:
                break
            cs, rs = span(c, "colspan") or 1, span(c, "rowspan") or 1
            cell = t.cell(i, j)
            end = t.cell(min(i + rs, len(rows)) - 1, min(j + cs, ncols) - 1)
            if end is not cell and (rs > 1 or cs > 1):
                cell = cell.merge(end)
            cell.text = text_of(c)
            if local(c) == "th":
                for r in cell.paragraphs[0].runs:
                    r.bold = True
            taken |= {(a, b) for a in range(i, i + rs) for b in range(j, j + cs)}
            j += cs


def _vi(iso: str | None) -> str:
    if not iso:
        return "(không rõ)"
    from ..text import short_date
    return short_date(iso)


def _fixed_time():
    import datetime
    return datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
