"""The verdict vocabulary pinned where the existing tests left room for a wrong edit
(issue 14: each case here kills a mutant the other tests let through)."""

import math

import pytest

from analysis import verdicts as v


@pytest.mark.parametrize("low, high, expected", [
    (3.2, 3.6, v.MATCH),        # inside a claimed range, above its bottom: not "exceeds"
    (4.0, 5.0, v.MATCH),        # touches the range's top
    (2.0, 3.0, v.MATCH),        # touches its bottom
    (2.0, 2.99, v.FALL_SHORT),
])
def test_a_claimed_range_is_matched_anywhere_inside_it(low, high, expected):
    assert v.compare_with_claim(low, high, 3.0, 4.0) == expected


def test_a_single_claimed_value_is_its_own_range():
    assert v.compare_with_claim(3.01, 3.5, 3.0) == v.EXCEED
    assert v.compare_with_claim(2.5, 3.0, 3.0) == v.MATCH


def test_contradiction_needs_the_whole_interval_at_or_behind_no_change():
    assert v.compare_with_claim(0.5, 1.0, 3.0, no_change=1.0) == v.CONTRADICT
    assert v.compare_with_claim(0.5, 1.0001, 3.0, no_change=1.0) == v.FALL_SHORT


@pytest.mark.parametrize("low, high", [(math.nan, 1.0), (1.0, math.inf), (2.0, 1.0)])
def test_a_non_interval_is_named_in_the_error(low, high):
    with pytest.raises(ValueError, match="not an interval"):
        v.compare_with_claim(low, high, 2.0)


def test_an_empty_interval_of_one_point_is_still_an_interval():
    assert v.compare_with_claim(2.0, 2.0, 2.0) == v.MATCH


@pytest.mark.parametrize("low, high, expected", [
    (2.0, 8.0, 4.0), (0.5, 0.5, 1.0), (-1.0, 8.0, math.inf), (0.0, 1.0, math.inf),
    (2.0, math.inf, math.inf)])
def test_interval_ratio_pinned(low, high, expected):
    assert v.interval_ratio(low, high) == expected


@pytest.mark.parametrize("points, independent, ratio, expected", [
    (5, True, None, v.MODERATE),       # at the moderate threshold
    (4, True, None, v.WEAK),
    (10, True, 3.99, v.STRONG),
    (9, True, None, v.MODERATE),       # one point short of strong
    (10, False, None, v.WEAK),
    (10, True, math.nan, v.WEAK),      # an interval that is not a number is unbounded
])
def test_evidence_strength_at_each_threshold(points, independent, ratio, expected):
    assert v.evidence_strength(points, independent, ratio) == expected


def square(x):
    return x * x


def cube(x):
    return x ** 3


def test_rule_source_joins_rules_with_one_blank_line():
    assert v.rule_source(square, cube) == (
        "def square(x):\n    return x * x\n\ndef cube(x):\n    return x ** 3")


FIELDS = dict(key_number="k", value=1.0, low=0.0, high=2.0, unit="u", data_vintage="d",
              anchor="a", reason="r", rule="r")


def test_untested_badge_has_no_strength_words():
    assert v.badge_html(v.UNTESTABLE, None) == (
        '<span class="aif-verdict" style="background:#BBBBBB;color:#000000;'
        'padding:0.1em 0.45em;border-radius:0.3em;display:inline-block;'
        'font-weight:600">? cannot be tested yet</span>')


def test_tested_badge_carries_symbol_colours_and_strength():
    html = v.badge_html(v.EXCEED, v.STRONG)
    assert "background:#0072B2;color:#ffffff;" in html
    assert html.endswith(">▲ data exceed the claim, strong evidence</span>")


@pytest.mark.parametrize("direction, strength, label", [
    (v.MATCH, v.MODERATE, "data match the claim (moderate evidence)"),
    (v.FALL_SHORT, v.WEAK, "data fall short of the claim (weak evidence)"),
    (v.CONTRADICT, v.STRONG, "data contradict the claim (strong evidence)"),
])
def test_every_direction_reads_in_words(direction, strength, label):
    assert v.Verdict("X1", direction, strength, **FIELDS).label == label


def test_verdict_errors_name_the_claim():
    with pytest.raises(ValueError, match="^X9: unknown direction 'up'$"):
        v.Verdict("X9", "up", v.WEAK, **FIELDS)
    with pytest.raises(ValueError, match="^X9: a strength goes with a tested direction only$"):
        v.Verdict("X9", v.MATCH, None, **FIELDS)
    with pytest.raises(ValueError, match="^X9: unknown strength 'huge'$"):
        v.Verdict("X9", v.MATCH, "huge", **FIELDS)
