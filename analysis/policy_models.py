"""Models for policy questions: interrupted time series and the gap between two trends.

* **Segmented regression** (``fit_segmented``): OLS of a series on a time trend with a
  step (level change) at each intervention and optionally a change of slope after it.
  Quarterly series are serially correlated, so standard errors are Newey-West (HAC),
  or classical OLS where those are larger (HAC under-covers in short samples); for
  irregularly spaced cross-sections ``cov_type="HC1"`` gives White errors instead.
  Candidate specifications are ranked by AICc (``compare``); a step is "identified" only
  if its 95% interval excludes zero.
* **Counterfactual shortfall** (``counterfactual_shortfall``): a model fitted before an
  intervention, projected over the later periods, minus what happened, weighted (e.g. a
  share times revenue).  Its interval adds the parameter uncertainty of the projection to
  the residual noise of each period (a prediction interval for the sum), assuming the
  residuals after the intervention would have been as large and as independent as before.
* **Zero crossing** (``zero_crossing``): when a fitted linear trend reaches zero (a gap
  closing), with a delta-method interval; "not identified" when the slope's interval
  includes zero or the crossing is not ahead of the data.
* **Trend gap of two groups** (``fit_group_gap``): log-linear trends with a group
  intercept and a group slope; the leader's horizontal lead in years at a date, with a
  delta-method interval, and whether the gap is closing (group-slope interval above zero).
* **Rolling-origin forecasts** (``rolling_origin``): a forecaster refitted on each expanding
  window and scored on the next observation against the naive rule "the last value
  persists", with both rules' prediction intervals and how often they covered the outcome.
  ``segmented_forecaster`` forecasts with a segmented regression that only includes the
  interventions already seen on both sides in its window (a step still ahead is unknown to
  it); ``log=True`` fits the logarithm (exponential decay or growth).
* **Out-of-sample check** (``out_of_sample``): a fit frozen at one date, scored on each
  observation that came after it (inside its prediction interval or not).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from .models import BacktestResult, ModelInputError, newey_west_lags

Z95 = stats.norm.ppf(0.975)


@dataclass(frozen=True)
class SegmentedFit:
    """A fitted segmented regression: ``terms`` name the columns of the design."""

    name: str
    terms: tuple[str, ...]
    params: np.ndarray
    cov: np.ndarray
    sigma2: float
    nobs: int
    llf: float
    cov_type: str
    breaks: tuple[float, ...]
    slope_changes: tuple[float, ...]
    trend: bool

    @property
    def k(self) -> int:
        """Estimated parameters, including the error variance."""
        return len(self.params) + 1

    @property
    def aicc(self) -> float:
        aic = 2 * self.k - 2 * self.llf
        room = self.nobs - self.k - 1
        return aic + 2 * self.k * (self.k + 1) / room if room > 0 else math.inf

    def effect(self, term: str) -> tuple[float, float, float]:
        """Estimate of one term with its 95% interval."""
        i = self.terms.index(term)
        se = math.sqrt(self.cov[i, i])
        return float(self.params[i]), float(self.params[i] - Z95 * se), float(
            self.params[i] + Z95 * se)

    def sum_of(self, terms: list[str]) -> tuple[float, float, float]:
        """The sum of several terms (e.g. two steps) with its 95% interval."""
        w = np.array([1.0 if t in terms else 0.0 for t in self.terms])
        value, se = float(w @ self.params), math.sqrt(float(w @ self.cov @ w))
        return value, value - Z95 * se, value + Z95 * se

    def design(self, t) -> np.ndarray:
        return design_matrix(np.asarray(t, dtype=float), self.breaks, self.slope_changes,
                             self.trend)[0]

    def predict(self, t) -> np.ndarray:
        return self.design(t) @ self.params


def design_matrix(t: np.ndarray, breaks=(), slope_changes=(), trend: bool = True
                  ) -> tuple[np.ndarray, tuple[str, ...]]:
    """Columns: constant, trend, a step from each break on, a ramp from each slope change on.

    A period belongs after an intervention from the first period at or after its time.
    """
    columns, names = [np.ones_like(t)], ["constant"]
    if trend:
        columns.append(t)
        names.append("trend")
    for b in breaks:
        columns.append((t >= b).astype(float))
        names.append(f"step at {b:g}")
    for b in slope_changes:
        columns.append(np.where(t >= b, t - b, 0.0))
        names.append(f"slope change at {b:g}")
    return np.column_stack(columns), tuple(names)


def fit_segmented(t, y, breaks=(), slope_changes=(), trend: bool = True, name: str = "",
                  cov_type: str = "HAC") -> SegmentedFit:
    """OLS of ``y`` on the segmented design, with robust standard errors (see module)."""
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    if not (np.isfinite(t).all() and np.isfinite(y).all()):
        raise ModelInputError("segmented regression needs finite times and values")
    x, terms = design_matrix(t, breaks, slope_changes, trend)
    if len(y) < x.shape[1] + 2:
        raise ModelInputError(f"{len(y)} observations cannot identify {x.shape[1]} "
                              "coefficients and the error variance")
    for column, term in zip(x.T[1:], terms[1:]):
        if np.ptp(column) == 0:
            raise ModelInputError(f"'{term}' is constant over the data: no period on one side")
    classical = sm.OLS(y, x).fit()
    if cov_type == "HAC":
        lags = newey_west_lags(len(y))
        robust = sm.OLS(y, x).fit(cov_type="HAC", cov_kwds={"maxlags": lags,
                                                          "use_correction": True})
        label = f"HAC (Newey-West, {lags} lags)"
    else:
        robust, label = sm.OLS(y, x).fit(cov_type=cov_type), f"{cov_type} (White)"
    # Robust errors understate uncertainty in short samples: never report less than OLS
    # (compared on the summed variances, so the matrix stays one estimator's).
    cov = np.asarray(robust.cov_params())
    if np.trace(np.asarray(classical.cov_params())) > np.trace(cov):
        cov, label = np.asarray(classical.cov_params()), "classical OLS (larger than robust)"
    return SegmentedFit(name, terms, np.asarray(classical.params), cov,
                        float(classical.mse_resid), len(y), float(classical.llf), label,
                        tuple(breaks), tuple(slope_changes), trend)


def compare(fits: list[SegmentedFit]) -> pd.DataFrame:
    """AICc ranking of specifications fitted to the same observations, best first."""
    if len({f.nobs for f in fits}) != 1:
        raise ModelInputError("specifications must be fitted to the same observations")
    table = pd.DataFrame({"model": [f.name for f in fits],
                          "parameters": [f.k for f in fits],
                          "aicc": [f.aicc for f in fits]})
    table["delta_aicc"] = table["aicc"] - table["aicc"].min()
    weights = np.exp(-0.5 * table["delta_aicc"])
    table["akaike_weight"] = weights / weights.sum()
    return table.sort_values("aicc", kind="stable").reset_index(drop=True)


def counterfactual_shortfall(before: SegmentedFit, t_after, y_after, weights
                             ) -> tuple[float, float, float]:
    """Sum over later periods of weight x (projection of ``before`` - observed), with a
    95% prediction interval (parameter uncertainty plus each period's residual noise)."""
    w = np.asarray(weights, dtype=float)
    x = before.design(t_after)
    gap = x @ before.params - np.asarray(y_after, dtype=float)
    total = float(w @ gap)
    var = float(w @ x @ before.cov @ x.T @ w) + before.sigma2 * float(w @ w)
    q = stats.t.ppf(0.975, before.nobs - len(before.params))
    return total, total - q * math.sqrt(var), total + q * math.sqrt(var)


def zero_crossing(fit: SegmentedFit, after: float) -> tuple[float, float, float] | None:
    """Time at which a constant + trend fit reaches zero, with a delta-method interval;
    None (not identified) if the slope's interval includes zero or the crossing is not
    later than ``after``."""
    a, b = fit.params[0], fit.params[1]
    _, b_low, b_high = fit.effect("trend")
    if b_low <= 0 <= b_high:
        return None
    crossing = -a / b
    gradient = np.array([-1 / b, a / b ** 2])
    se = math.sqrt(float(gradient @ fit.cov[:2, :2] @ gradient))
    if crossing <= after:
        return None
    return crossing, crossing - Z95 * se, crossing + Z95 * se


@dataclass(frozen=True)
class GroupGap:
    """Log-linear trends of a leader and a follower: log10 y = a + b t + c g + d g t."""

    params: np.ndarray
    cov: np.ndarray
    nobs: tuple[int, int]

    def lead_years(self, t: float) -> tuple[float, float, float]:
        """How many years the follower's trend lags the leader's at time ``t``: the vertical
        gap divided by the leader's slope, with a delta-method interval."""
        a, b, c, d = self.params
        lead = -(c + d * t) / b
        gradient = np.array([0.0, (c + d * t) / b ** 2, -1 / b, -t / b])
        se = math.sqrt(float(gradient @ self.cov @ gradient))
        return lead, lead - Z95 * se, lead + Z95 * se

    def closing_rate(self) -> tuple[float, float, float]:
        """The follower's extra slope (orders of magnitude a year) with its 95% interval."""
        se = math.sqrt(self.cov[3, 3])
        return self.params[3], self.params[3] - Z95 * se, self.params[3] + Z95 * se


def fit_group_gap(t, log10_y, follower) -> GroupGap:
    """Fit the two trends jointly by OLS with White (HC1) errors (irregular dates)."""
    t, y = np.asarray(t, dtype=float), np.asarray(log10_y, dtype=float)
    g = np.asarray(follower, dtype=float)
    counts = (int((g == 0).sum()), int((g == 1).sum()))
    if min(counts) < 4:
        raise ModelInputError(f"each group needs at least 4 points, got {counts}")
    x = np.column_stack([np.ones_like(t), t, g, g * t])
    res = sm.OLS(y, x).fit(cov_type="HC1")
    return GroupGap(np.asarray(res.params), np.asarray(res.cov_params()), counts)


# ------------------------------------------------------------------ rolling-origin forecasts

def prediction_interval(fit: SegmentedFit, t: float, level: float = 0.95
                        ) -> tuple[float, float, float]:
    """Forecast of ``fit`` at ``t`` with a prediction interval (parameter uncertainty plus
    one period's residual noise, Student t)."""
    x = fit.design([t])[0]
    median = float(x @ fit.params)
    se = math.sqrt(float(x @ fit.cov @ x) + fit.sigma2)
    q = stats.t.ppf(0.5 + level / 2, fit.nobs - len(fit.params))
    return median, median - q * se, median + q * se


def out_of_sample(fit: SegmentedFit, t, y, log: bool = False, level: float = 0.95
                  ) -> pd.DataFrame:
    """Later observations against a fit frozen before them: each one's forecast, its
    prediction interval and whether the outcome fell inside. ``log=True`` for a fit of the
    logarithm (forecast and interval are returned in the units of ``y``)."""
    rows = []
    for time, actual in zip(np.asarray(t, dtype=float), np.asarray(y, dtype=float)):
        values = prediction_interval(fit, time, level)
        forecast, low, high = np.exp(values) if log else values
        rows.append({"t": time, "actual": actual, "forecast": forecast, "pi_low": low,
                     "pi_high": high, "inside": bool(low <= actual <= high)})
    return pd.DataFrame(rows, columns=["t", "actual", "forecast", "pi_low", "pi_high",
                                       "inside"])


def segmented_forecaster(breaks=(), trend: bool = True, log: bool = False,
                         cov_type: str = "HAC"):
    """A forecaster for ``rolling_origin``: fit a segmented regression to the window and
    forecast the target time. Only breaks with observations on both sides in the window
    enter the fit."""
    def forecast(t_train, y_train, t_target, level):
        seen = tuple(b for b in breaks if (t_train < b).any() and (t_train >= b).any())
        y = np.log(y_train) if log else y_train
        fit = fit_segmented(t_train, y, breaks=seen, trend=trend, cov_type=cov_type)
        values = prediction_interval(fit, t_target, level)
        return tuple(np.exp(values)) if log else values
    return forecast


def _naive_forecast(y_train: np.ndarray, level: float) -> tuple[float, float, float]:
    """The last value persists; its interval is the spread of one-period changes so far."""
    changes = np.diff(y_train)
    q = stats.t.ppf(0.5 + level / 2, len(changes) - 1)
    half = q * float(np.std(changes, ddof=1))
    return float(y_train[-1]), float(y_train[-1] - half), float(y_train[-1] + half)


def rolling_origin(t, y, forecaster, name: str, min_train: int, level: float = 0.95
                   ) -> BacktestResult:
    """One-step-ahead forecasts from every expanding window of at least ``min_train``
    observations. Errors are actual minus forecast, in the units of ``y``; the result's
    ``coverage`` is the model's, ``naive_coverage`` the naive rule's."""
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    if min_train < 3 or len(y) <= min_train:
        raise ModelInputError(f"{len(y)} observations leave no forecast after a first "
                              f"window of {min_train} (at least 3)")
    rows = []
    for end in range(min_train, len(y)):
        model, low, high = forecaster(t[:end], y[:end], t[end], level)
        naive, n_low, n_high = _naive_forecast(y[:end], level)
        rows.append({"origin": t[end - 1], "target": t[end], "actual": y[end],
                     "forecast_model": model, "forecast_naive": naive,
                     "error_model": y[end] - model, "error_naive": y[end] - naive,
                     "pi_low": low, "pi_high": high, "covered": low <= y[end] <= high,
                     "naive_low": n_low, "naive_high": n_high,
                     "naive_covered": n_low <= y[end] <= n_high})
    return BacktestResult(name, 1, pd.DataFrame(rows), level)


def naive_coverage(result: BacktestResult) -> float:
    """Share of targets inside the naive rule's prediction interval."""
    return float(result.scored["naive_covered"].astype(float).mean())
