"""Growth models for dated series, with honest uncertainty.

Three curve families are fitted to the *logarithm* of a positive series, so that
errors are proportional, the fits share one likelihood and their information
criteria are comparable:

* exponential (log-linear):  log y = a + g t
* logistic:                  log y = log K - log(1 + exp(-r (t - tm)))
* Gompertz:                  log y = log K - exp(-r (t - tm))

``t`` is time in years since the first observation.  What each method assumes:

* **Exponential fit** (``fit_exponential``): OLS on log y; errors have constant
  variance on the log scale.  Standard errors are Newey-West (HAC), or classical
  OLS where those are larger, because growth series have serially correlated
  residuals; HAC still under-covers in short, strongly autocorrelated samples.
* **Saturating curves** (``fit_logistic``, ``fit_gompertz``): nonlinear least
  squares (scipy) with the asymptotic covariance, which assumes independent
  errors and a curve that bends within the data.  The search for a ceiling stops
  at a million times the largest observation.  A curve whose ceiling reaches that
  limit, whose midpoint lies beyond the data or whose ceiling interval spans
  orders of magnitude is the exponential in disguise: its ceiling is reported as *not identified*
  (:class:`Estimate` with ``identified=False``) and the fit as sitting at the
  boundary of the parameter space (ceiling -> infinity).  A fit that does not
  converge, or stops at its evaluation cap, is a :class:`FailedFit` with its
  reason; model code never raises on valid data.
* **Comparison** (``compare_models``): AIC, BIC and the small-sample AICc on the
  same observations; ranking and Akaike weights use AICc; models within 2 AICc
  points are flagged as a tie.  Information criteria assume regular models, so a
  fit at a parameter boundary, or failed, is listed but not ranked.
* **Intervals**: derived quantities (growth factor, doubling time, level at a
  date, date a threshold is reached) get delta-method intervals.  ``predict``
  returns the *median* of the log-normal predictive distribution (exp of the
  log-scale centre) with confidence and prediction intervals; the mean,
  exp(centre + variance / 2), only when asked.
* **Backtest** (``rolling_origin_backtest``): expanding windows from the first
  observation; model and naive rule (random walk with drift in logs) are scored
  on the same origins, and the empirical coverage of the model's 95% prediction
  interval is reported next to the nominal level.
* **Structural break** (``break_test``): sup-F (Quandt-Andrews) for a break in
  level and slope of the log-linear trend at an unknown date, with trimming.
  The p-value is simulated under the null of no break with AR(1) errors whose
  coefficient is estimated from the residuals, so it does not assume independent
  errors (it does assume AR(1) dependence, Gaussian innovations and equally
  spaced observations).
* **Trend with AR(1) errors** (``fit_trend_ar1``): feasible GLS (statsmodels
  ARIMA with a time trend); assumes equally spaced observations and stationary
  AR(1) errors around the trend.  Errors close to a random walk leave the trend
  not identified.
* **Diebold-Mariano** (``diebold_mariano``): loss differential of two forecast
  error series with a Newey-West variance over horizon - 1 lags and the
  Harvey-Leybourne-Newbold small-sample correction against Student's t; assumes
  a covariance-stationary loss differential.
* **Leave-one-out influence** (``leave_one_out_growth``): the exponential growth
  factor refitted without each point in turn, the check every headline rate
  fitted on fewer than ten points needs.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Callable, ClassVar

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import optimize, stats
from statsmodels.tsa.arima.model import ARIMA

DAYS_PER_YEAR = 365.25
# A ceiling whose 95% interval spans more than this factor is not identified by the data.
UNIDENTIFIED_CEILING_SPAN = 100.0
# Models closer than this many AICc points are a tie (Burnham & Anderson's rule of thumb).
TIE_AICC = 2.0
SATURATING_MAX_EVALUATIONS = 800


class ModelInputError(ValueError):
    """The series handed to a model cannot be fitted (too short, non-positive, ...)."""


def years_since(dates, origin: pd.Timestamp) -> np.ndarray:
    """Decimal years from ``origin`` to each date."""
    delta = pd.to_datetime(pd.Series(dates)).reset_index(drop=True) - origin
    return (delta.dt.total_seconds() / 86400 / DAYS_PER_YEAR).to_numpy()


def date_from_years(t: float, origin: pd.Timestamp) -> pd.Timestamp | None:
    """``origin`` plus ``t`` years; ``None`` when that lies outside the calendar pandas can
    represent (a projection centuries away is no date)."""
    try:
        return origin + pd.Timedelta(days=float(t) * DAYS_PER_YEAR)
    except (OverflowError, ValueError, pd.errors.OutOfBoundsDatetime,
            pd.errors.OutOfBoundsTimedelta):
        return None


def _exp(x: float) -> float:
    """exp that saturates at infinity instead of raising OverflowError."""
    return math.inf if x > 709.0 else math.exp(x)


def _check_series(dates, values, min_obs: int) -> tuple[pd.Series, np.ndarray]:
    dates = pd.to_datetime(pd.Series(dates)).reset_index(drop=True)
    values = np.asarray(values, dtype=float)
    if len(dates) != len(values):
        raise ModelInputError(f"{len(dates)} dates but {len(values)} values")
    if len(values) < min_obs:
        raise ModelInputError(f"needs at least {min_obs} observations, got {len(values)}")
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise ModelInputError("values must be positive and finite (the models work in logs)")
    if dates.duplicated().any():
        raise ModelInputError("dates must be distinct")
    order = np.argsort(dates.to_numpy())
    return dates.iloc[order].reset_index(drop=True), values[order]


def _delta_method(func: Callable[[np.ndarray], float], params: np.ndarray,
                  cov: np.ndarray) -> tuple[float, float]:
    """Value of ``func(params)`` and its standard error by the delta method (nan when the
    gradient or the covariance is not finite)."""
    value = func(params)
    grad = np.zeros(len(params))
    for i, p in enumerate(params):
        h = 1e-6 * max(1.0, abs(p))
        up, down = params.copy(), params.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (func(up) - func(down)) / (2 * h)
    with np.errstate(all="ignore"):
        var = float(grad @ cov @ grad)
    return value, math.sqrt(var) if var >= 0 else math.nan


class Estimate(tuple):
    """A quantity with its interval, unpacking as ``(value, low, high)``.

    ``identified`` is False when the data do not pin the quantity down; then the three
    numbers are nan and ``reason`` says why, so a page prints "not identified" instead
    of a number with an infinite interval.
    """

    def __new__(cls, value: float, low: float, high: float, identified: bool = True,
                reason: str = ""):
        numbers = (value, low, high) if identified else (math.nan, math.nan, math.nan)
        self = super().__new__(cls, numbers)
        self.identified = identified
        self.reason = reason
        return self

    @classmethod
    def not_identified(cls, reason: str) -> "Estimate":
        return cls(math.nan, math.nan, math.nan, identified=False, reason=reason)

    value = property(lambda self: self[0])
    low = property(lambda self: self[1])
    high = property(lambda self: self[2])

    def map(self, func: Callable[[float], float], decreasing: bool = False) -> "Estimate":
        """The estimate transformed by a monotone ``func`` (bounds swap if decreasing)."""
        if not self.identified:
            return self
        low, high = (func(self.high), func(self.low)) if decreasing else (func(self.low),
                                                                          func(self.high))
        return Estimate(func(self.value), low, high)


@dataclass
class FailedFit:
    """A curve family that could not be fitted, kept so that pages can say so."""

    model: str
    reason: str
    nobs: int
    failed: ClassVar[bool] = True

    @property
    def notes(self) -> list[str]:
        return [f"fit failed: {self.reason}"]


@dataclass
class GrowthFit:
    """Results of fitting one growth curve to a dated series (log scale).

    ``ceiling_problem`` is set when a saturating curve's ceiling is not identified;
    ``boundary`` names a parameter at the edge of its space (then information
    criteria are not compared).
    """

    model: str
    param_names: list[str]
    params: np.ndarray
    cov: np.ndarray
    origin: pd.Timestamp
    t: np.ndarray
    log_y: np.ndarray
    log_curve: Callable[[np.ndarray, np.ndarray], np.ndarray]
    cov_type: str
    notes: list[str] = field(default_factory=list)
    ceiling_problem: str = ""
    boundary: str = ""
    failed: ClassVar[bool] = False
    reason: ClassVar[str] = ""

    # -- fit statistics ---------------------------------------------------------------
    @property
    def nobs(self) -> int:
        return len(self.t)

    @property
    def k(self) -> int:
        """Estimated parameters, counting the residual variance."""
        return len(self.params) + 1

    @property
    def resid(self) -> np.ndarray:
        return self.log_y - self.log_curve(self.t, self.params)

    @property
    def df_resid(self) -> int:
        return self.nobs - len(self.params)

    @property
    def sigma(self) -> float:
        """Residual standard deviation on the log scale (degrees-of-freedom corrected)."""
        return float(math.sqrt(np.sum(self.resid ** 2) / self.df_resid))

    @property
    def llf(self) -> float:
        """Gaussian log-likelihood of log y at the maximum-likelihood variance."""
        n = self.nobs
        # A perfect fit has zero variance; floor it so the likelihood stays finite.
        s2 = max(np.sum(self.resid ** 2) / n, 1e-300)
        return float(-0.5 * n * (math.log(2 * math.pi * s2) + 1))

    @property
    def aic(self) -> float:
        return 2 * self.k - 2 * self.llf

    @property
    def aicc(self) -> float:
        """AIC with the small-sample correction; nan when there are too few observations."""
        spare = self.nobs - self.k - 1
        return self.aic + 2 * self.k * (self.k + 1) / spare if spare > 0 else math.nan

    @property
    def bic(self) -> float:
        return self.k * math.log(self.nobs) - 2 * self.llf

    def summary_frame(self, alpha: float = 0.05) -> pd.DataFrame:
        se = np.sqrt(np.diag(self.cov))
        q = stats.t.ppf(1 - alpha / 2, self.df_resid)
        return pd.DataFrame({"estimate": self.params, "std_error": se,
                             "ci_low": self.params - q * se, "ci_high": self.params + q * se},
                            index=self.param_names)

    # -- derived quantities -----------------------------------------------------------
    def _t(self, date) -> float:
        return float(years_since([date], self.origin)[0])

    def _interval(self, func, alpha: float) -> Estimate:
        value, se = _delta_method(func, self.params, self.cov)
        if not (math.isfinite(value) and math.isfinite(se)):
            return Estimate.not_identified("the fit's covariance is singular, so this "
                                           "quantity has no finite interval")
        q = stats.t.ppf(1 - alpha / 2, self.df_resid)
        return Estimate(value, value - q * se, value + q * se)

    def growth_rate(self, date=None, alpha: float = 0.05) -> Estimate:
        """Instantaneous growth rate d(log y)/dt per year at ``date`` (default: last obs)."""
        t = self.t[-1] if date is None else self._t(date)
        h = 1e-4
        return self._interval(lambda p: float((self.log_curve(np.array([t + h]), p)
                                               - self.log_curve(np.array([t - h]), p))[0]
                                              / (2 * h)), alpha)

    def annual_growth_factor(self, date=None, alpha: float = 0.05) -> Estimate:
        """Factor by which the series multiplies per year at ``date`` (exp of growth rate)."""
        return self.growth_rate(date, alpha).map(_exp)

    def doubling_time(self, date=None, alpha: float = 0.05) -> Estimate:
        """Years for the series to double at the growth rate of ``date``.

        The interval inverts the growth-rate interval; an upper bound is infinite
        when the growth-rate interval includes zero.
        """
        inv = lambda x: math.log(2) / x if x > 0 else math.inf
        return self.growth_rate(date, alpha).map(inv, decreasing=True)

    def ceiling(self, alpha: float = 0.05) -> Estimate:
        """Saturation level K of a logistic or Gompertz curve, with its interval, or "not
        identified" (with the reason) when the data show no sign of saturation."""
        if "log_ceiling" not in self.param_names:
            raise ValueError(f"the {self.model} model has no ceiling")
        if self.ceiling_problem:
            return Estimate.not_identified(self.ceiling_problem)
        row = self.summary_frame(alpha).loc["log_ceiling"]
        return Estimate(_exp(row.estimate), _exp(row.ci_low), _exp(row.ci_high))

    def predict(self, dates, alpha: float = 0.05, mean: bool = False) -> pd.DataFrame:
        """Fitted level at ``dates`` with confidence (curve) and prediction (new
        observation) intervals.

        ``median`` is exp of the log-scale centre: the median of the log-normal
        predictive distribution.  With ``mean=True`` a ``mean`` column adds the
        predictive mean exp(centre + (se² + sigma²) / 2), which counts both the
        residual and the parameter variance.
        """
        t_new = years_since(dates, self.origin)
        q = stats.t.ppf(1 - alpha / 2, self.df_resid)
        rows = []
        for t in t_new:
            centre, se = _delta_method(lambda p: float(self.log_curve(np.array([t]), p)[0]),
                                       self.params, self.cov)
            var_pred = se ** 2 + self.sigma ** 2
            se_pred = math.sqrt(var_pred)
            rows.append((centre, centre - q * se, centre + q * se, centre - q * se_pred,
                         centre + q * se_pred, centre + var_pred / 2))
        logs = np.array(rows).reshape(-1, 6)
        with np.errstate(over="ignore"):
            out = pd.DataFrame(np.exp(logs), columns=["median", "ci_low", "ci_high", "pi_low",
                                                      "pi_high", "mean"])
        if not mean:
            out = out.drop(columns="mean")
        out.insert(0, "date", pd.to_datetime(pd.Series(dates)).reset_index(drop=True))
        return out

    def date_reaching(self, threshold: float, alpha: float = 0.05):
        """Date at which the fitted curve reaches ``threshold``, with a delta-method interval.

        Returns (date, low, high); ``None`` for the date when the curve never gets
        there (a saturating curve whose ceiling is below the threshold) and for a
        bound that is infinite or beyond the representable calendar.
        """
        solve = _THRESHOLD_SOLVERS[self.model]
        log_thr = math.log(threshold)
        t_star = solve(self.params, log_thr)
        if not math.isfinite(t_star):
            return None, None, None
        value, lo, hi = self._interval(lambda p: solve(p, log_thr), alpha)
        if math.isnan(value):
            value = t_star
        as_date = lambda x: date_from_years(x, self.origin) if math.isfinite(x) else None
        return as_date(value), as_date(lo), as_date(hi)


