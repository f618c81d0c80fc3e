"""Token prices at constant capability: the estimators, their measured bias, and the
numbers the prices page publishes."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import paradigm
from analysis import prices as px
from analysis import verdicts as v
from analysis.catalogue import load_table

PRICE = px.PRICE
CLAIMED = paradigm.CLAIMED_TEN_YEAR_PRICE_FALL ** 0.1


def frame(rows, benchmark="mmlu"):
    """Rows of (model, date, price, score[, reasoning, promotional])."""
    rows = [tuple(r) + (False, False)[len(r) - 4:] for r in rows]
    return pd.DataFrame(rows, columns=["model", "release_date", PRICE, benchmark, "reasoning",
                                       "promotional"]).assign(
        release_date=lambda f: pd.to_datetime(f["release_date"]))


def market(fall_per_year, n=80, noise=0.5, seed=1):
    """Synthetic models: price falls ``fall_per_year`` a year at constant score and rises
    by 5% per score point; lognormal scatter."""
    rng = np.random.default_rng(seed)
    years = np.sort(rng.uniform(0, 3, n))
    score = rng.uniform(30, 90, n)
    price = 20 * fall_per_year ** -years * 1.05 ** (score - 60) * np.exp(rng.normal(0, noise, n))
    dates = pd.Timestamp("2022-01-01") + pd.to_timedelta(years * 365.25, unit="D")
    return frame([(f"m{i}", d, p, s) for i, (d, p, s) in enumerate(zip(dates, price, score))])


def test_model_sets_drop_promotions_and_keep_reasoning_apart():
    prices = frame([("plain", "2024-01-01", 1.0, 70, False, False),
                    ("thinker", "2024-01-01", 2.0, 80, True, False),
                    ("unstated", "2024-02-01", 3.0, 80, None, False),
                    ("promo", "2024-03-01", 0.1, 80, False, True)])
    assert px.select_models(prices, "without reasoning")["model"].tolist() == ["plain"]
    assert px.select_models(prices, "reasoning")["model"].tolist() == ["thinker"]
    assert px.select_models(prices, "all")["model"].tolist() == ["plain", "thinker", "unstated"]
    with pytest.raises(ValueError, match="unknown model set"):
        px.select_models(prices, "cheap")


def test_the_panel_flags_its_launch_promotion_and_reasoning_models():
    prices = load_table("llm_prices")
    assert prices.loc[prices["promotional"], "model"].str.contains("promotional").all()
    flagged = prices.loc[prices["reasoning"].eq(True), "model"]
    assert {"o1", "DeepSeek-R1", "o3-mini"} <= set(flagged)
    assert not prices.loc[prices["model"] == "GPT-4o-2024-05", "reasoning"].iloc[0]


def test_cheapest_frontier_keeps_only_new_lows_among_qualifying_models():
    prices = frame([("a", "2023-01-01", 10.0, 75), ("weak", "2023-02-01", 0.1, 50),
                    ("b", "2023-03-01", 12.0, 80), ("c", "2023-06-01", 5.0, 71),
                    ("d", "2023-09-01", 6.0, 90), ("e", "2024-01-01", 1.0, 70)])
    frontier = px.cheapest_frontier(prices, "mmlu", 70)
    assert frontier["model"].tolist() == ["a", "c", "e"]


def test_record_low_trend_recovers_a_rate_when_every_model_is_a_new_low():
    dates = pd.date_range("2022-01-01", periods=8, freq="90D")
    years = (dates - dates[0]).days / 365.25
    price = 50 / 10 ** years * np.exp(np.random.default_rng(0).normal(0, 0.03, len(dates)))
    frontier, fall = px.record_low_trend(
        frame([(f"m{i}", d, p, 80) for i, (d, p) in enumerate(zip(dates, price))]), "mmlu", 70)
    assert len(frontier) == len(dates)
    assert fall.low <= 10 <= fall.high


def test_record_low_trend_needs_four_new_lows():
    prices = frame([("a", "2023-01-01", 10.0, 75), ("b", "2023-06-01", 5.0, 75)])
    assert px.record_low_trend(prices, "mmlu", 70)[1] is None


def test_quantile_trend_recovers_the_fall_at_constant_score():
    trend = px.quantile_trend(market(5.0, n=300), "mmlu", 0.1)
    assert trend.annual_fall.low <= 5.0 <= trend.annual_fall.high
    assert trend.annual_fall.value == pytest.approx(5.0, rel=0.25)
    assert trend.params[2] == pytest.approx(math.log(1.05), abs=0.01)
    assert px.quantile_trend(market(5.0, n=px.MIN_POINTS_QUANTILE - 1), "mmlu") is None


def test_running_minimum_runs_flat_to_the_data_end():
    prices = frame([("a", "2024-01-10", 4.0, 80), ("b", "2024-02-20", 2.0, 80),
                    ("dear", "2024-03-05", 9.0, 90), ("weak", "2024-03-06", 0.5, 40)])
    series = px.running_minimum(prices, "mmlu", 70, pd.Timestamp("2024-06-15"))
    assert series[PRICE].tolist() == [4.0, 2.0, 2.0, 2.0, 2.0, 2.0]
    assert series["model"].iloc[-1] == "b"
    assert series["month"].iloc[-1] == pd.Timestamp("2024-06-30")


def test_last_new_low_counts_the_later_models_that_failed_to_beat_it():
    prices = frame([("a", "2024-01-01", 4.0, 80), ("b", "2024-03-01", 2.0, 80),
                    ("c", "2024-05-01", 3.0, 85), ("d", "2024-07-01", 2.5, 75),
                    ("weak", "2024-08-01", 0.1, 40)])
    low = px.last_new_low(prices, "mmlu", 70, pd.Timestamp("2025-03-01"))
    assert (low.model, low.price, low.later_models) == ("b", 2.0, 2)
    assert low.months_since == pytest.approx(365 / (365.25 / 12))
    assert px.last_new_low(prices, "mmlu", 99, pd.Timestamp("2025-03-01")) is None


def test_simulated_markets_measure_the_bias_of_both_methods():
    """On the panel's own dates, scores and residuals: with no true fall the record-low
    trend still finds a fast one, the quantile regression finds none; at the claimed pace
    the quantile regression is close and the record-low trend far above."""
    panel = px.select_models(load_table("llm_prices"), paradigm.PRICE_MODEL_SET)
    benchmark, threshold, reps = paradigm.PRICE_BENCHMARK, 40, 60
    quantile = px.simulated_quantile_falls(panel, benchmark, reps)
    assert quantile["fall"].median() == pytest.approx(1.0, rel=0.2)
    for truth in (1.0, CLAIMED):
        record = px.simulated_record_low_falls(panel, benchmark, threshold, truth, reps)
        assert record.median() > 2.5 * truth
        assert quantile["fall"].median() * truth == pytest.approx(truth, rel=0.2)


def test_quantile_regression_is_equivariant_in_the_pace():
    panel = market(1.0, n=60)
    slow = [px.quantile_trend(m, "mmlu").annual_fall
            for m in px.simulate_markets(panel, "mmlu", 1.0, 3)]
    fast = [px.quantile_trend(m, "mmlu").annual_fall
            for m in px.simulate_markets(panel, "mmlu", 4.0, 3)]
    for s, f in zip(slow, fast):
        assert np.allclose(np.array(f), 4.0 * np.array(s), rtol=1e-4)


def test_false_match_rate_scales_the_no_fall_intervals():
    no_fall = pd.DataFrame({"fall": [1.0, 1.0, 1.0, 1.0], "low": [0.5, 0.5, 0.5, 0.5],
                            "high": [1.0, 1.5, 2.0, 3.0]})
    # At 4x a year the tops are 4, 6, 8, 12: two of four reach 7.94.
    assert paradigm.false_match_rate(no_fall, 4.0) == 0.5
    assert paradigm.false_match_rate(no_fall, 1.0) == 0.0


def test_price_trend_from_a_start_uses_only_later_models():
    prices = load_table("llm_prices")
    start = paradigm.PRICE_WINDOW_STARTS[1]
    trend = paradigm.price_trend(prices, start=start)
    chosen = px.select_models(prices, paradigm.PRICE_MODEL_SET).dropna(subset=["gpqa_diamond"])
    assert trend.points == int((chosen["release_date"] >= start).sum())
    assert trend.first >= pd.Timestamp(start)


def test_reference_thresholds_take_their_scores_from_the_data():
    prices = load_table("llm_prices")
    thresholds = {label: level for _, level, label in paradigm.price_thresholds(prices)}
    gpt4o = prices.loc[prices["model"] == "GPT-4o-2024-05", "gpqa_diamond"].iloc[0]
    assert thresholds["GPQA Diamond ≥ GPT-4o-2024-05 (May 2024, 53%)"] == gpt4o
    assert thresholds["GPQA Diamond ≥ 50%"] == 50


def test_last_lows_stand_until_the_last_model_scored_on_their_benchmark():
    prices = load_table("llm_prices")
    lows = paradigm.last_lows(prices)
    every = px.select_models(prices, "all")
    mmlu = lows[(lows["models"] == px.MODEL_SETS["all"]) & lows["threshold"].str.startswith("MMLU")]
    assert (mmlu["data_end"] == every.dropna(subset=["mmlu"])["release_date"].max()).all()
    assert (mmlu["data_end"] < paradigm.price_data_end(prices)).all()
    assert (lows["date"] <= lows["data_end"]).all()


def test_p4_ledger_entry_is_one_estimate_with_its_interval():
    verdict = paradigm.assess_p4()
    fall = paradigm.price_trend(load_table("llm_prices")).annual_fall
    assert (verdict.value, verdict.low, verdict.high) == tuple(fall)
    assert verdict.low < verdict.value < verdict.high


def test_prices_numbers_read_each_table_as_documented():
    prices = load_table("llm_prices")
    bias = pd.DataFrame({"true_fall": [1.0, 2.0, 4.0, CLAIMED],
                         "quantile_median": [1.02, 2.0, 4.1, 7.8],
                         "record_low_median": [30.0, 25.0, 26.0, 38.0],
                         "record_low_fitted": [0.5, 0.6, 0.8, 0.9], "coverage": [0.9] * 4,
                         "reaches_claim": [0.02, 0.3, 0.77, 0.93]})
    sensitivity = pd.DataFrame({
        "method": ["10% quantile regression"] * 4 + ["record-low trend (biased)"] * 2,
        "direction": [v.MATCH, v.MATCH, v.UNTESTABLE, v.FALL_SHORT, v.EXCEED, v.MATCH]})
    end = paradigm.price_data_end(prices)
    lows = pd.DataFrame({
        "threshold": ["A ≥ 1%", "GPQA Diamond ≥ GPT-4o-2024-05 (May 2024, 53%)", "A ≥ 1%"],
        "models": [px.MODEL_SETS["all"]] * 2 + [px.MODEL_SETS["without reasoning"]],
        "model": ["x", "y", "z"], "date": pd.to_datetime(["2024-01-01", "2025-01-01", "2025-01-01"]),
        "price": [0.5, 0.25, 0.3], "later_models": [7, 3, 1], "months_since": [20.0, 11.0, 8.0],
        "data_end": [end, end, pd.Timestamp("2025-09-01")]})
    numbers = paradigm.prices_numbers(prices, bias, sensitivity, lows)
    assert numbers["px-half-reaches"] == "77%" and numbers["px-none-reaches"] == "2%"
    assert numbers["px-bias-record-none"] == "30.0×" and numbers["px-bias-quantile-claim"] == "7.8×"
    assert numbers["px-n-stalled"] == "1" and numbers["px-n-thresholds"] == "2"
    assert numbers["px-n-stalled-own"] == "1" and numbers["px-own-end"] == "Sep 2025"
    assert (numbers["px-longest-model"], numbers["px-longest-later"]) == ("x", "7")
    assert numbers["px-longest-months"] == "20 months"
    assert (numbers["px-whatif-model"], numbers["px-whatif-start"]) == ("y", "$0.25 per million tokens")
    assert numbers["px-n-choices"] == "4" and numbers["px-n-choices-match"] == "2"
    assert numbers["px-n-choices-untestable"] == "1" and numbers["px-n-choices-short"] == "1"
    recent = paradigm.price_trend(prices, start=paradigm.PRICE_WINDOW_STARTS[1])
    assert numbers["px-recent-points"] == str(recent.points)
    assert numbers["px-n-record"] == "2" and numbers["px-n-record-exceed"] == "1"
    assert numbers["px-n-promotional"] == "1"
    used = prices[~prices["promotional"]]
    assert numbers["px-n-reasoning"] == str(int(used["reasoning"].eq(True).sum()))
    fall = paradigm.price_trend(prices).annual_fall
    assert numbers["px-fall"].value == fall.value and numbers["px-fall"].low == fall.low
    assert numbers["px-ten-year"].value == pytest.approx(fall.value ** 10)
