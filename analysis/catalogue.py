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

import collections
import copy
import csv
import datetime as dt
import functools
import hashlib
import inspect
import io
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import yaml
from jsonschema import Draft202012Validator

BOOK_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = BOOK_ROOT / "data"
CATALOGUE_FILE = "datapackage.yaml"
MAX_REPORTED_PROBLEMS = 20
# Set by analysis.sphinx_ext for the build and its notebook kernels: the book being built.
BOOK_ROOT_ENV = "AIF_BOOK_ROOT"
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

def _strict(properties: dict, required: tuple = ()) -> dict:
    """A JSON-Schema object that accepts only the listed keys: a misspelt key is an error."""
    return {"type": "object", "properties": properties, "required": list(required),
            "additionalProperties": False}


_TEXT = {"type": "string", "minLength": 1}
_NAMES = {"type": "array", "items": _TEXT, "minItems": 1}
_BOUND = {"anyOf": [{"type": "number"}, {"type": "string"}]}  # dates are written as strings
_LICENCES = {"type": "array", "minItems": 1,
             "items": _strict({"name": _TEXT, "title": _TEXT}, ("name",))}
_CONSTRAINTS = _strict({"required": {"type": "boolean"}, "unique": {"type": "boolean"},
                        "enum": {"type": "array", "minItems": 1}, "minimum": _BOUND,
                        "maximum": _BOUND, "pattern": _TEXT})
_FIELD = {
    **_strict({"name": _TEXT, "type": {"enum": ["string", "integer", "number", "date", "boolean"]},
               "description": _TEXT, "unit": _TEXT, "constraints": _CONSTRAINTS},
              ("name", "type", "description")),
    "allOf": [
        # Every measured column states its unit and its plausible range.
        {"if": {"properties": {"type": {"enum": ["integer", "number"]}}},
         "then": {"required": ["unit", "constraints"],
                  "properties": {"constraints": {"required": ["minimum", "maximum"]}}}},
        # The analysis filters on units: a misspelt unit must not validate.
        {"if": {"properties": {"name": {"const": "unit"}}},
         "then": {"required": ["constraints"],
                  "properties": {"constraints": {"required": ["enum"]}}}},
    ],
}
_RESOURCE = _strict({
    "name": _TEXT, "path": {"type": "string", "pattern": r"^[a-z0-9_]+\.csv$"},
    "title": _TEXT, "description": _TEXT, "licenses": _LICENCES,
    "sources": {"type": "array", "items": _strict({"title": _TEXT}, ("title",))},
    "schema": _strict({
        "fields": {"type": "array", "minItems": 1, "items": _FIELD},
        "primaryKey": _NAMES,
        "foreignKeys": {"type": "array", "items": _strict({
            "fields": _NAMES, "separator": _TEXT,
            "reference": _strict({"resource": _TEXT, "fields": _NAMES}, ("resource", "fields")),
        }, ("fields", "reference"))},
    }, ("fields", "primaryKey")),
    "checks": {"type": "array", "items": _strict(
        {"check": {"type": "string"}, "with": {"type": "object"}}, ("check",))},
}, ("name", "path", "title", "description", "licenses", "schema"))
CATALOGUE_SCHEMA = _strict({"name": _TEXT, "title": _TEXT, "licenses": _LICENCES,
                            "resources": {"type": "array", "minItems": 1, "items": _RESOURCE}},
                           ("name", "resources"))


# libyaml's parser where available.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_catalogue(data_dir: Path | str = DATA_DIR) -> dict:
    """Read ``datapackage.yaml`` and check it against :data:`CATALOGUE_SCHEMA`; return it."""
    return copy.deepcopy(_shared_catalogue(data_dir))


def _shared_catalogue(data_dir: Path | str) -> dict:
    """The checked catalogue, shared between calls: only for readers that never change it
    (copying it for every table loaded cost a second per page)."""
    path = Path(data_dir) / CATALOGUE_FILE
    if not path.exists():
        raise DataValidationError([Problem(str(path), "data catalogue not found")])
    catalogue, problems = _checked_catalogue(path.read_text(encoding="utf-8"), str(path))
    if problems:
        raise DataValidationError(list(problems))
    return catalogue


@functools.lru_cache(maxsize=16)
def _checked_catalogue(text: str, file: str) -> tuple[object, tuple[Problem, ...]]:
    """Parsed catalogue and its problems, remembered by content: it is read once per table."""
    try:
        catalogue = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        return None, (Problem(file, f"not valid YAML: {exc}"),)
    return catalogue, tuple(_catalogue_problems(catalogue, Path(file)))


