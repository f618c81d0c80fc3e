"""The models' arithmetic against hand calculations (issue 14): time in years, fit
statistics, interval quantiles, predictions, thresholds, backtest windows and the
Diebold-Mariano statistic, on fits whose every number is known."""

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import models

ORIGIN = pd.Timestamp("2020-01-01")


def known_fit(model="exponential", params=(1.0, 0.5), log_y=None, cov=None,
              t=(0.0, 1.0, 2.0, 3.0, 4.0)):
    """A fit with chosen parameters, covariance and residuals."""
    t = np.array(t, dtype=float)
    curve = {"exponential": models._exponential, "logistic": models._logistic,
             "gompertz": models._gompertz}[model]
    params = np.array(params, dtype=float)
    log_y = curve(t, params) if log_y is None else np.array(log_y, dtype=float)
    cov = np.zeros((len(params), len(params))) if cov is None else np.array(cov, dtype=float)
    names = (["log_level_at_origin", "growth_rate"] if model == "exponential"
             else ["log_ceiling", "rate", "midpoint_years"])
    return models.GrowthFit(model, names, params, cov, ORIGIN, t, log_y, curve, "test")


def test_time_is_counted_in_years_of_365_25_days():
    dates = [ORIGIN, ORIGIN + pd.Timedelta(days=365.25), ORIGIN + pd.Timedelta(days=730.5)]
    assert models.years_since(dates, ORIGIN).tolist() == [0.0, 1.0, 2.0]
    assert models.date_from_years(2.0, ORIGIN) == ORIGIN + pd.Timedelta(days=730.5)
    assert models.date_from_years(1e6, ORIGIN) is None


def test_exp_saturates_instead_of_overflowing():
    assert models._exp(709.0) == math.exp(709.0)
    assert models._exp(709.5) == math.inf


@pytest.mark.parametrize("dates, values, message", [
    (pd.date_range("2020", periods=4, freq="YS"), [1, 2, 3], "^4 dates but 3 values$"),
    ([ORIGIN, ORIGIN, ORIGIN + pd.Timedelta(days=9), ORIGIN + pd.Timedelta(days=99)],
     [1, 2, 3, 4], "^dates must be distinct$"),
    (pd.date_range("2020", periods=4, freq="YS"), [1, 2, 0, 4], "positive and finite"),
    (pd.date_range("2020", periods=4, freq="YS"), [1, 2, math.inf, 4], "positive and finite"),
])
def test_each_input_check_names_its_problem(dates, values, message):
    with pytest.raises(models.ModelInputError, match=message):
        models.fit_exponential(dates, values)


def test_series_are_put_in_date_order():
    dates = pd.to_datetime(["2022-01-01", "2020-01-01", "2021-01-01", "2023-01-01"])
    ordered, values = models._check_series(dates, [3.0, 1.0, 2.0, 4.0], min_obs=4)
    assert values.tolist() == [1.0, 2.0, 3.0, 4.0]
    assert ordered.tolist() == sorted(dates) and ordered.index.tolist() == [0, 1, 2, 3]


def test_delta_method_matches_the_analytic_standard_error():
    cov = np.array([[0.04, 0.01], [0.01, 0.09]])
    value, se = models._delta_method(lambda p: p[0] * p[1], np.array([2.0, 3.0]), cov)
    gradient = np.array([3.0, 2.0])
    assert value == 6.0 and se == pytest.approx(math.sqrt(gradient @ cov @ gradient), rel=1e-6)


def test_estimate_map_swaps_bounds_of_a_decreasing_function():
    estimate = models.Estimate(2.0, 1.0, 4.0)
    assert tuple(estimate.map(lambda x: 1 / x, decreasing=True)) == (0.5, 0.25, 1.0)
    assert tuple(estimate.map(lambda x: x * 10)) == (20.0, 10.0, 40.0)
    unknown = models.Estimate.not_identified("flat")
    assert unknown.map(lambda x: x) is unknown and unknown.reason == "flat"
    assert all(math.isnan(x) for x in models.Estimate(1.0, 0.0, 2.0, identified=False))


