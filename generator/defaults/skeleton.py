"""The files of a new, empty list: what `init` writes and `import` writes before its entries.

A new list keeps only what is its own: its data, list.yaml, its site settings (mkdocs.yml),
LICENSE, contributing guide, and the files the generator owns and `upgrade` rewrites
(`OWNED`: the workflows, the pre-commit and markdownlint settings, requirements.txt, all
pinned to this version). The templates, schemas, site assets and theme overrides stay in the
package, where `build` finds them; `init --eject` copies them for a list that wants to edit
them, and a list's own file of a name replaces the packaged one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator import __version__, packaged
from generator.catalog.identity import Badge
from generator.files import write_tree
from generator.text.markup import paragraphs
from generator.yamltext import block_lines

LICENSES = ("cc0", "cc-by-4.0", "mit")
# The files `upgrade` rewrites, and the default file each is made from.
OWNED = {
    ".github/workflows/ci.yml": "ci.yml",
    ".github/workflows/pages.yml": "pages.yml",
    ".github/workflows/links.yml": "links.yml",
    ".github/workflows/suggest.yml": "suggest.yml",
    ".github/workflows/refresh.yml": "refresh.yml",
    ".github/workflows/suggestion.yml": "suggestion.yml",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".markdownlint-cli2.jsonc": "markdownlint-cli2.jsonc",
    "requirements.txt": "requirements.txt",
}
# Files written once, then the list's own.
_STARTERS = {"contributing.md": "contributing.md", ".gitignore": "gitignore"}
# The list's words: never replaced without a backup, never touched by `upgrade`.
DATA_FILES = ("list.yaml", "papers.yaml", "datasets.yaml", "venues.yaml", "facts.json")
# The linters a new list's CI runs, at the versions this repository's package.json pins.
LINTER_VERSIONS = {"@AWESOME_LINT@": "2.3.0", "@MARKDOWNLINT@": "0.24.1"}
AWESOME_BADGE = Badge("Awesome", "https://awesome.re/badge.svg", "https://awesome.re")
_SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


class SkeletonError(Exception):
    """The generator's own files cannot be turned into a new list's (a bug to report)."""


@dataclass(frozen=True)
class Identity:
    title: str
    description: str
    introduction: str = ""
    license: str = "cc0"
    badges: tuple[Badge, ...] = ()


@dataclass(frozen=True)
class _License:
    name: str
    statement: str
    text: str


_LICENSE_TEXT = {
    "cc0": (
        "CC0 1.0 Universal\n\nTo the extent possible under law, the authors of this list have "
        "waived all copyright and related or neighboring rights to it.\n\nThe legal code: "
        "https://creativecommons.org/publicdomain/zero/1.0/legalcode\n"
    ),
    "cc-by-4.0": (
        "Creative Commons Attribution 4.0 International (CC BY 4.0)\n\nThis list is licensed "
        "under CC BY 4.0: you may share and adapt it, giving appropriate credit.\n\nThe legal "
        "code: https://creativecommons.org/licenses/by/4.0/legalcode\n"
    ),
    "mit": (
        "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a "
        'copy of this list and associated documentation files (the "Software"), to deal in the '
        "Software without restriction, including without limitation the rights to use, copy, "
        "modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and "
        "to permit persons to whom the Software is furnished to do so, subject to the following "
        "conditions:\n\nThe above copyright notice and this permission notice shall be included "
        "in all copies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "
        '"AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO '
        "THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. "
        "IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR "
        "OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT "
        "OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n"
    ),
}


def _license(key: str) -> _License:
    names = {"cc0": "CC0 1.0", "cc-by-4.0": "CC BY 4.0", "mit": "MIT License"}
    statements = {
        "cc0": "The list is dedicated to the public domain",
        "cc-by-4.0": "The list is licensed",
        "mit": "The list is licensed",
    }
    return _License(names[key], statements[key], _LICENSE_TEXT[key])


def _copyright(key: str) -> str:
    found = _license(key)
    return f"{found.statement} under {found.name}."


def _packaged(source: Path, target: str, suffixes: tuple[str, ...]) -> dict[str, str]:
    return {
        f"{target}/{path.relative_to(source).as_posix()}": path.read_text(encoding="utf-8")
        for path in sorted(source.rglob("*"))
        if path.is_file() and path.suffix in suffixes
    }


def ejected_files() -> dict[str, str]:
    """The packaged defaults as a list's own files: what `init --eject` adds."""
    source = packaged.templates_dir()
    if not (source / "README.md.j2").is_file():
        raise SkeletonError(f"the generator's templates are missing from {source}")
    return {
        **_packaged(source, "templates", (".j2",)),
        **_packaged(packaged.assets_dir(), "docs/assets", (".js", ".css")),
        **_packaged(packaged.overrides_dir(), "overrides", (".html",)),
        **_packaged(_SCHEMAS, "schemas", (".json",)),
    }


