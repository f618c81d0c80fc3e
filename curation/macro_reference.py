"""Rebuild the World Bank rows of data/macro_reference.csv from the World Development
Indicators GDP file.

Usage: python -m curation.macro_reference WDI_DIR [--check] [--out FILE]

WDI_DIR holds ``gdp.csv``, DataHub's tidy copy of World Bank indicator NY.GDP.MKTP.CD
(bt-datahub-wb-gdp in data/sources.csv). The curation choice is the world and the
United States from 2000 on, in USD trillion rounded to three decimals. The other rows
(IMF projections, the labour and R&D shares) are read from secondary reproductions,
hand-compiled and counted, not compared.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from curation.common import Curation, SourceFormatError, main

SOURCE_ID = "bt-datahub-wb-gdp"
FILE = "gdp.csv"
QUANTITY = "GDP at current prices (World Bank WDI)"
AREAS = ("World", "United States")
FIRST_YEAR = 2000


def row_from_record(record: dict) -> dict:
    area, year = record["Country Name"], record["Year"]
    try:
        trillions = round(float(record["Value"]) / 1e12, 3)
    except ValueError:
        raise SourceFormatError(f"{FILE}: row '{area}, {year}' has no numeric Value") from None
    return {"quantity": QUANTITY, "area": area, "year": year, "value": str(trillions),
            "unit": "USD trillion", "status": "estimate", "source_id": SOURCE_ID,
            "locator": f"data/gdp.csv, row '{area}, {year}', column 'Value' "
                       "(US dollars, divided by one trillion)",
            "notes": "World Bank indicator NY.GDP.MKTP.CD as tidied by DataHub"}


def rebuild(wdi_dir: Path) -> list[dict]:
    path = wdi_dir / FILE
    if not path.is_file():
        raise SourceFormatError(f"{wdi_dir}: {FILE} not found")
    with path.open(encoding="utf-8", newline="") as handle:
        records = [r for r in csv.DictReader(handle)
                   if r["Country Name"] in AREAS and int(r["Year"]) >= FIRST_YEAR]
    missing = set(AREAS) - {r["Country Name"] for r in records}
    if missing:
        raise SourceFormatError(f"{FILE}: no rows for {sorted(missing)} from {FIRST_YEAR}")
    return [row_from_record(r) for r in records]


CURATION = Curation(
    table="macro_reference",
    key=("quantity", "area", "year"),
    compared=("value", "unit", "status", "source_id", "locator", "notes"),
    rebuild=rebuild,
    checkable=lambda row: row["source_id"] == SOURCE_ID,
    unchecked_reason="IMF, World Bank (single-year), ILO and UNESCO figures read from "
                     "secondary reproductions, hand-compiled with per-row source_id and "
                     "locator, checked by python -m analysis.catalogue",
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
