"""One strict build of a copy of the repository, shared by every test that reads the site."""

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


def copy_repository(destination: Path) -> Path:
    shutil.copytree(ROOT, destination, ignore=shutil.ignore_patterns(
        ".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.egg-info",
        "node_modules", ".cache"))
    return destination


def site(book: Path) -> Path:
    return book / "_build" / "html"


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    book = copy_repository(tmp_path_factory.mktemp("book") / "repo")
    result = build(book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return book
