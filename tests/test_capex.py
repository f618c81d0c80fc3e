"""The shared capex series: one definition per company, complete years only."""

import pandas as pd
import pytest

from analysis import capex


def test_annual_capex_uses_one_definition_per_company():
    annual = capex.annual_capex()
    amazon = annual[annual["company"] == "Amazon"]
    # Amazon's 2012-2016 rows are its old net line: never in the gross annual series.
    assert amazon["fiscal_year"].min() == 2017
    assert not annual.duplicated(["company", "fiscal_year"]).any()


def test_annual_capex_is_in_billions_of_the_table_millions():
    table = capex.hyperscaler_capex()
    row = table[(table["company"] == "Meta") & (table["fiscal_period"] == "FY")].iloc[-1]
    annual = capex.annual_capex()
    match = annual[(annual["company"] == "Meta") & (annual["fiscal_year"] == row.fiscal_year)]
    assert match["capex_bn"].item() == pytest.approx(row.capex / 1000)


def test_combined_capex_keeps_only_years_every_company_reports(monkeypatch):
    rows = pd.DataFrame({
        "company": ["Meta", "Oracle", "Meta"],
        "fiscal_year": [2020, 2020, 2021],
        "period_end": pd.to_datetime(["2020-12-31", "2020-05-31", "2021-12-31"]),
        "capex_bn": [15.0, 1.5, 18.0],
        "source_id": ["a", "b", "c"],
    })
    monkeypatch.setattr(capex, "annual_capex", lambda: rows)
    combined = capex.combined_annual_capex(("Meta", "Oracle"))
    assert combined["fiscal_year"].tolist() == [2020]
    assert combined["capex_bn"].item() == pytest.approx(16.5)
