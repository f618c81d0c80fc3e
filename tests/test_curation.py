"""Curation scripts rebuild the committed tables from their original documents.

The check against the originals runs where they are (``RAW_DIR``, by default
the shared snapshot folder next to the repository) and is skipped, with the
reason, where they are not. The parsing and comparison logic is also tested on
small samples written here, so it is covered without the originals.
"""

import csv
import os
import shutil
from pathlib import Path

import pytest

from curation import (ai_campuses, ai_cluster_power, ai_supercomputer_capacity,
                      china_accelerator_specs, fda_ai_devices, llm_prices, macro_reference,
                      ml_hardware, notable_models, nvidia_revenue_by_market,
                      occupation_exposure, oews_national, transistor_counts, valuation_prices,
                      valuation_series)
from curation.common import Curation, SourceFormatError, check, differences, main, source_reader

REPO_DATA = Path(__file__).resolve().parent.parent / "data"
RAW_DIR = Path(os.environ.get("CURATION_RAW_DIR", "/work/shared/data/raw"))

# curation -> subfolder of RAW_DIR holding its originals
ORIGINALS = {
    nvidia_revenue_by_market.CURATION: "nvidia",
    llm_prices.CURATION: "epoch-prices",
    oews_national.CURATION: "bls-oews",
    transistor_counts.CURATION: "epoch",
    notable_models.CURATION: "epoch",
    ai_supercomputer_capacity.CURATION: "epoch",
    china_accelerator_specs.CURATION: "epoch",
    ml_hardware.CURATION: "epoch",
    ai_campuses.CURATION: "epoch",
    fda_ai_devices.CURATION: "fda",
    occupation_exposure.CURATION: "",  # reads ai-exposure/ and bls-oews/ below RAW_DIR
    valuation_series.CURATION: "shiller-sp500",
    macro_reference.CURATION: "world-bank-gdp",
    valuation_prices.CURATION: "yahoo-nvda",
    ai_cluster_power.CURATION: "epoch",
}


def originals(subfolder: str) -> Path:
    folder = RAW_DIR / subfolder
    if not folder.is_dir():
        pytest.skip(f"original documents not present: {folder} does not exist "
                    "(set CURATION_RAW_DIR to the folder holding them)")
    return folder


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- against the originals -------------------------------------------------

@pytest.mark.parametrize("curation", list(ORIGINALS), ids=lambda c: c.table)
def test_committed_table_matches_its_originals(curation):
    lines, summary = check(curation, originals(ORIGINALS[curation]))
    print(summary)
    assert lines == [], "\n".join(lines)
    assert " 0 committed rows checked" not in summary


def test_nvidia_check_counts_the_hand_compiled_quarters():
    _, summary = check(nvidia_revenue_by_market.CURATION, originals("nvidia"))
    assert "132 committed rows checked" in summary
    assert "84 rows not checked: quarters before Q2 FY2021" in summary


def test_check_mode_fails_on_an_edited_committed_value(tmp_path, capsys):
    raw = originals("nvidia")
    data = tmp_path / "data"
    shutil.copytree(REPO_DATA, data)
    table = data / "nvidia_revenue_by_market.csv"
    text = table.read_text(encoding="utf-8")
    edited = '2026,3,2025-10-26,Data Center,51216,'
    table.write_text(text.replace('2026,3,2025-10-26,Data Center,51215,', edited), encoding="utf-8")

    status = main(nvidia_revenue_by_market.CURATION,
                  [str(raw), "--check", "--data-dir", str(data)])

    assert status == 1
    assert ("differs: fiscal_year=2026, fiscal_quarter=3, market=Data Center: revenue "
            "committed '51216', originals give '51215'") in capsys.readouterr().out


def test_oews_rebuild_reproduces_the_committed_file_byte_for_byte(tmp_path):
    out = tmp_path / "oews_national.csv"
    assert main(oews_national.CURATION, [str(originals("bls-oews")), "--out", str(out)]) == 0
    assert out.read_bytes() == (REPO_DATA / "oews_national.csv").read_bytes()


# --- comparison logic --------------------------------------------------------

