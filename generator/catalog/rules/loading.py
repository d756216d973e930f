"""Rules the loader applies while it reads a file (generator/catalog/load.py, hints.py).

They are registered here so that each has a code and a page; their check runs in the
loader, before there is data for the other rules to read.
"""

from __future__ import annotations

from generator.catalog.rules.registry import Rule, add

LOADING = (
    Rule(
        "LKU001",
        "unreadable-file",
        "a data file is missing, too big, not UTF-8, not a regular file or outside the list",
        "follow the message: create the file, save it as UTF-8, or split it",
        "the file",
        "error",
        None,
        "The generator reads only files of the list itself, of a bounded size.",
    ),
    Rule(
        "LKU002",
        "invalid-yaml",
        "a data file is not valid YAML (an unclosed quote, ': ' in a plain value, indentation)",
        "fix the line the message names; the hint says how for the common slips",
        "the file",
        "error",
        None,
        "A key indented deeper than its neighbours is read by YAML as the continuation of "
        "the line above; the message then says so, instead of asking for quotes.",
    ),
    Rule(
        "LKU003",
        "tab-indentation",
        "a line is indented with a tab",
        "indent with spaces",
        "the file",
        "error",
        None,
        "YAML forbids tabs in indentation; editors show them as spaces, so they are reported.",
    ),
    Rule(
        "LKU004",
        "yaml-alias",
        "a data file uses YAML anchors, aliases or tags, or nests too deeply",
        "write every value out; the data files need only a few levels",
        "the file",
        "error",
        None,
        "Aliases let a few lines expand to billions of values (the billion laughs).",
    ),
    Rule(
        "LKU005",
        "duplicate-key",
        "a mapping has the same key twice (YAML would keep only the last)",
        "remove one of the two, or merge their values",
        "any key",
        "error",
        None,
    ),
    Rule(
        "LKU006",
        "comment-in-value",
        "a ` #` in a plain value starts a comment: the rest of the line is dropped",
        "put the whole value in quotes",
        "text fields",
        "warning",
        None,
    ),
    Rule(
        "LKU007",
        "note-file-name",
        "a file under notes/ is badly named or not a regular file",
        "name it with lowercase letters, digits and hyphens, e.g. 'training-stages.md'",
        "notes/",
        "error",
        None,
    ),
)
for loading_rule in LOADING:
    add(loading_rule)
