"""The NVIDIA revenue page's market and networking numbers, against the CSV rows by hand."""

import pandas as pd
import pytest
import yaml

from analysis import nvidia
from analysis.catalogue import DATA_DIR


def rows(file: str) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / file, parse_dates=["quarter_end"])


def revenue(table: pd.DataFrame, quarter_end, market: str, column: str = "market") -> float:
    match = table[(table["quarter_end"] == quarter_end) & (table[column] == market)]
    assert len(match) == 1
    return float(match["revenue"].iloc[0])


@pytest.fixture(scope="module")
def numbers():
    return nvidia.market_numbers()


def test_data_center_share_is_its_row_over_the_total_row(numbers):
    table = rows("nvidia_revenue_by_market.csv")
    quarters = table[table["market"] == "Total"].sort_values("quarter_end")
    first, last = quarters.iloc[0], quarters.iloc[-1]
    dc_first = revenue(table, first["quarter_end"], "Data Center")
    dc_last = revenue(table, last["quarter_end"], "Data Center")
    assert numbers["nv-n-quarters"].value == len(quarters)
    assert numbers["nv-last-quarter"] == f"Q{last['fiscal_quarter']} FY{last['fiscal_year']}"
    assert numbers["nv-dc-share-last"].value == pytest.approx(dc_last / last["revenue"])
    assert numbers["nv-dc-share-first"].value == pytest.approx(dc_first / first["revenue"])
    assert numbers["nv-dc-multiple"].value == pytest.approx(dc_last / dc_first)
    assert numbers["nv-dc-last"].value == pytest.approx(dc_last / 1000)
    assert numbers["nv-total-last"].value == pytest.approx(last["revenue"] / 1000)
    assert numbers["nv-last-quarter-end"] == f"{last['quarter_end']:%-d %B %Y}"


def test_new_segment_shares_are_the_latest_quarters_rows(numbers):
    table = rows("nvidia_revenue_new_segments.csv")
    latest = table["quarter_end"].max()
    dc = revenue(table, latest, "Data Center")
    assert numbers["nv-new-dc"].value == pytest.approx(dc / 1000)
    assert numbers["nv-new-share"].value == pytest.approx(dc / revenue(table, latest, "Total"))
    assert numbers["nv-new-hyperscale-share"].value == pytest.approx(
        revenue(table, latest, "Hyperscale") / dc)


def test_tolerance_is_the_one_the_catalogue_checks(numbers):
    catalogue = yaml.safe_load((DATA_DIR / "datapackage.yaml").read_text(encoding="utf-8"))
    table = next(r for r in catalogue["resources"] if r["name"] == "nvidia_revenue_by_market")
    check = next(c for c in table["checks"] if c["check"] == "components_sum_to_total")
    assert numbers["nv-tolerance"].value == check["with"]["tolerance"]


def test_networking_share_and_counts_by_hand():
    table = rows("nvidia_datacenter_split.csv")
    both = table.groupby("quarter_end")["component"].nunique()
    quarters = sorted(both[both == 2].index)
    share = lambda q: revenue(table, q, "Networking", "component") / (
        revenue(table, q, "Networking", "component") + revenue(table, q, "Compute", "component"))
    rounded = sum((table[table["quarter_end"] == q]["precision"] != "USD million").any()
                  for q in quarters)
    numbers = nvidia.networking_numbers()
    assert numbers["nv-net-n"].value == len(quarters)
    assert numbers["nv-net-first"].value == pytest.approx(share(quarters[0]))
    assert numbers["nv-net-last"].value == pytest.approx(share(quarters[-1]))
    assert numbers["nv-net-n-rounded"].value == rounded


def test_missing_quarters_are_named_by_fiscal_quarter():
    series = pd.DataFrame({"fiscal_year": [2017, 2017, 2018, 2018],
                           "fiscal_quarter": [1, 2, 1, 2]})
    assert nvidia.missing_quarters(series) == ["Q3 FY2017", "Q4 FY2017"]
    assert nvidia.missing_quarters(series.iloc[2:]) == []
