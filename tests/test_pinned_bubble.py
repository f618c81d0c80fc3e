"""bubble pinned against hand calculations on synthetic inputs: the financing network and
its numbers, the closing answer's wording at each of its switches, the explosiveness
reading and the findings (issue 14)."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis import bubble
from analysis import verdicts as v

LINKS = pd.DataFrame([
    ("l1", "NVIDIA", "OpenAI", 100.0, "USD billion", "equity investment", "2025-09-22", "yes"),
    ("l2", "OpenAI", "Oracle", 300.0, "USD billion", "cloud contract", "2025-07-01", ""),
    ("l3", "NVIDIA", "xAI", 2.0, "USD billion", "warrant for shares", "2025-10-01",
     "not stated"),
    ("l4", "OpenAI", "AMD", 6.0, "GW", "purchase commitment", "2025-10-06", ""),
    ("l5", "Microsoft", "OpenAI", 13.0, "USD billion", "equity investment", "2023-01-23", "no"),
    ("l6", "OpenAI", "CoreWeave", 22.0, "USD billion", "capacity backstop", "2025-09-25", "")],
    columns=["link_id", "from_company", "to_company", "amount", "unit", "kind", "announced",
             "tied_to_purchases"])
REVENUE = pd.DataFrame({"company": ["OpenAI", "OpenAI", "Anthropic"],
                        "measure": ["recognised revenue", "annualised run-rate",
                                    "recognised revenue"],
                        "period": ["calendar 2025", "calendar 2025", "calendar 2025"],
                        "value": [16_000.0, 20_000.0, 4_000.0]})


@pytest.fixture
def synthetic_links(monkeypatch):
    tables = {"financing_links": LINKS, "ai_company_revenue": REVENUE}
    monkeypatch.setattr(bubble, "load_table", lambda name: tables[name].copy())


def test_network_layout_puts_nvidia_on_top_and_the_rest_by_volume():
    links = LINKS[LINKS["unit"] == "USD billion"]
    edges, nodes = bubble.network_layout(links)
    # Volumes: OpenAI 100 + 300 + 13 + 22, Oracle 300, NVIDIA 102, CoreWeave 22, ...
    assert nodes["name"].tolist() == ["NVIDIA", "OpenAI", "Oracle", "CoreWeave", "Microsoft",
                                      "xAI"]
    angles = np.pi / 2 - 2 * np.pi * np.arange(6) / 6
    np.testing.assert_allclose(nodes["x"], np.cos(angles), atol=1e-12)
    np.testing.assert_allclose(nodes["y"], np.sin(angles), atol=1e-12)
    first = edges[edges["link"] == "l1"]
    assert first["end"].tolist() == [0, 1] and first["width"].tolist() == [100.0, 0.0]
    assert first["amount"].tolist() == [100.0, 100.0]
    assert first["x"].tolist() == pytest.approx([0.0, np.cos(angles[1])], abs=1e-12)
    assert first["y"].tolist() == pytest.approx([1.0, np.sin(angles[1])])
    assert first["label"].iloc[0] == "NVIDIA → OpenAI (2025-09-22)"
    assert first["kind"].iloc[0] == "equity investment"
    assert len(edges) == 2 * len(links)


def test_financing_numbers_by_hand(synthetic_links):
    numbers = bubble.financing_numbers()
    assert (numbers["bt-fin-links"], numbers["bt-fin-parties"]) == ("6", "7")
    assert (numbers["bt-fin-links"].unit, numbers["bt-fin-parties"].unit) == ("links", "companies")
    assert (numbers["bt-fin-first"], numbers["bt-fin-last"]) == ("2023-01", "2025-10")
    assert numbers["bt-fin-nvidia-stakes"] == "2"
    assert numbers["bt-fin-nvidia-equity"].value == pytest.approx(102.0)
    assert (numbers["bt-fin-tied"], numbers["bt-fin-not-stated"]) == ("1", "1")
    # OpenAI's dollar commitments: the cloud contract and the backstop (the GW one is not
    # in dollars), against its $16 billion of recognised 2025 revenue.
    assert numbers["bt-fin-openai-commitments"].value == pytest.approx(322.0)
    assert numbers["bt-fin-openai-revenue"].value == pytest.approx(16.0)
    assert numbers["bt-fin-openai-multiple"] == "20×"


def test_nvidia_stakes_are_its_equity_and_warrants(synthetic_links):
    assert bubble.nvidia_stakes()["link_id"].tolist() == ["l1", "l3"]


ARGS = dict(it_now=5.0, it_peak=4.0, revenue_reading="R", value_reading="V")


@pytest.mark.parametrize("coverage, words", [
    ((0.2, 0.999), "covers 20%–100% of what the hyperscalers' capex must earn across the "
                   "lives and margins we tried, the pattern of a build-out running ahead"),
    ((1.0, 1.5), "covers 100%–150% of what the hyperscalers' capex must earn: it already pays"),
    ((0.5, 1.0), "covers 50%–100% of what the hyperscalers' capex must earn, so whether there "
                 "is a gap turns on the assumed lives and margins")])
def test_overall_answer_words_the_revenue_gap_at_full_coverage(coverage, words):
    answer = bubble.overall_answer(1, 1, coverage, **ARGS)
    assert answer.startswith(f"the revenue the AI developers report {words}")


def test_overall_answer_words_scale_readings_and_balance():
    above = bubble.overall_answer(3, 1, (0.2, 0.5), **ARGS)
    assert ("; BEA's measure of information-technology investment is 5.0% of US GDP, above "
            "the 4.0% of the dot-com peak, so the spending has outgrown its precedent. On "
            "NVIDIA's revenue the explosiveness tests read: R; on its quarter-end share price "
            "they find V. On balance the tested claims lean against Huang's “not a bubble” "
            "case (3 against, 1 for).") in above
    equal = bubble.overall_answer(1, 3, (0.2, 0.5), 4.0, 4.0, "R", "V")
    assert ("is 4.0% of US GDP against 4.0% at the dot-com peak, so on the one like-for-like "
            "comparison the spending has not outgrown its precedent") in equal
    assert equal.endswith("On balance the tested claims lean toward Huang's “not a bubble” "
                          "case (1 against, 3 for).")
    assert bubble.overall_answer(2, 2, (0.2, 0.5), **ARGS).endswith(
        "The tested claims are evenly split between for and against Huang's case "
        "(2 against, 2 for).")


@pytest.mark.parametrize("gsadf_p, sadf_p, start", [
    (0.049, 0.5, "explosive growth of revenue"), (0.05, 0.049, "mixed: the sup-ADF test"),
    (0.05, 0.05, "no explosive revenue growth")])
def test_explosiveness_reading_at_the_five_percent_level(monkeypatch, gsadf_p, sadf_p, start):
    monkeypatch.setattr(bubble, "revenue_explosiveness",
                        lambda: SimpleNamespace(gsadf_p=gsadf_p, sadf_p=sadf_p))
    assert bubble.explosiveness_reading().startswith(start)


def test_overall_tests_sign_each_tested_claim(monkeypatch):
    monkeypatch.setattr(bubble, "explosiveness_reading", lambda: "revenue reading")
    monkeypatch.setattr(bubble, "valuation_reading", lambda: "value reading")
    ledger = pd.DataFrame({"chapter": ["bubble-test"] * 4 + ["layers"],
                           "claim_id": ["B1", "B2", "B3", "B4", "L1"],
                           "claim": ["one", "two", "three", "four", "other"],
                           "direction": [v.MATCH, v.CONTRADICT, v.UNTESTABLE, v.FALL_SHORT,
                                         v.MATCH],
                           "strength": ["weak", "strong", None, "moderate", "weak"]})
    table = bubble.overall_tests(ledger)
    assert table["test"].tolist()[:3] == ["B1: one", "B2: two", "B4: four"]
    assert table["points"].tolist() == [bubble.SUPPORTS, bubble.WEAKENS, bubble.WEAKENS,
                                        "revenue reading", "value reading"]
    assert table["strength"].tolist() == ["weak", "strong", "moderate", "not a claim verdict",
                                          "not a claim verdict"]


def test_findings_by_hand(monkeypatch):
    monkeypatch.setattr(bubble, "revenue_gap", lambda: {"central": 612.4, "coverage_low": 0.1,
                                                        "coverage_high": 0.25})
    monkeypatch.setattr(bubble, "hyperscaler_capex_share_of_us_gdp", lambda: (2025, 1.23))
    monkeypatch.setattr(bubble, "_same_definition_peak", lambda: (4.1, 4.5))
    monkeypatch.setattr(bubble, "b5_sensitivity", lambda: pd.DataFrame(
        {"spend_at_low": [3.0, 4.5], "spend_at_high": [6.0, 2.5]}))
    monkeypatch.setattr(bubble, "nvidia_stakes", lambda: LINKS.iloc[[0, 2]])
    numbers = bubble.findings()
    assert numbers["bt-required-revenue"].value == pytest.approx(612.4)
    assert numbers["bt-coverage"] == "10%–25%"
    assert numbers["bt-capex-share"] == "1.2%"
    assert numbers["bt-it-share-vs-2000"] == "4.1% vs 4.5%"
    assert (numbers["bt-five-trillion-range"].low, numbers["bt-five-trillion-range"].high) == (
        2.5, 6.0)
    assert numbers["bt-stakes-tied"] == "1 of 2" and numbers["bt-stakes-tied"].value == 1


def test_scale_numbers_by_hand(monkeypatch):
    monkeypatch.setattr(bubble, "hyperscaler_capex_share_of_us_gdp", lambda: (2025, 1.23))
    monkeypatch.setattr(bubble, "capex_share_by_year", lambda: pd.DataFrame(
        {"year": [2015, 2016, 2017], "share_percent": [0.31, np.nan, 0.4]}))
    monkeypatch.setattr(bubble, "_same_definition_peak", lambda: (4.1, 4.56))
    # Britain's railway mania has two rows (two definitions): the numbers give both ends.
    episodes = pd.DataFrame({"episode": ["Railroads (Gilded Age)", "Telecom bubble",
                                         "Railway Mania (Britain)", "Railway Mania (Britain)",
                                         "Electric power grid expansion"],
                             "share_of_gdp_percent": [6.0, 1.07, 6.7, 4.5, 1.2]})
    monkeypatch.setattr(bubble, "load_table", lambda name: {"buildout_scale": episodes}[name])
    assert bubble.scale_numbers() == {
        "bt-scale-year": "2025", "bt-scale-ours": "1.2%", "bt-scale-it-now": "4.1%",
        "bt-scale-it-peak": "4.6%", "bt-scale-rail": "6.0%", "bt-scale-telecom": "1.1%",
        "bt-scale-uk-rail-high": "6.7%", "bt-scale-uk-rail-low": "4.5%", "bt-scale-grid": "1.2%",
        "bt-scale-first-year": "2015", "bt-scale-first-share": "0.3%",
        "bt-scale-gap-years": "2016"}
    assert bubble.scale_numbers()["bt-scale-ours"].value == pytest.approx(0.0123)


def test_trailing_growth_is_the_last_four_quarters_over_the_four_before(monkeypatch):
    monkeypatch.setattr(bubble, "revenue_series", lambda: pd.DataFrame(
        {"quarter": [f"q{i}" for i in range(12)], "revenue": [1.0] * 4 + [2.0] * 4 + [3.0] * 4}))
    assert bubble.trailing_growth() == ("q11", pytest.approx(0.5))
