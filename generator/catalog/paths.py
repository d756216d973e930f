"""The names of a list's files, in one place (as pre-commit's constants.py holds its own).

`Project` (catalog/project.py) turns them into paths under a list's root; modules that only
name a file in a message import the name from here.
"""

from __future__ import annotations

PAPERS_FILE = "papers.yaml"
DATASETS_FILE = "datasets.yaml"
LIST_FILE = "list.yaml"
VENUES_FILE = "venues.yaml"
NOTES_DIR = "notes"
TEMPLATES_DIR = "templates"
README_FILE = "README.md"
FACTS_FILE = "facts.json"  # written by `refresh`, read by build
MKDOCS_CONFIG = "mkdocs.yml"
DOCS_DIR = "docs"
OVERRIDES_DIR = "overrides"
LINKS_CONFIG = "links.toml"
LINK_CACHE = ".link-cache.json"
SOURCES_CACHE = ".cache/sources"  # the answers of arXiv, Semantic Scholar, OpenAlex, GitHub
SITE_STAGE = ".cache/site-stage"  # the staged sources, kept between builds, and the engine's cache
IGNORE_FILE = "suggest-ignore.yaml"  # candidates `suggest` no longer proposes
IMPORT_REPORT = "import-report.md"  # what `import` could not read
