"""Store the exports of the current build as a release: releases/<version>/.

Usage, after a strict build of the commit being released:
    .venv/bin/python scripts/release.py [--site _build/html]

The version is ``[project] version`` in pyproject.toml (CITATION.cff must agree). The
script copies ``figures/claims-ledger.csv`` and ``figures/key-numbers.csv`` from the
built site and writes ``release.json`` with the date, the commit and which exports were
present; an export the build did not produce is recorded as missing, not faked. It
refuses to overwrite a stored release (bump the version first) and to store a release in
which a verdict changed without a reason: write one in ``releases/reasons.csv`` under
release ``next``, which the script then files under the new version.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import changelog, sphinx_cite  # noqa: E402


def store_release(site: Path, releases_dir: Path, version: str, commit: str,
                  date: str) -> Path:
    figures = site / "figures"
    if not (figures / "claims-ledger.csv").is_file():
        raise SystemExit(f"{figures}/claims-ledger.csv not found: build the book first")
    target = releases_dir / version
    if target.exists():
        raise SystemExit(f"{target} exists: release {version} is already stored; "
                         "bump [project] version in pyproject.toml and CITATION.cff")
    target.mkdir(parents=True)
    present, missing = [], []
    for export in changelog.EXPORTS:
        source = figures / f"{export.name}.csv"
        if source.is_file():
            shutil.copy2(source, target / source.name)
            present.append(export.name)
        else:
            missing.append(export.name)
    _file_reasons(releases_dir, target, version)
    manifest = {"version": version, "date": date, "commit": commit,
                "exports": present, "missing_exports": missing}
    (target / changelog.MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n",
                                             encoding="utf-8")
    return target


def _file_reasons(releases_dir: Path, target: Path, version: str) -> None:
    """Refuse (removing the half-stored release) if a changed verdict has no reason;
    otherwise file the ``next`` reasons under ``version``."""
    reasons = changelog.read_reasons(releases_dir)
    reasons.loc[reasons["release"] == changelog.UNRELEASED, "release"] = version
    versions = changelog.released_versions(releases_dir)
    ledger = changelog.EXPORTS[0]
    new = target / f"{ledger.name}.csv"
    if versions and new.is_file():
        old = releases_dir / versions[-1] / f"{ledger.name}.csv"
        changes = changelog.diff_exports(changelog.read_export(old, ledger.key),
                                         changelog.read_export(new, ledger.key), ledger.watched)
        missing = changelog.unexplained_verdicts(changes, version, reasons)
        if missing:
            shutil.rmtree(target)
            raise SystemExit(f"verdicts changed without a reason: {', '.join(missing)}; add rows "
                             f"with release '{changelog.UNRELEASED}' to {releases_dir / changelog.REASONS}")
    reasons.to_csv(releases_dir / changelog.REASONS, index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    args = parser.parse_args()
    target = store_release(args.site, changelog.RELEASES_DIR, sphinx_cite.release_version(),
                           sphinx_cite.git_commit(), dt.date.today().isoformat())
    print(f"stored {target}")


if __name__ == "__main__":
    main()
