"""Build data/occupation_exposure.csv: AI exposure joined to OEWS employment and wages.

Usage: python -m curation.occupation_exposure RAW_DIR [--check] [--out FILE]

RAW_DIR holds ``ai-exposure/gpts_are_gpts_occ_level.csv`` (Eloundou, Manning, Mishkin
and Rock, "GPTs are GPTs", exposure per O*NET-SOC occupation) and
``bls-oews/national_M<year>_dl.csv`` for the years in YEARS (both SOC 2018, so no
SOC 2010 crosswalk is needed).

The join, in three steps, with nothing dropped:

1. O*NET-SOC codes (``15-1252.00``) map to SOC 2018 detailed codes by their first
   seven characters; several O*NET occupations in one SOC code are averaged without
   weights (O*NET publishes no employment below the SOC code).
2. A SOC code OEWS publishes as its own detailed row joins that row (match = exact).
   OEWS merges some detailed codes into one estimate, coded with a final 0 (13-1020
   "Buyers and purchasing agents" for 13-1021 to 13-1023) or listed in OEWS_MERGED
   (21-1018 for 21-1011 and 21-1014); such codes join that row, averaging their
   exposures (match = aggregated).
3. Every other row stays in the table: OEWS rows with no exposure score ("all other"
   residual codes, which O*NET does not rate; match = oews only) and exposure codes
   with no OEWS row (match = exposure only), so match rates can be computed from it.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from curation.common import Curation, SourceFormatError, main
from curation.oews_national import parse_bls_value

YEARS = (2021, 2024)
EXPOSURE_FILE = Path("ai-exposure") / "gpts_are_gpts_occ_level.csv"
EXPOSURE_COLUMNS = {"human_rating_beta": "exposure_human_beta",
                    "dv_rating_beta": "exposure_gpt4_beta"}
EXPOSURE_SOURCE = "eloundou-gpts-2024"

# OEWS estimates some SOC 2018 detailed occupations only together, under a code of its
# own that does not end in 0 (BLS, OEWS SOC code list, "OEWS-specific aggregations").
# The title of each OEWS row names what it merges.
OEWS_MERGED = {
    "21-1011": "21-1018", "21-1014": "21-1018",   # substance abuse and mental health counselors
    "25-2055": "25-2052", "25-2056": "25-2052",   # special education teachers, K and elementary
    "25-9042": "25-9045", "25-9043": "25-9045",   # teaching assistants, except postsecondary
    "51-2022": "51-2028", "51-2023": "51-2028",   # electrical and electromechanical assemblers
    "53-1042": "53-1047", "53-1043": "53-1047",   # supervisors of transportation and moving
    "53-1044": "53-1047",
}


def read_exposure(raw_dir: Path) -> dict[str, list[dict]]:
    """O*NET rows grouped by SOC 2018 detailed code."""
    path = raw_dir / EXPOSURE_FILE
    by_soc: dict[str, list[dict]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = ({"O*NET-SOC Code", "Title"} | set(EXPOSURE_COLUMNS)) - set(reader.fieldnames or [])
        if missing:
            raise SourceFormatError(f"{path.name}: missing column(s) {sorted(missing)}")
        for line, record in enumerate(reader, start=2):
            code = record["O*NET-SOC Code"].strip()
            if len(code) != 10 or code[2] != "-" or code[7] != ".":
                raise SourceFormatError(f"{path.name}, line {line}, column 'O*NET-SOC Code': "
                                        f"{code!r} is not an O*NET-SOC code (xx-xxxx.xx)")
            for column in EXPOSURE_COLUMNS:
                value = float(record[column])
                if not 0 <= value <= 1:
                    raise SourceFormatError(f"{path.name}, line {line}, column '{column}': "
                                            f"{value} is not a share between 0 and 1")
            by_soc.setdefault(code[:7], []).append(record)
    return by_soc


def read_oews(raw_dir: Path, year: int) -> dict[str, dict]:
    """Detailed-occupation rows of one year's national file, by OCC_CODE."""
    path = raw_dir / "bls-oews" / f"national_M{year}_dl.csv"
    rows = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            if record["O_GROUP"].strip() != "detailed":
                continue
            values = {}
            for column, field in (("TOT_EMP", "employment"), ("EMP_PRSE", "emp_prse"),
                                  ("A_MEAN", "a_mean")):
                values[field], top_coded = parse_bls_value(record[column], path.name, line, column)
                values[field + "_topcoded"] = top_coded
            rows[record["OCC_CODE"].strip()] = {"title": record["OCC_TITLE"].strip(), **values}
    if not rows:
        raise SourceFormatError(f"{path.name}: no rows with O_GROUP 'detailed'")
    return rows


