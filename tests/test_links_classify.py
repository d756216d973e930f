"""Soft failures: a 200 that is really a dead link."""

from __future__ import annotations

import pytest

from generator.links.classify import soft_failure


@pytest.mark.parametrize(
    ("url", "final", "reason"),
    [
        ("https://x.org/paper/1", "https://x.org/", "home page"),
        ("https://bit.ly/abc", "https://www.bing.com/search?q=abc", "search page"),
        ("https://x.org/doc/1", "https://x.org/search/?term=doc", "search page"),
        ("https://x.org/doc/1", "https://accounts.google.com/ServiceLogin?x=1", "login page"),
        ("https://gitlab.com/a/b", "https://gitlab.com/users/sign_in", "login page"),
    ],
)
def test_soft_failures_are_recognised(url: str, final: str, reason: str) -> None:
    assert reason in soft_failure(url, final)


@pytest.mark.parametrize(
    ("url", "final"),
    [
        ("http://x.org/paper/1", "https://x.org/paper/1"),  # a scheme upgrade
        ("https://x.org", "https://www.x.org/"),  # a home page stays a home page
        ("https://github.com/a/auth", "https://github.com/b/auth"),  # a renamed repository
        ("https://x.org/search?q=a", "https://x.org/search/?q=a"),
        ("https://x.org/login", "https://x.org/login/"),
        ("https://x.org/p?id=3", "https://x.org/p/3"),
    ],
)
def test_ordinary_redirects_are_not_soft_failures(url: str, final: str) -> None:
    assert soft_failure(url, final) is None
