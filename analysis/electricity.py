"""Data-centre electricity: one report's series at a time, a log-linear trend with honest
intervals, a one-step backtest against naive rules, and the check of a published
projection against what a later report estimated.

Each report (LBNL 2016, LBNL 2024, Masanet et al. 2020, IEA 2025) is its own method
vintage: its levels are never spliced onto another's, but growth rates, which do not
depend on a report's level, may be set side by side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.models import Estimate, ModelInputError

HOURS_PER_YEAR = 8766.0  # average calendar year, 365.25 days
LBNL_2024 = "LBNL 2024 United States Data Center Energy Usage Report"
LBNL_2016 = "LBNL 2016 United States Data Center Energy Usage Report"


def average_gw(twh_per_year: float) -> float:
    """Average power in GW of a yearly energy use in TWh."""
    return twh_per_year / HOURS_PER_YEAR * 1000


def history(table: pd.DataFrame, report: str, region: str) -> pd.Series:
    """One report's estimates for one region, by year (never mixed with another report)."""
    rows = table[(table["report"] == report) & (table["region"] == region)
                 & (table["kind"] == "estimate")]
    if rows.empty:
        raise ModelInputError(f"no estimates for {region} in '{report}'")
    if rows["year"].duplicated().any():
        raise ModelInputError(f"'{report}' has two estimates for one year in {region}")
    return rows.set_index("year")["electricity"].sort_index()


@dataclass(frozen=True)
class LogLinearTrend:
    """Least-squares line through log levels against years, with Student-t intervals.

    With n points the residual has n - 2 degrees of freedom; at n = 2 the line is exact
    and no interval exists, so growth is then reported as not identified.
    """

    years: np.ndarray
    log_values: np.ndarray
    intercept: float
    slope: float
    level: float = 0.95

    @property
    def dof(self) -> int:
        return len(self.years) - 2

    @property
    def _sxx(self) -> float:
        return float(np.sum((self.years - self.years.mean()) ** 2))

    @property
    def sigma(self) -> float:
        resid = self.log_values - (self.intercept + self.slope * self.years)
        return float(math.sqrt(np.sum(resid ** 2) / self.dof))

    @property
    def _t(self) -> float:
        return float(stats.t.ppf(0.5 + self.level / 2, self.dof))

    def growth(self) -> Estimate:
        """Growth factor per year with its interval."""
        if self.dof < 1:
            return Estimate.not_identified("two points fix a line exactly: no interval")
        half = self._t * self.sigma / math.sqrt(self._sxx)
        return Estimate(math.exp(self.slope), math.exp(self.slope - half),
                        math.exp(self.slope + half))

    def predict(self, year: float) -> Estimate:
        """Level in ``year`` with its prediction interval (new observation, log scale)."""
        centre = self.intercept + self.slope * year
        if self.dof < 1:
            return Estimate.not_identified("two points fix a line exactly: no interval")
        n = len(self.years)
        half = self._t * self.sigma * math.sqrt(
            1 + 1 / n + (year - self.years.mean()) ** 2 / self._sxx)
        return Estimate(math.exp(centre), math.exp(centre - half), math.exp(centre + half))


def fit_log_linear(series: pd.Series, level: float = 0.95) -> LogLinearTrend:
    """Log-linear (exponential) trend of a yearly series of positive levels."""
    years = np.asarray(series.index, dtype=float)
    values = np.asarray(series, dtype=float)
    if len(values) < 2 or np.any(values <= 0) or len(set(years)) < len(years):
        raise ModelInputError("a log-linear trend needs two or more distinct years of "
                              "positive values")
    slope, intercept = np.polyfit(years, np.log(values), 1)
    return LogLinearTrend(years, np.log(values), float(intercept), float(slope), level)


