"""paradigm pinned against hand calculations on synthetic statements: the AI-factory
arithmetic, its sensitivity, the statements in a common unit and NVIDIA's share of the
cost of a gigawatt (issue 14)."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import models, paradigm

SECONDS_PER_YEAR = 365.25 * 24 * 3600
BASE = {"capex_per_gw": 50.0, "gpus_per_gw": 500_000.0, "tokens_per_mw_s": 1e6,
        "price_per_mtok": 2.0, "utilisation": 0.5, "sold_share": 0.5, "life_years": 5.0}
STATEMENTS = pd.DataFrame([
    ("capex per GW", "USD billion per GW", 50.0, 60.0, "Jensen Huang", "s1"),
    ("capex per GW", "USD billion per GW", 35.0, np.nan, "Analyst A", "s2"),
    ("capex per GW", "USD billion per GW", 40.0, 45.0, "Analyst B", "s3"),
    ("capex per GW", "USD billion per GW", 70.0, np.nan, "Jensen Huang", "s6"),
    ("GPUs per GW", "GPUs per 10 GW", 4_000_000.0, np.nan, "Jensen Huang", "s4"),
    ("GPUs per GW", "GPU dies per GW", 1_000_000.0, np.nan, "Jensen Huang", "s4"),
    ("NVIDIA content per GW", "USD billion per GW", 35.0, np.nan, "Jensen Huang", "s5; s1"),
    ("NVIDIA content per GW", "USD billion per GW", 30.0, 40.0, "Analyst A", "s2"),
    ("tokens per MW per second", "tokens per second per MW (Hopper, max volume)", 1000.0,
     np.nan, "NVIDIA", "s7"),
    ("tokens per MW per second", "tokens per second per MW (Blackwell)", 40000.0, np.nan,
     "NVIDIA", "s7")],
    columns=["quantity", "unit", "value_low", "value_high", "speaker", "source_id"])


@pytest.fixture
def synthetic_statements(monkeypatch):
    monkeypatch.setattr(paradigm, "load_table",
                        lambda name: {"ai_factory_statements": STATEMENTS}[name].copy())


def test_factory_arithmetic_by_hand():
    out = paradigm.factory_arithmetic(**BASE)
    tokens = 1e6 * 1000 * SECONDS_PER_YEAR * 0.5          # per MW, 1,000 MW, half the time
    revenue = tokens * 0.5 / 1e6 * 2.0 / 1e9              # half sold, $2 a million, in billions
    assert out == pytest.approx({
        "capex_per_gpu_usd": 100_000.0, "tokens_per_year": tokens,
        "revenue_per_year_usd_bn": revenue, "break_even_revenue_per_year_usd_bn": 10.0,
        "lifetime_revenue_over_capex": revenue * 5 / 50})
    assert revenue == pytest.approx(15.7788)


def test_sensitivity_moves_one_input_at_a_time_widest_swing_first():
    table = paradigm.sensitivity(BASE, {"life_years": (4.0, 6.0), "utilisation": (0.25, 1.0)},
                                 "lifetime_revenue_over_capex")
    base = 15.7788 * 5 / 50
    assert list(table.columns) == ["input", "low_input", "high_input", "output_at_low",
                                   "output_at_high", "swing", "base_output"]
    assert table["input"].tolist() == ["utilisation", "life_years"]
    assert table["output_at_low"].tolist() == pytest.approx([base / 2, base * 4 / 5], rel=1e-5)
    assert table["output_at_high"].tolist() == pytest.approx([base * 2, base * 6 / 5], rel=1e-5)
    assert table["swing"].tolist() == pytest.approx([base * 1.5, base * 2 / 5], rel=1e-5)
    assert table["base_output"].tolist() == pytest.approx([base, base], rel=1e-5)
    assert table[["low_input", "high_input"]].to_numpy().tolist() == [[0.25, 1.0], [4.0, 6.0]]
    falling = paradigm.sensitivity(BASE, {"capex_per_gw": (100.0, 25.0)},
                                   "lifetime_revenue_over_capex")
    assert falling["swing"].iloc[0] == pytest.approx(base * 2 - base / 2, rel=1e-5)


def test_stated_values_in_a_common_unit(synthetic_statements):
    gpus = paradigm.stated_values("GPUs per GW")
    assert gpus["low"].tolist() == [400_000.0] and gpus["high"].tolist() == [400_000.0]
    capex = paradigm.stated_values("capex per GW")
    assert capex["low"].tolist() == [50, 35, 40, 70] and capex["high"].tolist() == [60, 35, 45, 70]
    assert paradigm.stated_range("capex per GW") == (35.0, 70.0)
    assert paradigm.stated_range("capex per GW", speaker="Jensen Huang") == (50.0, 70.0)
    assert paradigm.stated_range("capex per GW", exclude_speaker="Huang") == (35.0, 45.0)


def test_nvidia_share_pairs_huang_statements_from_the_same_source(synthetic_statements):
    # Only the content statement citing s1 pairs with the cost statement of s1 (50-60).
    assert paradigm.nvidia_share_by_own_pairings() == pytest.approx((35 / 60, 35 / 50, 1))


def inputs(**changes):
    rows = {"capex_per_gw": (50.0, 35.0, 70.0), "gpus_per_gw": (500_000.0, 400_000.0, 600_000.0),
            "tokens_per_mw_s": (1e6, 1e5, 2e6), "price_per_mtok": (2.0, 0.5, 8.0),
            "utilisation": (0.5, 0.4, 0.6), "sold_share": (0.5, 0.25, 1.0),
            "life_years": (5.0, 4.0, 6.0), **changes}
    return pd.DataFrame([(k, *v) for k, v in rows.items()],
                        columns=["input", "base", "low", "high"])


def test_factory_numbers_by_hand(synthetic_statements):
    numbers = paradigm.factory_numbers(inputs())
    base = 15.7788 * 5 / 50
    assert numbers["fac-capex-per-gpu"].value == pytest.approx(100.0)
    assert numbers["fac-capex-per-gpu"] == "$100,000"
    assert numbers["fac-nvidia-share"] == "58%–70%"
    assert numbers["fac-nvidia-share-pairs"] == "1" and numbers["fac-nvidia-share-pairs"].unit == (
        "pairs")
    assert numbers["fac-break-even"] == "$10 billion"
    assert numbers["fac-tokens-year"].value == pytest.approx(1e9 * SECONDS_PER_YEAR * 0.5)
    assert numbers["fac-revenue-year"] == "$16 billion"
    assert numbers["fac-payback-base"].value == pytest.approx(base, rel=1e-5)
    assert numbers["fac-payback-base"] == "1.6×"
    # Widest swings: the price (0.25x to 4x the base), then tokens per second (0.1x to 2x).
    assert numbers["fac-payback-low"].value == pytest.approx(base / 10, rel=1e-5)
    assert numbers["fac-payback-high"].value == pytest.approx(base * 4, rel=1e-5)
    assert (numbers["fac-payback-low"], numbers["fac-payback-high"]) == ("0.2×", "6×")
    assert numbers["fac-top-input"] == "price per million tokens"
    assert numbers["fac-second-input"] == "tokens per second per megawatt"
    assert numbers["fac-token-rate-ratio"] == "40×"


def test_three_figures():
    assert [str(paradigm._three_figures(x)) for x in (123456.0, 12.345, 0.012345)] == [
        "123,456", "12.3", "0.0123"]
    assert math.isclose(paradigm._three_figures(-4.567).value, -4.567)


def test_gigawatt_numbers_by_hand(synthetic_statements, monkeypatch):
    monkeypatch.setattr(paradigm, "_verdict_labels",
                        lambda ledger, ids: {claim: f"verdict of {claim}" for claim in ids})
    numbers = paradigm.gigawatt_numbers(ledger=None)
    assert (numbers["fac-n-capex"], numbers["fac-n-speakers"]) == ("4", "3")
    assert numbers["fac-capex-range"] == "$35 billion–$45 billion"      # others than Huang
    assert numbers["fac-claimed-capex"] == "$50 billion–$60 billion"
    # Midpoints 55, 35, 42.5 and 70: median 48.75.
    assert numbers["fac-lowest-ratio"].value == pytest.approx(35 / 48.75)
    assert (numbers["fac-lowest-ratio"], numbers["fac-highest-ratio"]) == ("72%", "144%")
    assert [numbers[f"{c}-verdict"] for c in ("p2a", "p2b", "p7a", "p7b")] == [
        "verdict of P2a", "verdict of P2b", "verdict of P7a", "verdict of P7b"]


def test_construction_table_for_a_page():
    fits = pd.DataFrame({"group": ["single dies", "several dies in a package"],
                         "chips": [40, 3], "from": [2006, 2021], "to": [2024, 2021],
                         "no_trend": ["", "one year only"],
                         "doubling": [models.Estimate(2.5, 2.0, 3.0), None]})
    table = paradigm.construction_table(fits)
    assert list(table.columns) == ["chips", "how many", "years", "doubling time"]
    assert table["chips"].tolist() == ["single dies", "several dies in a package"]
    assert table["how many"].tolist() == [40, 3]
    assert table["years"].tolist() == ["2006–2024", "2021"]
    assert table["doubling time"].tolist() == [
        paradigm._doubling_cell(models.Estimate(2.5, 2.0, 3.0)), "no trend: one year only"]
