// The relationship map's state, and its home in the URL fragment so a map can
// be bookmarked, shared, and reached again with Back.
export const MAX_FOCI = 50; // the API's limit on focus nodes
export const MAX_BUDGET = 2000; // the API's limit on the node budget
export const DEFAULT_BUDGET = 60;

export const state = {
  foci: [], // newest expansion first; the searched node last
  steps: 1, // budget multiplier: 1 + number of expansions
  budget: DEFAULT_BUDGET,
  asOf: null, // "YYYY-MM-DD", or null for every date
  relations: null, // null = every kind, else the checked kinds
  map: { nodes: [], edges: [], truncated: false },
  selected: null, // {type: "node"|"edge", id}
  request: null, // variables of the last map request
  version: 0, // bumps after every drawing
  pending: 0,
  seq: 0,
};

export function writeHash() {
  const parts = [];
  if (state.foci.length) parts.push("focus=" + state.foci.map(encodeURIComponent).join(","));
  if (state.steps > 1) parts.push("steps=" + state.steps);
  if (state.asOf) parts.push("asOf=" + state.asOf);
  if (state.relations) parts.push("relations=" + state.relations.join(","));
  if (state.budget !== DEFAULT_BUDGET) parts.push("budget=" + state.budget);
  history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname);
}

export function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const focus = params.get("focus");
  state.foci = focus ? focus.split(",").filter(Boolean).slice(0, MAX_FOCI) : [];
  state.steps = Math.max(1, Number(params.get("steps")) || 1);
  const asOf = params.get("asOf") || "";
  state.asOf = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : null;
  const relations = params.get("relations");
  state.relations = relations ? relations.split(",").filter(Boolean) : null;
  const budget = Number(params.get("budget"));
  state.budget = budget >= 1 && budget <= MAX_BUDGET ? budget : DEFAULT_BUDGET;
}

export const nodeById = (id) => state.map.nodes.find((n) => n.id === id) || null;
export const edgeById = (id) => state.map.edges.find((e) => e.id === id) || null;

export function findSelected() {
  const sel = state.selected;
  if (!sel) return null;
  return sel.type === "node" ? nodeById(sel.id) : edgeById(sel.id);
}

export function formatDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return d ? `${d} ${names[m - 1]} ${y}` : m ? `${names[m - 1]} ${y}` : String(y);
}

export function datesText(start, end, before = "", after = "") {
  if (!start && !end) return "";
  const span = start && end && start !== end ? `${formatDate(start)} – ${formatDate(end)}`
    : start && !end ? `from ${formatDate(start)}` : !start ? `until ${formatDate(end)}` : formatDate(start);
  return before + span + after;
}

export function edgeSentence(e) {
  const a = nodeById(e.source), b = nodeById(e.target);
  return `${a ? a.label : e.source} — ${e.label} — ${b ? b.label : e.target}`;
}
