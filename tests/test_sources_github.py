"""GitHub REST: a repository's facts, the token, repository names from code URLs."""

from __future__ import annotations

import pytest
from support.sources import github_repository, json_answer, rate_headers

from generator.sources import github
from generator.sources.http import Client, Endpoints, Settings, SourceError


def test_repository_reads_stars_last_push_and_archived_state_and_sends_the_token(api):
    data = github_repository("kmeng01/rome", 612, archived=True)
    api.route("GET", "/github/repos/kmeng01/rome", lambda r: json_answer(data, **rate_headers(59)))
    client = Client(
        Settings(intervals={}, allow_private=True, github_token="secret"),
        Endpoints(github=api.base + "/github"),
    )
    repository = github.repository(client, "kmeng01/rome")
    assert repository == github.Repository("kmeng01/rome", 612, "2024-03-01", True)
    assert api.requests[0].headers["Authorization"] == "Bearer secret"


def test_an_answer_without_the_documented_fields_is_an_error(api):
    api.route("GET", "/github/repos/a/b", lambda r: json_answer({"message": "hi"}))
    client = Client(
        Settings(intervals={}, allow_private=True), Endpoints(github=api.base + "/github")
    )
    with pytest.raises(SourceError, match="unexpected answer"):
        github.repository(client, "a/b")


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://github.com/kmeng01/rome", "kmeng01/rome"),
        ("https://github.com/zjunlp/EasyEdit/", "zjunlp/EasyEdit"),
        ("https://github.com/a/b.git", "a/b"),
        ("https://github.com/a/b/tree/main/src", "a/b"),  # a folder of the repository
        ("https://gitlab.com/a/b", None),
    ],
)
def test_repository_name_of_code_urls(url, name):
    assert github.repository_name(url) == name
