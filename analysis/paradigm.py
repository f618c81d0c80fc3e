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

from . import models, nvidia
from . import prices as px
from . import verdicts as v
from .catalogue import load_table
from .report import (CURVE_NAMES, Text, comparison_sentence, count, factor, interval, month,
                     months, not_identified, number, percent, quarter_label, usd, with_interval,
                     years)

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


# ChatGPT's weekly users come under two definitions (catalogued per row), and each is its
# own series: a curve through both would read a change of definition as growth. The
# headline uses all plans: it runs to OpenAI's latest figure and counts every user,
# business plans included, as the token series do; the consumer-plan series is one
# source's consistent measurement but ends in July 2025.
HEADLINE_USERS, CONSUMER_USERS = "all plans", "consumer plans"
# Eight headline figures leave three one-step-ahead forecasts after five to train on.
USER_BACKTEST_MIN_TRAIN, USER_BACKTEST_HORIZON = 5, 1
USER_PROJECTION_QUARTERS = 4


def users_by_definition() -> dict[str, pd.DataFrame]:
    """ChatGPT weekly users, one series per definition, oldest first."""
    return {definition: part.reset_index(drop=True)
            for definition, part in chatgpt_users().groupby("definition")}


@dataclass
class UserGrowth:
    """Constant growth of each user series, and for the headline series every curve, its
    backtests and the projection a year ahead."""

    series: dict[str, pd.DataFrame]
    growth: dict[str, models.GrowthFit]
    fits: dict
    comparison: pd.DataFrame
    backtests: dict
    horizon: pd.DatetimeIndex

    @property
    def headline(self) -> pd.DataFrame:
        return self.series[HEADLINE_USERS]

    @property
    def best(self) -> models.GrowthFit:
        return self.fits[self.comparison.loc[0, "model"]]

    @property
    def projection(self) -> pd.DataFrame:
        return self.best.predict(self.horizon)

    @property
    def drawn(self) -> dict:
        """The curves whose parameters the data identify, as drawn on the chart."""
        return {name: fit for name, fit in self.fits.items()
                if not fit.failed and not fit.ceiling_problem}


def user_growth(series: dict[str, pd.DataFrame] | None = None) -> UserGrowth:
    series = users_by_definition() if series is None else series
    growth = {d: models.fit_exponential(s["date"], s["weekly_active_users"])
              for d, s in series.items()}
    users = series[HEADLINE_USERS]
    dates, values = users["date"], users["weekly_active_users"]
    fits = models.fit_all(dates, values)
    backtests = {name: models.rolling_origin_backtest(
        dates, values, model=name, horizon=USER_BACKTEST_HORIZON,
        min_train=USER_BACKTEST_MIN_TRAIN) for name in fits}
    horizon = pd.date_range(dates.iloc[-1], periods=USER_PROJECTION_QUARTERS + 1,
                            freq="91D")[1:]
    return UserGrowth(series, growth, fits, models.compare_models(list(fits.values())),
                      backtests, horizon)


def latest_reference(quantity: str = "people using the Internet") -> pd.Series:
    """The latest row of ``quantity`` in ``reference_quantities`` (value, year, source)."""
    table = load_table("reference_quantities")
    return table[table["quantity"] == quantity].sort_values("year").iloc[-1]


def band_passes(fit: models.GrowthFit, after, level: float,
                years_ahead: int = 5) -> pd.Timestamp | None:
    """The first month end within ``years_ahead`` years of ``after`` at which the upper end
    of ``fit``'s 95% prediction interval passes ``level``; None if it does not."""
    grid = pd.date_range(pd.Timestamp(after), periods=12 * years_ahead + 1, freq="ME")[1:]
    high = fit.predict(grid).set_index("date")["pi_high"]
    passed = high[high > level]
    return passed.index[0] if len(passed) else None


def _from_to(low: float, high: float, fmt, **kwargs) -> Text:
    """A range in words, 'low to high', carrying both ends."""
    first = fmt(low, **kwargs)
    return Text(f"{first} to {fmt(high, **kwargs)}", low=float(low), high=float(high),
                unit=first.unit)


def _verdict_labels(ledger: pd.DataFrame, claim_ids) -> dict:
    from .claims import label  # the registry, only where verdicts are printed

    return {claim: label(ledger, claim) for claim in claim_ids}


def token_numbers(rates: pd.DataFrame, table: pd.DataFrame, ledger: pd.DataFrame) -> dict:
    """The token section's numbers: the statements, the fitted series (``growth_table``,
    fastest first) and the P3/P5 verdicts, by glue key."""
    fast, slow = table.iloc[0], table.iloc[-1]
    verdicts = _verdict_labels(ledger, ("P3", "P5a", "P5b"))
    return {
        "tok-n-points": count(len(rates), "statements"),
        "tok-days-month": number(DAYS_IN_PERIOD["per month"], 2, "days"),
        "tok-n-series": count(rates["series"].nunique(), "series"),
        "tok-n-fitted": count(len(table), "series"),
        "tok-n-plotted": count(plotted_token_series(rates)["series"].nunique(), "series"),
        "tok-points-range": _from_to(table["points"].min(), table["points"].max(), count),
        "tok-first": month(rates["date"].min()),
        "tok-last": month(rates["date"].max()),
        "tok-fast-series": fast.series,
        "tok-fast-factor": factor(fast.growth_factor, 0),
        "tok-fast-ci": interval(fast.growth_low, fast.growth_high, digits=0),
        "tok-slow-series": slow.series,
        "tok-slow-factor": factor(slow.growth_factor, 0),
        "tok-years-range": _from_to(table["years_to_multiple"].min(),
                                    table["years_to_multiple"].max(), years, digits=0),
        "tok-years-outer": interval(table["years_low"].min(), table["years_high"].max(),
                                    fmt=years, digits=0),
        "p3-verdict": verdicts["P3"], "p5a-verdict": verdicts["P5a"],
        "p5b-verdict": verdicts["P5b"],
    }


def plotted_token_series(rates: pd.DataFrame) -> pd.DataFrame:
    """Statements of the series with at least three of them: fewer would need colours that
    cannot be told apart, so those stay in the table and the download, not the chart."""
    counts = rates["series"].value_counts()
    return rates[rates["series"].isin(counts[counts >= 3].index)]


def users_numbers(g: UserGrowth, tokens: dict) -> dict:
    """The users section's numbers: each definition's growth, the headline series' curves,
    backtest and projection, and tokens per user (``tokens`` from
    :func:`user_and_token_growth`), by glue key."""
    users, fit = g.headline, g.growth[HEADLINE_USERS]
    consumer = g.series[CONSUMER_USERS]
    last, last_date = users["weekly_active_users"].iloc[-1], users["date"].iloc[-1]
    fitted_last = float(fit.predict([last_date])["median"].iloc[0])
    projection = g.projection.iloc[-1]
    online = latest_reference()
    passes = band_passes(g.best, last_date, online.value)
    bt = g.backtests[g.best.model]
    logistic = g.fits["logistic"]
    (_, low, high), (_, c_low, c_high) = (g.growth[d].annual_growth_factor()
                                          for d in (HEADLINE_USERS, CONSUMER_USERS))
    overlap = low <= c_high and c_low <= high
    return {
        "wau-definition": HEADLINE_USERS,
        "wau-factor": factor(fit.annual_growth_factor()[0], 1),
        "wau-ci": interval(*fit.annual_growth_factor()[1:], digits=1),
        "wau-n": count(len(users), "figures"),
        "wau-first-date": month(users["date"].iloc[0]),
        "wau-last": number(last, 0, "users"),
        "wau-last-date": month(last_date),
        "wau-trend-gap": percent(abs(fitted_last / last - 1)),
        "wau-trend-side": ("above that figure, so the latest figures have grown more slowly "
                           "than the trend" if fitted_last > last else
                           "below that figure, so the latest figures have grown faster than "
                           "the trend"),
        "wau-definitions-agree": (
            "The two rates' 95% intervals overlap, so the choice of series does not change "
            "the picture" if overlap else
            "The two rates' 95% intervals do not overlap: the definitions grow at different "
            "paces, and the headline describes all plans only"),
        "wau-consumer-factor": with_interval(*g.growth[CONSUMER_USERS].annual_growth_factor()),
        "wau-consumer-n": count(len(consumer), "figures"),
        "wau-consumer-first-date": month(consumer["date"].iloc[0]),
        "wau-consumer-last-date": month(consumer["date"].iloc[-1]),
        "wau-comparison": comparison_sentence(g.comparison),
        "wau-logistic-note": ("; ".join(logistic.notes) or "the ceiling is estimated from "
                              "the data"),
        "wau-proj-date": month(projection["date"]),
        "wau-proj": interval(projection["pi_low"], projection["pi_high"], fmt=number,
                             unit="users"),
        "wau-proj-ceiling": ceiling_check(projection["pi_high"]),
        "wau-band-passes": (
            f"The upper end of the best curve's 95% prediction interval passes "
            f"the {number(online.value, 1)} people online ({online.year}, ITU) in "
            f"{month(passes)}: from then on the band is not a plausible range, only the "
            f"trend extended." if passes is not None else
            f"Within five years the upper end of the best curve's 95% prediction "
            f"interval stays below the {number(online.value, 1)} people online "
            f"({online.year}, ITU)."),
        "wau-drawn": " and ".join(CURVE_NAMES[m] for m in g.drawn),
        "wau-bt-min": count(USER_BACKTEST_MIN_TRAIN, "figures"),
        "wau-bt-h": count(USER_BACKTEST_HORIZON, "figures"),
        "wau-bt-ratio": number(bt.relative_mae, 2),
        "wau-bt-n": count(len(bt.scored), "forecasts"),
        "wau-bt-coverage": percent(bt.coverage),
        "wau-bt-consequence": ("so its projection above has at least beaten the naive rule"
                               if bt.relative_mae < 1 else
                               "so its projection above is illustrative, not a forecast"),
        "tok-median-factor": factor(tokens["token_factor"], 0),
        "tok-per-user-factor": factor(tokens["per_user_factor"], 1),
        "tok-per-user-doubling": number(tokens["per_user_doubling_months"], 0, "months"),
    }