def test_differences_lists_changed_and_one_sided_rows():
    rebuilt = [{"k": "a", "v": "12.0"}, {"k": "b", "v": "3"}, {"k": "c", "v": "1"}]
    committed = [{"k": "a", "v": "12"}, {"k": "b", "v": "4"}, {"k": "d", "v": "1"}]
    assert differences(rebuilt, committed, ("k",), ("v",)) == [
        "differs: k=b: v committed '4', originals give '3'",
        "only in the originals: k=c",
        "only in the committed table: k=d",
    ]


def test_differences_rejects_a_duplicated_key():
    with pytest.raises(SourceFormatError, match="rebuilt table has two rows with key"):
        differences([{"k": "a"}, {"k": "a"}], [], ("k",), ())


def test_check_compares_only_checkable_rows_and_says_why_the_rest_are_not(tmp_path):
    write_csv(tmp_path / "toy.csv", [{"k": "1", "v": "5", "kind": "pdf"},
                                      {"k": "2", "v": "7", "kind": "hand"}])
    toy = Curation(table="toy", key=("k",), compared=("v",),
                   rebuild=lambda raw: [{"k": "1", "v": "6"}],
                   checkable=lambda row: row["kind"] == "pdf",
                   unchecked_reason="compiled by hand")
    lines, summary = check(toy, tmp_path, tmp_path)
    assert lines == ["differs: k=1: v committed '5', originals give '6'"]
    assert summary == ("toy: 1 committed rows checked against 1 rebuilt from the originals, "
                       "1 difference(s); 1 rows not checked: compiled by hand")


def test_main_exits_zero_when_tables_agree(tmp_path, capsys):
    write_csv(tmp_path / "toy.csv", [{"k": "1", "v": "5"}])
    toy = Curation(table="toy", key=("k",), compared=("v",), rebuild=lambda raw: [{"k": "1", "v": "5"}])
    assert main(toy, [str(tmp_path), "--check", "--data-dir", str(tmp_path)]) == 0
    assert "0 difference(s)" in capsys.readouterr().out


# --- NVIDIA PDF parsing --------------------------------------------------------

# Text as pypdf extracts it from a Quarterly Revenue Trend PDF (two quarters kept).
TREND_TEXT = """($ in millions) Q2 FY24 Q1 FY24
Data Center $10,323 $4,284
Gaming 2,486 2,240
Professional 
Visualization 379 295
Auto 253 296
OEM & Other 66 77
TOTAL $13,507 $7,192
NVIDIA QUARTERLY REVENUE TREND"""


def test_trend_table_is_parsed_with_split_labels_and_dollar_signs():
    table = nvidia_revenue_by_market.parse_trend_table(TREND_TEXT, "sample.pdf")
    assert table[(2024, 2)] == {"Data Center": 10323, "Gaming": 2486,
                                "Professional Visualization": 379, "Auto": 253,
                                "OEM & Other": 66, "TOTAL": 13507}
    assert table[(2024, 1)]["TOTAL"] == 7192


def test_trend_table_with_a_short_row_names_file_and_row():
    broken = TREND_TEXT.replace("Auto 253 296", "Auto 253")
    with pytest.raises(SourceFormatError, match=r"sample.pdf: row 'Auto' with 2 amounts not found"):
        nvidia_revenue_by_market.parse_trend_table(broken, "sample.pdf")


def test_each_quarter_comes_from_the_newest_document_that_gives_it():
    older = {(2024, 1): {"x": 1}, (2024, 2): {"x": 2}}
    newer = {(2024, 2): {"x": 20}, (2024, 3): {"x": 30}}
    chosen = nvidia_revenue_by_market.latest_document_per_quarter({"old": older, "new": newer})
    assert chosen == {(2024, 1): "old", (2024, 2): "new", (2024, 3): "new"}


def test_rows_carry_fiscal_calendar_market_names_and_locators():
    table = nvidia_revenue_by_market.parse_trend_table(TREND_TEXT, "sample.pdf")
    rows = nvidia_revenue_by_market.rows_from_tables({"nvda-rev-trend-q224": table})
    auto = next(r for r in rows if r["fiscal_quarter"] == "2" and r["market"] == "Automotive")
    assert auto == {"fiscal_year": "2024", "fiscal_quarter": "2", "quarter_end": "2023-07-30",
                    "market": "Automotive", "revenue": "253", "unit": "USD million",
                    "source_id": "nvda-rev-trend-q224",
                    "locator": "p. 1, row 'Auto', column 'Q2 FY24'"}
    assert len(rows) == 12