def pinned(text: str) -> str:
    """A default file with this version, the generator's repository and the linters' versions."""
    values = {"@VERSION@": __version__, **LINTER_VERSIONS}
    for token, value in values.items():
        text = text.replace(token, value)
    return text


def owned_files() -> dict[str, str]:
    """The files of a list that the generator owns, as this version writes them."""
    return {name: pinned(packaged.default_file(source)) for name, source in OWNED.items()}


def _mkdocs(identity: Identity) -> str:
    text = packaged.default_file("mkdocs.yml")
    head = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    config = yaml.safe_load(text)
    config["site_name"] = " ".join(identity.title.split())
    config["site_description"] = " ".join(identity.description.split())
    config["copyright"] = _copyright(identity.license)
    return head + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


EMPTY_PAPERS = """\
# The sections and entries of the list. Run `listsmith validate` after editing.

sections:
  - id: entries
    title: Entries

papers: []
"""

EMPTY_DATASETS = """\
# The datasets of the list. Run `listsmith validate` after editing.

datasets: []
"""


def identity_data(identity: Identity) -> dict[str, Any]:
    """list.yaml of the new list, in its schema's shape."""
    found = _license(identity.license)
    data: dict[str, Any] = {
        "title": " ".join(identity.title.split()),
        "description": " ".join(identity.description.split()),
    }
    badges = identity.badges
    if not any(badge.url == AWESOME_BADGE.url for badge in badges):
        badges = (AWESOME_BADGE, *badges)  # awesome-lint wants it next to the title
    if badges:
        data["badges"] = [
            {"label": b.label, "image": b.image, **({"url": b.url} if b.url else {})}
            for b in badges
        ]
    if identity.introduction.strip():
        parts = paragraphs(identity.introduction)
        data["introduction"] = "\n\n".join(" ".join(part.split()) for part in parts)
    data["license"] = {"name": found.name, "url": "LICENSE", "statement": found.statement}
    return data


def identity_text(identity: Identity) -> str:
    lines = [
        "# Who this list is: README and site read its title, description and badges from here.",
        "# Add `links: {repository: ..., site: ...}` once the list is published: the site's",
        "# address, canonical, feed and edit links follow from them. Every key: `listsmith",
        "# reference` (and `listsmith validate --explain CODE` explains a problem's code).",
        "",
    ]
    lines += block_lines(identity_data(identity), 0)
    return "\n".join(lines) + "\n"


def skeleton_files(identity: Identity, eject: bool = False) -> dict[str, str]:
    """Every file of a new list with no entries, by path relative to its directory."""
    if identity.license not in LICENSES:
        raise SkeletonError(f"unknown license {identity.license!r}: use {', '.join(LICENSES)}")
    files = {
        "list.yaml": identity_text(identity),
        "papers.yaml": EMPTY_PAPERS,
        "datasets.yaml": EMPTY_DATASETS,
        "mkdocs.yml": _mkdocs(identity),
        "LICENSE": _license(identity.license).text,
        **{name: packaged.default_file(source) for name, source in _STARTERS.items()},
        **owned_files(),
    }
    return files | ejected_files() if eject else files


def already_there(directory: Path, files: dict[str, str]) -> list[str]:
    """The files of `files` that `directory` already has, which writing would replace."""
    return [name for name in files if (directory / name).exists()]


def is_data(name: str) -> bool:
    """A file that holds the list's own words: entries, identity, notes."""
    return name in DATA_FILES or name.startswith("notes/")


def write_files(directory: Path, files: dict[str, str]) -> list[str]:
    """Each file written whole (temporary file, then rename), parents created as needed;
    nothing written through a linked folder (`generator.files.LinkedFolder`).

    A data file that is there and would change is first copied to `NAME.bak` (`NAME.bak.2`...
    when that is taken); the backups' names are returned, for the command to say."""
    backups: dict[str, bytes] = {}
    for name, text in files.items():
        path = directory / name
        if is_data(name) and path.is_file() and path.read_bytes() != text.encode("utf-8"):
            backup = _free_backup_name(path).relative_to(directory).as_posix()
            backups[backup] = path.read_bytes()
    write_tree(directory, {**backups, **files})
    return list(backups)


def _free_backup_name(path: Path) -> Path:
    candidate = path.with_name(path.name + ".bak")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak.{number}")
        number += 1
    return candidate
