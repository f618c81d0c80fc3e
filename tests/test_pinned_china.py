"""china pinned against hand calculations on synthetic tables: the compute-market and
talent numbers, the revenue numbers' unit conversions, the annual shares and the parity
date (issue 14)."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis import china
from analysis import verdicts as v

CAPACITY = pd.DataFrame({"country": ["Germany", "China", "United States of America", "Japan"],
                         "h100_equivalents": [100.0, 400.0, 2000.0, 250.0],
                         "clusters": [3, 12, 40, 5]})
LOCATION = pd.DataFrame({
    "fiscal_year": [2024] * 4 + [2025] * 4,
    "region": ["United States", china.CHINA, "Taiwan", "Total"] * 2,
    "revenue": [30.0, 10.0, 20.0, 60.0, 60.0, 15.0, 25.0, 100.0]})
TALENT = pd.DataFrame([
    {"edition": e, "tier": t, "definition": d, "country": c, "share": s}
    for e, t, d, c, s in [
        (2022, "top-tier", "undergraduate country", "China", 47.0),
        (2019, "top-tier", "undergraduate country", "China", 29.0),
        (2022, "top-tier", "undergraduate country", "United States", 18.0),
        (2022, "top-tier", "country of work", "China", 28.0),
        (2022, "top-tier", "country of work", "United States", 42.0),
        (2022, "most elite", "undergraduate country", "China", 26.0),
        (2022, "most elite", "undergraduate country", "United States", 35.0),
        (2022, "most elite", "country of work", "China", 12.0)]])


@pytest.fixture
def synthetic_china(monkeypatch):
    tables = {"ai_supercomputer_capacity": CAPACITY, "nvidia_revenue_by_location": LOCATION,
              "china_ai_talent": TALENT}
    monkeypatch.setattr(china, "load_table", lambda name: tables[name].copy())
    monkeypatch.setattr(china, "annual_by_location", china.annual_by_location.__wrapped__)
    monkeypatch.setattr(china, "talent", china.talent.__wrapped__)
    monkeypatch.setattr(china, "supercomputer_capacity", china.supercomputer_capacity.__wrapped__)


def test_supercomputer_capacity_ranks_and_shares(synthetic_china):
    table = china.supercomputer_capacity()
    assert table["country"].tolist() == ["United States of America", "China", "Japan",
                                         "Germany"]
    assert table["rank"].tolist() == [1, 2, 3, 4]
    assert table["share"].tolist() == pytest.approx([2000 / 2750, 400 / 2750, 250 / 2750,
                                                     100 / 2750])


def test_annual_by_location_divides_by_the_year_total(synthetic_china):
    table = china.annual_by_location()
    assert "Total" not in set(table["region"]) and len(table) == 6
    assert table["share"].tolist() == pytest.approx([0.5, 1 / 6, 1 / 3, 0.6, 0.15, 0.25])


def test_market_numbers_by_hand(synthetic_china):
    numbers = china.market_numbers()
    assert numbers["cn-mkt-china-rank"] == "2"
    assert numbers["cn-mkt-china-h100e"] == "400"
    assert numbers["cn-mkt-china-h100e"].unit == "H100 equivalents"
    assert (numbers["cn-mkt-china-share"], numbers["cn-mkt-us-share"]) == ("15%", "73%")
    assert numbers["cn-mkt-us-over-china"] == "5" and numbers["cn-mkt-us-over-china"].unit == (
        "times")
    assert numbers["cn-mkt-china-over-third"] == "1.6"
    assert numbers["cn-mkt-china-over-third"].unit == "times"
    assert numbers["cn-mkt-third"] == "Japan"
    assert numbers["cn-mkt-china-clusters"] == "12"
    assert numbers["cn-mkt-china-clusters"].unit == "clusters"
    # FY2025, the latest year: United States 60, Taiwan 25, China 15: China third.
    assert numbers["cn-mkt-nvidia-rank"] == "3"


def test_assess_c2a_reads_the_synthetic_rank(synthetic_china):
    verdict = china.assess_c2a()
    assert (verdict.direction, verdict.strength) == (v.MATCH, v.MODERATE)
    assert verdict.key_number == ("China ranks 2 in existing AI-supercomputer capacity (15% of "
                                  "the world's H100 equivalents tracked by Epoch AI)")
    assert verdict.value == pytest.approx(400 / 2750)
    assert (verdict.unit, verdict.anchor) == ("share of tracked capacity", "cn-market")


def test_talent_numbers_by_hand(synthetic_china):
    assert china.talent_numbers() == {
        "cn-tal-origin": "47%", "cn-tal-origin-2019": "29%", "cn-tal-origin-us": "18%",
        "cn-tal-work": "28%", "cn-tal-work-us": "42%", "cn-tal-elite-origin": "26%",
        "cn-tal-elite-origin-us": "35%", "cn-tal-elite-work": "12%"}
    assert china.talent_numbers()["cn-tal-work"].value == pytest.approx(0.28)


def test_parity_text_to_the_month():
    text = china.parity_text((2027.2, 2026.1, 2029.5))
    assert text == "Mar 2027 (95% interval Feb 2026–Jul 2029)"
    assert (text.value, text.low, text.high, text.unit) == (2027.2, 2026.1, 2029.5, "year")


def test_fiscal_time_counts_quarters_as_quarter_years():
    assert china._fiscal_time(2022, 1) == 2022.0
    assert china._fiscal_time(2022, 4) == 2022.75


def test_revenue_numbers_convert_millions_to_billions(monkeypatch):
    quarters = pd.DataFrame({"quarter": ["Q1 FY2022", "Q2 FY2022", "Q3 FY2022"],
                             "share": [0.25, 0.2, 0.1],
                             "period": ["before the controls"] * 2
                                       + ["after the October 2022 rule"]})
    comparison = pd.DataFrame({"model": ["a step at each control, no trend",
                                         "steady trend, no break"],
                               "aicc": [10.0, 13.5], "step": [-8.0, np.nan],
                               "step_low": [-12.0, np.nan], "step_high": [-4.0, np.nan]})
    forgone = SimpleNamespace(value=3000.0, low=2000.0, high=4000.0, quarters=7)
    annual = pd.DataFrame({"region": [china.CHINA] * 3, "fiscal_year": [2024, 2025, 2026],
                           "revenue": [10_000.0, 17_000.0, 6_000.0], "share": [0.17, 0.13, 0.05]})
    billed = pd.DataFrame({"fiscal_year": [2025], "region": [china.CHINA],
                           "revenue_billing_basis": [15_500.0]})
    monkeypatch.setattr(china, "quarterly_share", lambda: quarters)
    monkeypatch.setattr(china, "its_comparison", lambda: comparison)
    monkeypatch.setattr(china, "revenue_forgone", lambda: (forgone, forgone))
    monkeypatch.setattr(china, "annual_by_location", lambda: annual)
    monkeypatch.setattr(china, "pre_control_share", lambda: (0.2, 0.18, 0.22))
    monkeypatch.setattr(china, "load_table", lambda name: billed)
    monkeypatch.setattr(china, "annual_shortfall", lambda year: (9000.0, 7000.0, 11_000.0))
    early = pd.DataFrame({"fiscal_year": [2020, 2021, 2022, 2021],
                          "region": [china.CHINA] * 3 + ["Taiwan"],
                          "share": [0.24, 0.23, 0.26, 0.3]})
    monkeypatch.setattr(china, "annual_billing_basis", lambda: early)
    numbers = china.revenue_numbers()
    assert numbers["cn-rev-early-years"] == "FY2020–FY2022"
    assert (numbers["cn-rev-early-share"].low, numbers["cn-rev-early-share"].high) == (0.23, 0.26)
    assert (numbers["cn-rev-quarters"], numbers["cn-rev-pre-quarters"]) == ("3", "2")
    assert (numbers["cn-rev-first-quarter"], numbers["cn-rev-last-quarter"]) == (
        "Q1 FY2022", "Q3 FY2022")
    assert numbers["cn-rev-last-share"] == "10%"
    assert numbers["cn-rev-best-model"] == "a step at each control, no trend"
    assert numbers["cn-rev-steps-vs-trend"] == "3.5"
    steps = numbers["cn-rev-steps"]
    assert (steps.value, steps.low, steps.high) == (8.0, 4.0, 12.0)
    forgone_level = numbers["cn-rev-forgone-level"]
    assert (forgone_level.value, forgone_level.low, forgone_level.high) == (3.0, 2.0, 4.0)
    assert numbers["cn-rev-forgone-quarters"] == "7"
    assert numbers["cn-rev-forgone-quarters"].unit == numbers["cn-rev-quarters"].unit == "quarters"
    assert numbers["cn-rev-latest-year"] == "FY2026"
    assert numbers["cn-rev-latest-china"].value == pytest.approx(6.0)
    assert numbers["cn-rev-latest-share"] == "5%"
    assert numbers["cn-rev-fall"] == "75%"                      # 1 - 5% / 20%
    assert numbers["cn-rev-peak-china"].value == pytest.approx(17.0)
    assert numbers["cn-rev-peak-year"] == "FY2025"
    assert numbers["cn-rev-2025-hq"].value == pytest.approx(17.0)
    assert numbers["cn-rev-2025-billed"].value == pytest.approx(15.5)
    shortfall = numbers["cn-rev-year-shortfall"]
    assert (shortfall.value, shortfall.low, shortfall.high) == (9.0, 7.0, 11.0)
