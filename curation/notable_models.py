"""Rebuild data/notable_models.csv from Epoch AI's Notable AI Models export.

Usage: python -m curation.notable_models EPOCH_DIR [--check] [--out FILE]

EPOCH_DIR holds ``notable_ai_models_2025-02-24.csv`` (md-epoch-notable-models in
data/sources.csv). Every model of the export is kept, with or without a training-compute
estimate, so the five-layers chapter (models with an estimate) and the China chapter
(US and Chinese models) filter one table. The curation choices are the columns and the
reading of "open weights" (any of Epoch's three open-weights accessibility levels,
whatever the licence). Rows published after the snapshot were added by hand from Epoch's
later pages, each with its own source; they carry the vintage ``later`` and are counted,
not checked, by ``--check``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from curation.common import Curation, main, source_reader

SOURCE_ID = "md-epoch-notable-models"
FILE = "notable_ai_models_2025-02-24.csv"
SNAPSHOT = "snapshot"
NEEDED = ("Model", "Organization", "Country (from Organization)", "Publication date", "Domain",
          "Training compute (FLOP)", "Model accessibility", "Confidence", "Notability criteria",
          "Frontier model")


def open_weights(accessibility: str) -> str:
    """'true' for Epoch's open-weights levels, 'false' for the others, empty if unknown."""
    if not accessibility:
        return ""
    return "true" if accessibility.startswith("Open weights") else "false"


def row_from_epoch(record: dict, line: int) -> dict:
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
        "notability": record["Notability criteria"],
        "epoch_frontier": "true" if record["Frontier model"] == "True" else "false",
        "vintage": SNAPSHOT,
        "source_id": SOURCE_ID,
        "locator": f"{FILE} line {line} (Model '{name}')",
    }


def rebuild(epoch_dir: Path) -> list[dict]:
    with source_reader(epoch_dir, FILE, NEEDED) as reader:
        # line_num is the editor line where the record ends (quoted cells span lines)
        rows = [row_from_epoch(r, reader.line_num) for r in reader if r["Publication date"]]
    return sorted(rows, key=lambda row: (row["publication_date"], row["model"]))


CURATION = Curation(
    table="notable_models",
    key=("model",),
    compared=("organisation", "country", "publication_date", "domain", "training_flop",
              "accessibility", "open_weights", "confidence", "notability", "epoch_frontier",
              "vintage", "source_id", "locator"),
    rebuild=rebuild,
    checkable=lambda row: row["vintage"] == SNAPSHOT,
    unchecked_reason="models published after the snapshot, added from Epoch's later pages",
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
