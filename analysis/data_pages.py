"""Sphinx extension that publishes the curated data with the site.

* Copies every table named in ``data/datapackage.yaml`` and the catalogue itself into
  the site under ``data/``, so each is downloadable next to the report.
* Writes one page per table (fields with types, units and descriptions; coverage;
  the sources its rows cite, with links; licence; download link) into
  ``book/appendix/tables/`` from the catalogue at every build. These pages are
  generated, not kept in git (see ``.gitignore``), so they cannot drift from the data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from sphinx.application import Sphinx

from . import catalogue
from .report import md_cell, prose
from .sphinx_ext import FINGERPRINT_FILE, inputs_fingerprint

PAGES_DIR = Path("book") / "appendix" / "tables"
SITE_DATA_DIR = "data"  # folder of the site that holds the downloads


def download_href(page_dir: Path, filename: str) -> str:
    """Relative link from a page in ``page_dir`` (relative to the site root) to a download."""
    up = "../" * len(page_dir.parts)
    return f"{up}{SITE_DATA_DIR}/{filename}"


def _cited_source_ids(table: pd.DataFrame) -> list[str]:
    if "source_id" not in table:
        return []
    ids = table["source_id"].dropna().astype(str).str.split(";").explode().str.strip()
    return sorted(set(ids) - {""})


def coverage_lines(res: dict, table: pd.DataFrame) -> list[str]:
    """Rows, and the span of every date field, as Markdown list items."""
    lines = [f"- Rows: {len(table):,}"]
    for field in res["schema"]["fields"]:
        if field["type"] == "date" and table[field["name"]].notna().any():
            dates = table[field["name"]].dropna()
            lines.append(f"- `{field['name']}` from {dates.min().date().isoformat()} "
                         f"to {dates.max().date().isoformat()}")
    return lines


def table_page(res: dict, table: pd.DataFrame, sources: pd.DataFrame) -> str:
    """The MyST page for one table of the catalogue."""
    href = download_href(PAGES_DIR, res["path"])
    catalogue_href = download_href(PAGES_DIR, catalogue.CATALOGUE_FILE)
    licences = "; ".join(lic.get("title", lic["name"]) for lic in res.get("licenses", []))
    key = ", ".join(f"`{k}`" for k in res["schema"].get("primaryKey", [])) or "none"
    lines = [f"(data-{res['name'].replace('_', '-')})=", f"# {md_cell(res['title'])}", "",
             prose(res["description"].strip()), "",
             f'Download: <a href="{href}" download><code>{res["path"]}</code> (CSV)</a>; its '
             f'schema is in the catalogue <a href="{catalogue_href}" download>'
             f"<code>{catalogue.CATALOGUE_FILE}</code></a>.", "",
             "## Coverage", "", *coverage_lines(res, table), f"- Primary key: {key}",
             f"- Licence: {md_cell(licences)}", "",
             "## Fields", "", "| field | type | unit | description |", "|---|---|---|---|"]
    for field in res["schema"]["fields"]:
        lines.append(f"| `{field['name']}` | {field['type']} | {md_cell(field.get('unit', ''))} "
                     f"| {prose(field['description'])} |")
    lines += ["", "## Sources", ""]
    cited = _cited_source_ids(table)
    described = "; ".join(s["title"] for s in res.get("sources", []))
    if not cited:
        lines.append(prose(described) + ".")
    else:
        lines += [prose(described) + ". The rows cite these documents:", "",
                  "| source | publisher | document | accessed |", "|---|---|---|---|"]
        for s in sources[sources["source_id"].isin(cited)].itertuples():
            lines.append(f"| `{s.source_id}` | {prose(s.publisher)} | "
                         f"[{prose(s.title)}](<{s.url}>) | {s.date_accessed.date().isoformat()} |")
    return "\n".join(lines) + "\n"


def write_table_pages(srcdir: Path, data_dir: Path = catalogue.DATA_DIR) -> list[Path]:
    """(Re)write one page per catalogued table; drop pages of tables no longer catalogued.

    A page is rewritten only when its text changes, so an unchanged catalogue does not
    make Sphinx re-read the pages.
    """
    cat = catalogue.read_catalogue(data_dir)
    sources = catalogue.load_table("sources", data_dir)
    out = srcdir / PAGES_DIR
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for res in cat["resources"]:
        page = out / f"{res['name']}.md"
        text = table_page(res, catalogue.load_table(res["name"], data_dir), sources)
        if not page.exists() or page.read_text(encoding="utf-8") != text:
            page.write_text(text, encoding="utf-8")
        written.append(page)
    for stale in set(out.glob("*.md")) - set(written):
        stale.unlink()
    return written


def copy_downloads(dest: Path, data_dir: Path = catalogue.DATA_DIR) -> None:
    """Put the catalogue and every catalogued table in ``dest/data/``."""
    cat = catalogue.read_catalogue(data_dir)
    target = dest / SITE_DATA_DIR
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in [catalogue.CATALOGUE_FILE, *(res["path"] for res in cat["resources"])]:
        shutil.copy2(data_dir / name, target / name)


def _on_config_inited(app: Sphinx, config) -> None:
    # Loading every table costs about a second: skip it when neither the data nor the
    # code that writes the pages changed since the pages were written.
    data_dir = Path(app.srcdir) / "data"
    stamp = Path(app.srcdir) / PAGES_DIR / FINGERPRINT_FILE
    fingerprint = inputs_fingerprint(data_dir)
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    write_table_pages(Path(app.srcdir), data_dir)
    stamp.write_text(fingerprint)


def _on_build_finished(app: Sphinx, exception) -> None:
    # Copied here rather than through html_extra_path, whose files are filtered by
    # exclude_patterns, and the book excludes "data" so Sphinx does not read it as pages.
    if exception is None and app.builder.format == "html":
        copy_downloads(Path(app.outdir), Path(app.srcdir) / "data")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _on_config_inited)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
