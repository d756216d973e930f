"""Load stage: read the hand-edited files safely and keep enough to locate any problem.

YAML is parsed with libyaml (``CParser``) for speed. Positions of individual keys and values
are only computed when something has to be reported: ``YamlFile.locate`` composes the node
tree on first use.
"""

from __future__ import annotations

import dataclasses
import gc
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.cyaml import CParser
from yaml.resolver import Resolver

from generator.catalog.hints import duplicate_key_hint, explain_yaml_error, trailing_comments
from generator.diagnostics import Diagnostic

JsonPath = Sequence[str | int]

_BOM = "\ufeff"
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
# An anchor (&name) or alias (*name) can only start a node, so it follows a separator.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s\]},]", re.MULTILINE)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# The data is a few levels deep; libyaml's composer recurses in C and crashes the process on
# tens of thousands of levels, and later stages recurse in Python.
MAX_DEPTH = 64
_LEAF_FLOW = re.compile(r"\[[^\[\]{}\n'\"#]*\]|\{[^\[\]{}\n'\"#]*\}")
_BLOCK_COLUMNS = 24
_DEEP_BLOCK_LINE = re.compile(rf"\n[ ?:-]{{{_BLOCK_COLUMNS}}}")


class _Resolver(Resolver):
    """YAML 1.1 resolution without timestamps: `added: 2024-05-01` stays a string."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
        for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    }


class _Constructor(SafeConstructor):
    """Builds plain data only, remembers duplicate keys and each mapping's line."""

    yaml_constructors: ClassVar[dict[Any, Any]] = {
        tag: constructor
        for tag, constructor in SafeConstructor.yaml_constructors.items()
        if tag
        in {
            "tag:yaml.org,2002:null",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:str",
            "tag:yaml.org,2002:seq",
        }
    }

    def __init__(self) -> None:
        super().__init__()
        self.duplicate_keys: list[tuple[Any, yaml.Node, yaml.Node]] = []
        self.mapping_lines: dict[int, int] = {}

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise ConstructorError(
            None,
            None,
            f"the YAML tag {node.tag!r} is not allowed here",
            node.start_mark,
        )

    def construct_plain_map(self, node: yaml.MappingNode) -> Any:
        data: dict[Any, Any] = {}
        yield data
        self.mapping_lines[id(data)] = node.start_mark.line + 1
        seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise ConstructorError(
                    None, None, "merge keys (<<) are not allowed", key_node.start_mark
                )
            key = self.construct_object(key_node)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:
                raise ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if first is not key_node:
                self.duplicate_keys.append((key, first, key_node))
            data[key] = self.construct_object(value_node)

    def construct_checked_int(self, node: yaml.ScalarNode) -> int:
        try:
            return self.construct_yaml_int(node)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            raise ConstructorError(
                None, None, "the number has too many digits", node.start_mark
            ) from None


_Constructor.add_constructor(None, _Constructor.construct_undefined)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_checked_int)
_Constructor.add_constructor("tag:yaml.org,2002:map", _Constructor.construct_plain_map)


