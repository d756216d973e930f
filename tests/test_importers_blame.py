"""Dating imported lines from git without letting the source repository run a program.

The hostile repository's `.git/config` names a program, for every way git has to run one
that a blame could reach, that leaves a marker file when it runs; the marker must never
appear.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.importers.blame import line_dates
from generator.importers.source import as_read

FIRST = "## Papers\n- [First Paper Here](https://arxiv.org/abs/2101.00001)\n"
SECOND = "- [Second Paper Here](https://arxiv.org/abs/2202.00002)\n"
HOOKS = ("post-checkout", "post-commit", "post-index-change", "reference-transaction")


def _git(repo: Path, *args: str, date: str = "2021-03-04T10:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    return done.stdout.decode().strip()


def _two_commits(repo: Path) -> Path:
    repo.mkdir()
    source = repo / "README.md"
    source.write_text(FIRST, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "README.md")
    _git(repo, "commit", "-qm", "first")
    source.write_text(FIRST + SECOND, encoding="utf-8")
    _git(repo, "commit", "-qam", "second", date="2022-07-08T23:30:00-02:00")
    return source


def _marker_program(tmp_path: Path) -> tuple[Path, Path]:
    marker = tmp_path / "marker"
    program = tmp_path / "hostile.sh"
    program.write_text(f'#!/bin/sh\necho "$0 $*" >> "{marker}"\nexit 0\n', encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program, marker


def _plant(repo: Path, program: Path) -> None:
    """Every key of the repository's configuration that git reads to run a program."""
    hooks = repo / ".git" / "hostile-hooks"
    hooks.mkdir()
    for hook in HOOKS:
        (hooks / hook).symlink_to(program)
    for key in (
        "filter.x.clean",
        "filter.x.smudge",
        "filter.x.process",
        "diff.x.textconv",
        "diff.x.command",
        "diff.external",
        "core.fsmonitor",
        "core.pager",
        "pager.blame",
        "core.sshCommand",
        "core.askPass",
        "credential.helper",
        "gpg.program",
    ):
        _git(repo, "config", key, str(program))
    _git(repo, "config", "filter.x.required", "true")
    _git(repo, "config", "core.hooksPath", str(hooks))
    (repo / ".gitattributes").write_text("* filter=x diff=x\n", encoding="utf-8")


def _dated(target: Path) -> list[str | None]:
    papers = yaml.safe_load((target / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    return [str(p["added"]) if "added" in p else None for p in papers]


@pytest.mark.parametrize("dirty", [False, True], ids=["clean-tree", "dirty-tree"])
def test_a_hostile_repository_configuration_runs_no_program(tmp_path: Path, dirty: bool) -> None:
    source = _two_commits(tmp_path / "repo")
    program, marker = _marker_program(tmp_path)
    _plant(source.parent, program)
    if dirty:
        source.write_text(FIRST + SECOND + "- [Third Paper](https://arxiv.org/abs/2303.00003)\n")
    target = tmp_path / "out"
    assert main(["import", str(source), "--into", str(target)]) == 0
    assert not marker.exists(), marker.read_text()
    expected = ["2021-03-04", "2022-07-08"] + ([None] if dirty else [])
    assert _dated(target) == expected


def test_a_missing_object_is_not_fetched_through_a_command_remote(tmp_path: Path) -> None:
    """A partial clone fetches missing objects from its promisor remote, and `ext::` runs
    any command; a hand-made repository can lack the blob of an old version on purpose."""
    source = _two_commits(tmp_path / "repo")
    repo = source.parent
    program, marker = _marker_program(tmp_path)
    old_blob = _git(repo, "rev-parse", "HEAD~1:README.md")
    (repo / ".git" / "objects" / old_blob[:2] / old_blob[2:]).unlink()
    for key, value in (
        ("core.repositoryformatversion", "1"),
        ("extensions.partialClone", "origin"),
        ("remote.origin.promisor", "true"),
        ("remote.origin.url", f"ext::sh -c {program}% fetch"),
        ("protocol.ext.allow", "always"),
        ("protocol.allow", "always"),
    ):
        _git(repo, "config", key, value)
    assert main(["import", str(source), "--into", str(tmp_path / "out")]) == 0
    assert not marker.exists(), marker.read_text()


def test_lines_changed_since_head_have_no_date_and_the_rest_keep_theirs(tmp_path: Path) -> None:
    source = _two_commits(tmp_path / "repo")
    inserted = "# A title added on top\n\n"
    text = inserted + FIRST.replace("First Paper", "First Paper, renamed") + SECOND
    source.write_text(text, encoding="utf-8")
    assert line_dates(source, as_read(text), as_read) == {3: "2021-03-04", 5: "2022-07-08"}


def test_windows_line_ends_keep_their_dates(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    source = repo / "README.md"
    source.write_bytes((FIRST + SECOND).replace("\n", "\r\n").encode())
    _git(repo, "init", "-q")
    _git(repo, "add", "README.md")
    _git(repo, "commit", "-qm", "first")
    text = as_read(source.read_bytes().decode())
    assert line_dates(source, text, as_read) == {1: "2021-03-04", 2: "2021-03-04", 3: "2021-03-04"}


def test_the_callers_git_variables_do_not_point_blame_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _two_commits(tmp_path / "repo")
    other = tmp_path / "other"
    other.mkdir()
    _git(other, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    text = source.read_text(encoding="utf-8")
    assert line_dates(source, text, as_read) == {1: "2021-03-04", 2: "2021-03-04", 3: "2022-07-08"}
