"""Trees are written and copied without going through a symbolic link."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.files import LinkedFolder, symbolic_links, write_tree
from generator.site.writer import StageWriter


def test_write_tree_refuses_a_linked_folder_and_writes_nothing(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "list"
    root.mkdir()
    (root / ".github").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(LinkedFolder, match=r"\.github is a symbolic link"):
        write_tree(root, {"papers.yaml": "papers: []\n", ".github/workflows/x.yml": "on: push\n"})
    assert list(elsewhere.iterdir()) == [] and not (root / "papers.yaml").exists()


def test_copy_tree_copies_files_and_folders_but_no_link(tmp_path: Path) -> None:
    source = tmp_path / "docs"
    (source / "sub").mkdir(parents=True)
    (source / "sub" / "page.md").write_text("page\n")
    (tmp_path / "secret").write_text("secret\n")
    (source / "leak.md").symlink_to(tmp_path / "secret")
    (source / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    assert symbolic_links(source) == [source / "leak.md", source / "sub" / "up"]
    writer = StageWriter(tmp_path)
    writer.copy_tree(source, tmp_path / "copy")  # how the site's stage copies docs/
    writer.prune()
    copied = sorted(
        p.relative_to(tmp_path / "copy").as_posix() for p in (tmp_path / "copy").rglob("*")
    )
    assert copied == ["sub", "sub/page.md"]


# Every folder a command writes into: `.github` always; templates and assets only when
# init copies the packaged defaults out (`--eject`).
WRITERS = [
    ("init", (), ".github"),
    ("init", ("--eject",), "templates"),
    ("init", ("--eject",), "docs/assets"),
    ("import", (), ".github"),
]


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize(("command", "options", "linked"), WRITERS)
def test_init_and_import_do_not_write_through_a_linked_folder(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    options: tuple[str, ...],
    force: bool,
    linked: str,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = tmp_path / "list"
    (target / linked).parent.mkdir(parents=True)
    (target / linked).symlink_to(elsewhere, target_is_directory=True)
    source = tmp_path / "source.md"
    source.write_text("# L\n\n## Papers\n- [Some Paper Title](https://arxiv.org/abs/2101.00001)\n")
    arguments = (
        [command, str(target)]
        if command == "init"
        else [command, str(source), "--into", str(target)]
    )
    assert main([*arguments, *options, *(["--force"] if force else [])]) == 1
    assert f"{linked} is a symbolic link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in target.iterdir()) == [linked.split("/")[0]]
