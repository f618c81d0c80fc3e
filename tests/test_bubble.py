"""The bubble-test chapter: computations against hand calculations, rules at their thresholds."""

import math
import re

import pandas as pd
import pytest

from analysis import bubble
from analysis import verdicts as v

CAPEX = pd.Series({2020: 100.0, 2021: 200.0})


def test_depreciation_spreads_each_vintage_over_its_life():
    charge = bubble.depreciation(CAPEX, life=2, through=2023)
    # 2020: half of 100; 2021: half of 100 + half of 200; 2022: half of 200; 2023: nothing.
    assert charge.to_dict() == {2020: 50.0, 2021: 150.0, 2022: 100.0, 2023: 0.0}


def test_a_fractional_life_charges_part_of_its_last_year():
    charge = bubble.depreciation(pd.Series({2020: 110.0}), life=5.5, through=2026)
    # 20 a year for five years, then half a year's 20 = 10 in 2025, nothing in 2026.
    assert charge.tolist() == pytest.approx([20.0] * 5 + [10.0, 0.0])


def test_current_server_lives_take_each_companys_latest_change():
    lives = bubble.current_server_lives()
    # Amazon shortened a subset from six to five years in 2025; Meta moved to 5.5.
    assert lives.to_dict() == {"Alphabet": 6.0, "Amazon": 5.0, "Meta": 5.5, "Microsoft": 6.0}
    assert bubble.policy_life_range() == (5.0, 6.0)


def test_required_revenue_divides_depreciation_by_the_margin():
    assert bubble.required_revenue(CAPEX, 2, 0.5)[2021] == pytest.approx(300.0)
    with pytest.raises(ValueError, match="margin"):
        bubble.required_revenue(CAPEX, 2, 0.0)


def test_sensitivity_grid_rows_are_lives_and_columns_margins():
    grid = bubble.sensitivity_grid(CAPEX, 2021)
    assert list(grid.index) == list(bubble.LIVES) and list(grid.columns) == list(bubble.MARGINS)
    # Life 3, margin 0.4: (100 / 3 + 200 / 3) / 0.4 = 250.
    assert grid.loc[3, 0.4] == pytest.approx(250.0)
    # Life 6, margin 0.7: 300 / 6 / 0.7.
    assert grid.loc[6, 0.7] == pytest.approx(50 / 0.7)


def test_ai_revenue_adds_year_end_run_rates_only_for_companies_without_revenue():
    low, high, companies = bubble.ai_revenue(2025)
    # Recognised 2025: OpenAI 13,100 + xAI 3,200 million; Anthropic's December run-rate 9,000.
    assert low == pytest.approx(16.3)
    assert high == pytest.approx(25.3)
    assert companies == ["Anthropic", "OpenAI", "xAI"]


def test_revenue_gap_numbers_match_hand_calculation(monkeypatch):
    monkeypatch.setattr(bubble, "annual_hyperscaler_capex", lambda: CAPEX)
    monkeypatch.setattr(bubble, "ai_revenue", lambda year: (10.0, 20.0, ["A", "B"]))
    numbers = bubble.revenue_gap_numbers()
    # Central: life 5, margin 0.5 -> (100 + 200) / 5 / 0.5 = 120.
    assert numbers["bt-gap-required"] == "$120 billion"
    # Lives in the companies' accounts run from 5 (Amazon) to 6 years (Microsoft, Alphabet):
    # widest need life 5, margin 0.4 -> 150; narrowest life 6, margin 0.7 -> 71.4.
    assert numbers["bt-gap-policy-range"] == "5–6"
    assert numbers["bt-gap-required-range"].low == pytest.approx(50 / 0.7)
    assert numbers["bt-gap-required-range"].high == pytest.approx(150.0)
    # Coverage from 10 / 150 = 7% to 20 / 71.4 = 28%; over the whole grid (life 3,
    # margin 0.4 -> 250) it would start at 10 / 250 = 4%.
    assert numbers["bt-gap-coverage"] == "7%–28%"
    assert numbers["bt-gap-grid-coverage-low"] == "4.0%"
    # Ten dated changes (Amazon's 2024 extension included); only Amazon's 2025 one shortened.
    assert (numbers["bt-gap-policy-changes"], numbers["bt-gap-policy-shortened"]) == ("10", "1")
    # 2022 with no new spending: (100 + 200) / 5 / 0.5 again = 120.
    assert numbers["bt-gap-committed"] == "$120 billion"


