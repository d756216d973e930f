"""The YAML mistakes of a copied entry: each reported on its line, saying what to write."""

from __future__ import annotations

from support.data import PAPERS, check, find, where

# A paper appended to PAPERS: its `id` is on line 11 and its `title` on line 12.
MEMIT = """\
  - id: memit
    title: {title}
    url: https://arxiv.org/abs/2210.07229
    venue: ICLR
    year: 2023
    section: methods
"""


def with_title(title: str) -> str:
    return PAPERS + MEMIT.format(title=title)


def test_unclosed_quote_is_reported_where_it_opens_not_at_the_end_of_the_file():
    problems = check(with_title('"Mass-Editing Memory in a Transformer'))
    assert where(problems) == [("papers.yaml", 12, 12)]
    assert problems[0].message == 'the quote " that opens here is not closed on this line'
    assert problems[0].hint == 'end the value with a matching ", or remove this one'


def test_unclosed_quote_that_a_later_quote_closes_is_still_found_where_it_opens():
    text = with_title("'Mass-Editing Memory") + MEMIT.format(title="'Another Title'").replace(
        "memit", "other"
    )
    problems = check(text)
    assert where(problems) == [("papers.yaml", 12, 12)]
    assert "the quote ' that opens here is not closed" in problems[0].message


def test_colon_in_a_title_says_to_put_the_title_in_quotes():
    problems = check(with_title("MEMIT: Mass-Editing Memory in a Transformer"))
    assert where(problems) == [("papers.yaml", 12, 12)]
    assert problems[0].message == (
        "the value of 'title' contains ': ', which YAML reads as the start of another key"
    )
    assert problems[0].hint == (
        'put the whole value in quotes: title: "MEMIT: Mass-Editing Memory in a Transformer"'
    )


def test_colon_in_a_title_with_double_quotes_suggests_single_quotes():
    problems = check(with_title('MEMIT: the "Mass" Editor'))
    assert problems[0].hint == "put the whole value in quotes: title: 'MEMIT: the \"Mass\" Editor'"


def test_hash_after_a_title_warns_that_the_rest_is_a_comment_and_says_to_quote():
    problems = check(with_title("Editing #1 Facts"))
    assert where(problems) == [("papers.yaml", 12, 20)]
    warning = problems[0]
    assert warning.severity == "warning"
    assert warning.message == "YAML reads ' #1 Facts' as a comment, so 'title' is only 'Editing'"
    assert warning.hint == (
        "if the '#' is part of the text, put the whole value in quotes: title: \"Editing #1 Facts\""
    )


def test_hash_inside_quotes_or_in_a_url_is_no_comment_warning():
    assert check(with_title('"Editing #1 Facts"')) == []
    text = PAPERS.replace("abs/2202.05262", "abs/2202.05262  # the abstract page")
    assert check(text) == []


def test_colon_inside_a_flow_list_says_to_quote_the_item():
    problems = check(PAPERS + "    datasets: [CounterFact, zsRE: question answering]\n")
    assert where(problems) == [("papers.yaml", 11, 29)]
    assert problems[0].message == "'datasets' must be text, not a mapping"
    assert problems[0].hint == (
        "the ': ' makes this item a mapping: put the item in quotes, "
        'like "zsRE: question answering"'
    )


def test_second_code_key_says_that_further_code_links_go_under_links():
    problems = check(
        PAPERS + "    code: https://github.com/a/b\n    code: https://github.com/c/d\n"
    )
    duplicate = find(problems, "duplicate key 'code'")
    assert (duplicate.line, duplicate.column, duplicate.severity) == (12, 5, "error")
    assert duplicate.message.startswith("duplicate key 'code': it is already set at line 11")
    assert duplicate.hint == (
        "an entry has one 'code': list further links under 'links', each with a label"
    )


def test_any_duplicate_key_is_an_error_at_the_second_key():
    problems = check(PAPERS + "    year: 2023\n")
    duplicate = find(problems, "duplicate key 'year'")
    assert (duplicate.line, duplicate.column, duplicate.severity) == (11, 5, "error")
    assert duplicate.hint == "remove one of them"


def test_a_key_indented_too_deep_is_said_to_be_indented_not_to_need_quotes():
    text = with_title("Mass-Editing Memory in a Transformer").replace(
        "    venue: ICLR\n    year: 2023", "      venue: ICLR\n    year: 2023"
    )
    problems = check(text)
    assert where(problems) == [("papers.yaml", 14, 7)]
    assert problems[0].message == (
        "'venue' is indented deeper than 'url' on the line above, so YAML reads it as the rest "
        "of the value of 'url'"
    )
    assert problems[0].hint == "indent 'venue' by 4 spaces, like 'url'"


def test_a_deeper_line_that_is_no_known_key_is_still_a_colon_in_the_value():
    text = with_title("MEMIT").replace(
        "    url: https://arxiv.org/abs/2210.07229\n",
        "    url: https://arxiv.org/abs/2210.07229\n      Editing: Memory\n",
    )
    problems = check(text)
    assert "contains ': '" in problems[0].message
