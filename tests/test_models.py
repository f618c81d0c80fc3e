"""Growth models recover known parameters from synthetic data, with honest intervals."""

import dataclasses
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


@pytest.mark.parametrize("fitter", [models.fit_logistic, models.fit_gompertz])
def test_ceiling_of_an_exponential_in_disguise_is_not_identified(fitter):
    y = synthetic(models._exponential, [1.0, 0.6], 0.03, seed=5)
    fit = fitter(DATES, y)
    ceiling = fit.ceiling()
    assert not ceiling.identified and ceiling.reason
    assert all(math.isnan(v) for v in ceiling), "no number, and no infinite interval"
    assert fit.boundary and any("not identified" in note for note in fit.notes)
    # Its growth rate at the data's end is a number with a finite interval or not identified.
    rate = fit.annual_growth_factor()
    assert all(map(math.isfinite, rate)) if rate.identified else rate.reason


def test_identified_ceiling_is_an_estimate_that_unpacks():
    y = synthetic(models._logistic, [6.0, 0.9, 6.0], 0.04, seed=7)
    ceiling = models.fit_logistic(DATES, y).ceiling()
    assert ceiling.identified and ceiling.reason == ""
    value, low, high = ceiling
    assert (value, low, high) == (ceiling.value, ceiling.low, ceiling.high)
    assert low < math.exp(6.0) < high


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


# -- failed fits, small-sample comparison ----------------------------------------------

def test_fit_all_keeps_a_family_it_cannot_fit_with_the_reason():
    fits = models.fit_all(DATES[:4], [1.0, 2.0, 3.5, 7.0])
    assert list(fits) == ["exponential", "logistic", "gompertz"]
    assert not fits["exponential"].failed
    for name in ("logistic", "gompertz"):
        assert fits[name].failed and "at least 5" in fits[name].reason
    table = models.compare_models(list(fits.values()))
    failed = table[table["failed"]]
    assert set(failed["model"]) == {"logistic", "gompertz"}
    assert not failed["comparable"].any() and failed["reason"].str.contains("at least 5").all()
    assert table.iloc[0]["model"] == "exponential"


def test_a_fit_stopped_by_its_evaluation_cap_is_a_failed_fit(monkeypatch):
    monkeypatch.setattr(models, "SATURATING_MAX_EVALUATIONS", 2)
    y = synthetic(models._gompertz, [6.0, 0.35, 4.0], 0.04, seed=9)
    fit = models.fit_all(DATES, y)["gompertz"]
    assert fit.failed and "cap of 2 evaluations" in fit.reason
    assert fit.notes == [f"fit failed: {fit.reason}"]


def test_aicc_adds_the_small_sample_penalty():
    y = synthetic(models._exponential, [1.0, 0.6], 0.05, seed=2)
    fit = models.fit_exponential(DATES[:8], y[:8])
    assert fit.aicc - fit.aic == pytest.approx(2 * 3 * 4 / (8 - 3 - 1))
    # Too few observations for the correction: not a number, never ranked.
    assert math.isnan(models.fit_logistic(DATES[:5], y[:5]).aicc)
    table = models.compare_models([models.fit_exponential(DATES[:4], y[:4])])
    assert not table.loc[0, "comparable"]
    assert table.loc[0, "reason"] == "too few observations for AICc"


def test_models_within_two_aicc_points_are_a_tie():
    y = synthetic(models._exponential, [1.0, 0.6], 0.05, seed=2)
    fit = models.fit_exponential(DATES, y)
    twin = dataclasses.replace(fit, model="twin", log_y=fit.log_y + 1e-3 * np.sin(T))
    table = models.compare_models([fit, twin])
    assert table["tie"].all() and table["delta_aicc"].max() < 2
    bending = synthetic(models._logistic, [6.0, 0.9, 6.0], 0.03, seed=4)
    table = models.compare_models(list(models.fit_all(DATES, bending).values()))
    assert not table.loc[table["model"] == "logistic", "tie"].item()
    assert table["akaike_weight"].sum() == pytest.approx(1.0)


