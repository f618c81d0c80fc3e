"""Rebuild data/china_accelerator_specs.csv from Epoch AI's ML hardware file.

Usage: python -m curation.china_accelerator_specs EPOCH_DIR [--check] [--out FILE]

EPOCH_DIR holds ``ml_hardware.csv`` (hw-epoch-ml-hardware in data/sources.csv). CHIPS is
the curation choice: NVIDIA's H100 (the chip the October 2022 rule stopped), the H20 (sold
in China under the October 2023 thresholds) and Huawei's Ascend 910B and 910C. Epoch
records NVIDIA's dense tensor 16-bit rate under "Tensor-FP16/BF16" and Huawei's 16-bit
rate under "FP16"; the table takes the tensor figure where there is one and says which
column it used.
"""

from __future__ import annotations

import sys
from pathlib import Path

from curation.common import Curation, SourceFormatError, main, source_reader

SOURCE_ID = "hw-epoch-ml-hardware"
FILE = "ml_hardware.csv"
CHIPS = {"NVIDIA H100 SXM5 80GB": "NVIDIA H100 (SXM5 80GB)", "NVIDIA HGX H20": "NVIDIA H20",
         "Huawei Ascend 910B": "Huawei Ascend 910B", "Huawei Ascend 910C": "Huawei Ascend 910C"}
SIXTEEN_BIT = ("Tensor-FP16/BF16 performance (FLOP/s)", "FP16 (half precision) performance (FLOP/s)")
NEEDED = ("Hardware name", "Manufacturer", "Release date", *SIXTEEN_BIT,
          "Memory size per board (Byte)", "Memory bandwidth (byte/s)", "TDP (W)")


def scaled(value: str, scale: float) -> str:
    return f"{float(value) / scale:g}" if value else ""


def row_from_epoch(record: dict, chip: str) -> dict:
    name = record["Hardware name"]
    column = next((c for c in SIXTEEN_BIT if record[c]), None)
    if column is None or not record["Memory bandwidth (byte/s)"]:
        raise SourceFormatError(f"{FILE}: row '{name}' lacks a 16-bit rate or memory bandwidth")
    return {
        "chip": chip,
        "designer": record["Manufacturer"],
        "release_date": record["Release date"],
        "fp16_tflops": scaled(record[column], 1e12),
        "memory_gb": scaled(record["Memory size per board (Byte)"], 1e9),
        "memory_bandwidth_tb_s": scaled(record["Memory bandwidth (byte/s)"], 1e12),
        "tdp_w": scaled(record["TDP (W)"], 1),
        "source_id": SOURCE_ID,
        "locator": f"Epoch {FILE} row '{name}' (16-bit rate from column '{column}')",
    }


def rebuild(epoch_dir: Path) -> list[dict]:
    with source_reader(epoch_dir, FILE, NEEDED) as reader:
        records = {record["Hardware name"]: record for record in reader}
    absent = sorted(set(CHIPS) - set(records))
    if absent:
        raise SourceFormatError(f"{FILE}: hardware {absent} not found")
    return [row_from_epoch(records[name], chip) for name, chip in CHIPS.items()]


CURATION = Curation(
    table="china_accelerator_specs",
    key=("chip",),
    compared=("designer", "release_date", "fp16_tflops", "memory_gb", "memory_bandwidth_tb_s",
              "tdp_w", "source_id", "locator"),
    rebuild=rebuild,
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
