"""Computations behind the China-policy chapter (claims C1-C5).

Each function takes validated tables and returns plain frames, fits or the glued numbers
of one page section; the pages and the claims ledger call the same functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, wraps

import numpy as np
import pandas as pd

from . import notable, nvidia
from . import policy_models as pm
from . import verdicts as v
from .catalogue import load_table
from .models import BacktestResult
from .report import (Text, count, day, interval, month, months, not_identified, number,
                     percent, quarter_label, usd, with_interval, years)

CHINA = "China (including Hong Kong)"
# The two rules whose dates fall inside the quarterly China series (billing basis).
ITS_CONTROLS = {"October 2022 rule": "2022-10-07", "October 2023 rule": "2023-10-17"}
DECISIVE_AICC = 2.0          # a specification must beat its rival by this much to count
CLAIMED_MARKET_USD_BN = 50.0                         # C2b
CLAIMED_TALENT_SHARE = (40.0, 60.0)                  # C3: "about half", in percent
CLAIMED_GAP_YEARS = 0.25     # C4: "nanoseconds" read generously as under a quarter-year
# Developer headquarters for the benchmark panel (data/llm_prices.csv); others are left out.
DEVELOPER_COUNTRY = {"DeepSeek": "China", "Moonshot AI": "China", "MiniMax": "China",
                     "OpenAI": "United States", "Anthropic": "United States",
                     "Google": "United States", "Meta": "United States", "xAI": "United States",
                     "Microsoft": "United States", "Reka AI": "United States"}
GAP_BENCHMARKS = {"gpqa_diamond": "GPQA Diamond", "math_500": "MATH-500"}
MIN_LAGS_FOR_TREND = 4
COMPUTE_GAP_FROM = pd.Timestamp("2018-01-01")
# Rolling-origin forecasts start after this many observations (quarters, or arena snapshots).
BACKTEST_MIN_TRAIN = 6
# The two specifications of the share that are forecast, against "the last quarter persists".
BACKTESTED_SPECS = ("a step at each control, no trend", "steady trend, no break")
ELO_SCALE = 400.0            # Arena scores: a gap of 400 points is 10-to-1 odds


def _copied(function):
    """Cache a table-returning function (tables are validated on every read) and hand each
    caller its own copy."""
    cached = cache(function)

    @wraps(function)
    def wrapper(*args):
        return cached(*args).copy()
    return wrapper


def _fiscal_time(fiscal_year, fiscal_quarter):
    """Fiscal quarters on one time axis, in years (Q1 FY2022 = 2022.0)."""
    return fiscal_year + (fiscal_quarter - 1) / 4


# ------------------------------------------------------------------ revenue (C1, C2)

@_copied
def export_controls() -> pd.DataFrame:
    return load_table("china_export_controls").sort_values("date").reset_index(drop=True)


@_copied
def _quarters() -> pd.DataFrame:
    """NVIDIA's fiscal quarters with their end date and total revenue."""
    return nvidia.data_center_share()[["quarter_end", "fiscal_year", "fiscal_quarter", "Total"]]


@_copied
def quarterly_share() -> pd.DataFrame:
    """China's share of NVIDIA revenue per quarter (billing basis), with the quarter's
    start and which control period it belongs to."""
    totals = _quarters()
    totals = totals.assign(quarter_start=totals["quarter_end"].shift(1) + pd.Timedelta(days=1))
    china = load_table("nvidia_china_revenue_quarterly")
    table = china.merge(totals, on=["fiscal_year", "fiscal_quarter"], how="left")
    missing = table[table["Total"].isna()]
    if not missing.empty:
        first = missing.iloc[0]
        raise ValueError("nvidia_china_revenue_quarterly.csv: no total revenue for "
                         f"{quarter_label(first.fiscal_year, first.fiscal_quarter)} in "
                         "nvidia_revenue_by_market.csv")
    table["share"] = table["revenue"] / table["Total"]
    table["t"] = _fiscal_time(table["fiscal_year"], table["fiscal_quarter"])
    table["quarter"] = [quarter_label(y, q) for y, q in
                        zip(table["fiscal_year"], table["fiscal_quarter"])]
    table["period"] = "before the controls"
    for label, start in control_quarters().items():
        table.loc[table["t"] >= start, "period"] = f"after the {label}"
    return table.sort_values("t").reset_index(drop=True)


@cache
def control_quarters() -> dict[str, float]:
    """Each control's first full fiscal quarter (the first to start on or after it)."""
    quarters = _quarters()
    starts = quarters["quarter_end"].shift(1) + pd.Timedelta(days=1)
    out = {}
    for label, date in ITS_CONTROLS.items():
        later = quarters[starts >= pd.Timestamp(date)].iloc[0]
        out[label] = float(_fiscal_time(later.fiscal_year, later.fiscal_quarter))
    return out


ITS_SPECS = {
    "steady level": dict(trend=False),
    "steady trend, no break": dict(),
    "a step at each control, no trend": dict(steps=True, trend=False),
    "trend and a step at each control": dict(steps=True),
    "trend, step and slope change at the first control": dict(first_only=True),
}


@cache
def its_fits() -> dict[str, pm.SegmentedFit]:
    """The interrupted-time-series specifications, fitted to the share in percent."""
    table = quarterly_share()
    breaks = tuple(control_quarters().values())
    fits = {}
    for name, spec in ITS_SPECS.items():
        kwargs = {"trend": spec.get("trend", True)}
        if spec.get("steps"):
            kwargs["breaks"] = breaks
        if spec.get("first_only"):
            kwargs["breaks"] = kwargs["slope_changes"] = breaks[:1]
        fits[name] = pm.fit_segmented(table["t"] - table["t"].iloc[0],
                                      100 * table["share"], name=name,
                                      **{k: (tuple(b - table["t"].iloc[0] for b in val)
                                             if k in ("breaks", "slope_changes") else val)
                                         for k, val in kwargs.items()})
    return fits


def step_terms(fit: pm.SegmentedFit) -> list[str]:
    return [t for t in fit.terms if t.startswith("step")]


@_copied
def its_comparison() -> pd.DataFrame:
    """AICc ranking with each specification's combined step (percentage points)."""
    fits = its_fits()
    table = pm.compare(list(fits.values()))
    steps = []
    for name in table["model"]:
        terms = step_terms(fits[name])
        steps.append(fits[name].sum_of(terms) if terms else (math.nan,) * 3)
    table[["step", "step_low", "step_high"]] = pd.DataFrame(steps, index=table.index)
    return table


