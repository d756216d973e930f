"""The benchmarks are not run by the suite (they time things), but they must still import:
a module moved under them goes unnoticed otherwise until someone measures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from support.data import REPO

BENCHMARKS = sorted((REPO / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("path", BENCHMARKS, ids=lambda p: p.stem)
def test_each_benchmark_imports(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(path.parent))
    spec = importlib.util.spec_from_file_location(f"_bench_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    assert callable(getattr(module, "main", None)), f"{path.name} has no main()"


def test_the_synthetic_project_is_a_list_that_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    from synthetic import make_project

    from generator.cli import main

    root = make_project(tmp_path / "list", 1000)  # the smallest size the benchmarks use
    assert main(["--root", str(root), "build", "--no-site"]) == 0
