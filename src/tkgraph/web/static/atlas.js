// The world atlas: every state coloured by its status in an instrument (or
// an organisation's membership, or a gap between two instruments) on a date;
// in the family mode, the line of instruments it belongs to over time.
// State lives in the URL, so a view can be bookmarked and shared.
import { exportJson, exportUrl, graphql } from "./api.js";
import { Timeline } from "./atlas-charts.js";
import { FamilyView } from "./atlas-family.js";
import { loadWorld, WorldMap } from "./atlas-map.js";
import { mountNav } from "./nav.js";

// Okabe-Ito colours (safe for colour-blind readers), one per status.
const CATEGORIES = {
  BOUND: ["#009e73", "bound"],
  BOUND_CARRIED: ["#7fcdb3", "bound, carried forward past the data"],
  BOUND_DERIVED: ["#0072b2", "bound through membership"],
  CONSENTED_NOT_IN_FORCE: ["#56b4e9", "consented, not yet in force"],
  SIGNED_ONLY: ["#f0e442", "signed only (not bound)"],
  NO_LONGER_BOUND: ["#cc79a7", "no longer bound"],
  NOT_BINDING: ["#e69f00", "non-binding instrument"],
  NOT_PARTICIPATING: ["#c9ced3", "not participating"],
  UNKNOWN: ["#7a7a7a", "unknown (past what the data cover, or no record in a partial list)"],
  MEMBER: ["#009e73", "member"],
  NOT_MEMBER: ["#c9ced3", "not a member"],
  TIER_1: ["#009e73", "Tier 1"],
  TIER_2: ["#56b4e9", "Tier 2"],
  TIER_2_WATCH_LIST: ["#f0e442", "Tier 2 Watch List"],
  TIER_3: ["#d55e00", "Tier 3"],
  SPECIAL_CASE: ["#cc79a7", "special case"],
  NOT_ON_LIST: ["#a6d9c9", "Tier 1 or Tier 2 (not on the Watch List or Tier 3 lists, the only ones held)"],
  NOT_RANKED: ["#c9ced3", "not ranked (not rated, or a special case)"],
  BOTH: ["#009e73", "bound by both"],
  A_NOT_B: ["#d55e00", "bound by the first, not the second"],
  B_NOT_A: ["#56b4e9", "bound by the second, not the first"],
  NEITHER: ["#c9ced3", "bound by neither"],
};
const MODE_CATEGORIES = {
  instrument: ["BOUND", "BOUND_CARRIED", "BOUND_DERIVED", "CONSENTED_NOT_IN_FORCE", "SIGNED_ONLY", "NO_LONGER_BOUND", "NOT_BINDING", "NOT_PARTICIPATING", "UNKNOWN"],
  membership: ["MEMBER", "NOT_MEMBER", "UNKNOWN"],
  compare: ["BOTH", "A_NOT_B", "B_NOT_A", "NEITHER", "UNKNOWN"],
  rating: ["TIER_1", "TIER_2", "TIER_2_WATCH_LIST", "TIER_3", "SPECIAL_CASE", "NOT_ON_LIST", "NOT_RANKED", "UNKNOWN"],
};
MODE_CATEGORIES.family = MODE_CATEGORIES.instrument;
const TIERS = MODE_CATEGORIES.rating;

const $ = (id) => document.getElementById(id);
const state = readUrl();
let world, timeline, family, instruments = [], rowsByIso = new Map(), rows = [], playing = null, drawn = new Set();
let playFrom = null; // the first year of the chosen instrument's timeline

function readUrl() {
  const q = new URLSearchParams(location.search);
  return {
    mode: q.get("mode") || "instrument",
    instrument: q.get("instrument") || "instrument:tip-protocol",
    b: q.get("b") || "instrument:smuggling-protocol",
    organization: q.get("organization") || "organization:eu",
    with: q.get("with") || "",
    asOf: q.get("asOf") || new Date().toISOString().slice(0, 10),
    outline: q.get("outline") === "tiers",
  };
}

function writeUrl() {
  const q = new URLSearchParams({ mode: state.mode, asOf: state.asOf });
  if (state.mode === "membership") q.set("organization", state.organization);
  else q.set("instrument", state.instrument);
  if (state.mode === "compare") q.set("b", state.b);
  if (state.mode === "family" && state.with) q.set("with", state.with);
  if (state.mode === "instrument" && state.outline) q.set("outline", "tiers");
  history.replaceState(null, "", `?${q}`);
}

