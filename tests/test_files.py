"""Atomic writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import files
from generator.files import recover, staging_directory, swap_in, write_atomic

REPO = Path(__file__).resolve().parent.parent


def test_writes_new_file_with_unix_newlines_and_no_leftovers(tmp_path):
    target = tmp_path / "out" / "README.md"
    write_atomic(target, "a\nb\n")
    assert target.read_bytes() == b"a\nb\n"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["README.md"]


def test_replaces_an_existing_file_keeping_its_permissions(tmp_path):
    target = tmp_path / "README.md"
    target.write_text("old")
    target.chmod(0o600)
    write_atomic(target, "new ✓\n")
    assert target.read_text(encoding="utf-8") == "new ✓\n"
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "README.md"
    target.write_text("old")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


# Runs one file operation in a child process that dies (os._exit, as under `kill -9`) just
# before its Nth change to the file system; every such change goes through these functions.
_KILLED = 137
_DIE_AT_STEP = """
import os, sys
from pathlib import Path
import generator.files as files

die_at, steps = int(sys.argv[1]), 0

def step(change):
    def counted(*args, **kwargs):
        global steps
        steps += 1
        if steps == die_at:
            os._exit(%(killed)d)
        return change(*args, **kwargs)
    return counted

if sys.argv[2] == "renames":
    files._exchange = lambda first, second: False
files._exchange = step(files._exchange)
for name in ("replace", "rename", "unlink", "rmdir", "mkdir", "chmod", "fsync"):
    setattr(os, name, step(getattr(os, name)))
%(operation)s
""".replace("%(killed)d", str(_KILLED))


def die_at_step(step: int, operation: str, *arguments: str) -> bool:
    """Run `operation`, killed at `step`; False once it has no such step and completes."""
    script = _DIE_AT_STEP.replace("%(operation)s", operation)
    command = [sys.executable, "-c", script, str(step), *arguments]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode in (0, _KILLED), done.stderr
    return done.returncode == _KILLED


def make_tree(path: Path, contents: dict[str, str]) -> None:
    for name, text in contents.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)


def tree(path: Path) -> dict[str, str] | None:
    if not path.is_dir():
        return None
    return {p.relative_to(path).as_posix(): p.read_text() for p in path.rglob("*") if p.is_file()}


OLD_SITE = {"index.html": "old", "sub/page.html": "old page", "sub/deep/x.css": "old css"}
NEW_SITE = {"index.html": "new", "sub/page.html": "new page", "other.html": "new other"}
NEXT_SITE = {"index.html": "next"}
SWAP = "files.swap_in(Path(sys.argv[3]), Path(sys.argv[4]))"


@pytest.mark.parametrize("mechanism", ["exchange", "renames"])
def test_a_swap_killed_at_any_step_leaves_a_whole_site_and_the_next_build_recovers(
    tmp_path: Path, mechanism: str
) -> None:
    states = []
    step = 0
    while True:
        step += 1
        shutil.rmtree(tmp_path / "project", ignore_errors=True)
        destination = tmp_path / "project" / "site"
        make_tree(destination, OLD_SITE)
        built = staging_directory(destination)
        make_tree(built, NEW_SITE)
        if not die_at_step(step, SWAP, mechanism, str(built), str(destination)):
            break
        state = tree(destination)
        states.append(state)
        if mechanism == "exchange":
            assert state in (OLD_SITE, NEW_SITE), f"killed at step {step}: {state}"
        recover(destination)  # what the next build does first
        assert tree(destination) in (OLD_SITE, NEW_SITE), f"killed at step {step}"
        following = staging_directory(destination)
        make_tree(following, NEXT_SITE)
        swap_in(following, destination)
        assert tree(destination) == NEXT_SITE
        assert [p.name for p in destination.parent.iterdir()] == ["site"]
    assert tree(destination) == NEW_SITE
    assert [p.name for p in destination.parent.iterdir()] == ["site"]
    assert OLD_SITE in states and NEW_SITE in states  # kills before and after the swap itself
    if mechanism == "renames":
        assert None in states  # the moment between the two renames, which `recover` repairs


def test_swap_into_a_new_place_creates_it(tmp_path: Path) -> None:
    destination = tmp_path / "site"
    built = staging_directory(destination)
    make_tree(built, NEW_SITE)
    swap_in(built, destination)
    assert tree(destination) == NEW_SITE
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_recover_leaves_other_hidden_folders_alone(tmp_path: Path) -> None:
    destination = tmp_path / "site"
    make_tree(destination, OLD_SITE)
    for name in (".site.keep", ".site-old.too-long-name", ".git", ".sitex.abcdefgh"):
        (tmp_path / name).mkdir()
    recover(destination)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".git", ".site-old.too-long-name", ".site.keep", ".sitex.abcdefgh", "site"]
    )


def test_a_write_killed_at_any_step_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    step = 0
    while True:
        step += 1
        readme.write_text("old\n" * 1000)
        if not die_at_step(step, "files.write_atomic(Path(sys.argv[3]), 'new')", "-", str(readme)):
            break
        assert readme.read_text() in ("old\n" * 1000, "new"), f"killed at step {step}"
    assert step > 2
    assert readme.read_text() == "new"


@pytest.mark.parametrize("mechanism", ["exchange", "renames"])
def test_a_swap_that_fails_keeps_the_old_site_and_leaves_nothing_beside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mechanism: str
) -> None:
    destination = tmp_path / "site"
    make_tree(destination, OLD_SITE)
    built = staging_directory(destination)
    make_tree(built, NEW_SITE)
    if mechanism == "renames":
        monkeypatch.setattr(files, "_exchange", lambda first, second: False)
    real_replace = os.replace

    def refuse_the_new_site(source: Path, target: Path) -> None:
        if Path(source) == built:
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    def refuse_the_exchange(first: Path, second: Path) -> bool:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse_the_new_site)
    if mechanism == "exchange":
        monkeypatch.setattr(files, "_exchange", refuse_the_exchange)
    with pytest.raises(PermissionError):
        swap_in(built, destination)
    assert tree(destination) == OLD_SITE
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", built.name])
