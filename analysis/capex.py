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


def combined_annual_capex(companies: tuple[str, ...] = COMPANIES) -> pd.DataFrame:
    """The companies' capex summed by fiscal year, only for years every one of them reports.

    Fiscal years are summed as reported (Microsoft's ends in June, Oracle's in May), so a
    "year" here mixes calendar windows by up to seven months; the pages say so.
    Columns: fiscal_year, capex_bn, companies.
    """
    annual = annual_capex()
    annual = annual[annual["company"].isin(companies)]
    grouped = annual.groupby("fiscal_year").agg(capex_bn=("capex_bn", "sum"),
                                                companies=("company", "nunique"))
    complete = grouped[grouped["companies"] == len(companies)]
    return complete.reset_index()