# ------------------------------------------------------------------------------ prices

BENCHMARK_LABELS = {"mmlu": "MMLU", "gpqa_diamond": "GPQA Diamond", "math_500": "MATH-500"}
# The estimate behind the verdict: the 10th percentile of price at a given GPQA Diamond
# score (the benchmark with the most models and the latest data), models without reasoning.
PRICE_QUANTILE = px.HEADLINE_QUANTILE
PRICE_BENCHMARK = px.HEADLINE_BENCHMARK
PRICE_MODEL_SET = px.HEADLINE_MODEL_SET
# Capability thresholds tied to named models (their score is read from the data), next to
# the round numbers in PRICE_THRESHOLDS; the same reference models as Epoch AI's analysis.
PRICE_REFERENCES = {"mmlu": ["GPT-3.5 Turbo", "GPT-4-0314"],
                    "gpqa_diamond": ["GPT-4-0314", "GPT-4o-2024-05", "Claude-3.5-Sonnet-2024-06"],
                    "math_500": ["GPT-4 Turbo"]}
# The what-if chart starts from the cheapest model as good as this one on PRICE_BENCHMARK.
PRICE_ANCHOR_MODEL = "GPT-4o-2024-05"
PRICE_SIMULATIONS = 200
# Later starts for the verdict's estimate, to see whether the pace has changed recently.
PRICE_WINDOW_STARTS = ("2024-01-01", "2024-07-01", "2024-10-01")
# Paces (fall per year) of the synthetic markets that measure each method's bias.
SIMULATED_FALLS = (1.0, 2.0, 4.0)


def price_data_end(prices: pd.DataFrame) -> pd.Timestamp:
    """The last price observation of the panel (launch promotions aside)."""
    return px.select_models(prices, "all")["release_date"].max()


def price_thresholds(prices: pd.DataFrame) -> list[tuple[str, float, str]]:
    """(benchmark, score, label) of every capability threshold: the round numbers, then
    "as good as" a named reference model, whose score and date come from the data."""
    out = [(b, float(level), f"{BENCHMARK_LABELS[b]} ≥ {level:g}%")
           for b, levels in PRICE_THRESHOLDS.items() for level in levels]
    for b, names in PRICE_REFERENCES.items():
        for name in names:
            row = prices[(prices["model"] == name) & prices[b].notna()].iloc[0]
            out.append((b, float(row[b]), f"{BENCHMARK_LABELS[b]} ≥ {name} "
                        f"({row.release_date:%b %Y}, {row[b]:g}%)"))
    return out


def price_trend(prices: pd.DataFrame, benchmark: str = PRICE_BENCHMARK,
                model_set: str = PRICE_MODEL_SET, quantile: float = PRICE_QUANTILE,
                start: str | None = None) -> px.QuantileTrend | None:
    """The quantile trend of one model set, on models released from ``start`` if given."""
    chosen = px.select_models(prices, model_set)
    if start is not None:
        chosen = chosen[chosen["release_date"] >= start]
    return px.quantile_trend(chosen, benchmark, quantile)


def simulated_quantile_falls(prices: pd.DataFrame,
                             reps: int = PRICE_SIMULATIONS) -> pd.DataFrame:
    """The verdict's estimator on synthetic markets with no true fall (see ``px``)."""
    return px.simulated_quantile_falls(px.select_models(prices, PRICE_MODEL_SET),
                                       PRICE_BENCHMARK, reps, PRICE_QUANTILE)


def false_match_rate(no_fall: pd.DataFrame, pace: float) -> float:
    """Share of synthetic markets falling ``pace`` times a year (slower than claimed) in
    which the verdict's interval still reaches the claim: the rule's false-positive rate.
    ``no_fall`` is ``simulated_quantile_falls``; at ``pace`` every number is ``pace`` times
    larger (the quantile regression is equivariant)."""
    claimed = CLAIMED_TEN_YEAR_PRICE_FALL ** 0.1
    return float((no_fall["high"] * pace >= claimed).mean())


def price_bias(prices: pd.DataFrame, no_fall: pd.DataFrame,
               reps: int = PRICE_SIMULATIONS) -> pd.DataFrame:
    """Both methods on synthetic markets falling at each pace in ``SIMULATED_FALLS`` and at
    the claimed pace: median estimate, share of markets with enough record lows to fit,
    95% interval coverage and share judged to reach the claim (the rule's false-positive
    rate when the pace is slower than claimed). ``no_fall`` is ``simulated_quantile_falls``."""
    panel = px.select_models(prices, PRICE_MODEL_SET)
    threshold = PRICE_THRESHOLDS[PRICE_BENCHMARK][0]
    rows = []
    for pace in (*SIMULATED_FALLS, CLAIMED_TEN_YEAR_PRICE_FALL ** 0.1):
        record = px.simulated_record_low_falls(panel, PRICE_BENCHMARK, threshold, pace, reps)
        rows.append({"true_fall": pace,
                     "quantile_median": float(no_fall["fall"].median() * pace),
                     "record_low_median": float(record.median()),
                     "record_low_fitted": float(record.notna().mean()),
                     "coverage": float(((no_fall["low"] <= 1) & (no_fall["high"] >= 1)).mean()),
                     "reaches_claim": false_match_rate(no_fall, pace)})
    return pd.DataFrame(rows)


def last_lows(prices: pd.DataFrame) -> pd.DataFrame:
    """Per threshold and model set, the last price that set a new low, how many later
    qualifying models failed to beat it and how long it has stood: to the set's last
    model with a score on that benchmark (later models without the score could not have
    set a low the data can see)."""
    rows = []
    for model_set in ("without reasoning", "all"):
        chosen = px.select_models(prices, model_set)
        for benchmark, level, label in price_thresholds(prices):
            end = chosen.dropna(subset=[benchmark])["release_date"].max()
            low = px.last_new_low(chosen, benchmark, level, end)
            if low is not None:
                rows.append({"threshold": label, "models": px.MODEL_SETS[model_set],
                             "model": low.model, "date": low.date, "price": low.price,
                             "later_models": low.later_models, "months_since": low.months_since,
                             "data_end": end})
    return pd.DataFrame(rows)


def stalled(lows: pd.DataFrame, model_set: str, months: float) -> tuple[int, int]:
    """How many thresholds of ``model_set`` saw no new low in their last ``months``
    months of data, out of how many (``lows`` is ``last_lows``)."""
    rows = lows[lows["models"] == px.MODEL_SETS[model_set]]
    return int((rows["months_since"] >= months).sum()), len(rows)


def anchor_low(lows: pd.DataFrame) -> pd.Series:
    """The cheapest model at the what-if chart's threshold among all models (a ``last_lows``
    row)."""
    label = f"{BENCHMARK_LABELS[PRICE_BENCHMARK]} ≥ {PRICE_ANCHOR_MODEL} ("
    rows = lows[(lows["models"] == px.MODEL_SETS["all"]) & lows["threshold"].str.startswith(label)]
    return rows.iloc[0]


