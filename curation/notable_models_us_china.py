"""Rebuild data/notable_models_us_china.csv from Epoch AI's Notable AI Models export.

Usage: python -m curation.notable_models_us_china EPOCH_DIR [--check] [--out FILE]

EPOCH_DIR holds ``notable_ai_models_2025-02-24.csv`` (cn-epoch-notable-models in
data/sources.csv). The curation choice: models published from 2012 whose
organisations are all in the United States or all in China (joint US–China models
are left out, so each row counts for one country); training compute is kept where
Epoch gives it, with Epoch's confidence label.
"""

from __future__ import annotations

import sys
from pathlib import Path

from curation.common import Curation, main, source_reader

SOURCE_ID = "cn-epoch-notable-models"
FILE = "notable_ai_models_2025-02-24.csv"
COUNTRIES = {"United States of America": "United States", "China": "China"}
FIRST_YEAR = 2012
NEEDED = ("Model", "Organization", "Country (from Organization)", "Publication date",
          "Training compute (FLOP)", "Confidence")


def single_country(field: str) -> str | None:
    """The country of a model whose organisations all sit in one of COUNTRIES."""
    countries = {part.strip() for part in field.split(",") if part.strip()}
    if len(countries) != 1:
        return None
    return COUNTRIES.get(countries.pop())


def row_from_epoch(record: dict, line: int) -> dict | None:
    country = single_country(record["Country (from Organization)"])
    date = record["Publication date"]
    if country is None or not date or int(date[:4]) < FIRST_YEAR:
        return None
    compute = record["Training compute (FLOP)"]
    return {
        "model": record["Model"],
        "organization": record["Organization"],
        "country": country,
        "publication_date": date,
        "training_compute_flop": f"{float(compute):.6g}" if compute else "",
        "confidence": record["Confidence"],
        "source_id": SOURCE_ID,
        "locator": f"{FILE} line {line} (Model '{record['Model']}')",
    }


def rebuild(epoch_dir: Path) -> list[dict]:
    with source_reader(epoch_dir, FILE, NEEDED) as reader:
        rows = []
        for record in reader:
            # line_num is the editor line where the record ends (quoted cells span lines)
            row = row_from_epoch(record, reader.line_num)
            if row is not None:
                rows.append(row)
    return sorted(rows, key=lambda row: (row["publication_date"], row["model"]))


CURATION = Curation(
    table="notable_models_us_china",
    key=("model",),
    compared=("organization", "country", "publication_date", "training_compute_flop",
              "confidence", "source_id", "locator"),
    rebuild=rebuild,
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