@dataclass(frozen=True)
class Shortfall:
    """Revenue China would have brought at a pre-control share, minus what it brought."""

    counterfactual: str
    quarters: int
    value: float      # USD million
    low: float
    high: float


@cache
def revenue_forgone() -> list[Shortfall]:
    """Two counterfactuals fitted to the quarters before the first control: the share
    stays at its level, or follows its trend; summed over the later quarters observed."""
    table = quarterly_share()
    first = min(control_quarters().values())
    before, after = table[table["t"] < first], table[table["t"] >= first]
    t0 = before["t"].iloc[0]
    out = []
    for label, trend in (("share stays at its pre-control level", False),
                         ("share follows its pre-control trend", True)):
        fit = pm.fit_segmented(before["t"] - t0, 100 * before["share"], trend=trend,
                               name=label)
        value, low, high = pm.counterfactual_shortfall(
            fit, after["t"] - t0, 100 * after["share"], after["Total"] / 100)
        out.append(Shortfall(label, len(after), value, low, high))
    return out


@_copied
def annual_by_location() -> pd.DataFrame:
    """Annual revenue by region (headquarters basis) with each region's share."""
    table = load_table("nvidia_revenue_by_location")
    totals = table[table["region"] == "Total"].set_index("fiscal_year")["revenue"]
    table = table[table["region"] != "Total"].copy()
    table["share"] = table["revenue"] / table["fiscal_year"].map(totals)
    return table.reset_index(drop=True)


@_copied
def annual_billing_basis() -> pd.DataFrame:
    """Annual revenue by region on the billing basis of the quarterly series (the years
    before the controls, from the 10-K), with each region's share."""
    table = load_table("nvidia_revenue_by_location_billing")
    totals = table[table["region"] == "Total"].set_index("fiscal_year")["revenue"]
    table = table[table["region"] != "Total"].copy()
    table["share"] = table["revenue"] / table["fiscal_year"].map(totals)
    return table.reset_index(drop=True)


def annual_shortfall(fiscal_year: int) -> tuple[float, float, float]:
    """A year's China revenue at the pre-control level share of the quarterly series,
    minus the year's reported China revenue (headquarters basis), USD million."""
    table = quarterly_share()
    first = min(control_quarters().values())
    before = table[table["t"] < first]
    fit = pm.fit_segmented(np.arange(len(before)), 100 * before["share"], trend=False)
    year = annual_by_location()
    row = year[(year["fiscal_year"] == fiscal_year) & (year["region"] == CHINA)].iloc[0]
    total = row["revenue"] / row["share"]
    return pm.counterfactual_shortfall(fit, [0.0], [100 * row["share"]], [total / 100])


def pre_control_share() -> tuple[float, float, float]:
    """Mean China share of revenue in the quarters before the first control, with its
    95% interval (HAC), as a fraction."""
    table = quarterly_share()
    before = table[table["t"] < min(control_quarters().values())]
    fit = pm.fit_segmented(np.arange(len(before)), 100 * before["share"], trend=False)
    return tuple(x / 100 for x in fit.effect("constant"))


def revenue_numbers() -> dict[str, str]:
    """Glued numbers of the revenue section (cn-rev-*)."""
    table = quarterly_share()
    comparison = its_comparison()
    best = comparison.iloc[0]
    steps = comparison[comparison["model"] == "a step at each control, no trend"].iloc[0]
    trend = comparison[comparison["model"] == "steady trend, no break"].iloc[0]
    level, trended = revenue_forgone()
    annual = annual_by_location()
    china = annual[annual["region"] == CHINA].set_index("fiscal_year")
    latest_year = int(china.index.max())
    pre = pre_control_share()
    billed_2025 = load_table("nvidia_revenue_by_location")
    billed = billed_2025[(billed_2025["fiscal_year"] == 2025) & (billed_2025["region"] == CHINA)]
    shortfall_year = annual_shortfall(latest_year)
    early = annual_billing_basis()
    early_china = early[early["region"] == CHINA]
    before = table[table["period"] == "before the controls"]
    last = table.iloc[-1]
    return {
        "cn-rev-quarters": count(len(table), "quarters"),
        "cn-rev-first-quarter": table["quarter"].iloc[0],
        "cn-rev-last-quarter": last["quarter"],
        "cn-rev-pre-share": with_interval(*pre, fmt=percent),
        "cn-rev-pre-quarters": count(len(before), "quarters"),
        "cn-rev-last-share": percent(last["share"]),
        "cn-rev-best-model": best["model"],
        "cn-rev-steps-vs-trend": number(abs(steps["aicc"] - trend["aicc"]), 1, "AICc points"),
        # The two steps together, as a fall in percentage points.
        "cn-rev-steps": with_interval(-steps["step"], -steps["step_high"], -steps["step_low"],
                                      fmt=number, digits=1, unit="percentage points"),
        "cn-rev-forgone-level": with_interval(level.value / 1000, level.low / 1000,
                                              level.high / 1000, fmt=usd),
        "cn-rev-forgone-trend": with_interval(trended.value / 1000, trended.low / 1000,
                                              trended.high / 1000, fmt=usd),
        "cn-rev-forgone-quarters": count(level.quarters, "quarters"),
        "cn-rev-latest-year": f"FY{latest_year}",
        "cn-rev-latest-china": usd(china.loc[latest_year, "revenue"] / 1000),
        "cn-rev-latest-share": percent(china.loc[latest_year, "share"]),
        "cn-rev-fall": percent(1 - china.loc[latest_year, "share"] / pre[0]),
        "cn-rev-claimed-market": usd(CLAIMED_MARKET_USD_BN, digits=0),
        "cn-rev-peak-china": usd(china["revenue"].max() / 1000),
        "cn-rev-peak-year": f"FY{int(china['revenue'].idxmax())}",
        "cn-rev-2025-hq": usd(china.loc[2025, "revenue"] / 1000),
        "cn-rev-2025-billed": usd(float(billed["revenue_billing_basis"].iloc[0]) / 1000),
        "cn-rev-year-shortfall": with_interval(*(x / 1000 for x in shortfall_year), fmt=usd),
        "cn-rev-early-years": f"FY{early_china['fiscal_year'].min()}–FY{early_china['fiscal_year'].max()}",
        "cn-rev-early-share": interval(early_china["share"].min(), early_china["share"].max(),
                                       fmt=percent),
    }


