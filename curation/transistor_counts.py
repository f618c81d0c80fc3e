"""Rebuild the Epoch AI rows of data/transistor_counts.csv from Epoch's ML hardware file.

Usage: python -m curation.transistor_counts EPOCH_DIR [--check] [--out FILE]

EPOCH_DIR holds ``ml_hardware.csv``, the export of Epoch AI's "Machine Learning
Hardware" data (hw-epoch-ml-hardware in data/sources.csv). FLAGSHIPS is the
curation choice: one flagship data-centre or compute GPU per generation, with the
chip name used in the table and how it is built (one die or several in a package).
Year, transistor count, designer and the die/process note come from the file. The table's other rows (Karl Rupp's digitised trend data,
Wikipedia's list, Intel, Rubin reports) are hand-compiled and counted, not compared.
"""

from __future__ import annotations

import sys
from pathlib import Path

from curation.common import Curation, SourceFormatError, main, source_reader

SOURCE_ID = "hw-epoch-ml-hardware"
FILE = "ml_hardware.csv"
NEEDED = ("Hardware name", "Release date", "Transistors (millions)", "Manufacturer",
          "Die Size (mm^2)", "Process size (nm)")

MONOLITHIC = "monolithic die"
MULTI_DIE = "multi-die package"
# Epoch gives one die area for these NVIDIA GPUs' whole count, and every area is below
# the reticle limit (about 858 mm²), so the count is one die's.
ONE_DIE = "Epoch gives one die area for the whole count, within the reticle limit of about 858 mm²"
# Epoch's die area for these is per die, not per package, so it cannot show the structure.
CURATED_MULTI_DIE = ("the chip's multi-die design is the curator's identification; Epoch's die "
                     "area is per die and no stored source states the die count")

# Epoch hardware name -> (chip name in the table, construction, basis of the construction)
FLAGSHIPS = {
    "NVIDIA GeForce GTX 280": ("GT200 (GeForce GTX 280)", MONOLITHIC, ONE_DIE),
    "NVIDIA GeForce GTX 580": ("GF110 (GeForce GTX 580)", MONOLITHIC, ONE_DIE),
    "NVIDIA Tesla K20X": ("GK110 (Tesla K20X)", MONOLITHIC, ONE_DIE),
    "NVIDIA M40": ("GM200 (Tesla M40)", MONOLITHIC, ONE_DIE),
    "NVIDIA Tesla P100 SXM2": ("GP100 (Tesla P100)", MONOLITHIC, ONE_DIE),
    "NVIDIA V100": ("GV100 (Tesla V100)", MONOLITHIC, ONE_DIE),
    "NVIDIA A100 SXM4 40 GB": ("GA100 (A100)", MONOLITHIC, ONE_DIE),
    "AMD Radeon Instinct MI250X": ("Aldebaran (MI250X, 2 dies)", MULTI_DIE, CURATED_MULTI_DIE),
    "NVIDIA H100 SXM5 80GB": ("GH100 (H100)", MONOLITHIC, ONE_DIE),
    "AMD Radeon Instinct MI300": ("MI300 (multi-chiplet)", MULTI_DIE, CURATED_MULTI_DIE),
    "Intel Data Center GPU Max 1550": ("Ponte Vecchio (Max 1550, multi-tile)", MULTI_DIE,
                                       CURATED_MULTI_DIE),
    "NVIDIA B300 (Blackwell Ultra)": ("Blackwell Ultra B300 (2 dies)", MULTI_DIE,
                                      "Epoch's row links NVIDIA's developer blog 'Inside NVIDIA "
                                      "Blackwell Ultra', which describes two reticle-sized dies"),
}


def or_na(value: str) -> str:
    return value if value else "n/a"


def row_from_epoch(record: dict, chip: str, construction: str = MONOLITHIC,
                   basis: str = ONE_DIE) -> dict:
    name, released = record["Hardware name"], record["Release date"]
    if not record["Transistors (millions)"] or not released:
        raise SourceFormatError(f"{FILE}: row '{name}' lacks its transistor count or release date")
    return {
        "chip": chip,
        "year": released[:4],
        "transistors": str(round(float(record["Transistors (millions)"]) * 1e6)),
        "designer": record["Manufacturer"],
        "construction": construction,
        "construction_basis": basis,
        "source_id": SOURCE_ID,
        "locator": f"Epoch {FILE} row '{name}' (Transistors (millions), Release date)",
        "notes": (f"Flagship data-centre/compute GPU series; Epoch release date {released}; "
                  f"die area {or_na(record['Die Size (mm^2)'])} mm2; "
                  f"process {or_na(record['Process size (nm)'])} nm. "
                  "Multi-die packages counted as whole package."),
    }


def rebuild(epoch_dir: Path) -> list[dict]:
    with source_reader(epoch_dir, FILE, NEEDED) as reader:
        records = {record["Hardware name"]: record for record in reader}
    absent = sorted(set(FLAGSHIPS) - set(records))
    if absent:
        raise SourceFormatError(f"{FILE}: hardware {absent} not found")
    by_date = sorted(FLAGSHIPS.items(), key=lambda item: records[item[0]]["Release date"])
    return [row_from_epoch(records[name], *flagship) for name, flagship in by_date]


CURATION = Curation(
    table="transistor_counts",
    key=("chip",),
    compared=("year", "transistors", "designer", "construction", "construction_basis",
              "source_id", "locator", "notes"),
    rebuild=rebuild,
    checkable=lambda row: row["source_id"] == SOURCE_ID,
    unchecked_reason="these rows come from Karl Rupp's digitised trend data, Wikipedia's "
                     "transistor-count list, Intel and reports on Rubin; hand-compiled with "
                     "per-row source_id and locator, checked by python -m analysis.catalogue",
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
