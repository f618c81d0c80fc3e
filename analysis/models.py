"""Growth models for dated series, with honest uncertainty.

Three curve families are fitted to the *logarithm* of a positive series, so that
errors are proportional, the fits share one likelihood and their AIC/BIC are
comparable:

* exponential (log-linear):  log y = a + g t
* logistic:                  log y = log K - log(1 + exp(-r (t - tm)))
* Gompertz:                  log y = log K - exp(-r (t - tm))

``t`` is time in years since the first observation.  The exponential model is
ordinary least squares (statsmodels) with heteroskedasticity- and
autocorrelation-consistent (Newey-West) standard errors, because growth series
have serially correlated residuals.  The saturating curves are nonlinear least
squares (scipy), with the usual asymptotic covariance.  Derived quantities
(growth factor, doubling time, level at a date, date a threshold is reached) get
delta-method intervals; projections get prediction intervals that add the
residual variance to the parameter uncertainty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import optimize, stats

DAYS_PER_YEAR = 365.25


class ModelInputError(ValueError):
    """The series handed to a model cannot be fitted (too short, non-positive, ...)."""


def years_since(dates, origin: pd.Timestamp) -> np.ndarray:
    """Decimal years from ``origin`` to each date."""
    delta = pd.to_datetime(pd.Series(dates)).reset_index(drop=True) - origin
    return (delta.dt.total_seconds() / 86400 / DAYS_PER_YEAR).to_numpy()


def date_from_years(t: float, origin: pd.Timestamp) -> pd.Timestamp:
    return origin + pd.Timedelta(days=float(t) * DAYS_PER_YEAR)


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
    """Value of ``func(params)`` and its standard error by the delta method."""
    value = func(params)
    grad = np.zeros(len(params))
    for i, p in enumerate(params):
        h = 1e-6 * max(1.0, abs(p))
        up, down = params.copy(), params.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (func(up) - func(down)) / (2 * h)
    return value, float(math.sqrt(max(grad @ cov @ grad, 0.0)))


@dataclass
class GrowthFit:
    """Results of fitting one growth curve to a dated series (log scale)."""

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
        s2 = np.sum(self.resid ** 2) / n
        return float(-0.5 * n * (math.log(2 * math.pi * s2) + 1))

    @property
    def aic(self) -> float:
        return 2 * self.k - 2 * self.llf

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

    def _interval(self, func, alpha: float) -> tuple[float, float, float]:
        value, se = _delta_method(func, self.params, self.cov)
        q = stats.t.ppf(1 - alpha / 2, self.df_resid)
        return value, value - q * se, value + q * se

    def growth_rate(self, date=None, alpha: float = 0.05) -> tuple[float, float, float]:
        """Instantaneous growth rate d(log y)/dt per year at ``date`` (default: last obs)."""
        t = self.t[-1] if date is None else self._t(date)
        h = 1e-4
        return self._interval(lambda p: float((self.log_curve(np.array([t + h]), p)
                                               - self.log_curve(np.array([t - h]), p))[0]
                                              / (2 * h)), alpha)

    def annual_growth_factor(self, date=None, alpha: float = 0.05) -> tuple[float, float, float]:
        """Factor by which the series multiplies per year at ``date`` (exp of growth rate)."""
        return tuple(math.exp(v) for v in self.growth_rate(date, alpha))

    def doubling_time(self, date=None, alpha: float = 0.05) -> tuple[float, float, float]:
        """Years for the series to double at the growth rate of ``date``.

        The interval inverts the growth-rate interval; an upper bound is infinite
        when the growth-rate interval includes zero.
        """
        g, lo, hi = self.growth_rate(date, alpha)
        inv = lambda x: math.log(2) / x if x > 0 else math.inf
        return inv(g), inv(hi), inv(lo)

    def ceiling(self, alpha: float = 0.05) -> tuple[float, float, float]:
        """Saturation level K of a logistic or Gompertz curve, with its interval."""
        if "log_ceiling" not in self.param_names:
            raise ValueError(f"the {self.model} model has no ceiling")
        row = self.summary_frame(alpha).loc["log_ceiling"]
        return math.exp(row.estimate), math.exp(row.ci_low), math.exp(row.ci_high)

    def predict(self, dates, alpha: float = 0.05) -> pd.DataFrame:
        """Fitted level with confidence (curve) and prediction (new observation) intervals."""
        t_new = years_since(dates, self.origin)
        q = stats.t.ppf(1 - alpha / 2, self.df_resid)
        rows = []
        for t in t_new:
            mean, se = _delta_method(lambda p: float(self.log_curve(np.array([t]), p)[0]),
                                     self.params, self.cov)
            se_pred = math.sqrt(se ** 2 + self.sigma ** 2)
            rows.append((mean, mean - q * se, mean + q * se, mean - q * se_pred,
                         mean + q * se_pred))
        logs = np.array(rows).reshape(-1, 5)
        out = pd.DataFrame(np.exp(logs), columns=["mean", "ci_low", "ci_high", "pi_low",
                                                  "pi_high"])
        out.insert(0, "date", pd.to_datetime(pd.Series(dates)).reset_index(drop=True))
        return out

    def date_reaching(self, threshold: float, alpha: float = 0.05):
        """Date at which the fitted curve reaches ``threshold``, with a delta-method interval.

        Returns (date, low, high); ``None`` for the date when the curve never gets
        there (a saturating curve whose ceiling is below the threshold).
        """
        solve = _THRESHOLD_SOLVERS[self.model]
        log_thr = math.log(threshold)
        t_star = solve(self.params, log_thr)
        if not math.isfinite(t_star):
            return None, None, None
        value, lo, hi = self._interval(lambda p: solve(p, log_thr), alpha)
        if not (math.isfinite(lo) and math.isfinite(hi)):
            lo, hi = -math.inf, math.inf
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
    return log_k - np.exp(-r * (t - tm))


def _reach_exponential(p, log_thr):
    return (log_thr - p[0]) / p[1] if p[1] != 0 else math.inf


def _reach_logistic(p, log_thr):
    log_k, r, tm = p
    if log_thr >= log_k:
        return math.inf
    return tm - math.log(math.expm1(log_k - log_thr)) / r


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


def _fit_saturating(name, curve, dates, values) -> GrowthFit:
    dates, values = _check_series(dates, values, min_obs=5)
    origin = dates.iloc[0]
    t = years_since(dates, origin)
    log_y = np.log(values)
    slope = max(np.polyfit(t, log_y, 1)[0], 0.05)
    span = t[-1] - t[0]
    best = None
    # Several starting points: the ceiling may lie just above the data or far beyond it.
    for log_k_gap in (0.5, 2.0, 5.0):
        for tm_shift in (0.0, 0.5 * span, 2.0 * span):
            start = np.array([log_y.max() + log_k_gap, slope * 2, t[-1] + tm_shift - span / 2])
            try:
                sol = optimize.least_squares(lambda p: curve(t, p) - log_y, start,
                                             bounds=([-np.inf, 1e-6, -np.inf],
                                                     [np.inf, np.inf, np.inf]),
                                             method="trf", x_scale="jac", max_nfev=800)
            except (ValueError, FloatingPointError):
                continue
            if best is None or sol.cost < best.cost:
                best = sol
    if best is None or not best.success:
        raise ModelInputError(f"{name} curve did not converge")
    jac = best.jac
    dof = len(t) - len(best.x)
    s2 = 2 * best.cost / dof
    notes = []
    try:
        cov = np.linalg.inv(jac.T @ jac) * s2
    except np.linalg.LinAlgError:
        cov = np.full((3, 3), np.inf)
    if not np.all(np.isfinite(cov)) or np.linalg.cond(jac.T @ jac) > 1e12:
        notes.append("parameters are not identified by these data (flat likelihood); "
                     "the ceiling cannot be pinned down")
    elif 2 * stats.t.ppf(0.975, dof) * math.sqrt(cov[0, 0]) > math.log(10):
        notes.append("the ceiling is not pinned down: its 95% interval spans more than a "
                     "factor of 10, so the data show little sign of saturation yet")
    return GrowthFit(name, ["log_ceiling", "rate", "midpoint_years"], best.x, cov, origin, t,
                     log_y, curve, cov_type="asymptotic NLS", notes=notes)


def fit_logistic(dates, values) -> GrowthFit:
    """Logistic (S-shaped) curve on the log scale by nonlinear least squares."""
    return _fit_saturating("logistic", _logistic, dates, values)


def fit_gompertz(dates, values) -> GrowthFit:
    """Gompertz (asymmetric S) curve on the log scale by nonlinear least squares."""
    return _fit_saturating("gompertz", _gompertz, dates, values)


FITTERS = {"exponential": fit_exponential, "logistic": fit_logistic, "gompertz": fit_gompertz}


def compare_models(fits: list[GrowthFit]) -> pd.DataFrame:
    """AIC/BIC table (lower is better) with Akaike weights, best model first."""
    nobs = {f.nobs for f in fits}
    if len(nobs) != 1:
        raise ModelInputError("models must be fitted to the same observations to be compared")
    table = pd.DataFrame({"model": [f.model for f in fits], "parameters": [f.k for f in fits],
                          "log_likelihood": [f.llf for f in fits],
                          "aic": [f.aic for f in fits], "bic": [f.bic for f in fits],
                          "notes": ["; ".join(f.notes) for f in fits]})
    table["delta_aic"] = table["aic"] - table["aic"].min()
    weights = np.exp(-0.5 * table["delta_aic"])
    table["akaike_weight"] = weights / weights.sum()
    return table.sort_values("aic").reset_index(drop=True)


def fit_all(dates, values) -> dict[str, GrowthFit]:
    """Fit every curve family that converges; record the ones that do not."""
    fits = {}
    for name, fitter in FITTERS.items():
        try:
            fits[name] = fitter(dates, values)
        except ModelInputError:
            continue
    return fits


# ------------------------------------------------------------------------------ backtest

@dataclass
class BacktestResult:
    """Rolling-origin forecast errors (log points) of a model and a naive baseline."""

    model: str
    horizon: int
    errors: pd.DataFrame

    @property
    def mae_model(self) -> float:
        return float(self.errors["error_model"].abs().mean())

    @property
    def mae_naive(self) -> float:
        return float(self.errors["error_naive"].abs().mean())

    @property
    def relative_mae(self) -> float:
        """Model MAE over naive MAE: below 1 means the model beat the naive forecast."""
        return self.mae_model / self.mae_naive if self.mae_naive > 0 else math.nan

    @property
    def failures(self) -> int:
        return int(self.errors["error_model"].isna().sum())


def naive_drift_forecast(t_train: np.ndarray, log_train: np.ndarray, t_target: float) -> float:
    """Random walk with drift in logs: last value plus the average growth per year so far."""
    drift = (log_train[-1] - log_train[0]) / (t_train[-1] - t_train[0])
    return float(log_train[-1] + drift * (t_target - t_train[-1]))


def rolling_origin_backtest(dates, values, model: str = "exponential", horizon: int = 4,
                            min_train: int = 8) -> BacktestResult:
    """Refit on each expanding window and forecast ``horizon`` observations ahead.

    Errors are log(actual) - log(forecast), so 0.1 is roughly a 10% miss.  A
    window where the model does not converge is kept as a missing error rather
    than dropped, so failures stay visible.
    """
    dates, values = _check_series(dates, values, min_obs=min_train + horizon)
    origin = dates.iloc[0]
    t_all = years_since(dates, origin)
    log_all = np.log(values)
    rows = []
    for end in range(min_train, len(values) - horizon + 1):
        target = end + horizon - 1
        try:
            fit = FITTERS[model](dates.iloc[:end], values[:end])
            # Training windows start at the first observation, so both share one origin.
            log_fc = float(fit.log_curve(np.array([t_all[target]]), fit.params)[0])
        except ModelInputError:
            log_fc = math.nan
        naive = naive_drift_forecast(t_all[:end], log_all[:end], t_all[target])
        rows.append({"origin_date": dates.iloc[end - 1], "target_date": dates.iloc[target],
                     "actual": values[target], "forecast_model": math.exp(log_fc),
                     "forecast_naive": math.exp(naive),
                     "error_model": log_all[target] - log_fc,
                     "error_naive": log_all[target] - naive})
    if not rows:
        raise ModelInputError("series too short for this backtest")
    return BacktestResult(model, horizon, pd.DataFrame(rows))