def _catalogue_path(catalogue: dict, path) -> str:
    """Readable location of a catalogue node, e.g. resources[1] (sources) > schema > fields[0]."""
    parts, node = [], catalogue
    for step in path:
        node = node[step]
        if isinstance(step, int):
            name = node.get("name") or node.get("check") if isinstance(node, dict) else None
            parts[-1] += f"[{step}]" + (f" ({name})" if name else "")
        else:
            parts.append(str(step))
    return " > ".join(parts) or "top level"


def _catalogue_problems(catalogue: object, path: Path) -> list[Problem]:
    file = str(path)
    errors = sorted(Draft202012Validator(CATALOGUE_SCHEMA).iter_errors(catalogue),
                    key=lambda e: list(map(str, e.absolute_path)))
    problems = [Problem(file, f"{_catalogue_path(catalogue, e.absolute_path)}: {e.message}")
                for e in errors]
    if problems:
        return problems
    names = set()
    for res in catalogue["resources"]:
        label = f"resource '{res['name']}'"
        if res["name"] in names:
            problems.append(Problem(file, f"{label}: name is used twice"))
        names.add(res["name"])
        field_names = [f["name"] for f in res["schema"]["fields"]]
        if len(set(field_names)) < len(field_names):
            problems.append(Problem(file, f"{label}: a field name is used twice"))
        keys = res["schema"]["primaryKey"] + [
            name for fk in res["schema"].get("foreignKeys", []) for name in fk["fields"]]
        problems += [Problem(file, f"{label}: key field '{key}' is not a field")
                     for key in keys if key not in field_names]
        for check in res.get("checks", []):
            problems += _check_call_problems(file, label, check)
    problems += [Problem(file, f"resource '{res['name']}': foreign key refers to unknown "
                               f"resource '{fk['reference']['resource']}'")
                 for res in catalogue["resources"] for fk in res["schema"].get("foreignKeys", [])
                 if fk["reference"]["resource"] not in names]
    return problems


def _check_call_problems(file: str, label: str, check: dict) -> list[Problem]:
    """A table check must exist and be given exactly the arguments it takes."""
    function = TABLE_CHECKS.get(check["check"])
    if function is None:
        return [Problem(file, f"{label}: unknown check '{check['check']}' "
                              f"(known: {', '.join(sorted(TABLE_CHECKS))})")]
    arguments = check.get("with", {})
    takes = list(inspect.signature(function).parameters)[2:]  # after frame and file
    unknown = sorted(set(arguments) - set(takes))
    if unknown:
        return [Problem(file, f"{label}: check '{check['check']}': unknown argument(s) "
                              f"{unknown} (it takes {', '.join(takes)})")]
    try:
        inspect.signature(function).bind(None, None, **arguments)
    except TypeError as exc:
        return [Problem(file, f"{label}: check '{check['check']}': {exc}")]
    return []


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
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"'{text}' is too large to be a finite number")
    return value


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


def _human(value: object) -> str:
    """A number as a reader writes it (51,215 not 5.1215e+04); other values unchanged."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


def _constraint_problem(value: object, constraints: dict) -> str | None:
    if "enum" in constraints and value not in constraints["enum"]:
        return f"'{value}' is not one of the allowed values {constraints['enum']}"
    for key, outside, word in (("minimum", lambda v, b: v < b, "below"),
                               ("maximum", lambda v, b: v > b, "above")):
        if key in constraints:
            bound = _coerce(constraints[key], value)
            if outside(value, bound):
                return (f"{_human(value)} is {word} the {key} {_human(bound)} "
                        "(see the field's description for why)")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], str(value)):
        return f"'{value}' does not match the pattern {constraints['pattern']}"
    return None


def build_date() -> dt.date:
    """The day of the build: nothing observed may be dated after it."""
    return dt.date.today()


def _decimal_year(day: dt.date) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def _coerce(bound: object, like: object) -> object:
    """Bounds for dates are written as strings, and ``today`` means the build date
    (as a decimal year for numbers); compare like with like."""
    if bound == "today":
        return build_date() if isinstance(like, dt.date) else _decimal_year(build_date())
    if isinstance(like, dt.date) and isinstance(bound, str):
        return dt.date.fromisoformat(bound)
    return bound


def _future_problem(value: object) -> str | None:
    if isinstance(value, dt.date) and value > build_date():
        return (f"{value} is after the build date {build_date()}: "
                "nothing observed may be dated in the future")
    return None


# --------------------------------------------------------------------------- reading

def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, cells) rows of a CSV file, or a DataValidationError saying why not.

    The line of a row is the editor line it starts on, so it stays right after a
    quoted cell that spans several lines. Blank lines at the end of the file are ignored.
    """
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
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    while True:
        start = reader.line_num + 1
        try:
            rows.append((start, next(reader)))
        except StopIteration:
            break
        except csv.Error as exc:
            raise DataValidationError([Problem(
                file, f"malformed CSV in the row starting here ({exc}; read up to line "
                      f"{reader.line_num}): look for a stray or unbalanced quote",
                line=start)]) from None
    while rows and rows[-1][1] == []:
        rows.pop()
    (_, header), body = rows[0], rows[1:]
    return header, body