function category(row) {
  if (row.status === "BOUND" && row.derived) return "BOUND_DERIVED";
  if (row.status === "BOUND" && row.carried_forward) return "BOUND_CARRIED";
  return row.status in CATEGORIES ? row.status : "UNKNOWN";
}

function tierOf(row) {
  return TIERS.includes(row.rating_category) ? row.rating_category : "UNKNOWN";
}

function isBound(row) { return row && row.status === "BOUND"; }

async function loadRows() {
  if (state.mode === "membership") {
    const members = await exportJson("members", { organization: state.organization, asOf: state.asOf });
    showBanner([members.meta.coverage.warning]);
    return members.rows.map((r) => ({ ...r, category: r.status }));
  }
  // The rating of each state in the report year of the date, beside its status
  // (the same rows give the rating mode's colours and the instrument mode's outlines).
  const withRatings = state.mode === "rating" || (state.mode === "instrument" && state.outline);
  const first = withRatings
    ? await exportJson("bindings-ratings", { instrument: state.instrument, asOf: state.asOf, year: state.asOf.slice(0, 4) })
    : await exportJson("bindings", { instrument: state.instrument, asOf: state.asOf });
  const warnings = [first.meta.coverage.warning];
  const a = first.rows;
  if (state.mode === "rating") {
    showBanner([]);
    return a.map((r) => ({ ...r, category: tierOf(r), status_category: category(r) }));
  }
  if (state.mode === "instrument" || state.mode === "family") {
    showBanner(warnings);
    return a.map((r) => ({ ...r, category: category(r), tier: withRatings ? tierOf(r) : null }));
  }
  const second = await exportJson("bindings", { instrument: state.b, asOf: state.asOf });
  showBanner([...warnings, second.meta.coverage.warning]);
  const b = new Map(second.rows.map((r) => [r.actor, r]));
  return a.map((r) => {
    const other = b.get(r.actor);
    let c;
    if (r.status === "UNKNOWN" || (other && other.status === "UNKNOWN")) c = "UNKNOWN";
    else if (isBound(r) && isBound(other)) c = "BOTH";
    else if (isBound(r)) c = "A_NOT_B";
    else if (isBound(other)) c = "B_NOT_A";
    else c = "NEITHER";
    return { ...r, category: c, other };
  });
}

async function refresh() {
  writeUrl();
  $("world").dataset.state = "loading";
  try {
    rows = await loadRows();
  } catch (err) {
    $("summary").textContent = `Could not load: ${err.message}`;
    $("world").dataset.state = "error";
    return;
  }
  rowsByIso = new Map(rows.filter((r) => r.iso2).map((r) => [r.iso2, r]));
  const colours = new Map();
  for (const r of rows) {
    if (!r.iso2) continue;
    const [fill, label] = CATEGORIES[r.category];
    const outline = r.tier && r.tier !== "UNKNOWN" && r.tier !== "NOT_RANKED" ? CATEGORIES[r.tier][0] : null;
    colours.set(r.iso2, { category: r.category, fill, label, outline, tier: r.tier || null });
  }
  world.colour(colours);
  drawLegend();
  drawOffMap();
  drawDownloads();
  $("world").dataset.state = "ready";
  $("world").dataset.asOf = state.asOf;
  $("summary").textContent = summaryText();
}

// What the data cover: a banner when the colours rest on partial data or on
// data older than the date asked (the same warnings as the API's extensions).
function showBanner(warnings) {
  const banner = $("banner");
  const found = warnings.filter(Boolean);
  banner.hidden = !found.length;
  banner.textContent = found.map((w) => w.message).join(" ");
  banner.dataset.codes = found.map((w) => w.code).join(" ");
}

function summaryText() {
  if (state.mode === "rating") return `US Trafficking in Persons Report tiers · report year ${state.asOf.slice(0, 4)}`;
  const what = state.mode === "membership" ? $("organization").selectedOptions[0]?.text : $("instrument").selectedOptions[0]?.text;
  return `${what} · as of ${state.asOf}`;
}

