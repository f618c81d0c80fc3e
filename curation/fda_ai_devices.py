"""Build data/fda_ai_devices.csv: FDA-authorised AI-enabled devices by decision year and panel.

Usage: python -m curation.fda_ai_devices FDA_DIR [--check] [--out FILE]

FDA_DIR holds ``ai-ml-enabled-devices.json``, a copy of the FDA's "Artificial
Intelligence-Enabled Medical Devices" list (one record per authorised device with its
decision date and lead review panel). The table counts devices per decision year and
panel; a year after the list's last decision date is not yet complete and says so.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from curation.common import Curation, SourceFormatError, main

LIST_FILE = "ai-ml-enabled-devices.json"
SOURCE_ID = "fda-ai-devices"


def decision_date(record: dict, index: int) -> datetime:
    try:
        date = datetime.strptime(record["date"], "%m/%d/%Y")
    except (KeyError, ValueError) as error:
        raise SourceFormatError(f"{LIST_FILE}, record {index}: decision date "
                                f"{record.get('date')!r} is not MM/DD/YYYY") from error
    if date.year != record.get("year"):
        raise SourceFormatError(f"{LIST_FILE}, record {index}: year {record.get('year')!r} "
                                f"differs from the decision date {record['date']}")
    return date


def rebuild(fda_dir: Path) -> list[dict]:
    records = json.loads((fda_dir / LIST_FILE).read_text(encoding="utf-8"))
    counts: Counter = Counter()
    last = None
    for index, record in enumerate(records):
        date = decision_date(record, index)
        panel = str(record.get("panel") or "").strip()
        if not panel:
            raise SourceFormatError(f"{LIST_FILE}, record {index}: no review panel")
        counts[(date.year, panel)] += 1
        last = date if last is None or date > last else last
    rows = []
    for (year, panel), devices in sorted(counts.items()):
        partial = year == last.year and (last.month, last.day) != (12, 31)
        rows.append({
            "decision_year": str(year), "panel": panel, "devices": str(devices),
            "complete_year": "false" if partial else "true",
            "source_id": SOURCE_ID,
            "locator": f"AI-enabled device list, entries with decision date in {year} "
                       f"and panel (lead) '{panel}'",
            "notes": (f"list ends at the decision of {last:%-d %B %Y}: year incomplete"
                      if partial else ""),
        })
    return rows


CURATION = Curation(
    table="fda_ai_devices",
    key=("decision_year", "panel"),
    compared=("devices", "complete_year", "source_id", "locator", "notes"),
    rebuild=rebuild,
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
