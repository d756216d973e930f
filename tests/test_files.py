"""Atomic writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os

import pytest

from generator.files import write_atomic


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
