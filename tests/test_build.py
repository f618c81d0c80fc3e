"""The whole book builds strictly, renders offline in a real browser and tracks its data.

These tests build a copy of the repository (so they never touch the working
tree's ``_build``) with the same command and flags as scripts/build.sh.
"""

from __future__ import annotations

import functools
import html as html_module
import http.server
import json
import os
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import build, site

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NVIDIA_PAGE = "book/paradigm-shift/nvidia-revenue.html"
PRICES_PAGE = "book/paradigm-shift/prices.html"
DATA_FILE = "data/nvidia_revenue_by_market.csv"
WIDTHS = (390, 1400)  # a phone and a wide desktop
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa"]
# What a reader must never see in a chart: cut labels aside, exponent notation, carets,
# not-a-number, infinities and code names (snake_case).
RAW_FORMAT = re.compile(r"\de[+-]?\d|\^|\bnan\b|\binf(inity)?\b|\b[a-z]+_[a-z_]+\b", re.IGNORECASE)

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def book(built_copy, tmp_path_factory) -> Path:
    """A copy of the shared build, its execution cache included, that these tests may edit
    (they change data, break pages and rebuild)."""
    copy = tmp_path_factory.mktemp("book") / "repo"
    shutil.copytree(built_copy, copy)
    result = build(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return copy


def glued_text(page: Path) -> list[str]:
    return re.findall(r'<span class="pasted-text">(.*?)</span>', page.read_text(encoding="utf-8"))


class ResourceParser(HTMLParser):
    """Collects every URL a page would fetch by itself (not plain links to follow)."""

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []
        self.in_code_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        # Inline code could fetch by itself; JSON data blocks (chart specs) cannot.
        self.in_code_script = tag == "script" and a.get("type", "text/javascript") in (
            "text/javascript", "module")
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.fetched.append(a["src"])
        if tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & {
                "stylesheet", "preload", "icon", "modulepreload", "prefetch"}:
            self.fetched.append(a["href"])

    def handle_endtag(self, tag):
        self.in_code_script = False

    def handle_data(self, data):
        if self.in_code_script:
            self.fetched += re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s'\"]*", data)


def test_every_page_fetches_only_local_files(book):
    offenders = []
    for page in site(book).rglob("*.html"):
        parser = ResourceParser()
        parser.feed(page.read_text(encoding="utf-8"))
        offenders += [f"{page.name}: {url}" for url in parser.fetched
                      if urlparse(url).scheme or url.startswith("//")]
    for css in site(book).rglob("*.css"):
        offenders += [f"{css.name}: {m}" for m in
                      re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text())]
    assert not offenders, offenders


def test_figures_have_anchors_captions_and_downloads(book):
    html = (site(book) / NVIDIA_PAGE).read_text(encoding="utf-8")
    names = re.findall(r'id="aif-spec-([a-z0-9-]+)"', html)
    assert names, "the NVIDIA page publishes figures"
    for name in names:
        assert f'id="fig-{name}"' in html, f"stable anchor for {name}"
        png = site(book) / "figures" / f"{name}.png"
        svg = site(book) / "figures" / f"{name}.svg"
        csv = site(book) / "figures" / f"{name}.csv"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(csv.read_text().splitlines()) > 10
        assert "_" not in csv.read_text().splitlines()[0], "headers in words, with units"
        # Downloads are stamped with the number Sphinx gave the figure on its page.
        number = re.search(rf'id="fig-{name}".*?<span class="caption-number">Fig\. ([\d.]+) ',
                           html, re.S).group(1)
        metadata = json.loads((site(book) / "figures" / f"{name}.json").read_text())
        assert metadata["figure_number"] == number
        assert metadata["url"].endswith(f"{NVIDIA_PAGE}#fig-{name}")
        stamp = (f"Figure {number}, The AI factory, tested (version {metadata['version']}) · "
                 f"{metadata['url']} · CC BY 4.0 · {metadata['build_date']}")
        text = html_module.unescape(svg.read_text(encoding="utf-8"))
        assert "Source: NVIDIA" in text and stamp in text
    assert re.search(r'<span class="caption-number">Fig\. [\d.]+ </span>', html)