def price_sensitivity(prices: pd.DataFrame) -> pd.DataFrame:
    """The verdict's direction under each defensible choice: quantile (10th or 25th
    percentile), benchmark, model set and a later start for the quantile regression; and,
    for comparison, the old record-low trend at each threshold (biased, see ``price_bias``)."""
    rows = []
    for model_set in px.MODEL_SETS:
        for benchmark in BENCHMARK_LABELS:
            for quantile in (PRICE_QUANTILE, 0.25):
                trend = price_trend(prices, benchmark, model_set, quantile)
                if trend is not None:
                    rows.append(_sensitivity_row(
                        f"{quantile:.0%} quantile regression", BENCHMARK_LABELS[benchmark],
                        model_set, trend.annual_fall, trend.points))
    for model_set in (PRICE_MODEL_SET, "all"):
        for start in PRICE_WINDOW_STARTS:
            trend = price_trend(prices, model_set=model_set, start=start)
            rows.append(_sensitivity_row(
                f"{PRICE_QUANTILE:.0%} quantile regression, models from {month(start)}",
                BENCHMARK_LABELS[PRICE_BENCHMARK], model_set, trend.annual_fall, trend.points))
    chosen = px.select_models(prices, PRICE_MODEL_SET)
    for benchmark, level, label in price_thresholds(prices):
        frontier, fall = px.record_low_trend(chosen, benchmark, level)
        if fall is not None:
            rows.append(_sensitivity_row("record-low trend (biased)", label, PRICE_MODEL_SET,
                                         fall, len(frontier)))
    return pd.DataFrame(rows)


def _sensitivity_row(method: str, capability: str, model_set: str,
                     fall: models.Estimate, points: int) -> dict:
    # The direction does not depend on the false-match rate, only the strength does.
    direction = rule_p4(fall.low, fall.high, points, 0.0)[0]
    return {"method": method, "capability": capability, "models": px.MODEL_SETS[model_set],
            "points": points, "fall": fall.value, "low": fall.low, "high": fall.high,
            "direction": direction}


def prices_numbers(prices: pd.DataFrame, bias: pd.DataFrame, sensitivity: pd.DataFrame,
                   lows: pd.DataFrame) -> dict[str, str]:
    """Every number the prices page publishes (glue keys prefixed ``px-``)."""
    claimed = CLAIMED_TEN_YEAR_PRICE_FALL ** 0.1
    used = px.select_models(prices, "all")
    trend = price_trend(prices)
    reasoning = price_trend(prices, model_set="reasoning")
    recent = price_trend(prices, start=PRICE_WINDOW_STARTS[1])
    no_fall, at_claim = bias.iloc[0], bias.iloc[-1]
    half = bias[np.isclose(bias["true_fall"], SIMULATED_FALLS[-1])].iloc[0]
    own, every = (lows[lows["models"] == px.MODEL_SETS[s]] for s in (PRICE_MODEL_SET, "all"))
    longest = every.loc[every["months_since"].idxmax()]
    end = price_data_end(prices)
    anchor = anchor_low(lows)
    anchor_score = next(level for _, level, label in price_thresholds(prices)
                        if label == anchor["threshold"])
    quantile_rows = sensitivity["method"].str.contains("quantile")
    directions, record = (sensitivity[rows]["direction"]
                          for rows in (quantile_rows, ~quantile_rows))
    return {
        "px-n-rows": count(len(prices)), "px-n-models": count(prices["model"].nunique()),
        "px-first": month(prices["release_date"].min()), "px-last": month(end),
        "px-n-promotional": count(int(prices["promotional"].sum())),
        "px-n-reasoning": count(int(used["reasoning"].eq(True).sum())),
        "px-n-unstated": count(int(used["reasoning"].isna().sum())),
        "px-quantile": percent(PRICE_QUANTILE), "px-benchmark": BENCHMARK_LABELS[PRICE_BENCHMARK],
        "px-fall": with_interval(*trend.annual_fall),
        "px-fall-points": count(trend.points, "models"),
        "px-fall-from": month(trend.first), "px-fall-to": month(trend.last),
        "px-ten-year": factor(trend.annual_fall.value ** 10, 0),
        "px-claimed": factor(claimed), "px-half": factor(SIMULATED_FALLS[-1], 0),
        "px-reasoning-fall": (with_interval(*reasoning.annual_fall)
                              if reasoning is not None and reasoning.annual_fall.identified
                              else not_identified("too few reasoning models near the quantile")),
        "px-reasoning-points": count(0 if reasoning is None else reasoning.points, "models"),
        "px-coverage": percent(at_claim["coverage"]),
        "px-simulations": count(PRICE_SIMULATIONS, "markets"),
        "px-bias-quantile-none": factor(no_fall["quantile_median"], 1),
        "px-bias-record-none": factor(no_fall["record_low_median"], 1),
        "px-bias-record-fitted": percent(no_fall["record_low_fitted"]),
        "px-bias-quantile-claim": factor(at_claim["quantile_median"], 1),
        "px-bias-record-claim": factor(at_claim["record_low_median"], 1),
        "px-none-reaches": percent(no_fall["reaches_claim"]),
        "px-max-false-match": percent(MAX_FALSE_MATCH),
        "px-half-reaches": percent(half["reaches_claim"]),
        "px-n-thresholds": count(stalled(lows, "all", 12)[1], "thresholds"),
        "px-own-end": month(own["data_end"].max()),
        "px-n-stalled-own": count(stalled(lows, PRICE_MODEL_SET, 6)[0], "thresholds"),
        "px-n-stalled": count(stalled(lows, "all", 12)[0], "thresholds"),
        "px-longest-months": months(longest["months_since"]),
        "px-longest-threshold": longest["threshold"], "px-longest-model": longest["model"],
        "px-longest-date": month(longest["date"]),
        "px-longest-later": count(int(longest["later_models"]), "models"),
        "px-n-choices": count(len(directions), "choices"),
        "px-n-choices-match": count(int((directions == v.MATCH).sum()), "choices"),
        "px-n-choices-untestable": count(int((directions == v.UNTESTABLE).sum()), "choices"),
        "px-n-choices-short": count(int(directions.isin([v.FALL_SHORT, v.CONTRADICT]).sum()),
                                    "choices"),
        "px-recent-start": month(PRICE_WINDOW_STARTS[1]),
        "px-recent-fall": (with_interval(*recent.annual_fall) if recent.annual_fall.identified
                           else not_identified("too few models near the quantile")),
        "px-recent-points": count(recent.points, "models"),
        "px-n-record": count(len(record), "thresholds"),
        "px-n-record-exceed": count(int((record == v.EXCEED).sum()), "thresholds"),
        "px-whatif-label": anchor["threshold"], "px-whatif-model": anchor["model"],
        "px-whatif-start": usd(anchor["price"], "per million tokens", 2),
        "px-whatif-set": month(anchor["date"]), "px-whatif-end": month(end),
        "px-line-end": usd(float(trend.price_at([trend.last], anchor_score)[0]),
                           "per million tokens", 2),
    }


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


# How a chip's counted transistors are built (column ``construction`` of transistor_counts).
MONOLITHIC = "monolithic die"
NOT_RECORDED = "not recorded"
CONSTRUCTION_GROUPS = {MONOLITHIC: "single dies", "multi-die package": "several dies in a package",
                       "wafer-scale": "a whole wafer", "announced, not shipped": "announced, not shipped"}
# Trend fits never pool constructions. Before 2008 the only series is Rupp's digitisation of
# unnamed microprocessors (with the 4004), whose source does not record die counts, so the
# early era takes those and single dies; from the break on, only shipped single dies count.
EARLY_CONSTRUCTIONS = (MONOLITHIC, NOT_RECORDED)
RECENT_CONSTRUCTIONS = (MONOLITHIC,)
# Break years tried in the sensitivity table: up to 2010, so that the early era never takes
# in Rupp's named chips (from 2011), whose dies are not recorded.
BREAK_YEARS = tuple(range(2000, 2011, 2))
# The one form every NVIDIA generation is sold in; the GPU series keeps, per die, the first
# SKU released in it.
BOARD_FORM = "8-GPU board (SXM/HGX)"


def transistor_trend() -> pd.DataFrame:
    table = load_table("transistor_counts")
    table["date"] = pd.to_datetime(
        [f"{int(y)}-01-01" for y in table["year"]]) + pd.to_timedelta(
        (table["year"] % 1) * 365.25, unit="D")
    return table.sort_values("date").reset_index(drop=True)


def construction_group(points: pd.DataFrame) -> pd.Series:
    """The label each chip is shown under: its construction, and for chips whose source does
    not record it, whether they are Rupp's unnamed digitised points or named chips."""
    digitised = points["chip"].str.contains("digitized")
    unrecorded = np.where(digitised, "digitised microprocessors (dies not recorded)",
                          "named chips (dies not recorded)")
    return points["construction"].map(CONSTRUCTION_GROUPS).fillna(
        pd.Series(unrecorded, index=points.index))


def fit_by_date(dates, values) -> models.GrowthFit:
    """Exponential fit where several points may share a date: those are averaged in logs
    (geometric mean), since the fit needs distinct dates."""
    frame = pd.DataFrame({"date": pd.to_datetime(pd.Series(dates)).to_numpy(),
                          "value": np.asarray(values, dtype=float)}).dropna()
    by_date = frame.groupby("date")["value"].apply(lambda v: float(np.exp(np.log(v).mean())))
    return models.fit_exponential(by_date.index, by_date.to_numpy())


