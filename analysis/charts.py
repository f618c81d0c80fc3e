"""Chart factories: the few chart shapes the book uses, in the book's style.

Each returns an Altair chart; :func:`analysis.figures.publish` adds the source
line and writes the downloads.  Axis titles always carry units.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from .figures import INK, PALETTE


# Label time axes by year: month names alone are ambiguous on multi-year series.
YEAR_AXIS = alt.Axis(format="%Y", tickCount="year")
# Below this span a year axis has one tick or none; months are labelled instead.
MONTH_AXIS_SPAN = pd.Timedelta(days=2 * 365)
MONTH_AXIS = alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 3}, labelAngle=0)


def time_axis(*dates: pd.Series) -> alt.Axis:
    """A year axis, or a month axis when every date given falls within two years."""
    stamps = pd.concat([pd.to_datetime(pd.Series(d)) for d in dates]).dropna()
    return MONTH_AXIS if stamps.max() - stamps.min() < MONTH_AXIS_SPAN else YEAR_AXIS
DATE_FORMAT = "%-d %b %Y"
_SUPERSCRIPTS = "['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹']"


def readable_number(value: str) -> str:
    """A Vega expression that writes the number ``value`` for a reader.

    Three significant figures with thousands separators, words from a million to
    999 trillion, and a real superscript power of ten beyond (``10¹⁵``, ``2.5 × 10⁻⁶``):
    never ``e+``, a caret, ``NaN`` or ``Infinity``.
    """
    v = f"({value})"
    exponent = f"floor(log(abs({v})) / LN10 + 1e-9)"
    digit = lambda d: f"{_SUPERSCRIPTS}[{d}]"
    power = (f"'10' + ({exponent} < 0 ? '⁻' : '') + "
             f"(abs({exponent}) >= 10 ? {digit(f'floor(abs({exponent}) / 10)')} : '') + "
             f"{digit(f'abs({exponent}) % 10')}")
    mantissa = f"{v} / pow(10, {exponent})"
    scientific = (f"(abs({mantissa} - 1) < 1e-9 ? '' : format({mantissa}, '.3~r') + ' × ') + "
                  f"{power}")
    words = " : ".join(f"abs({v}) >= {scale} ? format({v} / {scale}, ',.3~r') + ' {word}'"
                       for scale, word in (("1e12", "trillion"), ("1e9", "billion"),
                                           ("1e6", "million")))
    return (f"!isFinite({v}) ? '' : abs({v}) >= 1e15 || ({v} != 0 && abs({v}) < 1e-3) ? "
            f"{scientific} : {words} : format({v}, ',.3~r')")


def decades(*columns: pd.Series, most: int = 8) -> list[float]:
    """Powers of ten spanning the positive values in ``columns`` (every k-th when too many)."""
    values = pd.concat([pd.Series(c, dtype=float) for c in columns])
    values = values[np.isfinite(values) & (values > 0)]
    low, high = (math.floor(math.log10(values.min()) + 1e-9),
                 math.ceil(math.log10(values.max()) - 1e-9))
    step = math.ceil((high - low + 1) / most)
    return [10.0 ** k for k in range(low, high + 1, step)]


def _axis(log_values: list[float] | None, fmt: str | None) -> alt.Axis:
    """Numbers labelled for a reader; on a log scale, ticks at the given decades only."""
    if fmt:
        return alt.Axis(format=fmt)
    if log_values:
        return alt.Axis(values=log_values, labelExpr=readable_number("datum.value"))
    return alt.Axis(labelExpr=readable_number("datum.value"))


def _scale(log: bool) -> alt.Scale:
    return alt.Scale(type="log") if log else alt.Scale(zero=True)


def _y(field: str, title: str, log_values: list[float] | None, fmt: str | None = None,
       stack=None) -> alt.Y:
    return alt.Y(field, title=title, scale=_scale(bool(log_values)), stack=stack,
                 axis=_axis(log_values, fmt))


def _label(column: str) -> str:
    """A column name as a reader sees it: ``source_id`` -> ``Source id``."""
    return column.replace("_", " ").capitalize()


def _number_tip(chart: alt.Chart, field: str, title: str) -> tuple[alt.Chart, alt.Tooltip]:
    """``chart`` with ``field`` written out for a reader, and the tooltip that shows it."""
    text = f"{field}_text"
    return (chart.transform_calculate(**{text: readable_number(f"datum['{field}']")}),
            alt.Tooltip(f"{text}:N", title=title))


# Legend labels are never cut (the theme sets no length limit); a long one breaks before
# its parenthesis, so that it fits a phone's column.
LEGEND = alt.Legend(labelExpr=(
    "length(datum.label) > 30 && indexof(datum.label, ' (') > 0 ? "
    "[slice(datum.label, 0, indexof(datum.label, ' (')), "
    "slice(datum.label, indexof(datum.label, ' (') + 1)] : datum.label"))


def _date_tip(field: str) -> alt.Tooltip:
    return alt.Tooltip(f"{field}:T", title="Date", format=DATE_FORMAT)


def time_series(data: pd.DataFrame, x: str, y: str, y_title: str, color: str | None = None,
                title: str = "", subtitle: str = "", log: bool = False, stacked: bool = False,
                y_format: str | None = None, order: list[str] | None = None) -> alt.Chart:
    """Lines (or stacked areas) of ``y`` over dates ``x``, one per ``color`` category.

    A missing value (NaN) breaks the line: gaps in the data stay visible.
    """
    base = alt.Chart(data)
    base, value_tip = _number_tip(base, y, y_title)
    if y_format:
        value_tip = alt.Tooltip(f"{y}:Q", title=y_title, format=y_format)
    enc = {"x": alt.X(f"{x}:T", title=None, axis=time_axis(data[x])),
           "y": _y(f"{y}:Q", y_title, decades(data[y]) if log else None, y_format,
                   stack="zero" if stacked else None),
           "tooltip": [_date_tip(x), value_tip]}
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=None, sort=order, legend=LEGEND,
                                 scale=alt.Scale(domain=order, range=PALETTE) if order else
                                 alt.Undefined)
        if stacked and order:
            # Stack in the legend's order, largest market at the bottom.
            base = base.properties(data=data.assign(stack_order=data[color].map(
                {m: i for i, m in enumerate(order)})))
            enc["order"] = alt.Order("stack_order:Q")
        enc["tooltip"] = [alt.Tooltip(f"{color}:N", title="Series"), *enc["tooltip"]]
    mark = (base.mark_area(opacity=0.9) if stacked else base.mark_line(point=len(data) < 80))
    return mark.encode(**enc).properties(title=alt.Title(title, subtitle=subtitle or alt.Undefined))


def fit_overlay(observed: pd.DataFrame, curves: pd.DataFrame, y_title: str,
                band: pd.DataFrame | None = None, title: str = "", subtitle: str = "",
                log: bool = True) -> alt.LayerChart:
    """Observed points, fitted curves (one per ``model``) and an optional prediction band.

    ``observed`` has columns date, value; ``curves`` date, value, model;
    ``band`` date, low, high, label.
    """
    has_band = band is not None and not band.empty
    ticks = decades(observed["value"], curves["value"],
                    *((band["low"], band["high"]) if has_band else ())) if log else None
    y = _y("value:Q", y_title, ticks)
    layers = []
    if has_band:
        chart, low_tip = _number_tip(alt.Chart(band), "low", "Low")
        chart, high_tip = _number_tip(chart, "high", "High")
        layers.append(chart.mark_area(opacity=0.18, color=PALETTE[0]).encode(
            x="date:T", y=alt.Y("low:Q", title=y_title, scale=_scale(log)), y2="high:Q",
            tooltip=[alt.Tooltip("label:N", title="Band"), _date_tip("date"), low_tip,
                     high_tip]))
    chart, value_tip = _number_tip(alt.Chart(curves), "value", "Fitted value")
    layers.append(chart.mark_line(strokeDash=[5, 3]).encode(
        x=alt.X("date:T", title=None, axis=time_axis(observed["date"], curves["date"])), y=y,
        color=alt.Color("model:N", title=None, legend=LEGEND, scale=alt.Scale(range=PALETTE[1:])),
        tooltip=[alt.Tooltip("model:N", title="Model"), _date_tip("date"), value_tip]))
    chart, value_tip = _number_tip(alt.Chart(observed), "value", y_title)
    layers.append(chart.mark_point(color=INK).encode(
        x="date:T", y=y, tooltip=[_date_tip("date"), value_tip]))
    return alt.layer(*layers).properties(title=alt.Title(title, subtitle=subtitle or
                                                         alt.Undefined))


def grouped_fits(observed: pd.DataFrame, curves: pd.DataFrame | None, y_title: str,
                 title: str = "", subtitle: str = "", log: bool = True) -> alt.LayerChart:
    """Points and fitted lines (if any) for several groups (columns date, value, group)."""
    color = alt.Color("group:N", title=None, legend=LEGEND, scale=alt.Scale(range=PALETTE))
    ticks = decades(observed["value"], *(() if curves is None else (curves["value"],))
                    ) if log else None
    y = _y("value:Q", y_title, ticks)
    chart, value_tip = _number_tip(alt.Chart(observed), "value", y_title)
    points = chart.mark_point().encode(
        x=alt.X("date:T", title=None, axis=time_axis(
            observed["date"], *(() if curves is None else (curves["date"],)))), y=y, color=color,
        tooltip=[_date_tip(c) if c == "date" else alt.Tooltip(f"{c}:N", title=_label(c))
                 for c in observed.columns if c != "value"] + [value_tip])
    layers = [points]
    if curves is not None:
        layers.append(alt.Chart(curves).mark_line(strokeDash=[5, 3]).encode(
            x="date:T", y=y, color=color))
    return alt.layer(*layers).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined))


def what_if_decline(start_value: float, start_label: str, fitted: float, claimed: float,
                    y_title: str, years: int = 10, title: str = "",
                    subtitle: str = "") -> alt.LayerChart:
    """Interactive path of a quantity falling by a reader-chosen factor per year.

    A slider sets the annual factor (starting at the claimed value); fixed lines show
    the fitted and the claimed paths for comparison.
    """
    grid = pd.DataFrame({"years": [i / 4 for i in range(4 * years + 1)]})
    fall = alt.param(name="fall", value=round(claimed, 1),
                     bind=alt.binding_range(min=1, max=40, step=0.5,
                                            name="Annual fall (×) you assume: "))
    fixed = pd.concat([grid.assign(path=f"fitted ({fitted:.1f}× a year)",
                                   value=start_value / fitted ** grid["years"]),
                       grid.assign(path=f"claim ({claimed:.1f}× a year)",
                                   value=start_value / claimed ** grid["years"])])
    x = alt.X("years:Q", title=f"Years after {start_label}")
    y = _y("value:Q", y_title, decades(fixed["value"]))
    reference = alt.Chart(fixed).mark_line(strokeDash=[5, 3]).encode(
        x=x, y=y, color=alt.Color("path:N", title=None, legend=LEGEND, scale=alt.Scale(range=PALETTE[1:])))
    chosen, value_tip = _number_tip(alt.Chart(grid).transform_calculate(
        value=f"{start_value} / pow(fall, datum.years)"), "value", y_title)
    chosen = chosen.mark_line(color=PALETTE[0], strokeWidth=3).encode(
        x=x, y=y, tooltip=[alt.Tooltip("years:Q", title="Years", format=".2~f"), value_tip]
    ).add_params(fall)
    return alt.layer(reference, chosen).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined))


def tornado(data: pd.DataFrame, category: str, value: str, end: str, reference: float,
            x_title: str, title: str = "", subtitle: str = "") -> alt.LayerChart:
    """Sensitivity bars: for each input, the output at its low and high end (log scale)."""
    order = list(dict.fromkeys(data[category]))
    y = alt.Y(f"{category}:N", title=None, sort=order)
    ticks = decades(data[value], pd.Series([reference]))
    x = alt.X(f"{value}:Q", title=x_title, scale=alt.Scale(type="log"),
              axis=_axis(ticks, None))
    span = alt.Chart(data).mark_line(color=INK, strokeWidth=6, opacity=0.25).encode(
        x=x, y=y, detail=f"{category}:N")
    chart, value_tip = _number_tip(alt.Chart(data), value, x_title)
    ends = chart.mark_point(size=90, filled=True).encode(
        x=x, y=y, color=alt.Color(f"{end}:N", title=None, legend=LEGEND, scale=alt.Scale(range=PALETTE)),
        tooltip=[alt.Tooltip(f"{category}:N", title=_label(category)),
                 alt.Tooltip(f"{end}:N", title=_label(end)), value_tip])
    centre = alt.Chart(pd.DataFrame({"x": [reference]})).mark_rule(
        color=INK, strokeDash=[4, 3]).encode(x="x:Q")
    return alt.layer(span, ends, centre).properties(
        height=40 * len(order), title=alt.Title(title, subtitle=subtitle or alt.Undefined))


def growth_fits_chart(dates, values, fits: dict, best, horizon, y_title: str, scale: float = 1.0,
                      title: str = "", subtitle: str = "") -> tuple[alt.LayerChart, pd.DataFrame]:
    """Observed series, every fitted curve through ``horizon`` and ``best``'s 95% prediction
    band over ``horizon``, all divided by ``scale`` for display.

    Returns the chart and the plotted data (unscaled) for download.
    """
    observed = pd.DataFrame({"date": pd.to_datetime(pd.Series(dates)).to_numpy(),
                             "value": list(values)})
    grid = pd.date_range(observed["date"].min(), horizon[-1], periods=120)
    curves = pd.concat([fit.predict(grid)[["date", "median"]].assign(model=name)
                        for name, fit in fits.items() if not fit.failed]).rename(
        columns={"median": "value"})
    band = best.predict(horizon)[["date", "pi_low", "pi_high"]].rename(
        columns={"pi_low": "low", "pi_high": "high"}).assign(
        label=f"95% prediction interval ({best.model})")
    scaled = lambda frame, cols: frame.assign(**{c: frame[c] / scale for c in cols})
    chart = fit_overlay(scaled(observed, ["value"]), scaled(curves, ["value"]),
                        band=scaled(band, ["low", "high"]), y_title=y_title, title=title,
                        subtitle=subtitle)
    data = pd.concat([observed.assign(series="observed"),
                      curves.rename(columns={"model": "series"}),
                      band.rename(columns={"label": "series"})])
    return chart, data


def event_rules(events: pd.DataFrame, date: str = "date", label: str = "event") -> alt.Chart:
    """Dashed vertical rules at dated events (policy steps, say), named in the tooltip;
    layer them over a time series sharing its date axis."""
    return alt.Chart(events).mark_rule(strokeDash=[4, 3], color=INK, opacity=0.55).encode(
        # No axis of its own: the series it is layered over sets the date axis.
        x=alt.X(f"{date}:T", title=None),
        tooltip=[_date_tip(date), alt.Tooltip(f"{label}:N", title="Event")])


# ---- five-layers chapter

def what_if_growth(start_value: float, start_label: str, fitted: float,
                   targets: dict[str, float], y_title: str, years: int = 5, title: str = "",
                   subtitle: str = "") -> alt.LayerChart:
    """Interactive path of a quantity growing by a reader-chosen factor per year, against
    the fitted path and horizontal reference levels (``targets``: label -> level)."""
    grid = pd.DataFrame({"years": [i / 4 for i in range(4 * years + 1)]})
    growth = alt.param(name="growth", value=round(fitted * 20) / 20,
                       bind=alt.binding_range(min=1, max=2.5, step=0.05,
                                              name="Growth per year (×) you assume: "))
    fitted_path = grid.assign(path=f"fitted trend ({fitted:.2f}× a year)",
                              value=start_value * fitted ** grid["years"])
    levels = pd.DataFrame([{"path": label, "level": level} for label, level in targets.items()])
    x = alt.X("years:Q", title=f"Years after {start_label}")
    y = _y("value:Q", y_title, decades(fitted_path["value"], levels["level"],
                                       pd.Series([start_value])))
    reference = alt.Chart(fitted_path).mark_line(strokeDash=[5, 3]).encode(
        x=x, y=y, color=alt.Color("path:N", title=None, legend=LEGEND,
                                  scale=alt.Scale(range=PALETTE[1:])))
    level_y = alt.Y("level:Q", scale=_scale(True))
    rules = alt.Chart(levels).mark_rule(color=INK, strokeDash=[2, 2]).encode(
        y=level_y, tooltip=[alt.Tooltip("path:N", title="Level")])
    names = alt.Chart(levels).mark_text(align="left", dx=4, dy=-7, color=INK).encode(
        x=alt.value(0), y=level_y, text="path:N")
    chosen, value_tip = _number_tip(alt.Chart(grid).transform_calculate(
        value=f"{start_value} * pow(growth, datum.years)"), "value", y_title)
    chosen = chosen.mark_line(color=PALETTE[0], strokeWidth=3).encode(
        x=x, y=y, tooltip=[alt.Tooltip("years:Q", title="Years", format=".2~f"), value_tip]
    ).add_params(growth)
    return alt.layer(reference, rules, names, chosen).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined))


# ------------------------------------------------------------------------------ labor chapter

def estimates_with_intervals(data: pd.DataFrame, y_title: str, title: str = "",
                             subtitle: str = "") -> alt.LayerChart:
    """Survey estimates over time with their 95% sampling intervals as error bars, one
    colour per ``group`` (columns date, value, low, high, group)."""
    color = alt.Color("group:N", title=None, legend=LEGEND, scale=alt.Scale(range=PALETTE))
    # Padding keeps the first and last bars clear of the plot's edges.
    x = alt.X("date:T", title=None, axis=time_axis(data["date"]), scale=alt.Scale(padding=24))
    chart, value_tip = _number_tip(alt.Chart(data), "value", y_title)
    chart, low_tip = _number_tip(chart, "low", "95% interval, low")
    chart, high_tip = _number_tip(chart, "high", "95% interval, high")
    tips = [alt.Tooltip("group:N", title="Series"), _date_tip("date"), value_tip, low_tip,
            high_tip]
    bars = chart.mark_rule(strokeWidth=2).encode(
        x=x, y=_y("low:Q", y_title, None), y2="high:Q", color=color, tooltip=tips)
    points = chart.mark_point(filled=True, size=60).encode(
        x=x, y=_y("value:Q", y_title, None), color=color, tooltip=tips)
    return alt.layer(bars, points).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined))


def scatter_with_fit(points: pd.DataFrame, line: pd.DataFrame, x_title: str, y_title: str,
                     title: str = "", subtitle: str = "") -> alt.LayerChart:
    """One point per item (columns x, y, size, label) sized by ``size``, and a fitted line
    with its 95% confidence band (columns x, fitted, low, high)."""
    x = alt.X("x:Q", title=x_title)
    y = alt.Y("y:Q", title=y_title)
    band = alt.Chart(line).mark_area(opacity=0.25, color=PALETTE[1]).encode(
        x=x, y=alt.Y("low:Q", title=y_title), y2="high:Q")
    fit = alt.Chart(line).mark_line(color=PALETTE[1], strokeWidth=2).encode(x=x, y="fitted:Q")
    chart, size_tip = _number_tip(alt.Chart(points), "size", "Jobs (first year)")
    dots = chart.mark_circle(opacity=0.35, color=INK).encode(
        x=x, y=y, size=alt.Size("size:Q", legend=None, scale=alt.Scale(range=[4, 300])),
        tooltip=[alt.Tooltip("label:N", title="Occupation"),
                 alt.Tooltip("x:Q", title=x_title, format=".2f"),
                 alt.Tooltip("y:Q", title=y_title, format=".1f"), size_tip])
    return alt.layer(dots, band, fit).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined))


def occupation_picker(paths: pd.DataFrame, options: list[str], start: str, y_title: str,
                      title: str = "", subtitle: str = "") -> alt.LayerChart:
    """Interactive: a menu picks one occupation (column label) whose path (columns date,
    value, exposure) is drawn over the faint paths of all the others."""
    pick = alt.param(name="occupation", value=start,
                     bind=alt.binding_select(options=options, name="Occupation: "))
    x = alt.X("date:T", title=None, axis=time_axis(paths["date"]), scale=alt.Scale(padding=24))
    y = _y("value:Q", y_title, None)
    others = alt.Chart(paths).mark_line(color=INK, opacity=0.08, strokeWidth=1).encode(
        x=x, y=y, detail="label:N")
    chart, value_tip = _number_tip(alt.Chart(paths), "value", y_title)
    chosen = chart.transform_filter("datum.label == occupation").mark_line(
        color=PALETTE[0], strokeWidth=3, point=True).encode(
        x=x, y=y, tooltip=[alt.Tooltip("label:N", title="Occupation"), _date_tip("date"),
                           value_tip, alt.Tooltip("exposure:Q", title="AI exposure (share of tasks)",
                                                  format=".2f")])
    return alt.layer(others, chosen.add_params(pick)).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined))


def study_effects(data: pd.DataFrame, break_even: float, claimed: tuple[float, float],
                  x_title: str, title: str = "", subtitle: str = "") -> alt.LayerChart:
    """One row per study outcome (columns label, gain_pct, low_pct, high_pct): its estimate,
    its interval where stated, a dashed break-even line and a shaded claimed range."""
    order = list(data.sort_values("gain_pct")["label"])
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=0))
    x = alt.X("gain_pct:Q", title=x_title)
    claim = alt.Chart(pd.DataFrame({"a": [claimed[0]], "b": [claimed[1]]})).mark_rect(
        opacity=0.15, color=PALETTE[2]).encode(x="a:Q", x2="b:Q")
    line = alt.Chart(pd.DataFrame({"x": [break_even]})).mark_rule(
        color=INK, strokeDash=[4, 3]).encode(x="x:Q")
    bars = alt.Chart(data).mark_rule(strokeWidth=2, color=PALETTE[0]).encode(
        x=alt.X("low_pct:Q", title=x_title), x2="high_pct:Q", y=y)
    dots = alt.Chart(data).mark_point(filled=True, size=70, color=PALETTE[0]).encode(
        x=x, y=y, tooltip=[alt.Tooltip("label:N", title="Study"),
                           alt.Tooltip("outcome:N", title="Outcome"),
                           alt.Tooltip("gain_pct:Q", title="Output gain (%)", format=".0f")])
    return alt.layer(claim, line, bars, dots).properties(
        height=32 * len(order), title=alt.Title(title, subtitle=subtitle or alt.Undefined))


def labelled_bars(data: pd.DataFrame, category: str, value: str, group: str, x_title: str,
                  title: str = "", subtitle: str = "") -> alt.Chart:
    """Horizontal bars of ``value`` per ``category`` (largest first), coloured by ``group``.
    Keep category labels short: they are cut at 170 pixels to fit a phone's column."""
    order = data.sort_values(value, ascending=False)[category].tolist()
    chart, value_tip = _number_tip(alt.Chart(data), value, x_title)
    return chart.mark_bar().encode(
        y=alt.Y(f"{category}:N", title=None, sort=order, axis=alt.Axis(labelLimit=170)),
        x=alt.X(f"{value}:Q", title=x_title),
        color=alt.Color(f"{group}:N", title=None, legend=LEGEND, scale=alt.Scale(range=PALETTE)),
        tooltip=[alt.Tooltip(f"{category}:N", title=_label(category)),
                 alt.Tooltip(f"{group}:N", title=_label(group)), value_tip],
    ).properties(height=32 * len(order), title=alt.Title(title, subtitle=subtitle or alt.Undefined))


