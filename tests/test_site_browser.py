"""The built site in headless Chromium: pages, search, links, Browse filters, nothing executed.

Needs Playwright's Python package and Debian's `chromium` on PATH. Elsewhere the
tests skip with the reason; in CI (AWESOME_CI=1, set by .ci/run) they fail instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from support.site import HOSTILE_ID, HOSTILE_TITLE, REPO, copy_project, require_engine, serve

from generator.catalog.model import Catalog
from generator.catalog.project import Project, open_catalog
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
    from playwright.sync_api import expect
except ImportError:  # the tests skip (or fail in CI) in _require_browser
    PlaywrightTimeout = TimeoutError  # type: ignore[misc,assignment]
    expect = None


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


# The path of the site's address (`site_url` in mkdocs.yml), where the tests serve it, as its
# host does: the 404 page's links are absolute paths under it.
SITE_PATH = "/awesome-llm-knowledge-update/"


@pytest.fixture(scope="module")
def base_url(project: Path) -> Iterator[str]:
    with serve(project / "site", prefix=SITE_PATH) as url:
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
        if urlsplit(route.request.url).hostname == "127.0.0.1":  # the servers of the tests
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


def _requested(page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(urlsplit(request.url).path))
    return requests


def test_search_loads_its_index_when_opened_and_finds_a_paper_by_a_word_of_its_title(
    page, base_url: str
) -> None:
    requests = _requested(page)
    page.goto(base_url + "sections/paper-list/")
    page.wait_for_load_state("networkidle")
    assert any("/assets/javascripts/bundle." in path for path in requests)  # the theme ran
    assert not any(path.endswith("search_index.json") for path in requests)
    result = page.locator(".md-search-result a[href*='sections/paper-list/'][href$='#rome']")
    box = page.locator("input.md-search__input")
    with page.expect_response("**/search/search_index.json"):
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


@pytest.fixture(scope="module")
def zensical_url(project: Path) -> Iterator[str]:
    """The same list built by Zensical, whose index is search.json at the site's root."""
    require_engine("zensical")
    site = build_site(Project(project), project / "site-zensical", "zensical")
    with serve(site, prefix=SITE_PATH) as url:
        yield url


def test_zensical_search_loads_its_index_when_opened(page, zensical_url: str) -> None:
    requests = _requested(page)
    page.goto(zensical_url + "sections/paper-list/")
    page.wait_for_load_state("networkidle")
    assert any("/assets/javascripts/bundle." in path for path in requests)  # the theme ran
    assert not any(path.endswith("search.json") for path in requests)
    with page.expect_response("**/search.json"):
        page.locator("button.md-search__button").click()
    dialog = page.locator("dialog[aria-label=Search]")  # in a shadow root: locators reach it
    found = dialog.get_by_text("Locating and Editing Factual Associations in GPT")
    for _ in range(5):  # as for Material: a query typed while the index loads may be dropped
        page.keyboard.press("Control+A")
        page.keyboard.type("Factual", delay=20)
        try:
            found.first.wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            continue
    expect(found.first).to_be_visible()


def test_dataset_link_navigates_to_the_dataset_entry(page, base_url: str) -> None:
    page.goto(base_url + "sections/paper-list/")
    page.locator(f"#{HOSTILE_ID} ~ ul a", has_text="ECBD: Entity Cloze By Date").first.click()
    page.wait_for_url("**/datasets/#ecbd")
    heading = page.locator("h2#ecbd")
    assert heading.inner_text().startswith("ECBD: Entity Cloze By Date")
    assert heading.evaluate("h => h.getBoundingClientRect().top < window.innerHeight")


def test_hostile_title_stays_inert_text(page, base_url: str) -> None:
    page.goto(base_url + "sections/paper-list/")
    title = page.locator(f"#{HOSTILE_ID} a").first
    title.scroll_into_view_if_needed()  # an entry off the screen is not rendered (site.css)
    expect(title).to_have_text(HOSTILE_TITLE, use_inner_text=True)  # once it is rendered
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("#content script, article script").count() == 0
    _open_browse(page, base_url + "browse/?text=onerror")
    assert _titles(page) == [HOSTILE_TITLE]
    assert page.locator("img[src='x']").count() == 0


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


