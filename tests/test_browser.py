"""The built site in a real headless Chromium (Debian's, driven by Playwright by its path).

The site is served from a local HTTP server on 127.0.0.1; every request the
pages make is recorded, and one that leaves the site fails the test.
Screenshots of the main pages are saved under test-output/screenshots/.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from amend.render.site import build_site

from .conftest import CORPUS, ROOT

AS_OF = "2026-11-22"
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = os.environ.get("AMEND_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
DE_AN = "akn/vn-haiduong/act/de-an/2020-11-02/xay-dung-chinh-quyen-dien-tu-va-do-thi-thong-minh/"

pytestmark = pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (scripts/test.sh installs it)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("browser") / "site"
    build_site(CORPUS, site, as_of=AS_OF, progress=False)
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", site
    httpd.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    base, _ = server
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    pg = ctx.new_page()
    pg.outside = []
    pg.errors = []
    pg.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith("data:") else pg.outside.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    assert pg.outside == [], f"requests outside the site: {pg.outside}"
    assert pg.errors == [], f"script errors: {pg.errors}"
    ctx.close()


def _shot(pg, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_navigate_index_work_version_footnote(page, server):
    base, _ = server
    page.goto(base + "index.html")
    assert page.locator("html").get_attribute("lang") == "vi"
    _shot(page, "01-index")
    page.get_by_role("link", name="20/2019/NQ-HĐND").click()
    page.wait_for_load_state()
    assert "Nghị quyết về việc quyết định chủ trương đầu tư" in page.content()
    _shot(page, "02-work-20-2019")
    # switch versions on the timeline
    page.locator("nav.versions").get_by_role("link", name="Văn bản gốc").click()
    assert page.url.endswith("vie@/index.html")
    assert page.locator(".hcontainer").inner_text().startswith("Văn bản này không có trong kho dữ liệu")
    page.locator("nav.versions").get_by_role("link", name="12/11/2020").click()
    assert "vie@2020-11-12" in page.url
    # open the footnote, then follow it to the amending provision
    ref = page.locator("#art_1 sup.fn-ref a").first
    target = ref.get_attribute("href")
    assert re.fullmatch(r"#fn-\d+", target)
    ref.click()
    assert page.url.endswith(target)
    note = page.locator(target)
    assert "Điều 1 của Nghị quyết số 08/2020/NQ-HĐND" in note.inner_text()
    _shot(page, "03-version-footnote")
    note.get_by_role("link", name="[xem quy định sửa đổi]").click()
    page.wait_for_load_state()
    assert "08-2020-nq-hdnd/vie@/index.html#art_1" in page.url
    assert page.locator("#art_1").is_visible()


def test_filters_work_without_javascript(browser, server):
    base, _ = server
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(base + "index.html")
    pg.get_by_role("link", name="Luật (4)").click()
    rows = pg.locator("table.works tbody tr")
    assert rows.count() == 4
    pg.goto(base + DE_AN + "index.html")
    assert pg.locator("section.chart svg").count() == 1
    ctx.close()


def test_redline_history_and_graph(page, server):
    base, _ = server
    page.goto(base + DE_AN + "index.html")
    _shot(page, "04-de-an")
    assert "2.030 tỷ đồng" in page.locator("#para_6").inner_text()
    page.get_by_role("link", name="so sánh với phiên bản trước").click()
    page.wait_for_load_state()
    assert page.locator("del", has_text="3.800").count() >= 1
    assert page.locator("ins", has_text="2.030").count() >= 1
    _shot(page, "05-redline")
    page.goto(base + DE_AN + "history.html")
    assert page.locator("section.unit-history").count() >= 5
    page.goto(base + DE_AN + "relations.html")
    svg = page.locator("figure.graph svg")
    assert svg.count() == 1 and "Nghị quyết 08/2020/NQ-HĐND" in svg.text_content()
    box = svg.bounding_box()
    assert box["width"] > 400 and box["height"] > 150
    _shot(page, "06-relations")


def test_search_without_diacritics(page, server):
    base, site = server
    loaded = []
    page.on("request", lambda r: loaded.append(r.url[len(base):]) if "/static/search/" in r.url else None)
    page.goto(base + "search.html")
    page.fill("#q", "dau tu cong")
    page.wait_for_selector("#results li")
    assert page.locator("#results").get_by_text("Luật Đầu tư công").count() >= 1
    # only the index, the shards of the three words and the record files of the results were read
    index = len(list((site / "static/search").glob("*.js")))
    assert "static/search/index.js" in loaded and len(set(loaded)) < index
    assert all(re.fullmatch(r"static/search/(index|w-(da|tu|co)\w*|r-\d+)\.js", u) for u in loaded), loaded
    _shot(page, "07-search")
    page.goto(base + "search.html?q=Tong%20muc%20dau%20tu")
    page.wait_for_selector("#results li")
    first = page.locator("#results li a").first
    first.click()
    page.wait_for_load_state()
    assert "#" in page.url


def test_print_stylesheet_hides_navigation(page, server):
    base, _ = server
    page.goto(base + DE_AN + "index.html")
    page.emulate_media(media="print")
    assert not page.locator("nav.versions").is_visible()
    assert page.locator("#para_6").is_visible()


def test_script_in_legal_text_does_not_run(browser, tmp_path):
    from amend.corpus import add_text

    from .conftest import ORACLE, need
    src = need(ORACLE / "tt-10-2023-tt-nhnn.txt").read_text(encoding="utf-8").replace(
        "Thông tư này có hiệu lực thi hành từ ngày 01 tháng 9 năm 2023.",
        "Thông tư này có hiệu lực <script>window.pwned=1</script> từ ngày 01 tháng 9 năm 2023.")
    f = tmp_path / "x.txt"
    f.write_text(src, encoding="utf-8")
    add_text(tmp_path / "c", f)
    build_site(tmp_path / "c", tmp_path / "s", as_of=AS_OF, progress=False)
    pages = list((tmp_path / "s").rglob("vie@/index.html"))
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.goto(Path(pages[0]).as_uri())
    assert pg.evaluate("window.pwned === undefined")
    assert "<script>window.pwned=1</script>" in pg.locator("#art_2").inner_text()
    ctx.close()


def test_unapplied_instructions_banner_is_visible_first(page, server):
    """A version with instructions not applied says so above its text, as an alert a screen reader announces."""
    base, _ = server
    page.goto(base + DE_AN + "vie@2024-05-08/index.html")
    banner = page.locator("section.unapplied")
    assert banner.is_visible() and banner.get_attribute("role") == "alert"
    assert banner.locator("h2").inner_text().startswith("Chưa áp dụng 5 chỉ dẫn sửa đổi")
    body_top = page.locator("nav.versions").bounding_box()["y"]
    assert banner.bounding_box()["y"] < body_top
    _shot(page, "09-unapplied-banner")


def test_the_printed_page_is_the_document_in_the_official_layout(page, server):
    """Printed from Chromium, a version page is the văn bản hợp nhất on A4 paper: the site's navigation and
    tools left out, headings as the official text sets them, the notice of what was not applied, the footnotes
    and the authentication block kept. The PDF's pages are kept as images under test-output/print-pages."""
    import subprocess
    base, _ = server
    page.goto(base + "akn/vn-haiduong/act/nghi-quyet/2019-12-12/20-2019-nq-hdnd/vie@2020-11-12/index.html")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['header.site', 'nav.versions', 'section.amended-by', '.formats', 'nav.toc']
        .filter(s => document.querySelector(s)).map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden and set(hidden) == {"none"}
    style = page.evaluate("""() => { const b = getComputedStyle(document.body);
        const h = document.querySelector('.akn .unit.article .num'); const hs = getComputedStyle(h);
        return [b.fontFamily, b.fontSize, hs.fontWeight, getComputedStyle(document.querySelector('.footnotes')).display]; }""")
    assert style[0].startswith('"Times New Roman"') and style[1] in ("18.6667px", "18.66px")   # 14 pt
    assert int(style[2]) >= 700 and style[3] != "none"
    out = ROOT / "test-output" / "print-pages"
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / "20-2019-vbhn.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert abs(float(size.group(1)) - 595.3) < 2 and abs(float(size.group(2)) - 841.9) < 2      # A4
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    for must in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "được sửa đổi, bổ sung bởi", "XÁC THỰC VĂN BẢN HỢP NHẤT",
                 "PHỤ LỤC 01", "Chú thích", "ngày hiệu lực suy ra"):
        assert must in text, must
    for never in ("Danh mục văn bản", "Các phiên bản", "Tải về", "Mục lục", "[xem quy định sửa đổi]"):
        assert never not in text, never
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(out / "20-2019-vbhn")], check=True)
    assert list(out.glob("20-2019-vbhn*.png"))


