"""The files a new list starts from: what `init` and `import` write besides the data.

`files/` holds the configuration of a new list (site, lint, pre-commit, workflows, contributing
guide). The templates, the site's assets and the theme overrides are this repository's own
`templates/`, `docs/assets/` and `overrides/`, never copied: an installed package carries them
here as `templates/`, `assets/` and `overrides/` (pyproject.toml maps them in), a source
checkout reads them in place.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
_CHECKOUT = HERE.parent.parent


def _packaged_or_checkout(packaged: str, checkout: str) -> Path:
    path = HERE / packaged
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
    return (HERE / "files" / name).read_text(encoding="utf-8")