@cache
def its_backtests() -> dict[str, BacktestResult]:
    """One-quarter-ahead forecasts of the share (percent) from every window of at least
    ``BACKTEST_MIN_TRAIN`` quarters: the step model (only the controls already seen in the
    window) and the steady trend, each against 'the last quarter persists'."""
    table = quarterly_share()
    t0 = table["t"].iloc[0]
    breaks = tuple(b - t0 for b in control_quarters().values())
    forecasters = {BACKTESTED_SPECS[0]: pm.segmented_forecaster(breaks, trend=False),
                   BACKTESTED_SPECS[1]: pm.segmented_forecaster()}
    return {name: pm.rolling_origin(table["t"] - t0, 100 * table["share"], forecaster, name,
                                    BACKTEST_MIN_TRAIN)
            for name, forecaster in forecasters.items()}


@_copied
def its_backtest_table() -> pd.DataFrame:
    """Each backtested specification's forecast record beside the naive rule's."""
    rows = []
    for name, result in its_backtests().items():
        rows.append({"model": name, "forecasts": len(result.scored),
                     "mae_model": result.mae_model, "mae_naive": result.mae_naive,
                     "relative_mae": result.relative_mae, "coverage": result.coverage,
                     "naive_coverage": pm.naive_coverage(result),
                     "dm_p_value": result.diebold_mariano().p_value})
    return pd.DataFrame(rows)


def _beats(result: BacktestResult, plural: bool = False) -> str:
    """Whether a model beat the naive rule, as a verb for the model (or its forecasts)."""
    if result.relative_mae < 1:
        return "beat" if plural else "beats"
    return "do not beat" if plural else "does not beat"


def backtest_numbers() -> dict[str, str]:
    """Glued numbers of the revenue page's backtest section (cn-rev-bt-*), errors in
    percentage points of share."""
    steps, trend = (its_backtests()[name] for name in BACKTESTED_SPECS)
    return {
        "cn-rev-bt-forecasts": count(len(steps.scored), "forecasts"),
        "cn-rev-bt-first-window": count(BACKTEST_MIN_TRAIN, "quarters"),
        "cn-rev-bt-mae-steps": number(steps.mae_model, 1, "percentage points"),
        "cn-rev-bt-mae-trend": number(trend.mae_model, 1, "percentage points"),
        "cn-rev-bt-mae-naive": number(steps.mae_naive, 1, "percentage points"),
        "cn-rev-bt-rel-steps": number(steps.relative_mae, 2),
        "cn-rev-bt-rel-trend": number(trend.relative_mae, 2),
        "cn-rev-bt-steps-beats": _beats(steps),
        "cn-rev-bt-trend-beats": _beats(trend),
        "cn-rev-bt-cover-steps": percent(steps.coverage),
        "cn-rev-bt-cover-trend": percent(trend.coverage),
        "cn-rev-bt-cover-naive": percent(pm.naive_coverage(steps)),
        "cn-rev-bt-dm-steps": number(steps.diebold_mariano().p_value, 2),
    }


def rule_c1(steps: tuple[float, float], aicc_advantage: float,
            backtest_relative_mae: float) -> tuple[str, str]:
    """China's share of NVIDIA revenue against 'the controls cut the share'. No public
    series measures NVIDIA's share of China's high-end AI-chip market, so only the cause
    is tested, on the revenue share: steps at the control dates (percentage points, 95%
    interval) that are not negative contradict it; steps that fit no better than a steady
    decline (within ``DECISIVE_AICC`` points), or whose one-quarter-ahead forecasts are no
    better than 'the last quarter persists' (relative MAE of 1 or more), cannot decide it;
    negative steps that pass both match it. Revenue share only stands in for market share,
    so always weak."""
    low, high = steps
    if high >= 0:
        direction = v.CONTRADICT
    elif aicc_advantage < DECISIVE_AICC or not backtest_relative_mae < 1:
        direction = v.UNDECIDED
    else:
        direction = v.MATCH
    return direction, v.WEAK


def assess_c1() -> v.Verdict:
    comparison = its_comparison().set_index("model")
    steps = comparison.loc["a step at each control, no trend"]
    advantage = comparison.loc["steady trend, no break", "aicc"] - steps["aicc"]
    annual = annual_by_location()
    china = annual[annual["region"] == CHINA].sort_values("fiscal_year").iloc[-1]
    pre = pre_control_share()[0]
    table = quarterly_share()
    backtest = its_backtests()[BACKTESTED_SPECS[0]]
    direction, strength = rule_c1((steps["step_low"], steps["step_high"]), advantage,
                                  backtest.relative_mae)
    return v.Verdict(
        "C1", direction, strength,
        f"China's share of NVIDIA revenue {percent(pre)} before the controls, "
        f"{percent(china['share'])} in FY{china['fiscal_year']}",
        float(china["share"]), math.nan, math.nan, "share of NVIDIA revenue",
        v.vintage(table["quarter_end"]), "cn-revenue",
        f"China's share of NVIDIA's revenue fell by {percent(1 - china['share'] / pre)} of "
        "its earlier level, not to zero; the claim concerns market share, which no public "
        "series measures. " + (
            "Steps at the control dates fit the quarterly share better than a steady decline "
            f"by {advantage:.1f} AICc points" if advantage >= DECISIVE_AICC else
            "Steps at the control dates fit the quarterly share no better than a steady "
            "decline") + (
            f", and their one-quarter-ahead forecasts {_beats(backtest, plural=True)} 'the last "
            f"quarter persists' (mean error {backtest.relative_mae:.2f} times the naive "
            "rule's), so "
            + ("the fall lines up with the control dates." if direction == v.MATCH else
               "the fall cannot be pinned on the control dates from this series alone.")),
        v.rule_source(rule_c1))


def assess_c2b() -> v.Verdict:
    level = revenue_forgone()[0]
    latest = int(annual_by_location()["fiscal_year"].max())
    value, low, high = annual_shortfall(latest)
    return v.Verdict(
        "C2b", v.UNTESTABLE, None,
        f"context: at its pre-control share China would have added about "
        f"{usd(value / 1000, digits=0)} to NVIDIA's FY{latest} revenue",
        value / 1000, low / 1000, high / 1000, "USD billion", f"FY{latest}", "cn-revenue",
        "Needs an independent estimate of China's AI-chip spending for 2025-2027 (industry "
        "analysts' market sizing); NVIDIA's own China revenue under a counterfactual share "
        f"is context, not the market ({level.quarters} quarters fitted).",
        "No rule: no market estimate in the data.")


