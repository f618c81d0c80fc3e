"""The AI-factory page's numbers: statements on a gigawatt, the arithmetic from gigawatts to
dollars and NVIDIA's stated inference share, against hand calculations."""

import pandas as pd
import pytest

from analysis import paradigm
from analysis.catalogue import load_table

SECONDS_PER_YEAR = 365.25 * 24 * 3600


def ledger(claim_ids) -> pd.DataFrame:
    return pd.DataFrame({"claim_id": list(claim_ids),
                         "verdict": [f"verdict of {c}" for c in claim_ids]})


def raw_statements(quantity: str) -> pd.DataFrame:
    table = load_table("ai_factory_statements")
    rows = table[(table["quantity"] == quantity) & (table["unit"] == "USD billion per GW")]
    return rows.assign(high=rows["value_high"].fillna(rows["value_low"]))


def test_gigawatt_numbers_span_the_statements():
    numbers = paradigm.gigawatt_numbers(ledger(["P2a", "P2b", "P7a", "P7b"]))
    capex = raw_statements("capex per GW")
    others = capex[~capex["speaker"].str.contains("Huang")]
    central = ((capex["value_low"] + capex["high"]) / 2).median()
    assert numbers["fac-n-capex"].value == len(capex)
    assert numbers["fac-n-speakers"].value == capex["speaker"].nunique()
    assert (numbers["fac-capex-range"].low, numbers["fac-capex-range"].high) == (
        others["value_low"].min(), others["high"].max())
    assert numbers["fac-lowest-ratio"].value == pytest.approx(capex["value_low"].min() / central)
    assert numbers["fac-highest-ratio"].value == pytest.approx(capex["high"].max() / central)
    assert numbers["p7a-verdict"] == "verdict of P7a"


def test_nvidia_share_pairs_huangs_own_figures_from_one_source():
    """Each of Huang's NVIDIA-content figures over his cost figure from a shared source."""
    def huang(quantity):
        rows = raw_statements(quantity)
        return rows[rows["speaker"] == "Jensen Huang"]

    shares, pairs = [], 0
    for content in huang("NVIDIA content per GW").itertuples():
        for cost in huang("capex per GW").itertuples():
            if set(content.source_id.split("; ")) & set(cost.source_id.split("; ")):
                shares += [content.value_low / cost.high, content.high / cost.value_low]
                pairs += 1
    inputs = paradigm.factory_inputs(load_table("llm_prices"))
    numbers = paradigm.factory_numbers(inputs)
    assert pairs >= 1 and numbers["fac-nvidia-share-pairs"].value == pairs
    assert numbers["fac-nvidia-share"].low == pytest.approx(min(shares))
    assert numbers["fac-nvidia-share"].high == pytest.approx(max(shares))


def synthetic_inputs() -> pd.DataFrame:
    rows = [("capex_per_gw", 50.0, 40.0, 60.0), ("gpus_per_gw", 500_000.0, 400_000.0, 600_000.0),
            ("tokens_per_mw_s", 1000.0, 500.0, 4000.0), ("price_per_mtok", 2.0, 0.5, 10.0),
            ("utilisation", 0.5, 0.4, 0.6), ("sold_share", 0.5, 0.25, 1.0),
            ("life_years", 5.0, 4.0, 6.0)]
    return pd.DataFrame([(*r, "unit", "basis") for r in rows],
                        columns=["input", "base", "low", "high", "unit", "basis"])


def payback(capex=50.0, tokens=1000.0, price=2.0, utilisation=0.5, sold=0.5, life=5.0):
    """Lifetime revenue over capital cost, by hand: tokens a year x share sold x price."""
    revenue_bn = tokens * 1000 * SECONDS_PER_YEAR * utilisation * sold / 1e6 * price / 1e9
    return revenue_bn * life / capex


