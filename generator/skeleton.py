"""The files of a new, empty list: what `init` writes and `import` writes before its entries.

Templates, the site's assets, the lint and pre-commit configuration come from this
generator's own checkout, with every word of its own list replaced by the new list's
identity (escaped for Markdown by the templates' `md` filter, never pasted as markup).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

import generator
from generator.files import write_atomic
from generator.scaffold import _ascii_slug, yaml_scalar

GENERATOR_CHECKOUT = Path(generator.__file__).resolve().parent.parent
_COPIED = (".markdownlint-cli2.jsonc", ".pre-commit-config.yaml", ".gitignore")
_OWN_WORDS = re.compile(r"knowledge[- ]update|awesome llm knowledge|knowledge[- ]editing", re.I)
LICENSES = ("cc0", "cc-by-4.0", "mit")


class SkeletonError(Exception):
    """The generator's own files cannot be turned into a new list's (a bug to report)."""


@dataclass(frozen=True)
class Identity:
    title: str
    description: str
    introduction: str = ""
    license: str = "cc0"

    @property
    def slug(self) -> str:
        return _ascii_slug(self.title) or "awesome-list"


def _literal(text: str) -> str:
    """A Jinja expression printing `text` escaped for Markdown, whatever it contains."""
    quoted = json.dumps(" ".join(text.split()), ensure_ascii=False)
    quoted = quoted.replace("{", "\\u007b").replace("}", "\\u007d")
    return "{{ " + quoted + " | md }}"


def _templates(identity: Identity) -> dict[str, str]:
    source = GENERATOR_CHECKOUT / "templates"
    if not source.is_dir():
        raise SkeletonError(f"the generator's templates are missing from {source}")
    title, description = _literal(identity.title), _literal(identity.description)
    files = {}
    for path in sorted(source.rglob("*.j2")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^# Awesome LLM Knowledge Update ", lambda _: f"# {title} ", text)
        text = re.sub(
            r"(?m)^(> )?A curated list of research papers and datasets on updating the "
            r"knowledge of large language models:[^\n]*$",
            lambda m: (m.group(1) or "") + description,
            text,
        )
        text = text.replace(
            " Each paper links to its landing page, with its venue, method, code and the "
            "details that matter for knowledge update.",
            " Each entry links to its landing page, with its venue, code and details.",
        )
        text = text.replace("their knowledge-update method", "their method")
        text = text.replace("method: knowledge editing", "method: fine-tuning")
        text = text.replace("tags: [knowledge-editing]", "tags: [fine-tuning]")
        text = text.replace("urn:awesome-llm-knowledge-update:", f"urn:{identity.slug}:")
        files[f"templates/{path.relative_to(source).as_posix()}"] = text
    return files


def _assets() -> dict[str, str]:
    source = GENERATOR_CHECKOUT / "docs" / "assets"
    files = {}
    for path in sorted(source.glob("*")):
        text = path.read_text(encoding="utf-8").replace("Awesome LLM Knowledge Update", "The list")
        files[f"docs/assets/{path.name}"] = text
    return files


def _mkdocs(identity: Identity) -> str:
    config = yaml.safe_load((GENERATOR_CHECKOUT / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("site_url", "edit_uri", "repo_url"):
        config.pop(key, None)
    config.get("extra", {}).pop("social", None)
    if not config.get("extra"):
        config.pop("extra", None)
    config["site_name"] = " ".join(identity.title.split())
    config["site_description"] = " ".join(identity.description.split())
    config["copyright"] = _LICENSE_LINE[identity.license]
    head = (
        "# The site settings of the list. `python -m generator build` generates its pages from\n"
        "# papers.yaml, datasets.yaml, notes/ and templates/site/ and has MkDocs (or Zensical,\n"
        "# `--engine zensical`) build them; `mkdocs build` alone gives an empty site.\n"
        "# Add site_url (and edit_uri) once the list is published.\n"
    )
    return head + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


_LICENSE_LINE = {
    "cc0": "The list is dedicated to the public domain under CC0 1.0.",
    "cc-by-4.0": "The list is licensed under CC BY 4.0.",
    "mit": "The list is licensed under the MIT License.",
}
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

_REQUIREMENTS = """\
# The generator that builds this list (CI installs it from here). Pin the version you use,
# or name its repository: awesome-llm-knowledge-update @ git+https://...
awesome-llm-knowledge-update
"""

_CONTRIBUTING = """\
# Contributing

