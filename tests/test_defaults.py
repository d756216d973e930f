"""A new list's files come with the package: `init` works from a non-editable install, far
from any checkout, and the configuration it writes follows this list's own.

The install test builds the package with pip (about 5 s). It needs the build backend from an
offline package index (a file:// index in pip's configuration); without one it skips.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support.data import REPO

from generator import __version__, packaged
from generator.defaults.skeleton import Identity, skeleton_files

IDENTITY_KEYS = {"site_name", "site_description", "site_url", "edit_uri", "copyright", "extra"}


def _offline_index() -> str | None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True
    )
    found = re.findall(r"file://\S+?(?=['\s])", done.stdout)
    return found[0] if found else None


def _run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_init_from_a_non_editable_install_makes_a_list_that_builds(tmp_path: Path) -> None:
    index = _offline_index()
    if index is None:
        pytest.skip("no offline package index in pip's configuration to build the package from")
    target = tmp_path / "installed"
    env = {**os.environ, "PIP_INDEX_URL": index, "PIP_EXTRA_INDEX_URL": "", "PYTHONPATH": ""}
    install = _run(
        "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(REPO),
        cwd=tmp_path, env=env,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    env["PYTHONPATH"] = str(target)
    where = _run("-c", "import generator; print(generator.__file__)", cwd=tmp_path, env=env)
    assert where.stdout.startswith(str(target)), where.stdout
    made = _run(
        "-m", "generator", "init", "new-list", "--title", "Awesome Far", cwd=tmp_path, env=env
    )
    assert made.returncode == 0, made.stderr
    new_list = tmp_path / "new-list"
    built = _run("-m", "generator", "build", cwd=new_list, env=env)
    assert built.returncode == 0, built.stderr
    assert (new_list / "README.md").read_text(encoding="utf-8").count("# Awesome Far") == 1
    assert (new_list / "site" / "index.html").is_file()
    installed = target / "generator" / "defaults"
    packaged_folders = (
        ("templates", "templates"),
        ("docs/assets", "assets"),
        ("overrides", "overrides"),
    )
    for folder, inside in packaged_folders:
        source = REPO / folder
        names = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
        assert {p.relative_to(installed / inside) for p in (installed / inside).rglob("*")
                if p.is_file() and "__pycache__" not in p.parts} == names  # fmt: skip


def test_init_writes_no_copy_of_the_packaged_defaults_unless_ejected() -> None:
    files = skeleton_files(Identity("Awesome Things", "Things."))
    copied = [n for n in files if n.split("/")[0] in {"templates", "schemas", "overrides", "docs"}]
    assert copied == []
    ejected = skeleton_files(Identity("Awesome Things", "Things."), eject=True)
    for path in (REPO / "templates").rglob("*.j2"):
        name = f"templates/{path.relative_to(REPO / 'templates').as_posix()}"
        assert ejected[name] == path.read_text(encoding="utf-8"), name
    for path in (REPO / "docs" / "assets").iterdir():
        assert ejected[f"docs/assets/{path.name}"] == path.read_text(encoding="utf-8")
    for path in (REPO / "overrides").rglob("*.html"):
        name = f"overrides/{path.relative_to(REPO / 'overrides').as_posix()}"
        assert ejected[name] == path.read_text(encoding="utf-8"), name
    for path in (REPO / "generator" / "schemas").glob("*.json"):
        assert ejected[f"schemas/{path.name}"] == path.read_text(encoding="utf-8")


def test_a_new_lists_site_is_configured_as_this_lists_but_for_its_identity() -> None:
    ours = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    new = yaml.safe_load(skeleton_files(Identity("Awesome Things", "Things."))["mkdocs.yml"])
    assert {k: v for k, v in new.items() if k not in IDENTITY_KEYS} == {
        k: v for k, v in ours.items() if k not in IDENTITY_KEYS
    }
    assert (new["site_name"], new["site_description"]) == ("Awesome Things", "Things.")


def test_a_new_list_lints_with_this_lists_markdownlint_config() -> None:
    def config(text: str) -> dict:
        return json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.MULTILINE))

    ours = config((REPO / ".markdownlint-cli2.jsonc").read_text(encoding="utf-8"))
    assert config(packaged.default_file("markdownlint-cli2.jsonc")) == ours


def test_a_new_list_pins_the_exact_version_of_the_generator() -> None:
    files = skeleton_files(Identity("Awesome Things", "Things."))
    requirements = [line for line in files["requirements.txt"].splitlines() if line[:1] != "#"]
    assert requirements == [f"listsmith=={__version__}"]
    hooks = yaml.safe_load(files[".pre-commit-config.yaml"])["repos"][0]["hooks"]
    assert {hook["id"] for hook in hooks} == {"validate", "build-check"}
    for hook in hooks:  # pre-commit installs the pinned generator itself: no venv needed
        assert hook["language"] == "python"
        assert hook["additional_dependencies"] == [f"listsmith=={__version__}"]
    installs = [
        step["run"]
        for name, text in files.items()
        if name.startswith(".github/workflows/")
        for job in yaml.safe_load(text)["jobs"].values()
        for step in job["steps"]
        if "pip install" in step.get("run", "")
    ]
    assert len(installs) == 6  # one install in each of the six workflows
    assert set(installs) == {"pip install -r requirements.txt"}
    assert "@" not in "".join(requirements) and "git+" not in files["requirements.txt"]


def test_the_linters_of_a_new_lists_ci_are_the_versions_this_repository_pins() -> None:
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    ci = skeleton_files(Identity("Awesome Things", "Things."))[".github/workflows/ci.yml"]
    assert f"npx --yes awesome-lint@{pinned['awesome-lint']} README.md" in ci
    assert f"npx --yes markdownlint-cli2@{pinned['markdownlint-cli2']} README.md" in ci
    assert "@" + "AWESOME_LINT@" not in ci


def test_the_package_version_is_the_changelogs_latest_release() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", changelog, flags=re.MULTILINE)
    assert released[0] == __version__