function drawLegend() {
  const counts = {};
  for (const r of rows) counts[r.category] = (counts[r.category] || 0) + 1;
  const list = $("legend");
  list.replaceChildren();
  for (const key of MODE_CATEGORIES[state.mode]) {
    const [fill, label] = CATEGORIES[key];
    const li = document.createElement("li");
    li.dataset.category = key;
    li.innerHTML = `<span class="swatch" style="background:${fill}"></span><span></span><span class="count" id="count-${key}"></span>`;
    li.children[1].textContent = label;
    li.children[2].textContent = String(counts[key] || 0);
    list.append(li);
  }
  const noState = document.createElement("li");
  noState.innerHTML = '<span class="swatch" style="background:#f7f7f5"></span><span>no state in the data</span>';
  list.append(noState);
  const nonStates = rows.filter((r) => !r.iso2).length;
  $("counts-note").textContent = `Counts are of every actor assessed (${rows.length}), states and, where they take part, organisations (${nonStates}); states too small for the map are listed under it.`;
}

function drawOffMap() {
  const box = $("offmap");
  box.replaceChildren();
  const missing = rows.filter((r) => !r.iso2 || !drawn.has(r.iso2)).filter((r) => r.category !== "NOT_PARTICIPATING" && r.category !== "NEITHER" && r.category !== "NOT_MEMBER");
  if (!missing.length) return;
  box.append("Not drawn: ");
  missing.forEach((r, i) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.dataset.category = r.category;
    button.textContent = `${r.actor_label} (${CATEGORIES[r.category][1]})`;
    button.addEventListener("click", () => showDetails(r));
    if (i) box.append(", ");
    box.append(button);
  });
}

function drawDownloads() {
  const list = $("downloads");
  list.replaceChildren();
  const year = state.asOf.slice(0, 4);
  const links = state.mode === "rating"
    ? [["statuses and tiers CSV", exportUrl("bindings-ratings", "csv", { instrument: state.instrument, asOf: state.asOf, year })],
       ["every rating CSV", exportUrl("assessments", "csv", {})],
       ["tiers of bound and not bound CSV", exportUrl("tier-distribution", "csv", { instrument: state.instrument })]]
    : state.mode === "membership"
    ? [["members CSV", exportUrl("members", "csv", { organization: state.organization, asOf: state.asOf })],
       ["members JSON", exportUrl("members", "json", { organization: state.organization, asOf: state.asOf })]]
    : [["statuses CSV", exportUrl("bindings", "csv", { instrument: state.instrument, asOf: state.asOf })],
       ["statuses JSON", exportUrl("bindings", "json", { instrument: state.instrument, asOf: state.asOf })],
       ["participation records CSV", exportUrl("participations", "csv", { instrument: state.instrument })],
       ["timeline JSON", exportUrl("timeline", "json", { instrument: state.instrument })]];
  for (const [label, href] of links) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = href;
    a.textContent = label;
    li.append(a);
    list.append(li);
  }
}

