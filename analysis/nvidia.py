"""NVIDIA's reported revenue, shaped for the chapters."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from . import models
from .catalogue import load_table, read_catalogue, resource
from .report import (comparison_sentence, count, day, factor, number, percent, quarter_label, usd,
                     with_interval)

MARKETS = ["Data Center", "Gaming", "Professional Visualization", "Automotive", "OEM & Other"]


def revenue_by_market() -> pd.DataFrame:
    """Quarterly revenue by market platform, tidy, USD million (total rows excluded)."""
    table = load_table("nvidia_revenue_by_market")
    table = table[table["market"] != "Total"].copy()
    table["quarter"] = [quarter_label(y, q) for y, q in
                        zip(table["fiscal_year"], table["fiscal_quarter"])]
    return table.sort_values(["quarter_end", "market"]).reset_index(drop=True)


def _by_quarter(table: pd.DataFrame, columns: str) -> pd.DataFrame:
    """Revenue with one row per fiscal quarter and one column per ``columns`` value."""
    return (table.pivot_table(index=["quarter_end", "fiscal_year", "fiscal_quarter"],
                              columns=columns, values="revenue")
            .reset_index().sort_values("quarter_end").reset_index(drop=True))


def data_center_share() -> pd.DataFrame:
    """Data Center revenue as a share of reported total revenue, per quarter."""
    wide = _by_quarter(load_table("nvidia_revenue_by_market"), "market")
    wide["share"] = wide["Data Center"] / wide["Total"]
    return wide[["quarter_end", "fiscal_year", "fiscal_quarter", "Data Center", "Total",
                 "share"]]


def new_segments() -> pd.DataFrame:
    """Revenue under the fiscal-2027 segmentation (a series break), USD million, wide."""
    return _by_quarter(load_table("nvidia_revenue_new_segments"), "market")


def fiscal_window(table: pd.DataFrame, first: tuple[int, int],
                  last: tuple[int, int] | None = None) -> pd.DataFrame:
    """Rows from fiscal quarter ``first`` to ``last`` (inclusive), e.g. (2024, 1)."""
    key = table["fiscal_year"] * 10 + table["fiscal_quarter"]
    mask = key >= first[0] * 10 + first[1]
    if last is not None:
        mask &= key <= last[0] * 10 + last[1]
    return table[mask]


def data_center_split() -> pd.DataFrame:
    """Compute and networking revenue per quarter (USD million) with networking's share,
    for quarters where both are reported; ``exact`` marks figures published to the million."""
    table = load_table("nvidia_datacenter_split")
    wide = _by_quarter(table, "component").dropna().reset_index(drop=True)
    exact = (table.assign(exact=table["precision"] == "USD million")
             .groupby("quarter_end")["exact"].all())
    wide["exact"] = wide["quarter_end"].map(exact)
    wide["networking_share"] = wide["Networking"] / (wide["Compute"] + wide["Networking"])
    return wide


def market_numbers() -> dict[str, str]:
    """The revenue-by-market section's numbers, by glue key: the five-platform record from
    its first to its last quarter, the reconciliation tolerance the data layer checks, and
    the latest quarter under the fiscal-2027 segments."""
    share = data_center_share()
    first, last = share.iloc[0], share.iloc[-1]
    newest = new_segments().iloc[-1]
    check = next(c for c in resource("nvidia_revenue_by_market", read_catalogue())["checks"]
                 if c["check"] == "components_sum_to_total")
    return {
        "nv-first-quarter": quarter_label(first.fiscal_year, first.fiscal_quarter),
        "nv-last-quarter": quarter_label(last.fiscal_year, last.fiscal_quarter),
        "nv-last-quarter-end": day(last.quarter_end),
        "nv-n-quarters": count(len(share), "quarters"),
        "nv-dc-last": usd(last["Data Center"] / 1000),
        "nv-dc-first": usd(first["Data Center"] / 1000),
        "nv-total-last": usd(last["Total"] / 1000),
        "nv-dc-share-first": percent(first.share),
        "nv-dc-share-last": percent(last.share),
        "nv-dc-multiple": factor(last["Data Center"] / first["Data Center"], 0),
        "nv-tolerance": usd(check["with"]["tolerance"], "million", 0),
        "nv-new-quarter": quarter_label(newest.fiscal_year, newest.fiscal_quarter),
        "nv-new-dc": usd(newest["Data Center"] / 1000),
        "nv-new-total": usd(newest["Total"] / 1000),
        "nv-new-share": percent(newest["Data Center"] / newest["Total"]),
        "nv-new-hyperscale-share": percent(newest["Hyperscale"] / newest["Data Center"]),
    }


def networking_numbers() -> dict[str, str]:
    """Networking's share of Data Center revenue, first and last quarter with both parts."""
    split = data_center_split()
    first, last = split.iloc[0], split.iloc[-1]
    return {
        "nv-net-since": f"fiscal {first.fiscal_year}",
        "nv-net-first": percent(first.networking_share),
        "nv-net-first-q": quarter_label(first.fiscal_year, first.fiscal_quarter),
        "nv-net-last": percent(last.networking_share),
        "nv-net-last-q": quarter_label(last.fiscal_year, last.fiscal_quarter),
        "nv-net-n": count(len(split), "quarters"),
        "nv-net-n-rounded": count((~split["exact"]).sum(), "quarters"),
    }


