"""Computations behind the labor chapter (claims J1-J5).

Radiologists against radiology AI devices (J1), the building trades against all
occupations (J2), labour shortages and AI exposure against employment change (J3),
firms' use of AI (J4) and measured productivity effects against the break-even of
"$10k of AI for a $100k worker" (J5). The chapter pages and the claims ledger call the
same functions.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from . import models
from . import verdicts as v
from .catalogue import load_table
from .report import (Text, count, factor, not_identified, number, percent, usd,
                     with_interval)

Z95 = 1.959964


def signed_percent(share: float, digits: int = 0) -> Text:
    """A change as a percentage with a true minus sign: -0.11 -> '−11%'."""
    return Text(f"{number(100 * share, digits)}%", value=float(share), unit="share")


def growth_per_year(estimate) -> Text:
    """A log growth rate per year as the percentage change per year, with its interval."""
    pct = lambda x: math.exp(x) - 1
    return with_interval(pct(estimate.value), pct(estimate.low), pct(estimate.high),
                         fmt=signed_percent)


# ------------------------------------------------------------------------------ OEWS

def _sampling_interval(estimate: pd.Series, rse_pct: pd.Series) -> tuple[pd.Series, pd.Series]:
    """95% sampling interval of an OEWS estimate from its relative standard error."""
    half = Z95 * estimate * rse_pct / 100
    return estimate - half, estimate + half


def ratio_interval(start: float, start_rse: float, end: float, end_rse: float
                   ) -> tuple[float, float, float]:
    """end ÷ start with a 95% interval, treating the two estimates as independent.

    The relative standard errors add in quadrature on the log scale (delta method).
    OEWS estimates of nearby years share survey panels, so they are positively
    correlated and the true interval is narrower: this one is conservative.
    """
    ratio = end / start
    se = math.hypot(start_rse, end_rse) / 100
    return ratio, ratio * math.exp(-Z95 * se), ratio * math.exp(Z95 * se)


def relative_interval(a: tuple[float, float, float], b: tuple[float, float, float]
                      ) -> tuple[float, float, float]:
    """Ratio a ÷ b of two independent ratio intervals (log standard errors combined)."""
    se = lambda r: math.log(r[2] / r[1]) / (2 * Z95)
    value = a[0] / b[0]
    half = Z95 * math.hypot(se(a), se(b))
    return value, value * math.exp(-half), value * math.exp(half)


@cache
def oews() -> pd.DataFrame:
    return load_table("oews_national")


def occupation_series(occupation: str) -> pd.DataFrame:
    """One occupation's OEWS rows by year with 95% sampling intervals of employment."""
    rows = oews()[oews()["occupation"] == occupation].sort_values("year").copy()
    rows["low"], rows["high"] = _sampling_interval(rows["employment"], rows["emp_prse_pct"])
    return rows.reset_index(drop=True)


def change(occupation: str, start: int, end: int, measure: str = "employment"
           ) -> tuple[float, float, float]:
    """Ratio of an occupation's employment (or mean wage) in ``end`` to ``start``, with a
    95% interval from the two estimates' relative standard errors."""
    rows = occupation_series(occupation).set_index("year")
    value, rse = {"employment": ("employment", "emp_prse_pct"),
                  "wage": ("a_mean_usd", "mean_prse_pct")}[measure]
    a, b = rows.loc[start], rows.loc[end]
    if a["coverage"] != b["coverage"]:
        raise ValueError(f"{occupation}: {start} and {end} use different definitions "
                         f"({a['occ_code']} and {b['occ_code']})")
    return ratio_interval(a[value], a[rse], b[value], b[rse])


# ------------------------------------------------------------------------------ J1 radiology

RADIOLOGY_PANEL = "Radiology"
RADIOLOGISTS = "radiologists"


@cache
def device_counts() -> pd.DataFrame:
    """FDA AI-enabled devices per decision year: all panels, radiology, cumulative totals
    and radiology's share."""
    table = load_table("fda_ai_devices")
    years = table.groupby("decision_year").agg(devices=("devices", "sum"),
                                               complete=("complete_year", "all"))
    years["radiology"] = (table[table["panel"] == RADIOLOGY_PANEL]
                          .groupby("decision_year")["devices"].sum())
    years = years.fillna({"radiology": 0}).reset_index()
    years["cumulative"] = years["devices"].cumsum()
    years["cumulative_radiology"] = years["radiology"].cumsum()
    years["radiology_share"] = years["cumulative_radiology"] / years["cumulative"]
    return years


def radiologists_soc2018() -> pd.DataFrame:
    """Radiologist employment on the one comparable definition (SOC 2018 29-1224)."""
    rows = occupation_series(RADIOLOGISTS)
    return rows[rows["coverage"] == "exact"].reset_index(drop=True)


def trend_with_sampling_error(years, estimates, rse_pct) -> dict:
    """Log-linear trend of survey estimates weighted by their known sampling variances
    (relative standard errors are standard errors of the log, to first order).

    The interval comes from sampling error alone; the chi-square of the weighted
    residuals asks whether the estimates scatter around the line more than sampling
    error allows (a small p-value: other year-to-year changes, such as survey panels or
    methods, move them too, and the interval is too narrow)."""
    t = np.asarray(years, float)
    if len(t) < 3:
        raise ValueError("a trend with a lack-of-fit check needs at least three years")
    log_y = np.log(np.asarray(estimates, float))
    weights = 1 / (np.asarray(rse_pct, float) / 100) ** 2
    X = np.column_stack([np.ones_like(t), t - t[0]])
    cov = np.linalg.inv(X.T @ (X * weights[:, None]))
    params = cov @ X.T @ (weights * log_y)
    chi2 = float(np.sum(weights * (log_y - X @ params) ** 2))
    df = len(t) - 2
    se = math.sqrt(cov[1, 1])
    rate = params[1]
    return {"rate": models.Estimate(rate, rate - Z95 * se, rate + Z95 * se),
            "chi2": chi2, "df": df, "p_lack_of_fit": float(stats.chi2.sf(chi2, df))}


