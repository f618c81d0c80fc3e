"""Computations behind the paradigm-shift chapter (claims P1-P7).

Each function takes validated tables and returns plain frames or result
objects; the chapter pages and the claims ledger call the same functions, so
a number quoted in the summary is the number computed in the chapter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import models
from .catalogue import load_table

DAYS_IN_PERIOD = {"per minute": 1 / 1440, "per day": 1.0, "per week": 7.0,
                  "per month": 365.25 / 12, "per quarter": 365.25 / 4, "per year": 365.25}
BILLION = 1e9
MIN_POINTS_FOR_FIT = 4


# ------------------------------------------------------------------------------ tokens

def token_daily_rates() -> pd.DataFrame:
    """Token statements as average tokens per day (count divided by days in its period)."""
    table = load_table("token_volumes")
    table["tokens_per_day"] = table["value"] / table["period"].map(DAYS_IN_PERIOD)
    return table


@dataclass
class SeriesGrowth:
    series: str
    period: str
    fit: models.GrowthFit
    first: pd.Timestamp
    last: pd.Timestamp

    @property
    def factor(self) -> tuple[float, float, float]:
        return self.fit.annual_growth_factor()

    def years_to_multiply(self, multiple: float) -> tuple[float, float, float]:
        """Years for the series to grow ``multiple``-fold at the fitted constant rate."""
        g, lo, hi = self.fit.growth_rate()
        years = lambda rate: math.log(multiple) / rate if rate > 0 else math.inf
        return years(g), years(hi), years(lo)


def token_growth_fits(rates: pd.DataFrame) -> list[SeriesGrowth]:
    """Exponential growth of every (series, period) with enough dated points.

    Statements made over different windows (a week's count against a year's) are not
    mixed: a fit uses one series under one definition.
    """
    fits = []
    for (series, period), group in rates.groupby(["series", "period"]):
        group = group.sort_values("date")
        if group["date"].nunique() < MIN_POINTS_FOR_FIT:
            continue
        fit = models.fit_exponential(group["date"], group["tokens_per_day"])
        fits.append(SeriesGrowth(series, period, fit, group["date"].iloc[0],
                                 group["date"].iloc[-1]))
    return sorted(fits, key=lambda s: -s.factor[0])


def growth_table(fits: list[SeriesGrowth], multiple: float = BILLION) -> pd.DataFrame:
    rows = []
    for s in fits:
        f, f_lo, f_hi = s.factor
        y, y_lo, y_hi = s.years_to_multiply(multiple)
        rows.append({"series": s.series, "period": s.period, "points": s.fit.nobs,
                     "from": s.first.date(), "to": s.last.date(),
                     "growth_factor": f, "growth_low": f_lo, "growth_high": f_hi,
                     "years_to_multiple": y, "years_low": y_lo, "years_high": y_hi})
    return pd.DataFrame(rows)


def chatgpt_users() -> pd.DataFrame:
    return load_table("chatgpt_weekly_users").sort_values("date").reset_index(drop=True)


# ------------------------------------------------------------------------------ prices

BENCHMARK_LABELS = {"mmlu": "MMLU", "gpqa_diamond": "GPQA Diamond", "math_500": "MATH-500"}


def cheapest_frontier(prices: pd.DataFrame, benchmark: str, threshold: float) -> pd.DataFrame:
    """Price observations that set a new low for reaching ``threshold`` on ``benchmark``.

    A model qualifies if its score is at least the threshold; the frontier keeps each
    qualifying observation whose price is below every earlier qualifying price.
    """
    ok = prices[prices[benchmark] >= threshold].sort_values(
        ["release_date", "price_blended_usd_per_mtok"])
    frontier, best = [], math.inf
    for row in ok.itertuples():
        if row.price_blended_usd_per_mtok < best:
            best = row.price_blended_usd_per_mtok
            frontier.append(row.Index)
    out = ok.loc[frontier, ["model", "developer", "release_date",
                            "price_blended_usd_per_mtok", benchmark]].copy()
    # Two new lows on one day: keep the cheaper, the fit needs distinct dates.
    return out.drop_duplicates("release_date", keep="last").reset_index(drop=True)


@dataclass
class PriceDecline:
    benchmark: str
    threshold: float
    frontier: pd.DataFrame
    fit: models.GrowthFit | None

    @property
    def label(self) -> str:
        return f"{BENCHMARK_LABELS[self.benchmark]} ≥ {self.threshold:g}%"

    @property
    def annual_decline(self) -> tuple[float, float, float]:
        """Factor by which the price falls per year (>1 means cheaper), with interval."""
        f, lo, hi = self.fit.annual_growth_factor()
        return 1 / f, 1 / hi, 1 / lo

    def decline_over(self, years: float) -> tuple[float, float, float]:
        return tuple(v ** years for v in self.annual_decline)


def price_declines(prices: pd.DataFrame, thresholds: dict[str, list[float]]) -> list[PriceDecline]:
    out = []
    for benchmark, levels in thresholds.items():
        for level in levels:
            frontier = cheapest_frontier(prices, benchmark, level)
            fit = (models.fit_exponential(frontier["release_date"],
                                          frontier["price_blended_usd_per_mtok"])
                   if len(frontier) >= MIN_POINTS_FOR_FIT else None)
            out.append(PriceDecline(benchmark, level, frontier, fit))
    return out


def decline_table(declines: list[PriceDecline]) -> pd.DataFrame:
    rows = []
    for d in declines:
        row = {"threshold": d.label, "frontier models": len(d.frontier)}
        if d.fit is not None:
            f, lo, hi = d.annual_decline
            t, t_lo, t_hi = d.decline_over(10)
            row.update({"decline_per_year": f, "decline_low": lo, "decline_high": hi,
                        "ten_year": t, "ten_year_low": t_lo, "ten_year_high": t_hi,
                        "from": d.frontier["release_date"].iloc[0].date(),
                        "to": d.frontier["release_date"].iloc[-1].date()})
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------ hardware

def gpu_specs() -> pd.DataFrame:
    table = load_table("gpu_specs").sort_values("release_date").reset_index(drop=True)
    table["short_name"] = table["gpu"].str.replace(r"^NVIDIA (Tesla )?", "", regex=True)
    return table


def _one_gpu(specs: pd.DataFrame, model: str) -> pd.Series:
    match = specs[specs["short_name"].str.split().str[0] == model]
    if len(match) != 1:
        raise KeyError(f"expected one GPU named {model}, found {len(match)}")
    return match.iloc[0]


def generation_ratios(specs: pd.DataFrame, old: str, new: str) -> dict[str, float]:
    """Spec ratios between two GPUs (e.g. "H100", "B200"), separating silicon from format."""
    a, b = _one_gpu(specs, old), _one_gpu(specs, new)
    same_precision = b["fp8_dense_tflops"] / a["fp8_dense_tflops"]
    headline = b["fp4_dense_tflops"] / a["fp8_dense_tflops"]
    return {
        "fp16": b["fp16_dense_tflops"] / a["fp16_dense_tflops"],
        "fp8": same_precision,
        "headline_low_precision": headline,
        "precision_gain": headline / same_precision,
        "transistors": b["transistors_billion"] / a["transistors_billion"],
        "power": b["tdp_w"] / a["tdp_w"],
        "fp8_per_watt": same_precision / (b["tdp_w"] / a["tdp_w"]),
        "bandwidth": b["memory_bandwidth_tbps"] / a["memory_bandwidth_tbps"],
    }


def transistor_trend() -> pd.DataFrame:
    table = load_table("transistor_counts")
    table["date"] = pd.to_datetime(
        [f"{int(y)}-01-01" for y in table["year"]]) + pd.to_timedelta(
        (table["year"] % 1) * 365.25, unit="D")
    return table.sort_values("date").reset_index(drop=True)


def fit_by_date(dates, values) -> models.GrowthFit:
    """Exponential fit where several points may share a date: those are averaged in logs
    (geometric mean), since the fit needs distinct dates."""
    frame = pd.DataFrame({"date": pd.to_datetime(pd.Series(dates)).to_numpy(),
                          "value": np.asarray(values, dtype=float)}).dropna()
    by_date = frame.groupby("date")["value"].apply(lambda v: float(np.exp(np.log(v).mean())))
    return models.fit_exponential(by_date.index, by_date.to_numpy())


def era_fits(points: pd.DataFrame, eras: dict[str, tuple[int, int]]) -> dict[str, models.GrowthFit]:
    """Exponential fit of transistor counts within each era (first, last calendar year)."""
    return {label: fit_by_date(part["date"], part["transistors"])
            for label, (start, end) in eras.items()
            for part in [points[(points["year"] >= start) & (points["year"] < end + 1)]]}


GPU_METRICS = {"fp16_dense_tflops": "dense FP16 throughput",
               "fp16_per_watt": "dense FP16 throughput per watt",
               "transistors_billion": "transistors per GPU package",
               "memory_bandwidth_tbps": "memory bandwidth"}


def gpu_trends(specs: pd.DataFrame) -> dict[str, models.GrowthFit]:
    """Exponential trend of each GPU metric across generations (same precision throughout),
    keyed by the metric's column name (labels in ``GPU_METRICS``)."""
    specs = specs.assign(fp16_per_watt=specs["fp16_dense_tflops"] / specs["tdp_w"])
    return {column: fit_by_date(rows["release_date"], rows[column])
            for column in GPU_METRICS
            for rows in [specs.dropna(subset=["release_date", column])]}