def flow_network(edges: pd.DataFrame, nodes: pd.DataFrame, amount: str, kind: str,
                 amount_title: str, title: str = "", subtitle: str = "") -> alt.LayerChart:
    """Flows between named parties drawn as tapered links, thick at the payer and thin at
    the receiver, so the direction reads without arrowheads; width by ``amount``.

    ``edges`` has one row per end of each link: ``link``, ``x``, ``y``, ``width`` (0 at the
    receiving end), ``amount``, ``kind`` and a ``label`` for the tooltip; ``nodes`` has
    ``name``, ``x`` and ``y`` in [-1, 1].  The plot is square in data units and scales to
    the column's width.
    """
    domain = alt.Scale(domain=[-1.35, 1.35], nice=False)
    axis_free = {"axis": None, "scale": domain}
    links = alt.Chart(edges).mark_trail(opacity=0.75).encode(
        x=alt.X("x:Q", **axis_free), y=alt.Y("y:Q", **axis_free),
        detail="link:N", order="end:O",
        size=alt.Size("width:Q", legend=None, scale=alt.Scale(range=[0, 28])),
        color=alt.Color(f"{kind}:N", title=None, legend=LEGEND, scale=alt.Scale(range=PALETTE)),
        tooltip=[alt.Tooltip("label:N", title="Link"),
                 alt.Tooltip(f"{kind}:N", title=_label(kind)),
                 alt.Tooltip(f"{amount}:Q", title=amount_title, format=",.3~r")])
    points = alt.Chart(nodes).mark_circle(size=90, color=INK).encode(
        x=alt.X("x:Q", **axis_free), y=alt.Y("y:Q", **axis_free))
    names = alt.Chart(nodes).mark_text(fontSize=12, fontWeight="bold", color=INK, dy=-12).encode(
        x=alt.X("x:Q", **axis_free), y=alt.Y("y:Q", **axis_free), text="name:N")
    return alt.layer(links, points, names).properties(
        height=360, title=alt.Title(title, subtitle=subtitle or alt.Undefined))