# ------------------------------------------------------------------------------ curves

def _exponential(t, p):
    return p[0] + p[1] * t


def _logistic(t, p):
    log_k, r, tm = p
    return log_k - np.logaddexp(0.0, -r * (t - tm))


def _gompertz(t, p):
    log_k, r, tm = p
    with np.errstate(over="ignore"):
        return log_k - np.exp(-r * (t - tm))


def _logistic_jacobian(t, p):
    log_k, r, tm = p
    slope = 1 / (1 + np.exp(np.clip(r * (t - tm), -700, 700)))  # sigmoid(-r (t - tm))
    return np.column_stack([np.ones_like(t), slope * (t - tm), -slope * r])


def _gompertz_jacobian(t, p):
    log_k, r, tm = p
    with np.errstate(over="ignore"):
        decay = np.exp(-r * (t - tm))
    return np.column_stack([np.ones_like(t), decay * (t - tm), -decay * r])


def _reach_exponential(p, log_thr):
    return (log_thr - p[0]) / p[1] if p[1] != 0 else math.inf


def _log_expm1(x: float) -> float:
    """log(exp(x) - 1) for x > 0 without overflow."""
    return math.log(math.expm1(x)) if x < 700.0 else x + math.log1p(-math.exp(-x))


def _reach_logistic(p, log_thr):
    log_k, r, tm = p
    if log_thr >= log_k:
        return math.inf
    return tm - _log_expm1(log_k - log_thr) / r


