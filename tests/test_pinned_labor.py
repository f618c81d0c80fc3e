"""labor pinned against hand calculations on synthetic tables: the radiology, trades and
productivity numbers, and the small conversions under them (issue 14)."""

import math

import pandas as pd
import pytest

from analysis import labor

Z95 = 1.959964


def oews_rows(occupation, rows):
    """OEWS-like rows: (year, coverage, employment, rse %, mean wage)."""
    return pd.DataFrame([{"occupation": occupation, "year": y, "coverage": c, "occ_code": code,
                          "employment": e, "emp_prse_pct": rse, "a_mean_usd": w,
                          "mean_prse_pct": 2.0}
                         for y, c, e, rse, w, code in rows])


@pytest.fixture
def synthetic_labor(monkeypatch):
    """Radiologists on two definitions and FDA devices by year and panel, in place of the
    tables (the cached device counts are recomputed from them, and again afterwards)."""
    oews = oews_rows(labor.RADIOLOGISTS, [
        (2015, "broader", 300000, 1.0, 200000, "29-1069"),
        (2024, "exact", 25000, 5.0, 360000, "29-1224"),
        (2021, "exact", 20000, 10.0, 300000, "29-1224")])
    devices = pd.DataFrame({"decision_year": [2019, 2019, 2020, 2022, 2022, 2025],
                            "panel": ["Radiology", "Cardiology", "Radiology", "Radiology",
                                      "Neurology", "Radiology"],
                            "devices": [3, 1, 2, 4, 2, 5], "complete_year": [True] * 5 + [False]})
    monkeypatch.setattr(labor, "oews", lambda: oews)
    monkeypatch.setattr(labor, "load_table", lambda name: {"fda_ai_devices": devices}[name])
    labor.device_counts.cache_clear()
    yield
    labor.device_counts.cache_clear()


def test_device_counts_by_year_by_hand(synthetic_labor):
    years = labor.device_counts()
    assert years["decision_year"].tolist() == [2019, 2020, 2022, 2025]
    assert years["devices"].tolist() == [4, 2, 6, 5]
    assert years["radiology"].tolist() == [3, 2, 4, 5]
    assert years["complete"].tolist() == [True, True, True, False]
    assert years["cumulative"].tolist() == [4, 6, 12, 17]
    assert years["cumulative_radiology"].tolist() == [3, 5, 9, 14]
    assert years["radiology_share"].tolist() == pytest.approx([3 / 4, 5 / 6, 9 / 12, 14 / 17])


def test_radiology_numbers_by_hand(synthetic_labor):
    numbers = labor.radiology_numbers()
    assert (numbers["lb-rad-first-year"], numbers["lb-rad-last-year"]) == ("2021", "2024")
    # 20,000 with a 10% relative standard error; 25,000 with 5%.
    first, last = numbers["lb-rad-first"], numbers["lb-rad-last"]
    assert (first.value, first.low, first.high) == pytest.approx(
        (20000, 20000 * (1 - Z95 / 10), 20000 * (1 + Z95 / 10)))
    assert (last.value, last.low, last.high) == pytest.approx(
        (25000, 25000 * (1 - Z95 / 20), 25000 * (1 + Z95 / 20)))
    assert first.startswith("20,000 (95% interval 16,080–")
    assert last.startswith("25,000 (95% interval 22,550–")
    assert (numbers["lb-rad-rse"], numbers["lb-rad-width"]) == ("5.0%", "20%")
    se = math.hypot(10, 5) / 100
    change = numbers["lb-rad-change"]
    assert (change.value, change.low, change.high) == pytest.approx(
        (0.25, 1.25 * math.exp(-Z95 * se) - 1, 1.25 * math.exp(Z95 * se) - 1))
    assert change == "25% (95% interval 0%–56%)"
    assert numbers["lb-rad-direction"] == "The change is larger than the survey's sampling error"
    assert numbers["lb-rad-years"] == "2" and numbers["lb-rad-years"].unit == "years"
    assert numbers["lb-rad-wage"] == "$360,000"
    # Devices: 17 in all, 14 in radiology; radiology's 5 before 2021 and 4 in 2021-2024.
    assert (numbers["lb-dev-total"], numbers["lb-dev-radiology"]) == ("17", "14")
    assert numbers["lb-dev-share"] == "82%"
    assert (numbers["lb-dev-before"], numbers["lb-dev-during"]) == ("5", "4")


