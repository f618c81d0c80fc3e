"""Sphinx extension that stamps every figure download with how to cite it.

Figure numbers exist only once Sphinx has numbered the whole book, after the
notebooks ran.  Once Sphinx has read every page (in other processes, while Sphinx
writes the pages; at the end for any left) this extension therefore takes each
figure's saved download spec (``figures/<name>.vl.json``), adds a line with the
figure number, report title and version, the figure's URL, the licence and the
build date, re-renders ``<name>.png`` and ``<name>.svg`` with it, and completes the
metadata sidecar ``<name>.json`` with the same facts and a citation text.
A figure whose stamp has not changed since the last build is not re-rendered.

It also ships ``aif-a11y.js``, which names the theme's icon-only navigation toggles.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from sphinx.application import Sphinx

from . import figures

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def report_version(pyproject: Path = PYPROJECT) -> str:
    """The release number kept in ``pyproject.toml`` (``[project] version``)."""
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]


def build_date() -> str:
    """Today (UTC) as an ISO date, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch
              else dt.datetime.now(dt.timezone.utc))
    return moment.date().isoformat()


def figure_numbers(toc_fignumbers: dict) -> dict[str, tuple[str, str]]:
    """Figure name -> (number as printed, e.g. ``"2.1"``, page docname), from Sphinx's numbering."""
    numbered = {}
    for docname, kinds in toc_fignumbers.items():
        for anchor, number in kinds.get("figure", {}).items():
            if anchor.startswith("fig-"):
                numbered[anchor[len("fig-"):]] = (".".join(map(str, number)), docname)
    return numbered


def citation_facts(name: str, number: str, docname: str, *, title: str, version: str,
                   baseurl: str, date: str) -> dict:
    """What a reader needs to cite one figure: its number, URL, licence, date and a citation."""
    page = f"{docname}.html#fig-{name}"
    url = baseurl.rstrip("/") + "/" + page if baseurl else page
    return {"figure_number": number, "report": title, "version": version, "url": url,
            "licence": figures.FIGURE_LICENCE, "build_date": date,
            "stamp": (f"Figure {number}, {title} (version {version}) · {url} · "
                      f"{figures.FIGURE_LICENCE} · {date}")}


def stamp_needed(folder: Path, name: str, facts: dict) -> bool:
    """Whether ``name``'s downloads lack this stamp or are older than its spec."""
    metadata = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    spec_file, png = folder / f"{name}.vl.json", folder / f"{name}.png"
    return (metadata.get("stamp") != facts["stamp"]
            or png.stat().st_mtime < spec_file.stat().st_mtime)


def stamp_figure(folder: Path, name: str, facts: dict, author: str) -> bool:
    """Re-render ``name``'s PNG/SVG with ``facts`` and complete its sidecar; False if unchanged."""
    if not stamp_needed(folder, name, facts):
        return False
    sidecar = folder / f"{name}.json"
    metadata = json.loads(sidecar.read_text(encoding="utf-8"))
    spec = json.loads((folder / f"{name}.vl.json").read_text(encoding="utf-8"))
    figures.render_downloads(figures.small_print(spec, facts["stamp"]), folder, name)
    metadata.update(facts, citation=(
        f"{author}. {metadata['title']}. Figure {facts['figure_number']} in: {facts['report']}, "
        f"version {facts['version']}, {facts['build_date']}. {facts['url']}. "
        f"Licence {facts['licence']}."))
    sidecar.write_text(json.dumps(metadata, indent=1, ensure_ascii=False), encoding="utf-8")
    return True


def _charts(app: Sphinx) -> list[tuple[str, dict]]:
    """Each published chart Sphinx numbered, with the facts its downloads must carry."""
    source = figures.figure_dir()
    # Jupyter Book puts the book's title in html_title (Sphinx's project stays unset).
    common = dict(title=app.config.html_title or app.config.project, version=report_version(),
                  baseurl=app.config.html_baseurl, date=build_date())
    return [(name, citation_facts(name, number, docname, **common))
            for name, (number, docname) in sorted(figure_numbers(app.env.toc_fignumbers).items())
            # a numbered figure that is not a published chart (e.g. a plain image) has no spec
            if (source / f"{name}.vl.json").exists()]


def _start_stamping(app: Sphinx, env) -> None:
    """Once the pages are read and the figures numbered, re-render the stale downloads in
    other processes while Sphinx writes the pages: rendering one after another at the end
    took ten seconds of a cold build on one core."""
    if app.builder.format != "html":
        return
    source = figures.figure_dir()
    stale = [(name, facts) for name, facts in _charts(app)
             if stamp_needed(source, name, facts)]
    workers = min(len(stale), os.cpu_count() or 1)
    if workers < 2:
        return
    # Plain subprocesses: a fork would copy the renderer's threads, and multiprocessing's
    # spawn re-runs the launching script, which a hand-written `jb` may not guard.
    app.aif_stamping = []
    for i in range(workers):
        job = Path(app.outdir).parent / f".stamp-job-{i}.json"
        job.write_text(json.dumps({"folder": str(source), "author": app.config.author,
                                   "charts": stale[i::workers]}), encoding="utf-8")
        app.aif_stamping.append(subprocess.Popen(
            [sys.executable, "-m", "analysis.sphinx_figures", str(job)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))


def _stamp_job(job: Path) -> None:
    """Stamp the charts a job file lists (run as ``python -m analysis.sphinx_figures``)."""
    spec = json.loads(job.read_text(encoding="utf-8"))
    for name, facts in spec["charts"]:
        stamp_figure(Path(spec["folder"]), name, facts, spec["author"])


def _on_build_finished(app: Sphinx, exception) -> None:
    for worker in getattr(app, "aif_stamping", []):
        _, errors = worker.communicate()
        if worker.returncode != 0 and exception is None:
            raise RuntimeError(f"stamping figure downloads failed:\n{errors[-3000:]}")
    if exception is not None or app.builder.format != "html":
        return
    source = figures.figure_dir()  # the folder Sphinx copies into the site as figures/
    published = Path(app.outdir) / "figures"
    for name, facts in _charts(app):
        # Whatever is still stale: e.g. an unchanged book rebuilt on a later day.
        stamp_figure(source, name, facts, app.config.author)
        for suffix in (".png", ".svg", ".json"):
            shutil.copy2(source / f"{name}{suffix}", published / f"{name}{suffix}")


def setup(app: Sphinx) -> dict:
    app.add_js_file("aif-a11y.js", loading_method="defer")
    app.connect("env-check-consistency", _start_stamping)
    # After analysis.sphinx_ext (priority 500), which checks the downloads exist.
    app.connect("build-finished", _on_build_finished, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    _stamp_job(Path(sys.argv[1]))
