"""A list whose entries live in several files: papers.yaml and `papers/*.yaml`, as one list.

A large list keeps its sections in papers.yaml and its entries in `papers/<section>.yaml`
(any names will do; `new` writes there by section id), each file holding only a `papers:`
list. Loaded, they are one `JoinedYaml`: the data every stage reads is papers.yaml's with all
entries in one `papers` list (papers.yaml's own first, then each file's in name order), and
every problem is located in the file and at the line where the entry is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.catalog.load import JsonPath, YamlFile, load_yaml, outside_problem
from generator.diagnostics import Diagnostic

PAPERS_DIR = "papers"
PART_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.yaml$")
_PART_HINT = "a file under papers/ holds only a `papers:` list of entries"


@dataclass
class JoinedYaml(YamlFile):
    """papers.yaml joined with its part files; `locate` and `diagnostic` name the right one."""

    files: tuple[YamlFile, ...] = ()  # papers.yaml first, then the parts
    # (index of the part's first entry in the joined list, the part), in list order
    _spans: list[tuple[int, YamlFile]] = field(default_factory=list, repr=False)
    _file_of: dict[int, str] = field(default_factory=dict, repr=False)

    def parts(self) -> tuple[YamlFile, ...]:
        return self.files

    def file_of(self, mapping: dict[Any, Any]) -> str:
        return self._file_of.get(id(mapping), self.name)

    def locate(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        part, local = self._route(path)
        return part.locate(local, key=key) if part is not self else super().locate(path, key=key)

    def place(self, path: JsonPath, *, key: bool = False) -> tuple[str, int, int]:
        part, _ = self._route(path)
        return (part.name, *self.locate(path, key=key))

    def _route(self, path: JsonPath) -> tuple[YamlFile, JsonPath]:
        """The file that holds `path`, and the path within that file."""
        if len(path) < 2 or path[0] != "papers" or not isinstance(path[1], int):
            return self, path
        for start, part in reversed(self._spans):
            if path[1] >= start:
                return part, ["papers", path[1] - start, *path[2:]]
        return self, path


def load_papers(main_path: Path, root: Path) -> tuple[YamlFile | None, list[Diagnostic]]:
    """papers.yaml, joined with `papers/*.yaml` when that directory exists."""
    main, problems = _load(main_path, root, "papers.yaml")
    directory = root / PAPERS_DIR
    if main is None or not directory.is_dir():
        return main, problems
    problem = outside_problem(directory, root, PAPERS_DIR)
    if problem:
        return main, [*problems, problem]
    parts = []
    for path in sorted(directory.iterdir()):
        part, part_problems = _load_part(path, root)
        problems += part_problems
        if part is not None:
            parts.append(part)
    return join(main, parts), problems


def join(main: YamlFile, parts: list[YamlFile]) -> YamlFile:
    if not parts or not isinstance(main.data, dict):
        return main
    own = main.data.get("papers")
    if own is not None and not isinstance(own, list):
        return main  # papers.yaml's `papers` is not a list: the schema says so, in place
    papers = list(own or [])
    spans: list[tuple[int, YamlFile]] = []
    file_of: dict[int, str] = {}
    mapping_lines = dict(main.mapping_lines)
    for part in parts:
        spans.append((len(papers), part))
        entries = part.data["papers"]
        file_of.update((id(entry), part.name) for entry in entries)
        papers += entries
        mapping_lines.update(part.mapping_lines)
    data = {**main.data, "papers": papers}
    return JoinedYaml(
        main.path,
        main.name,
        main.text,
        data,
        mapping_lines,
        files=(main, *parts),
        _spans=spans,
        _file_of=file_of,
    )


def _load(path: Path, root: Path, name: str) -> tuple[YamlFile | None, list[Diagnostic]]:
    problem = outside_problem(path, root, name)
    return (None, [problem]) if problem else load_yaml(path, name)


def _load_part(path: Path, root: Path) -> tuple[YamlFile | None, list[Diagnostic]]:
    name = f"{PAPERS_DIR}/{path.name}"
    if not PART_NAME.match(path.name) or not path.is_file():
        if path.name.startswith("."):
            return None, []  # editors' and git's files
        message = f"{name} is not read: only files named like 'knowledge-editing.yaml' are"
        hint = "name it with lowercase letters, digits and hyphens, ending in .yaml"
        return None, [Diagnostic(name, 1, 1, message, hint)]
    part, problems = _load(path, root, name)
    if part is None:
        return None, problems
    if not isinstance(part.data, dict) or not isinstance(part.data.get("papers"), list):
        return None, [*problems, part.diagnostic([], "the file has no `papers:` list", _PART_HINT)]
    others = [key for key in part.data if key != "papers"]
    if others:
        message = f"'{others[0]}' does not belong here; papers.yaml holds it"
        return None, [*problems, part.diagnostic([others[0]], message, _PART_HINT, key=True)]
    return part, problems