def test_factory_numbers_match_the_arithmetic_by_hand():
    numbers = paradigm.factory_numbers(synthetic_inputs())
    # Break-even revenue per GW per year: the capital cost spread over the equipment's life.
    assert numbers["fac-break-even"].value == pytest.approx(50.0 / 5.0)
    assert numbers["fac-capex-per-gpu"].value == pytest.approx(50e9 / 500_000 / 1000)
    assert numbers["fac-tokens-year"].value == pytest.approx(1000 * 1000 * SECONDS_PER_YEAR * 0.5)
    assert numbers["fac-revenue-year"].value == pytest.approx(
        1000 * 1000 * SECONDS_PER_YEAR * 0.5 * 0.5 / 1e6 * 2.0 / 1e9)
    assert numbers["fac-payback-base"].value == pytest.approx(payback())
    # The price moves the result most (20x range), then tokens per MW (8x).
    ends = [payback(price=0.5), payback(price=10.0), payback(tokens=500.0),
            payback(tokens=4000.0), payback(capex=60.0), payback(capex=40.0),
            payback(utilisation=0.4), payback(utilisation=0.6), payback(sold=0.25),
            payback(sold=1.0), payback(life=4.0), payback(life=6.0)]
    assert numbers["fac-payback-low"].value == pytest.approx(min(ends))
    assert numbers["fac-payback-high"].value == pytest.approx(max(ends))
    assert numbers["fac-top-input"] == "price per million tokens"
    assert numbers["fac-second-input"] == "tokens per second per megawatt"


def test_break_even_multiple_is_one_exactly_at_break_even_revenue():
    inputs = synthetic_inputs()
    central, _ = paradigm.factory_sensitivity(inputs)
    price = 2.0 * central["break_even_revenue_per_year_usd_bn"] / central["revenue_per_year_usd_bn"]
    inputs.loc[inputs["input"] == "price_per_mtok", "base"] = price
    numbers = paradigm.factory_numbers(inputs)
    assert numbers["fac-payback-base"].value == pytest.approx(1.0)
    assert numbers["fac-revenue-year"].value == pytest.approx(numbers["fac-break-even"].value)


def test_inference_numbers_apply_the_share_to_the_four_quarters_before_it():
    numbers = paradigm.inference_numbers()
    stated = load_table("ai_factory_statements")
    stated = stated[stated["quantity"] == "inference share of data-center revenue"]
    latest = stated.sort_values("statement_date").iloc[-1]
    markets = load_table("nvidia_revenue_by_market")
    dc = markets[(markets["market"] == "Data Center")
                 & (markets["quarter_end"] < latest["statement_date"])].sort_values("quarter_end")
    trailing_bn = dc["revenue"].tail(4).sum() / 1000
    assert numbers["inf-share"].value == pytest.approx(latest["value_low"] / 100)
    assert numbers["inf-usd"].value == pytest.approx(trailing_bn * latest["value_low"] / 100)
    assert numbers["inf-n"].value == len(stated)
    assert numbers["inf-latest-date"] == f"{latest['statement_date']:%B %Y}"


def test_statements_table_lists_every_statement_with_its_source_kind():
    table = paradigm.gigawatt_statements_table()
    raw = load_table("ai_factory_statements")
    stated = raw[raw["quantity"].isin(paradigm.GIGAWATT_QUANTITIES)
                 & raw["unit"].isin(["USD billion per GW", "GPUs per GW", "GPUs per 10 GW"])]
    assert len(table) == len(stated)
    kinds = load_table("sources").set_index("source_id")["source_kind"]
    first = stated.iloc[0]
    expected = ", ".join(sorted({kinds[i.strip()] for i in first["source_id"].split(";")}))
    assert table.loc[0, "source kind"] == expected
    per_ten = table[table["unit"].str.contains("stated per 10 GW")]
    # A count stated per 10 GW is shown per GW: a tenth of the stated value.
    row = raw[raw["unit"] == "GPUs per 10 GW"].iloc[0]
    assert per_ten["value"].iloc[0].startswith(f"{row['value_low'] / 10:,.0f}")


def test_inputs_table_rounds_to_three_significant_figures():
    shown = paradigm.factory_inputs_table(synthetic_inputs()).set_index("Input")
    assert shown.loc["Capital cost per gigawatt", "Central value"] == "50.0"
    assert shown.loc["Utilisation", "Range"] == "0.400 to 0.600"
    assert shown.loc["Tokens per second per megawatt", "Central value"] == "1,000"
