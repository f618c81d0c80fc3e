"""Epoch AI's notable AI models, one table shared by the five-layers and China chapters.

The table holds every model of Epoch's snapshot of 24 February 2025 (vintage
``snapshot``) and, apart, later frontier models whose training compute Epoch has since
estimated (vintage ``later``). Each chapter filters it here; later rows enter only where
a caller asks for them, so they are never spliced onto the snapshot silently.
"""

from __future__ import annotations

import pandas as pd

from .catalogue import load_table

SNAPSHOT, LATER = "snapshot", "later"
# Epoch's country names for the two countries the China chapter compares.
US_CHINA = {"United States of America": "United States", "China": "China"}
US_CHINA_FIRST_YEAR = 2012
# Later rows were taken from Epoch's later export where its estimate reaches this many FLOP
# (Epoch's own "large-scale" line; every frontier model since 2023 is above it).
LATER_MIN_FLOP = 1e25


def notable_models(include_later: bool = False) -> pd.DataFrame:
    """The models by publication date (then name), snapshot rows only unless asked."""
    table = load_table("notable_models")
    if not include_later:
        table = table[table["vintage"] == SNAPSHOT]
    return table.sort_values(["publication_date", "model"]).reset_index(drop=True)


def with_compute(include_later: bool = False) -> pd.DataFrame:
    """Models with an estimate of their training compute."""
    table = notable_models(include_later)
    return table[table["training_flop"].notna()].reset_index(drop=True)


def single_country(field) -> str | None:
    """The country of a model whose developers all sit in the United States or all in
    China (Epoch lists one country per developer); None for any other model."""
    if not isinstance(field, str):
        return None
    countries = {part.strip() for part in field.split(",") if part.strip()}
    return US_CHINA.get(countries.pop()) if len(countries) == 1 else None


def us_china(first_year: int = US_CHINA_FIRST_YEAR) -> pd.DataFrame:
    """Snapshot models from ``first_year`` of one country, the United States or China
    (joint US–China models are left out, so each model counts for one country), in the
    China chapter's columns: model, organization, country, publication_date,
    training_compute_flop, confidence, source_id, locator."""
    table = notable_models()
    table["country"] = table["country"].map(single_country)
    chosen = table[table["country"].notna() & (table["publication_date"].dt.year >= first_year)]
    return (chosen.rename(columns={"organisation": "organization",
                                   "training_flop": "training_compute_flop"})
            [["model", "organization", "country", "publication_date", "training_compute_flop",
              "confidence", "source_id", "locator"]].reset_index(drop=True))
