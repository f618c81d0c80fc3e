"""The electricity toolkit: one report at a time, a log-linear trend with Student-t
intervals, the one-step backtest and the check of a published projection."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import electricity as em
from analysis.models import ModelInputError


def table(rows):
    return pd.DataFrame(rows, columns=["report", "region", "year", "kind", "electricity"])


def test_history_keeps_one_report_and_refuses_a_doubled_year():
    t = table([("A", "US", 2014, "estimate", 58.0), ("B", "US", 2014, "estimate", 70.0),
               ("A", "US", 2018, "estimate", 76.0), ("A", "US", 2028, "projection", 300.0)])
    assert em.history(t, "A", "US").to_dict() == {2014: 58.0, 2018: 76.0}
    doubled = pd.concat([t, table([("A", "US", 2018, "estimate", 77.0)])])
    with pytest.raises(ModelInputError, match="two estimates for one year"):
        em.history(doubled, "A", "US")
    with pytest.raises(ModelInputError, match="no estimates"):
        em.history(t, "C", "US")


def test_average_gw_is_twh_over_hours():
    assert em.average_gw(8.766) == pytest.approx(1.0)


def test_log_linear_recovers_known_growth_and_its_t_interval():
    rng = np.random.default_rng(3)
    years = np.arange(2000, 2030)
    series = pd.Series(50 * 1.2 ** (years - 2000) * np.exp(rng.normal(0, 0.05, years.size)),
                       index=years)
    growth = em.fit_log_linear(series).growth()
    assert growth.low < 1.2 < growth.high
    assert growth.value == pytest.approx(1.2, rel=0.01)


def test_three_points_interval_by_hand():
    series = pd.Series([100.0, 200.0, 800.0], index=[0, 1, 2])
    fit = em.fit_log_linear(series)
    logs = np.log([100.0, 200.0, 800.0])
    slope = (logs[2] - logs[0]) / 2                  # centred x: -1, 0, 1
    resid = logs - (logs.mean() + slope * np.array([-1, 0, 1]))
    half = stats.t.ppf(0.975, 1) * math.sqrt(np.sum(resid ** 2)) / math.sqrt(2)
    assert fit.growth().value == pytest.approx(math.exp(slope))
    assert fit.growth().high == pytest.approx(math.exp(slope + half))


def test_two_points_identify_no_interval():
    fit = em.fit_log_linear(pd.Series([1.0, 2.0], index=[2000, 2001]))
    assert not fit.growth().identified
    assert not fit.predict(2005).identified


def test_one_step_backtest_by_hand():
    series = pd.Series([50.0, 100.0, 300.0], index=[2010, 2014, 2018])
    row = em.one_step_backtest(series).iloc[0]
    assert row["last_level"] == 100.0
    assert row["last_growth"] == pytest.approx(200.0)      # doubling in four years, again
    assert row["error_last_level"] == pytest.approx(math.log(3))
    assert row["error_last_growth"] == pytest.approx(math.log(1.5))


def test_projection_check_compares_growth_not_levels():
    later = pd.Series([58.0, 76.0, 176.0], index=[2014, 2018, 2023])
    check = em.projection_check(73.0, (2014, 70.0), 2020, later)
    assert check["projected_growth"] == pytest.approx((73 / 70) ** (1 / 6))
    assert check["later_growth"] == pytest.approx((76 / 58) ** (1 / 4))
    assert (check["later_first"], check["later_last"]) == (2014, 2018)
    # no later year inside the horizon: the first span from the base year is used
    short = em.projection_check(73.0, (2014, 70.0), 2016, later)
    assert (short["later_first"], short["later_last"]) == (2014, 2018)


def test_share_of_grid_divides_year_by_year_and_refuses_a_missing_year():
    datacentres = pd.Series({2014: 50.0, 2023: 200.0})
    grid = pd.Series({2014: 4000.0, 2018: 4100.0, 2023: 5000.0})
    assert em.share_of_grid(datacentres, grid).to_dict() == {2014: 0.0125, 2023: 0.04}
    with pytest.raises(ModelInputError, match="2023"):
        em.share_of_grid(datacentres, grid.drop(2023))


def printed_growth(rows):
    return pd.DataFrame(rows, columns=["first_year", "last_year", "growth_percent"])


def test_growth_periods_join_printed_growth_and_level_steps_without_splicing_levels():
    # 2000-2004 doubles (100%), then levels 50 (2004) -> 200 (2006) from another report
    periods = em.growth_periods(printed_growth([(2000, 2004, 100.0)]),
                                pd.Series({2004: 50.0, 2006: 200.0}))
    assert periods["annual"].tolist() == pytest.approx([2 ** 0.25, 2.0])
    assert periods[["first", "last"]].values.tolist() == [[2000, 2004], [2004, 2006]]
    with pytest.raises(ModelInputError, match="overlap"):
        em.growth_periods(printed_growth([(2000, 2005, 10.0)]), pd.Series({2004: 1.0, 2006: 2.0}))


def test_growth_rule_errors_by_hand():
    periods = pd.DataFrame({"first": [2000, 2002, 2005], "last": [2002, 2005, 2006],
                            "annual": [1.10, 1.02, 1.30]})
    errors = em.growth_rule_errors(periods)
    assert errors["error_last_growth"].tolist() == pytest.approx([-8.0, 28.0])
    # long run before 2005-2006: 1.10 for two years and 1.02 for three, geometric mean
    long_run = (1.10 ** 2 * 1.02 ** 3) ** (1 / 5)
    assert errors["error_long_run"].tolist() == pytest.approx([-8.0, 100 * (1.30 - long_run)])
