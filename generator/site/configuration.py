"""The configuration reference for a list's maintainer, read from the schemas and defaults."""

from __future__ import annotations

import dataclasses

from generator import __version__, packaged
from generator.links.config import LinkConfig
from generator.render.readme import make_environment
from generator.render.reference import field_tables
from generator.site.stage import RESOLVED_KEYS

TEMPLATE = "guide/configuration.md.j2"
FIELD_EXAMPLES = (
    ("text", "license: Apache-2.0"),
    ("url", "homepage: https://example.org/project"),
    ("number", "score: 0.87"),
    ("integer", "parameters: 7"),
    ("boolean", "open_weights: true"),
    ("list", "modality: [text, image]"),
)


def link_settings() -> list[tuple[str, str]]:
    """Each links.toml key with its default, as TOML writes it."""
    found = []
    for setting in dataclasses.fields(LinkConfig):
        if setting.name == "allow_private":
            continue  # only the command line sets it, never links.toml
        default = (
            setting.default
            if setting.default is not dataclasses.MISSING
            else setting.default_factory()  # type: ignore[misc]
        )
        found.append((setting.name, _toml(default)))
    return found


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple) and value == tuple(range(200, 300)):
        return '["200-299"]'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    return str(value)


def configuration_reference() -> str:
    environment = make_environment(packaged.templates_dir())
    text = environment.get_template(TEMPLATE).render(
        version=__version__,
        tables=[t for t in field_tables() if t.file == "list.yaml"],
        field_types=FIELD_EXAMPLES,
        link_settings=link_settings(),
        resolved_keys=RESOLVED_KEYS,
    )
    return text.rstrip("\n") + "\n"
