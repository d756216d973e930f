"""The built site in headless Chromium: pages, search, links, Browse filters, nothing executed.

Needs Playwright's Python package and Debian's `chromium` on PATH. Elsewhere the
tests skip with the reason; in CI (AWESOME_CI=1, set by .ci/run) they fail instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest_site import HOSTILE_ID, HOSTILE_TITLE, copy_project, serve

from generator.model import Catalog
from generator.project import Project, open_catalog
from generator.site.build import build_site

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


def chromium() -> str | None:
    return shutil.which("chromium")


def _require_browser() -> None:
    problem = ""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "the playwright Python package is not installed (pip install '.[test]')"
    if not problem and chromium() is None:
        problem = "chromium is not on PATH (apt-get install chromium)"
    if not problem:
        return
    if os.environ.get("AWESOME_CI") == "1":
        pytest.fail(f"browser test is mandatory in CI: {problem}")
    print(f"skipping the browser tests: {problem}")
    pytest.skip(f"browser tests need Chromium and Playwright: {problem}")


try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the tests skip (or fail in CI) in _require_browser
    PlaywrightTimeout = TimeoutError  # type: ignore[misc,assignment]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _require_browser()
    root = copy_project(tmp_path_factory.mktemp("browser") / "list")
    build_site(Project(root))
    return root


@pytest.fixture(scope="module")
def catalog(project: Path) -> Catalog:
    catalog, _ = open_catalog(Project(project))
    assert catalog is not None
    return catalog


@pytest.fixture(scope="module")
def base_url(project: Path) -> Iterator[str]:
    with serve(project / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser(project: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watch:
    """What a page did that it should not: console errors, script errors, dialogs, foreign hosts."""

    def __init__(self) -> None:
        self.problems: list[str] = []


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch()

    def route(route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            watch.problems.append(f"request to a third party: {route.request.url}")
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.on(
        "console",
        lambda message: (
            message.type == "error" and watch.problems.append(f"console error: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: watch.problems.append(f"script error: {error}"))

    def dialog(dialog) -> None:
        watch.problems.append(f"dialog opened: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dialog)
    yield page
    page.wait_for_timeout(100)  # let late console messages arrive
    context.close()
    assert watch.problems == []


def test_section_page_lists_its_papers(page, base_url: str, catalog: Catalog) -> None:
    page.goto(base_url + "sections/paper-list/")
    ids = page.eval_on_selector_all("h2.ak-paper", "nodes => nodes.map(n => n.id)")
    assert ids == [p.id for p in catalog.papers_in("paper-list")]
    assert (
        page.locator("#rome a").first.inner_text()
        == "Locating and Editing Factual Associations in GPT"
    )


def test_search_finds_a_paper_by_a_word_of_its_title(page, base_url: str) -> None:
    with page.expect_response("**/search/search_index.json"):
        page.goto(base_url)
    result = page.locator(".md-search-result a[href*='sections/paper-list/'][href$='#rome']")
    box = page.locator("input.md-search__input")
    box.click()
    # Material's worker may still be building its index: a query typed then is dropped,
    # so type again (as a reader would) until the result shows.
    for _ in range(5):
        box.fill("")
        box.press_sequentially("Factual", delay=20)
        try:
            result.first.wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            continue
    assert "Locating and Editing Factual Associations in GPT" in result.first.inner_text()
    result.first.click()
    page.wait_for_url("**/sections/paper-list/?h=*#rome")


def test_dataset_link_navigates_to_the_dataset_entry(page, base_url: str) -> None:
    page.goto(base_url + "sections/paper-list/")
    page.locator(f"#{HOSTILE_ID} ~ ul a", has_text="ECBD: Entity Cloze By Date").first.click()
    page.wait_for_url("**/datasets/#ecbd")
    heading = page.locator("h2#ecbd")
    assert heading.inner_text().startswith("ECBD: Entity Cloze By Date")
    assert heading.evaluate("h => h.getBoundingClientRect().top < window.innerHeight")


def test_hostile_title_stays_inert_text(page, base_url: str) -> None:
    page.goto(base_url + "sections/paper-list/")
    assert page.locator(f"#{HOSTILE_ID} a").first.inner_text() == HOSTILE_TITLE
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("#content script, article script").count() == 0
    page.goto(base_url + "browse/?text=onerror")
    result = page.locator(".ak-browse-result a")
    result.first.wait_for()
    assert result.all_inner_texts() == [HOSTILE_TITLE]
    assert page.locator("img[src='x']").count() == 0


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_browse_filters_change_results_and_the_address(
    page, base_url: str, catalog: Catalog
) -> None:
    page.goto(base_url + "browse/")
    results = page.locator(".ak-browse-result")
    results.first.wait_for()
    assert results.count() == len(catalog.papers)

    page.select_option("select[name=year]", "2022")
    expected = sorted(p.title for p in catalog.papers if p.year == 2022)
    assert sorted(page.locator(".ak-browse-result a").all_inner_texts()) == expected
    assert _query(page) == {"year": ["2022"]}

    page.locator("input[name=text]").fill("factual")
    assert page.locator(".ak-browse-result a").all_inner_texts() == [
        "Locating and Editing Factual Associations in GPT"
    ]
    assert _query(page) == {"text": ["factual"], "year": ["2022"]}

    page.reload()
    page.locator(".ak-browse-result").first.wait_for()
    assert page.locator("select[name=year]").input_value() == "2022"
    assert page.locator("input[name=text]").input_value() == "factual"
    assert page.locator(".ak-browse-result").count() == 1

    page.locator(".ak-browse-result a").first.click()
    page.wait_for_url("**/sections/paper-list/#rome")


def test_browse_dataset_and_method_facets(page, base_url: str, catalog: Catalog) -> None:
    page.goto(base_url + "browse/?dataset=ECBD%3A+Entity+Cloze+By+Date")
    page.locator(".ak-browse-result").first.wait_for()
    users = sorted(p.title for p in catalog.papers_using("ecbd"))
    assert sorted(page.locator(".ak-browse-result a").all_inner_texts()) == users
    page.select_option("select[name=dataset]", "")
    page.select_option("select[name=method]", "knowledge editing")
    method = sorted(p.title for p in catalog.papers if p.method == "knowledge editing")
    assert sorted(page.locator(".ak-browse-result a").all_inner_texts()) == method
    assert _query(page) == {"method": ["knowledge editing"]}


def test_theme_toggle_switches_to_dark(page, base_url: str) -> None:
    page.goto(base_url)
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
