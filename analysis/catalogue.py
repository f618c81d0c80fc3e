"""Load curated tables, validated against the data catalogue.

Every table the book uses lives in ``data/`` as a CSV and is described in
``data/datapackage.yaml`` (a Frictionless-style data package: fields, types,
units, constraints, primary and foreign keys, licence, sources).  The only way
for the book to read a table is :func:`load_table`, which checks the file
against that description and raises :class:`DataValidationError` naming the
file, row and column of every problem it finds, before any model sees the data.

Row numbers in messages are the line numbers a reader sees in an editor
(the header is line 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CATALOGUE_FILE = "datapackage.yaml"
MAX_REPORTED_PROBLEMS = 20
# Tables loaded in this process and their latest observation date: the key-numbers
# export names the tables behind a page's numbers and how recent their data are.
TABLES_READ: dict[str, str] = {}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, located as precisely as possible."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DataValidationError(ValueError):
    """A data file does not match the catalogue. ``problems`` lists each finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n  - ".join(str(p) for p in problems[:MAX_REPORTED_PROBLEMS])
        more = len(problems) - MAX_REPORTED_PROBLEMS
        tail = f"\n  (and {more} more)" if more > 0 else ""
        super().__init__(f"invalid data ({len(problems)} problem(s)):\n  - {shown}{tail}")


# --------------------------------------------------------------------------- catalogue

def read_catalogue(data_dir: Path | str = DATA_DIR) -> dict:
    """Read and sanity-check ``datapackage.yaml``; return it as a dict."""
    data_dir = Path(data_dir)
    path = data_dir / CATALOGUE_FILE
    if not path.exists():
        raise DataValidationError([Problem(str(path), "data catalogue not found")])
    try:
        catalogue = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataValidationError([Problem(str(path), f"not valid YAML: {exc}")]) from None
    problems = _catalogue_problems(catalogue, path)
    if problems:
        raise DataValidationError(problems)
    return catalogue


def _catalogue_problems(catalogue: object, path: Path) -> list[Problem]:
    file = str(path)
    if not isinstance(catalogue, dict) or not isinstance(catalogue.get("resources"), list):
        return [Problem(file, "catalogue must be a mapping with a 'resources' list")]
    problems = []
    names = set()
    for i, res in enumerate(catalogue["resources"]):
        label = res.get("name", f"resource #{i + 1}") if isinstance(res, dict) else f"#{i + 1}"
        for key in ("name", "path", "title", "description", "licenses", "schema"):
            if not isinstance(res, dict) or not res.get(key):
                problems.append(Problem(file, f"resource '{label}' lacks '{key}'"))
        if not isinstance(res, dict) or not isinstance(res.get("schema"), dict):
            continue
        if label in names:
            problems.append(Problem(file, f"resource name '{label}' is used twice"))
        names.add(label)
        fields = res["schema"].get("fields") or []
        field_names = [f.get("name") for f in fields]
        for f in fields:
            if f.get("type") not in _PARSERS:
                problems.append(Problem(file, f"resource '{label}', field '{f.get('name')}': "
                                              f"unknown type '{f.get('type')}'"))
            if not f.get("description"):
                problems.append(Problem(file, f"resource '{label}', field '{f.get('name')}' "
                                              "lacks a description"))
            if f.get("type") in ("number", "integer") and "unit" not in f:
                problems.append(Problem(file, f"resource '{label}', numeric field "
                                              f"'{f.get('name')}' lacks a unit"))
        for key in res["schema"].get("primaryKey", []):
            if key not in field_names:
                problems.append(Problem(file, f"resource '{label}': primary key field "
                                              f"'{key}' is not a field"))
        for check in res.get("checks", []):
            if check.get("check") not in TABLE_CHECKS:
                problems.append(Problem(file, f"resource '{label}': unknown check "
                                              f"'{check.get('check')}'"))
    return problems


