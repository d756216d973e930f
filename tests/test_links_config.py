"""links.toml: defaults, overrides, and located errors for every bad setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.links.config import LinkConfig, load_config, with_overrides

REPOSITORY = Path(__file__).resolve().parent.parent


def _load(tmp_path: Path, text: str):
    (tmp_path / "links.toml").write_text(text, encoding="utf-8")
    return load_config(tmp_path)


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path) == (LinkConfig(), [])


def test_the_committed_config_is_valid() -> None:
    config, problems = load_config(REPOSITORY)
    assert problems == []
    assert config.per_host_limits["export.arxiv.org"] == 1


def test_settings_override_the_defaults(tmp_path: Path) -> None:
    config, problems = _load(
        tmp_path,
        'timeout = 3\naccept = ["200-204", 403]\nexclude = ["^https://x"]\n'
        '[per_host_limits]\n"a.org" = 1\n',
    )
    assert problems == []
    assert config.timeout == 3.0
    assert config.accept == (200, 201, 202, 203, 204, 403)
    assert config.exclude == ("^https://x",)
    assert (config.limit_for("a.org"), config.limit_for("b.org")) == (1, 4)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("\n\ntimeut = 3\n", 3, "unknown setting 'timeut'"),
        ("per_host = 0\n", 1, "'per_host' must be positive"),
        ('timeout = "fast"\n', 1, "'timeout' must be a number"),
        ('exclude = ["(unclosed"]\n', 1, "invalid regular expression"),
        ('accept = [200, "2xx"]\n', 1, "'accept' must list status codes"),
        ("timeout = = 3\n", 1, "invalid TOML"),
        ("\nbackoff_factor = nan\n", 2, "'backoff_factor' must be a number, not nan"),
        ('\n\n[per_host_limits]\n"a.org" = 0\n', 3, "must map hosts to positive integers"),
    ],
)
def test_bad_settings_are_located(tmp_path: Path, text: str, line: int, message: str) -> None:
    _, problems = _load(tmp_path, text)
    assert len(problems) == 1
    assert (problems[0].file, problems[0].line) == ("links.toml", line)
    assert message in problems[0].message


def test_unknown_setting_suggests_the_closest(tmp_path: Path) -> None:
    _, [problem] = _load(tmp_path, "timeut = 3\n")
    assert problem.hint == "did you mean 'timeout'?"


def test_environment_names_the_apis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARXIV_API_URL", "http://127.0.0.1:1/api")
    config, _ = load_config(tmp_path)
    assert config.arxiv_api_url == "http://127.0.0.1:1/api"


def test_command_line_options_override_only_when_given() -> None:
    config = with_overrides(LinkConfig(), timeout=2.0, per_host=None)
    assert (config.timeout, config.per_host) == (2.0, 4)


def test_links_toml_cannot_allow_private_addresses(tmp_path: Path) -> None:
    """A pull request edits links.toml: only the command line may reach inside the network."""
    config, [problem] = _load(tmp_path, "timeout = 3.0\nallow_private = true\n")
    assert config.allow_private is False
    assert (problem.line, problem.message) == (2, "'allow_private' cannot be set in links.toml")
    assert "--allow-private" in problem.hint
