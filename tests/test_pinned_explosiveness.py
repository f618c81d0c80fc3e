"""explosiveness pinned against hand calculations: the window and duration rules at their
edges, episode runs, p-values and quantiles of the simulated null (issue 14)."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import explosiveness as ex


def test_minimum_window_rule_and_its_floor():
    with pytest.raises(ValueError, match="at least 12 observations, got 11"):
        ex.minimum_window(11)
    assert ex.minimum_window(12) == 7                                   # ceil(12 x 0.53)
    assert ex.minimum_window(100) == 19                                 # ceil(100 x 0.19)
    assert ex.minimum_window(400) == 40                                 # ceil(400 x 0.1) = 40


def test_minimum_duration_is_log_n_rounded_up():
    assert ex.minimum_duration(20) == 3          # log 20 = 3.0
    assert ex.minimum_duration(21) == 4          # log 21 = 3.04
    assert ex.minimum_duration(7) == 2


def test_episodes_keep_runs_of_at_least_the_minimum_length():
    flags = np.array([True, True, False, True, True, True, False, False, True, True])
    assert ex.episodes(flags, 2) == [(0, 1), (3, 5), (8, 9)]
    assert ex.episodes(flags, 3) == [(3, 5)]
    assert ex.episodes(flags, 4) == []
    assert ex.episodes(np.ones(4, bool), 4) == [(0, 3)]


def test_p_value_and_quantile_of_the_simulated_null():
    cv = ex.CriticalValues(20, 6, 4, np.array([0.1, 0.5, 1.0, 2.0]),
                           np.array([0.2, 0.6, 1.1, 3.0]), np.full(20, np.nan))
    assert cv.p_value("sadf", 1.0) == pytest.approx(3 / 5)     # 1.0 and 2.0 at least as large
    assert cv.p_value("sadf", 2.5) == pytest.approx(1 / 5)
    assert cv.p_value("gsadf", 0.2) == pytest.approx(5 / 5)
    assert cv.quantile("gsadf", 0.5) == pytest.approx(np.quantile([0.2, 0.6, 1.1, 3.0], 0.5))


def test_window_statistic_by_hand_on_one_window():
    y = np.array([1.0, 1.5, 1.7, 2.6, 2.9, 4.1, 4.0])
    stats = ex.adf_windows(y, 6)
    x, d = y[:-1], np.diff(y)
    slope, intercept = np.polyfit(x, d, 1)
    resid = d - (intercept + slope * x)
    se = math.sqrt(resid @ resid / (len(d) - 2) / ((x - x.mean()) @ (x - x.mean())))
    assert stats[0, 6] == pytest.approx(slope / se)
    # Entry [s, e] covers observations s..e: six of them is the shortest window of six.
    assert np.isfinite(stats[1, 6]) and np.isfinite(stats[0, 5])
    assert np.isnan(stats[2, 6]) and np.isnan(stats[0, 4]) and np.isnan(stats[6, 0])
    assert np.isfinite(ex.adf_windows(y, 5)[2, 6]) and np.isnan(ex.adf_windows(y, 5)[3, 6])


def test_detect_explosive_refuses_bad_input():
    dates = pd.date_range("2000-01-01", periods=12, freq="YE")
    with pytest.raises(ValueError, match="same length"):
        ex.detect_explosive(dates[:-1], np.arange(1.0, 13.0), simulations=20)
    with pytest.raises(ValueError, match="finite"):
        ex.detect_explosive(dates, np.r_[np.arange(1.0, 12.0), np.inf], simulations=20)
    with pytest.raises(ValueError, match="positive values"):
        ex.detect_explosive(dates, np.arange(0.0, 12.0), simulations=20)
    walk = np.random.default_rng(0).normal(size=12).cumsum()
    level = ex.detect_explosive(dates, walk, log=False, simulations=20)
    assert level.min_duration == 3 and len(level.bsadf) == 12