def assess_c2c() -> v.Verdict:
    return v.untestable(
        "C2c", "a policy judgement", "cn-supply",
        "A judgement on strategy rather than a quantity. The data bearing on it are C1 "
        "(NVIDIA's China revenue after each control) and C5 (whether domestic suppliers "
        "fill the gap); a test would need the domestic share of China's AI-chip market "
        "measured consistently over several years.",
        "No rule: not a quantity.", v.vintage(export_controls()["date"]))


# ------------------------------------------------------------------ compute market (C2a)

@_copied
def supercomputer_capacity() -> pd.DataFrame:
    table = load_table("ai_supercomputer_capacity").sort_values(
        "h100_equivalents", ascending=False).reset_index(drop=True)
    table["share"] = table["h100_equivalents"] / table["h100_equivalents"].sum()
    table["rank"] = np.arange(1, len(table) + 1)
    return table


def market_numbers() -> dict[str, str]:
    """Glued numbers of the compute-market section (cn-mkt-*)."""
    table = supercomputer_capacity().set_index("country")
    china, us = table.loc["China"], table.loc["United States of America"]
    third = table[table["rank"] == 3].iloc[0]
    annual = annual_by_location()
    latest = annual[annual["fiscal_year"] == annual["fiscal_year"].max()].sort_values(
        "revenue", ascending=False).reset_index(drop=True)
    return {
        "cn-mkt-china-rank": count(int(china["rank"])),
        "cn-mkt-china-h100e": number(china["h100_equivalents"], 0, "H100 equivalents"),
        "cn-mkt-china-share": percent(china["share"]),
        "cn-mkt-us-share": percent(us["share"]),
        "cn-mkt-us-over-china": number(us["h100_equivalents"] / china["h100_equivalents"], 0,
                                       "times"),
        "cn-mkt-china-over-third": number(china["h100_equivalents"] / third["h100_equivalents"],
                                          1, "times"),
        "cn-mkt-third": third.name,
        "cn-mkt-china-clusters": count(int(china["clusters"]), "clusters"),
        "cn-mkt-nvidia-rank": count(int(latest.index[latest["region"] == CHINA][0]) + 1),
    }


def rule_c2a(china_rank: int, clusters: int) -> tuple[str, str]:
    """China's rank in existing AI-supercomputer capacity against 'second-largest'.
    Second matches, first exceeds, third or lower contradicts. Epoch's coverage of
    Chinese clusters is thinner than of US ones, so the evidence is at most moderate."""
    direction = {1: v.EXCEED, 2: v.MATCH}.get(china_rank, v.CONTRADICT)
    strength = v.evidence_strength(clusters, True, None)
    return direction, v.MODERATE if strength == v.STRONG else strength


def assess_c2a() -> v.Verdict:
    table = supercomputer_capacity().set_index("country")
    china = table.loc["China"]
    direction, strength = rule_c2a(int(china["rank"]), int(china["clusters"]))
    return v.Verdict(
        "C2a", direction, strength,
        f"China ranks {int(china['rank'])} in existing AI-supercomputer capacity "
        f"({percent(china['share'])} of the world's H100 equivalents tracked by Epoch AI)",
        float(china["share"]), math.nan, math.nan, "share of tracked capacity", "Dec 2025",
        "cn-market",
        "Second, but far behind the first: the United States holds most of the tracked "
        "capacity. Epoch's Chinese coverage relies on public reports and is likely incomplete.",
        v.rule_source(rule_c2a, v.evidence_strength))


# ------------------------------------------------------------------ talent (C3)

@_copied
def talent() -> pd.DataFrame:
    return load_table("china_ai_talent").sort_values(
        ["edition", "tier", "definition", "country"]).reset_index(drop=True)


def _talent_share(tier: str, definition: str, country: str = "China",
                  edition: int = 2022) -> float:
    table = talent()
    row = table[(table["edition"] == edition) & (table["tier"] == tier)
                & (table["definition"] == definition) & (table["country"] == country)]
    return float(row["share"].iloc[0])


def talent_numbers() -> dict[str, str]:
    """Glued numbers of the talent section (cn-tal-*), shares as fractions."""
    share = lambda *a, **k: percent(_talent_share(*a, **k) / 100)
    return {
        "cn-tal-origin": share("top-tier", "undergraduate country"),
        "cn-tal-origin-2019": share("top-tier", "undergraduate country", edition=2019),
        "cn-tal-origin-us": share("top-tier", "undergraduate country", "United States"),
        "cn-tal-work": share("top-tier", "country of work"),
        "cn-tal-work-us": share("top-tier", "country of work", "United States"),
        "cn-tal-elite-origin": share("most elite", "undergraduate country"),
        "cn-tal-elite-origin-us": share("most elite", "undergraduate country", "United States"),
        "cn-tal-elite-work": share("most elite", "country of work"),
    }


def rule_c3(work_share: float, origin_share: float, editions: int) -> tuple[str, str]:
    """Share of top AI researchers working in China (percent) against 'about half'
    (40-60%); the share by undergraduate origin is reported beside it but the claim says
    'in China'. Press-reported shares of one sample, so the evidence is weak."""
    direction = v.compare_with_claim(work_share, work_share, *CLAIMED_TALENT_SHARE)
    return direction, v.evidence_strength(editions, False, None)


def assess_c3() -> v.Verdict:
    work = _talent_share("top-tier", "country of work")
    origin = _talent_share("top-tier", "undergraduate country")
    direction, strength = rule_c3(work, origin, talent()["edition"].nunique())
    return v.Verdict(
        "C3", direction, strength,
        f"{work:.0f}% of top-tier AI researchers work in China; {origin:.0f}% did their "
        "undergraduate degree there", work, math.nan, math.nan, "percent of top-tier researchers",
        "NeurIPS 2019 and 2022", "cn-talent",
        "'About half' fits where researchers come from (undergraduate country), not where "
        "they are: a little over a quarter work in China.",
        v.rule_source(rule_c3, v.compare_with_claim, v.evidence_strength))


# ------------------------------------------------------------------ capability gap (C4)

