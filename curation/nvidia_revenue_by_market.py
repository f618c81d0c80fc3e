"""Rebuild data/nvidia_revenue_by_market.csv from NVIDIA's Quarterly Revenue Trend PDFs.

Usage: python -m curation.nvidia_revenue_by_market PDF_DIR [--check] [--out FILE]

PDF_DIR holds ``Rev_by_Mkt_Qtrly_Trend_<Q><FY>.pdf`` files downloaded from the URLs
of the ``nvda-rev-trend-*`` rows of data/sources.csv. Each PDF gives eight quarters;
a quarter is taken from the most recent PDF that gives it, because NVIDIA revises
earlier quarters in later documents. Quarters before Q2 FY2021 are in no such PDF:
they were compiled by hand from press releases and press reports, so the check
counts them instead of comparing them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pypdf import PdfReader

from analysis.catalogue import nvidia_quarter_end
from curation.common import Curation, SourceFormatError, main

# Row label in the PDF -> market name in the table, in the table's row order.
MARKETS = {
    "Data Center": "Data Center",
    "Gaming": "Gaming",
    "Professional Visualization": "Professional Visualization",
    "Auto": "Automotive",
    "OEM & Other": "OEM & Other",
    "TOTAL": "Total",
}
QUARTER_LABEL = re.compile(r"Q([1-4]) FY(\d\d)\b")
AMOUNT = r"\$?[\d,]+"
FIRST_PDF_QUARTER = (2021, 2)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def parse_trend_table(text: str, name: str) -> dict[tuple[int, int], dict[str, int]]:
    """Revenue (USD million) by (fiscal year, quarter) and PDF row label.

    Text extraction can break a label over two lines ("Professional /
    Visualization"), so whitespace is collapsed before matching.
    """
    flat = " ".join(text.split())
    header = re.search(r"\(\$ in millions\)((?: Q[1-4] FY\d\d)+)", flat)
    if not header:
        raise SourceFormatError(f"{name}: no '($ in millions) Qn FYyy ...' header row")
    quarters = [(2000 + int(fy), int(q)) for q, fy in QUARTER_LABEL.findall(header.group(1))]
    table = {quarter: {} for quarter in quarters}
    for label in MARKETS:
        row = re.search(re.escape(label) + r"((?: " + AMOUNT + r"){%d})(?![\d,])" % len(quarters),
                        flat[header.end():])
        if not row:
            raise SourceFormatError(f"{name}: row '{label}' with {len(quarters)} amounts not found")
        for quarter, amount in zip(quarters, row.group(1).split()):
            table[quarter][label] = int(amount.lstrip("$").replace(",", ""))
    return table


def latest_document_per_quarter(tables: dict[str, dict]) -> dict[tuple[int, int], str]:
    """For each quarter, the document whose own (latest) quarter is most recent."""
    newest_first = sorted(tables, key=lambda doc: max(tables[doc]), reverse=True)
    chosen = {}
    for doc in newest_first:
        for quarter in tables[doc]:
            chosen.setdefault(quarter, doc)
    return chosen


def source_id(pdf: Path) -> str:
    match = re.fullmatch(r"Rev_by_Mkt_Qtrly_Trend_(Q[1-4]\d\d)", pdf.stem)
    if not match:
        raise SourceFormatError(f"{pdf.name}: not a Rev_by_Mkt_Qtrly_Trend_Q<q><yy>.pdf file")
    return f"nvda-rev-trend-{match.group(1).lower()}"


def rows_from_tables(tables: dict[str, dict]) -> list[dict]:
    chosen = latest_document_per_quarter(tables)
    rows = []
    for (year, quarter), doc in sorted(chosen.items()):
        for label, market in MARKETS.items():
            rows.append({
                "fiscal_year": str(year), "fiscal_quarter": str(quarter),
                "quarter_end": nvidia_quarter_end(year, quarter).isoformat(),
                "market": market, "revenue": str(tables[doc][(year, quarter)][label]),
                "unit": "USD million", "source_id": doc,
                "locator": f"p. 1, row '{label}', column 'Q{quarter} FY{year % 100:02d}'",
            })
    return rows


def rebuild(pdf_dir: Path) -> list[dict]:
    pdfs = sorted(pdf_dir.glob("Rev_by_Mkt_Qtrly_Trend_*.pdf"))
    if not pdfs:
        raise SourceFormatError(f"{pdf_dir}: no Rev_by_Mkt_Qtrly_Trend_*.pdf files")
    return rows_from_tables({source_id(pdf): parse_trend_table(pdf_text(pdf), pdf.name)
                             for pdf in pdfs})


CURATION = Curation(
    table="nvidia_revenue_by_market",
    key=("fiscal_year", "fiscal_quarter", "market"),
    compared=("quarter_end", "revenue", "unit", "source_id", "locator"),
    rebuild=rebuild,
    checkable=lambda row: (int(row["fiscal_year"]), int(row["fiscal_quarter"])) >= FIRST_PDF_QUARTER,
    unchecked_reason="quarters before Q2 FY2021 are in no Quarterly Revenue Trend PDF; "
                     "they were compiled by hand from press releases and reports "
                     "(per-row source_id and locator; checked by python -m analysis.catalogue)",
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
