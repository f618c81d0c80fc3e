"""layers pinned against hand calculations on synthetic tables: electricity growth and
levels, the AI campuses and the L1 context verdict (issue 14)."""

import math

import pandas as pd
import pytest

from analysis import electricity as em
from analysis import layers
from analysis import verdicts as v


def electricity(projections=(325.0, 580.0)):
    """LBNL US estimates 60, 76 and 176 TWh (2014, 2018, 2023), two 2028 scenarios, and
    IEA world levels 415 TWh (2024) and 945 TWh (2030)."""
    rows = [(em.LBNL_2024, "United States", "estimate", 2014, 60.0, 1.8),
            (em.LBNL_2024, "United States", "estimate", 2018, 76.0, 1.9),
            (em.LBNL_2024, "United States", "estimate", 2023, 176.0, 4.4),
            (em.LBNL_2024, "United States", "projection", 2028, projections[0], 6.7),
            (em.LBNL_2024, "United States", "projection", 2028, projections[1], 12.0),
            ("IEA 2025", "World", "estimate", 2024, 415.0, 1.5),
            ("IEA 2025", "World", "projection", 2030, 945.0, 3.0),
            ("IEA 2025", "United States", "estimate", 2024, 999.0, 9.9)]
    return pd.DataFrame(rows, columns=["report", "region", "kind", "year", "electricity",
                                       "share_of_electricity"])


def test_cagr_by_hand():
    assert layers.cagr(100, 400, 2) == pytest.approx(2.0)
    assert layers.cagr(100, 100, 7) == pytest.approx(1.0)
    assert layers.cagr(400, 100, 2) == pytest.approx(0.5)


def test_energy_numbers_by_hand():
    numbers = layers.energy_numbers(electricity())
    assert (numbers["fl-en-us-2014"], numbers["fl-en-us-2018"], numbers["fl-en-us-2023"]) == (
        "60", "76", "176")
    assert numbers["fl-en-us-2023"].unit == "TWh"
    assert numbers["fl-en-us-share-2023"] == "4.4%"
    # (76/60)^(1/4) = 1.0608; (176/76)^(1/5) = 1.1828; five more years: 176 x 176/76 = 407.6.
    assert (numbers["fl-en-us-early"], numbers["fl-en-us-recent"]) == ("1.06×", "1.18×")
    assert numbers["fl-en-us-2028-trend"].value == pytest.approx(176 * 176 / 76)
    assert numbers["fl-en-us-2028-trend"] == "408"
    assert (numbers["fl-en-us-2028-low"], numbers["fl-en-us-2028-high"]) == ("325", "580")
    # Average gigawatts: TWh a year over 8,766 hours.
    assert numbers["fl-en-us-2028-gw-low"].value == pytest.approx(325 / 8.766)
    assert (numbers["fl-en-us-2028-gw-low"], numbers["fl-en-us-2028-gw-high"]) == ("37", "66")
    assert numbers["fl-en-us-2028-gw-low"].unit == "GW"
    assert (numbers["fl-en-us-2023-gw"], numbers["fl-en-us-2028-trend-gw"]) == ("20", "46")
    assert numbers["fl-en-us-2028-position"] == "inside"
    assert (numbers["fl-en-us-share-2028-low"], numbers["fl-en-us-share-2028-high"]) == (
        "6.7%", "12.0%")
    assert (numbers["fl-en-world-2024"], numbers["fl-en-world-2030"]) == ("415", "945")
    assert numbers["fl-en-world-growth"].value == pytest.approx((945 / 415) ** (1 / 6))
    assert numbers["fl-en-world-growth"] == "1.15×"


@pytest.mark.parametrize("projections, position", [
    ((176 * 176 / 76, 500.0), "inside"), ((176 * 176 / 76 + 0.01, 500.0), "below"),
    ((300.0, 176 * 176 / 76), "inside"), ((300.0, 176 * 176 / 76 - 0.01), "above")])
def test_the_trend_is_placed_against_the_scenarios_at_their_edges(projections, position):
    assert layers.energy_numbers(electricity(projections))["fl-en-us-2028-position"] == position


def test_campus_numbers_by_hand():
    table = pd.DataFrame({"campus": ["Alpha", "Beta", "Gamma", "Planned"],
                          "current_power_mw": [1200.0, 300.0, 500.0, 0.0],
                          "current_capital_cost_usd_bn": [50.0, 10.0, 20.0, 99.0]})
    numbers = layers.campus_numbers(table, us_average_gw=20.0)
    assert (numbers["fl-en-campus-n"], numbers["fl-en-campus-operating"]) == ("4", "3")
    assert numbers["fl-en-campus-n"].unit == numbers["fl-en-campus-operating"].unit == "campuses"
    assert numbers["fl-en-campus-largest-mw"].unit == "MW"
    assert numbers["fl-en-campus-gw"] == "2.0" and numbers["fl-en-campus-gw"].unit == "GW"
    assert numbers["fl-en-campus-largest"] == "Alpha"
    assert numbers["fl-en-campus-largest-mw"] == "1,200"
    # $80 billion over 2 GW of operating campuses (the planned one counts for neither).
    assert numbers["fl-en-campus-cost-per-gw"].value == pytest.approx(40.0)
    assert numbers["fl-en-campus-vs-us"] == "10%"


def test_assess_l1_is_context_from_the_recent_growth(monkeypatch):
    monkeypatch.setattr(layers, "electricity", electricity)
    verdict = layers.assess_l1()
    assert (verdict.direction, verdict.strength) == (v.UNTESTABLE, None)
    assert verdict.key_number == ("context: US data-centre electricity grew 1.18× a year in "
                                  "2018–2023 (LBNL)")
    assert verdict.value == pytest.approx((176 / 76) ** 0.2)
    assert math.isnan(verdict.low) and math.isnan(verdict.high)
    assert (verdict.unit, verdict.anchor) == ("growth factor per year", "fl-energy")
    assert verdict.data_vintage == "Dec 2014 to Dec 2024"   # every estimate, US and world


def test_ml_hardware_counts_years_from_2000_and_divides_by_price_and_power(monkeypatch):
    chips = pd.DataFrame({"release_date": pd.to_datetime(["2020-07-01", "2010-01-01"]),
                          "fp32_flops": [2e13, 1e12], "release_price_usd": [1e4, 500.0],
                          "tdp_w": [400.0, 250.0], "tensor_fp16_flops": [3e14, 4e12]})
    monkeypatch.setattr(layers, "load_table", lambda name: {"ml_hardware": chips}[name].copy())
    table = layers.ml_hardware()
    assert table["year"].tolist() == pytest.approx([2010.0, 2020.5], abs=0.01)
    assert table["fp32_per_usd"].tolist() == pytest.approx([2e9, 2e9])
    assert table["fp32_per_w"].tolist() == pytest.approx([4e9, 5e10])
    assert table["tensor_per_w"].tolist() == pytest.approx([1.6e10, 7.5e11])
