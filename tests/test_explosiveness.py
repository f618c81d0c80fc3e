"""The PSY explosiveness tests: exact ADF statistic, size, power and date-stamping."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.stattools import adfuller

from analysis import explosiveness as ex

N = 80


def test_window_statistic_equals_statsmodels_adf():
    rng = np.random.default_rng(3)
    y = np.cumsum(rng.standard_normal(60))
    stats = ex.adf_windows(y, 10)
    for start, end in [(0, 59), (5, 40), (30, 39)]:
        expected = adfuller(y[start:end + 1], maxlag=0, autolag=None, regression="c",
                            result_object=False)[0]
        assert stats[start, end] == pytest.approx(expected, rel=1e-9)
    assert np.isnan(stats[30, 38])  # nine observations: shorter than the minimum window


def test_minimum_window_follows_psy_rule():
    assert ex.minimum_window(100) == 19      # 100 × (0.01 + 1.8 / 10)
    assert ex.minimum_window(12) == 7
    with pytest.raises(ValueError, match="at least 12"):
        ex.minimum_window(11)


def _rejection_rate(series: np.ndarray) -> dict[str, float]:
    cv = ex.critical_values(N)
    stats = ex.sup_statistics(series, cv.window)
    return {test: float(np.mean(stats[test] > cv.quantile(test, 0.95)))
            for test in ("sadf", "gsadf")}


def test_size_is_near_nominal_on_random_walks():
    # Independent of the critical values' own seed.
    rates = _rejection_rate(ex.random_walks(N, 400, np.random.default_rng(7)))
    for rate in rates.values():
        assert 0.02 <= rate <= 0.09


def test_power_on_explosive_series():
    rng = np.random.default_rng(11)
    shocks = rng.standard_normal((200, N))
    series = np.zeros((200, N))
    for t in range(1, N):
        series[:, t] = 1.06 * series[:, t - 1] + shocks[:, t]
    rates = _rejection_rate(series)
    assert rates["sadf"] > 0.9 and rates["gsadf"] > 0.9


def test_date_stamping_finds_a_planted_episode():
    rng = np.random.default_rng(5)
    steps = 0.02 * rng.standard_normal(120)
    steps[60:75] += 0.12        # fifteen quarters of runaway growth
    steps[75:80] -= 0.30        # then a crash
    values = np.exp(np.cumsum(steps))
    dates = pd.date_range("1990-03-31", periods=120, freq="QE")
    result = ex.detect_explosive(dates, values, simulations=299)
    assert result.rejects()
    planted = [(start, end) for start, end in result.episodes
               if start <= dates[80] and end >= dates[60]]
    assert len(planted) == 1
    start, end = planted[0]
    assert dates[60] <= start <= dates[68]
    assert dates[70] <= end <= dates[80]


def test_no_episode_in_a_random_walk():
    rng = np.random.default_rng(9)
    values = np.exp(np.cumsum(0.05 * rng.standard_normal(60)))
    result = ex.detect_explosive(pd.date_range("2000-01-31", periods=60, freq="ME"), values,
                                 simulations=299)
    assert not result.rejects()
    assert result.episodes == []


def test_episodes_respect_minimum_length():
    flags = np.array([0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1], dtype=bool)
    assert ex.episodes(flags, 3) == [(4, 7), (9, 11)]
    assert ex.minimum_duration(40) == 4


def test_rejects_bad_input():
    with pytest.raises(ValueError, match="positive"):
        ex.detect_explosive(pd.date_range("2000-01-31", periods=20, freq="ME"), [-1.0] * 20)


def test_critical_values_are_simulated_once_however_the_arguments_are_spelled():
    first = ex.critical_values(30, simulations=40)
    assert ex.critical_values(30, None, 40) is first
    assert ex.critical_values(30, ex.minimum_window(30), 40, 20150) is first
    assert ex.critical_values(30, simulations=41) is not first