@cache
def nrmp_positions() -> pd.DataFrame:
    """Diagnostic radiology residency positions offered and filled per match year, all
    program types together."""
    table = load_table("nrmp_radiology_positions")
    years = table.groupby("match_year")[["positions_offered", "positions_filled"]].sum()
    years["fill_rate"] = years["positions_filled"] / years["positions_offered"]
    return years.reset_index()


def register_growth(counts: pd.DataFrame) -> dict:
    """Average growth per year between the first and last count of the register series
    (a census of registered radiologists, so no sampling interval)."""
    first, last = counts.iloc[0], counts.iloc[-1]
    years = int(last.year - first.year)
    return {"first": first, "last": last,
            "per_year": (last["count"] / first["count"]) ** (1 / years) - 1}


def workforce_numbers(radiologists: pd.DataFrame, positions: pd.DataFrame,
                      register: pd.DataFrame) -> dict:
    """Trend of the comparable OEWS radiologist counts with their sampling error, the
    residency positions and the register counts before the AI devices (each a separate
    series with its own definition)."""
    trend = trend_with_sampling_error(radiologists["year"], radiologists["employment"],
                                      radiologists["emp_prse_pct"])
    first, last = positions.iloc[0], positions.iloc[-1]
    before = register_growth(register.sort_values("year"))
    return {
        "lb-reg-first-year": str(int(before["first"].year)),
        "lb-reg-last-year": str(int(before["last"].year)),
        "lb-reg-first": count(before["first"]["count"], "radiologists"),
        "lb-reg-last": count(before["last"]["count"], "radiologists"),
        "lb-reg-growth": signed_percent(before["per_year"], 1),
        "lb-rad-trend": growth_per_year(trend["rate"]),
        "lb-rad-vs-register": Text(
            "The survey trend's interval contains that earlier rate, so these data show no "
            "departure from it" if trend["rate"].map(math.exp).low - 1 <= before["per_year"]
            <= trend["rate"].map(math.exp).high - 1 else
            "The survey trend's interval excludes that earlier rate"),
        "lb-rad-trend-p": number(trend["p_lack_of_fit"], 2),
        "lb-rad-break": not_identified(
            f"no comparable count before {int(radiologists['year'].min())}"),
        "lb-nrmp-first-year": str(int(first.match_year)),
        "lb-nrmp-last-year": str(int(last.match_year)),
        "lb-nrmp-first": count(first.positions_offered, "positions"),
        "lb-nrmp-last": count(last.positions_offered, "positions"),
        "lb-nrmp-change": signed_percent(last.positions_offered / first.positions_offered - 1, 1),
        "lb-nrmp-fill-min": percent(positions["fill_rate"].min(), 1),
    }


def radiology_numbers() -> dict:
    rad = radiologists_soc2018()
    first, last = rad.iloc[0], rad.iloc[-1]
    ratio = change(RADIOLOGISTS, int(first.year), int(last.year))
    devices = device_counts()
    before = devices[devices["decision_year"] < first.year]
    through = devices[devices["decision_year"] <= last.year]
    latest = devices.iloc[-1]
    return {
        "lb-rad-first-year": str(int(first.year)),
        "lb-rad-last-year": str(int(last.year)),
        "lb-rad-first": with_interval(first.employment, first.low, first.high, fmt=count),
        "lb-rad-last": with_interval(last.employment, last.low, last.high, fmt=count),
        "lb-rad-rse": percent(last.emp_prse_pct / 100, 1),
        "lb-rad-width": percent(2 * Z95 * last.emp_prse_pct / 100),
        "lb-rad-change": with_interval(ratio[0] - 1, ratio[1] - 1, ratio[2] - 1, fmt=signed_percent),
        "lb-rad-direction": Text(
            "The survey's sampling error is larger than the change, so its direction is not "
            "established" if ratio[1] < 1 < ratio[2] else
            "The change is larger than the survey's sampling error"),
        "lb-rad-years": count(len(rad), "years"),
        "lb-rad-wage": usd(last.a_mean_usd, ""),
        "lb-dev-total": count(latest.cumulative, "devices"),
        "lb-dev-radiology": count(latest.cumulative_radiology, "devices"),
        "lb-dev-share": percent(latest.radiology_share),
        "lb-dev-last-date": "September 2025",
        "lb-dev-before": count(before["radiology"].sum(), "devices"),
        "lb-dev-during": count(through["radiology"].sum() - before["radiology"].sum(), "devices"),
    }


def rule_j1a(practices_using_ai: tuple[float, float] | None, points: int
             ) -> tuple[str, str | None]:
    """The share of radiology practices using AI in their reading (95% interval), from a
    survey of practices, against 'used throughout radiology', read as at least half of
    them. Device authorisations show what may be sold, not what is used, so without such
    a survey the claim cannot be tested."""
    if practices_using_ai is None:
        return v.UNTESTABLE, None
    low, high = practices_using_ai
    return (v.compare_with_claim(low, high, 0.5, 1.0, no_change=0.0),
            v.evidence_strength(points, True, v.interval_ratio(low, high)))


def rule_j1b(employment_change: tuple[float, float], years: int) -> tuple[str, str]:
    """Radiologist employment at the end over the start of the comparable OEWS series
    (95% sampling interval) against 'has kept growing': an interval wholly below 1
    contradicts it, one wholly at or above 1 matches it, one across 1 cannot decide."""
    low, high = employment_change
    direction = v.compare_with_claim(low, high, 1.0, math.inf, no_change=1.0)
    return direction, v.evidence_strength(years, True, v.interval_ratio(low, high))