@_copied
def notable_models() -> pd.DataFrame:
    return notable.us_china().sort_values("publication_date")


def notable_counts() -> pd.DataFrame:
    """Notable models per publication year and country."""
    table = notable_models()
    table["year"] = table["publication_date"].dt.year
    return (table.groupby(["year", "country"]).size().rename("models").reset_index())


@cache
def compute_gap() -> pm.GroupGap:
    """Training-compute trends of US (leader) and Chinese notable models since 2018."""
    table = notable_models().dropna(subset=["training_compute_flop"])
    table = table[table["publication_date"] >= COMPUTE_GAP_FROM]
    t = (table["publication_date"] - COMPUTE_GAP_FROM).dt.days / 365.25
    return pm.fit_group_gap(t, np.log10(table["training_compute_flop"]),
                            (table["country"] == "China").astype(int))


def compute_gap_at(date) -> tuple[float, float, float]:
    return compute_gap().lead_years((pd.Timestamp(date) - COMPUTE_GAP_FROM).days / 365.25)


@_copied
def benchmark_lags(benchmark: str) -> pd.DataFrame:
    """For each Chinese model's score on ``benchmark``: years since a US model in the
    panel first scored at least as high (NaN if none had by then: China ahead)."""
    prices = load_table("llm_prices")
    prices["country"] = prices["developer"].map(DEVELOPER_COUNTRY)
    scored = prices.dropna(subset=[benchmark, "country"])
    # One row per distinct model result: price re-listings repeat the same score and date.
    china = (scored[scored["country"] == "China"]
             .sort_values("release_date").drop_duplicates([benchmark, "release_date"]))
    us = scored[scored["country"] == "United States"]
    rows = []
    for row in china.itertuples():
        earlier = us[(us[benchmark] >= getattr(row, benchmark))
                     & (us["release_date"] <= row.release_date)]
        first = earlier["release_date"].min()
        rows.append({"model": row.model, "date": row.release_date,
                     "score": getattr(row, benchmark),
                     "us_model": earlier.sort_values("release_date")["model"].iloc[0]
                     if len(earlier) else None,
                     "lag_years": (row.release_date - first).days / 365.25
                     if len(earlier) else math.nan})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class LagTrend:
    benchmark: str
    lags: pd.DataFrame
    fit: pm.SegmentedFit | None
    parity: tuple[float, float, float] | None

    @property
    def median_lag(self) -> float:
        return float(self.lags["lag_years"].median())


@cache
def lag_trend(benchmark: str) -> LagTrend:
    """A linear trend of the matching lag over time (White errors: irregular dates) and
    the date it would reach zero, where the data identify it."""
    lags = benchmark_lags(benchmark).dropna(subset=["lag_years"])
    if len(lags) < MIN_LAGS_FOR_TREND:
        return LagTrend(benchmark, lags, None, None)
    t = lags["date"].dt.year + (lags["date"].dt.day_of_year - 1) / 365.25
    fit = pm.fit_segmented(t - 2024, lags["lag_years"], cov_type="HC1", name=benchmark)
    parity = pm.zero_crossing(fit, float(t.max() - 2024))
    return LagTrend(benchmark, lags, fit, None if parity is None else
                    tuple(2024 + x for x in parity))


def parity_text(parity: tuple[float, float, float]) -> Text:
    """A projected parity date to the month with its interval, e.g. 'Mar 2027 (95%
    interval Jan 2026–Jul 2029)'."""
    when = [pd.Timestamp("2024-01-01") + pd.Timedelta(days=(x - 2024) * 365.25)
            for x in parity]
    return Text(f"{month(when[0])} (95% interval {month(when[1])}–{month(when[2])})",
                value=parity[0], low=parity[1], high=parity[2], unit="year")


def gap_numbers() -> dict[str, str]:
    """Glued numbers of the capability-gap section (cn-gap-*)."""
    gap = compute_gap()
    counts = notable_counts()
    wide = counts.pivot(index="year", columns="country", values="models").fillna(0)
    latest_full = int(wide.index[wide.index < notable_models()["publication_date"].max().year
                                 ].max())
    closing = gap.closing_rate()
    gpqa = lag_trend("gpqa_diamond")
    slope = gpqa.fit.effect("trend") if gpqa.fit else (math.nan,) * 3
    numbers = {
        "cn-gap-from": f"{COMPUTE_GAP_FROM:%Y}",
        "cn-gap-models-us": count(gap.nobs[0], "models"),
        "cn-gap-models-cn": count(gap.nobs[1], "models"),
        "cn-gap-lead-2020": with_interval(*compute_gap_at("2020-07-01"), fmt=years),
        "cn-gap-lead-2024": with_interval(*compute_gap_at("2024-07-01"), fmt=years),
        "cn-gap-closing": with_interval(*closing, fmt=number, digits=2),
        "cn-gap-count-year": str(latest_full),
        "cn-gap-count-us": count(int(wide.loc[latest_full, "United States"]), "models"),
        "cn-gap-count-cn": count(int(wide.loc[latest_full, "China"]), "models"),
        "cn-gap-gpqa-n": count(len(gpqa.lags), "models"),
        "cn-gap-gpqa-median": years(gpqa.median_lag),
        "cn-gap-gpqa-latest": years(float(gpqa.lags.sort_values("date")["lag_years"].iloc[-1])),
        "cn-gap-gpqa-latest-model": gpqa.lags.sort_values("date")["model"].iloc[-1],
        "cn-gap-gpqa-slope": with_interval(*slope, fmt=number, digits=2),
        "cn-gap-gpqa-parity": (parity_text(gpqa.parity) if gpqa.parity else
                               not_identified("the lag's trend is flat within its interval")),
    }
    return numbers


def rule_c4(lead: tuple[float, float], lag_interval: tuple[float, float] | None,
            arena_interval: tuple[float, float] | None, points: int) -> tuple[str, str]:
    """The latest trend gap in training compute (years, 95% interval) against 'only a
    hair's breadth behind' (under a quarter of a year). A gap wholly below zero means
    China leads (exceeds the claim); an interval reaching below a quarter-year matches;
    a gap wholly above it falls short. The match is only weak if a direct measure of
    capability puts the best US model measurably ahead: a benchmark's matching lag
    (median, interval) wholly above a quarter-year, or the latest Arena gap between the
    best US and best Chinese model (points, interval) wholly above zero."""
    low, high = lead
    if high < 0:
        direction = v.EXCEED
    elif low <= CLAIMED_GAP_YEARS:
        direction = v.MATCH
    else:
        direction = v.FALL_SHORT
    strength = v.evidence_strength(points, True, None)
    us_ahead = ((lag_interval is not None and lag_interval[0] > CLAIMED_GAP_YEARS)
                or (arena_interval is not None and arena_interval[0] > 0))
    if direction == v.MATCH and us_ahead:
        strength = v.WEAK
    return direction, strength


