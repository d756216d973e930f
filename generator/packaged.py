"""Where the packaged defaults are: templates, site assets, theme overrides and the files of a
new list, in `generator/defaults/`.

`generator/defaults/files/` holds the configuration of a new list (site, lint, pre-commit,
workflows, contributing guide). The templates, the site's assets and the theme overrides are
this repository's own `templates/`, `docs/assets/` and `overrides/`, never copied: an installed
package carries them in `generator/defaults/` as `templates/`, `assets/` and `overrides/`
(pyproject.toml maps them in), a source checkout reads them in place. This module sits in the
bottom layer, so that every stage may find them; what is done with them lives in
`generator.defaults`.
"""

from __future__ import annotations

from pathlib import Path

DEFAULTS = Path(__file__).resolve().parent / "defaults"
_CHECKOUT = DEFAULTS.parent.parent


def _packaged_or_checkout(packaged: str, checkout: str) -> Path:
    path = DEFAULTS / packaged
    return path if path.is_dir() else _CHECKOUT / checkout


def templates_dir() -> Path:
    """The default templates: a project's own templates/ overrides them file by file."""
    return _packaged_or_checkout("templates", "templates")


def assets_dir() -> Path:
    """The site's JavaScript and CSS."""
    return _packaged_or_checkout("assets", "docs/assets")


def overrides_dir() -> Path:
    """The theme overrides (feed link, edit button) that both site engines read."""
    return _packaged_or_checkout("overrides", "overrides")


def default_file(name: str) -> str:
    return (DEFAULTS / "files" / name).read_text(encoding="utf-8")
