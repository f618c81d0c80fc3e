"""Sphinx extension that keeps the book honest about its data.

* Builds the book with its own ``analysis`` package and ``data/``: ``_config.yml``
  loads this extension from the book root (``sphinx: local_extensions``), so no
  install step is needed; the extension refuses to run if the ``analysis`` it was
  imported from belongs to another checkout, and puts the book root first on
  ``PYTHONPATH`` (with ``AIF_BOOK_ROOT``) so every notebook kernel imports the same
  package and checks the same thing.
* Validates every table before any notebook runs, so a broken data file stops
  the build with the file, line and column, not a traceback from a notebook.
* Re-executes the notebooks when data or model code change.  jupyter-cache keys
  a notebook on its code cells only, so a new data row would otherwise be served
  from the cache with stale numbers: the extension fingerprints ``data/`` and
  ``analysis/`` and, when the fingerprint moves, sets the execution cache and the
  figures aside under the old fingerprint (the two most recent are kept), starts
  empty or brings back those an earlier build left for the new fingerprint, and
  marks every page for re-reading.  Undoing an edit so costs no notebook run.
* Ships the Vega JavaScript with the site (no CDN) and the figure downloads, and
  drops the unused Thebe scripts, which name a CDN.
* Fails the build if a page links a figure download that was not produced.
* Lets only a clean build vouch for its pages: a marker saved after a build with
  no error and no warning is deleted when the next build starts; without it every
  page is re-read, so an unchanged rebuild after a failure fails again instead of
  publishing the broken page (Sphinx does not re-read a page that warned).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from . import catalogue, figures

logger = logging.getLogger(__name__)
PACKAGE_DIR = Path(__file__).resolve().parent
FINGERPRINT_FILE = ".inputs-fingerprint"  # inputs the execution cache was filled from
CLEAN_BUILD_FILE = ".last-build-clean"      # the previous build had no error or warning
EARLIER_RESULTS = ".earlier-inputs"         # notebook results of earlier inputs, by fingerprint
EARLIER_RESULTS_KEPT = 2
BUNDLE_NAME = "vega-bundle.js"


def inputs_fingerprint(data_dir: Path = catalogue.DATA_DIR,
                       code_dir: Path = PACKAGE_DIR) -> str:
    """Hash of every data file and every model/figure module, by relative path and content."""
    digest = hashlib.sha256()
    for base, pattern in ((data_dir, "*"), (code_dir, "*.py")):
        for path in sorted(p for p in base.rglob(pattern) if p.is_file()
                           and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _build_dir(app: Sphinx) -> Path:
    return Path(app.outdir).parent


def _on_config_inited(app: Sphinx, config) -> None:
    try:
        catalogue.validate_all()
    except catalogue.DataValidationError as exc:
        raise ExtensionError(f"data validation failed, nothing was built.\n{exc}") from None

    extra = _build_dir(app) / "_figures"
    os.environ[figures.FIGURE_DIR_ENV] = str(extra / "figures")
    config.html_extra_path = [*config.html_extra_path, str(extra)]

    fingerprint = inputs_fingerprint()
    stamp = _build_dir(app) / FINGERPRINT_FILE
    clean = _build_dir(app) / CLEAN_BUILD_FILE
    previous = stamp.read_text() if stamp.exists() else ""
    # myst-nb's default cache location when none is configured.
    cache = Path(config.nb_execution_cache_path or _build_dir(app) / ".jupyter_cache")
    inputs_changed = previous != fingerprint
    if inputs_changed:
        # From here on the cache only receives notebooks run on these inputs.
        reused = _swap_results(_build_dir(app) / EARLIER_RESULTS, (cache, extra), previous,
                               fingerprint)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(fingerprint)
    # Missing downloads force a re-run: cached notebooks would not write them again.
    if not (extra / "figures").is_dir():
        shutil.rmtree(cache, ignore_errors=True)
        inputs_changed, reused = True, False
    if inputs_changed and reused:
        logger.info("[aifactory] data and model code as in a recent build: reusing its "
                    "notebook results")
    elif inputs_changed:
        logger.info("[aifactory] data or model code changed: re-executing every notebook")
    elif not clean.exists():
        logger.info("[aifactory] the previous build failed: re-reading every page")
    app.aif_reread_all = inputs_changed or not clean.exists()
    clean.unlink(missing_ok=True)
    extra.mkdir(parents=True, exist_ok=True)


def _swap_results(store: Path, folders: tuple[Path, ...], previous: str, current: str) -> bool:
    """Park the notebook results (execution cache, figures) of the ``previous`` inputs and
    bring back those of ``current`` if an earlier build left them; True if it did.

    Undoing a data edit then rebuilds from the earlier results instead of running every
    notebook again. Only the :data:`EARLIER_RESULTS_KEPT` most recently parked are kept.
    """
    if previous:
        parked = store / previous
        shutil.rmtree(parked, ignore_errors=True)
        parked.mkdir(parents=True)
        for folder in folders:
            if folder.exists():
                folder.rename(parked / folder.name)
        now = time.time_ns()  # set exactly: file systems stamp times coarsely
        os.utime(parked, ns=(now, now))
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    earlier = store / current
    found = all((earlier / folder.name).is_dir() for folder in folders)
    if found:
        for folder in folders:
            (earlier / folder.name).rename(folder)
    shutil.rmtree(earlier, ignore_errors=True)
    if store.is_dir():
        by_age = sorted(store.iterdir(), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in by_age[EARLIER_RESULTS_KEPT:]:
            shutil.rmtree(old, ignore_errors=True)
    return found


def _on_env_get_outdated(app: Sphinx, env, added, changed, removed):
    return set(env.found_docs) if app.aif_reread_all else set()


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    static = _build_dir(app) / "_vega"
    bundle = static / BUNDLE_NAME
    version = f"/* vega-lite {figures.VEGALITE_VERSION} */\n"
    if not bundle.exists() or not bundle.read_text(encoding="utf-8").startswith(version):
        static.mkdir(parents=True, exist_ok=True)
        bundle.write_text(version + figures.vega_bundle(), encoding="utf-8")
    app.config.html_static_path = [*app.config.html_static_path, str(static)]
    app.add_js_file(BUNDLE_NAME, loading_method="defer")
    app.add_js_file("aif-figures.js", loading_method="defer")
    app.add_css_file("aif-figures.css")


def _is_thebe(asset) -> bool:
    name = getattr(asset, "filename", None) or ""
    body = getattr(asset, "attributes", {}).get("body", "")
    return "thebe" in name or "THEBE_JS_URL" in body


def _on_html_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    # Live code (Thebe) is off in this book, yet sphinx-thebe still injects its config
    # (twice on notebook pages: a JavaScript redeclaration error) naming a CDN. Drop it.
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not _is_thebe(a)]


_FIGURE_LINK = re.compile(r'href="((?:\.\./)*figures/([a-z0-9-]+\.(?:png|svg|csv|json)))"')


def _warn_missing_downloads(app: Sphinx) -> None:
    outdir = Path(app.outdir)
    missing = []
    for page in outdir.rglob("*.html"):
        for link, name in _FIGURE_LINK.findall(page.read_text(encoding="utf-8")):
            if not (outdir / "figures" / name).exists():
                missing.append(f"{page.relative_to(outdir)} -> {link}")
    if missing:
        logger.warning("figure downloads missing (delete _build and rebuild): %s",
                       ", ".join(sorted(missing)))


def _on_build_finished(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        _warn_missing_downloads(app)
    # Sphinx counts warnings on the application; with --keep-going they fail the build
    # only after this event, so a warning here means the build failed.
    if exception is None and app._warncount == 0 and app.builder.format == "html":
        (_build_dir(app) / CLEAN_BUILD_FILE).write_text("")


def _use_this_books_package(app: Sphinx) -> None:
    """Refuse another checkout's package; make notebook kernels import this one."""
    book_root = Path(app.srcdir).resolve()
    try:
        catalogue.check_book_root(book_root)
    except ImportError as exc:
        raise ExtensionError(str(exc)) from None
    os.environ[catalogue.BOOK_ROOT_ENV] = str(book_root)
    inherited = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(book_root), *filter(None, [inherited])])


def setup(app: Sphinx) -> dict:
    _use_this_books_package(app)
    # Before every other extension's handler: the data are validated before anything reads
    # them, so a broken file always gives the message with file, line and column.
    app.connect("config-inited", _on_config_inited, priority=100)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_html_page_context)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": False, "parallel_write_safe": True}