TITLES = ".ak-browse-result .ak-browse-title"


def _open_browse(page, address: str) -> None:
    """Go to Browse and wait until browse.js has the list (the filters are enabled then)."""
    page.goto(address)
    page.locator("#ak-browse select[name=year]:enabled").wait_for(state="attached")


def _titles(page) -> list[str]:
    return page.locator(TITLES).all_inner_texts()


def test_browse_filters_change_results_and_the_address(
    page, base_url: str, catalog: Catalog
) -> None:
    _open_browse(page, base_url + "browse/")
    assert page.locator(".ak-browse-result").count() == len(catalog.papers)

    page.select_option("select[name=year]", "2022")
    expected = sorted(p.title for p in catalog.papers if p.year == 2022)
    assert sorted(_titles(page)) == expected
    assert _query(page) == {"year": ["2022"]}

    page.locator("input[name=text]").fill("factual")
    rome = ["Locating and Editing Factual Associations in GPT"]
    expect(page.locator(TITLES)).to_have_text(rome)  # typing is debounced: wait for it
    assert _query(page) == {"text": ["factual"], "year": ["2022"]}

    page.reload()
    page.locator("#ak-browse select[name=year]:enabled").wait_for(state="attached")
    assert page.locator("select[name=year]").input_value() == "2022"
    assert page.locator("input[name=text]").input_value() == "factual"
    assert _titles(page) == rome

    page.locator(".ak-browse-result a", has_text="Entry").first.click()
    page.wait_for_url("**/sections/paper-list/#rome")


def test_browse_dataset_and_method_facets(page, base_url: str, catalog: Catalog) -> None:
    _open_browse(page, base_url + "browse/?dataset=ECBD%3A+Entity+Cloze+By+Date")
    users = sorted(p.title for p in catalog.papers_using("ecbd"))
    assert sorted(_titles(page)) == users
    page.select_option("select[name=dataset]", "")
    page.select_option("select[name=method]", "knowledge editing")
    method = sorted(p.title for p in catalog.papers if p.method == "knowledge editing")
    assert sorted(_titles(page)) == method
    assert _query(page) == {"method": ["knowledge editing"]}


def test_theme_toggle_switches_to_dark(page, base_url: str) -> None:
    page.goto(base_url)
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}


def _by_title(catalog: Catalog) -> dict[str, object]:
    return {paper.title: paper for paper in catalog.papers}


def test_browse_result_links_to_the_paper_its_entry_pdf_and_code(
    page, base_url: str, catalog: Catalog
) -> None:
    _open_browse(page, base_url + "browse/?text=factual")
    result = page.locator(".ak-browse-result")
    expect(result).to_have_count(1)
    rome = catalog.paper("rome")
    links = result.locator("a")
    hrefs = links.evaluate_all("nodes => nodes.map(n => [n.textContent, n.href])")
    assert hrefs == [
        [rome.title, rome.url],
        ["Entry", base_url + "sections/paper-list/#rome"],
        ["PDF", f"https://arxiv.org/pdf/{rome.arxiv}"],
        ["Code", rome.code],
    ]
    assert f"{rome.venue} · {rome.year}" in result.locator(".ak-browse-meta").inner_text()


def test_browse_sorts_by_date_year_title_and_date_added(
    page, base_url: str, catalog: Catalog
) -> None:
    _open_browse(page, base_url + "browse/")
    papers = _by_title(catalog)
    page.select_option("select[name=sort]", "date")
    dates = [(papers[t].year, papers[t].month or 0) for t in _titles(page)]
    assert dates == sorted(dates, reverse=True) and len(dates) == len(catalog.papers)
    page.select_option("select[name=sort]", "year")
    years = [papers[t].year for t in _titles(page)]
    assert years == sorted(years, reverse=True)
    page.select_option("select[name=sort]", "added")
    added = [papers[t].added for t in _titles(page)]
    dated = [day for day in added if day]
    assert dated == sorted(dated, reverse=True) and added[: len(dated)] == dated
    page.select_option("select[name=sort]", "title")
    in_order = page.locator(TITLES).evaluate_all(
        "nodes => nodes.every((n, i) => !i || nodes[i - 1].textContent"
        ".localeCompare(n.textContent) <= 0)"
    )
    assert in_order
    assert _query(page) == {"sort": ["title"]}