def test_source_id_follows_the_pdf_name():
    assert nvidia_revenue_by_market.source_id(Path("Rev_by_Mkt_Qtrly_Trend_Q425.pdf")) == "nvda-rev-trend-q425"
    with pytest.raises(SourceFormatError, match="report.pdf: not a Rev_by_Mkt"):
        nvidia_revenue_by_market.source_id(Path("report.pdf"))


# --- Epoch AI price files -----------------------------------------------------

def test_epoch_rows_map_columns_and_number_data_rows(tmp_path):
    path = write_csv(tmp_path / "aa_data_with_math5.csv", [
        {"Model Name": "Model-A", "Release Date": "2024-03-04", "USD per 1M Tokens": "0.5",
         "MMLU": "71", "GPQA Diamond": "33", "HumanEval": "77", "MATH-500": "39", "Arena": "1"},
        {"Model Name": "Model-B", "Release Date": "2024-05-01", "USD per 1M Tokens": "2",
         "MMLU": "", "GPQA Diamond": "40", "HumanEval": "", "MATH-500": "60", "Arena": ""},
    ])
    rows = llm_prices.rows_from_epoch_file(path, "px-epoch-aa-data")
    assert rows[1] == {"model": "Model-B", "release_date": "2024-05-01",
                       "price_blended_usd_per_mtok": "2", "mmlu": "", "gpqa_diamond": "40",
                       "math_500": "60", "humaneval": "", "source_id": "px-epoch-aa-data",
                       "locator": "aa_data_with_math5.csv data row 2 (file line 3)"}
    assert rows[0]["humaneval"] == "77" and rows[0]["math_500"] == "39"


def test_epoch_file_without_a_needed_column_is_rejected(tmp_path):
    path = write_csv(tmp_path / "aa_data_with_math5.csv", [{"Model Name": "A", "Release Date": "2024-01-01"}])
    with pytest.raises(SourceFormatError, match=r"aa_data_with_math5.csv: missing column"):
        llm_prices.rows_from_epoch_file(path, "px-epoch-aa-data")


# --- Epoch AI hardware file -----------------------------------------------------

def hardware_record(**values) -> dict:
    record = {"Hardware name": "NVIDIA M40", "Manufacturer": "NVIDIA", "Release date": "2015-11-10",
              "Transistors (millions)": "8000.0", "Die Size (mm^2)": "601.0", "Process size (nm)": ""}
    record.update(values)
    return record


def test_hardware_row_converts_millions_and_marks_missing_process():
    row = transistor_counts.row_from_epoch(hardware_record(), "GM200 (Tesla M40)")
    assert (row["chip"], row["year"], row["transistors"], row["designer"]) == \
        ("GM200 (Tesla M40)", "2015", "8000000000", "NVIDIA")
    assert "Epoch release date 2015-11-10; die area 601.0 mm2; process n/a nm." in row["notes"]
    assert row["locator"] == "Epoch ml_hardware.csv row 'NVIDIA M40' (Transistors (millions), Release date)"


def test_hardware_row_without_transistor_count_is_rejected():
    with pytest.raises(SourceFormatError, match="row 'NVIDIA M40' lacks its transistor count"):
        transistor_counts.row_from_epoch(hardware_record(**{"Transistors (millions)": ""}), "GM200")


# --- BLS OEWS files -----------------------------------------------------------

def oews_record(code: str, title: str, **values) -> dict:
    record = {"OCC_CODE": code, "OCC_TITLE": title, "TOT_EMP": "1,000", "EMP_PRSE": "1.0",
              "A_MEAN": "50,000", "MEAN_PRSE": "0.5", "A_MEDIAN": "45,000"}
    record.update(values)
    return record


def oews_sample(folder: Path, year: int, radiology_code: str, **radiology_values) -> Path:
    records = [oews_record(code, occupation.title())
               for occupation, (code, _) in oews_national.SOC_2018_CODES.items()
               if occupation != "radiologists"]
    records.append(oews_record(radiology_code, "Radiology group", **radiology_values))
    return write_csv(folder / f"national_M{year}_dl.csv", records)