def data_center_revenue() -> pd.DataFrame:
    """Quarterly Data Center revenue (USD million) through the latest reported quarter.

    Until Q3 FY2026 from the five-platform table; after it from the fiscal-2027 table,
    whose Data Center line keeps its definition (NVIDIA's recast Q4 FY2026 figure equals
    the one first reported). Only Data Center is carried across the re-segmentation.
    """
    old = revenue_by_market()
    old = old[old["market"] == "Data Center"].assign(basis="five market platforms")
    new = load_table("nvidia_revenue_new_segments")
    new = new[(new["market"] == "Data Center") & (new["quarter_end"] > old["quarter_end"].max())]
    new = new.assign(basis="fiscal-2027 segments",
                     quarter=[quarter_label(y, q) for y, q in
                              zip(new["fiscal_year"], new["fiscal_quarter"])])
    columns = ["quarter_end", "fiscal_year", "fiscal_quarter", "quarter", "revenue", "basis"]
    return pd.concat([old[columns], new[columns]]).sort_values("quarter_end").reset_index(drop=True)


def continuous_tail(series: pd.DataFrame) -> pd.DataFrame:
    """The quarters after the last gap in the fiscal calendar: the break test, the AR(1)
    trend and the backtests assume equally spaced observations."""
    key = series["fiscal_year"] * 4 + series["fiscal_quarter"]
    gaps = (key.diff() != 1).to_numpy().nonzero()[0]
    return series.iloc[gaps[-1]:].reset_index(drop=True)


