"""Computations behind the bubble-test chapter (claims B1-B5).

Several independent tests, each with its assumptions stated: the revenue the capex
must earn (depreciation over a useful life, divided by the share of revenue left to
pay for equipment), the scale of the build-out against past ones, an explosiveness
test of NVIDIA's revenue, capex guidance against outcomes, and Huang's GDP arithmetic
rebuilt from published figures.  Parameters are assumptions, labelled as such.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pandas as pd

from . import capex, explosiveness, nvidia
from . import verdicts as v
from .catalogue import load_table
from .report import Text, count, factor, interval, number, percent, usd

# ------------------------------------------------------------------------------ revenue gap
# The sensitivity grid of equipment lives in years: the hyperscalers' current server
# policies (server_useful_lives) set the headline range; 3 and 4 years are the case of GPUs
# made obsolete sooner than the accounts assume.  The share of each revenue dollar left
# to pay for the equipment after electricity, staff, software and profit is an assumption.
LIVES = (3, 4, 5, 6)
CENTRAL_LIFE = 5
MARGINS = (0.4, 0.5, 0.6, 0.7)
CENTRAL_MARGIN = 0.5


def annual_hyperscaler_capex() -> pd.Series:
    """Combined capex of the five hyperscalers by fiscal year, USD billion."""
    table = capex.combined_annual_capex()
    return table.set_index("fiscal_year")["capex_bn"]


def depreciation(capex_by_year: pd.Series, life: int, through: int | None = None) -> pd.Series:
    """Straight-line depreciation of each year's capex over ``life`` years, starting in
    the year of purchase, by year up to ``through`` (default: the last capex year), with
    no further spending assumed after the last year."""
    first = int(capex_by_year.index.min())
    last = int(through if through is not None else capex_by_year.index.max())
    years = range(first, last + 1)
    # The share of year y inside [vintage, vintage + life): 1, or a fraction in the last
    # year of a life such as 5.5 years.
    charge = {y: sum(amount / life * min(1.0, max(0.0, vintage + life - y))
                     for vintage, amount in capex_by_year.items() if vintage <= y)
              for y in years}
    return pd.Series(charge, name="depreciation")


def current_server_lives() -> pd.Series:
    """Each hyperscaler's server useful life under its latest disclosed change, years."""
    table = load_table("server_useful_lives").sort_values("effective")
    return table.groupby("company")["life_after_years"].last()


def policy_life_range() -> tuple[float, float]:
    """Shortest and longest server life the hyperscalers now depreciate over."""
    lives = current_server_lives()
    return float(lives.min()), float(lives.max())


def required_revenue(capex_by_year: pd.Series, life: int, margin: float,
                     through: int | None = None) -> pd.Series:
    """Revenue a year that pays the year's depreciation when ``margin`` of it is left for
    the equipment."""
    if not 0 < margin <= 1:
        raise ValueError(f"margin must be a share in (0, 1], got {margin}")
    return depreciation(capex_by_year, life, through) / margin


def sensitivity_grid(capex_by_year: pd.Series, year: int) -> pd.DataFrame:
    """Required revenue in ``year`` for each useful life (rows) and margin (columns)."""
    return pd.DataFrame({m: [required_revenue(capex_by_year, life, m, year)[year]
                             for life in LIVES] for m in MARGINS}, index=list(LIVES))


def ai_revenue(year: int) -> tuple[float, float, list[str]]:
    """Revenue of the AI model developers in ``ai_company_revenue`` for a calendar year,
    USD billion: low = recognised revenue; high adds the year-end annualised run-rate of
    developers without recognised revenue for that year (an upper bound for them)."""
    table = load_table("ai_company_revenue")
    recognised = table[(table["measure"] == "recognised revenue")
                       & (table["period"] == f"calendar {year}")]
    low = float(recognised["value"].sum()) / 1000
    rates = table[(table["measure"] == "annualised run-rate")
                  & (table["as_of"].dt.year == year)
                  & ~table["company"].isin(recognised["company"])]
    year_end = rates.sort_values("as_of").groupby("company").tail(1)
    high = low + float(year_end["value"].sum()) / 1000
    return low, high, sorted(recognised["company"].tolist() + year_end["company"].tolist())


def revenue_gap(year: int | None = None) -> dict:
    """Required revenue (range over the parameter grid, and at the central parameters)
    against the developers' revenue of the same year."""
    capex_by_year = annual_hyperscaler_capex()
    year = int(capex_by_year.index.max()) if year is None else year
    grid = sensitivity_grid(capex_by_year, year)
    revenue_low, revenue_high, companies = ai_revenue(year)
    central = float(grid.loc[CENTRAL_LIFE, CENTRAL_MARGIN])
    # The headline range spans the lives in the companies' own accounts and all margins.
    ends = [float(required_revenue(capex_by_year, life, margin, year)[year])
            for life in policy_life_range() for margin in (min(MARGINS), max(MARGINS))]
    required_low, required_high = min(ends), max(ends)
    return {"year": year, "grid": grid, "central": central,
            "required_low": required_low, "required_high": required_high,
            "revenue_low": revenue_low, "revenue_high": revenue_high, "companies": companies,
            "capex": float(capex_by_year[year]),
            "coverage_low": revenue_low / required_high,
            "coverage_high": revenue_high / required_low,
            "grid_coverage_low": revenue_low / float(grid.max().max())}


def required_revenue_paths(horizon: int = 3) -> pd.DataFrame:
    """Required revenue by year for each useful life at the central margin, including
    ``horizon`` years after the last capex year with no new spending (what is already
    committed)."""
    capex_by_year = annual_hyperscaler_capex()
    through = int(capex_by_year.index.max()) + horizon
    rows = []
    for life in LIVES:
        path = required_revenue(capex_by_year, life, CENTRAL_MARGIN, through)
        rows += [{"year": y, "life": f"{life}-year life", "required_bn": r,
                  "committed_only": y > capex_by_year.index.max()} for y, r in path.items()]
    return pd.DataFrame(rows)


def revenue_gap_numbers() -> dict[str, Text]:
    gap = revenue_gap()
    paths = required_revenue_paths()
    last_capex = int(annual_hyperscaler_capex().index.max())
    later = paths[(paths["year"] == last_capex + 1) & (paths["life"] == f"{CENTRAL_LIFE}-year life")]
    changes = load_table("server_useful_lives")
    return {
        "bt-gap-year": Text(str(gap["year"])),
        "bt-gap-capex": usd(gap["capex"], digits=0),
        "bt-gap-required": usd(gap["central"], digits=0),
        "bt-gap-required-range": interval(gap["required_low"], gap["required_high"], fmt=usd,
                                          digits=0),
        "bt-gap-revenue-range": interval(gap["revenue_low"], gap["revenue_high"], fmt=usd),
        "bt-gap-companies": Text(", ".join(gap["companies"])),
        "bt-gap-coverage": interval(gap["coverage_low"], gap["coverage_high"], fmt=percent),
        "bt-gap-central-life": count(CENTRAL_LIFE, "years"),
        "bt-gap-policy-range": interval(*policy_life_range(), fmt=number,
                                        digits=0 if all(x == int(x) for x in policy_life_range())
                                        else 1),
        "bt-gap-policy-changes": count(len(changes), "changes"),
        "bt-gap-policy-shortened": count(int((changes["life_after_years"]
                                              < changes["life_before_years"]).sum()), "changes"),
        "bt-gap-grid-coverage-low": percent(gap["grid_coverage_low"], 1),
        "bt-gap-central-margin": percent(CENTRAL_MARGIN),
        "bt-gap-next-year": Text(str(last_capex + 1)),
        "bt-gap-committed": usd(float(later["required_bn"].iloc[0]), digits=0),
    }


