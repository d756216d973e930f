"""Defaults in the package, `init --eject`, `init --force` backups and `upgrade`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support.data import REPO

from generator import __version__
from generator.cli import main
from generator.defaults.skeleton import OWNED, owned_files
from generator.packaged import DEFAULTS

ENTRIES = """\
sections:
  - id: entries
    title: Entries

papers:
{papers}
"""
PAPER = """\
  - id: paper-{n}
    title: Paper number {n}
    url: https://example.org/paper-{n}
    venue: arXiv
    year: 2020
    section: entries
"""
DATA = ("list.yaml", "papers.yaml", "datasets.yaml")


def _papers(count: int) -> str:
    return ENTRIES.format(papers="".join(PAPER.format(n=n) for n in range(1, count + 1)))


def _new_list(tmp_path: Path, *options: str) -> Path:
    root = tmp_path / "things"
    assert main(["init", str(root), "--title", "Awesome Things", *options]) == 0
    (root / "papers.yaml").write_text(_papers(6), encoding="utf-8")
    return root


def _outputs(root: Path) -> dict[str, bytes]:
    files = [root / "README.md", *sorted((root / "site").rglob("*.html"))]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def _old_layout(tmp_path: Path) -> Path:
    """A list as `init` of 0.1.0 left it: copies of every default, schemas, requirements by
    repository URL and its two workflows, one template edited by the maintainer."""
    root = _new_list(tmp_path, "--eject")
    for name in OWNED:
        (root / name).unlink()
    (root / "requirements.txt").write_text(
        "awesome-llm-knowledge-update @ git+https://github.com/example/generator\n"
    )
    workflows = root / ".github" / "workflows"
    (workflows / "ci.yml").write_text("name: CI\non: push\njobs: {}\n")
    (workflows / "pages.yml").write_text("name: Pages\non: push\njobs: {}\n")
    dataset = root / "templates" / "readme" / "dataset.md.j2"
    dataset.write_text("### {{ dataset.name | md }} (edited)\n", encoding="utf-8")
    return root


def test_build_uses_the_packaged_defaults_so_deleting_templates_changes_nothing(
    tmp_path: Path,
) -> None:
    root = _new_list(tmp_path, "--eject")
    assert (root / "templates" / "README.md.j2").is_file()
    assert main(["--root", str(root), "build"]) == 0
    with_copies = _outputs(root)
    for folder in ("templates", "schemas", "overrides", "docs"):
        shutil.rmtree(root / folder)
    assert main(["--root", str(root), "build"]) == 0
    assert _outputs(root) == with_copies
    assert len(with_copies) > 5 and b"Paper number 6" in with_copies["README.md"]


def test_a_list_s_own_template_replaces_the_packaged_one_file_by_file(tmp_path: Path) -> None:
    root = _new_list(tmp_path)
    own = root / "templates" / "readme" / "paper.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text("- OWN {{ paper.title | md }}\n", encoding="utf-8")
    assert main(["--root", str(root), "build", "--no-site"]) == 0
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "- OWN Paper number 6" in readme
    assert readme.startswith("# Awesome Things")  # README.md.j2 itself is still the packaged one


def test_init_force_names_and_keeps_every_data_file_it_replaces(tmp_path: Path, capsys) -> None:
    root = _new_list(tmp_path)
    six = (root / "papers.yaml").read_text(encoding="utf-8")
    assert main(["init", str(root), "--title", "Awesome Things"]) == 1  # not without --force
    assert (root / "papers.yaml").read_text(encoding="utf-8") == six
    capsys.readouterr()
    assert main(["init", str(root), "--title", "Awesome Things", "--force"]) == 0
    err = capsys.readouterr().err
    assert "replaced papers.yaml; its previous content is in papers.yaml.bak" in err
    assert (root / "papers.yaml.bak").read_text(encoding="utf-8") == six
    assert "list.yaml" not in err  # unchanged: nothing to keep
    assert main(["init", str(root), "--title", "Awesome Things", "--force"]) == 0
    assert not (root / "papers.yaml.bak.2").exists()  # the second time it changed nothing


def test_upgrade_moves_an_old_layout_and_keeps_every_entry(tmp_path: Path, capsys) -> None:
    root = _old_layout(tmp_path)
    data = {name: (root / name).read_bytes() for name in DATA}
    assert main(["--root", str(root), "upgrade", "--check"]) == 1
    assert not (root / ".github" / "workflows" / "links.yml").exists()  # --check wrote nothing
    capsys.readouterr()
    assert main(["--root", str(root), "upgrade"]) == 0
    out, err = capsys.readouterr()
    assert "-awesome-llm-knowledge-update @ git+https://github.com/example/generator" in out
    assert f"+listsmith=={__version__}" in out
    assert "+++ b/.github/workflows/suggestion.yml" in out
    assert "remove templates/README.md.j2: an unedited copy of the packaged file" in err
    assert "keep templates/readme/dataset.md.j2: edited, it replaces the packaged file" in err
    assert {name: (root / name).read_bytes() for name in DATA} == data
    assert {name: (root / name).read_text() for name in OWNED} == owned_files()
    assert not (root / "schemas").exists() and not (root / "overrides").exists()
    assert sorted(p.name for p in (root / "templates").rglob("*") if p.is_file()) == [
        "dataset.md.j2"
    ]
    assert main(["--root", str(root), "build"]) == 0
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert all(f"[Paper number {n}](" in readme for n in range(1, 7))
    assert main(["--root", str(root), "upgrade", "--check"]) == 0


def test_upgrade_outside_a_list_says_to_init(tmp_path: Path, capsys) -> None:
    assert main(["--root", str(tmp_path), "upgrade"]) == 1
    assert "run `listsmith init DIR` first" in capsys.readouterr().err


@pytest.mark.parametrize(
    "version", json.loads((DEFAULTS / "released.json").read_text())["versions"]
)
def test_every_released_digest_names_a_default_file(version: str) -> None:
    digests = json.loads((DEFAULTS / "released.json").read_text())["versions"][version]
    folders = {"templates": "templates", "docs/assets": "docs/assets", "overrides": "overrides"}
    folders["schemas"] = "generator/schemas"
    for name, digest in digests.items():
        assert len(digest) == 64 and int(digest, 16) >= 0
        folder = next(f for f in folders if name.startswith(f + "/"))
        assert (REPO / folders[folder] / name.removeprefix(folder + "/")).exists(), name


def test_import_force_into_a_list_names_and_keeps_the_data_it_replaces(
    tmp_path: Path, capsys
) -> None:
    root = _new_list(tmp_path)
    six = (root / "papers.yaml").read_text(encoding="utf-8")
    source = tmp_path / "README.md"
    source.write_text("# Awesome Other\n\n> Others.\n\n## Things\n\n- [A](https://a.example/x)\n")
    assert main(["import", str(source), "--into", str(root)]) == 1  # not without --force
    assert (root / "papers.yaml").read_text(encoding="utf-8") == six
    capsys.readouterr()
    assert main(["import", str(source), "--into", str(root), "--force"]) == 0
    err = capsys.readouterr().err
    assert "replaced papers.yaml; its previous content is in papers.yaml.bak" in err
    assert "replaced list.yaml; its previous content is in list.yaml.bak" in err
    assert (root / "papers.yaml.bak").read_text(encoding="utf-8") == six
