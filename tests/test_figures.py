"""Figures and tables are published with their downloads, in one style, offline."""

import base64
import html
import json
import math
import re
import shutil
import tomllib
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

from analysis import charts, figures, sphinx_ext, sphinx_figures

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


def test_publish_writes_downloads_and_glues_html(page_dir):
    root, published = page_dir
    data, chart = sample_chart()
    figure = figures.publish("test-figure", chart.properties(title="A test"), data,
                             source="Test publisher, 2026.", description="A test line.",
                             units={"value": "USD million"})
    out = root / "out"
    assert (out / "test-figure.png").read_bytes()[:4] == b"\x89PNG"
    svg = (out / "test-figure.svg").read_text()
    assert "Source: Test publisher, 2026." in svg
    assert published["test-figure"] is figure
    html = figure._repr_html_()
    assert 'href="../../figures/test-figure.png"' in html  # two levels below the root
    spec = json.loads(html.split('type="application/json" id="aif-spec-test-figure">')[1]
                      .split("</script>")[0])
    assert spec["description"] == "A test line."
    # The page's chart takes its column's width; its title is page text that can wrap.
    assert spec["width"] == "container" and spec["autosize"]["type"] == "fit-x"
    assert "title" not in spec and '<p class="aif-title">A test</p>' in html
    # Without JavaScript the reader sees the static image, described.
    assert ('<noscript><img class="aif-static" src="../../figures/test-figure.png" '
            'alt="A test line."></noscript>') in html
    # The saved download spec keeps the fixed width and the source line, for stamping.
    saved = json.loads((out / "test-figure.vl.json").read_text())
    assert saved["title"]["text"] == ["Source: Test publisher, 2026."]


def test_downloads_carry_units_iso_dates_and_metadata(page_dir):
    root, _ = page_dir
    data, chart = sample_chart()
    figures.publish("test-figure", chart.properties(title="A test"),
                    data.assign(source_id="src-1"), source="Test publisher",
                    description="A test line.", units={"value": "USD million"})
    table = pd.read_csv(root / "out" / "test-figure.csv", dtype=str)
    assert list(table.columns) == ["date", "value (USD million)", "source id"]
    assert table["date"].tolist() == ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"]
    metadata = json.loads((root / "out" / "test-figure.json").read_text())
    assert metadata["title"] == "A test" and metadata["source"] == "Test publisher"
    assert metadata["licence"] == figures.FIGURE_LICENCE
    assert {"name": "value (USD million)", "unit": "USD million"} in metadata["columns"]


def test_numeric_columns_without_a_unit_are_refused(page_dir):
    data, chart = sample_chart()
    with pytest.raises(ValueError, match=r"need a unit.*\['value'\]"):
        figures.publish("test-figure", chart, data, source="x", description="x", units={})
    with pytest.raises(ValueError, match="do not have: \\['revenue'\\]"):
        figures.publish("test-figure", chart, data, source="x", description="x",
                        units={"value": "", "revenue": "USD"})


def test_figure_offers_a_static_png_for_non_html_builders(page_dir):
    root, _ = page_dir
    data, chart = sample_chart()
    figure = figures.publish("test-figure", chart, data, source="x", description="x",
                             units={"value": ""})
    bundle = figure._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    assert png == (root / "out" / "test-figure.png").read_bytes()
    assert "text/html" in bundle


def test_figure_names_must_be_stable_slugs(page_dir):
    data, chart = sample_chart()
    with pytest.raises(ValueError, match="lower-case words joined by hyphens"):
        figures.publish("Figure 1", chart, data, source="x", description="x",
                        units={"value": ""})


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


