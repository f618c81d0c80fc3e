"""The shared notable-models table: each chapter's filter keeps what it says."""

import pandas as pd
import pytest

from analysis import notable


@pytest.fixture
def table(monkeypatch):
    frame = pd.DataFrame({
        "model": ["US", "CN", "Joint", "Old", "Nowhere", "Later", "UK"],
        "organisation": ["A", "B", "A,B", "A", "", "A", "C"],
        "country": ["United States of America", "China,China", "United States of America,China",
                    "United States of America", None, "United States of America",
                    "United Kingdom of Great Britain and Northern Ireland"],
        "publication_date": pd.to_datetime(["2020-01-01", "2019-01-01", "2021-01-01",
                                            "2011-12-31", "2022-01-01", "2025-06-01",
                                            "2020-06-01"]),
        "training_flop": [1e24, None, 1e23, 1e20, 1e21, 5e26, 1e22],
        "confidence": ["Likely", None, "Confident", None, None, "Speculative", None],
        "vintage": ["snapshot"] * 5 + ["later", "snapshot"],
        "source_id": ["s"] * 7,
        "locator": ["l"] * 7,
    })
    monkeypatch.setattr(notable, "load_table", lambda name: frame.copy())
    return frame


def test_single_country_names_models_of_one_country_only():
    assert notable.single_country("China,China") == "China"
    assert notable.single_country("United States of America") == "United States"
    assert notable.single_country("United States of America,China") is None
    assert notable.single_country("Canada") is None
    assert notable.single_country(None) is None


def test_later_rows_enter_only_when_asked(table):
    assert "Later" not in notable.with_compute()["model"].tolist()
    assert notable.with_compute(include_later=True)["model"].tolist()[-1] == "Later"
    # CN has no estimate; the order is by publication date.
    assert notable.with_compute()["model"].tolist() == ["Old", "US", "UK", "Joint", "Nowhere"]


def test_us_china_keeps_one_country_snapshot_models_from_2012(table):
    chosen = notable.us_china()
    assert chosen["model"].tolist() == ["CN", "US"]
    assert chosen["country"].tolist() == ["China", "United States"]
    assert list(chosen.columns) == ["model", "organization", "country", "publication_date",
                                    "training_compute_flop", "confidence", "source_id", "locator"]