def assess_j1a() -> v.Verdict:
    devices = device_counts().iloc[-1]
    direction, strength = rule_j1a(None, 0)
    return v.Verdict(
        "J1a", direction, strength,
        f"{count(devices.cumulative_radiology)} AI devices authorised for radiology by "
        f"September 2025, {percent(devices.radiology_share)} of all AI devices",
        float(devices.cumulative_radiology), math.nan, math.nan, "devices",
        "1995 to Sep 2025", "lb-radiology",
        "Authorisations show what may be sold, not what radiologists use; testing it needs "
        "a survey of AI use by radiology practices over time (such as the American College "
        "of Radiology's), which these data do not include.",
        v.rule_source(rule_j1a, v.compare_with_claim, v.evidence_strength))


def assess_j1b() -> v.Verdict:
    rad = radiologists_soc2018()
    start, end = int(rad["year"].iloc[0]), int(rad["year"].iloc[-1])
    ratio = change(RADIOLOGISTS, start, end)
    direction, strength = rule_j1b(ratio[1:], len(rad))
    return v.Verdict(
        "J1b", direction, strength,
        f"radiologist employment changed by {with_interval(ratio[0] - 1, ratio[1] - 1, ratio[2] - 1, fmt=signed_percent)} "
        f"from May {start} to May {end}",
        ratio[0], ratio[1], ratio[2], f"employment {end} ÷ {start}", f"May {start} to May {end}",
        "lb-radiology",
        f"Only {len(rad)} OEWS years share one radiologist definition; OEWS counts employees, "
        "not the self-employed or partners who are many radiologists, so a break at the "
        "rise of AI devices cannot be tested.",
        v.rule_source(rule_j1b, v.compare_with_claim, v.evidence_strength))


# ------------------------------------------------------------------------------ J2 trades

TRADES = ["electricians", "plumbers, pipefitters and steamfitters", "construction laborers",
          "telecommunications line installers and repairers"]
ALL = "all occupations"
TRADE_WINDOWS = ((2015, 2024), (2021, 2024))


def trade_growth() -> pd.DataFrame:
    """Each trade's employment and mean-wage growth over each window, and relative to all
    occupations (trade ratio ÷ all-occupations ratio), with 95% intervals."""
    rows = []
    for start, end in TRADE_WINDOWS:
        overall = {m: change(ALL, start, end, m) for m in ("employment", "wage")}
        for trade in TRADES:
            row = {"occupation": trade, "start": start, "end": end}
            for measure in ("employment", "wage"):
                own = change(trade, start, end, measure)
                rel = relative_interval(own, overall[measure])
                row.update({f"{measure}": own[0], f"{measure}_low": own[1],
                            f"{measure}_high": own[2], f"{measure}_relative": rel[0],
                            f"{measure}_relative_low": rel[1],
                            f"{measure}_relative_high": rel[2],
                            f"{measure}_all": overall[measure][0]})
            rows.append(row)
    return pd.DataFrame(rows)


def _pct(ratio: float) -> float:
    return ratio - 1


def trades_numbers(growth: pd.DataFrame) -> dict:
    out = {"lb-n-trades": count(growth["occupation"].nunique(), "trades")}
    for (start, end), part in growth.groupby(["start", "end"]):
        tag = f"{start}-{end}"
        out[f"lb-all-emp-{tag}"] = signed_percent(_pct(part["employment_all"].iloc[0]), 1)
        out[f"lb-all-wage-{tag}"] = signed_percent(_pct(part["wage_all"].iloc[0]), 1)
        faster = part[part["employment_relative_low"] > 1]
        slower = part[part["employment_relative_high"] < 1]
        out[f"lb-trades-faster-{tag}"] = count(len(faster), "trades")
        out[f"lb-trades-slower-{tag}"] = count(len(slower), "trades")
        out[f"lb-wage-slower-{tag}"] = count(int((part["wage_relative_high"] < 1).sum()),
                                             "trades")
        for row in part.itertuples():
            key = row.occupation.split()[0].rstrip(",")
            out[f"lb-{key}-emp-{tag}"] = with_interval(_pct(row.employment),
                                                       _pct(row.employment_low),
                                                       _pct(row.employment_high),
                                                       fmt=signed_percent, digits=1)
    return out


# ------------------------------------------------------------------------------ J2 data-centre construction

# The AI build-out is dated from the first quarter after ChatGPT's launch (30 November
# 2022). The date is fixed in advance, so comparing growth before and after it is a test
# at a known date, not a break searched for in the data.
AI_BUILDOUT_START = pd.Timestamp("2023-01-01")
DATA_CENTRES, NONRESIDENTIAL = "data center", "private nonresidential"
CONSTRUCTION_HORIZON = 4        # backtest: forecast four quarters ahead
CONSTRUCTION_MIN_TRAIN = 12     # backtest: first window of three years


def quarter_name(date) -> str:
    date = pd.Timestamp(date)
    return f"{date.year} Q{date.quarter}"


@cache
def construction_quarters() -> pd.DataFrame:
    """Quarterly spending (mean of the quarter's three monthly annual rates, USD million)
    on data centres and on all private nonresidential construction, complete quarters
    only, with data centres' share of the latter."""
    table = load_table("datacenter_construction")
    wide = table.pivot(index="month", columns="series", values="value_musd_saar")
    wide.index = pd.to_datetime(wide.index)
    quarters = wide.resample("QS")
    months = quarters.count().min(axis=1)
    out = quarters.mean()[months == 3].rename(columns={DATA_CENTRES: "data_centres",
                                                       NONRESIDENTIAL: "nonresidential"})
    out["share"] = out["data_centres"] / out["nonresidential"]
    return out.rename_axis("quarter").reset_index()[["quarter", "data_centres",
                                                     "nonresidential", "share"]]