def _header_problems(file: str, header: list[str], expected: list[str]) -> list[Problem]:
    problems = []
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        problems.append(Problem(file, f"duplicate column name(s) {dupes}", line=1))
    for col in expected:
        if col not in header:
            problems.append(Problem(file, "required column is missing", line=1, column=col))
    for col in header:
        if col not in expected:
            problems.append(Problem(file, "column is not described in the catalogue", line=1,
                                    column=col))
    if not problems and header != expected:
        # Right names in the wrong places: swapped labels would otherwise give a message
        # for nearly every cell of the two columns, or none at all if their types agree.
        moved = ", ".join(f"'{h}' where the catalogue has '{e}'"
                          for h, e in zip(header, expected) if h != e)
        problems.append(Problem(file, f"the header labels look swapped: {moved}. Columns "
                                      "must be in the catalogue's order; fix the labels, or "
                                      "the order of the columns", line=1))
    return problems


def _validate_rows(file: str, header: list[str], body, res: dict):
    """Parse cells by the schema; return (records, problems)."""
    fields = res["schema"]["fields"]
    problems = _header_problems(file, header, [f["name"] for f in fields])
    if problems:
        return [], problems
    if not body:
        return [], [Problem(file, "has a header but no data rows")]
    records = []
    unique_seen: dict[str, dict[object, int]] = {f["name"]: {} for f in fields
                                                 if f.get("constraints", {}).get("unique")}
    for line, row in body:
        if len(row) != len(header):
            what = "is blank" if not row else f"has {len(row)} cells, the header has {len(header)}"
            problems.append(Problem(file, what, line=line))
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
            msg = _constraint_problem(value, cons) or _future_problem(value)
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
        ref_table = _load_valid_table(ref["resource"], data_dir, catalogue)
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
    # An array, not a list: pandas deep-copies attrs into every row Series it makes.
    frame.attrs["line"] = np.array([line for line, _ in records])
    return frame


def _run_checks(frame: pd.DataFrame, res: dict, data_dir: Path) -> list[Problem]:
    frame.attrs["data_dir"] = str(data_dir)  # for checks that compare with another table
    problems = []
    for check in res.get("checks", []):
        problems += TABLE_CHECKS[check["check"]](frame, res["path"], **check.get("with", {}))
    return problems