def test_bls_values_are_plain_numbers_topcoded_or_missing():
    assert oews_national.parse_bls_value("1,226,910", "f.csv", 2, "TOT_EMP") == ("1226910", False)
    assert oews_national.parse_bls_value("#", "f.csv", 2, "A_MEDIAN") == ("", True)
    assert oews_national.parse_bls_value("**", "f.csv", 2, "A_MEAN") == ("", False)
    with pytest.raises(SourceFormatError, match=r"f.csv, line 7, column 'A_MEAN': 'n/a'"):
        oews_national.parse_bls_value("n/a", "f.csv", 7, "A_MEAN")


def test_soc_2010_radiologists_row_is_the_broader_code_and_says_so(tmp_path):
    path = oews_sample(tmp_path, 2015, "29-1069", A_MEDIAN="#")
    rows = {row["occ_code"]: row for row in oews_national.rows_from_file(path)}
    radiology = rows["29-1069"]
    assert "29-1224" not in rows
    assert (radiology["occupation"], radiology["coverage"], radiology["soc_version"]) == \
        ("radiologists", "broader", "SOC 2010")
    assert (radiology["a_median_usd"], radiology["a_median_topcoded"]) == ("", "true")
    assert "Not comparable with SOC 2018 29-1224" in radiology["notes"]
    assert rows["47-2111"]["employment"] == "1000" and rows["47-2111"]["coverage"] == "exact"
    assert rows["47-2111"]["locator"].startswith("national_M2015_dl, row OCC_CODE 47-2111")


def test_soc_2018_file_uses_the_radiologist_code(tmp_path):
    path = oews_sample(tmp_path, 2024, "29-1224")
    radiology = next(r for r in oews_national.rows_from_file(path) if r["occupation"] == "radiologists")
    assert (radiology["occ_code"], radiology["coverage"], radiology["notes"]) == ("29-1224", "exact", "")


def test_oews_file_missing_an_occupation_is_rejected(tmp_path):
    path = oews_sample(tmp_path, 2024, "29-1069")
    with pytest.raises(SourceFormatError, match=r"national_M2024_dl.csv: OCC_CODE\(s\) \['29-1224'\] not found"):
        oews_national.rows_from_file(path)


def test_oews_year_without_known_soc_version_is_rejected(tmp_path):
    path = oews_sample(tmp_path, 2019, "29-1224")
    with pytest.raises(SourceFormatError, match="year 2019 has no SOC version"):
        oews_national.rows_from_file(path)


def test_topcoding_outside_wages_is_rejected(tmp_path):
    path = oews_sample(tmp_path, 2024, "29-1224", TOT_EMP="#")
    with pytest.raises(SourceFormatError, match=r"line \d+, column 'TOT_EMP': '#' is only expected"):
        oews_national.rows_from_file(path)


# --- China chapter: notable models and AI supercomputer capacity -------------

def test_notable_model_rows_keep_every_model_as_epoch_gives_it():
    record = {"Model": "M", "Organization": "Org A,Org B", "Domain": "Language",
              "Country (from Organization)": "United States of America,China",
              "Publication date": "2011-05-01", "Training compute (FLOP)": "",
              "Model accessibility": "Open weights (non-commercial)", "Confidence": "",
              "Notability criteria": "Highly cited", "Frontier model": ""}
    row = notable_models.row_from_epoch(record, 12)
    # A joint, old model without a compute estimate stays: the chapters filter, not curation.
    assert (row["country"], row["training_flop"], row["open_weights"], row["epoch_frontier"],
            row["vintage"], row["locator"]) == (
        "United States of America,China", "", "true", "false", "snapshot",
        "notable_ai_models_2025-02-24.csv line 12 (Model 'M')")
    assert notable_models.row_from_epoch({**record, "Model accessibility": "API access"},
                                         12)["open_weights"] == "false"


