"""One chart style for the book, and publishing figures with their downloads.

A chapter builds an Altair chart and hands it to :func:`publish`, which

* writes ``<name>.png`` and ``<name>.svg`` (the chart with its source line under it),
  ``<name>.csv`` (the plotted data, units in the header, ISO dates), ``<name>.json``
  (metadata) and ``<name>.vl.json`` (the download spec) into the site's ``figures/``
  folder; at the end of the build :mod:`analysis.sphinx_figures` stamps the PNG and SVG
  with the figure's number, URL, licence and date,
* glues an HTML block under the figure's name, so the page places it with
  ``{glue:figure}`` and a numbered caption: the chart spec, drawn as wide as its column
  by the Vega bundle the site ships, its title as text, a static PNG for readers without
  JavaScript, the source line and the download links; non-HTML builders (PDF) get the PNG.
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
FIGURE_LICENCE = "CC BY 4.0"
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@alt.theme.register("aifactory", enable=True)
def book_theme() -> alt.theme.ThemeConfig:
    font = "Helvetica, Arial, sans-serif"
    return {
        "config": {
            "font": font,
            "mark": {"invalid": "break-paths-show-domains"},  # a missing value leaves a gap
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "range": {"category": PALETTE},
            "title": {"anchor": "start", "fontSize": 15, "color": INK, "subtitleColor": MUTED,
                      "subtitleFontSize": 12, "offset": 12},
            "axis": {"labelColor": INK, "titleColor": INK, "labelFontSize": 11,
                     "titleFontSize": 12, "titleFontWeight": "normal", "gridColor": "#e6e6e6",
                     "domainColor": MUTED, "tickColor": MUTED},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "titleFontWeight": "normal",
                       "orient": "top", "direction": "horizontal", "labelLimit": 0},
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


def small_print(spec: dict, *lines: str) -> dict:
    """``spec`` (a figure's download spec) with ``lines`` added to the small print under it."""
    title = spec["title"]
    return {**spec, "title": {**title, "text": [*title["text"], *lines]}}


def _download_chart(chart: alt.TopLevelMixin, source: str, description: str) -> dict:
    """The spec of the PNG/SVG downloads: fixed width, the source line printed underneath
    (so a pasted image still carries it)."""
    footer = alt.Title([f"Source: {source}"], orient="bottom", anchor="start", fontSize=10,
                       fontWeight="normal", color=MUTED, offset=10)
    # Independent legends stay with the chart, under its title, not above the whole image.
    return (alt.vconcat(chart).properties(title=footer, description=description)
            .resolve_legend(color="independent").configure_view(stroke=None).to_dict())


def _page_spec(chart: alt.TopLevelMixin, description: str) -> tuple[dict, dict]:
    """The spec drawn in the page, as wide as its column from a phone to a desktop, and its
    title, which the page prints as text so that it wraps on a narrow screen."""
    spec = chart.properties(width="container", description=description,
                            autosize=alt.AutoSizeParams(type="fit-x", contains="padding")
                            ).to_dict()
    title = spec.pop("title", {})
    return spec, {"text": title} if isinstance(title, str) else title


def render_downloads(spec: dict, out: Path, name: str) -> bytes:
    """Write ``<name>.svg`` and ``<name>.png`` (twice the size, for print); return the PNG."""
    (out / f"{name}.svg").write_text(vlc.vegalite_to_svg(spec, vl_version=VEGALITE_VERSION),
                                     encoding="utf-8")
    png = vlc.vegalite_to_png(spec, vl_version=VEGALITE_VERSION, scale=2)
    (out / f"{name}.png").write_bytes(png)
    return png


def _with_units(name: str, data: pd.DataFrame, units: dict[str, str]) -> pd.DataFrame:
    """Columns named in words with their unit, dates written as ISO dates."""
    unknown = sorted(set(units) - set(data.columns))
    if unknown:
        raise ValueError(f"figure '{name}': units given for columns the data do not have: "
                         f"{unknown}")
    missing = [c for c in data.columns if pd.api.types.is_numeric_dtype(data[c])
               and c not in units]
    if missing:
        raise ValueError(f"figure '{name}': numeric columns need a unit (use '' for counts "
                         f"and ratios): {missing}")
    out = data.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out.rename(columns={c: column_header(c, units.get(c, "")) for c in out.columns})


def column_header(column: str, unit: str) -> str:
    """``revenue_bn`` with unit ``USD billion`` -> ``revenue bn (USD billion)``."""
    words = column.replace("_", " ")
    return f"{words} ({unit})" if unit else words


def download_links(name: str, formats: tuple[tuple[str, str], ...]) -> str:
    """Links from the executing page to its files in the site's ``figures/`` folder."""
    return (f'<p class="aif-downloads">Download: '
            + " · ".join(f'<a href="{_figures_prefix()}{name}.{ext}" download>{label}</a>'
                         for ext, label in formats) + "</p>")


def _figures_prefix() -> str:
    depth = len(Path.cwd().resolve().relative_to(book_root()).parts)
    return "../" * depth + "figures/"


class Figure:
    """A published chart: its Vega-Lite spec, its rendered PNG and the links to its downloads."""

    def __init__(self, name: str, spec: dict, links: str, png: bytes = b"", source: str = "",
                 fallback: str = "", title: dict | None = None):
        self.name = name
        self.spec = spec
        self.links = links
        self.png = png
        self.source = source
        self.fallback = fallback  # URL of the static image shown without JavaScript
        self.title = title or {}

    def _repr_html_(self) -> str:
        spec = json.dumps(self.spec, sort_keys=True).replace("</", "<\\/")
        alt_text = html.escape(self.spec.get("description", self.name))
        heading = "".join(f'<p class="{css}">{html.escape(self.title[key])}</p>'
                          for key, css in (("text", "aif-title"), ("subtitle", "aif-subtitle"))
                          if self.title.get(key))
        static = (f'<noscript><img class="aif-static" src="{self.fallback}" alt="{alt_text}">'
                  f'</noscript>' if self.fallback else "")
        source = (f'<p class="aif-source">Source: {html.escape(self.source)}</p>'
                  if self.source else "")
        return (f'<div class="aif-figure">{heading}'
                f'<div class="aif-chart" data-spec="aif-spec-{self.name}" role="img" '
                f'aria-label="{alt_text}">{static}</div>'
                f'<script type="application/json" id="aif-spec-{self.name}">{spec}</script>'
                f'{source}{self.links}</div>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        # HTML builders pick text/html; LaTeX/PDF and other static builders fall back to the PNG.
        bundle = {"text/html": self._repr_html_(), "text/plain": f"<Figure {self.name}>"}
        if self.png:
            bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle


def _title_text(chart: alt.TopLevelMixin) -> str:
    title = chart.to_dict().get("title", "")
    return title.get("text", "") if isinstance(title, dict) else title


def publish(name: str, chart: alt.TopLevelMixin, data: pd.DataFrame, source: str,
            description: str, units: dict[str, str]) -> Figure:
    """Finish ``chart`` in the book style, write its downloads and glue it as ``name``.

    ``name`` is the figure's stable identifier (lower-case words joined by hyphens):
    file names and the page anchor derive from it, so memos can link to it.
    ``data`` is what the chart plots, exported as CSV with ``units`` (column -> unit,
    required for every numeric column) in its header; ``source`` is printed under the
    chart; ``description`` is the text alternative for screen readers.
    Besides ``<name>.png/.svg/.csv`` it writes ``<name>.json`` (metadata, completed with
    the figure number and citation at the end of the build) and ``<name>.vl.json`` (the
    download spec the build re-renders with that stamp).
    """
    if not _NAME.fullmatch(name):
        raise ValueError(f"figure name '{name}' must be lower-case words joined by hyphens")
    table = _with_units(name, data, units)
    download = _download_chart(chart, source, description)
    out = figure_dir()
    out.mkdir(parents=True, exist_ok=True)
    png = render_downloads(download, out, name)
    table.to_csv(out / f"{name}.csv", index=False)
    (out / f"{name}.vl.json").write_text(json.dumps(download), encoding="utf-8")
    metadata = {"name": name, "title": _title_text(chart), "description": description,
                "source": source, "licence": FIGURE_LICENCE,
                "columns": [{"name": column_header(c, units.get(c, "")), "unit": units.get(c, "")}
                            for c in data.columns]}
    (out / f"{name}.json").write_text(json.dumps(metadata, indent=1, ensure_ascii=False),
                                      encoding="utf-8")
    spec, title = _page_spec(chart, description)
    figure = Figure(name, spec, download_links(
        name, (("png", "PNG"), ("svg", "SVG"), ("csv", "data (CSV)"),
               ("json", "metadata (JSON)"))), png, source, f"{_figures_prefix()}{name}.png",
        title)
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
    return DownloadLinks(download_links(name, (("csv", "CSV"), ("json", "JSON"))))


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one script, scoped so its names do not leak.

    The bundle declares top-level constants; wrapped in a function they cannot
    clash with the theme's scripts, and it still sets ``window.vegaEmbed``.
    """
    return "(function () {\n" + vlc.javascript_bundle(vl_version=VEGALITE_VERSION) + "\n})();\n"