def test_results_of_earlier_inputs_are_parked_and_brought_back(tmp_path):
    build_dir = tmp_path / "_build"
    store, folders = build_dir / ".earlier", (build_dir / ".jupyter_cache", build_dir / "_figures")

    def fill(tag):
        for folder in folders:
            folder.mkdir(parents=True)
            (folder / "result").write_text(tag)

    def held():
        return [(f / "result").read_text() if f.exists() else None for f in folders]

    fill("A")
    assert not sphinx_ext._swap_results(store, folders, "A", "B")  # B never built
    assert held() == [None, None]
    fill("B")
    assert sphinx_ext._swap_results(store, folders, "B", "A")  # the edit undone
    assert held() == ["A", "A"]
    assert sorted(p.name for p in store.iterdir()) == ["B"]
    for tag in ("C", "D"):  # only the two most recently parked stay
        sphinx_ext._swap_results(store, folders, held()[0], tag)
        fill(tag)
    assert sorted(p.name for p in store.iterdir()) == ["A", "C"]
    assert not sphinx_ext._swap_results(store, folders, "D", "B")  # B was dropped
    assert sorted(p.name for p in store.iterdir()) == ["C", "D"]
    # A partial set (a build stopped before it wrote figures) is not brought back.
    shutil.rmtree(store / "C" / "_figures")
    assert not sphinx_ext._swap_results(store, folders, "", "C")
    assert held() == [None, None] and not (store / "C").exists()


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


def rendered_texts(chart) -> list[str]:
    svg = vlc.vegalite_to_svg(chart.to_dict(), vl_version=figures.VEGALITE_VERSION)
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_numbers_are_written_for_a_reader():
    cases = {1234.0: "1,230", 475000.0: "475,000", 9e11: "900 billion", 2.5e13: "25 trillion",
             1e16: "10¹⁶", 3e26: "3 × 10²⁶", 2.5e-6: "2.5 × 10⁻⁶", 0.0: "0", -4e6: "−4 million"}
    data = pd.DataFrame({"i": range(len(cases)), "v": list(cases)})
    chart = alt.Chart(data).transform_calculate(
        text=charts.readable_number("datum.v")).mark_text().encode(
        y=alt.Y("i:O", axis=None), text="text:N")
    assert rendered_texts(chart) == list(cases.values())


def test_log_axes_have_decade_ticks_with_words_and_gaps_stay_gaps():
    data = pd.DataFrame({"date": pd.date_range("2020-01-01", periods=5, freq="YS"),
                         "value": [2e3, 4e6, float("nan"), 3e9, 4e17]})
    chart = charts.time_series(data, "date", "value", "Things (count, log scale)", log=True)
    labels = rendered_texts(chart)
    # 2,000 to 4 × 10¹⁷ spans 15 decades: every second one is labelled.
    assert labels[labels.index("1,000"):][:8] == [
        "1,000", "100,000", "10 million", "1 billion", "100 billion", "10 trillion", "10¹⁵",
        "10¹⁷"]
    assert not [t for t in labels if re.search(r"e[+-]\d|\^|NaN|Infinity", t)]
    spec = chart.to_dict()
    assert all(math.log10(v).is_integer() for v in spec["encoding"]["y"]["axis"]["values"])
    svg = vlc.vegalite_to_svg(chart.to_dict(), vl_version=figures.VEGALITE_VERSION)
    line = re.search(r'aria-roledescription="line mark"[^>]*d="([^"]*)"', svg).group(1)
    assert line.count("M") == 2, "the missing year breaks the line"


def tooltip_titles(spec) -> list[str]:
    """Every tooltip title in a spec, at any depth."""
    found = []
    if isinstance(spec, dict):
        tips = spec.get("tooltip")
        for tip in tips if isinstance(tips, list) else [tips] if isinstance(tips, dict) else []:
            found.append(tip.get("title", tip.get("field", "")))
        for value in spec.values():
            found += tooltip_titles(value)
    elif isinstance(spec, list):
        for value in spec:
            found += tooltip_titles(value)
    return found