def construction_models(quarters: pd.DataFrame) -> dict:
    """Growth of data-centre construction: curve families compared by AICc, a break
    searched at an unknown date (sup-F), the drift before and since the AI build-out
    (random walk with drift, the naive rule) with Welch's test of equal drifts, and a
    rolling backtest of the exponential trend against that naive rule."""
    dates, values = quarters["quarter"], quarters["data_centres"].to_numpy()
    fits = models.fit_all(dates, values)
    before = quarters[quarters["quarter"] < AI_BUILDOUT_START]
    # The step into the first build-out quarter belongs to the build-out.
    since = quarters[quarters["quarter"] >= before["quarter"].iloc[-1]]
    drift_before = models.drift_growth(before["quarter"], before["data_centres"].to_numpy())
    drift_since = models.drift_growth(since["quarter"], since["data_centres"].to_numpy())
    return {
        "fits": fits,
        "comparison": models.compare_models(list(fits.values())),
        "break": models.break_test(dates, values),
        "before": drift_before,
        "since": drift_since,
        "acceleration": models.drift_difference(drift_before, drift_since),
        "backtest": models.rolling_origin_backtest(dates, values, "exponential",
                                                   horizon=CONSTRUCTION_HORIZON,
                                                   min_train=CONSTRUCTION_MIN_TRAIN),
    }


@cache
def construction_trend() -> dict:
    return construction_models(construction_quarters())


def drift_lines(quarters: pd.DataFrame, trend: dict) -> pd.DataFrame:
    """The average-growth line of each period (before and since the build-out), from the
    period's first quarter at its drift, ending close to the period's last quarter."""
    lines = []
    for label, drift in (("average growth before 2023", trend["before"]),
                         ("average growth since 2023", trend["since"])):
        part = quarters[quarters["quarter"].between(drift.first_date, drift.last_date)]
        t = models.years_since(part["quarter"], drift.first_date)
        start = part["data_centres"].iloc[0]
        lines.append(pd.DataFrame({"date": part["quarter"].to_numpy(), "group": label,
                                   "value": start * np.exp(drift.rate.value * t)}))
    return pd.concat(lines, ignore_index=True)


def construction_numbers(quarters: pd.DataFrame, trend: dict) -> dict:
    first, last = quarters.iloc[0], quarters.iloc[-1]
    peak = quarters.loc[quarters["nonresidential"].idxmax()]
    brk, backtest = trend["break"], trend["backtest"]
    difference, p_equal = trend["acceleration"]
    return {
        "lb-dc-first-quarter": quarter_name(first.quarter),
        "lb-dc-last-quarter": quarter_name(last.quarter),
        "lb-dc-first": usd(first.data_centres / 1000),
        "lb-dc-last": usd(last.data_centres / 1000),
        "lb-dc-multiple": factor(last.data_centres / first.data_centres),
        "lb-dc-share-first": percent(first.share, 1),
        "lb-dc-share-last": percent(last.share, 1),
        "lb-dc-nonres-peak-quarter": quarter_name(peak.quarter),
        "lb-dc-nonres-change": signed_percent(last.nonresidential / peak.nonresidential - 1, 1),
        "lb-dc-growth-before": growth_per_year(trend["before"].rate),
        "lb-dc-growth-since": growth_per_year(trend["since"].rate),
        "lb-dc-steps-before": count(trend["before"].nobs, "quarters"),
        "lb-dc-steps-since": count(trend["since"].nobs, "quarters"),
        "lb-dc-step-autocorrelation": number(trend["before"].lag1_autocorrelation, 2),
        "lb-dc-acceleration": number(100 * difference, 0, "log points a year"),
        "lb-dc-acceleration-p": number(p_equal, 3),
        "lb-dc-break-quarter": quarter_name(brk.break_date),
        "lb-dc-break-p": number(brk.p_value, 2),
        "lb-dc-break-ar1": number(brk.ar1, 2),
        "lb-dc-ceiling": not_identified("no saturating curve finds a ceiling"),
        "lb-dc-backtest-forecasts": count(len(backtest.scored), "forecasts"),
        "lb-dc-backtest-ratio": factor(backtest.relative_mae, 2),
        "lb-dc-backtest-coverage": percent(backtest.coverage),
    }


def rule_j2(relative_growth: list[tuple[float, float]],
            construction_growth: tuple[float, float], quarters: int) -> tuple[str, str]:
    """Two steps. First the demand: data-centre construction spending since the AI
    build-out began, as a growth factor per year (95% interval), must be rising; an
    interval wholly at or below 1 contradicts 'AI factories create demand' and one
    across 1 cannot decide it. Then the trades: each trade's employment growth relative
    to all occupations (95% interval) against 'strong demand for the trades', read as a
    ratio above 1; the direction most trades share wins and a split cannot decide. Jobs
    are counted across all industries, not on data-centre sites, so the evidence is
    never more than moderate."""
    low, high = construction_growth
    spending = v.compare_with_claim(low, high, 1.0, math.inf, no_change=1.0)
    trades = v.majority_direction([v.compare_with_claim(lo, hi, 1.0, math.inf, no_change=1.0)
                                   for lo, hi in relative_growth])
    strength = v.evidence_strength(quarters, True, v.interval_ratio(low, high))
    return (trades if spending == v.MATCH else spending,
            v.MODERATE if strength == v.STRONG else strength)