def test_hyperscaler_share_of_us_gdp_is_capex_over_gdp():
    year, share = bubble.hyperscaler_capex_share_of_us_gdp()
    capex = bubble.annual_hyperscaler_capex()[year]
    gdp = bubble._macro("GDP at current prices", "United States")[year]
    assert share == pytest.approx(100 * capex / (gdp * 1000))
    assert 0.5 < share < 3


def test_factory_spend_recovers_huangs_own_arithmetic():
    # 100 trillion × 50% × (10 of 50 trillion = 20%) × (1 − 50%) = 5 trillion.
    assert bubble.factory_spend(100, 50, 0.2, 0.5) == pytest.approx(5.0)


def test_b5_sensitivity_ranks_the_ai_share_first():
    sens = bubble.b5_sensitivity()
    inputs = bubble.b5_inputs().set_index("input")
    base = inputs["base"]
    expected = (base["gdp"] * base["labour_share_percent"] / 100 * (0.30 - 0.10)
                * (1 - base["gross_margin"]))
    assert sens.loc[0, "input"] == "ai_share"
    assert sens.loc[0, "swing"] == pytest.approx(expected)


def test_guidance_revisions_are_changes_of_midpoint():
    revisions = bubble.guidance_revisions()
    alphabet = revisions[revisions["company"] == "Alphabet"]
    # 75 -> 85 -> 92 (midpoint of 91-93).
    assert alphabet["change"].tolist() == [10.0, 7.0]


def test_guidance_outcome_position():
    outcomes = bubble.guidance_outcomes()
    assert set(outcomes["position"]) <= {"above the range", "within the range", "below the range"}
    for row in outcomes.itertuples():
        assert (row.position == "above the range") == (row.outcome > row.high)


@pytest.mark.parametrize("coverage, share, expected", [
    ((1.2, 1.5), 5.0, v.MATCH),          # revenue covers the need everywhere
    ((0.5, 1.5), 4.4, v.MATCH),          # the grid brackets full coverage
    ((0.03, 0.09), 4.4, v.FALL_SHORT),   # a gap, scale below the 2000 peak
    ((0.03, 0.09), 5.0, v.CONTRADICT),   # a gap, and scale beyond the 2000 peak
])
def test_rule_b1b_flips_at_full_coverage_and_the_2000_peak(coverage, share, expected):
    direction, strength = bubble.rule_b1b(coverage, share, 4.6, years=12)
    assert direction == expected
    assert strength != v.STRONG


def test_rule_b2b_outcomes():
    assert bubble.rule_b2b([], []) == (v.UNTESTABLE, None)
    assert bubble.rule_b2b([10.0], ["above the range"])[0] == v.MATCH
    assert bubble.rule_b2b([10.0], ["within the range"])[0] == v.FALL_SHORT
    assert bubble.rule_b2b([-1.0], ["above the range"])[0] == v.CONTRADICT
    assert bubble.rule_b2b([5.0], ["below the range"])[0] == v.CONTRADICT
    assert bubble.rule_b2b([1.0] * 3, ["above the range"] * 3)[1] == v.MODERATE


@pytest.mark.parametrize("share, expected", [(52.3, v.FALL_SHORT), (55.0, v.MATCH),
                                             (65.0, v.MATCH), (70.0, v.EXCEED)])
def test_rule_b5a_against_55_to_65_percent(share, expected):
    assert bubble.rule_b5a(share, 1) == (expected, v.WEAK)


@pytest.mark.parametrize("rd, expected", [(2.0, v.MATCH), (1.9, v.FALL_SHORT),
                                          (1.0, v.FALL_SHORT), (0.9, v.CONTRADICT)])
def test_rule_b5c_at_one_and_two_times_capex(rd, expected):
    assert bubble.rule_b5c(rd, 1.0)[0] == expected


def test_every_claim_of_the_chapter_is_assessed():
    from analysis.catalogue import load_table
    claims = load_table("claims")
    ids = set(claims[claims["chapter"] == "bubble-test"]["claim_id"])
    assert ids == set(bubble.ASSESSMENTS)
    for claim_id, assess in bubble.ASSESSMENTS.items():
        verdict = assess()
        assert verdict.claim_id == claim_id
        assert verdict.direction in v.DIRECTIONS


