"""The data layer rejects broken input with a message naming file, line and column."""

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import catalogue
from analysis.catalogue import DataValidationError, load_table, nvidia_quarter_end, validate_all

REPO_DATA = Path(__file__).resolve().parent.parent / "data"
TABLE = "nvidia_revenue_by_market"
FILE = "nvidia_revenue_by_market.csv"


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(REPO_DATA, target)
    return target


def edit_line(path: Path, line_no: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` on one line (1-based, header = 1) of a text file."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line_no - 1], f"test setup: {old!r} not on line {line_no}"
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def cell(path: Path, line_no: int, column: str) -> str:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    return rows[line_no - 2][column]


def test_repository_data_is_valid():
    names = validate_all(REPO_DATA)
    assert {"sources", TABLE} <= set(names)


def test_loaded_table_has_declared_types():
    table = load_table(TABLE, REPO_DATA)
    assert str(table["quarter_end"].dtype).startswith("datetime64")
    assert table["revenue"].dtype == "float64"
    assert table["fiscal_year"].dtype == "int64"
    assert len(table) % 6 == 0  # five platforms plus the total, every quarter


# Each case: name -> (mutation of the copied data folder, fragments the message must contain)
def _revenue_on_line_3(data_dir):
    return cell(data_dir / FILE, 3, "revenue")


def set_revenue_on_line_3(data_dir, text):
    edit_line(data_dir / FILE, 3, f",{_revenue_on_line_3(data_dir)},", f",{text},")


CASES = {
    "missing column": (
        lambda d: (d / FILE).write_text(
            "\n".join(",".join(line.split(",")[:4] + line.split(",")[5:])
                      for line in (d / FILE).read_text().splitlines()) + "\n"),
        [FILE, "line 1", "column 'revenue'", "missing"]),
    "unexpected column": (
        lambda d: (d / FILE).write_text(
            "\n".join(line + (",extra" if i == 0 else ",1")
                      for i, line in enumerate((d / FILE).read_text().splitlines())) + "\n"),
        [FILE, "line 1", "column 'extra'", "not described"]),
    "text in a number column": (
        lambda d: set_revenue_on_line_3(d, "lots"),
        [FILE, "line 3", "column 'revenue'", "not a number"]),
    "thousands separator in a number": (
        lambda d: set_revenue_on_line_3(d, '"1,234"'),
        [FILE, "line 3", "column 'revenue'", "not a number"]),
    "negative revenue": (
        lambda d: set_revenue_on_line_3(d, "-5"),
        [FILE, "line 3", "column 'revenue'", "below the minimum 0"]),
    "empty required value": (
        lambda d: set_revenue_on_line_3(d, ""),
        [FILE, "line 3", "column 'revenue'", "required value is empty"]),
    "unit mismatch": (
        lambda d: edit_line(d / FILE, 3, "USD million", "USD billion"),
        [FILE, "line 3", "column 'unit'", "USD billion", "not one of the allowed values"]),
    "unknown market": (
        lambda d: edit_line(d / FILE, 3, cell(d / FILE, 3, "market"), "Crypto"),
        [FILE, "line 3", "column 'market'", "Crypto"]),
    "duplicate period": (
        lambda d: (d / FILE).write_text((d / FILE).read_text()
                                        + (d / FILE).read_text().splitlines()[1] + "\n"),
        [FILE, "duplicate primary key", "first on line 2"]),
    "unknown source id": (
        lambda d: edit_line(d / FILE, 3, cell(d / FILE, 3, "source_id"), "nvda-made-up"),
        [FILE, "line 3", "column 'source_id'", "'nvda-made-up' is not a known source_id"]),
    "impossible date": (
        lambda d: edit_line(d / FILE, 3, cell(d / FILE, 3, "quarter_end"), "2020-02-30"),
        [FILE, "line 3", "column 'quarter_end'", "not a real calendar date"]),
    "date in the wrong format": (
        lambda d: edit_line(d / FILE, 3, cell(d / FILE, 3, "quarter_end"), "26/07/2020"),
        [FILE, "line 3", "column 'quarter_end'", "YYYY-MM-DD"]),
    "quarter end off NVIDIA's calendar": (
        lambda d: edit_line(d / FILE, 3, cell(d / FILE, 3, "quarter_end"), "2016-08-01"),
        [FILE, "line 3", "column 'quarter_end'", "expected"]),
    "fiscal quarter out of range": (
        lambda d: edit_line(d / FILE, 3, "," + cell(d / FILE, 3, "fiscal_quarter") + ",", ",5,"),
        [FILE, "line 3", "column 'fiscal_quarter'", "above the maximum 4"]),
    "segments do not sum to total": (
        lambda d: set_revenue_on_line_3(d, f"{float(_revenue_on_line_3(d)) + 100:g}"),
        [FILE, "the components", "(line 3)", "sum to", "reported Total on line", "column 'revenue'"]),
    "ragged row": (
        lambda d: edit_line(d / FILE, 3, "USD million", "USD million,surplus"),
        [FILE, "line 3", "9 cells, the header has 8"]),
    "stray spaces": (
        lambda d: edit_line(d / FILE, 3, "USD million", " USD million"),
        [FILE, "line 3", "column 'unit'", "leading or trailing spaces"]),
    "empty file": (
        lambda d: (d / FILE).write_text(""),
        [FILE, "file is empty"]),
    "header only": (
        lambda d: (d / FILE).write_text((d / FILE).read_text().splitlines()[0] + "\n"),
        [FILE, "no data rows"]),
    "not UTF-8": (
        lambda d: (d / FILE).write_bytes((d / FILE).read_bytes().replace(b"Gaming", b"Gam\xe9ng", 1)),
        [FILE, "not valid UTF-8"]),
    "unterminated quote": (
        lambda d: (d / FILE).write_text((d / FILE).read_text() + '2030,1,2029-04-29,"Gaming\n'),
        [FILE, "malformed CSV"]),
    "file missing": (
        lambda d: (d / FILE).unlink(),
        [FILE, "file not found"]),
    "duplicate column name": (
        lambda d: edit_line(d / FILE, 1, "locator", "unit"),
        [FILE, "duplicate column name", "unit"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_input_is_rejected_with_location(case, data_dir):
    mutate, fragments = CASES[case]
    mutate(data_dir)
    with pytest.raises(DataValidationError) as info:
        load_table(TABLE, data_dir)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{case}: {fragment!r} not in {message!r}"
    assert info.value.problems, "the error carries its list of problems"


def test_sources_registry_rejects_bad_rows(data_dir):
    path = data_dir / "sources.csv"
    edit_line(path, 2, cell(path, 2, "url"), "ftp://nowhere")
    with pytest.raises(DataValidationError, match=r"sources.csv, line 2, column 'url'"):
        load_table("sources", data_dir)


def test_sources_registry_rejects_access_before_publication(data_dir):
    path = data_dir / "sources.csv"
    line = next(i for i in range(2, 100) if cell(path, i, "date_published"))
    edit_line(path, line, cell(path, line, "date_accessed"), "2025-01-02")
    edit_line(path, line, cell(path, line, "date_published"), "2025-06-01")
    with pytest.raises(DataValidationError, match=rf"line {line}, column 'date_accessed'"):
        load_table("sources", data_dir)


def test_duplicate_source_id_rejected(data_dir):
    path = data_dir / "sources.csv"
    path.write_text(path.read_text() + path.read_text().splitlines()[1] + "\n")
    with pytest.raises(DataValidationError, match="repeats line 2"):
        load_table("sources", data_dir)


@pytest.mark.parametrize("name", ["stray.csv", "STRAY.CSV", "prices.tsv", "Sources.csv",
                                  "revenue.xlsx", "notes.txt"])
def test_undescribed_file_is_flagged(data_dir, name):
    (data_dir / name).write_text("a,b\n1,2\n")
    with pytest.raises(DataValidationError, match=rf"{re.escape(name)}: file is not described"):
        validate_all(data_dir)


def test_unknown_table_name_lists_known_tables():
    with pytest.raises(KeyError, match="known: .*nvidia_revenue_by_market"):
        load_table("no_such_table", REPO_DATA)


def test_all_problems_are_reported_not_just_the_first(data_dir):
    path = data_dir / FILE
    edit_line(path, 3, "USD million", "USD billion")
    edit_line(path, 5, "USD million", "EUR million")
    with pytest.raises(DataValidationError) as info:
        load_table(TABLE, data_dir)
    assert [p.line for p in info.value.problems] == [3, 5]


@pytest.mark.parametrize("fy, q, expected", [
    (2021, 1, "2020-04-26"), (2021, 4, "2021-01-31"),  # 53-week year: Q4 has 14 weeks
    (2023, 1, "2022-05-01"), (2026, 3, "2025-10-26"), (2017, 2, "2016-07-31"),
])
def test_nvidia_fiscal_calendar(fy, q, expected):
    assert nvidia_quarter_end(fy, q).isoformat() == expected


def test_cli_reports_success(capsys):
    assert catalogue.main() == 0
    assert "tables valid" in capsys.readouterr().out


# --------------------------------------------------------------------------- issue 8 classes

def edit_rows(path: Path, change) -> None:
    """Rewrite a CSV through ``change(rows)`` (a list of dicts, edited in place or returned)."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    rows = change(rows) or rows
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def rows_of_quarter(rows, year, quarter):
    return [r for r in rows if (r["fiscal_year"], r["fiscal_quarter"]) == (str(year), str(quarter))]


def scale(row, column, factor):
    row[column] = f"{float(row[column]) * factor:.10g}"


def problems_of(table: str, data_dir: Path) -> str:
    with pytest.raises(DataValidationError) as info:
        load_table(table, data_dir)
    return str(info.value)


LATEST = (2026, 3)  # latest quarter of nvidia_revenue_by_market


def _whole_quarter(factor):
    def change(rows):
        for row in rows_of_quarter(rows, *LATEST):
            scale(row, "revenue", factor)
    return change


# Unit slips: (table, file, change, column the message must name)
UNIT_SLIPS = {
    "NVIDIA quarter typed in billions (still reconciles)":
        (TABLE, FILE, _whole_quarter(1e-3), "revenue"),
    "NVIDIA quarter typed in thousands (still reconciles)":
        (TABLE, FILE, _whole_quarter(1e3), "revenue"),
    "one Data Center quarter in billions in the split table":
        ("nvidia_datacenter_split", "nvidia_datacenter_split.csv",
         lambda rows: scale(rows[-2], "revenue", 1e-3), "revenue"),
    "ChatGPT users typed in millions":
        ("chatgpt_weekly_users", "chatgpt_weekly_users.csv",
         lambda rows: scale(rows[-1], "weekly_active_users", 1e-6), "weekly_active_users"),
    "ChatGPT users typed in thousands (a jump)":
        ("chatgpt_weekly_users", "chatgpt_weekly_users.csv",
         lambda rows: scale(rows[6], "weekly_active_users", 1e-3), "weekly_active_users"),
    "TDP in kW":
        ("gpu_specs", "gpu_specs.csv", lambda rows: scale(rows[3], "tdp_w", 1e-3), "tdp_w"),
    "memory bandwidth in GB/s":
        ("gpu_specs", "gpu_specs.csv",
         lambda rows: scale(rows[2], "memory_bandwidth_tbps", 1e3), "memory_bandwidth_tbps"),
    "FP8 throughput in PFLOP/s":
        ("gpu_specs", "gpu_specs.csv",
         lambda rows: scale(rows[5], "fp8_dense_tflops", 1e-3), "fp8_dense_tflops"),
    "price per thousand tokens in a per-million column":
        ("llm_prices", "llm_prices.csv",
         lambda rows: scale(next(r for r in rows if float(r["price_blended_usd_per_mtok"]) < 5),
                            "price_blended_usd_per_mtok", 1e-3),
         "price_blended_usd_per_mtok"),
    "re-priced model typed per thousand tokens (a jump)":
        ("llm_prices", "llm_prices.csv",
         lambda rows: scale(rows[0], "price_blended_usd_per_mtok", 1e-3),
         "price_blended_usd_per_mtok"),
    "input price of a dear model typed per thousand tokens":
        ("llm_prices", "llm_prices.csv",
         lambda rows: scale(next(r for r in rows if float(r["price_input_usd_per_mtok"] or 0) > 10),
                            "price_input_usd_per_mtok", 1e-3),
         "price_blended_usd_per_mtok"),
    "benchmark percentage stored as a fraction":
        ("llm_prices", "llm_prices.csv", lambda rows: scale(rows[0], "mmlu", 1e-2), "mmlu"),
    "token count typed in billions":
        ("token_volumes", "token_volumes.csv", lambda rows: scale(rows[0], "value", 1e-9), "value"),
    "transistor count typed in billions":
        ("transistor_counts", "transistor_counts.csv",
         lambda rows: scale(rows[-1], "transistors", 1e-9), "transistors"),
    "a share of capex stored as a fraction":
        ("ai_factory_statements", "ai_factory_statements.csv",
         lambda rows: [scale(r, c, 1e-2) for r in rows if r["unit"] == "percent"
                       for c in ("value_low", "value_high")][:0], "value_low"),
    "GPUs per GW typed in millions":
        ("ai_factory_statements", "ai_factory_statements.csv",
         lambda rows: [scale(r, c, 1e-6) for r in rows if r["unit"] == "GPUs per GW"
                       for c in ("value_low", "value_high")][:0], "value_low"),
}


@pytest.mark.parametrize("case", sorted(UNIT_SLIPS))
def test_unit_slips_are_caught_by_bounds_or_continuity(case, data_dir):
    table, file, change, column = UNIT_SLIPS[case]
    edit_rows(data_dir / file, change)
    message = problems_of(table, data_dir)
    assert file in message and f"column '{column}'" in message, message
    assert "e+" not in message and "e-0" not in message, f"numbers a reader can read: {message}"


def test_every_numeric_field_states_its_plausible_range():
    for res in catalogue.read_catalogue(REPO_DATA)["resources"]:
        for field in res["schema"]["fields"]:
            if field["type"] in ("number", "integer"):
                assert {"minimum", "maximum"} <= set(field["constraints"]), field["name"]


def test_a_jump_explained_in_the_notes_is_accepted(data_dir):
    path = data_dir / "chatgpt_weekly_users.csv"
    def jump(rows):
        scale(rows[-1], "weekly_active_users", 4)
    edit_rows(path, jump)
    assert "beyond the 3x allowed" in problems_of("chatgpt_weekly_users", data_dir)
    edit_rows(path, lambda rows: rows[-1].update(notes="jump: a real fourfold rise, per source"))
    assert len(load_table("chatgpt_weekly_users", data_dir)) > 0


def test_a_jump_in_the_series_names_both_rows(data_dir):
    edit_rows(data_dir / FILE, lambda rows: scale(rows_of_quarter(rows, *LATEST)[0], "revenue", 5))
    message = problems_of(TABLE, data_dir)
    assert re.search(r"line 212, column 'revenue': Data Center revenue 256,075 is \d+x away from "
                     r"[\d,]+ on line 206, beyond the 4x allowed", message), message


# The future: nothing observed may be dated after the build date.
def _future_quarter(rows):
    year = dt.date.today().year + 3
    end = nvidia_quarter_end(year, 1).isoformat()
    added = [dict(r, fiscal_year=str(year), fiscal_quarter="1", quarter_end=end)
             for r in rows_of_quarter(rows, *LATEST)]
    return rows + added


def _tomorrow():
    return (dt.date.today() + dt.timedelta(days=1)).isoformat()


FUTURE = {
    "complete, reconciling quarter years ahead": (TABLE, FILE, _future_quarter, "quarter_end"),
    "source accessed tomorrow": ("sources", "sources.csv",
                                 lambda rows: rows[0].update(date_accessed=_tomorrow()),
                                 "date_accessed"),
    "source published tomorrow": ("sources", "sources.csv",
                                  lambda rows: rows[0].update(date_published=_tomorrow(),
                                                              date_accessed=_tomorrow()),
                                  "date_published"),
    "token count observed tomorrow": ("token_volumes", "token_volumes.csv",
                                      lambda rows: rows[0].update(date=_tomorrow()), "date"),
    "price observed next year": ("llm_prices", "llm_prices.csv",
                                 lambda rows: rows[-1].update(
                                     release_date=f"{dt.date.today().year + 1}-01-01"),
                                 "release_date"),
    "chip introduced next year": ("transistor_counts", "transistor_counts.csv",
                                  lambda rows: rows[-1].update(
                                      year=str(dt.date.today().year + 1.5)), "year"),
}


@pytest.mark.parametrize("case", sorted(FUTURE))
def test_nothing_is_dated_after_the_build_date(case, data_dir):
    table, file, change, column = FUTURE[case]
    edit_rows(data_dir / file, change)
    message = problems_of(table, data_dir)
    assert f"column '{column}'" in message, message
    assert "after the build date" in message or "above the maximum" in message, message


@pytest.mark.parametrize("text", ["1e999", "-1e999", "inf", "nan", "Infinity"])
@pytest.mark.parametrize("table, file, column", [
    (TABLE, FILE, "revenue"), ("gpu_specs", "gpu_specs.csv", "tdp_w")])
def test_non_finite_numbers_are_rejected(data_dir, text, table, file, column):
    edit_rows(data_dir / file, lambda rows: rows[1].update({column: text}))
    message = problems_of(table, data_dir)
    assert f"line 3, column '{column}'" in message
    assert "finite" in message or "not a number" in message


# The catalogue itself: a misspelt or unknown key is an error, not silently ignored.
CATALOGUE_MISTAKES = {
    "misspelt constraint": ("required: true, minimum: 0, maximum: 500000",
                            "required: true, minimun: 0, maximum: 500000", "'minimun' was unexpected"),
    "misspelt field key": ("{name: quarter_end, type: date, description:",
                           "{name: quarter_end, type: date, descripton:", "'descripton' was unexpected"),
    "unknown type": ("{name: quarter_end, type: date,", "{name: quarter_end, type: datetime,",
                     "'datetime' is not one of"),
    "bounds missing": ("required: true, minimum: 0, maximum: 500000",
                       "required: true, minimum: 0", "'maximum' is a required property"),
    "unit missing on a number": ("{name: revenue, type: number, unit: USD million,",
                                 "{name: revenue, type: number,", "'unit' is a required property"),
    "unit column without allowed values": ("{required: true, enum: [USD million]}",
                                           "{required: true}", "'enum' is a required property"),
    "no primary key": ("      primaryKey: [fiscal_year, fiscal_quarter, market]\n",
                       "", "'primaryKey' is a required property"),
    "misspelt resource key": ("    path: nvidia_revenue_by_market.csv",
                              "    pathh: nvidia_revenue_by_market.csv", "'pathh' was unexpected"),
    "unknown check": ("- check: nvidia_fiscal_calendar", "- check: nvidia_fiscal_calender",
                      "unknown check 'nvidia_fiscal_calender'"),
    "misspelt check argument": ("total: Total, tolerance: 2}", "total: Total, tolerence: 2}",
                                "unknown argument(s) ['tolerence']"),
    "foreign key to an unknown table": ("reference: {resource: sources, fields: [source_id]}",
                                        "reference: {resource: source, fields: [source_id]}",
                                        "refers to unknown resource 'source'"),
    "primary key names no field": ("primaryKey: [fiscal_year, fiscal_quarter, market]",
                                   "primaryKey: [fiscal_year, fiscal_quarter, markt]",
                                   "key field 'markt' is not a field"),
}


@pytest.mark.parametrize("case", sorted(CATALOGUE_MISTAKES))
def test_catalogue_is_validated_against_its_schema(case, data_dir):
    old, new, fragment = CATALOGUE_MISTAKES[case]
    path = data_dir / "datapackage.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in the catalogue"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_table(TABLE, data_dir)
    assert fragment in str(info.value) and "datapackage.yaml" in str(info.value), str(info.value)


# Checks across quarters and tables.
def test_quarter_missing_from_the_middle_is_reported(data_dir):
    edit_rows(data_dir / FILE, lambda rows: [r for r in rows
                                             if (r["fiscal_year"], r["fiscal_quarter"]) != ("2022", "3")])
    message = problems_of(TABLE, data_dir)
    assert "1 quarter(s) missing between Q2 FY2022" in message and "Q4 FY2022" in message


def test_a_known_gap_in_one_series_does_not_excuse_another(data_dir):
    path = data_dir / "nvidia_datacenter_split.csv"
    edit_rows(path, lambda rows: [r for r in rows if (r["fiscal_year"], r["fiscal_quarter"],
                                                      r["component"]) != ("2025", "4", "Compute")])
    message = problems_of("nvidia_datacenter_split", data_dir)
    assert "Compute: 1 quarter(s) missing between Q3 FY2025" in message, message


@pytest.mark.parametrize("table, file, quarter", [
    (TABLE, FILE, LATEST), (TABLE, FILE, (2021, 2)),
    ("nvidia_datacenter_split", "nvidia_datacenter_split.csv", (2026, 2))])
def test_quarter_shifted_by_a_fiscal_year_with_matching_date_is_caught(data_dir, table, file,
                                                                        quarter):
    def shift(rows):
        for row in rows_of_quarter(rows, *quarter):
            year = int(row["fiscal_year"]) + 1 if quarter == LATEST else int(row["fiscal_year"]) - 1
            row.update(fiscal_year=str(year),
                       quarter_end=nvidia_quarter_end(year, quarter[1]).isoformat())
    edit_rows(data_dir / file, shift)
    message = problems_of(table, data_dir)
    assert "missing between" in message or "Data Center" in message, message


def test_datacenter_split_is_reconciled_with_datacenter_revenue(data_dir):
    path = data_dir / "nvidia_datacenter_split.csv"
    edit_rows(path, lambda rows: scale(rows_of_quarter(rows, *LATEST)[0], "revenue", 1.02))
    message = problems_of("nvidia_datacenter_split", data_dir)
    assert "Compute 43,888.56 (line 9) + Networking 8,187 (line 10) sum to 52,075.56" in message
    assert "nvidia_revenue_by_market line 212 gives Data Center 51,215" in message


def test_datacenter_revenue_edited_in_the_market_table_breaks_the_split(data_dir):
    def raise_dc_and_total(rows):
        for row in rows_of_quarter(rows, *LATEST):
            if row["market"] in ("Data Center", "Total"):
                scale(row, "revenue", 1)
                row["revenue"] = str(int(row["revenue"]) + 900)
    edit_rows(data_dir / FILE, raise_dc_and_total)
    load_table(TABLE, data_dir)  # the market table alone still reconciles
    with pytest.raises(DataValidationError, match="nvidia_datacenter_split.csv.*Data Center 52,115"):
        validate_all(data_dir)


# Every table has a key: a duplicated row is an error, not counted twice.
TABLES = [res["name"] for res in catalogue.read_catalogue(REPO_DATA)["resources"]]


@pytest.mark.parametrize("table", TABLES)
def test_a_duplicated_row_is_rejected_in_every_table(data_dir, table):
    path = data_dir / catalogue.resource(table, catalogue.read_catalogue(data_dir))["path"]
    edit_rows(path, lambda rows: rows + [rows[0]])
    message = problems_of(table, data_dir)
    assert "duplicate primary key" in message or "repeats line 2" in message, message


def test_misspelt_unit_in_statements_is_rejected(data_dir):
    path = data_dir / "ai_factory_statements.csv"
    edit_rows(path, lambda rows: rows[0].update(unit="USD bilion per GW"))
    message = problems_of("ai_factory_statements", data_dir)
    assert "line 2, column 'unit'" in message and "not one of the allowed values" in message


# Messages.
def test_stray_quote_is_reported_with_its_line(data_dir):
    edit_line(data_dir / FILE, 40, ",USD million,", ',"USD million,')
    message = problems_of(TABLE, data_dir)
    assert f"{FILE}, line 40: malformed CSV" in message, message


def test_line_numbers_stay_right_after_a_multi_line_cell(data_dir):
    path = data_dir / FILE
    edit_line(path, 3, "row 'Gaming'", "row\n'Gaming'")  # a legal line break in a quoted cell
    edit_line(path, 10, "USD million", "USD billion")  # the row on editor line 10
    assert "nvidia_revenue_by_market.csv, line 10, column 'unit'" in problems_of(TABLE, data_dir)
    edit_line(path, 30, ",USD million,", ',"USD million,')
    assert f"{FILE}, line 30: malformed CSV" in problems_of(TABLE, data_dir)


@pytest.mark.parametrize("table, first, second", [
    (TABLE, "revenue", "unit"), (TABLE, "market", "locator"),
    (TABLE, "fiscal_year", "fiscal_quarter"), (TABLE, "source_id", "locator"),
    ("ai_factory_statements", "value_low", "value_high")])
def test_swapped_header_labels_are_reported_once(data_dir, table, first, second):
    path = data_dir / catalogue.resource(table, catalogue.read_catalogue(data_dir))["path"]
    header = path.read_text().splitlines()[0]
    swapped = [second if c == first else first if c == second else c for c in header.split(",")]
    edit_line(path, 1, header, ",".join(swapped))
    with pytest.raises(DataValidationError) as info:
        load_table(table, data_dir)
    assert len(info.value.problems) == 1
    assert f"look swapped: '{second}' where the catalogue has '{first}'" in str(info.value)


def test_one_trailing_blank_line_is_accepted(data_dir):
    path = data_dir / FILE
    path.write_text(path.read_text() + "\n")
    assert len(load_table(TABLE, data_dir)) == len(load_table(TABLE, REPO_DATA))


def test_a_blank_line_inside_the_data_is_rejected(data_dir):
    edit_line(data_dir / FILE, 5, "\n", "\n\n")
    assert f"{FILE}, line 6: is blank" in problems_of(TABLE, data_dir)


def test_the_package_refuses_to_serve_another_book(tmp_path):
    """In a build's notebook kernel, importing another checkout's package is an error."""
    env = {**os.environ, catalogue.BOOK_ROOT_ENV: str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", "import analysis.catalogue"], env=env,
                            cwd=REPO_DATA.parent, capture_output=True, text=True)
    assert result.returncode != 0
    assert f"the book at {tmp_path.resolve()} is being built with the 'analysis' package and " \
           f"data of {REPO_DATA.parent}" in result.stderr


def test_a_table_validated_once_is_checked_again_when_a_table_it_depends_on_changes(data_dir):
    # Validation results are reused within a process; the split is reconciled with the
    # market table (a check's ``others``), so a change there must reach it.
    split = load_table("nvidia_datacenter_split", data_dir)
    split.loc[:, "revenue"] = 0.0  # a caller's change never reaches the reused table
    assert load_table("nvidia_datacenter_split", data_dir)["revenue"].gt(0).all()

    def raise_dc_and_total(rows):
        for row in rows_of_quarter(rows, *LATEST):
            if row["market"] in ("Data Center", "Total"):
                row["revenue"] = str(int(row["revenue"]) + 900)
    edit_rows(data_dir / FILE, raise_dc_and_total)
    assert "Data Center 52,115" in problems_of("nvidia_datacenter_split", data_dir)


def test_a_table_validated_once_is_checked_again_when_its_sources_change(data_dir):
    load_table("hyperscaler_capex", data_dir)
    used = load_table("hyperscaler_capex", data_dir)["source_id"].iloc[0]
    edit_rows(data_dir / "sources.csv", lambda rows: [r for r in rows if r["source_id"] != used])
    assert used in problems_of("hyperscaler_capex", data_dir)
