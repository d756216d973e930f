"""The files of a new, empty list: what `init` writes and `import` writes before its entries.

The templates and the site's assets are the generator's defaults, copied as they are (they
hold no word of any list: README and site read the new list's identity from list.yaml); the
configuration comes from `generator/defaults/files/`. list.yaml is written here, in the shape
of its schema.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from generator import defaults
from generator.catalog.identity import Badge
from generator.catalog.scaffold import yaml_scalar
from generator.files import write_atomic

LICENSES = ("cc0", "cc-by-4.0", "mit")
# Files of a new list and the default file each is copied from.
_CONFIGURATION = {
    "contributing.md": "contributing.md",
    ".github/workflows/ci.yml": "ci.yml",
    ".github/workflows/pages.yml": "pages.yml",
    ".markdownlint-cli2.jsonc": "markdownlint-cli2.jsonc",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".gitignore": "gitignore",
}
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


def _templates() -> dict[str, str]:
    source = defaults.templates_dir()
    if not (source / "README.md.j2").is_file():
        raise SkeletonError(f"the generator's templates are missing from {source}")
    return {
        f"templates/{path.relative_to(source).as_posix()}": path.read_text(encoding="utf-8")
        for path in sorted(source.rglob("*.j2"))
    }


def _assets() -> dict[str, str]:
    source = defaults.assets_dir()
    return {
        f"docs/assets/{path.name}": path.read_text(encoding="utf-8")
        for path in sorted(source.glob("*"))
        if path.suffix in {".js", ".css"}
    }


def _overrides() -> dict[str, str]:
    source = defaults.overrides_dir()
    return {
        f"overrides/{path.relative_to(source).as_posix()}": path.read_text(encoding="utf-8")
        for path in sorted(source.rglob("*.html"))
    }


def _mkdocs(identity: Identity) -> str:
    text = defaults.default_file("mkdocs.yml")
    head = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    config = yaml.safe_load(text)
    config["site_name"] = " ".join(identity.title.split())
    config["site_description"] = " ".join(identity.description.split())
    config["copyright"] = _copyright(identity.license)
    return head + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def _distribution() -> tuple[str, str | None]:
    """(name, repository URL) of the generator's package: its checkout's pyproject.toml when
    this runs from one, else the installed package's metadata."""
    checkout = Path(__file__).resolve().parents[2] / "pyproject.toml"
    if checkout.is_file():
        project = tomllib.loads(checkout.read_text(encoding="utf-8")).get("project", {})
        if project.get("name"):
            return project["name"], project.get("urls", {}).get("Repository")
    names = sorted(metadata.packages_distributions().get(__package__.split(".")[0], []))
    if not names:
        raise SkeletonError("cannot tell which package the generator was installed from")
    urls = metadata.metadata(names[0]).get_all("Project-URL") or []
    found = (u.split(",", 1)[1].strip() for u in urls if u.lower().startswith("repository,"))
    return names[0], next(found, None)


def requirements_text() -> str:
    """requirements.txt of a new list: the generator, by its repository when it names one."""
    name, repository = _distribution()
    line = f"{name} @ git+{repository}" if repository else name
    return (
        "# The generator that builds this list: `pip install -r requirements.txt`.\n"
        "# Pin a commit or tag for repeatable builds, e.g. name @ git+https://...@v1.0\n"
        f"{line}\n"
    )


EMPTY_PAPERS = """\
# yaml-language-server: $schema=schemas/papers.schema.json
#
# The sections and entries of the list. Run `listsmith validate` after editing.

sections:
  - id: entries
    title: Entries

papers: []
"""

EMPTY_DATASETS = """\
# yaml-language-server: $schema=schemas/datasets.schema.json

datasets: []
"""


def identity_data(identity: Identity) -> dict[str, Any]:
    """list.yaml of the new list, in its schema's shape."""
    found = _license(identity.license)
    data: dict[str, Any] = {
        "title": " ".join(identity.title.split()),
        "description": " ".join(identity.description.split()),
    }
    if identity.badges:
        data["badges"] = [
            {"label": b.label, "image": b.image, **({"url": b.url} if b.url else {})}
            for b in identity.badges
        ]
    if identity.introduction.strip():
        data["introduction"] = " ".join(identity.introduction.split())
    data["license"] = {"name": found.name, "url": "LICENSE", "statement": found.statement}
    return data


def identity_text(identity: Identity) -> str:
    lines = [
        "# yaml-language-server: $schema=schemas/list.schema.json",
        "#",
        "# Who this list is: README and site read its title, description and badges from here.",
        "# Add `links: {repository: ..., site: ...}` once the list is published.",
        "",
    ]
    for key, value in identity_data(identity).items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {name}: {yaml_scalar(str(item))}" for name, item in value.items()]
        elif isinstance(value, list):
            lines.append(f"{key}:")
            for item in value:
                pairs = [f"{name}: {yaml_scalar(str(text))}" for name, text in item.items()]
                lines += [f"  - {pairs[0]}", *(f"    {pair}" for pair in pairs[1:])]
        else:
            lines.append(f"{key}: {yaml_scalar(value)}")
    return "\n".join(lines) + "\n"


def skeleton_files(identity: Identity) -> dict[str, str]:
    """Every file of a new list with no entries, by path relative to its directory."""
    if identity.license not in LICENSES:
        raise SkeletonError(f"unknown license {identity.license!r}: use {', '.join(LICENSES)}")
    files = {
        "list.yaml": identity_text(identity),
        "papers.yaml": EMPTY_PAPERS,
        "datasets.yaml": EMPTY_DATASETS,
        "mkdocs.yml": _mkdocs(identity),
        "LICENSE": _license(identity.license).text,
        "requirements.txt": requirements_text(),
        **{name: defaults.default_file(source) for name, source in _CONFIGURATION.items()},
        **_templates(),
        **_assets(),
        **_overrides(),
    }
    for path in sorted(_SCHEMAS.glob("*.schema.json")):
        files[f"schemas/{path.name}"] = path.read_text(encoding="utf-8")
    return files


def already_there(directory: Path, files: dict[str, str]) -> list[str]:
    """The files of `files` that `directory` already has, which writing would replace."""
    return [name for name in files if (directory / name).exists()]


def write_files(directory: Path, files: dict[str, str]) -> None:
    """Each file written whole (temporary file, then rename), parents created as needed."""
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