def test_radiology_direction_is_open_when_the_interval_spans_no_change(synthetic_labor,
                                                                       monkeypatch):
    noisy = oews_rows(labor.RADIOLOGISTS, [(2021, "exact", 20000, 20.0, 1, "29-1224"),
                                           (2024, "exact", 21000, 20.0, 1, "29-1224")])
    monkeypatch.setattr(labor, "oews", lambda: noisy)
    assert labor.radiology_numbers()["lb-rad-direction"].startswith(
        "The survey's sampling error is larger than the change")


def test_change_of_employment_and_of_wage_by_hand(synthetic_labor):
    assert labor.change(labor.RADIOLOGISTS, 2021, 2024) == pytest.approx(
        labor.ratio_interval(20000, 10.0, 25000, 5.0))
    assert labor.change(labor.RADIOLOGISTS, 2021, 2024, "wage") == pytest.approx(
        labor.ratio_interval(300000, 2.0, 360000, 2.0))
    with pytest.raises(ValueError, match=r"radiologists: 2015 and 2024 use different "
                                         r"definitions \(29-1069 and 29-1224\)"):
        labor.change(labor.RADIOLOGISTS, 2015, 2024)
    series = labor.occupation_series(labor.RADIOLOGISTS)
    assert series["year"].tolist() == [2015, 2021, 2024]
    assert series["low"].tolist() == pytest.approx([300000 * (1 - Z95 / 100),
                                                    20000 * (1 - Z95 / 10),
                                                    25000 * (1 - Z95 / 20)])


def test_output_gain_reads_time_savings_as_output_per_hour():
    assert labor.output_gain(14, "output per hour") == pytest.approx(0.14)
    assert labor.output_gain(-50, "time per task") == pytest.approx(1.0)
    assert labor.output_gain(-20, "time per task") == pytest.approx(0.25)
    assert labor.output_gain(-99.9, "time per task") == pytest.approx(999, rel=1e-6)
    with pytest.raises(ValueError, match="100% or more"):
        labor.output_gain(-100, "time per task")
    with pytest.raises(ValueError, match="unknown measure 'speed'"):
        labor.output_gain(10, "speed")


def test_break_even_and_share_of_work_by_hand():
    assert labor.break_even_gain() == pytest.approx(10_000 / 100_000)
    assert labor.break_even_gain(5_000, 50_000, 2.0) == pytest.approx(0.05)
    assert labor.break_even_range() == pytest.approx((0.1, 0.1 / 1.5, 0.1))
    assert labor.share_of_work_needed(0.4, 0.1) == pytest.approx(0.25)
    assert labor.share_of_work_needed(1e-9, 0.1) == pytest.approx(1e8)
    assert labor.share_of_work_needed(0.0, 0.1) == math.inf
    assert labor.share_of_work_needed(-0.1, 0.1) == math.inf


def test_productivity_numbers_by_hand():
    gains = pd.DataFrame({"study": ["a", "b", "c", "d"],
                          "gain": [0.05, 0.2, 0.4, 1.2], "gain_high": [0.1, 0.3, 1.0, 1.5],
                          "scope": ["real work", "lab task", "real work", "lab task"]})
    numbers = labor.productivity_numbers(gains)
    assert (numbers["lb-be-gain"], numbers["lb-be-low"], numbers["lb-be-high"]) == (
        "10%", "6.7%", "10%")
    assert numbers["lb-output-per-wage-high"] == "1.5×"
    assert (numbers["lb-studies"], numbers["lb-real-studies"]) == ("4", "2")
    assert (numbers["lb-gain-min"], numbers["lb-gain-max"], numbers["lb-gain-median"]) == (
        "5%", "120%", "30%")
    assert (numbers["lb-gain-real-min"], numbers["lb-gain-real-max"]) == ("5%", "40%")
    # Break-even 10%: over a 120% gain 1/12 of the work, over a 5% gain twice all of it.
    assert (numbers["lb-share-needed-min"], numbers["lb-share-needed-max"]) == ("8%", "200%")
    assert (numbers["lb-claimed-low"], numbers["lb-claimed-high"]) == ("100%", "200%")
    assert numbers["lb-reach-claim"] == "2" and numbers["lb-reach-claim"].unit == "studies"