def resource(name: str, catalogue: dict) -> dict:
    for res in catalogue["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(sorted(r["name"] for r in catalogue["resources"]))
    raise KeyError(f"no table '{name}' in the data catalogue (known: {known})")


# --------------------------------------------------------------------------- cell parsing

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_integer(text: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(f"'{text}' is not an integer")
    return int(text)


def _parse_number(text: str) -> float:
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
        raise ValueError(f"'{text}' is not a number (use a dot for decimals, no separators)")
    return float(text)


def _parse_date(text: str) -> dt.date:
    if not _DATE.match(text):
        raise ValueError(f"'{text}' is not a date in YYYY-MM-DD form")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar date") from None


def _parse_boolean(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(f"'{text}' is not a boolean (true/false)")
    return text == "true"


_PARSERS: dict[str, Callable[[str], object]] = {
    "string": str,
    "integer": _parse_integer,
    "number": _parse_number,
    "date": _parse_date,
    "boolean": _parse_boolean,
}


def _constraint_problem(value: object, constraints: dict) -> str | None:
    if "enum" in constraints and value not in constraints["enum"]:
        return f"'{value}' is not one of the allowed values {constraints['enum']}"
    if "minimum" in constraints and value < _coerce(constraints["minimum"], value):
        return f"{value} is below the minimum {constraints['minimum']}"
    if "maximum" in constraints and value > _coerce(constraints["maximum"], value):
        return f"{value} is above the maximum {constraints['maximum']}"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], str(value)):
        return f"'{value}' does not match the pattern {constraints['pattern']}"
    return None


def _coerce(bound: object, like: object) -> object:
    """Catalogue bounds for dates are written as strings; compare like with like."""
    if isinstance(like, dt.date) and isinstance(bound, str):
        return dt.date.fromisoformat(bound)
    return bound


# --------------------------------------------------------------------------- reading

def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV file, or a DataValidationError saying why not."""
    file = path.name
    if not path.exists():
        raise DataValidationError([Problem(file, "file not found")])
    raw = path.read_bytes()
    if not raw.strip():
        raise DataValidationError([Problem(file, "file is empty")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataValidationError([Problem(file, "not valid UTF-8 text", line=line)]) from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise DataValidationError([Problem(file, f"malformed CSV: {exc}")]) from None
    header, body = rows[0], rows[1:]
    return header, body


def _validate_rows(file: str, header: list[str], body: list[list[str]], res: dict):
    """Parse cells by the schema; return (records, problems)."""
    fields = res["schema"]["fields"]
    expected = [f["name"] for f in fields]
    problems: list[Problem] = []
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        problems.append(Problem(file, f"duplicate column name(s) {dupes}", line=1))
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    for col in missing:
        problems.append(Problem(file, "required column is missing", line=1, column=col))
    for col in extra:
        problems.append(Problem(file, "column is not described in the catalogue", line=1,
                                column=col))
    if problems:
        return [], problems
    if not body:
        return [], [Problem(file, "has a header but no data rows")]

    records = []
    unique_seen: dict[str, dict[object, int]] = {f["name"]: {} for f in fields
                                                 if f.get("constraints", {}).get("unique")}
    for i, row in enumerate(body):
        line = i + 2
        if len(row) != len(header):
            problems.append(Problem(file, f"has {len(row)} cells, the header has {len(header)}",
                                    line=line))
            continue
        cells = dict(zip(header, row))
        record = {}
        for f in fields:
            name, text = f["name"], cells[f["name"]]
            cons = f.get("constraints", {})
            if text != text.strip():
                problems.append(Problem(file, f"'{text}' has leading or trailing spaces",
                                        line=line, column=name))
                continue
            if text == "":
                if cons.get("required"):
                    problems.append(Problem(file, "required value is empty", line=line,
                                            column=name))
                record[name] = None
                continue
            try:
                value = _PARSERS[f["type"]](text)
            except ValueError as exc:
                problems.append(Problem(file, str(exc), line=line, column=name))
                continue
            msg = _constraint_problem(value, cons)
            if msg:
                problems.append(Problem(file, msg, line=line, column=name))
                continue
            if name in unique_seen:
                if value in unique_seen[name]:
                    problems.append(Problem(file, f"'{text}' repeats line "
                                                  f"{unique_seen[name][value]}; values must be "
                                                  "unique", line=line, column=name))
                unique_seen[name][value] = line
            record[name] = value
        records.append((line, record))
    return records, problems


def _key_problems(file: str, records, res: dict, catalogue: dict, data_dir: Path):
    problems = []
    schema = res["schema"]
    key = schema.get("primaryKey", [])
    if key:
        seen: dict[tuple, int] = {}
        for line, rec in records:
            k = tuple(rec.get(c) for c in key)
            if k in seen:
                problems.append(Problem(file, f"duplicate primary key {dict(zip(key, k))} "
                                              f"(first on line {seen[k]})", line=line,
                                        column=", ".join(key)))
            seen.setdefault(k, line)
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        ref_table = load_table(ref["resource"], data_dir)
        allowed = set(ref_table[ref["fields"][0]])
        col = fk["fields"][0]
        separator = fk.get("separator")  # a cell may name several keys, e.g. "a; b"
        for line, rec in records:
            if rec.get(col) is None:
                continue
            keys = rec[col].split(separator) if separator else [rec[col]]
            for key in (k.strip() for k in keys):
                if key not in allowed:
                    problems.append(Problem(file, f"'{key}' is not a known {ref['fields'][0]} "
                                                  f"in {ref['resource']}", line=line,
                                            column=col))
    return problems


def _to_frame(records, res: dict) -> pd.DataFrame:
    fields = res["schema"]["fields"]
    frame = pd.DataFrame([rec for _, rec in records], columns=[f["name"] for f in fields])
    for f in fields:
        col = f["name"]
        if f["type"] == "date":
            frame[col] = pd.to_datetime(frame[col])
        elif f["type"] == "number":
            frame[col] = frame[col].astype("float64")
        elif f["type"] == "integer":
            frame[col] = frame[col].astype("Int64" if frame[col].isna().any() else "int64")
    frame.attrs["table"] = res["name"]
    frame.attrs["line"] = [line for line, _ in records]
    return frame


def load_table(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Return table ``name`` as a DataFrame after validating it against the catalogue.

    Raises :class:`DataValidationError` listing every problem (file, line, column)
    if the file does not match its description.
    """
    data_dir = Path(data_dir)
    catalogue = read_catalogue(data_dir)
    res = resource(name, catalogue)
    path = data_dir / res["path"]
    header, body = _read_rows(path)
    records, problems = _validate_rows(res["path"], header, body, res)
    if not problems:
        problems = _key_problems(res["path"], records, res, catalogue, data_dir)
    frame = _to_frame(records, res) if not problems else None
    if frame is not None:
        for check in res.get("checks", []):
            problems += TABLE_CHECKS[check["check"]](frame, res["path"], **check.get("with", {}))
    if problems:
        raise DataValidationError(problems)
    TABLES_READ[name] = latest_observation(frame, res)
    return frame


def latest_observation(frame: pd.DataFrame, res: dict) -> str:
    """Latest date in a table's observation date columns (not access or publication
    dates), as an ISO date; empty when the table has none."""
    columns = [f["name"] for f in res["schema"]["fields"]
               if f["type"] == "date" and not f["name"].startswith("date_")]
    found = [frame[c].max() for c in columns if frame[c].notna().any()]
    return max(found).date().isoformat() if found else ""


def validate_all(data_dir: Path | str = DATA_DIR) -> list[str]:
    """Validate every table in the catalogue and flag CSV files it does not describe.

    Returns the validated table names; raises DataValidationError otherwise.
    """
    data_dir = Path(data_dir)
    catalogue = read_catalogue(data_dir)
    described = {res["path"] for res in catalogue["resources"]}
    problems = [Problem(p.name, "CSV file is not described in the catalogue")
                for p in sorted(data_dir.glob("*.csv")) if p.name not in described]
    names = []
    for res in catalogue["resources"]:
        try:
            load_table(res["name"], data_dir)
            names.append(res["name"])
        except DataValidationError as exc:
            problems += exc.problems
    if problems:
        # A broken table referenced by others (sources) would otherwise be reported once per use.
        raise DataValidationError(list(dict.fromkeys(problems)))
    return names


# --------------------------------------------------------------------------- table checks
# Checks that involve several rows; the catalogue names them under a resource's `checks`.

def _line(frame: pd.DataFrame, index: int) -> int:
    return frame.attrs["line"][index]


def check_components_sum_to_total(frame, file, group_by, category, value, total,
                                  tolerance, components=None):
    """Within each group the components must add up to the reported total (± tolerance)."""
    problems = []
    for key, group in frame.groupby(group_by, sort=False):
        totals = group[group[category] == total]
        parts = group[group[category] != total]
        if components is not None:
            parts = parts[parts[category].isin(components)]
        if totals.empty:
            problems.append(Problem(file, f"group {dict(zip(group_by, key))} has no "
                                          f"'{total}' row", line=_line(frame, group.index[0])))
            continue
        gap = parts[value].sum() - totals[value].iloc[0]
        if abs(gap) > tolerance:
            problems.append(Problem(file, f"components sum to {parts[value].sum():g} but the "
                                          f"reported {total} is {totals[value].iloc[0]:g} "
                                          f"(gap {gap:g}, tolerance {tolerance:g})",
                                    line=_line(frame, totals.index[0]), column=value))
    return problems


def nvidia_quarter_end(fiscal_year: int, fiscal_quarter: int) -> dt.date:
    """Last day of an NVIDIA fiscal quarter.

    NVIDIA's fiscal year ends on the last Sunday of January (a 52- or 53-week
    year); quarters are 13 weeks, the fourth taking the extra week of a 53-week
    year.
    """
    def year_end(fy: int) -> dt.date:
        jan31 = dt.date(fy, 1, 31)
        return jan31 - dt.timedelta(days=(jan31.weekday() - 6) % 7)

    if fiscal_quarter == 4:
        return year_end(fiscal_year)
    start = year_end(fiscal_year - 1) + dt.timedelta(days=1)
    return start + dt.timedelta(weeks=13 * fiscal_quarter, days=-1)


def check_nvidia_fiscal_calendar(frame, file, year="fiscal_year", quarter="fiscal_quarter",
                                 end="quarter_end"):
    """Quarter-end dates must agree with NVIDIA's fiscal calendar (catches typos)."""
    problems = []
    for i, row in frame.iterrows():
        expected = nvidia_quarter_end(int(row[year]), int(row[quarter]))
        if row[end].date() != expected:
            problems.append(Problem(file, f"{row[end].date()} is not the end of Q{row[quarter]} "
                                          f"FY{row[year]} (expected {expected})",
                                    line=_line(frame, i), column=end))
    return problems


def check_dates_ordered(frame, file, earlier, later):
    """Where both are given, ``earlier`` must not fall after ``later``."""
    bad = frame[frame[earlier].notna() & frame[later].notna() & (frame[earlier] > frame[later])]
    return [Problem(file, f"{later} {row[later].date()} is before {earlier} "
                          f"{row[earlier].date()}", line=_line(frame, i), column=later)
            for i, row in bad.iterrows()]


def check_low_not_above_high(frame, file, low, high):
    """A range's lower bound must not exceed its upper bound."""
    bad = frame[frame[low] > frame[high]]
    return [Problem(file, f"{low} {row[low]:g} exceeds {high} {row[high]:g}",
                    line=_line(frame, i), column=low) for i, row in bad.iterrows()]


TABLE_CHECKS: dict[str, Callable[..., list[Problem]]] = {
    "components_sum_to_total": check_components_sum_to_total,
    "nvidia_fiscal_calendar": check_nvidia_fiscal_calendar,
    "dates_ordered": check_dates_ordered,
    "low_not_above_high": check_low_not_above_high,
}


def main() -> int:
    """``python -m analysis.catalogue``: validate every table, print a clear verdict."""
    try:
        names = validate_all()
    except DataValidationError as exc:
        print(exc)
        return 1
    print(f"{len(names)} tables valid: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
