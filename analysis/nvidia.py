"""NVIDIA's reported revenue, shaped for the chapters."""

from __future__ import annotations

import pandas as pd

from .catalogue import load_table
from .report import quarter_label

MARKETS = ["Data Center", "Gaming", "Professional Visualization", "Automotive", "OEM & Other"]


def revenue_by_market() -> pd.DataFrame:
    """Quarterly revenue by market platform, tidy, USD million (total rows excluded)."""
    table = load_table("nvidia_revenue_by_market")
    table = table[table["market"] != "Total"].copy()
    table["quarter"] = [quarter_label(y, q) for y, q in
                        zip(table["fiscal_year"], table["fiscal_quarter"])]
    return table.sort_values(["quarter_end", "market"]).reset_index(drop=True)


def _by_quarter(table: pd.DataFrame, columns: str) -> pd.DataFrame:
    """Revenue with one row per fiscal quarter and one column per ``columns`` value."""
    return (table.pivot_table(index=["quarter_end", "fiscal_year", "fiscal_quarter"],
                              columns=columns, values="revenue")
            .reset_index().sort_values("quarter_end").reset_index(drop=True))


def data_center_share() -> pd.DataFrame:
    """Data Center revenue as a share of reported total revenue, per quarter."""
    wide = _by_quarter(load_table("nvidia_revenue_by_market"), "market")
    wide["share"] = wide["Data Center"] / wide["Total"]
    return wide[["quarter_end", "fiscal_year", "fiscal_quarter", "Data Center", "Total",
                 "share"]]


def new_segments() -> pd.DataFrame:
    """Revenue under the fiscal-2027 segmentation (a series break), USD million, wide."""
    return _by_quarter(load_table("nvidia_revenue_new_segments"), "market")


def fiscal_window(table: pd.DataFrame, first: tuple[int, int],
                  last: tuple[int, int] | None = None) -> pd.DataFrame:
    """Rows from fiscal quarter ``first`` to ``last`` (inclusive), e.g. (2024, 1)."""
    key = table["fiscal_year"] * 10 + table["fiscal_quarter"]
    mask = key >= first[0] * 10 + first[1]
    if last is not None:
        mask &= key <= last[0] * 10 + last[1]
    return table[mask]


def data_center_split() -> pd.DataFrame:
    """Compute and networking revenue per quarter (USD million) with networking's share,
    for quarters where both are reported; ``exact`` marks figures published to the million."""
    table = load_table("nvidia_datacenter_split")
    wide = _by_quarter(table, "component").dropna().reset_index(drop=True)
    exact = (table.assign(exact=table["precision"] == "USD million")
             .groupby("quarter_end")["exact"].all())
    wide["exact"] = wide["quarter_end"].map(exact)
    wide["networking_share"] = wide["Networking"] / (wide["Compute"] + wide["Networking"])
    return wide