Thank you for helping to keep this list complete and correct.

## Add an entry

1. Add the entry to `papers.yaml` (or a dataset to `datasets.yaml`). Every field is described
   in `schemas/`; an editor with the YAML language server completes and checks them.
   `python -m generator new ARXIV_ID_OR_DOI --section ID` writes a paper's entry for you.
2. Run `python -m generator validate`: it names the file, line and field of every problem.
3. Run `python -m generator build` and commit `README.md` with your change: the README is
   generated, never edited by hand.

## Checks

Pull requests run the same checks as the pre-commit hooks (`pre-commit install`): the data
validates, `README.md` is up to date and passes markdownlint.
"""

_CI = """\
# Every pull request and push: the data validates and README.md is up to date.
name: CI

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v5
        with:
          persist-credentials: false

      - uses: actions/setup-python@v6
        with:
          python-version: "3.11"

      - name: Install the generator
        run: pip install -r requirements.txt

      - name: Validate the data
        run: python -m generator validate --format github

      - name: README.md is up to date
        run: python -m generator build --check --no-site

      - name: Build the site
        run: python -m generator build
"""

_PAGES = """\
# On every push to main: build the site and deploy it to GitHub Pages.
# (Repository settings > Pages > Source must be "GitHub Actions".)
name: Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v5
        with:
          persist-credentials: false

      - uses: actions/setup-python@v6
        with:
          python-version: "3.11"

      - name: Install the generator
        run: pip install -r requirements.txt

      - name: Build the site
        run: python -m generator build

      - uses: actions/upload-pages-artifact@v4
        with:
          path: site/

  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v5
"""

EMPTY_PAPERS = """\
# yaml-language-server: $schema=schemas/papers.schema.json
#
# The sections and entries of the list. Run `python -m generator validate` after editing.

sections:
  - id: papers
    title: Papers

papers: []
"""

EMPTY_DATASETS = """\
# yaml-language-server: $schema=schemas/datasets.schema.json

datasets: []
"""


def identity_text(identity: Identity) -> str:
    lines = [
        "# The list's identity: README and site read it from here.",
        f"title: {yaml_scalar(' '.join(identity.title.split()))}",
        f"description: {yaml_scalar(' '.join(identity.description.split()))}",
        f"license: {identity.license}",
    ]
    if identity.introduction.strip():
        lines.append(f"introduction: {yaml_scalar(identity.introduction.strip())}")
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
        "contributing.md": _CONTRIBUTING,
        "LICENSE": _LICENSE_TEXT[identity.license],
        "requirements.txt": _REQUIREMENTS,
        ".github/workflows/ci.yml": _CI,
        ".github/workflows/pages.yml": _PAGES,
        **_templates(identity),
        **_assets(),
    }
    for name in _COPIED:
        files[name] = (GENERATOR_CHECKOUT / name).read_text(encoding="utf-8")
    schemas = Path(generator.__file__).resolve().parent / "schemas"
    for path in sorted(schemas.glob("*.schema.json")):
        files[f"schemas/{path.name}"] = path.read_text(encoding="utf-8")
    own = _own_words(files, identity)
    if own:
        raise SkeletonError(f"{own} still holds words of the generator's own list")
    return files


def _own_words(files: dict[str, str], identity: Identity) -> str | None:
    wanted = " ".join([identity.title, identity.description, identity.introduction])
    wanted = wanted.replace("-", " ")
    for name, text in files.items():
        if name.startswith("schemas/") or name == "requirements.txt":
            continue  # the fields' documented examples, and the generator's package name
        for match in _OWN_WORDS.finditer(text):
            if match.group(0).replace("-", " ").casefold() not in wanted.casefold():
                return name
    return None


def already_there(directory: Path, files: dict[str, str]) -> list[str]:
    """The files of `files` that `directory` already has, which writing would replace."""
    return [name for name in files if (directory / name).exists()]


def write_files(directory: Path, files: dict[str, str]) -> None:
    """Each file written whole (temporary file, then rename), parents created as needed."""
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
