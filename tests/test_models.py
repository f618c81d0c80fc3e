"""Growth models recover known parameters from synthetic data, with honest intervals."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import models

DATES = pd.date_range("2016-01-01", periods=40, freq="QS")
T = models.years_since(DATES, DATES[0])


def synthetic(curve, params, sigma, seed, ar=0.0):
    """Series whose log follows ``curve`` plus AR(1) noise with innovation sd ``sigma``."""
    rng = np.random.default_rng(seed)
    noise = np.zeros(len(T))
    for i in range(len(T)):
        noise[i] = (ar * noise[i - 1] if i else 0.0) + rng.normal(0, sigma)
    return np.exp(curve(T, np.array(params)) + noise)


def covers(interval, truth):
    return interval[0] <= truth <= interval[1]


def test_exponential_recovers_growth_rate_within_interval():
    y = synthetic(models._exponential, [2.0, 0.7], 0.08, seed=3)
    fit = models.fit_exponential(DATES, y)
    frame = fit.summary_frame()
    assert covers((frame.loc["growth_rate", "ci_low"], frame.loc["growth_rate", "ci_high"]), 0.7)
    assert covers((frame.loc["log_level_at_origin", "ci_low"],
                   frame.loc["log_level_at_origin", "ci_high"]), 2.0)
    assert "HAC" in fit.cov_type


def test_hac_intervals_have_close_to_nominal_coverage_with_autocorrelation():
    hits = 0
    reps = 200
    for seed in range(reps):
        y = synthetic(models._exponential, [1.0, 0.5], 0.05, seed=seed, ar=0.5)
        low, high = models.fit_exponential(DATES, y).summary_frame().loc[
            "growth_rate", ["ci_low", "ci_high"]]
        hits += low <= 0.5 <= high
    # Newey-West undercovers a little in small samples; plain OLS would be far below.
    assert 0.80 <= hits / reps <= 0.99


def test_derived_quantities_match_closed_forms():
    y = synthetic(models._exponential, [0.0, math.log(2)], 0.05, seed=1)
    fit = models.fit_exponential(DATES, y)
    g = fit.params[1]
    assert fit.annual_growth_factor()[0] == pytest.approx(math.exp(g), rel=1e-6)
    assert fit.doubling_time()[0] == pytest.approx(math.log(2) / g, rel=1e-6)
    # Truth: doubling every year.
    d, lo, hi = fit.doubling_time()
    assert lo <= 1.0 <= hi
    when, when_lo, when_hi = fit.date_reaching(2 ** 20)  # 20 doublings after the origin
    truth = DATES[0] + pd.Timedelta(days=20 * 365.25)
    assert when_lo <= truth <= when_hi
    assert when_lo < when < when_hi


@pytest.mark.parametrize("name, curve, params", [
    ("logistic", models._logistic, [6.0, 0.9, 6.0]),
    ("gompertz", models._gompertz, [6.0, 0.35, 4.0]),
])
def test_saturating_curves_recover_parameters(name, curve, params):
    y = synthetic(curve, params, 0.04, seed=7)
    fit = models.FITTERS[name](DATES, y)
    frame = fit.summary_frame()
    for pname, truth in zip(fit.param_names, params):
        assert covers((frame.loc[pname, "ci_low"], frame.loc[pname, "ci_high"]), truth), pname
    k, k_lo, k_hi = fit.ceiling()
    assert k_lo <= math.exp(params[0]) <= k_hi
    assert not fit.notes


@pytest.mark.parametrize("true_model, curve, params", [
    ("exponential", models._exponential, [1.0, 0.6]),
    ("logistic", models._logistic, [6.0, 0.9, 6.0]),
    ("gompertz", models._gompertz, [6.0, 0.35, 4.0]),
])
def test_information_criteria_pick_the_true_curve(true_model, curve, params):
    y = synthetic(curve, params, 0.03, seed=11)
    table = models.compare_models(list(models.fit_all(DATES, y).values()))
    if true_model == "exponential":
        # Saturating curves nest the exponential (ceiling -> infinity): BIC must not prefer them.
        assert table.sort_values("bic").iloc[0]["model"] == "exponential"
    else:
        assert table.iloc[0]["model"] == true_model
    assert table["akaike_weight"].sum() == pytest.approx(1.0)
    assert table["delta_aic"].min() == 0


def test_unidentified_ceiling_is_flagged():
    y = synthetic(models._exponential, [1.0, 0.6], 0.03, seed=5)
    fit = models.fit_logistic(DATES, y)
    assert fit.notes, "a logistic fitted to pure exponential data must say the ceiling is not pinned"


def test_ceiling_below_threshold_means_never_reached():
    y = synthetic(models._logistic, [5.0, 1.0, 5.0], 0.03, seed=2)
    fit = models.fit_logistic(DATES, y)
    assert fit.date_reaching(math.exp(9)) == (None, None, None)
    with pytest.raises(ValueError, match="no ceiling"):
        models.fit_exponential(DATES, y).ceiling()


def test_prediction_intervals_cover_new_observations_at_nominal_rate():
    hits = total = 0
    future = pd.date_range(DATES[-1], periods=3, freq="QS")[1:]
    t_future = models.years_since(future, DATES[0])
    for seed in range(100):
        rng = np.random.default_rng(seed)
        y = np.exp(1.0 + 0.4 * T + rng.normal(0, 0.1, len(T)))
        new = np.exp(1.0 + 0.4 * t_future + rng.normal(0, 0.1, len(t_future)))
        pred = models.fit_exponential(DATES, y, hac_lags=0).predict(future)
        hits += int(((pred["pi_low"] <= new) & (new <= pred["pi_high"])).sum())
        total += len(new)
        assert (pred["ci_low"] >= pred["pi_low"]).all() and (pred["ci_high"] <= pred["pi_high"]).all()
    assert 0.90 <= hits / total <= 0.99


def test_backtest_model_beats_naive_on_a_bending_curve():
    y = synthetic(models._logistic, [6.0, 0.9, 6.0], 0.03, seed=4)
    bt = models.rolling_origin_backtest(DATES, y, model="logistic", horizon=4, min_train=16)
    assert bt.relative_mae < 1
    assert len(bt.errors) == len(DATES) - 16 - 4 + 1
    assert bt.failures == 0


def test_naive_forecast_is_hard_to_beat_on_a_random_walk():
    rng = np.random.default_rng(8)
    y = np.exp(np.cumsum(rng.normal(0.1, 0.15, len(DATES))))
    bt = models.rolling_origin_backtest(DATES, y, model="logistic", horizon=4, min_train=12)
    assert bt.relative_mae > 0.8


def test_naive_drift_forecast_extends_average_growth():
    t = np.array([0.0, 1.0, 2.0])
    assert models.naive_drift_forecast(t, np.log([1.0, 2.0, 4.0]), 3.0) == pytest.approx(math.log(8))


@pytest.mark.parametrize("values, message", [
    ([1, 2, 3], "at least 4"),
    ([1, 2, -3, 4, 5], "positive"),
    ([1, 2, float("nan"), 4, 5], "positive"),
])
def test_bad_model_input_gets_a_clear_error(values, message):
    with pytest.raises(models.ModelInputError, match=message):
        models.fit_exponential(DATES[: len(values)], values)


def test_models_on_different_samples_are_not_compared():
    y = synthetic(models._exponential, [1.0, 0.6], 0.03, seed=5)
    a = models.fit_exponential(DATES, y)
    b = models.fit_exponential(DATES[:20], y[:20])
    with pytest.raises(models.ModelInputError, match="same observations"):
        models.compare_models([a, b])


def test_fits_are_deterministic():
    y = synthetic(models._gompertz, [6.0, 0.35, 4.0], 0.04, seed=9)
    first = models.fit_gompertz(DATES, y).params
    second = models.fit_gompertz(DATES, y).params
    assert np.array_equal(first, second)
