"""Published tables and figure files pinned byte for byte where readers download them
(issue 14)."""

import pandas as pd
import pytest

from analysis import figures


@pytest.fixture
def page(tmp_path, monkeypatch):
    """A page one level below the book root; downloads go to a folder not made yet."""
    (tmp_path / "_config.yml").write_text("title: t\n")
    (tmp_path / "book").mkdir()
    monkeypatch.chdir(tmp_path / "book")
    out = tmp_path / "site" / "deep" / "figures"
    monkeypatch.setenv(figures.FIGURE_DIR_ENV, str(out))
    return out


def test_publish_table_writes_plain_csv_and_indented_json_with_iso_dates(page):
    table = pd.DataFrame({"when": pd.to_datetime(["2025-01-31"]), "value": [1.5]})
    links = figures.publish_table("a-table", table)
    assert (page / "a-table.csv").read_text() == "when,value\n2025-01-31,1.5\n"
    assert (page / "a-table.json").read_text() == (
        '[\n {\n  "when":"2025-01-31T00:00:00.000",\n  "value":1.5\n }\n]')
    assert links._repr_html_() == (
        '<p class="aif-downloads">Download: '
        '<a href="../figures/a-table.csv" download>CSV</a> · '
        '<a href="../figures/a-table.json" download>JSON</a></p>')
    figures.publish_table("a-table", table.assign(value=2.5))  # publishing again overwrites
    assert (page / "a-table.csv").read_text() == "when,value\n2025-01-31,2.5\n"


def test_a_table_name_that_is_not_a_slug_is_refused_by_name(page):
    with pytest.raises(ValueError, match="^table name 'A table' must be lower-case words "
                                         "joined by hyphens$"):
        figures.publish_table("A table", pd.DataFrame({"a": [1]}))
    assert not page.exists()


@pytest.mark.parametrize("column, unit, header", [
    ("revenue_bn", "USD billion", "revenue bn (USD billion)"), ("share", "", "share")])
def test_column_headers_carry_their_unit(column, unit, header):
    assert figures.column_header(column, unit) == header


def test_outside_the_book_the_figures_folder_cannot_be_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="^no _config.yml above the working directory: "
                                                "not inside the book$"):
        figures.book_root()


def test_a_figure_prints_its_source_under_the_chart():
    html = figures.Figure("f", {"description": "d"}, "", source="A & B")._repr_html_()
    assert '<p class="aif-source">Source: A &amp; B</p>' in html
    assert "None" not in figures.Figure("f", {"description": "d"}, "")._repr_html_()
