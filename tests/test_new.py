"""`python -m generator new`, end to end in a copy of the project, against a local server."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support.data import TOOLS
from support.http import StandIn
from support.network import (
    ObservingListener,
)
from support.replay import fixture_text
from support.sources import github_repository

from generator.catalog.load import load_yaml
from generator.catalog.project import Project, open_catalog
from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
ATOM = "application/atom+xml; charset=utf-8"
JSON = "application/json; charset=utf-8"
ARXIV_QUERY = "/api/query?id_list="


@pytest.fixture
def project(tmp_path: Path, replay: StandIn, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the list's data, with both services pointed at the replay server."""
    for name in ("papers.yaml", "datasets.yaml"):
        shutil.copy(REPO / name, tmp_path / name)
    for name in ("notes", "templates"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.setenv("ARXIV_API_URL", replay.url("/api/query"))
    monkeypatch.setenv("CROSSREF_API_URL", replay.url("/works/"))
    monkeypatch.setenv("GITHUB_API_URL", replay.url("/github"))
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    return tmp_path


def run_new(project: Path, *args: str) -> int:
    return main(["--root", str(project), "new", "--allow-private", *args])


def atom_entry(title: str, authors: list[str], published: str = "2024-03-05T10:00:00Z") -> str:
    names = "".join(f"<author><name>{name}</name></author>" for name in authors)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<entry><id>http://arxiv.org/abs/2403.00001v1</id><published>{published}</published>"
        f"<title>{title}</title>{names}</entry></feed>"
    )


def only_papers(project: Path, papers_text: bytes) -> None:
    """Replace the copy's data by this papers.yaml, with no datasets and no notes."""
    (project / "papers.yaml").write_bytes(papers_text)
    (project / "datasets.yaml").write_text("datasets: []\n", encoding="utf-8")
    shutil.rmtree(project / "notes")


def new_papers(project: Path) -> list[dict]:
    loaded, problems = load_yaml(project / "papers.yaml")
    assert loaded is not None and not problems
    return loaded.data["papers"]


def by_id(project: Path, paper_id: str) -> dict:
    return next(p for p in new_papers(project) if p["id"] == paper_id)


