// The Browse page: every paper of papers.json in one view, with a text box and facet filters
// whose state lives in the address (?text=...&year=...), so a filtered view can be shared.
// Not ?q=: Material's search claims that parameter.
// Plain DOM and textContent only: no text from the data is ever parsed as HTML.
(function () {
  "use strict";

  const FACETS = [
    ["year", "Year", (paper) => [String(paper.year)]],
    ["venue", "Venue", (paper) => [paper.venue]],
    ["method", "Method", (paper) => (paper.method ? [paper.method] : [])],
    ["tag", "Tag", (paper) => paper.tags],
    ["dataset", "Dataset", (paper) => paper.datasets.map((use) => use.label)],
  ];
  const SHOWN = 500;

  function element(tag, properties, children) {
    const node = document.createElement(tag);
    Object.assign(node, properties || {});
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  function searchable(paper) {
    const models = paper.models || [];
    const modelNames = Array.isArray(models) ? models : models.teacher.concat(models.student);
    return [
      paper.title, (paper.aliases || []).join(" "), paper.venue, String(paper.year), paper.method,
      paper.task, paper.insight,
      paper.note, paper.authors.join(" "), paper.organizations.join(" "), paper.tags.join(" "),
      paper.datasets.map((use) => use.label).join(" "), modelNames.join(" "),
    ].filter(Boolean).join(" ").toLowerCase();
  }

  function pageOf(paper, position, root, pageSize) {
    const page = Math.floor(position / pageSize) + 1;
    const path = "sections/" + paper.section + "/" + (page > 1 ? page + "/" : "");
    return new URL(path + "#" + paper.id, root).href;
  }

  function prepare(catalog, root, pageSize) {
    const names = new Map(catalog.datasets.map((dataset) => [dataset.id, dataset.name]));
    const positions = new Map();
    return catalog.papers.map((paper) => {
      // A section page lists its own entries and, by name, those of `also`: count both.
      const position = positions.get(paper.section) || 0;
      for (const section of [paper.section].concat(paper.also || [])) {
        positions.set(section, (positions.get(section) || 0) + 1);
      }
      for (const use of paper.datasets) {
        use.label = use.id ? names.get(use.id) || use.name : use.name;
      }
      return { paper: paper, text: searchable(paper), href: pageOf(paper, position, root, pageSize) };
    });
  }

  function facetOptions(entries, values) {
    const counts = new Map();
    for (const entry of entries) {
      for (const value of new Set(values(entry.paper))) {
        counts.set(value, (counts.get(value) || 0) + 1);
      }
    }
    return [...counts.keys()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
      .map((value) => [value, counts.get(value)]);
  }

  function readState() {
    const params = new URLSearchParams(window.location.search);
    const state = { text: params.get("text") || "" };
    for (const [key] of FACETS) {
      state[key] = params.get(key) || "";
    }
    return state;
  }

  function writeState(state) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(state)) {
      if (value) {
        params.set(key, value);
      }
    }
    const query = params.toString();
    const address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", address);
  }

  function matches(entry, state, words) {
    for (const [key, , values] of FACETS) {
      if (state[key] && !values(entry.paper).includes(state[key])) {
        return false;
      }
    }
    return words.every((word) => entry.text.includes(word));
  }

  function resultItem(entry) {
    const paper = entry.paper;
    const meta = [paper.venue + " " + paper.year, paper.method, paper.authors.join(", ")];
    return element("li", { className: "ak-browse-result" }, [
      element("a", { href: entry.href, textContent: paper.title }),
      element("br"),
      element("span", { className: "ak-browse-meta", textContent: meta.filter(Boolean).join(" · ") }),
    ]);
  }

  function build(container, entries) {
    const state = readState();
    const text = element("input", {
      type: "search", name: "text", value: state.text, placeholder: "Words of a title, author, method...",
    });
    const controls = [element("label", { className: "ak-browse-text" }, ["Search", text])];
    const selects = {};
    for (const [key, label, values] of FACETS) {
      const select = element("select", { name: key }, [element("option", { value: "", textContent: "All" })]);
      for (const [value, count] of facetOptions(entries, values)) {
        select.append(element("option", { value: value, textContent: value + " (" + count + ")" }));
      }
      select.value = state[key];
      selects[key] = select;
      controls.push(element("label", {}, [label, select]));
    }
    const summary = element("p", { className: "ak-browse-summary", role: "status" });
    const results = element("ol", { className: "ak-browse-results" });
    container.replaceChildren(element("form", { className: "ak-browse-controls" }, controls), summary, results);

    function update() {
      state.text = text.value.trim();
      for (const [key] of FACETS) {
        state[key] = selects[key].value;
      }
      writeState(state);
      const words = state.text.toLowerCase().split(/\s+/).filter(Boolean);
      const found = entries.filter((entry) => matches(entry, state, words));
      summary.textContent = found.length + " of " + entries.length + " papers" +
        (found.length > SHOWN ? " (showing the first " + SHOWN + ")" : "");
      results.replaceChildren(...found.slice(0, SHOWN).map(resultItem));
    }

    container.querySelector("form").addEventListener("submit", (event) => event.preventDefault());
    text.addEventListener("input", update);
    for (const select of Object.values(selects)) {
      select.addEventListener("change", update);
    }
    update();
  }

  function start() {
    const container = document.getElementById("ak-browse");
    const data = document.getElementById("ak-browse-data");
    if (!container || !data) {
      return;
    }
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
        container.replaceChildren(element("p", { textContent: "The list could not be loaded: " + error.message }));
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
