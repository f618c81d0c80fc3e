"""The paradigm-shift computations and the claims ledger behave as documented."""

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import claims, paradigm, verdicts
from analysis.catalogue import load_table

BOOK = Path(__file__).resolve().parent.parent / "book"


def test_token_rates_convert_periods_to_days():
    rates = paradigm.token_daily_rates()
    weekly = rates[rates["period"] == "per week"].iloc[0]
    assert weekly["tokens_per_day"] == pytest.approx(weekly["value"] / 7)
    minute = rates[rates["period"] == "per minute"].iloc[0]
    assert minute["tokens_per_day"] == pytest.approx(minute["value"] * 1440)


def test_token_fits_never_mix_definitions():
    rates = paradigm.token_daily_rates()
    for fit in paradigm.token_growth_fits(rates):
        group = rates[(rates["series"] == fit.series) & (rates["period"] == fit.period)]
        assert fit.fit.nobs == len(group) >= paradigm.MIN_POINTS_FOR_FIT


def test_years_to_a_multiple_inverts_the_growth_rate():
    dates = pd.date_range("2024-01-01", periods=6, freq="180D")
    years = (dates - dates[0]).days / 365.25
    rates = pd.DataFrame({"series": "s", "period": "per day", "date": dates,
                          "tokens_per_day": 1e9 * 10 ** years})
    (growth,) = paradigm.token_growth_fits(rates)
    assert growth.factor[0] == pytest.approx(10, rel=1e-6)
    assert growth.years_to_multiply(1e9)[0] == pytest.approx(9, rel=1e-6)


def test_factory_arithmetic_by_hand():
    out = paradigm.factory_arithmetic(capex_per_gw=50, gpus_per_gw=500_000,
                                      tokens_per_mw_s=1_000_000, price_per_mtok=1.0,
                                      utilisation=0.5, sold_share=0.4, life_years=5)
    tokens = 1e6 * 1000 * 365.25 * 24 * 3600 * 0.5
    assert out["capex_per_gpu_usd"] == pytest.approx(100_000)
    assert out["tokens_per_year"] == pytest.approx(tokens)
    assert out["revenue_per_year_usd_bn"] == pytest.approx(tokens * 0.4 / 1e6 / 1e9)
    assert out["break_even_revenue_per_year_usd_bn"] == pytest.approx(10)
    assert out["lifetime_revenue_over_capex"] == pytest.approx(5 * tokens * 0.4 / 1e15 / 50)


def test_nvidia_share_pairs_huang_figures_only_within_a_source():
    low, high, pairs = paradigm.nvidia_share_by_own_pairings()
    cost = paradigm.stated_values("capex per GW")
    content = paradigm.stated_values("NVIDIA content per GW")
    assert pairs >= 1 and 0 < low <= high < 1
    huang_cost = cost[cost["speaker"] == "Jensen Huang"]
    # Every share is some content figure over some cost figure of Huang's.
    assert low >= content["low"].min() / huang_cost["high"].max() - 1e-12
    assert high <= content["high"].max() / huang_cost["low"].min() + 1e-12


def test_sensitivity_ranks_inputs_and_ignores_irrelevant_ones():
    base = dict(capex_per_gw=50, gpus_per_gw=500_000, tokens_per_mw_s=1e6, price_per_mtok=1.0,
                utilisation=0.7, sold_share=0.5, life_years=5)
    table = paradigm.sensitivity(base, {"price_per_mtok": (0.1, 10), "gpus_per_gw": (4e5, 6e5),
                                        "life_years": (4, 6)}, "lifetime_revenue_over_capex")
    assert table["input"].tolist()[0] == "price_per_mtok"
    assert table.set_index("input").loc["gpus_per_gw", "swing"] == 0


def test_generation_ratios_separate_silicon_from_number_format():
    specs = pd.DataFrame({
        "short_name": ["Old (x)", "New (y)"], "fp16_dense_tflops": [100, 200],
        "fp8_dense_tflops": [200, 400], "fp4_dense_tflops": [math.nan, 800],
        "transistors_billion": [50, 100], "tdp_w": [500, 1000], "memory_bandwidth_tbps": [2, 4]})
    r = paradigm.generation_ratios(specs, "Old", "New")
    assert r["fp8"] == 2 and r["precision_gain"] == 2 and r["headline_low_precision"] == 4
    assert r["fp8_per_watt"] == 1


