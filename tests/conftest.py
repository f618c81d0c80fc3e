"""A built copy of the book shared by the citation and PDF tests (built once per session)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory) -> Path:
    """A copy of the repository, without .git (so the commit reads "unknown"), built
    strictly into _build/html with the same flags as scripts/build.sh."""
    copy = tmp_path_factory.mktemp("cite") / "repo"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.egg-info"))
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", str(copy), "-W", "-n",
         "--keep-going"], cwd=copy, env={**os.environ, "PYTHONPATH": str(copy)},
        capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return copy
