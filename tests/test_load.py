"""Safe loading: plain data only, every bad input a located Diagnostic, never a hang."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.data import BILLION_LAUGHS_TEXT as BILLION_LAUGHS
from support.data import REPO, yaml_text

from generator.catalog.load import MAX_DEPTH, load_notes, load_yaml, parse_yaml, read_text


def parse(text: str):
    return parse_yaml(text, Path("papers.yaml"), "papers.yaml")


def problem(text: str):
    loaded, problems = parse(text)
    assert loaded is None, "the text should not load"
    assert len(problems) == 1
    return problems[0]


def test_plain_data_loads_with_dates_kept_as_text():
    loaded, problems = parse("added: 2024-05-01\nyear: 2024\narxiv: '2202.05262'\n")
    assert problems == []
    assert loaded.data == {"added": "2024-05-01", "year": 2024, "arxiv": "2202.05262"}


def test_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "papers.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    loaded, problems = load_yaml(path)
    assert problems == []
    assert loaded.data == {"a": 1}


def test_line_of_a_mapping():
    loaded, _ = parse("papers:\n  - id: a\n  - id: b\n")
    assert [loaded.line_of(p) for p in loaded.data["papers"]] == [2, 3]
    assert loaded.line_of({}) == 1


def test_locate_points_at_values_and_keys():
    loaded, _ = parse(yaml_text("papers:\n  - id: a\n    title: T\n"))
    assert loaded.locate(["papers", 0, "title"]) == (3, 12)
    assert loaded.locate(["papers", 0, "title"], key=True) == (3, 5)
    assert loaded.locate(["papers", 0]) == (2, 5)


def test_locate_a_missing_path_points_at_the_closest_parent():
    loaded, _ = parse("papers:\n  - id: a\n")
    assert loaded.locate(["papers", 0, "venue"]) == (2, 5)
    assert loaded.locate(["papers", 7, "venue"]) == (2, 3)
    assert loaded.locate(["nothing"]) == (1, 1)


def test_syntax_error_is_located():
    found = problem("papers:\n  - id: a\n  title: b\n")
    assert (found.line, found.column) == (3, 3)
    assert found.message.startswith("invalid YAML:")
    assert found.hint == "check the indentation and quoting around this position"


def test_bad_indentation_is_located():
    found = problem("papers:\n  - id: a\n   title: b\n")
    assert (found.line, found.column) == (3, 4)
    assert found.message.startswith("invalid YAML:")


def test_tab_indentation_is_reported_at_each_tab():
    loaded, problems = parse("papers:\n\t- id: a\n  -\tid: b\n\t\t- c\n")
    assert loaded is None
    assert [(d.line, d.column, d.message) for d in problems] == [
        (2, 1, "tab character in indentation"),
        (4, 1, "tab character in indentation"),
    ]
    assert problems[0].hint == "indent with spaces"


def test_tab_inside_a_value_is_fine():
    loaded, problems = parse("title: a\tb\n")
    assert problems == []
    assert loaded.data == {"title": "a\tb"}


def test_bad_utf8_is_located(tmp_path):
    path = tmp_path / "papers.yaml"
    path.write_bytes(b"a: 1\ntitle: caf\xe9\n")
    loaded, problems = load_yaml(path)
    assert loaded is None
    assert [(d.file, d.line, d.column) for d in problems] == [("papers.yaml", 2, 11)]
    assert problems[0].message == "the file is not valid UTF-8 (byte 0xe9)"
    assert problems[0].hint == "save the file as UTF-8"


def test_missing_file_is_reported(tmp_path):
    loaded, problems = load_yaml(tmp_path / "papers.yaml")
    assert loaded is None
    assert [(d.message, d.hint) for d in problems] == [("file not found", "create papers.yaml")]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "---\n...\n"])
def test_empty_file_is_reported(text):
    found = problem(text)
    assert (found.line, found.column, found.message) == (1, 1, "the file is empty")


def test_two_documents_are_refused():
    found = problem("a: 1\n---\nb: 2\n")
    assert (found.line, found.column) == (2, 1)
    assert "expected a single document" in found.message


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("x: !!python/object/apply:os.system ['echo hacked']\n", "python/object/apply:os.system"),
        ("x: !!python/name:os.system\n", "python/name:os.system"),
        ("x: !!binary aGk=\n", "binary"),
        ("x: !!set {a: null}\n", "set"),
        ("x: !!timestamp 2024-01-01\n", "timestamp"),
        ("x: !custom value\n", "!custom"),
    ],
)
def test_yaml_tags_that_build_objects_are_refused(text, tag):
    found = problem(text)
    assert (found.line, found.column) == (1, 4)
    assert tag in found.message
    assert found.message.endswith("is not allowed here")
    assert found.hint == "write plain values: strings, numbers, lists and mappings"


def test_standard_tags_for_plain_values_are_allowed():
    loaded, problems = parse("a: !!str 2024\nb: !!int '7'\n")
    assert problems == []
    assert loaded.data == {"a": "2024", "b": 7}


def test_merge_keys_are_refused():
    found = problem("a:\n  <<: {b: 1}\n")
    assert (found.line, found.column) == (2, 3)
    assert "merge keys (<<) are not allowed" in found.message


@pytest.mark.parametrize("text", ["? [a, b]\n: 1\n", "{[a]: 1}\n", "? {a: 1}\n: 2\n"])
def test_non_scalar_keys_are_refused(text):
    found = problem(text)
    assert "a mapping key must be a plain value" in found.message


def test_anchor_is_refused_at_its_position():
    found = problem("a: 1\nb: &x [1]\nc: *x\n")
    assert (found.line, found.column, found.message) == (2, 4, "YAML anchor 'x' is not allowed")


def test_alias_bomb_is_refused_at_the_first_anchor():
    found = problem(BILLION_LAUGHS)
    assert (found.line, found.column, found.message) == (1, 4, "YAML anchor 'a' is not allowed")


def test_alias_bomb_through_the_cli_ends_quickly(tmp_path):
    (tmp_path / "papers.yaml").write_text(BILLION_LAUGHS)
    command = [sys.executable, "-m", "generator", "--root", str(tmp_path), "validate"]
    # The timeout only turns a hang into a failure; the refusal itself takes milliseconds.
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 1
    assert "papers.yaml:1:4: error: YAML anchor 'a' is not allowed" in done.stdout


def test_ampersand_and_asterisk_in_text_are_not_anchors():
    loaded, problems = parse("title: R&D *and* Q&A\nnote: a & b, x * y\n")
    assert problems == []
    assert loaded.data["title"] == "R&D *and* Q&A"


@pytest.mark.parametrize(
    ("text", "position"),
    [
        # The top-level mapping is the first level.
        ("a: " + "[" * 100_000, (1, 3 + MAX_DEPTH)),
        ("a: " + "[" * 50_000 + "]" * 50_000, (1, 3 + MAX_DEPTH)),
        ("a: " + "{b: " * 20_000 + "}" * 20_000, (1, 4 + 4 * (MAX_DEPTH - 1))),
        ("".join(" " * i + "- x:\n" for i in range(0, 300, 2)), None),
        ("".join("- " * 100) + "x\n", (1, 2 * MAX_DEPTH + 1)),
    ],
    ids=["unclosed-flow", "closed-flow", "flow-mappings", "indented-blocks", "compact-seqs"],
)
def test_deep_nesting_is_refused_without_crashing(text, position):
    found = problem(text)
    assert found.message == f"the document is nested more than {MAX_DEPTH} levels deep"
    if position:
        # Where the 65th level opens; libyaml 0.2.6+ may stop its look-ahead scan further on.
        assert found.line == position[0] and found.column >= position[1]


def test_nesting_within_the_limit_loads():
    depth = MAX_DEPTH - 2
    _, problems = parse("a: " + "[" * depth + "1" + "]" * depth + "\n")
    assert problems == []


def test_brackets_inside_text_do_not_count_as_nesting():
    text = "papers:\n" + "".join(f"  - title: 'see [{i}] and {{x}} ]]]]'\n" for i in range(200))
    loaded, problems = parse(text)
    assert problems == []
    assert len(loaded.data["papers"]) == 200


def test_huge_integer_is_refused_with_a_location():
    found = problem("papers: []\nyear: " + "9" * 5000 + "\n")
    assert (found.line, found.column) == (2, 7)
    assert "the number has too many digits" in found.message


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("title: \x01\n", (1, 8)),
        ("title: café\x07\n", (1, 12)),
        ("a: 1\n" + "é" * 50 + "\nb: x\x0c\n", (3, 5)),
        ("a: 😀😀\x00\n", (1, 6)),
    ],
    ids=["ascii", "accent", "line-after-accents", "emoji"],
)
def test_control_character_is_located_in_characters_not_bytes(text, position):
    found = problem(text)
    assert (found.line, found.column) == position
    assert "is not allowed in YAML" in found.message


def test_duplicate_keys_are_reported_and_the_data_still_loads():
    loaded, problems = parse("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert loaded is not None
    problems.sort()
    assert [(d.line, d.column) for d in problems] == [(4, 3), (5, 1)]
    assert problems[0].message == (
        "duplicate key 'c': it is already set at line 3, "
        "and YAML would silently keep only the last value"
    )
    assert problems[0].hint == "remove one of them"


def test_duplicate_keys_in_flow_mappings_count_characters():
    _, problems = parse("é: {a: 1, a: 2}\n")
    assert [(d.line, d.column) for d in problems] == [(1, 11)]


def test_notes_are_read_in_name_order_with_their_relative_names(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "b.md").write_text("# B\n")
    (notes / "a.md").write_text("# A\n")
    (notes / "bad.md").write_bytes(b"# Bad \xff\n")
    (notes / "ignored.txt").write_text("not a note")
    loaded, problems = load_notes(notes, tmp_path)
    assert [n.name for n in loaded] == ["notes/a.md", "notes/b.md"]
    assert [(d.file, d.line, d.column) for d in problems] == [("notes/bad.md", 1, 7)]


def test_missing_notes_directory_is_no_notes(tmp_path):
    assert load_notes(tmp_path / "notes", tmp_path) == ([], [])


def _project_with_notes(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "list"
    (root / "notes").mkdir(parents=True)
    return root, root / "notes"


def test_a_note_linking_outside_the_project_is_refused_and_never_read(tmp_path):
    root, notes = _project_with_notes(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("# Secret\n\npassword\n", encoding="utf-8")
    (notes / "leak.md").symlink_to(secret)
    loaded, problems = load_notes(notes, root)
    assert loaded == []
    assert [(d.file, d.line, d.column) for d in problems] == [("notes/leak.md", 1, 1)]
    assert "symbolic link to a place outside the project" in problems[0].message
    assert "password" not in str(problems)


def test_a_notes_directory_linking_outside_the_project_is_refused(tmp_path):
    root = tmp_path / "list"
    root.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.md").write_text("# A\n", encoding="utf-8")
    (root / "notes").symlink_to(elsewhere, target_is_directory=True)
    loaded, problems = load_notes(root / "notes", root)
    assert loaded == []
    assert [d.file for d in problems] == ["notes"]
    assert "outside the project" in problems[0].message


def test_a_link_inside_the_project_is_allowed(tmp_path):
    root, notes = _project_with_notes(tmp_path)
    (root / "drafts").mkdir()
    (root / "drafts" / "a.md").write_text("# A\n", encoding="utf-8")
    (notes / "a.md").symlink_to(root / "drafts" / "a.md")
    loaded, problems = load_notes(notes, root)
    assert problems == []
    assert [note.text for note in loaded] == ["# A\n"]


@pytest.mark.parametrize("name", ['a".md', "A.md", "a b.md", "-a.md", "a'onmouseover=x.md", "é.md"])
def test_a_note_whose_file_name_is_not_a_slug_is_refused(tmp_path, name):
    root, notes = _project_with_notes(tmp_path)
    (notes / name).write_text("# A\n", encoding="utf-8")
    loaded, problems = load_notes(notes, root)
    assert loaded == []
    assert [(d.file, d.line) for d in problems] == [(f"notes/{name}", 1)]
    assert "file name" in problems[0].message
    assert "lowercase letters, digits and hyphens" in problems[0].hint


def test_files_over_the_size_limit_are_refused_before_they_are_read(tmp_path, monkeypatch):
    import generator.catalog.load as load

    root, notes = _project_with_notes(tmp_path)
    (notes / "big.md").write_text("# Big\n\n" + "x" * 2000, encoding="utf-8")
    monkeypatch.setattr(load, "MAX_NOTE_BYTES", 1000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    loaded, problems = load.load_notes(notes, root)
    assert loaded == []
    assert problems[0].message == "the file is 2,007 bytes, more than the limit of 1,000"


def test_a_data_file_over_the_limit_is_refused(tmp_path):
    big = tmp_path / "papers.yaml"
    big.write_text("papers: []\n" + "# padding\n" * 100, encoding="utf-8")
    text, problems = read_text(big, "papers.yaml", max_bytes=100)
    assert text is None
    assert "more than the limit of 100" in problems[0].message
