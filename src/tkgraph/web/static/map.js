// The relationship map page: wiring of the controls, the drawing and the panel.
//
// What is drawn is exactly one relationshipMap answer, in the Cytoscape.js
// elements format the API serves. The map's "foci" are the node picked in
// the search box plus every node expanded since, newest first; the node
// budget grows by one step per expansion. So an expansion, a relation filter
// or a date change is one request whose answer replaces the drawing, and the
// drawn nodes always equal what the API says for (foci, depth 1, relations,
// asOf, budget x steps). window.tkgraphMap exposes that for tests and the
// console. Modules: map-state (state, URL), map-draw (Cytoscape), map-panel
// (details), map-search (search box), api (GraphQL).
import { ApiError, graphql } from "./api.js";
import { MapView } from "./map-draw.js";
import { h, Panel, RELATION_NAMES } from "./map-panel.js";
import { setUpSearch } from "./map-search.js";
import { formatDate, MAX_BUDGET, MAX_FOCI, nodeById, readHash, state, writeHash, findSelected } from "./map-state.js";

const FIRST_MONTH = { year: 1990, month: 0 }; // the date slider's left end
const MAP_QUERY = `query Map($focus: [ID!]!, $relations: [RelationKind!], $asOf: Date, $budget: Int!) {
  relationshipMap(focus: $focus, depth: 1, relations: $relations, asOf: $asOf, budget: $budget) {
    truncated
    cytoscape
  }
}`;
const RELATIONS_QUERY = `{ __type(name: "RelationKind") { enumValues { name description } } }`;

const $ = (id) => document.getElementById(id);
const el = {};
let view, panel;

function setStatus(text, isError) {
  el.status.textContent = text || "";
  el.status.classList.toggle("error", Boolean(isError));
}

// ------------------------------------------------------------------ dates

function monthCount() {
  const now = new Date();
  return (now.getFullYear() - FIRST_MONTH.year) * 12 + now.getMonth() - FIRST_MONTH.month + 1;
}

function sliderToDate(value) {
  const v = Number(value);
  if (v >= Number(el.asOf.max)) return null;
  const year = FIRST_MONTH.year + Math.floor((FIRST_MONTH.month + v) / 12);
  const month = ((FIRST_MONTH.month + v) % 12) + 1;
  return `${year}-${String(month).padStart(2, "0")}-01`;
}

function dateToSlider(iso) {
  if (!iso) return Number(el.asOf.max);
  const [y, m] = iso.split("-").map(Number);
  return Math.max(0, Math.min(Number(el.asOf.max) - 1, (y - FIRST_MONTH.year) * 12 + (m - 1) - FIRST_MONTH.month));
}

function showAsOf() {
  el.asOfValue.textContent = state.asOf ? `as of ${formatDate(state.asOf)}` : "all dates";
  el.asOf.setAttribute("aria-valuetext", el.asOfValue.textContent);
}

// ------------------------------------------------------------------ loading

async function loadMap({ fresh = false } = {}) {
  if (!state.foci.length) return;
  if (state.relations && !state.relations.length) {
    setStatus("Tick at least one relation to draw the map.", true);
    return;
  }
  const variables = {
    focus: state.foci.slice(),
    relations: state.relations ? state.relations.slice() : null,
    asOf: state.asOf,
    budget: Math.min(MAX_BUDGET, state.budget * state.steps),
  };
  const seq = ++state.seq;
  state.pending += 1;
  el.map.dataset.state = "loading";
  setStatus("Loading the map …");
  writeHash();
  try {
    const { data, extensions } = await graphql(MAP_QUERY, variables);
    if (seq !== state.seq) return; // a newer request was made meanwhile
    state.warnings = extensions.warnings || [];
    const elements = data.relationshipMap.cytoscape;
    state.request = variables;
    state.map = {
      nodes: elements.nodes.map((n) => n.data),
      edges: elements.edges.map((e) => e.data),
      truncated: data.relationshipMap.truncated,
    };
    if (state.selected && !findSelected()) state.selected = null;
    el.empty.hidden = state.map.nodes.length > 0;
    await view.draw(elements, state.foci, fresh);
    view.select(state.selected);
    drawNodeList();
    showCoverageWarnings(state.warnings);
    summarise();
    state.version += 1;
    el.map.dataset.version = String(state.version);
    el.map.setAttribute("aria-label", `Relationship map of ${nodeById(state.foci[state.foci.length - 1])?.label || "nothing"}`);
    setStatus("");
  } catch (err) {
    if (seq === state.seq) {
      if (!(err instanceof ApiError)) console.error(err); // a bug in this page, not an answer
      setStatus(`Could not load the map: ${err.message}`, true);
      el.map.dataset.state = "error";
    }
  } finally {
    state.pending -= 1;
    if (seq === state.seq && el.map.dataset.state === "loading") el.map.dataset.state = "ready";
  }
}