def test_fit_statistics_by_hand():
    residuals = np.array([0.1, -0.2, 0.0, 0.2, -0.1])
    fit = known_fit(log_y=models._exponential(np.arange(5.0), np.array([1.0, 0.5])) + residuals)
    ssr, n, k = 0.1, 5, 3
    assert fit.nobs == n and fit.k == k and fit.df_resid == 3
    assert fit.resid == pytest.approx(residuals)
    assert fit.sigma == pytest.approx(math.sqrt(ssr / 3))
    llf = -0.5 * n * (math.log(2 * math.pi * ssr / n) + 1)
    assert fit.llf == pytest.approx(llf)
    assert fit.aic == pytest.approx(2 * k - 2 * llf)
    assert fit.bic == pytest.approx(k * math.log(n) - 2 * llf)
    assert fit.aicc == pytest.approx(fit.aic + 2 * 3 * 4 / 1)  # n - k - 1 = 1 spare point
    four = known_fit(t=range(4))
    assert math.isnan(four.aicc)  # no spare observation: no small-sample correction
    six = known_fit(t=range(6), log_y=models._exponential(np.arange(6.0), np.array([1.0, 0.5]))
                    + np.array([0.1, -0.1, 0, 0, 0.1, -0.1]))
    assert six.aicc == pytest.approx(six.aic + 2 * 3 * 4 / 2)


def test_a_perfect_fit_keeps_a_finite_likelihood():
    assert math.isfinite(known_fit().llf)


def test_interval_quantiles_use_student_t_on_the_residual_degrees_of_freedom():
    cov = np.diag([0.04, 0.01])
    fit = known_fit(cov=cov)
    q = stats.t.ppf(0.975, 3)
    frame = fit.summary_frame()
    assert list(frame.columns) == ["estimate", "std_error", "ci_low", "ci_high"]
    assert list(frame.index) == ["log_level_at_origin", "growth_rate"]
    assert frame.loc["growth_rate"].tolist() == pytest.approx([0.5, 0.1, 0.5 - q * 0.1,
                                                               0.5 + q * 0.1])
    rate = fit.growth_rate()
    assert tuple(rate) == pytest.approx((0.5, 0.5 - q * 0.1, 0.5 + q * 0.1), rel=1e-5)
    q90 = stats.t.ppf(0.95, 3)
    assert fit.growth_rate(alpha=0.1).low == pytest.approx(0.5 - q90 * 0.1, rel=1e-5)
    assert tuple(fit.annual_growth_factor()) == pytest.approx(
        (math.exp(0.5), math.exp(0.5 - q * 0.1), math.exp(0.5 + q * 0.1)), rel=1e-5)


def test_doubling_time_is_unbounded_when_growth_may_be_zero():
    fit = known_fit(params=(1.0, 0.1), cov=np.diag([0.0, 0.01]))
    value, low, high = fit.doubling_time()
    q = stats.t.ppf(0.975, 3)
    assert value == pytest.approx(math.log(2) / 0.1, rel=1e-5)
    assert low == pytest.approx(math.log(2) / (0.1 + q * 0.1), rel=1e-5)
    assert high == math.inf


def test_growth_rate_at_a_date_on_a_logistic_curve():
    log_k, r, tm = 5.0, 0.8, 3.0
    fit = known_fit("logistic", (log_k, r, tm), cov=np.zeros((3, 3)))
    date = ORIGIN + pd.Timedelta(days=1.5 * 365.25)
    expected = r / (1 + math.exp(r * (1.5 - tm)))
    assert fit.growth_rate(date).value == pytest.approx(expected, rel=1e-6)
    assert fit.growth_rate().value == pytest.approx(r / (1 + math.exp(r * (4.0 - tm))), rel=1e-6)


def test_a_singular_covariance_gives_no_interval():
    fit = known_fit(cov=np.full((2, 2), math.inf))
    rate = fit.growth_rate()
    assert not rate.identified and "singular" in rate.reason


def test_predict_median_intervals_and_mean_by_hand():
    residuals = np.array([0.1, -0.2, 0.0, 0.2, -0.1])
    fit = known_fit(log_y=models._exponential(np.arange(5.0), np.array([1.0, 0.5])) + residuals)
    sigma, q = fit.sigma, stats.t.ppf(0.975, 3)
    date = ORIGIN + pd.Timedelta(days=6 * 365.25)
    row = fit.predict([date], mean=True).iloc[0]
    centre = 1.0 + 0.5 * 6
    assert row["date"] == date
    assert row["median"] == pytest.approx(math.exp(centre))
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((math.exp(centre),) * 2)
    assert row["pi_low"] == pytest.approx(math.exp(centre - q * sigma))
    assert row["pi_high"] == pytest.approx(math.exp(centre + q * sigma))
    assert row["mean"] == pytest.approx(math.exp(centre + sigma ** 2 / 2))
    assert list(fit.predict([date]).columns) == ["date", "median", "ci_low", "ci_high",
                                                 "pi_low", "pi_high"]


