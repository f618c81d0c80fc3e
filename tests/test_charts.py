"""The shared chart style: date axes that stay readable whatever span a chart covers."""

import pandas as pd

from analysis import charts


def test_a_chart_within_two_years_labels_months_and_a_longer_one_years():
    short = pd.Series(pd.to_datetime(["2025-05-23", "2025-11-09"]))
    long = pd.Series(pd.to_datetime(["2015-01-01", "2025-11-09"]))
    assert charts.time_axis(short) is charts.MONTH_AXIS
    assert charts.time_axis(long) is charts.YEAR_AXIS
    assert charts.time_axis(short, long) is charts.YEAR_AXIS   # the layers' union decides
    edge = pd.Series([pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-01") +
                      charts.MONTH_AXIS_SPAN])
    assert charts.time_axis(edge) is charts.YEAR_AXIS


def test_a_short_series_chart_carries_the_month_axis_into_its_spec():
    data = pd.DataFrame({"date": pd.to_datetime(["2025-05-23", "2025-08-01", "2025-11-09"]),
                         "value": [64.0, 40.0, 20.0]})
    spec = charts.time_series(data, "date", "value", "Gap (points)").to_dict()
    assert spec["encoding"]["x"]["axis"]["format"] == "%b %Y"
