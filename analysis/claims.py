"""The claims ledger: one machine-readable verdict per claim, computed from the data.

Every assessment returns a :class:`Verdict` whose numbers come from the same
functions the chapters use, and whose verdict follows a rule written here
(see each function's docstring), so the executive summary can assemble the
ledger without retyping anything.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import pandas as pd

from . import models, nvidia, paradigm
from .catalogue import load_table
from .report import factor, md_cell, percent, usd

VERDICTS = ("supported", "partly supported", "not supported", "cannot be tested yet")
# Figures stated in the claims themselves (see data/claims.csv), not data.
CLAIMED_TEN_YEAR_PRICE_FALL = 1e9          # P4: a billion-fold in ten years
CLAIMED_BLACKWELL_OVER_HOPPER = 30.0       # P6: about 30x
CLAIMED_CAPEX_PER_GW = (50.0, 60.0)        # P7: USD billion per GW
PRICE_THRESHOLDS = {"mmlu": [60, 70, 80], "gpqa_diamond": [40, 50, 60], "math_500": [70]}


@dataclass(frozen=True)
class Verdict:
    claim_id: str
    verdict: str
    key_number: str
    value: float
    low: float
    high: float
    unit: str
    data_vintage: str
    anchor: str
    reason: str

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict '{self.verdict}'")


def _vintage(dates) -> str:
    dates = pd.to_datetime(pd.Series(dates)).dropna()
    return f"{dates.min():%b %Y} to {dates.max():%b %Y}"


# ------------------------------------------------------------------------------ P1-P7

def assess_p1() -> Verdict:
    """No public series splits data-centre compute spending into accelerated and general
    purpose, so the claim cannot be tested yet; NVIDIA's own mix is shown as context."""
    share = nvidia.data_center_share()
    last = share.iloc[-1]
    return Verdict("P1", "cannot be tested yet",
                   f"Data Center = {percent(last.share)} of NVIDIA revenue "
                   f"(Q{last.fiscal_quarter} FY{last.fiscal_year})",
                   float(last.share), math.nan, math.nan, "share of NVIDIA revenue",
                   _vintage(share["quarter_end"]), "nvidia-revenue",
                   "Needs the split of all data-centre compute spending (accelerated vs "
                   "general-purpose servers) over time; only NVIDIA's own revenue mix is public here.")


def inference_share_in_dollars() -> pd.DataFrame:
    """NVIDIA's stated inference share applied to Data Center revenue of the fiscal year
    the statement refers to (the four quarters up to the statement)."""
    stated = paradigm.stated_values("inference share of data-center revenue")
    dc = nvidia.revenue_by_market()
    dc = dc[dc["market"] == "Data Center"]
    rows = []
    for s in stated.itertuples():
        window = dc[dc["quarter_end"] < s.statement_date].tail(4)
        rows.append({"speaker": s.speaker, "date": s.statement_date.date(),
                     "share_percent": s.low, "context": s.context,
                     "trailing_dc_revenue_usd_bn": window["revenue"].sum() / 1000,
                     "inference_usd_bn": window["revenue"].sum() / 1000 * s.low / 100,
                     "window": f"{window['quarter'].iloc[0]} to {window['quarter'].iloc[-1]}"})
    return pd.DataFrame(rows)


def assess_p2() -> Verdict:
    """Supported only as far as NVIDIA's own statements go: 'partly supported' when the
    latest stated share is at least 40%; nobody outside NVIDIA measures it."""
    table = inference_share_in_dollars()
    latest = table.sort_values("date").iloc[-1]
    verdict = "partly supported" if latest.share_percent >= 40 else "not supported"
    return Verdict("P2", verdict,
                   f"about {latest.share_percent:.0f}% of Data Center revenue "
                   f"≈ {usd(latest.inference_usd_bn)} a year (stated {latest.date:%b %Y})",
                   latest.inference_usd_bn, math.nan, math.nan, "USD billion per year",
                   _vintage(table["date"]), "factory-inference-share",
                   "Only NVIDIA's CFO has put a number on it (about 40%), and not since "
                   f"{latest.date:%B %Y}; no independent measure exists to confirm it is rising.")


