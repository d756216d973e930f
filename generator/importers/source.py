"""Reading the untrusted source file: bounded in size, decoded, control characters removed."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from generator.importers.blame import line_dates
from generator.importers.markdown import TooDeep, parse_markdown
from generator.importers.model import ImportedList
from generator.text.characters import UNSAFE

MAX_SOURCE_BYTES = 4 * 1024 * 1024
_LINE_SEPARATORS = re.compile("[\u2028\u2029]")


class SourceError(Exception):
    """The source cannot be read; the message says why and what to do."""


def read_source(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(
                f"{path} is {size:,} bytes; the importer reads at most {MAX_SOURCE_BYTES:,}: "
                "split the list, or import its parts one at a time"
            )
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error.strerror or error}") from None
    return as_read(data.decode("utf-8", errors="replace"))


def as_read(text: str) -> str:
    """`text` as the importer reads it: one kind of line end, and without the characters
    validate refuses (controls, bidi overrides), which cannot come along."""
    text = text.removeprefix("\ufeff")
    text = UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _LINE_SEPARATORS.sub("", text)


def import_markdown(path: Path, *, dates_from_git: bool = True) -> ImportedList:
    """The list in `path`; each entry's `added` is its line's commit date when git knows it."""
    text = read_source(path)
    try:
        imported = parse_markdown(text)
    except TooDeep as error:
        raise SourceError(f"{path}:{error.line}: {error}") from None
    dates = line_dates(path.resolve(), text, as_read) if dates_from_git else {}
    if not dates:
        return imported
    entries = tuple(replace(e, added=dates.get(e.line)) for e in imported.entries)
    return replace(imported, entries=entries)
