"""Commands find the list's root from a subfolder, and say what to do outside any list."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support.data import REPO

from generator.catalog.project import find_root


def _list(root: Path) -> Path:
    (root / "notes").mkdir(parents=True)
    (root / "list.yaml").write_text("title: Awesome Things\ndescription: Things.\n")
    (root / "papers.yaml").write_text("sections:\n  - id: s\n    title: S\npapers: []\n")
    (root / "datasets.yaml").write_text("datasets: []\n")
    return root


def _validate(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_nearest_folder_with_a_list_is_the_root(tmp_path: Path) -> None:
    root = _list(tmp_path / "things")
    assert find_root(root / "notes") == root.resolve()
    assert find_root(tmp_path) == tmp_path.resolve()  # no list above: the folder itself


def test_validate_from_a_subfolder_checks_the_whole_list(tmp_path: Path) -> None:
    root = _list(tmp_path / "things")
    done = _validate(root / "notes")
    assert done.returncode == 0, done.stderr
    assert "ok: 0 papers, 0 notes" in done.stderr  # the kinds it holds


def test_validate_outside_any_list_says_to_run_init(tmp_path: Path) -> None:
    done = _validate(tmp_path)
    assert done.returncode == 1
    assert f"{tmp_path}: error: no list here" in done.stdout  # a folder: no line, no column
    assert "run `listsmith init DIR` to start a list" in done.stdout
    assert "Traceback" not in done.stderr
