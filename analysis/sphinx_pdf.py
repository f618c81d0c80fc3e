"""Sphinx extension for the print (PDF) edition, built with the ``singlehtml`` builder.

* Charts are shown as their static PNG, not as live Vega-Lite: a printed page cannot
  run JavaScript reliably, and the PNG is the same rendering the site offers for download.
* The web chrome (header, search, navigation sidebars) is hidden.
* Where a chart has an interactive control (a Vega-Lite binding such as a slider), a
  note under it says that the print shows the chart at its starting setting.

``scripts/pdf.py`` builds this edition and prints it to PDF with Debian's Chromium.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

PRINT_BUILDER = "singlehtml"
REDUCED_NOTE = ("Print edition: on the web this chart is interactive (its control, such as "
                "a slider, changes what it shows); here it is shown at its starting setting.")


def is_interactive_chart(html_text: str) -> bool:
    """A Vega-Lite spec with a bound parameter (slider, dropdown, checkbox...)."""
    return "aif-spec-" in html_text and '"bind":' in html_text


class NoteReducedCharts(SphinxPostTransform):
    """Add a note under every interactive chart; runs before myst-nb picks the PNG (4)."""

    default_priority = 3
    builders = (PRINT_BUILDER,)

    def run(self, **kwargs) -> None:
        for bundle in list(self.document.findall(nodes.container)):
            if bundle.get("nb_element") != "mime_bundle":
                continue
            html_text = "".join(child.astext() for child in bundle.children
                                if child.get("mime_type") == "text/html")
            if is_interactive_chart(html_text):
                note = nodes.paragraph(text=REDUCED_NOTE, classes=["aif-print-note"])
                bundle.parent.insert(bundle.parent.index(bundle) + 1, note)


def _on_config_inited(app: Sphinx, config) -> None:
    # Lowest number wins: in the print edition, the static PNG before the HTML chart.
    config.nb_mime_priority_overrides = [*config.nb_mime_priority_overrides,
                                         (PRINT_BUILDER, "image/png", 0)]


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.name == PRINT_BUILDER:
        app.add_css_file("aif-print.css")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.add_post_transform(NoteReducedCharts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