def test_prose_numbers_are_all_glued(book):
    texts = glued_text(site(book) / NVIDIA_PAGE)
    assert len(texts) >= 30
    assert all(t.strip() and "nan" not in t.lower() for t in texts), texts


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(book):
    handler = functools.partial(QuietHandler, directory=str(site(book)))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _chart_problems(page) -> list[str]:
    """Cut labels and raw formats in the drawn charts' text (labels, legends, titles)."""
    texts = page.eval_on_selector_all("div.aif-chart svg text", "ts => ts.map(t => t.textContent)")
    return [t for t in texts if t.endswith("…") or RAW_FORMAT.search(t)]


def _audit(page, axe_source: str) -> list[str]:
    """WCAG 2 A/AA violations that axe-core finds in the open page."""
    page.add_script_tag(content=axe_source)
    # Only violations are reported in full: collecting every passing node costs seconds a page.
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: %s}, "
                           "resultTypes: ['violations']})" % json.dumps(AXE_TAGS))
    return [f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in result["violations"]]


def test_every_page_fits_both_widths_draws_its_charts_and_passes_an_accessibility_audit(
        book, server):
    from playwright.sync_api import sync_playwright

    assert AXE.exists(), f"{AXE} missing: run scripts/test.sh, which installs axe-core"
    axe_source = AXE.read_text(encoding="utf-8")
    pages = sorted(str(p.relative_to(site(book))) for p in site(book).rglob("*.html")
                   if p.parent.name != "_static")  # the theme's template fragments are no pages
    assert NVIDIA_PAGE in pages and "index.html" in pages
    shots = os.environ.get("AIF_SCREENSHOTS")  # a folder: keep screenshots to look at
    requests, errors, problems = [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            for path in pages:
                page.goto(f"{server}/{path}", wait_until="load")
                expected = page.locator("div.aif-chart").count()
                page.wait_for_function(
                    "n => document.querySelectorAll('div.aif-chart.aif-drawn').length >= n",
                    arg=expected, timeout=30000)
                where = f"{path} at {width} px"
                if page.locator(".aif-error").count():
                    problems.append(f"{where}: a chart failed to draw")
                if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                    problems.append(f"{where}: the page scrolls sideways")
                problems += [f"{where}: chart text {t!r}" for t in _chart_problems(page)]
                problems += [f"{where}: {v}" for v in _audit(page, axe_source)]
                if shots and "paradigm-shift" in path:
                    page.screenshot(path=str(Path(shots) / f"{path.replace('/', '_')}-{width}.png"),
                                    full_page=True)
            page.close()
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server}/{NVIDIA_PAGE}#fig-nvidia-dc-fit")
        assert page.locator("#fig-nvidia-dc-fit").is_visible()
        # In the theme's dark mode a chart keeps a light card, so its dark inks stay legible.
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
        card = page.locator("#fig-nvidia-dc-fit div.aif-chart")
        assert card.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
        # The what-if chart answers its slider: moving it redraws the chosen path.
        page.goto(f"{server}/{PRICES_PAGE}")
        page.wait_for_selector("#fig-price-what-if svg.marks")
        path = "#fig-price-what-if g[aria-roledescription='line mark container'] path"
        before = page.locator(path).last.get_attribute("d")
        page.locator("#fig-price-what-if input[type=range]").fill("2")
        page.wait_for_function(
            "([sel, old]) => { const p = document.querySelectorAll(sel); "
            "return p.length && p[p.length - 1].getAttribute('d') !== old; }",
            arg=[path, before], timeout=10000)
        # Tables: padded cells, numbers right-aligned in tabular figures.
        page.goto(f"{server}/{NVIDIA_PAGE}")
        number = page.locator("article table td.aif-number").first
        style = number.evaluate("c => { const s = getComputedStyle(c); return [s.textAlign, "
                                "s.fontVariantNumeric, parseFloat(s.paddingLeft)]; }")
        assert style[0] == "right" and "tabular-nums" in style[1] and style[2] >= 8, style
        # Without JavaScript every chart is its static image, with its description.
        static = browser.new_page(java_script_enabled=False)
        static.on("request", lambda r: requests.append(r.url))
        static.goto(f"{server}/{NVIDIA_PAGE}", wait_until="load")
        images = static.locator("div.aif-chart img.aif-static")
        assert images.count() == static.locator("div.aif-chart").count() > 0
        for i in range(images.count()):
            assert images.nth(i).evaluate("i => i.complete && i.naturalWidth > 0")
            assert images.nth(i).get_attribute("alt")
        browser.close()
    outside = [u for u in requests if not u.startswith((server, "data:", "blob:"))]
    assert not outside, outside
    assert not errors, errors
    assert not problems, "\n".join(problems)


