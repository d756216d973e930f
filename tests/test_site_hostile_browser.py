"""A site built from hostile data, every page opened in headless Chromium: nothing runs.

Every free-text field of papers.yaml and datasets.yaml, and a note with every vector the
notes subset still accepts, carry markup that runs script if it is read as HTML anywhere:
in `<title>` after Material's `striptags`, in the navigation, in attributes, in the search
results. The test opens every page the build made and looks for what script would leave:
a dialog, an `on*` attribute, a script address. Each test runs on the site of each engine
(MkDocs with Material, Zensical). Needs what tests/test_site_browser.py needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.site import HOSTILE_SECTION_ID, hostile_project, require_engine, serve
from test_site_browser import CHROMIUM_ARGS, TIMEOUT_MS, _require_browser, chromium

from generator.catalog.project import Project
from generator.site.build import build_site
from generator.site.engines import ENGINES

# What the page's DOM holds that script could use, after every script of the page ran,
# in the document and in the open shadow roots (Zensical's search dialog lives in one).
_FINDINGS = """() => {
  const found = [];
  const elements = [];
  const collect = (root) => {
    for (const element of root.querySelectorAll("*")) {
      elements.push(element);
      if (element.shadowRoot) collect(element.shadowRoot);
    }
  };
  collect(document);
  for (const element of elements) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(`${element.tagName} ${name}`);
      if (/^(javascript|data|vbscript):/.test(value) && name !== "content")
        found.push(`${element.tagName} ${name}=${attribute.value}`);
    }
  }
  for (const img of elements.filter((e) => e.matches("img[src='x'], svg[onload]")))
    found.push(img.outerHTML);
  if (document.title.includes("<") && document.querySelector("head img, body > img"))
    found.push("the title was broken out of");
  return found;
}"""


# Each engine's search: the index it downloads, what opens it, its box and its results.
# Zensical's search is a dialog in a shadow root, opened by a button (Playwright's CSS
# locators reach into open shadow roots).
SEARCH_INDEX = {"mkdocs": "**/search/search_index.json", "zensical": "**/search.json"}
SEARCH_OPENER = {"mkdocs": "input.md-search__input", "zensical": "button.md-search__button"}
SEARCH_BOX = {"mkdocs": "input.md-search__input", "zensical": "input[role=combobox]"}
SEARCH_RESULT = {"mkdocs": ".md-search-result__item", "zensical": "[role=listbox] [role=option]"}


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    if request.param != "mkdocs":
        require_engine(request.param)
    return request.param


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    _require_browser()
    root = hostile_project(tmp_path_factory.mktemp(f"hostile-{engine}") / "list")
    return build_site(Project(root), engine=engine)


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[tuple[object, list[str]]]:
    from playwright.sync_api import sync_playwright

    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(base_url) else route.abort()
            ),
        )
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)

        def dialog(dialog) -> None:
            dialogs.append(f"{page.url}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", dialog)
        yield page, dialogs
        browser.close()


def _page_addresses(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def test_no_page_of_a_hostile_site_runs_script_or_carries_a_handler(site, base_url, page) -> None:
    browser_page, dialogs = page
    pages = _page_addresses(site)
    assert f"sections/{HOSTILE_SECTION_ID}/index.html" in pages
    assert "notes/hostile-note/index.html" in pages
    findings = {}
    for address in pages:
        browser_page.goto(base_url + address)
        browser_page.wait_for_load_state("load")
        found = browser_page.evaluate(_FINDINGS)
        if found:
            findings[address] = found
    assert findings == {}
    assert dialogs == []


def test_the_hostile_title_shows_as_text_in_title_nav_and_heading(base_url, page) -> None:
    browser_page, dialogs = page
    browser_page.goto(base_url + f"sections/{HOSTILE_SECTION_ID}/")
    assert browser_page.title().startswith("Section </title><img src=x onerror=alert(1)>")
    heading = browser_page.locator("article h1").first.inner_text()
    assert heading.startswith("Section </title><img src=x onerror=alert(1)>")
    nav = browser_page.locator(".md-nav__link", has_text="Section </title>").first
    assert "<svg onload=alert(2)>" in nav.inner_text()
    assert dialogs == []


def test_searching_for_the_payload_shows_it_as_text(engine, base_url, page) -> None:
    browser_page, dialogs = page
    browser_page.goto(base_url)
    with browser_page.expect_response(SEARCH_INDEX[engine]):  # loaded when search opens
        browser_page.locator(SEARCH_OPENER[engine]).click()
    box = browser_page.locator(SEARCH_BOX[engine])
    results = browser_page.locator(SEARCH_RESULT[engine])
    for _ in range(5):  # the search worker may still be indexing: type again, as a reader would
        box.fill("")
        box.press_sequentially("onerror", delay=20)
        try:
            results.first.wait_for(timeout=3_000)
            break
        except Exception:
            continue
    assert results.count() > 0
    assert any("<img src=x onerror" in text for text in results.all_inner_texts())
    assert browser_page.evaluate(_FINDINGS) == []
    assert dialogs == []
