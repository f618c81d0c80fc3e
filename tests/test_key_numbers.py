"""The key-numbers export lists every glued number with its page, interval, unit and tables."""

import json

import pytest

from analysis import report, sphinx_numbers


def glue_output(text):
    return {"output_type": "display_data", "metadata": {},
            "data": text._repr_mimebundle_()}


def test_key_numbers_collects_every_glued_number(tmp_path, monkeypatch):
    from analysis import catalogue
    monkeypatch.setattr(catalogue, "TABLES_READ", {"nvidia_revenue_by_market": "2025-10-26",
                                                   "sources": ""})
    page = tmp_path / "book" / "chapter"
    page.mkdir(parents=True)
    (page / "one.glue.json").write_text(json.dumps({
        "growth": glue_output(report.with_interval(2.3, 1.7, 3.1)),
        "quarter": glue_output(report.Text("Q3 FY2026")),
        "devices": glue_output(report.count(1357, "devices")),
        "count": {"output_type": "display_data", "metadata": {}, "data": {"text/plain": "1,234"}},
        "chart": {"output_type": "display_data", "metadata": {},
                  "data": {"text/html": "<div></div>", "text/plain": "<Figure>"}},
    }))
    table = sphinx_numbers.key_numbers(tmp_path, ["book/chapter/one", "book/missing"],
                                       {"book/chapter/one": "One"})
    assert table["id"].tolist() == ["growth", "quarter", "devices", "count"]  # not the chart
    assert table.set_index("id").loc["count", "value"] == 1234
    assert table.set_index("id").loc["devices", "text"] == "1,357"  # stored quoted, read plain
    growth = table.set_index("id").loc["growth"]
    assert (growth.value, growth.low, growth.high, growth.unit) == (2.3, 1.7, 3.1, "factor")
    assert growth.text == "2.3× (95% interval 1.7×–3.1×)"
    assert growth.page == "book/chapter/one.html" and growth.page_title == "One"
    assert growth.sources == "nvidia_revenue_by_market"  # the registry of sources is not data
    assert growth.as_of == "2025-10-26"


def test_latest_observation_ignores_access_dates():
    from analysis import catalogue
    catalogue.load_table("nvidia_revenue_by_market")
    catalogue.load_table("sources")
    assert catalogue.TABLES_READ["nvidia_revenue_by_market"] >= "2025-10-26"
    assert catalogue.TABLES_READ["sources"] == ""