def test_ledger_covers_every_claim_with_a_known_direction():
    ledger = claims.ledger()
    assert set(ledger["claim_id"]) == set(load_table("claims")["claim_id"])
    assert set(ledger["direction"]) <= set(verdicts.DIRECTIONS) | {claims.NOT_ASSESSED}
    assessed = ledger[ledger["direction"] != claims.NOT_ASSESSED]
    assert set(assessed["claim_id"]) == set(claims.assessments())
    assert assessed["key_number"].str.len().min() > 10
    assert assessed["rule"].str.len().min() > 10
    tested = assessed[assessed["direction"] != verdicts.UNTESTABLE]
    assert tested["rule"].str.startswith("def rule_").all()


def test_every_ledger_anchor_is_a_label_in_the_book():
    labels = set()
    for page in BOOK.rglob("*.md"):
        labels |= set(re.findall(r"^\(([a-z0-9-]+)\)=", page.read_text(), flags=re.M))
    assessed = claims.ledger().dropna(subset=["anchor"])
    assert set(assessed["anchor"]) <= labels


def test_registry_refuses_a_claim_assessed_twice(monkeypatch):
    monkeypatch.setitem(claims.CHAPTERS, "twin", "analysis.paradigm")
    with pytest.raises(ValueError, match="assessed twice"):
        claims.assessments()


def test_coverage_counts_tested_untestable_and_waiting():
    table = pd.DataFrame({"direction": [verdicts.MATCH, verdicts.CONTRADICT,
                                        verdicts.UNTESTABLE, claims.NOT_ASSESSED]})
    assert claims.coverage(table) == {"claims": 4, "tested": 2, "untestable": 1,
                                      "not_assessed": 1}


def test_ledger_markdown_escapes_dollars_and_links_sections():
    text = claims.ledger_markdown(claims.ledger())
    assert "\\$50" in text and " $" not in text.replace("\\$", "")
    assert "{ref}`prices`" in text and "aif-verdict" in text


def test_verdict_block_prints_the_rule_and_where_the_claim_was_made():
    block = claims.verdict_block("P4", claims.ledger())
    assert "def rule_p4(" in block and "What would change the verdict" in block
    assert "Where it was made" in block and "talks-list" in block


def test_inference_share_uses_the_four_quarters_before_the_statement():
    table = paradigm.inference_share_in_dollars()
    dc = load_table("nvidia_revenue_by_market")
    dc = dc[dc["market"] == "Data Center"]
    for row in table.itertuples():
        window = dc[dc["quarter_end"] < pd.Timestamp(row.date)].tail(4)
        assert row.trailing_dc_revenue_usd_bn == pytest.approx(window["revenue"].sum() / 1000)
        assert row.inference_usd_bn == pytest.approx(row.trailing_dc_revenue_usd_bn
                                                      * row.share_percent / 100)


def test_transistor_slowdown_is_the_ratio_of_era_growth_rates():
    s = paradigm.transistor_slowdown()
    g_early = s["early"].growth_rate()[0]
    g_recent = s["recent"].growth_rate()[0]
    assert s["ratio"] == pytest.approx(g_early / g_recent)
    assert s["low"] < s["ratio"] < s["high"]


def test_exact_compute_and_networking_add_up_to_data_center_revenue():
    from analysis import nvidia
    split = nvidia.data_center_split()
    exact = split[split["exact"]]
    dc = load_table("nvidia_revenue_by_market")
    dc = dc[dc["market"] == "Data Center"].set_index(["fiscal_year", "fiscal_quarter"])["revenue"]
    assert len(exact) >= 3
    for row in exact.itertuples():
        assert row.Compute + row.Networking == pytest.approx(
            dc.loc[(row.fiscal_year, row.fiscal_quarter)], abs=2)


def test_fit_by_date_averages_points_sharing_a_date_in_logs():
    dates = ["2020-01-01", "2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01"]
    values = [1.0, 4.0, 4.0, 8.0, 16.0]  # the first date's geometric mean is 2
    fit = paradigm.fit_by_date(dates, values)
    assert fit.nobs == 4
    assert fit.annual_growth_factor()[0] == pytest.approx(2.0, rel=0.01)


def test_ceiling_check_flags_a_projection_above_people_online():
    online = load_table("reference_quantities").set_index("quantity").loc[
        "people using the Internet", "value"]
    assert paradigm.ceiling_check(online * 1.01).startswith("Flag:")
    assert paradigm.ceiling_check(online * 0.99).startswith("Even its upper end stays below")
