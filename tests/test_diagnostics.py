"""The diagnostic formatters: what they print of text that the data chose."""

from __future__ import annotations

from generator.diagnostics import Diagnostic, format_github, format_text

# A duplicate dataset name is quoted as written: an escape sequence that retitles the
# terminal, clears the screen, and a right-to-left override.
HOSTILE = "Evil \x1b]0;PWNED\x07\x1b[2J\u202e!"


def _problem() -> Diagnostic:
    return Diagnostic("datasets.yaml", 3, 5, f"dataset name '{HOSTILE}' is used", f"not {HOSTILE}")


def test_text_output_carries_no_terminal_escape_or_bidi_control() -> None:
    printed = format_text([_problem()])
    assert not any(char in printed for char in "\x1b\x07\u202e")
    assert printed.startswith("datasets.yaml:3:5: error: dataset name 'Evil \ufffd]0;PWNED")


def test_github_annotations_carry_no_terminal_escape_or_bidi_control() -> None:
    printed = format_github([_problem()])
    assert not any(char in printed for char in "\x1b\x07\u202e")
    assert printed.startswith("::error file=datasets.yaml,line=3,col=5::dataset name 'Evil")


def test_a_line_break_in_a_message_cannot_start_a_second_line() -> None:
    problem = Diagnostic("papers.yaml", 1, 1, "one\n::error::forged", "two\rthree")
    assert format_text([problem]).count("\n") == 0
    assert format_github([problem]).count("\n") == 0


def test_a_problem_of_a_whole_file_or_of_none_is_printed_without_a_position() -> None:
    from generator.diagnostics import whole

    assert (
        format_text([whole("mkdocs.yml", "not plain YAML")]) == "mkdocs.yml: error: not plain YAML"
    )
    assert format_text([whole("", "cannot create the site")]) == "error: cannot create the site"


def test_site_errors_hold_diagnostics_not_text() -> None:
    from generator.site.build import SiteError
    from generator.site.stage import StageError

    problem = Diagnostic("mkdocs.yml", 0, 0, "the settings must be a mapping")
    assert SiteError(StageError(problem).diagnostics).diagnostics == (problem,)


def test_a_service_that_did_not_answer_is_a_warning_without_a_position() -> None:
    from generator.diagnostics import unanswered

    warning = unanswered("OpenAlex is unavailable (HTTP 503); asking Semantic Scholar")
    assert not warning.is_error
    assert format_text([warning]) == (
        "warning: OpenAlex is unavailable (HTTP 503); asking Semantic Scholar"
    )