def _disjoint_year_and_method(catalog: Catalog) -> tuple[int, str]:
    for year in sorted({p.year for p in catalog.papers}):
        for method in sorted({p.method for p in catalog.papers if p.method}):
            if not any(p.year == year and p.method == method for p in catalog.papers):
                return year, method
    raise AssertionError("the fixture has no year and method that never meet")


def test_empty_state_names_the_filter_to_loosen_and_clear_resets(
    page, base_url: str, catalog: Catalog
) -> None:
    year, method = _disjoint_year_and_method(catalog)
    _open_browse(page, base_url + f"browse/?year={year}&method={method}")
    empty = page.locator(".ak-browse-empty")
    expect(empty).to_be_visible()
    assert page.locator(".ak-browse-result").count() == 0
    with_method = sum(p.method == method for p in catalog.papers)
    item = empty.locator("li", has_text=f"Remove Year {year}")
    assert item.inner_text().endswith(f"would show {with_method} paper{'s' * (with_method != 1)}.")
    item.locator("button").click()
    assert page.locator(".ak-browse-result").count() == with_method
    assert _query(page) == {"method": [method]}
    page.locator("button[name=clear]").click()
    assert page.locator(".ak-browse-result").count() == len(catalog.papers)
    assert _query(page) == {}
    expect(page.locator("button[name=clear]")).to_be_hidden()


def _option_texts(page, name: str) -> list[str]:
    return page.locator(f"select[name={name}] option").all_inner_texts()


def test_facet_counts_follow_the_other_filters(page, base_url: str, catalog: Catalog) -> None:
    _open_browse(page, base_url + "browse/")
    methods_before = _option_texts(page, "method")
    page.select_option("select[name=method]", "knowledge editing")
    editing = [p for p in catalog.papers if p.method == "knowledge editing"]
    for year in sorted({p.year for p in catalog.papers}):
        count = sum(p.year == year for p in editing)
        assert f"{year} ({count})" in _option_texts(page, "year")
    # A facet's own counts ignore its own choice, so the other methods stay choosable.
    assert _option_texts(page, "method") == methods_before


def test_back_and_forward_walk_the_filter_history_and_stay_on_browse(
    page, base_url: str, catalog: Catalog
) -> None:
    _open_browse(page, base_url + "browse/")
    page.select_option("select[name=year]", "2022")
    page.select_option("select[name=method]", "knowledge editing")
    page.locator("input[name=text]").fill("scale")
    expect(page.locator(TITLES)).to_have_text(["Fast Model Editing at Scale"])
    assert _query(page) == {"text": ["scale"], "year": ["2022"], "method": ["knowledge editing"]}

    page.go_back()
    assert _query(page) == {"year": ["2022"], "method": ["knowledge editing"]}
    assert page.locator("input[name=text]").input_value() == ""
    page.go_back()
    assert _query(page) == {"year": ["2022"]}
    assert page.locator("select[name=method]").input_value() == ""
    assert sorted(_titles(page)) == sorted(p.title for p in catalog.papers if p.year == 2022)
    page.go_back()
    assert page.url == base_url + "browse/"
    assert page.locator(".ak-browse-result").count() == len(catalog.papers)
    page.go_forward()
    assert _query(page) == {"year": ["2022"]}
    assert page.locator("select[name=year]").input_value() == "2022"


