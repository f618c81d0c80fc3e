"""Rebuild NVIDIA's month-end share prices in data/valuation_series.csv from Yahoo Finance's
daily price history.

Usage: python -m curation.valuation_prices PRICES_DIR [--check] [--out FILE]

PRICES_DIR holds ``NVDA.csv``, Yahoo Finance's daily history of NVIDIA (columns Date,
Open, High, Low, Close, Adj Close, Volume) as copied into a public GitHub repository
(bt-yahoo-nvda in data/sources.csv). The curation choice is the close of the last trading
day of each complete month from January 1999 to June 2024 (the copy ends in early July
2024); Yahoo's Close is adjusted for stock splits, not for dividends. Cisco's month-end
closes (1995-2003) were read from another copy of Yahoo's history, hand-compiled and
counted, not compared.
"""

from __future__ import annotations

import sys
from pathlib import Path

from curation.common import Curation, SourceFormatError, main, source_reader

SOURCE_ID = "bt-yahoo-nvda"
FILE = "NVDA.csv"
SERIES = "NVIDIA share price"
FIRST_MONTH, LAST_MONTH = "1999-01", "2024-06"
NOTE = "close on the last trading day of the month, adjusted for stock splits, not dividends"


def month_end_closes(records: list[dict]) -> dict[str, dict]:
    """The record of the last trading day of each month (by its date), keyed by month."""
    last = {}
    for record in sorted(records, key=lambda r: r["Date"]):
        last[record["Date"][:7]] = record
    return last


def row_from_record(record: dict) -> dict:
    date = record["Date"]
    try:
        close = float(record["Close"])
    except ValueError:
        raise SourceFormatError(f"{FILE}: row '{date}' has no numeric Close") from None
    if close <= 0:
        raise SourceFormatError(f"{FILE}: row '{date}' has a Close of {close}")
    return {"series": SERIES, "date": date, "value": record["Close"], "unit": "USD a share",
            "source_id": SOURCE_ID, "locator": f"NVDA.csv, row '{date}', column 'Close'",
            "notes": NOTE}


def rebuild(prices_dir: Path) -> list[dict]:
    with source_reader(prices_dir, FILE, ("Date", "Close")) as reader:
        records = list(reader)
    months = month_end_closes(records)
    wanted = [m for m in sorted(months) if FIRST_MONTH <= m <= LAST_MONTH]
    expected = (int(LAST_MONTH[:4]) - int(FIRST_MONTH[:4])) * 12 + int(LAST_MONTH[5:]) \
        - int(FIRST_MONTH[5:]) + 1
    if len(wanted) != expected:
        raise SourceFormatError(f"{FILE}: expected {expected} months from {FIRST_MONTH} to "
                                f"{LAST_MONTH}, found {len(wanted)}")
    return [row_from_record(months[m]) for m in wanted]


CURATION = Curation(
    table="valuation_series",
    key=("series", "date"),
    compared=("value", "unit", "source_id", "locator", "notes"),
    rebuild=rebuild,
    checkable=lambda row: row["source_id"] == SOURCE_ID,
    unchecked_reason="the S&P 500 rows are checked by curation.valuation_series; NVIDIA's "
                     "year-end market values and Cisco's month-end closes are hand-compiled "
                     "with per-row source_id and locator, checked by python -m "
                     "analysis.catalogue",
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
