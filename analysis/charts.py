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
                y_format: str | None = None, order: list[str] | None = None) -> alt.Chart:
    """Lines (or stacked areas) of ``y`` over dates ``x``, one per ``color`` category."""
    enc = {"x": alt.X(f"{x}:T", title=None, axis=YEAR_AXIS),
           "y": _y(f"{y}:Q", y_title, log, y_format, stack="zero" if stacked else None),
           "tooltip": [alt.Tooltip(f"{x}:T", title="Date"),
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



def grouped_fits(observed: pd.DataFrame, curves: pd.DataFrame | None, y_title: str,
                 title: str = "", subtitle: str = "", log: bool = True) -> alt.LayerChart:
    """Points and fitted lines (if any) for several groups (columns date, value, group)."""
    color = alt.Color("group:N", title=None, scale=alt.Scale(range=PALETTE))
    y = _y("value:Q", y_title, log, None)
    points = alt.Chart(observed).mark_point().encode(
        x=alt.X("date:T", title=None, axis=YEAR_AXIS), y=y, color=color,
        tooltip=[c for c in observed.columns if c != "value"] + [
            alt.Tooltip("value:Q", title=y_title, format=",.3~r")])
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
    x = alt.X("years:Q", title=f"Years after {start_label}")
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(type="log"))
    fixed = pd.concat([grid.assign(path=f"fitted ({fitted:.1f}× a year)",
                                   value=start_value / fitted ** grid["years"]),
                       grid.assign(path=f"claim ({claimed:.1f}× a year)",
                                   value=start_value / claimed ** grid["years"])])
    reference = alt.Chart(fixed).mark_line(strokeDash=[5, 3]).encode(
        x=x, y=y, color=alt.Color("path:N", title=None, scale=alt.Scale(range=PALETTE[1:])))
    chosen = alt.Chart(grid).transform_calculate(
        value=f"{start_value} / pow(fall, datum.years)").mark_line(
        color=PALETTE[0], strokeWidth=3).encode(
        x=x, y=y, tooltip=[alt.Tooltip("years:Q"), alt.Tooltip("value:Q", format=",.3~g")]
    ).add_params(fall)
    return alt.layer(reference, chosen).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined))


def tornado(data: pd.DataFrame, category: str, value: str, end: str, reference: float,
            x_title: str, title: str = "", subtitle: str = "") -> alt.LayerChart:
    """Sensitivity bars: for each input, the output at its low and high end (log scale)."""
    order = list(dict.fromkeys(data[category]))
    y = alt.Y(f"{category}:N", title=None, sort=order)
    x = alt.X(f"{value}:Q", title=x_title, scale=alt.Scale(type="log"))
    span = alt.Chart(data).mark_line(color=INK, strokeWidth=6, opacity=0.25).encode(
        x=x, y=y, detail=f"{category}:N")
    ends = alt.Chart(data).mark_point(size=90, filled=True).encode(
        x=x, y=y, color=alt.Color(f"{end}:N", title=None, scale=alt.Scale(range=PALETTE)),
        tooltip=[f"{category}:N", f"{end}:N", alt.Tooltip(f"{value}:Q", format=",.3~g")])
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
