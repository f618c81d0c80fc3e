"""Model code never raises on valid data: every series the book fits, perturbed within
plausible bounds, goes through the model functions the chapters call, and every result
either holds finite numbers or says why it has none."""

import functools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from analysis import models, nvidia, paradigm
from analysis import prices as px
from analysis.catalogue import load_table

# Plausible revisions and misreadings of a published figure: up to about ±35% per point.
LOG_JITTER = 0.3
SETTINGS = settings(max_examples=5, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def _data_center():
    markets = nvidia.revenue_by_market()
    dc = markets[markets["market"] == "Data Center"]
    return dc["quarter_end"].reset_index(drop=True), dc["revenue"].to_numpy(dtype=float)


def data_center():
    dates, revenue = _data_center()
    return dates, revenue.copy()


@functools.cache
def chatgpt_users():
    users = paradigm.chatgpt_users()
    return users["date"], users["weekly_active_users"].to_numpy(dtype=float)


@functools.cache
def token_series():
    rates = paradigm.token_daily_rates()
    return [(group["date"].reset_index(drop=True), group["tokens_per_day"].to_numpy(dtype=float))
            for _, group in rates.sort_values("date").groupby(["series", "period"])
            if group["date"].nunique() >= paradigm.MIN_POINTS_FOR_FIT]


@functools.cache
def price_frontiers():
    prices = load_table("llm_prices")
    frontiers = [px.cheapest_frontier(prices, benchmark, level)
                 for benchmark, level, _ in paradigm.price_thresholds(prices)]
    return [(f["release_date"].reset_index(drop=True),
             f["price_blended_usd_per_mtok"].to_numpy(dtype=float))
            for f in frontiers if len(f) >= px.MIN_POINTS_RECORD_LOWS]


def assert_estimate(estimate):
    """A number with a finite interval, or "not identified" with a reason; never both."""
    if estimate.identified:
        assert math.isfinite(estimate.value), estimate
    else:
        assert estimate.reason and all(math.isnan(v) for v in estimate)


def exponential_computations(dates, values):
    """What the token, price and hardware pages compute from one constant-growth fit."""
    fit = models.fit_exponential(dates, values)
    assert_estimate(fit.annual_growth_factor())
    fit.doubling_time()
    fit.predict(pd.date_range(dates.min(), dates.max(), periods=10))
    return fit


def curve_computations(dates, values):
    """What the NVIDIA and ChatGPT pages compute from the three curve families."""
    fits = models.fit_all(dates, values)
    assert list(fits) == list(models.FITTERS), "no family dropped"
    table = models.compare_models(list(fits.values()))
    assert table["comparable"].any() and table.iloc[0]["comparable"]
    horizon = pd.date_range(dates.iloc[-1], periods=5, freq="91D")[1:]
    for fit in fits.values():
        if fit.failed:
            assert fit.reason
            continue
        assert_estimate(fit.annual_growth_factor())
        fit.predict(horizon, mean=True)
        fit.date_reaching(values.max() * 10)
        if fit.model != "exponential":
            assert_estimate(fit.ceiling())
    backtest = models.rolling_origin_backtest(dates, values, horizon=2, min_train=8)
    assert 0 <= backtest.coverage <= 1
    backtest.diebold_mariano()
    models.leave_one_out_growth(dates, values)
    models.fit_trend_ar1(dates, values)
    return fits


def jittered(values, draws):
    return values * np.exp(np.asarray(draws[: len(values)]))


jitter = st.lists(st.floats(-LOG_JITTER, LOG_JITTER), min_size=60, max_size=60)


QUARTERS = pd.Series(pd.date_range("2016-01-01", periods=20, freq="QS"))
YEARS = models.years_since(QUARTERS, QUARTERS[0])


@pytest.mark.parametrize("shape, values", [
    ("exact exponential", np.exp(0.5 * YEARS)),
    ("constant", np.full(20, 5.0)),
    ("one step", np.r_[np.ones(10), np.full(10, 100.0)]),
    ("declining", np.exp(-0.5 * YEARS)),
    ("one spike", np.r_[np.ones(19), 1e6]),
    ("near the float limits", np.exp(0.5 * YEARS) * 1e-300),
])
def test_degenerate_but_valid_series_never_break_the_models(shape, values):
    curve_computations(QUARTERS, values)
    assert 0 < models.break_test(QUARTERS, values, simulations=49).p_value <= 1


@pytest.mark.parametrize("change", [1500, 2000, 2500, 4000, 5000, 6000, 8000, -5000])
def test_a_routine_revision_of_the_latest_quarter_never_breaks_the_nvidia_models(change):
    """The data update that used to overflow the logistic ceiling (issue 8)."""
    dates, revenue = data_center()
    revenue[-1] += change
    fits = curve_computations(dates, revenue)
    assert not fits["logistic"].failed
    ceiling = fits["logistic"].ceiling()
    assert not ceiling.identified and "not" in fits["logistic"].notes[0]
    models.break_test(dates, revenue, simulations=99)


@SETTINGS
@given(draws=jitter)
def test_perturbed_nvidia_data_center_revenue(draws):
    dates, revenue = data_center()
    curve_computations(dates, jittered(revenue, draws))
    models.break_test(dates, jittered(revenue, draws), simulations=49)


@SETTINGS
@given(draws=jitter)
def test_perturbed_chatgpt_weekly_users(draws):
    dates, users = chatgpt_users()
    curve_computations(dates, jittered(users, draws))


@SETTINGS
@given(draws=jitter)
def test_perturbed_token_series_and_price_frontiers(draws):
    series = token_series() + price_frontiers()
    assert len(series) >= 5
    for dates, values in series:
        exponential_computations(dates, jittered(values, draws))
