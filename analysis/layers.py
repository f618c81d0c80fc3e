"""Computations behind the five-layer-cake chapter (claims L1-L6).

One section per layer: energy (L1), chips (L2), infrastructure (L3), models (L4),
applications (L5), and how the layers pull each other (L6).  Each section has a
``<section>_numbers()`` function that returns the glued texts of its page; each claim
has a ``rule_<claim>()`` deciding its direction and an ``assess_<claim>()`` building
its :class:`analysis.verdicts.Verdict` from the data.
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from . import capex, models, notable, nvidia, prices
from . import electricity as electricity_model
from . import verdicts as v
from .catalogue import load_table
from .report import (CURVE_NAMES, count, factor, interval, month, not_identified, number,
                     percent, usd, with_interval, years)

# Figures stated in the claims themselves (see data/claims.csv), not data.
CLAIMED_TODAY_BN = 400.0          # L3b: about $400 billion a year of AI infrastructure
CLAIMED_FUTURE_BN = 5000.0        # L3c: $5 trillion a year would be reasonable
CLAIMED_REVENUE_2026_BN = 100.0   # L5b: AI revenue of about $100 billion in 2026
CLAIMED_REVENUE_2030_BN = 1000.0  # L5c: at least $1 trillion by 2030
# Readings of the claims' words, stated once (see the pages):
ABOUT = 0.25                      # "about X" means within 25% of X
DECADE = 10.0                     # L3c "reasonable": reachable within about a decade
HUNDREDS_OF_BILLIONS = (100.0, 1000.0)  # L3a "hundreds of billions", USD billion
TRILLIONS = 2000.0                # L3a "trillions": at least $2 trillion
AI_ERA_FIRST_YEAR = 2023          # first fiscal year after ChatGPT's launch (Nov 2022)
PROJECTION_END = pd.Timestamp("2030-12-31")
Z95 = 1.959964

BACKTEST_HORIZON, BACKTEST_MIN_TRAIN = 4, 8          # quarters, whole record
REGIME_HORIZON, REGIME_MIN_TRAIN = 2, 6              # quarters, since the break
QUARTERLY_SOURCE = ("Company cash-flow statements (10-K, 10-Q and their transcriptions); "
                    "see the data catalogue: “Capital expenditure of Microsoft, Alphabet, Amazon, Meta and Oracle”.")


# ------------------------------------------------------------------------------ infrastructure

@dataclass
class CapexTrend:
    """The four companies' quarterly capex: break test, the trend since the break, curve
    comparison, backtests, and the five companies' fiscal-year totals."""

    series: pd.DataFrame
    break_test: models.BreakTest
    regime: pd.DataFrame
    fits: dict
    comparison: pd.DataFrame
    regime_ar1: models.TrendAR1
    backtests: dict                          # each rankable curve, within the regime
    whole_backtest: models.BacktestResult    # the exponential across the break
    annual: pd.DataFrame

    @property
    def trend(self) -> models.GrowthFit:
        """The exponential trend since the break: the one curve the data can rank."""
        return self.fits["exponential"]

    @property
    def beats_naive(self) -> bool:
        """Whether the trend since the break forecast better than the naive rule."""
        return self.backtests["exponential"].relative_mae < 1

    @property
    def projection_trusted(self) -> bool:
        """Whether the trend beat the naive rule over enough forecasts to lend a projection
        more than weak weight (as many as the strength rule's 'strong' needs points)."""
        scored = len(self.backtests["exponential"].scored)
        return self.beats_naive and scored >= v.MIN_POINTS_STRONG


def _dates_values(frame: pd.DataFrame):
    return frame["period_end"], frame["capex_bn"].to_numpy(float)


@functools.cache
def capex_trend() -> CapexTrend:
    """Computed once per page: the curve fits and backtests take a few seconds."""
    series = capex.combined_quarterly_capex()
    brk = models.break_test(*_dates_values(series))
    regime = series.iloc[brk.break_index:].reset_index(drop=True)
    fits = models.fit_all(*_dates_values(regime))
    comparison = models.compare_models(list(fits.values()))
    # A curve at its parameter boundary on the whole regime (no ceiling) is the exponential
    # in disguise: its backtest would repeat the exponential's at many times the cost.
    backtests = {name: models.rolling_origin_backtest(
        *_dates_values(regime), model=name, horizon=REGIME_HORIZON,
        min_train=REGIME_MIN_TRAIN) for name in comparison.loc[comparison["comparable"], "model"]}
    whole = models.rolling_origin_backtest(*_dates_values(series), horizon=BACKTEST_HORIZON,
                                           min_train=BACKTEST_MIN_TRAIN)
    return CapexTrend(series, brk, regime, fits, comparison,
                      models.fit_trend_ar1(*_dates_values(regime)), backtests, whole,
                      capex.combined_annual_capex())


def annualised_path(fit: models.GrowthFit, end: pd.Timestamp = PROJECTION_END) -> pd.DataFrame:
    """The fitted quarterly level from the last observed quarter to ``end``, as an annual
    rate (four times the quarter), with 95% confidence and prediction intervals."""
    last = models.date_from_years(fit.t[-1], fit.origin)
    dates = pd.date_range(last, end, freq="QE")
    path = fit.predict(dates)
    for column in ("median", "ci_low", "ci_high", "pi_low", "pi_high"):
        path[column] = 4 * path[column]
    return path


def date_reaching_annual(fit: models.GrowthFit, annual_bn: float):
    """When the fitted quarterly level reaches ``annual_bn`` a year (a quarter of it per
    quarter): (date, low, high), None where not reached or unbounded."""
    return fit.date_reaching(annual_bn / 4)


def years_after(date, fit: models.GrowthFit) -> float:
    """Years from the fit's last observation to ``date`` (infinite for None)."""
    if date is None:
        return math.inf
    last = models.date_from_years(fit.t[-1], fit.origin)
    return (pd.Timestamp(date) - last) / pd.Timedelta(days=models.DAYS_PER_YEAR)


def cumulative_projection(fit: models.GrowthFit, last: pd.Timestamp = PROJECTION_END
                          ) -> tuple[float, float, float]:
    """Sum of the fitted quarterly levels after the last observed quarter up to ``last``
    (USD billion) and the sums of the curve's 95% confidence bounds. Summing bounds treats
    the quarters as moving together, as they do when the growth rate is what is uncertain:
    an approximation."""
    observed = models.date_from_years(fit.t[-1], fit.origin)
    path = fit.predict(pd.date_range(observed + pd.Timedelta(days=1), last, freq="QE"))
    return (float(path["median"].sum()), float(path["ci_low"].sum()),
            float(path["ci_high"].sum()))


def spent_since_ai_era(annual: pd.DataFrame) -> float:
    """The five companies' capex summed over fiscal years since ChatGPT (USD billion)."""
    return float(annual.loc[annual["fiscal_year"] >= AI_ERA_FIRST_YEAR, "capex_bn"].sum())


def trailing_year(series: pd.DataFrame) -> float:
    """Sum of the last four quarters (USD billion)."""
    return float(series["capex_bn"].tail(4).sum())


def infrastructure_numbers(t: CapexTrend) -> dict[str, str]:
    """The numbers the infrastructure section publishes, by glue key."""
    trend, bt, rbt = t.trend, t.whole_backtest, t.backtests["exponential"]
    growth = trend.annual_growth_factor()
    reach = date_reaching_annual(trend, CLAIMED_FUTURE_BN)
    path = annualised_path(trend)
    end = path.iloc[-1]
    latest_year = t.annual.iloc[-1]
    first_regime, last = t.regime.iloc[0], t.series.iloc[-1]
    cum, cum_low, cum_high = cumulative_projection(trend)
    reach_text = ("not reached on this trend" if reach[0] is None else
                  f"{month(reach[0])} (95% interval {month(reach[1])} to {month(reach[2])})")
    return {
        "fl-cx-n": count(len(t.series), "quarters"),
        "fl-cx-first": f"{t.series['period_end'].iloc[0]:%B %Y}",
        "fl-cx-last": f"{last.period_end:%B %Y}",
        "fl-cx-derived": count(int(t.series["derived"].sum()), "quarters"),
        "fl-cx-last-quarter": usd(last.capex_bn),
        "fl-cx-first-quarter": usd(t.series["capex_bn"].iloc[0]),
        "fl-cx-trailing": usd(trailing_year(t.series)),
        "fl-cx-break": f"{first_regime.period_end:%B %Y}",
        "fl-cx-break-p": number(t.break_test.p_value, 2),
        "fl-cx-break-verdict": ("significant at the 5% level" if t.break_test.rejects()
                                else "not significant at the 5% level"),
        "fl-cx-regime-n": count(len(t.regime), "quarters"),
        "fl-cx-growth": with_interval(*growth, digits=2),
        "fl-cx-ar1-growth": (with_interval(*t.regime_ar1.annual_growth_factor, digits=2)
                             if t.regime_ar1.annual_growth_factor.identified
                             else not_identified("errors close to a random walk")),
        "fl-cx-bt-n": count(len(bt.scored), "forecasts"),
        "fl-cx-bt-h": count(BACKTEST_HORIZON, "quarters"),
        "fl-cx-bt-min": count(BACKTEST_MIN_TRAIN, "quarters"),
        "fl-cx-rbt-min": count(REGIME_MIN_TRAIN, "quarters"),
        "fl-cx-bt-ratio": number(bt.relative_mae, 2),
        "fl-cx-bt-coverage": percent(bt.coverage),
        "fl-cx-bt-verdict": "beat" if bt.relative_mae < 1 else "did not beat",
        "fl-cx-rbt-n": count(len(rbt.scored), "forecasts"),
        "fl-cx-rbt-h": count(REGIME_HORIZON, "quarters"),
        "fl-cx-rbt-ratio": number(rbt.relative_mae, 2),
        "fl-cx-rbt-coverage": percent(rbt.coverage),
        "fl-cx-rbt-verdict": "beat" if t.beats_naive else "did not beat",
        "fl-cx-not-backtested": _not_backtested(t),
        "fl-cx-headline-note": ("The trend beat the naive rule, so its projection is reported "
                                "as the chapter's estimate, conditional on the regime lasting"
                                + ("." if t.projection_trusted else
                                   "; with so few forecasts scored, the verdicts that rest on "
                                   "it count as weak evidence.")
                                if t.beats_naive else
                                "The trend did not beat the naive rule, so its projection is "
                                "illustrative only and makes no headline."),
        "fl-cx-2030": with_interval(end["median"], end["pi_low"], end["pi_high"], fmt=usd),
        "fl-cx-reach": reach_text,
        "fl-cx-cum": with_interval(cum, cum_low, cum_high, fmt=usd),
        "fl-cx-cum-from": f"{last.period_end + pd.Timedelta(days=1):%B %Y}",
        "fl-cx-annual-year": f"fiscal {int(latest_year.fiscal_year)}",
        "fl-cx-annual-latest": usd(latest_year.capex_bn),
        "fl-cx-annual-first": usd(t.annual["capex_bn"].iloc[0]),
        "fl-cx-annual-first-year": f"fiscal {int(t.annual['fiscal_year'].iloc[0])}",
        "fl-cx-spent": usd(spent_since_ai_era(t.annual)),
        "fl-cx-spent-from": f"fiscal {AI_ERA_FIRST_YEAR}",
        "fl-cx-claim-today": usd(CLAIMED_TODAY_BN, digits=0),
        "fl-cx-claim-future": usd(CLAIMED_FUTURE_BN, digits=0),
        "fl-cx-about": percent(ABOUT),
        "fl-cx-decade": years(DECADE, 0),
    }


