"""The token page's numbers: token statements, ChatGPT users per definition, tokens per user,
checked against hand calculations on the real tables and on synthetic series."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import paradigm
from analysis.catalogue import load_table

DAYS_PER_YEAR = 365.25


def hand_growth_factor(dates, values) -> float:
    """Least-squares slope of log values on decimal years, as a yearly factor."""
    dates = pd.to_datetime(pd.Series(dates))
    t = ((dates - dates.iloc[0]).dt.days / DAYS_PER_YEAR).to_numpy()
    slope = np.polyfit(t, np.log(np.asarray(values, float)), 1)[0]
    return math.exp(slope)


def hand_fitted_last(dates, values) -> float:
    dates = pd.to_datetime(pd.Series(dates))
    t = ((dates - dates.iloc[0]).dt.days / DAYS_PER_YEAR).to_numpy()
    slope, intercept = np.polyfit(t, np.log(np.asarray(values, float)), 1)
    return math.exp(intercept + slope * t[-1])


def ledger(labels: dict) -> pd.DataFrame:
    return pd.DataFrame({"claim_id": list(labels), "verdict": list(labels.values())})


# ------------------------------------------------------------------------------ users

def test_every_user_series_has_one_definition_and_all_rows():
    table = load_table("chatgpt_weekly_users")
    series = paradigm.users_by_definition()
    assert set(series) == {paradigm.HEADLINE_USERS, paradigm.CONSUMER_USERS}
    for definition, part in series.items():
        assert (part["definition"] == definition).all()
        assert len(part) == (table["definition"] == definition).sum()
        assert part["date"].is_monotonic_increasing
    # The usage paper's digitised rows are the consumer series, and nothing else is.
    paper = table["source_id"].isin(["tok-openai-how-people-use-chatgpt", "tok-nber-w34255"])
    assert (table.loc[paper, "definition"] == paradigm.CONSUMER_USERS).all()
    assert (table.loc[~paper, "definition"] == paradigm.HEADLINE_USERS).all()


@pytest.fixture(scope="module")
def real_users():
    return paradigm.user_growth()


@pytest.fixture(scope="module")
def real_user_numbers(real_users):
    return paradigm.users_numbers(real_users, paradigm.user_and_token_growth())


def test_headline_user_growth_is_the_all_plans_fit_by_hand(real_users, real_user_numbers):
    table = load_table("chatgpt_weekly_users").sort_values("date")
    for definition, key in ((paradigm.HEADLINE_USERS, "wau-factor"),
                            (paradigm.CONSUMER_USERS, "wau-consumer-factor")):
        rows = table[table["definition"] == definition]
        by_hand = hand_growth_factor(rows["date"], rows["weekly_active_users"])
        assert real_user_numbers[key].value == pytest.approx(by_hand, rel=1e-6)
    all_plans = table[table["definition"] == paradigm.HEADLINE_USERS]
    assert real_user_numbers["wau-n"].value == len(all_plans)
    assert real_user_numbers["wau-last"].value == all_plans["weekly_active_users"].iloc[-1]
    gap = hand_fitted_last(all_plans["date"], all_plans["weekly_active_users"]) / \
        all_plans["weekly_active_users"].iloc[-1] - 1
    assert real_user_numbers["wau-trend-gap"].value == pytest.approx(abs(gap), rel=1e-6)
    assert real_user_numbers["wau-trend-side"].startswith("above" if gap > 0 else "below")


def test_tokens_per_user_is_token_growth_over_user_growth(real_user_numbers):
    rates = paradigm.token_daily_rates()
    table = paradigm.growth_table(paradigm.token_growth_fits(rates))
    token_median = float(np.median(table["growth_factor"]))
    users = load_table("chatgpt_weekly_users")
    users = users[users["definition"] == paradigm.HEADLINE_USERS].sort_values("date")
    per_user = token_median / hand_growth_factor(users["date"], users["weekly_active_users"])
    assert real_user_numbers["tok-median-factor"].value == pytest.approx(token_median)
    assert real_user_numbers["tok-per-user-factor"].value == pytest.approx(per_user, rel=1e-6)
    assert real_user_numbers["tok-per-user-doubling"].value == pytest.approx(
        12 * math.log(2) / math.log(per_user), rel=1e-6)


def test_backtest_and_projection_numbers_follow_the_headline_series(real_users,
                                                                    real_user_numbers):
    n = len(real_users.headline)
    forecasts = n - paradigm.USER_BACKTEST_MIN_TRAIN - paradigm.USER_BACKTEST_HORIZON + 1
    assert real_user_numbers["wau-bt-n"].value == forecasts
    bt = real_users.backtests[real_users.best.model]
    assert ("illustrative" in real_user_numbers["wau-bt-consequence"]) == (bt.relative_mae >= 1)
    projection = real_users.projection.iloc[-1]
    assert real_user_numbers["wau-proj"].high == pytest.approx(projection["pi_high"])
    assert projection["date"] - real_users.headline["date"].iloc[-1] == pd.Timedelta(days=364)


def synthetic_series(rate: float, level: float, start: str, n: int, step_days: int,
                     definition: str, noise: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dates = pd.date_range(start, periods=n, freq=f"{step_days}D")
    t = np.arange(n) * step_days / DAYS_PER_YEAR
    values = level * rate ** t * np.exp(rng.normal(0, noise, n))
    return pd.DataFrame({"date": dates, "weekly_active_users": values, "definition": definition})


def synthetic_growth(consumer_rate: float) -> paradigm.UserGrowth:
    """Two definitions at different levels and rates; a curve through both would be wrong."""
    return paradigm.user_growth({
        paradigm.HEADLINE_USERS: synthetic_series(3.0, 1e8, "2023-11-01", 9, 95,
                                                  paradigm.HEADLINE_USERS, 0.03, 1),
        paradigm.CONSUMER_USERS: synthetic_series(consumer_rate, 5e7, "2023-03-01", 7, 80,
                                                  paradigm.CONSUMER_USERS, 0.03, 2)})


def test_each_definition_is_fitted_as_its_own_series():
    g = synthetic_growth(consumer_rate=1.5)
    rate = {d: fit.annual_growth_factor()[0] for d, fit in g.growth.items()}
    assert rate[paradigm.HEADLINE_USERS] == pytest.approx(3.0, rel=0.1)
    assert rate[paradigm.CONSUMER_USERS] == pytest.approx(1.5, rel=0.1)
    assert g.fits["exponential"].nobs == 9  # every curve uses the headline series only
    tokens = {"token_factor": 30.0, "per_user_factor": 10.0, "per_user_doubling_months": 3.6}
    numbers = paradigm.users_numbers(g, tokens)
    assert "do not overlap" in numbers["wau-definitions-agree"]
    assert "overlap, so" in paradigm.users_numbers(synthetic_growth(3.0), tokens)[
        "wau-definitions-agree"]


def test_band_passes_finds_the_first_month_above_a_level():
    g = synthetic_growth(consumer_rate=3.0)
    fit = g.growth[paradigm.HEADLINE_USERS]
    last = g.headline["date"].iloc[-1]
    level = float(fit.predict([last + pd.Timedelta(days=400)])["pi_high"].iloc[0])
    month = paradigm.band_passes(fit, last, level)
    assert month is not None
    before = month - pd.offsets.MonthEnd(1)
    high = fit.predict([before, month])["pi_high"].to_numpy()
    assert high[0] <= level < high[1] or before <= last
    assert paradigm.band_passes(fit, last, 1e15) is None


# ------------------------------------------------------------------------------ tokens

def test_token_numbers_count_statements_series_and_fits_by_hand():
    rates = paradigm.token_daily_rates()
    table = paradigm.growth_table(paradigm.token_growth_fits(rates))
    labels = {"P3": "cannot be tested yet", "P5a": "data exceed the claim",
              "P5b": "data match the claim"}
    numbers = paradigm.token_numbers(rates, table, ledger(labels))
    raw = load_table("token_volumes")
    assert numbers["tok-n-points"].value == len(raw)
    assert numbers["tok-n-series"].value == raw["series"].nunique()
    fittable = raw.groupby(["series", "period"])["date"].nunique()
    assert numbers["tok-n-fitted"].value == (fittable >= paradigm.MIN_POINTS_FOR_FIT).sum()
    statements = raw["series"].value_counts()
    assert numbers["tok-n-plotted"].value == (statements >= 3).sum()
    assert numbers["tok-days-month"].value == pytest.approx(365.25 / 12)
    fastest = max(table["growth_factor"])
    assert numbers["tok-fast-factor"].value == pytest.approx(fastest)
    assert numbers["tok-slow-factor"].value == pytest.approx(min(table["growth_factor"]))
    assert numbers["tok-years-range"].low == pytest.approx(
        math.log(1e9) / math.log(fastest), rel=1e-6)
    assert (numbers["p3-verdict"], numbers["p5a-verdict"], numbers["p5b-verdict"]) == \
        tuple(labels.values())