def oews_code_for(soc: str, oews_codes: set[str]) -> tuple[str, str] | None:
    """(OEWS code, match) a SOC 2018 detailed code joins, or None."""
    if soc in oews_codes:
        return soc, "exact"
    for merged in (OEWS_MERGED.get(soc), soc[:6] + "0"):
        if merged in oews_codes:
            return merged, "aggregated"
    return None


def _mean(values) -> str:
    values = list(values)
    return f"{sum(values) / len(values):.4f}"


def rebuild(raw_dir: Path) -> list[dict]:
    exposure = read_exposure(raw_dir)
    oews = {year: read_oews(raw_dir, year) for year in YEARS}
    oews_codes = set().union(*oews.values())
    joined: dict[str, list[str]] = {}
    unmatched = []
    for soc in sorted(exposure):
        target = oews_code_for(soc, oews_codes)
        if target is None:
            unmatched.append(soc)
        else:
            joined.setdefault(target[0], []).append(soc)

    rows = []
    for code in sorted(oews_codes | set(unmatched)):
        socs = joined.get(code, [code] if code in unmatched else [])
        records = [r for soc in socs for r in exposure[soc]]
        if code in unmatched:
            match = "exposure only"
        elif not socs:
            match = "oews only"
        else:
            match = "exact" if socs == [code] else "aggregated"
        title = next((oews[y][code]["title"] for y in reversed(YEARS) if code in oews[y]),
                     records[0]["Title"] if records else "")
        row = {"occ_code": code, "occ_title": title, "major_group": code[:2] + "-0000",
               "match": match, "exposure_socs": "; ".join(socs), "onet_codes": str(len(records))}
        for column, field in EXPOSURE_COLUMNS.items():
            row[field] = _mean(float(r[column]) for r in records) if records else ""
        notes = []
        sources = [EXPOSURE_SOURCE] if records else []
        for year in YEARS:
            cells = oews[year].get(code)
            for field in ("employment", "emp_prse", "a_mean"):
                row[f"{field}_{year}"] = cells[field] if cells else ""
            if cells:
                sources.append(f"bls-oews-{year}")
                if cells["a_mean_topcoded"]:
                    notes.append(f"{year} mean wage above the BLS top reporting value ('#')")
        row["source_id"] = "; ".join(sources)
        row["locator"] = (f"exposure: {EXPOSURE_FILE.name}, O*NET-SOC codes starting "
                          f"{', '.join(socs) or '—'}; OEWS: national_M<year>_dl, OCC_CODE {code}")
        if match == "aggregated":
            notes.append(f"OEWS publishes {code} for SOC codes {', '.join(socs)}; their "
                         "exposures are averaged")
        if match == "oews only":
            notes.append("no exposure score: O*NET does not rate this code")
        if match == "exposure only":
            notes.append("no detailed OEWS row for this SOC code in "
                         + " or ".join(str(y) for y in YEARS))
        row["notes"] = "; ".join(notes)
        rows.append(row)
    return rows


CURATION = Curation(
    table="occupation_exposure",
    key=("occ_code",),
    compared=("occ_title", "major_group", "match", "exposure_socs", "onet_codes",
              "exposure_human_beta", "exposure_gpt4_beta", "employment_2021",
              "emp_prse_2021", "a_mean_2021", "employment_2024", "emp_prse_2024",
              "a_mean_2024", "source_id", "locator", "notes"),
    rebuild=rebuild,
)

if __name__ == "__main__":
    sys.exit(main(CURATION))
