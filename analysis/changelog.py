"""What changed between releases: diffs of the report's machine-readable exports.

Each release stores the exports of the build it was cut from under
``releases/<version>/`` (``scripts/release.py``): the claims ledger
(``claims-ledger.csv``, one row per ``claim_id``) and the key numbers
(``key-numbers.csv``, one row per ``id``) when that export existed, plus
``release.json`` saying which exports were present. The changelog page diffs
each stored release against the one before it; :func:`since_last_release`
diffs a fresh build against the newest stored release.

Why a row moved is written by people, in ``releases/reasons.csv``: one line per
(release, key pattern), where the release is a version or ``next`` for changes not
yet released (``scripts/release.py`` renames ``next`` when it cuts a release) and the
pattern is a claim id or key-number id, ``*`` standing for any characters (``pr-*``
covers a whole page's numbers).  Every changed verdict must have a reason.
"""

from __future__ import annotations

import fnmatch
import json
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .report import header, md_cell, number

RELEASES_DIR = Path(__file__).resolve().parent.parent / "releases"
MANIFEST = "release.json"
REASONS = "reasons.csv"
UNRELEASED = "next"


@dataclass(frozen=True)
class Export:
    """One machine-readable export: its file stem, row key and the columns a reader follows."""

    name: str
    key: str
    watched: tuple[str, ...]
    label: str
    rows: str  # what one row is, in the plural
    key_label: str  # the key column's header for a reader


# Columns by their headers for readers (report.header); older exports with field names are
# read through the same mapping.
_WATCHED = ("Value", "Low (95% interval)", "High (95% interval)", "Unit")
EXPORTS = (
    Export("claims-ledger", "Claim", ("Verdict", *_WATCHED), "Verdicts", "claims", "claim"),
    Export("key-numbers", "Key", _WATCHED, "Key numbers", "numbers", "number"),
)
DIFF_COLUMNS = ["key", "change", "column", "old", "new"]


def _same(old: str, new: str) -> bool:
    """Equal as text, or as numbers up to float noise (a rebuild may differ in the last bit)."""
    if old == new:
        return True
    try:
        return math.isclose(float(old), float(new), rel_tol=1e-9, abs_tol=0.0)
    except ValueError:
        return False