def _selected(points: pd.DataFrame, start: float, end: float, constructions) -> pd.DataFrame:
    """Chips of the given constructions introduced from ``start`` to ``end`` (calendar years)."""
    return points[(points["year"] >= start) & (points["year"] < end + 1)
                  & points["construction"].isin(constructions)]


def era_fits(points: pd.DataFrame, eras: dict[str, tuple[int, int]]) -> dict[str, models.GrowthFit]:
    """Exponential fit of transistor counts in each era (first, last calendar year): the first
    era on ``EARLY_CONSTRUCTIONS``, later ones on shipped single dies only."""
    return {label: fit_by_date(part["date"], part["transistors"])
            for i, (label, (start, end)) in enumerate(eras.items())
            for part in [_selected(points, start, end,
                                   EARLY_CONSTRUCTIONS if i == 0 else RECENT_CONSTRUCTIONS)]}


def growth_rate_ratio(numerator: models.GrowthFit, denominator: models.GrowthFit) -> models.Estimate:
    """Ratio of two exponential fits' growth rates (equal to the inverse ratio of their
    doubling times) with a 95% interval from a normal approximation on its log. The fits are
    treated as independent; where they share chips the true interval is narrower. Not
    identified when either rate's own interval reaches zero."""
    rates = []
    for fit in (numerator, denominator):
        g, lo, _ = fit.growth_rate()
        if not lo > 0:
            return models.Estimate.not_identified("a growth rate's 95% interval includes zero")
        rates.append((g, math.sqrt(fit.cov[1, 1])))
    (g1, s1), (g2, s2) = rates
    ratio, se_log = g1 / g2, math.sqrt((s1 / g1) ** 2 + (s2 / g2) ** 2)
    return models.Estimate(ratio, ratio * math.exp(-Z95 * se_log), ratio * math.exp(Z95 * se_log))


def break_sensitivity(points: pd.DataFrame, break_years=BREAK_YEARS) -> pd.DataFrame:
    """The era comparison with the break moved: doubling times before and after each break
    year and the slowdown (early growth rate over recent growth rate)."""
    first, last = int(points["year"].min()), int(points["year"].max())
    rows = []
    for year in break_years:
        early, recent = era_fits(points, {"early": (first, year - 1), "recent": (year, last)}).values()
        rows.append({"break_year": year, "early_n": early.nobs, "early": early.doubling_time(),
                     "recent_n": recent.nobs, "recent": recent.doubling_time(),
                     "slowdown": growth_rate_ratio(early, recent)})
    return pd.DataFrame(rows)


def construction_fits(points: pd.DataFrame, since: int) -> pd.DataFrame:
    """Per construction group, chips introduced from ``since``: how many and which years, and
    the doubling time where the group is one kind of chip with at least
    ``MIN_POINTS_FOR_FIT`` dates (groups whose dies are not recorded may mix kinds, so they
    get no trend)."""
    recent = points[points["year"] >= since]
    groups = recent.assign(group=construction_group(recent))
    rows = []
    for group, part in groups.groupby("group", sort=False):
        no_trend = ("the group may mix kinds of chip" if group not in CONSTRUCTION_GROUPS.values()
                    else f"fewer than {MIN_POINTS_FOR_FIT} dates"
                    if part["date"].nunique() < MIN_POINTS_FOR_FIT else "")
        rows.append({"group": group, "chips": len(part), "from": int(part["year"].min()),
                     "to": int(part["year"].max()), "no_trend": no_trend,
                     "doubling": (None if no_trend else
                                  fit_by_date(part["date"], part["transistors"]).doubling_time())})
    return pd.DataFrame(rows)


GPU_METRICS = {"fp16_dense_tflops": "dense FP16 throughput",
               "fp16_per_watt": "dense FP16 throughput per watt",
               "transistors_billion": "transistors per GPU package",
               "transistors_per_die": "transistors per die",
               "memory_bandwidth_tbps": "memory bandwidth"}


def flagship_per_die(specs: pd.DataFrame) -> pd.DataFrame:
    """One GPU per die: the first SKU of each released die sold on NVIDIA's 8-GPU board, the
    form every generation has (so later, faster or bigger-memory SKUs of a die do not count
    as progress). Per-die and per-watt metrics are added."""
    board = specs[(specs["form_factor"] == BOARD_FORM) & specs["release_date"].notna()]
    first = board.sort_values("release_date").groupby("die", sort=False).head(1)
    return first.assign(fp16_per_watt=first["fp16_dense_tflops"] / first["tdp_w"],
                        transistors_per_die=first["transistors_billion"]
                        / first["dies_per_package"]).reset_index(drop=True)


def gpu_trends(specs: pd.DataFrame) -> dict[str, models.GrowthFit]:
    """Exponential trend of each GPU metric across dies (one flagship SKU per die, same
    precision throughout), keyed by the metric's column name (labels in ``GPU_METRICS``)."""
    flagships = flagship_per_die(specs)
    return {column: fit_by_date(rows["release_date"], rows[column])
            for column in GPU_METRICS
            for rows in [flagships.dropna(subset=[column])]}


@dataclass
class Reconciliation:
    """The transistor table's single dies and the GPU series over the GPU series' window."""

    start: int
    end: int
    table_dies: models.GrowthFit
    gpu_die: models.GrowthFit
    gpu_package: models.GrowthFit

    def doubling_ratio(self, gpu: models.GrowthFit) -> models.Estimate:
        """A GPU doubling time over the table's (table growth rate over the GPU rate)."""
        return growth_rate_ratio(self.table_dies, gpu)


def reconcile(specs: pd.DataFrame, points: pd.DataFrame) -> Reconciliation:
    """Both series on one window (the years the GPU series spans) and one statistic
    (log-linear trend, doubling time with its 95% interval)."""
    trends = gpu_trends(specs)
    dates = flagship_per_die(specs)["release_date"]
    start, end = dates.min().year, dates.max().year
    dies = _selected(points, start, end, RECENT_CONSTRUCTIONS)
    return Reconciliation(start, end, fit_by_date(dies["date"], dies["transistors"]),
                          trends["transistors_per_die"], trends["transistors_billion"])


def _doubling(fit: models.GrowthFit) -> str:
    return with_interval(*fit.doubling_time(), fmt=years)


def _loo_doubling(fit: models.GrowthFit) -> str:
    """The range of doubling times when each point in turn is left out (for fits on fewer
    than ten points)."""
    dates = pd.to_datetime([models.date_from_years(t, fit.origin) for t in fit.t])
    loo = models.leave_one_out_growth(dates, np.exp(fit.log_y))
    low, high = (math.log(2) / math.log(f) for f in (loo.high, loo.low))
    return interval(low, high, fmt=years)


def _ratio_text(estimate: models.Estimate) -> str:
    if not estimate.identified:
        return not_identified(estimate.reason)
    return with_interval(*estimate, digits=2)


def _same_or_not(estimate: models.Estimate) -> str:
    """Whether a ratio's interval excludes one."""
    if not estimate.identified:
        return "cannot be told apart, because one of the growth rates is not pinned down"
    if estimate.low <= 1 <= estimate.high:
        return "cannot be told apart: the ratio's interval includes one"
    return ("differ: the GPU packages double faster" if estimate.value < 1 else
            "differ: the GPU packages double more slowly")


def _doubling_cell(estimate: models.Estimate) -> str:
    return with_interval(*estimate, fmt=years)


def gpu_trend_table(trends: dict[str, models.GrowthFit]) -> pd.DataFrame:
    """The GPU trends as a page shows them, one row per metric."""
    return pd.DataFrame([{"metric": GPU_METRICS[column], "dies": fit.nobs,
                          "growth per year": with_interval(*fit.annual_growth_factor(), digits=2),
                          "doubling time": _doubling(fit), "standard errors": fit.cov_type}
                         for column, fit in trends.items()])


def construction_table(fits: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"chips": fits["group"], "how many": fits["chips"],
                         "years": [f"{a}–{b}" if a != b else str(a)
                                   for a, b in zip(fits["from"], fits["to"])],
                         "doubling time": [f"no trend: {why}" if why else _doubling_cell(d)
                                           for why, d in zip(fits["no_trend"], fits["doubling"])]})


def break_table(sensitivity: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"break year": sensitivity["break_year"].astype(str),
                         "early era: dates": sensitivity["early_n"],
                         "early doubling time": sensitivity["early"].map(_doubling_cell),
                         "single dies after": sensitivity["recent_n"],
                         "recent doubling time": sensitivity["recent"].map(_doubling_cell),
                         "old pace ÷ new": sensitivity["slowdown"].map(_ratio_text)})