def assess_p3() -> Verdict:
    """A forecast without a horizon cannot be tested; the ledger records how many years
    the fitted growth of the tracked token series would take to reach a billion-fold."""
    table = paradigm.growth_table(paradigm.token_growth_fits(paradigm.token_daily_rates()))
    fastest, slowest = table["years_to_multiple"].min(), table["years_to_multiple"].max()
    return Verdict("P3", "cannot be tested yet",
                   f"{fastest:.0f}–{slowest:.0f} years to a billion-fold at current growth "
                   f"({len(table)} series)",
                   float(table["years_to_multiple"].median()), float(table["years_low"].min()),
                   float(table["years_high"].max()), "years", _vintage(table["from"].tolist()
                                                                        + table["to"].tolist()),
                   "tokens", "Huang gave no horizon. If the fitted growth rates of the tracked "
                   "series held, a billion-fold would take the years shown; the rates rest on "
                   f"{table['points'].min()} to {table['points'].max()} points per series and "
                   "are far from settled.")


def assess_p4() -> Verdict:
    """'Supported' if, for most benchmark thresholds with a fit, the lower end of the
    95% interval of the annual price fall is at least the claimed 10^(9/10) ≈ 7.9x;
    'partly supported' if most point estimates reach it; else 'not supported'."""
    prices = load_table("llm_prices")
    fitted = [d for d in paradigm.price_declines(prices, PRICE_THRESHOLDS) if d.fit is not None]
    claimed = CLAIMED_TEN_YEAR_PRICE_FALL ** 0.1
    lows = [d.annual_decline[1] for d in fitted]
    points = [d.annual_decline[0] for d in fitted]
    if sum(v >= claimed for v in lows) > len(fitted) / 2:
        verdict = "supported"
    elif sum(v >= claimed for v in points) > len(fitted) / 2:
        verdict = "partly supported"
    else:
        verdict = "not supported"
    median = float(pd.Series(points).median())
    return Verdict("P4", verdict,
                   f"prices at fixed capability fell {factor(min(points), 0)}–"
                   f"{factor(max(points), 0)} a year (claim: {factor(claimed)})",
                   median, min(lows), max(d.annual_decline[2] for d in fitted),
                   "price fall per year (factor)", _vintage(prices["release_date"]), "prices",
                   f"{len(fitted)} capability thresholds; the fall is fastest where the "
                   "threshold is highest, and list prices are not costs.")


def user_and_token_growth() -> dict:
    """ChatGPT user growth, median token growth and the per-user growth they imply."""
    users = paradigm.chatgpt_users()
    user_fit = models.fit_exponential(users["date"], users["weekly_active_users"])
    tokens = paradigm.growth_table(paradigm.token_growth_fits(paradigm.token_daily_rates()))
    token_factor = float(tokens["growth_factor"].median())
    per_user = token_factor / user_fit.annual_growth_factor()[0]
    return {"user_fit": user_fit, "users": users, "token_factor": token_factor,
            "per_user_factor": per_user,
            "per_user_doubling_months": 12 * math.log(2) / math.log(per_user)
            if per_user > 1 else math.inf}


def assess_p5() -> Verdict:
    """'Partly supported' when tokens grow faster than users so that the implied tokens per
    user double within a year; never 'supported', because the two series come from
    different companies and no provider publishes tokens per user."""
    g = user_and_token_growth()
    verdict = "partly supported" if g["per_user_doubling_months"] <= 12 else "not supported"
    f, lo, hi = g["user_fit"].annual_growth_factor()
    return Verdict("P5", verdict,
                   f"users ×{f:.1f} a year; tokens per user ×{g['per_user_factor']:.1f} "
                   f"(doubling every {g['per_user_doubling_months']:.0f} months)",
                   g["per_user_factor"], math.nan, math.nan, "growth factor per year",
                   _vintage(g["users"]["date"]), "tokens",
                   "Tokens per user are inferred by dividing the median token-series growth by "
                   "ChatGPT's user growth, across different companies: indicative only.")


