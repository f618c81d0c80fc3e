"""Verdict rules flip exactly at their stated thresholds, and the vocabulary is enforced."""

import math

import pandas as pd
import pytest

from analysis import paradigm
from analysis import verdicts as v

CLAIMED_P4 = 1e9 ** 0.1


@pytest.mark.parametrize("low, high, expected", [
    (2.0, 3.0, v.MATCH),            # overlaps the claim
    (3.0, 4.0, v.MATCH),            # touches its top
    (4.01, 9.0, v.EXCEED),          # wholly beyond
    (1.5, 2.99, v.FALL_SHORT),      # wholly short, still growing
    (0.5, 1.0, v.CONTRADICT),       # at or behind no change
    (0.5, 1.01, v.FALL_SHORT),      # not wholly behind no change
    (0.99, 3.0, v.UNDECIDED),       # reaches the claim and the other side of no change
    (1.0, 3.0, v.MATCH),            # reaches no change but not past it
    (0.5, 9.0, v.UNDECIDED),        # spans everything
])
def test_compare_with_claim_at_each_boundary(low, high, expected):
    assert v.compare_with_claim(low, high, 3.0, 4.0, no_change=1.0) == expected


def test_without_a_no_change_level_nothing_contradicts():
    assert v.compare_with_claim(0.1, 0.2, 3.0) == v.FALL_SHORT
    assert v.compare_with_claim(0.1, 5.0, 3.0) == v.MATCH


def test_a_claim_that_includes_no_change_is_undecided_by_an_interval_across_it():
    # "kept growing" (at least no change): an interval from decline to growth decides nothing.
    assert v.compare_with_claim(0.8, 1.2, 1.0, math.inf, no_change=1.0) == v.UNDECIDED
    assert v.compare_with_claim(1.0, 1.2, 1.0, math.inf, no_change=1.0) == v.MATCH
    assert v.compare_with_claim(0.7, 0.9, 1.0, math.inf, no_change=1.0) == v.CONTRADICT


def test_compare_rejects_a_non_interval():
    with pytest.raises(ValueError):
        v.compare_with_claim(math.nan, 1.0, 2.0)
    with pytest.raises(ValueError):
        v.compare_with_claim(3.0, 2.0, 2.0)


@pytest.mark.parametrize("points, independent, ratio, expected", [
    (10, True, 4.0, v.STRONG),
    (10, True, None, v.STRONG),
    (10, True, 4.01, v.MODERATE),
    (9, True, 2.0, v.MODERATE),
    (5, True, 2.0, v.MODERATE),
    (4, True, 2.0, v.WEAK),
    (50, False, 1.1, v.WEAK),
    (50, True, math.inf, v.WEAK),
])
def test_evidence_strength_thresholds(points, independent, ratio, expected):
    assert v.evidence_strength(points, independent, ratio) == expected


def test_interval_ratio():
    assert v.interval_ratio(2.0, 8.0) == 4.0
    assert v.interval_ratio(0.0, 8.0) == math.inf
    assert v.interval_ratio(1.0, math.inf) == math.inf


def test_verdict_enforces_vocabulary_and_strength_pairing():
    fields = dict(key_number="k", value=1.0, low=0.0, high=2.0, unit="u", data_vintage="d",
                  anchor="a", reason="r", rule="r")
    with pytest.raises(ValueError, match="unknown direction"):
        v.Verdict("X1", "supported", v.STRONG, **fields)
    with pytest.raises(ValueError, match="strength"):
        v.Verdict("X1", v.UNTESTABLE, v.WEAK, **fields)
    with pytest.raises(ValueError, match="strength"):
        v.Verdict("X1", v.MATCH, None, **fields)
    with pytest.raises(ValueError, match="unknown strength"):
        v.Verdict("X1", v.MATCH, "certain", **fields)
    assert v.Verdict("X1", v.EXCEED, v.WEAK, **fields).label == \
        "data exceed the claim (weak evidence)"
    assert v.Verdict("X1", v.UNTESTABLE, None, **fields).label == "cannot be tested yet"


