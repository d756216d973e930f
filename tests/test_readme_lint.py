"""The committed README.md passes awesome-lint and markdownlint-cli2, and its Development
section is what CI runs.

The linters come from `node_modules/.bin` (`npm ci`) or PATH. Without them these tests skip,
except when AWESOME_CI=1 (set by `.ci/run`), where a missing linter is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from support.data import REPO
from support.site import copy_project
from support.tree import TREE_LIST, write_tree_project

from generator.cli import main

# awesome-lint rules that need a git remote or the GitHub API: they cannot pass offline in a
# temporary directory, so they, and only they, are left out.
GITHUB_RULES = {"remark-lint:awesome-github", "remark-lint:awesome-git-repo-age"}
# Files next to README.md that awesome-lint's own rules look for.
COMPANIONS = ("contributing.md", "LICENSE", "code-of-conduct.md")
_MESSAGE = re.compile(r"^\s*[✖⚠]\s+(\d+):(\d+)\s+(.+?)\s+(\S+)\s*$")
_SUMMARY = re.compile(r"^\s*(\d+) (?:errors?|warnings?)\s*$")


def linter(name: str) -> str:
    local = REPO / "node_modules" / ".bin" / name
    found = str(local) if local.is_file() else shutil.which(name)
    if found is None:
        message = f"{name} is not installed: run `npm ci` (package.json pins it)"
        if os.environ.get("AWESOME_CI") == "1":
            pytest.fail(f"{message}; AWESOME_CI=1 requires it")
        pytest.skip(message)
    return found


def awesome_lint_messages(output: str) -> tuple[list[tuple[int, int, str, str]], int]:
    """(line, column, message, rule) of every reported problem, and the summary's count."""
    messages = []
    total = 0
    for line in output.splitlines():
        if match := _MESSAGE.match(line):
            row, column, text, rule = match.groups()
            messages.append((int(row), int(column), text, rule))
        elif match := _SUMMARY.match(line):
            total += int(match.group(1))
    return messages, total


