"""The data layer rejects broken input with a message naming file, line and column."""

import shutil
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
    import csv
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
        [FILE, "components sum to", "reported Total", "column 'revenue'"]),
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


def test_undescribed_csv_is_flagged(data_dir):
    (data_dir / "stray.csv").write_text("a,b\n1,2\n")
    with pytest.raises(DataValidationError, match="stray.csv: CSV file is not described"):
        validate_all(data_dir)


def test_catalogue_requires_units_and_descriptions(data_dir):
    path = data_dir / "datapackage.yaml"
    path.write_text(path.read_text().replace("unit: USD million, description: Revenue in the quarter",
                                             "description: Revenue in the quarter", 1))
    with pytest.raises(DataValidationError, match="numeric field 'revenue' lacks a unit"):
        load_table(TABLE, data_dir)


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
