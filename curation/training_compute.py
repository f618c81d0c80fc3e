"""Rebuild data/training_compute.csv from Epoch AI's notable AI models file.

Usage: python -m curation.training_compute EPOCH_DIR [--check] [--out FILE]

EPOCH_DIR holds ``notable_ai_models_2025-02-24.csv``, the export of Epoch AI's
"Notable AI Models" data (md-epoch-notable-models in data/sources.csv). Every model
with both a publication date and a training-compute estimate is kept; the curation
choices are the columns and the reading of "open weights" (any of Epoch's three
open-weights accessibility levels, whatever the licence).
"""

from __future__ import annotations

import sys
from pathlib import Path

from curation.common import Curation, main, source_reader

SOURCE_ID = "md-epoch-notable-models"
FILE = "notable_ai_models_2025-02-24.csv"
NEEDED = ("Model", "Organization", "Country (from Organization)", "Publication date", "Domain",
          "Training compute (FLOP)", "Model accessibility", "Confidence", "Frontier model")


def open_weights(accessibility: str) -> str:
    """'true' for Epoch's open-weights levels, 'false' for the others, empty if unknown."""
    if not accessibility:
        return ""
    return "true" if accessibility.startswith("Open weights") else "false"


def row_from_epoch(record: dict) -> dict:
    name = record["Model"]
    return {
        "model": name,
        "organisation": record["Organization"],
        "country": record["Country (from Organization)"],
        "publication_date": record["Publication date"],
        "domain": record["Domain"],
        "training_flop": record["Training compute (FLOP)"],
        "accessibility": record["Model accessibility"],
        "open_weights": open_weights(record["Model accessibility"]),
        "confidence": record["Confidence"],
        "epoch_frontier": "true" if record["Frontier model"] == "True" else "false",
        "source_id": SOURCE_ID,
        "locator": f"Epoch {FILE} row '{name}' (Training compute (FLOP), Publication date)",
    }


def rebuild(epoch_dir: Path) -> list[dict]:
    with source_reader(epoch_dir, FILE, NEEDED) as reader:
        records = [r for r in reader if r["Training compute (FLOP)"] and r["Publication date"]]
    rows = [row_from_epoch(r) for r in records]
    return sorted(rows, key=lambda row: (row["publication_date"], row["model"]))


CURATION = Curation(
    table="training_compute",
    key=("model",),
    compared=("organisation", "country", "publication_date", "domain", "training_flop",
              "accessibility", "open_weights", "confidence", "epoch_frontier", "source_id",
              "locator"),
    rebuild=rebuild,
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
