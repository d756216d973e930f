// The Browse page: every paper in one view, with a text box, facet filters and a sort order
// whose state lives in the address (?text=...&year=...&sort=...). Each change of a filter is
// a history entry, so Back undoes it; reload and shared links restore the view.
// Not ?q=: Material's search claims that parameter.
// The page holds the first results; the data comes in parts, each when the reader needs it
// (generator/render/browse.py writes them under browse-data/): the head of the index fills
// the filters, "Show more" loads the next chunk of papers, a filter, words or a sort load
// every chunk, and opening a result's details loads its full record.
// Sorts by a fact of facts.json (stars, citations) are offered by the page only when some
// paper has the fact; papers without it come last.
// Plain DOM and textContent only: no text from the data is ever parsed as HTML, and only
// http(s) addresses from the data become links.
(function () {
  "use strict";

  // Facets: [key, label]; an entry's values are entry.facets[key] (strings).
  const FACETS = [["year", "Year"], ["venue", "Venue"], ["method", "Method"], ["tag", "Tag"], ["dataset", "Dataset"]];
  const KEYS = ["text", "sort"].concat(FACETS.map(([key]) => key));
  const BATCH = 50;
  const TYPING_PAUSE_MS = 250;
  const WIDE = "(min-width: 45em)";
  const DATA = "browse-data/"; // generator/render/browse.py writes it

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

  function getJSON(url) {
    return fetch(url).then((response) => {
      if (!response.ok) {
        throw new Error(url.pathname.split("/").slice(-2).join("/") + ": HTTP " + response.status);
      }
      return response.json();
    });
  }

  // A count from the data, or null when the paper has none (or it is not a number).
  function countOf(value) {
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  }

  // The papers, as far as their chunks of the index are loaded. `head` is index.json: the
  // count, the chunking, the tables the chunks point into and the facets' overall counts.
  function Store(head, root) {
    this.head = head;
    this.root = root;
    this.entries = new Array(head.count);
    this.byId = new Map();
    this.chunks = new Map(); // chunk number -> promise of its loading
    this.records = new Map(); // record group number -> promise of its records
    this.loaded = 0;
  }

  Store.prototype.url = function (name) {
    return new URL(DATA + name, this.root);
  };

  Store.prototype.complete = function () {
    return this.loaded === this.head.chunks;
  };

  Store.prototype.chunk = function (number) {
    if (!this.chunks.has(number)) {
      this.chunks.set(number, getJSON(this.url(number + ".json")).then((columns) => {
        this.fill(number * this.head.chunk, columns);
        this.loaded += 1;
      }));
    }
    return this.chunks.get(number);
  };

  // The entries from `start` (inclusive) to `end` (exclusive), loaded.
  Store.prototype.range = function (start, end) {
    const size = this.head.chunk;
    const waits = [];
    for (let number = Math.floor(start / size); number * size < Math.min(end, this.head.count); number++) {
      waits.push(this.chunk(number));
    }
    return Promise.all(waits);
  };

  Store.prototype.all = function () {
    return this.range(0, this.head.count);
  };

  Store.prototype.fill = function (offset, columns) {
    const head = this.head;
    const label = (key, number) => (number >= 0 ? head.facets[key][number][0] : null);
    columns.id.forEach((id, index) => {
      const facets = {
        year: columns.year[index] === null ? [] : [String(columns.year[index])],
        venue: [label("venue", columns.venue[index])].filter(Boolean),
        method: [label("method", columns.method[index])].filter(Boolean),
        tag: columns.tag[index].map((number) => label("tag", number)),
        dataset: columns.dataset[index].map((number) => label("dataset", number)),
      };
      const entry = {
        order: offset + index,
        id: id,
        title: columns.title[index],
        url: columns.url[index],
        authors: columns.authors[index],
        year: columns.year[index],
        month: columns.month[index],
        date: (columns.year[index] || 0) * 100 + columns.month[index],
        added: columns.added[index],
        pdf: columns.pdf[index],
        code: columns.code[index],
        stars: columns.stars[index],
        cited: columns.cited[index],
        gone: columns.gone[index],
        facets: facets,
        href: new URL(head.pages[columns.page[index]] + "#" + encodeURIComponent(id), this.root).href,
      };
      entry.starCount = entry.stars ? countOf(entry.stars[0]) : null;
      entry.citations = entry.cited ? countOf(entry.cited[0]) : null;
      entry.text = [
        entry.title, facets.venue.join(" "), facets.year.join(" "), facets.method.join(" "), columns.text[index],
        entry.authors, facets.tag.join(" "), facets.dataset.join(" "),
      ].filter(Boolean).join(" ").toLowerCase();
      this.entries[entry.order] = entry;
      this.byId.set(id, entry);
    });
  };

  // The full record of the entry at `order` (papers.json's), from its group of records.
  Store.prototype.record = function (order) {
    const group = Math.floor(order / this.head.records);
    if (!this.records.has(group)) {
      this.records.set(group, getJSON(this.url("records/" + group + ".json")));
    }
    return this.records.get(group).then((data) => data.papers[order % this.head.records]);
  };

  // Largest first; entries without the count after all others, in list order.
  function most(key) {
    return (a, b) => (b[key] === null ? -1 : b[key]) - (a[key] === null ? -1 : a[key]) || a.order - b.order;
  }

  const COMPARE = {
    "": (a, b) => a.order - b.order,
    date: (a, b) => b.date - a.date || a.order - b.order,
    year: (a, b) => (b.year || 0) - (a.year || 0) || a.order - b.order,
    title: (a, b) => a.title.localeCompare(b.title) || a.order - b.order,
    added: (a, b) => (b.added || "").localeCompare(a.added || "") || a.order - b.order,
    stars: most("starCount"),
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

  // Whether the view needs every paper: any filter, words or sort; list order needs only the
  // chunks it shows.
  function needsAll(state) {
    return KEYS.some((key) => state[key]);
  }

  function passesFacets(entry, state, skipped) {
    for (const [key] of FACETS) {
      if (key !== skipped && state[key] && !entry.facets[key].includes(state[key])) {
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
  function facetCounts(entries, state, key) {
    const counts = new Map();
    for (const entry of filtered(entries, state, key)) {
      for (const value of new Set(entry.facets[key])) {
        counts.set(value, (counts.get(value) || 0) + 1);
      }
    }
    return counts;
  }

  function dateText(entry) {
    return entry.year + (entry.month ? "-" + String(entry.month).padStart(2, "0") : "");
  }

  function titled(className, text, title) {
    return element("span", { className: className, textContent: text, title: title });
  }

  // "★ 612 · archived · cited by 1,500" or "repository gone", as the page's first batch shows them.
  function factItems(entry) {
    const items = [];
    if (entry.gone === true) {
      items.push([" · ", element("span", { className: "ak-browse-gone", textContent: "repository gone" })]);
    } else if (entry.starCount !== null) {
      items.push([" ", titled("ak-browse-stars", "\u2605 " + entry.starCount.toLocaleString("en"),
        "GitHub stars, checked " + entry.stars[1])]);
      if (entry.stars[2] === true) {
        items.push([" · ", element("span", { className: "ak-browse-archived", textContent: "archived" })]);
      }
    }
    if (entry.citations !== null) {
      items.push([" · ", titled("ak-browse-cited", "cited by " + entry.citations.toLocaleString("en"),
        entry.cited[1] + ", checked " + entry.cited[2])]);
    }
    return items;
  }

  function detailsItem() {
    return element("details", { className: "ak-browse-details" }, [
      element("summary", { textContent: "Details" }),
    ]);
  }

  function resultItem(entry) {
    const title = link(entry.url, entry.title, "ak-browse-title") ||
      element("span", { className: "ak-browse-title", textContent: entry.title });
    const meta = [entry.facets.venue[0], dateText(entry), entry.facets.method[0], entry.authors];
    const links = [element("a", { href: entry.href, textContent: "Entry" })];
    const pdf = entry.pdf && link(entry.pdf, "PDF");
    const code = entry.code && link(entry.code, "Code");
    for (const extra of [pdf, code]) {
      if (extra) {
        links.push(extra);
      }
    }
    const linkLine = element("span", { className: "ak-browse-links" });
    links.forEach((item, index) => linkLine.append(...(index ? [" · ", item] : [item])));
    for (const [separator, item] of factItems(entry)) {
      linkLine.append(separator, item);
    }
    const item = element("li", { className: "ak-browse-result" }, [
      title,
      element("span", { className: "ak-browse-meta", textContent: meta.filter(Boolean).join(" · ") }),
      linkLine,
      detailsItem(),
    ]);
    item.dataset.order = entry.order;
    return item;
  }

  // The lines of a result's details: [label, text] from the full record, then its lineage.
  function recordLines(record, entry) {
    const models = record.models || [];
    const modelNames = Array.isArray(models) ? models : (models.teacher || []).concat(models.student || []);
    return [
      ["Description", record.description],
      ["Task", record.task],
      ["Insight", record.insight],
      ["Note", record.note],
      ["Also known as", (record.aliases || []).join(", ")],
      ["Organizations", (record.organizations || []).join(", ")],
      ["Datasets", entry.facets.dataset.join(", ")],
      ["Models", modelNames.join(", ")],
      ["Tags", entry.facets.tag.join(", ")],
    ].filter(([, text]) => text);
  }

  // "Builds on" and "Built on by": links to those entries, named by their titles in the index.
  function lineageLines(record, store) {
    return [["Builds on", record.builds_on], ["Built on by", record.built_on_by]]
      .filter(([, ids]) => Array.isArray(ids) && ids.length)
      .map(([label, ids]) => {
        const names = element("dd", { className: "ak-browse-lineage" });
        ids.forEach((id, index) => {
          const target = store.byId.get(id);
          const item = target ? element("a", { href: target.href, textContent: target.title }) : String(id);
          names.append(...(index ? [" · ", item] : [item]));
        });
        return [element("dt", { textContent: label }), names];
      });
  }

  function lineageIds(record) {
    return [].concat(record.builds_on || [], record.built_on_by || []);
  }

  // Fills a result's details from its full record, fetched when they are first opened.
  function showDetails(details, store) {
    if (details.dataset.filled) {
      return;
    }
    details.dataset.filled = "1";
    const order = Number(details.closest(".ak-browse-result").dataset.order);
    const body = element("dl", { className: "ak-browse-record", textContent: "Loading\u2026" });
    details.append(body);
    store.record(order)
      .then((record) => {
        const known = lineageIds(record).every((id) => store.byId.has(id));
        return (known ? Promise.resolve() : store.all()).then(() => record);
      })
      .then((record) => {
        const entry = store.entries[order];
        const lines = recordLines(record, entry).map(([label, text]) => [
          element("dt", { textContent: label }), element("dd", { textContent: text }),
        ]);
        body.replaceChildren(...lines.concat(lineageLines(record, store)).flat());
      })
      .catch((error) => {
        body.textContent = "The details could not be loaded: " + error.message;
      });
  }

  // The page holds the controls and the first results (templates/site/browse.md.j2); this
  // fills the filters and takes them over.
  function build(container, store) {
    const find = (selector) => container.querySelector(selector);
    const head = store.head;
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

    // The static results are the first papers in list order.
    Array.from(results.children).forEach((item, order) => {
      item.dataset.order = order;
    });
    results.addEventListener("toggle", (event) => {
      if (event.target.matches && event.target.matches(".ak-browse-details") && event.target.open) {
        showDetails(event.target, store);
      }
    }, true);

    let found = null; // the matching entries, or null for the whole list in list order
    let shown = 0;
    let adoptStatic = results.children.length >= Math.min(batch, head.count);
    let drawing = 0; // the render in progress: a later one makes an earlier one's data stale

    const foundCount = () => (found ? found.length : head.count);

    function updateMore() {
      more.hidden = shown >= foundCount();
      more.textContent = "Show " + Math.min(batch, foundCount() - shown) + " more (" +
        (foundCount() - shown) + " not shown)";
    }

    function showMore() {
      const end = Math.min(shown + batch, foundCount());
      const ready = found ? Promise.resolve() : store.range(shown, end);
      const token = drawing;
      more.disabled = true;
      ready.then(() => {
        if (token !== drawing) {
          return;
        }
        const next = (found || store.entries).slice(shown, end);
        results.append(...next.map(resultItem));
        shown = end;
        more.disabled = false;
        updateMore();
      }, problem);
    }

    function fillFacets() {
      const complete = store.complete();
      for (const [key] of FACETS) {
        // Before every paper is loaded no filter is active: the overall counts of the head hold.
        const counts = complete ? facetCounts(store.entries, state, key) : new Map(head.facets[key]);
        const options = [element("option", { value: "", textContent: "All" })];
        for (const [value] of head.facets[key]) {
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
        const count = filtered(store.entries, state, key).length;
        const button = element("button", { type: "button", textContent: "Remove " + label });
        button.addEventListener("click", () => change(Object.assign({}, state, { [key]: "" }), true));
        return element("li", {}, [button, " would show " + count + " paper" + (count === 1 ? "" : "s") + "."]);
      });
      empty.replaceChildren(
        element("p", { textContent: "No paper matches all of these filters. Loosen one of them:" }),
        element("ul", {}, items)
      );
    }

    function draw() {
      fillFacets();
      const active = activeFilters();
      clear.hidden = active.length === 0;
      const facetCount = FACETS.filter(([key]) => state[key]).length;
      filterSummary.textContent = "Filters" + (facetCount ? " (" + facetCount + " active)" : "");
      found = needsAll(state) ? filtered(store.entries, state).sort(COMPARE[state.sort]) : null;
      summary.textContent = foundCount() + " of " + head.count + " " + (summary.dataset.noun || "papers");
      empty.hidden = foundCount() > 0;
      if (!foundCount()) {
        showEmpty();
      }
      if (adoptStatic && !found) {
        // The page already shows the first batch in list order: keep it, so that nothing
        // is painted twice (and the first view stays the largest paint). One batch of it.
        Array.from(results.children).slice(batch).forEach((item) => item.remove());
        shown = Math.min(results.children.length, foundCount());
        updateMore();
      } else {
        results.replaceChildren();
        shown = 0;
        showMore();
      }
      adoptStatic = false;
    }

    function problem(error) {
      summary.textContent = "The papers could not be loaded: " + error.message;
    }

    // Drawn at once when the data is there; otherwise after every chunk has arrived.
    function render() {
      drawing += 1;
      const token = drawing;
      text.value = state.text;
      sort.value = state.sort;
      if (!needsAll(state) || store.complete()) {
        draw();
        return;
      }
      summary.textContent = "Loading " + head.count + " " + (summary.dataset.noun || "papers") + "\u2026";
      store.all().then(() => {
        if (token === drawing) {
          draw();
        }
      }, problem);
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
    // A reader at the controls is about to need every paper: start loading them.
    form.addEventListener("focusin", () => store.all().catch(problem));
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

  // The head of the index, and with it, when the list fits in one chunk, that chunk: a small
  // list is then filtered at once, as it always was.
  function load(container, data) {
    const root = new URL(".", data.href);
    getJSON(new URL(DATA + "index.json", root))
      .then((head) => {
        const store = new Store(head, root);
        return (head.chunks === 1 ? store.all() : Promise.resolve()).then(() => store);
      })
      .then((store) => build(container, store))
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
    // The page already shows the first results: the index is fetched once it has been
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
