"""NVIDIA's tables reshaped on small hand-made inputs (issue 14): shares, the compute and
networking split, fiscal windows and the series carried across the re-segmentation."""

import numpy as np
import pandas as pd
import pytest

from analysis import models, nvidia, report

QUARTERS = [(2025, 3, "2024-10-27"), (2025, 4, "2025-01-26"), (2026, 1, "2025-04-27")]


def rows(markets: dict, quarters=QUARTERS, column="market", **extra) -> pd.DataFrame:
    """One row per quarter and ``column`` value; ``markets`` maps a value to its revenues."""
    return pd.DataFrame([{"fiscal_year": y, "fiscal_quarter": q,
                          "quarter_end": pd.Timestamp(end), column: name, "revenue": values[i],
                          **{k: v[i] for k, v in extra.get(name, {}).items()}}
                         for name, values in markets.items()
                         for i, (y, q, end) in enumerate(quarters)])


@pytest.fixture
def tables(monkeypatch):
    frames = {
        "nvidia_revenue_by_market": rows({"Gaming": [10.0, 20.0, 30.0],
                                          "Data Center": [30.0, 60.0, 90.0],
                                          "Total": [40.0, 80.0, 120.0]}),
        "nvidia_revenue_new_segments": rows({"Data Center": [61.0, 95.0, 130.0]},
                                            quarters=QUARTERS[1:] + [(2026, 2, "2025-07-27")]),
        "nvidia_datacenter_split": pd.concat([
            rows({"Compute": [24.0, 50.0, 80.0]}, column="component",
                 **{"Compute": {"precision": ["USD million", "USD million", "USD billion"]}}),
            rows({"Networking": [6.0, 10.0]}, quarters=QUARTERS[1:], column="component",
                 **{"Networking": {"precision": ["USD million", "USD million"]}}),
        ], ignore_index=True),
    }
    monkeypatch.setattr(nvidia, "load_table", lambda name: frames[name].copy())
    return frames


def test_revenue_by_market_drops_totals_and_labels_quarters(tables):
    table = nvidia.revenue_by_market()
    assert table["market"].tolist() == ["Data Center", "Gaming"] * 3
    assert table["quarter"].tolist()[::2] == ["Q3 FY2025", "Q4 FY2025", "Q1 FY2026"]
    assert table.index.tolist() == list(range(6))


def test_data_center_share_of_the_reported_total(tables):
    share = nvidia.data_center_share()
    assert list(share.columns) == ["quarter_end", "fiscal_year", "fiscal_quarter",
                                   "Data Center", "Total", "share"]
    assert share["share"].tolist() == [0.75, 0.75, 0.75]


def test_split_keeps_quarters_with_both_parts_and_marks_rounded_ones(tables):
    split = nvidia.data_center_split()
    assert split["fiscal_quarter"].tolist() == [4, 1]
    assert split["networking_share"].tolist() == pytest.approx([6 / 56, 10 / 90])
    assert split["exact"].tolist() == [True, False]
    assert split.index.tolist() == [0, 1]


def test_new_segments_one_column_per_market(tables):
    wide = nvidia.new_segments()
    assert wide["Data Center"].tolist() == [61.0, 95.0, 130.0]
    assert wide["fiscal_year"].tolist() == [2025, 2026, 2026]


def test_data_center_series_continues_only_after_the_old_table_ends(tables):
    series = nvidia.data_center_revenue()
    assert series["revenue"].tolist() == [30.0, 60.0, 90.0, 130.0]
    assert series["basis"].tolist() == ["five market platforms"] * 3 + ["fiscal-2027 segments"]
    assert series["quarter"].tolist() == ["Q3 FY2025", "Q4 FY2025", "Q1 FY2026", "Q2 FY2026"]
    assert series.index.tolist() == [0, 1, 2, 3]


@pytest.mark.parametrize("first, last, expected", [
    ((2024, 2), None, ["Q2 FY2024", "Q3 FY2024", "Q4 FY2024", "Q1 FY2025", "Q2 FY2025"]),
    ((2024, 3), (2025, 1), ["Q3 FY2024", "Q4 FY2024", "Q1 FY2025"]),
    ((2023, 1), (2024, 1), ["Q4 FY2023", "Q1 FY2024"]),
])
def test_fiscal_window_is_inclusive_at_both_ends(first, last, expected):
    table = pd.DataFrame({"fiscal_year": [2023, 2024, 2024, 2024, 2024, 2025, 2025],
                          "fiscal_quarter": [4, 1, 2, 3, 4, 1, 2]})
    table["quarter"] = [f"Q{q} FY{y}" for y, q in zip(table["fiscal_year"],
                                                     table["fiscal_quarter"])]
    assert nvidia.fiscal_window(table, first, last)["quarter"].tolist() == expected


def test_continuous_tail_starts_after_the_last_gap():
    series = pd.DataFrame({"fiscal_year": [2020, 2020, 2021, 2021, 2021],
                           "fiscal_quarter": [1, 2, 1, 2, 3], "revenue": [1, 2, 3, 4, 5]})
    tail = nvidia.continuous_tail(series)
    assert tail["revenue"].tolist() == [3, 4, 5] and tail.index.tolist() == [0, 1, 2]