def test_tooltips_show_readable_titles_and_formatted_numbers():
    observed = pd.DataFrame({"date": pd.date_range("2020-01-01", periods=4, freq="YS"),
                             "value": [1.0, 10.0, 100.0, 1000.0], "group": "a",
                             "akaike_weight": ["x"] * 4})
    curves = observed[["date", "value", "group"]]
    band = observed[["date"]].assign(low=1.0, high=2e3, label="95% band")
    sens = pd.DataFrame({"input": ["capex per gw"] * 2, "end": ["low", "high"],
                         "value": [0.5, 4.0]})
    made = [charts.grouped_fits(observed, curves, "Price (USD)"),
            charts.fit_overlay(observed, curves.rename(columns={"group": "model"}),
                               "Price (USD)", band=band),
            charts.tornado(sens, "input", "value", "end", 1.0, "Payback (times)"),
            charts.what_if_decline(100.0, "2025", 3.0, 10.0, "Price (USD)"),
            charts.time_series(observed, "date", "value", "Price (USD)", color="group")]
    for chart in made:
        spec = chart.to_dict()
        titles = tooltip_titles(spec)
        assert titles and all(t and "_" not in t for t in titles), titles
        raw_numbers = re.findall(r'"type": "quantitative", "format"', json.dumps(spec))
        assert not raw_numbers, "numbers in tooltips are written by readable_number"


def test_figure_stamp_names_number_url_licence_and_date(tmp_path, monkeypatch):
    monkeypatch.setenv(figures.FIGURE_DIR_ENV, str(tmp_path))
    data, chart = sample_chart()
    monkeypatch.setattr("myst_nb.glue", lambda *a, **k: None)
    monkeypatch.chdir(REPO / "book")
    figures.publish("test-figure", chart.properties(title="A test"), data, source="Publisher",
                    description="x", units={"value": "USD"})
    numbers = sphinx_figures.figure_numbers(
        {"book/chapter": {"figure": {"fig-test-figure": (2, 3), "other": (1,)}}})
    assert numbers == {"test-figure": ("2.3", "book/chapter")}
    facts = sphinx_figures.citation_facts(
        "test-figure", "2.3", "book/chapter", title="The report", version="1.2.0",
        baseurl="https://example.org/report/", date="2026-11-23")
    assert facts["url"] == "https://example.org/report/book/chapter.html#fig-test-figure"
    assert sphinx_figures.stamp_figure(tmp_path, "test-figure", facts, "Authors")
    svg = html.unescape((tmp_path / "test-figure.svg").read_text())
    for part in ("Source: Publisher", "Figure 2.3", "The report (version 1.2.0)",
                 "https://example.org/report/book/chapter.html#fig-test-figure", "CC BY 4.0",
                 "2026-11-23"):
        assert part in svg, part
    metadata = json.loads((tmp_path / "test-figure.json").read_text())
    assert metadata["figure_number"] == "2.3" and metadata["build_date"] == "2026-11-23"
    assert metadata["citation"].startswith("Authors. A test. Figure 2.3 in: The report")
    assert not sphinx_figures.stamp_figure(tmp_path, "test-figure", facts, "Authors"), \
        "an unchanged stamp is not rendered again"


def test_report_version_is_read_from_pyproject():
    assert sphinx_figures.report_version() == tomllib.loads(
        (REPO / "pyproject.toml").read_text())["project"]["version"]


def test_long_legend_labels_break_rather_than_being_cut():
    data = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=2, freq="YS"),
                         "value": [1.0, 2.0],
                         "series": ["China national daily token calls (National Data Administration)",
                                    "Google"]})
    chart = charts.time_series(data, "date", "value", "Tokens (count)", color="series")
    svg = vlc.vegalite_to_svg(chart.to_dict(), vl_version=figures.VEGALITE_VERSION)
    assert ("<tspan>China national daily token calls</tspan>"
            '<tspan x="0" dy="13">(National Data Administration)</tspan>') in svg
    assert "…" not in svg