def test_a_fit_at_a_parameter_boundary_is_listed_but_not_ranked():
    y = synthetic(models._exponential, [1.0, 0.6], 0.03, seed=5)
    table = models.compare_models(list(models.fit_all(DATES, y).values())).set_index("model")
    assert table.loc["logistic", "at_boundary"] and not table.loc["logistic", "comparable"]
    assert "boundary" in table.loc["logistic", "reason"]
    assert math.isnan(table.loc["logistic", "delta_aicc"])
    assert math.isnan(table.loc["logistic", "akaike_weight"])
    assert not math.isnan(table.loc["logistic", "aicc"]), "its criteria are still shown"
    assert table.index[0] == "exponential"


# -- predictions: median and mean -------------------------------------------------------

def test_prediction_centre_is_the_median_and_the_mean_is_offered_on_request():
    sigma = 0.6
    future = pd.date_range(DATES[-1], periods=2, freq="QS")[1:]
    t_future = models.years_since(future, DATES[0])[0]
    below_median, predicted_mean, actual = 0, [], []
    for seed in range(200):
        rng = np.random.default_rng(seed)
        y = np.exp(1.0 + 0.4 * T + rng.normal(0, sigma, len(T)))
        new = math.exp(1.0 + 0.4 * t_future + rng.normal(0, sigma))
        fit = models.fit_exponential(DATES, y, hac_lags=0)
        assert "mean" not in fit.predict(future).columns
        pred = fit.predict(future, mean=True).iloc[0]
        below_median += new < pred["median"]
        predicted_mean.append(pred["mean"])
        actual.append(new)
    assert 0.4 <= below_median / 200 <= 0.6
    # The log-normal mean exceeds the median by about exp(sigma^2 / 2) = 1.2.
    assert np.mean(predicted_mean) == pytest.approx(np.mean(actual), rel=0.1)


# -- backtests --------------------------------------------------------------------------

def test_backtest_scores_model_and_naive_on_the_same_origins(monkeypatch):
    y = synthetic(models._exponential, [1.0, 0.5], 0.1, seed=6)
    fit_exponential = models.fit_exponential

    def fails_on_short_windows(dates, values):
        if len(values) < 14:
            return models.FailedFit("exponential", "window too short for this test", len(values))
        return fit_exponential(dates, values)

    monkeypatch.setitem(models.FITTERS, "exponential", fails_on_short_windows)
    bt = models.rolling_origin_backtest(DATES, y, horizon=2, min_train=8)
    assert bt.failures == 6
    scored = bt.errors.iloc[6:]
    assert bt.mae_naive == pytest.approx(scored["error_naive"].abs().mean())
    assert bt.mae_naive != pytest.approx(bt.errors["error_naive"].abs().mean())
    assert bt.relative_mae == pytest.approx(scored["error_model"].abs().mean()
                                            / scored["error_naive"].abs().mean())


def test_backtest_reports_prediction_interval_coverage():
    y = synthetic(models._exponential, [1.0, 0.5], 0.1, seed=6)
    bt = models.rolling_origin_backtest(DATES, y, horizon=1, min_train=8)
    inside = (bt.errors["pi_low"] <= bt.errors["actual"]) & (bt.errors["actual"]
                                                               <= bt.errors["pi_high"])
    assert bt.coverage == pytest.approx(inside.mean())
    assert bt.level == 0.95 and bt.coverage >= 0.85
    # A strongly autocorrelated random walk escapes a trend's interval far more often.
    rng = np.random.default_rng(8)
    walk = np.exp(np.cumsum(rng.normal(0.1, 0.3, len(DATES))))
    assert models.rolling_origin_backtest(DATES, walk, horizon=4, min_train=8).coverage < 0.85


# -- trend tests: structural break, AR(1) errors, Diebold-Mariano, leave-one-out ---------

def kinked(t, p):
    """log y growing at p[0] a year, then at p[1] a year from time p[2] on."""
    return p[0] * t + (p[1] - p[0]) * np.maximum(t - p[2], 0.0)


