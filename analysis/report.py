"""Numbers for the prose: formatted once, in code, and glued into the page.

A chapter never types a figure: it computes it, formats it here and glues it
under a key that the prose cites with ``{glue:text}`key```.
"""

from __future__ import annotations

import math

import pandas as pd


class Text(str):
    """A string that displays without quotes, so glued prose reads naturally."""

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": str(self)}


def glue_text(key: str, text: str) -> Text:
    """Glue an already formatted piece of text under ``key`` (not displayed in place)."""
    from myst_nb import glue  # only available when executing inside the book

    value = Text(text)
    glue(key, value, display=False)
    return value


def md_cell(text) -> str:
    """Text made safe for a MyST table cell: a dollar sign would open inline maths, a bar
    would end the cell."""
    return str(text).replace("$", "\\$").replace("|", "\\|")


def number(x: float, digits: int = 1) -> str:
    """Thousands separators and fixed decimals: 12345.6 -> '12,345.6'."""
    return f"{x:,.{digits}f}"


def percent(share: float, digits: int = 0) -> str:
    """A share (0-1) as a percentage: 0.873 -> '87%'."""
    return f"{100 * share:.{digits}f}%"


def factor(x: float, digits: int = 1) -> str:
    """A multiplicative factor: 3.14 -> '3.1×'."""
    return f"{x:,.{digits}f}×"


def usd(amount: float, unit: str = "billion", digits: int = 1) -> str:
    """A dollar amount already expressed in ``unit``: (51.2, 'billion') -> '$51.2 billion'."""
    return f"${amount:,.{digits}f} {unit}"


def interval(low: float, high: float, fmt=factor, **kwargs) -> str:
    """A two-sided interval in the given format: '2.8×–3.4×'."""
    left = fmt(low, **kwargs) if math.isfinite(low) else "−∞"
    right = fmt(high, **kwargs) if math.isfinite(high) else "∞"
    return f"{left}–{right}"


def years(x: float, digits: int = 1) -> str:
    return "never" if not math.isfinite(x) else f"{x:.{digits}f} years"


def month(date: pd.Timestamp | None) -> str:
    """A date to the month, for projections whose precision is no finer: 'Mar 2027'."""
    return "not reached" if date is None else pd.Timestamp(date).strftime("%b %Y")


def quarter_label(fiscal_year: int, fiscal_quarter: int) -> str:
    return f"Q{fiscal_quarter} FY{fiscal_year}"


def model_comparison(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`analysis.models.compare_models` table formatted for a page; a failed fit
    has no criteria and a fit at a parameter boundary is not ranked."""
    shown = lambda digits, missing: lambda v: number(v, digits) if math.isfinite(v) else missing
    return table.assign(
        parameters=table["parameters"].map(shown(0, "fit failed")),
        aic=table["aic"].map(shown(1, "fit failed")),
        bic=table["bic"].map(shown(1, "fit failed")),
        delta_aic=table["delta_aic"].map(shown(1, "not ranked")),
        akaike_weight=table["akaike_weight"].map(shown(3, "not ranked")),
    )[["model", "parameters", "aic", "bic", "delta_aic", "akaike_weight", "notes"]]


def backtest_comparison(backtests: dict) -> pd.DataFrame:
    """Rolling-origin backtests by model name, formatted for a page."""
    return pd.DataFrame([{"model": name, "forecasts": len(bt.errors), "failed fits": bt.failures,
                          "MAE model (log points)": number(bt.mae_model, 3),
                          "MAE naive (log points)": number(bt.mae_naive, 3),
                          "relative MAE": number(bt.relative_mae, 2)}
                         for name, bt in backtests.items()])