def test_trades_numbers_by_hand():
    growth = pd.DataFrame([
        {"occupation": "electricians", "start": 2021, "end": 2024, "employment": 1.10,
         "employment_low": 1.05, "employment_high": 1.15, "employment_relative_low": 1.01,
         "employment_relative_high": 1.08, "wage_relative_high": 0.99,
         "employment_all": 1.04, "wage_all": 1.12},
        {"occupation": "plumbers, pipefitters and steamfitters", "start": 2021, "end": 2024,
         "employment": 1.02, "employment_low": 0.98, "employment_high": 1.06,
         "employment_relative_low": 0.94, "employment_relative_high": 1.0,
         "wage_relative_high": 1.0, "employment_all": 1.04, "wage_all": 1.12},
        {"occupation": "electricians", "start": 2015, "end": 2024, "employment": 0.9,
         "employment_low": 0.85, "employment_high": 0.95, "employment_relative_low": 0.8,
         "employment_relative_high": 0.99, "wage_relative_high": 0.9,
         "employment_all": 1.1, "wage_all": 1.3}])
    numbers = labor.trades_numbers(growth)
    assert numbers["lb-n-trades"] == "2"
    assert (numbers["lb-all-emp-2021-2024"], numbers["lb-all-wage-2021-2024"]) == (
        "4.0%", "12.0%")
    assert (numbers["lb-all-emp-2015-2024"], numbers["lb-all-wage-2015-2024"]) == (
        "10.0%", "30.0%")
    # Faster: relative low above 1; slower: relative high below 1 (exactly 1 is neither).
    assert (numbers["lb-trades-faster-2021-2024"], numbers["lb-trades-slower-2021-2024"]) == (
        "1", "0")
    assert (numbers["lb-trades-faster-2015-2024"], numbers["lb-trades-slower-2015-2024"]) == (
        "0", "1")
    assert (numbers["lb-wage-slower-2021-2024"], numbers["lb-wage-slower-2015-2024"]) == (
        "1", "1")
    assert numbers["lb-electricians-emp-2021-2024"] == "10.0% (95% interval 5.0%–15.0%)"
    assert numbers["lb-plumbers-emp-2021-2024"] == "2.0% (95% interval −2.0% to +6.0%)"
    assert numbers["lb-electricians-emp-2015-2024"] == "−10.0% (95% interval −15.0% to −5.0%)"


def test_adoption_range_prints_one_number_or_a_range():
    assert labor.adoption_range(pd.Series({"estimate_low": 9.2, "estimate_high": 9.4})) == "9%"
    assert labor.adoption_range(pd.Series({"estimate_low": 5.0, "estimate_high": 9.0})) == "5–9%"


def exposure_occupations():
    """Eight occupations whose employment change is exactly 2 - 10 x exposure."""
    exposure = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    return pd.DataFrame({"exposure_human_beta": exposure,
                         "employment_change": [2 - 10 * e for e in exposure],
                         "employment_2021": [100, 200, 100, 300, 100, 200, 100, 50],
                         "major_group": ["a", "b"] * 4})


def test_fitted_line_is_the_weighted_fit_over_the_range_of_exposure():
    line = labor.fitted_line(exposure_occupations(), points=4)
    assert list(line.columns) == ["exposure", "fitted", "low", "high"]
    assert line["exposure"].tolist() == pytest.approx([0.1, 1 / 3, 17 / 30, 0.8])
    assert line["fitted"].tolist() == pytest.approx([1.0, 2 - 10 / 3, 2 - 17 / 3, -6.0])
    assert (line["low"] <= line["fitted"] + 1e-9).all()
    assert (line["fitted"] <= line["high"] + 1e-9).all()


def test_exposure_effect_is_the_slope_times_the_interquartile_range():
    table = exposure_occupations()
    assert labor.exposure_iqr(table) == pytest.approx(0.35)
    fit = labor.exposure_regression(table, major_groups=False)
    assert fit.params["exposure_human_beta"] == pytest.approx(-10.0)
    assert fit.params["const"] == pytest.approx(2.0)


def test_latest_adoption_is_the_last_dated_estimate_for_all_businesses(monkeypatch):
    rows = [("current use", "all employer businesses", None, 3.0),
            ("current use", "all employer businesses", "2025-06-30", 9.0),
            ("current use", "all employer businesses", "2024-12-31", 6.0),
            ("expected use", "all employer businesses", "2026-01-31", 14.0),
            ("current use", "large firms", "2026-01-31", 20.0)]
    table = pd.DataFrame(rows, columns=["measure", "population", "period_end", "estimate_high"])
    monkeypatch.setattr(labor, "load_table", lambda name: {"ai_adoption": table}[name].copy())
    assert labor.latest_adoption()["estimate_high"] == 9.0
    monkeypatch.setattr(labor, "load_table", lambda name: table.iloc[[1, 0]].copy())
    assert labor.latest_adoption()["estimate_high"] == 9.0     # the undated one is earlier