# Per-company curves.  A company's annual series (its own fiscal years, one definition)
# is forecast one year ahead from at least five years; its quarterly series two quarters
# ahead from at least six, as the aggregate regime is.
ANNUAL_HORIZON, ANNUAL_MIN_TRAIN = 1, 5
MIN_BREAK_POINTS = 10             # models.break_test needs ten observations
MIN_HEADLINE_FORECASTS = 5        # a backtest won on fewer forecasts says too little
ALL_FIVE = "All five"


@dataclass
class CurveStudy:
    """One company's capex series: break check, the curves since the break (or over the
    whole series where no break is found or it is too short to test), their AICc
    comparison and rolling-origin backtests against the naive rule."""

    company: str
    frequency: str                           # "fiscal years" or "quarters"
    series: pd.DataFrame                     # period_end, capex_bn
    break_test: models.BreakTest | None      # None: too short to test
    regime: pd.DataFrame
    fits: dict
    comparison: pd.DataFrame
    backtests: dict                          # comparable curves with enough points

    @property
    def per_year(self) -> int:
        return 1 if self.frequency == "fiscal years" else 4

    @property
    def trend(self) -> models.GrowthFit:
        return self.fits["exponential"]

    @property
    def beats_naive(self) -> bool:
        """Whether the exponential trend forecast better than the naive rule; a series
        too short to backtest has not."""
        backtest = self.backtests.get("exponential")
        return backtest is not None and backtest.relative_mae < 1

    @property
    def headline(self) -> bool:
        """Whether the trend's projection may be quoted: it beat the naive rule over at
        least ``MIN_HEADLINE_FORECASTS`` forecasts."""
        return (self.beats_naive and
                len(self.backtests["exponential"].scored) >= MIN_HEADLINE_FORECASTS)

    def annual_rate_at(self, date: pd.Timestamp = PROJECTION_END) -> tuple[float, float, float]:
        """The trend's annual rate at ``date`` (USD billion) with its 95% prediction
        interval: a quarter's level times four, or the fiscal year's level."""
        row = self.trend.predict([date]).iloc[0]
        return tuple(self.per_year * float(row[c]) for c in ("median", "pi_low", "pi_high"))


def curve_study(company: str, frequency: str, series: pd.DataFrame, horizon: int,
                min_train: int) -> CurveStudy:
    """Break test (where the series is long enough), then the three curves on the regime
    it leaves, ranked by AICc, and a backtest of each ranked curve against the naive rule
    where the regime holds at least ``min_train + horizon`` points."""
    brk = (models.break_test(*_dates_values(series)) if len(series) >= MIN_BREAK_POINTS
           else None)
    start = brk.break_index if brk is not None and brk.rejects() else 0
    regime = series.iloc[start:].reset_index(drop=True)
    fits = models.fit_all(*_dates_values(regime))
    comparison = models.compare_models(list(fits.values()))
    backtests = {}
    if len(regime) >= min_train + horizon:
        backtests = {name: models.rolling_origin_backtest(
            *_dates_values(regime), model=name, horizon=horizon, min_train=min_train)
            for name in comparison.loc[comparison["comparable"], "model"]}
    return CurveStudy(company, frequency, series, brk, regime, fits, comparison, backtests)


def _last_unbroken_run(series: pd.DataFrame, max_gap_days: int) -> pd.DataFrame:
    """The latest run of periods without a gap longer than ``max_gap_days``."""
    gaps = series["period_end"].diff().dt.days > max_gap_days
    start = gaps[gaps].index.max() if gaps.any() else series.index[0]
    return series.loc[start:, ["period_end", "capex_bn"]].reset_index(drop=True)


@functools.cache
def company_studies() -> tuple[CurveStudy, ...]:
    """Each company's annual series and the five companies' sum, then each quarterly
    company's quarters (the latest unbroken run). Computed once per build."""
    annual, quarters = capex.annual_capex(), capex.quarterly_capex()
    combined = capex.combined_annual_capex().assign(
        company=ALL_FIVE, period_end=lambda f: pd.to_datetime(f["fiscal_year"].astype(str) + "-12-31"))
    studies = []
    for company in (*capex.COMPANIES, ALL_FIVE):
        table = combined if company == ALL_FIVE else annual[annual["company"] == company]
        own = _last_unbroken_run(table, 370)
        studies.append(curve_study(company, "fiscal years", own, ANNUAL_HORIZON,
                                   ANNUAL_MIN_TRAIN))
    for company in capex.QUARTERLY_COMPANIES:
        own = _last_unbroken_run(quarters[quarters["company"] == company], 95)
        studies.append(curve_study(company, "quarters", own, REGIME_HORIZON, REGIME_MIN_TRAIN))
    return tuple(studies)


def _break_words(study: CurveStudy) -> str:
    if study.break_test is None:
        return f"too short to test (under {MIN_BREAK_POINTS} points)"
    when = (f"{study.break_test.break_date:%Y}" if study.per_year == 1
            else f"{study.break_test.break_date:%b %Y}")
    return (f"{when} (p = {number(study.break_test.p_value, 2)})" if study.break_test.rejects()
            else f"none at the 5% level (p = {number(study.break_test.p_value, 2)})")


PINNED_CEILING_SPAN = 10.0         # a ceiling whose 95% interval spans less is pinned down


def _ranked_ceilings(study: CurveStudy) -> dict[str, models.Estimate]:
    """The ceilings (as annual rates, USD billion) of the saturating curves the AICc
    comparison could rank; a curve at its boundary has none."""
    ranked = set(study.comparison.loc[study.comparison["comparable"], "model"])
    return {name: study.fits[name].ceiling().map(lambda x: study.per_year * x)
            for name in ranked - {"exponential"}}


def _pins_a_ceiling(study: CurveStudy) -> bool:
    return any(c.high / c.low < PINNED_CEILING_SPAN for c in _ranked_ceilings(study).values())


def _best_curve_words(study: CurveStudy) -> str:
    ranked = study.comparison[study.comparison["comparable"]]
    best = CURVE_NAMES.get(ranked.iloc[0]["model"], ranked.iloc[0]["model"])
    ceilings = _ranked_ceilings(study)
    if not ceilings:
        return best + "; no ceiling identified"
    return best + "; " + "; ".join(
        f"{CURVE_NAMES.get(name, name)} ceiling {with_interval(*c, fmt=usd)} a year"
        for name, c in ceilings.items())


def _headline_words(study: CurveStudy) -> str:
    if not study.backtests:
        return "no headline: too short to backtest"
    if not study.beats_naive:
        return "no headline: lost to the naive rule"
    if not study.headline:
        return "no headline: won on too few forecasts"
    return with_interval(*study.annual_rate_at(), fmt=usd)


def company_model_table(studies: tuple[CurveStudy, ...]) -> pd.DataFrame:
    """One row per company and frequency: the break check, the best curve by AICc, the
    exponential trend's growth, its backtest against the naive rule, and the 2030 rate
    only where the trend won that backtest."""
    rows = []
    for s in studies:
        backtest = s.backtests.get("exponential")
        rows.append({
            "company": s.company, "frequency": s.frequency,
            "span": f"{s.regime['period_end'].iloc[0]:%b %Y} to {s.regime['period_end'].iloc[-1]:%b %Y}",
            "points": len(s.regime), "break": _break_words(s), "best": _best_curve_words(s),
            "growth": with_interval(*s.trend.annual_growth_factor(), digits=2),
            "forecasts": len(backtest.scored) if backtest else math.nan,
            "ratio": backtest.relative_mae if backtest else math.nan,
            "coverage": backtest.coverage if backtest else math.nan,
            "rate_2030": _headline_words(s)})
    return pd.DataFrame(rows)


def company_numbers(studies: tuple[CurveStudy, ...]) -> dict[str, str]:
    """Glued counts for the per-company section, and how many of the annual series'
    rows were read in each kind of document."""
    tested = [s for s in studies if s.backtests]
    won = [s for s in tested if s.beats_naive]
    quoted = [s for s in won if s.headline]
    breaks = [s for s in studies if s.break_test is not None and s.break_test.rejects()]
    annual = capex.annual_capex()
    gaps = [f"{company} {year}" for company, years in annual.groupby("company")["fiscal_year"]
            for year in sorted(set(range(years.min(), years.max() + 1)) - set(years))]
    return {
        "fl-cxc-series": count(len(studies), "series"),
        "fl-cxc-tested": count(len(tested), "series"),
        "fl-cxc-won": count(len(won), "series"),
        "fl-cxc-quoted": count(len(quoted), "series"),
        "fl-cxc-min-forecasts": count(MIN_HEADLINE_FORECASTS, "forecasts"),
        "fl-cxc-breaks": count(len(breaks), "series"),
        "fl-cxc-untested": count(len(studies) - len(tested), "series"),
        "fl-cxc-ceilings": count(sum(_pins_a_ceiling(s) for s in studies), "series"),
        "fl-cxc-ceiling-span": number(PINNED_CEILING_SPAN, 0),
        "fl-cxc-exp-best": count(sum(s.comparison.loc[s.comparison["comparable"], "model"].iloc[0]
                                     == "exponential" for s in studies), "series"),
        "fl-cxc-gaps": ", ".join(gaps) if gaps else "none",
        "fl-cxc-annual-h": count(ANNUAL_HORIZON, "fiscal year"),
        "fl-cxc-annual-min": count(ANNUAL_MIN_TRAIN, "fiscal years"),
        "fl-cxc-break-min": count(MIN_BREAK_POINTS, "points"),
        **{f"fl-cxc-rows-{kind}": count(n, "rows") for kind, n in
           capex.count_by_source_kind(annual, load_table("sources")).items()},
        "fl-cxc-first-years": ", ".join(
            f"{s.company} {s.series['period_end'].iloc[0]:%Y}" for s in studies
            if s.frequency == "fiscal years" and s.company != ALL_FIVE),
    }