def test_overall_counts_follow_the_verdicts(monkeypatch):
    ledger = pd.DataFrame({
        "chapter": ["bubble-test"] * 4 + ["paradigm-shift"],
        "claim_id": ["B1b", "B2b", "B5c", "B4", "P4"],
        "claim": ["a", "b", "c", "d", "e"],
        "direction": [v.FALL_SHORT, v.CONTRADICT, v.MATCH, v.UNTESTABLE, v.MATCH],
        "strength": [v.MODERATE, v.WEAK, v.WEAK, None, v.STRONG]})
    numbers = bubble.overall_numbers(ledger)
    assert (numbers["bt-all-claims"], numbers["bt-all-weakens"], numbers["bt-all-supports"],
            numbers["bt-all-untestable"]) == ("4", "2", "1", "1")
    monkeypatch.setattr(bubble, "explosiveness_reading", lambda: "mixed")
    monkeypatch.setattr(bubble, "valuation_reading", lambda: "calm")
    tests = bubble.overall_tests(ledger)
    assert tests["points"].tolist() == [bubble.WEAKENS, bubble.WEAKENS, bubble.SUPPORTS, "mixed",
                                        "calm"]


def test_explosiveness_numbers_are_those_of_the_test():
    numbers = bubble.explosiveness_numbers()
    result = bubble.revenue_explosiveness()
    assert numbers["bt-exp-gsadf"].value == pytest.approx(result.gsadf)
    assert numbers["bt-exp-quarters"] == str(len(bubble.revenue_series()))
    # Size is near 5% on fresh random walks of the same length.
    assert 0.01 <= numbers["bt-exp-size"].value <= 0.10


def test_findings_are_finite_numbers():
    found = bubble.findings()
    assert 3 <= len(found) <= 6
    assert found["bt-stakes-tied"] == "2 of 5"
    for text in found.values():
        assert text and (text.value is None or math.isfinite(text.value))


def test_price_to_sales_pairs_each_year_end_with_the_fiscal_year_ending_after_it():
    ps = bubble.nvidia_price_to_sales().set_index("calendar_year")
    # End of 2024: $3,288.76 billion over fiscal 2025 revenue of $130,497 million = 25.2.
    assert ps.loc[2024, "fiscal_year"] == 2025
    assert ps.loc[2024, "price_to_sales"] == pytest.approx(3288.76 * 1000 / 130497)
    # Fiscal 2017 is incomplete in the revenue table, so the first ratio is for 2017.
    assert ps.index.min() == 2017


def test_sp500_calibration_series_is_quarterly_price_over_dividends():
    ratio = bubble.sp500_price_dividend()
    assert set(ratio.index.month) == {3, 6, 9, 12}
    assert len(ratio) == 84
    march_1985 = ratio[ratio.index == "1985-03-01"].iloc[0]
    assert march_1985 == pytest.approx(179.4 / 7.66)


def test_the_test_dates_the_dot_com_run_up_in_the_calibration_series():
    sp500 = bubble.valuation_tests()["sp500"]
    assert sp500.rejects()
    assert any(a.year <= 1999 <= b.year for a, b in sp500.episodes)


def test_valuation_numbers_are_those_of_the_tests():
    numbers = bubble.valuation_numbers()
    tests = bubble.valuation_tests()
    assert numbers["bt-val-gsadf"].value == pytest.approx(tests["nvidia"].gsadf)
    assert numbers["bt-val-sp-gsadf-p"].value == pytest.approx(tests["sp500"].gsadf_p)
    assert numbers["bt-val-years"] == "24"
    assert numbers["bt-val-ps-last"] == "25.2×"
    assert numbers["bt-val-ps-peak-year"] == "2021"


def test_statistic_paths_start_at_the_first_full_window():
    result = bubble.valuation_tests()["nvidia"]
    paths = bubble.statistic_paths(result)
    stats = paths[paths["series"] == "backward SADF statistic"]
    # 24 year ends, smallest window 10: statistics from the 10th year end on.
    assert len(stats) == 24 - result.critical.window + 1
    assert stats["value"].tolist() == pytest.approx(result.bsadf.dropna().tolist())