function showDetails(row) {
  const panel = $("details");
  panel.replaceChildren();
  const h = document.createElement("h2");
  h.textContent = row.actor_label;
  const dl = document.createElement("dl");
  const add = (term, value) => {
    if (value == null || value === "") return;
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dl.append(dt, dd);
  };
  if (state.mode === "family") {
    family.showState({ id: row.actor, label: row.actor_label }, firstYear())
      .catch((err) => family.clearState(`Could not load the strip: ${err.message}`));
  }
  add("Status", CATEGORIES[row.category][1]);
  add("As of", row.as_of);
  if (state.mode === "membership") {
    add("Basis", row.basis);
    add("Member from", row.start_date);
    add("Member until (last day)", row.end_date);
    add("Suspended since", row.suspended_since);
  } else {
    if (row.rating_category) {
      add(`TIP Report ${row.rating_year}`, row.rating_label);
      add("Why", row.rating_reason);
      if (state.mode === "rating") add("Status in the instrument", `${CATEGORIES[row.status_category][1]} (as of ${row.as_of})`);
    }
    add("Basis", row.basis);
    add("Rule", row.rule);
    add("Bound from", row.bound_from);
    add("Known until", row.known_until);
    if (row.carried_forward) add("Note", `Carried forward past ${row.known_until}: a party stays bound until it denounces.`);
    add("Last known status", row.last_known_status);
    if (row.other) add("Second instrument", `${row.other.status}: ${row.other.basis}`);
  }
  panel.append(h, dl);
  const rated = state.mode === "rating";
  const titles = ((rated ? row.rating_source_titles : row.source_titles) || "").split(" | ").filter(Boolean);
  const addresses = ((rated ? row.rating_source_addresses : row.source_addresses) || "").split(" | ");
  if (titles.length) {
    const head = document.createElement("h3");
    head.textContent = "Sources";
    const ul = document.createElement("ul");
    ul.className = "sources";
    titles.forEach((title, i) => {
      const li = document.createElement("li");
      const a = document.createElement(addresses[i] ? "a" : "span");
      if (addresses[i]) { a.href = addresses[i]; a.rel = "noopener"; }
      a.textContent = title;
      li.append(a);
      ul.append(li);
    });
    panel.append(head, ul);
  }
  const page = document.createElement("p");
  const node = document.createElement("a");
  node.href = `/id/${row.actor.replace(":", "/")}`;
  node.textContent = "Its page (every fact, with its sources)";
  page.append(node);
  panel.append(page);
  const map = document.createElement("p");
  const link = document.createElement("a");
  link.href = `/map#focus=${encodeURIComponent(row.actor)}`;
  link.textContent = "Open in the relationship map";
  map.append(link);
  panel.append(map);
}

let tooltip;
function hover(iso2, event) {
  if (!tooltip) { tooltip = document.createElement("div"); tooltip.className = "tooltip"; document.body.append(tooltip); }
  if (!iso2) { tooltip.hidden = true; return; }
  const row = rowsByIso.get(iso2);
  tooltip.hidden = false;
  const tier = row && row.tier ? ` · TIP Report: ${row.rating_label}` : "";
  tooltip.textContent = row ? `${row.actor_label}: ${CATEGORIES[row.category][1]}${tier}` : `${iso2}: no state in the data`;
  tooltip.style.left = `${event.clientX + 12}px`;
  tooltip.style.top = `${event.clientY + 12}px`;
}

function click(iso2) {
  world.select(iso2);
  const row = rowsByIso.get(iso2);
  if (row) showDetails(row);
  else { $("details").textContent = "No state in the data for this shape."; }
}

function firstYear() { return Number($("year").min); }

async function refreshTimeline() {
  $("tiers").hidden = state.mode !== "rating";
  $("timeline").hidden = $("per-year").hidden = state.mode === "rating" || state.mode === "family";
  $("family-chart").hidden = $("family-strip").hidden = state.mode !== "family";
  document.querySelector(".charts").classList.toggle("family", state.mode === "family");
  if (state.mode === "family") {
    try {
      await family.show({ instruments, instrumentId: state.instrument, withId: state.with, asOf: state.asOf, firstYear: firstYear() });
      // Play starts at the oldest point of the line's timelines.
      const years = [...family.series.values()].flatMap((t) => t.rows.map((p) => Number(p.date.slice(0, 4))));
      playFrom = years.length ? Math.min(...years) : null;
    } catch (err) {
      family.chartEl.dataset.state = "error";
      $("family-note").textContent = `Could not load the line: ${err.message}`;
    }
    return;
  }
  if (state.mode === "rating") {
    try {
      const series = await exportJson("tier-distribution", { instrument: state.instrument });
      const chosen = $("instrument").selectedOptions[0];
      timeline.showTiers(series, chosen?.dataset.short || state.instrument, TIERS.map((k) => [k, ...CATEGORIES[k]]));
    } catch (err) {
      timeline.clear();
    }
    return;
  }
  if (state.mode === "membership") { timeline.clear(); return; }
  try {
    const series = await exportJson("timeline", { instrument: state.instrument });
    const chosen = $("instrument").selectedOptions[0];
    timeline.show(series, chosen?.dataset.short || chosen?.text || state.instrument, state.asOf);
    // Play starts where this instrument's timeline starts; the slider itself
    // reaches back to the oldest event in the data (see main()).
    const years = series.rows.map((p) => Number(p.date.slice(0, 4)));
    playFrom = years.length ? Math.min(...years) : null;
  } catch (err) {
    timeline.clear();
  }
}

