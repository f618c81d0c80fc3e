"""Build data/oews_national.csv from BLS OEWS national cross-industry files.

Usage: python -m curation.oews_national OEWS_DIR [--check] [--out FILE]

OEWS_DIR holds ``national_M<year>_dl.csv`` for the years in SOC_VERSION: the
sheet of ``national_M<year>_dl.xlsx`` in BLS's ``oesm<yy>nat.zip`` (URLs in the
bls-oews-* rows of data/sources.csv) saved as CSV. One row per year and
occupation the labor chapter uses: employment and its relative standard error,
mean wage and its relative standard error, median wage.

OEWS switched from SOC 2010 to SOC 2018 codes; radiologists have their own code
(29-1224) only in SOC 2018. In SOC 2010 files they sit inside 29-1069
"Physicians and surgeons, all other", which is kept as a separate row marked
``coverage = broader`` so that no analysis mixes it with 29-1224 by accident.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from curation.common import Curation, SourceFormatError, main

SOC_VERSION = {2015: "SOC 2010", 2021: "SOC 2018", 2023: "SOC 2018", 2024: "SOC 2018"}

# occupation -> (SOC code, coverage) in each SOC version. "broader" = the code
# contains other occupations as well.
SOC_2018_CODES = {
    "all occupations": ("00-0000", "exact"),
    "radiologists": ("29-1224", "exact"),
    "electricians": ("47-2111", "exact"),
    "plumbers, pipefitters and steamfitters": ("47-2152", "exact"),
    "construction laborers": ("47-2061", "exact"),
    "telecommunications line installers and repairers": ("49-9052", "exact"),
    "heavy and tractor-trailer truck drivers": ("53-3032", "exact"),
    "registered nurses": ("29-1141", "exact"),
    "accountants and auditors": ("13-2011", "exact"),
}
CODES = {
    "SOC 2018": SOC_2018_CODES,
    "SOC 2010": {**SOC_2018_CODES, "radiologists": ("29-1069", "broader")},
}
NOTES = {
    ("SOC 2010", "29-1069"): "SOC 2010 has no radiologist code: 29-1069 'Physicians and "
                             "surgeons, all other' includes radiologists and other specialties. "
                             "Not comparable with SOC 2018 29-1224 Radiologists.",
}
TOP_CODED_NOTE = ("A_MEDIAN is '#' in the file: BLS does not publish wages above its "
                  "top reporting value, so the median is only known to be above it.")

# file column -> table column
MEASURES = {
    "TOT_EMP": "employment",
    "EMP_PRSE": "emp_prse_pct",
    "A_MEAN": "a_mean_usd",
    "MEAN_PRSE": "mean_prse_pct",
    "A_MEDIAN": "a_median_usd",
}
NOT_AVAILABLE = {"*", "**", ""}


def parse_bls_value(text: str, file: str, line: int, column: str) -> tuple[str, bool]:
    """(number as text without thousands separators or '', top-coded?) of one cell.

    BLS writes '#' for a wage above its top reporting value and '*' or '**' where
    an estimate is not available.
    """
    value = text.strip()
    if value == "#":
        return "", True
    if value in NOT_AVAILABLE:
        return "", False
    plain = value.replace(",", "")
    if not re.fullmatch(r"\d+(\.\d+)?", plain):
        raise SourceFormatError(f"{file}, line {line}, column '{column}': "
                                f"{text!r} is not a BLS number, '#', '*' or '**'")
    return plain, False


def year_of(path: Path) -> int:
    match = re.fullmatch(r"national_M(\d{4})_dl", path.stem)
    if not match:
        raise SourceFormatError(f"{path.name}: not a national_M<year>_dl.csv file")
    year = int(match.group(1))
    if year not in SOC_VERSION:
        raise SourceFormatError(f"{path.name}: year {year} has no SOC version and codes in "
                                f"curation/oews_national.py (known: {sorted(SOC_VERSION)})")
    return year


def rows_from_file(path: Path) -> list[dict]:
    year = year_of(path)
    version = SOC_VERSION[year]
    wanted = {code: (occupation, coverage)
              for occupation, (code, coverage) in CODES[version].items()}
    found = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = ({"OCC_CODE", "OCC_TITLE"} | set(MEASURES)) - set(reader.fieldnames or [])
        if missing:
            raise SourceFormatError(f"{path.name}: missing column(s) {sorted(missing)}")
        for line, record in enumerate(reader, start=2):
            code = record["OCC_CODE"].strip()
            if code not in wanted:
                continue
            if code in found:
                raise SourceFormatError(f"{path.name}, line {line}: OCC_CODE {code} appears twice")
            found[code] = (line, record)
    absent = sorted(set(wanted) - set(found))
    if absent:
        raise SourceFormatError(f"{path.name}: OCC_CODE(s) {absent} not found")

    rows = []
    for code, (occupation, coverage) in wanted.items():
        line, record = found[code]
        row = {"year": str(year), "soc_version": version, "occ_code": code,
               "occ_title": record["OCC_TITLE"].strip(), "occupation": occupation,
               "coverage": coverage}
        notes = [NOTES[(version, code)]] if (version, code) in NOTES else []
        for column, field in MEASURES.items():
            row[field], top_coded = parse_bls_value(record[column], path.name, line, column)
            if top_coded and column != "A_MEDIAN":
                raise SourceFormatError(f"{path.name}, line {line}, column '{column}': "
                                        "'#' is only expected for wages")
            if column == "A_MEDIAN":
                row["a_median_topcoded"] = "true" if top_coded else "false"
                if top_coded:
                    notes.append(TOP_CODED_NOTE)
        row["source_id"] = f"bls-oews-{year}"
        row["locator"] = (f"national_M{year}_dl, row OCC_CODE {code} "
                          f"(columns {', '.join(MEASURES)})")
        row["notes"] = " ".join(notes)
        rows.append(row)
    return rows


def rebuild(oews_dir: Path) -> list[dict]:
    files = sorted(oews_dir.glob("national_M*_dl.csv"))
    if not files:
        raise SourceFormatError(f"{oews_dir}: no national_M<year>_dl.csv files")
    return [row for path in files for row in rows_from_file(path)]


CURATION = Curation(
    table="oews_national",
    key=("year", "occ_code"),
    compared=("soc_version", "occ_title", "occupation", "coverage", "employment",
              "emp_prse_pct", "a_mean_usd", "mean_prse_pct", "a_median_usd",
              "a_median_topcoded", "source_id", "locator", "notes"),
    rebuild=rebuild,
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