PAGE_TYPES = {
    "index": "index.html",
    "search": "search.html",
    "graph": "graph.html",
    "version": "akn/vn-haiduong/act/nghi-quyet/2019-12-12/20-2019-nq-hdnd/vie@2020-11-12/index.html",
    "enacted": "akn/vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd/vie@/index.html",
    "tables": DE_AN + "vie@2024-05-08/index.html",
    "history": DE_AN + "history.html",
    "relations": "akn/vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd/relations.html",
    "diff": DE_AN + "diff/goc_2024-05-08.html",
}
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_type_fits_the_screen_and_passes_axe(browser, server, width):
    """No page scrolls sideways (a wide table or the graph scrolls inside its own keyboard-reachable region),
    the table of contents is one column on a phone, and axe-core (run offline in the page) reports no WCAG 2.1 AA
    violation. Screenshots of every page type at both widths go to test-output/screenshots/."""
    assert AXE.exists(), "axe-core is installed by scripts/test.sh (npm install --prefix .cache/axe axe-core)"
    base, _ = server
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN", bypass_csp=True)
    pg = ctx.new_page()
    problems = []
    for name, path in PAGE_TYPES.items():
        pg.goto(base + path)
        wide = pg.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append(f"{name}: the page is {wide}px wide at {width}px")
        if pg.locator("nav.toc ol").count():
            cols = pg.evaluate("getComputedStyle(document.querySelector('nav.toc ol')).columnCount")
            if width < 600 and cols not in ("1", "auto"):
                problems.append(f"{name}: table of contents in {cols} columns on a phone")
        pg.evaluate(AXE.read_text(encoding="utf-8"))
        violations = pg.evaluate("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', "
                                 "'wcag21aa']}}).then(r => r.violations.map(v => v.id + ': ' + v.nodes.length))")
        problems += [f"{name}: axe {v}" for v in violations]
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=False)
    ctx.close()
    assert not problems, "\n".join(problems)