# ------------------------------------------------------------------------------ factory

def statements(quantity: str) -> pd.DataFrame:
    table = load_table("ai_factory_statements")
    return table[table["quantity"] == quantity].reset_index(drop=True)


# Units that state the same quantity at another scale, and the factor to the base unit.
_UNIT_SCALE = {"USD billion per GW": 1.0, "GPUs per GW": 1.0, "GPUs per 10 GW": 0.1,
               "percent": 1.0}


def stated_values(quantity: str) -> pd.DataFrame:
    """Statements of ``quantity`` in a common unit; other units (e.g. GPU dies) are dropped."""
    rows = statements(quantity)
    rows = rows[rows["unit"].isin(_UNIT_SCALE)].copy()
    scale = rows["unit"].map(_UNIT_SCALE)
    rows["low"] = rows["value_low"] * scale
    rows["high"] = rows["value_high"].fillna(rows["value_low"]) * scale
    return rows


def stated_range(quantity: str, speaker: str | None = None,
                 exclude_speaker: str | None = None) -> tuple[float, float]:
    """Lowest and highest value stated for ``quantity`` (optionally by or not by a speaker)."""
    rows = stated_values(quantity)
    if speaker:
        rows = rows[rows["speaker"] == speaker]
    if exclude_speaker:
        rows = rows[~rows["speaker"].str.contains(exclude_speaker)]
    return float(rows["low"].min()), float(rows["high"].max())