def assess_j2() -> v.Verdict:
    growth = trade_growth()
    recent = growth[growth["start"] == TRADE_WINDOWS[-1][0]]
    since = construction_trend()["since"]
    spending = since.annual_growth_factor
    direction, strength = rule_j2(list(zip(recent["employment_relative_low"],
                                           recent["employment_relative_high"])),
                                  (spending.low, spending.high), since.nobs)
    start, end = TRADE_WINDOWS[-1]
    faster = int((recent["employment_relative_low"] > 1).sum())
    return v.Verdict(
        "J2", direction, strength,
        f"data-centre construction spending grew {growth_per_year(since.rate)} a year from "
        f"{quarter_name(since.first_date)} to {quarter_name(since.last_date)}; {faster} of "
        f"{len(recent)} trades grew faster than all occupations from May {start} to May "
        f"{end} (all occupations {signed_percent(_pct(recent['employment_all'].iloc[0]), 1)})",
        float(recent["employment_relative"].median()),
        float(recent["employment_relative_low"].min()),
        float(recent["employment_relative_high"].max()),
        "employment growth relative to all occupations (median across trades)",
        f"May {start} to May {end}; construction to {quarter_name(since.last_date)}",
        "lb-trades",
        "Spending on data-centre construction is rising fast, but OEWS counts trade jobs "
        "across all industries, so it cannot say how many work on data-centre sites; the "
        "employment survey ends in May 2024, before most of the build-out's spending.",
        v.rule_source(rule_j2, v.compare_with_claim, v.majority_direction,
                      v.evidence_strength))


# ------------------------------------------------------------------------------ J3 exposure

SHORTAGE = ["heavy and tractor-trailer truck drivers", "registered nurses",
            "accountants and auditors"]
RATINGS = {"human": "exposure_human_beta", "gpt4": "exposure_gpt4_beta"}
OUTCOMES = {"employment": ("employment_2021", "employment_2024"),
            "wage": ("a_mean_2021", "a_mean_2024")}


@cache
def exposure_table() -> pd.DataFrame:
    """Occupations with exposure scores and log changes 2021-2024 of employment and of
    the mean wage (100 × log points, close to percent for small changes)."""
    table = load_table("occupation_exposure")
    for outcome, (start, end) in OUTCOMES.items():
        table[f"{outcome}_change"] = 100 * np.log(table[end] / table[start])
    return table


def match_rates(table: pd.DataFrame) -> dict:
    """How the exposure scores and OEWS rows joined: counts by kind, and the share of
    May 2024 OEWS employment in occupations with a score."""
    kinds = table["match"].value_counts()
    oews_rows = table[table["employment_2024"].notna()]
    scored = oews_rows["exposure_human_beta"].notna()
    return {"kinds": kinds.to_dict(), "oews_rows": len(oews_rows),
            "scored_rows": int(scored.sum()),
            "employment_share": float(oews_rows.loc[scored, "employment_2024"].sum()
                                      / oews_rows["employment_2024"].sum())}


def regression_sample(table: pd.DataFrame, outcome: str, rating: str) -> pd.DataFrame:
    columns = [RATINGS[rating], f"{outcome}_change", "employment_2021", "major_group"]
    return table.dropna(subset=columns).reset_index(drop=True)


def exposure_regression(table: pd.DataFrame, outcome: str = "employment",
                        rating: str = "human", weighted: bool = True,
                        major_groups: bool = True):
    """Least squares of the 2021-2024 change (100 × log) on exposure, optionally weighted by
    2021 employment and with major-group fixed effects; HC3 heteroskedasticity-robust
    standard errors. Returns the statsmodels result; the exposure coefficient is first
    after the constant."""
    data = regression_sample(table, outcome, rating)
    X = data[[RATINGS[rating]]]
    if major_groups:
        X = X.join(pd.get_dummies(data["major_group"], prefix="group", drop_first=True,
                                  dtype=float))
    X = sm.add_constant(X)
    y = data[f"{outcome}_change"]
    weights = data["employment_2021"] if weighted else np.ones(len(data))
    return sm.WLS(y, X, weights=weights).fit(cov_type="HC3")


def exposure_iqr(table: pd.DataFrame, rating: str = "human") -> float:
    """Interquartile range of exposure across scored occupations: the contrast reported."""
    scores = table[RATINGS[rating]].dropna()
    return float(scores.quantile(0.75) - scores.quantile(0.25))


def exposure_effects(table: pd.DataFrame) -> pd.DataFrame:
    """Difference in 2021-2024 change between an occupation at the 75th and one at the
    25th percentile of exposure (percentage points of log change), for each outcome,
    rating, weighting and control set, with 95% robust intervals."""
    rows = []
    for outcome in OUTCOMES:
        for rating in RATINGS:
            iqr = exposure_iqr(table, rating)
            for weighted in (True, False):
                for groups in (True, False):
                    fit = exposure_regression(table, outcome, rating, weighted, groups)
                    name = RATINGS[rating]
                    low, high = fit.conf_int().loc[name]
                    rows.append({"outcome": outcome, "rating": rating, "weighted": weighted,
                                 "major_groups": groups, "occupations": int(fit.nobs),
                                 "effect": fit.params[name] * iqr, "low": low * iqr,
                                 "high": high * iqr, "slope": fit.params[name],
                                 "r_squared": fit.rsquared})
    return pd.DataFrame(rows)


def headline_effect(effects: pd.DataFrame, outcome: str = "employment") -> pd.Series:
    """The reported specification: human ratings, weighted by jobs, within major groups."""
    pick = (effects["rating"] == "human") & effects["weighted"] & effects["major_groups"]
    return effects[pick & (effects["outcome"] == outcome)].iloc[0]


