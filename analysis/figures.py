"""One chart style for the book, and publishing figures with their downloads.

A chapter builds an Altair chart and hands it to :func:`publish`, which

* adds the source line under the chart (so a pasted PNG still carries it),
* writes ``<name>.png``, ``<name>.svg`` and ``<name>.csv`` (the plotted data)
  into the site's ``figures/`` folder,
* glues an HTML block (the chart spec, rendered in the browser by the
  Vega bundle the site ships, plus the download links) under the figure's name,
  so the page places it with ``{glue:figure}`` and a numbered caption.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

VEGALITE_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
FIGURE_DIR_ENV = "AIFACTORY_FIGURE_DIR"

# Okabe & Ito (2008) palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442",
           "#000000"]
INK = "#222222"
MUTED = "#666666"
WIDTH, HEIGHT = 540, 300
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@alt.theme.register("aifactory", enable=True)
def book_theme() -> alt.theme.ThemeConfig:
    font = "Helvetica, Arial, sans-serif"
    return {
        "config": {
            "font": font,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "range": {"category": PALETTE},
            "title": {"anchor": "start", "fontSize": 15, "color": INK, "subtitleColor": MUTED,
                      "subtitleFontSize": 12, "offset": 12},
            "axis": {"labelColor": INK, "titleColor": INK, "labelFontSize": 11,
                     "titleFontSize": 12, "titleFontWeight": "normal", "gridColor": "#e6e6e6",
                     "domainColor": MUTED, "tickColor": MUTED},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "titleFontWeight": "normal",
                       "orient": "top", "direction": "horizontal"},
            "line": {"strokeWidth": 2},
            "point": {"size": 40, "filled": True},
        }
    }


def book_root(start: Path | None = None) -> Path:
    """The folder holding ``_config.yml``, found from the working directory upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").exists():
            return folder
    raise FileNotFoundError("no _config.yml above the working directory: not inside the book")


def figure_dir() -> Path:
    """Where downloads go: set by the book's Sphinx extension, else the default build tree."""
    configured = os.environ.get(FIGURE_DIR_ENV)
    return Path(configured) if configured else book_root() / "_build" / "_figures" / "figures"


def _with_source_line(chart: alt.TopLevelMixin, source: str) -> alt.VConcatChart:
    footer = (alt.Chart(alt.Data(values=[{"text": source}]))
              .mark_text(align="left", baseline="top", fontSize=10, color=MUTED, x=0, y=0)
              .encode(text="text:N")
              .properties(height=14, width=WIDTH))
    return alt.vconcat(chart, footer, spacing=6).configure_view(stroke=None)


def _download_links(name: str, formats: tuple[tuple[str, str], ...]) -> str:
    """Links from the executing page to its files in the site's ``figures/`` folder."""
    depth = len(Path.cwd().resolve().relative_to(book_root()).parts)
    prefix = "../" * depth + "figures/"
    links = " · ".join(f'<a href="{prefix}{name}.{ext}" download>{label}</a>'
                       for ext, label in formats)
    return f'<p class="aif-downloads">Download: {links}</p>'


class Figure:
    """A published chart: its Vega-Lite spec, its rendered PNG and the links to its downloads."""

    def __init__(self, name: str, spec: dict, links: str, png: bytes = b""):
        self.name = name
        self.spec = spec
        self.links = links
        self.png = png

    def _repr_html_(self) -> str:
        spec = json.dumps(self.spec, sort_keys=True).replace("</", "<\\/")
        return (f'<div class="aif-figure">'
                f'<div class="aif-chart" data-spec="aif-spec-{self.name}" role="img" '
                f'aria-label="{html.escape(self.spec.get("description", self.name))}"></div>'
                f'<script type="application/json" id="aif-spec-{self.name}">{spec}</script>'
                f'{self.links}</div>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        # HTML builders pick text/html; LaTeX/PDF and other static builders fall back to the PNG.
        bundle = {"text/html": self._repr_html_(), "text/plain": f"<Figure {self.name}>"}
        if self.png:
            bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle


def publish(name: str, chart: alt.TopLevelMixin, data: pd.DataFrame, source: str,
            description: str) -> Figure:
    """Finish ``chart`` in the book style, write its downloads and glue it as ``name``.

    ``name`` is the figure's stable identifier (lower-case words joined by hyphens):
    file names and the page anchor derive from it, so memos can link to it.
    ``data`` is what the chart plots, exported as CSV; ``source`` is printed under
    the chart; ``description`` is the text alternative for screen readers.
    """
    if not _NAME.fullmatch(name):
        raise ValueError(f"figure name '{name}' must be lower-case words joined by hyphens")
    full = _with_source_line(chart, f"Source: {source}").properties(description=description)
    spec = full.to_dict()
    out = figure_dir()
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.svg").write_text(vlc.vegalite_to_svg(spec, vl_version=VEGALITE_VERSION),
                                     encoding="utf-8")
    png = vlc.vegalite_to_png(spec, vl_version=VEGALITE_VERSION, scale=2)
    (out / f"{name}.png").write_bytes(png)
    data.to_csv(out / f"{name}.csv", index=False)
    figure = Figure(name, spec, _download_links(
        name, (("png", "PNG"), ("svg", "SVG"), ("csv", "data (CSV)"))), png)
    from myst_nb import glue  # imported late: only needed inside an executing notebook
    glue(name, figure, display=False)
    return figure


class DownloadLinks:
    """Displays as the download line of a published table."""

    def __init__(self, html_text: str):
        self.html_text = html_text

    def _repr_html_(self) -> str:
        return self.html_text


def publish_table(name: str, table: pd.DataFrame) -> DownloadLinks:
    """Write ``table`` as ``<name>.csv`` and ``<name>.json`` beside the figures; return links."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"table name '{name}' must be lower-case words joined by hyphens")
    out = figure_dir()
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / f"{name}.csv", index=False)
    table.to_json(out / f"{name}.json", orient="records", indent=1, date_format="iso")
    return DownloadLinks(_download_links(name, (("csv", "CSV"), ("json", "JSON"))))


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one script, scoped so its names do not leak.

    The bundle declares top-level constants; wrapped in a function they cannot
    clash with the theme's scripts, and it still sets ``window.vegaEmbed``.
    """
    return "(function () {\n" + vlc.javascript_bundle(vl_version=VEGALITE_VERSION) + "\n})();\n"