# ------------------------------------------------------------------------------ scale
def hyperscaler_capex_share_of_us_gdp() -> tuple[int, float]:
    """The five hyperscalers' worldwide capex over US GDP of the same year, in percent
    (a loose measure: the capex is spent worldwide and mixes fiscal years)."""
    gdp = _macro("GDP at current prices", "United States")
    capex_by_year = annual_hyperscaler_capex()
    year = max(set(gdp.index) & set(capex_by_year.index))
    return year, 100 * capex_by_year[year] / (gdp[year] * 1000)


def us_gdp_by_year() -> pd.DataFrame:
    """US GDP at current prices by year, USD trillion: the World Bank's series where it
    has the year, the IMF's figure otherwise (one source per year, named)."""
    world_bank = _macro("GDP at current prices (World Bank WDI)", "United States")
    imf = _macro("GDP at current prices", "United States")
    rows = [{"year": y, "gdp_tn": world_bank[y], "gdp_source": "World Bank"} for y in world_bank.index]
    rows += [{"year": y, "gdp_tn": imf[y], "gdp_source": "IMF"} for y in imf.index
             if y not in world_bank.index]
    return pd.DataFrame(rows).sort_values("year").reset_index(drop=True)


def past_peak_lines(peaks: pd.DataFrame, dates: pd.Series) -> pd.DataFrame:
    """Flat lines at past build-out peaks over ``dates`` (columns date, series,
    share_percent), one per distinct share: peaks at the same share are drawn as one line
    named after all of them, or one would hide the other."""
    merged = peaks.groupby("share_of_gdp_percent", sort=True)["label"].agg("; ".join)
    return pd.concat([pd.DataFrame({"date": dates.to_numpy(), "series": label,
                                    "share_percent": share})
                      for share, label in merged.items()], ignore_index=True)


def capex_share_by_year() -> pd.DataFrame:
    """The five hyperscalers' capex over US GDP by year, percent, for every capex year;
    NaN where no sourced GDP figure exists for the year (a gap, not an interpolation)."""
    capex_by_year = annual_hyperscaler_capex()
    gdp = us_gdp_by_year().set_index("year")
    table = pd.DataFrame({"year": capex_by_year.index.astype(int),
                          "capex_bn": capex_by_year.to_numpy()})
    table = table.join(gdp, on="year")
    table["share_percent"] = 100 * table["capex_bn"] / (table["gdp_tn"] * 1000)
    return table


def buildout_table() -> pd.DataFrame:
    """Published build-outs plus our own hyperscaler capex share, one row per measure."""
    table = load_table("buildout_scale")
    year, share = hyperscaler_capex_share_of_us_gdp()
    ours = {"episode": "Five hyperscalers' capex (ours)", "country": "United States",
            "measure": "Microsoft, Alphabet, Amazon, Meta and Oracle capex (worldwide, fiscal "
                       "years) over US GDP", "period": str(year),
            "share_of_gdp_percent": share, "role": "recent", "source_id": "", "locator": "",
            "notes": "authors' calculation"}
    out = pd.concat([table, pd.DataFrame([ours])], ignore_index=True)
    out["label"] = [SHORT_EPISODES[e] + (f", {p}" if len(p) <= 10 else "")
                    for e, p in zip(out["episode"], out["period"])]
    return out


# Chart labels short enough for a phone.
SHORT_EPISODES = {"Information processing equipment and software": "US IT investment",
                  "Railroads (Gilded Age)": "US railroads, peak",
                  "Telecom bubble": "US telecom, peak", "AI infrastructure": "AI infrastructure",
                  "AI-related investment": "AI investment (Fox)",
                  "Five hyperscalers' capex (ours)": "Five hyperscalers",
                  "Railway Mania (Britain)": "UK railway mania",
                  "Electric power grid expansion": "US power grid"}


def _same_definition_peak() -> tuple[float, float]:
    """BEA information processing equipment and software: latest reading and 2000 peak."""
    table = load_table("buildout_scale")
    it = table[table["episode"] == "Information processing equipment and software"]
    return (float(it[it["role"] == "recent"]["share_of_gdp_percent"].iloc[0]),
            float(it[it["role"] == "past peak"]["share_of_gdp_percent"].iloc[0]))


def scale_numbers() -> dict[str, Text]:
    year, share = hyperscaler_capex_share_of_us_gdp()
    series = capex_share_by_year()
    recent, peak = _same_definition_peak()
    table = load_table("buildout_scale").set_index("episode")
    uk_rail = table.loc[["Railway Mania (Britain)"], "share_of_gdp_percent"]
    return {
        "bt-scale-year": Text(str(year)),
        "bt-scale-ours": percent(share / 100, 1),
        "bt-scale-it-now": percent(recent / 100, 1),
        "bt-scale-it-peak": percent(peak / 100, 1),
        "bt-scale-rail": percent(table.loc["Railroads (Gilded Age)", "share_of_gdp_percent"] / 100, 1),
        "bt-scale-telecom": percent(table.loc["Telecom bubble", "share_of_gdp_percent"] / 100, 1),
        # Britain's railway mania on its two definitions (a peak year, a five-year average).
        "bt-scale-uk-rail-high": percent(float(uk_rail.max()) / 100, 1),
        "bt-scale-uk-rail-low": percent(float(uk_rail.min()) / 100, 1),
        "bt-scale-grid": percent(table.loc["Electric power grid expansion",
                                           "share_of_gdp_percent"] / 100, 1),
        "bt-scale-first-year": Text(str(int(series["year"].iloc[0]))),
        "bt-scale-first-share": percent(float(series["share_percent"].iloc[0]) / 100, 1),
        "bt-scale-gap-years": Text(", ".join(str(y) for y in
                                             series[series["share_percent"].isna()]["year"])
                                   or "none"),
    }


# ------------------------------------------------------------------------------ explosiveness
def revenue_series() -> pd.DataFrame:
    """NVIDIA's quarterly Data Center revenue with no gap in the fiscal calendar."""
    return nvidia.continuous_tail(nvidia.data_center_revenue())


@cache
def revenue_explosiveness() -> explosiveness.ExplosivenessTest:
    series = revenue_series()
    return explosiveness.detect_explosive(series["quarter_end"], series["revenue"])


EXPLOSIVE_ROOT = 1.06   # the alternative the power simulation draws from


