"""Rebuild data/ai_cluster_power.csv from Epoch AI's GPU clusters export.

Usage: python -m curation.ai_cluster_power EPOCH_DIR [--check] [--out FILE]

EPOCH_DIR holds ``gpu_clusters.csv`` (cn-epoch-gpu-clusters in data/sources.csv).
Clusters are those Epoch counts in its standard analysis ("Include in Standard
Analysis" TRUE, Status "Existing") with a power capacity and a first operational
date. One row per calendar year: the cluster with the largest power that first
operated that year, and how many such clusters the year has (the maximum of many
draws is larger than the maximum of few, so the count travels with the value).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from curation.common import Curation, SourceFormatError, main, source_reader

SOURCE_ID = "cn-epoch-gpu-clusters"
FILE = "gpu_clusters.csv"
NEEDED = ("Name", "Status", "Include in Standard Analysis", "First Operational Date",
          "Power Capacity (MW)", "Certainty", "Country")


def operational_date(text: str, line: int) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%m/%d/%Y")
    except ValueError:
        raise SourceFormatError(f"{FILE}, line {line}, column 'First Operational Date': "
                                f"{text!r} is not a month/day/year date") from None


def counted_clusters(epoch_dir: Path) -> list[dict]:
    """The clusters the table draws on: existing, in Epoch's standard analysis, with
    power and first operational date known."""
    clusters = []
    with source_reader(epoch_dir, FILE, NEEDED) as reader:
        for line, record in enumerate(reader, start=2):
            if (record["Status"] != "Existing" or record["Include in Standard Analysis"] != "TRUE"
                    or not record["Power Capacity (MW)"] or not record["First Operational Date"]):
                continue
            clusters.append({"name": record["Name"].strip(), "country": record["Country"].strip(),
                             "certainty": record["Certainty"].strip(),
                             "date": operational_date(record["First Operational Date"], line),
                             "power_mw": float(record["Power Capacity (MW)"])})
    return clusters


def rebuild(epoch_dir: Path) -> list[dict]:
    by_year: dict[int, list[dict]] = {}
    for cluster in counted_clusters(epoch_dir):
        by_year.setdefault(cluster["date"].year, []).append(cluster)
    rows = []
    for year in sorted(by_year):
        largest = max(by_year[year], key=lambda c: (c["power_mw"], c["date"]))
        rows.append({"year": str(year), "largest_cluster": largest["name"],
                     "country": largest["country"], "certainty": largest["certainty"],
                     "first_operational_date": largest["date"].strftime("%Y-%m-%d"),
                     "power_mw": f"{largest['power_mw']:g}",
                     "clusters": str(len(by_year[year])), "source_id": SOURCE_ID,
                     "locator": (f"{FILE}: largest 'Power Capacity (MW)' among rows with Status "
                                 f"'Existing', Include in Standard Analysis 'TRUE' and First "
                                 f"Operational Date in {year}")})
    return rows


CURATION = Curation(
    table="ai_cluster_power",
    key=("year",),
    compared=("largest_cluster", "country", "certainty", "first_operational_date", "power_mw",
              "clusters", "source_id", "locator"),
    rebuild=rebuild,
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