def _reach_gompertz(p, log_thr):
    log_k, r, tm = p
    if log_thr >= log_k:
        return math.inf
    return tm - math.log(log_k - log_thr) / r


_THRESHOLD_SOLVERS = {"exponential": _reach_exponential, "logistic": _reach_logistic,
                      "gompertz": _reach_gompertz}


def newey_west_lags(nobs: int) -> int:
    """Newey-West (1994) rule of thumb for the HAC truncation lag."""
    return int(math.floor(4 * (nobs / 100) ** (2 / 9)))


def fit_exponential(dates, values, hac_lags: int | None = None) -> GrowthFit:
    """Log-linear trend by OLS with Newey-West (HAC) standard errors."""
    dates, values = _check_series(dates, values, min_obs=4)
    origin = dates.iloc[0]
    t = years_since(dates, origin)
    log_y = np.log(values)
    lags = newey_west_lags(len(t)) if hac_lags is None else hac_lags
    design = sm.add_constant(t)
    hac = sm.OLS(log_y, design).fit(cov_type="HAC", cov_kwds={"maxlags": lags,
                                                              "use_correction": True})
    classical = sm.OLS(log_y, design).fit()
    # Newey-West understates uncertainty in short samples: never report less than OLS does.
    if classical.cov_params()[1, 1] > hac.cov_params()[1, 1]:
        res, cov_type = classical, "classical OLS (larger than HAC in this short sample)"
    else:
        res, cov_type = hac, f"HAC (Newey-West, {lags} lags)"
    return GrowthFit("exponential", ["log_level_at_origin", "growth_rate"],
                     np.asarray(res.params), np.asarray(res.cov_params()), origin, t, log_y,
                     _exponential, cov_type=cov_type)