def test_notable_model_check_leaves_later_rows_to_their_own_sources(tmp_path):
    epoch = tmp_path / "epoch"
    epoch.mkdir()
    record = {c: "" for c in notable_models.NEEDED}
    record.update({"Model": "M", "Domain": "Language", "Publication date": "2024-01-01",
                   "Training compute (FLOP)": "1e24", "Notability criteria": "Training cost"})
    write_csv(epoch / notable_models.FILE, [record])
    snapshot = notable_models.row_from_epoch(record, 2)
    later = {**snapshot, "model": "Later", "vintage": "later", "source_id": "x", "locator": "y"}
    data = tmp_path / "data"
    data.mkdir()
    write_csv(data / "notable_models.csv", [snapshot, later])
    lines, summary = check(notable_models.CURATION, epoch, data)
    assert lines == []
    assert "1 rows not checked: models published after the snapshot" in summary


def test_capacity_sums_existing_standard_clusters_by_country(tmp_path):
    base = {"Status": "Existing", "Include in Standard Analysis": "TRUE"}
    write_csv(tmp_path / "gpu_clusters.csv", [
        {**base, "Country": "China", "H100 equivalents": "100"},
        {**base, "Country": "China", "H100 equivalents": "50"},
        {**base, "Country": "Japan", "H100 equivalents": "400"},
        {**base, "Status": "Planned", "Country": "China", "H100 equivalents": "999"},
        {**base, "Include in Standard Analysis": "", "Country": "Japan", "H100 equivalents": "999"},
    ])
    rows = ai_supercomputer_capacity.rebuild(tmp_path)
    assert [(r["country"], r["h100_equivalents"], r["clusters"]) for r in rows] == [
        ("Japan", "400", "1"), ("China", "150", "2")]


def test_capacity_file_without_a_needed_column_is_rejected(tmp_path):
    write_csv(tmp_path / "gpu_clusters.csv", [{"Status": "Existing", "Country": "China"}])
    with pytest.raises(SourceFormatError, match="columns .* not found"):
        ai_supercomputer_capacity.rebuild(tmp_path)


def test_accelerator_specs_take_the_tensor_rate_where_epoch_gives_one():
    record = {"Hardware name": "X", "Manufacturer": "Huawei", "Release date": "2024-10-15",
              "Tensor-FP16/BF16 performance (FLOP/s)": "",
              "FP16 (half precision) performance (FLOP/s)": "7.52e14",
              "Memory size per board (Byte)": "1.28e11", "Memory bandwidth (byte/s)": "3.2e12",
              "TDP (W)": "700"}
    row = china_accelerator_specs.row_from_epoch(record, "Huawei Ascend 910C")
    assert (row["fp16_tflops"], row["memory_gb"], row["memory_bandwidth_tb_s"]) == ("752", "128", "3.2")
    assert "FP16 (half precision)" in row["locator"]
    tensor = {**record, "Tensor-FP16/BF16 performance (FLOP/s)": "1.48e14"}
    assert china_accelerator_specs.row_from_epoch(tensor, "H20")["fp16_tflops"] == "148"
    with pytest.raises(SourceFormatError, match="lacks a 16-bit rate"):
        china_accelerator_specs.row_from_epoch(
            {**record, "FP16 (half precision) performance (FLOP/s)": ""}, "X")
# --- Shiller's S&P 500 data -------------------------------------------------------

def test_shiller_month_gives_a_price_row_and_a_dividend_row():
    rows = valuation_series.rows_from_record({"Date": "1999-12-01", "SP500": "1428.68",
                                              "Dividend": "16.69"})
    assert [(r["series"], r["value"], r["unit"]) for r in rows] == [
        ("S&P 500 composite price", "1428.68", "index points"),
        ("S&P 500 dividends", "16.69", "index points a year")]
    assert rows[1]["locator"] == "data/data.csv, row '1999-12-01', column 'Dividend'"


def test_shiller_month_without_dividend_is_rejected():
    with pytest.raises(SourceFormatError, match="row '2024-01-01' lacks its Dividend value"):
        valuation_series.rows_from_record({"Date": "2024-01-01", "SP500": "4800", "Dividend": ""})


def test_shiller_file_with_a_short_window_is_rejected(tmp_path):
    write_csv(tmp_path / "data.csv", [{"Date": "1985-01-01", "SP500": "171.6", "Dividend": "7.6"}])
    with pytest.raises(SourceFormatError, match="expected 252 months"):
        valuation_series.rebuild(tmp_path)


# --- World Bank GDP file ------------------------------------------------------------