def test_arxiv_paper_is_inserted_in_id_order_and_the_old_bytes_are_untouched(
    project: Path, replay: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    replay.add(ARXIV_QUERY + "2305.01651", fixture_text("arxiv-2305.01651.xml"), content_type=ATOM)
    before = (project / "papers.yaml").read_bytes()
    ids_before = [p["id"] for p in new_papers(project) if p["section"] == "paper-list"]

    assert run_new(project, "https://arxiv.org/abs/2305.01651v2") == 0

    after = (project / "papers.yaml").read_bytes()
    output = capsys.readouterr()
    assert after.replace(output.out.encode() + b"\n", b"", 1) == before
    ids = [p["id"] for p in new_papers(project) if p["section"] == "paper-list"]
    # Right after the section's last id before it, so that other additions land elsewhere.
    predecessor = max(i for i in ids_before if i < "onoe-2023-lms")
    assert ids.index("onoe-2023-lms") == ids.index(predecessor) + 1
    assert by_id(project, "onoe-2023-lms") == {
        "id": "onoe-2023-lms",
        "title": "Can LMs Learn New Entities from Descriptions? "
        "Challenges in Propagating Injected Knowledge",
        "url": "https://arxiv.org/abs/2305.01651",
        "venue": "arXiv",
        "year": 2023,
        "date": "2023-05",
        "section": "paper-list",
        "authors": [
            "Yasumasa Onoe",
            "Michael J. Q. Zhang",
            "Shankar Padmanabhan",
            "Greg Durrett",
            "Eunsol Choi",
        ],
        "arxiv": "2305.01651",
        "doi": "10.18653/v1/2023.acl-long.300",
        "added": dt.date.today().isoformat(),
    }
    assert '    arxiv: "2305.01651"\n' in after.decode()
    assert '    date: "2023-05"\n' in after.decode()  # as import writes it, not `month`
    catalog, problems = open_catalog(Project(project))
    assert catalog is not None and not problems
    assert output.out.startswith("  - id: onoe-2023-lms\n")
    assert "added 'onoe-2023-lms' to section 'paper-list'" in output.err


def test_section_and_method_options_are_written(project: Path, replay: StandIn) -> None:
    replay.add(ARXIV_QUERY + "2305.01651", fixture_text("arxiv-2305.01651.xml"), content_type=ATOM)
    code = run_new(project, "2305.01651", "--section", "survey-and-framework", "--method", "KD")
    assert code == 0
    entry = by_id(project, "onoe-2023-lms")
    assert (entry["section"], entry["method"]) == ("survey-and-framework", "KD")


def test_unknown_section_is_refused_before_any_download(
    project: Path, replay: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (project / "papers.yaml").read_bytes()
    assert run_new(project, "2305.01651", "--section", "paper-lists") == 1
    assert "did you mean 'paper-list'?" in capsys.readouterr().err
    assert (project / "papers.yaml").read_bytes() == before
    assert replay.requests == []


@pytest.mark.parametrize(
    "reference",
    [
        "2202.05262",
        "https://arxiv.org/pdf/2202.05262v2",
        "https://www.arxiv.org/abs/2202.05262/",
        "https://doi.org/10.48550/arXiv.2202.05262",  # arXiv's own DOI
    ],
)
def test_listed_arxiv_paper_is_refused_naming_the_entry_and_its_line(
    project: Path, replay: StandIn, capsys: pytest.CaptureFixture[str], reference: str
) -> None:
    before = (project / "papers.yaml").read_bytes()
    line = before.decode().splitlines().index("  - id: rome") + 1

    assert run_new(project, reference) == 1

    err = capsys.readouterr().err
    assert f"papers.yaml:{line}:1: error: this paper is already listed as 'rome'" in err
    assert "papers.yaml was not changed" in err
    assert (project / "papers.yaml").read_bytes() == before
    assert replay.requests == []


def test_listed_landing_page_is_refused_by_normalised_url(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_new(project, "http://OpenReview.net/forum?id=0DcZxeWfOPt") == 1
    assert "already listed as 'mend' (same URL)" in capsys.readouterr().err


def test_listed_doi_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_new(project, "https://doi.org/10.18653/V1/D16-1139") == 1
    assert "already listed as 'seqkd' (same DOI)" in capsys.readouterr().err


def test_same_title_under_another_doi_is_refused_after_fetching(
    project: Path, replay: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    record = (
        '{"message": {"title": ["Locating and editing factual associations in GPT."],'
        '"published": {"date-parts": [[2022, 12]]}, "container-title": ["NeurIPS"]}}'
    )
    replay.add("/works/10.5555/rome", record, content_type="application/json")
    before = (project / "papers.yaml").read_bytes()
    assert run_new(project, "10.5555/rome") == 1
    assert "already listed as 'rome' (same title)" in capsys.readouterr().err
    assert (project / "papers.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        ({"body": "oops", "status": 500}, "arXiv is unavailable (HTTP 500)"),
        ({"body": "<html>not a feed"}, "arXiv's answer is not valid XML"),
        ({"body": fixture_text("arxiv-empty.xml")}, "arXiv has no paper 2403.00001"),
    ],
)
def test_service_failure_leaves_papers_yaml_untouched(
    project: Path,
    replay: StandIn,
    capsys: pytest.CaptureFixture[str],
    reply: dict,
    message: str,
) -> None:
    replay.add(ARXIV_QUERY + "2403.00001", **reply)
    before = (project / "papers.yaml").read_bytes()
    assert run_new(project, "2403.00001") == 1
    err = capsys.readouterr().err
    assert f"error: {message}" in err and "papers.yaml was not changed" in err
    assert (project / "papers.yaml").read_bytes() == before


def test_offline_is_said_plainly(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CROSSREF_API_URL", "http://127.0.0.1:9/works/")
    assert run_new(project, "10.1000/anything") == 1
    assert "cannot reach Crossref at 127.0.0.1:9" in capsys.readouterr().err


def test_titles_and_authors_needing_quotes_read_back_exactly(
    project: Path, replay: StandIn
) -> None:
    title = "Edit: a &quot;Study&quot; #1 of [facts], yes &amp; no"
    authors = ["Jane O'Neil, Jr.", "- Dash", "Null"]
    replay.add(ARXIV_QUERY + "2403.00001", atom_entry(title, authors), content_type=ATOM)
    assert run_new(project, "2403.00001") == 0
    entry = new_papers(project)[-1]
    assert entry["title"] == 'Edit: a "Study" #1 of [facts], yes & no'
    assert entry["authors"] == authors
    assert entry["id"] == "edit"


def test_taken_id_gets_a_numbered_suffix(project: Path, replay: StandIn) -> None:
    replay.add(
        ARXIV_QUERY + "2403.00001",
        atom_entry("ROME: Another Paper Entirely", ["A B"]),
        content_type=ATOM,
    )
    assert run_new(project, "2403.00001") == 0
    assert by_id(project, "rome-2")["title"] == "ROME: Another Paper Entirely"


def test_entry_that_does_not_validate_is_removed_again(
    project: Path, replay: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    future = atom_entry("A Paper From the Future", ["A B"], published="2999-01-01T00:00:00Z")
    replay.add(ARXIV_QUERY + "2403.00001", future, content_type=ATOM)
    before = (project / "papers.yaml").read_bytes()
    assert run_new(project, "2403.00001") == 1
    err = capsys.readouterr().err
    assert "year 2999 is in the future" in err and "it was removed again" in err
    assert (project / "papers.yaml").read_bytes() == before


def test_invalid_papers_yaml_is_reported_first(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "papers.yaml").write_text("sections: [\n", encoding="utf-8")
    assert run_new(project, "2403.00001") == 1
    assert "fix the problems above before adding a paper" in capsys.readouterr().err


SECTIONS_LAST = """\
# A list whose papers come before its sections.\r
papers:\r
- id: first\r
  title: First\r
  url: https://example.org/first   # a comment that must stay\r
  venue: arXiv\r
  year: 2020\r
  section: only\r
\r
# The sections.\r
sections:\r
- id: only\r
  title: Only\r
"""


def test_entry_goes_after_the_last_paper_when_papers_is_not_last(
    project: Path, replay: StandIn
) -> None:
    only_papers(project, SECTIONS_LAST.encode())
    replay.add(ARXIV_QUERY + "2403.00001", atom_entry("Second Paper", ["A Zed"]), content_type=ATOM)
    assert run_new(project, "2403.00001") == 0
    after = (project / "papers.yaml").read_bytes().decode()
    head, rest = SECTIONS_LAST.split("\r\n# The sections.", 1)
    assert after.startswith(head + "\r\n- id: zed-2024-second\r\n  title: Second Paper\r\n")
    assert after.endswith(
        "  added: " + dt.date.today().isoformat() + "\r\n\r\n# The sections." + rest
    )
    assert "\n" not in after.replace("\r\n", "")
    assert [p["id"] for p in new_papers(project)] == ["first", "zed-2024-second"]


def test_empty_papers_list_becomes_a_block_list(project: Path, replay: StandIn) -> None:
    text = "sections:\n  - id: only\n    title: Only\npapers: []  # none yet\n"
    only_papers(project, text.encode())
    replay.add(ARXIV_QUERY + "2403.00001", atom_entry("First Paper", ["A B"]), content_type=ATOM)
    assert run_new(project, "2403.00001") == 0
    after = (project / "papers.yaml").read_text(encoding="utf-8")
    assert after.startswith("sections:\n  - id: only\n    title: Only\npapers:  # none yet\n")
    assert [p["section"] for p in new_papers(project)] == ["only"]


def test_command_runs_as_a_module(project: Path, replay: StandIn) -> None:
    replay.add(ARXIV_QUERY + "2305.01651", fixture_text("arxiv-2305.01651.xml"), content_type=ATOM)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--root",
            str(project),
            "new",
            "--allow-private",
            "2305.01651",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=os.environ.copy(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout)[0]["id"] == "onoe-2023-lms"


def test_fetched_fields_longer_than_the_schema_allows_are_refused_before_writing():
    from generator.commands.new import too_long

    fields = {"id": "meng-2022-locating", "title": "T" * 2_000_000, "authors": ["A B"]}
    assert (
        too_long(fields)
        == "the title would be 2,000,000 characters long, more than the 500 allowed"
    )
    assert (
        too_long({"id": "x" * 101})
        == "the id would be 101 characters long, more than the 100 allowed"
    )
    assert too_long({"authors": ["A " * 300]}).startswith("the authors would be 600 characters")
    assert too_long({"id": "meng-2022-locating", "title": "Locating", "authors": ["A B"]}) is None


def refused_without_change(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run `new` (without --allow-private unless given), expect a refusal; its error line."""
    before = (project / "papers.yaml").read_bytes()
    assert main(["--root", str(project), "new", *args]) == 1
    error, unchanged = capsys.readouterr().err.splitlines()
    assert unchanged == "papers.yaml was not changed"
    assert (project / "papers.yaml").read_bytes() == before
    return error


def test_landing_page_on_a_private_address_is_refused_without_connecting(
    project: Path, capsys: pytest.CaptureFixture[str], connects: list[object]
) -> None:
    error = refused_without_change(project, capsys, "https://10.0.0.1/paper")
    assert error.startswith("error: ") and "10.0.0.1" in error and "private" in error
    assert connects == []


def test_service_redirected_to_a_private_address_is_refused_without_allow_private(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    connects: list[object],
) -> None:
    monkeypatch.setenv("ARXIV_API_URL", "http://10.0.0.1/api/query")
    error = refused_without_change(project, capsys, "2305.01651")
    assert error == (
        "error: refused: 10.0.0.1 is a private address (10.0.0.1), "
        "not contacted without --allow-private"
    )
    assert connects == []


def test_loopback_landing_page_is_not_contacted_without_allow_private(
    project: Path, capsys: pytest.CaptureFixture[str], listener: ObservingListener
) -> None:
    url = f"http://127.0.0.1:{listener.port}/paper"
    error = refused_without_change(project, capsys, url)
    assert "refused: 127.0.0.1 is a loopback address" in error and "--allow-private" in error
    assert listener.connections == 0


@pytest.mark.parametrize(
    ("target", "host"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://2852039166/latest/meta-data/", "2852039166"),  # the same, in decimal
        ("http://[fd00:ec2::254]/latest/meta-data/", "[fd00:ec2::254]"),
    ],
)
def test_landing_page_redirecting_to_metadata_is_refused_even_with_allow_private(
    project: Path,
    replay: StandIn,
    capsys: pytest.CaptureFixture[str],
    connects: list[object],
    target: str,
    host: str,
) -> None:
    replay.add("/paper", "", status=302, headers={"Location": target})
    error = refused_without_change(project, capsys, "--allow-private", replay.url("/paper"))
    assert error.startswith(f"error: refused: {host} is a cloud metadata address")
    assert error.endswith("never contacted")
    assert set(connects) == {"127.0.0.1"}
    assert [request.path for request in replay.requests] == ["/paper"]


SERVICES = Path(__file__).parent / "fixtures" / "services"


def test_an_arxiv_paper_with_a_journal_reference_is_written_with_the_journal(
    project: Path, replay: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    """issue 21: `journal_ref` Phys. Rev. B ... (2012) on a paper posted in 2011."""
    feed = (SERVICES / "arxiv-2016-journal-ref.xml").read_text(encoding="utf-8")
    feed = feed.replace("Phys. Rev. B 74, 024520 (2006)", "Phys. Rev. B 85, 115117 (2012)")
    feed = feed.replace("<published>2006-03-02", "<published>2011-11-02")
    replay.add(ARXIV_QUERY + "cond-mat%2F0603029", feed, content_type=ATOM)
    assert run_new(project, "cond-mat/0603029") == 0
    (entry,) = (p for p in new_papers(project) if p.get("arxiv") == "cond-mat/0603029")
    assert (entry["venue"], entry["year"], entry["doi"]) == (
        "Phys. Rev. B",
        2012,
        "10.1103/PhysRevB.74.024520",
    )
    assert entry["arxiv"] == "cond-mat/0603029"
    err = capsys.readouterr().err
    assert (
        "note: venue Phys. Rev. B and year 2012 from arXiv's journal reference "
        "'Phys. Rev. B 85, 115117 (2012)'"
    ) in err


def test_new_joins_crossrefs_polite_pool_with_the_lists_contact(
    project: Path, replay: StandIn
) -> None:
    (project / "list.yaml").write_text(
        "title: T\ndescription: D.\ncontact:\n  email: maintainer@example.org\n", encoding="utf-8"
    )
    crossref = fixture_text("crossref-10.18653-v1-P19-1001.json")
    replay.add("/works/10.18653/v1/P19-1001?mailto=maintainer%40example.org", crossref)
    assert run_new(project, "10.18653/v1/P19-1001") == 0
    request = replay.requests[0]
    assert request.query == {"mailto": "maintainer@example.org"}
    assert "mailto:maintainer@example.org" in request.headers["User-Agent"]


def _git(project: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args]
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_two_branches_that_each_ran_new_merge_without_a_conflict(
    project: Path, replay: StandIn
) -> None:
    replay.add(ARXIV_QUERY + "2305.01651", fixture_text("arxiv-2305.01651.xml"), content_type=ATOM)
    replay.add(ARXIV_QUERY + "2403.00001", atom_entry("Second Paper", ["A B"]), content_type=ATOM)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "the list")
    for branch, reference in (("one", "2305.01651"), ("two", "2403.00001")):
        _git(project, "checkout", "-q", "-b", branch, "main")
        assert run_new(project, reference) == 0
        _git(project, "commit", "-q", "-am", f"add {reference}")
    _git(project, "checkout", "-q", "main")
    _git(project, "merge", "-q", "--no-edit", "one")
    _git(project, "merge", "-q", "--no-edit", "two")  # fails the test on a conflict
    ids = [p["id"] for p in new_papers(project)]
    assert {"onoe-2023-lms", "b-2024-second"} <= set(ids)
    catalog, problems = open_catalog(Project(project))
    assert catalog is not None and not problems


SPLIT_SECTIONS = """\
sections:
  - id: editing
    title: Editing
  - id: distillation
    title: Distillation
papers: []
"""
EDITING_PART = """\
papers:
  - id: alpha
    title: Alpha
    url: https://example.org/alpha
    venue: ICLR
    year: 2020
    section: editing
"""


def test_new_in_a_list_split_by_section_writes_that_sections_file(
    project: Path, replay: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    only_papers(project, SPLIT_SECTIONS.encode())
    (project / "papers").mkdir()
    (project / "papers" / "editing.yaml").write_text(EDITING_PART, encoding="utf-8")
    replay.add(ARXIV_QUERY + "2403.00001", atom_entry("Second Paper", ["A B"]), content_type=ATOM)
    replay.add(ARXIV_QUERY + "2305.01651", fixture_text("arxiv-2305.01651.xml"), content_type=ATOM)

    assert run_new(project, "2403.00001", "--section", "editing") == 0
    assert "at papers/editing.yaml:9." in capsys.readouterr().err
    assert run_new(project, "2305.01651", "--section", "distillation") == 0
    assert "at papers/distillation.yaml:2." in capsys.readouterr().err

    assert (project / "papers.yaml").read_text(encoding="utf-8") == SPLIT_SECTIONS
    editing = (project / "papers" / "editing.yaml").read_text(encoding="utf-8")
    assert editing.startswith(EDITING_PART + "\n  - id: b-2024-second\n")
    distillation = (project / "papers" / "distillation.yaml").read_text(encoding="utf-8")
    assert distillation.startswith("papers:\n  - id: onoe-2023-lms\n")
    catalog, problems = open_catalog(Project(project))
    assert catalog is not None and not problems
    assert {p.id: p.file for p in catalog.papers} == {
        "alpha": "papers/editing.yaml",
        "b-2024-second": "papers/editing.yaml",
        "onoe-2023-lms": "papers/distillation.yaml",
    }


# A tool: a GitHub repository's page ------------------------------------------------------


def test_a_repository_page_adds_a_tool_named_and_described_as_github_says(
    project: Path, replay: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    only_papers(project, TOOLS.encode())
    answer = github_repository("fastapi/typer", 1, description="Typer, build great CLIs.\n")
    replay.add("/github/repos/fastapi/typer", json.dumps(answer), content_type=JSON)

    assert run_new(project, "https://github.com/fastapi/typer/") == 0

    assert by_id(project, "typer") == {
        "id": "typer",
        "title": "typer",
        "kind": "tool",
        "url": "https://github.com/fastapi/typer",
        "section": "cli",
        "description": "Typer, build great CLIs.",
        "added": dt.date.today().isoformat(),
    }
    assert "Check the name and the description" in capsys.readouterr().err
    catalog, problems = open_catalog(Project(project))
    assert catalog is not None and not problems


def test_a_listed_repository_is_refused_before_and_after_github_names_it(
    project: Path, replay: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    only_papers(project, TOOLS.encode())
    before = (project / "papers.yaml").read_bytes()
    assert run_new(project, "https://github.com/pallets/click") == 1
    assert replay.hits("/github/repos/pallets/click") == []  # known without asking
    # A repository renamed to a listed one: GitHub answers with the listed name.
    renamed = github_repository("pallets/click", 1, description="Composable CLIs.")
    replay.add("/github/repos/pallets/old-click", json.dumps(renamed), content_type=JSON)
    assert run_new(project, "https://github.com/pallets/old-click") == 1
    assert "already listed" in capsys.readouterr().err
    assert (project / "papers.yaml").read_bytes() == before


def test_an_unknown_repository_says_so_and_writes_nothing(
    project: Path, replay: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    only_papers(project, TOOLS.encode())
    before = (project / "papers.yaml").read_bytes()
    # GitHub's 404 body, as its REST reference documents it.
    missing = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
    replay.add("/github/repos/nobody/nothing", json.dumps(missing), status=404, content_type=JSON)
    assert run_new(project, "https://github.com/nobody/nothing") == 1
    assert "GitHub has no repository nobody/nothing" in capsys.readouterr().err
    assert (project / "papers.yaml").read_bytes() == before
