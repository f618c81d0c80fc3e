"""NVIDIA Data Center revenue: the extended series and the growth section's computations."""

import numpy as np
import pandas as pd
import pytest

from analysis import nvidia
from analysis.catalogue import load_table


def test_data_center_series_runs_to_the_latest_reported_quarter_without_gaps():
    series = nvidia.data_center_revenue()
    new = load_table("nvidia_revenue_new_segments")
    new_dc = new[new["market"] == "Data Center"].set_index("quarter_end")["revenue"]
    assert series["quarter_end"].max() == new_dc.index.max()
    assert series["quarter_end"].is_unique and series["quarter_end"].is_monotonic_increasing
    later = series[series["basis"] == "fiscal-2027 segments"].set_index("quarter_end")["revenue"]
    assert (later == new_dc.loc[later.index]).all() and len(later) >= 1



def test_growth_uses_the_quarters_after_the_last_gap():
    series = nvidia.data_center_revenue()
    gapped = series.drop(index=5).reset_index(drop=True)
    tail = nvidia.continuous_tail(gapped)
    assert tail["quarter_end"].iloc[0] == series["quarter_end"].iloc[6]
    key = tail["fiscal_year"] * 4 + tail["fiscal_quarter"]
    assert (key.diff().dropna() == 1).all()
    assert len(nvidia.continuous_tail(series.iloc[6:])) == len(series) - 6


def synthetic(break_at=20, n=36, before=1.3, after=2.5, seed=1):
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2016-04-30", periods=n, freq="91D")
    years = np.arange(n) / 4
    log_y = np.where(np.arange(n) < break_at, years * np.log(before),
                     break_at / 4 * np.log(before) + (years - break_at / 4) * np.log(after))
    revenue = 1000 * np.exp(log_y + rng.normal(0, 0.03, n))
    return pd.DataFrame({"quarter_end": dates, "revenue": revenue,
                         "fiscal_year": 2018 + np.arange(n) // 4,
                         "fiscal_quarter": 1 + np.arange(n) % 4,
                         "quarter": [f"q{i}" for i in range(n)],
                         "basis": ["five market platforms"] * (n - 2) + ["fiscal-2027 segments"] * 2})


@pytest.fixture(scope="module")
def growth():
    return nvidia.data_center_growth(synthetic())


def test_growth_finds_the_break_and_the_regime_rate(growth):
    assert growth.break_test.break_index == pytest.approx(20, abs=1)
    assert growth.break_test.rejects()
    low, high = growth.headline.low, growth.headline.high
    assert low < 2.5 < high and high / low < 1.5
    # The holdout compares the two later quarters with the regime trend's intervals.
    assert len(growth.holdout) == 2 and growth.holdout["inside"].all()


def test_growth_numbers_are_words_and_follow_the_backtest(growth):
    numbers = nvidia.growth_numbers(growth)
    assert numbers["nv-g-break-verdict"].startswith("a break significant")
    assert numbers["nv-bt-verdict"] in ("beat", "did not beat")
    beats = growth.backtests["exponential"].relative_mae < 1
    assert (numbers["nv-bt-verdict"] == "beat") == beats
    assert ("illustrative" in numbers["nv-fig-caveat"]) == (not growth.best_beats_naive)
    assert all("nan" not in str(v) and "e+" not in str(v) for v in numbers.values())


def test_growth_chart_draws_the_regime_trend_and_its_band(growth):
    chart, data = nvidia.growth_chart(growth)
    assert {"date", "value", "low", "high", "series"} <= set(data.columns)
    series = set(data["series"])
    assert "reported" in series and "trend through the whole record" in series
    assert any(s.startswith("trend since") for s in series)
    band = data[data["series"].str.startswith("95% prediction interval")]
    assert len(band) == nvidia.BACKTEST_HORIZON
