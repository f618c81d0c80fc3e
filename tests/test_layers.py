"""The five-layer-cake chapter: models recover known parameters, numbers match hand
calculations, and every rule flips at its thresholds."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import layers, models, notable
from analysis import verdicts as v
from analysis.catalogue import load_table


def quarterly(start: float, factor_per_year: float, quarters: int, noise: float = 0.0,
              seed: int = 0) -> tuple[pd.DatetimeIndex, np.ndarray]:
    dates = pd.date_range("2020-03-31", periods=quarters, freq="QE")
    t = models.years_since(dates, dates[0])
    rng = np.random.default_rng(seed)
    return dates, start * factor_per_year ** t * np.exp(rng.normal(0, noise, quarters))


# ------------------------------------------------------------------------------ infrastructure

def test_date_reaching_an_annual_level_uses_a_quarter_of_it_per_quarter():
    dates, values = quarterly(10.0, 2.0, 12, noise=0.01)
    fit = models.fit_exponential(dates, values)
    reached, low, high = layers.date_reaching_annual(fit, 5000.0)
    # 10 a quarter doubling yearly reaches 1,250 a quarter after log2(125) years.
    expected = dates[0] + pd.Timedelta(days=math.log2(125) * models.DAYS_PER_YEAR)
    assert abs((reached - expected).days) < 20
    assert low <= reached <= high


def test_annualised_path_is_four_times_the_fitted_quarter_to_the_end_date():
    dates, values = quarterly(10.0, 2.0, 12, noise=0.01)
    fit = models.fit_exponential(dates, values)
    path = layers.annualised_path(fit, pd.Timestamp("2026-12-31"))
    assert path["date"].iloc[-1] == pd.Timestamp("2026-12-31")
    direct = fit.predict(path["date"].iloc[[-1]])["median"].iloc[0]
    assert path["median"].iloc[-1] == pytest.approx(4 * direct)
    assert (path["pi_low"] <= path["median"]).all() and (path["median"] <= path["pi_high"]).all()


def test_years_after_counts_from_the_last_observation_and_never_is_infinite():
    dates, values = quarterly(10.0, 2.0, 8)
    fit = models.fit_exponential(dates, values)
    assert layers.years_after(dates[-1] + pd.Timedelta(days=2 * 365.25), fit) == pytest.approx(2.0)
    assert layers.years_after(None, fit) == math.inf


def test_cumulative_projection_sums_the_fitted_quarters():
    dates, values = quarterly(10.0, 2.0, 12)   # exact exponential: the fit is the curve
    fit = models.fit_exponential(dates, values)
    last = pd.Timestamp("2023-12-31")
    total, low, high = layers.cumulative_projection(fit, last)
    # The fit ends at December 2022: the four quarters of 2023 are projected.
    quarters = pd.date_range("2023-01-01", last, freq="QE")
    assert dates[-1] == pd.Timestamp("2022-12-31")
    hand = sum(10.0 * 2.0 ** models.years_since([q], dates[0])[0] for q in quarters)
    assert total == pytest.approx(hand, rel=1e-6)
    assert low <= total <= high


def test_spent_since_ai_era_and_trailing_year():
    annual = pd.DataFrame({"fiscal_year": [2021, 2022, 2023, 2024], "capex_bn": [1.0, 2.0, 3.0, 4.0]})
    assert layers.spent_since_ai_era(annual) == pytest.approx(7.0)
    series = pd.DataFrame({"capex_bn": [1.0, 2.0, 3.0, 4.0, 5.0]})
    assert layers.trailing_year(series) == pytest.approx(14.0)


def test_infrastructure_numbers_match_the_data():
    trend = layers.capex_trend()
    numbers = layers.infrastructure_numbers(trend)
    assert numbers["fl-cx-trailing"].value == pytest.approx(trend.series["capex_bn"].tail(4).sum())
    assert numbers["fl-cx-annual-latest"].value == pytest.approx(trend.annual["capex_bn"].iloc[-1])
    assert numbers["fl-cx-regime-n"].value == len(trend.series) - trend.break_test.break_index
    assert numbers["fl-cx-growth"].value == pytest.approx(trend.trend.annual_growth_factor().value)
    # The break the test finds is where quarterly capex stops being flat (2022-23) and rises.
    assert trend.regime["period_end"].iloc[0].year == 2023


def test_guidance_keeps_each_companys_latest_statement_for_its_latest_period():
    guidance = layers.guidance_next_year()
    assert not guidance["company"].duplicated().any()
    alphabet = guidance[guidance["company"] == "Alphabet"].iloc[0]
    table = load_table("capex_guidance")
    own = table[table["company"] == "Alphabet"]
    assert alphabet.period_guided == own["period_guided"].max()
    assert alphabet.date_given == own[own["period_guided"] == alphabet.period_guided]["date_given"].max()


# ------------------------------------------------------------------------------ models

def synthetic_models(slope_log10: float = 0.5, n: int = 300, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    year = np.sort(rng.uniform(2010, 2025, n))
    flop = 10 ** (18 + slope_log10 * (year - 2010) + rng.normal(0, 0.3, n))
    dates = pd.Timestamp("2000-01-01") + pd.to_timedelta((year - 2000) * 365.25, unit="D")
    return pd.DataFrame({"publication_date": dates, "year": year, "training_flop": flop})


def test_compute_trend_recovers_a_known_growth_rate():
    trend = layers.compute_trend(synthetic_models(0.5))
    assert trend.factor.low < 10 ** 0.5 < trend.factor.high
    assert trend.factor.value == pytest.approx(10 ** 0.5, rel=0.05)


def test_compute_trend_refuses_too_few_models():
    with pytest.raises(models.ModelInputError, match="only 2 points since 2010"):
        layers.compute_trend(synthetic_models(n=300).head(0).pipe(
            lambda f: pd.concat([f, synthetic_models(n=2)])))


def test_frontier_keeps_models_among_the_top_at_their_release():
    table = pd.DataFrame({"training_flop": [5.0, 1.0, 10.0, 2.0, 7.0]})
    # Ranks at release among models so far: 0, 1, 0, 2, 1 models above -> top 2 keeps 4 of 5.
    assert layers.frontier(table, top=2).index.tolist() == [0, 1, 2, 4]


def test_share_trend_recovers_a_known_odds_ratio():
    rng = np.random.default_rng(3)
    year = pd.Series(rng.uniform(2015, 2025, 4000))
    odds = math.log(1.3)
    p = 1 / (1 + np.exp(-(-1 + odds * (year - 2020))))
    flags = pd.Series(rng.uniform(size=len(year)) < p)
    est = layers.share_trend(flags, year)
    assert est.low < 1.3 < est.high


def test_shares_by_year_counts_known_flags_only():
    table = pd.DataFrame({"publication_date": pd.to_datetime(["2016-01-01", "2016-06-01",
                                                              "2016-09-01", "2017-01-01"]),
                          "year": [2016.0, 2016.4, 2016.7, 2017.0],
                          "open_weights": [True, False, None, True]})
    shares = layers.shares_by_year(table, "open_weights")
    assert shares["models"].tolist() == [2, 1]
    assert shares["share"].tolist() == [0.5, 1.0]


def test_open_lag_is_the_level_gap_over_the_closed_slope():
    closed = layers.Trend(models.Estimate(10.0, 9.0, 11.0), 10, intercept=20.0, slope=1.0)
    opened = layers.Trend(models.Estimate(10.0, 9.0, 11.0), 10, intercept=18.5, slope=1.0)
    m = layers.ModelsLayer(pd.DataFrame({"year": [2024.0]}), None, None, None, None,
                           opened, closed, None, None)
    assert m.open_lag_years == pytest.approx(1.5)


def test_models_numbers_match_the_fits():
    m = layers.models_layer()
    numbers = layers.models_numbers(m)
    table = load_table("notable_models")
    with_compute = table[(table["vintage"] == "snapshot") & table["training_flop"].notna()]
    assert numbers["fl-md-n"].value == len(with_compute)
    assert numbers["fl-md-frontier-growth"].value == pytest.approx(m.frontier_trend.factor.value)
    assert numbers["fl-md-sens-low"].value == pytest.approx(m.sensitivity["factor"].min())
    assert numbers["fl-md-largest"] == "Grok-3"


def test_later_numbers_count_the_added_models_and_their_frontier():
    added = pd.DataFrame({"model": ["A", "B", "C"], "training_flop": [2e25, 8e26, 3e25],
                          "publication_date": pd.to_datetime(["2025-03-01", "2025-07-09",
                                                              "2025-08-07"]),
                          "confidence": ["Likely", "Speculative", "Speculative"],
                          "vintage": ["later"] * 3})
    old = pd.DataFrame({"model": ["O"], "training_flop": [5e26],
                        "publication_date": pd.to_datetime(["2025-02-01"]),
                        "confidence": ["Confident"], "vintage": ["snapshot"]})
    sens = pd.DataFrame({"from": [2010, 2012], "models": [9, 8], "factor": [4.0, 5.5],
                         "low": [3.0, 4.0], "high": [5.0, 7.0]})
    trend = layers.Trend(models.Estimate(4.5, 4.0, 5.0), 12, 0.0, math.log10(4.5))
    # The frontier holds O and B but not A or C: one later model passes the rule.
    later = layers.LaterFrontier(added, pd.concat([old, added.iloc[[1]]]), trend, sens)
    numbers = layers.later_numbers(later)
    assert numbers["fl-md-later-n"].value == 3
    assert numbers["fl-md-later-frontier-n"].value == 1
    assert numbers["fl-md-later-largest"] == "B"
    assert numbers["fl-md-later-speculative-n"].value == 2
    assert numbers["fl-md-later-from"] == "1 March 2025"
    assert (numbers["fl-md-later-sens-low"].value, numbers["fl-md-later-sens-high"].value) == (4.0, 5.5)
    assert numbers["fl-md-later-growth"].value == 4.5


def test_trend_path_follows_the_fitted_line():
    trend = layers.Trend(models.Estimate(10.0, 9.0, 11.0), 10, intercept=20.0, slope=1.0)
    path = layers.trend_path(trend, 2020, pd.Timestamp("2021-07-02"))
    assert path["date"].tolist() == [pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01"),
                                     pd.Timestamp("2021-07-02")]
    # log10 FLOP = 20 + (years since 2000): 10^40 on 1 January 2020.
    assert path["value"].iloc[0] == pytest.approx(1e40, rel=1e-3)
    assert path["value"].iloc[1] / path["value"].iloc[0] == pytest.approx(10 ** (366 / 365.25))


def test_later_models_stay_out_of_the_snapshot_figures():
    snapshot, extended = layers.training_compute(), layers.training_compute(include_later=True)
    added = extended[extended["vintage"] == "later"]
    assert (snapshot["vintage"] == "snapshot").all()
    assert len(extended) == len(snapshot) + len(added) and len(added) > 0
    # Every later row was taken under the stated rule, and postdates the snapshot.
    assert (added["training_flop"] >= notable.LATER_MIN_FLOP).all()
    assert (added["publication_date"] > snapshot["publication_date"].max()).all()


def test_sensitivity_with_later_pairs_rows_by_first_year():
    a = pd.DataFrame({"from": [2010, 2012], "models": [111, 107], "factor": [4.0, 5.0],
                      "low": [3.5, 4.5], "high": [4.5, 5.5]})
    b = pd.DataFrame({"from": [2012, 2010], "models": [113, 117], "factor": [5.2, 4.1],
                      "low": [4.6, 3.6], "high": [5.8, 4.6]})
    both = layers.sensitivity_with_later(a, b)
    assert both.values.tolist() == [
        [2010, "4.0× (3.5×–4.5×), 111 models", "4.1× (3.6×–4.6×), 117 models"],
        [2012, "5.0× (4.5×–5.5×), 107 models", "5.2× (4.6×–5.8×), 113 models"]]


# ------------------------------------------------------------------------------ energy, applications

def test_cagr_and_required_growth():
    assert layers.cagr(100.0, 400.0, 2.0) == pytest.approx(2.0)
    assert layers.required_growth() == pytest.approx(10 ** 0.25)


LBNL24, LBNL16 = "LBNL 2024 United States Data Center Energy Usage Report", \
    "LBNL 2016 United States Data Center Energy Usage Report"


def electricity_table():
    rows = [(LBNL24, "United States", 2014, "historical", "estimate", 50.0, None),
            (LBNL24, "United States", 2018, "historical", "estimate", 100.0, None),
            (LBNL24, "United States", 2023, "historical", "estimate", 200.0, 4.0),
            (LBNL24, "United States", 2028, "low", "projection", 300.0, 6.0),
            (LBNL24, "United States", 2028, "high", "projection", 600.0, 12.0),
            (LBNL16, "United States", 2014, "historical", "estimate", 60.0, 1.8),
            (LBNL16, "United States", 2020, "current trends", "projection", 66.0, None),
            ("IEA Energy and AI (2025)", "World", 2024, "historical", "estimate", 400.0, 1.5),
            ("IEA Energy and AI (2025)", "World", 2030, "base case", "projection", 800.0, None),
            ("IEA Energy and AI (2025)", "United States", 2024, "historical", "estimate", 100.0, None),
            ("IEA Energy and AI (2025)", "United States", 2030, "base case", "projection", 400.0, None),
            ("Masanet et al. 2020 (Science)", "World", 2010, "historical", "estimate", 100.0, None),
            ("Masanet et al. 2020 (Science)", "World", 2018, "historical", "estimate", 200.0, None)]
    return pd.DataFrame(rows, columns=["report", "region", "year", "scenario", "kind",
                                       "electricity", "share_of_electricity"])


def test_energy_numbers_by_hand():
    numbers = layers.energy_numbers(electricity_table())
    assert numbers["fl-en-us-2014"].value == 50.0          # LBNL 2024, not LBNL 2016's 60
    assert numbers["fl-en-us-early"].value == pytest.approx(2 ** 0.25)
    assert numbers["fl-en-us-recent"].value == pytest.approx(2 ** 0.2)
    assert numbers["fl-en-us-2028-trend"].value == pytest.approx(400.0)   # 200 × 2
    assert numbers["fl-en-us-2028-position"] == "inside"
    assert numbers["fl-en-us-2028-gw-low"].value == pytest.approx(300 / 8766 * 1000)
    assert numbers["fl-en-us-2028-growth-high"].value == pytest.approx(3 ** 0.2)
    assert numbers["fl-en-world-growth"].value == pytest.approx(2 ** (1 / 6))


def grid_table():
    # US retail sales 4,000 TWh in 2014 growing 1% a year (exactly) to 2023, printed in
    # thousand MWh as EIA does; world generation 20,000 TWh in 2024
    rows = [("United States", year, "retail sales", 4000e3 * 1.01 ** (year - 2014), "thousand MWh")
            for year in range(2014, 2024)]
    rows.append(("World", 2024, "generation", 20000.0, "TWh"))
    return pd.DataFrame(rows, columns=["area", "year", "measure", "value", "unit"])


def test_grid_share_numbers_by_hand():
    numbers = layers.grid_share_numbers(electricity_table(), grid_table())
    assert numbers["fl-en-grid-share-2014"].value == pytest.approx(50 / 4000)
    assert numbers["fl-en-grid-share-2018"].value == pytest.approx(100 / (4000 * 1.01 ** 4))
    assert numbers["fl-en-grid-share-2023"].value == pytest.approx(200 / (4000 * 1.01 ** 9))
    assert numbers["fl-en-grid-share-printed-2023"].value == pytest.approx(0.04)
    assert numbers["fl-en-grid-growth"].value == pytest.approx(0.01)
    assert numbers["fl-en-grid-dc-added"].value == pytest.approx(100.0)
    assert numbers["fl-en-grid-sales-added"].value == pytest.approx(4000 * (1.01 ** 9 - 1.01 ** 4))
    sales_2028 = 4000 * 1.01 ** 14
    assert numbers["fl-en-grid-2028-sales"].value == pytest.approx(sales_2028)
    assert numbers["fl-en-grid-2028-share-low"].value == pytest.approx(300 / sales_2028)
    assert numbers["fl-en-grid-2028-share-high"].value == pytest.approx(600 / sales_2028)
    assert numbers["fl-en-grid-world-share-2024"].value == pytest.approx(400 / 20000)
    assert numbers["fl-en-grid-world-share-printed-2024"].value == pytest.approx(0.015)


def test_grid_series_converts_to_twh_and_names_a_missing_measure():
    sales = layers.grid_series(layers.grid_electricity(), "United States", "retail sales")
    assert sales[2023] == pytest.approx(3861.342)      # EIA: 3,861,342 thousand MWh
    with pytest.raises(models.ModelInputError, match="generation for United States"):
        layers.grid_series(layers.grid_electricity(), "United States", "generation")


def test_growth_history_numbers_by_hand():
    printed = pd.DataFrame({"first_year": [2004, 2010], "last_year": [2010, 2014],
                            "growth_percent": [0.0, 2 ** 0.25 * 100 - 100]})
    # LBNL 2016's 2010-2014 growth is 2^(1/16) a year; LBNL 2024 (synthetic) 50 -> 100 -> 200
    numbers = layers.growth_history_numbers(electricity_table(), printed)
    assert numbers["fl-en-hist-2004-2010"].value == pytest.approx(0.0)
    assert numbers["fl-en-hist-2010-2014"].value == pytest.approx(2 ** (1 / 16) - 1)
    assert numbers["fl-en-hist-2014-2018"].value == pytest.approx(2 ** 0.25 - 1)
    assert numbers["fl-en-hist-2018-2023"].value == pytest.approx(2 ** 0.2 - 1)
    assert numbers["fl-en-hist-forecasts"].value == 3
    last = [2 ** (1 / 16) - 1, 2 ** 0.25 - 2 ** (1 / 16), 2 ** 0.2 - 2 ** 0.25]
    assert numbers["fl-en-hist-mae-last"].value == pytest.approx(100 * np.mean(np.abs(last)))


def test_electricity_trend_numbers_by_hand():
    numbers = layers.electricity_trend_numbers(electricity_table())
    assert numbers["fl-en-trend-points"].value == 3
    # the backtest forecasts 2023 from 2014 and 2018: last level 100, last growth 100 × 2^(5/4)
    assert (numbers["fl-en-bt-origin"], numbers["fl-en-bt-target"]) == ("2018", "2023")
    assert numbers["fl-en-bt-last-level"].value == pytest.approx(2.0)
    assert numbers["fl-en-bt-last-growth"].value == pytest.approx(2 / 2 ** 1.25)
    assert numbers["fl-en-iea-us-growth"].value == pytest.approx(4 ** (1 / 6))
    assert numbers["fl-en-masanet-growth"].value == pytest.approx(2 ** (1 / 8))
    assert numbers["fl-en-lbnl16-growth"].value == pytest.approx(1.1 ** (1 / 6))
    assert numbers["fl-en-lbnl24-growth-check"].value == pytest.approx(2 ** 0.25)


def test_trend_projection_too_wide_is_not_identified():
    kinked = electricity_table()      # flat, then a jump: as LBNL's 58, 76, 176
    kinked.loc[kinked["report"] == LBNL24, "electricity"] = [58.0, 76.0, 176.0, 300, 600]
    assert layers.electricity_trend_numbers(kinked)["fl-en-trend-2030-pi"].startswith(
        "not identified")
    steady = electricity_table()
    steady.loc[steady["report"] == LBNL24, "electricity"] = [100.0, 110.0, 126.0, 300, 600]
    assert not layers.electricity_trend_numbers(steady)["fl-en-trend-2030-pi"].startswith("not")


def test_cluster_numbers_on_synthetic_growth():
    rng = np.random.default_rng(7)
    years = np.arange(2015, 2026)
    power = 10 * 1.5 ** (years - 2015) * np.exp(rng.normal(0, 0.1, years.size))
    table = pd.DataFrame({"year": years, "largest_cluster": [f"C{y}" for y in years],
                          "first_operational_date": [f"{y}-07-01" for y in years],
                          "power_mw": power})
    trend = layers.fit_cluster_trend(table, first_year=2015)
    numbers = layers.cluster_numbers(trend)
    assert numbers["fl-en-cl-growth"].low < 1.5 < numbers["fl-en-cl-growth"].high
    assert numbers["fl-en-cl-years"].value == 11
    assert numbers["fl-en-cl-last"] == "C2025"
    assert numbers["fl-en-cl-origins"].value == 11 - 5      # one-step forecasts after five years
    assert numbers["fl-en-cl-break-p"].value > 0.05         # one steady trend: no break found
    losing = layers.ClusterTrend(trend.table, trend.fits, models.BacktestResult(
        "exponential", 1, pd.DataFrame({"error_model": [0.5, -0.5], "error_naive": [0.1, 0.1],
                                        "covered": [True, False]})), trend.breaks)
    assert layers.cluster_numbers(losing)["fl-en-cl-verdict"] == "does not beat"
    assert layers.cluster_numbers(losing)["fl-en-cl-role"].endswith("not a forecast")
    assert layers.cluster_numbers(losing)["fl-en-cl-coverage"].value == 0.5


def test_revenue_in_year_is_the_mid_year_run_rate():
    dates = pd.Timestamp("2024-01-01") + pd.to_timedelta([0, 365.25, 730.5, 1095.75], unit="D")
    fit = models.fit_exponential(dates, [1.0, 2.0, 4.0, 8.0])
    row = layers.revenue_in_year(fit, 2025)
    t = models.years_since([pd.Timestamp("2025-07-01")], dates[0])[0]
    assert row["median"] == pytest.approx(2 ** t, rel=1e-6)


def test_applications_numbers_match_the_fits():
    numbers = layers.applications_numbers()
    fit = layers.revenue_fits()["OpenAI"]
    assert numbers["fl-ap-openai-growth"].value == pytest.approx(fit.annual_growth_factor().value)
    assert numbers["fl-ap-2026"].value == pytest.approx(layers.labs_revenue_2026()[0])
    assert numbers["fl-ap-required"].value == pytest.approx(10 ** 0.25)


# ------------------------------------------------------------------------------ linkage

def test_granger_p_finds_a_leading_series_and_not_the_reverse():
    rng = np.random.default_rng(5)
    cause = rng.normal(size=80)
    effect = np.concatenate([[0.0], 0.9 * cause[:-1]]) + 0.1 * rng.normal(size=80)
    assert layers._granger_p(effect, cause, 2) < 0.001
    assert layers._granger_p(cause, effect, 2) > 0.05


def test_linked_quarters_put_nvidia_fiscal_quarters_on_calendar_quarters():
    linked = layers.linked_quarters()
    assert (linked["period_end"].dt.month.isin([3, 6, 9, 12])).all()
    assert not linked["period_end"].duplicated().any()


def test_lead_words():
    assert layers._lead_words(0) == "in the same quarter"
    assert layers._lead_words(2) == "with capex leading by 2 quarters"
    assert layers._lead_words(-1) == "with NVIDIA revenue leading by 1 quarter"


# ------------------------------------------------------------------------------ rules

def test_rule_l3a_flips_at_its_thresholds():
    assert layers.rule_l3a(500, (2500, 4000), 12, True) == (v.MATCH, v.MODERATE)
    assert layers.rule_l3a(1500, (2500, 4000), 12, True)[0] == v.EXCEED
    assert layers.rule_l3a(500, (500, 1900), 12, True)[0] == v.FALL_SHORT
    assert layers.rule_l3a(50, (2500, 4000), 12, True)[0] == v.FALL_SHORT
    # A projection that lost its backtest weighs weak.
    assert layers.rule_l3a(500, (2500, 4000), 12, False) == (v.MATCH, v.WEAK)


def test_rule_l3b_flips_at_25_percent_either_side():
    assert layers.rule_l3b(310, 5) == (v.MATCH, v.MODERATE)
    assert layers.rule_l3b(290, 5)[0] == v.FALL_SHORT
    assert layers.rule_l3b(490, 5)[0] == v.MATCH
    assert layers.rule_l3b(510, 5)[0] == v.EXCEED
    assert layers.rule_l3b(380, 3)[1] == v.WEAK


def test_rule_l3c_flips_at_a_decade():
    assert layers.rule_l3c(None, 12, True) == (v.UNTESTABLE, None)
    assert layers.rule_l3c((5.0, 4.0, 6.0), 12, True) == (v.MATCH, v.MODERATE)
    assert layers.rule_l3c((12.0, 10.5, 14.0), 12, True)[0] == v.FALL_SHORT
    assert layers.rule_l3c((9.0, 8.0, math.inf), 12, True)[0] == v.MATCH
    assert layers.rule_l3c((math.inf, math.inf, math.inf), 12, True)[0] == v.CONTRADICT
    assert layers.rule_l3c((5.0, 4.0, 6.0), 12, False) == (v.MATCH, v.WEAK)


def test_rule_share_and_its_two_claims():
    for rule in (layers.rule_share, layers.rule_l4b):
        assert rule((1.1, 1.3), 200) == (v.MATCH, v.MODERATE)
        assert rule((0.9, 1.1), 200)[0] == v.MATCH
        assert rule((0.8, 0.95), 200)[0] == v.CONTRADICT
        assert rule((1.1, 1.3), 4)[1] == v.WEAK


def test_rule_l4a_flips_at_one_model_in_five():
    assert layers.rule_l4a((0.2, 0.3), 90) == (v.MATCH, v.WEAK)
    assert layers.rule_l4a((0.1, 0.199), 90) == (v.FALL_SHORT, v.WEAK)
    assert layers.rule_l4a((0.15, 0.25), 90) == (v.UNDECIDED, v.WEAK)


def test_recent_non_language_share_by_hand():
    day = pd.Timestamp("2025-01-01")
    table = pd.DataFrame({
        "publication_date": [day - pd.DateOffset(years=4), day - pd.DateOffset(years=2),
                             day - pd.DateOffset(years=1), day],
        "language": [False, True, False, True]})
    share, n, start = layers.recent_non_language_share(table)
    assert (share.value, n) == (pytest.approx(1 / 3), 3)
    assert share.low < 1 / 3 < share.high
    assert start == day - pd.DateOffset(years=layers.RECENT_YEARS)


def test_rule_l5a():
    assert layers.rule_l5a([1.5, 3.0], 5) == (v.MATCH, v.MODERATE)
    assert layers.rule_l5a([0.9, 3.0], 5)[0] == v.CONTRADICT
    assert layers.rule_l5a([1.5, 3.0], 4)[1] == v.WEAK


def test_rule_l5b_treats_two_labs_as_a_lower_bound():
    assert layers.rule_l5b((40, 30, 60), 5) == (v.UNTESTABLE, None)
    assert layers.rule_l5b((90, 70, 110), 5)[0] == v.MATCH
    assert layers.rule_l5b((150, 130, 170), 5)[0] == v.EXCEED


def test_rule_l5d_flips_on_a_rival_above_or_below_openai():
    openai = (3.4, 4.0)
    # A rival whose lowest growth exceeds OpenAI's highest contradicts "fastest".
    assert layers.rule_l5d(openai, {"A": (4.1, 9.0)}) == (v.CONTRADICT, v.WEAK)
    assert layers.rule_l5d(openai, {"A": (4.0, 9.0)})[0] == v.UNDECIDED
    # OpenAI's lowest above every rival's highest matches.
    assert layers.rule_l5d(openai, {"A": (2.0, 3.39), "B": (2.26, 2.26)}) == (v.MATCH, v.WEAK)
    assert layers.rule_l5d(openai, {"A": (2.0, 3.4), "B": (2.26, 2.26)})[0] == v.UNDECIDED


def test_fastest_growth_at_scale_uses_consecutive_years_from_a_base_in_the_band():
    annual = pd.DataFrame({"fiscal_year": [2019, 2020, 2021, 2023, 2024],
                           "revenue_bn": [0.5, 2.0, 3.0, 40.0, 100.0]})
    # 2019 -> 2020 is 4x but from $0.5 billion, below the band; 2021 -> 2023 skips a year.
    assert layers.fastest_growth_at_scale(annual, (1.0, 50.0)) == (2.5, 2024)
    assert layers.fastest_growth_at_scale(annual, (60.0, 70.0)) is None


def test_applications_numbers_give_nvidias_fastest_year_by_hand():
    annual = layers.nvidia_annual_revenue().set_index("fiscal_year")["revenue_bn"]
    numbers = layers.applications_numbers()
    year = int(numbers["fl-ap-nvidia-fastest-year"].split()[-1])
    assert numbers["fl-ap-nvidia-fastest"].value == pytest.approx(annual[year] / annual[year - 1])
    # No qualifying year grew faster.
    in_band = [y for y in annual.index if y - 1 in annual.index and 1.0 <= annual[y - 1] <= 50.0]
    assert max(annual[y] / annual[y - 1] for y in in_band) == pytest.approx(
        numbers["fl-ap-nvidia-fastest"].value)


def test_dated_adoption_points_count_each_question_version_apart():
    adoption = pd.DataFrame({
        "measure": ["current use"] * 4 + ["expected use in next six months"],
        "population": ["all employer businesses"] * 3 + ["firms with 100 to 249 employees",
                                                         "all employer businesses"],
        "question_version": ["old", "old", "new", "new", "old"],
        "period_start": pd.to_datetime(["2023-10-23", None, "2025-12-14", "2026-01-01",
                                        "2024-01-01"]),
        "period_end": pd.to_datetime(["2023-11-05", None, "2026-05-03", "2026-01-14",
                                      "2024-01-14"]),
    })
    # Undated estimates, other populations and other measures do not count.
    assert layers.dated_adoption_points(adoption) == {"old": 1, "new": 1}


def test_rule_l5c_against_the_required_growth():
    needed = 10 ** 0.25
    assert layers.rule_l5c((needed + 0.1, 3.0), 5)[0] == v.EXCEED
    assert layers.rule_l5c((needed - 0.1, 3.0), 5)[0] == v.MATCH
    assert layers.rule_l5c((1.1, needed - 0.1), 5)[0] == v.FALL_SHORT
    assert layers.rule_l5c((0.5, 0.9), 5)[0] == v.CONTRADICT


def test_rule_l6_flips_on_each_ordering():
    assert layers.rule_l6(0.01, 0.5, 11) == (v.UNTESTABLE, None)
    assert layers.rule_l6(0.01, 0.5, 19) == (v.MATCH, v.WEAK)
    assert layers.rule_l6(0.01, 0.01, 19)[0] == v.MATCH
    assert layers.rule_l6(0.5, 0.01, 19)[0] == v.CONTRADICT
    assert layers.rule_l6(0.5, 0.5, 19)[0] == v.FALL_SHORT
    assert layers.rule_l6(0.01, 0.5, 24)[1] == v.STRONG


def test_every_chapter_claim_is_assessed_with_a_valid_verdict():
    claims = load_table("claims")
    ours = set(claims.loc[claims["chapter"] == "five-layers", "claim_id"])
    assert set(layers.ASSESSMENTS) == ours
    for claim_id, assess in layers.ASSESSMENTS.items():
        verdict = assess()
        assert verdict.claim_id == claim_id
        assert verdict.anchor.startswith("fl-")


def test_findings_are_formatted_numbers():
    found = layers.findings()
    assert 3 <= len(found) <= 6
    assert found["fl-f-capex-year"].value == pytest.approx(
        layers.capex_trend().annual["capex_bn"].iloc[-1])


# ------------------------------------------------------------------------------ chips

def test_compute_trend_fits_any_ratio_column_and_skips_missing_values():
    table = synthetic_models(0.2).rename(columns={"training_flop": "per_dollar"})
    table.loc[::3, "per_dollar"] = np.nan
    trend = layers.compute_trend(table, 2010, "per_dollar")
    assert trend.nobs == table["per_dollar"].notna().sum()
    assert trend.factor.low < 10 ** 0.2 < trend.factor.high


def test_chips_numbers_by_hand():
    c = layers.chips_layer()
    numbers = layers.chips_numbers(c, layers.models.Estimate(100.0, 50.0, 200.0))
    gain = c.per_dollar.factor.value
    assert numbers["fl-hw-per-dollar"].value == pytest.approx(gain)
    assert (numbers["fl-hw-token-fall"].low, numbers["fl-hw-token-fall"].high) == (50.0, 200.0)
    assert numbers["fl-hw-speed-ratio"].value == pytest.approx(math.log(100) / math.log(gain))
    assert numbers["fl-hw-doubling-dollar"].value == pytest.approx(math.log(2) / math.log(gain))
    assert numbers["fl-hw-price-n"].value == c.table.dropna(
        subset=["fp32_per_usd"]).query("year >= 2010").shape[0]


def test_rule_l2_flips_at_twice_the_hardware_pace_in_logs():
    hardware = (1.2, 1.4)
    just_below = math.exp(1.99 * math.log(1.4))
    just_above = math.exp(2.01 * math.log(1.4))
    assert layers.rule_l2(hardware, just_below, 50) == (v.MATCH, v.MODERATE)
    assert layers.rule_l2(hardware, just_above, 50) == (v.CONTRADICT, v.MODERATE)
    assert layers.rule_l2(hardware, just_above, 4)[1] == v.WEAK


def test_campus_numbers_by_hand():
    table = pd.DataFrame({"campus": ["A", "B", "C"], "current_power_mw": [500.0, 1500.0, 0.0],
                          "current_capital_cost_usd_bn": [20.0, 40.0, 0.0]})
    numbers = layers.campus_numbers(table, us_average_gw=20.0)
    assert numbers["fl-en-campus-operating"].value == 2
    assert numbers["fl-en-campus-gw"].value == pytest.approx(2.0)
    assert numbers["fl-en-campus-largest"] == "B"
    assert numbers["fl-en-campus-cost-per-gw"].value == pytest.approx(30.0)
    assert numbers["fl-en-campus-vs-us"].value == pytest.approx(0.1)


def test_curves_at_their_boundary_are_not_backtested_and_the_page_says_so():
    trend = layers.capex_trend()
    ranked = set(trend.comparison.loc[trend.comparison["comparable"], "model"])
    assert set(trend.backtests) == ranked
    sentence = layers._not_backtested(trend)
    for name in set(trend.fits) - ranked:
        assert layers.CURVE_NAMES.get(name, name) in sentence


def _frame(dates, values) -> pd.DataFrame:
    return pd.DataFrame({"period_end": pd.DatetimeIndex(dates), "capex_bn": values})


def test_curve_study_fits_after_a_significant_break_and_backtests_the_ranked_curves():
    # Flat for three years, then doubling every year: the break is found and the curves
    # are fitted to the quarters after it only.
    dates = pd.date_range("2018-03-31", periods=24, freq="QE")
    t = models.years_since(dates, dates[0])
    noise = np.exp(np.random.default_rng(1).normal(0, 0.02, 24))
    values = np.where(t < 3, 10.0, 10.0 * 2.0 ** (t - 3)) * noise
    study = layers.curve_study("Test", "quarters", _frame(dates, values), horizon=2, min_train=6)
    assert study.break_test.rejects()
    assert abs((study.regime["period_end"].iloc[0] - dates[12]).days) <= 92
    assert study.trend.annual_growth_factor().value == pytest.approx(2.0, rel=0.05)
    ranked = set(study.comparison.loc[study.comparison["comparable"], "model"])
    assert set(study.backtests) == ranked and "exponential" in ranked


def test_curve_study_keeps_the_whole_series_without_a_break_and_skips_short_ones():
    dates, values = quarterly(10.0, 1.5, 16, noise=0.02)
    study = layers.curve_study("Test", "quarters", _frame(dates, values), horizon=2, min_train=6)
    assert not study.break_test.rejects()
    assert len(study.regime) == 16
    short = layers.curve_study("Test", "fiscal years", _frame(dates[:7], values[:7]),
                               horizon=1, min_train=5)
    assert short.break_test is None and len(short.regime) == 7
    # Seven points leave two one-step forecasts from windows of five and six.
    assert len(short.backtests["exponential"].scored) == 2
    too_short = layers.curve_study("Test", "fiscal years", _frame(dates[:5], values[:5]),
                                   horizon=1, min_train=5)
    assert too_short.backtests == {} and not too_short.beats_naive
    assert "too short to backtest" in layers._headline_words(too_short)


def test_annual_rate_is_four_quarters_or_one_fiscal_year():
    dates, values = quarterly(10.0, 2.0, 12)
    study = layers.curve_study("Test", "quarters", _frame(dates, values), horizon=2, min_train=6)
    end = pd.Timestamp("2026-12-31")
    quarter = study.trend.predict([end])["median"].iloc[0]
    assert study.annual_rate_at(end)[0] == pytest.approx(4 * quarter)
    yearly = layers.curve_study("Test", "fiscal years", _frame(dates, values), horizon=1,
                                min_train=5)
    assert yearly.annual_rate_at(end)[0] == pytest.approx(quarter)


def _study_with_backtest(relative_mae: float, forecasts: int) -> "layers.CurveStudy":
    dates, values = quarterly(10.0, 2.0, 12)
    errors = pd.DataFrame({"error_model": [relative_mae] * forecasts,
                           "error_naive": [1.0] * forecasts, "covered": [True] * forecasts})
    study = layers.curve_study("Test", "quarters", _frame(dates, values), horizon=2, min_train=6)
    study.backtests = {"exponential": models.BacktestResult("exponential", 2, errors)}
    return study


def test_a_projection_is_quoted_only_after_a_backtest_won_over_enough_forecasts():
    n = layers.MIN_HEADLINE_FORECASTS
    won = _study_with_backtest(0.5, n)
    assert won.headline and "interval" in layers._headline_words(won)
    few = _study_with_backtest(0.5, n - 1)
    assert few.beats_naive and not few.headline
    assert layers._headline_words(few) == "no headline: won on too few forecasts"
    lost = _study_with_backtest(1.2, 20)
    assert not lost.beats_naive
    assert layers._headline_words(lost) == "no headline: lost to the naive rule"


def test_company_numbers_count_the_series_by_outcome():
    studies = (_study_with_backtest(0.5, 8), _study_with_backtest(0.5, 2),
               _study_with_backtest(1.5, 8))
    numbers = layers.company_numbers(studies)
    assert numbers["fl-cxc-series"].value == 3
    assert numbers["fl-cxc-tested"].value == 3
    assert numbers["fl-cxc-won"].value == 2
    assert numbers["fl-cxc-quoted"].value == 1


def test_a_ranked_saturating_curve_shows_its_ceiling_as_an_annual_rate():
    # A logistic curve levelling off at 100 a quarter: the ceiling is 400 a year.
    dates = pd.date_range("2015-03-31", periods=40, freq="QE")
    t = models.years_since(dates, dates[0])
    noise = np.exp(np.random.default_rng(2).normal(0, 0.01, 40))
    values = 100.0 / (1 + np.exp(-1.2 * (t - 4.0))) * noise
    study = layers.curve_study("Test", "quarters", _frame(dates, values), horizon=2, min_train=6)
    ceilings = layers._ranked_ceilings(study)
    assert "logistic" in ceilings
    assert ceilings["logistic"].value == pytest.approx(400.0, rel=0.05)
    assert layers._pins_a_ceiling(study)
    assert "logistic ceiling" in layers._best_curve_words(study)
    exponential = layers.curve_study("Test", "quarters", _frame(*quarterly(10.0, 1.5, 16)),
                                     horizon=2, min_train=6)
    assert not layers._pins_a_ceiling(exponential)


def test_company_studies_cover_every_company_the_sum_and_the_quarterly_companies():
    studies = layers.company_studies()
    annual = [s.company for s in studies if s.frequency == "fiscal years"]
    quarterly_ = [s.company for s in studies if s.frequency == "quarters"]
    assert annual == [*layers.capex.COMPANIES, layers.ALL_FIVE]
    assert quarterly_ == list(layers.capex.QUARTERLY_COMPANIES)
    microsoft = studies[0]
    assert microsoft.series["period_end"].iloc[0] == pd.Timestamp("2012-06-30")
    table = layers.company_model_table(studies)
    quoted = table["rate_2030"].str.startswith("no headline")
    assert (~quoted).sum() == sum(s.headline for s in studies)


def test_what_if_growth_starts_the_slider_at_the_fitted_rate_and_names_each_level():
    from analysis import charts

    spec = charts.what_if_growth(500.0, "March 2026", fitted=1.6437,
                                 targets={"today": 400.0, "five trillion": 5000.0},
                                 y_title="USD billion").to_dict()
    params = spec.get("params", []) + [p for layer in spec["layer"] for p in layer.get("params", [])]
    assert [p["value"] for p in params] == [1.65]   # rounded to the slider's 0.05 step
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert len(texts) == 1
    dataset = spec["datasets"][texts[0]["data"]["name"]]
    assert [row["path"] for row in dataset] == ["today", "five trillion"]


def test_a_projection_needs_ten_won_forecasts_to_weigh_more_than_weak():
    t = layers.capex_trend()
    scored = len(t.backtests["exponential"].scored)
    assert t.projection_trusted == (t.beats_naive and scored >= v.MIN_POINTS_STRONG)
    if scored < v.MIN_POINTS_STRONG:
        assert layers.assess_l3c().strength in (v.WEAK, None)


def test_the_token_price_fall_is_the_report_headline_price_trend():
    fall = layers.token_price_fall()
    from analysis import paradigm
    assert fall.value == pytest.approx(paradigm.assess_p4().value)
