"""Rebuild data/ml_hardware.csv from Epoch AI's Machine Learning Hardware file.

Usage: python -m curation.ml_hardware EPOCH_DIR [--check] [--out FILE]

EPOCH_DIR holds ``ml_hardware.csv``, the export of Epoch AI's "Machine Learning
Hardware" data (hw-epoch-ml-hardware in data/sources.csv). Every chip with a release
date and a single-precision (FP32) or tensor FP16/BF16 throughput is kept, with its
release price and thermal design power where Epoch gives them. Throughputs stay at
their own precision: the chapter compares like with like.
"""

from __future__ import annotations

import sys
from pathlib import Path

from curation.common import Curation, main, source_reader

SOURCE_ID = "hw-epoch-ml-hardware"
FILE = "ml_hardware.csv"
COLUMNS = {  # our column -> Epoch's column
    "release_price_usd": "Release price (USD)",
    "fp32_flops": "FP32 (single precision) performance (FLOP/s)",
    "tensor_fp16_flops": "Tensor-FP16/BF16 performance (FLOP/s)",
    "tdp_w": "TDP (W)",
}


def row_from_epoch(record: dict) -> dict:
    name = record["Hardware name"]
    return {"hardware": name, "manufacturer": record["Manufacturer"], "type": record["Type"],
            "release_date": record["Release date"],
            **{ours: record[theirs] for ours, theirs in COLUMNS.items()},
            "source_id": SOURCE_ID,
            "locator": f"Epoch {FILE} row '{name}' (Release date, Release price (USD), "
                       "FP32 and Tensor-FP16/BF16 performance, TDP (W))"}


def rebuild(epoch_dir: Path) -> list[dict]:
    needed = ["Hardware name", "Manufacturer", "Type", "Release date", *COLUMNS.values()]
    with source_reader(epoch_dir, FILE, needed) as reader:
        records = [r for r in reader if r["Release date"]
                   and (r[COLUMNS["fp32_flops"]] or r[COLUMNS["tensor_fp16_flops"]])]
    return sorted((row_from_epoch(r) for r in records),
                  key=lambda row: (row["release_date"], row["hardware"]))


CURATION = Curation(
    table="ml_hardware",
    key=("hardware",),
    compared=("manufacturer", "type", "release_date", *COLUMNS, "source_id", "locator"),
    rebuild=rebuild,
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
