"""The shared capex series: one definition per company, complete years only."""

import pandas as pd
import pytest

from analysis import capex
from analysis.catalogue import load_table


def test_annual_capex_uses_one_definition_per_company():
    annual = capex.annual_capex()
    amazon = annual[annual["company"] == "Amazon"].set_index("fiscal_year")["capex_bn"]
    table = capex.hyperscaler_capex()
    net = table[table["definition"] == "purchases of property and equipment net of proceeds and incentives"]
    # Amazon's old net line (2012-2016) never enters the gross series: where a year has
    # both, the annual series carries the gross figure, and years with only the net
    # line are left out rather than spliced on.
    both = net[net["fiscal_year"].isin(amazon.index)]
    assert len(both) > 0
    for row in both.itertuples():
        assert amazon[row.fiscal_year] > row.capex / 1000
    assert not set(net["fiscal_year"]) - set(both["fiscal_year"]) & set(amazon.index)
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


def test_combined_capex_keeps_the_last_unbroken_run_of_complete_years(monkeypatch):
    years = [2015, 2016, 2017, 2019, 2020]
    rows = pd.DataFrame({
        "company": ["Meta"] * 5 + ["Oracle"] * 4,
        "fiscal_year": years + [2015, 2017, 2019, 2020],
        "capex_bn": [1.0, 2.0, 3.0, 5.0, 6.0, 0.5, 0.5, 0.5, 0.5],
    })
    monkeypatch.setattr(capex, "annual_capex", lambda: rows)
    # 2016 lacks Oracle and 2018 lacks everyone: only 2019-2020 follow the last gap.
    combined = capex.combined_annual_capex(("Meta", "Oracle"))
    assert combined["fiscal_year"].tolist() == [2019, 2020]
    assert combined["capex_bn"].tolist() == pytest.approx([5.5, 6.5])


def test_rows_from_copies_of_sec_facts_name_the_filing_they_were_tagged_in():
    table = capex.hyperscaler_capex()
    sources = load_table("sources").set_index("source_id")
    copies = sources.index[sources["title"].str.contains("XBRL company facts")]
    rows = table[table["source_id"].isin(copies)]
    assert len(rows) > 0
    # An SEC accession number: the filer's CIK or agent, the year, a sequence.
    assert rows["locator"].str.contains(r"accession \d{10}-\d{2}-\d{6}").all()
    assert (sources.loc[copies, "source_kind"] == "secondary").all()


def quarter_rows(company, fiscal_year, periods, capex_millions, ends):
    return pd.DataFrame({"company": company, "fiscal_year": fiscal_year, "fiscal_period": periods,
                         "period_end": pd.to_datetime(ends), "capex": capex_millions,
                         "definition": capex.ANNUAL_DEFINITION[company]})


def test_quarterly_capex_derives_a_missing_fourth_quarter_from_the_year(monkeypatch):
    rows = quarter_rows("Microsoft", 2022, ["Q1", "Q2", "Q3", "FY"], [5810, 5870, 5340, 23886],
                        ["2021-09-30", "2021-12-31", "2022-03-31", "2022-06-30"])
    monkeypatch.setattr(capex, "hyperscaler_capex", lambda: rows)
    quarters = capex.quarterly_capex()
    q4 = quarters[quarters["fiscal_period"] == "Q4"].iloc[0]
    assert q4.capex_bn == pytest.approx((23886 - 5810 - 5870 - 5340) / 1000)
    assert q4.derived and q4.period_end == pd.Timestamp("2022-06-30")
    assert quarters["derived"].sum() == 1


def test_quarterly_capex_does_not_derive_from_an_incomplete_year(monkeypatch):
    rows = quarter_rows("Microsoft", 2022, ["Q1", "Q3", "FY"], [5810, 5340, 23886],
                        ["2021-09-30", "2022-03-31", "2022-06-30"])
    monkeypatch.setattr(capex, "hyperscaler_capex", lambda: rows)
    assert not capex.quarterly_capex()["derived"].any()


def test_combined_quarterly_capex_keeps_the_last_unbroken_run_of_complete_quarters(monkeypatch):
    ends = pd.to_datetime(["2020-03-31", "2021-03-31", "2021-06-30", "2021-09-30"])
    quarters = pd.concat([pd.DataFrame({"company": c, "period_end": ends, "capex_bn": 1.0,
                                        "derived": False}) for c in ("A", "B")])
    # B misses 2021-06-30: only the last quarter is complete after the gap.
    quarters = quarters[~((quarters["company"] == "B") & (quarters["period_end"] == ends[2]))]
    monkeypatch.setattr(capex, "quarterly_capex", lambda: quarters)
    combined = capex.combined_quarterly_capex(("A", "B"))
    assert combined["period_end"].tolist() == [ends[3]]
    assert combined["capex_bn"].tolist() == [2.0]


def test_rows_are_counted_by_the_kind_of_their_first_source():
    sources = pd.DataFrame({"source_id": ["a", "b", "c"],
                            "source_kind": ["primary", "reprint", "secondary"]})
    rows = pd.DataFrame({"source_id": ["a", "a;c", "b", "c", "c"]})
    assert capex.count_by_source_kind(rows, sources) == {"primary": 2, "reprint": 1,
                                                         "secondary": 2}
    with pytest.raises(ValueError, match="zzz"):
        capex.count_by_source_kind(pd.DataFrame({"source_id": ["zzz"]}), sources)
