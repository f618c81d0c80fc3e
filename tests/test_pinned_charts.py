"""The chart factories' specs pinned where a reader would see a change (issue 14): which
data each layer draws, scales and decade ticks, marks, tooltips, legends and the slider."""

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis import charts
from analysis.figures import INK, PALETTE


def layers(chart) -> list[tuple[dict, list[dict]]]:
    """Each layer's spec with the rows it draws."""
    spec = chart.to_dict()
    datasets = spec.get("datasets", {})
    return [(layer, datasets.get(layer.get("data", {}).get("name"), [])) for layer in spec["layer"]]


def test_what_if_decline_draws_both_paths_and_a_slider_at_the_claim():
    chart = charts.what_if_decline(100.0, "2025", 3.0, 10.04, "Price (USD)", years=2,
                                   title="T", subtitle="S")
    spec = chart.to_dict()
    assert spec["params"] == [{"name": "fall", "value": 10.0, "bind": {
        "input": "range", "min": 1, "max": 40, "step": 0.5,
        "name": "Annual fall (×) you assume: "}}]
    assert spec["title"] == {"text": "T", "subtitle": "S"}
    (reference, fixed), (chosen, grid) = layers(chart)
    assert [row["years"] for row in grid] == [i / 4 for i in range(9)]
    paths = {}
    for row in fixed:
        paths.setdefault(row["path"], []).append(row["value"])
    assert list(paths) == ["fitted (3.0× a year)", "claim (10.0× a year)"]
    assert paths["fitted (3.0× a year)"] == pytest.approx([100 / 3 ** (i / 4) for i in range(9)])
    assert paths["claim (10.0× a year)"] == pytest.approx([100 / 10.04 ** (i / 4)
                                                           for i in range(9)])
    assert reference["mark"] == {"type": "line", "strokeDash": [5, 3]}
    assert reference["encoding"]["color"]["scale"]["range"] == PALETTE[1:]
    assert chosen["mark"] == {"type": "line", "color": PALETTE[0], "strokeWidth": 3}
    assert chosen["transform"][0] == {"calculate": "100.0 / pow(fall, datum.years)",
                                      "as": "value"}
    assert chosen["encoding"]["x"]["title"] == "Years after 2025"
    assert chosen["encoding"]["y"]["scale"] == {"type": "log"}
    assert chosen["encoding"]["y"]["axis"]["values"] == [0.1, 1.0, 10.0, 100.0]
    assert [(t["title"], t.get("format")) for t in chosen["encoding"]["tooltip"]] == [
        ("Years", ".2~f"), ("Price (USD)", None)]


def test_tornado_keeps_the_input_order_on_a_log_scale_around_the_reference():
    data = pd.DataFrame({"input": ["b", "b", "a", "a"], "end": ["low", "high"] * 2,
                         "value": [0.5, 4.0, 0.9, 30.0]})
    chart = charts.tornado(data, "input", "value", "end", 500.0, "Payback (times)",
                           title="T", subtitle="S")
    spec = chart.to_dict()
    assert spec["height"] == 80 and spec["title"] == {"text": "T", "subtitle": "S"}
    (span, _), (ends, _), (centre, centre_rows) = layers(chart)
    assert span["mark"] == {"type": "line", "color": INK, "strokeWidth": 6, "opacity": 0.25}
    assert span["encoding"]["detail"] == {"field": "input", "type": "nominal"}
    assert span["encoding"]["y"]["sort"] == ["b", "a"]
    x = span["encoding"]["x"]
    assert x["scale"] == {"type": "log"} and x["title"] == "Payback (times)"
    assert x["axis"]["values"] == [0.1, 1.0, 10.0, 100.0, 1000.0]  # up to the reference
    assert ends["mark"] == {"type": "point", "size": 90, "filled": True}
    assert ends["encoding"]["color"]["scale"]["range"] == PALETTE
    assert [t["title"] for t in ends["encoding"]["tooltip"]] == ["Input", "End",
                                                                  "Payback (times)"]
    assert centre["mark"] == {"type": "rule", "color": INK, "strokeDash": [4, 3]}
    assert centre_rows == [{"x": 500.0}]


