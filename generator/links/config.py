"""The link checker's settings: defaults here, overrides in the committed `links.toml`."""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from generator.catalog.paths import LINKS_CONFIG as CONFIG_FILE
from generator.diagnostics import Diagnostic
from generator.net.pacing import SERVICE_INTERVALS
from generator.net.session import user_agent

ENVIRONMENT = {"arxiv_api_url": "ARXIV_API_URL", "doi_api_url": "DOI_API_URL"}


@dataclass(frozen=True)
class LinkConfig:
    user_agent: str = user_agent(role="link-checker")
    timeout: float = 15.0
    max_time_per_url: float = 60.0
    max_concurrency: int = 64
    per_host: int = 4
    per_host_limits: dict[str, int] = field(default_factory=dict)
    max_redirects: int = 10
    retries: int = 3
    backoff_factor: float = 0.5
    retry_after_cap: float = 60.0
    cache_max_age: float = 86400.0
    accept: tuple[int, ...] = tuple(range(200, 300))
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    blocked_hosts: tuple[str, ...] = ()
    arxiv_api_url: str = "https://export.arxiv.org/api/query"
    arxiv_batch_size: int = 100
    arxiv_delay: float = SERVICE_INTERVALS["arXiv"]
    check_dois: bool = True
    doi_api_url: str = "https://doi.org/api/handles/"
    # Contact loopback and private addresses: only --allow-private sets it, never links.toml
    # (a pull request could edit that file to reach inside the network).
    allow_private: bool = False

    def limit_for(self, host: str) -> int:
        return self.per_host_limits.get(host, self.per_host)


_POSITIVE = {"timeout", "max_time_per_url", "max_concurrency", "per_host", "arxiv_batch_size"}
_NON_NEGATIVE = {
    "max_redirects",
    "retries",
    "backoff_factor",
    "retry_after_cap",
    "cache_max_age",
    "arxiv_delay",
}


def load_config(root: Path) -> tuple[LinkConfig, list[Diagnostic]]:
    """The settings of `root/links.toml` over the defaults; the environment names the APIs."""
    config, problems = _read(root / CONFIG_FILE)
    overrides = {key: os.environ[var] for key, var in ENVIRONMENT.items() if os.environ.get(var)}
    return replace(config, **overrides), problems


def _read(path: Path) -> tuple[LinkConfig, list[Diagnostic]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LinkConfig(), []
    except (OSError, UnicodeDecodeError) as error:
        return LinkConfig(), [Diagnostic(CONFIG_FILE, 1, 1, f"cannot read the file: {error}")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, column = getattr(error, "lineno", 1), getattr(error, "colno", 1)
        message = f"invalid TOML: {str(error).split(' (at ')[0]}"
        return LinkConfig(), [Diagnostic(CONFIG_FILE, line, column, message)]
    values: dict[str, Any] = {}
    problems = []
    for key, value in data.items():
        converted, problem = _convert(key, value)
        if problem:
            problems.append(Diagnostic(CONFIG_FILE, _line_of(text, key), 1, *problem))
        else:
            values[key] = converted
    return replace(LinkConfig(), **values), problems


_COMMAND_LINE_ONLY = {"allow_private"}
_NAMES = [f.name for f in fields(LinkConfig) if f.name not in _COMMAND_LINE_ONLY]
_DEFAULTS = LinkConfig()


def _convert(key: str, value: Any) -> tuple[Any, tuple[str, str] | None]:
    if key in _COMMAND_LINE_ONLY:
        return None, (f"'{key}' cannot be set in {CONFIG_FILE}", "pass --allow-private instead")
    if key not in _NAMES:
        close = difflib.get_close_matches(key, _NAMES, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(_NAMES)}"
        return None, (f"unknown setting '{key}'", hint)
    default = getattr(_DEFAULTS, key)
    if key == "accept":
        return _accepted_codes(value)
    if key == "per_host_limits":
        ok = isinstance(value, dict) and all(_positive_int(v) for v in value.values())
        return (value, None) if ok else (None, (f"'{key}' must map hosts to positive integers", ""))
    if isinstance(default, tuple):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        if not ok:
            return None, (f"'{key}' must be a list of strings", "")
        if key in {"include", "exclude"}:
            return _patterns(key, value)
        return tuple(value), None
    return _scalar(key, value, default)


def _scalar(key: str, value: Any, default: Any) -> tuple[Any, tuple[str, str] | None]:
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if type(value) is not expected:
        return None, (f"'{key}' must be a {_type_names[expected]}", f"the default is {default!r}")
    if value != value:  # TOML allows nan
        return None, (f"'{key}' must be a number, not nan", f"the default is {default!r}")
    if (key in _POSITIVE and value <= 0) or (key in _NON_NEGATIVE and value < 0):
        sign = "positive" if key in _POSITIVE else "zero or more"
        return None, (f"'{key}' must be {sign}", f"the default is {default!r}")
    return value, None


_type_names = {str: "string", int: "whole number", float: "number", bool: "true or false"}


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _patterns(key: str, value: list[str]) -> tuple[Any, tuple[str, str] | None]:
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as error:
            return None, (f"'{key}' has an invalid regular expression {pattern!r}: {error}", "")
    return tuple(value), None


def _accepted_codes(value: Any) -> tuple[Any, tuple[str, str] | None]:
    """Status codes as numbers or inclusive ranges like "200-299"."""
    problem = ("'accept' must list status codes or ranges", 'e.g. accept = ["200-299", 403]')
    if not isinstance(value, list):
        return None, problem
    codes: set[int] = set()
    for item in value:
        if _positive_int(item):
            codes.add(item)
        elif isinstance(item, str) and re.fullmatch(r"\d{3}-\d{3}", item):
            low, high = map(int, item.split("-"))
            codes.update(range(low, high + 1))
        else:
            return None, problem
    return tuple(sorted(codes)), None


def _line_of(text: str, key: str) -> int:
    name = re.escape(key)
    match = re.search(rf"^[ \t]*(?:\"?{name}\"?[ \t]*=|\[[ \t]*{name}[ \t]*\])", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def with_overrides(config: LinkConfig, **options: Any) -> LinkConfig:
    """The config with each option that was given (not None) set."""
    given = {key: value for key, value in options.items() if value is not None}
    return dataclasses.replace(config, **given)