def fitted_line(table: pd.DataFrame, outcome: str = "employment", rating: str = "human",
                points: int = 30) -> pd.DataFrame:
    """Weighted fit without controls over the range of exposure, with its 95% interval
    (robust), for the scatter chart."""
    fit = exposure_regression(table, outcome, rating, weighted=True, major_groups=False)
    scores = regression_sample(table, outcome, rating)[RATINGS[rating]]
    grid = np.linspace(scores.min(), scores.max(), points)
    frame = fit.get_prediction(sm.add_constant(pd.DataFrame({RATINGS[rating]: grid}),
                                               has_constant="add")).summary_frame(alpha=0.05)
    return pd.DataFrame({"exposure": grid, "fitted": frame["mean"].to_numpy(),
                         "low": frame["mean_ci_lower"].to_numpy(),
                         "high": frame["mean_ci_upper"].to_numpy()})


def exposure_numbers(table: pd.DataFrame, effects: pd.DataFrame) -> dict:
    rates = match_rates(table)
    emp, wage = headline_effect(effects, "employment"), headline_effect(effects, "wage")
    unweighted = effects[(effects["outcome"] == "employment") & (effects["rating"] == "human")
                         & ~effects["weighted"] & effects["major_groups"]].iloc[0]
    pts = lambda x: number(x, 1, "percentage points")
    specs = effects[effects["outcome"] == "employment"]
    return {
        "lb-exp-specs": count(len(specs), "specifications"),
        "lb-exp-specs-zero": count(int(((specs["low"] <= 0) & (specs["high"] >= 0)).sum()),
                                   "specifications"),
        "lb-exp-specs-below": count(int((specs["high"] < 0).sum()), "specifications"),
        "lb-exp-occupations": count(emp.occupations, "occupations"),
        "lb-exp-oews-rows": count(rates["oews_rows"], "occupations"),
        "lb-exp-scored-rows": count(rates["scored_rows"], "occupations"),
        "lb-exp-employment-share": percent(rates["employment_share"], 1),
        "lb-exp-exact": count(rates["kinds"].get("exact", 0), "occupations"),
        "lb-exp-aggregated": count(rates["kinds"].get("aggregated", 0), "occupations"),
        "lb-exp-oews-only": count(rates["kinds"].get("oews only", 0), "occupations"),
        "lb-exp-exposure-only": count(rates["kinds"].get("exposure only", 0), "occupations"),
        "lb-exp-iqr": number(exposure_iqr(table), 2, "share of tasks"),
        "lb-exp-emp-effect": with_interval(emp.effect, emp.low, emp.high, fmt=pts),
        "lb-exp-emp-unweighted": with_interval(unweighted.effect, unweighted.low,
                                               unweighted.high, fmt=pts),
        "lb-exp-wage-effect": with_interval(wage.effect, wage.low, wage.high, fmt=pts),
    }


def shortage_numbers() -> dict:
    out = {}
    for occupation in SHORTAGE:
        ratio = change(occupation, 2021, 2024)
        key = occupation.split()[-1] if occupation != "accountants and auditors" else "accountants"
        out[f"lb-short-{key}"] = with_interval(ratio[0] - 1, ratio[1] - 1, ratio[2] - 1,
                                               fmt=signed_percent, digits=1)
    overall = change(ALL, 2021, 2024)
    out["lb-short-all"] = signed_percent(overall[0] - 1, 1)
    return out


def rule_j3a(vacancy_change: tuple[float, float] | None, deployments: int
             ) -> tuple[str, str | None]:
    """Change in vacancies per job in the named shortage occupations after AI and robots
    were deployed in them (95% interval, ratio) against 'filling shortages', read as
    vacancies falling (ratio below 1). Without an occupation-level vacancy series and a
    record of deployments the claim cannot be tested."""
    if vacancy_change is None or deployments == 0:
        return v.UNTESTABLE, None
    low, high = vacancy_change
    direction = v.compare_with_claim(1 / high, 1 / low, 1.0, math.inf, no_change=1.0)
    return direction, v.evidence_strength(deployments, True, v.interval_ratio(low, high))


def assess_j3a() -> v.Verdict:
    direction, strength = rule_j3a(None, 0)
    nums = shortage_numbers()
    return v.Verdict(
        "J3a", direction, strength,
        f"context: employment May 2021 to May 2024, truck drivers {nums['lb-short-drivers']}, "
        f"registered nurses {nums['lb-short-nurses']}, accountants {nums['lb-short-accountants']}",
        math.nan, math.nan, math.nan, "", "May 2021 to May 2024", "lb-shortages",
        "Needs vacancies by occupation over time and a record of where AI or robots were "
        "deployed in those jobs. BLS JOLTS counts vacancies by industry only; Employment "
        "Projections 'openings' are ten-year projections, not vacancies; CPS unemployment "
        "by occupation is published monthly for broad groups only; job-posting counts are "
        "proprietary. Employment alone cannot show a shortage being filled.",
        v.rule_source(rule_j3a, v.compare_with_claim, v.evidence_strength))


def rule_j3b(effect: tuple[float, float], occupations: int) -> tuple[str, str]:
    """Difference in employment growth between a more and a less AI-exposed occupation
    (75th vs 25th percentile of exposure, 95% robust interval, employment-weighted, with
    major-group controls) against 'AI is not causing job losses': an interval wholly
    below zero contradicts it, anything else matches. A correlation across occupations
    over three years says little about unemployment, so never more than moderate."""
    low, high = effect
    direction = v.CONTRADICT if high < 0 else v.MATCH
    strength = v.evidence_strength(occupations, True, None)
    return direction, v.MODERATE if strength == v.STRONG else strength