def reconciliation_table(rec: Reconciliation) -> pd.DataFrame:
    rows = [("transistor table: shipped single dies", rec.table_dies, None),
            ("NVIDIA GPUs, one per die: transistors per package", rec.gpu_package,
             rec.doubling_ratio(rec.gpu_package)),
            ("NVIDIA GPUs, one per die: transistors per die", rec.gpu_die,
             rec.doubling_ratio(rec.gpu_die))]
    return pd.DataFrame([{"series": name, "points": fit.nobs, "doubling time": _doubling(fit),
                          "doubling time ÷ the table's": "—" if ratio is None else _ratio_text(ratio)}
                         for name, fit, ratio in rows])


def count_slowdown_words(slowdown: models.Estimate) -> str:
    """What the early-over-recent growth-rate ratio says about counts per die, against
    'stalled' read as at most half the old pace (``CLAIMED_SLOWDOWN``)."""
    if not slowdown.identified:
        return "cannot be compared across the eras, because a growth rate is not pinned down"
    ratio = with_interval(*slowdown, digits=2)
    if slowdown.high < 1:
        return f"have grown faster since the break (the old pace is {ratio} the new)"
    if slowdown.low <= 1:
        return f"have not measurably slowed (the old pace is {ratio} the new)"
    if slowdown.high < CLAIMED_SLOWDOWN:
        return (f"have slowed a little (the old pace is {ratio} the new), far less than the "
                f"{factor(CLAIMED_SLOWDOWN, 0)} that 'stalled' would mean")
    return f"have slowed (the old pace is {ratio} the new)"


def hardware_numbers(specs: pd.DataFrame, points: pd.DataFrame) -> dict[str, str]:
    """Every number the hardware page publishes, formatted, by glue key."""
    ratios = generation_ratios(specs, "H100", "B200")
    trends = gpu_trends(specs)
    flagships = flagship_per_die(specs)
    slowdown = transistor_slowdown(points)
    early, recent = slowdown["early"], slowdown["recent"]
    rec = reconcile(specs, points)
    package_vs_table = rec.doubling_ratio(rec.gpu_package)
    sensitivity = break_sensitivity(points)
    recent_range = sensitivity["recent"].map(lambda d: d.value)
    counted = points["construction"].value_counts()
    return {
        "hw-claimed": factor(CLAIMED_BLACKWELL_OVER_HOPPER, 0),
        "hw-fp8": factor(ratios["fp8"], 1),
        "hw-precision": factor(ratios["precision_gain"], 0),
        "hw-headline": factor(ratios["headline_low_precision"], 1),
        "hw-residual": factor(CLAIMED_BLACKWELL_OVER_HOPPER / ratios["headline_low_precision"], 1),
        "hw-transistors": factor(ratios["transistors"], 1),
        "hw-power": factor(ratios["power"], 2),
        "hw-fp8-per-watt": factor(ratios["fp8_per_watt"], 1),
        "hw-bandwidth": factor(ratios["bandwidth"], 1),
        "gt-dies": count(len(flagships), "dies"),
        "gt-skus": count(specs["release_date"].notna().sum(), "GPUs"),
        "gt-first": flagships["short_name"].iloc[0],
        "gt-last": flagships["short_name"].iloc[-1],
        "gt-fp16": _doubling(trends["fp16_dense_tflops"]),
        "gt-fp16-per-watt": _doubling(trends["fp16_per_watt"]),
        "gt-transistors": _doubling(trends["transistors_billion"]),
        "gt-transistors-loo": _loo_doubling(trends["transistors_billion"]),
        "tr-n": count(len(points), "chips"),
        "tr-single-n": count(counted.get(MONOLITHIC, 0), "chips"),
        "tr-multi-n": count(counted.get("multi-die package", 0), "chips"),
        "tr-unrecorded-n": count(counted.get(NOT_RECORDED, 0), "chips"),
        "tr-wafer-n": count(counted.get("wafer-scale", 0), "chips"),
        "tr-announced-n": count(counted.get("announced, not shipped", 0), "chips"),
        "tr-early": _doubling(early),
        "tr-early-n": count(early.nobs, "dates"),
        "tr-recent": _doubling(recent),
        "tr-recent-n": count(recent.nobs, "dies"),
        "tr-recent-loo": _loo_doubling(recent),
        "tr-slowdown": _ratio_text(slowdown["estimate"]),
        "tr-slowdown-words": count_slowdown_words(slowdown["estimate"]),
        "tr-break-slowdown": interval(*(f(r.value for r in sensitivity["slowdown"] if r.identified)
                                        for f in (min, max)), digits=2),
        "tr-break-first": str(sensitivity["break_year"].iloc[0]),
        "tr-break-last": str(sensitivity["break_year"].iloc[-1]),
        "tr-break-recent-low": years(recent_range.min(), 1),
        "tr-break-recent-high": years(recent_range.max(), 1),
        "rc-start": str(rec.start),
        "rc-end": str(rec.end),
        "rc-table": _doubling(rec.table_dies),
        "rc-table-n": count(rec.table_dies.nobs, "dies"),
        "rc-gpu-die": _doubling(rec.gpu_die),
        "rc-gpu-n": count(rec.gpu_package.nobs, "dies"),
        "rc-ratio-package": _ratio_text(package_vs_table),
        "rc-ratio-die": _ratio_text(rec.doubling_ratio(rec.gpu_die)),
        "rc-verdict": _same_or_not(package_vs_table),
    }


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
                       price_per_mtok: float, utilisation: float, sold_share: float,
                       life_years: float) -> dict:
    """GW -> GPUs -> dollars -> tokens -> revenue for one gigawatt of AI factory.

    Tokens are produced at the stated rate for the ``utilisation`` share of the time; only
    the ``sold_share`` of them earns the list price (the rest is free use, internal use or
    discounts). The break-even revenue is the capital cost spread over the equipment's
    life, before electricity, staff and other running costs.
    """
    seconds = 365.25 * 24 * 3600
    tokens_per_year = tokens_per_mw_s * 1000 * seconds * utilisation
    revenue_per_year = tokens_per_year * sold_share / 1e6 * price_per_mtok / 1e9  # USD billion
    return {
        "capex_per_gpu_usd": capex_per_gw * 1e9 / gpus_per_gw,
        "tokens_per_year": tokens_per_year,
        "revenue_per_year_usd_bn": revenue_per_year,
        "break_even_revenue_per_year_usd_bn": capex_per_gw / life_years,
        "lifetime_revenue_over_capex": revenue_per_year * life_years / capex_per_gw,
    }


def nvidia_share_by_own_pairings() -> tuple[float, float, int]:
    """NVIDIA's content as a share of the cost of a gigawatt, pairing each of Huang's
    statements of NVIDIA content with his cost statement from the same source (never
    with other speakers' figures): lowest and highest share, and the number of pairs."""
    cost = stated_values("capex per GW")
    content = stated_values("NVIDIA content per GW")
    cost, content = (t[t["speaker"] == "Jensen Huang"] for t in (cost, content))
    shares = []
    for c in content.itertuples():
        ids = {i.strip() for i in c.source_id.split(";")}
        for k in cost.itertuples():
            if ids & {i.strip() for i in k.source_id.split(";")}:
                shares += [c.low / k.high, c.high / k.low]
    return min(shares), max(shares), len(shares) // 2


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


# How each input of the AI-factory arithmetic reads on a page.
FACTORY_INPUTS = {"capex_per_gw": "Capital cost per gigawatt", "gpus_per_gw": "GPUs per gigawatt",
                  "tokens_per_mw_s": "Tokens per second per megawatt",
                  "price_per_mtok": "Price per million tokens",
                  "utilisation": "Utilisation", "sold_share": "Share of tokens sold at list price",
                  "life_years": "Equipment life"}

# Assumptions, not data: labelled as such wherever they are used.
ASSUMED_UTILISATION = (0.7, 0.5, 0.9)   # average share of time the capacity produces tokens
ASSUMED_SOLD_SHARE = (0.5, 0.25, 1.0)   # share of tokens produced that earn the list price
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
        ("utilisation", *ASSUMED_UTILISATION, "share of time", "assumption"),
        ("sold_share", *ASSUMED_SOLD_SHARE, "share of tokens", "assumption"),
        ("life_years", *ASSUMED_LIFE_YEARS, "years", "assumption"),
    ]
    return pd.DataFrame(rows, columns=["input", "base", "low", "high", "unit", "basis"])


