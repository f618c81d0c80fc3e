"""One strict build of a copy of the repository, shared by the tests that only read the site
(citation, PDF, raw forms); tests that edit the book build their own copies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


def build(book: Path) -> subprocess.CompletedProcess:
    """The README's build command, run on ``book`` (its own analysis package and data)."""
    env = {**os.environ, "PYTHONPATH": str(book)}
    return subprocess.run([str(JUPYTER_BOOK), "build", str(book), "-W", "-n", "--keep-going"],
                          cwd=book, env=env, capture_output=True, text=True, timeout=1200)


def site(book: Path) -> Path:
    return book / "_build" / "html"


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory) -> Path:
    """A copy of the repository without .git (so the commit reads "unknown"), built
    strictly into _build/html with the same flags as scripts/build.sh."""
    copy = tmp_path_factory.mktemp("book") / "repo"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.egg-info", ".cache"))
    result = build(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return copy
