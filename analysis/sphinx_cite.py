"""Sphinx extension that makes every page and figure of the report citable.

* A build stamp (release version from ``pyproject.toml``, build date, data vintage,
  git commit) is added to the licence footer of every page.
* Every page ends with a collapsible "Cite this page" block, and every numbered
  figure is followed by a "Cite this figure" block, each in plain text and BibTeX.
* The ``{aif-report-citation}`` directive prints the citation of the whole report, and
  ``{aif-changelog}`` the changelog computed from the releases stored in ``releases/``.

URLs come from one setting, ``html.baseurl`` in ``_config.yml`` (Sphinx's
``html_baseurl``). While it is empty the report has no public address, so a
citation names the page path inside the report instead of inventing a URL.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import catalogue, changelog, figures

ROOT = Path(__file__).resolve().parent.parent
REPORT_TITLE = "The AI factory, tested"
AUTHOR = "The AI factory, tested contributors"


@dataclass(frozen=True)
class Stamp:
    """What identifies one build of the report."""

    version: str
    build_date: str
    data_vintage: str
    commit: str


def release_version(root: Path = ROOT) -> str:
    """The single release number of the report: ``[project] version`` in pyproject.toml."""
    with open(root / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def data_vintage(data_dir: Path = catalogue.DATA_DIR) -> str:
    """Latest day any figure was read from its source (``date_accessed`` in sources.csv)."""
    accessed = catalogue.load_table("sources", data_dir)["date_accessed"]
    return pd.Timestamp(accessed.max()).date().isoformat()


def git_commit(root: Path = ROOT) -> str:
    """Short hash of the checked-out commit, marked ``-dirty`` with uncommitted changes."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root,
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("-dirty" if dirty.strip() else "")


