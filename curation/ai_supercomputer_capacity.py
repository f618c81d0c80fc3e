"""Rebuild data/ai_supercomputer_capacity.csv from Epoch AI's GPU clusters export.

Usage: python -m curation.ai_supercomputer_capacity EPOCH_DIR [--check] [--out FILE]

EPOCH_DIR holds ``gpu_clusters.csv`` (cn-epoch-gpu-clusters in data/sources.csv).
The curation choice follows Epoch's own: clusters with status "Existing" and
"Include in Standard Analysis" TRUE, summed by country in H100 equivalents; the
table keeps every country with at least one such cluster.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from curation.common import Curation, main, source_reader

SOURCE_ID = "cn-epoch-gpu-clusters"
FILE = "gpu_clusters.csv"
NEEDED = ("Status", "Include in Standard Analysis", "Country", "H100 equivalents")


def rebuild(epoch_dir: Path) -> list[dict]:
    capacity, clusters = defaultdict(float), defaultdict(int)
    with source_reader(epoch_dir, FILE, NEEDED) as reader:
        for record in reader:
            if record["Status"] != "Existing" or record["Include in Standard Analysis"] != "TRUE":
                continue
            country = record["Country"].strip()
            if not country:
                continue
            clusters[country] += 1
            if record["H100 equivalents"]:
                capacity[country] += float(record["H100 equivalents"])
    return [{"country": country, "h100_equivalents": f"{capacity[country]:.0f}",
             "clusters": str(clusters[country]), "source_id": SOURCE_ID,
             "locator": (f"{FILE}: sum of 'H100 equivalents' over rows with Status 'Existing', "
                         f"Include in Standard Analysis 'TRUE' and Country '{country}'")}
            for country in sorted(clusters, key=lambda c: (-capacity[c], c))]


CURATION = Curation(
    table="ai_supercomputer_capacity",
    key=("country",),
    compared=("h100_equivalents", "clusters", "source_id", "locator"),
    rebuild=rebuild,
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