def test_badge_has_words_as_well_as_colour():
    html = v.badge_html(v.CONTRADICT, v.MODERATE)
    assert "data contradict the claim, moderate evidence" in html and "#D55E00" in html


def test_rule_source_prints_the_code_verbatim():
    text = v.rule_source(paradigm.rule_p2b)
    assert text.startswith("def rule_p2b(") and "CLAIMED_INFERENCE_SHARE" in text


# -- each paradigm rule reaches each of its outcomes ---------------------------------------

def test_rule_p2b_flips_at_forty_percent_and_is_weak_when_self_reported():
    assert paradigm.rule_p2b(40.0, 1, False) == (v.MATCH, v.WEAK)
    assert paradigm.rule_p2b(39.9, 1, False) == (v.FALL_SHORT, v.WEAK)
    assert paradigm.rule_p2b(45.0, 12, False) == (v.EXCEED, v.WEAK)
    assert paradigm.rule_p2b(45.0, 12, True) == (v.EXCEED, v.STRONG)


def test_rule_p2a_needs_three_statements_and_reads_their_direction():
    assert paradigm.rule_p2a([40.0, 40.0], False) == (v.UNTESTABLE, None)
    assert paradigm.rule_p2a([30.0, 40.0, 51.0], False) == (v.MATCH, v.WEAK)
    assert paradigm.rule_p2a([30.0, 40.0, 50.0], False)[0] == v.FALL_SHORT
    assert paradigm.rule_p2a([45.0, 40.0, 40.0], False)[0] == v.CONTRADICT
    assert paradigm.rule_p2a([30.0, 35.0, 40.0, 45.0, 55.0], True) == (v.MATCH, v.MODERATE)


def test_rule_p4_flips_at_the_claimed_pace():
    assert CLAIMED_P4 == pytest.approx(7.943, rel=1e-3)
    below, above = CLAIMED_P4 * 0.999, CLAIMED_P4 * 1.001
    assert paradigm.rule_p4(above, 20.0, 50, 0.0)[0] == v.EXCEED
    assert paradigm.rule_p4(below, 20.0, 50, 0.0)[0] == v.MATCH
    assert paradigm.rule_p4(2.0, above, 50, 0.0)[0] == v.MATCH
    assert paradigm.rule_p4(2.0, below, 50, 0.0)[0] == v.FALL_SHORT
    assert paradigm.rule_p4(0.5, 1.001, 50, 0.0)[0] == v.FALL_SHORT
    assert paradigm.rule_p4(0.5, 1.0, 50, 0.0)[0] == v.CONTRADICT  # prices not falling
    assert paradigm.rule_p4(math.nan, math.nan, 50, 0.0) == (v.UNTESTABLE, None)


def test_rule_p4_match_is_weak_when_half_the_pace_would_also_match():
    limit = paradigm.MAX_FALSE_MATCH
    assert paradigm.rule_p4(7.0, 9.0, 50, limit) == (v.MATCH, v.MODERATE)
    assert paradigm.rule_p4(7.0, 9.0, 50, limit + 0.01) == (v.MATCH, v.WEAK)
    # The false-match rate concerns a match only: an interval beyond the claim keeps its strength.
    assert paradigm.rule_p4(9.0, 20.0, 50, 0.9) == (v.EXCEED, v.MODERATE)


def test_rule_p4_is_never_strong_because_list_prices_are_not_costs():
    assert v.evidence_strength(50, True, v.interval_ratio(9.0, 20.0)) == v.STRONG
    assert paradigm.rule_p4(9.0, 20.0, 50, 0.0)[1] == v.MODERATE
    assert paradigm.rule_p4(9.0, 20.0, 4, 0.0)[1] == v.WEAK