def synthetic(n=28, break_at=14, seed=2):
    """Quarterly revenue growing 1.3x a year, then 2.5x a year; the last two quarters are
    reported under the new segmentation, the very last far above the trend."""
    rng = np.random.default_rng(seed)
    years = np.arange(n) / 4
    log_y = np.where(np.arange(n) < break_at, years * np.log(1.3),
                     break_at / 4 * np.log(1.3) + (years - break_at / 4) * np.log(2.5))
    revenue = 1000 * np.exp(log_y + rng.normal(0, 0.02, n))
    revenue[-1] *= 3
    return pd.DataFrame({
        "quarter_end": pd.date_range("2018-04-30", periods=n, freq="91D"), "revenue": revenue,
        "fiscal_year": 2020 + np.arange(n) // 4, "fiscal_quarter": 1 + np.arange(n) % 4,
        "quarter": [f"q{i}" for i in range(n)],
        "basis": ["five market platforms"] * (n - 2) + ["fiscal-2027 segments"] * 2})


def test_growth_windows_regime_and_holdout_by_hand():
    series = synthetic()
    g = nvidia.data_center_growth(series)
    regime = series.iloc[g.break_test.break_index:].reset_index(drop=True)
    pd.testing.assert_frame_equal(g.regime, regime)
    assert list(g.windows.columns) == ["from", "to", "quarters", "factor", "low", "high"]
    assert g.windows["from"].tolist() == ["q16", "q17", "q20", "q22"]
    assert g.windows["to"].tolist() == ["q27"] * 4
    assert g.windows["quarters"].tolist() == [12, 11, 8, 6]
    last = models.fit_exponential(series["quarter_end"][22:], series["revenue"][22:])
    assert tuple(g.windows.iloc[-1][["factor", "low", "high"]]) == pytest.approx(
        tuple(last.annual_growth_factor()))
    regime_fit = models.fit_exponential(regime["quarter_end"], regime["revenue"])
    assert tuple(g.regime_fit.annual_growth_factor()) == pytest.approx(
        tuple(regime_fit.annual_growth_factor()))
    assert g.regime_influence.nobs == len(regime)
    assert g.holdout["quarter"].tolist() == ["q26", "q27"]
    assert g.holdout["actual"].tolist() == series["revenue"].tolist()[-2:]
    assert g.holdout["inside"].tolist() == [True, False]


def test_growth_numbers_by_hand():
    series = synthetic()
    g = nvidia.data_center_growth(series)
    dates, values = series["quarter_end"], series["revenue"].to_numpy(float)
    # The exponential alone keeps this quick; the published numbers read the same fields.
    g.fits = {"exponential": models.fit_exponential(dates, values)}
    bt = models.rolling_origin_backtest(dates, values, horizon=4, min_train=8)
    g.backtests = {"exponential": bt}
    numbers = nvidia.growth_numbers(g)
    assert (numbers["nv-g-n"], numbers["nv-g-n"].unit) == ("28", "quarters")
    assert numbers["nv-g-new-quarters"] == "2"
    assert (numbers["nv-g-first-quarter"], numbers["nv-g-last-quarter"]) == ("q0", "q27")
    assert numbers["nv-g-break-quarter"] == f"q{g.break_test.break_index}"
    assert numbers["nv-g-regime-n"] == str(len(g.regime))
    assert numbers["nv-g-hac"] == report.with_interval(*g.regime_fit.annual_growth_factor())
    assert numbers["nv-g-headline"] == report.with_interval(*g.headline)
    assert numbers["nv-g-loo-low"] == report.factor(g.regime_influence.low)
    assert numbers["nv-g-loo-high"] == report.factor(g.regime_influence.high)
    assert (numbers["nv-g-latest-window-n"], numbers["nv-g-latest-window-n"].unit) == (
        "6", "quarters")
    assert numbers["nv-bt-n"] == str(len(bt.scored)) == "17"
    assert numbers["nv-bt-ratio"] == report.number(bt.relative_mae, 2)
    assert numbers["nv-bt-dm-p"] == report.number(bt.diebold_mariano().p_value, 2)
    assert numbers["nv-bt-coverage"] == report.percent(bt.coverage)
    assert numbers["nv-bt-verdict"] == ("beat" if bt.relative_mae < 1 else "did not beat")
    assert (numbers["nv-bt-min"], numbers["nv-bt-h"]) == ("8", "4")
    assert numbers["nv-g-ceiling"] == "not identified" and numbers["nv-g-drawn"] == "exponential"
    assert numbers["nv-ho-origin"] == "q25"
    sentence = numbers["nv-ho-sentence"]
    assert sentence.startswith("q26: $") and ", inside it; q27: $" in sentence
    assert sentence.endswith(" reported, outside it.")
    chart, data = nvidia.growth_chart(g)
    start = f"trend since {g.regime['quarter'].iloc[0]}"
    assert set(data["series"]) == {"reported", start, "trend through the whole record",
                                   f"95% prediction interval, {start}"}
    spec = chart.to_dict()
    assert spec["title"]["subtitle"].endswith("Band: next four quarters (illustrative)") == (
        not g.best_beats_naive)
    assert spec["layer"][-1]["encoding"]["y"]["title"] == (
        "Data Center revenue per quarter (USD billion, log scale)")