def build_date() -> str:
    """Today (UTC), or the day given by SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch
           else dt.datetime.now(dt.timezone.utc))
    return now.date().isoformat()


def current_stamp(root: Path = ROOT) -> Stamp:
    return Stamp(release_version(root), build_date(), data_vintage(root / "data"),
                 git_commit(root))


def footer_stamp_html(stamp: Stamp) -> str:
    return (f'<p class="aif-stamp">Version {html.escape(stamp.version)} · built '
            f'{stamp.build_date} · data as of {stamp.data_vintage} · commit '
            f'<code>{html.escape(stamp.commit)}</code></p>')


# --------------------------------------------------------------------------- citations

@dataclass(frozen=True)
class Cited:
    """One thing to cite: the whole report, a page, or a figure on a page."""

    title: str
    page: str = ""       # page path inside the site, e.g. "book/summary.html"
    anchor: str = ""     # e.g. "fig-revenue-by-market"
    kind: str = "page"   # "report", "page" or "figure"


def locator(cited: Cited) -> str:
    return cited.page + (f"#{cited.anchor}" if cited.anchor else "")


def cited_url(cited: Cited, baseurl: str) -> str:
    """Stable URL of the cited thing, or "" while the report has no base URL."""
    if not baseurl:
        return ""
    return baseurl.rstrip("/") + "/" + locator(cited)


def citation_text(cited: Cited, stamp: Stamp, baseurl: str) -> str:
    """A plain-text citation; without a base URL it names the path inside the report."""
    year = stamp.build_date[:4]
    where = cited_url(cited, baseurl)
    if not where:
        where = f"No public URL yet; {cited.kind} at {locator(cited)} in the report." \
            if cited.page else "No public URL yet."
    head = f"{AUTHOR} ({year}). "
    if cited.kind == "report":
        head += f"{REPORT_TITLE}."
    else:
        head += f"{cited.title}. In: {REPORT_TITLE}."
    return (f"{head} Version {stamp.version}, built {stamp.build_date}, data as of "
            f"{stamp.data_vintage}, commit {stamp.commit}. {where}")


def bibtex_key(cited: Cited, stamp: Stamp) -> str:
    slug = cited.anchor or cited.page.removesuffix(".html").replace("/", "-") or "report"
    return f"aifactory-{slug}-{stamp.version}"


def citation_bibtex(cited: Cited, stamp: Stamp, baseurl: str) -> str:
    fields = [("author", "{" + AUTHOR + "}")]
    if cited.kind == "report":
        fields.append(("title", REPORT_TITLE))
    else:
        fields += [("title", cited.title), ("booktitle", REPORT_TITLE)]
    fields += [("year", stamp.build_date[:4]), ("version", stamp.version)]
    url = cited_url(cited, baseurl)
    if url:
        fields.append(("url", url))
    note = (f"Built {stamp.build_date}; data as of {stamp.data_vintage}; "
            f"commit {stamp.commit}")
    if cited.page and not url:
        note += f"; {cited.kind} at {locator(cited)} (no public URL yet)"
    fields.append(("note", note))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(cited, stamp)},\n{body}\n}}"


def cite_block_html(cited: Cited, stamp: Stamp, baseurl: str, summary: str,
                    expanded: bool = False) -> str:
    """A <details> block, collapsed unless ``expanded``, with the citation as text and BibTeX."""
    text = html.escape(citation_text(cited, stamp, baseurl))
    bib = html.escape(citation_bibtex(cited, stamp, baseurl))
    state = " open" if expanded else ""
    return (f'<details class="aif-cite aif-cite-{cited.kind}"{state}><summary>{summary}</summary>'
            f'<p class="aif-cite-text">{text}</p><pre class="aif-cite-bibtex">{bib}</pre>'
            "</details>")


# --------------------------------------------------------------------------- Sphinx

class report_citation(nodes.General, nodes.Element):
    """Placeholder for the whole-report citation, filled in when the page is written."""


class ReportCitationDirective(SphinxDirective):
    def run(self):
        return [report_citation()]


class ChangelogDirective(SphinxDirective):
    """The changelog, re-read whenever a release is stored (no notebook cache to go stale)."""

    def run(self):
        releases = Path(self.env.srcdir) / "releases"
        versions = changelog.released_versions(releases)
        for version in versions:
            for path in (releases / version).iterdir():
                self.env.note_dependency(str(path))
        self.env.note_dependency(str(releases / changelog.REASONS))
        # A new release is a new folder, which no file dependency sees: see _on_env_get_outdated.
        if not hasattr(self.env, "aif_changelog_versions"):
            self.env.aif_changelog_versions = {}
        self.env.aif_changelog_versions[self.env.docname] = versions
        container = nodes.container(classes=["aif-changelog"])
        # The ledger of this build is written before any page is read; the key numbers
        # only after every page, so this build's changes to them show in the next release.
        text = ("## Since the last release\n\n"
                + changelog.since_last_release(figures.figure_dir(), releases,
                                               exports=changelog.EXPORTS[:1])
                + "\n\n" + changelog.changelog_markdown(releases))
        self.state.nested_parse(StringList(text.splitlines()), self.content_offset, container)
        return [container]


def _on_env_get_outdated(app: Sphinx, env, added, changed, removed) -> set[str]:
    """Pages showing the changelog, when the stored releases are not those they show."""
    current = changelog.released_versions(Path(app.srcdir) / "releases")
    shown = getattr(env, "aif_changelog_versions", {})
    return {doc for doc, versions in shown.items() if versions != current and doc in env.found_docs}


def _on_env_merge_info(app: Sphinx, env, docnames, other) -> None:
    if not hasattr(env, "aif_changelog_versions"):
        env.aif_changelog_versions = {}
    env.aif_changelog_versions.update(getattr(other, "aif_changelog_versions", {}))


def _on_config_inited(app: Sphinx, config) -> None:
    app.aif_stamp = current_stamp(Path(app.confdir))
    options = dict(config.html_theme_options)
    options["extra_footer"] = options.get("extra_footer", "") + footer_stamp_html(app.aif_stamp)
    config.html_theme_options = options


def _figure_number(env, docname: str, figure_id: str) -> str:
    number = env.toc_fignumbers.get(docname, {}).get("figure", {}).get(figure_id)
    return ".".join(map(str, number)) if number else ""


def _figure_title(figure: nodes.figure, number: str) -> str:
    caption = next(iter(figure.findall(nodes.caption)), None)
    text = caption.astext().strip() if caption is not None else ""
    return f"Figure {number}" + (f": {text}" if text else "")


def _on_doctree_resolved(app: Sphinx, doctree, docname: str) -> None:
    stamp, baseurl = app.aif_stamp, app.config.html_baseurl
    report = Cited(REPORT_TITLE, kind="report")
    for node in list(doctree.findall(report_citation)):
        node.replace_self([nodes.literal_block(text=citation_text(report, stamp, baseurl)),
                           nodes.literal_block(text=citation_bibtex(report, stamp, baseurl))])
    if app.builder.format != "html":
        return
    if app.builder.name == "singlehtml":  # the print edition: cite the report, expanded
        doctree += nodes.raw("", cite_block_html(report, stamp, baseurl, "Cite this report",
                                                 expanded=True), format="html")
        return
    page = app.builder.get_target_uri(docname)
    for figure in list(doctree.findall(nodes.figure)):
        anchor = next((i for i in figure["ids"] if i.startswith("fig-")), None)
        number = _figure_number(app.env, docname, anchor) if anchor else ""
        if not number:
            continue
        cited = Cited(_figure_title(figure, number), page, anchor, kind="figure")
        block = nodes.raw("", cite_block_html(cited, stamp, baseurl,
                                              f"Cite Figure {number}"), format="html")
        figure.parent.insert(figure.parent.index(figure) + 1, block)
    title = app.env.titles[docname].astext() if docname in app.env.titles else REPORT_TITLE
    doctree += nodes.raw("", cite_block_html(Cited(title, page), stamp, baseurl,
                                             "Cite this page"), format="html")


def setup(app: Sphinx) -> dict:
    app.add_node(report_citation)
    app.add_directive("aif-report-citation", ReportCitationDirective)
    app.add_directive("aif-changelog", ChangelogDirective)
    app.connect("config-inited", _on_config_inited)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("env-merge-info", _on_env_merge_info)
    app.add_css_file("aif-cite.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