def _not_backtested(t: CapexTrend) -> str:
    """A sentence naming the curves left out of the backtest, and why."""
    left_out = [CURVE_NAMES.get(m, m) for m in t.fits if m not in t.backtests]
    if not left_out:
        return "Every curve was backtested."
    return (f"The {' and '.join(left_out)} {'curve is' if len(left_out) == 1 else 'curves are'} "
            "not backtested: on the whole regime they sit at the edge of their parameter space "
            "(no ceiling), so they would forecast like the exponential.")


def guidance_next_year() -> pd.DataFrame:
    """The latest dated capex guidance per company for the next fiscal year it guides."""
    table = load_table("capex_guidance").sort_values("date_given")
    latest_period = table.groupby("company")["period_guided"].transform("max")
    latest = table[table["period_guided"] == latest_period].groupby("company").tail(1)
    return latest.assign(mid=(latest["low"] + latest["high"]) / 2).reset_index(drop=True)


def rule_l3a(spent_bn: float, planned: tuple[float, float], points: int,
             trusted: bool) -> tuple[str, str]:
    """Capex since ChatGPT against 'hundreds of billions' ($100 billion to $1 trillion),
    and the projected next five years' capex (95% band) against 'trillions' (at least
    $2 trillion). Both hold: match; already past a trillion: exceed; a projection short of
    trillions: fall short. A projection without a won backtest of ten forecasts weighs weak."""
    low, high = planned
    if spent_bn >= HUNDREDS_OF_BILLIONS[1] and low >= TRILLIONS:
        direction = v.EXCEED
    elif high < TRILLIONS or spent_bn < HUNDREDS_OF_BILLIONS[0]:
        direction = v.FALL_SHORT
    else:
        direction = v.MATCH
    return direction, _projection_strength(points, low, high, trusted)


def _projection_strength(points: int, low: float, high: float, trusted: bool) -> str:
    """Evidence resting on a projection: weak unless its trend beat the naive rule over
    enough backtest forecasts (``CapexTrend.projection_trusted``), otherwise never more
    than moderate (an extrapolation, however tight)."""
    if not trusted:
        return v.WEAK
    strength = v.evidence_strength(points, True, v.interval_ratio(low, high))
    return v.MODERATE if strength == v.STRONG else strength


def assess_l3a() -> v.Verdict:
    t = capex_trend()
    last = t.series["period_end"].iloc[-1]
    cum = cumulative_projection(t.trend)
    spent = spent_since_ai_era(t.annual)
    direction, strength = rule_l3a(spent, cum[1:], len(t.regime), t.projection_trusted)
    return v.Verdict(
        "L3a", direction, strength,
        f"{usd(spent)} spent by five companies in fiscal {AI_ERA_FIRST_YEAR}–"
        f"{int(t.annual['fiscal_year'].iloc[-1])}; {usd(cum[0])} more projected from "
        f"{last + pd.Timedelta(days=1):%B %Y} to 2030 by four of them",
        cum[0], cum[1], cum[2], "USD billion (projected capex to 2030)",
        v.vintage(t.series["period_end"]), "fl-infrastructure",
        "Capex of the five largest cloud and AI companies, all of it, not only AI; the "
        "projection extends the trend since the break and assumes it lasts.",
        v.rule_source(rule_l3a, _projection_strength, v.evidence_strength))


def rule_l3b(measured_bn: float, companies: int) -> tuple[str, str]:
    """The five companies' latest fiscal-year capex against 'about $400 billion' (within
    25%). A sum of published figures has no sampling interval; five companies are not
    all AI builders and not all their capex is AI, so the evidence is never strong."""
    direction = v.compare_with_claim(measured_bn, measured_bn, CLAIMED_TODAY_BN * (1 - ABOUT),
                                     CLAIMED_TODAY_BN * (1 + ABOUT))
    strength = v.evidence_strength(companies, True, None)
    return direction, v.MODERATE if strength == v.STRONG else strength


def assess_l3b() -> v.Verdict:
    t = capex_trend()
    latest = t.annual.iloc[-1]
    direction, strength = rule_l3b(latest.capex_bn, int(latest.companies))
    return v.Verdict(
        "L3b", direction, strength,
        f"{usd(latest.capex_bn)} in fiscal {int(latest.fiscal_year)} (five companies); "
        f"{usd(trailing_year(t.series))} in the last four quarters (four companies)",
        float(latest.capex_bn), math.nan, math.nan, "USD billion per year",
        v.vintage(t.series["period_end"]), "fl-infrastructure",
        "All capital expenditure of Microsoft, Alphabet, Amazon, Meta and Oracle; other "
        "builders (CoreWeave, xAI, sovereign projects) are missing and some capex is not AI, "
        "so the two gaps pull in opposite directions.",
        v.rule_source(rule_l3b, v.compare_with_claim, v.evidence_strength))


def rule_l3c(years_to_target: tuple[float, float, float] | None, points: int,
             trusted: bool) -> tuple[str, str | None]:
    """Years until the fitted trend reaches $5 trillion a year (95% interval) against
    'reasonable', read as within about a decade. Not identified: cannot test. Whole
    interval within ten years: match; wholly beyond: fall short; never (a curve levelling
    off below it): contradict. A projection without a won backtest of ten forecasts weighs
    weak."""
    if years_to_target is None:
        return v.UNTESTABLE, None
    value, low, high = years_to_target
    if not math.isfinite(low):
        direction = v.CONTRADICT
    elif low > DECADE:
        direction = v.FALL_SHORT
    else:
        direction = v.MATCH
    return direction, _projection_strength(points, low, high, trusted)


def assess_l3c() -> v.Verdict:
    t = capex_trend()
    reach = date_reaching_annual(t.trend, CLAIMED_FUTURE_BN)
    identified = reach[0] is not None and reach[1] is not None and reach[2] is not None
    spans = tuple(years_after(d, t.trend) for d in reach) if identified else None
    direction, strength = rule_l3c(spans, len(t.regime), t.projection_trusted)
    return v.Verdict(
        "L3c", direction, strength,
        (f"four companies' capex would reach {usd(CLAIMED_FUTURE_BN, digits=0)} a year in "
         f"{month(reach[0])} (95% interval {month(reach[1])} to {month(reach[2])}) on the "
         "trend since the break" if identified else
         "the date the trend reaches $5 trillion a year is not identified"),
        *(spans if identified else (math.nan,) * 3), "years from the last quarter",
        v.vintage(t.series["period_end"]), "fl-infrastructure",
        "On the trend since the break the four companies alone would get there within about "
        "a decade; the interval covers the uncertainty of the fitted rate only, not a change "
        "of regime like the one that started it.",
        v.rule_source(rule_l3c, _projection_strength, v.evidence_strength))


# ------------------------------------------------------------------------------ models

FRONTIER_TOP = 10
TREND_FIRST_YEAR = 2010
BREAK_START_YEARS = (2010, 2012, 2014, 2016, 2018, 2020)
SHARE_FIRST_YEAR = 2015
MANY_FIELDS_SHARE = 0.2            # L4a: at least one notable model in five outside language
RECENT_YEARS = 3                   # L4a: the window before the data end whose mix is judged


def training_compute(include_later: bool = False) -> pd.DataFrame:
    """Notable models with a training-compute estimate (later frontier models only if
    asked), with their decimal year and whether they are language models."""
    table = notable.with_compute(include_later)
    table["year"] = models.years_since(table["publication_date"], pd.Timestamp("2000-01-01")) + 2000
    table["language"] = table["domain"].str.contains("Language")
    return table


def frontier(table: pd.DataFrame, top: int = FRONTIER_TOP) -> pd.DataFrame:
    """Models among the ``top`` most compute-intensive published up to their own date
    (Epoch's definition of a frontier model, applied to this table)."""
    ranks = [int((table.loc[: i, "training_flop"] > flop).sum())
             for i, flop in zip(table.index, table["training_flop"])]
    return table[np.array(ranks) < top]


@dataclass(frozen=True)
class Trend:
    """Log-linear trend of training compute over publication dates."""

    factor: models.Estimate   # growth factor per year
    nobs: int
    intercept: float          # log10 FLOP at year 2000 + slope years
    slope: float              # log10 FLOP per year


def compute_trend(table: pd.DataFrame, first_year: float = TREND_FIRST_YEAR,
                  column: str = "training_flop") -> Trend:
    """OLS of log10 ``column`` (training FLOP by default) on the decimal year
    (heteroskedasticity-robust errors): a cross-section of models or chips, not a time
    series, so no autocorrelation model."""
    part = table[(table["year"] >= first_year) & table[column].notna()]
    if len(part) < 4:
        raise models.ModelInputError(f"only {len(part)} points since {first_year}")
    design = sm.add_constant(part["year"].to_numpy() - 2000)
    res = sm.OLS(np.log10(part[column].to_numpy(float)), design).fit(cov_type="HC1")
    slope, se = float(res.params[1]), float(res.bse[1])
    q = stats.t.ppf(0.975, len(part) - 2)
    return Trend(models.Estimate(10 ** slope, 10 ** (slope - q * se), 10 ** (slope + q * se)),
                 len(part), float(res.params[0]), slope)


def break_sensitivity(table: pd.DataFrame) -> pd.DataFrame:
    """The frontier's growth factor for each choice of first year."""
    rows = []
    for first in BREAK_START_YEARS:
        trend = compute_trend(table, first)
        rows.append({"from": first, "models": trend.nobs, "factor": trend.factor.value,
                     "low": trend.factor.low, "high": trend.factor.high})
    return pd.DataFrame(rows)


