"""Right-tailed unit-root tests for explosive episodes (Phillips, Shi and Yu, 2015).

A bubble in the sense of these tests is a stretch where a (log) series grows
*explosively*, faster than any random walk with drift: the autoregressive root of
the Dickey-Fuller regression is above one.  The tests:

* **ADF statistic on a window**: the Dickey-Fuller regression
  ``Δy_t = a + b y_{t-1} + e_t`` (a constant, no lagged differences) over the window;
  the statistic is the t-ratio of ``b``.  It equals statsmodels' ``adfuller`` with
  ``maxlag=0, autolag=None, regression="c"`` (a test pins that), but is computed for
  all windows at once from cumulative sums, which is what makes simulated critical
  values cheap enough to compute at build time.
* **SADF** (sup-ADF): the largest statistic over windows that start at the first
  observation and end anywhere after a minimum window.
* **GSADF** (generalised sup-ADF): the largest over all start and end points, which
  keeps power when a series holds more than one episode.
* **BSADF** (backward sup-ADF): for each end point, the largest statistic over start
  points; an episode is dated where it exceeds its own simulated 95% critical value
  for at least ``log(n)`` observations (PSY's minimum duration).

Critical values are simulated under the null of a random walk with a drift that
vanishes as the sample grows (PSY's null, ``y_t = y_{t-1} + 1/n + ε_t``), for the
sample size at hand, with a fixed seed, so a build is reproducible.  Assumptions:
equally spaced observations, no short-run dynamics in the differences (lag order
zero, as in PSY's empirical applications), Gaussian innovations in the null.  The
tests find explosive *growth*; whether it is a bubble depends on whether the
fundamentals grew explosively too, which the pages discuss.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

DEFAULT_SIMULATIONS = 999
SIMULATION_BATCH = 50


def minimum_window(n: int) -> int:
    """PSY's rule for the smallest window, r0 = 0.01 + 1.8 / sqrt(n), in observations
    (never fewer than six, so each regression has a few degrees of freedom)."""
    if n < 12:
        raise ValueError(f"an explosiveness test needs at least 12 observations, got {n}")
    return max(6, math.ceil(n * (0.01 + 1.8 / math.sqrt(n))))


def adf_windows(y: np.ndarray, window: int) -> np.ndarray:
    """ADF t-statistics for every window of at least ``window`` observations.

    ``y`` has shape (n,) or (reps, n).  The result has shape (..., n, n): entry
    [s, e] is the statistic on observations s..e inclusive, NaN where the window is
    shorter than ``window``.
    """
    y = np.asarray(y, dtype=float)
    lagged, diff = y[..., :-1], np.diff(y, axis=-1)
    lagged = lagged - lagged[..., :1]  # the statistic is invariant to the level

    def sums(v):
        zero = np.zeros(v.shape[:-1] + (1,))
        return np.concatenate([zero, np.cumsum(v, axis=-1)], axis=-1)

    cx, cd, cxx, cdd, cxd = (sums(v) for v in (lagged, diff, lagged ** 2, diff ** 2,
                                                lagged * diff))
    n = y.shape[-1]
    start, end = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    rows = end - start                       # regression rows in window start..end
    valid = rows >= window - 1

    def window_sum(c):
        return c[..., end] - c[..., start]   # rows start..end-1 of the lagged arrays

    m = np.where(valid, rows, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        sxx = window_sum(cxx) - window_sum(cx) ** 2 / m
        sxd = window_sum(cxd) - window_sum(cx) * window_sum(cd) / m
        sdd = window_sum(cdd) - window_sum(cd) ** 2 / m
        slope = sxd / sxx
        residual_var = np.maximum(sdd - slope * sxd, 0.0) / (m - 2)
        stat = slope / np.sqrt(residual_var / sxx)
    return np.where(valid, stat, np.nan)


def sup_statistics(y: np.ndarray, window: int) -> dict[str, np.ndarray]:
    """SADF, GSADF and the BSADF sequence (one value per end point, NaN before the
    first full window) of one series or a stack of series."""
    stats = adf_windows(y, window)
    n = stats.shape[-1]
    with np.errstate(invalid="ignore"):
        bsadf = np.where(np.arange(n) >= window - 1,
                         np.nanmax(np.where(np.isnan(stats), -np.inf, stats), axis=-2), np.nan)
    return {"sadf": np.nanmax(stats[..., 0, :], axis=-1),
            "gsadf": np.nanmax(bsadf, axis=-1),
            "bsadf": bsadf}


def random_walks(n: int, reps: int, rng: np.random.Generator) -> np.ndarray:
    """PSY's null: random walks with drift 1/n (asymptotically negligible)."""
    return np.cumsum(1.0 / n + rng.standard_normal((reps, n)), axis=1)