def read_export(path: Path, key: str) -> pd.DataFrame:
    """An export as text, indexed by its key; a missing or repeated key is an error."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).rename(columns=header)
    if key not in frame:
        raise ValueError(f"{path}: no key column '{key}'")
    repeated = frame[key][frame[key].duplicated()].tolist()
    if repeated:
        raise ValueError(f"{path}, column '{key}': repeated keys {repeated}")
    return frame.set_index(key)


def diff_exports(old: pd.DataFrame, new: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Rows added, removed, or changed in any of ``columns``, with old and new values.

    ``old`` and ``new`` are indexed by the row key (see :func:`read_export`). A column
    missing on one side counts as empty there. Result columns: ``DIFF_COLUMNS``.
    """
    rows = [(k, "added", "", "", "") for k in new.index.difference(old.index, sort=False)]
    rows += [(k, "removed", "", "", "") for k in old.index.difference(new.index, sort=False)]
    for k in old.index.intersection(new.index, sort=False):
        for column in columns:
            before, after = old.loc[k].get(column, ""), new.loc[k].get(column, "")
            if not _same(before, after):
                rows.append((k, "changed", column, before, after))
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def read_reasons(releases_dir: Path = RELEASES_DIR) -> pd.DataFrame:
    """The stored reasons (columns release, key, reason); none stored is an empty table."""
    path = releases_dir / REASONS
    if not path.is_file():
        return pd.DataFrame(columns=["release", "key", "reason"])
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"release", "key", "reason"} - set(table.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    empty = table.index[(table == "").any(axis=1)].tolist()
    if empty:
        raise ValueError(f"{path}, row {empty[0] + 2}: every column needs a value")
    return table


def reason_for(key: str, release: str, reasons: pd.DataFrame) -> str:
    """The reason recorded for ``key`` in ``release``: the first matching pattern, or ''."""
    for row in reasons[reasons["release"] == release].itertuples(index=False):
        if fnmatch.fnmatchcase(key, row.key):
            return row.reason
    return ""


def unexplained_verdicts(changes: pd.DataFrame, release: str, reasons: pd.DataFrame) -> list:
    """Claims whose verdict changed in ``release`` without a recorded reason."""
    moved = changes[changes["change"] == "changed"]
    return sorted({k for k in moved["key"] if not reason_for(k, release, reasons)})


def released_versions(releases_dir: Path = RELEASES_DIR) -> list[str]:
    """Stored releases, oldest first, by numeric version order (0.10.0 after 0.9.0)."""
    if not releases_dir.is_dir():
        return []
    versions = [p.name for p in releases_dir.iterdir() if (p / MANIFEST).is_file()]
    return sorted(versions, key=lambda v: tuple(int(part) for part in v.split(".")))


def read_manifest(version: str, releases_dir: Path = RELEASES_DIR) -> dict:
    return json.loads((releases_dir / version / MANIFEST).read_text(encoding="utf-8"))


def _export_path(folder: Path, export: Export) -> Path | None:
    path = folder / f"{export.name}.csv"
    return path if path.is_file() else None


def readable_value(text: str) -> str:
    """A stored value as a reader reads it: numbers to four significant digits (exports keep
    every digit; the page need not), words as they are."""
    try:
        value = float(text)
    except ValueError:
        return text
    if math.isnan(value):
        return "none"
    if math.isinf(value):
        return "unbounded"
    if value == int(value):
        return str(number(value, 0))
    magnitude = math.floor(math.log10(abs(value)))
    return str(number(value, max(0, min(6, 3 - magnitude))))


def _diff_markdown(export: Export, old: Path | None, new: Path | None, previous: str,
                   current: str, reasons: pd.DataFrame, release: str) -> str:
    """``current`` names the newer side for the reader: "this build" or "release 0.2.0";
    ``release`` is the version (or ``next``) whose reasons explain the rows."""
    if new is None:
        return f"{export.label}: not exported in {current}."
    current = read_export(new, export.key)
    if old is None:
        return (f"{export.label}: first exported here ({len(current)} {export.rows}; "
                f"release {previous} has no `{export.name}` export to compare with).")
    changes = diff_exports(read_export(old, export.key), current, export.watched)
    if changes.empty:
        return f"{export.label}: no change since {previous} ({len(current)} {export.rows})."
    lines = [f"{export.label}: changes since {previous}.", "",
             f"| {export.key_label} | change | column | before | after | why |",
             "|---|---|---|---|---|---|"]
    # Rows added or removed for one reason are listed together, so a new chapter's
    # hundreds of numbers take one row, not hundreds.
    for change in ("added", "removed"):
        rows = changes[changes["change"] == change]
        whys = [reason_for(k, release, reasons) or "not recorded" for k in rows["key"]]
        for why in dict.fromkeys(whys):
            keys = [k for k, w in zip(rows["key"], whys) if w == why]
            # Keys are identifiers, set as code (a key such as inf-share is not the word 'inf').
            codes = [f"`{k}`" for k in keys]
            label = codes[0] if len(keys) == 1 else f"{', '.join(codes)} ({len(keys)} {export.rows})"
            lines.append("| " + " | ".join(md_cell(v) for v in (label, change, "", "", "", why))
                         + " |")
    previous_key = None
    for row in changes[changes["change"] == "changed"].itertuples(index=False):
        # The reason is given once per key; the key's further rows share it.
        why = ("as above" if row.key == previous_key else
               reason_for(row.key, release, reasons) or "not recorded")
        previous_key = row.key
        cells = (f"`{row.key}`", row.change, row.column, readable_value(row.old),
                 readable_value(row.new), why)
        lines.append("| " + " | ".join(md_cell(v) for v in cells) + " |")
    return "\n".join(lines)


def release_markdown(version: str, releases_dir: Path = RELEASES_DIR) -> str:
    """One release's section: what its build was, and its exports diffed with the previous one."""
    versions = released_versions(releases_dir)
    manifest = read_manifest(version, releases_dir)
    lines = [f"## Release {version}", "",
             f"Cut on {manifest['date']} from commit `{manifest['commit']}`."]
    position = versions.index(version)
    folder = releases_dir / version
    if position == 0:
        lines.append("First release: nothing earlier to compare with.")
        for export in EXPORTS:
            path = _export_path(folder, export)
            lines.append(f"{export.label}: {len(read_export(path, export.key))} {export.rows}."
                         if path else f"{export.label}: not yet exported by the report.")
        return "\n\n".join(lines)
    previous = versions[position - 1]
    reasons = read_reasons(releases_dir)
    for export in EXPORTS:
        lines.append(_diff_markdown(export, _export_path(releases_dir / previous, export),
                                    _export_path(folder, export), previous, f"release {version}",
                                    reasons, version))
    return "\n\n".join(lines)


def changelog_markdown(releases_dir: Path = RELEASES_DIR) -> str:
    """Every stored release, newest first, each diffed against the release before it."""
    versions = released_versions(releases_dir)
    if not versions:
        return "No release has been stored yet."
    return "\n\n".join(release_markdown(v, releases_dir) for v in reversed(versions))


def since_last_release(built_dir: Path, releases_dir: Path = RELEASES_DIR,
                       exports: tuple[Export, ...] = EXPORTS) -> str:
    """The exports of the current build (``built_dir``, e.g. the site's ``figures/``)
    diffed against the newest stored release, as Markdown.

    For the changelog page's "since the last release" section: call it from a notebook
    cell with ``analysis.figures.figure_dir()`` once the summary has written its exports.
    """
    versions = released_versions(releases_dir)
    if not versions:
        return "No release has been stored yet."
    latest = versions[-1]
    reasons = read_reasons(releases_dir)
    return "\n\n".join(
        _diff_markdown(export, _export_path(releases_dir / latest, export),
                       _export_path(built_dir, export), latest, "this build", reasons,
                       UNRELEASED)
        for export in exports)
