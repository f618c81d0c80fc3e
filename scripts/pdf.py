"""Build the PDF edition of the whole book, offline.

The book is built with Sphinx's ``singlehtml`` builder (charts as static PNGs, see
analysis/sphinx_pdf.py), then printed to PDF by Debian's Chromium in headless mode. Nothing
is downloaded: the page loads only local files, and Chromium's name resolution is switched
off so a stray request would fail rather than reach the network.

Usage (scripts/pdf.sh installs the environment first):
    .venv/bin/python scripts/pdf.py [--out _build/pdf/ai-factory-tested.pdf]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PDF_NAME = "ai-factory-tested.pdf"


def build_single_page(root: Path) -> Path:
    """Strict singlehtml build; returns the page that holds the whole book."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    subprocess.run([str(jupyter_book), "build", str(root), "--builder", "singlehtml",
                    "-W", "-n", "--keep-going"], cwd=root, check=True,
                   env={**os.environ, "PYTHONPATH": str(root)})
    # The builder writes the book at the root document's path (book/index.html) but makes
    # its links relative to the output root; a copy at the root makes them resolve.
    toc_root = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))["root"]
    out = root / "_build" / "singlehtml"
    page = out / PDF_NAME.replace(".pdf", ".html")
    shutil.copyfile(out / f"{toc_root}.html", page)
    return page


def print_to_pdf(page: Path, out: Path, chromium: str) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--host-resolver-rules=MAP * ~NOTFOUND",
                        f"--user-data-dir={profile}", "--no-pdf-header-footer",
                        "--virtual-time-budget=20000", f"--print-to-pdf={out}",
                        page.as_uri()], check=True, capture_output=True, timeout=300)
    if not out.is_file() or out.stat().st_size == 0:
        raise SystemExit(f"Chromium did not write {out}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    out = args.out or args.root / "_build" / "pdf" / PDF_NAME
    print(f"wrote {print_to_pdf(build_single_page(args.root), out, args.chromium)}")


if __name__ == "__main__":
    main()