def test_the_graph_shows_amendments_above_citations_and_zooms(page, server):
    base, _ = server
    page.goto(base + "akn/vn-haiduong/act/nghi-quyet/2020-11-02/08-2020-nq-hdnd/relations.html")
    paths = page.evaluate("""() => [...document.querySelectorAll('figure.graph svg path[marker-end]')]
        .map(p => [p.getAttribute('marker-end'), parseFloat(p.getAttribute('stroke-width')), p.getAttribute('d')])""")
    kinds = [m.split("arrow-")[1].rstrip(")") for m, _w, _d in paths]
    amends = [i for i, k in enumerate(kinds) if k == "amends"]
    cites = [i for i, k in enumerate(kinds) if k == "based_on"]
    assert len(amends) == 1 and amends[0] > max(cites)          # one line for the relation, drawn on top
    assert paths[amends[0]][1] > 2 * max(paths[i][1] for i in cites)      # told apart without colour
    assert all(paths[amends[0]][2] != paths[i][2] for i in cites)        # never the same curve as a citation
    svg = page.locator("figure.graph svg")
    before = svg.bounding_box()["width"]
    page.get_by_role("button", name="Phóng to").click()
    assert svg.bounding_box()["width"] > before * 1.2
    page.get_by_role("button", name="Vừa khung").click()
    assert svg.bounding_box()["width"] <= page.locator("figure.graph").bounding_box()["width"]


def test_search_works_from_the_file_system(browser, server):
    """The split index is read by script elements, so the site searches when opened from disk too."""
    _, site = server
    ctx = browser.new_context()
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto((site / "search.html").as_uri() + "?q=dau%20tu%20cong")
    pg.wait_for_selector("#results li")
    assert pg.locator("#results").get_by_text("Luật Đầu tư công").count() >= 1
    assert "kết quả" in pg.locator("#count").inner_text() and errors == []
    ctx.close()