function showFocus(id) {
  state.foci = [id];
  state.steps = 1;
  state.selected = { type: "node", id };
  el.empty.hidden = true;
  loadMap({ fresh: true }).then(() => panel.render());
}

function expand(id) {
  const node = nodeById(id);
  if (!node || node.hiddenNeighbours === 0) return;
  const rest = state.foci.filter((f) => f !== id);
  if (rest.length + 1 > MAX_FOCI) {
    setStatus(`At most ${MAX_FOCI} nodes can be expanded; use “Undo expansions” first.`, true);
    return;
  }
  state.foci = [id, ...rest];
  state.steps += 1;
  state.selected = { type: "node", id };
  loadMap().then(() => panel.render());
}

function undoExpansions() {
  if (!state.foci.length) return;
  state.foci = [state.foci[state.foci.length - 1]];
  state.steps = 1;
  loadMap({ fresh: true }).then(() => panel.render());
}

function select(sel) {
  state.selected = sel;
  view.select(sel);
  for (const b of el.nodeList.querySelectorAll("button.node")) {
    b.setAttribute("aria-pressed", String(Boolean(sel && sel.type === "node" && sel.id === b.dataset.id)));
  }
  panel.render();
}

// The nodes of the map as a list of buttons: the keyboard's way into a canvas
// drawing (Enter selects, + or the badge button expands).
function drawNodeList() {
  const nodes = [...state.map.nodes].sort((a, b) => a.label.localeCompare(b.label));
  el.nodeList.replaceChildren(...nodes.map((n) => h("li", {},
    h("button", { type: "button", class: "link node", "data-id": n.id, "aria-pressed": "false",
      onclick: () => select({ type: "node", id: n.id }) }, n.label),
    n.verification ? h("span", { class: "unverified-mark", title: `marked ${n.verification}` }, " (unverified)") : null,
    n.hiddenNeighbours > 0 ? h("button", { type: "button", class: "badge-button", "data-expand": n.id,
      "aria-label": `Expand ${n.label}: ${n.hiddenNeighbours} more neighbours`,
      onclick: () => expand(n.id) }, `+${n.hiddenNeighbours}`) : null)));
  el.nodeList.onkeydown = (ev) => {
    const id = ev.target.dataset && ev.target.dataset.id;
    if (id && (ev.key === "+" || ev.key === "e")) { ev.preventDefault(); expand(id); }
  };
}

// A banner when the map used participation data past their coverage or
// partial data: links after the coverage date are UNKNOWN or carried forward.
function showCoverageWarnings(warnings) {
  const banner = el.banner;
  if (!warnings.length) {
    banner.hidden = true;
    banner.replaceChildren();
    return;
  }
  const line = (w) => {
    // An instrument's participant list, or an organisation's membership roster.
    const about = w.instrument || w.organization;
    const name = nodeById(about) ? nodeById(about).label : about;
    if (w.code === "DATA_PAST_COVERAGE" || w.code === "MEMBERSHIP_PAST_COVERAGE") {
      const what = w.organization ? "membership" : "participation";
      return `${name}: the ${what} data end on ${formatDate(w.coverageDate)}; later links are unknown (dotted grey) or carried forward (dashed).`;
    }
    return w.organization
      ? `${name}: the membership data are partial; a missing member may still belong.`
      : `${name}: the participation data are partial; a missing link may still exist.`;
  };
  banner.replaceChildren(h("strong", {}, "What the data cover: "),
    h("ul", {}, warnings.map((w) => h("li", { "data-code": w.code, "data-instrument": w.instrument || w.organization }, line(w)))));
  banner.hidden = false;
}

function summarise() {
  const { nodes, edges, truncated } = state.map;
  const hidden = nodes.filter((n) => n.hiddenNeighbours > 0).length;
  let text = `${nodes.length} nodes, ${edges.length} links, ${state.asOf ? "as of " + formatDate(state.asOf) : "all dates"}.`;
  if (hidden) text += ` ${hidden} nodes have neighbours left out (+N).`;
  if (truncated) text += " The node budget was reached.";
  el.summary.textContent = text;
}

