// The Browse page: every paper of papers.json in one view, with a text box, facet filters and
// a sort order whose state lives in the address (?text=...&year=...&sort=...). Each change of
// a filter is a history entry, so Back undoes it; reload and shared links restore the view.
// Not ?q=: Material's search claims that parameter.
// Sorts by a fact of facts.json (stars, citations) are offered by the page only when some
// paper has the fact; papers without it come last.
// Plain DOM and textContent only: no text from the data is ever parsed as HTML, and only
// http(s) addresses from the data become links.
(function () {
  "use strict";

  const FACETS = [
    ["year", "Year", (paper) => [String(paper.year)]],
    ["venue", "Venue", (paper) => [paper.venue]],
    ["method", "Method", (paper) => (paper.method ? [paper.method] : [])],
    ["tag", "Tag", (paper) => paper.tags || []],
    ["dataset", "Dataset", (paper) => (paper.datasets || []).map((use) => use.label)],
  ];
  const KEYS = ["text", "sort"].concat(FACETS.map(([key]) => key));
  const BATCH = 50;
  const TYPING_PAUSE_MS = 250;
  const WIDE = "(min-width: 45em)";

  function element(tag, properties, children) {
    const node = document.createElement(tag);
    Object.assign(node, properties || {});
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  // An address from the data, or null when it is not plain http(s).
  function safeHref(address) {
    try {
      const url = new URL(address);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function link(address, text, className) {
    const href = safeHref(address);
    return href ? element("a", { href: href, textContent: text, className: className || "" }) : null;
  }

  function searchable(paper) {
    const models = paper.models || [];
    const modelNames = Array.isArray(models) ? models : (models.teacher || []).concat(models.student || []);
    return [
      paper.title, paper.venue, String(paper.year), paper.method, paper.task, paper.insight,
      paper.note, (paper.authors || []).join(" "), (paper.organizations || []).join(" "),
      (paper.tags || []).join(" "), (paper.datasets || []).map((use) => use.label).join(" "),
      modelNames.join(" "), (paper.aliases || []).join(" "),
    ].filter(Boolean).join(" ").toLowerCase();
  }

  function pageOf(paper, position, root, pageSize) {
    const page = Math.floor(position / pageSize) + 1;
    const path = "sections/" + encodeURIComponent(paper.section) + "/" + (page > 1 ? page + "/" : "");
    return new URL(path + "#" + encodeURIComponent(paper.id), root).href;
  }

  function pdfOf(paper) {
    const listed = (paper.links || []).find((item) => /^pdf$/i.test(item.label));
    if (listed) {
      return listed.url;
    }
    return paper.arxiv ? "https://arxiv.org/pdf/" + encodeURIComponent(paper.arxiv) : null;
  }

  // A count from the data, or null when the paper has none (or it is not a number).
  function countOf(value) {
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  }

  function prepare(catalog, root, pageSize) {
    const names = new Map(catalog.datasets.map((dataset) => [dataset.id, dataset.name]));
    const positions = new Map();
    return catalog.papers.map((paper, order) => {
      // A section page lists its own entries and, by name, those of `also`: count both.
      const position = positions.get(paper.section) || 0;
      for (const section of [paper.section].concat(paper.also || [])) {
        positions.set(section, (positions.get(section) || 0) + 1);
      }
      for (const use of paper.datasets || []) {
        use.label = use.id ? names.get(use.id) || use.name : use.name;
      }
      const facts = paper.facts || {};
      return {
        paper: paper,
        order: order,
        stars: countOf((facts.repository || {}).stars),
        citations: countOf((facts.citations || {}).count),
        date: paper.year * 100 + (paper.month || 0),
        text: searchable(paper),
        href: pageOf(paper, position, root, pageSize),
      };
    });
  }

  // Largest first; entries without the count after all others, in list order.
  function most(key) {
    return (a, b) => (b[key] === null ? -1 : b[key]) - (a[key] === null ? -1 : a[key]) || a.order - b.order;
  }

  const COMPARE = {
    "": (a, b) => a.order - b.order,
    date: (a, b) => b.date - a.date || a.order - b.order,
    year: (a, b) => b.paper.year - a.paper.year || a.order - b.order,
    title: (a, b) => a.paper.title.localeCompare(b.paper.title) || a.order - b.order,
    added: (a, b) => (b.paper.added || "").localeCompare(a.paper.added || "") || a.order - b.order,
    stars: most("stars"),
    citations: most("citations"),
  };

  // `sorts`: the values of the sort options the page offers.
  function readState(sorts) {
    const params = new URLSearchParams(window.location.search);
    const state = {};
    for (const key of KEYS) {
      state[key] = params.get(key) || "";
    }
    if (!(state.sort in COMPARE) || !sorts.includes(state.sort)) {
      state.sort = "";
    }
    return state;
  }

  function address(state) {
    const params = new URLSearchParams();
    for (const key of KEYS) {
      if (state[key]) {
        params.set(key, state[key]);
      }
    }
    const query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  function passesFacets(entry, state, skipped) {
    for (const [key, , values] of FACETS) {
      if (key !== skipped && state[key] && !values(entry.paper).includes(state[key])) {
        return false;
      }
    }
    return true;
  }

  function passesText(entry, words) {
    return words.every((word) => entry.text.includes(word));
  }

  function wordsOf(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function filtered(entries, state, skipped) {
    const words = skipped === "text" ? [] : wordsOf(state.text);
    return entries.filter((entry) => passesFacets(entry, state, skipped) && passesText(entry, words));
  }

  // Counts of each facet's values among the papers that pass every *other* filter.
  function facetCounts(entries, state, key, values) {
    const counts = new Map();
    for (const entry of filtered(entries, state, key)) {
      for (const value of new Set(values(entry.paper))) {
        counts.set(value, (counts.get(value) || 0) + 1);
      }
    }
    return counts;
  }

  function allValues(entries, values) {
    const seen = new Set();
    for (const entry of entries) {
      for (const value of values(entry.paper)) {
        seen.add(value);
      }
    }
    return [...seen].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  }

  function dateText(paper) {
    return paper.year + (paper.month ? "-" + String(paper.month).padStart(2, "0") : "");
  }

  function titled(className, text, title) {
    return element("span", { className: className, textContent: text, title: title });
  }

  // "★ 612 · archived · cited by 1,500", as the page's first batch shows them.
  function factItems(paper) {
    const facts = paper.facts || {};
    const repository = facts.repository || {};
    const citations = facts.citations || {};
    const items = [];
    if (countOf(repository.stars) !== null) {
      items.push([" ", titled("ak-browse-stars", "\u2605 " + repository.stars.toLocaleString("en"),
        "GitHub stars, checked " + repository.checked)]);
      if (repository.archived === true) {
        items.push([" · ", element("span", { className: "ak-browse-archived", textContent: "archived" })]);
      }
    }
    if (countOf(citations.count) !== null) {
      items.push([" · ", titled("ak-browse-cited", "cited by " + citations.count.toLocaleString("en"),
        citations.source + ", checked " + citations.checked)]);
    }
    return items;
  }

  function resultItem(entry) {
    const paper = entry.paper;
    const title = link(paper.url, paper.title, "ak-browse-title") ||
      element("span", { className: "ak-browse-title", textContent: paper.title });
    const meta = [paper.venue, dateText(paper), paper.method, (paper.authors || []).join(", ")];
    const links = [element("a", { href: entry.href, textContent: "Entry" })];
    const pdf = pdfOf(paper) && link(pdfOf(paper), "PDF");
    const code = paper.code && link(paper.code, "Code");
    for (const extra of [pdf, code]) {
      if (extra) {
        links.push(extra);
      }
    }
    const linkLine = element("span", { className: "ak-browse-links" });
    links.forEach((item, index) => linkLine.append(...(index ? [" · ", item] : [item])));
    for (const [separator, item] of factItems(paper)) {
      linkLine.append(separator, item);
    }
    return element("li", { className: "ak-browse-result" }, [
      title,
      element("span", { className: "ak-browse-meta", textContent: meta.filter(Boolean).join(" · ") }),
      linkLine,
    ]);
  }

  // The page holds the controls and the first results (templates/site/browse.md.j2); this
  // fills the filters and takes them over.
  function build(container, entries) {
    const find = (selector) => container.querySelector(selector);
    const form = find("form");
    const text = find("input[name=text]");
    const sort = find("select[name=sort]");
    const sorts = Array.from(sort.options, (option) => option.value);
    let state = readState(sorts);
    const selects = {};
    for (const [key] of FACETS) {
      selects[key] = find("select[name=" + key + "]");
    }
    const disclosure = find(".ak-browse-filters");
    const filterSummary = disclosure.querySelector("summary");
    const clear = find("button[name=clear]");
    const summary = find(".ak-browse-summary");
    const results = find(".ak-browse-results");
    const more = find("button[name=more]");
    const empty = find(".ak-browse-empty");
    if (text.value && !state.text) {
      state.text = text.value.trim(); // typed before the list arrived
    }
    for (const control of [text, sort].concat(Object.values(selects))) {
      control.disabled = false;
    }
    const batch = Number(container.dataset.batch) || BATCH;

    const wide = window.matchMedia(WIDE);
    disclosure.open = wide.matches;
    wide.addEventListener("change", () => {
      disclosure.open = wide.matches;
    });

    let found = [];
    let shown = 0;
    let adoptStatic = results.children.length === Math.min(batch, entries.length);

    function updateMore() {
      more.hidden = shown >= found.length;
      more.textContent = "Show " + Math.min(batch, found.length - shown) + " more (" +
        (found.length - shown) + " not shown)";
    }

    function showMore() {
      const next = found.slice(shown, shown + batch);
      results.append(...next.map(resultItem));
      shown += next.length;
      updateMore();
    }

    function fillFacets() {
      for (const [key, , values] of FACETS) {
        const counts = facetCounts(entries, state, key, values);
        const options = [element("option", { value: "", textContent: "All" })];
        for (const value of allValues(entries, values)) {
          options.push(element("option", { value: value, textContent: value + " (" + (counts.get(value) || 0) + ")" }));
        }
        selects[key].replaceChildren(...options);
        selects[key].value = state[key];
        if (selects[key].value !== state[key]) {
          state[key] = ""; // a value no paper has: the filter is dropped rather than matching nothing
        }
      }
    }

    function activeFilters() {
      const active = FACETS.filter(([key]) => state[key]).map(([key, label]) => [key, label + " " + state[key]]);
      if (state.text) {
        active.unshift(["text", "the words \u201c" + state.text + "\u201d"]);
      }
      return active;
    }

    // Which filter to loosen: each active one, with how many papers its removal would show.
    function showEmpty() {
      const active = activeFilters();
      const items = active.map(([key, label]) => {
        const count = filtered(entries, state, key).length;
        const button = element("button", { type: "button", textContent: "Remove " + label });
        button.addEventListener("click", () => change(Object.assign({}, state, { [key]: "" }), true));
        return element("li", {}, [button, " would show " + count + " paper" + (count === 1 ? "" : "s") + "."]);
      });
      empty.replaceChildren(
        element("p", { textContent: "No paper matches all of these filters. Loosen one of them:" }),
        element("ul", {}, items)
      );
    }

    function render() {
      text.value = state.text;
      sort.value = state.sort;
      fillFacets();
      const active = activeFilters();
      clear.hidden = active.length === 0;
      const facetCount = FACETS.filter(([key]) => state[key]).length;
      filterSummary.textContent = "Filters" + (facetCount ? " (" + facetCount + " active)" : "");
      found = filtered(entries, state).sort(COMPARE[state.sort]);
      summary.textContent = found.length + " of " + entries.length + " " + (summary.dataset.noun || "papers");
      empty.hidden = found.length > 0;
      if (!found.length) {
        showEmpty();
      }
      if (adoptStatic && !activeFilters().length && !state.sort) {
        // The page already shows the first batch in list order: keep it, so that nothing
        // is painted twice (and the first view stays the largest paint).
        shown = Math.min(results.children.length, found.length);
        updateMore();
      } else {
        results.replaceChildren();
        shown = 0;
        showMore();
      }
      adoptStatic = false;
    }

    let typingEntry = false; // the current history entry was made by typing: replace, not push

    function change(next, pushed) {
      const target = address(next);
      state = next;
      if (target !== window.location.pathname + window.location.search + window.location.hash) {
        if (pushed) {
          window.history.pushState(null, "", target);
        } else {
          window.history.replaceState(null, "", target);
        }
      }
      render();
    }

    function fromControls() {
      const next = { text: text.value.trim(), sort: sort.value };
      for (const [key] of FACETS) {
        next[key] = selects[key].value;
      }
      return next;
    }

    form.addEventListener("submit", (event) => event.preventDefault());
    let timer = 0;
    text.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        const next = fromControls();
        if (next.text !== state.text) {
          change(next, !typingEntry);
          typingEntry = true;
        }
      }, TYPING_PAUSE_MS);
    });
    for (const select of [sort].concat(Object.values(selects))) {
      select.addEventListener("change", () => {
        typingEntry = false;
        change(fromControls(), true);
      });
    }
    clear.addEventListener("click", () => {
      typingEntry = false;
      change({ text: "", sort: state.sort }, true);
      text.focus();
    });
    more.addEventListener("click", showMore);
    window.addEventListener("popstate", () => {
      window.clearTimeout(timer);
      typingEntry = false;
      state = readState(sorts);
      render();
    });
    render();
  }

  function load(container, data) {
    const pageSize = Number(container.dataset.pageSize);
    const root = new URL(".", data.href);
    fetch(data.href)
      .then((response) => {
        if (!response.ok) {
          throw new Error("papers.json: HTTP " + response.status);
        }
        return response.json();
      })
      .then((catalog) => build(container, prepare(catalog, root, pageSize)))
      .catch((error) => {
        const problem = container.querySelector(".ak-browse-summary");
        problem.textContent = "The filters could not be loaded: " + error.message;
      });
  }

  function start() {
    const container = document.getElementById("ak-browse");
    const data = document.getElementById("ak-browse-data");
    if (!container || !data) {
      return;
    }
    // The page already shows the first results: the whole list is fetched once it has been
    // painted and the browser is idle, so that it never delays the first view.
    const whenIdle = window.requestIdleCallback || ((callback) => window.setTimeout(callback, 0));
    window.requestAnimationFrame(() => whenIdle(() => load(container, data), { timeout: 1000 }));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
