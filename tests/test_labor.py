"""The labor chapter: intervals, regressions and break-even arithmetic against hand
calculations and synthetic data; every verdict rule driven to each of its outcomes."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import labor
from analysis import verdicts as v


# --- intervals ----------------------------------------------------------------

def test_ratio_interval_adds_relative_errors_in_quadrature():
    ratio, low, high = labor.ratio_interval(100, 3.0, 121, 4.0)
    se = 0.05  # hypot(3, 4) / 100
    assert ratio == pytest.approx(1.21)
    assert low == pytest.approx(1.21 * math.exp(-1.959964 * se))
    assert high == pytest.approx(1.21 * math.exp(1.959964 * se))


def test_relative_interval_divides_and_widens():
    a = labor.ratio_interval(100, 3.0, 120, 4.0)
    b = labor.ratio_interval(100, 0.0, 110, 0.0)
    value, low, high = labor.relative_interval(a, b)
    assert value == pytest.approx(120 / 110)
    # b has no error: the relative interval is a's, divided by b.
    assert low == pytest.approx(a[1] / 1.1) and high == pytest.approx(a[2] / 1.1)


def test_change_refuses_to_compare_different_definitions():
    with pytest.raises(ValueError, match="different definitions"):
        labor.change(labor.RADIOLOGISTS, 2015, 2024)


def test_signed_percent_uses_a_true_minus():
    assert str(labor.signed_percent(-0.11)) == "−11%"
    assert labor.signed_percent(0.094, 1).value == pytest.approx(0.094)


# --- J1 radiology ---------------------------------------------------------------

def test_radiology_numbers_match_the_oews_rows():
    table = labor.oews()
    rad = table[table["occ_code"] == "29-1224"].set_index("year")
    expected = rad.loc[2024, "employment"] / rad.loc[2021, "employment"] - 1
    numbers = labor.radiology_numbers()
    assert numbers["lb-rad-change"].value == pytest.approx(expected)
    assert numbers["lb-rad-first"].value == rad.loc[2021, "employment"]
    half = 1.959964 * rad.loc[2024, "employment"] * rad.loc[2024, "emp_prse_pct"] / 100
    assert numbers["lb-rad-last"].low == pytest.approx(rad.loc[2024, "employment"] - half)
    change = numbers["lb-rad-change"]
    established = not (change.low < 0 < change.high)
    assert numbers["lb-rad-direction"].startswith(
        "The change is larger" if established else "The survey's sampling error is larger")


def test_device_counts_accumulate_and_share():
    devices = labor.device_counts()
    raw = labor.load_table("fda_ai_devices")
    assert devices["cumulative"].iloc[-1] == raw["devices"].sum()
    radiology = raw[raw["panel"] == "Radiology"]["devices"].sum()
    assert devices["radiology_share"].iloc[-1] == pytest.approx(radiology / raw["devices"].sum())


def test_trend_with_sampling_error_on_an_exact_exponential():
    years = [2021, 2023, 2024]
    values = [100 * 1.05 ** (y - 2021) for y in years]
    trend = labor.trend_with_sampling_error(years, values, [5.0, 5.0, 5.0])
    assert trend["rate"].value == pytest.approx(math.log(1.05))
    assert trend["chi2"] == pytest.approx(0, abs=1e-18) and trend["df"] == 1
    # Equal errors: the slope's standard error is sigma / sqrt(sum of squared deviations).
    sxx = sum((t - 2022 - 2 / 3) ** 2 for t in years)
    half = 1.959964 * 0.05 / math.sqrt(sxx)
    assert trend["rate"].high == pytest.approx(math.log(1.05) + half)


def test_trend_with_sampling_error_weights_and_flags_excess_scatter():
    # A precise middle year pulls the line; a scatter of 20% against errors of 1% fails.
    trend = labor.trend_with_sampling_error([2020, 2021, 2022], [100, 120, 100], [1, 1, 1])
    assert trend["rate"].value == pytest.approx(0)
    # Residuals: -log(1.2)/3 twice and 2 log(1.2)/3 once, each over a standard error of 0.01.
    assert trend["chi2"] == pytest.approx(6 * math.log(1.2) ** 2 / 9 / 0.01 ** 2)
    assert trend["p_lack_of_fit"] < 1e-6
    with pytest.raises(ValueError, match="three years"):
        labor.trend_with_sampling_error([2021, 2024], [1, 2], [1, 1])


def test_nrmp_positions_add_program_types():
    raw = labor.load_table("nrmp_radiology_positions")
    years = labor.nrmp_positions().set_index("match_year")
    first = raw[raw["match_year"] == raw["match_year"].min()]
    assert years["positions_offered"].iloc[0] == first["positions_offered"].sum()
    assert years["fill_rate"].iloc[0] == pytest.approx(
        first["positions_filled"].sum() / first["positions_offered"].sum())


def test_workforce_numbers_hand_calculation():
    rad = pd.DataFrame({"year": [2021, 2023, 2024], "employment": [100.0, 110.25, 115.7625],
                        "emp_prse_pct": [5.0, 5.0, 5.0]})
    positions = pd.DataFrame({"match_year": [2022, 2025], "positions_offered": [1000, 1100],
                              "positions_filled": [990, 1100], "fill_rate": [0.99, 1.0]})
    register = pd.DataFrame({"year": [2000, 2010], "count": [20_000, 60_000]})
    numbers = labor.workforce_numbers(rad, positions, register)
    assert numbers["lb-reg-growth"].value == pytest.approx(3 ** 0.1 - 1)
    assert numbers["lb-reg-first-year"] == "2000" and numbers["lb-reg-last"].value == 60_000
    # The register's 11.6% a year lies outside the survey trend's interval around 5% a year
    # (about 0.4% to 9.8%); a register growing 5% a year lies inside it.
    assert numbers["lb-rad-vs-register"].endswith("excludes that earlier rate")
    slow = register.assign(count=[20_000, 20_000 * 1.05 ** 10])
    assert "contains" in labor.workforce_numbers(rad, positions, slow)["lb-rad-vs-register"]
    assert numbers["lb-rad-trend"].value == pytest.approx(0.05)
    assert numbers["lb-nrmp-change"].value == pytest.approx(0.10)
    assert numbers["lb-nrmp-fill-min"].value == pytest.approx(0.99)
    assert str(numbers["lb-rad-break"]).startswith("not identified")


@pytest.mark.parametrize("interval, direction", [
    (None, v.UNTESTABLE), ((0.6, 0.8), v.MATCH), ((0.1, 0.3), v.FALL_SHORT)])
def test_rule_j1a(interval, direction):
    assert labor.rule_j1a(interval, 12)[0] == direction


@pytest.mark.parametrize("interval, direction", [
    ((0.80, 0.99), v.CONTRADICT), ((0.90, 1.10), v.UNDECIDED), ((1.01, 1.20), v.MATCH)])
def test_rule_j1b(interval, direction):
    assert labor.rule_j1b(interval, 3) == (direction, v.WEAK)


def test_rule_j1b_strong_with_a_long_precise_series():
    assert labor.rule_j1b((1.05, 1.2), 12) == (v.MATCH, v.STRONG)


# --- J2 trades ----------------------------------------------------------------

RISING = (1.3, 1.8)   # data-centre construction growth factor per year, 95% interval


def test_rule_j2_trades_decide_once_construction_is_rising():
    faster, slower, unclear = (1.02, 1.1), (0.8, 0.95), (0.95, 1.05)
    assert labor.rule_j2([slower, slower, faster], RISING, 14) == (v.CONTRADICT, v.MODERATE)
    assert labor.rule_j2([faster, faster, unclear], RISING, 14) == (v.MATCH, v.MODERATE)
    # Trades pointing opposite ways decide nothing.
    assert labor.rule_j2([slower, slower, faster, faster], RISING, 14)[0] == v.UNDECIDED
    assert labor.rule_j2([faster, unclear, unclear, slower], RISING, 14)[0] == v.UNDECIDED


@pytest.mark.parametrize("spending, direction", [
    ((0.80, 0.95), v.CONTRADICT), ((0.90, 1.20), v.UNDECIDED), ((1.00, 1.20), v.MATCH)])
def test_rule_j2_construction_must_be_rising_first(spending, direction):
    faster = (1.02, 1.1)
    # Even trades that all outgrew the workforce do not match a claim whose demand
    # series is flat or falling.
    assert labor.rule_j2([faster, faster, faster], spending, 14)[0] == direction


def test_rule_j2_strength_counts_quarters_and_is_capped():
    faster = (1.02, 1.1)
    assert labor.rule_j2([faster], RISING, 4)[1] == v.WEAK
    assert labor.rule_j2([faster], RISING, 9)[1] == v.MODERATE
    # Ten quarters and a tight interval would be strong; jobs across all industries cap it.
    assert labor.rule_j2([faster], RISING, 40)[1] == v.MODERATE
    assert labor.rule_j2([faster], (0.0, 1.8), 40)[1] == v.WEAK


# --- J2 data-centre construction --------------------------------------------------

def test_drift_growth_recovers_a_known_drift():
    rng = np.random.default_rng(3)
    covered = 0
    for _ in range(200):
        steps = 0.4 / 4 + rng.normal(0, 0.05, 60)      # 40 log points a year, quarterly
        dates = pd.date_range("2010-01-01", periods=61, freq="QS")
        drift = labor.models.drift_growth(dates, 100 * np.exp(np.r_[0, np.cumsum(steps)]))
        covered += drift.rate.low <= 0.4 <= drift.rate.high
    # Quarters differ by a day or two, so the per-year rates scatter a little more.
    assert 0.9 <= covered / 200 <= 0.99


def test_drift_growth_is_the_mean_step_per_year():
    dates = pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01"])
    values = [1.0, 2.0, 2.0, 8.0]
    drift = labor.models.drift_growth(dates, values)
    years = np.diff(labor.models.years_since(dates, dates[0]))
    steps = np.log([2.0, 1.0, 4.0]) / years
    assert drift.rate.value == pytest.approx(steps.mean())
    half = 4.302653 * steps.std(ddof=1) / math.sqrt(3)      # t(0.975, 2 df)
    assert drift.rate.high == pytest.approx(steps.mean() + half, rel=1e-5)
    assert drift.annual_growth_factor.value == pytest.approx(math.exp(steps.mean()))


def test_drift_difference_finds_an_acceleration_and_not_a_constant_drift():
    rng = np.random.default_rng(5)
    dates = pd.date_range("2010-01-01", periods=41, freq="QS")
    level = lambda steps: 100 * np.exp(np.r_[0, np.cumsum(steps)])
    slow = labor.models.drift_growth(dates, level(0.05 + rng.normal(0, 0.03, 40)))
    fast = labor.models.drift_growth(dates, level(0.15 + rng.normal(0, 0.03, 40)))
    same = labor.models.drift_growth(dates, level(0.05 + rng.normal(0, 0.03, 40)))
    difference, p = labor.models.drift_difference(slow, fast)
    assert difference == pytest.approx(fast.steps.mean() - slow.steps.mean())
    assert difference > 0 and p < 0.001
    assert labor.models.drift_difference(slow, same)[1] > 0.05


def synthetic_construction(monkeypatch, months: int = 36) -> pd.DataFrame:
    """A monthly table doubling data-centre spending every year, nonresidential flat."""
    dates = pd.date_range("2018-01-01", periods=months, freq="MS")
    grow = 1000 * 2 ** (np.arange(months) / 12)
    table = pd.concat([
        pd.DataFrame({"month": dates, "series": labor.DATA_CENTRES, "value_musd_saar": grow}),
        pd.DataFrame({"month": dates, "series": labor.NONRESIDENTIAL,
                      "value_musd_saar": 100_000.0})])
    monkeypatch.setattr(labor, "load_table", lambda name: table.copy())
    labor.construction_quarters.cache_clear()
    quarters = labor.construction_quarters()
    labor.construction_quarters.cache_clear()
    return quarters


def test_construction_quarters_average_complete_quarters_only(monkeypatch):
    quarters = synthetic_construction(monkeypatch, months=35)      # last quarter has 2 months
    assert len(quarters) == 11
    first = 1000 * np.mean(2 ** (np.arange(3) / 12))
    assert quarters["data_centres"].iloc[0] == pytest.approx(first)
    assert quarters["share"].iloc[0] == pytest.approx(first / 100_000)


def test_drift_lines_follow_each_period_from_its_first_quarter(monkeypatch):
    quarters = synthetic_construction(monkeypatch, months=72)
    lines = labor.drift_lines(quarters, labor.construction_models(quarters))
    since = lines[lines["group"] == "average growth since 2023"]
    # The build-out line starts at the last quarter before 2023 and doubles each year.
    assert since["date"].iloc[0] == pd.Timestamp("2022-10-01")
    start = quarters.set_index("quarter").loc["2022-10-01", "data_centres"]
    assert since["value"].iloc[0] == pytest.approx(start)
    assert since["value"].iloc[-1] == pytest.approx(2 * start, rel=0.01)


def test_construction_numbers_hand_calculation(monkeypatch):
    quarters = synthetic_construction(monkeypatch, months=72)      # 2018 to 2023
    quarters["data_centres"] *= np.exp(np.random.default_rng(2).normal(0, 0.01, len(quarters)))
    quarters["share"] = quarters["data_centres"] / quarters["nonresidential"]
    numbers = labor.construction_numbers(quarters, labor.construction_models(quarters))
    first, last = quarters.iloc[0], quarters.iloc[-1]
    assert numbers["lb-dc-first-quarter"] == "2018 Q1" and numbers["lb-dc-last-quarter"] == "2023 Q4"
    assert numbers["lb-dc-multiple"].value == pytest.approx(last.data_centres / first.data_centres)
    assert numbers["lb-dc-share-last"].value == pytest.approx(last.data_centres / 100_000)
    # Spending doubles every year before and after the build-out: +100% a year, no acceleration.
    assert numbers["lb-dc-growth-before"].value == pytest.approx(1.0, abs=0.05)
    assert numbers["lb-dc-growth-since"].value == pytest.approx(1.0, abs=0.1)
    assert numbers["lb-dc-steps-before"].value == 19 and numbers["lb-dc-steps-since"].value == 4
    assert numbers["lb-dc-acceleration-p"].value > 0.05
    assert numbers["lb-dc-nonres-change"].value == pytest.approx(0.0)


def test_trades_numbers_count_trades_beyond_sampling_error():
    growth = pd.DataFrame({
        "occupation": ["electricians", "construction laborers"], "start": 2021, "end": 2024,
        "employment": [1.14, 0.97], "employment_low": [1.12, 0.91],
        "employment_high": [1.16, 1.03], "employment_relative": [1.04, 0.89],
        "employment_relative_low": [1.02, 0.83], "employment_relative_high": [1.06, 0.95],
        "employment_all": [1.094, 1.094], "wage_relative_high": [0.96, 1.02],
        "wage_all": [1.166, 1.166]})
    numbers = labor.trades_numbers(growth)
    assert numbers["lb-n-trades"].value == 2
    assert numbers["lb-trades-faster-2021-2024"].value == 1
    assert numbers["lb-trades-slower-2021-2024"].value == 1
    assert numbers["lb-wage-slower-2021-2024"].value == 1
    assert numbers["lb-all-emp-2021-2024"].value == pytest.approx(0.094)
    assert numbers["lb-electricians-emp-2021-2024"].low == pytest.approx(0.12)


def test_trade_growth_relative_to_all_occupations():
    growth = labor.trade_growth()
    row = growth[(growth["occupation"] == "electricians") & (growth["start"] == 2021)].iloc[0]
    table = labor.oews().set_index(["occupation", "year"])
    own = table.loc[("electricians", 2024), "employment"] / table.loc[("electricians", 2021), "employment"]
    overall = (table.loc[("all occupations", 2024), "employment"]
               / table.loc[("all occupations", 2021), "employment"])
    assert row["employment_relative"] == pytest.approx(own / overall)
    assert row["employment_relative_low"] < row["employment_relative"] < row["employment_relative_high"]


# --- J3 exposure --------------------------------------------------------------

def synthetic_exposure(slope: float, n: int = 400, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    exposure = rng.uniform(0, 1, n)
    groups = rng.choice(["11-0000", "29-0000", "47-0000"], n)
    shift = pd.Series(groups).map({"11-0000": 0.0, "29-0000": 5.0, "47-0000": -5.0}).to_numpy()
    start = rng.uniform(1_000, 100_000, n)
    change = 2 + slope * exposure + shift + rng.normal(0, 1, n)
    return pd.DataFrame({
        "occ_code": [f"{i:02d}-{i:04d}" for i in range(n)], "occ_title": [f"job {i}" for i in range(n)],
        "major_group": groups, "match": "exact", "exposure_human_beta": exposure,
        "exposure_gpt4_beta": exposure, "employment_2021": start,
        "employment_2024": start * np.exp(change / 100), "a_mean_2021": 50_000.0,
        "a_mean_2024": 55_000.0, "employment_change": change,
        "wage_change": 10 + rng.normal(0, 1, n)})


@pytest.mark.parametrize("weighted", [True, False])
def test_exposure_regression_recovers_a_known_slope(weighted):
    fit = labor.exposure_regression(synthetic_exposure(-8.0), weighted=weighted)
    low, high = fit.conf_int().loc["exposure_human_beta"]
    assert low < -8.0 < high
    assert fit.cov_type == "HC3"


def test_exposure_effects_scale_the_slope_by_the_interquartile_range():
    table = synthetic_exposure(-8.0)
    effects = labor.exposure_effects(table)
    head = labor.headline_effect(effects)
    assert head["effect"] == pytest.approx(head["slope"] * labor.exposure_iqr(table))
    assert len(effects) == 16


def test_match_rates_count_kinds_and_scored_employment():
    table = pd.DataFrame({"match": ["exact", "aggregated", "oews only", "exposure only"],
                          "employment_2024": [300.0, 100.0, 100.0, np.nan],
                          "exposure_human_beta": [0.2, 0.5, np.nan, 0.4]})
    rates = labor.match_rates(table)
    assert rates["oews_rows"] == 3 and rates["scored_rows"] == 2
    assert rates["employment_share"] == pytest.approx(0.8)
    assert rates["kinds"]["exposure only"] == 1


def test_exposure_numbers_count_specifications_around_zero():
    table = synthetic_exposure(0.0)
    effects = labor.exposure_effects(table)
    numbers = labor.exposure_numbers(table, effects)
    employment = effects[effects["outcome"] == "employment"]
    assert numbers["lb-exp-specs"].value == len(employment) == 8
    inside = ((employment["low"] <= 0) & (employment["high"] >= 0)).sum()
    assert numbers["lb-exp-specs-zero"].value == inside


@pytest.mark.parametrize("interval, direction", [
    ((-6.0, -0.5), v.CONTRADICT), ((-2.0, 3.0), v.MATCH), ((0.5, 3.0), v.MATCH)])
def test_rule_j3b(interval, direction):
    got = labor.rule_j3b(interval, 780)
    assert got == (direction, v.MODERATE)


def test_rule_j3a_and_j4_untestable_without_their_series():
    assert labor.rule_j3a(None, 0) == (v.UNTESTABLE, None)
    assert labor.rule_j3a((0.6, 0.8), 6)[0] == v.MATCH      # vacancies fell
    assert labor.rule_j3a((1.1, 1.3), 6)[0] == v.CONTRADICT  # vacancies rose
    assert labor.rule_j4(None, 0) == (v.UNTESTABLE, None)
    assert labor.rule_j4((0.1, 0.2), 6)[0] == v.FALL_SHORT
    assert labor.rule_j4((0.55, 0.7), 6)[0] == v.MATCH


def test_shortage_numbers_match_the_oews_rows():
    table = labor.oews().set_index(["occupation", "year"])
    nurses = table.loc[("registered nurses", 2024), "employment"] / \
        table.loc[("registered nurses", 2021), "employment"] - 1
    assert labor.shortage_numbers()["lb-short-nurses"].value == pytest.approx(nurses)


# --- J5 productivity ----------------------------------------------------------

def test_output_gain_from_time_and_output_measures():
    assert labor.output_gain(-40, "time per task") == pytest.approx(1 / 0.6 - 1)
    assert labor.output_gain(15, "output per hour") == pytest.approx(0.15)
    with pytest.raises(ValueError):
        labor.output_gain(10, "quality")


def test_break_even_arithmetic():
    assert labor.break_even_gain() == pytest.approx(0.10)
    assert labor.break_even_gain(output_per_wage=1.5) == pytest.approx(0.10 / 1.5)
    assert labor.break_even_range() == pytest.approx((0.10, 0.10 / 1.5, 0.10))
    assert labor.share_of_work_needed(0.5, 0.1) == pytest.approx(0.2)
    assert labor.share_of_work_needed(0.0, 0.1) == math.inf


def test_study_gains_keep_the_smallest_gain_per_study():
    studies = pd.DataFrame({"study": ["A", "A", "B"], "gain": [0.3, 0.1, 0.5],
                            "gain_low": [0.3, 0.1, 0.5], "gain_high": [0.3, 0.1, 0.5],
                            "scope": ["real work"] * 3})
    gains = labor.study_gains(studies)
    assert list(gains["study"]) == ["A", "B"]
    assert gains["gain"].tolist() == [0.1, 0.5]


def test_field_studies_time_interval_turns_into_output_interval():
    studies = labor.field_studies()
    cui = studies[studies["study_id"] == "cui-et-al"].iloc[0]
    assert (cui.gain_low, cui.gain, cui.gain_high) == pytest.approx((0.0589, 0.2608, 0.4627))
    noy = studies[studies["study_id"] == "noy-zhang"].iloc[0]
    assert noy.gain == pytest.approx(2 / 3) and noy.gain_low == noy.gain_high == noy.gain


def test_productivity_numbers_hand_calculation():
    gains = pd.DataFrame({"study": ["A", "B"], "gain": [0.2, 0.5], "gain_low": [0.2, 0.5],
                          "gain_high": [0.2, 1.2], "scope": ["real work", "assigned tasks"]})
    numbers = labor.productivity_numbers(gains)
    assert numbers["lb-be-gain"].value == pytest.approx(0.1)
    assert numbers["lb-share-needed-min"].value == pytest.approx(0.1 / 0.5)
    assert numbers["lb-share-needed-max"].value == pytest.approx(0.1 / 0.2)
    assert numbers["lb-reach-claim"].value == 1
    assert numbers["lb-real-studies"].value == 1


@pytest.mark.parametrize("gains, direction", [
    ([(0.1, 0.2)] * 3, v.FALL_SHORT), ([(2.5, 3.0)] * 3, v.EXCEED),
    ([(-0.2, -0.05)] * 3, v.CONTRADICT), ([(0.8, 1.5)] * 3, v.MATCH),
    ([(0.1, 0.2), (2.5, 3.0)], v.UNDECIDED)])
def test_rule_j5a(gains, direction):
    assert labor.rule_j5a(gains, 5) == (direction, v.MODERATE)


@pytest.mark.parametrize("gains, direction", [
    ([(0.02, 0.05)] * 3, v.FALL_SHORT), ([(0.12, 0.3)] * 3, v.MATCH),
    ([(-0.1, -0.01)] * 3, v.CONTRADICT)])
def test_rule_j5b(gains, direction):
    assert labor.rule_j5b(gains, 0.1, 5)[0] == direction


def test_rule_j5_weak_with_few_studies():
    assert labor.rule_j5a([(0.1, 0.2)], 2) == (v.FALL_SHORT, v.WEAK)
    assert labor.rule_j5b([(0.1, 0.2)], 0.1, 2) == (v.MATCH, v.WEAK)


def test_every_claim_of_the_chapter_has_an_assessment():
    claims = labor.load_table("claims")
    ours = set(claims[claims["chapter"] == "labor"]["claim_id"])
    assert ours == set(labor.ASSESSMENTS)


def test_findings_are_the_chapter_numbers_without_prefix():
    found = labor.findings()
    assert not any(key.startswith("lb-") for key in found)
    assert found["break-even"].value == pytest.approx(0.10)
    assert found["radiologist-change"] == labor.radiology_numbers()["lb-rad-change"]


def test_latest_adoption_is_the_latest_dated_estimate_for_all_businesses():
    latest = labor.latest_adoption()
    table = labor.load_table("ai_adoption")
    everyone = table[(table["population"] == "all employer businesses")
                     & (table["measure"] == "current use")]
    assert latest.population == "all employer businesses"
    assert latest.period_end == everyone["period_end"].max()
    assert labor.adoption_range(latest) in {f"{latest.estimate_high:.0f}%",
                                            f"{latest.estimate_low:.0f}–{latest.estimate_high:.0f}%"}
