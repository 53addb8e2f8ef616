"""Any portal page: the document is found by its content, whatever the container. Pages of other structures
built from a transcription (a div per paragraph, a table per header block, text in <br>-separated runs, content
in an <iframe srcdoc>, a document body of numbered blocks with the header in a layout table), each with a
portal's own matter around it (menus, a login prompt, related documents), read to the transcription article by
article (the portals' own pages of ../shared/oracle/tt-39-2016/raw are tested in test_ingest.py)."""
from __future__ import annotations

import html

import pytest

from amend.akn import q, text_of
from amend.ingest import load_source, parse_source
from amend.parse import parse_text

from .conftest import ORACLE, need

NAV = ('<nav><a href="/">Trang chủ</a> | <a href="/vb">Văn bản pháp luật</a>'
       '<div class="login">Đăng nhập để tải văn bản gốc</div></nav>')
RELATED = ('<aside><h3>Văn bản liên quan</h3><ul><li>Thông tư 39/2016/TT-NHNN quy định về hoạt động cho vay</li>'
           '</ul><div class="tab">Văn bản gốc | Văn bản tiếng Anh</div></aside>')


def _pages(lines: list[str]) -> dict[str, str]:
    e = html.escape
    head_end = next(i for i, ln in enumerate(lines) if ln.startswith("Căn cứ"))
    divs = "".join(f'<div class="para">{e(ln)}</div>' for ln in lines)
    hdr = lines[:head_end]
    layout = ("<table><tr><td>" + "<br>".join(e(x) for x in hdr[:2]) + "</td><td>" +
              "<br>".join(e(x) for x in hdr[2:]) + "</td></tr></table>")
    rest = "".join(f"<p>{e(ln)}</p>" for ln in lines[head_end:])
    # the portal's blocks carry their kind in the class (an article's heading, a paragraph, …) and an id in
    # sequence; its own notes under provisions are "docitem-17", dropped and named
    items = "".join(f'<div class="docitem-{1 if ln.startswith("Điều") else 5}" id="item{k}">{e(ln)}</div>'
                    for k, ln in enumerate(lines[head_end:], 1))
    items += '<div class="docitem-17" id="item999">Khoản này được hướng dẫn bởi Thông tư khác</div>'
    inner = f"<html><body>{divs}</body></html>"
    return {
        "a div per paragraph": f"<html><body>{NAV}<main><div id='content'>{divs}</div></main>{RELATED}</body></html>",
        "a table per header block": f"<html><body>{NAV}<div class='doc'>{layout}{rest}</div>{RELATED}</body></html>",
        "<br>-separated runs": f"<html><body>{NAV}<div class='vb'>{'<br>'.join(e(x) for x in lines)}</div>"
                               f"{RELATED}</body></html>",
        "<iframe srcdoc>": f"<html><body>{NAV}<iframe srcdoc=\"{e(inner, quote=True)}\"></iframe>{RELATED}</body></html>",
        "numbered blocks, header in a layout table": f"<html><body>{NAV}<div class='the-document-body'>{layout}"
                                                    f"{items}</div>{RELATED}</body></html>",
    }


@pytest.mark.parametrize("doc", ["tt-06-2023-tt-nhnn", "tt-10-2023-tt-nhnn"])
def test_pages_of_any_layout_read_to_their_transcription(tmp_path, doc):
    text = need(ORACLE / f"{doc}.txt").read_text(encoding="utf-8")
    want = [text_of(a) for a in parse_text(text, doc).tree.getroot().iter(q("article"))]
    assert want
    lines = [ln for ln in text.splitlines() if ln.strip()]
    for layout, page in _pages(lines).items():
        f = tmp_path / "page.html"
        f.write_text(page, encoding="utf-8")
        src = load_source(f)
        assert "Đăng nhập" not in src.text and "Văn bản liên quan" not in src.text, layout
        assert "được hướng dẫn bởi Thông tư khác" not in src.text, layout
        got = [text_of(a) for a in parse_source(src).tree.getroot().iter(q("article"))]
        assert got == want, layout
