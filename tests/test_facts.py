"""facts.json is repository data a pull request can change: nothing in it may crash a
build or carry a control character onto the pages."""

from __future__ import annotations

import json
from pathlib import Path

from generator.catalog.facts import load_facts

CITATIONS = {"count": 3, "source": "Semantic Scholar", "checked": "2026-01-05"}


def _write(path: Path, citations: dict[str, object]) -> Path:
    entries = {"paper:rome": {"citations": citations}}
    path.write_text(json.dumps({"version": 1, "entries": entries}), encoding="utf-8")
    return path


def test_a_deeply_nested_file_is_left_out_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    facts, problems = load_facts(path)
    assert facts == {}
    assert [(p.severity, "nested too deeply" in p.message) for p in problems] == [("warning", True)]


def test_a_fact_whose_text_carries_a_control_or_bidi_character_is_left_out(
    tmp_path: Path,
) -> None:
    for text in ("Semantic\u202e Scholar", "2026\x1b[31m"):
        hostile = CITATIONS | {"source": text}
        facts, _ = load_facts(_write(tmp_path / "facts.json", hostile))
        assert facts["paper:rome"].citations is None
    facts, _ = load_facts(_write(tmp_path / "facts.json", CITATIONS))
    assert facts["paper:rome"].citations is not None