def load_table(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Return table ``name`` as a DataFrame after validating it against the catalogue.

    Raises :class:`DataValidationError` listing every problem (file, line, column)
    if the file does not match its description.
    """
    data_dir = Path(data_dir)
    catalogue = _shared_catalogue(data_dir)
    frame = _load_valid_table(name, data_dir, catalogue)
    TABLES_READ[name] = latest_observation(frame, resource(name, catalogue))
    return frame


def latest_observation(frame: pd.DataFrame, res: dict) -> str:
    """Latest date in a table's observation date columns (not access or publication
    dates), as an ISO date; empty when the table has none."""
    columns = [f["name"] for f in res["schema"]["fields"]
               if f["type"] == "date" and not f["name"].startswith("date_")]
    found = [frame[c].max() for c in columns if frame[c].notna().any()]
    return max(found).date().isoformat() if found else ""


def _table_inputs(name: str, catalogue: dict, seen: set[str] | None = None) -> set[str]:
    """The files a table's validation reads: its own, the tables its foreign keys name and
    those a check compares it with (a check that reads another table lists it in
    ``others``)."""
    seen = set() if seen is None else seen
    if name in seen:
        return set()
    seen.add(name)
    res = resource(name, catalogue)
    files = {res["path"]}
    related = [fk["reference"]["resource"] for fk in res["schema"].get("foreignKeys", [])]
    related += [other for check in res.get("checks", [])
                for other in check.get("with", {}).get("others", [])]
    for other in related:
        files |= _table_inputs(other, catalogue, seen)
    return files


def _inputs_digest(data_dir: Path, files: set[str]) -> str:
    digest = hashlib.blake2b()
    for file in sorted(files):
        path = data_dir / file
        digest.update(file.encode())
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


# Tables validated in this process, by name, folder, the content of every file their
# validation reads, and the catalogue object. A page or the claims ledger loads the same
# tables dozens of times; validating each load again was a third of the ledger's time.
_VALID_TABLES: collections.OrderedDict = collections.OrderedDict()
_VALID_TABLES_KEPT = 128


def _load_valid_table(name: str, data_dir: Path, catalogue: dict) -> pd.DataFrame:
    data_dir = Path(data_dir)
    key = (name, str(data_dir.resolve()),
           _inputs_digest(data_dir, _table_inputs(name, catalogue)), id(catalogue))
    if key not in _VALID_TABLES:
        # The catalogue is kept with the frame so its id cannot be reused while cached.
        _VALID_TABLES[key] = (_validated_table(name, data_dir, catalogue), catalogue)
        while len(_VALID_TABLES) > _VALID_TABLES_KEPT:
            _VALID_TABLES.popitem(last=False)
    _VALID_TABLES.move_to_end(key)
    return _VALID_TABLES[key][0].copy()  # callers may change their copy


def _validated_table(name: str, data_dir: Path, catalogue: dict) -> pd.DataFrame:
    res = resource(name, catalogue)
    path = data_dir / res["path"]
    header, body = _read_rows(path)
    records, problems = _validate_rows(res["path"], header, body, res)
    if not problems:
        problems = _key_problems(res["path"], records, res, catalogue, data_dir)
    if problems:
        raise DataValidationError(problems)
    frame = _to_frame(records, res)
    problems = _run_checks(frame, res, data_dir)
    if problems:
        raise DataValidationError(problems)
    # pandas compares attrs when concatenating frames, which an array cannot do.
    frame.attrs = {"table": res["name"], "line": FileLines(frame.attrs["line"].tolist())}
    return frame


class FileLines(tuple):
    """The file line of each row of a loaded table.

    pandas deep-copies ``attrs`` into the result of every operation on a frame; a plain
    tuple of line numbers is copied element by element each time, which cost seconds per
    page. The numbers never change, so every copy can share this one object.
    """

    def __deepcopy__(self, memo):
        return self


def check_book_root(book_root: Path | str) -> None:
    """Raise unless this ``analysis`` package and its ``data/`` belong to ``book_root``.

    Another checkout's package (an editable install, a stale PYTHONPATH) would
    otherwise build this book from that checkout's data without any error.
    """
    if Path(book_root).resolve() != BOOK_ROOT:
        raise ImportError(f"the book at {Path(book_root).resolve()} is being built with the "
                          f"'analysis' package and data of {BOOK_ROOT}; remove the other "
                          "checkout from PYTHONPATH or uninstall it (pip uninstall "
                          "ai-factory-tested)")


if os.environ.get(BOOK_ROOT_ENV):  # inside a build and its notebook kernels
    check_book_root(os.environ[BOOK_ROOT_ENV])


def validate_all(data_dir: Path | str = DATA_DIR) -> list[str]:
    """Validate every table in the catalogue and flag any file it does not describe.

    Any file, whatever its extension or case (``.CSV``, ``.tsv``, ``.xlsx``), is either
    the catalogue or a table the catalogue lists: data nobody validates must not sit
    beside data that is. Returns the validated table names; raises DataValidationError
    otherwise.
    """
    data_dir = Path(data_dir)
    catalogue = read_catalogue(data_dir)
    described = {CATALOGUE_FILE} | {res["path"] for res in catalogue["resources"]}
    problems = [Problem(p.name, "file is not described in the catalogue (every file in "
                                "data/ must be a table listed in datapackage.yaml)")
                for p in sorted(data_dir.iterdir()) if p.name not in described]
    names = []
    for res in catalogue["resources"]:
        try:
            _load_valid_table(res["name"], data_dir, catalogue)
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
    return int(frame.attrs["line"][index])


def _rows(frame: pd.DataFrame):
    """(index, row as dict) pairs: much faster than iterrows, which copies attrs per row."""
    return zip(frame.index, frame.to_dict("records"))


def _pairs(frame: pd.DataFrame):
    """Consecutive ((index, row), (index, row)) pairs of a frame."""
    rows = list(_rows(frame))
    return zip(rows, rows[1:])


def _quarter(year, quarter) -> str:
    return f"Q{int(quarter)} FY{int(year)}"


def _group_label(keys, values) -> str:
    values = values if isinstance(values, tuple) else (values,)
    return ", ".join(f"{k} {v}" for k, v in zip(keys, values))


def _listed(frame: pd.DataFrame, rows: pd.DataFrame, category: str, value: str) -> str:
    """The rows of a sum that does not reconcile, each with its value and line."""
    return " + ".join(f"{row[category]} {_human(row[value])} (line {_line(frame, i)})"
                      for i, row in _rows(rows))


def check_components_sum_to_total(frame, file, group_by, category, value, total,
                                  tolerance, components=None):
    """Within each group the components must add up to the reported total (± tolerance).

    A gap is reported on the first component row with every component listed, since a
    typo is as likely in a component as in the total.
    """
    problems = []
    for key, group in frame.groupby(group_by, sort=False):
        totals = group[group[category] == total]
        parts = group[group[category] != total]
        if components is not None:
            parts = parts[parts[category].isin(components)]
        if totals.empty:
            problems.append(Problem(file, f"group {_group_label(group_by, key)} has no "
                                          f"'{total}' row", line=_line(frame, group.index[0])))
            continue
        reported = totals[value].iloc[0]
        gap = parts[value].sum() - reported
        if abs(gap) > tolerance:
            listed = _listed(frame, parts, category, value)
            problems.append(Problem(file, f"{_group_label(group_by, key)}: the components "
                                          f"{listed} sum to {_human(parts[value].sum())}, but "
                                          f"the reported {total} on line "
                                          f"{_line(frame, totals.index[0])} is "
                                          f"{_human(reported)} (off by {_human(gap)}, tolerance "
                                          f"{_human(tolerance)}): check each component and the "
                                          "total", line=_line(frame, parts.index[0]), column=value))
    return problems


def check_series_continuity(frame, file, order, value, max_factor, series=(), notes=None):
    """Consecutive values of a series may not change by more than ``max_factor``.

    A whole period typed in the wrong unit (billions for millions, a fraction for a
    percentage) still reconciles and stays within broad bounds, but jumps against its
    neighbours. A real jump passes when the row's ``notes`` cell says why using the
    word "jump".
    """
    problems = []
    for _, group in _series(frame, series):
        group = group.dropna(subset=[value]).sort_values(list(order))
        for (b, before), (i, row) in _pairs(group):
            if before[value] <= 0 or row[value] <= 0:
                continue
            factor = max(row[value] / before[value], before[value] / row[value])
            explained = notes and "jump" in str(row[notes] or "").lower()
            if factor > max_factor and not explained:
                how = (f"if it is real, say why in this row's {notes} using the word 'jump'"
                       if notes else "if it is real, the table needs a notes column saying why")
                label = " ".join(str(row[c]) for c in series)
                problems.append(Problem(file, f"{label + ' ' if label else ''}{value} "
                                              f"{_human(row[value])} is {factor:,.0f}x away from "
                                              f"{_human(before[value])} on line "
                                              f"{_line(frame, b)}, beyond the "
                                              f"{_human(max_factor)}x allowed between "
                                              f"consecutive rows: a unit slip or typo? {how}",
                                        line=_line(frame, i), column=value))
    return problems


def _series(frame, series):
    return frame.groupby(list(series), sort=False) if series else [((), frame)]


def check_quarters_consecutive(frame, file, series=(), year="fiscal_year",
                               quarter="fiscal_quarter", known_gaps=()):
    """Every fiscal quarter between a series' first and last must be present.

    ``known_gaps`` lists each accepted gap as ``{after: [year, quarter], why: ...}``, with
    ``series: [...]`` (the series' values) when it concerns one series only. A quarter
    shifted by a year (with a date to match) leaves a gap this check finds.
    """
    def accepted(series_key, after):
        return any(list(gap["after"]) == list(after)
                   and list(gap.get("series", series_key)) == list(series_key)
                   for gap in known_gaps)

    problems = []
    for key, group in _series(frame, series):
        group = group.sort_values([year, quarter])
        for (b, before), (i, row) in _pairs(group):
            step = (row[year] * 4 + row[quarter]) - (before[year] * 4 + before[quarter])
            if step > 1 and not accepted(key, (before[year], before[quarter])):
                label = " ".join(str(row[c]) for c in series)
                problems.append(Problem(file, f"{label + ': ' if label else ''}{step - 1} "
                                              f"quarter(s) missing between "
                                              f"{_quarter(before[year], before[quarter])} (line "
                                              f"{_line(frame, b)}) and "
                                              f"{_quarter(row[year], row[quarter])}: a missing "
                                              "or mis-dated quarter? (a real gap is listed under "
                                              "known_gaps in the catalogue)",
                                        line=_line(frame, i), column=year))
    return problems


def check_matches_other_tables(frame, file, keys, category, parts, value, others,
                               other_category, other_value, tolerance, rounding=None):
    """Where all ``parts`` of a group are present, their sum must equal the value the
    other tables report for the same keys (e.g. compute + networking = Data Center).

    ``rounding`` = {column, steps}: a figure published rounded to ``step`` may be off by
    half a step, so each part's half step widens the tolerance.
    """
    reference = {}
    for name in others:
        table = load_table(name, frame.attrs["data_dir"])
        for i, row in _rows(table[table[other_category] == other_value]):
            reference[tuple(row[k] for k in keys)] = (row[value], name, _line(table, i))
    problems = []
    for key, group in frame[frame[category].isin(parts)].groupby(list(keys), sort=False):
        if set(group[category]) != set(parts) or key not in reference:
            continue
        reported, table_name, line = reference[key]
        allowed = tolerance + (group[rounding["column"]].map(rounding["steps"]).sum() / 2
                               if rounding else 0)
        total = group[value].sum()
        if abs(total - reported) > allowed:
            listed = _listed(frame, group, category, value)
            problems.append(Problem(file, f"{_group_label(keys, key)}: {listed} sum to "
                                          f"{_human(total)}, "
                                          f"but {table_name} line {line} gives {other_value} "
                                          f"{_human(reported)} (off by "
                                          f"{_human(total - reported)}, tolerance "
                                          f"{_human(allowed)})",
                                    line=_line(frame, group.index[0]), column=value))
    return problems


def check_weighted_sum_matches(frame, file, total, weights, relative_tolerance):
    """Where all are given, ``total`` must equal the weighted sum of the ``weights`` columns
    (e.g. a blended price = 3/4 input + 1/4 output): one column in another unit breaks it."""
    complete = frame.dropna(subset=[total, *weights])
    expected = sum(complete[column] * weight for column, weight in weights.items())
    off = (complete[total] - expected).abs() > relative_tolerance * expected.abs()
    terms = " + ".join(f"{_human(weight)} x {column}" for column, weight in weights.items())
    return [Problem(file, f"{total} {_human(row[total])} is not {terms} = "
                          f"{_human(expected[i])}: is one of them in another unit?",
                    line=_line(frame, i), column=total)
            for i, row in _rows(complete[off])]


def check_bounds_by_category(frame, file, category, columns, bounds):
    """Plausible range of ``columns`` for each value of ``category`` (e.g. per unit).

    ``bounds`` maps each category to {minimum, maximum, why}; a category without
    bounds is reported, so a new unit cannot slip past the check.
    """
    problems = []
    for i, row in _rows(frame):
        bound = bounds.get(row[category])
        if bound is None:
            problems.append(Problem(file, f"no plausible range is stated for {category} "
                                          f"'{row[category]}' (bounds_by_category in the "
                                          "catalogue)", line=_line(frame, i), column=category))
            continue
        for column in columns:
            if pd.notna(row[column]) and not bound["minimum"] <= row[column] <= bound["maximum"]:
                problems.append(Problem(file, f"{_human(row[column])} is outside the plausible "
                                              f"range {_human(bound['minimum'])} to "
                                              f"{_human(bound['maximum'])} for "
                                              f"'{row[category]}' ({bound['why']})",
                                        line=_line(frame, i), column=column))
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
    for i, row in _rows(frame):
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
    "series_continuity": check_series_continuity,
    "quarters_consecutive": check_quarters_consecutive,
    "matches_other_tables": check_matches_other_tables,
    "bounds_by_category": check_bounds_by_category,
    "weighted_sum_matches": check_weighted_sum_matches,
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
