"""A list's own entry fields (list.yaml `fields`) and renamed labels (`labels`)."""

from __future__ import annotations

from pathlib import Path

from generator.cli import main

IDENTITY = """\
title: Awesome Things
description: Things.
fields:
  - name: funding
    type: text
    label: Funded by
  - name: homepage
    type: url
    label: Project page
    show: [site]
  - name: modality
    type: list
    label: Modality
    entries: datasets
labels:
  authors: Written by
"""
# One paper, shared by the tests of the adoption issue.
ATTENTION = """\
  - id: attention
    title: Attention Is All You Need
    url: https://arxiv.org/abs/1706.03762
    venue: NeurIPS
    year: 2017
    section: entries
"""
PAPERS = f"""\
sections:
  - id: entries
    title: Entries
papers:
{ATTENTION}    authors: [Ashish Vaswani]
    funding: {{funding}}
    homepage: {{homepage}}
"""
DATASETS = """\
datasets:
  - id: wmt
    name: WMT 2014
    url: https://www.statmt.org/wmt14/
    paper: attention
    modality: [text, "<b>speech</b>"]
"""


def _list(tmp_path: Path, funding: str = "Open Grants", homepage: str = "https://e.org/t") -> Path:
    root = tmp_path / "things"
    root.mkdir()
    (root / "list.yaml").write_text(IDENTITY, encoding="utf-8")
    papers = PAPERS.format(funding=funding, homepage=homepage)
    (root / "papers.yaml").write_text(papers, encoding="utf-8")
    (root / "datasets.yaml").write_text(DATASETS, encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Awesome Things\n", encoding="utf-8")
    return root


def test_custom_fields_are_shown_where_declared_and_labels_renamed(tmp_path: Path) -> None:
    root = _list(tmp_path)
    assert main(["--root", str(root), "build"]) == 0
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "  - Funded by: Open Grants\n" in readme
    assert "  - Written by: Ashish Vaswani.\n" in readme
    assert "Authors:" not in readme
    assert "  - Modality: text, &lt;b&gt;speech&lt;/b&gt;\n" in readme  # escaped like any text
    assert "Project page" not in readme  # shown on the site only
    page = (root / "site" / "sections" / "entries" / "index.html").read_text(encoding="utf-8")
    assert "Project page" in page and 'href="https://e.org/t"' in page
    assert "Funded by" in page and "Written by" in page
    datasets = (root / "site" / "datasets" / "index.html").read_text(encoding="utf-8")
    assert "Modality" in datasets and "<b>speech" not in datasets


def test_a_custom_field_is_validated_like_a_built_in_one(tmp_path: Path, capsys) -> None:
    root = _list(tmp_path, funding="3", homepage="not a url")
    assert main(["--root", str(root), "validate"]) == 1
    out = capsys.readouterr().out
    assert "papers.yaml:12:14: error: 'funding' must be text, not a whole number" in out
    assert "papers.yaml:13:15: error: invalid value 'not a url' for 'homepage'" in out


def test_an_undeclared_field_is_still_an_unknown_key(tmp_path: Path, capsys) -> None:
    root = _list(tmp_path)
    identity = (root / "list.yaml").read_text().replace("name: funding", "name: fundng")
    (root / "list.yaml").write_text(identity)
    assert main(["--root", str(root), "validate"]) == 1
    assert "papers.yaml:12:5: error: unknown key 'funding'" in capsys.readouterr().out


def test_a_custom_field_cannot_take_a_built_in_name(tmp_path: Path, capsys) -> None:
    root = _list(tmp_path)
    identity = (root / "list.yaml").read_text().replace("name: homepage", "name: title")
    (root / "list.yaml").write_text(identity)
    assert main(["--root", str(root), "validate"]) == 1
    out = capsys.readouterr().out
    assert "list.yaml:7:11: error: 'title' is a built-in field of papers" in out
    assert "use `labels` instead" in out


def test_a_field_declaration_is_checked_by_the_list_schema(tmp_path: Path, capsys) -> None:
    root = _list(tmp_path)
    identity = (root / "list.yaml").read_text().replace("type: url", "type: link")
    (root / "list.yaml").write_text(identity)
    assert main(["--root", str(root), "validate"]) == 1
    assert "list.yaml:8:11: error: invalid value 'link' for 'type'" in capsys.readouterr().out