def test_ceiling_of_a_saturating_fit_by_hand():
    fit = known_fit("gompertz", (6.0, 0.5, 2.0), cov=np.diag([0.01, 0.0, 0.0]),
                    log_y=models._gompertz(np.arange(5.0), np.array([6.0, 0.5, 2.0]))
                    + np.array([0.1, -0.1, 0.0, 0.1, -0.1]))
    q = stats.t.ppf(0.975, 2)
    assert tuple(fit.ceiling()) == pytest.approx(
        (math.exp(6.0), math.exp(6.0 - q * 0.1), math.exp(6.0 + q * 0.1)))


def test_dates_reaching_a_threshold_by_hand():
    exponential = known_fit(params=(0.0, math.log(2)))  # doubles every year
    when, low, high = exponential.date_reaching(8.0)
    assert when == models.date_from_years(3.0, ORIGIN) and low == high == when
    log_k, r, tm = math.log(100.0), 1.0, 2.0
    logistic = known_fit("logistic", (log_k, r, tm), cov=np.zeros((3, 3)))
    expected = tm - math.log(math.expm1(log_k - math.log(50.0))) / r  # the midpoint
    assert expected == pytest.approx(tm)
    assert logistic.date_reaching(50.0)[0] == models.date_from_years(expected, ORIGIN)
    assert logistic.date_reaching(100.0) == (None, None, None)
    gompertz = known_fit("gompertz", (log_k, r, tm), cov=np.zeros((3, 3)))
    t_star = tm - math.log(log_k - math.log(20.0)) / r
    assert gompertz.date_reaching(20.0)[0] == models.date_from_years(t_star, ORIGIN)


def test_threshold_solvers_by_hand():
    assert models._reach_exponential([1.0, 0.0], 3.0) == math.inf
    assert models._reach_exponential([1.0, 2.0], 3.0) == 1.0
    assert models._reach_gompertz([2.0, 1.0, 0.0], 2.0) == math.inf
    assert models._reach_logistic([2.0, 1.0, 0.0], 2.5) == math.inf
    assert models._log_expm1(800.0) == pytest.approx(800.0)
    assert models._log_expm1(1.0) == pytest.approx(math.log(math.e - 1))


@pytest.mark.parametrize("nobs, lags", [(100, 4), (40, 3), (8, 2)])
def test_newey_west_lag_rule(nobs, lags):
    assert models.newey_west_lags(nobs) == lags


def test_exponential_reports_the_larger_of_hac_and_ols_errors():
    dates = pd.date_range("2020-01-01", periods=12, freq="QS")
    noise = np.array([0.05, -0.04, 0.03, -0.06, 0.02, 0.01, -0.03, 0.04, -0.02, 0.05, -0.05, 0.0])
    values = np.exp(1 + 0.3 * models.years_since(dates, dates[0]) + noise)
    fit = models.fit_exponential(dates, values, hac_lags=0)
    assert fit.cov_type in ("HAC (Newey-West, 0 lags)",
                            "classical OLS (larger than HAC in this short sample)")
    import statsmodels.api as sm
    design = sm.add_constant(fit.t)
    ols = sm.OLS(fit.log_y, design).fit().cov_params()[1, 1]
    hac = sm.OLS(fit.log_y, design).fit(cov_type="HAC", cov_kwds={
        "maxlags": 0, "use_correction": True}).cov_params()[1, 1]
    assert fit.cov[1, 1] == pytest.approx(max(ols, hac))
    assert fit.params[1] == pytest.approx(np.polyfit(fit.t, fit.log_y, 1)[0])


def test_failure_reasons_say_whether_the_ceiling_ran_off():
    log_y = np.log([1.0, 2.0, 4.0])
    assert models._failure_reason(None, log_y) == "did not converge from any starting point"
    near = SimpleNamespace(x=[math.log(4.0) + math.log(100.0), 9.0, 9.0])
    assert models._failure_reason(near, log_y) == (
        f"stopped at the cap of {models.SATURATING_MAX_EVALUATIONS} evaluations without "
        "converging")
    far = SimpleNamespace(x=[math.log(4.0) + math.log(100.0) + 0.01, 0.0, 0.0])
    assert models._failure_reason(far, log_y).endswith(
        "; its ceiling was running off to infinity, where the curve becomes the exponential, "
        "so the data show no saturation")


