"""The hardware page's computations: one GPU per die, trends that never pool chips built
differently, the GPU-against-transistor reconciliation, and every published number checked
against a hand calculation on synthetic series whose doubling times are known."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import models, paradigm

ORIGIN = pd.Timestamp("2016-01-01")


def at_years(t) -> pd.DatetimeIndex:
    """Dates exactly ``t`` years (of 365.25 days, the fits' unit) after ``ORIGIN``."""
    return ORIGIN + pd.to_timedelta(np.asarray(t, dtype=float) * 365.25, unit="D")


def doubling_by_hand(dates, values) -> float:
    """ln 2 over the least-squares slope of log value on years."""
    dates = pd.DatetimeIndex(dates)
    t = (dates - dates[0]) / pd.Timedelta(days=365.25)
    return math.log(2) / np.polyfit(t, np.log(values), 1)[0]


def synthetic_specs() -> pd.DataFrame:
    """Six dies a year apart whose package count doubles every two years (the last two with
    two dies), plus a later board SKU of one die and a superchip SKU of another, neither of
    which may enter the trends, and an unreleased die."""
    t = np.arange(6.0)
    names = ["P100", "V100", "A100", "H100", "B200", "B300"]
    board = pd.DataFrame({
        "short_name": names, "die": [f"die {n}" for n in names],
        "dies_per_package": [1, 1, 1, 1, 2, 2], "form_factor": paradigm.BOARD_FORM,
        "release_date": at_years(t), "transistors_billion": 10 * 2 ** (t / 2),
        "fp16_dense_tflops": 100 * 2 ** t, "fp8_dense_tflops": 200 * 2 ** t,
        "fp4_dense_tflops": [math.nan] * 4 + [400 * 2 ** 4, 400 * 2 ** 5],
        "tdp_w": 300 + 100 * t, "memory_bandwidth_tbps": 1 + t})
    extra = pd.DataFrame({
        "short_name": ["H200", "GB200 (per GPU)", "Next"], "die": ["die H100", "die B200", "die Next"],
        "dies_per_package": [1, 2, 2],
        "form_factor": [paradigm.BOARD_FORM, "Grace superchip (per GPU)", "not stated"],
        "release_date": [at_years([3.5])[0], at_years([4.2])[0], pd.NaT],
        "transistors_billion": [99.0, 999.0, 999.0], "fp16_dense_tflops": [5000.0, 9000.0, math.nan],
        "fp8_dense_tflops": [9000.0, 18000.0, math.nan], "fp4_dense_tflops": [math.nan, 36000.0, math.nan],
        "tdp_w": [700.0, 1200.0, math.nan], "memory_bandwidth_tbps": [5.0, 8.0, 20.0]})
    specs = pd.concat([board, extra], ignore_index=True)
    return specs.assign(gpu=specs["short_name"])


def synthetic_points() -> pd.DataFrame:
    """Digitised microprocessors doubling every 2 years (1971-2005), single dies doubling
    every 3 years (one a year, 2008-2022), and chips no trend may use: a two-die package and a wafer far
    above the line, and named chips whose dies are not recorded."""
    early = pd.DataFrame({"year": np.arange(1971, 2006, dtype=float)})
    early = early.assign(chip="unnamed microprocessor (digitized point)",
                         construction=paradigm.NOT_RECORDED,
                         transistors=2300 * 2 ** ((early["year"] - 1971) / 2))
    single = pd.DataFrame({"year": np.arange(2008, 2023, dtype=float)})
    single = single.assign(chip=[f"die {int(y)}" for y in single["year"]],
                           construction=paradigm.MONOLITHIC,
                           transistors=1e9 * 2 ** ((single["year"] - 2008) / 3))
    others = pd.DataFrame({
        "year": [2020.0, 2021.0, 2013.0, 2026.0],
        "chip": ["wafer", "two dies", "named processor", "announced GPU"],
        "construction": ["wafer-scale", "multi-die package", paradigm.NOT_RECORDED,
                         "announced, not shipped"],
        "transistors": [2.6e12, 4e11, 5e10, 3e11]})
    points = pd.concat([early, single, others], ignore_index=True)
    # Calendar years as transistor_trend dates them (1 January).
    points["date"] = pd.to_datetime(points["year"].astype(int).astype(str) + "-01-01")
    return points.sort_values("date").reset_index(drop=True)


def by_calendar_year(years_, values) -> float:
    return doubling_by_hand(pd.to_datetime([f"{int(y)}-01-01" for y in years_]), values)


# --- one GPU per die -------------------------------------------------------------------

def test_flagship_is_the_first_board_sku_of_each_released_die():
    flagships = paradigm.flagship_per_die(synthetic_specs())
    assert flagships["short_name"].tolist() == ["P100", "V100", "A100", "H100", "B200", "B300"]
    assert flagships["transistors_per_die"].tolist() == pytest.approx(
        (10 * 2 ** (np.arange(6) / 2) / [1, 1, 1, 1, 2, 2]).tolist())


def test_the_real_gpu_series_keeps_one_board_gpu_per_die():
    flagships = paradigm.flagship_per_die(paradigm.gpu_specs())
    assert flagships["die"].is_unique
    assert [name.split()[0] for name in flagships["short_name"]] == \
        ["P100", "V100", "A100", "H100", "B200", "B300"]


def test_gpu_trend_doubling_time_is_ln2_over_the_slope():
    specs = synthetic_specs()
    trends = paradigm.gpu_trends(specs)
    assert trends["transistors_billion"].nobs == 6
    assert trends["transistors_billion"].doubling_time().value == pytest.approx(2.0, rel=1e-9)
    flagships = paradigm.flagship_per_die(specs)
    assert trends["transistors_per_die"].doubling_time().value == pytest.approx(
        doubling_by_hand(flagships["release_date"], flagships["transistors_per_die"]))


# --- transistor trends by construction -----------------------------------------------

def test_era_fits_never_pool_constructions():
    points = synthetic_points()
    early, recent = paradigm.era_fits(points, paradigm.TRANSISTOR_ERAS).values()
    assert early.nobs == 35 and recent.nobs == 15  # the package, wafer and named chip are out
    single = points[points["construction"] == paradigm.MONOLITHIC]
    assert recent.doubling_time().value == pytest.approx(
        by_calendar_year(single["year"], single["transistors"]))
    assert recent.doubling_time().value == pytest.approx(3.0, rel=0.01)
    assert early.doubling_time().value == pytest.approx(2.0, rel=0.01)


def test_growth_rate_ratio_of_known_rates_and_unidentified_when_a_rate_is_flat():
    t = np.arange(8.0)
    fast = models.fit_exponential(at_years(t), 2 ** (t / 2) * np.exp(0.01 * (-1) ** t))
    slow = models.fit_exponential(at_years(t), 2 ** (t / 4) * np.exp(0.01 * (-1) ** t))
    ratio = paradigm.growth_rate_ratio(fast, slow)
    assert ratio.value == pytest.approx(2.0, rel=0.01)
    assert ratio.low < 2.0 < ratio.high
    flat = models.fit_exponential(at_years(t), np.exp(0.3 * (-1) ** t))
    assert not paradigm.growth_rate_ratio(fast, flat).identified


def test_break_sensitivity_moves_the_break_and_recomputes_both_eras():
    table = paradigm.break_sensitivity(synthetic_points(), break_years=(2000, 2010))
    # Before each break: the digitised years, and single dies once the break passes 2008.
    assert table["early_n"].tolist() == [29, 37]
    assert table["recent_n"].tolist() == [15, 13]
    assert table["slowdown"].iloc[0].value == pytest.approx(1.5, rel=0.02)


def test_only_groups_of_one_kind_get_a_trend():
    fits = paradigm.construction_fits(synthetic_points(), since=2006).set_index("group")
    assert fits.loc["single dies", "doubling"].value == pytest.approx(3.0, rel=0.01)
    assert fits.loc["named chips (dies not recorded)", "doubling"] is None
    assert fits.loc["named chips (dies not recorded)", "no_trend"] == "the group may mix kinds of chip"
    assert fits.loc["a whole wafer", "no_trend"] == "fewer than 4 dates"


@pytest.mark.parametrize("interval_, words", [
    ((0.8, 0.7, 0.95), "have grown faster"),
    ((1.1, 0.9, 1.3), "have not measurably slowed"),
    ((1.2, 1.05, 1.4), "have slowed a little"),
    ((2.5, 2.1, 3.0), "have slowed (the old pace"),
])
def test_count_slowdown_words_follow_the_interval(interval_, words):
    assert paradigm.count_slowdown_words(models.Estimate(*interval_)).startswith(words)


# --- every published number ------------------------------------------------------------

def test_hardware_numbers_match_hand_calculations():
    specs, points = synthetic_specs(), synthetic_points()
    n = paradigm.hardware_numbers(specs, points)
    assert n["gt-dies"].value == 6 and n["gt-skus"].value == 8
    assert n["gt-transistors"].value == pytest.approx(2.0, rel=1e-9)
    assert n["gt-fp16"].value == pytest.approx(1.0, rel=1e-9)
    assert n["hw-fp8"].value == pytest.approx(2.0)            # B200 over H100, one year apart
    assert n["hw-precision"].value == pytest.approx(2.0)      # FP4 over FP8 on B200
    assert n["tr-early"].value == pytest.approx(2.0, rel=0.01)
    assert n["tr-recent"].value == pytest.approx(3.0, rel=0.01)
    assert n["tr-slowdown"].value == pytest.approx(1.5, rel=0.02)
    assert (n["tr-single-n"].value, n["tr-multi-n"].value, n["tr-wafer-n"].value,
            n["tr-announced-n"].value) == (15, 1, 1, 1)
    # Same window as the GPU series (its last die falls on 31 December 2020): the five
    # single dies of 2016-2020.
    assert (n["rc-start"], n["rc-end"], n["rc-table-n"].value) == ("2016", "2020", 5)
    assert n["rc-table"].value == pytest.approx(3.0, rel=0.01)
    assert n["rc-ratio-package"].value == pytest.approx(2.0 / 3.0, rel=0.02)
    assert n["rc-verdict"].startswith("differ: the GPU packages double faster")
    assert all("nan" not in str(text) and "e+" not in str(text) for text in n.values())


def test_the_real_numbers_reconcile_the_two_series():
    n = paradigm.hardware_numbers(paradigm.gpu_specs(), paradigm.transistor_trend())
    rec = paradigm.reconcile(paradigm.gpu_specs(), paradigm.transistor_trend())
    assert rec.table_dies.nobs >= 4 and rec.gpu_package.nobs == 6
    # The ratio is the package doubling time over the table's.
    ratio = rec.gpu_package.doubling_time().value / rec.table_dies.doubling_time().value
    assert n["rc-ratio-package"].value == pytest.approx(ratio)
