"""Numbers a person reads: one formatting layer for prose, tables and exports.

A chapter never types a figure: it computes it, formats it here and glues it
under a key that the prose cites with ``{glue:text}`key```.  Every formatter
returns a :class:`Text`, which prints as plain words and also remembers the
number it shows (value, interval, unit), so the build can export every glued
number as a key-numbers table without retyping anything.

The rules: thousands separators; words for millions to quadrillions; real
superscripts for larger powers of ten; never ``e+``, ``nan``, ``inf`` or a caret.
A value that is not finite is a bug upstream (a parameter that is not identified
must be reported as such, see :func:`not_identified`), so formatting it raises.
"""

from __future__ import annotations

import math
import re
from ast import literal_eval

import pandas as pd

QUANTITY_MIME = "application/vnd.aif.quantity+json"
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_SCALES = ((1e15, "quadrillion"), (1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_UNIT_FACTORS = {"": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


class Text(str):
    """Formatted text that displays without quotes and carries the number it shows."""

    def __new__(cls, text: str, value: float | None = None, low: float | None = None,
                high: float | None = None, unit: str = ""):
        obj = super().__new__(cls, text)
        obj.value, obj.low, obj.high, obj.unit = value, low, high, unit
        return obj

    def _repr_pretty_(self, printer, cycle):
        # IPython builds a display's plain text from this, also for glue.
        printer.text(glued_plain_text(str(self)))

    def _repr_mimebundle_(self, include=None, exclude=None):
        from .catalogue import TABLES_READ  # the tables this page has read so far

        return {"text/plain": glued_plain_text(str(self)),
                QUANTITY_MIME: {"value": self.value, "low": self.low, "high": self.high,
                                "unit": self.unit, "tables": dict(sorted(TABLES_READ.items()))}}


def glued_plain_text(text: str) -> str:
    """``text`` as it must be stored for myst-nb, which reads glued plain text with
    ``ast.literal_eval`` to drop quotes: '1,357' would print as the tuple '(1, 357)', so
    text that evaluates to anything but itself is stored quoted."""
    try:
        unchanged = str(literal_eval(text)) == text
    except (SyntaxError, ValueError):
        unchanged = True
    return text if unchanged else repr(text)


def _finite(x: float, what: str = "value") -> float:
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"cannot print a {what} of {x}: report it as not identified "
                         "or not available instead")
    return x


def glue_text(key: str, text: str) -> Text:
    """Glue formatted text under ``key`` (not displayed in place)."""
    from myst_nb import glue  # only available when executing inside the book

    value = text if isinstance(text, Text) else Text(text)
    glue(key, value, display=False)
    return value


def glue_all(numbers: dict) -> None:
    """Glue a section's numbers (a ``…_numbers()`` function's result) in one call."""
    for key, text in numbers.items():
        glue_text(key, text)


def md_cell(text) -> str:
    """Text made safe for a MyST table cell: a dollar sign would open inline maths, a bar
    would end the cell."""
    return str(text).replace("$", "\\$").replace("|", "\\|")


_IDENTIFIER = re.compile(r"(?<![`\w/.:-])([a-z][a-z0-9]*_[a-z0-9_]+)(?![\w`])")
_CARET_POWER = re.compile(r"10\s*\^\s*(-?\d+)")


def prose(text) -> str:
    """Catalogue text (descriptions, titles, notes) made safe for a MyST table cell and read
    as prose: powers of ten with real superscripts, identifiers (table and column names,
    file names) set as code."""
    text = _CARET_POWER.sub(lambda m: superscript_power(int(m.group(1))), str(text))
    return md_cell(_IDENTIFIER.sub(r"`\1`", text))


def superscript_power(exponent: int) -> str:
    """10 to an integer power with a real superscript: 9 -> '10⁹'."""
    return "10" + str(int(exponent)).translate(_SUPERSCRIPT)


def _plain(x: float, digits: int) -> str:
    """Fixed decimals with thousands separators and a true minus sign; very large or small
    values in words or powers of ten."""
    return _minus(_unsigned(x, digits))


def _minus(text: str) -> str:
    """A true minus sign, and none on a value that rounds to zero ('−0.0' reads as a fall)."""
    if text.startswith("-") and not any(d in text for d in "123456789"):
        text = text[1:]
    return text.replace("-", "−")


def _unsigned(x: float, digits: int) -> str:
    x = _finite(x)
    size = abs(x)
    if size >= 1e18:
        exponent = math.floor(math.log10(size))
        mantissa = x / 10 ** exponent
        return f"{mantissa:.{max(digits, 1)}f}×{superscript_power(exponent)}"
    for scale, word in _SCALES:
        if size >= scale:
            return f"{x / scale:,.{digits}f} {word}"
    if 0 < size < 10 ** -(digits + 2):
        exponent = math.floor(math.log10(size))
        return f"{x / 10 ** exponent:.1f}×{superscript_power(exponent)}"
    return f"{x:,.{digits}f}"


def number(x: float, digits: int = 1, unit: str = "") -> Text:
    """12345.6 -> '12,345.6'; 3.2e12 -> '3.2 trillion'; 3e26 -> '3.0×10²⁶'."""
    return Text(_plain(x, digits), value=float(x), unit=unit)


def count(n: float, unit: str = "") -> Text:
    """A whole number with thousands separators: 1234 -> '1,234'; a fractional count (an
    interval bound, say) is rounded to the nearest, not cut: 23,919.9 -> '23,920'."""
    whole = int(round(_finite(n, "count")))
    return Text(f"{whole:,}", value=whole, unit=unit)


def percent(share: float, digits: int = 0) -> Text:
    """A share (0-1) as a percentage: 0.873 -> '87%'."""
    share = _finite(share, "share")
    return Text(_minus(f"{100 * share:,.{digits}f}%"), value=share, unit="share")


def factor(x: float, digits: int = 1) -> Text:
    """A multiplicative factor: 3.14 -> '3.1×'; from a million up in words or powers of
    ten: 2.5e6 -> '2.5 million-fold', 3e26 -> '3.0×10²⁶-fold'."""
    text = _plain(x, digits)
    return Text(f"{text}-fold" if abs(x) >= 1e6 else f"{text}×", value=float(x), unit="factor")


def usd(amount: float, unit: str = "billion", digits: int = 1) -> Text:
    """A dollar amount given in ``unit`` ('million', 'billion', ...), printed at the scale
    that reads best: (51.2, 'billion') -> '$51.2 billion', (1500, 'billion') -> '$1.5 trillion'.
    Any other unit is a rate kept as given: (0.15, 'per million tokens') -> '$0.15 per
    million tokens'.
    """
    if unit not in _UNIT_FACTORS:
        amount = _finite(amount, "dollar amount")
        return Text(f"{'−' if amount < 0 else ''}${_plain(abs(amount), digits)} {unit}",
                    value=amount, unit=f"USD {unit}")
    dollars = _finite(amount, "dollar amount") * _UNIT_FACTORS[unit]
    text = _plain(abs(dollars), digits) if abs(dollars) >= 1e6 else f"{abs(dollars):,.0f}"
    return Text(f"{'−' if dollars < 0 else ''}${text}", value=float(amount),
                unit=f"USD {unit}".strip())


def not_identified(what: str = "") -> Text:
    """What a page prints for a parameter the data do not pin down."""
    return Text("not identified" + (f" ({what})" if what else ""))


def interval(low: float, high: float, fmt=factor, **kwargs) -> Text:
    """A two-sided interval in the given format: '2.8×–3.4×', or '−29% to +12%' from a
    negative low end (a dash beside a minus sign misreads); an open end reads 'at least
    2.8×' or 'at most 3.4×'; with both ends open, 'not identified'."""
    low_ok, high_ok = math.isfinite(low), math.isfinite(high)
    if low_ok and high_ok and low < 0:
        top = str(fmt(high, **kwargs))
        text = f"{fmt(low, **kwargs)} to {'+' if high > 0 and top[0] != '+' else ''}{top}"
    elif low_ok and high_ok:
        text = f"{fmt(low, **kwargs)}–{fmt(high, **kwargs)}"
    elif low_ok:
        text = f"at least {fmt(low, **kwargs)}"
    elif high_ok:
        text = f"at most {fmt(high, **kwargs)}"
    else:
        return not_identified("unbounded interval")
    unit = fmt(low if low_ok else high, **kwargs).unit
    return Text(text, low=low if low_ok else None, high=high if high_ok else None, unit=unit)


def with_interval(value: float, low: float, high: float, fmt=factor, **kwargs) -> Text:
    """'3.1× (95% interval 2.8×–3.4×)', carrying all three numbers."""
    centre, band = fmt(value, **kwargs), interval(low, high, fmt, **kwargs)
    return Text(f"{centre} (95% interval {band})", value=centre.value, low=band.low,
                high=band.high, unit=centre.unit)


def years(x: float, digits: int = 1) -> Text:
    """A duration in years; an infinite one (no growth) reads 'never'."""
    if not math.isfinite(x):
        return Text("never")
    return Text(f"{_plain(x, digits)} years", value=float(x), unit="years")


def months(x: float, digits: int = 0) -> Text:
    return Text(f"{_plain(x, digits)} months", value=float(x), unit="months")


def month(date: pd.Timestamp | None) -> Text:
    """A date to the month, for projections whose precision is no finer: 'Mar 2027'."""
    if date is None:
        return Text("not reached")
    return Text(pd.Timestamp(date).strftime("%b %Y"))


def day(date) -> Text:
    """A date written out: '26 October 2025'."""
    return Text(pd.Timestamp(date).strftime("%-d %B %Y"))


def quarter_label(fiscal_year: int, fiscal_quarter: int) -> str:
    return f"Q{fiscal_quarter} FY{fiscal_year}"


# Column names whose plain-words form needs more than replacing underscores.
_HEADERS = {"claim_id": "Claim", "claim": "Claim (paraphrase)", "parent_id": "Part of claim",
            "low": "Low (95% interval)",
            "high": "High (95% interval)", "data_vintage": "Data period",
            "anchor": "Section (page anchor)", "rule": "Rule (code)", "id": "Key",
            "as_of": "Data as of", "sources": "Tables read", "text": "As printed"}


def header(name: str) -> str:
    """A column name as a header a person reads: 'key_number' -> 'Key number'."""
    return _HEADERS.get(name, name.replace("_", " ").capitalize())


def readable(table: pd.DataFrame, columns: dict[str, tuple[str, object]]) -> pd.DataFrame:
    """A table for a page: only ``columns`` (name -> (header with unit, formatter or None)),
    each cell formatted, missing values shown as an em dash."""
    out = {}
    for name, (header, fmt) in columns.items():
        values = table[name]
        out[header] = [("—" if _missing(v) else fmt(v) if fmt else v) for v in values]
    return pd.DataFrame(out)


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT


def model_comparison(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`analysis.models.compare_models` table formatted for a page: ranked by the
    small-sample AICc; a failed fit or one at a parameter boundary says so instead."""
    ranked = table.assign(
        status=["tie with the best (within 2 AICc points)" if t else "ranked" if c else
                f"not ranked: {_headline(r)}" for t, c, r in zip(table["tie"], table["comparable"],
                                                                 table["reason"])])
    return readable(ranked, {
        "model": ("Model", lambda m: CURVE_NAMES.get(m, m)),
        "parameters": ("Parameters (incl. error variance)", lambda v: count(v)),
        "aicc": ("AICc", lambda v: number(v, 1)),
        "delta_aicc": ("Δ AICc from best", lambda v: number(v, 1)),
        "akaike_weight": ("Akaike weight", lambda v: number(v, 3)),
        "status": ("Comparison", None),
        "notes": ("Notes", None),
    })


CURVE_NAMES = {"exponential": "exponential", "logistic": "logistic", "gompertz": "Gompertz"}


def _headline(reason: str) -> str:
    """The first clause of a reason ('at a parameter boundary: the ceiling ...'); the
    table's notes carry the rest."""
    return reason.split(":")[0]


def comparison_sentence(table: pd.DataFrame) -> Text:
    """What a :func:`analysis.models.compare_models` table says, in one sentence: a tie
    within 2 AICc points is called one, and unranked curves say why."""
    name = lambda m: CURVE_NAMES.get(m, m)
    ranked = table[table["comparable"]]
    best = ranked.iloc[0]
    tied = ranked[ranked["tie"]]
    if len(tied) > 1:
        text = (f"The {' and '.join(name(m) for m in tied['model'])} curves fit equally well: "
                "they are within 2 AICc points of each other, a tie")
    elif len(ranked) > 1:
        second = ranked.iloc[1]
        text = (f"By AICc the {name(best.model)} curve fits best, "
                f"{number(second.delta_aicc, 1)} points ahead of the {name(second.model)}")
    else:
        text = f"Only the {name(best.model)} curve can be ranked"
    unranked = table[~table["comparable"]]
    if len(unranked):
        text += "; " + "; ".join(f"the {name(r.model)} curve is not ranked ({_headline(r.reason)})"
                                 for r in unranked.itertuples())
    return Text(text + ".")


def backtest_comparison(backtests: dict) -> pd.DataFrame:
    """Rolling-origin backtests by model name, formatted for a page; a model whose every
    fit failed has no errors to show and says so."""
    def error(x, digits):
        return number(x, digits) if math.isfinite(x) else "no successful fit"

    return pd.DataFrame([{"Model": name, "Forecasts": len(bt.errors),
                          "Failed fits": bt.failures,
                          "Mean absolute error, model (log points)": error(bt.mae_model, 3),
                          "Mean absolute error, naive rule (log points)": error(bt.mae_naive, 3),
                          "Relative error (model ÷ naive)": error(bt.relative_mae, 2),
                          "Outcomes inside the 95% prediction interval":
                              percent(bt.coverage) if math.isfinite(bt.coverage)
                              else "no successful fit"}
                         for name, bt in backtests.items()])
