"""The build as its users type it, with its own package, and failures that stay failed.

A copy of the repository is built by ``jb build .`` from its root with a Python that
has every requirement but not the ``analysis`` package (not even an editable install):
the book's own configuration must make the package importable by Sphinx and by every
notebook kernel. Builds are slow, so one copy of the shared build serves every test here;
two of its notebooks are dropped from the cache, so that ``jb`` runs them in its kernels.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from jupyter_cache import get_cache

from analysis.sphinx_prerun import read_notebook

ROOT = Path(__file__).resolve().parent.parent
STRICT = ["-W", "-n", "--keep-going"]

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def jb(tmp_path_factory) -> Path:
    """A ``jb`` command whose Python sees the installed requirements but no ``analysis``."""
    venv = tmp_path_factory.mktemp("env") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # A bare path line: the packages import, but .pth files there (an editable install) do not run.
    Path(site, "requirements.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    command = venv / "bin" / "jb"
    command.write_text(f"#!{python}\nfrom jupyter_book.cli.main import main\nmain()\n")
    command.chmod(0o755)
    probe = subprocess.run([python, "-c", "import analysis"], cwd=venv, env=_clean_env(),
                           capture_output=True, text=True)
    assert probe.returncode != 0, "test setup: analysis must not be importable here"
    return command


def _clean_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AIF_BOOK_ROOT")}
    return {**env, **extra}


def build(jb: Path, book: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(jb), "build", ".", *STRICT], cwd=book, env=_clean_env(**env),
                          capture_output=True, text=True, timeout=1800)


# Pages whose notebooks the bare ``jb`` runs itself (the others come from the shared
# build's cache: running all again would only repeat the same imports).
RERUN = ("book/paradigm-shift/nvidia-revenue.md", "book/labor/index.md")


def forget(book: Path, pages) -> None:
    """Drop ``pages``' notebooks from the execution cache and mark them edited."""
    cache = get_cache(book / "_build" / ".jupyter_cache")
    for page in pages:
        cache.remove_cache(cache.match_cache_notebook(read_notebook(book / page)).pk)
        (book / page).touch()


@pytest.fixture(scope="module")
def book(tmp_path_factory, jb, built_copy) -> Path:
    copy = tmp_path_factory.mktemp("book") / "repo"
    shutil.copytree(built_copy, copy)
    forget(copy, RERUN)
    result = build(jb, copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"executing {len(RERUN)} notebooks" in result.stdout, result.stdout[-3000:]
    return copy


def test_jb_build_works_without_installing_the_package(book):
    html = (book / "_build" / "html" / "book" / "paradigm-shift" / "nvidia-revenue.html")
    assert 'class="pasted-text"' in html.read_text(encoding="utf-8")  # notebooks ran
    assert (book / "_build" / "html" / "figures").is_dir()


def test_the_build_refuses_another_checkouts_package(jb, book):
    result = build(jb, book, PYTHONPATH=str(ROOT))  # ROOT plays the other checkout
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"is being built with the 'analysis' package and data of {ROOT}" in output, \
        output[-3000:]


def _edit(path: Path, old: str, new: str) -> str:
    original = path.read_text(encoding="utf-8")
    assert old in original, f"test setup: {old!r} not in {path}"
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    return original


# A page edit and a data edit that each make the strict build warn.
WARNINGS = {
    "page": ("book/appendix/methods.md", "## Backtests",
             "See {ref}`no-such-page-label`.\n\n## Backtests", "no-such-page-label"),
    "data file": ("data/claims.csv", "is moving from general-purpose processors",
                  "is moving ({ref}`no-such-data-label`) from general-purpose processors",
                  "no-such-data-label"),
}


@pytest.mark.parametrize("case", list(WARNINGS))
def test_an_unchanged_rebuild_after_a_failure_fails_again(jb, book, case):
    file, old, new, label = WARNINGS[case]
    original = _edit(book / file, old, new)
    try:
        first = build(jb, book)
        second = build(jb, book)
    finally:
        (book / file).write_text(original, encoding="utf-8")
    for result in (first, second):
        assert result.returncode != 0, result.stdout[-3000:]
        assert label in result.stdout + result.stderr
    assert "the previous build failed: re-reading every page" in second.stdout