def missing_quarters(series: pd.DataFrame) -> list[str]:
    """The fiscal quarters absent between the first and last quarter of ``series``."""
    key = series["fiscal_year"] * 4 + series["fiscal_quarter"] - 1
    present = set(key)
    return [quarter_label(k // 4, k % 4 + 1) for k in range(key.min(), key.max() + 1)
            if k not in present]


# Windows whose constant-growth fits show how the surge has eased (first fiscal quarter).
EASING_WINDOWS = ((2024, 1), (2024, 2), (2025, 1), (2025, 3))
BACKTEST_MIN_TRAIN, BACKTEST_HORIZON = 8, 4


@dataclass
class DataCenterGrowth:
    """Everything the NVIDIA revenue section reports about Data Center growth. The curves
    through the whole record and their backtests are computed only when asked for: the
    summary needs the regime's rate, not the backtests."""

    series: pd.DataFrame
    break_test: models.BreakTest
    regime: pd.DataFrame
    regime_fit: models.GrowthFit
    regime_ar1: models.TrendAR1
    regime_influence: models.LeaveOneOut
    windows: pd.DataFrame
    holdout: pd.DataFrame

    @property
    def _dates_values(self):
        return self.series["quarter_end"], self.series["revenue"].to_numpy(float)

    @cached_property
    def fits(self) -> dict:
        return models.fit_all(*self._dates_values)

    @cached_property
    def comparison(self) -> pd.DataFrame:
        return models.compare_models(list(self.fits.values()))

    @cached_property
    def backtests(self) -> dict:
        return {name: models.rolling_origin_backtest(*self._dates_values, model=name,
                                                     horizon=BACKTEST_HORIZON,
                                                     min_train=BACKTEST_MIN_TRAIN)
                for name in self.fits}

    @property
    def headline(self) -> models.Estimate:
        """The regime's growth factor per year: AR(1)-error interval where identified,
        else the HAC one."""
        ar1 = self.regime_ar1.annual_growth_factor
        return ar1 if ar1.identified else self.regime_fit.annual_growth_factor()

    @property
    def best(self):
        return self.fits[self.comparison.loc[0, "model"]]

    @property
    def best_beats_naive(self) -> bool:
        return self.backtests[self.best.model].relative_mae < 1


def data_center_growth(series: pd.DataFrame | None = None) -> DataCenterGrowth:
    """Break test, regime growth, easing windows and an out-of-sample check of quarters
    reported after the five-platform table ends (curves and backtests on demand)."""
    series = continuous_tail(data_center_revenue() if series is None else series)
    dates, values = series["quarter_end"], series["revenue"].to_numpy(float)
    brk = models.break_test(dates, values)
    regime = series.iloc[brk.break_index:].reset_index(drop=True)
    windows = []
    for start in EASING_WINDOWS:
        part = fiscal_window(series, start)
        fit = models.fit_exponential(part["quarter_end"], part["revenue"])
        f = fit.annual_growth_factor()
        windows.append({"from": part["quarter"].iloc[0], "to": part["quarter"].iloc[-1],
                        "quarters": fit.nobs, "factor": f.value, "low": f.low, "high": f.high})
    # The regime's trend as it stood when the five-platform table ended, against the
    # quarters reported since.
    origin_rows = regime[regime["basis"] == "five market platforms"]
    later = regime[regime["basis"] != "five market platforms"]
    origin_fit = models.fit_exponential(origin_rows["quarter_end"], origin_rows["revenue"])
    holdout = origin_fit.predict(later["quarter_end"]).assign(
        quarter=later["quarter"].to_numpy(), actual=later["revenue"].to_numpy())
    holdout["inside"] = holdout["pi_low"].le(holdout["actual"]) & holdout["actual"].le(
        holdout["pi_high"])
    return DataCenterGrowth(
        series, brk, regime,
        models.fit_exponential(regime["quarter_end"], regime["revenue"]),
        models.fit_trend_ar1(regime["quarter_end"], regime["revenue"]),
        models.leave_one_out_growth(regime["quarter_end"], regime["revenue"]),
        pd.DataFrame(windows), holdout)


def growth_numbers(g: DataCenterGrowth) -> dict[str, str]:
    """The numbers the NVIDIA revenue section publishes, formatted, by glue key."""
    brk, bt = g.break_test, g.backtests["exponential"]
    dm = bt.diebold_mariano()
    first_regime = g.regime.iloc[0]
    latest = g.windows.iloc[-1]
    ceilings = {name: fit.ceiling() for name, fit in g.fits.items()
                if not fit.failed and fit.model != "exponential"}
    drawn = [name for name, fit in g.fits.items() if not fit.failed and not fit.ceiling_problem]
    holdout = "; ".join(
        f"{row.quarter}: {usd(row.median / 1000)} (95% prediction interval "
        f"{usd(row.pi_low / 1000)} to {usd(row.pi_high / 1000)}), against "
        f"{usd(row.actual / 1000)} reported, {'inside' if row.inside else 'outside'} it"
        for row in g.holdout.itertuples())
    origin = g.regime[g.regime["basis"] == "five market platforms"].iloc[-1]
    return {
        "nv-g-n": count(len(g.series), "quarters"),
        "nv-g-first-quarter": g.series["quarter"].iloc[0],
        "nv-g-missing": " and ".join(missing_quarters(data_center_revenue())) or "none",
        "nv-g-new-quarters": count((g.series["basis"] != "five market platforms").sum(),
                                   "quarters"),
        "nv-g-last-quarter": g.series["quarter"].iloc[-1],
        "nv-g-break-quarter": first_regime.quarter,
        "nv-g-break-p": number(brk.p_value, 2),
        "nv-g-break-verdict": ("a break significant at the 5% level" if brk.rejects() else
                               "not significant at the 5% level, because the quarters before "
                               "the surge are themselves strongly autocorrelated"),
        "nv-g-regime-n": count(len(g.regime), "quarters"),
        "nv-g-headline": with_interval(*g.headline),
        "nv-g-ar1": number(g.regime_ar1.ar1, 2),
        "nv-g-hac": with_interval(*g.regime_fit.annual_growth_factor()),
        "nv-g-loo-low": factor(g.regime_influence.low),
        "nv-g-loo-high": factor(g.regime_influence.high),
        "nv-g-latest-window": with_interval(latest.factor, latest.low, latest.high),
        "nv-g-latest-window-n": count(latest.quarters, "quarters"),
        "nv-g-curves-sentence": comparison_sentence(g.comparison),
        "nv-g-ceiling": ("not identified" if not any(c.identified for c in ceilings.values())
                         else "identified for some curves; see the table"),
        "nv-g-drawn": " and ".join(drawn),
        "nv-bt-min": count(BACKTEST_MIN_TRAIN, "quarters"),
        "nv-bt-h": count(BACKTEST_HORIZON, "quarters"),
        "nv-bt-n": count(len(bt.scored), "forecasts"),
        "nv-bt-ratio": number(bt.relative_mae, 2),
        "nv-bt-verdict": ("beat" if bt.relative_mae < 1 else "did not beat"),
        "nv-bt-dm-p": number(dm.p_value, 2) if dm.p_value == dm.p_value else "not available",
        "nv-bt-coverage": percent(bt.coverage),
        "nv-bt-consequence": ("No projection from it is a headline number here."
                              if not g.best_beats_naive else
                              "Its projections are still conditional on the regime holding."),
        "nv-fig-caveat": ("The projection is illustrative: the curve did not beat the naive "
                          "rule in the backtest below." if not g.best_beats_naive else
                          "The curve beat the naive rule in the backtest below."),
        "nv-ho-origin": origin.quarter,
        "nv-ho-sentence": holdout + ".",
    }


def growth_chart(g: DataCenterGrowth):
    """Reported revenue, the regime's trend with its prediction band for the next four
    quarters, and the whole-record trend; returns the chart and its data (columns value,
    low, high in USD million)."""
    from . import charts  # Altair only where a chart is drawn, not for the numbers

    last = g.series["quarter_end"].iloc[-1]
    horizon = pd.date_range(last, periods=BACKTEST_HORIZON + 1, freq="91D")[1:]
    whole = g.fits["exponential"]
    regime_dates = pd.DatetimeIndex(g.regime["quarter_end"]).append(horizon)
    start = f"since {g.regime['quarter'].iloc[0]}"
    curves = pd.concat([
        g.regime_fit.predict(regime_dates)[["date", "median"]].assign(model=f"trend {start}"),
        whole.predict(pd.DatetimeIndex(g.series["quarter_end"]).append(horizon))
        [["date", "median"]].assign(model="trend through the whole record")]).rename(
        columns={"median": "value"})
    band = g.regime_fit.predict(horizon)[["date", "pi_low", "pi_high"]].rename(
        columns={"pi_low": "low", "pi_high": "high"}).assign(
        label=f"95% prediction interval, trend {start}")
    observed = g.series[["quarter_end", "revenue"]].rename(
        columns={"quarter_end": "date", "revenue": "value"})
    billions = lambda frame, cols: frame.assign(**{c: frame[c] / 1000 for c in cols})
    chart = charts.fit_overlay(
        billions(observed, ["value"]), billions(curves, ["value"]),
        band=billions(band, ["low", "high"]),
        y_title="Data Center revenue per quarter (USD billion, log scale)",
        title="NVIDIA Data Center revenue and its growth trends",
        subtitle="Points: reported. Lines: constant-growth trends. Band: next four quarters"
                 + ("" if g.best_beats_naive else " (illustrative)"))
    data = pd.concat([observed.assign(series="reported"),
                      curves.rename(columns={"model": "series"}),
                      band.rename(columns={"label": "series"})])
    return chart, data