def _simulated_series(n: int, reps: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random walks (the null) and series with an autoregressive root of EXPLOSIVE_ROOT,
    ``reps`` of each, drawn in that order from one seed."""
    rng = np.random.default_rng(seed)
    null = explosiveness.random_walks(n, reps, rng)
    shocks = rng.standard_normal((reps, n))
    explosive = np.zeros((reps, n))
    for t in range(1, n):
        explosive[:, t] = EXPLOSIVE_ROOT * explosive[:, t - 1] + shocks[:, t]
    return null, explosive


def _rejection_rate(series: np.ndarray, n: int) -> float:
    """Share of the simulated series whose GSADF exceeds its 95% critical value, computed
    in batches so the window arrays stay small. The critical values are the cached ones
    detect_explosive used."""
    cv = explosiveness.critical_values(n)
    critical = cv.quantile("gsadf", 0.95)
    batch = explosiveness.SIMULATION_BATCH
    rejected = sum(int(np.sum(explosiveness.sup_statistics(series[i:i + batch], cv.window)["gsadf"]
                              > critical)) for i in range(0, len(series), batch))
    return rejected / len(series)


def simulated_size_and_power(n: int, reps: int = 300, seed: int = 1) -> tuple[float, float]:
    """GSADF rejection rates at 5% for ``n`` observations: on random walks (size) and on
    series with an autoregressive root of EXPLOSIVE_ROOT (power), from fresh simulations."""
    null, explosive = _simulated_series(n, reps, seed)
    return _rejection_rate(null, n), _rejection_rate(explosive, n)


def simulated_power(n: int, reps: int = 300, seed: int = 1) -> float:
    """The power half of :func:`simulated_size_and_power` (same draws), for sections that
    report power only."""
    return _rejection_rate(_simulated_series(n, reps, seed)[1], n)


def explosiveness_numbers() -> dict[str, Text]:
    result = revenue_explosiveness()
    series = revenue_series()
    size, power = simulated_size_and_power(len(series))
    dated = "; ".join(f"{a:%b %Y} to {b:%b %Y}" for a, b in result.episodes) or "none"
    return {
        "bt-exp-quarters": count(len(series), "quarters"),
        "bt-exp-first": Text(series["quarter"].iloc[0]),
        "bt-exp-last": Text(series["quarter"].iloc[-1]),
        "bt-exp-gsadf": number(result.gsadf, 2),
        "bt-exp-gsadf-cv": number(result.critical.quantile("gsadf", 0.95), 2),
        "bt-exp-gsadf-p": number(result.gsadf_p, 3),
        "bt-exp-sadf": number(result.sadf, 2),
        "bt-exp-sadf-cv": number(result.critical.quantile("sadf", 0.95), 2),
        "bt-exp-sadf-p": number(result.sadf_p, 3),
        "bt-exp-reading": Text(explosiveness_reading()),
        "bt-exp-episodes": Text(dated),
        "bt-exp-window": count(result.critical.window, "quarters"),
        "bt-exp-min-duration": count(result.min_duration, "quarters"),
        "bt-exp-simulations": count(result.critical.simulations, "simulations"),
        "bt-exp-size": percent(size, 1),
        "bt-exp-power": percent(power, 0),
        "bt-exp-root": number(EXPLOSIVE_ROOT, 2),
    }


# ------------------------------------------------------------------------------ valuation
NVIDIA_MARKET_CAP = "NVIDIA market capitalisation"


def _valuation(series: str) -> pd.Series:
    table = load_table("valuation_series")
    return table[table["series"] == series].set_index("date")["value"].sort_index()


def nvidia_market_cap() -> pd.Series:
    """NVIDIA's market capitalisation at each calendar year end, USD billion."""
    return _valuation(NVIDIA_MARKET_CAP)


def sp500_price_dividend() -> pd.Series:
    """The S&P 500 price-dividend ratio at the last month of each quarter, 1985-2005: the
    calibration series, whose late-1990s run-up Phillips, Shi and Yu date as a bubble.
    Quarterly rather than monthly keeps the simulated critical values within the build
    budget (their cost grows with the square of the length)."""
    price = _valuation("S&P 500 composite price")
    dividends = _valuation("S&P 500 dividends")
    return quarter_ends((price / dividends).dropna())


def quarter_ends(monthly: pd.Series) -> pd.Series:
    """The values of March, June, September and December from a monthly series."""
    return monthly[monthly.index.month % 3 == 0]


@cache
def valuation_tests() -> dict[str, explosiveness.ExplosivenessTest]:
    """SADF and GSADF on the log of each valuation series."""
    nvidia_cap, sp500 = nvidia_market_cap(), sp500_price_dividend()
    return {"nvidia": explosiveness.detect_explosive(nvidia_cap.index, nvidia_cap.to_numpy()),
            "sp500": explosiveness.detect_explosive(sp500.index, sp500.to_numpy())}


def nvidia_price_to_sales() -> pd.DataFrame:
    """Year-end market capitalisation over the revenue of the fiscal year that ends about
    four weeks later (NVIDIA's year ends in late January), complete fiscal years only."""
    quarters = nvidia.data_center_share()
    years = quarters.groupby("fiscal_year").agg(revenue=("Total", "sum"),
                                                quarters=("Total", "size"))
    years = years[years["quarters"] == 4]
    cap = nvidia_market_cap()
    table = pd.DataFrame({"calendar_year": cap.index.year, "market_cap_bn": cap.to_numpy()})
    table["fiscal_year"] = table["calendar_year"] + 1
    table = table.merge(years["revenue"].rename("revenue_mn").reset_index(), on="fiscal_year")
    table["price_to_sales"] = table["market_cap_bn"] * 1000 / table["revenue_mn"]
    return table


def price_to_sales_reading(ratios: pd.Series) -> str:
    """How the price-to-sales ratio moved from the first year end to the last, in words:
    a change of more than a quarter either way counts as one side outrunning the other."""
    first, last, peak = ratios.iloc[0], ratios.iloc[-1], ratios.max()
    if last >= peak:
        return "the ratio is at its highest in these years: value has outrun revenue"
    if last > 1.25 * first:
        return ("value rose faster than revenue over the period, though the ratio is below "
                "its high")
    if last < 0.8 * first:
        return "revenue grew faster than value"
    return "revenue kept pace with the rise in value"


def _test_reading(result: explosiveness.ExplosivenessTest) -> str:
    if result.gsadf_p < 0.05:
        return "explosive at the 5% level"
    if result.sadf_p < 0.05:
        return "explosive by the sup-ADF test only"
    return "not explosive at the 5% level"


def _episodes_text(result: explosiveness.ExplosivenessTest, fmt: str) -> str:
    return "; ".join(f"{a.strftime(fmt)} to {b.strftime(fmt)}" for a, b in result.episodes) \
        or "none"


def statistic_paths(result: explosiveness.ExplosivenessTest) -> pd.DataFrame:
    """The backward SADF sequence and its 95% critical value, long, for a chart."""
    return pd.concat([
        pd.DataFrame({"date": result.bsadf.index, "value": result.bsadf.to_numpy(),
                      "series": "backward SADF statistic"}),
        pd.DataFrame({"date": result.bsadf_95.index, "value": result.bsadf_95.to_numpy(),
                      "series": "95% critical value"})]).dropna().reset_index(drop=True)


def valuation_reading() -> str:
    """What the test on NVIDIA's quarter-end share price says, in words, at the 5% level."""
    result = price_tests()["nvidia"]
    if result.gsadf_p < 0.05:
        return ("explosive episodes in NVIDIA's share price, the signature these tests call "
                f"a bubble ({_episodes_text(result, '%b %Y')})")
    return "no explosive episode in NVIDIA's quarter-end share price at the 5% level"


def valuation_numbers() -> dict[str, Text]:
    tests = valuation_tests()
    nv, sp = tests["nvidia"], tests["sp500"]
    cap = nvidia_market_cap()
    ps = nvidia_price_to_sales()
    size, power = simulated_size_and_power(len(cap))
    return {
        "bt-val-years": count(len(cap), "year ends"),
        "bt-val-first": Text(str(cap.index[0].year)),
        "bt-val-last": Text(str(cap.index[-1].year)),
        "bt-val-cap-first": usd(float(cap.iloc[0]), "billion"),
        "bt-val-cap-last": usd(float(cap.iloc[-1]), "billion"),
        "bt-val-gsadf": number(nv.gsadf, 2),
        "bt-val-gsadf-cv": number(nv.critical.quantile("gsadf", 0.95), 2),
        "bt-val-gsadf-p": number(nv.gsadf_p, 3),
        "bt-val-sadf": number(nv.sadf, 2),
        "bt-val-sadf-cv": number(nv.critical.quantile("sadf", 0.95), 2),
        "bt-val-sadf-p": number(nv.sadf_p, 3),
        "bt-val-reading": Text(_test_reading(nv)),
        "bt-val-episodes": Text(_episodes_text(nv, "%Y")),
        "bt-val-window": count(nv.critical.window, "years"),
        "bt-val-size": percent(size, 1),
        "bt-val-power": percent(power, 0),
        "bt-val-ps-first-year": Text(str(ps["calendar_year"].iloc[0])),
        "bt-val-ps-first": factor(float(ps["price_to_sales"].iloc[0]), 1),
        "bt-val-ps-last-year": Text(str(ps["calendar_year"].iloc[-1])),
        "bt-val-ps-last": factor(float(ps["price_to_sales"].iloc[-1]), 1),
        "bt-val-ps-peak-year": Text(str(ps.loc[ps["price_to_sales"].idxmax(), "calendar_year"])),
        "bt-val-ps-peak": factor(float(ps["price_to_sales"].max()), 1),
        "bt-val-ps-points": count(len(ps), "year ends"),
        "bt-val-ps-reading": Text(price_to_sales_reading(ps["price_to_sales"])),
        "bt-val-sp-quarters": count(len(sp.dates), "quarters"),
        "bt-val-sp-gsadf": number(sp.gsadf, 2),
        "bt-val-sp-gsadf-cv": number(sp.critical.quantile("gsadf", 0.95), 2),
        "bt-val-sp-gsadf-p": number(sp.gsadf_p, 3),
        "bt-val-sp-reading": Text(_test_reading(sp)),
        "bt-val-sp-episodes": Text(_episodes_text(sp, "%b %Y")),
    }


# ------------------------------------------------------------------------------ share prices
NVIDIA_PRICE, CISCO_PRICE = "NVIDIA share price", "Cisco share price"


def nvidia_quarterly_price() -> pd.Series:
    """NVIDIA's split-adjusted close at each calendar quarter end, 1999-2024: quarterly
    rather than monthly keeps the simulated critical values within the build budget."""
    return quarter_ends(_valuation(NVIDIA_PRICE))


def cisco_monthly_price() -> pd.Series:
    """Cisco's split-adjusted close at each month end, 1995-2003: the dot-com comparator."""
    return _valuation(CISCO_PRICE)


@cache
def price_tests() -> dict[str, explosiveness.ExplosivenessTest]:
    """SADF and GSADF on the log share prices, and on NVIDIA's log price-to-sales ratio."""
    nv, cs, ps = nvidia_quarterly_price(), cisco_monthly_price(), nvidia_quarterly_price_to_sales()
    return {"nvidia": explosiveness.detect_explosive(nv.index, nv.to_numpy()),
            "cisco": explosiveness.detect_explosive(cs.index, cs.to_numpy()),
            "price_to_sales": explosiveness.detect_explosive(ps["date"], ps["price_to_sales"])}


def implied_shares(market_cap: pd.Series, prices: pd.Series) -> pd.Series:
    """Shares outstanding implied by a year-end market value (USD billion) and the
    split-adjusted close of the same day, billion shares, for the days both series have."""
    both = market_cap.index.intersection(prices.index)
    return (market_cap[both] / prices[both]).rename("shares_bn")


def price_to_sales(prices: pd.Series, quarters: pd.DataFrame, shares: pd.Series) -> pd.DataFrame:
    """At each fiscal quarter end: the close at the end of that calendar month times the
    shares implied at the latest year end before it, over the revenue of the four fiscal
    quarters to it (USD million). Only complete runs of four consecutive quarters count."""
    q = quarters.sort_values("quarter_end").reset_index(drop=True)
    consecutive = (q["fiscal_year"] * 4 + q["fiscal_quarter"]).diff(3) == 3
    q["trailing_mn"] = q["Total"].rolling(4).sum().where(consecutive)
    month_end = prices.groupby(prices.index.to_period("M")).last()
    rows = []
    for r in q.dropna(subset=["trailing_mn"]).itertuples():
        month = pd.Timestamp(r.quarter_end).to_period("M")
        earlier = shares[shares.index < pd.Timestamp(r.quarter_end)]
        if month not in month_end.index or earlier.empty:
            continue
        cap_bn = float(month_end[month]) * float(earlier.iloc[-1])
        rows.append({"date": pd.Timestamp(r.quarter_end), "price": float(month_end[month]),
                     "shares_bn": float(earlier.iloc[-1]), "trailing_revenue_mn": r.trailing_mn,
                     "price_to_sales": cap_bn * 1000 / r.trailing_mn})
    return pd.DataFrame(rows)


def nvidia_quarterly_price_to_sales() -> pd.DataFrame:
    prices = _valuation(NVIDIA_PRICE)
    return price_to_sales(prices, nvidia.data_center_share(),
                          implied_shares(nvidia_market_cap(), prices))


def price_to_sales_meaning(result: explosiveness.ExplosivenessTest) -> str:
    """What the test on the price-to-sales ratio says about price against revenue."""
    if result.gsadf_p < 0.05:
        return "the price has run ahead of revenue explosively"
    return "the price has not run away from revenue explosively"


def drawdown_after_peak(prices: pd.Series) -> tuple[pd.Timestamp, float]:
    """The date of the highest value and the fall from it to the lowest value after it,
    as a share of the peak."""
    peak = prices.idxmax()
    return peak, 1 - float(prices[peak:].min()) / float(prices[peak])


def price_numbers() -> dict[str, Text]:
    tests = price_tests()
    nv, cs, ps_test = tests["nvidia"], tests["cisco"], tests["price_to_sales"]
    nv_prices, cs_prices = nvidia_quarterly_price(), cisco_monthly_price()
    ps = nvidia_quarterly_price_to_sales()
    shares = implied_shares(nvidia_market_cap(), _valuation(NVIDIA_PRICE))
    shares = shares[shares.index >= ps["date"].min() - pd.DateOffset(years=1)]
    peak, fall = drawdown_after_peak(cs_prices)
    numbers = {
        "bt-px-nv-quarters": count(len(nv_prices), "quarters"),
        "bt-px-nv-first": Text(f"{nv_prices.index[0]:%b %Y}"),
        "bt-px-nv-last": Text(f"{nv_prices.index[-1]:%b %Y}"),
        "bt-px-cs-months": count(len(cs_prices), "months"),
        "bt-px-cs-peak": Text(f"{peak:%b %Y}"),
        "bt-px-cs-fall": percent(fall),
        "bt-px-ps-quarters": count(len(ps), "quarters"),
        "bt-px-ps-first-date": Text(f"{ps['date'].iloc[0]:%b %Y}"),
        "bt-px-ps-first": factor(float(ps["price_to_sales"].iloc[0]), 1),
        "bt-px-ps-last-date": Text(f"{ps['date'].iloc[-1]:%b %Y}"),
        "bt-px-ps-last": factor(float(ps["price_to_sales"].iloc[-1]), 1),
        "bt-px-ps-peak-date": Text(f"{ps.loc[ps['price_to_sales'].idxmax(), 'date']:%b %Y}"),
        "bt-px-ps-peak": factor(float(ps["price_to_sales"].max()), 1),
        "bt-px-ps-meaning": Text(price_to_sales_meaning(ps_test)),
        "bt-px-shares": interval(float(shares.min()), float(shares.max()), fmt=number,
                                 digits=1, unit="billion shares"),
    }
    for key, result, points in (("nv", nv, len(nv_prices)), ("cs", cs, len(cs_prices)),
                                ("ps", ps_test, len(ps))):
        power = simulated_power(points)
        numbers.update({
            f"bt-px-{key}-gsadf": number(result.gsadf, 2),
            f"bt-px-{key}-gsadf-cv": number(result.critical.quantile("gsadf", 0.95), 2),
            f"bt-px-{key}-gsadf-p": number(result.gsadf_p, 3),
            f"bt-px-{key}-reading": Text(_test_reading(result)),
            f"bt-px-{key}-episodes": Text(_episodes_text(result, "%b %Y")),
            f"bt-px-{key}-power": percent(power, 0),
            f"bt-px-{key}-window": count(result.critical.window, "observations"),
        })
    return numbers


# ------------------------------------------------------------------------------ guidance
def guidance_revisions() -> pd.DataFrame:
    """Successive capex guidance for the same company and fiscal year: each later
    statement's midpoint against the one before it."""
    table = load_table("capex_guidance").sort_values(["company", "period_guided", "date_given"])
    table["midpoint"] = (table["low"] + table["high"]) / 2
    table["previous"] = table.groupby(["company", "period_guided"])["midpoint"].shift()
    revised = table.dropna(subset=["previous"]).copy()
    revised["change"] = revised["midpoint"] - revised["previous"]
    return revised[["company", "period_guided", "date_given", "previous", "midpoint", "change"]]


def guidance_outcomes() -> pd.DataFrame:
    """Guidance against the reported full year, where the reported year is on the same
    cash-flow definition as the guidance (Alphabet's purchases of property and equipment);
    Amazon guides on a net basis and Meta includes finance leases, so they are left out."""
    table = load_table("capex_guidance")
    table = table[table["company"] == "Alphabet"].copy()
    annual = capex.annual_capex()
    annual = annual[annual["company"] == "Alphabet"].set_index("fiscal_year")["capex_bn"]
    table["year"] = table["period_guided"].str[2:].astype(int)
    table = table[table["year"].isin(annual.index)]
    table["outcome"] = table["year"].map(annual)
    table["midpoint"] = (table["low"] + table["high"]) / 2
    table["outcome_vs_guidance"] = table["outcome"] / table["midpoint"]
    table["position"] = np.select([table["outcome"] > table["high"],
                                   table["outcome"] < table["low"]],
                                  ["above the range", "below the range"], "within the range")
    return table[["company", "period_guided", "date_given", "low", "high", "outcome",
                  "outcome_vs_guidance", "position"]].reset_index(drop=True)


def guidance_numbers() -> dict[str, Text]:
    revisions = guidance_revisions()
    outcomes = guidance_outcomes()
    return {
        "bt-guid-revisions": count(len(revisions), "revisions"),
        "bt-guid-up": count(int((revisions["change"] > 0).sum()), "revisions"),
        "bt-guid-down": count(int((revisions["change"] < 0).sum()), "revisions"),
        "bt-guid-outcomes": count(len(outcomes), "statements"),
        "bt-guid-above": count(int((outcomes["position"] == "above the range").sum()),
                              "statements"),
        "bt-guid-within": count(int((outcomes["position"] == "within the range").sum()),
                               "statements"),
        "bt-guid-first-ratio": percent(float(outcomes["outcome_vs_guidance"].max()) - 1),
        "bt-guid-last-ratio": percent(float(outcomes["outcome_vs_guidance"].min()) - 1, 1),
    }


# ------------------------------------------------------------------------------ NVIDIA growth
CONSENSUS_GROWTH_2030 = 0.08   # B3b: the host's account of the sell-side consensus


def trailing_growth() -> tuple[str, float]:
    """Data Center revenue of the latest four quarters against the four before them."""
    series = revenue_series()
    latest, before = series["revenue"].iloc[-4:].sum(), series["revenue"].iloc[-8:-4].sum()
    return series["quarter"].iloc[-1], latest / before - 1


SCENARIO_END = 2030
REGIME, REGIME_LOW, REGIME_HIGH = ("fitted regime continues", "regime, 95% low end",
                                   "regime, 95% high end")
CONSENSUS, FLAT = "consensus path: fading to 8%", "no growth"


def scenario_paths(base: float, start: int, regime: tuple[float, float, float],
                   growth_now: float, end: int = SCENARIO_END) -> pd.DataFrame:
    """Yearly revenue from ``base`` (the four quarters to the latest one, in year
    ``start``) to ``end`` on three paths: the fitted regime's yearly growth factor (with
    its interval ends), growth fading in a straight line from ``growth_now`` to the
    consensus 8% in ``end``, and no growth (the naive rule)."""
    years = range(start, end + 1)
    horizon = end - start
    fade = [growth_now + (CONSENSUS_GROWTH_2030 - growth_now) * k / horizon
            for k in range(1, horizon + 1)]
    consensus = base * np.cumprod([1.0] + [1 + g for g in fade])
    rows = {REGIME: [base * regime[0] ** k for k in range(horizon + 1)],
            REGIME_LOW: [base * regime[1] ** k for k in range(horizon + 1)],
            REGIME_HIGH: [base * regime[2] ** k for k in range(horizon + 1)],
            CONSENSUS: list(consensus), FLAT: [base] * (horizon + 1)}
    return pd.DataFrame([{"year": y, "path": name, "revenue_bn": values[k] / 1000}
                         for name, values in rows.items() for k, y in enumerate(years)])


@cache
def nvidia_scenarios() -> pd.DataFrame:
    """The three paths from NVIDIA's latest four quarters of Data Center revenue (the
    regime's rate from the NVIDIA revenue section; its backtests are reported there)."""
    growth = nvidia.data_center_growth()
    series = revenue_series()
    _, growth_now = trailing_growth()
    start = int(series["quarter_end"].iloc[-1].year)
    return scenario_paths(float(series["revenue"].iloc[-4:].sum()), start,
                          tuple(growth.headline), growth_now)


def nvidia_growth_numbers() -> dict[str, Text]:
    quarter, growth = trailing_growth()
    paths = nvidia_scenarios()
    at_end = paths[paths["year"] == SCENARIO_END].set_index("path")["revenue_bn"]
    start = paths[paths["path"] == FLAT]["revenue_bn"].iloc[0]
    return {"bt-nv-quarter": Text(quarter), "bt-nv-growth": percent(growth),
            "bt-nv-consensus": percent(CONSENSUS_GROWTH_2030),
            "bt-nv-base": usd(float(start), digits=0),
            "bt-nv-end-year": Text(str(SCENARIO_END)),
            "bt-nv-regime-end": interval(float(at_end[REGIME_LOW]), float(at_end[REGIME_HIGH]),
                                         fmt=usd),
            "bt-nv-consensus-end": usd(float(at_end[CONSENSUS]), digits=0),
            "bt-nv-regime-over-consensus": factor(float(at_end[REGIME] / at_end[CONSENSUS]), 0)}


# ------------------------------------------------------------------------------ B5 arithmetic
CLAIMED_LABOUR_SHARE = (55.0, 65.0)     # B5a, percent of world GDP
CLAIMED_HUMAN_VALUE = 50.0              # B5a, USD trillion
CLAIMED_TOKEN_VALUE = 10.0              # B5b, USD trillion a year
CLAIMED_GROSS_MARGIN = 0.5              # B5b
# Assumed range of the share of human-intelligence income that AI tokens could earn:
# Huang's own 10 of 50 trillion is 20%; we span half to one and a half times it.
AI_SHARE_RANGE = (0.10, 0.20, 0.30)
GROSS_MARGIN_RANGE = (0.4, 0.5, 0.7)    # assumption around the claimed 50%


def _macro(quantity: str, area: str) -> pd.Series:
    table = load_table("macro_reference")
    rows = table[(table["quantity"] == quantity) & (table["area"] == area)]
    return rows.set_index("year")["value"]


def world_gdp_range() -> tuple[float, float]:
    """Lowest and highest published world GDP from 2023 on, USD trillion (both agencies,
    estimates and projections)."""
    values = pd.concat([_macro("GDP at current prices", "World"),
                        _macro("GDP at current prices (World Bank)", "World")])
    values = values[values.index >= 2023]
    return float(values.min()), float(values.max())


def labour_share() -> tuple[int, float]:
    share = _macro("labour income share of GDP", "World")
    return int(share.index.max()), float(share.iloc[-1])


def factory_spend(gdp: float, labour_share_percent: float, ai_share: float,
                  gross_margin: float) -> float:
    """Huang's chain: world GDP × labour share = human-intelligence income; × the share AI
    earns = token value; × (1 − gross margin) = yearly spend on AI factories. USD trillion."""
    return gdp * labour_share_percent / 100 * ai_share * (1 - gross_margin)


def b5_inputs() -> pd.DataFrame:
    """Central value and range of each step of the chain, with its basis."""
    gdp_low, gdp_high = world_gdp_range()
    _, share = labour_share()
    return pd.DataFrame([
        ("gdp", (gdp_low + gdp_high) / 2, gdp_low, gdp_high, "USD trillion",
         "data: world GDP 2023-2025, IMF and World Bank"),
        ("labour_share_percent", share, share, CLAIMED_LABOUR_SHARE[1], "percent of GDP",
         "data (ILO) to the top of Huang's range"),
        ("ai_share", *AI_SHARE_RANGE[1:2], AI_SHARE_RANGE[0], AI_SHARE_RANGE[2],
         "share of human-intelligence income", "assumption around Huang's 10 of 50 trillion"),
        ("gross_margin", *GROSS_MARGIN_RANGE[1:2], GROSS_MARGIN_RANGE[0], GROSS_MARGIN_RANGE[2],
         "share of token value", "assumption around Huang's 50%"),
    ], columns=["input", "base", "low", "high", "unit", "basis"])


# How each step reads inside a sentence.
B5_LABELS = {"gdp": "world GDP", "labour_share_percent": "labour share of GDP",
             "ai_share": "AI tokens' share of labour income",
             "gross_margin": "gross margin on tokens"}


def b5_sensitivity() -> pd.DataFrame:
    """Yearly factory spend with each step at its low and high end, the others central;
    the step with the largest swing carries the most weight."""
    inputs = b5_inputs()
    base = dict(zip(inputs["input"], inputs["base"]))
    rows = []
    for r in inputs.itertuples():
        ends = [factory_spend(**{**base, r.input: x}) for x in (r.low, r.high)]
        rows.append({"input": r.input, "step": B5_LABELS[r.input], "low_input": r.low,
                     "high_input": r.high, "spend_at_low": ends[0], "spend_at_high": ends[1],
                     "swing": abs(ends[1] - ends[0])})
    return pd.DataFrame(rows).sort_values("swing", ascending=False).reset_index(drop=True)


def rd_spending() -> tuple[int, float, float]:
    """World R&D spending: year of the share, the share (percent) and the dollars (USD
    trillion) at the lowest published world GDP."""
    share = _macro("R&D expenditure share of GDP", "World")
    gdp_low, _ = world_gdp_range()
    return int(share.index.max()), float(share.iloc[-1]), gdp_low * float(share.iloc[-1]) / 100


def b5_numbers() -> dict[str, Text]:
    gdp_low, gdp_high = world_gdp_range()
    year, share = labour_share()
    inputs = b5_inputs()
    base = dict(zip(inputs["input"], inputs["base"]))
    sens = b5_sensitivity()
    spend = factory_spend(**base)
    capex_now = float(annual_hyperscaler_capex().iloc[-1]) / 1000
    rd_year, rd_share, rd_dollars = rd_spending()
    return {
        "bt-b5-gdp": interval(gdp_low, gdp_high, fmt=usd, unit="trillion", digits=0),
        "bt-b5-labour-share": percent(share / 100, 1),
        "bt-b5-labour-year": Text(str(year)),
        "bt-b5-human-value": interval(gdp_low * share / 100, gdp_high * share / 100, fmt=usd,
                                      unit="trillion", digits=0),
        "bt-b5-spend": usd(spend, "trillion"),
        "bt-b5-spend-range": interval(min(sens["spend_at_low"].min(), sens["spend_at_high"].min()),
                                      max(sens["spend_at_low"].max(), sens["spend_at_high"].max()),
                                      fmt=usd, unit="trillion"),
        "bt-b5-top-step": Text(sens.loc[0, "step"]),
        "bt-b5-capex-multiple": factor(spend / capex_now, 0),
        "bt-b5-rd-share": percent(rd_share / 100, 1),
        "bt-b5-rd-year": Text(str(rd_year)),
        "bt-b5-rd-dollars": usd(rd_dollars, "trillion"),
        "bt-b5-rd-over-capex": factor(rd_dollars / capex_now),
    }


# ------------------------------------------------------------------------------ financing
STAKES = ("equity investment", "warrant for shares")
COMMITMENTS = ("cloud contract", "purchase commitment", "capacity backstop")


def financing_links() -> pd.DataFrame:
    return load_table("financing_links")


def nvidia_stakes() -> pd.DataFrame:
    """NVIDIA's announced equity investments, with whether their terms tie them to
    purchases of NVIDIA systems."""
    links = financing_links()
    return links[(links["from_company"] == "NVIDIA") & links["kind"].isin(STAKES)]


def network_layout(links: pd.DataFrame, first: str = "NVIDIA") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parties on a circle (``first`` at the top, the rest by how much flows through them)
    and each dollar link as two rows, payer end with the amount as width, receiver end 0."""
    volume = pd.concat([links.groupby("from_company")["amount"].sum(),
                        links.groupby("to_company")["amount"].sum()]).groupby(level=0).sum()
    names = [first] + [n for n in volume.sort_values(ascending=False).index if n != first]
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(names)) / len(names)
    nodes = pd.DataFrame({"name": names, "x": np.cos(angles), "y": np.sin(angles)})
    at = nodes.set_index("name")
    rows = []
    for r in links.itertuples():
        label = f"{r.from_company} → {r.to_company} ({r.announced})"
        for end, company, width in ((0, r.from_company, r.amount), (1, r.to_company, 0.0)):
            rows.append({"link": r.link_id, "end": end, "x": at.loc[company, "x"],
                         "y": at.loc[company, "y"], "width": width, "amount": r.amount,
                         "kind": r.kind, "label": label})
    return pd.DataFrame(rows), nodes


def _openai_revenue_2025() -> float:
    """OpenAI's recognised 2025 revenue, USD billion (ai_company_revenue)."""
    table = load_table("ai_company_revenue")
    row = table[(table["company"] == "OpenAI") & (table["measure"] == "recognised revenue")
                & (table["period"] == "calendar 2025")]
    return float(row["value"].iloc[0]) / 1000


def financing_numbers() -> dict[str, Text]:
    links = financing_links()
    dollars = links[links["unit"] == "USD billion"]
    stakes = nvidia_stakes()
    openai_commitments = dollars[(dollars["from_company"] == "OpenAI")
                                 & dollars["kind"].isin(COMMITMENTS)]["amount"].sum()
    nvidia_equity = stakes[stakes["unit"] == "USD billion"]["amount"].sum()
    return {
        "bt-fin-links": count(len(links), "links"),
        "bt-fin-parties": count(len(set(links["from_company"]) | set(links["to_company"])),
                                "companies"),
        "bt-fin-first": Text(min(links["announced"])[:7]),
        "bt-fin-last": Text(max(links["announced"])[:7]),
        "bt-fin-nvidia-stakes": count(len(stakes), "stakes"),
        "bt-fin-nvidia-equity": usd(float(nvidia_equity), "billion", 0),
        "bt-fin-tied": count(int((stakes["tied_to_purchases"] == "yes").sum()), "stakes"),
        "bt-fin-not-stated": count(int((stakes["tied_to_purchases"] == "not stated").sum()),
                                   "stakes"),
        "bt-fin-openai-commitments": usd(float(openai_commitments), "billion", 0),
        "bt-fin-openai-revenue": usd(_openai_revenue_2025()),
        "bt-fin-openai-multiple": factor(float(openai_commitments) / _openai_revenue_2025(), 0),
    }


# ------------------------------------------------------------------------------ verdicts
NO_SERIES_RULE = "No rule: the series that would test it are not in these data."


def assess_b1a() -> v.Verdict:
    return v.untestable(
        "B1a", "no GPU rental-price or utilisation series in these data", "revenue-gap",
        "A shortage shows in rental prices that hold up, order backlogs and inventories that "
        "fall relative to sales. Testing it needs a published GPU rental price index and "
        "NVIDIA's inventory and purchase obligations by quarter (10-Q), not compiled here.",
        NO_SERIES_RULE)


def rule_b1b(coverage: tuple[float, float], share_now: float, past_peak: float,
             years: int) -> tuple[str, str]:
    """The AI developers' revenue as a share of the revenue the capex needs (low-high over
    the parameter grid), and the IT investment share of GDP against its 2000 peak (same
    definition). Revenue covering the need at the low end matches 'not a bubble'; revenue
    short of it everywhere falls short, and also a share of GDP beyond the dot-com peak
    contradicts it. Built on assumptions, so never more than moderate evidence."""
    low, high = coverage
    if low >= 1:
        direction = v.MATCH
    elif high < 1 and share_now > past_peak:
        direction = v.CONTRADICT
    elif high < 1:
        direction = v.FALL_SHORT
    else:
        direction = v.MATCH
    strength = v.evidence_strength(years, True, v.interval_ratio(low, high))
    return direction, v.MODERATE if strength == v.STRONG else strength


def assess_b1b() -> v.Verdict:
    gap = revenue_gap()
    recent, peak = _same_definition_peak()
    capex_years = annual_hyperscaler_capex().index
    direction, strength = rule_b1b((gap["coverage_low"], gap["coverage_high"]), recent, peak,
                                   len(capex_years))
    return v.Verdict(
        "B1b", direction, strength,
        f"AI developers' {gap['year']} revenue covers {percent(gap['coverage_low'])} to "
        f"{percent(gap['coverage_high'])} of what the hyperscalers' capex must earn; IT "
        f"investment is {percent(recent / 100, 1)} of US GDP against {percent(peak / 100, 1)} "
        "in 2000",
        gap["revenue_low"] / gap["central"], gap["coverage_low"], gap["coverage_high"],
        "AI developers' revenue ÷ required revenue", f"fiscal years {capex_years.min()} to {gap['year']}",
        "revenue-gap",
        "Required revenue rests on the equipment lives in the companies' own accounts and an "
        "assumed margin; GPUs obsolete sooner would raise it. The developers' revenue "
        "leaves out the hyperscalers' own AI sales, so the coverage is understated, and not all "
        "hyperscaler capex is for AI, which overstates the need. Huang's point that the base is "
        "all computing moving to accelerators is not measured by any series here.",
        v.rule_source(rule_b1b, v.evidence_strength))


def assess_b2a() -> v.Verdict:
    return v.untestable(
        "B2a", "no rental-price, utilisation or order-cancellation series", "bubble-forecasts",
        "A glut would show in falling GPU rental prices, idle capacity and cancelled orders; "
        "none of those series is compiled here, and the migration of general-purpose computing "
        "has no public measure.",
        NO_SERIES_RULE)


def rule_b2b(revisions: list[float], positions: list[str]) -> tuple[str, str | None]:
    """Capex guidance as the public trace of customers' demand forecasts: each revision of
    one year's guidance (change of midpoint) and where each reported outcome fell against
    its guided range. 'Every forecast too low' is contradicted by one cut or one outcome
    below the range, matched when every revision was a rise and every outcome beat the
    range, and falls short when some outcomes only landed within it."""
    points = len(revisions) + len(positions)
    if points == 0:
        return v.UNTESTABLE, None
    if any(r < 0 for r in revisions) or "below the range" in positions:
        direction = v.CONTRADICT
    elif all(p == "above the range" for p in positions):
        direction = v.MATCH
    else:
        direction = v.FALL_SHORT
    return direction, v.evidence_strength(points, True, None)


def assess_b2b() -> v.Verdict:
    revisions = guidance_revisions()
    outcomes = guidance_outcomes()
    direction, strength = rule_b2b(revisions["change"].tolist(), outcomes["position"].tolist())
    raised = int((revisions["change"] > 0).sum())
    return v.Verdict(
        "B2b", direction, strength,
        f"{raised} of {len(revisions)} capex guidance revisions were increases; the outcome "
        f"beat {int((outcomes['position'] == 'above the range').sum())} of {len(outcomes)} "
        "comparable guidance statements",
        float(outcomes["outcome_vs_guidance"].max()), math.nan, math.nan,
        "outcome ÷ guidance midpoint (largest)", v.vintage(load_table("capex_guidance")["date_given"]),
        "bubble-forecasts",
        "The forecasts NVIDIA receives are private; hyperscalers' public capex guidance is the "
        "nearest public trace. Few statements are dated, and only Alphabet's outcome is on the "
        "same definition as its guidance.",
        v.rule_source(rule_b2b, v.evidence_strength))


def assess_b3a() -> v.Verdict:
    return v.untestable(
        "B3a", "no series of analysts' consensus against NVIDIA's results", "bubble-forecasts",
        "Needs the consensus revenue forecast before each quarter (LSEG or FactSet, as reported) "
        "and NVIDIA's own outlook next to the reported revenue; neither is compiled here.",
        NO_SERIES_RULE)


def assess_b3b() -> v.Verdict:
    quarter, growth = trailing_growth()
    series = revenue_series()
    return v.Verdict(
        "B3b", v.UNTESTABLE, None,
        f"context: Data Center revenue grew {percent(growth)} in the four quarters to {quarter} "
        f"(consensus path: {percent(CONSENSUS_GROWTH_2030)} a year by 2030)",
        growth, math.nan, math.nan, "growth over the previous four quarters",
        v.vintage(series["quarter_end"]), "bubble-forecasts",
        "A forecast for fiscal 2028-2031: decidable from NVIDIA's 10-K growth from 2027 on. "
        "Today's growth says nothing about whether it will fade by then.",
        "No rule: the claim is about years not yet reported.")


def rule_b4(tied: list[str]) -> tuple[str, str | None]:
    """For each of NVIDIA's announced equity stakes, whether its announced terms tie it to
    purchases of NVIDIA systems ('yes', 'no' or 'not stated'). One stake released in step
    with purchases contradicts "stakes are not tied to purchases"; stakes stated to be
    untied, with none tied, match it; when no announcement states the terms, it cannot be
    tested."""
    stated = [t for t in tied if t != "not stated"]
    if not stated:
        return v.UNTESTABLE, None
    direction = v.CONTRADICT if "yes" in stated else v.MATCH
    return direction, v.evidence_strength(len(stated), True, None)


def assess_b4() -> v.Verdict:
    stakes = nvidia_stakes()
    direction, strength = rule_b4(stakes["tied_to_purchases"].tolist())
    tied = stakes[stakes["tied_to_purchases"] == "yes"]
    stated = int((stakes["tied_to_purchases"] != "not stated").sum())
    return v.Verdict(
        "B4", direction, strength,
        f"{len(tied)} of {len(stakes)} announced NVIDIA stakes are tied to purchases of NVIDIA "
        f"systems in their reported terms ({', '.join(tied['to_company'])}); "
        f"{len(stakes) - stated} do not state terms",
        float(len(tied)), math.nan, math.nan, "NVIDIA stakes tied to purchases",
        v.vintage(pd.to_datetime(stakes["announced"], format="mixed")), "gdp-arithmetic",
        "Read from press reports of the announcements, not from the final contracts (the "
        "OpenAI terms are a letter of intent); a stake paid per gigawatt of NVIDIA systems "
        "deployed is tied to purchases whatever the money is spent on.",
        v.rule_source(rule_b4, v.evidence_strength))


def rule_b5a(measured_share: float, points: int) -> tuple[str, str]:
    """The published world labour income share (percent) against the claimed 55-65%."""
    direction = v.compare_with_claim(measured_share, measured_share, *CLAIMED_LABOUR_SHARE)
    return direction, v.evidence_strength(points, True, None)


def assess_b5a() -> v.Verdict:
    year, share = labour_share()
    direction, strength = rule_b5a(share, 1)
    gdp_low, gdp_high = world_gdp_range()
    return v.Verdict(
        "B5a", direction, strength,
        f"ILO: labour earns {percent(share / 100, 1)} of world income ({year}), "
        f"{usd(gdp_low * share / 100, 'trillion', 0)} to {usd(gdp_high * share / 100, 'trillion', 0)} "
        "(claim: 55–65%, about 50 trillion dollars)",
        share, math.nan, math.nan, "percent of world GDP", str(year), "gdp-arithmetic",
        "One published estimate, read in press reports of the ILO. The share sits just below "
        "Huang's range; in dollars it exceeds his 50 trillion, because world GDP is above 100.",
        v.rule_source(rule_b5a, v.compare_with_claim, v.evidence_strength))


def assess_b5b() -> v.Verdict:
    sens = b5_sensitivity()
    low = min(sens["spend_at_low"].min(), sens["spend_at_high"].min())
    high = max(sens["spend_at_low"].max(), sens["spend_at_high"].max())
    return v.Verdict(
        "B5b", v.UNTESTABLE, None,
        f"the chain gives {usd(low, 'trillion')} to {usd(high, 'trillion')} a year of factories; "
        f"the {sens.loc[0, 'step']} carries most of the range",
        math.nan, low, high, "USD trillion a year", "", "gdp-arithmetic",
        "The arithmetic holds given its inputs; what would test it is the gross margin of AI "
        "services (no company reports one) and an observed path of token value toward 10 "
        "trillion dollars, against today's tens of billions.",
        "No rule: the inputs that decide it are not observed.")


def rule_b5c(rd_dollars: float, ai_capex: float) -> tuple[str, str]:
    """World R&D spending over current AI capex: several times (at least 2x) supports the
    claim, less than 1x contradicts it, in between falls short. One estimate of each."""
    ratio = rd_dollars / ai_capex
    if ratio >= 2:
        direction = v.MATCH
    elif ratio < 1:
        direction = v.CONTRADICT
    else:
        direction = v.FALL_SHORT
    return direction, v.evidence_strength(1, True, None)


def assess_b5c() -> v.Verdict:
    year, share, dollars = rd_spending()
    capex_now = float(annual_hyperscaler_capex().iloc[-1]) / 1000
    direction, strength = rule_b5c(dollars, capex_now)
    return v.Verdict(
        "B5c", direction, strength,
        f"world R&D ≈ {percent(share / 100, 1)} of GDP ≈ {usd(dollars, 'trillion')} a year, "
        f"{factor(dollars / capex_now)} the five hyperscalers' latest capex",
        dollars / capex_now, math.nan, math.nan, "world R&D ÷ hyperscaler capex",
        str(year), "gdp-arithmetic",
        f"The R&D share is UNESCO's world average for {year}, applied to current GDP; it is the "
        "pool Huang points to, not a forecast that it will move to AI.",
        v.rule_source(rule_b5c, v.evidence_strength))


ASSESSMENTS = {"B1a": assess_b1a, "B1b": assess_b1b, "B2a": assess_b2a, "B2b": assess_b2b,
               "B3a": assess_b3a, "B3b": assess_b3b, "B4": assess_b4, "B5a": assess_b5a,
               "B5b": assess_b5b, "B5c": assess_b5c}


# ------------------------------------------------------------------------------ overall
# How a tested claim's direction bears on Huang's "not a bubble" case.
SUPPORTS, WEAKENS = "supports Huang's case", "weakens Huang's case"
BUBBLE_SIGNS = {v.MATCH: SUPPORTS, v.EXCEED: SUPPORTS, v.FALL_SHORT: WEAKENS,
                v.CONTRADICT: WEAKENS}


def overall_tests(ledger: pd.DataFrame) -> pd.DataFrame:
    """Which way each tested claim of the chapter bears on Huang's "not a bubble" case,
    from the verdicts, plus the explosiveness test; untestable claims are left out."""
    chapter = ledger[ledger["chapter"] == "bubble-test"]
    tested = chapter[chapter["direction"].isin(BUBBLE_SIGNS)]
    rows = [{"test": f"{r.claim_id}: {r.claim}", "points": BUBBLE_SIGNS[r.direction],
             "strength": r.strength} for r in tested.itertuples()]
    rows.append({"test": "Explosive growth in NVIDIA's Data Center revenue (fundamentals, "
                         "not prices)", "points": explosiveness_reading(),
                 "strength": "not a claim verdict"})
    rows.append({"test": "Explosive episodes in NVIDIA's quarter-end share price",
                 "points": valuation_reading(), "strength": "not a claim verdict"})
    return pd.DataFrame(rows)


def explosiveness_reading() -> str:
    """What the two tests on revenue say, in words, at the 5% level."""
    result = revenue_explosiveness()
    if result.gsadf_p < 0.05:
        return ("explosive growth of revenue: a rise in value that tracked it would not by "
                "itself mark a bubble")
    if result.sadf_p < 0.05:
        return ("mixed: the sup-ADF test finds explosive revenue growth, the generalised "
                "test does not at the 5% level")
    return "no explosive revenue growth: a surge in value would be unbacked by revenue"


def overall_answer(weakens: int, supports: int, coverage: tuple[float, float],
                   it_now: float, it_peak: float, revenue_reading: str,
                   value_reading: str) -> str:
    """The closing paragraph, worded from the results: the revenue gap, the like-for-like
    scale, the two explosiveness readings and the balance of the tested claims."""
    low, high = coverage
    covered = interval(low, high, fmt=percent)
    if high < 1:
        gap = (f"the revenue the AI developers report covers {covered} of what the "
               "hyperscalers' capex must earn across the lives and margins we tried, the "
               "pattern of a build-out running ahead of its revenue")
    elif low >= 1:
        gap = (f"the revenue the AI developers report covers {covered} of what the "
               "hyperscalers' capex must earn: it already pays for the equipment")
    else:
        gap = (f"the revenue the AI developers report covers {covered} of what the "
               "hyperscalers' capex must earn, so whether there is a gap turns on the "
               "assumed lives and margins")
    if it_now > it_peak:
        scale = (f"BEA's measure of information-technology investment is "
                 f"{percent(it_now / 100, 1)} of US GDP, above the {percent(it_peak / 100, 1)} "
                 "of the dot-com peak, so the spending has outgrown its precedent")
    else:
        scale = (f"BEA's measure of information-technology investment is "
                 f"{percent(it_now / 100, 1)} of US GDP against {percent(it_peak / 100, 1)} at "
                 "the dot-com peak, so on the one like-for-like comparison the spending has "
                 "not outgrown its precedent")
    if weakens > supports:
        balance = "On balance the tested claims lean against Huang's “not a bubble” case"
    elif supports > weakens:
        balance = "On balance the tested claims lean toward Huang's “not a bubble” case"
    else:
        balance = "The tested claims are evenly split between for and against Huang's case"
    return (f"{gap}; {scale}. On NVIDIA's revenue the explosiveness tests read: "
            f"{revenue_reading}; on its quarter-end share price they find {value_reading}. "
            f"{balance} ({count(weakens)} against, {count(supports)} for).")


def overall_numbers(ledger: pd.DataFrame) -> dict[str, Text]:
    chapter = ledger[ledger["chapter"] == "bubble-test"]
    directions = chapter["direction"].map(BUBBLE_SIGNS)
    gap = revenue_gap()
    recent, peak = _same_definition_peak()
    return {"bt-all-claims": count(len(chapter), "claims"),
            "bt-all-supports": count(int((directions == SUPPORTS).sum()), "claims"),
            "bt-all-weakens": count(int((directions == WEAKENS).sum()), "claims"),
            "bt-all-untestable": count(int((chapter["direction"] == v.UNTESTABLE).sum()), "claims"),
            "bt-all-answer": Text(overall_answer(
                int((directions == WEAKENS).sum()), int((directions == SUPPORTS).sum()),
                (gap["coverage_low"], gap["coverage_high"]), recent, peak,
                explosiveness_reading(), valuation_reading()))}


# ------------------------------------------------------------------------------ findings
def findings() -> dict[str, Text]:
    """The chapter's headline numbers for the executive summary."""
    gap = revenue_gap()
    year, share = hyperscaler_capex_share_of_us_gdp()
    recent, peak = _same_definition_peak()
    sens = b5_sensitivity()
    stakes = nvidia_stakes()
    tied = int((stakes["tied_to_purchases"] == "yes").sum())
    return {
        "bt-required-revenue": usd(gap["central"], digits=0),
        "bt-coverage": interval(gap["coverage_low"], gap["coverage_high"], fmt=percent),
        "bt-capex-share": percent(share / 100, 1),
        "bt-it-share-vs-2000": Text(f"{percent(recent / 100, 1)} vs {percent(peak / 100, 1)}"),
        "bt-five-trillion-range": interval(min(sens["spend_at_low"].min(), sens["spend_at_high"].min()),
                                           max(sens["spend_at_low"].max(), sens["spend_at_high"].max()),
                                           fmt=usd, unit="trillion"),
        # B4: NVIDIA's announced stakes whose reported terms tie them to its sales.
        "bt-stakes-tied": Text(f"{tied} of {len(stakes)}", value=tied, unit="stakes"),
    }
