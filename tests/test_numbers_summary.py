"""The chapter index's and the executive summary's numbers: claim counts by verdict and the
chapter's findings, against hand counts and hand fits."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import claims, paradigm
from analysis import verdicts as v
from analysis.catalogue import load_table


def synthetic_ledger() -> pd.DataFrame:
    rows = [("paradigm-shift", v.MATCH), ("paradigm-shift", v.EXCEED),
            ("paradigm-shift", v.UNTESTABLE), ("bubble-test", v.CONTRADICT),
            ("bubble-test", v.UNTESTABLE), ("bubble-test", claims.NOT_ASSESSED),
            ("labor", claims.NOT_ASSESSED)]
    return pd.DataFrame(rows, columns=["chapter", "direction"])


def test_coverage_counts_each_kind_of_verdict():
    numbers = claims.coverage_numbers(synthetic_ledger(), "x")
    assert {k: t.value for k, t in numbers.items()} == {
        "x-n-claims": 7, "x-n-tested": 3, "x-n-untestable": 2, "x-n-not-assessed": 2}


def test_chapter_numbers_count_only_the_chapters_claims():
    numbers = claims.chapter_numbers("paradigm-shift", synthetic_ledger())
    assert (numbers["ps-n-claims"].value, numbers["ps-n-tested"].value,
            numbers["ps-n-untestable"].value) == (3, 2, 1)


@pytest.fixture(scope="module")
def summary():
    return claims.summary_numbers(synthetic_ledger())


def test_summary_glues_the_ledger_counts_and_every_finding(summary):
    assert summary["sum-n-claims"].value == 7 and summary["sum-n-not-assessed"].value == 2
    findings = [k for k in summary if k.startswith("sum-ps-")]
    assert len(findings) == len(paradigm.findings())
    for chapter, name in claims.CHAPTERS.items():
        prefix = claims.PREFIXES[chapter]
        assert any(k.startswith(f"sum-{prefix}-") for k in summary), chapter
    assert summary["sum-pending"] == "2 wait for chapters still being written (the bubble test, labour)"
    assert all("nan" not in str(t) and "e+" not in str(t) for t in summary.values())


def test_summary_data_center_share_is_the_last_quarters_rows(summary):
    table = load_table("nvidia_revenue_by_market")
    last = table[table["quarter_end"] == table["quarter_end"].max()].set_index("market")
    assert summary["sum-ps-dc-share"].value == pytest.approx(
        last.loc["Data Center", "revenue"] / last.loc["Total", "revenue"])


def test_summary_user_growth_is_the_all_plans_series_by_hand(summary):
    users = load_table("chatgpt_weekly_users")
    users = users[users["definition"] == paradigm.HEADLINE_USERS].sort_values("date")
    t = ((users["date"] - users["date"].iloc[0]).dt.days / 365.25).to_numpy()
    slope = np.polyfit(t, np.log(users["weekly_active_users"].to_numpy(float)), 1)[0]
    assert summary["sum-ps-users-growth"].value == pytest.approx(math.exp(slope), rel=1e-6)
    tokens = paradigm.growth_table(paradigm.token_growth_fits(paradigm.token_daily_rates()))
    assert summary["sum-ps-tokens-series"].value == len(tokens)