def test_awesome_lint_reports_no_errors_apart_from_its_github_checks(tmp_path):
    command = linter("awesome-lint")
    # A copy outside any git repository keeps the GitHub checks from going online.
    for name in ("README.md", *COMPANIONS):
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, tmp_path / name)
    done = subprocess.run(
        [command, "README.md"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    output = done.stdout + done.stderr
    messages, total = awesome_lint_messages(output)
    assert len(messages) == total, f"could not read awesome-lint's output:\n{output}"
    remaining = [m for m in messages if m[3] not in GITHUB_RULES]
    assert remaining == [], output
    if not messages:
        assert done.returncode == 0, output


def test_awesome_lint_output_is_understood():
    sample = (
        "  README.md:1:1\n"
        "  ✖  1:1  Awesome list must reside in a valid git repository  remark-lint:awesome-github\n"
        "  ✖  12:3  Missing Contributing section  remark-lint:awesome-contributing\n"
        "\n  2 errors\n"
    )
    messages, total = awesome_lint_messages(sample)
    assert total == 2
    assert [m[3] for m in messages] == [
        "remark-lint:awesome-github",
        "remark-lint:awesome-contributing",
    ]


def test_markdownlint_reports_no_errors_with_the_committed_config():
    command = linter("markdownlint-cli2")
    done = subprocess.run(
        [command, "README.md"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Summary: 0 issues" in done.stdout + done.stderr


HOSTILE_PAPER = """
  - id: hostile-links
    title: "Escaping ](https://evil.example) and www.evil.example <b>x</b> $x$"
    url: https://example.org/hostile-links
    venue: "1. not a list"
    year: 2024
    section: paper-list
    datasets: [ecbd]
"""


def test_markdownlint_accepts_a_readme_of_hostile_text_and_an_empty_section(tmp_path):
    command = linter("markdownlint-cli2")
    root = copy_project(tmp_path / "list", HOSTILE_PAPER)
    papers = root / "papers.yaml"
    empty_section = "\n  - id: empty\n    title: Empty\npapers:\n"
    papers.write_text(papers.read_text(encoding="utf-8").replace("\npapers:\n", empty_section, 1))
    assert main(["--root", str(root), "build", "--no-site"]) == 0
    shutil.copy2(REPO / ".markdownlint-cli2.jsonc", root)
    done = subprocess.run(
        [command, "README.md"], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert "Summary: 0 issues" in done.stdout + done.stderr, done.stdout + done.stderr


def test_markdownlint_config_relaxes_only_line_length():
    text = (REPO / ".markdownlint-cli2.jsonc").read_text(encoding="utf-8")
    config = json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.MULTILINE))
    assert config["config"] == {"default": True, "MD013": False}


def development_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Development\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, "the Development section holds exactly one fenced block"
    return [line for line in blocks[0].splitlines() if line.strip()]


def test_development_section_has_two_commands_install_and_build_then_test():
    commands = development_commands()
    assert len(commands) == 2
    install_and_build, install_and_test = commands
    assert "pip install" in install_and_build
    assert "python -m generator build" in install_and_build
    assert ".[test]" in install_and_test
    assert "pytest" in install_and_test


def test_ci_reads_the_development_commands_from_the_readme():
    done = subprocess.run(
        [sys.executable, str(REPO / ".ci" / "development-commands"), str(REPO / "README.md")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines() == development_commands()
    ci = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert "mapfile -t commands < <(python3 .ci/development-commands README.md)" in ci
    # Both commands in the fresh clone without the tools, the test command again with them.
    assert 'for command in "${commands[@]}"; do' in ci
    assert 'bash -euo pipefail -c "${commands[1]}"' in ci
    assert "export AWESOME_CI=1" in ci


def test_contributing_installs_the_way_the_readme_does():
    text = (REPO / "contributing.md").read_text(encoding="utf-8")
    installs = set(re.findall(r"^pip install .*$", text, re.MULTILINE))
    assert installs, "contributing.md should say how to install"
    assert installs <= set(development_commands())


def test_a_missing_linter_skips_locally_but_fails_in_ci(monkeypatch):
    monkeypatch.delenv("AWESOME_CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        linter("no-such-linter")
    monkeypatch.setenv("AWESOME_CI", "1")
    with pytest.raises(pytest.fail.Exception):
        linter("no-such-linter")


# --- The tree list (issue 10): nested sections and entries in several sections ---


def _lint_tree_readme(root, name: str = "README.md") -> tuple[str, str]:
    """(awesome-lint's output less its GitHub checks, markdownlint's output) for `name`."""
    for companion in COMPANIONS:
        if (REPO / companion).is_file():
            shutil.copy2(REPO / companion, root / companion)
    shutil.copy2(REPO / ".markdownlint-cli2.jsonc", root)
    awesome = subprocess.run(
        [linter("awesome-lint"), name], cwd=root, capture_output=True, text=True, timeout=300
    )
    messages, total = awesome_lint_messages(awesome.stdout + awesome.stderr)
    assert len(messages) == total, awesome.stdout + awesome.stderr
    remaining = [m for m in messages if m[3] not in GITHUB_RULES]
    markdown = subprocess.run(
        [linter("markdownlint-cli2"), name], cwd=root, capture_output=True, text=True, timeout=300
    )
    return "\n".join(map(str, remaining)), markdown.stdout + markdown.stderr


def test_a_readme_with_nested_sections_and_multi_section_entries_passes_both_linters(tmp_path):
    root = write_tree_project(tmp_path / "list")
    assert main(["--root", str(root), "build", "--no-site"]) == 0
    awesome, markdown = _lint_tree_readme(root)
    assert awesome == ""
    assert "Summary: 0 issues" in markdown, markdown


def test_the_same_section_linked_inline_twice_is_what_awesome_lint_rejects(tmp_path):
    """Why the README names another section by reference: inline, the link would repeat."""
    root = write_tree_project(tmp_path / "list")
    assert main(["--root", str(root), "build", "--no-site"]) == 0
    readme = (root / "README.md").read_text(encoding="utf-8")
    inline = readme.replace("[Causal Tracing][causal]", "[Causal Tracing](#causal-tracing)")
    (root / "INLINE.md").write_text(inline, encoding="utf-8")
    awesome, _ = _lint_tree_readme(root, "INLINE.md")
    assert "Duplicate link: #causal-tracing" in awesome


def test_a_summary_readme_passes_both_linters(tmp_path):
    identity = TREE_LIST + "readme:\n  mode: summary\n"
    root = write_tree_project(tmp_path / "list", **{"list.yaml": identity})
    assert main(["--root", str(root), "build", "--no-site"]) == 0
    awesome, markdown = _lint_tree_readme(root)
    assert awesome == ""
    assert "Summary: 0 issues" in markdown, markdown
