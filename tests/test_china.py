"""The China-policy chapter: its models recover known parameters, its rules flip at their
thresholds, and its section numbers match hand calculations from the committed tables."""

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import china, policy_models as pm
from analysis import verdicts as v
from analysis.models import ModelInputError

DATA = Path(__file__).resolve().parent.parent / "data"


def rows(table: str) -> list[dict]:
    with (DATA / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------- policy models

def test_segmented_regression_recovers_a_step_and_prefers_it():
    rng = np.random.default_rng(3)
    t = np.arange(24) / 4
    y = 10 + 0.5 * t - 5 * (t >= 3) + rng.normal(0, 0.3, len(t))
    step = pm.fit_segmented(t, y, breaks=(3,), name="step")
    trend = pm.fit_segmented(t, y, name="trend")
    value, low, high = step.effect("step at 3")
    assert low < -5 < high and high < 0
    assert abs(value + 5) < 0.6
    assert pm.compare([trend, step])["model"].iloc[0] == "step"


def test_segmented_regression_rejects_a_break_with_no_period_after_it():
    with pytest.raises(ModelInputError, match="constant over the data"):
        pm.fit_segmented(np.arange(8.0), np.arange(8.0), breaks=(20,))


def test_counterfactual_shortfall_is_the_weighted_gap_to_the_pre_period_level():
    before = pm.fit_segmented(np.arange(4.0), [20.0, 22.0, 20.0, 22.0], trend=False)
    value, low, high = pm.counterfactual_shortfall(before, [4.0, 5.0], [10.0, 11.0], [2.0, 3.0])
    # level 21: 2 x (21 - 10) + 3 x (21 - 11) = 52
    assert value == pytest.approx(52.0)
    assert low < 52 < high


def test_zero_crossing_of_a_falling_trend_and_not_identified_when_flat():
    rng = np.random.default_rng(5)
    t = np.linspace(0, 3, 30)
    falling = pm.fit_segmented(t, 2 - 0.5 * t + rng.normal(0, 0.05, 30), cov_type="HC1")
    crossing, low, high = pm.zero_crossing(falling, after=3)
    assert low < 4 < high and abs(crossing - 4) < 0.3
    flat = pm.fit_segmented(t, 1 + rng.normal(0, 0.5, 30), cov_type="HC1")
    assert pm.zero_crossing(flat, after=3) is None


def test_group_gap_recovers_a_constant_two_year_lead():
    rng = np.random.default_rng(7)
    t = np.tile(np.linspace(0, 6, 20), 2)
    follower = np.repeat([0, 1], 20)
    log_y = 20 + 0.8 * t - 1.6 * follower + rng.normal(0, 0.1, 40)
    gap = pm.fit_group_gap(t, log_y, follower)
    lead, low, high = gap.lead_years(3.0)
    assert low < 2 < high and abs(lead - 2) < 0.2
    closing, c_low, c_high = gap.closing_rate()
    assert abs(closing) < 0.05 and c_low < closing < c_high


def test_prediction_interval_adds_the_residual_noise_to_the_parameter_uncertainty():
    fit = pm.fit_segmented(np.arange(4.0), [1.0, 2.0, 3.0, 4.0], trend=False)
    median, low, high = pm.prediction_interval(fit, 9.0)
    # a level model forecasts the mean, whatever the date
    half = 3.182446 * math.sqrt(fit.cov[0, 0] + fit.sigma2)   # t(0.975, 3 df)
    assert median == pytest.approx(2.5)
    assert (low, high) == pytest.approx((2.5 - half, 2.5 + half), rel=1e-5)


def test_naive_rule_forecasts_the_last_value_with_the_spread_of_past_changes():
    t = np.arange(5.0)
    y = np.array([1.0, 2.0, 4.0, 7.0, 8.0])
    result = pm.rolling_origin(t, y, pm.segmented_forecaster(), "line", min_train=4)
    row = result.errors.iloc[0]
    # changes 1, 2, 3: sd 1, t(0.975, 2 df) = 4.303
    assert row["forecast_naive"] == 7.0 and row["error_naive"] == pytest.approx(1.0)
    assert (row["naive_low"], row["naive_high"]) == pytest.approx((7 - 4.302653, 7 + 4.302653))
    assert row["naive_covered"]


def test_rolling_origin_trend_beats_the_naive_rule_on_a_trending_series():
    rng = np.random.default_rng(11)
    t = np.arange(40) / 4
    y = 50 - 3 * t + rng.normal(0, 1, len(t))
    result = pm.rolling_origin(t, y, pm.segmented_forecaster(cov_type="HC1"), "line", 8)
    assert len(result.scored) == 32
    assert result.relative_mae < 1
    assert 0.8 <= result.coverage <= 1.0


def test_rolling_origin_exponential_decay_follows_a_halving_gap():
    rng = np.random.default_rng(13)
    t = np.linspace(0, 1, 20)
    y = 60 * np.exp(-3 * t) * np.exp(rng.normal(0, 0.03, len(t)))
    result = pm.rolling_origin(t, y, pm.segmented_forecaster(log=True, cov_type="HC1"),
                               "decay", 8)
    assert result.relative_mae < 0.5
    last = result.errors.iloc[-1]
    assert last["pi_low"] < last["forecast_model"] < last["pi_high"]


def test_segmented_forecaster_leaves_out_a_break_it_has_not_seen_on_both_sides():
    t = np.arange(10.0)
    y = np.where(t >= 5, 0.0, 10.0) + np.tile([0.1, -0.1], 5)
    forecaster = pm.segmented_forecaster(breaks=(5.0,), trend=False)
    before, _, _ = forecaster(t[:5], y[:5], 5.0, 0.95)       # the step is still ahead
    after, _, _ = forecaster(t[:7], y[:7], 7.0, 0.95)        # two quarters after it
    assert before == pytest.approx(np.mean(y[:5]))
    assert after == pytest.approx(np.mean(y[5:7]))


def test_out_of_sample_scores_later_points_against_the_frozen_fit():
    t = np.arange(6.0)
    fit = pm.fit_segmented(t, 10 - 2 * t + np.tile([0.1, -0.1], 3), cov_type="HC1")
    check = pm.out_of_sample(fit, [7.0, 8.0], [-4.0, 5.0])
    forecast, low, high = pm.prediction_interval(fit, 7.0)
    assert check.loc[0, "forecast"] == pytest.approx(forecast)
    assert (check.loc[0, "pi_low"], check.loc[0, "pi_high"]) == pytest.approx((low, high))
    # the line expects -4 at t = 7 and -6 at t = 8: the first point fits, the second does not
    assert check["inside"].tolist() == [True, False]


def test_out_of_sample_of_a_log_fit_returns_the_original_units():
    t = np.arange(6.0)
    fit = pm.fit_segmented(t, np.log(40 * 0.5 ** t) + np.tile([0.01, -0.01], 3), cov_type="HC1")
    check = pm.out_of_sample(fit, [6.0], [0.625], log=True)
    assert check.loc[0, "forecast"] == pytest.approx(0.625, rel=0.05)
    assert check.loc[0, "pi_low"] < 0.625 < check.loc[0, "pi_high"] and check.loc[0, "inside"]


def test_rolling_origin_needs_a_first_window_and_a_target():
    with pytest.raises(ModelInputError, match="no forecast"):
        pm.rolling_origin(np.arange(6.0), np.arange(6.0), pm.segmented_forecaster(), "x", 6)


def test_group_gap_needs_four_points_per_group():
    with pytest.raises(ModelInputError, match="at least 4 points"):
        pm.fit_group_gap([0, 1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 1, 1])


# --------------------------------------------------------------------- rules

def test_rule_c1_flips_at_each_threshold():
    assert china.rule_c1((-5, 1), 5, 0.5) == (v.CONTRADICT, v.WEAK)
    assert china.rule_c1((-5, 0), 5, 0.5)[0] == v.CONTRADICT
    assert china.rule_c1((-5, -1), china.DECISIVE_AICC - 0.1, 0.5) == (v.UNDECIDED, v.WEAK)
    assert china.rule_c1((-5, -1), china.DECISIVE_AICC, 0.99) == (v.MATCH, v.WEAK)
    # steps that fit better but forecast no better than the last quarter cannot decide it
    assert china.rule_c1((-5, -1), china.DECISIVE_AICC, 1.0) == (v.UNDECIDED, v.WEAK)


def test_rule_c2a_reads_the_rank_and_caps_the_strength():
    assert china.rule_c2a(1, 50) == (v.EXCEED, v.MODERATE)
    assert china.rule_c2a(2, 50) == (v.MATCH, v.MODERATE)
    assert china.rule_c2a(3, 50)[0] == v.CONTRADICT
    assert china.rule_c2a(2, 3)[1] == v.WEAK


def test_rule_c3_compares_the_workplace_share_with_about_half():
    assert china.rule_c3(28, 47, 2) == (v.FALL_SHORT, v.WEAK)
    assert china.rule_c3(50, 47, 2)[0] == v.MATCH
    assert china.rule_c3(40, 47, 2)[0] == v.MATCH
    assert china.rule_c3(65, 47, 2)[0] == v.EXCEED


def test_rule_c4_flips_at_parity_and_at_a_quarter_year():
    assert china.rule_c4((-1.0, -0.1), None, None, 50)[0] == v.EXCEED
    assert china.rule_c4((-0.5, 0.6), None, None, 50) == (v.MATCH, v.STRONG)
    assert china.rule_c4((china.CLAIMED_GAP_YEARS, 1.0), None, None, 50)[0] == v.MATCH
    assert china.rule_c4((0.3, 1.0), None, None, 50)[0] == v.FALL_SHORT
    # a benchmark lag wholly above a quarter-year weakens a match
    assert china.rule_c4((-0.5, 0.6), (0.3, 0.7), None, 50) == (v.MATCH, v.WEAK)
    # so does an Arena gap wholly above zero; one reaching zero does not
    assert china.rule_c4((-0.5, 0.6), None, (0.5, 20), 50) == (v.MATCH, v.WEAK)
    assert china.rule_c4((-0.5, 0.6), None, (0.0, 20), 50) == (v.MATCH, v.STRONG)


def test_rule_c5_needs_two_estimates_each_side_then_compares_the_fall():
    assert china.rule_c5(pd.Series({2024: 63.0, 2025: 42.0}), 2025) == (v.UNTESTABLE, None)
    faster = pd.Series({2022: 70.0, 2023: 68.0, 2025: 50.0, 2026: 40.0})
    slower = pd.Series({2022: 70.0, 2023: 60.0, 2025: 58.0, 2026: 57.0})
    assert china.rule_c5(faster, 2025)[0] == v.MATCH
    assert china.rule_c5(slower, 2025)[0] == v.CONTRADICT


def test_every_claim_of_the_chapter_has_an_assessment():
    chapter = {r["claim_id"] for r in rows("claims") if r["chapter"] == "china-policy"}
    assert set(china.ASSESSMENTS) == chapter


# --------------------------------------------------------------------- section numbers

def test_revenue_numbers_match_a_hand_calculation():
    totals = {(int(r["fiscal_year"]), int(r["fiscal_quarter"])): float(r["revenue"])
              for r in rows("nvidia_revenue_by_market") if r["market"] == "Total"}
    quarters = rows("nvidia_china_revenue_quarterly")
    # Pre-control quarters: before Q4 FY2023, the first full quarter after 7 October 2022.
    pre = [float(r["revenue"]) / totals[(int(r["fiscal_year"]), int(r["fiscal_quarter"]))]
           for r in quarters if (int(r["fiscal_year"]), int(r["fiscal_quarter"])) < (2023, 4)]
    annual = {(int(r["fiscal_year"]), r["region"]): float(r["revenue"])
              for r in rows("nvidia_revenue_by_location")}
    latest = annual[(2026, china.CHINA)] / annual[(2026, "Total")]
    numbers = china.revenue_numbers()
    assert numbers["cn-rev-pre-quarters"] == f"{len(pre)}"
    assert numbers["cn-rev-pre-share"].startswith(f"{100 * np.mean(pre):.0f}%")
    assert numbers["cn-rev-latest-share"] == f"{100 * latest:.0f}%"
    assert numbers["cn-rev-fall"] == f"{100 * (1 - latest / np.mean(pre)):.0f}%"
    assert numbers["cn-rev-2025-billed"] == "$17.1 billion"
    assert numbers["cn-rev-latest-year"] == "FY2026"


def test_early_billing_shares_are_the_10k_figures():
    table = rows("nvidia_revenue_by_location_billing")
    year = {(r["fiscal_year"], r["region"]): float(r["revenue"]) for r in table}
    shares = [year[(y, china.CHINA)] / year[(y, "Total")] for y in ("2020", "2021", "2022")]
    numbers = china.revenue_numbers()
    assert numbers["cn-rev-early-years"] == "FY2020–FY2022"
    assert numbers["cn-rev-early-share"] == f"{100 * min(shares):.0f}%–{100 * max(shares):.0f}%"
    # the quarterly series' fiscal 2022 adds up to the 10-K's year
    quarters = sum(float(r["revenue"]) for r in rows("nvidia_china_revenue_quarterly")
                   if r["fiscal_year"] == "2022")
    assert abs(quarters - year[("2022", china.CHINA)]) <= 20


def test_control_quarters_are_the_first_full_quarters_after_each_rule():
    assert china.control_quarters() == {"October 2022 rule": 2023.75,
                                        "October 2023 rule": 2024.75}


def test_quarter_without_a_total_names_the_file_and_quarter(monkeypatch):
    frame = pd.DataFrame({"fiscal_year": [2010], "fiscal_quarter": [1], "revenue": [1.0]})
    real = china.load_table
    monkeypatch.setattr(china, "load_table",
                        lambda name: frame if name == "nvidia_china_revenue_quarterly" else real(name))
    with pytest.raises(ValueError, match="nvidia_china_revenue_quarterly.csv.*Q1 FY2010"):
        china.quarterly_share.__wrapped__()


def test_market_numbers_match_the_capacity_table():
    table = rows("ai_supercomputer_capacity")
    total = sum(float(r["h100_equivalents"]) for r in table)
    ranked = sorted(table, key=lambda r: -float(r["h100_equivalents"]))
    chinese = next(r for r in table if r["country"] == "China")
    numbers = china.market_numbers()
    assert numbers["cn-mkt-china-rank"] == str(ranked.index(chinese) + 1)
    assert numbers["cn-mkt-china-share"] == f"{100 * float(chinese['h100_equivalents']) / total:.0f}%"
    assert numbers["cn-mkt-third"] == ranked[2]["country"]


def test_talent_numbers_are_the_table_shares():
    by_key = {(r["edition"], r["tier"], r["definition"], r["country"]): r["share"]
              for r in rows("china_ai_talent")}
    numbers = china.talent_numbers()
    assert numbers["cn-tal-origin"] == by_key[("2022", "top-tier", "undergraduate country", "China")] + "%"
    assert numbers["cn-tal-work"] == by_key[("2022", "top-tier", "country of work", "China")] + "%"
    assert numbers["cn-tal-origin-2019"] == by_key[("2019", "top-tier", "undergraduate country", "China")] + "%"


def test_supply_numbers_match_a_hand_calculation():
    numbers = china.supply_numbers()
    # 200,000 Ascend against 1 million H20 in 2024
    assert numbers["cn-sup-unit-share-2024"] == f"{100 * 200000 / 1200000:.0f}%"
    assert numbers["cn-sup-huawei-plan-2025"] == "400,000"
    specs = {r["chip"]: r for r in rows("china_accelerator_specs")}
    h100, h20 = specs["NVIDIA H100 (SXM5 80GB)"], specs["NVIDIA H20"]
    assert numbers["cn-sup-h20-compute"] == f"{100 * float(h20['fp16_tflops']) / float(h100['fp16_tflops']):.0f}%"
    assert numbers["cn-sup-h20-bandwidth"] == (
        f"{100 * float(h20['memory_bandwidth_tb_s']) / float(h100['memory_bandwidth_tb_s']):.0f}%")


def test_notable_counts_match_the_table():
    counted = sum(1 for r in rows("notable_models")
                  if {c.strip() for c in r["country"].split(",")} == {"China"}
                  and r["publication_date"].startswith("2023") and r["vintage"] == "snapshot")
    counts = china.notable_counts()
    assert int(counts[(counts["year"] == 2023) & (counts["country"] == "China")]["models"].iloc[0]) == counted


def test_benchmark_lag_counts_years_from_the_first_us_model_as_good(monkeypatch):
    panel = pd.DataFrame({
        "model": ["US A", "US B", "CN early", "CN late"],
        "developer": ["OpenAI", "Anthropic", "DeepSeek", "DeepSeek"],
        "release_date": pd.to_datetime(["2024-01-01", "2024-07-01", "2024-06-30", "2025-07-01"]),
        "gpqa_diamond": [50.0, 70.0, 60.0, 60.0]})
    monkeypatch.setattr(china, "load_table", lambda name: panel.copy())
    lags = china.benchmark_lags.__wrapped__("gpqa_diamond").set_index("model")
    assert math.isnan(lags.loc["CN early", "lag_years"])      # no US model as good yet
    assert lags.loc["CN late", "lag_years"] == pytest.approx(365 / 365.25)
    assert lags.loc["CN late", "us_model"] == "US B"


def test_findings_repeat_the_section_numbers():
    found = china.findings()
    assert found["latest-share"] == china.revenue_numbers()["cn-rev-latest-share"]
    assert found["talent-origin"] == china.talent_numbers()["cn-tal-origin"]
    assert found["compute-gap"] == china.gap_numbers()["cn-gap-lead-2024"]


def test_backtest_numbers_count_the_forecasts_after_the_first_window():
    quarters = rows("nvidia_china_revenue_quarterly")
    numbers = china.backtest_numbers()
    assert numbers["cn-rev-bt-forecasts"] == str(len(quarters) - china.BACKTEST_MIN_TRAIN)
    steps = china.its_backtests()[china.BACKTESTED_SPECS[0]]
    # the first forecast is made before any control: the step model is a plain level
    first = steps.errors.iloc[0]
    pre = [100 * r for r in china.quarterly_share()["share"].iloc[:china.BACKTEST_MIN_TRAIN]]
    assert first["forecast_model"] == pytest.approx(np.mean(pre))
    assert numbers["cn-rev-bt-steps-beats"] == ("beats" if steps.relative_mae < 1
                                                else "does not beat")


def test_arena_gap_matches_a_hand_calculation_from_the_table():
    table = rows("arena_leaders_us_china")
    last = max(r["snapshot_date"] for r in table)
    us, cn = (next(r for r in table if r["snapshot_date"] == last and r["country"] == c)
              for c in ("United States", "China"))
    gap = float(us["score"]) - float(cn["score"])
    half = math.hypot((float(us["ci_upper"]) + float(us["ci_lower"])) / 2,
                      (float(cn["ci_upper"]) + float(cn["ci_lower"])) / 2)
    numbers = china.arena_numbers()
    assert numbers["cn-gap-arena-last-gap"] == (
        f"{gap:.0f} (95% interval {gap - half:.0f}–{gap + half:.0f})")
    assert numbers["cn-gap-arena-last-win"] == f"{100 / (1 + 10 ** (-gap / 400)):.0f}%"
    assert numbers["cn-gap-arena-snapshots"] == str(len(table) // 2)
    assert numbers["cn-gap-arena-last-cn"] == cn["model"]


def test_arena_snapshot_without_a_chinese_model_names_the_file_and_date(monkeypatch):
    frame = pd.DataFrame({"snapshot_date": pd.to_datetime(["2025-01-01"]),
                          "country": ["United States"], "model": ["m"], "organization": ["o"],
                          "score": [1400.0], "ci_upper": [5.0], "ci_lower": [5.0]})
    monkeypatch.setattr(china, "load_table", lambda name: frame.copy())
    with pytest.raises(ValueError, match="arena_leaders_us_china.csv: snapshot 2025-01-01 .*China"):
        china.arena_gap.__wrapped__()


def test_arena_half_life_is_the_decay_rate_in_months():
    rate = china.arena_fits()["exponential decay"].effect("trend")[0]
    assert china.arena_half_life()[0] == pytest.approx(12 * math.log(2) / -rate)


def test_arena_projection_is_checked_only_on_snapshots_after_the_cutoff():
    gap = china.arena_gap()
    early = gap[gap["date"] <= china.ARENA_PROJECTION_CUTOFF]
    later = gap[gap["date"] > china.ARENA_PROJECTION_CUTOFF]
    line = pm.fit_segmented(early["t"], early["gap"])
    assert china.arena_projection_fits()["straight-line trend"].params == pytest.approx(line.params)
    check = china.arena_out_of_sample()
    assert len(check) == 2 * len(later)
    by_hand = pm.out_of_sample(line, later["t"], later["gap"])
    numbers = china.arena_check_numbers()
    assert numbers["cn-gap-arena-oos-copies"] == str(len(later))
    assert numbers["cn-gap-arena-oos-inside-line"] == str(int(by_hand["inside"].sum()))
    parity = china.arena_projected_parity()
    crossing = pm.zero_crossing(line, float(early["t"].max()))
    assert parity == pytest.approx(tuple(china.ARENA_ORIGIN + x for x in crossing))
    first_after = later[later["t"] + china.ARENA_ORIGIN > parity[2]].iloc[0]
    assert numbers["cn-gap-arena-oos-after-gap"].startswith(f"{first_after['gap']:.0f} (95%")


def test_arena_widest_gap_names_its_snapshot():
    gap = china.arena_gap()
    widest = gap.loc[gap["gap"].idxmax()]
    numbers = china.arena_numbers()
    assert numbers["cn-gap-arena-widest"] == f"{widest['gap']:.0f}"
    assert numbers["cn-gap-arena-widest-us"] == widest["us_model"]
