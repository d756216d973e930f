"""The release build, and a maintainer's first steps with it, far from this repository.

The wheel is built as the release workflow builds it (`pip wheel --no-deps` with the build
backend from the offline package index in pip's configuration; the workflow uses `python -m
build`, which calls the same backend; without such an index these tests skip), then installed
into a fresh virtual environment (see `fresh_bin` for its dependencies). The new list is made
and built by the installed `listsmith` command alone, with no PYTHONPATH, outside the
repository.
"""

from __future__ import annotations

import email
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from support.data import REPO
from test_github_files import zizmor
from test_readme_lint import GITHUB_RULES, awesome_lint_messages, linter

from generator import __version__

# Words of this list that must not reach another: its title, topics, repository, examples.
THIS_LISTS_WORDS = re.compile(
    r"Knowledge Update|knowledge[- ]editing|model editing|knowledge injection|awesome-llm"
    r"|(?-i:\bROME\b|Paper List)|kmeng01|Kevin Meng|Knowledge source|Survey & Framework",
    re.IGNORECASE,
)
# The site engine's own files (theme JavaScript, search workers, fonts): not the generator's.
ENGINE_FILES = ("site/assets/javascripts/", "site/assets/stylesheets/", "site/search/")


def _offline_index() -> str | None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True
    )
    found = re.findall(r"file://\S+?(?=['\s])", done.stdout)
    return found[0] if found else None


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return {**env, **extra}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = _offline_index()
    if index is None:
        pytest.skip("no offline package index in pip's configuration to build the package from")
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(REPO)],
        env=_clean_env(PIP_INDEX_URL=index),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("*.whl")
    return found


@pytest.fixture(scope="module")
def fresh_bin(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed, and nothing from this checkout.

    Tests are offline, so the wheel's dependencies come from this test run's own environment:
    a `.pth` line appends its site-packages after the fresh one. Such a line adds the folder
    only, without running the `.pth` files inside it, so an editable install of this checkout
    there stays out; the test checks that `generator` is the wheel's."""
    venv = tmp_path_factory.mktemp("venv") / "fresh"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    installed = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stderr
    fresh_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    (Path(fresh_site) / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = subprocess.run(
        [python, "-c", "import generator; print(generator.__file__)"],
        env=_clean_env(), cwd=tmp_path_factory.getbasetemp(), capture_output=True, text=True,
    )  # fmt: skip
    assert where.stdout.startswith(fresh_site), where.stdout + where.stderr
    return venv / "bin"


def test_the_release_wheel_is_listsmith_at_this_version_with_its_defaults(wheel: Path) -> None:
    assert wheel.name == f"listsmith-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"listsmith-{__version__}.dist-info"
        metadata = email.message_from_bytes(archive.read(f"{info}/METADATA"))
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert (metadata["Name"], metadata["Version"]) == ("listsmith", __version__)
    assert "listsmith = generator.cli:main" in entry_points
    for packaged in (
        "generator/defaults/templates/README.md.j2",
        "generator/defaults/templates/github/suggest-paper.yml.j2",
        "generator/defaults/templates/fields.md.j2",
        "generator/defaults/assets/browse.js",
        "generator/defaults/overrides/partials/actions.html",
        "generator/defaults/files/suggestion.yml",
        "generator/defaults/files/requirements.txt",
        "generator/defaults/released.json",
        "generator/schemas/papers.schema.json",
    ):
        assert packaged in names, packaged
    templates = {
        p.relative_to(REPO / "templates").as_posix() for p in REPO.glob("templates/**/*.j2")
    }
    shipped = {n.removeprefix("generator/defaults/templates/") for n in names if n.endswith(".j2")}
    assert shipped == templates


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = _clean_env(PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run(
        [str(bin_dir / "listsmith"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _words_of_this_list(root: Path) -> list[str]:
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        if name.startswith((".git/", *ENGINE_FILES)):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{name}: {match.group(0)}" for match in THIS_LISTS_WORDS.finditer(text)]
    return found


def _awesome_lint(root: Path) -> list[tuple[int, int, str, str]]:
    command = linter("awesome-lint")
    done = subprocess.run(
        [command, "README.md"], cwd=root, capture_output=True, text=True, timeout=300
    )
    messages, total = awesome_lint_messages(done.stdout + done.stderr)
    assert len(messages) == total, done.stdout + done.stderr
    return [m for m in messages if m[3] not in GITHUB_RULES]


def test_a_list_made_by_the_installed_wheel_is_complete_and_has_no_word_of_this_one(
    fresh_bin: Path, tmp_path: Path
) -> None:
    version = _run(fresh_bin, "--version", cwd=tmp_path)
    assert version.stdout.strip() == f"listsmith {__version__}"
    made = _run(fresh_bin, "init", "awesome-things", "--title", "Awesome Things", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "awesome-things"
    built = _run(fresh_bin, "build", cwd=root)
    assert built.returncode == 0, built.stderr
    assert (root / "site" / "index.html").is_file()
    assert (root / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml").is_file()
    assert _words_of_this_list(root) == []
    # Its README passes awesome-lint, whose badge rule reads the first line...
    assert _awesome_lint(root) == []
    readme = root / "README.md"
    # ...and is active there: without the badge, it says so.
    text = readme.read_text(encoding="utf-8")
    readme.write_text(
        text.replace(" [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)", "")
    )
    rules = {m[3] for m in _awesome_lint(root)}
    assert rules == {"remark-lint:awesome-badge"}
    readme.write_text(text)
    # Its workflows pass zizmor and install the pinned version.
    workflows = sorted((root / ".github" / "workflows").glob("*.yml"))
    result = zizmor(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    assert f"listsmith=={__version__}" in (root / "requirements.txt").read_text()
    assert all("pip install -r requirements.txt" in w.read_text() for w in workflows)
    # A maintainer who runs a command from a subfolder works on the whole list.
    (root / "notes").mkdir()
    checked = _run(fresh_bin, "validate", cwd=root / "notes")
    assert checked.returncode == 0, checked.stderr
