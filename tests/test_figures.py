"""Figures and tables are published with their downloads, in one style, offline."""

import base64
import json
import shutil
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from analysis import figures, sphinx_ext

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def page_dir(tmp_path, monkeypatch):
    """A notebook's working directory two levels below a book root, downloads in tmp."""
    (tmp_path / "_config.yml").write_text("title: test\n")
    page = tmp_path / "book" / "chapter"
    page.mkdir(parents=True)
    monkeypatch.chdir(page)
    monkeypatch.setenv(figures.FIGURE_DIR_ENV, str(tmp_path / "out"))
    published = {}
    monkeypatch.setattr("myst_nb.glue", lambda name, obj, display=True: published.update({name: obj}))
    return tmp_path, published


def sample_chart():
    data = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=4, freq="QS"),
                         "value": [1.0, 2.0, 4.0, 8.0]})
    return data, alt.Chart(data).mark_line().encode(x="date:T", y="value:Q")


def test_publish_writes_png_svg_csv_and_glues_html(page_dir):
    root, published = page_dir
    data, chart = sample_chart()
    figure = figures.publish("test-figure", chart, data, source="Test publisher, 2026.",
                             description="A test line.")
    out = root / "out"
    assert (out / "test-figure.png").read_bytes()[:4] == b"\x89PNG"
    svg = (out / "test-figure.svg").read_text()
    assert "Source: Test publisher, 2026." in svg
    assert pd.read_csv(out / "test-figure.csv").shape == (4, 2)
    assert published["test-figure"] is figure
    html = figure._repr_html_()
    assert 'href="../../figures/test-figure.png"' in html  # two levels below the root
    spec = json.loads(html.split('type="application/json" id="aif-spec-test-figure">')[1]
                      .split("</script>")[0])
    assert spec["description"] == "A test line."


def test_figure_offers_a_static_png_for_non_html_builders(page_dir):
    root, _ = page_dir
    data, chart = sample_chart()
    figure = figures.publish("test-figure", chart, data, source="x", description="x")
    bundle = figure._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    assert png == (root / "out" / "test-figure.png").read_bytes()
    assert "text/html" in bundle


def test_figure_names_must_be_stable_slugs(page_dir):
    data, chart = sample_chart()
    with pytest.raises(ValueError, match="lower-case words joined by hyphens"):
        figures.publish("Figure 1", chart, data, source="x", description="x")


def test_spec_cannot_break_out_of_its_script_tag():
    html = figures.Figure("x", {"description": "</script><script>alert(1)"}, "")._repr_html_()
    assert "</script><script>alert" not in html


def test_book_theme_is_the_default_and_colour_blind_safe():
    assert alt.theme.active == "aifactory"
    config = figures.book_theme()["config"]
    assert config["range"]["category"][:3] == ["#0072B2", "#E69F00", "#009E73"]


def test_publish_table_writes_csv_and_json(page_dir):
    root, _ = page_dir
    links = figures.publish_table("test-table", pd.DataFrame({"a": [1, 2]}))
    assert json.loads((root / "out" / "test-table.json").read_text()) == [{"a": 1}, {"a": 2}]
    assert "test-table.csv" in links._repr_html_()


def test_vega_bundle_is_scoped_and_exposes_vega_embed():
    bundle = figures.vega_bundle()
    assert bundle.startswith("(function () {") and bundle.rstrip().endswith("})();")
    assert "window.vegaEmbed=" in bundle
    assert "https://cdn" not in bundle[:200]


def test_inputs_fingerprint_moves_with_data_and_code(tmp_path):
    data, code = tmp_path / "data", tmp_path / "code"
    shutil.copytree(REPO / "data", data)
    shutil.copytree(REPO / "analysis", code, ignore=shutil.ignore_patterns("__pycache__"))
    first = sphinx_ext.inputs_fingerprint(data, code)
    assert sphinx_ext.inputs_fingerprint(data, code) == first
    table = data / "nvidia_revenue_by_market.csv"
    original = table.read_bytes()
    table.write_bytes(original.replace(b"1752", b"1753", 1))
    assert sphinx_ext.inputs_fingerprint(data, code) != first
    table.write_bytes(original)
    assert sphinx_ext.inputs_fingerprint(data, code) == first
    (code / "models.py").write_text((code / "models.py").read_text() + "\n# changed\n")
    assert sphinx_ext.inputs_fingerprint(data, code) != first
