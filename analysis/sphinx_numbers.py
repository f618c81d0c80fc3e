"""Sphinx extension: the claims ledger once per build, and the key-numbers export.

* Before any page runs, the claims ledger is computed once and stored beside the
  figure downloads; every page that shows verdicts reads that copy
  (:func:`analysis.claims.published_ledger`).  The figure folder is emptied
  whenever data or code change, so a stale ledger never survives.
* After the build, every number glued on any page (the ``.glue.json`` files that
  myst-nb writes next to each executed notebook) is exported with its page, value,
  interval, unit, the tables its page had read and their latest observation date, as
  ``figures/key-numbers.csv`` and ``.json``.
"""

from __future__ import annotations

import json
from ast import literal_eval
from pathlib import Path

import pandas as pd
from sphinx.application import Sphinx

from . import claims, figures
from .report import QUANTITY_MIME, header

KEY_NUMBERS = "key-numbers"
# Tables that describe the report itself, not observations.
_NOT_OBSERVATIONS = {"sources", "claims", "talks", "claim_sources"}


def _on_builder_inited(app: Sphinx) -> None:
    if not (figures.figure_dir() / f"{claims.LEDGER_FILE}.json").exists():
        claims.write_ledger(claims.ledger())


def _unquoted(text: str) -> str:
    """Glued plain text without the quotes ``report.glued_plain_text`` may have added."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return str(literal_eval(text))
    return text


def _as_number(text: str) -> float | None:
    """A count glued as plain text ('1,234') still exports its value."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def key_numbers(execute_dir: Path, docnames, titles: dict[str, str]) -> pd.DataFrame:
    """Every glued number of the given pages, one row per glue key."""
    rows = []
    for doc in sorted(docnames):
        glued = execute_dir / f"{doc}.glue.json"
        if not glued.exists():
            continue
        for key, output in json.loads(glued.read_text(encoding="utf-8")).items():
            data = output.get("data", {})
            quantity = data.get(QUANTITY_MIME)
            if "text/plain" not in data or "text/html" in data:
                continue  # figures and tables are exported by their own downloads
            quantity = {k: val for k, val in (quantity or {}).items() if val is not None}
            tables = {name: day for name, day in quantity.get("tables", {}).items()
                      if name not in _NOT_OBSERVATIONS}
            text = _unquoted(data["text/plain"])
            rows.append({"id": key, "page": f"{doc}.html", "page_title": titles.get(doc, ""),
                         "text": text, "value": quantity.get("value", _as_number(text)),
                         "low": quantity.get("low"), "high": quantity.get("high"),
                         "unit": quantity.get("unit", ""),
                         "as_of": max(tables.values(), default=""),
                         "sources": "; ".join(tables)})
    return pd.DataFrame(rows, columns=["id", "page", "page_title", "text", "value", "low",
                                       "high", "unit", "as_of", "sources"])


def _on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    titles = {doc: t.astext() for doc, t in app.env.titles.items()}
    table = key_numbers(Path(app.outdir).parent / "jupyter_execute", app.env.found_docs, titles)
    duplicated = table["id"][table["id"].duplicated()]
    if not duplicated.empty:
        raise RuntimeError(f"glue keys used on two pages: {sorted(set(duplicated))}")
    out = Path(app.outdir) / "figures"
    out.mkdir(parents=True, exist_ok=True)
    table.rename(columns=header).to_csv(out / f"{KEY_NUMBERS}.csv", index=False)
    table.to_json(out / f"{KEY_NUMBERS}.json", orient="records", indent=1)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _on_builder_inited)
    # Before the check that every linked download exists (default priority 500).
    app.connect("build-finished", _on_build_finished, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