RATE_LOWER_BOUND = 1e-6
# The search for a ceiling stops at this multiple of the largest observation: a curve that
# needs more is the exponential, and the cap keeps the optimiser from wandering off.
CEILING_SEARCH_LIMIT = 1e6


def _best_least_squares(curve, jacobian, t, log_y):
    """Best converged NLS solution over several starting points, and the best of those
    that stopped at the evaluation cap (None if none did)."""
    slope = max(np.polyfit(t, log_y, 1)[0], 0.05)
    span = t[-1] - t[0]
    best = capped = None
    max_log_k = log_y.max() + math.log(CEILING_SEARCH_LIMIT)
    # Several starting points: the ceiling may lie just above the data or far beyond it.
    for log_k_gap in (0.5, 2.0, 5.0):
        for tm_shift in (0.0, 0.5 * span, 2.0 * span):
            start = np.array([log_y.max() + log_k_gap, slope * 2, t[-1] + tm_shift - span / 2])
            try:
                with np.errstate(all="ignore"):
                    sol = optimize.least_squares(
                        lambda p: curve(t, p) - log_y, start, jac=lambda p: jacobian(t, p),
                        bounds=([-np.inf, RATE_LOWER_BOUND, -np.inf], [max_log_k, np.inf, np.inf]),
                        method="trf", x_scale="jac", max_nfev=SATURATING_MAX_EVALUATIONS)
            except (ValueError, FloatingPointError, np.linalg.LinAlgError):
                continue
            if not np.all(np.isfinite(sol.x)):
                continue
            if sol.status == 0 and (capped is None or sol.cost < capped.cost):
                capped = sol
            elif sol.status > 0 and (best is None or sol.cost < best.cost):
                best = sol
    return best, capped


def _failure_reason(capped, log_y) -> str:
    if capped is None:
        return "did not converge from any starting point"
    reason = f"stopped at the cap of {SATURATING_MAX_EVALUATIONS} evaluations without converging"
    if capped.x[0] > log_y.max() + math.log(UNIDENTIFIED_CEILING_SPAN):
        reason += ("; its ceiling was running off to infinity, where the curve becomes the "
                   "exponential, so the data show no saturation")
    return reason


def _ceiling_problem(params, cov, t, log_y, dof) -> str:
    """Why the data do not identify a saturating curve's ceiling, or '' if they do."""
    log_k, rate, midpoint = params
    span = t[-1] - t[0]
    if log_k >= log_y.max() + math.log(CEILING_SEARCH_LIMIT) - 1e-6:
        return (f"the ceiling ran to the search limit of {CEILING_SEARCH_LIMIT:,.0f} times the "
                "largest observation: the data show no sign of saturation")
    if not np.all(np.isfinite(cov)):
        return "the likelihood is flat in the ceiling (singular information matrix)"
    if midpoint > t[-1] + span:
        return (f"the curve has not started to bend: its midpoint lies "
                f"{midpoint - t[-1]:.0f} years after the last observation, so it is the "
                "exponential in disguise")
    ci_span = 2 * stats.t.ppf(0.975, dof) * math.sqrt(cov[0, 0])
    if not math.isfinite(ci_span) or ci_span > math.log(UNIDENTIFIED_CEILING_SPAN):
        return (f"the ceiling's 95% interval spans more than a factor of "
                f"{UNIDENTIFIED_CEILING_SPAN:.0f}")
    return ""


