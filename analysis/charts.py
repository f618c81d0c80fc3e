"""Chart factories: the few chart shapes the book uses, in the book's style.

Each returns an Altair chart; :func:`analysis.figures.publish` adds the source
line and writes the downloads.  Axis titles always carry units.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .figures import INK, PALETTE


# Label time axes by year: month names alone are ambiguous on multi-year series.
YEAR_AXIS = alt.Axis(format="%Y", tickCount="year")


def _scale(log: bool) -> alt.Scale:
    return alt.Scale(type="log") if log else alt.Scale(zero=True)


def _y(field: str, title: str, log: bool, fmt: str | None, stack=None) -> alt.Y:
    return alt.Y(field, title=title, scale=_scale(log), stack=stack,
                 axis=alt.Axis(format=fmt) if fmt else alt.Axis())


def time_series(data: pd.DataFrame, x: str, y: str, y_title: str, color: str | None = None,
                title: str = "", subtitle: str = "", log: bool = False, stacked: bool = False,
                y_format: str | None = None, order: list[str] | None = None,
                tooltip: list | None = None) -> alt.Chart:
    """Lines (or stacked areas) of ``y`` over dates ``x``, one per ``color`` category."""
    enc = {"x": alt.X(f"{x}:T", title=None, axis=YEAR_AXIS),
           "y": _y(f"{y}:Q", y_title, log, y_format, stack="zero" if stacked else None),
           "tooltip": tooltip or [alt.Tooltip(f"{x}:T", title="Date"),
                                  alt.Tooltip(f"{y}:Q", title=y_title, format=",.3~r")]}
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=None, sort=order,
                                 scale=alt.Scale(domain=order, range=PALETTE) if order else
                                 alt.Undefined)
        if stacked and order:
            # Stack in the legend's order, largest market at the bottom.
            data = data.assign(stack_order=data[color].map({m: i for i, m in
                                                            enumerate(order)}))
            enc["order"] = alt.Order("stack_order:Q")
        enc["tooltip"] = [alt.Tooltip(f"{color}:N", title="Series"), *enc["tooltip"]]
    mark = (alt.Chart(data).mark_area(opacity=0.9) if stacked
            else alt.Chart(data).mark_line(point=len(data) < 80))
    return mark.encode(**enc).properties(title=alt.Title(title, subtitle=subtitle or alt.Undefined))


def fit_overlay(observed: pd.DataFrame, curves: pd.DataFrame, y_title: str,
                band: pd.DataFrame | None = None, title: str = "", subtitle: str = "",
                log: bool = True) -> alt.LayerChart:
    """Observed points, fitted curves (one per ``model``) and an optional prediction band.

    ``observed`` has columns date, value; ``curves`` date, value, model;
    ``band`` date, low, high, label.
    """
    y = _y("value:Q", y_title, log, None)
    layers = []
    if band is not None and not band.empty:
        layers.append(alt.Chart(band).mark_area(opacity=0.18, color=PALETTE[0]).encode(
            x="date:T", y=alt.Y("low:Q", title=y_title, scale=_scale(log)), y2="high:Q",
            tooltip=[alt.Tooltip("label:N", title="Band"), alt.Tooltip("date:T"),
                     alt.Tooltip("low:Q", format=",.3~r"),
                     alt.Tooltip("high:Q", format=",.3~r")]))
    layers.append(alt.Chart(curves).mark_line(strokeDash=[5, 3]).encode(
        x=alt.X("date:T", title=None, axis=YEAR_AXIS), y=y,
        color=alt.Color("model:N", title=None, scale=alt.Scale(range=PALETTE[1:])),
        tooltip=[alt.Tooltip("model:N"), alt.Tooltip("date:T"),
                 alt.Tooltip("value:Q", format=",.3~r")]))
    layers.append(alt.Chart(observed).mark_point(color=INK).encode(
        x="date:T", y=y, tooltip=[alt.Tooltip("date:T"),
                                  alt.Tooltip("value:Q", title=y_title, format=",.3~r")]))
    return alt.layer(*layers).properties(title=alt.Title(title, subtitle=subtitle or
                                                         alt.Undefined))

