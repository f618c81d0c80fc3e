"""The PDF edition holds the whole book: every chapter, every figure, static charts, and a
note where an interactive chart is reduced. Built offline with Debian's Chromium."""

from __future__ import annotations

import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis import sphinx_pdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import pdf  # noqa: E402  (scripts/pdf.py)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_interactive_charts_are_recognised_by_their_bound_parameter():
    spec = '<script type="application/json" id="aif-spec-x">{"params": [{"name": "f", '
    assert sphinx_pdf.is_interactive_chart(spec + '"bind": {"input": "range"}}]}</script>')
    assert not sphinx_pdf.is_interactive_chart(spec + '"value": 2}]}</script>')


@pytest.fixture(scope="module")
def pdf_text(built_copy) -> str:
    page = pdf.build_single_page(built_copy)
    out = pdf.print_to_pdf(page, built_copy / "_build" / "pdf" / pdf.PDF_NAME, CHROMIUM)
    text = "\n".join(p.extract_text() or "" for p in PdfReader(out).pages)
    # NFKC undoes the typographic ligatures of the PDF's text ("ﬁ" -> "fi"); a hyphen at a
    # line end ("right-" / "tailed") is joined back to its word.
    return unicodedata.normalize("NFKC", re.sub(r"\s+", " ", re.sub(r"-\n\s*", "-", text)))


def html_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&amp;", "&").strip()


def chapter_titles(site: Path) -> list[str]:
    """Title of every page in the web edition: the article's <h1>, without its # link."""
    titles = []
    for page in sorted(site.rglob("*.html")):
        for heading in re.findall(r"<h1>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S):
            if 'class="headerlink"' in heading:
                titles.append(html_text(re.sub(r'<a class="headerlink".*?</a>', "", heading)))
    return titles


@pytest.mark.build
def test_pdf_contains_every_chapter_title(built_copy, pdf_text):
    titles = chapter_titles(built_copy / "_build" / "html")
    assert len(titles) > 20
    missing = [t for t in titles if t not in pdf_text]
    assert not missing, missing


@pytest.mark.build
def test_pdf_contains_every_figure_number_with_a_static_chart(built_copy, pdf_text):
    numbers = set()
    for page in (built_copy / "_build" / "html").rglob("*.html"):
        numbers |= set(re.findall(r'<span class="caption-number">(Fig\. [\d.]+) </span>',
                                  page.read_text(encoding="utf-8")))
    assert len(numbers) >= 10
    missing = sorted(n for n in numbers if n not in pdf_text)
    assert not missing, missing
    single = (built_copy / "_build" / "singlehtml" / "index.html").read_text(encoding="utf-8")
    assert 'class="aif-chart"' not in single, "charts are PNG images, not live Vega"


@pytest.mark.build
def test_pdf_notes_the_reduced_interactive_chart(pdf_text):
    assert sphinx_pdf.REDUCED_NOTE in pdf_text
