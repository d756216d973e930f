"""Rules of the text in the data: URLs fit to publish, and no invisible control characters."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from generator.catalog.load import YamlFile, position
from generator.catalog.rules.mistakes import url_mistakes
from generator.catalog.rules.registry import Context, rule
from generator.diagnostics import Diagnostic
from generator.text.characters import (
    HINT,
    UNSAFE,
    describe,
    invisible_characters,
    unsafe_characters,
)
from generator.text.urls import host_problem, url_problems


def _data_files(context: Context) -> list[YamlFile]:
    sources = context.sources
    found = (sources.papers, sources.datasets, sources.identity)
    return [loaded for loaded in found if loaded is not None]


@rule(
    "LKU401",
    "unfit-url",
    "a URL cannot be published: not https, inside a network, signed, or spelled ambiguously",
    hint="link the public landing page, as https://host/path",
    field="url, code, image, repository, site",
)
def unfit_urls(context: Context) -> Iterator[Diagnostic]:
    """Every URL of the data reaches readers: it must lead to the same public page for all."""
    for loaded in _data_files(context):
        yield from _url_rules(loaded)


@rule(
    "LKU402",
    "loopback-url",
    "a URL points at this machine (localhost, 127.0.0.1)",
    hint="link the public address instead (allowed for test lists)",
    field="url, code, image, repository, site",
    severity="warning",
)
def loopback_urls(context: Context) -> Iterator[Diagnostic]:
    """Test lists link local stand-ins; a published list never should."""
    for loaded in _data_files(context):
        for path, value in _url_strings(loaded):
            yield from _loopback_warning(loaded, path, value)


@rule(
    "LKU403",
    "pdf-url",
    "`url` is a PDF of a paper that has a landing page",
    hint="write the landing page as `url`, and list the PDF in `links`",
    field="url",
    severity="warning",
)
def pdf_urls(context: Context) -> Iterator[Diagnostic]:
    """A landing page names the paper, its versions and its authors; a PDF only one file."""
    for loaded in _data_files(context):
        yield from (d for d in url_mistakes(loaded) if d.severity == "warning")


@rule(
    "LKU404",
    "arxiv-url-mismatch",
    "an arXiv `url` names another paper than the `arxiv` field",
    hint="make both name the same paper: correct the url or the arxiv id",
    field="url, arxiv",
)
def arxiv_url_mismatch(context: Context) -> Iterator[Diagnostic]:
    """One of the two was copied from another entry."""
    for loaded in _data_files(context):
        yield from (d for d in url_mistakes(loaded) if d.severity == "error")


@rule(
    "LKU405",
    "control-character",
    "the text holds an invisible control or bidi character",
    hint=HINT,
    field="any text",
)
def control_characters(context: Context) -> Iterator[Diagnostic]:
    """Controls and bidi overrides: they break the feed's XML and make text lie about itself."""
    for loaded in _data_files(context):
        for part in loaded.parts():  # papers/ split over several files: each its own text
            yield from _control_characters(part)


@rule(
    "LKU406",
    "invisible-character",
    "the text holds a zero-width or other invisible character",
    hint=HINT,
    field="any text",
    severity="warning",
)
def invisible_text(context: Context) -> Iterator[Diagnostic]:
    """A title holding a zero-width space is not the title a reader sees; `url_problems`
    refuses such characters in a host, where they make one address pass for another."""
    for part in (part for loaded in _data_files(context) for part in loaded.parts()):
        for index, character in invisible_characters(part.text):
            line, column = position(part.text, index)
            message = f"the text contains {describe(character)}"
            yield Diagnostic(part.name, line, column, message, HINT, severity="warning")


def _url_strings(loaded: YamlFile) -> Iterator[tuple[list[str | int], str]]:
    if not isinstance(loaded.data, dict | list):
        return
    for path, value in _strings(loaded.data, []):
        if path[-1] in _URL_KEYS and "://" in value:
            yield path, value


def _url_rules(loaded: YamlFile) -> Iterator[Diagnostic]:
    for path, value in _url_strings(loaded):
        for message, hint in url_problems(value):
            yield loaded.diagnostic(path, message, hint)


def _loopback_warning(loaded: YamlFile, path: list[str | int], url: str) -> Iterator[Diagnostic]:
    """A URL of this machine: allowed (test lists use it), but worth a warning."""
    problem = host_problem(url)
    if problem and problem[0] == "warning":
        diagnostic = loaded.diagnostic(path, problem[1], problem[2])
        yield dataclasses.replace(diagnostic, severity="warning")


def _control_characters(loaded: YamlFile) -> Iterator[Diagnostic]:
    written = set()
    for index, character in unsafe_characters(loaded.text):
        written.add(character)
        line, column = position(loaded.text, index)
        message = f"the text contains {describe(character)}"
        yield Diagnostic(loaded.name, line, column, message, HINT)
    # YAML refuses C0 controls written raw; a double-quoted escape (`"\x01"`) makes one.
    if "\\" not in loaded.text or not isinstance(loaded.data, dict | list):
        return
    for path, value in _strings(loaded.data, []):
        found = UNSAFE.search(value)
        if found and found.group() not in written:
            yield loaded.diagnostic(
                path,
                f"the text contains {describe(found.group())}",
                "remove the escape sequence (such as \\x01) that writes it",
            )


_URL_KEYS = frozenset({"url", "code", "image", "repository", "site"})


def _strings(node: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], str]]:
    """(path, value) of every string value in the document."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, str):
            yield [*path, key], value
        elif isinstance(value, dict | list):
            yield from _strings(value, [*path, key])
