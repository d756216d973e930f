"""Characters no contributor text may carry: controls and the bidi controls that reorder text.

Control characters break the feed's XML and garble terminals and pages. The bidi embedding,
override and isolate controls (U+202A-U+202E, U+2066-U+2069) make text display in another
order than it is stored ("Trojan Source"): a title or a note could read one way and link or
say another. The left-to-right and right-to-left marks (U+200E, U+200F, U+061C) stay
allowed: they only set the direction of neutral characters next to them, cannot reorder a
run of text, and mixed Arabic or Hebrew names need them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

# C0 and C1 controls but tab, line breaks and NEL (which are spacing), XML's non-characters,
# and the bidi embedding, override and isolate controls.
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
# What a terminal or a report must not receive from text someone else chose: every bidi
# control and mark, shown as U+FFFD together with the C0 and C1 controls.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
HINT = "delete it (it is invisible: an editor that shows control characters helps)"


def describe(character: str) -> str:
    """'the control character U+0001' or 'the bidi control U+202E (RIGHT-TO-LEFT OVERRIDE)'."""
    code = ord(character)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return f"the bidi control U+{code:04X} ({unicodedata.name(character)})"
    return f"the control character U+{code:04X}"


def unsafe_characters(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) of every unsafe character in `text`."""
    for match in UNSAFE.finditer(text):
        yield match.start(), match.group()


_REFERENCE = re.compile(r"&(?:#[xX]([0-9A-Fa-f]{1,8})|#([0-9]{1,10})|[A-Za-z][A-Za-z0-9]{1,31});")


def unsafe_references(text: str) -> Iterator[tuple[int, str, str]]:
    """(index, reference, character) of every character reference in Markdown or HTML text
    (`&#x202E;`, `&#27;`) that writes an unsafe character.

    Numbers are read both ways a renderer may: as the code point (CommonMark) and as HTML
    maps them (`&#x9b;` is U+203A there), so that neither reading lets one through.
    """
    for match in _REFERENCE.finditer(text):
        hexadecimal, decimal = match.groups()
        written = {html.unescape(match.group())}
        if hexadecimal or decimal:
            code = int(hexadecimal, 16) if hexadecimal else int(decimal)
            written.add(chr(code) if code <= 0x10FFFF else "")
        found = next((c for c in sorted(written) if c and UNSAFE.fullmatch(c)), None)
        if found:
            yield match.start(), match.group(), found


def printable(text: object) -> str:
    """Text safe for a terminal: controls (ANSI escapes) and bidi marks shown as U+FFFD, line
    breaks and tabs as spaces."""
    return "".join(_printable_char(c) for c in str(text))


def _printable_char(char: str) -> str:
    if char in "\t\n\r":
        return " "
    if char in _BIDI or unicodedata.category(char) == "Cc":
        return "\ufffd"
    return char
