"""Curation of the labor chapter's tables on small samples: the FDA device list counted by
year and panel, and the exposure-to-OEWS join with its match kinds (nothing dropped)."""

import csv
import json
from pathlib import Path

import pytest

from curation import fda_ai_devices, occupation_exposure
from curation.common import SourceFormatError


def device(date: str, panel: str = "Radiology") -> dict:
    return {"date": date, "year": int(date[-4:]), "device": "x", "panel": panel}


def write_devices(folder: Path, records: list[dict]) -> Path:
    (folder / fda_ai_devices.LIST_FILE).write_text(json.dumps(records), encoding="utf-8")
    return folder


def test_devices_are_counted_by_year_and_panel_and_the_last_year_marked(tmp_path):
    folder = write_devices(tmp_path, [device("03/01/2024"), device("05/02/2024"),
                                      device("05/02/2024", "Neurology"), device("09/29/2025")])
    rows = {(r["decision_year"], r["panel"]): r for r in fda_ai_devices.rebuild(folder)}
    assert rows[("2024", "Radiology")]["devices"] == "2"
    assert rows[("2024", "Neurology")]["complete_year"] == "true"
    last = rows[("2025", "Radiology")]
    assert last["complete_year"] == "false" and "29 September 2025" in last["notes"]


def test_device_with_inconsistent_year_is_rejected(tmp_path):
    folder = write_devices(tmp_path, [{**device("03/01/2024"), "year": 2023}])
    with pytest.raises(SourceFormatError, match="record 0: year 2023 differs"):
        fda_ai_devices.rebuild(folder)


def write(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


EXPOSURE_HEADER = ["O*NET-SOC Code", "Title", "dv_rating_alpha", "dv_rating_beta",
                   "dv_rating_gamma", "human_rating_alpha", "human_rating_beta",
                   "human_rating_gamma"]
OEWS_HEADER = ["OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "EMP_PRSE", "A_MEAN"]


def sample_raw(tmp_path: Path) -> Path:
    write(tmp_path / occupation_exposure.EXPOSURE_FILE, EXPOSURE_HEADER, [
        ["13-1021.00", "Buyers A", 0, 0.4, 0, 0, 0.2, 0],
        ["13-1022.00", "Buyers B", 0, 0.6, 0, 0, 0.4, 0],
        ["15-1252.00", "Developers", 0, 0.8, 0, 0, 0.7, 0],
        ["15-1252.01", "Developers, other", 0, 0.6, 0, 0, 0.5, 0],
        ["21-1011.00", "Counselors A", 0, 0.1, 0, 0, 0.1, 0],
        ["45-3031.00", "Fishers", 0, 0.0, 0, 0, 0.0, 0],
    ])
    for year in occupation_exposure.YEARS:
        write(tmp_path / "bls-oews" / f"national_M{year}_dl.csv", OEWS_HEADER, [
            ["00-0000", "All", "total", "1,000", "0.1", "50,000"],
            ["13-1020", "Buyers", "detailed", "100", "1.0", "60,000"],
            ["15-1252", "Software developers", "detailed", "200", "1.0", "#"],
            ["21-1018", "Counselors", "detailed", "50", "2.0", "40,000"],
            ["43-9199", "Office workers, all other", "detailed", "30", "3.0", "35,000"],
        ])
    return tmp_path


def test_exposure_join_keeps_every_row_with_its_match_kind(tmp_path):
    rows = {r["occ_code"]: r for r in occupation_exposure.rebuild(sample_raw(tmp_path))}
    assert set(rows) == {"13-1020", "15-1252", "21-1018", "43-9199", "45-3031"}
    assert rows["15-1252"]["match"] == "exact"
    assert rows["15-1252"]["onet_codes"] == "2"
    assert float(rows["15-1252"]["exposure_human_beta"]) == pytest.approx(0.6)
    assert rows["13-1020"]["match"] == "aggregated"                 # code ending in 0
    assert rows["13-1020"]["exposure_socs"] == "13-1021; 13-1022"
    assert float(rows["13-1020"]["exposure_gpt4_beta"]) == pytest.approx(0.5)
    assert rows["21-1018"]["match"] == "aggregated"                 # listed OEWS merge
    assert rows["43-9199"]["match"] == "oews only"
    assert rows["43-9199"]["exposure_human_beta"] == ""
    assert rows["45-3031"]["match"] == "exposure only"
    assert rows["45-3031"]["employment_2024"] == ""
    assert "mean wage above the BLS top reporting value" in rows["15-1252"]["notes"]
    assert rows["15-1252"]["source_id"] == "eloundou-gpts-2024; bls-oews-2021; bls-oews-2024"


def test_exposure_outside_zero_to_one_is_rejected(tmp_path):
    raw = sample_raw(tmp_path)
    write(raw / occupation_exposure.EXPOSURE_FILE, EXPOSURE_HEADER,
          [["15-1252.00", "Developers", 0, 80, 0, 0, 0.7, 0]])
    with pytest.raises(SourceFormatError, match="line 2, column 'dv_rating_beta': 80.0 is not a share"):
        occupation_exposure.rebuild(raw)