def test_data_change_changes_figures_and_numbers_and_builds_repeat(book):
    page = site(book) / NVIDIA_PAGE
    before = glued_text(page)
    csv_before = (site(book) / "figures" / "nvidia-revenue-by-market.csv").read_text()
    data = book / DATA_FILE
    original = data.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    # Raise the latest quarter's Data Center revenue and its total alike (sums still reconcile).
    last_dc = max(i for i, l in enumerate(lines) if ",Data Center," in l)
    last_total = max(i for i, l in enumerate(lines) if ",Total," in l)
    for i in (last_dc, last_total):
        fields = lines[i].split(",")
        fields[4] = str(int(fields[4]) + 5000)
        lines[i] = ",".join(fields)
        if i == last_dc:
            expected = f"${int(fields[4]) / 1000:,.1f} billion"
            quarter = ",".join(fields[:3]) + ","
    data.write_text("".join(lines), encoding="utf-8")
    # Compute moves with Data Center, or the split no longer reconciles with it.
    split = book / "data" / "nvidia_datacenter_split.csv"
    split_original = split.read_text(encoding="utf-8")
    split_lines = split_original.splitlines(keepends=True)
    i = next(i for i, l in enumerate(split_lines) if l.startswith(quarter) and ",Compute," in l)
    fields = split_lines[i].split(",")
    split_lines[i] = ",".join([*fields[:4], str(int(fields[4]) + 5000), *fields[5:]])
    split.write_text("".join(split_lines), encoding="utf-8")
    try:
        changed = build(book)
        assert changed.returncode == 0, changed.stdout[-3000:]
        assert "re-executing every notebook" in changed.stdout
        after = glued_text(page)
        assert after != before
        assert expected in after and expected not in before
        assert (site(book) / "figures" / "nvidia-revenue-by-market.csv").read_text() != csv_before
    finally:
        data.write_text(original, encoding="utf-8")
        split.write_text(split_original, encoding="utf-8")
    restored = build(book)
    assert restored.returncode == 0, restored.stdout[-3000:]
    assert glued_text(page) == before, "two builds of the same data give identical numbers"
    # Undoing the edit brings back the results of the same data: no notebook runs again.
    assert "reusing its notebook results" in restored.stdout
    assert "Executing notebook" not in restored.stdout
    assert (site(book) / "figures" / "nvidia-revenue-by-market.csv").read_text() == csv_before


def test_unchanged_rebuild_uses_the_cache(book):
    again = build(book)
    assert again.returncode == 0
    assert "re-executing" not in again.stdout
    assert "Executing notebook" not in again.stdout


def _assert_build_fails(book, edit_path: str, old: str, new: str, *expected: str) -> str:
    path = book / edit_path
    original = path.read_text(encoding="utf-8")
    assert old in original
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    try:
        result = build(book)
    finally:
        path.write_text(original, encoding="utf-8")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    for fragment in expected:
        assert fragment in output, f"{fragment!r} not in build output:\n{output[-3000:]}"
    return output


def test_invalid_data_stops_the_build_with_file_line_and_column(book):
    output = _assert_build_fails(book, DATA_FILE, "USD million", "USD billion",
                                 "data validation failed",
                                 "nvidia_revenue_by_market.csv, line 2, column 'unit'")
    assert "pandas" not in output.split("data validation failed")[1][:2000]


def test_broken_cross_reference_fails_the_build(book):
    _assert_build_fails(book, "book/appendix/methods.md", "## Backtests",
                        "See {ref}`no-such-section`.\n\n## Backtests", "no-such-section")


def test_missing_glue_key_fails_the_build(book):
    _assert_build_fails(book, "book/paradigm-shift/nvidia-revenue.md", "## Highlights",
                        "## Highlights\n\nValue: {glue:text}`no-such-key`.", "no-such-key")


def test_notebook_exception_fails_the_build(book):
    _assert_build_fails(book, "book/appendix/data-catalogue.md", "catalogue = read_catalogue()",
                        "catalogue = read_catalogue()\nraise RuntimeError('boom in a cell')",
                        "boom in a cell")
