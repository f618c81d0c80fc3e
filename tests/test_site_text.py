"""Nothing raw reaches a reader: every built page and every download reads as words and numbers.

A reader must never see ``e+`` exponents, ``nan``, ``inf``, caret powers or code identifiers
(snake_case names) outside code blocks — on a page, in a chart label or a download header.
The code of each verdict's rule is shown on purpose, inside code blocks, which are skipped.
"""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser

import pytest

from conftest import site

pytestmark = pytest.mark.build

RAW_FORMS = {
    "exponent": re.compile(r"\d(?:\.\d+)?[eE][+-]?\d+\b"),
    "not a number": re.compile(r"\b(?:nan|NaN|NaT|None|inf|-inf|Infinity)\b"),
    "caret power": re.compile(r"\d\s*\^\s*-?\d"),
    # A snake_case word on its own; file paths and repository names (next to / or .) are
    # locators, not code.
    "code name": re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*_[a-z0-9_]+(?![\w/.-])"),
}
# Visible text inside these is code or machinery, not prose.
SKIPPED = {"script", "style", "pre", "code", "kbd", "samp", "head", "title", "nav"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in SKIPPED and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.chunks.append(data)


def raw_forms(text: str) -> list[str]:
    return [f"{kind}: {m.group(0)!r}" for kind, rx in RAW_FORMS.items()
            for m in rx.finditer(text)]


def test_scanner_catches_each_raw_form():
    for sample in ("4.75e+05", "1e9", "value nan", "∞ or inf", "10^16", "capex_per_gw"):
        assert raw_forms(sample), sample
    assert not raw_forms("3.0×10²⁶ tokens, $1.2 trillion, 4.5×, not identified")
    assert not raw_forms("page at book/appendix/tables/ai_adoption.html (GitHub org/repo_name)")


def test_no_page_shows_a_raw_form(built_copy):
    offenders = {}
    for page in site(built_copy).rglob("*.html"):
        if page.parent.name in ("_static", "_sources") or "genindex" in page.name:
            continue
        parser = VisibleText()
        parser.feed(page.read_text(encoding="utf-8"))
        found = raw_forms(" ".join(parser.chunks))
        if found:
            offenders[str(page.relative_to(site(built_copy)))] = found[:5]
    assert not offenders, offenders


def test_no_download_header_is_a_code_name(built_copy):
    offenders = {}
    for path in (site(built_copy) / "figures").glob("*.csv"):
        with path.open(encoding="utf-8") as f:
            headers = next(csv.reader(f))
        bad = [h for h in headers if RAW_FORMS["code name"].search(h)]
        if bad:
            offenders[path.name] = bad
    assert not offenders, offenders


def test_chart_labels_read_as_words(built_copy):
    offenders = {}
    for page in site(built_copy).rglob("*.html"):
        for spec in re.findall(r'<script type="application/json" id="aif-spec-[^"]+">(.*?)</script>',
                               page.read_text(encoding="utf-8"), flags=re.S):
            labels = []
            walk_titles(json.loads(spec.replace("<\\/", "</")), labels)
            bad = [t for t in labels if raw_forms(t)]
            if bad:
                offenders[page.name] = bad
    assert not offenders, offenders


def walk_titles(node, out: list[str]) -> None:
    """Collect the texts a chart shows: titles, subtitles, axis and legend titles."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "subtitle", "text") and isinstance(value, str):
                out.append(value)
            elif key in ("title", "subtitle", "text") and isinstance(value, list):
                out.extend(v for v in value if isinstance(v, str))
            else:
                walk_titles(value, out)
    elif isinstance(node, list):
        for item in node:
            walk_titles(item, out)