def test_filters_fold_into_a_disclosure_on_a_narrow_screen(browser, base_url: str) -> None:
    with browser.new_context(viewport={"width": 390, "height": 844}) as context:
        page = context.new_page()
        _open_browse(page, base_url + "browse/")
        disclosure = page.locator("details.ak-browse-filters")
        assert not disclosure.evaluate("d => d.open")
        first = page.locator(".ak-browse-result").first
        assert first.evaluate("r => r.getBoundingClientRect().bottom < window.innerHeight")
        page.select_option("select[name=year]", "2022", force=True)  # folded, still usable
        expect(disclosure.locator("summary")).to_have_text("Filters (1 active)")
        disclosure.locator("summary").click()
        assert page.locator("select[name=venue]").is_visible()
        page.set_viewport_size({"width": 1280, "height": 900})
        assert disclosure.evaluate("d => d.open")
        assert not disclosure.locator("summary").is_visible()


# The lineage the doctored site gives ROME's full record, as `builds_on` and `built_on_by`
# (lists of entry ids, newest first): DPKD lies in the last chunk of the index, which only
# the details' need for its name loads.
ROME_LINEAGE = {"builds_on": ["mend"], "built_on_by": ["wise", "dpkd"]}
CHUNK = 5


def _rechunk(data: Path, size: int) -> None:
    """Split the built index's chunks into chunks of `size` papers, as a large list has them."""
    head = json.loads((data / "index.json").read_text(encoding="utf-8"))
    columns: dict[str, list[object]] = {}
    for number in range(head["chunks"]):
        chunk = data / f"{number}.json"
        for name, values in json.loads(chunk.read_text(encoding="utf-8")).items():
            columns.setdefault(name, []).extend(values)
        chunk.unlink()
    for number, start in enumerate(range(0, head["count"], size)):
        part = {name: values[start : start + size] for name, values in columns.items()}
        (data / f"{number}.json").write_text(json.dumps(part), encoding="utf-8")
    head |= {"chunk": size, "chunks": -(-head["count"] // size)}
    (data / "index.json").write_text(json.dumps(head), encoding="utf-8")


@pytest.fixture(scope="module")
def doctored_url(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site with Browse batches of 5, its index in chunks of 5 papers and a lineage
    on ROME's full record (`ROME_LINEAGE`)."""
    site = tmp_path_factory.mktemp("doctored") / "site"
    shutil.copytree(project / "site", site)
    browse = site / "browse" / "index.html"
    html = browse.read_text(encoding="utf-8")
    assert 'data-batch="50"' in html
    browse.write_text(html.replace('data-batch="50"', 'data-batch="5"'), encoding="utf-8")
    _rechunk(site / "browse-data", CHUNK)
    records = site / "browse-data" / "records" / "0.json"
    data = json.loads(records.read_text(encoding="utf-8"))
    for paper in data["papers"]:
        if paper["id"] == "rome":
            paper |= ROME_LINEAGE
    records.write_text(json.dumps(data), encoding="utf-8")
    with serve(site, prefix=SITE_PATH) as url:
        yield url


def _data_files(requests: list[str]) -> list[str]:
    marker = "/browse-data/"
    return [path.split(marker, 1)[1] for path in requests if marker in path]


def test_browse_loads_the_index_head_then_chunks_as_the_reader_asks(
    page, doctored_url: str, catalog: Catalog
) -> None:
    requests = _requested(page)
    _open_browse(page, doctored_url + "browse/")
    page.wait_for_load_state("networkidle")
    assert _data_files(requests) == ["index.json"]  # the first five come with the page
    year = str(catalog.papers[0].year)
    count = sum(str(p.year) == year for p in catalog.papers)
    assert f"{year} ({count})" in _option_texts(page, "year")  # counted in the head

    page.locator("button[name=more]").click()
    expect(page.locator(".ak-browse-result")).to_have_count(10)
    assert _data_files(requests) == ["index.json", "1.json"]  # papers 6 to 10 only
    assert _titles(page) == [p.title for p in catalog.papers[:10]]

    page.select_option("select[name=year]", year)  # a filter needs every paper
    expected = [p.title for p in catalog.papers if str(p.year) == year]
    expect(page.locator(TITLES)).to_have_text(expected[:5])
    chunks = -(-len(catalog.papers) // CHUNK)
    assert sorted(_data_files(requests)) == sorted(
        ["index.json", *(f"{n}.json" for n in range(chunks))]
    )
    expect(page.locator(".ak-browse-summary")).to_have_text(
        f"{len(expected)} of {len(catalog.papers)} papers"
    )


def test_a_small_list_loads_its_one_chunk_with_the_head_and_filters_at_once(
    page, base_url: str, catalog: Catalog
) -> None:
    """Up to one chunk of papers, Browse works as it did with papers.json: every paper is there
    once the filters are enabled, and a filter answers at once, with nothing more to load."""
    requests = _requested(page)
    _open_browse(page, base_url + "browse/")
    assert _data_files(requests) == ["index.json", "0.json"]
    page.select_option("select[name=year]", "2022")
    assert sorted(_titles(page)) == sorted(p.title for p in catalog.papers if p.year == 2022)
    page.wait_for_load_state("networkidle")
    assert _data_files(requests) == ["index.json", "0.json"]
    assert not any(path.endswith("search_index.json") for path in requests)


def test_a_results_details_show_its_full_record_and_lineage_by_name(
    page, doctored_url: str, catalog: Catalog
) -> None:
    requests = _requested(page)
    _open_browse(page, doctored_url + "browse/")
    rome = catalog.paper("rome")
    result = page.locator(".ak-browse-result", has_text=rome.title)
    result.locator("summary", has_text="Details").click()
    record = result.locator("dl.ak-browse-record")
    expect(record.locator("dt")).to_have_text(["Also known as", "Tags", "Builds on", "Built on by"])
    assert "records/0.json" in _data_files(requests)
    lines = record.locator("dd").all_inner_texts()
    assert lines[:2] == [", ".join(rome.aliases), ", ".join(rome.tags)]
    lineage = record.locator("dd.ak-browse-lineage a")
    expect(lineage).to_have_count(3)
    names = lineage.evaluate_all("nodes => nodes.map(n => [n.textContent, n.href])")
    assert names == [
        [catalog.paper(paper_id).title, doctored_url + f"sections/{section}/#{paper_id}"]
        for paper_id, section in [
            ("mend", catalog.paper("mend").section),
            ("wise", catalog.paper("wise").section),
            ("dpkd", catalog.paper("dpkd").section),
        ]
    ]
    lineage.first.click()
    page.wait_for_url("**/#mend")


def test_show_more_adds_results_in_batches_without_a_cap(
    page, doctored_url: str, catalog: Catalog
) -> None:
    _open_browse(page, doctored_url + "browse/")
    results, more = page.locator(".ak-browse-result"), page.locator("button[name=more]")
    total = len(catalog.papers)
    assert results.count() == 5
    assert more.inner_text() == f"Show 5 more ({total - 5} not shown)"
    shown = 5
    while shown < total:
        more.click()
        shown = min(total, shown + 5)
        expect(results).to_have_count(shown)  # from a chunk loaded on demand
    expect(more).to_be_hidden()
    assert sorted(_titles(page)) == sorted(p.title for p in catalog.papers)


def test_browse_finds_a_paper_by_its_alias(page, doctored_url: str) -> None:
    _open_browse(page, doctored_url + "browse/?text=ROME")
    # Aliases are in a column Browse loads when a search needs it: wait for it to apply.
    expect(page.locator(TITLES)).to_have_text(["Locating and Editing Factual Associations in GPT"])


# Stars and citation counts for a few papers of the list, as `refresh` writes them.
STARS = {"wise": 900, "rome": 100, "mend": 50}
CITATIONS = {"rome": 1500, "easyedit": 300, "lima": 20}


def _facts_json() -> str:
    entries: dict[str, dict[str, object]] = {}
    for paper_id, stars in STARS.items():
        entries.setdefault(f"paper:{paper_id}", {})["repository"] = {
            "name": f"example/{paper_id}",
            "stars": stars,
            "archived": paper_id == "rome",
            "pushed_at": "2025-12-01T00:00:00Z",
            "checked": "2026-01-05",
        }
    for paper_id, count in CITATIONS.items():
        entries.setdefault(f"paper:{paper_id}", {})["citations"] = {
            "count": count,
            "source": "OpenAlex",
            "checked": "2026-01-06",
        }
    return json.dumps({"version": 1, "entries": entries})


@pytest.fixture(scope="module")
def facts_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The list built again, with a facts.json beside its data."""
    root = copy_project(tmp_path_factory.mktemp("facts") / "list")
    (root / "facts.json").write_text(_facts_json(), encoding="utf-8")
    build_site(Project(root))
    with serve(root / "site", prefix=SITE_PATH) as url:
        yield url


def _ids_by_most(counts: dict[str, int], catalog: Catalog) -> list[str]:
    """Largest count first, then the papers without one in list order."""
    ranked = sorted(counts, key=lambda paper_id: -counts[paper_id])
    return ranked + [p.id for p in catalog.papers if p.id not in counts]


def _titles_of(ids: list[str], catalog: Catalog) -> list[str]:
    return [catalog.paper(paper_id).title for paper_id in ids]


def test_browse_sorts_by_stars_and_citations_and_the_address_keeps_the_sort(
    page, facts_url: str, catalog: Catalog
) -> None:
    _open_browse(page, facts_url + "browse/")
    options = page.locator("select[name=sort] option").all_inner_texts()
    assert options[-2:] == ["Most stars", "Most cited"]
    rome = page.locator(".ak-browse-result", has_text=catalog.paper("rome").title)
    assert "Code ★ 100 · archived · cited by 1,500" in rome.inner_text()  # the static batch

    page.select_option("select[name=sort]", "stars")
    assert _titles(page) == _titles_of(_ids_by_most(STARS, catalog), catalog)
    assert _query(page) == {"sort": ["stars"]}
    first = page.locator(".ak-browse-result").first
    assert "★ 900" in first.inner_text()
    stars = first.locator(".ak-browse-stars")
    assert stars.get_attribute("title") == "GitHub stars, checked 2026-01-05"

    page.select_option("select[name=sort]", "citations")
    by_citations = _titles_of(_ids_by_most(CITATIONS, catalog), catalog)
    assert _titles(page) == by_citations
    assert _query(page) == {"sort": ["citations"]}
    drawn = page.locator(".ak-browse-result").first.inner_text()  # by browse.js this time
    assert "Code ★ 100 · archived · cited by 1,500" in drawn

    page.reload()
    page.locator("#ak-browse select[name=year]:enabled").wait_for(state="attached")
    assert page.locator("select[name=sort]").input_value() == "citations"
    assert _titles(page) == by_citations
    page.go_back()
    expect(page.locator("select[name=sort]")).to_have_value("stars")
    assert _titles(page) == _titles_of(_ids_by_most(STARS, catalog), catalog)


def test_browse_without_facts_offers_no_fact_sort_and_ignores_one_in_the_address(
    page, base_url: str, catalog: Catalog
) -> None:
    _open_browse(page, base_url + "browse/?sort=stars")
    values = page.locator("select[name=sort] option").evaluate_all(
        "nodes => nodes.map(n => n.value)"
    )
    assert values == ["", "date", "year", "title", "added"]
    assert page.locator("select[name=sort]").input_value() == ""
    assert sorted(_titles(page)) == sorted(p.title for p in catalog.papers)
    assert _titles(page)[:3] == [p.title for p in catalog.papers[:3]]
    assert page.locator(".ak-browse-stars, .ak-browse-cited, .ak-browse-archived").count() == 0


def test_note_keeps_its_two_space_nested_list(page, base_url: str) -> None:
    page.goto(base_url + "notes/training-stages/")
    nested = page.locator("article li > ul > li", has_text="Unsupervised pretraining")
    parent = nested.evaluate("li => li.parentElement.parentElement.firstChild.textContent")
    assert parent.strip() == "Pre-training"
    assert page.locator("article li > ul > li").count() == 4


def test_one_line_title_takes_one_line_even_when_it_just_fits(page, base_url: str) -> None:
    page.goto(base_url + "sections/paper-list/")
    heading = page.locator("h2#rome")
    # Narrow the heading until its title exactly fills a line: the hidden permalink must not
    # wrap onto a second one.
    lines = heading.evaluate(
        """h => {
            const title = h.querySelector('a:not(.headerlink)');
            const style = getComputedStyle(h);
            const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            h.style.width = Math.ceil(title.getBoundingClientRect().width + padding) + 1 + 'px';
            const line = title.getClientRects()[0].height;
            return [title.getClientRects().length, h.getBoundingClientRect().height / line];
        }"""
    )
    assert lines[0] == 1
    assert lines[1] < 1.5


@pytest.mark.parametrize(
    ("listing", "back"),
    [
        ("methods/kd/", "methods/"),
        ("tags/knowledge-editing/", "methods/"),
        ("years/2022/", "years/"),
    ],
)
def test_index_pages_link_back_to_their_index(page, base_url: str, listing: str, back: str) -> None:
    page.goto(base_url + listing)
    page.locator("a.ak-back").click()
    page.wait_for_url(base_url + back)


def test_404_page_works_under_the_sites_sub_path(browser, project: Path) -> None:
    with serve(project / "site", prefix=SITE_PATH) as base, browser.new_context() as context:
        page = context.new_page()
        response = page.goto(base + "no/such/page/")
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text().startswith("404")
        header = page.locator(".md-header").evaluate("h => getComputedStyle(h).position")
        assert header == "sticky"  # the theme's style sheet loaded from the sub-path
        feed = page.locator("link[rel=alternate][type='application/atom+xml']")
        assert feed.evaluate("l => l.href") == base + "feed.xml"
        page.locator(".md-nav__link", has_text="Browse").first.click()
        page.wait_for_url(base + "browse/")
        assert page.locator("h1").inner_text().startswith("Browse")


@pytest.mark.parametrize("path", ["", "sections/paper-list/", "notes/training-stages/"])
def test_pages_announce_the_atom_feed(page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    feed = page.locator("link[rel=alternate][type='application/atom+xml']")
    assert feed.evaluate("l => l.href") == base_url + "feed.xml"


AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 412, "height": 823}


def _built_pages(site: Path) -> list[str]:
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return ["" if path == "." else path + "/" for path in pages] + ["no/such/page/"]


def _serious_violations(page) -> list[str]:
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {node['html'][:120]}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


def _axe_context(browser, **options):
    if not AXE.exists():
        message = f"{AXE} is missing: run `npm ci`"
        if os.environ.get("AWESOME_CI") == "1":
            pytest.fail(f"the axe test is mandatory in CI: {message}")
        pytest.skip(message)
    context = browser.new_context(**options)
    context.add_init_script(path=str(AXE))
    # Search's worker and index change nothing axe checks; skipping them halves the time.
    context.route("**/search/search_index.json", lambda route: route.abort())
    context.route("**/workers/search.*.js", lambda route: route.abort())
    return context


def _every_page(context, project: Path, base_url: str) -> Iterator[tuple[str, object]]:
    """Each built page, loaded in one tab of `context`; Browse once its filters are filled."""
    page = context.new_page()
    for path in _built_pages(project / "site"):
        page.goto(base_url + path)
        if path == "browse/":
            page.locator("#ak-browse select[name=year]:enabled").wait_for(state="attached")
        yield path, page


def test_axe_finds_no_serious_violation_on_any_page_in_either_scheme(
    browser, project: Path, base_url: str
) -> None:
    problems = []
    for scheme, palette in (("light", "default"), ("dark", "slate")):
        with _axe_context(browser, color_scheme=scheme) as context:
            for path, page in _every_page(context, project, base_url):
                shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
                assert shown == palette, path
                problems += [f"{scheme} /{path}: {v}" for v in _serious_violations(page)]
    assert problems == []


def test_axe_finds_no_serious_violation_on_any_page_on_a_phone(
    browser, project: Path, base_url: str
) -> None:
    # On a phone an entry is taller than the height a skipped entry keeps (site.css), so axe
    # placed the last one's text over the footer: dark on dark, and the footer's icon covered;
    # and a table wider than the screen scrolled in a box no keyboard could reach.
    with _axe_context(browser, viewport=PHONE) as context:
        problems = []
        for path, page in _every_page(context, project, base_url):
            problems += [f"/{path}: {v}" for v in _serious_violations(page)]
    assert problems == []


@contextlib.contextmanager
def _configuration_page_on_a_phone(browser, address: str) -> Iterator[object]:
    """The guide's configuration page, whose tables are wider than a phone."""
    with browser.new_context(viewport=PHONE) as context:
        page = context.new_page()
        page.goto(address + "guide/configuration/")
        yield page


def test_a_table_wider_than_a_phone_is_a_named_region_the_keyboard_reaches(
    browser, base_url: str, zensical_url: str
) -> None:
    # Both themes scroll a wide table in a box of their own (partials/scroll-regions.html).
    for address in (base_url, zensical_url):
        with _configuration_page_on_a_phone(browser, address) as page:
            box = page.locator(".md-typeset__scrollwrap[tabindex='0']").first
            expect(box).to_have_attribute("role", "region")
            expect(box).to_have_attribute("aria-label", re.compile(r"^Table: [^¶]*[^¶\s]$"))
            box.focus()
            before = box.evaluate("b => b.scrollLeft")
            page.keyboard.press("ArrowRight")
            expect(box).not_to_have_js_property("scrollLeft", before)
            page.set_viewport_size({"width": 1600, "height": 900})
            # Every table fits: no extra tab stop is left.
            expect(page.locator(".md-typeset__scrollwrap[tabindex]")).to_have_count(0)


_TABLES_UNDER_ONE_HEADING = """() => {
    const box = (id, cells) => `<div id="${id}" class="md-typeset__scrollwrap">`
        + '<div class="md-typeset__table"><table><tr>' + cells + '</tr></table></div></div>';
    const wide = '<td>a-long-unbroken-cell</td>'.repeat(12);
    document.querySelector("article").insertAdjacentHTML("beforeend",
        "<h2>Two wide tables</h2>" + box("narrow", "<td>fits</td>")
        + box("wide-1", "<td><h4>A heading in a cell</h4></td>" + wide)
        + "<p>Between.</p>" + box("wide-2", wide));
}"""


def test_two_wide_tables_under_one_heading_are_regions_of_different_names(
    browser, base_url: str, zensical_url: str
) -> None:
    # Numbered among the regions only (the table that fits is none), named after the heading
    # before them, not one inside an earlier table, and named again when one goes.
    for address in (base_url, zensical_url):
        with _configuration_page_on_a_phone(browser, address) as page:
            page.evaluate(_TABLES_UNDER_ONE_HEADING)
            for number in (1, 2):
                expect(page.locator(f"#wide-{number}")).to_have_attribute(
                    "aria-label", f"Table: Two wide tables ({number} of 2)"
                )
            expect(page.locator("#narrow")).not_to_have_attribute("aria-label", re.compile("."))
            page.evaluate("document.getElementById('wide-1').remove()")
            expect(page.locator("#wide-2")).to_have_attribute(
                "aria-label", "Table: Two wide tables"
            )


def test_an_entry_leaves_room_for_the_focus_ring_of_the_links_at_its_edges(
    browser, base_url: str, zensical_url: str
) -> None:
    # An entry clips what overflows it (site.css); a focus ring drawn outside a link that
    # sits flush with the entry's edge would be cut.
    for address in (base_url, zensical_url):
        with browser.new_context(viewport={"width": 320, "height": 700}) as context:
            page = context.new_page()
            page.goto(address + "sections/paper-list/")
            room = page.evaluate(
                """() => {
                  const entry = document.querySelector(".ak-entry");
                  const box = entry.getBoundingClientRect();
                  const title = entry.querySelector("h2.ak-paper a").getBoundingClientRect();
                  const anchor = entry.querySelector(".headerlink").getBoundingClientRect();
                  return [title.left - box.left, box.right - anchor.right];
                }"""
            )
            assert min(room) >= 4, (address, room)