@dataclass(frozen=True)
class CriticalValues:
    n: int
    window: int
    simulations: int
    sadf: np.ndarray        # simulated SADF, sorted
    gsadf: np.ndarray       # simulated GSADF, sorted
    bsadf_95: np.ndarray    # 95th percentile of BSADF at each end point

    def quantile(self, test: str, level: float) -> float:
        return float(np.quantile(getattr(self, test), level))

    def p_value(self, test: str, statistic: float) -> float:
        """Share of null simulations at least as large (with the +1 correction)."""
        simulated = getattr(self, test)
        return (1 + int(np.sum(simulated >= statistic))) / (len(simulated) + 1)


def critical_values(n: int, window: int | None = None,
                    simulations: int = DEFAULT_SIMULATIONS, seed: int = 20150) -> CriticalValues:
    """Null distributions of SADF, GSADF and BSADF for ``n`` observations, simulated
    once per build (cached) from a fixed seed."""
    # One cache entry per distinct simulation, however the caller spelled the arguments.
    return _simulated_critical_values(n, minimum_window(n) if window is None else window,
                                      simulations, seed)


@cache
def _simulated_critical_values(n: int, window: int, simulations: int,
                               seed: int) -> CriticalValues:
    rng = np.random.default_rng(seed)
    sadf, gsadf, bsadf = [], [], []
    for done in range(0, simulations, SIMULATION_BATCH):
        batch = sup_statistics(random_walks(n, min(SIMULATION_BATCH, simulations - done), rng),
                               window)
        sadf.append(batch["sadf"])
        gsadf.append(batch["gsadf"])
        bsadf.append(batch["bsadf"])
    bsadf_all = np.concatenate(bsadf)
    with np.errstate(invalid="ignore"):
        bsadf_95 = np.nanquantile(np.where(np.isnan(bsadf_all), -np.inf, bsadf_all), 0.95,
                                  axis=0)
    bsadf_95 = np.where(np.arange(n) >= window - 1, bsadf_95, np.nan)
    return CriticalValues(n, window, simulations, np.sort(np.concatenate(sadf)),
                          np.sort(np.concatenate(gsadf)), bsadf_95)


def episodes(flags: np.ndarray, min_length: int) -> list[tuple[int, int]]:
    """Runs of True in ``flags`` lasting at least ``min_length``: (first, last) index."""
    runs, start = [], None
    for i, flag in enumerate(list(flags) + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= min_length:
                runs.append((start, i - 1))
            start = None
    return runs


@dataclass
class ExplosivenessTest:
    """SADF and GSADF of one series with simulated p-values and dated episodes."""

    dates: pd.Series
    sadf: float
    gsadf: float
    sadf_p: float
    gsadf_p: float
    bsadf: pd.Series
    bsadf_95: pd.Series
    episodes: list[tuple[pd.Timestamp, pd.Timestamp]]
    critical: CriticalValues

    @property
    def min_duration(self) -> int:
        return minimum_duration(len(self.dates))

    def rejects(self, alpha: float = 0.05) -> bool:
        """GSADF rejects the random-walk null in favour of explosive episodes."""
        return self.gsadf_p < alpha


def minimum_duration(n: int) -> int:
    """PSY's shortest episode worth dating: log(n) observations, rounded up."""
    return math.ceil(math.log(n))


def detect_explosive(dates, values, log: bool = True,
                   simulations: int = DEFAULT_SIMULATIONS) -> ExplosivenessTest:
    """Run SADF and GSADF on a series (its logarithm by default) and date its episodes."""
    dates = pd.to_datetime(pd.Series(dates)).reset_index(drop=True)
    values = np.asarray(values, dtype=float)
    if len(dates) != len(values) or not np.all(np.isfinite(values)):
        raise ValueError("dates and values must have the same length and finite values")
    if log and np.any(values <= 0):
        raise ValueError("a log-scale test needs positive values")
    y = np.log(values) if log else values
    cv = critical_values(len(y), simulations=simulations)
    stats = sup_statistics(y, cv.window)
    flags = np.nan_to_num(stats["bsadf"], nan=-np.inf) > np.nan_to_num(cv.bsadf_95, nan=np.inf)
    dated = [(dates[a], dates[b]) for a, b in episodes(flags, minimum_duration(len(y)))]
    return ExplosivenessTest(dates, float(stats["sadf"]), float(stats["gsadf"]),
                             cv.p_value("sadf", float(stats["sadf"])),
                             cv.p_value("gsadf", float(stats["gsadf"])),
                             pd.Series(stats["bsadf"], index=dates),
                             pd.Series(cv.bsadf_95, index=dates), dated, cv)