def one_step_backtest(series: pd.Series) -> pd.DataFrame:
    """Forecast each point from the points before it (at least two) by three rules: the
    last level, the last growth (the last two points' growth carried on) and the
    log-linear trend through all earlier points. Errors are log(actual / forecast):
    positive means the rule forecast too little."""
    rows = []
    for end in range(2, len(series)):
        past, year, actual = series.iloc[:end], series.index[end], series.iloc[end]
        (y0, v0), (y1, v1) = past.iloc[-2:].items()
        last_growth = v1 * (v1 / v0) ** ((year - y1) / (y1 - y0))
        trend = fit_log_linear(past)
        rows.append({"origin": int(y1), "target": int(year), "actual": float(actual),
                     "last_level": float(v1), "last_growth": float(last_growth),
                     "trend": math.exp(trend.intercept + trend.slope * year)})
    frame = pd.DataFrame(rows)
    for rule in ("last_level", "last_growth", "trend"):
        frame[f"error_{rule}"] = np.log(frame["actual"] / frame[rule])
    return frame


def projection_check(projected: float, projected_from: tuple[int, float],
                     projected_year: int, later: pd.Series) -> dict[str, float]:
    """A published projection against a later report's estimates, compared through growth
    a year, since the reports' levels differ by method. ``projected_from`` is the base
    (year, level) of the projection in its own report; the later report's growth is taken
    over its years from the base year to the projected year (or, if it has fewer than two
    there, over its first two years from the base year on). ``ratio`` is the later growth
    over the projected growth, per year."""
    base_year, base_level = projected_from
    projected_growth = (projected / base_level) ** (1 / (projected_year - base_year))
    start = later[later.index >= base_year]
    if len(start) < 2:
        raise ModelInputError("the later report has fewer than two years from the base on")
    within = start[start.index <= projected_year]
    span = within if len(within) >= 2 else start.iloc[:2]
    later_growth = (span.iloc[-1] / span.iloc[0]) ** (1 / (span.index[-1] - span.index[0]))
    return {"projected_growth": projected_growth, "later_growth": float(later_growth),
            "ratio": float(later_growth / projected_growth),
            "later_first": int(span.index[0]), "later_last": int(span.index[-1])}


def share_of_grid(datacentres: pd.Series, grid: pd.Series) -> pd.Series:
    """Data-centre use as a share (0-1) of the grid's consumption in the same years; both
    series by year in the same unit. A year without a grid figure is an error, never a
    gap to fill."""
    missing = sorted(set(datacentres.index) - set(grid.index))
    if missing:
        raise ModelInputError(f"no grid consumption for the years {missing}")
    return datacentres / grid.loc[datacentres.index]


def growth_periods(printed: pd.DataFrame, levels: pd.Series) -> pd.DataFrame:
    """Growth a year (a factor) over consecutive periods: the periods one report prints
    as whole-period growth (columns first_year, last_year, growth_percent) followed by the
    periods between consecutive estimates of another report's levels. Growth does not
    depend on a report's level, so the two vintages may sit in one row list; levels are
    never carried from one to the other. Overlapping periods are an error."""
    rows = [(int(r.first_year), int(r.last_year),
             (1 + r.growth_percent / 100) ** (1 / (r.last_year - r.first_year)))
            for r in printed.itertuples()]
    years = list(levels.index)
    rows += [(int(a), int(b), float((levels[b] / levels[a]) ** (1 / (b - a))))
             for a, b in zip(years, years[1:])]
    frame = pd.DataFrame(rows, columns=["first", "last", "annual"]).sort_values("first")
    if (frame["first"].to_numpy()[1:] < frame["last"].to_numpy()[:-1]).any():
        raise ModelInputError("growth periods overlap")
    return frame.reset_index(drop=True)


def growth_rule_errors(periods: pd.DataFrame) -> pd.DataFrame:
    """Each period's growth a year forecast from the periods before it by two rules: the
    last period's growth carried on (naive) and the average growth so far, weighted by
    years (the long-run trend). Errors are actual minus forecast, in percentage points a
    year: positive means the rule forecast too little."""
    log_growth = np.log(periods["annual"].to_numpy())
    spans = (periods["last"] - periods["first"]).to_numpy()
    rows = []
    for i in range(1, len(periods)):
        long_run = math.exp(np.sum(log_growth[:i] * spans[:i]) / np.sum(spans[:i]))
        actual = periods["annual"].iloc[i]
        rows.append({"first": int(periods["first"].iloc[i]), "last": int(periods["last"].iloc[i]),
                     "error_last_growth": 100 * (actual - periods["annual"].iloc[i - 1]),
                     "error_long_run": 100 * (actual - long_run)})
    return pd.DataFrame(rows)