def fits_with_aicc(values: dict):
    """Fits of one series whose AICc are the given values (by shifting a fit's residuals)."""
    base = known_fit(t=range(8), log_y=models._exponential(np.arange(8.0), np.array([1.0, 0.5]))
                     + np.array([0.1, -0.1, 0.05, -0.05, 0.1, -0.1, 0.02, -0.02]))
    made = []
    for name, aicc in values.items():
        fit = known_fit(t=range(8), log_y=base.log_y)
        fit.model = name
        made.append(SimpleNamespace(model=name, nobs=8, failed=False, k=3, llf=fit.llf,
                                    aic=aicc - 4.8, bic=aicc, aicc=aicc, notes=[], boundary=""))
    return made


def test_model_comparison_weights_ties_and_order_by_hand():
    table = models.compare_models(fits_with_aicc({"a": 12.0, "b": 10.0, "c": 13.99}))
    assert table["model"].tolist() == ["b", "a", "c"]
    assert table["delta_aicc"].tolist() == pytest.approx([0.0, 2.0, 3.99])
    weights = np.exp(-0.5 * np.array([0.0, 2.0, 3.99]))
    assert table["akaike_weight"].tolist() == pytest.approx(weights / weights.sum())
    assert table["tie"].tolist() == [False, False, False]  # 2.0 points apart is no tie
    close = models.compare_models(fits_with_aicc({"a": 11.99, "b": 10.0}))
    assert close["tie"].tolist() == [True, True]
    alone = models.compare_models(fits_with_aicc({"a": 10.0}))
    assert alone["tie"].tolist() == [False] and alone["akaike_weight"].tolist() == [1.0]


def test_backtest_windows_and_errors_by_hand():
    dates = pd.date_range("2020-01-01", periods=12, freq="QS")
    t = models.years_since(dates, dates[0])
    values = np.exp(1.0 + 0.4 * t + 0.01 * np.sin(7 * t))
    bt = models.rolling_origin_backtest(dates, values, horizon=2, min_train=8)
    assert len(bt.errors) == 3  # training ends after 8, 9 and 10 points
    assert bt.errors["origin_date"].tolist() == list(dates[7:10])
    assert bt.errors["target_date"].tolist() == list(dates[9:12])
    assert bt.errors["actual"].tolist() == list(values[9:12])
    first = models.fit_exponential(dates[:8], values[:8]).predict(dates[[9]]).iloc[0]
    assert bt.errors["forecast_model"].iloc[0] == pytest.approx(first["median"])
    assert bt.errors["error_model"].iloc[0] == pytest.approx(math.log(values[9] / first["median"]))
    naive = models.naive_drift_forecast(t[:8], np.log(values[:8]), t[9])
    assert bt.errors["forecast_naive"].iloc[0] == pytest.approx(math.exp(naive))
    assert bt.errors["error_naive"].iloc[0] == pytest.approx(math.log(values[9]) - naive)
    assert bt.horizon == 2 and bt.model == "exponential"
    with pytest.raises(models.ModelInputError, match="at least 14"):
        models.rolling_origin_backtest(dates, values, horizon=6, min_train=8)


def test_backtest_scores_by_hand():
    errors = pd.DataFrame({"error_model": [0.1, -0.3, math.nan, 0.2],
                           "error_naive": [0.2, 0.2, 0.9, -0.2],
                           "covered": [True, False, None, True]})
    bt = models.BacktestResult("exponential", 1, errors)
    assert bt.mae_model == pytest.approx(0.2) and bt.mae_naive == pytest.approx(0.2)
    assert bt.relative_mae == pytest.approx(1.0) and bt.failures == 1
    assert bt.coverage == pytest.approx(2 / 3)
    assert len(bt.scored) == 3
    flat = models.BacktestResult("x", 1, errors.assign(error_naive=0.0))
    assert math.isnan(flat.relative_mae)