def factory_sensitivity(inputs: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """The central case of the AI-factory arithmetic (every input at its base value) and the
    one-at-a-time sensitivity of lifetime revenue over capital cost, widest swing first."""
    base = dict(zip(inputs["input"], inputs["base"]))
    ranges = {row.input: (row.low, row.high) for row in inputs.itertuples()}
    return (factory_arithmetic(**base),
            sensitivity(base, ranges, "lifetime_revenue_over_capex"))


GIGAWATT_QUANTITIES = ["capex per GW", "GPUs per GW", "NVIDIA content per GW"]


def gigawatt_statements_table() -> pd.DataFrame:
    """Every statement on the cost, GPUs and NVIDIA content of a gigawatt, for a page: the
    value or range in the common unit, who said it, when, and the kind of source read."""
    kinds = load_table("sources").set_index("source_id")["source_kind"]
    said = pd.concat([stated_values(q) for q in GIGAWATT_QUANTITIES])
    return pd.DataFrame({
        "quantity": said["quantity"],
        "value": [number(lo, 0) if lo == hi else f"{number(lo, 0)}–{number(hi, 0)}"
                  for lo, hi in zip(said["low"], said["high"])],
        "unit": said["unit"].str.replace("per 10 GW", "per GW (stated per 10 GW)"),
        "speaker": said["speaker"], "organisation": said["organisation"],
        "date": said["statement_date"].dt.strftime("%Y-%m-%d").fillna("undated"),
        "source kind": [", ".join(sorted({kinds[i.strip()] for i in ids.split(";")}))
                        for ids in said["source_id"]],
    }).reset_index(drop=True)


def _three_figures(value: float) -> Text:
    return number(value, max(0, 2 - math.floor(math.log10(abs(value)))))


def factory_inputs_table(inputs: pd.DataFrame) -> pd.DataFrame:
    """The arithmetic's inputs (from :func:`factory_inputs`) for a page, to three figures."""
    return pd.DataFrame({
        "Input": inputs["input"].map(FACTORY_INPUTS),
        "Central value": inputs["base"].map(_three_figures),
        "Range": [f"{_three_figures(lo)} to {_three_figures(hi)}"
                  for lo, hi in zip(inputs["low"], inputs["high"])],
        "Unit": inputs["unit"], "Basis": inputs["basis"]})


def gigawatt_numbers(ledger: pd.DataFrame) -> dict:
    """The statements on the cost of a gigawatt and the P2/P7 verdicts, by glue key."""
    capex = stated_values("capex per GW")
    others = stated_range("capex per GW", exclude_speaker="Huang")
    central = float(((capex["low"] + capex["high"]) / 2).median())
    verdicts = _verdict_labels(ledger, ("P2a", "P2b", "P7a", "P7b"))
    return {
        "fac-n-capex": count(len(capex), "statements"),
        "fac-n-speakers": count(capex["speaker"].nunique(), "speakers"),
        "fac-capex-range": interval(*others, fmt=usd, unit="billion", digits=0),
        "fac-claimed-capex": interval(*CLAIMED_CAPEX_PER_GW, fmt=usd, unit="billion", digits=0),
        "fac-lowest-ratio": percent(capex["low"].min() / central),
        "fac-highest-ratio": percent(capex["high"].max() / central),
        "p2a-verdict": verdicts["P2a"], "p2b-verdict": verdicts["P2b"],
        "p7a-verdict": verdicts["P7a"], "p7b-verdict": verdicts["P7b"],
    }


def factory_numbers(inputs: pd.DataFrame) -> dict:
    """The arithmetic from gigawatts to dollars (``inputs`` from :func:`factory_inputs`):
    the central case, its sensitivity and NVIDIA's share of the cost, by glue key."""
    central, sens = factory_sensitivity(inputs)
    outputs = sens[["output_at_low", "output_at_high"]].to_numpy()
    share_low, share_high, pairs = nvidia_share_by_own_pairings()
    rates = statements("tokens per MW per second")["value_low"]
    return {
        "fac-capex-per-gpu": usd(central["capex_per_gpu_usd"] / 1000, "thousand", 0),
        "fac-nvidia-share": interval(share_low, share_high, fmt=percent),
        "fac-nvidia-share-pairs": count(pairs, "pairs"),
        "fac-break-even": usd(central["break_even_revenue_per_year_usd_bn"], "billion", 0),
        "fac-tokens-year": number(central["tokens_per_year"], 1, "tokens"),
        "fac-revenue-year": usd(central["revenue_per_year_usd_bn"], "billion", 0),
        "fac-payback-base": factor(central["lifetime_revenue_over_capex"], 1),
        "fac-payback-low": factor(outputs.min(), 1),
        "fac-payback-high": factor(outputs.max(), 0),
        "fac-top-input": FACTORY_INPUTS[sens.loc[0, "input"]].lower(),
        "fac-second-input": FACTORY_INPUTS[sens.loc[1, "input"]].lower(),
        "fac-token-rate-ratio": factor(rates.max() / rates.min(), 0),
    }


def inference_numbers() -> dict:
    """NVIDIA's latest stated inference share, in dollars over the four quarters before it."""
    inference = inference_share_in_dollars().sort_values("date")
    latest = inference.iloc[-1]
    return {
        "inf-latest-date": Text(f"{latest.date:%B %Y}"),
        "inf-share": percent(latest.share_percent / 100),
        "inf-usd": usd(latest.inference_usd_bn, "billion", 0),
        "inf-window": latest.window,
        "inf-n": count(len(inference), "statements"),
    }


# ------------------------------------------------------------------------------ verdicts
# Figures stated in the claims themselves (see data/claims.csv), not data.
CLAIMED_TEN_YEAR_PRICE_FALL = 1e9          # P4: a billion-fold in ten years
CLAIMED_BLACKWELL_OVER_HOPPER = 30.0       # P6b: about 30x
CLAIMED_CAPEX_PER_GW = (50.0, 60.0)        # P7a: USD billion per GW
CLAIMED_INFERENCE_SHARE = 40.0             # P2: percent of Data Center revenue
# P5a "doubles every few months": read as at most six months, i.e. at least 4x a year.
CLAIMED_DOUBLING_MONTHS = 6.0
# P6a "Moore's law has stalled": read as transistor growth at most half its old pace.
CLAIMED_SLOWDOWN = 2.0
PRICE_THRESHOLDS = {"mmlu": [60, 70, 80], "gpqa_diamond": [40, 50, 60], "math_500": [70]}
TRANSISTOR_ERAS = {"1971–2005": (1971, 2005), "2006–2024": (2006, 2024)}
Z95 = 1.959964


def _assess_p1(claim_id: str, reason: str) -> v.Verdict:
    share = nvidia.data_center_share()
    last = share.iloc[-1]
    return v.Verdict(
        claim_id, v.UNTESTABLE, None,
        f"Data Center = {percent(last.share)} of NVIDIA revenue "
        f"(Q{last.fiscal_quarter} FY{last.fiscal_year}), context only",
        float(last.share), math.nan, math.nan, "share of NVIDIA revenue",
        v.vintage(share["quarter_end"]), "nvidia-revenue", reason,
        "No rule: no public series measures the claim.")


def assess_p1a() -> v.Verdict:
    return _assess_p1("P1a", "No public series measures how much of all computation is "
                      "generated rather than retrieved, and the claim has no horizon; "
                      "NVIDIA's revenue mix is shown as context only.")


def assess_p1b() -> v.Verdict:
    return _assess_p1("P1b", "Needs the split of all server spending between accelerated and "
                      "general-purpose machines over time, which no public series here gives; "
                      "one vendor's revenue mix cannot stand in for it.")


def inference_share_in_dollars() -> pd.DataFrame:
    """NVIDIA's stated inference share applied to Data Center revenue of the fiscal year
    the statement refers to (the four quarters up to the statement)."""
    stated = stated_values("inference share of data-center revenue")
    dc = nvidia.revenue_by_market()
    dc = dc[dc["market"] == "Data Center"]
    rows = []
    for s in stated.itertuples():
        window = dc[dc["quarter_end"] < s.statement_date].tail(4)
        rows.append({"speaker": s.speaker, "organisation": s.organisation,
                     "date": s.statement_date.date(), "share_percent": s.low,
                     "context": s.context,
                     "trailing_dc_revenue_usd_bn": window["revenue"].sum() / 1000,
                     "inference_usd_bn": window["revenue"].sum() / 1000 * s.low / 100,
                     "window": f"{window['quarter'].iloc[0]} to {window['quarter'].iloc[-1]}"})
    return pd.DataFrame(rows)


def rule_p2a(shares: list[float], independent: bool) -> tuple[str, str | None]:
    """Dated statements of inference's share of NVIDIA Data Center revenue, oldest first,
    against 'becoming the main source': at least three are needed to see a direction;
    then a latest share above one half matches, a rising share below it falls short and
    a falling share contradicts the claim."""
    if len(shares) < 3:
        return v.UNTESTABLE, None
    if shares[-1] > 50:
        direction = v.MATCH
    elif shares[-1] > shares[0]:
        direction = v.FALL_SHORT
    else:
        direction = v.CONTRADICT
    return direction, v.evidence_strength(len(shares), independent, None)


def rule_p2b(stated_share: float, statements: int, independent: bool) -> tuple[str, str]:
    """Latest stated inference share of Data Center revenue against the claimed 40%."""
    direction = v.compare_with_claim(stated_share, stated_share, CLAIMED_INFERENCE_SHARE)
    return direction, v.evidence_strength(statements, independent, None)


def _inference_statements() -> tuple[pd.DataFrame, pd.Series, bool]:
    table = inference_share_in_dollars().sort_values("date").reset_index(drop=True)
    # Independent only if someone other than NVIDIA has measured it.
    return table, table.iloc[-1], bool((table["organisation"] != "NVIDIA").any())


def assess_p2a() -> v.Verdict:
    table, latest, independent = _inference_statements()
    direction, strength = rule_p2a(table["share_percent"].tolist(), independent)
    return v.Verdict(
        "P2a", direction, strength,
        f"{count(len(table))} dated statements, all from NVIDIA, the latest "
        f"{latest.share_percent:.0f}% ({latest.date:%b %Y})",
        latest.share_percent, math.nan, math.nan, "percent of Data Center revenue",
        v.vintage(table["date"]), "factory-inference-share",
        "Whether inference is overtaking training needs the share over time; NVIDIA has "
        "given the same figure twice and no one outside the company measures it.",
        v.rule_source(rule_p2a, v.evidence_strength))


def assess_p2b() -> v.Verdict:
    table, latest, independent = _inference_statements()
    direction, strength = rule_p2b(latest.share_percent, len(table), independent)
    return v.Verdict(
        "P2b", direction, strength,
        f"about {latest.share_percent:.0f}% of Data Center revenue ≈ "
        f"{usd(latest.inference_usd_bn)} a year (stated {latest.date:%b %Y})",
        latest.inference_usd_bn, math.nan, math.nan, "USD billion per year",
        v.vintage(table["date"]), "factory-inference-share",
        f"Only NVIDIA has put a number on it ({count(len(table))} "
        f"{'statement' if len(table) == 1 else 'statements'}, the latest in "
        f"{latest.date:%B %Y}); nobody outside the company measures it.",
        v.rule_source(rule_p2b, v.compare_with_claim, v.evidence_strength))


def assess_p3() -> v.Verdict:
    table = growth_table(token_growth_fits(token_daily_rates()))
    fastest, slowest = table["years_to_multiple"].min(), table["years_to_multiple"].max()
    return v.Verdict(
        "P3", v.UNTESTABLE, None,
        f"{years(fastest, 0)} to {years(slowest, 0)} to a billion-fold at current growth "
        f"({len(table)} series)",
        float(table["years_to_multiple"].median()), float(table["years_low"].min()),
        float(table["years_high"].max()), "years",
        v.vintage(table["from"].tolist() + table["to"].tolist()), "tokens",
        "Huang gave no horizon, so no data can contradict it. If the fitted growth of the "
        "tracked series held, a billion-fold would take the years shown; the rates rest on "
        f"{table['points'].min()} to {table['points'].max()} points per series.",
        "No rule: a forecast without a horizon cannot be tested.")


# Above this false-positive rate at half the claimed pace, a match is weak evidence.
MAX_FALSE_MATCH = 0.2


def rule_p4(low: float, high: float, points: int, false_match: float) -> tuple[str, str | None]:
    """The 95% interval of the yearly price fall at constant capability (10th-percentile
    regression) against the claimed 10^(9/10) ≈ 7.9x a year. ``false_match`` is the share
    of simulated markets falling at half the claimed pace whose interval still reaches
    the claim: above MAX_FALSE_MATCH the data cannot tell the claim from half of it, so a
    match is weak. List prices stand in for costs: never more than moderate."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return v.UNTESTABLE, None
    claimed = CLAIMED_TEN_YEAR_PRICE_FALL ** 0.1
    direction = v.compare_with_claim(low, high, claimed, no_change=1.0)
    strength = v.evidence_strength(points, True, v.interval_ratio(low, high))
    if direction == v.MATCH and false_match > MAX_FALSE_MATCH:
        return direction, v.WEAK
    return direction, v.MODERATE if strength == v.STRONG else strength


def assess_p4() -> v.Verdict:
    prices = load_table("llm_prices")
    trend = price_trend(prices)
    fall = trend.annual_fall
    false_match = false_match_rate(simulated_quantile_falls(prices), SIMULATED_FALLS[-1])
    direction, strength = rule_p4(fall.low, fall.high, trend.points, false_match)
    return v.Verdict(
        "P4", direction, strength,
        f"at a constant {BENCHMARK_LABELS[PRICE_BENCHMARK]} score the cheap end of the market "
        f"({PRICE_QUANTILE:.0%} quantile) fell {with_interval(*fall)} a year "
        f"(claim: {factor(CLAIMED_TEN_YEAR_PRICE_FALL ** 0.1)})",
        fall.value, fall.low, fall.high,
        "price fall per year (factor) at constant score, 95% interval",
        v.vintage([trend.first, trend.last]), "prices",
        f"{trend.points} models without reasoning, launch promotions dropped. In simulated "
        f"markets falling at half the claimed pace, {percent(false_match)} of intervals still "
        "reach the claim; list prices are not costs.",
        v.rule_source(rule_p4, v.compare_with_claim, v.evidence_strength))


def rule_p5a(intervals: list[tuple[float, float]], points: int) -> tuple[str, str]:
    """Each token series' 95% interval of yearly growth against doubling every six months
    (4x a year); the direction more than half the series share wins, else it cannot decide."""
    claimed = 2 ** (12 / CLAIMED_DOUBLING_MONTHS)
    directions = [v.compare_with_claim(lo, hi, claimed, no_change=1.0) for lo, hi in intervals]
    direction = v.majority_direction(directions)
    ratio = float(np.median([v.interval_ratio(lo, hi) for lo, hi in intervals]))
    return direction, v.evidence_strength(points, True, ratio)


def assess_p5a() -> v.Verdict:
    table = growth_table(token_growth_fits(token_daily_rates()))
    direction, strength = rule_p5a(list(zip(table["growth_low"], table["growth_high"])),
                                   int(table["points"].min()))
    doubling = 12 * math.log(2) / np.log(table["growth_factor"])
    return v.Verdict(
        "P5a", direction, strength,
        f"tracked token series double every {months(doubling.min())} to "
        f"{months(doubling.max())} ({len(table)} series)",
        float(table["growth_factor"].median()), math.nan, math.nan,
        "growth factor per year, median across series",
        v.vintage(table["from"].tolist() + table["to"].tolist()), "tokens",
        f"Each series has only {table['points'].min()} to {table['points'].max()} dated "
        "statements, many of them rounded lower bounds.",
        v.rule_source(rule_p5a, v.compare_with_claim, v.majority_direction, v.evidence_strength))


def user_and_token_growth() -> dict:
    """ChatGPT user growth (the headline definition's series), median token growth and the
    per-user growth they imply."""
    users = users_by_definition()[HEADLINE_USERS]
    user_fit = models.fit_exponential(users["date"], users["weekly_active_users"])
    tokens = growth_table(token_growth_fits(token_daily_rates()))
    token_factor = float(tokens["growth_factor"].median())
    per_user = token_factor / user_fit.annual_growth_factor()[0]
    return {"user_fit": user_fit, "users": users, "token_factor": token_factor,
            "per_user_factor": per_user,
            "per_user_doubling_months": 12 * math.log(2) / math.log(per_user)
            if per_user > 1 else math.inf}


def rule_p5b(users_low: float, per_user_factor: float, points: int) -> tuple[str, str]:
    """Two exponentials: users growing (the low end of their 95% interval above 1x a
    year) and tokens per user growing too. It rests on a ratio of fits from different
    companies, with no interval, so the evidence is weak by the strength rule."""
    if per_user_factor <= 1 or users_low <= 1:
        direction = v.CONTRADICT
    else:
        direction = v.MATCH
    return direction, v.evidence_strength(points, True, math.inf)


def assess_p5b() -> v.Verdict:
    g = user_and_token_growth()
    f, users_low, _ = g["user_fit"].annual_growth_factor()
    direction, strength = rule_p5b(users_low, g["per_user_factor"], g["user_fit"].nobs)
    doubling = g["per_user_doubling_months"]
    return v.Verdict(
        "P5b", direction, strength,
        f"ChatGPT users (all plans) {factor(f)} a year; tokens per user "
        f"{factor(g['per_user_factor'])} "
        + (f"(doubling every {months(doubling)})" if math.isfinite(doubling) else "(not growing)"),
        g["per_user_factor"], math.nan, math.nan, "growth factor per year",
        v.vintage(g["users"]["date"]), "tokens",
        "Tokens per user are inferred by dividing the median token-series growth by ChatGPT's "
        "user growth, across different companies: indicative only.",
        v.rule_source(rule_p5b, v.evidence_strength))


def transistor_slowdown(points: pd.DataFrame | None = None) -> dict:
    """Ratio of transistor-count growth rates, early era over recent era (single dies since
    2006), with its 95% interval (see ``growth_rate_ratio``)."""
    points = transistor_trend() if points is None else points
    early, recent = era_fits(points, TRANSISTOR_ERAS).values()
    estimate = growth_rate_ratio(early, recent)
    return {"ratio": estimate.value, "low": estimate.low, "high": estimate.high,
            "estimate": estimate, "early": early, "recent": recent,
            "points": min(early.nobs, recent.nobs)}


def rule_p6a(slowdown: tuple[float, float] | None, points: int) -> tuple[str, str | None]:
    """How many times more slowly the cost (or energy) per transistor has fallen since
    the mid-2000s than before (95% interval), against 'stalled', read as at least half
    the old pace lost (2x slower). Transistor counts per chip do not measure it, so
    without a cost or energy series the claim cannot be tested."""
    if slowdown is None:
        return v.UNTESTABLE, None
    low, high = slowdown
    direction = v.compare_with_claim(low, high, CLAIMED_SLOWDOWN, math.inf, no_change=1.0)
    return direction, v.evidence_strength(points, True, v.interval_ratio(low, high))


def assess_p6a() -> v.Verdict:
    s = transistor_slowdown()
    direction, strength = rule_p6a(None, 0)
    early, recent = s["early"].doubling_time()[0], s["recent"].doubling_time()[0]
    return v.Verdict(
        "P6a", direction, strength,
        f"context: single-die flagship GPUs doubled their transistors every {years(recent)} "
        f"since 2006, against {years(early)} for microprocessors in 1971–2005",
        s["ratio"], s["low"], s["high"], "slowdown of transistor-count growth (old ÷ new)",
        v.vintage(transistor_trend()["date"]), "hardware",
        "Huang's point is that transistors no longer get much cheaper or more efficient; no "
        "public series of cost or energy per transistor is in these data. Counts per "
        f"single die, Moore's original measure, {count_slowdown_words(s['estimate'])}.",
        v.rule_source(rule_p6a, v.compare_with_claim, v.evidence_strength))


def rule_p6b(measured: tuple[float, float] | None, points: int) -> tuple[str, str | None]:
    """A measured, like-for-like system throughput ratio (Blackwell over Hopper, same
    workload, 95% interval) against the claimed 30x; chip specifications alone cannot
    test it, because the claim credits systems and software."""
    if measured is None:
        return v.UNTESTABLE, None
    low, high = measured
    direction = v.compare_with_claim(low, high, CLAIMED_BLACKWELL_OVER_HOPPER, no_change=1.0)
    return direction, v.evidence_strength(points, True, v.interval_ratio(low, high))


def assess_p6b() -> v.Verdict:
    specs = gpu_specs()
    ratios = generation_ratios(specs, "H100", "B200")
    direction, strength = rule_p6b(None, 0)
    explained = ratios["headline_low_precision"]
    return v.Verdict(
        "P6b", direction, strength,
        f"per-GPU specs explain {factor(explained)} of the claimed "
        f"{factor(CLAIMED_BLACKWELL_OVER_HOPPER, 0)}",
        explained, math.nan, math.nan, "factor (B200 FP4 vs H100 FP8, dense)",
        v.vintage(specs["release_date"]), "hardware",
        f"Silicon at equal precision gives {factor(ratios['fp8'])} and the move to 4-bit "
        f"numbers {factor(ratios['precision_gain'], 0)}. The rest of the claim is a system-level "
        "figure from NVIDIA that no independent, like-for-like benchmark in these data measures; "
        "the unexplained part cannot be credited to co-design or to anything else.",
        v.rule_source(rule_p6b, v.compare_with_claim, v.evidence_strength))


def independent_capex_per_gw() -> pd.DataFrame:
    """Statements of the cost of a gigawatt by others than NVIDIA, with their midpoints."""
    rows = stated_values("capex per GW")
    rows = rows[rows["organisation"] != "NVIDIA"].copy()
    rows["mid"] = (rows["low"] + rows["high"]) / 2
    return rows


def rule_p7a(quartiles: tuple[float, float], statements: int) -> tuple[str, str]:
    """The middle half (25th-75th percentile) of others' stated cost per gigawatt against
    the claimed $50-60 billion. They are statements, not audited costs, so the evidence is
    never more than moderate."""
    low, high = quartiles
    direction = v.compare_with_claim(low, high, *CLAIMED_CAPEX_PER_GW)
    strength = v.evidence_strength(statements, True, v.interval_ratio(low, high))
    return direction, v.MODERATE if strength == v.STRONG else strength


def assess_p7a() -> v.Verdict:
    others = independent_capex_per_gw()
    q25, q75 = (float(others["mid"].quantile(q)) for q in (0.25, 0.75))
    direction, strength = rule_p7a((q25, q75), len(others))
    low, high = CLAIMED_CAPEX_PER_GW
    return v.Verdict(
        "P7a", direction, strength,
        f"the middle half of {len(others)} statements by others put a gigawatt at "
        f"{usd(q25, digits=0)} to {usd(q75, digits=0)} (claim: {usd(low, digits=0)} to "
        f"{usd(high, digits=0)})",
        float(others["mid"].median()), q25, q75, "USD billion per GW",
        v.vintage(others["statement_date"]), "factory",
        "The figures are statements, not audited costs, and their scope (IT equipment only, or "
        "with buildings and power) varies.",
        v.rule_source(rule_p7a, v.compare_with_claim, v.evidence_strength))


def assess_p7b() -> v.Verdict:
    split = nvidia.data_center_share()
    return v.untestable(
        "P7b", "no public series of power deployed by NVIDIA's customers", "factory",
        "Testing it needs the power newly deployed by NVIDIA's customers each quarter, which "
        "nobody publishes; announced campus capacities are plans, not deployments.",
        "No rule: no public series measures the claim.", v.vintage(split["quarter_end"]))


ASSESSMENTS = {"P1a": assess_p1a, "P1b": assess_p1b, "P2a": assess_p2a, "P2b": assess_p2b,
               "P3": assess_p3, "P4": assess_p4, "P5a": assess_p5a, "P5b": assess_p5b,
               "P6a": assess_p6a, "P6b": assess_p6b, "P7a": assess_p7a, "P7b": assess_p7b}


# ------------------------------------------------------------------------------ findings

def findings() -> dict[str, str]:
    """The chapter's headline numbers for the executive summary, each with its interval."""
    growth = nvidia.data_center_growth()
    share = nvidia.data_center_share().iloc[-1]
    g = user_and_token_growth()
    tokens = growth_table(token_growth_fits(token_daily_rates()))
    prices = load_table("llm_prices")
    price = price_trend(prices)
    still, thresholds = stalled(last_lows(prices), "all", 12)
    slowdown = transistor_slowdown()
    return {
        "dc-growth": with_interval(*growth.headline),
        "dc-window": f"{growth.regime['quarter'].iloc[0]} to {growth.regime['quarter'].iloc[-1]}",
        "dc-quarters": count(len(growth.regime), "quarters"),
        "dc-latest-window": with_interval(*growth.windows.iloc[-1][["factor", "low", "high"]]),
        "dc-share": percent(share.share),
        "dc-quarter": quarter_label(share.fiscal_year, share.fiscal_quarter),
        "users-growth": with_interval(*g["user_fit"].annual_growth_factor()),
        "tokens-median": factor(float(tokens["growth_factor"].median()), 0),
        "tokens-series": count(len(tokens), "series"),
        "price-fall": with_interval(*price.annual_fall),
        "price-basis": f"{BENCHMARK_LABELS[PRICE_BENCHMARK]}, {count(price.points)} models "
                       "without reasoning",
        "price-claimed": factor(CLAIMED_TEN_YEAR_PRICE_FALL ** 0.1),
        "price-stalled": f"{count(still)} of {count(thresholds)}",
        "transistor-doubling": with_interval(*slowdown["recent"].doubling_time(), fmt=years),
        "transistor-early": years(slowdown["early"].doubling_time()[0]),
        "transistor-slowdown-words": count_slowdown_words(slowdown["estimate"]),
        "specs-explain": factor(generation_ratios(gpu_specs(), "H100", "B200")
                                ["headline_low_precision"]),
        "claimed-30x": factor(CLAIMED_BLACKWELL_OVER_HOPPER, 0),
        "capex-others": interval(*(float(independent_capex_per_gw()["mid"].quantile(q))
                                   for q in (0.25, 0.75)), fmt=usd, digits=0),
    }


def ceiling_check(high: float, quantity: str = "people using the Internet") -> str:
    """A sentence on whether a projection's upper end passes a published ceiling (from
    ``reference_quantities``): flagged when it does, confirmed when it does not."""
    row = latest_reference(quantity)
    ceiling = f"the {number(row.value)} {quantity} in {row.year} (ITU)"
    if high > row.value:
        return (f"Flag: the upper end passes {ceiling}, so that part of the interval is not "
                "plausible; the interval only extends the fitted trend.")
    return f"Even its upper end stays below {ceiling}."
