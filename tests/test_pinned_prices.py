"""prices pinned against hand calculations: the fall as the inverse of growth, the fitted
price at a date and score, the frontier's tie rule, the four-new-lows minimum and the
last low's month count (issue 14)."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import models
from analysis import prices as px

PRICE = px.PRICE


def frame(rows, benchmark="mmlu"):
    return pd.DataFrame(rows, columns=["model", "release_date", PRICE, benchmark]).assign(
        release_date=lambda f: pd.to_datetime(f["release_date"]),
        reasoning=False, promotional=False)


def test_fall_inverts_growth_and_swaps_the_bounds():
    fall = px._fall(models.Estimate(0.5, 0.25, 0.8))
    assert tuple(fall) == pytest.approx((2.0, 1.25, 4.0))
    assert not px._fall(models.Estimate.not_identified("few")).identified


def test_price_at_a_date_and_score():
    trend = px.QuantileTrend("mmlu", 0.1, 20, pd.Timestamp("2024-01-01"),
                             pd.Timestamp("2025-01-01"), models.Estimate(2, 1, 3),
                             (math.log(10.0), math.log(0.5), 0.02))
    one_year_on = pd.Timestamp("2024-01-01") + pd.Timedelta(days=365.25)
    assert trend.price_at(pd.Series([one_year_on]), 50).tolist() == pytest.approx(
        [10 * 0.5 * math.exp(1.0)])


def test_quantile_trend_on_an_exact_market_and_its_twelve_point_minimum():
    dates = pd.date_range("2023-01-01", periods=12, freq="61D")
    years = models.years_since(dates, dates[0])
    score = np.array([40, 70, 55, 60, 45, 80, 65, 50, 75, 58, 62, 68], dtype=float)
    price = 20 * 0.25 ** years * np.exp(0.03 * (score - 60))
    market = frame([(f"m{i}", d, p, s) for i, (d, p, s) in enumerate(zip(dates, price, score))])
    trend = px.quantile_trend(market, "mmlu", 0.5)
    assert trend.points == 12 and (trend.first, trend.last) == (dates[0], dates[-1])
    assert trend.params == pytest.approx((math.log(20) - 1.8, math.log(0.25), 0.03), abs=1e-6)
    assert trend.annual_fall.value == pytest.approx(4.0, rel=1e-5)
    assert px.quantile_trend(market.iloc[:11], "mmlu") is None


def test_frontier_keeps_the_cheaper_of_two_new_lows_on_one_day():
    prices = frame([("a", "2024-01-01", 5.0, 80), ("b", "2024-02-01", 3.0, 80),
                    ("c", "2024-02-01", 2.0, 85), ("d", "2024-03-01", 2.0, 90),
                    ("e", "2024-04-01", 1.0, 70)])
    frontier = px.cheapest_frontier(prices, "mmlu", 70)
    assert frontier["model"].tolist() == ["a", "c", "e"]
    assert list(frontier.columns) == ["model", "release_date", PRICE, "mmlu"]
    assert px.cheapest_frontier(prices, "mmlu", 70.5)["model"].tolist() == ["a", "c"]


def test_record_low_trend_needs_four_new_lows_exactly():
    rows = [(f"m{i}", f"2024-0{i + 1}-01", 10.0 / 2 ** i, 80) for i in range(4)]
    assert px.record_low_trend(frame(rows[:3]), "mmlu", 70)[1] is None
    frontier, fall = px.record_low_trend(frame(rows), "mmlu", 70)
    assert len(frontier) == 4 and fall.value > 1


def test_running_minimum_is_empty_without_a_qualifying_model():
    prices = frame([("a", "2024-01-01", 5.0, 60)])
    empty = px.running_minimum(prices, "mmlu", 70, pd.Timestamp("2024-06-01"))
    assert empty.empty and list(empty.columns) == ["month", PRICE, "model", "set_on"]
    series = px.running_minimum(frame([("a", "2024-01-31", 5.0, 70)]), "mmlu", 70,
                                pd.Timestamp("2024-02-01"))
    assert series["month"].tolist() == [pd.Timestamp("2024-01-31"), pd.Timestamp("2024-02-29")]
    assert series["set_on"].tolist() == [pd.Timestamp("2024-01-31")] * 2


def test_last_new_low_counts_later_models_at_the_threshold():
    prices = frame([("a", "2024-01-01", 4.0, 70), ("b", "2024-01-01", 5.0, 75),
                    ("c", "2024-03-01", 4.5, 70), ("weak", "2024-04-01", 1.0, 69.9)])
    low = px.last_new_low(prices, "mmlu", 70, pd.Timestamp("2024-07-01"))
    assert (low.model, low.date, low.price, low.later_models) == (
        "a", pd.Timestamp("2024-01-01"), 4.0, 1)
    assert low.months_since == pytest.approx(182 / (365.25 / 12))
