"""Rebuild the Epoch AI rows of data/llm_prices.csv from Epoch's CSV exports.

Usage: python -m curation.llm_prices EPOCH_DIR [--check] [--out FILE]

EPOCH_DIR holds the two input files of Epoch AI's analysis "LLM inference prices
have fallen rapidly but unequally across tasks" (data/ folder of the
epoch-research/llm-benchmark-efficiency repository; see the px-epoch-aa-data and
px-epoch-own-price-data rows of data/sources.csv). Each file row becomes one table
row: Epoch's model name and date, the blended price and four benchmark scores.
Developer, open weights, separate input/output prices and notes are not in these
files: they were added by hand with their own sources, so they are not compared.
Rows after Epoch's data (developers' price pages, trackers, model cards) are
hand-compiled and counted, not compared. The ``reasoning`` and ``promotional``
flags are not in Epoch's files either: each was read from the row's own source
(its notes say "reasoning model", "thinking" or give a promotion's end date) and
is left empty where the source does not state the mode.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from curation.common import Curation, SourceFormatError, main

# Epoch input file -> source_id in data/sources.csv
EPOCH_FILES = {
    "aa_data_with_math5.csv": "px-epoch-aa-data",
    "epoch_ai_price_data_not_in_aa_with_benchmarks.csv": "px-epoch-own-price-data",
}
# Epoch column -> table column
COLUMNS = {
    "Model Name": "model",
    "Release Date": "release_date",
    "USD per 1M Tokens": "price_blended_usd_per_mtok",
    "MMLU": "mmlu",
    "GPQA Diamond": "gpqa_diamond",
    "MATH-500": "math_500",
    "HumanEval": "humaneval",
}


def rows_from_epoch_file(path: Path, source: str) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise SourceFormatError(f"{path.name}: missing column(s) {sorted(missing)}")
        rows = []
        for number, record in enumerate(reader, start=1):
            row = {ours: record[theirs].strip() for theirs, ours in COLUMNS.items()}
            row["source_id"] = source
            row["locator"] = f"{path.name} data row {number} (file line {number + 1})"
            rows.append(row)
    return rows


def rebuild(epoch_dir: Path) -> list[dict]:
    rows = []
    for name, source in EPOCH_FILES.items():
        path = epoch_dir / name
        if not path.is_file():
            raise SourceFormatError(f"{epoch_dir}: {name} not found")
        rows += rows_from_epoch_file(path, source)
    return rows


CURATION = Curation(
    table="llm_prices",
    key=("model", "release_date"),
    compared=("price_blended_usd_per_mtok", "mmlu", "gpqa_diamond", "math_500", "humaneval",
              "source_id", "locator"),
    rebuild=rebuild,
    checkable=lambda row: row["source_id"] in EPOCH_FILES.values(),
    unchecked_reason="these rows come from developers' pricing pages, price trackers, model "
                     "cards and Epoch's 'API prices - full view' file (not among these "
                     "originals); hand-compiled with per-row source_id and locator, checked by "
                     "python -m analysis.catalogue",
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