@pytest.mark.parametrize("coverage, it_now, weakens, supports, expected", [
    ((0.03, 0.09), 4.4, 3, 1, ["running ahead of its revenue", "not outgrown", "lean against"]),
    ((1.1, 1.5), 4.4, 1, 3, ["already pays", "not outgrown", "lean toward"]),
    ((0.5, 1.5), 5.0, 2, 2, ["turns on the assumed", "has outgrown", "evenly split"]),
])
def test_overall_answer_is_worded_from_the_results(coverage, it_now, weakens, supports, expected):
    answer = bubble.overall_answer(weakens, supports, coverage, it_now, 4.6, "calm", "quiet")
    for phrase in expected:
        assert phrase in answer
    assert f"({weakens} against, {supports} for)" in answer


@pytest.mark.parametrize("tied, expected", [
    (["not stated", "not stated"], (v.UNTESTABLE, None)),
    (["no", "not stated"], (v.MATCH, v.WEAK)),
    (["no", "yes", "not stated"], (v.CONTRADICT, v.WEAK)),
    (["no"] * 5, (v.MATCH, v.MODERATE)),
])
def test_rule_b4_one_tied_stake_contradicts(tied, expected):
    assert bubble.rule_b4(tied) == expected


def test_network_layout_puts_nvidia_on_top_and_tapers_each_link():
    links = pd.DataFrame({"link_id": ["a", "b"], "announced": ["2025-01", "2025-02"],
                          "from_company": ["NVIDIA", "X"], "to_company": ["X", "Y"],
                          "kind": ["equity investment", "cloud contract"],
                          "amount": [10.0, 30.0]})
    edges, nodes = bubble.network_layout(links)
    # X carries 40, Y 30: NVIDIA at the top, then X, then Y around the circle.
    assert nodes["name"].tolist() == ["NVIDIA", "X", "Y"]
    assert (nodes.loc[0, "x"], nodes.loc[0, "y"]) == pytest.approx((0.0, 1.0))
    a = edges[edges["link"] == "a"].sort_values("end")
    assert a["width"].tolist() == [10.0, 0.0]
    assert a["y"].iloc[0] == pytest.approx(1.0)


def test_financing_numbers_match_the_table():
    numbers = bubble.financing_numbers()
    # OpenAI's dollar commitments: Oracle 300 + Microsoft 250 + CoreWeave 11.9 + 4 + 6.5.
    assert numbers["bt-fin-openai-commitments"].value == pytest.approx(572.4)
    # NVIDIA's stakes: OpenAI up to 100, xAI up to 2, Anthropic up to 10, CoreWeave 2,
    # Intel 5.
    assert numbers["bt-fin-nvidia-equity"].value == pytest.approx(119.0)
    assert (numbers["bt-fin-nvidia-stakes"], numbers["bt-fin-tied"]) == ("5", "2")
    # Stakes by others are not NVIDIA's: Amazon's and Alphabet's in Anthropic are left out.
    assert numbers["bt-fin-not-stated"] == "3"
    assert (numbers["bt-fin-first"], numbers["bt-fin-last"]) == ("2023-09", "2026-01")
    assert numbers["bt-fin-openai-multiple"].value == pytest.approx(572.4 / 13.1)


def test_scenario_paths_compound_the_regime_and_fade_to_eight_percent():
    paths = bubble.scenario_paths(100.0, 2026, (2.0, 1.5, 3.0), 0.48, end=2028)
    wide = paths.pivot(index="year", columns="path", values="revenue_bn") * 1000
    assert wide[bubble.REGIME].tolist() == pytest.approx([100, 200, 400])
    assert wide[bubble.REGIME_LOW].iloc[-1] == pytest.approx(225)
    assert wide[bubble.REGIME_HIGH].iloc[-1] == pytest.approx(900)
    # Growth fades 48% -> 28% -> 8% in a straight line: 100, 128, 138.24.
    assert wide[bubble.CONSENSUS].tolist() == pytest.approx([100, 128, 138.24])
    assert wide[bubble.FLAT].tolist() == pytest.approx([100, 100, 100])


def test_nvidia_growth_numbers_end_in_2030():
    numbers = bubble.nvidia_growth_numbers()
    paths = bubble.nvidia_scenarios()
    end = paths[paths["year"] == 2030].set_index("path")["revenue_bn"]
    assert numbers["bt-nv-regime-end"].low == pytest.approx(end[bubble.REGIME_LOW])
    assert numbers["bt-nv-consensus-end"].value == pytest.approx(end[bubble.CONSENSUS])