def test_diebold_mariano_statistic_by_hand():
    model = np.array([0.1, -0.2, 0.3, -0.1, 0.2])
    naive = np.array([0.3, 0.1, -0.4, 0.2, -0.5])
    d = np.abs(model) - np.abs(naive)
    n = 5
    variance = np.sum((d - d.mean()) ** 2) / n / n
    statistic = math.sqrt((n + 1 - 2) / n) * d.mean() / math.sqrt(variance)
    test = models.diebold_mariano(model, naive)
    assert test.statistic == pytest.approx(statistic)
    assert test.p_value == pytest.approx(2 * stats.t.sf(abs(statistic), df=n - 1))
    assert test.mean_loss_difference == pytest.approx(d.mean()) and test.nobs == 5
    squared = models.diebold_mariano(model, naive, loss="squared")
    assert squared.mean_loss_difference == pytest.approx(np.mean(model ** 2 - naive ** 2))


def test_diebold_mariano_with_overlapping_forecasts_by_hand():
    model = np.array([0.1, -0.2, 0.3, -0.1, 0.2, 0.4])
    naive = np.array([0.3, 0.1, -0.4, 0.2, -0.5, 0.1])
    d = np.abs(model) - np.abs(naive)
    n, h = 6, 2
    c = d - d.mean()
    variance = (c @ c / n + 2 * (c[1:] @ c[:-1]) / n) / n
    if not variance > 0:
        variance = (c @ c / n) / n
    statistic = math.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n) * d.mean() / math.sqrt(variance)
    assert models.diebold_mariano(model, naive, horizon=h).statistic == pytest.approx(statistic)


def test_diebold_mariano_says_when_it_cannot_test():
    assert models.diebold_mariano([0.1, 0.2], [0.3, 0.1]).reason == "only 2 forecasts to compare"
    same = models.diebold_mariano([0.1, 0.2, 0.3], [0.1, 0.2, 0.3])
    assert same.reason == "the two forecasts have identical losses" and math.isnan(same.p_value)


@pytest.mark.parametrize("p_value, statistic, better", [
    (0.049, -1.0, "model"), (0.049, 1.0, "naive"), (0.05, -3.0, "neither"),
    (math.nan, -3.0, "neither")])
def test_which_forecast_is_better_at_five_percent(p_value, statistic, better):
    assert models.DMTest(statistic, p_value, 0.0, 10, 1, "absolute").better == better


def test_break_test_candidates_leave_a_trimmed_share_on_each_side():
    dates = pd.date_range("2015-01-01", periods=20, freq="QS")
    t = models.years_since(dates, dates[0])
    values = np.exp(0.2 * t + 0.8 * np.maximum(t - t[12], 0) + 0.02 * np.sin(5 * t))
    result = models.break_test(dates, values, trim=0.2, simulations=19)
    assert list(result.f_by_date.index) == list(dates[4:17])  # ceil(0.2 * 20) = 4 each side
    assert abs(result.break_index - 12) <= 1
    assert result.break_date == dates[result.break_index]
    assert result.p_value == pytest.approx(1 / 20)  # no simulated sup-F reaches it
    assert not result.rejects(alpha=0.05) and result.rejects(alpha=0.051)
    assert result.method.startswith("sup-F over break dates trimmed 20% from each end; "
                                    "p-value from 19 simulations")


def test_unequal_spacing_is_noted_for_the_ar1_trend():
    dates = pd.to_datetime(["2020-01-01", "2020-04-01", "2020-07-01", "2020-10-01",
                            "2021-01-01", "2021-04-01", "2021-07-01", "2022-07-01"])
    t = models.years_since(dates, dates[0])
    trend = models.fit_trend_ar1(dates, np.exp(0.5 * t + 0.01 * np.cos(9 * t)))
    assert trend.notes[0] == ("observations are unequally spaced; AR(1) errors assume equal "
                              "spacing")
    assert trend.nobs == 8


def test_a_threshold_date_without_an_interval_has_no_bounds():
    fit = known_fit(params=(0.0, math.log(2)), cov=np.full((2, 2), math.inf))
    assert fit.date_reaching(8.0) == (models.date_from_years(3.0, ORIGIN), None, None)


def test_ar1_trend_interval_uses_student_t_with_n_minus_4_degrees_of_freedom():
    dates = pd.date_range("2016-01-01", periods=24, freq="QS")
    t = models.years_since(dates, dates[0])
    values = np.exp(0.5 * t + np.random.default_rng(5).normal(0, 0.05, 24))
    wide = models.fit_trend_ar1(dates, values).growth_rate
    narrow = models.fit_trend_ar1(dates, values, alpha=0.1).growth_rate
    assert wide.identified
    ratio = (wide.high - wide.low) / (narrow.high - narrow.low)
    assert ratio == pytest.approx(stats.t.ppf(0.975, 20) / stats.t.ppf(0.95, 20))