def _fit_saturating(name, curve, jacobian, dates, values) -> GrowthFit | FailedFit:
    dates, values = _check_series(dates, values, min_obs=5)
    origin = dates.iloc[0]
    t = years_since(dates, origin)
    log_y = np.log(values)
    best, capped = _best_least_squares(curve, jacobian, t, log_y)
    if best is None:
        return FailedFit(name, _failure_reason(capped, log_y), len(t))
    dof = len(t) - len(best.x)
    s2 = 2 * best.cost / dof
    information = best.jac.T @ best.jac
    try:
        singular = np.linalg.cond(information) > 1e12
        cov = np.full((3, 3), np.inf) if singular else np.linalg.inv(information) * s2
    except np.linalg.LinAlgError:
        cov = np.full((3, 3), np.inf)
    problem = _ceiling_problem(best.x, cov, t, log_y, dof)
    notes = [f"ceiling not identified: {problem}"] if problem else []
    if not problem and 2 * stats.t.ppf(0.975, dof) * math.sqrt(cov[0, 0]) > math.log(10):
        notes.append("the ceiling is poorly pinned down: its 95% interval spans more than a "
                     "factor of 10")
    boundary = ""
    if best.x[1] <= RATE_LOWER_BOUND * 1.01:
        boundary = "the rate sits at its lower bound"
    elif problem:
        boundary = "the ceiling runs off to infinity, where the curve becomes the exponential"
    return GrowthFit(name, ["log_ceiling", "rate", "midpoint_years"], best.x, cov, origin, t,
                     log_y, curve, cov_type="asymptotic NLS", notes=notes,
                     ceiling_problem=problem, boundary=boundary)


def fit_logistic(dates, values) -> GrowthFit | FailedFit:
    """Logistic (S-shaped) curve on the log scale by nonlinear least squares."""
    return _fit_saturating("logistic", _logistic, _logistic_jacobian, dates, values)


def fit_gompertz(dates, values) -> GrowthFit | FailedFit:
    """Gompertz (asymmetric S) curve on the log scale by nonlinear least squares."""
    return _fit_saturating("gompertz", _gompertz, _gompertz_jacobian, dates, values)


FITTERS = {"exponential": fit_exponential, "logistic": fit_logistic, "gompertz": fit_gompertz}


def compare_models(fits: list[GrowthFit | FailedFit]) -> pd.DataFrame:
    """Information criteria (lower is better), best model first.

    Ranked by AICc (small-sample AIC); ``akaike_weight`` is computed from AICc among
    the ``comparable`` fits.  A failed fit or one at a parameter boundary is listed
    with ``comparable`` False and no deltas or weight.  ``tie`` marks comparable fits
    within 2 AICc points of the best when there are at least two of them.
    """
    if len({f.nobs for f in fits}) != 1:
        raise ModelInputError("models must be fitted to the same observations to be compared")
    rows = []
    for f in fits:
        if f.failed:
            criteria = dict.fromkeys(["parameters", "log_likelihood", "aic", "bic", "aicc"],
                                     math.nan)
            reason = f.reason
        else:
            criteria = {"parameters": f.k, "log_likelihood": f.llf, "aic": f.aic,
                        "bic": f.bic, "aicc": f.aicc}
            reason = (f"at a parameter boundary: {f.boundary}" if f.boundary
                      else "" if math.isfinite(f.aicc) else "too few observations for AICc")
        rows.append({"model": f.model, **criteria, "notes": "; ".join(f.notes),
                     "failed": f.failed, "at_boundary": bool(not f.failed and f.boundary),
                     "reason": reason})
    table = pd.DataFrame(rows)
    table["comparable"] = ~table["failed"] & ~table["at_boundary"] & table["aicc"].notna()
    ranked = table["comparable"]
    table["delta_aic"] = (table["aic"] - table.loc[ranked, "aic"].min()).where(ranked)
    table["delta_aicc"] = (table["aicc"] - table.loc[ranked, "aicc"].min()).where(ranked)
    weights = np.exp(-0.5 * table["delta_aicc"])
    table["akaike_weight"] = weights / weights.sum()
    close = ranked & (table["delta_aicc"] < TIE_AICC)
    table["tie"] = close & (close.sum() > 1)
    order = table.assign(_unranked=~ranked, _failed=table["failed"]).sort_values(
        ["_unranked", "_failed", "aicc"], kind="stable").index
    return table.loc[order].reset_index(drop=True)


def fit_all(dates, values) -> dict[str, GrowthFit | FailedFit]:
    """Every curve family, fitted or recorded as a :class:`FailedFit` with its reason."""
    _check_series(dates, values, min_obs=4)
    fits = {}
    for name, fitter in FITTERS.items():
        try:
            fits[name] = fitter(dates, values)
        except ModelInputError as error:
            fits[name] = FailedFit(name, str(error), len(values))
    return fits


# ------------------------------------------------------------------------------ backtest

