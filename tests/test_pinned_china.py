"""china pinned against hand calculations on synthetic tables: the compute-market and
talent numbers, the annual shares and the parity date (issue 14)."""

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