def lag_interval(benchmark: str = "gpqa_diamond", draws: int = 2000) -> tuple[float, float]:
    """Bootstrap 95% interval of the median matching lag (models resampled)."""
    lags = lag_trend(benchmark).lags["lag_years"].to_numpy()
    rng = np.random.default_rng(12)
    medians = np.median(rng.choice(lags, size=(draws, len(lags))), axis=1)
    return float(np.quantile(medians, 0.025)), float(np.quantile(medians, 0.975))


# ------------------------------------------------------------------ arena ratings (C4)

ARENA_TABLE = "arena_leaders_us_china"
ARENA_ORIGIN = 2025          # the arena fits' time axis: calendar years since 1 Jan 2025
# The last snapshot behind the parity projection published in release 0.4.0; the snapshots
# archived after it test that projection out of sample.
ARENA_PROJECTION_CUTOFF = pd.Timestamp("2025-11-09")


def _decimal_year(dates: pd.Series) -> pd.Series:
    return dates.dt.year + (dates.dt.day_of_year - 1) / 365.25


@_copied
def arena_gap() -> pd.DataFrame:
    """Per leaderboard snapshot: the best US and the best Chinese model, the gap in Arena
    points with an approximate 95% interval (the two published half-widths combined as
    independent normal errors), and the share of head-to-head votes the US model is
    expected to win on the Arena's Elo scale."""
    table = load_table(ARENA_TABLE)
    table["half_width"] = (table["ci_upper"] + table["ci_lower"]) / 2
    wide = table.pivot(index="snapshot_date", columns="country")
    for country in ("United States", "China"):
        absent = wide.index[wide[("score", country)].isna()] if ("score", country) in wide \
            else wide.index
        if len(absent):
            raise ValueError(f"{ARENA_TABLE}.csv: snapshot {absent[0]:%Y-%m-%d} has no row "
                             f"for {country} (column country)")
    gap = wide[("score", "United States")] - wide[("score", "China")]
    half = np.hypot(wide[("half_width", "United States")], wide[("half_width", "China")])
    out = pd.DataFrame({
        "date": wide.index,
        "us_model": wide[("model", "United States")].to_numpy(),
        "us_score": wide[("score", "United States")].to_numpy(),
        "cn_model": wide[("model", "China")].to_numpy(),
        "cn_score": wide[("score", "China")].to_numpy(),
        "gap": gap.to_numpy(), "gap_low": (gap - half).to_numpy(),
        "gap_high": (gap + half).to_numpy()})
    out["us_win_share"] = 1 / (1 + 10 ** (-out["gap"] / ELO_SCALE))
    out["t"] = _decimal_year(out["date"]) - ARENA_ORIGIN
    return out.reset_index(drop=True)


def _line_and_decay(gap: pd.DataFrame) -> dict[str, pm.SegmentedFit]:
    """The gap's straight-line trend and its exponential decay (a line through its log)."""
    return {"straight-line trend": pm.fit_segmented(gap["t"], gap["gap"], name="straight"),
            "exponential decay": pm.fit_segmented(gap["t"], np.log(gap["gap"]), name="decay")}


@cache
def arena_fits() -> dict[str, pm.SegmentedFit]:
    """Both fits through every snapshot."""
    return _line_and_decay(arena_gap())


@cache
def arena_projection_fits() -> dict[str, pm.SegmentedFit]:
    """Both fits through the snapshots up to ``ARENA_PROJECTION_CUTOFF`` only: the fits
    behind the parity projection that the later snapshots test."""
    gap = arena_gap()
    return _line_and_decay(gap[gap["date"] <= ARENA_PROJECTION_CUTOFF])


@cache
def arena_backtests() -> dict[str, BacktestResult]:
    """Next-snapshot forecasts of the gap from every window of at least
    ``BACKTEST_MIN_TRAIN`` snapshots, against 'the last gap persists'."""
    gap = arena_gap()
    forecasters = {"straight-line trend": pm.segmented_forecaster(),
                   "exponential decay": pm.segmented_forecaster(log=True)}
    return {name: pm.rolling_origin(gap["t"], gap["gap"], forecaster, name, BACKTEST_MIN_TRAIN)
            for name, forecaster in forecasters.items()}


def arena_half_life() -> tuple[float, float, float]:
    """Months for the gap to halve under the exponential decay, with its interval (an
    upper end of infinity where the decay rate's interval reaches zero)."""
    rate, low, high = arena_fits()["exponential decay"].effect("trend")
    to_months = lambda r: 12 * math.log(2) / -r if r < 0 else math.inf
    return to_months(rate), to_months(low), to_months(high)


def arena_parity() -> tuple[float, float, float] | None:
    """When the straight-line trend reaches zero (calendar years), or None where the data
    do not identify it or that trend does not beat the naive forecast."""
    if not arena_backtests()["straight-line trend"].relative_mae < 1:
        return None
    crossing = pm.zero_crossing(arena_fits()["straight-line trend"], float(arena_gap()["t"].max()))
    return None if crossing is None else tuple(ARENA_ORIGIN + x for x in crossing)


