"""The rule registry: every check has a code, a summary, a hint and a field, and a page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.data import PAPERS, check

from generator.catalog.load import parse_yaml
from generator.catalog.rules import RULES, explain, run
from generator.catalog.validate import Sources
from generator.cli import main

# A paper whose venue is misspelled (a warning) and whose URL is a PDF (a warning).
WARNED = PAPERS.replace("venue: NeurIPS", "venue: NIPS")


def _sources(papers: str, list_yaml: str) -> Sources:
    loaded, _ = parse_yaml(papers, Path("papers.yaml"), "papers.yaml")
    identity, _ = parse_yaml(list_yaml, Path("list.yaml"), "list.yaml")
    return Sources(loaded, None, identity=identity)


LIST = "title: T\ndescription: D\n"


def test_every_rule_has_a_code_a_summary_a_hint_and_a_field() -> None:
    for code, rule in RULES.items():
        assert re.fullmatch(r"LKU\d{3}", code) and rule.code == code
        assert rule.name and rule.summary and rule.hint and rule.field, code
        assert "\n" not in rule.summary, code
        assert rule.severity in ("error", "warning")


def test_every_diagnostic_of_a_broken_list_carries_its_rules_code() -> None:
    broken = PAPERS.replace("venue: NeurIPS", "venu: NIPS").replace("year: 2022", "year: 2099")
    problems = check(broken + "  - id: rome\n    title: T\n    url: http://localhost/x.pdf\n")
    assert problems and all(problem.code in RULES for problem in problems)


def test_explain_prints_a_rules_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--explain", "lku202"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("LKU202 same-paper-twice (error)")
    assert "Field: url, arxiv, doi, title" in page


def test_explain_of_an_unknown_code_names_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--explain", "LKU2O2"]) == 1
    assert "unknown rule 'LKU2O2'; did you mean 'LKU202'?" in capsys.readouterr().err


def test_every_rule_has_a_page() -> None:
    assert all(explain(code) for code in RULES)


def test_a_list_switches_a_warning_rule_off() -> None:
    before = [d.code for d in run(_sources(WARNED, LIST), 2024)]
    after = [d.code for d in run(_sources(WARNED, LIST + "rules:\n  LKU307: off\n"), 2024)]
    assert "LKU307" in before and "LKU307" not in after


def test_a_list_raises_a_warning_rule_to_an_error() -> None:
    problems = run(_sources(WARNED, LIST + "rules:\n  LKU307: error\n"), 2024)
    assert [d.severity for d in problems if d.code == "LKU307"] == ["error"]


def test_a_list_cannot_lower_an_error_rule() -> None:
    twice = PAPERS + PAPERS.split("papers:\n")[1]
    problems = run(_sources(twice, LIST + "rules:\n  LKU201: off\n"), 2024)
    codes = [d.code for d in problems]
    assert "LKU201" in codes
    [setting] = [d for d in problems if d.code == "LKU105"]
    assert setting.message == "LKU201 (duplicate-id) is an error rule: a list cannot lower it"
    assert (setting.file, setting.line) == ("list.yaml", 4)


def test_an_unknown_rule_code_in_list_yaml_is_reported() -> None:
    problems = run(_sources(PAPERS, LIST + "rules:\n  LKU399: off\n"), 2024)
    assert [d.message for d in problems if d.code == "LKU105"] == ["unknown rule 'LKU399'"]
