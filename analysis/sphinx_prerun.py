"""Sphinx extension: execute the book's notebooks in parallel before Sphinx reads them.

Sphinx reads documents one at a time, and myst-nb executes each notebook as it is
read, so a cold build uses one core.  The notebooks are independent, so this
extension runs every notebook missing from the execution cache in a pool of
processes first and stores the results in the same jupyter-cache that myst-nb
consults; myst-nb then finds each one cached.  A notebook that fails here is left
out of the cache, so myst-nb runs it again and reports the error exactly as
without this extension.  The claims ledger is computed in the same pool, first,
while the pages that do not show verdicts run.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig
from sphinx.application import Sphinx
from sphinx.util import logging

from . import claims, figures

logger = logging.getLogger(__name__)
READ_DATA = {"type": "plugin", "name": "myst_nb_md"}


def read_notebook(path: Path):
    """A MyST-markdown notebook as myst-nb reads it (code cells are what the cache hashes)."""
    return read_myst_markdown_notebook(path.read_text(encoding="utf-8"), config=MdParserConfig(),
                                       add_source_map=True, path=str(path))


def _execute(path: str, timeout: int) -> tuple[str, object, float]:
    notebook = read_notebook(Path(path))
    result = single_nb_execution(notebook, cwd=str(Path(path).parent), timeout=timeout,
                                 allow_errors=False, meta_override=True)
    return path, (None if result.err else notebook), result.time


def _write_ledger() -> None:
    claims.write_ledger(claims.ledger())


def reads_ledger(path: Path) -> bool:
    """Whether a page shows verdicts (reads the claims ledger); used only to order work."""
    return bool(re.search(r"ledger|verdict_block", path.read_text(encoding="utf-8")))


def notebooks(srcdir: Path, docnames) -> list[Path]:
    """The documents that are MyST-markdown notebooks."""
    paths = [srcdir / f"{doc}.md" for doc in sorted(docnames)]
    return [p for p in paths if p.exists()
            and is_myst_markdown_notebook(p.read_text(encoding="utf-8"))]


def _on_builder_inited(app: Sphinx) -> None:
    cache = get_cache(app.config.nb_execution_cache_path
                      or Path(app.outdir).parent / ".jupyter_cache")
    docnames = app.project.discover(exclude_paths=app.config.exclude_patterns,
                                    include_paths=app.config.include_patterns)
    missing = []
    for path in notebooks(Path(app.srcdir), docnames):
        try:
            cache.match_cache_notebook(read_notebook(path))
        except KeyError:
            missing.append(path)
    if len(missing) < 2:
        return
    # The claims ledger, which most pages read, is computed in the pool too: the first
    # worker computes it while the other runs the pages that do not read it. A page that
    # starts before it exists computes its own copy (the same, only slower).
    ledger_due = not (figures.figure_dir() / f"{claims.LEDGER_FILE}.json").exists()
    missing.sort(key=reads_ledger)
    workers = min(len(missing), os.cpu_count() or 1)
    logger.info(f"[aifactory] executing {len(missing)} notebooks with {workers} processes")
    with ProcessPoolExecutor(max_workers=workers) as pool:
        ledger = pool.submit(_write_ledger) if ledger_due else None
        runs = list(pool.map(_execute, map(str, missing),
                             [app.config.nb_execution_timeout] * len(missing)))
        if ledger is not None:
            ledger.result()  # an assessment that fails stops the build here
    for path, notebook, seconds in runs:
        if notebook is None:
            continue  # myst-nb runs it again and reports the error
        record = cache.add_nb_to_project(path, read_data=READ_DATA)
        cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri,
                                                  data={"execution_seconds": seconds}),
                                    check_validity=False, overwrite=True)


def setup(app: Sphinx) -> dict:
    # After the figure folder is set (analysis.sphinx_ext); before analysis.sphinx_numbers
    # writes the ledger if no page had to run.
    app.connect("builder-inited", _on_builder_inited, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