@dataclass
class BacktestResult:
    """Rolling-origin forecast errors (log points) of a model and a naive baseline.

    Scores compare the two on the same origins: those where the model failed to fit
    are dropped for both.
    """

    model: str
    horizon: int
    errors: pd.DataFrame
    level: float = 0.95

    @property
    def scored(self) -> pd.DataFrame:
        """Origins where the model produced a forecast."""
        return self.errors[self.errors["error_model"].notna()]

    @property
    def mae_model(self) -> float:
        return float(self.scored["error_model"].abs().mean())

    @property
    def mae_naive(self) -> float:
        return float(self.scored["error_naive"].abs().mean())

    @property
    def relative_mae(self) -> float:
        """Model MAE over naive MAE: below 1 means the model beat the naive forecast."""
        return self.mae_model / self.mae_naive if self.mae_naive > 0 else math.nan

    @property
    def failures(self) -> int:
        return int(self.errors["error_model"].isna().sum())

    @property
    def coverage(self) -> float:
        """Share of scored targets inside the model's prediction interval (nominal:
        ``level``)."""
        return float(self.scored["covered"].astype(float).mean())

    def diebold_mariano(self, loss: str = "absolute") -> "DMTest":
        """Diebold-Mariano test of the model's errors against the naive rule's."""
        return diebold_mariano(self.scored["error_model"], self.scored["error_naive"],
                               horizon=self.horizon, loss=loss)


def naive_drift_forecast(t_train: np.ndarray, log_train: np.ndarray, t_target: float) -> float:
    """Random walk with drift in logs: last value plus the average growth per year so far."""
    drift = (log_train[-1] - log_train[0]) / (t_train[-1] - t_train[0])
    return float(log_train[-1] + drift * (t_target - t_train[-1]))


def rolling_origin_backtest(dates, values, model: str = "exponential", horizon: int = 4,
                            min_train: int = 8, level: float = 0.95) -> BacktestResult:
    """Refit on each expanding window and forecast ``horizon`` observations ahead.

    Errors are log(actual) - log(forecast), so 0.1 is roughly a 10% miss.  A
    window where the model does not fit is kept as a missing error rather than
    dropped, so failures stay visible.  ``covered`` says whether the actual value
    fell inside the model's ``level`` prediction interval.
    """
    dates, values = _check_series(dates, values, min_obs=min_train + horizon)
    origin = dates.iloc[0]
    t_all = years_since(dates, origin)
    log_all = np.log(values)
    rows = []
    for end in range(min_train, len(values) - horizon + 1):
        target = end + horizon - 1
        fit = FITTERS[model](dates.iloc[:end], values[:end])
        forecast = {"median": math.nan, "pi_low": math.nan, "pi_high": math.nan}
        if not fit.failed:
            # Training windows start at the first observation, so both share one origin.
            forecast = fit.predict(dates.iloc[[target]], alpha=1 - level).iloc[0]
        naive = naive_drift_forecast(t_all[:end], log_all[:end], t_all[target])
        with np.errstate(divide="ignore"):
            log_fc = float(np.log(forecast["median"]))
        rows.append({"origin_date": dates.iloc[end - 1], "target_date": dates.iloc[target],
                     "actual": values[target], "forecast_model": forecast["median"],
                     "forecast_naive": math.exp(naive),
                     "error_model": log_all[target] - log_fc if not fit.failed else math.nan,
                     "error_naive": log_all[target] - naive,
                     "pi_low": forecast["pi_low"], "pi_high": forecast["pi_high"],
                     "covered": (forecast["pi_low"] <= values[target] <= forecast["pi_high"])
                     if not fit.failed else None})
    if not rows:
        raise ModelInputError("series too short for this backtest")
    return BacktestResult(model, horizon, pd.DataFrame(rows), level)


# ------------------------------------------------------------------------------ tests of the trend

@dataclass
class DMTest:
    """Diebold-Mariano test of equal forecast accuracy (negative statistic: the first
    forecast has the smaller loss)."""

    statistic: float
    p_value: float
    mean_loss_difference: float
    nobs: int
    horizon: int
    loss: str
    reason: str = ""

    @property
    def better(self) -> str:
        """'model', 'naive' or 'neither' at the 5% level."""
        if not self.p_value < 0.05:
            return "neither"
        return "model" if self.statistic < 0 else "naive"


def diebold_mariano(errors_model, errors_naive, horizon: int = 1,
                    loss: str = "absolute") -> DMTest:
    """Two-sided Diebold-Mariano test with the Harvey-Leybourne-Newbold correction.

    ``horizon``-step forecasts from overlapping windows have loss differentials
    correlated up to lag ``horizon - 1``; the variance counts those autocovariances.
    """
    losses = {"absolute": np.abs, "squared": np.square}
    d = losses[loss](np.asarray(errors_model, float)) - losses[loss](np.asarray(errors_naive,
                                                                                float))
    d = d[np.isfinite(d)]
    n = len(d)
    if n < 3:
        return DMTest(math.nan, math.nan, math.nan, n, horizon, loss,
                      reason=f"only {n} forecasts to compare")
    centred = d - d.mean()
    autocov = [float(centred[k:] @ centred[: n - k]) / n for k in range(min(horizon, n))]
    variance = (autocov[0] + 2 * sum(autocov[1:])) / n
    if not variance > 0:
        # Negative long-run variance estimate: fall back to the lag-0 term alone.
        variance = autocov[0] / n
    if not variance > 0:
        return DMTest(math.nan, math.nan, float(d.mean()), n, horizon, loss,
                      reason="the two forecasts have identical losses")
    correction = math.sqrt((n + 1 - 2 * horizon + horizon * (horizon - 1) / n) / n)
    statistic = correction * float(d.mean()) / math.sqrt(variance)
    p_value = 2 * stats.t.sf(abs(statistic), df=n - 1)
    return DMTest(statistic, float(p_value), float(d.mean()), n, horizon, loss)