def test_rule_p5a_reads_few_months_as_six():
    assert paradigm.rule_p5a([(3.0, 5.0)] * 3, 6) == (v.MATCH, v.MODERATE)
    assert paradigm.rule_p5a([(4.1, 9.0)] * 2 + [(3.0, 5.0)], 6)[0] == v.EXCEED
    assert paradigm.rule_p5a([(1.5, 3.9)] * 2 + [(3.0, 5.0)], 6)[0] == v.FALL_SHORT
    assert paradigm.rule_p5a([(0.5, 0.9)] * 3, 6)[0] == v.CONTRADICT
    assert paradigm.rule_p5a([(4.1, 9.0), (1.5, 3.9)], 6)[0] == v.UNDECIDED
    assert paradigm.rule_p5a([(3.0, 5.0)] * 3, 4)[1] == v.WEAK


def test_rule_p5b_needs_both_exponentials():
    assert paradigm.rule_p5b(1.5, 2.0, 14) == (v.MATCH, v.WEAK)
    assert paradigm.rule_p5b(1.5, 0.9, 14)[0] == v.CONTRADICT
    assert paradigm.rule_p5b(0.9, 2.0, 14)[0] == v.CONTRADICT


def test_rule_p6a_stalled_means_half_the_pace_of_cost_decline():
    assert paradigm.rule_p6a(None, 40) == (v.UNTESTABLE, None)
    assert paradigm.rule_p6a((1.8, 2.5), 40)[0] == v.MATCH
    assert paradigm.rule_p6a((1.2, 1.9), 40) == (v.FALL_SHORT, v.STRONG)
    assert paradigm.rule_p6a((0.8, 0.99), 40)[0] == v.CONTRADICT
    assert paradigm.rule_p6a((0.5, 3.0), 40) == (v.UNDECIDED, v.MODERATE)


def test_rule_p6b_needs_a_measured_system_ratio():
    assert paradigm.rule_p6b(None, 0) == (v.UNTESTABLE, None)
    assert paradigm.rule_p6b((25.0, 35.0), 12) == (v.MATCH, v.STRONG)
    assert paradigm.rule_p6b((8.0, 12.0), 12)[0] == v.FALL_SHORT
    assert paradigm.rule_p6b((31.0, 40.0), 3) == (v.EXCEED, v.WEAK)


def test_rule_p7a_against_the_middle_half_of_others_statements():
    assert paradigm.rule_p7a((40.0, 55.0), 8) == (v.MATCH, v.MODERATE)
    assert paradigm.rule_p7a((61.0, 80.0), 8)[0] == v.EXCEED
    assert paradigm.rule_p7a((30.0, 49.0), 8)[0] == v.FALL_SHORT
    assert paradigm.rule_p7a((50.0, 60.0), 20)[1] == v.MODERATE  # statements: never strong
    assert paradigm.rule_p7a((50.0, 60.0), 4)[1] == v.WEAK


def test_the_majority_direction_needs_more_than_half():
    assert v.majority_direction([v.MATCH, v.MATCH, v.FALL_SHORT]) == v.MATCH
    assert v.majority_direction([v.MATCH, v.MATCH, v.FALL_SHORT, v.EXCEED]) == v.UNDECIDED
    assert v.majority_direction([v.MATCH, v.CONTRADICT]) == v.UNDECIDED
    assert v.majority_direction([v.EXCEED]) == v.EXCEED


def test_an_untestable_verdict_has_no_strength_and_no_key_value():
    verdict = v.untestable("X1", "no series", "anchor", "needs a series", "No rule.",
                           "Jan 2020 to Mar 2025")
    assert (verdict.direction, verdict.strength, verdict.unit) == (v.UNTESTABLE, None, "")
    assert all(math.isnan(x) for x in (verdict.value, verdict.low, verdict.high))
    assert (verdict.reason, verdict.rule, verdict.data_vintage) == (
        "needs a series", "No rule.", "Jan 2020 to Mar 2025")


def test_vintage_spans_the_first_to_the_last_date_and_ignores_missing_ones():
    dates = pd.Series(pd.to_datetime(["2024-03-31", None, "2020-01-15", "2025-03-01"]))
    assert v.vintage(dates) == "Jan 2020 to Mar 2025"
    assert v.vintage({"2023-06-30"}) == "Jun 2023 to Jun 2023"
