"""The verdict vocabulary: which way the evidence points, and how strong it is.

A verdict has two parts that are decided separately:

* **direction** — how the measured quantity compares with the claimed one:
  the data *match* it (the interval overlaps the claim), *exceed* it (the whole
  interval lies beyond the claim in the claim's own direction), *fall short* of it
  (the whole interval lies short of the claim but on the same side of "no change"),
  *contradict* it (the data point the other way), *cannot decide* it (the interval
  reaches the claim but also the other side of "no change", so the data allow both
  the claim and its opposite), or the claim *cannot be tested yet* with public data;
* **strength** — how much weight the evidence bears, by :func:`evidence_strength`.

Chapter modules hold each claim's own rule (a small function from measured numbers
to a direction); the pages print that rule's code verbatim next to the verdict, so a
reader sees exactly what decided it.  Nothing here imports a chapter module.
"""

from __future__ import annotations

import inspect
import math
import textwrap
from dataclasses import dataclass
from typing import Callable

import pandas as pd

MATCH, EXCEED, FALL_SHORT, CONTRADICT, UNDECIDED, UNTESTABLE = (
    "match", "exceed", "fall short", "contradict", "cannot decide", "cannot test yet")
DIRECTIONS = (MATCH, EXCEED, FALL_SHORT, CONTRADICT, UNDECIDED, UNTESTABLE)
STRONG, MODERATE, WEAK = "strong", "moderate", "weak"
STRENGTHS = (STRONG, MODERATE, WEAK)

# What a reader sees, and a colour-blind-safe colour (Okabe-Ito) with a text colour
# that keeps WCAG AA contrast on it.  The symbol repeats the meaning without colour.
DIRECTION_LABELS = {
    MATCH: ("data match the claim", "=", "#009E73", "#000000"),
    EXCEED: ("data exceed the claim", "▲", "#0072B2", "#ffffff"),
    FALL_SHORT: ("data fall short of the claim", "▼", "#E69F00", "#000000"),
    CONTRADICT: ("data contradict the claim", "✗", "#D55E00", "#000000"),
    UNDECIDED: ("data cannot decide the claim", "↔", "#56B4E9", "#000000"),
    UNTESTABLE: ("cannot be tested yet", "?", "#BBBBBB", "#000000"),
}

# Thresholds of the strength rule (see evidence_strength).
MIN_POINTS_MODERATE = 5
MIN_POINTS_STRONG = 10
MAX_INTERVAL_RATIO_STRONG = 4.0


def compare_with_claim(low: float, high: float, claimed_low: float,
                       claimed_high: float | None = None,
                       no_change: float | None = None) -> str:
    """Direction of a measured 95% interval [low, high] against a claimed value or range.

    The claim is a level or a rate in the direction away from ``no_change`` (e.g. a
    price fall of 7.9x a year against no change at 1x).  Overlap is a match, unless
    the interval also reaches past ``no_change`` to the other side, where the data
    allow the claim's opposite too: they cannot decide it.  An interval wholly beyond
    the claim exceeds it; an interval wholly short of it falls short, unless it lies
    wholly at or behind ``no_change``, which contradicts it.
    """
    claimed_high = claimed_low if claimed_high is None else claimed_high
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        raise ValueError(f"not an interval: {low}–{high}")
    if low > claimed_high:
        return EXCEED
    if high < claimed_low:
        return CONTRADICT if no_change is not None and high <= no_change else FALL_SHORT
    if no_change is not None and low < no_change < high:
        return UNDECIDED
    return MATCH


def majority_direction(directions: list[str]) -> str:
    """The direction more than half of several series share; without such a majority the
    series point different ways and cannot decide the claim."""
    winner = max(sorted(set(directions)), key=directions.count)
    return winner if directions.count(winner) > len(directions) / 2 else UNDECIDED


def interval_ratio(low: float, high: float) -> float:
    """How many times the top of a positive interval is its bottom (infinite if unbounded)."""
    if not (low > 0 and math.isfinite(high)):
        return math.inf
    return high / low


def evidence_strength(points: int, independent: bool, interval_ratio: float | None) -> str:
    """Strength of the evidence behind a direction.

    * weak: the only evidence is the claimant's own word (not independent), or fewer
      than 5 data points, or the key number's 95% interval is unbounded;
    * strong: at least 10 points from independent sources and a 95% interval whose
      top is within 4 times its bottom (``interval_ratio``; None when the key number
      is a fixed ratio of published figures, with no sampling interval);
    * moderate: everything in between.
    """
    if not independent or points < MIN_POINTS_MODERATE or (
            interval_ratio is not None and not math.isfinite(interval_ratio)):
        return WEAK
    if points >= MIN_POINTS_STRONG and (interval_ratio is None
                                        or interval_ratio <= MAX_INTERVAL_RATIO_STRONG):
        return STRONG
    return MODERATE


def rule_source(*functions: Callable) -> str:
    """The code of the functions that decide a verdict, as printed on its page."""
    return "\n\n".join(textwrap.dedent(inspect.getsource(f)).strip() for f in functions)


@dataclass(frozen=True)
class Verdict:
    """One atomic claim's verdict with its key number and the code of its rule."""

    claim_id: str
    direction: str
    strength: str | None
    key_number: str
    value: float
    low: float
    high: float
    unit: str
    data_vintage: str
    anchor: str
    reason: str
    rule: str

    def __post_init__(self):
        if self.direction not in DIRECTIONS:
            raise ValueError(f"{self.claim_id}: unknown direction '{self.direction}'")
        if (self.direction == UNTESTABLE) != (self.strength is None):
            raise ValueError(f"{self.claim_id}: a strength goes with a tested direction only")
        if self.strength is not None and self.strength not in STRENGTHS:
            raise ValueError(f"{self.claim_id}: unknown strength '{self.strength}'")

    @property
    def label(self) -> str:
        """The verdict as a reader reads it: 'data exceed the claim (strong evidence)'."""
        text = DIRECTION_LABELS[self.direction][0]
        return text if self.strength is None else f"{text} ({self.strength} evidence)"


def untestable(claim_id: str, key_number: str, anchor: str, reason: str, rule: str,
               data_vintage: str = "") -> Verdict:
    """The verdict of a claim no series in the data measures: no key value, and ``reason``
    says which series would test it."""
    return Verdict(claim_id, UNTESTABLE, None, key_number, math.nan, math.nan, math.nan, "",
                   data_vintage, anchor, reason, rule)


def vintage(dates) -> str:
    """The period a verdict's data cover, as 'Jan 2020 to Mar 2025'."""
    dates = pd.to_datetime(pd.Series(list(dates))).dropna()
    return f"{dates.min():%b %Y} to {dates.max():%b %Y}"


def badge_html(direction: str, strength: str | None) -> str:
    """A verdict badge: symbol and words on a colour-blind-safe background."""
    text, symbol, background, ink = DIRECTION_LABELS[direction]
    words = text if strength is None else f"{text}, {strength} evidence"
    return (f'<span class="aif-verdict" style="background:{background};color:{ink};'
            f'padding:0.1em 0.45em;border-radius:0.3em;display:inline-block;'
            f'font-weight:600">{symbol} {words}</span>')