@dataclass
class BreakTest:
    """sup-F (Quandt-Andrews) test for one break in the level and slope of a log-linear
    trend at an unknown date."""

    statistic: float
    p_value: float
    break_index: int
    break_date: pd.Timestamp
    f_by_date: pd.Series
    ar1: float
    simulations: int
    trim: float

    @property
    def method(self) -> str:
        return (f"sup-F over break dates trimmed {self.trim:.0%} from each end; p-value from "
                f"{self.simulations} simulations of a trend with AR(1) errors "
                f"(coefficient {self.ar1:.2f}) and no break")

    def rejects(self, alpha: float = 0.05) -> bool:
        return self.p_value < alpha


def _residual_makers(t: np.ndarray, candidates: range) -> tuple[np.ndarray, np.ndarray]:
    """Residual-maker matrices of the trend without a break and with a break at each
    candidate index (new level and slope from that observation on)."""
    n = len(t)
    ones = np.ones(n)

    def maker(design):
        return np.eye(n) - design @ np.linalg.pinv(design)

    null = maker(np.column_stack([ones, t]))
    broken = []
    for k in candidates:
        after = (np.arange(n) >= k).astype(float)
        broken.append(maker(np.column_stack([ones, t, after, after * (t - t[k])])))
    return null, np.array(broken)