def test_capex_share_by_year_leaves_years_without_gdp_as_gaps(monkeypatch):
    monkeypatch.setattr(bubble, "annual_hyperscaler_capex",
                        lambda: pd.Series({2023: 150.0, 2024: 220.0, 2025: 380.0, 2026: 500.0}))
    table = bubble.capex_share_by_year().set_index("year")
    # 2023 and 2024 from the World Bank (27.361 and 29.185 trillion), 2025 from the IMF
    # (30.62), 2026 a gap.
    assert table.loc[2023, "gdp_source"] == "World Bank"
    assert table.loc[2023, "share_percent"] == pytest.approx(100 * 150 / 27361)
    assert table.loc[2024, "share_percent"] == pytest.approx(100 * 220 / 29185)
    assert table.loc[2025, "share_percent"] == pytest.approx(100 * 380 / 30620)
    assert math.isnan(table.loc[2026, "share_percent"])


@pytest.mark.parametrize("ratios, phrase", [
    ([12.0, 27.0, 25.0], "value rose faster than revenue"),
    ([12.0, 20.0, 30.0], "at its highest"),
    ([12.0, 14.0, 13.0], "kept pace"),
    ([12.0, 14.0, 9.0], "revenue grew faster than value"),
])
def test_price_to_sales_reading_follows_the_ratio(ratios, phrase):
    assert phrase in bubble.price_to_sales_reading(pd.Series(ratios))


# --- share prices: NVIDIA quarterly, Cisco monthly, NVIDIA price-to-sales ------------------

def _monthly(values, start="2020-01"):
    index = pd.period_range(start, periods=len(values), freq="M").to_timestamp("M")
    return pd.Series(values, index=index, dtype=float)


def test_quarter_ends_keep_march_june_september_and_december():
    kept = bubble.quarter_ends(_monthly(range(12)))
    assert kept.index.month.tolist() == [3, 6, 9, 12] and kept.tolist() == [2, 5, 8, 11]


def test_the_price_series_are_quarterly_nvidia_and_monthly_cisco():
    nvidia, cisco = bubble.nvidia_quarterly_price(), bubble.cisco_monthly_price()
    assert (len(nvidia), len(cisco)) == (102, 108)
    assert set(nvidia.index.month) == {3, 6, 9, 12}
    # Cisco's highest month-end close is March 2000 (77.31 dollars, split-adjusted).
    assert cisco.idxmax() == pd.Timestamp("2000-03-31") and cisco.max() == pytest.approx(77.3125)


def test_implied_shares_divide_value_by_price_on_the_days_both_have():
    cap = pd.Series({pd.Timestamp("2020-12-31"): 100.0, pd.Timestamp("2021-12-31"): 300.0})
    prices = pd.Series({pd.Timestamp("2021-12-31"): 60.0, pd.Timestamp("2022-01-31"): 70.0})
    assert bubble.implied_shares(cap, prices).to_dict() == {pd.Timestamp("2021-12-31"): 5.0}


def test_price_to_sales_uses_four_consecutive_quarters_and_the_last_year_end_shares():
    quarters = pd.DataFrame({
        "quarter_end": pd.to_datetime(["2020-04-26", "2020-07-26", "2020-10-25", "2021-01-31",
                                       "2021-04-25", "2021-10-31"]),
        "fiscal_year": [2021, 2021, 2021, 2021, 2022, 2022],
        "fiscal_quarter": [1, 2, 3, 4, 1, 3],
        "Total": [1000.0, 2000.0, 3000.0, 4000.0, 5000.0, 6000.0]})
    prices = _monthly([10.0] * 24, start="2020-01")
    prices[pd.Timestamp("2021-04-30")] = 20.0
    shares = pd.Series({pd.Timestamp("2019-12-31"): 2.0, pd.Timestamp("2020-12-31"): 3.0})
    table = bubble.price_to_sales(prices, quarters, shares)
    # Two complete runs: to Jan 2021 (1+2+3+4 = 10,000 million) and to Apr 2021 (14,000);
    # the Oct 2021 quarter follows a gap, so it has no trailing year.
    assert table["date"].dt.strftime("%Y-%m").tolist() == ["2021-01", "2021-04"]
    # Jan 2021: 10 dollars x 3 billion shares (end of 2020) = 30 billion over 10 billion.
    # Apr 2021: 20 x 3 = 60 billion over 14 billion.
    assert table["price_to_sales"].tolist() == pytest.approx([3.0, 60 / 14])