def assess_p6() -> Verdict:
    """Two parts. Co-design: the share of the claimed multiple not explained by per-GPU
    silicon and number format. Moore's law: whether transistor counts' doubling time since
    2006 is slower than before. 'Partly supported' when spec gains explain under a third of
    the claim but transistor counts have not slowed."""
    specs = paradigm.gpu_specs()
    ratios = paradigm.generation_ratios(specs, "H100", "B200")
    claimed = CLAIMED_BLACKWELL_OVER_HOPPER
    explained = ratios["headline_low_precision"]
    eras = paradigm.era_fits(paradigm.transistor_trend(), TRANSISTOR_ERAS)
    early, recent = (eras[k].doubling_time() for k in TRANSISTOR_ERAS)
    slowed = recent[1] > early[2]  # recent doubling time significantly longer
    verdict = ("supported" if slowed and explained < claimed / 3 else
               "partly supported" if explained < claimed / 3 else "not supported")
    return Verdict("P6", verdict,
                   f"per-GPU specs explain {factor(explained)} of the claimed "
                   f"{factor(claimed, 0)}; transistor counts still double every "
                   f"{recent[0]:.1f} years",
                   explained, math.nan, math.nan, "factor (B200 FP4 vs H100 FP8, dense)",
                   _vintage(specs["release_date"]), "hardware",
                   "Silicon at equal precision gives about "
                   f"{factor(ratios['fp8'])} and the move to 4-bit numbers {factor(ratios['precision_gain'], 0)}; "
                   "the rest of a 30x claim must come from systems and software, which specs "
                   "cannot verify. Transistor counts per flagship chip have not slowed.")


TRANSISTOR_ERAS = {"1971–2005": (1971, 2005), "2006–2024": (2006, 2024)}


def assess_p7() -> Verdict:
    """'Partly supported' if Huang's stated capex per GW lies inside the range stated by
    others (analysts, other executives); the 'revenue follows watts' half is untested."""
    huang = paradigm.stated_range("capex per GW", speaker="Jensen Huang")
    others = paradigm.stated_range("capex per GW", exclude_speaker="Huang")
    low, high = CLAIMED_CAPEX_PER_GW
    inside = others[0] <= low and high <= others[1]
    return Verdict("P7", "partly supported" if inside else "not supported",
                   f"others put a GW at {usd(others[0], 'billion', 0)}–"
                   f"{usd(others[1], 'billion', 0)} (claim: ${low:.0f}–{high:.0f} billion)",
                   (low + high) / 2, others[0], others[1], "USD billion per GW",
                   _vintage(paradigm.statements("capex per GW")["statement_date"]), "factory",
                   "The cost figures are statements, not audited costs, and their scope "
                   "(IT equipment only, or with buildings and power) varies; whether NVIDIA's "
                   f"revenue tracks deployed power cannot be tested with public data. "
                   f"Huang's own statements range {huang[0]:.0f}–{huang[1]:.0f}.")


ASSESSMENTS = {"P1": assess_p1, "P2": assess_p2, "P3": assess_p3, "P4": assess_p4,
               "P5": assess_p5, "P6": assess_p6, "P7": assess_p7}


def ledger() -> pd.DataFrame:
    """Every claim with its verdict; claims without an assessment yet say so."""
    claims = load_table("claims")
    rows = []
    for claim in claims.itertuples():
        if claim.claim_id in ASSESSMENTS:
            rows.append({**asdict(ASSESSMENTS[claim.claim_id]()), "claim": claim.claim,
                         "chapter": claim.chapter, "talks": claim.talks})
        else:
            rows.append({"claim_id": claim.claim_id, "verdict": "not assessed yet",
                         "claim": claim.claim, "chapter": claim.chapter, "talks": claim.talks})
    return pd.DataFrame(rows)


def ledger_markdown(table: pd.DataFrame) -> str:
    """The ledger as a MyST table, each assessed claim linking to the section that tests it."""
    lines = ["| claim | verdict | key number | data | tested in |", "|---|---|---|---|---|"]
    for row in table.itertuples():
        talks = ", ".join(t.strip() for t in row.talks.split(";"))
        claim = f"**{row.claim_id}** {md_cell(row.claim)} ({{ref}}`{talks} <talks-list>`)"
        if row.verdict == "not assessed yet":
            lines.append(f"| {claim} | not assessed yet | | | |")
            continue
        lines.append(f"| {claim} | **{row.verdict}** | {md_cell(row.key_number)} | "
                     f"{row.data_vintage} | {{ref}}`{row.anchor}` |")
    return "\n".join(lines)