def factory_arithmetic(capex_per_gw: float, gpus_per_gw: float, tokens_per_mw_s: float,
                       price_per_mtok: float, utilisation: float, life_years: float) -> dict:
    """GW -> GPUs -> dollars -> tokens -> revenue for one gigawatt of AI factory.

    Revenue assumes every token produced at the stated rate is sold at the given price,
    at the given average utilisation, over the equipment's life.
    """
    seconds = 365.25 * 24 * 3600
    tokens_per_year = tokens_per_mw_s * 1000 * seconds * utilisation
    revenue_per_year = tokens_per_year / 1e6 * price_per_mtok / 1e9  # USD billion
    return {
        "capex_per_gpu_usd": capex_per_gw * 1e9 / gpus_per_gw,
        "tokens_per_year": tokens_per_year,
        "revenue_per_year_usd_bn": revenue_per_year,
        "lifetime_revenue_over_capex": revenue_per_year * life_years / capex_per_gw,
    }


def sensitivity(base: dict, ranges: dict[str, tuple[float, float]], output: str) -> pd.DataFrame:
    """One-at-a-time sensitivity of ``output``: each input at its low and high, others at base."""
    centre = factory_arithmetic(**base)[output]
    rows = []
    for name, (low, high) in ranges.items():
        values = [factory_arithmetic(**{**base, name: v})[output] for v in (low, high)]
        rows.append({"input": name, "low_input": low, "high_input": high,
                     "output_at_low": values[0], "output_at_high": values[1],
                     "swing": abs(values[1] - values[0]), "base_output": centre})
    return pd.DataFrame(rows).sort_values("swing", ascending=False).reset_index(drop=True)


# Assumptions, not data: labelled as such wherever they are used.
ASSUMED_UTILISATION = (0.7, 0.5, 0.9)   # average share of capacity serving paid tokens
ASSUMED_LIFE_YEARS = (5.0, 4.0, 6.0)    # hyperscalers depreciate servers over about 5-6 years


def factory_inputs(prices: pd.DataFrame) -> pd.DataFrame:
    """Base value and range of each input to the AI-factory arithmetic, with its basis.

    Stated inputs span the statements in ``ai_factory_statements``; the token price
    spans the 10th-90th percentile of list prices in the last year of the price panel;
    utilisation and equipment life are assumptions.
    """
    def spread(quantity):
        rows = stated_values(quantity)
        mids = (rows["low"] + rows["high"]) / 2
        return float(mids.median()), float(rows["low"].min()), float(rows["high"].max())

    rates = statements("tokens per MW per second")
    # NVIDIA's current figure for a Hopper factory (an earlier page version gave 14x more).
    hopper = float(rates[rates["unit"].str.contains("Hopper, max volume", regex=False)]
                   ["value_low"].iloc[0])
    multiples = statements("throughput per MW relative to Hopper")
    recent = prices[prices["release_date"] >= prices["release_date"].max() - pd.Timedelta(days=365)]
    price = recent["price_blended_usd_per_mtok"]
    rows = [
        ("capex_per_gw", *spread("capex per GW"), "USD billion per GW",
         "stated: median of the statements' midpoints; range across all statements"),
        ("gpus_per_gw", *spread("GPUs per GW"), "GPUs per GW",
         "stated: median of the statements; range across them"),
        ("tokens_per_mw_s", hopper * multiples["value_low"].min(), hopper,
         hopper * multiples["value_high"].max(), "tokens per second per MW",
         "stated by NVIDIA: Hopper rate times its lowest claimed Blackwell multiple; range "
         "from Hopper alone to its highest claimed multiple"),
        ("price_per_mtok", float(price.median()), float(price.quantile(0.1)),
         float(price.quantile(0.9)), "USD per million tokens",
         "data: median and 10th-90th percentile of list prices in the panel's last year"),
        ("utilisation", *ASSUMED_UTILISATION, "share of capacity", "assumption"),
        ("life_years", *ASSUMED_LIFE_YEARS, "years", "assumption"),
    ]
    return pd.DataFrame(rows, columns=["input", "base", "low", "high", "unit", "basis"])