def test_drawdown_after_peak_measures_the_fall_from_the_high():
    peak, fall = bubble.drawdown_after_peak(_monthly([1.0, 5.0, 10.0, 4.0, 2.0, 3.0]))
    assert peak == pd.Timestamp("2020-03-31") and fall == pytest.approx(0.8)


@pytest.mark.parametrize("p, phrase", [(0.049, "has run ahead"), (0.05, "has not run away")])
def test_price_to_sales_meaning_flips_at_five_percent(p, phrase):
    from types import SimpleNamespace
    assert phrase in bubble.price_to_sales_meaning(SimpleNamespace(gsadf_p=p))


def test_price_numbers_are_those_of_the_tests(monkeypatch):
    monkeypatch.setattr(bubble, "simulated_power", lambda n: n / 200)
    numbers = bubble.price_numbers()
    tests = bubble.price_tests()
    assert numbers["bt-px-nv-gsadf"].value == pytest.approx(tests["nvidia"].gsadf)
    assert numbers["bt-px-cs-gsadf-p"].value == pytest.approx(tests["cisco"].gsadf_p)
    # Power is read at each series' own length: 102 quarters, 108 months, 26 quarters.
    assert [numbers[f"bt-px-{k}-power"].value for k in ("nv", "cs", "ps")] == \
        pytest.approx([102 / 200, 108 / 200, 26 / 200])
    assert (numbers["bt-px-cs-peak"], numbers["bt-px-ps-first-date"]) == ("Mar 2000", "Jan 2018")
    # Cisco fell from 77.31 (March 2000) to 10.48 (September 2002): 86%.
    assert numbers["bt-px-cs-fall"].value == pytest.approx(1 - 10.48 / 77.3125)
    # January 2018: 6.145 dollars x (117.27 billion / 4.8375 at the end of 2017) over
    # 9,714 million of revenue in the four quarters to January 2018.
    shares_2017 = 117.27 / 4.8375
    assert numbers["bt-px-ps-first"].value == pytest.approx(6.145 * shares_2017 * 1000 / 9714)


def test_scale_numbers_keep_both_railway_mania_definitions():
    numbers = bubble.scale_numbers()
    # 6.7% of national income in 1847 (McCullough); 4.5% of GNP over 1845-49 (Brown).
    assert (numbers["bt-scale-uk-rail-high"], numbers["bt-scale-uk-rail-low"]) == ("6.7%", "4.5%")
    assert numbers["bt-scale-grid"] == "1.2%"
    assert set(bubble.buildout_table()["label"]) >= {"UK railway mania, 1847",
                                                     "UK railway mania, 1845–49",
                                                     "US power grid, 1950s"}


def test_simulated_power_is_the_power_half_of_size_and_power():
    # Same draws: the power-only shortcut must agree with the pair, batch by batch.
    size, power = bubble.simulated_size_and_power(30, reps=120, seed=3)
    assert bubble.simulated_power(30, reps=120, seed=3) == power
    assert 0 <= size < 0.2 < power


def test_b1b_data_period_starts_in_the_first_year_of_capex():
    verdict = bubble.assess_b1b()
    first, last = re.fullmatch(r"fiscal years (\d{4}) to (\d{4})", verdict.data_vintage).groups()
    assert int(first) == bubble.annual_hyperscaler_capex().index.min()
    assert int(first) < int(last)


def test_past_peaks_at_the_same_share_are_one_named_line():
    peaks = pd.DataFrame({"label": ["Telecom", "Grid", "Railroads"],
                          "share_of_gdp_percent": [1.2, 1.2, 6.0]})
    dates = pd.Series(pd.to_datetime(["2020-07-01", "2021-07-01"]))
    lines = bubble.past_peak_lines(peaks, dates)
    assert sorted(lines["series"].unique()) == ["Railroads", "Telecom; Grid"]
    assert lines.groupby("series")["share_percent"].first().to_dict() == {
        "Railroads": 6.0, "Telecom; Grid": 1.2}
    assert len(lines) == 4 and list(lines["date"][:2]) == list(dates)