def test_world_bank_gdp_row_is_converted_to_trillions():
    row = macro_reference.row_from_record({"Country Name": "United States", "Country Code": "USA",
                                           "Year": "2000", "Value": "10250952000000.0"})
    assert (row["area"], row["year"], row["value"], row["unit"]) == \
        ("United States", "2000", "10.251", "USD trillion")


def test_world_bank_gdp_file_without_an_area_is_rejected(tmp_path):
    write_csv(tmp_path / "gdp.csv", [{"Country Name": "World", "Country Code": "WLD",
                                      "Year": "2001", "Value": "3.4e13"}])
    with pytest.raises(SourceFormatError, match="no rows for \\['United States'\\]"):
        macro_reference.rebuild(tmp_path)


def test_source_reader_names_a_missing_file_or_column(tmp_path):
    with pytest.raises(SourceFormatError, match=f"{tmp_path}: x.csv not found"):
        with source_reader(tmp_path, "x.csv", ["A"]):
            pass
    (tmp_path / "x.csv").write_text("\ufeffA,B\n1,2\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"x.csv: columns \['C'\] not found"):
        with source_reader(tmp_path, "x.csv", ["A", "C"]):
            pass
    with source_reader(tmp_path, "x.csv", ["A", "B"]) as reader:
        assert list(reader) == [{"A": "1", "B": "2"}]


# --- Yahoo Finance daily prices (NVIDIA month ends) --------------------------------

def test_month_end_close_is_the_last_trading_day_of_each_month():
    records = [{"Date": d, "Close": c} for d, c in
               [("1999-01-28", "1"), ("1999-01-29", "2"), ("1999-02-26", "3"), ("1999-02-01", "4")]]
    months = valuation_prices.month_end_closes(records)
    assert {m: r["Close"] for m, r in months.items()} == {"1999-01": "2", "1999-02": "3"}
    row = valuation_prices.row_from_record(months["1999-01"])
    assert (row["series"], row["date"], row["value"], row["locator"]) == \
        ("NVIDIA share price", "1999-01-29", "2", "NVDA.csv, row '1999-01-29', column 'Close'")


def test_yahoo_file_missing_a_month_or_a_close_is_rejected(tmp_path):
    write_csv(tmp_path / "NVDA.csv", [{"Date": "1999-01-29", "Close": "0.04"}])
    with pytest.raises(SourceFormatError, match="expected 306 months"):
        valuation_prices.rebuild(tmp_path)
    with pytest.raises(SourceFormatError, match="row '1999-01-29' has no numeric Close"):
        valuation_prices.row_from_record({"Date": "1999-01-29", "Close": "null"})


# --- Epoch's GPU clusters (the largest new cluster's power each year) ---------------

def test_cluster_power_keeps_each_years_largest_counted_cluster(tmp_path):
    base = {"Status": "Existing", "Include in Standard Analysis": "TRUE", "Certainty": "Confirmed",
            "Country": "US"}
    write_csv(tmp_path / "gpu_clusters.csv", [
        {**base, "Name": "A", "First Operational Date": "3/1/2023", "Power Capacity (MW)": "40"},
        {**base, "Name": "B", "First Operational Date": "9/1/2023", "Power Capacity (MW)": "90"},
        {**base, "Name": "C", "First Operational Date": "1/5/2024", "Power Capacity (MW)": "150"},
        {**base, "Name": "D", "Status": "Planned", "First Operational Date": "1/5/2024",
         "Power Capacity (MW)": "999"},
        {**base, "Name": "E", "First Operational Date": "1/5/2024", "Power Capacity (MW)": ""},
    ])
    rows = ai_cluster_power.rebuild(tmp_path)
    assert [(r["year"], r["largest_cluster"], r["power_mw"], r["clusters"]) for r in rows] == [
        ("2023", "B", "90", "2"), ("2024", "C", "150", "1")]


def test_cluster_power_names_the_line_of_a_bad_date(tmp_path):
    write_csv(tmp_path / "gpu_clusters.csv", [
        {"Name": "A", "Status": "Existing", "Include in Standard Analysis": "TRUE",
         "Certainty": "Confirmed", "Country": "US", "First Operational Date": "2023-13",
         "Power Capacity (MW)": "40"}])
    with pytest.raises(SourceFormatError, match="line 2, column 'First Operational Date'"):
        ai_cluster_power.rebuild(tmp_path)