def arena_numbers() -> dict[str, str]:
    """Glued numbers of the arena section (cn-gap-arena-*)."""
    gap = arena_gap()
    first, last = gap.iloc[0], gap.iloc[-1]
    slope, s_low, s_high = arena_fits()["straight-line trend"].effect("trend")
    line, decay = (arena_backtests()[name] for name in ("straight-line trend",
                                                        "exponential decay"))
    half = arena_half_life()
    parity = arena_parity()
    return {
        "cn-gap-arena-snapshots": count(len(gap), "snapshots"),
        "cn-gap-arena-first-date": day(first["date"]),
        "cn-gap-arena-last-date": day(last["date"]),
        "cn-gap-arena-first-gap": number(first["gap"], 0, "points"),
        "cn-gap-arena-first-us": first["us_model"],
        "cn-gap-arena-first-cn": first["cn_model"],
        "cn-gap-arena-last-gap": with_interval(last["gap"], last["gap_low"], last["gap_high"],
                                               fmt=number, digits=0, unit="points"),
        "cn-gap-arena-last-us": last["us_model"],
        "cn-gap-arena-last-cn": last["cn_model"],
        "cn-gap-arena-last-win": percent(last["us_win_share"]),
        "cn-gap-arena-widest": number(gap["gap"].max(), 0, "points"),
        "cn-gap-arena-widest-date": day(gap.loc[gap["gap"].idxmax(), "date"]),
        "cn-gap-arena-widest-us": gap.loc[gap["gap"].idxmax(), "us_model"],
        "cn-gap-arena-narrowing": with_interval(-slope, -s_high, -s_low, fmt=number, digits=0,
                                                unit="points a year"),
        "cn-gap-arena-half-life": with_interval(*half, fmt=months, digits=1),
        "cn-gap-arena-bt-forecasts": count(len(line.scored), "forecasts"),
        "cn-gap-arena-first-window": count(BACKTEST_MIN_TRAIN, "snapshots"),
        "cn-gap-arena-rel-line": number(line.relative_mae, 2),
        "cn-gap-arena-rel-decay": number(decay.relative_mae, 2),
        "cn-gap-arena-dm-line": number(line.diebold_mariano().p_value, 2),
        "cn-gap-arena-cover-line": percent(line.coverage),
        "cn-gap-arena-cover-decay": percent(decay.coverage),
        "cn-gap-arena-cover-naive": percent(pm.naive_coverage(line)),
        "cn-gap-arena-parity": (parity_text(parity) if parity else not_identified(
            "the straight-line trend does not beat the naive forecast, or its slope is flat "
            "within its interval")),
    }


@_copied
def arena_out_of_sample() -> pd.DataFrame:
    """Each snapshot after ``ARENA_PROJECTION_CUTOFF`` against both fits frozen at that
    date: forecast, 95% prediction interval, and whether the gap fell inside."""
    gap = arena_gap()
    later = gap[gap["date"] > ARENA_PROJECTION_CUTOFF]
    checks = [pm.out_of_sample(fit, later["t"], later["gap"], log=name == "exponential decay")
              .assign(fit=name, date=later["date"].to_numpy())
              for name, fit in arena_projection_fits().items()]
    return pd.concat(checks, ignore_index=True)


def arena_projected_parity() -> tuple[float, float, float] | None:
    """When the straight line through the snapshots up to the cutoff reaches zero
    (calendar years, with its interval), or None where it does not identify a date."""
    gap = arena_gap()
    until = float(gap.loc[gap["date"] <= ARENA_PROJECTION_CUTOFF, "t"].max())
    crossing = pm.zero_crossing(arena_projection_fits()["straight-line trend"], until)
    return None if crossing is None else tuple(ARENA_ORIGIN + x for x in crossing)


def arena_check_numbers() -> dict[str, str]:
    """Glued numbers of the out-of-sample check of the parity projection (cn-gap-arena-oos-*):
    how many later snapshots fell inside each frozen fit's prediction interval, and the gap
    in the first snapshot after the projected parity's interval had passed."""
    check = arena_out_of_sample()
    inside = check.groupby("fit")["inside"].sum()
    gap = arena_gap()
    later = gap[gap["date"] > ARENA_PROJECTION_CUTOFF]
    parity = arena_projected_parity()
    after = later[later["t"] + ARENA_ORIGIN > parity[2]] if parity else later
    first_after = after.iloc[0]
    return {
        "cn-gap-arena-oos-cutoff": day(ARENA_PROJECTION_CUTOFF),
        "cn-gap-arena-oos-parity": (parity_text(parity) if parity else not_identified(
            "the straight line's slope is flat within its interval")),
        "cn-gap-arena-oos-copies": count(len(later), "snapshots"),
        "cn-gap-arena-oos-last-date": day(later["date"].max()),
        "cn-gap-arena-oos-inside-line": count(int(inside["straight-line trend"]), "snapshots"),
        "cn-gap-arena-oos-inside-decay": count(int(inside["exponential decay"]), "snapshots"),
        "cn-gap-arena-oos-after-date": day(first_after["date"]),
        "cn-gap-arena-oos-after-gap": with_interval(
            first_after["gap"], first_after["gap_low"], first_after["gap_high"], fmt=number,
            digits=0, unit="points"),
    }


def assess_c4() -> v.Verdict:
    latest = notable_models()["publication_date"].max()
    lead, low, high = compute_gap_at(latest)
    gpqa = lag_trend("gpqa_diamond")
    arena = arena_gap().iloc[-1]
    direction, strength = rule_c4((low, high), lag_interval(),
                                  (arena["gap_low"], arena["gap_high"]), sum(compute_gap().nobs))
    return v.Verdict(
        "C4", direction, strength,
        f"trend gap in training compute {years(lead)} at {latest:%b %Y} (95% interval "
        f"{interval(low, high, fmt=years)}); median GPQA Diamond matching lag "
        f"{years(gpqa.median_lag)}; LMArena gap {arena['gap']:.0f} points on "
        f"{arena['date']:%-d %b %Y}",
        lead, low, high, "years behind", v.vintage(notable_models()["publication_date"]),
        "cn-gap",
        "Across notable models the Chinese trend in training compute has caught up with the "
        "US trend within noise, but Chinese models in the benchmark panel matched scores "
        "that US models had reached months earlier, and on the LMArena leaderboard the best "
        f"US model was still measurably ahead ({arena['gap']:.0f} points, "
        f"{100 * arena['us_win_share']:.0f}% of head-to-head votes expected); the gap had "
        "narrowed through 2025, widened again with new US releases, and did not close when a "
        "straight line through the 2025 copies said it would.",
        v.rule_source(rule_c4, v.evidence_strength))


# ------------------------------------------------------------------ supply (C5)

@_copied
def accelerator_estimates() -> pd.DataFrame:
    return load_table("china_accelerator_estimates").sort_values(
        ["quantity", "year"]).reset_index(drop=True)


def _estimate(quantity: str, year: int, by: str | None = None) -> float:
    table = accelerator_estimates()
    rows = table[(table["quantity"] == quantity) & (table["year"] == year)]
    if by:
        rows = rows[rows["estimated_by"] == by]
    return float(rows["value"].iloc[0])


