"""Rebuild data/ai_campuses.csv from Epoch AI's Frontier Data Centers file.

Usage: python -m curation.ai_campuses EPOCH_DIR [--check] [--out FILE]

EPOCH_DIR holds ``data_centers.csv``, the export of Epoch AI's "Frontier Data Centers"
data (dc-epoch-frontier-data-centers in data/sources.csv, snapshot of December 2025).
Every campus is kept with its current power, H100-equivalents and capital cost as Epoch
estimates them; Epoch's owner field carries a certainty tag ("Meta #confident"), split
here into owner and certainty.
"""

from __future__ import annotations

import sys
from pathlib import Path

from curation.common import Curation, main, source_reader

SOURCE_ID = "dc-epoch-frontier-data-centers"
FILE = "data_centers.csv"
COLUMNS = {  # our column -> Epoch's column
    "current_power_mw": "Current power (MW)",
    "current_h100e": "Current H100 equivalents",
    "current_capital_cost_usd_bn": "Current total capital cost (2025 USD billions)",
}


def owner_and_certainty(field: str) -> tuple[str, str]:
    """'Meta #confident' -> ('Meta', 'confident'); an untagged or empty field keeps its text."""
    owner, _, tag = field.partition(" #")
    return owner.strip(), tag.strip()


def row_from_epoch(record: dict) -> dict:
    owner, certainty = owner_and_certainty(record["Owner"])
    return {"campus": record["Title"], "project": record["Handle"], "owner": owner,
            "owner_certainty": certainty,
            **{ours: record[theirs] for ours, theirs in COLUMNS.items()},
            "source_id": SOURCE_ID,
            "locator": f"Epoch {FILE} row '{record['Handle']}' (Owner, Current power (MW), "
                       "Current H100 equivalents, Current total capital cost)"}


def rebuild(epoch_dir: Path) -> list[dict]:
    needed = ["Handle", "Title", "Owner", *COLUMNS.values()]
    with source_reader(epoch_dir, FILE, needed) as reader:
        return sorted((row_from_epoch(r) for r in reader), key=lambda row: row["campus"])


CURATION = Curation(
    table="ai_campuses",
    key=("campus",),
    compared=("project", "owner", "owner_certainty", *COLUMNS, "source_id", "locator"),
    rebuild=rebuild,
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