def _sup_f(null: np.ndarray, broken: np.ndarray, y: np.ndarray) -> np.ndarray:
    """F statistics (2 restrictions) at each candidate break for each column of ``y``."""
    n = null.shape[0]
    ssr0 = np.sum((null @ y) ** 2, axis=0)
    ssr1 = np.sum(np.einsum("kij,js->kis", broken, y) ** 2, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return ((ssr0 - ssr1) / 2) / (ssr1 / (n - 4))


def _ar1_noise(phi: float, n: int, reps: int, rng: np.random.Generator) -> np.ndarray:
    shocks = rng.standard_normal((n, reps))
    noise = np.empty_like(shocks)
    noise[0] = shocks[0] / math.sqrt(1 - phi ** 2)
    for i in range(1, n):
        noise[i] = phi * noise[i - 1] + shocks[i]
    return noise


def _lag1(resid: np.ndarray) -> np.ndarray:
    """Lag-1 autocorrelation of each column."""
    return np.sum(resid[1:] * resid[:-1], axis=0) / np.maximum(np.sum(resid ** 2, axis=0),
                                                                1e-300)


def _ar1_of_trend_residuals(null: np.ndarray, log_y: np.ndarray, rng: np.random.Generator,
                            reps: int = 200) -> float:
    """AR(1) coefficient of the detrended series, corrected for the downward bias of a
    residual autocorrelation in a short sample by simulation: the coefficient whose
    simulated residuals have, on average, the autocorrelation observed."""
    observed = float(_lag1(null @ log_y))
    phi = observed
    for _ in range(3):
        simulated = _lag1(null @ _ar1_noise(phi, len(log_y), reps, rng)).mean()
        phi = float(np.clip(phi + observed - simulated, -0.95, 0.95))
    return phi


def break_test(dates, values, trim: float = 0.15, simulations: int = 499,
               seed: int = 0) -> BreakTest:
    """Test for a break in the log-linear trend at an unknown date.

    Candidate breaks leave at least ``trim`` of the observations (and three points)
    on each side.  The p-value is the share of ``simulations`` no-break series, with
    AR(1) errors as autocorrelated as the detrended data (bias-corrected), whose sup-F
    reaches the observed one.  Seeded, so a build is reproducible.
    """
    dates, values = _check_series(dates, values, min_obs=10)
    n = len(values)
    t = years_since(dates, dates.iloc[0])
    log_y = np.log(values)
    edge = max(3, math.ceil(trim * n))
    candidates = range(edge, n - edge + 1)
    null, broken = _residual_makers(t, candidates)
    f = _sup_f(null, broken, log_y[:, None])[:, 0]
    f = np.where(np.isfinite(f), f, 0.0)
    best = int(np.argmax(f))
    rng = np.random.default_rng(seed)
    phi = _ar1_of_trend_residuals(null, log_y, rng)
    simulated = _sup_f(null, broken, _ar1_noise(phi, n, simulations, rng))
    sup_simulated = np.nan_to_num(simulated, nan=0.0).max(axis=0)
    p_value = (1 + int(np.sum(sup_simulated >= f[best]))) / (simulations + 1)
    k = candidates[best]
    return BreakTest(float(f[best]), p_value, k, dates.iloc[k],
                     pd.Series(f, index=dates.iloc[list(candidates)].to_numpy()), phi,
                     simulations, trim)


@dataclass
class TrendAR1:
    """Log-linear trend whose errors follow an AR(1) process (feasible GLS)."""

    growth_rate: Estimate
    ar1: float
    nobs: int
    notes: list[str]

    @property
    def annual_growth_factor(self) -> Estimate:
        return self.growth_rate.map(_exp)


def fit_trend_ar1(dates, values, alpha: float = 0.05) -> TrendAR1:
    """Growth rate of a log-linear trend with AR(1) errors by feasible GLS (statsmodels'
    ARIMA with a time trend, AR(1) estimated by Hannan-Rissanen and iterated with the
    trend); the interval uses Student's t with n - 4 degrees of freedom."""
    dates, values = _check_series(dates, values, min_obs=8)
    t = years_since(dates, dates.iloc[0])
    notes = []
    gaps = np.diff(t)
    if gaps.max() > 1.5 * gaps.min():
        notes.append("observations are unequally spaced; AR(1) errors assume equal spacing")
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            res = ARIMA(np.log(values), exog=t, order=(1, 0, 0), trend="c").fit(
                method="hannan_rissanen")
    except (ValueError, np.linalg.LinAlgError):
        # statsmodels refuses GLS when the AR estimate is non-stationary.
        reason = ("the AR(1) estimate is non-stationary: the errors behave like a random "
                  "walk, so trend and level are not separately identified")
        return TrendAR1(Estimate.not_identified(reason), math.nan, len(t), notes + [reason])
    names = list(res.model.param_names)
    params, cov = np.asarray(res.params), np.asarray(res.cov_params())
    rate, phi = params[names.index("x1")], float(params[names.index("ar.L1")])
    var = cov[names.index("x1"), names.index("x1")]
    se = math.sqrt(var) if var >= 0 else math.nan
    q = stats.t.ppf(1 - alpha / 2, len(t) - 4)
    if not (abs(phi) <= 0.95 and math.isfinite(se)):
        reason = (f"the errors are close to a random walk (AR coefficient {phi:.2f}), so "
                  "trend and level are not separately identified")
        return TrendAR1(Estimate.not_identified(reason), phi, len(t), notes + [reason])
    return TrendAR1(Estimate(rate, rate - q * se, rate + q * se), phi, len(t), notes)


@dataclass
class LeaveOneOut:
    """Exponential growth factor per year refitted without each observation in turn."""

    full: Estimate
    table: pd.DataFrame

    @property
    def nobs(self) -> int:
        return len(self.table)

    @property
    def needed(self) -> bool:
        """A headline rate from fewer than ten points needs this check."""
        return self.nobs < 10

    @property
    def low(self) -> float:
        return float(self.table["growth_factor"].min())

    @property
    def high(self) -> float:
        return float(self.table["growth_factor"].max())

    @property
    def most_influential(self) -> pd.Timestamp:
        """Date of the point whose removal moves the growth factor most."""
        return self.table.loc[self.table["change"].abs().idxmax(), "dropped_date"]


def leave_one_out_growth(dates, values) -> LeaveOneOut:
    """Annual growth factor of ``fit_exponential`` without each point, and the change."""
    dates, values = _check_series(dates, values, min_obs=5)
    full = fit_exponential(dates, values).annual_growth_factor()
    rows = []
    for i in range(len(values)):
        keep = np.arange(len(values)) != i
        factor = fit_exponential(dates[keep], values[keep]).annual_growth_factor().value
        rows.append({"dropped_date": dates.iloc[i], "growth_factor": factor,
                     "change": factor / full.value - 1})
    return LeaveOneOut(full, pd.DataFrame(rows))


# ------------------------------------------------------------------------------ labor chapter: random walk with drift

@dataclass
class DriftGrowth:
    """Average growth per year of a series modelled as a random walk with drift in logs
    (the naive rule of the backtests, as an estimate with an interval)."""

    rate: Estimate
    steps: np.ndarray
    first_date: pd.Timestamp
    last_date: pd.Timestamp

    @property
    def annual_growth_factor(self) -> Estimate:
        return self.rate.map(_exp)

    @property
    def nobs(self) -> int:
        """Number of steps (observations minus one)."""
        return len(self.steps)

    @property
    def lag1_autocorrelation(self) -> float:
        """Autocorrelation of consecutive steps: near zero if the steps are independent,
        as the interval assumes."""
        centred = self.steps - self.steps.mean()
        return float(centred[1:] @ centred[:-1] / (centred @ centred))


def drift_growth(dates, values, alpha: float = 0.05) -> DriftGrowth:
    """Mean log growth per year of the steps between consecutive observations, with a
    Student-t interval that treats the steps as independent draws (a random walk with
    drift); check ``lag1_autocorrelation`` before trusting it."""
    dates, values = _check_series(dates, values, min_obs=3)
    t = years_since(dates, dates.iloc[0])
    steps = np.diff(np.log(values)) / np.diff(t)
    n = len(steps)
    mean, se = float(steps.mean()), float(steps.std(ddof=1) / math.sqrt(n))
    q = stats.t.ppf(1 - alpha / 2, n - 1)
    return DriftGrowth(Estimate(mean, mean - q * se, mean + q * se), steps, dates.iloc[0],
                       dates.iloc[-1])


def drift_difference(before: DriftGrowth, after: DriftGrowth) -> tuple[float, float]:
    """Difference in mean log growth per year (after minus before) and the two-sided
    p-value of Welch's t-test that the two drifts are equal: a break in the growth rate
    at a date fixed in advance, not searched for in the data."""
    result = stats.ttest_ind(after.steps, before.steps, equal_var=False)
    return float(after.steps.mean() - before.steps.mean()), float(result.pvalue)
