"""Hyperscaler capital expenditure, shared by the five-layers and bubble-test chapters.

Chapter modules do not import each other, so the capex series both chapters read is
built here, below them.  Only full-year rows on one definition per company enter the
annual series; Amazon's pre-2017 net line is a different definition and is kept out
rather than spliced on (see the table's description in the catalogue).
"""

from __future__ import annotations

import pandas as pd

from .catalogue import load_table

COMPANIES = ("Microsoft", "Alphabet", "Amazon", "Meta", "Oracle")
# The one definition per company the annual series uses (the cash-flow line, gross).
ANNUAL_DEFINITION = {
    "Microsoft": "additions to property and equipment",
    "Alphabet": "purchases of property and equipment",
    "Amazon": "purchases of property and equipment (gross)",
    "Meta": "purchases of property and equipment",
    "Oracle": "capital expenditures",
}


def hyperscaler_capex() -> pd.DataFrame:
    """Every row of the capex table, validated."""
    return load_table("hyperscaler_capex")


def annual_capex() -> pd.DataFrame:
    """Full-year capex by company and fiscal year, in USD billion, on one definition each.

    Columns: company, fiscal_year, period_end, capex_bn, source_id.
    """
    table = hyperscaler_capex()
    wanted = table["definition"] == table["company"].map(ANNUAL_DEFINITION)
    annual = table[(table["fiscal_period"] == "FY") & wanted].copy()
    annual["capex_bn"] = annual["capex"] / 1000
    return (annual[["company", "fiscal_year", "period_end", "capex_bn", "source_id"]]
            .sort_values(["company", "fiscal_year"]).reset_index(drop=True))


SOURCE_KINDS = ("primary", "reprint", "secondary")


def count_by_source_kind(rows: pd.DataFrame, sources: pd.DataFrame) -> dict[str, int]:
    """How many ``rows`` were read in each kind of document (the sources registry's
    source_kind); a row citing several documents counts under its first."""
    first = rows["source_id"].str.split(";").str[0]
    kinds = first.map(sources.set_index("source_id")["source_kind"])
    if kinds.isna().any():
        raise ValueError(f"source_id not in sources.csv: {sorted(set(first[kinds.isna()]))}")
    return {kind: int((kinds == kind).sum()) for kind in SOURCE_KINDS}


def combined_annual_capex(companies: tuple[str, ...] = COMPANIES) -> pd.DataFrame:
    """The companies' capex summed by fiscal year, for the unbroken run of years that every
    one of them reports, up to the latest such year.

    Fiscal years are summed as reported (Microsoft's ends in June, Oracle's in May), so a
    "year" here mixes calendar windows by up to seven months; the pages say so.
    Columns: fiscal_year, capex_bn, companies.
    """
    annual = annual_capex()
    annual = annual[annual["company"].isin(companies)]
    grouped = annual.groupby("fiscal_year").agg(capex_bn=("capex_bn", "sum"),
                                                companies=("company", "nunique"))
    complete = grouped[grouped["companies"] == len(companies)].reset_index()
    # A year some company lacks ends the series: readers of it (depreciation by vintage,
    # trends) would otherwise take the missing year for no spending at all.
    gaps = complete["fiscal_year"].diff().fillna(1) > 1
    start = gaps[gaps].index.max() if gaps.any() else 0
    return complete.loc[start:].reset_index(drop=True)


# Companies with cash-flow figures for every calendar quarter since mid-2021 (Oracle's
# quarters are mostly missing, so the quarterly series leaves it out and says so).
QUARTERLY_COMPANIES = ("Microsoft", "Alphabet", "Amazon", "Meta")


def quarterly_capex() -> pd.DataFrame:
    """Capex by company and quarter, in USD billion, on the annual series' definitions.

    A fourth fiscal quarter that is not in the table but whose year and first three
    quarters are is added as the year less those quarters (``derived`` True): the
    difference of reported figures, not an estimate.
    Columns: company, fiscal_year, fiscal_period, period_end, capex_bn, derived.
    """
    table = hyperscaler_capex()
    table = table[table["definition"] == table["company"].map(ANNUAL_DEFINITION)]
    quarters = table[table["fiscal_period"] != "FY"].assign(derived=False)
    derived = []
    for year in table[table["fiscal_period"] == "FY"].itertuples():
        own = quarters[(quarters["company"] == year.company)
                       & (quarters["fiscal_year"] == year.fiscal_year)]
        if set(own["fiscal_period"]) == {"Q1", "Q2", "Q3"}:
            derived.append({"company": year.company, "fiscal_year": year.fiscal_year,
                            "fiscal_period": "Q4", "period_end": year.period_end,
                            "capex": year.capex - own["capex"].sum(), "derived": True})
    quarters = pd.concat([quarters, pd.DataFrame(derived)], ignore_index=True)
    quarters["capex_bn"] = quarters["capex"] / 1000
    return (quarters[["company", "fiscal_year", "fiscal_period", "period_end", "capex_bn",
                      "derived"]]
            .sort_values(["company", "period_end"]).reset_index(drop=True))


def combined_quarterly_capex(companies: tuple[str, ...] = QUARTERLY_COMPANIES) -> pd.DataFrame:
    """The companies' capex summed by quarter end, for the unbroken run of quarters that
    every one of them reports, up to the latest such quarter.

    Columns: period_end, capex_bn, derived (how many of the summed figures are derived).
    """
    quarters = quarterly_capex()
    quarters = quarters[quarters["company"].isin(companies)]
    grouped = quarters.groupby("period_end").agg(capex_bn=("capex_bn", "sum"),
                                                 companies=("company", "nunique"),
                                                 derived=("derived", "sum"))
    complete = grouped[grouped["companies"] == len(companies)].reset_index()
    # Keep the last run of consecutive quarters: a missing quarter ends the series.
    gaps = complete["period_end"].diff().dt.days.fillna(91) > 95
    start = gaps[gaps].index.max() if gaps.any() else 0
    return complete.loc[start:, ["period_end", "capex_bn", "derived"]].reset_index(drop=True)