def assess_j3b() -> v.Verdict:
    table = exposure_table()
    emp = headline_effect(exposure_effects(table))
    direction, strength = rule_j3b((emp.low, emp.high), int(emp.occupations))
    pts = lambda x: number(x, 1, "percentage points")
    return v.Verdict(
        "J3b", direction, strength,
        f"employment growth of more minus less exposed occupations: "
        f"{with_interval(emp.effect, emp.low, emp.high, fmt=pts)} percentage points, "
        "May 2021 to May 2024",
        float(emp.effect), float(emp.low), float(emp.high),
        "percentage points of employment growth, 75th vs 25th percentile of exposure",
        "May 2021 to May 2024", "lb-exposure",
        f"{count(emp.occupations)} occupations; exposure measures what language models could "
        "do, not what firms deployed, and three years of occupational employment cannot "
        "show unemployment (people move between occupations).",
        v.rule_source(rule_j3b, v.evidence_strength))


# ------------------------------------------------------------------------------ J4 adoption

def latest_adoption() -> pd.Series:
    """The latest dated Census BTOS estimate of current AI use by all US employer
    businesses."""
    table = load_table("ai_adoption")
    use = table[(table["measure"] == "current use")
                & (table["population"] == "all employer businesses")].copy()
    # Estimates without an end date are the earliest ones (labelled by month only).
    use["order"] = pd.to_datetime(use["period_end"])
    return use.sort_values("order", na_position="first").iloc[-1]


def adoption_range(row: pd.Series) -> str:
    """A published estimate or range of estimates, in percent."""
    low, high = number(row.estimate_low, 0), number(row.estimate_high, 0)
    return f"{high}%" if low == high else f"{low}–{high}%"


def rule_j4(agent_share: tuple[float, float] | None, surveys: int) -> tuple[str, str | None]:
    """The share of firms using AI agents that carry out work on their own (95%
    interval), over time, against 'two kinds of workers'. Use of AI in general is not
    that, so without a survey of agent deployment the claim cannot be tested."""
    if agent_share is None:
        return v.UNTESTABLE, None
    low, high = agent_share
    return (v.compare_with_claim(low, high, 0.5, 1.0, no_change=0.0),
            v.evidence_strength(surveys, True, v.interval_ratio(low, high)))


def assess_j4() -> v.Verdict:
    latest = latest_adoption()
    direction, strength = rule_j4(None, 0)
    return v.Verdict(
        "J4", direction, strength,
        f"context: {adoption_range(latest)} of US employer businesses used AI "
        f"{latest.question_version.removeprefix('AI ')}, {latest.period_label}",
        float(latest.estimate_high), float(latest.estimate_low), float(latest.estimate_high),
        "percent of businesses",
        str(latest.period_label), "lb-workforce",
        "A forecast about how firms will organise work. Testing it needs the share of firms "
        "running AI agents that do work on their own, surveyed over time; the Census "
        "survey's question covers any use of AI.",
        v.rule_source(rule_j4, v.compare_with_claim, v.evidence_strength))


# ------------------------------------------------------------------------------ J5 productivity

AI_COST_USD = 10_000            # stated in the claim
WAGE_USD = 100_000              # stated in the claim
CLAIMED_GAIN = (1.0, 2.0)       # "doubles or triples" = +100% to +200% output
# Assumption, not data: value of a worker's output per dollar of wage. 1.0 if pay equals
# the value of the marginal product; up to 1.5 where employers earn a margin on labour.
ASSUMED_OUTPUT_PER_WAGE = (1.0, 1.0, 1.5)


def output_gain(effect_pct: float, measure: str) -> float:
    """Gain in output per hour (a share) implied by a study's effect: an output measure
    as it is; a time saving t (negative percent) as 1 ÷ (1 − t) − 1."""
    if measure == "output per hour":
        return effect_pct / 100
    if measure == "time per task":
        if effect_pct <= -100:
            raise ValueError("a time saving of 100% or more is not a finite gain")
        return 1 / (1 + effect_pct / 100) - 1
    raise ValueError(f"unknown measure '{measure}'")


@cache
def field_studies() -> pd.DataFrame:
    """Each study outcome with its implied output gain and interval (the stated interval
    where there is one, else the point)."""
    table = load_table("genai_field_studies")
    gain = lambda col: [output_gain(e, m) if pd.notna(e) else math.nan
                        for e, m in zip(table[col], table["measure"])]
    table["gain"] = gain("effect_pct")
    ends = pd.DataFrame({"a": gain("effect_low_pct"), "b": gain("effect_high_pct")})
    table["gain_low"] = ends.min(axis=1).fillna(table["gain"])
    table["gain_high"] = ends.max(axis=1).fillna(table["gain"])
    return table


def study_gains(studies: pd.DataFrame) -> pd.DataFrame:
    """One row per study: its smallest implied gain where it reports several outcomes."""
    return (studies.sort_values("gain").groupby("study", as_index=False).first()
            .sort_values("gain").reset_index(drop=True))


def break_even_gain(ai_cost: float = AI_COST_USD, wage: float = WAGE_USD,
                    output_per_wage: float = ASSUMED_OUTPUT_PER_WAGE[0]) -> float:
    """Output gain (share) at which the tool pays for itself: its cost over the value of
    the worker's output."""
    return ai_cost / (wage * output_per_wage)


def break_even_range() -> tuple[float, float, float]:
    base, low_value, high_value = ASSUMED_OUTPUT_PER_WAGE
    return (break_even_gain(output_per_wage=base), break_even_gain(output_per_wage=high_value),
            break_even_gain(output_per_wage=low_value))