def test_grouped_fits_draw_curves_only_when_given():
    observed = pd.DataFrame({"date": pd.to_datetime(["2020-01-01", "2021-01-01"]),
                             "value": [2.0, 50.0], "group": ["a", "b"],
                             "developer_name": ["x", "y"]})
    curves = pd.DataFrame({"date": pd.to_datetime(["2020-01-01", "2022-01-01"]),
                           "value": [2.0, 2000.0], "group": ["a", "a"]})
    chart = charts.grouped_fits(observed, curves, "Price (USD)", title="T", subtitle="S")
    (points, rows), (lines, line_rows) = layers(chart)
    assert points["mark"] == {"type": "point"} and len(rows) == 2
    assert [t["title"] for t in points["encoding"]["tooltip"]] == [
        "Date", "Group", "Developer name", "Price (USD)"]
    assert points["encoding"]["tooltip"][0] == {"field": "date", "format": "%-d %b %Y",
                                                "title": "Date", "type": "temporal"}
    assert points["encoding"]["tooltip"][-1]["field"] == "value_text"
    assert points["transform"][0]["calculate"].startswith("!isFinite((datum['value']))")
    assert points["encoding"]["color"]["scale"]["range"] == PALETTE
    assert points["encoding"]["y"]["axis"]["values"] == [1.0, 10.0, 100.0, 1000.0, 10000.0]
    assert lines["mark"] == {"type": "line", "strokeDash": [5, 3]} and len(line_rows) == 2
    alone = charts.grouped_fits(observed, None, "Price (USD)", log=False)
    (only, _), = layers(alone)
    assert only["encoding"]["y"]["scale"] == {"zero": True}
    assert "values" not in only["encoding"]["y"]["axis"]
    assert alone.to_dict()["title"] == {"text": ""}


def test_fit_overlay_band_curves_and_points():
    observed = pd.DataFrame({"date": pd.to_datetime(["2020-01-01", "2021-01-01"]),
                             "value": [5.0, 50.0]})
    curves = observed.assign(model="exponential")
    band = pd.DataFrame({"date": pd.to_datetime(["2022-01-01"]), "low": [0.5], "high": [900.0],
                         "label": ["95% band"]})
    (area, band_rows), (line, _), (points, _) = layers(
        charts.fit_overlay(observed, curves, "Revenue (USD)", band=band))
    assert area["mark"] == {"type": "area", "opacity": 0.18, "color": PALETTE[0]}
    assert area["encoding"]["y"]["field"] == "low" and area["encoding"]["y2"]["field"] == "high"
    assert area["encoding"]["y"]["scale"] == {"type": "log"}
    assert [t["field"] for t in area["encoding"]["tooltip"]][2:] == ["low_text", "high_text"]
    assert [t["title"] for t in area["encoding"]["tooltip"]] == ["Band", "Date", "Low", "High"]
    assert band_rows[0]["label"] == "95% band"
    assert line["encoding"]["y"]["axis"]["values"] == [0.1, 1.0, 10.0, 100.0, 1000.0]
    assert line["encoding"]["color"]["scale"]["range"] == PALETTE[1:]
    assert points["mark"] == {"type": "point", "color": INK}
    assert points["encoding"]["tooltip"][-1]["field"] == "value_text"
    untitled = charts.fit_overlay(observed, curves, "Revenue (USD)", log=False)
    assert untitled.to_dict()["title"] == {"text": ""}
    no_band = layers(untitled)
    assert len(no_band) == 2 and no_band[0][0]["encoding"]["y"]["scale"] == {"zero": True}


