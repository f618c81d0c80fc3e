"""Rebuild the S&P 500 rows of data/valuation_series.csv from Robert Shiller's monthly data.

Usage: python -m curation.valuation_series SHILLER_DIR [--check] [--out FILE]

SHILLER_DIR holds ``data.csv``, DataHub's tidy copy of Shiller's monthly S&P 500 data
(bt-shiller-sp500 in data/sources.csv). The curation choice is the window, January 1985
to December 2005, around the dot-com run-up the explosiveness test is calibrated on;
price and dividends are copied as published. NVIDIA's year-end market values are read
from a web table, hand-compiled and counted, not compared.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from curation.common import Curation, SourceFormatError, main

SOURCE_ID = "bt-shiller-sp500"
FILE = "data.csv"
FIRST, LAST = "1985-01-01", "2005-12-01"
# column of the file -> (series, unit, note) in the table
SERIES = {
    "SP500": ("S&P 500 composite price", "index points", "monthly average of daily closes"),
    "Dividend": ("S&P 500 dividends", "index points a year",
                 "four-quarter total, interpolated to months by Shiller"),
}


def rows_from_record(record: dict) -> list[dict]:
    date = record["Date"]
    rows = []
    for column, (series, unit, note) in SERIES.items():
        if not record.get(column):
            raise SourceFormatError(f"{FILE}: row '{date}' lacks its {column} value")
        rows.append({"series": series, "date": date, "value": record[column], "unit": unit,
                     "source_id": SOURCE_ID,
                     "locator": f"data/data.csv, row '{date}', column '{column}'",
                     "notes": note})
    return rows


def rebuild(shiller_dir: Path) -> list[dict]:
    path = shiller_dir / FILE
    if not path.is_file():
        raise SourceFormatError(f"{shiller_dir}: {FILE} not found")
    with path.open(encoding="utf-8", newline="") as handle:
        records = [r for r in csv.DictReader(handle) if FIRST <= r["Date"] <= LAST]
    if len(records) != 252:
        raise SourceFormatError(f"{FILE}: expected 252 months from {FIRST} to {LAST}, "
                                f"found {len(records)}")
    return [row for record in records for row in rows_from_record(record)]


CURATION = Curation(
    table="valuation_series",
    key=("series", "date"),
    compared=("value", "unit", "source_id", "locator", "notes"),
    rebuild=rebuild,
    checkable=lambda row: row["source_id"] == SOURCE_ID,
    unchecked_reason="NVIDIA's year-end market values are read from Stock Analysis's web "
                     "table, hand-compiled with per-row source_id and locator, checked by "
                     "python -m analysis.catalogue",
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