function setDate(iso) {
  state.asOf = iso;
  $("as-of").value = iso;
  $("year").value = iso.slice(0, 4);
  refresh();
  refreshTimeline();
}

function togglePlay() {
  const button = $("play");
  if (playing) {
    clearInterval(playing);
    playing = null;
    button.textContent = "▶ Play";
    button.setAttribute("aria-pressed", "false");
    return;
  }
  button.textContent = "❚❚ Pause";
  button.setAttribute("aria-pressed", "true");
  let year = Math.max(playFrom ?? Number($("year").min), Number($("year").min));
  const last = Number($("year").max);
  playing = setInterval(() => {
    setDate(`${year}-01-01`);
    year += 1;
    if (year > last) togglePlay();
  }, 900);
}

async function fillSelects() {
  const { data } = await graphql(`{
    instruments(first: 200) { nodes { id label shortName binding adoptionDate entryIntoForce relations { relation stated instrument { id } } } }
    organizations: actors(kind: ["InternationalOrganization", "RegionalOrganization", "REIO", "CoordinationBody"], first: 200) { nodes { id label shortName } }
  }`);
  const option = (n) => {
    const o = new Option(n.shortName ? `${n.shortName} — ${n.label}` : n.label, n.id);
    o.dataset.short = n.shortName || n.label;
    return o;
  };
  instruments = data.instruments.nodes;
  for (const id of ["instrument", "instrument-b"]) $(id).replaceChildren(...instruments.map(option));
  $("family-with").replaceChildren(new Option("(none)", ""), ...instruments.map(option));
  $("family-with").value = state.with;
  $("organization").replaceChildren(...data.organizations.nodes.map(option));
  $("instrument").value = state.instrument;
  $("instrument-b").value = state.b;
  $("organization").value = state.organization;
}

function showMode() {
  $("compare-field").hidden = state.mode !== "compare";
  $("organization-field").hidden = state.mode !== "membership";
  $("instrument").disabled = state.mode === "membership";
  $("outline-field").hidden = state.mode !== "instrument";
  $("family-field").hidden = $("family-legend").hidden = state.mode !== "family";
  $("outline").checked = state.outline;
  for (const radio of document.querySelectorAll("input[name=mode]")) radio.checked = radio.value === state.mode;
}

async function main() {
  mountNav($("top"));
  $("year").max = new Date().toISOString().slice(0, 4);
  timeline = new Timeline($("timeline"), $("per-year"));
  family = new FamilyView({ chartEl: $("family-chart"), stripEl: $("family-strip"), listEl: $("family-list"), noteEl: $("family-note") });
  family.clearState("Click a state on the map for its strip: which instrument of the line binds it, year by year.");
  const features = await loadWorld();
  world = new WorldMap($("world"), features, { onHover: hover, onClick: click });
  drawn = world.drawnCodes();
  await fillSelects();
  // The slider reaches back to the oldest signature, consent or entry into
  // force in the data (the 1904 Agreement), not to a year fixed in the page.
  const { data } = await graphql("{ dataVersion { earliestEvent } }");
  if (data.dataVersion.earliestEvent) $("year").min = data.dataVersion.earliestEvent.slice(0, 4);
  showMode();
  $("as-of").value = state.asOf;
  $("year").value = state.asOf.slice(0, 4);
  $("year").addEventListener("input", () => setDate(`${$("year").value}-01-01`));
  $("as-of").addEventListener("change", () => $("as-of").value && setDate($("as-of").value));
  $("play").addEventListener("click", togglePlay);
  $("instrument").addEventListener("change", () => { state.instrument = $("instrument").value; refresh(); refreshTimeline(); });
  $("family-with").addEventListener("change", () => { state.with = $("family-with").value; writeUrl(); refreshTimeline(); });
  $("instrument-b").addEventListener("change", () => { state.b = $("instrument-b").value; refresh(); });
  $("organization").addEventListener("change", () => { state.organization = $("organization").value; refresh(); });
  $("outline").addEventListener("change", () => { state.outline = $("outline").checked; refresh(); });
  for (const radio of document.querySelectorAll("input[name=mode]")) {
    radio.addEventListener("change", () => { state.mode = radio.value; showMode(); refresh(); refreshTimeline(); });
  }
  await Promise.all([refresh(), refreshTimeline()]);
}

main();
