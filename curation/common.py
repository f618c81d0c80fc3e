"""What every curation script shares: its command line and the comparison of a
rebuilt table with the committed one.

A script supplies a :class:`Curation`: the table's name, key and compared
columns, a ``rebuild`` function reading the original documents, and which
committed rows the originals can check (the rest were compiled by hand from
other documents and are counted, with the reason, instead).
"""

from __future__ import annotations

import argparse
import csv
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TextIO

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class SourceFormatError(ValueError):
    """An original document does not look as the parser expects."""


@dataclass(frozen=True)
class Curation:
    """How one table is rebuilt: ``key`` identifies a row in both tables,
    ``compared`` are the columns the originals determine, ``checkable`` picks
    the committed rows that come from these originals."""

    table: str
    key: tuple[str, ...]
    compared: tuple[str, ...]
    rebuild: Callable[[Path], list[dict]]
    checkable: Callable[[dict], bool] = lambda row: True
    unchecked_reason: str = ""


@contextmanager
def source_reader(folder: Path, name: str, needed) -> Iterator[csv.DictReader]:
    """An original CSV (``folder/name``) opened as a reader, once its file and its
    ``needed`` columns are known to be there: a clear error names what is missing."""
    path = folder / name
    if not path.is_file():
        raise SourceFormatError(f"{folder}: {name} not found")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        absent = [c for c in needed if c not in (reader.fieldnames or [])]
        if absent:
            raise SourceFormatError(f"{name}: columns {absent} not found")
        yield reader


def read_table(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_table(rows: list[dict], columns: list[str], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def same_value(committed: str, original: str) -> bool:
    """Equal as numbers when both are numbers (so 12 == 12.0), else as text."""
    try:
        return float(committed) == float(original)
    except ValueError:
        return committed == original


def differences(rebuilt: list[dict], committed: list[dict], key: tuple[str, ...],
                compared: tuple[str, ...]) -> list[str]:
    """One line per differing row and per row found in only one of the two tables."""
    def index(rows, what):
        by_key = {}
        for row in rows:
            row_key = tuple(row[k] for k in key)
            if row_key in by_key:
                raise SourceFormatError(f"{what} has two rows with key {row_key}")
            by_key[row_key] = row
        return by_key

    original, table = index(rebuilt, "rebuilt table"), index(committed, "committed table")
    lines = []
    for row_key in sorted(original.keys() | table.keys()):
        label = ", ".join(f"{k}={v}" for k, v in zip(key, row_key))
        if row_key not in table:
            lines.append(f"only in the originals: {label}")
        elif row_key not in original:
            lines.append(f"only in the committed table: {label}")
        else:
            for column in compared:
                ours, theirs = table[row_key][column], original[row_key][column]
                if not same_value(ours, theirs):
                    lines.append(f"differs: {label}: {column} committed {ours!r}, "
                                 f"originals give {theirs!r}")
    return lines


def check(curation: Curation, raw_dir: Path, data_dir: Path = DATA_DIR) -> tuple[list[str], str]:
    """Compare the rebuilt table with the committed one: (difference lines, summary)."""
    committed = read_table(data_dir / f"{curation.table}.csv")
    checked = [row for row in committed if curation.checkable(row)]
    unchecked = len(committed) - len(checked)
    rebuilt = curation.rebuild(raw_dir)
    lines = differences(rebuilt, checked, curation.key, curation.compared)
    summary = (f"{curation.table}: {len(checked)} committed rows checked against "
               f"{len(rebuilt)} rebuilt from the originals, {len(lines)} difference(s)")
    if unchecked:
        summary += f"; {unchecked} rows not checked: {curation.unchecked_reason}"
    return lines, summary


def main(curation: Curation, argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=f"Rebuild data/{curation.table}.csv from its original documents.")
    parser.add_argument("raw_dir", type=Path, help="folder holding the original documents")
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed table; exit 1 on any difference")
    parser.add_argument("--out", type=Path,
                        help="write the rebuilt table here (default: standard output)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR,
                        help="folder of the committed tables (default: the repository's data/)")
    args = parser.parse_args(argv)
    if not args.raw_dir.is_dir():
        parser.error(f"{args.raw_dir} is not a folder")
    if args.check:
        lines, summary = check(curation, args.raw_dir, args.data_dir)
        for line in lines:
            print(line)
        print(summary)
        return 1 if lines else 0
    rows = curation.rebuild(args.raw_dir)
    columns = list(rows[0]) if rows else list(curation.key + curation.compared)
    if args.out:
        with args.out.open("w", encoding="utf-8", newline="") as handle:
            write_table(rows, columns, handle)
    else:
        write_table(rows, columns, sys.stdout)
    return 0