def test_stacked_areas_follow_the_legend_order():
    data = pd.DataFrame({"date": pd.to_datetime(["2020-01-01"] * 2), "revenue": [1.0, 2.0],
                         "market": ["Gaming", "Data Center"]})
    order = ["Data Center", "Gaming"]
    spec = charts.time_series(data, "date", "revenue", "Revenue (USD)", color="market",
                              stacked=True, order=order).to_dict()
    assert spec["mark"] == {"type": "area", "opacity": 0.9}
    assert spec["encoding"]["order"] == {"field": "stack_order", "type": "quantitative"}
    assert spec["encoding"]["y"]["stack"] == "zero"
    rows = spec["datasets"][spec["data"]["name"]]
    assert {r["market"]: r["stack_order"] for r in rows} == {"Data Center": 0, "Gaming": 1}
    assert spec["encoding"]["color"]["scale"] == {"domain": order, "range": PALETTE}
    assert [t["title"] for t in spec["encoding"]["tooltip"]] == ["Series", "Date",
                                                                 "Revenue (USD)"]
    lines = charts.time_series(data, "date", "revenue", "Revenue (USD)",
                               y_format=".0f").to_dict()
    assert lines["mark"] == {"type": "line", "point": True}
    assert lines["encoding"]["tooltip"][1] == {"field": "revenue", "format": ".0f",
                                               "title": "Revenue (USD)", "type": "quantitative"}
    assert lines["encoding"]["y"]["axis"] == {"format": ".0f"}
    assert lines["encoding"]["y"]["title"] == spec["encoding"]["y"]["title"] == "Revenue (USD)"


@pytest.mark.parametrize("values, most, expected", [
    ([2e3, 4e17], 8, [1e3, 1e5, 1e7, 1e9, 1e11, 1e13, 1e15, 1e17]),
    ([1.0, 1000.0], 8, [1.0, 10.0, 100.0, 1000.0]),
    ([0.02, 5.0, -3.0, math.nan], 8, [0.01, 0.1, 1.0, 10.0]),
    ([1.0, 1e6], 3, [1.0, 1e3, 1e6]),
])
def test_decades_span_the_positive_values(values, most, expected):
    assert charts.decades(pd.Series(values), most=most) == pytest.approx(expected)


class FakeFit:
    """A fit whose predictions are known: value = 10 × the row number."""

    def __init__(self, model, failed=False):
        self.model, self.failed = model, failed

    def predict(self, dates):
        dates = pd.DatetimeIndex(dates)
        n = len(dates)
        return pd.DataFrame({"date": dates, "median": [10.0 * (i + 1) for i in range(n)],
                             "pi_low": [5.0] * n, "pi_high": [20.0] * n})


def test_growth_fits_chart_plots_unscaled_data_and_scaled_curves():
    dates = pd.to_datetime(["2020-01-01", "2021-01-01"])
    horizon = pd.to_datetime(["2022-01-01", "2023-01-01"])
    fits = {"exponential": FakeFit("exponential"), "logistic": FakeFit("logistic", failed=True)}
    chart, data = charts.growth_fits_chart(dates, [100.0, 200.0], fits, fits["exponential"],
                                           horizon, "Revenue (USD billion)", scale=1000.0,
                                           title="T", subtitle="S")
    assert data["series"].value_counts().to_dict() == {
        "exponential": 120, "observed": 2, "95% prediction interval (exponential)": 2}
    curve = data[data["series"] == "exponential"]
    assert curve["date"].iloc[0] == dates[0] and curve["date"].iloc[-1] == horizon[-1]
    band = data[data["series"].str.startswith("95%")]
    assert band[["low", "high"]].values.tolist() == [[5.0, 20.0]] * 2
    (area, band_rows), (line, curve_rows), (points, point_rows) = layers(chart)
    assert [r["value"] for r in point_rows] == [0.1, 0.2]
    assert (band_rows[0]["low"], band_rows[0]["high"]) == (0.005, 0.02)
    assert curve_rows[0]["value"] == 0.01
    assert chart.to_dict()["title"] == {"text": "T", "subtitle": "S"}
    untitled, _ = charts.growth_fits_chart(dates, [100.0, 200.0], fits, fits["exponential"],
                                           horizon, "Revenue (USD billion)")
    assert untitled.to_dict()["title"] == {"text": ""}