class _FastLoader(CParser, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


class _NodeLoader(CParser, _Resolver):
    """Composes nodes (with marks) without constructing Python objects."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        _Resolver.__init__(self)


@dataclass
class YamlFile:
    """A parsed YAML file. ``data`` is None when the file could not be parsed."""

    path: Path
    name: str
    text: str
    data: Any = None
    mapping_lines: dict[int, int] = field(default_factory=dict, repr=False)
    _root: yaml.Node | None = field(default=None, repr=False)

    def line_of(self, mapping: dict[Any, Any]) -> int:
        """Line of a mapping that the loader built (1-based), or 1 if unknown."""
        return self.mapping_lines.get(id(mapping), 1)

    def parts(self) -> tuple[YamlFile, ...]:
        """The files this data was read from (several for a list split over files)."""
        return (self,)

    def file_of(self, mapping: dict[Any, Any]) -> str:
        """The name of the file a mapping that the loader built was written in."""
        return self.name

    def place(self, path: JsonPath, *, key: bool = False) -> tuple[str, int, int]:
        """(file name, line, column) of the value at ``path``: see `locate`."""
        return (self.name, *self.locate(path, key=key))

    def mention(self, path: JsonPath, *, seen_from: JsonPath) -> str:
        """Where `path` is, as a message written at `seen_from` says it: `line 12`, or
        `papers/editing.yaml:12` when the two are in different files."""
        name, line, _ = self.place(path)
        return f"line {line}" if name == self.place(seen_from)[0] else f"{name}:{line}"

    def locate(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """(line, column), 1-based, of the value at ``path``; of its key when ``key``.

        Walks as deep as the document goes, so a path into a missing key points at the
        closest existing parent.
        """
        if self._root is None:
            self._root = _compose(self.text)
        node = self._root
        mark_node = node
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            key_node, node = child
            mark_node = key_node if key and step == path[-1] and key_node else node
        if mark_node is None:
            return 1, 1
        return mark_node.start_mark.line + 1, mark_node.start_mark.column + 1

    def diagnostic(
        self, path: JsonPath, message: str, hint: str = "", *, key: bool = False
    ) -> Diagnostic:
        name, line, column = self.place(path, key=key)
        return Diagnostic(name, line, column, message, hint)


def _compose(text: str) -> yaml.Node | None:
    loader = _NodeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _child(node: yaml.Node | None, step: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        found = None
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                found = (key_node, value_node)  # the last one wins, as in the loaded data
        return found
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(step, int)
        and 0 <= step < len(node.value)
    ):
        return None, node.value[step]
    return None


@dataclass(frozen=True)
class NoteFile:
    path: Path
    name: str
    text: str


def position(text: str, index: int) -> tuple[int, int]:
    """(line, column), 1-based, of the character at `index` of `text`."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


# Read in full before parsing: the limits keep a hostile pull request from exhausting memory.
# 32 MiB holds some 30,000 papers; a note is prose of a few pages.
MAX_DATA_BYTES = 32 * 1024 * 1024
MAX_NOTE_BYTES = 1024 * 1024
NOTE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.md$")


def read_text(
    path: Path, name: str, max_bytes: int = MAX_DATA_BYTES
) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text of a file, or a located diagnostic explaining why it cannot be read."""
    text, problems = _read_text(path, name, max_bytes)
    return text, coded("LKU001", problems)


def coded(code: str, problems: list[Diagnostic]) -> list[Diagnostic]:
    """The problems, stamped with the code of the loading rule (catalog/rules/loading.py)."""
    return [dataclasses.replace(problem, code=code) for problem in problems]


def _read_text(path: Path, name: str, max_bytes: int) -> tuple[str | None, list[Diagnostic]]:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            message = f"the file is {size:,} bytes, more than the limit of {max_bytes:,}"
            return None, [Diagnostic(name, 1, 1, message, "split it, or shorten its texts")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Diagnostic(name, 1, 1, "file not found", f"create {name}")]
    except OSError as error:
        return None, [Diagnostic(name, 1, 1, f"cannot read the file: {error.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})"
        return None, [Diagnostic(name, line, column, message, "save the file as UTF-8")]
    return text.removeprefix(_BOM), []


def outside_problem(path: Path, root: Path, name: str) -> Diagnostic | None:
    """A file of the project must stay inside it: a symbolic link may not lead elsewhere."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link, or a loop of links
        return None  # reading it reports "file not found" or the system's reason
    if real.is_relative_to(root.resolve()):
        return None
    return Diagnostic(
        name,
        1,
        1,
        "the file is a symbolic link to a place outside the project; it was not read",
        "put the file itself into the project instead of a link",
        code="LKU001",
    )


def load_yaml(path: Path, name: str | None = None) -> tuple[YamlFile | None, list[Diagnostic]]:
    """Parse one YAML file into plain data, refusing anything that is not plain data."""
    name = name or path.name
    text, problems = read_text(path, name)
    if text is None:
        return None, problems
    return parse_yaml(text, path, name)


def parse_yaml(text: str, path: Path, name: str) -> tuple[YamlFile | None, list[Diagnostic]]:
    problems = coded("LKU003", _check_tabs(text, name)) or coded(
        "LKU004", _check_anchors(text, name) or _check_depth(text, name)
    )
    if problems:
        return None, problems
    loaded, problems = _parse(text, path, name)
    if loaded is None:
        return None, coded("LKU002", problems)
    duplicates = coded("LKU005", [_duplicate_key(loaded, *dup) for dup in problems])
    return loaded, duplicates + coded("LKU006", list(trailing_comments(text, name)))


def _parse(text: str, path: Path, name: str) -> tuple[YamlFile | None, list[Any]]:
    """The file, and the duplicate keys the loader met; or None and why YAML refused it."""
    loader = _FastLoader(text)
    collecting = gc.isenabled()
    gc.disable()  # a tree of plain values has no cycles: collecting while building it is waste
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        return None, [explain_yaml_error(error, text, name) or _from_yaml_error(error, name)]
    except yaml.reader.ReaderError as error:
        # libyaml reports the offset in UTF-8 bytes, not in characters.
        index = len(text.encode("utf-8")[: error.position].decode("utf-8", "ignore"))
        line, column = position(text, index)
        message = f"the character {chr(error.character)!r} is not allowed in YAML"
        return None, [Diagnostic(name, line, column, message, "remove it or quote the text")]
    except yaml.YAMLError as error:
        return None, [Diagnostic(name, 1, 1, f"invalid YAML: {error}")]
    except RecursionError:
        return None, [Diagnostic(name, 1, 1, "the document is nested too deeply")]
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
    if data is None:
        hint = "a data file needs at least its top-level keys"
        return None, [Diagnostic(name, 1, 1, "the file is empty", hint)]
    return YamlFile(path, name, text, data, loader.mapping_lines), loader.duplicate_keys


def _check_tabs(text: str, name: str) -> list[Diagnostic]:
    if "\t" not in text:
        return []
    problems = []
    for match in _TAB_INDENT.finditer(text):
        line, column = position(text, match.end() - 1)
        problems.append(
            Diagnostic(name, line, column, "tab character in indentation", "indent with spaces")
        )
    return problems


def _check_anchors(text: str, name: str) -> list[Diagnostic]:
    """Refuse anchors and aliases: they are how alias bombs explode a small file."""
    if not _MAYBE_ANCHOR.search(text):
        return []
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
                mark = event.start_mark
                return [
                    Diagnostic(
                        name,
                        mark.line + 1,
                        mark.column + 1,
                        f"YAML {kind} '{anchor}' is not allowed",
                        "write the value out in full",
                    )
                ]
    except yaml.YAMLError:
        pass  # the full parse reports syntax errors with their position
    return []


def _may_nest_too_deep(text: str) -> bool:
    """Cheap and conservative: False only if the document cannot nest beyond MAX_DEPTH.

    Block nodes nest by indentation or by `- `, `? `, `: ` indicators: at most two levels per
    column of a line's leading run of those. A flow collection that opens and closes on one
    line with no bracket, quote or comment inside is a leaf: each removal pass takes one level.
    """
    if _DEEP_BLOCK_LINE.search("\n" + text):
        return True
    flow_budget = MAX_DEPTH - (2 * _BLOCK_COLUMNS + 3)
    passes = 0
    while text.count("[") + text.count("{") + passes > flow_budget:
        text, removed = _LEAF_FLOW.subn("", text)
        passes += 1
        if not removed or passes > flow_budget:
            return True
    return False


def _check_depth(text: str, name: str) -> list[Diagnostic]:
    if not _may_nest_too_deep(text):
        return []
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return [_too_deep(name, event.start_mark)]
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # libyaml 0.2.6 and newer stop at 1,000 levels while scanning ahead of the events.
        if "nesting depth" in str(error.problem) and error.problem_mark:
            return [_too_deep(name, error.problem_mark)]
    except yaml.YAMLError:
        pass  # the full parse reports syntax errors with their position
    return []


def _too_deep(name: str, mark: yaml.Mark) -> Diagnostic:
    message = f"the document is nested more than {MAX_DEPTH} levels deep"
    hint = "the data files need only a few levels; check the brackets"
    return Diagnostic(name, mark.line + 1, mark.column + 1, message, hint)


def _from_yaml_error(error: yaml.MarkedYAMLError, name: str) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or "invalid YAML"
    message = f"{error.context} {problem}" if error.context else problem
    if "\\t" in problem or "'\\t'" in message:
        hint = "indent with spaces, not tabs"
    elif isinstance(error, ConstructorError):
        hint = "write plain values: strings, numbers, lists and mappings"
    else:
        hint = "check the indentation and quoting around this position"
    return Diagnostic(name, line, column, f"invalid YAML: {message}", hint)


def _duplicate_key(loaded: YamlFile, key: Any, first: yaml.Node, again: yaml.Node) -> Diagnostic:
    message = (
        f"duplicate key {key!r}: it is already set at line {first.start_mark.line + 1}, "
        "and YAML would silently keep only the last value"
    )
    mark = again.start_mark
    hint = duplicate_key_hint(key)
    return Diagnostic(loaded.name, mark.line + 1, mark.column + 1, message, hint)


def load_notes(directory: Path, root: Path) -> tuple[list[NoteFile], list[Diagnostic]]:
    """The notes of `directory`, none read that is badly named or leads outside `root`."""
    notes: list[NoteFile] = []
    if not directory.is_dir():
        return notes, []
    problem = outside_problem(directory, root, directory.relative_to(root).as_posix())
    if problem:
        return notes, [problem]
    problems: list[Diagnostic] = []
    for path in sorted(directory.glob("*.md")):
        name = path.relative_to(root).as_posix()
        problem = _note_name_problem(path, name) or outside_problem(path, root, name)
        if problem:
            problems.append(problem)
            continue
        text, read_problems = read_text(path, name, MAX_NOTE_BYTES)
        problems += read_problems
        if text is not None:
            notes.append(NoteFile(path, name, text))
    return notes, problems


def _note_name_problem(path: Path, name: str) -> Diagnostic | None:
    if NOTE_NAME.match(path.name) and path.is_file():
        return None
    if not NOTE_NAME.match(path.name):
        message = f"the note's file name {path.name!r} is not allowed; it was not read"
        hint = "name it with lowercase letters, digits and hyphens, e.g. 'training-stages.md'"
    else:
        message, hint = "the note is not a regular file; it was not read", "make it a file"
    return Diagnostic(name, 1, 1, message, hint, code="LKU007")