def test_break_test_finds_the_break_date_and_rejects():
    y = synthetic(kinked, [0.3, 1.0, T[24]], 0.05, seed=1, ar=0.3)
    result = models.break_test(DATES, y, simulations=199)
    assert abs(result.break_index - 24) <= 2
    assert result.break_date == DATES[result.break_index]
    assert result.rejects() and result.p_value <= 0.01
    assert "AR(1)" in result.method and len(result.f_by_date) == len(DATES) - 2 * 6 + 1


def test_break_test_has_close_to_nominal_size_with_autocorrelated_errors():
    reps = 60
    rejections = sum(models.break_test(DATES, synthetic(models._exponential, [1.0, 0.5], 0.05,
                                                        seed=seed, ar=0.5),
                                       simulations=99, seed=seed).rejects()
                     for seed in range(reps))
    # Nominal 5%; a sup-F against an iid null would reject far more often with AR(0.5) errors.
    assert rejections / reps <= 0.15


def test_trend_with_ar1_errors_has_close_to_nominal_coverage():
    reps, hits, phis = 60, 0, []
    for seed in range(reps):
        y = synthetic(models._exponential, [1.0, 0.5], 0.05, seed=seed, ar=0.6)
        trend = models.fit_trend_ar1(DATES, y)
        hits += trend.growth_rate.low <= 0.5 <= trend.growth_rate.high
        phis.append(trend.ar1)
    assert 0.85 <= hits / reps <= 1.0
    assert 0.35 <= np.median(phis) <= 0.75
    assert trend.annual_growth_factor.value == pytest.approx(math.exp(trend.growth_rate.value))


def test_trend_with_random_walk_errors_is_not_identified():
    dates = pd.date_range("2000-01-01", periods=200, freq="MS")
    t = models.years_since(dates, dates[0])
    rng = np.random.default_rng(3)
    trend = models.fit_trend_ar1(dates, np.exp(0.5 * t + np.cumsum(rng.normal(0, 0.2, 200))))
    assert trend.ar1 > 0.95
    assert not trend.growth_rate.identified and "random walk" in trend.growth_rate.reason
    stationary = np.exp(0.5 * t + rng.normal(0, 0.2, 200))
    assert models.fit_trend_ar1(dates, stationary).growth_rate.identified


def test_diebold_mariano_has_nominal_size_and_power():
    rng = np.random.default_rng(0)
    reps = 400
    size = np.mean([models.diebold_mariano(rng.normal(0, 1, 25), rng.normal(0, 1, 25)).p_value
                    < 0.05 for _ in range(reps)])
    assert 0.02 <= size <= 0.09
    # Four-step forecasts from overlapping windows: errors are MA(3); the test allows for it.
    ma3 = lambda: np.convolve(rng.normal(0, 1, 28), np.ones(4), mode="valid")
    size_h4 = np.mean([models.diebold_mariano(ma3(), ma3(), horizon=4).p_value < 0.05
                       for _ in range(reps)])
    assert size_h4 <= 0.12
    better = models.diebold_mariano(rng.normal(0, 0.3, 25), rng.normal(0, 1, 25))
    assert better.better == "model" and better.statistic < 0


def test_backtest_diebold_mariano_uses_the_scored_origins():
    y = synthetic(models._logistic, [6.0, 0.9, 6.0], 0.03, seed=4)
    bt = models.rolling_origin_backtest(DATES, y, model="logistic", horizon=4, min_train=16)
    dm = bt.diebold_mariano()
    assert dm.nobs == len(bt.scored) and dm.horizon == 4
    assert dm.mean_loss_difference == pytest.approx(bt.mae_model - bt.mae_naive)


def test_leave_one_out_finds_the_influential_point():
    dates = DATES[:8]
    y = np.exp(0.7 * T[:8])
    clean = models.leave_one_out_growth(dates, y)
    assert clean.needed and clean.nobs == 8
    assert clean.low == pytest.approx(clean.high) == pytest.approx(math.exp(0.7))
    y[-1] *= 3  # one outlying last quarter
    shaken = models.leave_one_out_growth(dates, y)
    assert shaken.most_influential == dates[-1]
    assert shaken.low == pytest.approx(math.exp(0.7))
    assert shaken.full.value > shaken.low
    assert not models.leave_one_out_growth(DATES[:12], np.exp(0.7 * T[:12])).needed