def share_trend(flags: pd.Series, year: pd.Series) -> models.Estimate:
    """Change per year in the odds that a model has a property (logistic regression of
    the 0/1 flag on the year), with its 95% interval: above 1 means a rising share."""
    design = sm.add_constant(year.to_numpy(float) - 2000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sm.GLM(flags.to_numpy(float), design, family=sm.families.Binomial()).fit()
    slope, se = float(res.params[1]), float(res.bse[1])
    return models.Estimate(math.exp(slope), math.exp(slope - Z95 * se),
                           math.exp(slope + Z95 * se))


def shares_by_year(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """Share of the year's notable models with ``column`` true (known values only)."""
    known = table[table[column].notna() & (table["year"] >= SHARE_FIRST_YEAR)]
    grouped = known.groupby(known["publication_date"].dt.year)[column]
    return pd.DataFrame({"models": grouped.size(), "share": grouped.mean().astype(float)}
                        ).reset_index(names="year")


@dataclass
class ModelsLayer:
    table: pd.DataFrame
    frontier: pd.DataFrame
    frontier_trend: Trend
    all_trend: Trend
    sensitivity: pd.DataFrame
    open_trend: Trend
    closed_trend: Trend
    open_share: models.Estimate
    non_language_share: models.Estimate

    @property
    def open_lag_years(self) -> float:
        """How many years the open-weights trend line trails the closed one at the last
        publication date: the gap in log10 FLOP divided by the closed trend's slope."""
        year = float(self.table["year"].max()) - 2000
        level = lambda t: t.intercept + t.slope * year
        return (level(self.closed_trend) - level(self.open_trend)) / self.closed_trend.slope


@functools.cache
def models_layer() -> ModelsLayer:
    table = training_compute()
    front = frontier(table)
    recent = table[(table["year"] >= SHARE_FIRST_YEAR)]
    weights = recent[recent["open_weights"].notna()]
    return ModelsLayer(
        table, front, compute_trend(front), compute_trend(table), break_sensitivity(front),
        compute_trend(weights[weights["open_weights"].astype(bool)], SHARE_FIRST_YEAR),
        compute_trend(weights[~weights["open_weights"].astype(bool)], SHARE_FIRST_YEAR),
        share_trend(weights["open_weights"].astype(bool), weights["year"]),
        share_trend(~recent["language"], recent["year"]))


@dataclass(frozen=True)
class LaterFrontier:
    """The frontier once models published after Epoch's snapshot are added (kept apart
    from the snapshot: its own rows, its own trend)."""

    later: pd.DataFrame        # the added models, all with a compute estimate
    frontier: pd.DataFrame     # frontier models of snapshot and added models together
    trend: Trend
    sensitivity: pd.DataFrame


@functools.cache
def later_frontier() -> LaterFrontier:
    table = training_compute(include_later=True)
    front = frontier(table)
    return LaterFrontier(table[table["vintage"] == notable.LATER], front, compute_trend(front),
                         break_sensitivity(front))


def sensitivity_with_later(snapshot: pd.DataFrame, extended: pd.DataFrame) -> pd.DataFrame:
    """The break-sensitivity table of the snapshot beside the one with later models, one
    text per fit ('5.0× (4.6×–5.4×), 111 models'): three columns fit a phone screen."""
    def cells(table: pd.DataFrame) -> list[str]:
        return [f"{factor(r.factor, 1)} ({factor(r.low, 1)}–{factor(r.high, 1)}), "
                f"{count(r.models)} models" for r in table.itertuples()]
    both = snapshot.merge(extended, on="from", suffixes=("", "_later"))
    later = both[[c for c in both.columns if c.endswith("_later")]]
    return pd.DataFrame({"from": both["from"], "snapshot": cells(both),
                         "later": cells(later.rename(columns=lambda c: c[:-len("_later")]))})


def trend_path(trend: Trend, first_year: int, last: pd.Timestamp) -> pd.DataFrame:
    """A compute trend's fitted line at the first day of each year and at ``last``."""
    dates = pd.DatetimeIndex([pd.Timestamp(f"{y}-01-01") for y in range(first_year, last.year + 1)]
                             + [last])
    year = models.years_since(dates, pd.Timestamp("2000-01-01"))
    return pd.DataFrame({"date": dates, "value": 10 ** (trend.intercept + trend.slope * year)})


def later_numbers(later: LaterFrontier) -> dict[str, str]:
    """The numbers the models section publishes on the models added after the snapshot."""
    added = later.later
    in_frontier = later.frontier[later.frontier["vintage"] == notable.LATER]
    largest = added.loc[added["training_flop"].idxmax()]
    sens = later.sensitivity
    return {
        "fl-md-later-n": count(len(added), "models"),
        "fl-md-later-min": number(notable.LATER_MIN_FLOP, 1, "FLOP"),
        "fl-md-later-from": f"{added['publication_date'].min():%-d %B %Y}",
        "fl-md-later-to": f"{added['publication_date'].max():%-d %B %Y}",
        "fl-md-later-frontier-n": count(len(in_frontier), "models"),
        "fl-md-later-largest": largest.model,
        "fl-md-later-largest-flop": number(largest.training_flop, 1, "FLOP"),
        "fl-md-later-speculative-n": count(int((added["confidence"] == "Speculative").sum()),
                                           "models"),
        "fl-md-later-growth": with_interval(*later.trend.factor),
        "fl-md-later-growth-n": count(later.trend.nobs, "models"),
        "fl-md-later-sens-low": factor(sens["factor"].min()),
        "fl-md-later-sens-high": factor(sens["factor"].max()),
    }


def _share_trend_words(odds: models.Estimate) -> str:
    """Which way a share moves, by its odds change per year (95% interval)."""
    if odds.high < 1:
        return "falling"
    if odds.low > 1:
        return "rising"
    return "steady within the interval"


def models_numbers(m: ModelsLayer) -> dict[str, str]:
    """The numbers the models section publishes, by glue key."""
    sens = m.sensitivity
    open_known = m.table[m.table["open_weights"].notna() & (m.table["year"] >= SHARE_FIRST_YEAR)]
    latest = m.table["publication_date"].max()
    largest = m.table.loc[m.table["training_flop"].idxmax()]
    recent_share, recent_n, recent_start = recent_non_language_share(m.table)
    return {
        "fl-md-n": count(len(m.table), "models"),
        "fl-md-last": f"{latest:%B %Y}",
        "fl-md-frontier-n": count(m.frontier_trend.nobs, "models"),
        "fl-md-top": count(FRONTIER_TOP),
        "fl-md-first-year": str(TREND_FIRST_YEAR),
        "fl-md-frontier-growth": with_interval(*m.frontier_trend.factor),
        "fl-md-all-growth": with_interval(*m.all_trend.factor),
        "fl-md-all-n": count(m.all_trend.nobs, "models"),
        "fl-md-sens-low": factor(sens["factor"].min()),
        "fl-md-sens-high": factor(sens["factor"].max()),
        "fl-md-sens-from-low": str(int(sens.loc[sens["factor"].idxmin(), "from"])),
        "fl-md-sens-from-high": str(int(sens.loc[sens["factor"].idxmax(), "from"])),
        "fl-md-largest": largest.model,
        "fl-md-largest-flop": number(largest.training_flop, 1, "FLOP"),
        "fl-md-open-n": count(int(open_known["open_weights"].astype(bool).sum()), "models"),
        "fl-md-known-n": count(len(open_known), "models"),
        "fl-md-open-growth": with_interval(*m.open_trend.factor),
        "fl-md-closed-growth": with_interval(*m.closed_trend.factor),
        "fl-md-open-lag": years(m.open_lag_years),
        "fl-md-open-odds": with_interval(*m.open_share, digits=2),
        "fl-md-nonlang-odds": with_interval(*m.non_language_share, digits=2),
        "fl-md-nonlang-trend": _share_trend_words(m.non_language_share),
        "fl-md-nonlang-recent": with_interval(*recent_share, fmt=percent),
        "fl-md-nonlang-recent-n": count(recent_n, "models"),
        "fl-md-nonlang-recent-from": f"{recent_start:%B %Y}",
        "fl-md-many-fields": percent(MANY_FIELDS_SHARE),
        "fl-md-share-from": str(SHARE_FIRST_YEAR),
    }


def rule_share(odds_per_year: tuple[float, float], points: int) -> tuple[str, str]:
    """A share's change in odds per year (95% interval) against the claim that it holds
    up or grows: wholly above 1 (rising) matches, wholly below 1 (falling) contradicts,
    and an interval around 1 (steady) matches too, since the claim needs the share to
    hold, not to grow without end. The models are Epoch AI's selection of notable ones,
    so the evidence is never more than moderate."""
    low, high = odds_per_year
    direction = v.CONTRADICT if high < 1 else v.MATCH
    strength = v.evidence_strength(points, True, v.interval_ratio(low, high))
    return direction, v.MODERATE if strength == v.STRONG else strength


def rule_l4a(share: tuple[float, float], points: int) -> tuple[str, str]:
    """Share of recent notable models outside language (95% Wilson interval) against
    'many fields, not one model type', read as at least one in five
    (``MANY_FIELDS_SHARE``): wholly at or above it matches, wholly below falls short,
    across it cannot decide. The table holds only models with a compute estimate, and
    having one may depend on the field, so the evidence is never more than weak."""
    low, high = share
    if low >= MANY_FIELDS_SHARE:
        direction = v.MATCH
    elif high < MANY_FIELDS_SHARE:
        direction = v.FALL_SHORT
    else:
        direction = v.UNDECIDED
    return direction, v.WEAK


def rule_l4b(odds_per_year: tuple[float, float], points: int) -> tuple[str, str]:
    """Share of notable models with open weights (odds change per year, 95% interval):
    by the shared share rule; a falling open share contradicts it."""
    return rule_share(odds_per_year, points)


def recent_non_language_share(table: pd.DataFrame) -> tuple[models.Estimate, int, pd.Timestamp]:
    """Share of the notable models of the last ``RECENT_YEARS`` years of the data that are
    not language models, with its 95% Wilson interval; the number of models and the
    window's first day."""
    start = table["publication_date"].max() - pd.DateOffset(years=RECENT_YEARS)
    recent = table[table["publication_date"] > start]
    outside = int((~recent["language"]).sum())
    low, high = proportion_confint(outside, len(recent), method="wilson")
    return models.Estimate(outside / len(recent), float(low), float(high)), len(recent), start


def assess_l4a() -> v.Verdict:
    m = models_layer()
    share, n, start = recent_non_language_share(m.table)
    direction, strength = rule_l4a((share.low, share.high), n)
    return v.Verdict(
        "L4a", direction, strength,
        f"{with_interval(*share, fmt=percent)} of {count(n, 'models')} notable models "
        f"published after {start:%B %Y} are not language models",
        share.value, share.low, share.high, "share of notable models",
        v.vintage(m.table["publication_date"]), "fl-models",
        "Among models with a compute estimate in Epoch AI's notable-models data ('notable' is "
        "Epoch's selection; the data end in February 2025). The share outside language has "
        f"been falling: its odds change {with_interval(*m.non_language_share, digits=2)} a "
        f"year since {SHARE_FIRST_YEAR}.",
        v.rule_source(rule_l4a))


def assess_l4b() -> v.Verdict:
    m = models_layer()
    est = m.open_share
    known = m.table[m.table["open_weights"].notna() & (m.table["year"] >= SHARE_FIRST_YEAR)]
    direction, strength = rule_l4b((est.low, est.high), len(known))
    return v.Verdict(
        "L4b", direction, strength,
        f"odds that a notable model has open weights change {with_interval(*est, digits=2)} "
        f"a year since {SHARE_FIRST_YEAR}; open models trail closed ones by "
        f"{years(m.open_lag_years)} of compute growth",
        est.value, est.low, est.high, "odds ratio per year",
        v.vintage(known["publication_date"]), "fl-models",
        "A share of models is not proof that anyone depends on them; no public series of "
        "open-model use by start-ups or countries is in these data.",
        v.rule_source(rule_l4b, rule_share, v.evidence_strength))


# ------------------------------------------------------------------------------ energy and chips

def electricity() -> pd.DataFrame:
    return load_table("datacenter_electricity")


def cagr(first: float, last: float, span_years: float) -> float:
    """Compound annual growth factor between two levels ``span_years`` apart."""
    return (last / first) ** (1 / span_years)


def campuses() -> pd.DataFrame:
    return load_table("ai_campuses")


def campus_numbers(table: pd.DataFrame, us_average_gw: float) -> dict[str, str]:
    """The frontier AI campuses' installed power (MW summed to GW), the largest, their
    capital cost per gigawatt, and their power against a reference average load."""
    operating = table[table["current_power_mw"] > 0]
    largest = operating.loc[operating["current_power_mw"].idxmax()]
    gw = operating["current_power_mw"].sum() / 1000
    return {
        "fl-en-campus-n": count(len(table), "campuses"),
        "fl-en-campus-operating": count(len(operating), "campuses"),
        "fl-en-campus-gw": number(gw, 1, "GW"),
        "fl-en-campus-largest": largest.campus,
        "fl-en-campus-largest-mw": number(largest.current_power_mw, 0, "MW"),
        "fl-en-campus-cost-per-gw": usd(operating["current_capital_cost_usd_bn"].sum() / gw),
        "fl-en-campus-vs-us": percent(gw / us_average_gw),
    }


def _scenario(table: pd.DataFrame, report: str, region: str, year: int) -> pd.DataFrame:
    return table[(table["report"] == report) & (table["region"] == region)
                 & (table["year"] == year) & (table["kind"] == "projection")]


def energy_numbers(table: pd.DataFrame) -> dict[str, str]:
    """US (LBNL 2024) and world (IEA) data-centre electricity: compound growth between the
    published years, the 2028 level at the 2018-2023 growth against LBNL's scenarios, and
    levels in average gigawatts (TWh a year / 8,766 hours). One report at a time."""
    us = electricity_model.history(table, electricity_model.LBNL_2024, "United States")
    lbnl = _scenario(table, electricity_model.LBNL_2024, "United States", 2028)
    world = table[(table["region"] == "World") & table["report"].str.startswith("IEA")
                  ].set_index("year")["electricity"]
    early, recent = cagr(us[2014], us[2018], 4), cagr(us[2018], us[2023], 5)
    at_trend_2028 = us[2023] * recent ** 5
    low, high = lbnl["electricity"].min(), lbnl["electricity"].max()
    share_2023 = table[(table["report"] == electricity_model.LBNL_2024)
                       & (table["year"] == 2023)]["share_of_electricity"].iloc[0]
    gw = electricity_model.average_gw
    return {
        "fl-en-us-2014": number(us[2014], 0, "TWh"),
        "fl-en-us-2018": number(us[2018], 0, "TWh"),
        "fl-en-us-2023": number(us[2023], 0, "TWh"),
        "fl-en-us-share-2023": percent(share_2023 / 100, 1),
        "fl-en-us-early": factor(early, 2),
        "fl-en-us-recent": factor(recent, 2),
        "fl-en-us-2028-trend": number(at_trend_2028, 0, "TWh"),
        "fl-en-us-2028-low": number(low, 0, "TWh"),
        "fl-en-us-2028-high": number(high, 0, "TWh"),
        "fl-en-us-2028-gw-low": number(gw(low), 0, "GW"),
        "fl-en-us-2028-gw-high": number(gw(high), 0, "GW"),
        "fl-en-us-2023-gw": number(gw(us[2023]), 0, "GW"),
        "fl-en-us-2028-trend-gw": number(gw(at_trend_2028), 0, "GW"),
        "fl-en-us-2028-position": ("inside" if low <= at_trend_2028 <= high else
                                   "below" if at_trend_2028 < low else "above"),
        "fl-en-us-share-2028-low": percent(lbnl["share_of_electricity"].min() / 100, 1),
        "fl-en-us-share-2028-high": percent(lbnl["share_of_electricity"].max() / 100, 1),
        "fl-en-us-2028-growth-low": factor(cagr(us[2023], low, 5), 2),
        "fl-en-us-2028-growth-high": factor(cagr(us[2023], high, 5), 2),
        "fl-en-world-2024": number(world[2024], 0, "TWh"),
        "fl-en-world-2030": number(world[2030], 0, "TWh"),
        "fl-en-world-2030-gw": number(gw(world[2030]), 0, "GW"),
        "fl-en-world-growth": factor(cagr(world[2024], world[2030], 6), 2),
    }


TWH_PER_UNIT = {"TWh": 1.0, "thousand MWh": 1e-3}  # a thousand MWh is a GWh


def grid_series(table: pd.DataFrame, area: str, measure: str) -> pd.Series:
    """One area's grid electricity of one measure by year, in TWh."""
    rows = table[(table["area"] == area) & (table["measure"] == measure)]
    if rows.empty:
        raise models.ModelInputError(f"grid_electricity has no {measure} for {area}")
    twh = rows["value"] * rows["unit"].map(TWH_PER_UNIT)
    return pd.Series(twh.to_numpy(), index=rows["year"].to_numpy()).sort_index()


def grid_electricity() -> pd.DataFrame:
    return load_table("grid_electricity")


# The what-if for 2028 carries the grid's own compound growth over these years forward.
GRID_GROWTH_YEARS = (2014, 2023)


def grid_share_numbers(table: pd.DataFrame, grid: pd.DataFrame) -> dict[str, str]:
    """LBNL 2024's US data-centre use as a share of EIA retail sales, computed for each
    estimate year; the growth of the two from 2018 to 2023 side by side; LBNL's 2028 range
    as a share of retail sales if these kept their 2014-2023 compound growth; and the
    IEA's world estimate for 2024 as a share of world generation."""
    em = electricity_model
    sales = grid_series(grid, "United States", "retail sales")
    generation = grid_series(grid, "World", "generation")
    world = table[(table["report"] == "IEA Energy and AI (2025)") & (table["region"] == "World")
                  & (table["kind"] == "estimate")].set_index("year")
    world_share = em.share_of_grid(world["electricity"], generation)
    us = em.history(table, em.LBNL_2024, "United States")
    shares = em.share_of_grid(us, sales)
    first, last = GRID_GROWTH_YEARS
    grid_growth = cagr(sales[first], sales[last], last - first)
    lbnl = _scenario(table, em.LBNL_2024, "United States", 2028)["electricity"]
    sales_2028 = sales[last] * grid_growth ** (2028 - last)
    printed_2023 = table[(table["report"] == em.LBNL_2024) & (table["year"] == 2023)
                         ]["share_of_electricity"].iloc[0]
    numbers = {f"fl-en-grid-share-{year}": percent(share, 1) for year, share in shares.items()}
    return numbers | {
        "fl-en-grid-sales-2023": number(sales[2023], 0, "TWh"),
        "fl-en-grid-share-printed-2023": percent(printed_2023 / 100, 1),
        "fl-en-grid-growth": percent(grid_growth - 1, 1),
        "fl-en-grid-growth-span": f"{first}–{last}",
        "fl-en-grid-dc-added": number(us[2023] - us[2018], 0, "TWh"),
        "fl-en-grid-sales-added": number(sales[2023] - sales[2018], 0, "TWh"),
        "fl-en-grid-2028-sales": number(sales_2028, 0, "TWh"),
        "fl-en-grid-2028-share-low": percent(lbnl.min() / sales_2028, 1),
        "fl-en-grid-2028-share-high": percent(lbnl.max() / sales_2028, 1),
        "fl-en-grid-world-generation-2024": number(generation[2024], 0, "TWh"),
        "fl-en-grid-world-share-2024": percent(world_share[2024], 1),
        "fl-en-grid-world-share-printed-2024": percent(
            world.loc[2024, "share_of_electricity"] / 100, 1),
    }


def electricity_growth() -> pd.DataFrame:
    return load_table("datacenter_electricity_growth")


def growth_history_numbers(table: pd.DataFrame, printed: pd.DataFrame) -> dict[str, str]:
    """US data-centre growth a year period by period, 2000-2023: LBNL 2016's printed
    growth to 2014, then LBNL 2024's estimates; and how two rules would have forecast each
    period from the ones before (last growth carried on, long-run average)."""
    em = electricity_model
    us = em.history(table, em.LBNL_2024, "United States")
    periods = em.growth_periods(printed, us)
    errors = em.growth_rule_errors(periods)
    numbers = {f"fl-en-hist-{r.first}-{r.last}": percent(r.annual - 1, 1)
               for r in periods.itertuples()}
    return numbers | {
        "fl-en-hist-first": str(int(periods["first"].iloc[0])),
        "fl-en-hist-periods": count(len(periods), "periods"),
        "fl-en-hist-forecasts": count(len(errors), "forecasts"),
        "fl-en-hist-mae-last": number(errors["error_last_growth"].abs().mean(), 1,
                                      "percentage points a year"),
        "fl-en-hist-mae-long-run": number(errors["error_long_run"].abs().mean(), 1,
                                          "percentage points a year"),
        "fl-en-hist-worst-last": number(errors["error_last_growth"].abs().max(), 1,
                                        "percentage points a year"),
    }


# A prediction interval wider than this factor (high over low) says the points do not
# pin the level down: the page prints "not identified" instead of the two ends.
WIDEST_PROJECTION = 100.0


def electricity_trend_numbers(table: pd.DataFrame) -> dict[str, str]:
    """The log-linear trend through LBNL 2024's US estimates with its 2030 projection, its
    one-step backtest against the naive rules, the IEA's US 2030 scenario, Masanet et al.'s
    world growth 2010-2018, and LBNL 2016's projection for 2020 set against LBNL 2024."""
    em = electricity_model
    us = em.history(table, em.LBNL_2024, "United States")
    trend = em.fit_log_linear(us)
    growth, in_2030 = trend.growth(), trend.predict(2030)
    backtest = em.one_step_backtest(us).iloc[-1]
    iea_us = table[(table["report"] == "IEA Energy and AI (2025)")
                   & (table["region"] == "United States")].set_index("year")["electricity"]
    masanet = em.history(table, "Masanet et al. 2020 (Science)", "World")
    old = table[table["report"] == em.LBNL_2016].set_index("year")["electricity"]
    check = em.projection_check(old[2020], (2014, old[2014]), 2020, us)
    wide = in_2030.identified and in_2030.high / in_2030.low > WIDEST_PROJECTION
    return {
        "fl-en-trend-points": count(len(us), "estimates"),
        "fl-en-trend-growth": with_interval(*growth, digits=2),
        "fl-en-trend-2030": number(in_2030.value, 0, "TWh"),
        "fl-en-trend-2030-gw": number(em.average_gw(in_2030.value), 0, "GW"),
        "fl-en-trend-2030-pi": (not_identified("three points leave a prediction interval "
                                               "wider than a hundredfold") if wide else
                                interval(in_2030.low, in_2030.high, number, digits=0)),
        "fl-en-bt-origin": str(int(backtest.origin)),
        "fl-en-bt-target": str(int(backtest.target)),
        "fl-en-bt-last-level": factor(math.exp(backtest.error_last_level), 2),
        "fl-en-bt-last-growth": factor(math.exp(backtest.error_last_growth), 2),
        "fl-en-iea-us-2024": number(iea_us[2024], 0, "TWh"),
        "fl-en-iea-us-2030": number(iea_us[2030], 0, "TWh"),
        "fl-en-iea-us-2030-gw": number(em.average_gw(iea_us[2030]), 0, "GW"),
        "fl-en-iea-us-growth": factor(cagr(iea_us[2024], iea_us[2030], 6), 2),
        "fl-en-masanet-2010": number(masanet[2010], 0, "TWh"),
        "fl-en-masanet-2018": number(masanet[2018], 0, "TWh"),
        "fl-en-masanet-growth": factor(cagr(masanet[2010], masanet[2018], 8), 3),
        "fl-en-lbnl16-2014": number(old[2014], 0, "TWh"),
        "fl-en-lbnl16-2020": number(old[2020], 0, "TWh"),
        "fl-en-lbnl16-growth": factor(check["projected_growth"], 3),
        "fl-en-lbnl24-growth-check": factor(check["later_growth"], 3),
        "fl-en-lbnl-check-span": f"{check['later_first']}–{check['later_last']}",
    }


CLUSTER_FIRST_YEAR = 2017  # from here on each year has ten or more clusters with known power


def cluster_power() -> pd.DataFrame:
    return load_table("ai_cluster_power")


@dataclass(frozen=True)
class ClusterTrend:
    """Growth of the power of each year's largest new AI cluster, with model comparison,
    a rolling-origin backtest against the naive drift rule and a break test."""

    table: pd.DataFrame
    fits: dict
    backtest: models.BacktestResult
    breaks: models.BreakTest

    @property
    def beats_naive(self) -> bool:
        return self.backtest.relative_mae < 1


def fit_cluster_trend(table: pd.DataFrame, first_year: int = CLUSTER_FIRST_YEAR
                      ) -> ClusterTrend:
    used = table[table["year"] >= first_year]
    dates, power = pd.to_datetime(used["first_operational_date"]), used["power_mw"].to_numpy()
    return ClusterTrend(
        used, models.fit_all(dates, power),
        models.rolling_origin_backtest(dates, power, "exponential", horizon=1, min_train=5),
        models.break_test(pd.to_datetime(table["first_operational_date"]),
                          table["power_mw"].to_numpy()))


@functools.cache
def cluster_trend() -> ClusterTrend:
    return fit_cluster_trend(cluster_power())


def cluster_numbers(c: ClusterTrend) -> dict[str, str]:
    """Growth a year of the largest new cluster's power, whether the saturating curves are
    identified, the backtest against naive drift (relative error and interval coverage)
    and the break test over the whole series."""
    growth = c.fits["exponential"].annual_growth_factor()
    saturating = [name for name in ("logistic", "gompertz") if not c.fits[name].failed
                  and not c.fits[name].ceiling_problem]
    last = c.table.iloc[-1]
    return {
        "fl-en-cl-first-year": str(int(c.table["year"].iloc[0])),
        "fl-en-cl-years": count(len(c.table), "years"),
        "fl-en-cl-last": last.largest_cluster,
        "fl-en-cl-last-mw": number(last.power_mw, 0, "MW"),
        "fl-en-cl-last-year": str(int(last.year)),
        "fl-en-cl-growth": with_interval(*growth, digits=2),
        "fl-en-cl-saturating": (", ".join(saturating) + " identified" if saturating else
                                "neither a logistic nor a Gompertz ceiling is identified"),
        "fl-en-cl-relative-mae": number(c.backtest.relative_mae, 2),
        "fl-en-cl-origins": count(len(c.backtest.scored), "origins"),
        "fl-en-cl-coverage": percent(c.backtest.coverage),
        "fl-en-cl-verdict": ("beats" if c.beats_naive else "does not beat"),
        "fl-en-cl-role": ("a forecast" if c.beats_naive else
                          "a description of the past, not a forecast"),
        "fl-en-cl-break-p": number(c.breaks.p_value, 2),
    }


def assess_l1() -> v.Verdict:
    table = electricity()
    us = electricity_model.history(table, electricity_model.LBNL_2024, "United States")
    recent = cagr(us[2018], us[2023], 5)
    return v.Verdict(
        "L1", v.UNTESTABLE, None,
        f"context: US data-centre electricity grew {factor(recent, 2)} a year in 2018–2023 "
        "(LBNL)",
        recent, math.nan, math.nan, "growth factor per year", v.vintage(
            pd.to_datetime(table.loc[table["kind"] == "estimate", "year"].astype(str) + "-12-31")),
        "fl-energy",
        "Consumption rising fast does not show that power is what holds the build-out back. "
        "Testing it needs the capacity of data centres waiting for grid connection (for "
        "example LBNL's interconnection-queue data) set against capacity waiting for chips "
        "or money; no such series is in these data.",
        "No rule: no public series here measures whether power binds.")


HARDWARE_FIRST_YEAR = 2010
# L2: token prices falling more than this many times faster (in log terms) than hardware
# cost per FLOP/s means the fall comes mainly from elsewhere (algorithms, competition).
FAR_FASTER = 2.0


def ml_hardware() -> pd.DataFrame:
    table = load_table("ml_hardware").sort_values("release_date").reset_index(drop=True)
    table["year"] = models.years_since(table["release_date"], pd.Timestamp("2000-01-01")) + 2000
    table["fp32_per_usd"] = table["fp32_flops"] / table["release_price_usd"]
    table["fp32_per_w"] = table["fp32_flops"] / table["tdp_w"]
    table["tensor_per_w"] = table["tensor_fp16_flops"] / table["tdp_w"]
    return table


@dataclass
class ChipsLayer:
    table: pd.DataFrame
    per_dollar: Trend   # FP32 FLOP/s per dollar of release price
    per_watt: Trend     # FP32 FLOP/s per watt of thermal design power
    tensor_per_watt: Trend


@functools.cache
def chips_layer() -> ChipsLayer:
    table = ml_hardware()
    trend = lambda column: compute_trend(table, HARDWARE_FIRST_YEAR, column)
    return ChipsLayer(table, trend("fp32_per_usd"), trend("fp32_per_w"), trend("tensor_per_w"))


def token_price_fall() -> models.Estimate:
    """The yearly fall in token prices at constant capability (95% interval): the report's
    headline price trend, from the price toolkit that the paradigm chapter uses too."""
    return prices.headline_trend(load_table("llm_prices")).annual_fall


def chips_numbers(c: ChipsLayer, price_fall: models.Estimate) -> dict[str, str]:
    """The numbers the chips section publishes, by glue key."""
    ratio = math.log(price_fall.value) / math.log(c.per_dollar.factor.value)
    return {
        "fl-hw-n": count(len(c.table), "chips"),
        "fl-hw-from": str(HARDWARE_FIRST_YEAR),
        "fl-hw-price-n": count(c.per_dollar.nobs, "chips"),
        "fl-hw-watt-n": count(c.per_watt.nobs, "chips"),
        "fl-hw-tensor-n": count(c.tensor_per_watt.nobs, "chips"),
        "fl-hw-per-dollar": with_interval(*c.per_dollar.factor, digits=2),
        "fl-hw-per-watt": with_interval(*c.per_watt.factor, digits=2),
        "fl-hw-tensor-per-watt": with_interval(*c.tensor_per_watt.factor, digits=2),
        "fl-hw-doubling-dollar": years(math.log(2) / math.log(c.per_dollar.factor.value)),
        "fl-hw-token-fall": with_interval(*price_fall),
        "fl-hw-speed-ratio": number(ratio, 0),
        "fl-hw-far-faster": number(FAR_FASTER, 0),
    }


def rule_l2(hardware: tuple[float, float], price_fall: float, points: int) -> tuple[str, str]:
    """Hardware FLOP/s per dollar, gain per year (95% interval), against the yearly fall in
    token prices at constant capability (the bottom of its 95% interval): prices falling
    more than twice as fast (in logs) as even the top of the hardware interval come mainly
    from elsewhere and contradict the claim; otherwise chips can account for them and it
    matches. List prices of boards and of tokens are not costs, so never more than
    moderate."""
    low, high = hardware
    far_faster = math.log(price_fall) > FAR_FASTER * math.log(high)
    strength = v.evidence_strength(points, True, v.interval_ratio(low, high))
    return (v.CONTRADICT if far_faster else v.MATCH,
            v.MODERATE if strength == v.STRONG else strength)


def assess_l2() -> v.Verdict:
    c, fall = chips_layer(), token_price_fall()
    gain = c.per_dollar.factor
    direction, strength = rule_l2((gain.low, gain.high), fall.low, c.per_dollar.nobs)
    return v.Verdict(
        "L2", direction, strength,
        f"hardware FLOP/s per dollar gains {with_interval(*gain, digits=2)} a year; token "
        f"prices at constant capability fall {with_interval(*fall)} a year",
        *gain, "growth factor per year (FP32 FLOP/s per dollar)",
        v.vintage(c.table["release_date"]), "fl-chips",
        ("Token prices fall far faster than chips get cheaper per operation, so most of the "
         "fall must come from elsewhere (algorithms, smaller models, competition, margins). "
         if direction == v.CONTRADICT else
         "Chips getting cheaper per operation can account for the fall in token prices. ")
        + "Release prices are list prices of single boards, FP32 is not the precision AI "
        "uses, and token prices are list prices, not costs.",
        v.rule_source(rule_l2, v.evidence_strength))


# ------------------------------------------------------------------------------ applications

RUN_RATE = "annualised run-rate"
LABS = ("OpenAI", "Anthropic")


def run_rates() -> pd.DataFrame:
    table = load_table("ai_company_revenue")
    return table[table["measure"] == RUN_RATE].sort_values("as_of").reset_index(drop=True)


@functools.cache
def revenue_fits() -> dict[str, models.GrowthFit]:
    """Exponential growth of each lab's annualised run-rate (USD billion)."""
    rates = run_rates()
    return {lab: models.fit_exponential(rows["as_of"], rows["value"] / 1000)
            for lab in LABS for rows in [rates[rates["company"] == lab]]}


def revenue_in_year(fit: models.GrowthFit, year: int) -> pd.Series:
    """A calendar year's revenue approximated by the run-rate at mid-year, with the
    curve's 95% interval (for exponential growth the year's average run-rate is a few
    per cent above the mid-year value, so this errs low)."""
    return fit.predict([pd.Timestamp(f"{year}-07-01")]).iloc[0]


def required_growth(start_bn: float = CLAIMED_REVENUE_2026_BN,
                    end_bn: float = CLAIMED_REVENUE_2030_BN, span: float = 4.0) -> float:
    """Growth factor per year that takes ``start_bn`` in 2026 to ``end_bn`` in 2030."""
    return cagr(start_bn, end_bn, span)


def labs_revenue_2026() -> tuple[float, float, float]:
    """Sum over the two labs of their 2026 revenue (mid-year run-rate) and of its bounds
    (bounds summed: a wide, conservative band)."""
    rows = [revenue_in_year(fit, 2026) for fit in revenue_fits().values()]
    return tuple(float(sum(r[c] for r in rows)) for c in ("median", "ci_low", "ci_high"))


# An adoption curve with an interval needs at least this many dated estimates of one
# question version (two per parameter of a logistic curve); versions are never spliced.
MIN_ADOPTION_POINTS = 6


def dated_adoption_points(adoption: pd.DataFrame) -> dict[str, int]:
    """Dated current-use estimates for all employer businesses, per question version
    (estimates given only as a month or a season have no collection period)."""
    current = adoption[(adoption["measure"] == "current use")
                       & (adoption["population"] == "all employer businesses")]
    dated = current.dropna(subset=["period_start", "period_end"])
    return {version: int((dated["question_version"] == version).sum())
            for version in current["question_version"].unique()}


def applications_numbers() -> dict[str, str]:
    """The numbers the applications section publishes, by glue key."""
    fits, rates = revenue_fits(), run_rates()
    total = labs_revenue_2026()
    adoption = load_table("ai_adoption")
    current = adoption[(adoption["measure"] == "current use")
                       & (adoption["population"] == "all employer businesses")]
    first = current[current["question_version"] == "AI in producing goods or services"].iloc[0]
    last = current[current["question_version"] == "AI in any business function"].iloc[-1]
    dated = dated_adoption_points(adoption)
    numbers = {
        "fl-ap-adoption-min-points": count(MIN_ADOPTION_POINTS, "dated estimates"),
        "fl-ap-adoption-old-dated": count(dated.get("AI in producing goods or services", 0)),
        "fl-ap-adoption-new-dated": count(dated.get("AI in any business function", 0)),
        "fl-ap-required": factor(required_growth(), 2),
        "fl-ap-2026": with_interval(*total, fmt=usd),
        "fl-ap-claim-2026": usd(CLAIMED_REVENUE_2026_BN, digits=0),
        "fl-ap-claim-2030": usd(CLAIMED_REVENUE_2030_BN, digits=0),
        "fl-ap-adoption-first": percent(first.estimate_low / 100, 1),
        "fl-ap-adoption-first-when": first.period_label.split(" (")[0],
        "fl-ap-adoption-last": interval(last.estimate_low / 100, last.estimate_high / 100,
                                        fmt=percent),
        "fl-ap-adoption-last-when": f"{last.period_start:%-d %B %Y} to {last.period_end:%-d %B %Y}",
    }
    nvidia_step = fastest_growth_at_scale(nvidia_annual_revenue())
    numbers["fl-ap-scale-low"] = usd(COMPARABLE_SCALE_BN[0], digits=0)
    numbers["fl-ap-scale-high"] = usd(COMPARABLE_SCALE_BN[1], digits=0)
    numbers["fl-ap-nvidia-fastest"] = factor(nvidia_step[0], 2)
    numbers["fl-ap-nvidia-fastest-year"] = f"fiscal {nvidia_step[1]}"
    for lab, fit in fits.items():
        key = lab.lower()
        own = rates[rates["company"] == lab]
        numbers[f"fl-ap-{key}-growth"] = with_interval(*fit.annual_growth_factor())
        numbers[f"fl-ap-{key}-n"] = count(fit.nobs, "points")
        numbers[f"fl-ap-{key}-last"] = usd(own["value"].iloc[-1] / 1000)
        numbers[f"fl-ap-{key}-last-when"] = f"{own['as_of'].iloc[-1]:%B %Y}"
    return numbers


def rule_l5a(growth_lows: list[float], points: int) -> tuple[str, str]:
    """Each lab's run-rate growth per year (low end of its 95% interval) against 'real
    economic value created': growing revenue at every lab matches, shrinking revenue
    contradicts. Revenue reports of private firms are thin and secondary."""
    direction = v.MATCH if min(growth_lows) > 1 else v.CONTRADICT
    return direction, v.evidence_strength(points, True, None)


def assess_l5a() -> v.Verdict:
    fits = revenue_fits()
    lows = [fit.annual_growth_factor().low for fit in fits.values()]
    direction, strength = rule_l5a(lows, min(f.nobs for f in fits.values()))
    growth = {lab: fit.annual_growth_factor() for lab, fit in fits.items()}
    return v.Verdict(
        "L5a", direction, strength,
        "; ".join(f"{lab} run-rate {with_interval(*g)} a year" for lab, g in growth.items()),
        min(g.value for g in growth.values()), min(lows),
        max(g.high for g in growth.values()), "growth factor per year (slowest lab)",
        v.vintage(run_rates()["as_of"]), "fl-applications",
        "Revenue that customers pay is the plainest sign of value; business adoption rose too "
        "(US Census Business Trends and Outlook Survey), but its question changed in 2025, so "
        "the survey figures are shown, not fitted.",
        v.rule_source(rule_l5a, v.evidence_strength))


def rule_l5b(partial: tuple[float, float, float], points: int) -> tuple[str, str | None]:
    """The two largest labs' 2026 revenue (95% band) against 'about $100 billion' of all
    AI revenue (within 25%). The two labs are a part of the total: a part above the range
    exceeds it and a part overlapping it matches; a part below it cannot say whether the
    whole falls short."""
    _, low, high = partial
    claimed_low, claimed_high = (CLAIMED_REVENUE_2026_BN * (1 - ABOUT),
                                 CLAIMED_REVENUE_2026_BN * (1 + ABOUT))
    if high < claimed_low:
        return v.UNTESTABLE, None
    direction = v.compare_with_claim(low, high, claimed_low, claimed_high)
    return direction, v.evidence_strength(points, True, v.interval_ratio(low, high))


def assess_l5b() -> v.Verdict:
    total = labs_revenue_2026()
    points = min(f.nobs for f in revenue_fits().values())
    direction, strength = rule_l5b(total, points)
    return v.Verdict(
        "L5b", direction, strength,
        f"OpenAI and Anthropic alone: {with_interval(*total, fmt=usd)} in 2026 on their "
        "run-rate trends",
        *total, "USD billion in 2026", v.vintage(run_rates()["as_of"]), "fl-applications",
        "A lower bound on AI revenue: other model makers, AI start-ups and the clouds' AI "
        "services are not counted; run-rates are annualised monthly figures reported in the "
        "press, not audited revenue.",
        v.rule_source(rule_l5b, v.compare_with_claim, v.evidence_strength))


def rule_l5c(growth: tuple[float, float], points: int) -> tuple[str, str]:
    """OpenAI's run-rate growth per year (95% interval) against the growth $100 billion
    in 2026 needs to reach $1 trillion in 2030 (10^(1/4) ≈ 1.78× a year); a few points
    from press reports weigh weak to moderate."""
    low, high = growth
    direction = v.compare_with_claim(low, high, required_growth(), no_change=1.0)
    return direction, v.evidence_strength(points, True, v.interval_ratio(low, high))


def assess_l5c() -> v.Verdict:
    fit = revenue_fits()["OpenAI"]
    g = fit.annual_growth_factor()
    direction, strength = rule_l5c((g.low, g.high), fit.nobs)
    return v.Verdict(
        "L5c", direction, strength,
        f"OpenAI's run-rate grows {with_interval(*g)} a year; $1 trillion by 2030 needs "
        f"{factor(required_growth(), 2)} a year from $100 billion",
        *g, "growth factor per year", v.vintage(run_rates()["as_of"]), "fl-applications",
        "Today's growth of one young company is not the whole industry's for four more "
        "years; the fastest revenue ramps on record (for comparison) are not yet in these "
        "data.",
        v.rule_source(rule_l5c, v.compare_with_claim, v.evidence_strength))


# L5d: growth is compared only where revenue was about the size of the labs' run-rates
# (about $1 billion to $50 billion a year), since growth from a small base is easy.
COMPARABLE_SCALE_BN = (1.0, 50.0)


def nvidia_annual_revenue() -> pd.DataFrame:
    """NVIDIA's revenue per complete fiscal year (USD billion), summed from its quarters."""
    quarters = nvidia.data_center_share()
    complete = quarters.groupby("fiscal_year").filter(lambda g: len(g) == 4)
    annual = complete.groupby("fiscal_year", as_index=False)["Total"].sum()
    return annual.assign(revenue_bn=annual["Total"] / 1000)[["fiscal_year", "revenue_bn"]]


def fastest_growth_at_scale(annual: pd.DataFrame,
                            band: tuple[float, float] = COMPARABLE_SCALE_BN
                            ) -> tuple[float, int] | None:
    """Largest year-on-year revenue growth factor from a year whose revenue lies in
    ``band`` (USD billion) to the next consecutive year, and that next year; None if no
    year qualifies. ``annual`` has columns fiscal_year, revenue_bn."""
    rows = annual.sort_values("fiscal_year").reset_index(drop=True)
    steps = [(nxt.revenue_bn / cur.revenue_bn, int(nxt.fiscal_year))
             for cur, nxt in zip(rows.itertuples(), rows.iloc[1:].itertuples())
             if nxt.fiscal_year == cur.fiscal_year + 1 and band[0] <= cur.revenue_bn <= band[1]]
    return max(steps) if steps else None


def rival_growth() -> dict[str, tuple[float, float]]:
    """Growth per year of the companies OpenAI is compared with at the same revenue scale,
    as (low, high): Anthropic's run-rate trend (95% interval) and NVIDIA's fastest fiscal
    year from its filings (an exact ratio, so low = high)."""
    anthropic = revenue_fits()["Anthropic"].annual_growth_factor()
    nvidia_step = fastest_growth_at_scale(nvidia_annual_revenue())
    rivals = {"Anthropic": (anthropic.low, anthropic.high)}
    if nvidia_step is not None:
        rivals["NVIDIA"] = (nvidia_step[0], nvidia_step[0])
    return rivals


def rule_l5d(openai: tuple[float, float], rivals: dict[str, tuple[float, float]]
             ) -> tuple[str, str]:
    """OpenAI's run-rate growth per year (95% interval) against the growth of other
    companies at the same revenue scale: any rival whose lowest growth is above OpenAI's
    highest contradicts 'fastest-growing'; OpenAI's lowest above every rival's highest
    matches; overlapping intervals cannot decide. The labs' figures are press-reported
    run-rates and the filed comparators are few, so the evidence is weak at best."""
    low, high = openai
    if any(r_low > high for r_low, _ in rivals.values()):
        return v.CONTRADICT, v.WEAK
    if all(low > r_high for _, r_high in rivals.values()):
        return v.MATCH, v.WEAK
    return v.UNDECIDED, v.WEAK


def l5d_words(rivals: dict[str, tuple[float, float]]) -> str:
    """The rivals' growth as a phrase for the verdict's key number."""
    parts = []
    for name, (low, high) in rivals.items():
        parts.append(f"{name} {factor(low)}" if low == high else
                     f"{name} {factor(low)}–{factor(high)} (95% interval)")
    return "; ".join(parts)


def assess_l5d() -> v.Verdict:
    fit = revenue_fits()["OpenAI"]
    g = fit.annual_growth_factor()
    rivals = rival_growth()
    direction, strength = rule_l5d((g.low, g.high), rivals)
    return v.Verdict(
        "L5d", direction, strength,
        f"OpenAI's run-rate grows {with_interval(*g)} a year; at the same revenue scale: "
        f"{l5d_words(rivals)} a year",
        *g, "growth factor per year", v.vintage(run_rates()["as_of"]), "fl-applications",
        f"Compared where revenue was between {usd(COMPARABLE_SCALE_BN[0], digits=0)} and "
        f"{usd(COMPARABLE_SCALE_BN[1], digits=0)} a year. Anthropic's run-rate, reported the "
        "same way as OpenAI's, grew faster over the same years; "
        "NVIDIA's fastest filed year is the comparator from audited accounts. Google, Meta, "
        "Amazon and other fast growers' early filings are not yet compiled, so 'in history' "
        "is tested only against these.",
        v.rule_source(rule_l5d))


# ------------------------------------------------------------------------------ linkage

GRANGER_LAGS = 2
MIN_LINKED_QUARTERS = 12
MAX_P = 0.05


def linked_quarters() -> pd.DataFrame:
    """Four companies' capex and NVIDIA Data Center revenue by calendar quarter (USD
    billion). NVIDIA's fiscal quarters end about four weeks after calendar quarters; each
    is assigned to the calendar quarter holding most of its months."""
    dc = nvidia.data_center_revenue()
    dc = dc.assign(period_end=(dc["quarter_end"] - pd.Timedelta(days=45)).dt.to_period("Q")
                   .dt.end_time.dt.normalize(), nvidia_bn=dc["revenue"] / 1000)
    quarters = capex.combined_quarterly_capex()
    quarters = quarters.assign(period_end=quarters["period_end"].dt.to_period("Q")
                               .dt.end_time.dt.normalize())
    return quarters.merge(dc[["period_end", "nvidia_bn"]], on="period_end")[
        ["period_end", "capex_bn", "nvidia_bn"]]


@dataclass(frozen=True)
class LeadLag:
    quarters: int
    capex_leads_p: float     # capex growth helps predict NVIDIA revenue growth
    nvidia_leads_p: float    # and the reverse
    correlations: pd.DataFrame


def _granger_p(effect: np.ndarray, cause: np.ndarray, lags: int) -> float:
    """p-value of the F test that ``lags`` lags of ``cause`` add nothing to ``lags`` lags of
    ``effect`` in predicting ``effect`` (OLS, statsmodels)."""
    n = len(effect)
    rows = range(lags, n)
    own = np.column_stack([effect[[i - k for i in rows]] for k in range(1, lags + 1)])
    other = np.column_stack([cause[[i - k for i in rows]] for k in range(1, lags + 1)])
    y = effect[lags:]
    restricted = sm.OLS(y, sm.add_constant(own)).fit()
    full = sm.OLS(y, sm.add_constant(np.column_stack([own, other]))).fit()
    f_value, p_value, _ = full.compare_f_test(restricted)
    return float(p_value)


@functools.cache
def lead_lag() -> LeadLag:
    """Granger tests on quarterly log growth, both ways, and the correlation of the two
    growth series at leads and lags of up to two quarters."""
    linked = linked_quarters()
    growth = np.log(linked[["capex_bn", "nvidia_bn"]]).diff().dropna()
    c, n = growth["capex_bn"].to_numpy(), growth["nvidia_bn"].to_numpy()
    corr = pd.DataFrame([{"capex_lead_quarters": k,
                          "correlation": float(pd.Series(c).shift(k).corr(pd.Series(n)))}
                         for k in range(-GRANGER_LAGS, GRANGER_LAGS + 1)])
    return LeadLag(len(linked), _granger_p(n, c, GRANGER_LAGS), _granger_p(c, n, GRANGER_LAGS),
                   corr)


def linkage_numbers(l: LeadLag) -> dict[str, str]:
    best = l.correlations.loc[l.correlations["correlation"].idxmax()]
    return {
        "fl-lk-n": count(l.quarters, "quarters"),
        "fl-lk-lags": count(GRANGER_LAGS, "quarters"),
        "fl-lk-capex-leads-p": number(l.capex_leads_p, 2),
        "fl-lk-nvidia-leads-p": number(l.nvidia_leads_p, 2),
        "fl-lk-best-lead": _lead_words(int(best.capex_lead_quarters)),
        "fl-lk-best-corr": number(best.correlation, 2),
    }


def _lead_words(capex_lead: int) -> str:
    """A lead in quarters in words: positive when capex moves first."""
    if capex_lead == 0:
        return "in the same quarter"
    leader = "capex" if capex_lead > 0 else "NVIDIA revenue"
    return f"with {leader} leading by {count(abs(capex_lead))} " + (
        "quarter" if abs(capex_lead) == 1 else "quarters")


def rule_l6(capex_leads_p: float, nvidia_leads_p: float, quarters: int) -> tuple[str, str | None]:
    """Granger tests between quarterly growth of hyperscaler capex and of NVIDIA Data
    Center revenue (5% level): capex leading matches the claim that the layer above pulls
    the one below; only the reverse ordering contradicts it; no ordering falls short.
    Fewer than twelve quarters cannot test it; under twenty weigh weak."""
    if quarters < MIN_LINKED_QUARTERS:
        return v.UNTESTABLE, None
    if capex_leads_p < MAX_P:
        direction = v.MATCH
    elif nvidia_leads_p < MAX_P:
        direction = v.CONTRADICT
    else:
        direction = v.FALL_SHORT
    return direction, v.evidence_strength(quarters, True, math.inf if quarters < 20 else None)


def assess_l6() -> v.Verdict:
    l = lead_lag()
    direction, strength = rule_l6(l.capex_leads_p, l.nvidia_leads_p, l.quarters)
    linked = linked_quarters()
    return v.Verdict(
        "L6", direction, strength,
        f"capex growth → NVIDIA growth p = {number(l.capex_leads_p, 2)}; reverse "
        f"p = {number(l.nvidia_leads_p, 2)} ({count(l.quarters)} quarters)",
        l.capex_leads_p, math.nan, math.nan, "p-value (Granger test, capex leading)",
        v.vintage(linked["period_end"]), "fl-linkage",
        "Few quarters, and capex partly is NVIDIA revenue (the clouds buy its systems), so "
        "the two move together by accounting; electricity has only a few annual points and "
        "is not tested.",
        v.rule_source(rule_l6, v.evidence_strength))


ASSESSMENTS = {"L1": assess_l1, "L2": assess_l2, "L3a": assess_l3a, "L3b": assess_l3b,
               "L3c": assess_l3c, "L4a": assess_l4a, "L4b": assess_l4b, "L5a": assess_l5a,
               "L5b": assess_l5b, "L5c": assess_l5c, "L5d": assess_l5d, "L6": assess_l6}


# ------------------------------------------------------------------------------ findings

def findings() -> dict[str, str]:
    """The chapter's headline numbers for the executive summary."""
    t, m = capex_trend(), models_layer()
    reach = date_reaching_annual(t.trend, CLAIMED_FUTURE_BN)
    return {
        "fl-f-capex-year": usd(t.annual["capex_bn"].iloc[-1]),
        "fl-f-capex-growth": with_interval(*t.trend.annual_growth_factor(), digits=2),
        "fl-f-reach-5t": ("not reached on the trend" if reach[0] is None else
                          f"{month(reach[0])} ({month(reach[1])} to {month(reach[2])})"),
        "fl-f-compute-growth": with_interval(*m.frontier_trend.factor),
        "fl-f-labs-2026": with_interval(*labs_revenue_2026(), fmt=usd),
    }
