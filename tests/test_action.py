"""The composite Action (`uses: OWNER/REPO@vX`) that runs validate, build and check-links."""

from __future__ import annotations

import shlex

import yaml
from support.data import REPO
from test_github_files import zizmor

from generator.cli import build_parser

ACTION = REPO / "action.yml"


def _steps() -> list[dict]:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    return action["runs"]["steps"]


def _commands() -> list[list[str]]:
    lines = [line.strip() for s in _steps() for line in s.get("run", "").splitlines()]
    return [shlex.split(line) for line in lines if line.startswith("listsmith ")]


def test_the_action_validates_checks_the_readme_builds_and_checks_links() -> None:
    verbs = [
        next(word for word in command[1:] if not word.startswith(("-", '"', "$")))
        for command in _commands()
    ]
    assert {"validate", "build", "check-links"} <= set(verbs)
    assert any(command[-3:] == ["build", "--check", "--no-site"] for command in _commands())


def test_every_command_of_the_action_is_one_the_parser_accepts() -> None:
    parser = build_parser()
    for command in _commands():
        arguments = [
            word.replace("$LIST_ROOT", ".").replace("origin/$BASE_REF", "main")
            for word in command[1:]
        ]
        parser.parse_args(arguments)  # exits (fails the test) on an unknown command or option


def test_inputs_reach_the_shell_only_through_the_environment() -> None:
    for step in _steps():
        assert "${{" not in step.get("run", ""), step.get("name")


def test_the_action_installs_the_version_of_its_own_tag() -> None:
    (install,) = [s for s in _steps() if "pip install" in s.get("run", "")]
    assert install["run"] == 'pip install "$ACTION_PATH"'
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"


def test_zizmor_finds_nothing_in_the_action() -> None:
    result = zizmor(ACTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
