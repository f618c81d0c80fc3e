"""Sphinx extension that keeps the book honest about its data.

* Validates every table before any notebook runs, so a broken data file stops
  the build with the file, line and column, not a traceback from a notebook.
* Re-executes the notebooks when data or model code change.  jupyter-cache keys
  a notebook on its code cells only, so a new data row would otherwise be served
  from the cache with stale numbers: the extension fingerprints ``data/`` and
  ``analysis/`` and, when the fingerprint moves, empties the execution cache and
  marks every page for re-reading.
* Ships the Vega JavaScript with the site (no CDN) and the figure downloads, and
  drops the unused Thebe scripts, which name a CDN.
* Fails the build if a page links a figure download that was not produced.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from . import catalogue, figures

logger = logging.getLogger(__name__)
PACKAGE_DIR = Path(__file__).resolve().parent
FINGERPRINT_FILE = ".inputs-fingerprint"
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
    app.aif_fingerprint = fingerprint
    # Missing downloads also force a re-run: cached notebooks would not write them again.
    app.aif_stale = (not stamp.exists() or stamp.read_text() != fingerprint
                     or not (extra / "figures").is_dir())
    if app.aif_stale:
        stamp.unlink(missing_ok=True)
        # myst-nb's default cache location when none is configured.
        cache = Path(config.nb_execution_cache_path or _build_dir(app) / ".jupyter_cache")
        logger.info("[aifactory] data or model code changed: re-executing every notebook")
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(extra, ignore_errors=True)
    extra.mkdir(parents=True, exist_ok=True)


def _on_env_get_outdated(app: Sphinx, env, added, changed, removed):
    return set(env.found_docs) if app.aif_stale else set()


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


def _on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    missing = []
    for page in outdir.rglob("*.html"):
        for link, name in _FIGURE_LINK.findall(page.read_text(encoding="utf-8")):
            if not (outdir / "figures" / name).exists():
                missing.append(f"{page.relative_to(outdir)} -> {link}")
    if missing:
        logger.warning("figure downloads missing (delete _build and rebuild): %s",
                       ", ".join(sorted(missing)))
        return
    (_build_dir(app) / FINGERPRINT_FILE).write_text(app.aif_fingerprint)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _on_config_inited)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_html_page_context)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": False, "parallel_write_safe": True}