@_copied
def accelerator_specs() -> pd.DataFrame:
    """Chip specifications with each figure relative to the H100's."""
    table = load_table("china_accelerator_specs")
    h100 = table[table["chip"].str.contains("H100")].iloc[0]
    for column in ("fp16_tflops", "memory_bandwidth_tb_s"):
        table[f"{column}_vs_h100"] = table[column] / h100[column]
    return table.reset_index(drop=True)


def supply_numbers() -> dict[str, str]:
    """Glued numbers of the supply section (cn-sup-*)."""
    huawei_2024 = (_estimate("Huawei Ascend 910B output", 2024)
                   + _estimate("Huawei Ascend 910C output", 2024))
    plan_2025 = (_estimate("Huawei Ascend 910B output", 2025)
                 + _estimate("Huawei Ascend 910C output", 2025))
    h20 = _estimate("NVIDIA H20 sold in China", 2024)
    specs = accelerator_specs().set_index("chip")
    return {
        "cn-sup-h20-compute": percent(specs.loc["NVIDIA H20", "fp16_tflops_vs_h100"]),
        "cn-sup-h20-bandwidth": percent(specs.loc["NVIDIA H20", "memory_bandwidth_tb_s_vs_h100"]),
        "cn-sup-910b-compute": percent(specs.loc["Huawei Ascend 910B", "fp16_tflops_vs_h100"]),
        "cn-sup-910c-compute": percent(specs.loc["Huawei Ascend 910C", "fp16_tflops_vs_h100"]),
        "cn-sup-910c-over-h20": number(specs.loc["Huawei Ascend 910C", "fp16_tflops"]
                                       / specs.loc["NVIDIA H20", "fp16_tflops"], 1, "times"),
        "cn-sup-huawei-2024": number(huawei_2024, 0, "chips"),
        "cn-sup-huawei-plan-2025": number(plan_2025, 0, "chips"),
        "cn-sup-huawei-wsj-2025": number(_estimate("Huawei Ascend 910B and 910C deliveries",
                                                   2025), 0, "chips"),
        "cn-sup-lutnick-2025": number(_estimate("China advanced-chip output", 2025), 0, "chips"),
        "cn-sup-h20-2024": number(h20, 0, "chips"),
        "cn-sup-unit-share-2024": percent(huawei_2024 / (huawei_2024 + h20)),
        "cn-sup-imported-2024": percent(_estimate("imported share of China's AI-server chips",
                                                  2024) / 100),
        "cn-sup-imported-2025": percent(_estimate("imported share of China's AI-server chips",
                                                  2025) / 100),
        "cn-sup-domestic-2025": percent(_estimate("domestic share of China's AI-server chips",
                                                  2025) / 100),
        "cn-sup-n-estimates": count(len(accelerator_estimates()), "estimates"),
    }


def rule_c5(imported: pd.Series, control_year: int) -> tuple[str, str | None]:
    """'Controls speed up self-reliance' against one publisher's imported share of China's
    AI chips (percent, by year): the share must fall faster (per year) from the control
    year on than before it. Each side needs at least two estimates; with fewer, the claim
    cannot be tested yet."""
    before, after = imported[imported.index < control_year], imported[imported.index >= control_year]
    if len(before) < 2 or len(after) < 2:
        return v.UNTESTABLE, None
    slope = lambda s: (s.iloc[-1] - s.iloc[0]) / (s.index[-1] - s.index[0])
    direction = v.MATCH if slope(after) < slope(before) else v.CONTRADICT
    return direction, v.evidence_strength(len(imported), True, None)


def assess_c5() -> v.Verdict:
    table = accelerator_estimates()
    shares = table[table["quantity"] == "imported share of China's AI-server chips"]
    h20_rule = pd.Timestamp(export_controls().query("kind == 'licence decision'")["date"].min())
    imported = shares.set_index("year")["value"].sort_index()
    direction, strength = rule_c5(imported, h20_rule.year)
    return v.Verdict(
        "C5", direction, strength,
        f"imported share of China's AI-server chips {imported.iloc[0]:.0f}% in "
        f"{imported.index[0]}, forecast {imported.iloc[-1]:.0f}% in {imported.index[-1]} "
        "(TrendForce)", float(imported.iloc[-1]), math.nan, math.nan,
        "percent of China's AI-server chips", v.vintage(pd.to_datetime(
            table["year"].astype(str) + "-01-01")), "cn-supply",
        "Domestic output is rising and the imported share is forecast to fall after the "
        "April 2025 H20 requirement, but one before-and-after pair from one analyst cannot "
        "show that the controls changed the trend. It needs the domestic share for several "
        "years before and after a control date on one definition (units or compute).",
        v.rule_source(rule_c5))


ASSESSMENTS = {"C1": assess_c1, "C2a": assess_c2a, "C2b": assess_c2b, "C2c": assess_c2c,
               "C3": assess_c3, "C4": assess_c4, "C5": assess_c5}


# ------------------------------------------------------------------ findings

def findings() -> dict[str, str]:
    """The chapter's headline numbers for the executive summary. What each means:

    * pre-share / latest-share (latest-year): China's share of NVIDIA revenue before the
      October 2022 rule and in the latest fiscal year (headquarters basis): down, not to zero;
    * forgone-level: revenue forgone in the quarters observed after the first rule, had
      China kept its pre-control share;
    * compute-gap: how many years the Chinese trend in training compute trailed the US one
      in mid-2024 (parity within noise);
    * gpqa-lag: median time by which a US model had first reached a Chinese model's GPQA
      Diamond score;
    * talent-work / talent-origin: shares of top-tier AI researchers working in China and
      with an undergraduate degree from China;
    * arena-gap: Arena points by which the best US model led the best Chinese one in the
      latest leaderboard snapshot.
    """
    rev = revenue_numbers()
    gap = gap_numbers()
    tal = talent_numbers()
    return {
        "pre-share": rev["cn-rev-pre-share"],
        "latest-share": rev["cn-rev-latest-share"],
        "latest-year": rev["cn-rev-latest-year"],
        "forgone-level": rev["cn-rev-forgone-level"],
        "compute-gap": gap["cn-gap-lead-2024"],
        "gpqa-lag": gap["cn-gap-gpqa-median"],
        "talent-work": tal["cn-tal-work"],
        "talent-origin": tal["cn-tal-origin"],
        "arena-gap": arena_numbers()["cn-gap-arena-last-gap"],
    }