def share_of_work_needed(gain: float, break_even: float) -> float:
    """Share of a worker's time the measured task gain must apply to for the tool to pay."""
    return break_even / gain if gain > 0 else math.inf


def productivity_numbers(gains: pd.DataFrame) -> dict:
    be, be_low, be_high = break_even_range()
    real = gains[gains["scope"] == "real work"]
    return {
        "lb-be-gain": percent(be),
        "lb-be-low": percent(be_low, 1),
        "lb-be-high": percent(be_high),
        "lb-output-per-wage-high": factor(ASSUMED_OUTPUT_PER_WAGE[2]),
        "lb-studies": count(len(gains), "studies"),
        "lb-real-studies": count(len(real), "studies"),
        "lb-gain-min": percent(gains["gain"].min()),
        "lb-gain-max": percent(gains["gain"].max()),
        "lb-gain-median": percent(float(gains["gain"].median())),
        "lb-gain-real-min": percent(real["gain"].min()),
        "lb-gain-real-max": percent(real["gain"].max()),
        "lb-share-needed-min": percent(share_of_work_needed(gains["gain"].max(), be)),
        "lb-share-needed-max": percent(share_of_work_needed(gains["gain"].min(), be)),
        "lb-claimed-low": percent(CLAIMED_GAIN[0]),
        "lb-claimed-high": percent(CLAIMED_GAIN[1]),
        "lb-reach-claim": count(int((gains["gain_high"] >= CLAIMED_GAIN[0]).sum()), "studies"),
    }


def rule_j5a(gains: list[tuple[float, float]], studies: int) -> tuple[str, str]:
    """Each study's output gain (95% interval where stated, else its estimate) against
    the claimed doubling to tripling (+100% to +200%); the direction most studies share
    wins and a split cannot decide. Studies of single tasks, so never more than
    moderate."""
    directions = [v.compare_with_claim(lo, hi, *CLAIMED_GAIN, no_change=0.0)
                  for lo, hi in gains]
    strength = v.evidence_strength(studies, True, None)
    return v.majority_direction(directions), v.MODERATE if strength == v.STRONG else strength


def rule_j5b(gains: list[tuple[float, float]], break_even: float, studies: int
             ) -> tuple[str, str]:
    """Each study's output gain against the break-even gain (the tool's cost over the
    value of the worker's output): reaching it matches 'it pays', a gain short of it
    falls short and no gain contradicts; the majority wins, a split cannot decide.
    The gains are measured on tasks, not whole jobs, so never more than moderate."""
    directions = [v.compare_with_claim(lo, hi, break_even, math.inf, no_change=0.0)
                  for lo, hi in gains]
    strength = v.evidence_strength(studies, True, None)
    return v.majority_direction(directions), v.MODERATE if strength == v.STRONG else strength


def assess_j5a() -> v.Verdict:
    gains = study_gains(field_studies())
    direction, strength = rule_j5a(list(zip(gains["gain_low"], gains["gain_high"])),
                                   len(gains))
    return v.Verdict(
        "J5a", direction, strength,
        f"measured output gains of {percent(gains['gain'].min())} to "
        f"{percent(gains['gain'].max())} in {len(gains)} studies (claim: "
        f"{percent(CLAIMED_GAIN[0])} to {percent(CLAIMED_GAIN[1])})",
        float(gains["gain"].median()), float(gains["gain"].min()), float(gains["gain"].max()),
        "output gain (share), median and range across studies", "2023 to 2026 publications",
        "lb-productivity",
        "Gains measured on single tasks set in experiments run higher than gains on real "
        "work; no study measures a whole job's output.",
        v.rule_source(rule_j5a, v.compare_with_claim, v.majority_direction, v.evidence_strength))


def assess_j5b() -> v.Verdict:
    gains = study_gains(field_studies())
    be = break_even_range()[0]
    direction, strength = rule_j5b(list(zip(gains["gain_low"], gains["gain_high"])), be,
                                   len(gains))
    return v.Verdict(
        "J5b", direction, strength,
        f"break-even at a {percent(be)} output gain; studies measured "
        f"{percent(gains['gain'].min())} to {percent(gains['gain'].max())}",
        be, math.nan, math.nan, "output gain needed (share)", "2023 to 2026 publications",
        "lb-productivity",
        "Pays if the measured task gains hold over enough of the job: at least "
        f"{percent(share_of_work_needed(gains['gain'].min(), be))} of working time at the "
        "smallest measured gain; 'always' is not testable, and the cost of AI varies.",
        v.rule_source(rule_j5b, v.compare_with_claim, v.majority_direction, v.evidence_strength))


ASSESSMENTS = {"J1a": assess_j1a, "J1b": assess_j1b, "J2": assess_j2, "J3a": assess_j3a,
               "J3b": assess_j3b, "J4": assess_j4, "J5a": assess_j5a, "J5b": assess_j5b}


# ------------------------------------------------------------------------------ findings

def findings() -> dict:
    """The chapter's headline numbers for the executive summary (keys without the
    chapter prefix: the summary adds its own)."""
    rad = radiology_numbers()
    table = exposure_table()
    exp = exposure_numbers(table, exposure_effects(table))
    prod = productivity_numbers(study_gains(field_studies()))
    return {
        "radiologist-change": rad["lb-rad-change"],     # May 2021 to May 2024, OEWS
        "radiology-devices": rad["lb-dev-radiology"],   # FDA radiology AI devices to date
        "exposure-effect": exp["lb-exp-emp-effect"],    # pp of employment growth, IQR contrast
        "break-even": prod["lb-be-gain"],               # output gain that pays for $10k of AI
        "gain-low": prod["lb-gain-min"],                # smallest measured output gain
        "gain-high": prod["lb-gain-max"],               # largest measured output gain
    }