// ------------------------------------------------------------------ settings

async function setUpRelations() {
  let values;
  try {
    values = (await graphql(RELATIONS_QUERY)).data.__type.enumValues;
  } catch (err) {
    values = Object.keys(RELATION_NAMES).map((name) => ({ name, description: null }));
    setStatus(`Could not read the relation kinds: ${err.message}`, true);
  }
  const checked = (name) => !state.relations || state.relations.includes(name);
  el.relationList.replaceChildren(...values.map((v) =>
    h("label", {},
      h("input", Object.assign({ type: "checkbox", value: v.name, name: "relation" }, checked(v.name) ? { checked: "" } : {})),
      v.description || RELATION_NAMES[v.name] || v.name)));
  el.relationList.addEventListener("change", relationsChanged);
}

function relationsChanged() {
  const boxes = [...el.relationList.querySelectorAll("input")];
  const on = boxes.filter((b) => b.checked).map((b) => b.value);
  state.relations = on.length === boxes.length ? null : on;
  loadMap();
}

function setAllRelations(value) {
  el.relationList.querySelectorAll("input").forEach((b) => { b.checked = value; });
  relationsChanged();
}

function setUpSettings() {
  el.asOf.max = String(monthCount());
  el.asOf.value = String(dateToSlider(state.asOf));
  showAsOf();
  let timer = null;
  el.asOf.addEventListener("input", () => {
    state.asOf = sliderToDate(el.asOf.value);
    showAsOf();
    clearTimeout(timer);
    timer = setTimeout(loadMap, 250);
  });
  el.asOf.addEventListener("change", () => {
    clearTimeout(timer);
    state.asOf = sliderToDate(el.asOf.value);
    showAsOf();
    loadMap();
  });
  el.budget.value = String(state.budget);
  el.budget.addEventListener("change", () => {
    const value = Math.round(Number(el.budget.value));
    if (!(value >= 1 && value <= MAX_BUDGET)) { el.budget.value = String(state.budget); return; }
    state.budget = value;
    loadMap();
  });
  $("relations-all").addEventListener("click", () => setAllRelations(true));
  $("relations-none").addEventListener("click", () => setAllRelations(false));
  $("fit").addEventListener("click", () => view.fit());
  $("reset").addEventListener("click", undoExpansions);
  document.querySelectorAll(".try").forEach((b) => b.addEventListener("click", () => showFocus(b.dataset.id)));
}

function syncControls() {
  el.asOf.value = String(dateToSlider(state.asOf));
  showAsOf();
  el.budget.value = String(state.budget);
  el.relationList.querySelectorAll("input").forEach((b) => {
    b.checked = !state.relations || state.relations.includes(b.value);
  });
}

async function showHash() {
  if (!state.foci.length) return;
  el.empty.hidden = true;
  state.selected = { type: "node", id: state.foci[state.foci.length - 1] };
  await loadMap({ fresh: true });
  panel.render();
}

// For tests and the console: what is drawn, and what was asked for it.
window.tkgraphMap = {
  nodes: () => Object.keys(view.drawnNodes()).sort(),
  drawn: () => view.drawnNodes(),
  edges: () => view.drawnEdges(),
  unknownEdges: () => view.unknownEdges(),
  warnings: () => (state.warnings || []).map((w) => ({ ...w })),
  position: (id) => view.pagePosition(id),
  request: () => (state.request ? JSON.parse(JSON.stringify(state.request)) : null),
  get version() { return state.version; },
  get busy() { return state.pending > 0; },
  show: (id) => showFocus(id),
  expand: (id) => expand(id),
};

async function start() {
  for (const [key, id] of Object.entries({ status: "status", search: "search", suggestions: "suggestions",
    asOf: "as-of", asOfValue: "as-of-value", relationList: "relation-list", budget: "budget",
    map: "map", empty: "empty", summary: "summary", details: "details", nodeList: "node-list", banner: "coverage-banner" })) {
    el[key] = $(id);
  }
  view = new MapView(el.map, { onSelect: select, onExpand: expand });
  panel = new Panel(el.details, { select, expand, showFocus });
  readHash();
  setUpSettings();
  setUpSearch({ input: el.search, list: el.suggestions, form: $("search-form"), onPick: showFocus,
    onError: (text) => setStatus(text, true) });
  await setUpRelations();
  await showHash();
  // A fragment typed in or reached with Back: draw what it says.
  window.addEventListener("hashchange", () => { readHash(); syncControls(); showHash(); });
}

start();
