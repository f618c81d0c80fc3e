"""Token prices at constant capability: two estimators and the measured bias of each.

The yearly fall in the price of reaching a benchmark score, estimated two ways:

* ``quantile_trend`` (the method the report uses): a low-quantile regression (by default
  the 10th percentile) of log price on date and benchmark score over every model with a
  score. It describes the cheap end of the market at a given score without selecting
  observations on their price, so it has no built-in bias towards a fall. Its interval
  is statsmodels' kernel (sandwich) estimate, which treats models as independent.
* ``record_low_trend`` (the method the report used before): a log-linear trend through
  the prices that set a new low among models above a score threshold. Keeping only new
  lows selects on the outcome, so it finds a fall even where prices do not fall.

``simulate_markets`` builds synthetic markets on the observed release dates and scores,
on which both are measured; ``running_minimum`` and ``last_new_low`` show what neither
trend can: how long the cheapest price has stood still, up to the end of the data.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from . import models

PRICE = "price_blended_usd_per_mtok"
MIN_POINTS_RECORD_LOWS = 4
MIN_POINTS_QUANTILE = 12
# Which models a price trend may mix: reasoning models spend many more tokens per answer,
# so their price per token is not comparable with other models' and is never mixed in
# silently; launch promotions are always dropped.
MODEL_SETS = {
    "without reasoning": "without reasoning",
    "reasoning": "reasoning only",
    "all": "all, reasoning and unstated mode included",
}


def select_models(prices: pd.DataFrame, model_set: str) -> pd.DataFrame:
    """Rows of one model set (see ``MODEL_SETS``), temporary launch promotions dropped."""
    rows = prices[~prices["promotional"].astype(bool)]
    if model_set == "without reasoning":
        rows = rows[rows["reasoning"].eq(False)]
    elif model_set == "reasoning":
        rows = rows[rows["reasoning"].eq(True)]
    elif model_set != "all":
        raise ValueError(f"unknown model set '{model_set}' (one of {', '.join(MODEL_SETS)})")
    return rows.reset_index(drop=True)

# The report's headline estimate (claim P4, and the chips layer's comparison with it):
# the 10th percentile at a constant GPQA Diamond score, models without reasoning.
HEADLINE_BENCHMARK = "gpqa_diamond"
HEADLINE_MODEL_SET = "without reasoning"
HEADLINE_QUANTILE = 0.1


def _fall(growth: models.Estimate) -> models.Estimate:
    """A yearly growth factor as a yearly fall (above 1 means cheaper)."""
    return growth.map(lambda g: 1 / g, decreasing=True)


# ---------------------------------------------------------------- low-quantile regression

@dataclass
class QuantileTrend:
    benchmark: str
    quantile: float
    points: int
    first: pd.Timestamp
    last: pd.Timestamp
    annual_fall: models.Estimate       # factor per year at constant score, 95% interval
    params: tuple[float, float, float]  # log price: at the first date, per year, per point

    def price_at(self, dates, score: float) -> np.ndarray:
        """The fitted quantile of price at ``dates`` for a model scoring ``score``."""
        a, per_year, per_point = self.params
        return np.exp(a + per_year * models.years_since(dates, self.first) + per_point * score)


def quantile_trend(prices: pd.DataFrame, benchmark: str,
                   quantile: float = 0.1) -> QuantileTrend | None:
    """The ``quantile`` of log price as a linear function of date and score; None with
    fewer than ``MIN_POINTS_QUANTILE`` scored models. The fall is not identified when the
    interval cannot be computed (too few points near the quantile)."""
    rows = prices.dropna(subset=[benchmark]).sort_values("release_date")
    if len(rows) < MIN_POINTS_QUANTILE:
        return None
    first = rows["release_date"].iloc[0]
    design = np.column_stack([np.ones(len(rows)), models.years_since(rows["release_date"], first),
                              rows[benchmark].to_numpy(dtype=float)])
    with warnings.catch_warnings():
        # Small samples make the kernel density at the quantile degenerate; that shows as
        # a non-finite interval, handled below, so the warning adds nothing.
        warnings.simplefilter("ignore")
        fit = sm.QuantReg(np.log(rows[PRICE].to_numpy(dtype=float)), design).fit(q=quantile)
        low, high = fit.conf_int(alpha=0.05)[1]
    slope = float(fit.params[1])
    if math.isfinite(low) and math.isfinite(high) and low < high:
        growth = models.Estimate(math.exp(slope), math.exp(low), math.exp(high))
    else:
        growth = models.Estimate.not_identified("too few models near the quantile")
    return QuantileTrend(benchmark, quantile, len(rows), first, rows["release_date"].iloc[-1],
                         _fall(growth), tuple(float(x) for x in fit.params))


def headline_trend(prices: pd.DataFrame, start: str | None = None) -> QuantileTrend | None:
    """The headline quantile trend, on models released from ``start`` if given."""
    chosen = select_models(prices, HEADLINE_MODEL_SET)
    if start is not None:
        chosen = chosen[chosen["release_date"] >= start]
    return quantile_trend(chosen, HEADLINE_BENCHMARK, HEADLINE_QUANTILE)


# ---------------------------------------------------------------- record lows

def cheapest_frontier(prices: pd.DataFrame, benchmark: str, threshold: float) -> pd.DataFrame:
    """Price observations that set a new low for reaching ``threshold`` on ``benchmark``.

    A model qualifies if its score is at least the threshold; the frontier keeps each
    qualifying observation whose price is below every earlier qualifying price.
    """
    ok = prices[prices[benchmark] >= threshold].sort_values(["release_date", PRICE])
    price = ok[PRICE].to_numpy(dtype=float)
    lowest_before = np.minimum.accumulate(np.concatenate([[math.inf], price[:-1]]))
    out = ok.loc[price < lowest_before, ["model", "release_date", PRICE, benchmark]].copy()
    # Two new lows on one day: keep the cheaper, the fit needs distinct dates.
    return out.drop_duplicates("release_date", keep="last").reset_index(drop=True)


def record_low_trend(prices: pd.DataFrame, benchmark: str,
                     threshold: float) -> tuple[pd.DataFrame, models.Estimate | None]:
    """The frontier of new lows and the yearly fall of a log-linear trend through it
    (None with fewer than ``MIN_POINTS_RECORD_LOWS`` new lows)."""
    frontier = cheapest_frontier(prices, benchmark, threshold)
    if len(frontier) < MIN_POINTS_RECORD_LOWS:
        return frontier, None
    fit = models.fit_exponential(frontier["release_date"], frontier[PRICE])
    return frontier, _fall(fit.annual_growth_factor())


# ---------------------------------------------------------------- running minimum

def running_minimum(prices: pd.DataFrame, benchmark: str, threshold: float,
                    end: pd.Timestamp) -> pd.DataFrame:
    """Month by month to ``end``, the lowest price among models that reach the threshold
    and were released by the end of that month, with the model that set it. A price is
    taken to stay on offer after release (old models are withdrawn, so this flatters the
    recent months, if anything)."""
    ok = prices[prices[benchmark] >= threshold].sort_values(["release_date", PRICE])
    if ok.empty:
        return pd.DataFrame(columns=["month", PRICE, "model", "set_on"])
    months = pd.date_range(ok["release_date"].iloc[0].to_period("M").to_timestamp("M"),
                           pd.Timestamp(end).to_period("M").to_timestamp("M"), freq="ME")
    rows = []
    for month in months:
        best = ok[ok["release_date"] <= month].nsmallest(1, PRICE).iloc[0]
        rows.append({"month": month, PRICE: best[PRICE], "model": best["model"],
                     "set_on": best["release_date"]})
    return pd.DataFrame(rows)


@dataclass
class LastLow:
    model: str
    date: pd.Timestamp
    price: float
    later_models: int      # qualifying models released after it, none of them cheaper
    months_since: float    # from the last new low to the end of the data


def last_new_low(prices: pd.DataFrame, benchmark: str, threshold: float,
                 end: pd.Timestamp) -> LastLow | None:
    """The last price that set a new low at the threshold, and how many later qualifying
    models failed to beat it up to ``end`` (None if no model qualifies)."""
    frontier = cheapest_frontier(prices, benchmark, threshold)
    if frontier.empty:
        return None
    last = frontier.iloc[-1]
    qualifying = prices[prices[benchmark] >= threshold]
    later = int((qualifying["release_date"] > last["release_date"]).sum())
    months_since = (pd.Timestamp(end) - last["release_date"]).days / (365.25 / 12)
    return LastLow(last["model"], last["release_date"], float(last[PRICE]), later, months_since)


# ---------------------------------------------------------------- bias by simulation

def simulate_markets(panel: pd.DataFrame, benchmark: str, annual_fall: float, reps: int,
                     seed: int = 0):
    """``reps`` synthetic markets (frames like ``panel``) whose prices fall ``annual_fall``
    times a year at constant score.

    Each market keeps the panel's release dates and scores; its log prices are the
    panel's own least-squares relation to score, the chosen fall over time, and noise
    drawn with replacement from the panel's residuals (so the spread and the skew of
    real prices around the trend are kept). The same seed gives the same noise at every
    pace, so markets at two paces differ only by the trend.
    """
    rows = panel.dropna(subset=[benchmark]).sort_values("release_date")
    # A bare frame: the table's metadata would be copied by every operation on every market.
    rows = pd.DataFrame({c: rows[c].to_numpy()
                         for c in ("model", "release_date", PRICE, benchmark)})
    t = models.years_since(rows["release_date"], rows["release_date"].iloc[0])
    score = rows[benchmark].to_numpy(dtype=float)
    design = np.column_stack([np.ones(len(rows)), t, score])
    ols = sm.OLS(np.log(rows[PRICE].to_numpy(dtype=float)), design).fit()
    centre = ols.params[0] + ols.params[2] * score - math.log(annual_fall) * t
    rng = np.random.default_rng(seed)
    for _ in range(reps):
        yield rows.assign(**{PRICE: np.exp(centre + rng.choice(ols.resid, len(rows)))})


def simulated_quantile_falls(panel: pd.DataFrame, benchmark: str, reps: int,
                             quantile: float = 0.1) -> pd.DataFrame:
    """The quantile trend's fall and interval on markets with no true fall. The quantile
    regression is equivariant: a market falling f times a year (same noise) gives exactly
    f times these numbers, so this one run gives the estimator's error at every pace."""
    falls = [quantile_trend(m, benchmark, quantile).annual_fall
             for m in simulate_markets(panel, benchmark, 1.0, reps)]
    return pd.DataFrame(falls, columns=["fall", "low", "high"])


def simulated_record_low_falls(panel: pd.DataFrame, benchmark: str, threshold: float,
                               annual_fall: float, reps: int) -> pd.Series:
    """The record-low trend's fall on markets falling ``annual_fall`` a year; nan where a
    market has too few new lows to fit."""
    falls = [record_low_trend(m, benchmark, threshold)[1]
             for m in simulate_markets(panel, benchmark, annual_fall, reps)]
    return pd.Series([math.nan if f is None else f.value for f in falls], dtype=float)
