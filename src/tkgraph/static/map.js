/* tkgraph relationship map: a small SVG renderer over the GraphQL API.
 *
 * No third-party code and no build step: plain browser JavaScript.
 *
 * What is drawn is exactly one relationshipMap answer. The map's "foci" are
 * the node picked in the search box plus every node expanded since, newest
 * first; the node budget grows by one step per expansion. So an expansion,
 * a relation filter or a date change is one request whose answer replaces
 * the drawing, and the drawn nodes always equal what the API says for
 * (foci, depth 1, relations, asOf, budget x steps). window.tkgraphMap
 * exposes that state for tests and for the console. layout.js places the
 * nodes; this file fetches, draws and handles the controls and the panel.
 */
(function () {
  "use strict";

  const GRAPHQL = "/graphql";
  const FIRST_MONTH = { year: 1990, month: 0 }; // the date slider's left end
  const MAX_FOCI = 50; // the API's limit on focus nodes
  const MAX_BUDGET = 2000; // the API's limit on the node budget
  const SVG_NS = "http://www.w3.org/2000/svg";
  const LABEL_MAX = window.tkgraphLayout.LABEL_MAX; // characters before a label is cut (full text in its tooltip)

  // Readable names for RelationKind values; the API's own description wins when it has one.
  const RELATION_NAMES = {
    MEMBERSHIP: "Membership",
    PART_OF: "Part of an organisation",
    PARTICIPATION: "Signatory or party to an instrument",
    DERIVED_BINDING: "Bound through membership (derived)",
    OPERATION_ROLE: "Role in a joint operation",
    PROGRAMME_ROLE: "Role in a programme",
    AGREEMENT_PARTY: "Party to a cooperation agreement",
    INSTRUMENT_RELATION: "Relation between instruments",
    ACTIVITY_CONTEXT: "Activity under a programme or instrument",
  };

  const MAP_QUERY = `query Map($focus: [ID!]!, $relations: [RelationKind!], $asOf: Date, $budget: Int!) {
  relationshipMap(focus: $focus, depth: 1, relations: $relations, asOf: $asOf, budget: $budget) {
    truncated
    nodes { id label type group hiddenNeighbours verification }
    edges { id source target relation label kind startDate endDate derived evidenceCount
      status carriedForward verification }
  }
}`;
  // A link's evidence: the map of just its two ends (depth 0), so the query stays cheap.
  const EDGE_QUERY = `query Edge($ends: [ID!]!, $relations: [RelationKind!], $asOf: Date) {
  relationshipMap(focus: $ends, depth: 0, relations: $relations, asOf: $asOf, budget: 2) {
    edges { id evidence { id label sources { title address asOf isSecondary } } }
  }
}`;
  const SUGGEST_QUERY = `query Suggest($text: String!) {
  actors(text: $text, first: 6) { nodes { id label shortName kind verification } }
  instruments(text: $text, first: 6) { nodes { id label shortName kind verification } }
  activities(text: $text, first: 6) { nodes { id label shortName kind verification } }
}`;
  const NODE_QUERY = `query Node($id: ID!) {
  node(id: $id) {
    __typename id label types note verification
    sources { title address asOf isSecondary }
    ... on Actor { kind shortName foundingDate seat }
    ... on Instrument { kind shortName adoptionDate entryIntoForce
      figures { label value unit asOf sources { title address } } }
    ... on Activity { kind shortName startDate endDate
      figures { label value unit asOf sources { title address } } }
  }
}`;
  const RELATIONS_QUERY = `{ __type(name: "RelationKind") { enumValues { name description } } }`;

  // ---------------------------------------------------------------- state

  const state = {
    foci: [], // newest expansion first; the searched node last
    steps: 1, // budget multiplier: 1 + number of expansions
    budget: 60,
    asOf: null, // "YYYY-MM-DD" or null for all dates
    relations: null, // null = every kind, else the checked kinds
    relationKinds: [], // every RelationKind, from the schema
    map: { nodes: [], edges: [], truncated: false },
    positions: new Map(), // node id -> {x, y}, kept across redraws so expansions are stable
    selected: null, // {type: "node"|"edge", id}
    request: null, // variables of the last map request
    version: 0, // bumps after every drawing
    pending: 0,
    seq: 0,
    view: { x: 0, y: 0, k: 1 },
  };

  const $ = (id) => document.getElementById(id);
  const el = {};

  // ---------------------------------------------------------------- API

  // An error the API answered with (bad id, over a limit ...), as opposed to a bug here.
  class ApiError extends Error {}

  // The whole response: data, and extensions.warnings (what the data do not cover).
  async function gqlResponse(query, variables) {
    const response = await fetch(GRAPHQL, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables: variables || {} }),
    });
    let body;
    try {
      body = await response.json();
    } catch (err) {
      throw new ApiError(`The server answered ${response.status} without JSON.`);
    }
    if (body.errors && body.errors.length) {
      throw new ApiError(body.errors.map((e) => e.message).join(" "));
    }
    return body;
  }

  async function gql(query, variables) {
    return (await gqlResponse(query, variables)).data;
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
      const name = nodeById(w.instrument) ? nodeById(w.instrument).label : w.instrument;
      return w.code === "DATA_PAST_COVERAGE"
        ? `${name}: the participation data end on ${formatDate(w.coverageDate)}; later links are unknown (dashed grey) or carried forward.`
        : `${name}: the participation data are partial; a missing link may still exist.`;
    };
    banner.replaceChildren(h("strong", {}, "What the data cover: "),
      h("ul", {}, warnings.map((w) => h("li", { "data-code": w.code, "data-instrument": w.instrument }, line(w)))));
    banner.hidden = false;
  }

  function setStatus(text, isError) {
    el.status.textContent = text || "";
    el.status.classList.toggle("error", Boolean(isError));
  }

  // ---------------------------------------------------------------- dates

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
    const v = (y - FIRST_MONTH.year) * 12 + (m - 1) - FIRST_MONTH.month;
    return Math.max(0, Math.min(Number(el.asOf.max) - 1, v));
  }

  function formatDate(iso) {
    if (!iso) return "";
    const [y, m, d] = iso.split("-").map(Number);
    const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return `${d} ${names[m - 1]} ${y}`;
  }

  function showAsOf() {
    el.asOfValue.textContent = state.asOf ? `as of ${formatDate(state.asOf)}` : "all dates";
    el.asOf.setAttribute("aria-valuetext", el.asOfValue.textContent);
  }

  // ---------------------------------------------------------------- URL

  // The map's state lives in the URL fragment, so a map can be bookmarked or shared.
  function writeHash() {
    const parts = [];
    if (state.foci.length) parts.push("focus=" + state.foci.map(encodeURIComponent).join(","));
    if (state.steps > 1) parts.push("steps=" + state.steps);
    if (state.asOf) parts.push("asOf=" + state.asOf);
    if (state.relations) parts.push("relations=" + state.relations.join(","));
    if (state.budget !== 60) parts.push("budget=" + state.budget);
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname);
  }

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    state.foci = [];
    state.asOf = null;
    state.relations = null;
    state.budget = 60;
    const focus = params.get("focus");
    if (focus) state.foci = focus.split(",").filter(Boolean).slice(0, MAX_FOCI);
    state.steps = Math.max(1, Number(params.get("steps")) || 1);
    if (/^\d{4}-\d{2}-\d{2}$/.test(params.get("asOf") || "")) state.asOf = params.get("asOf");
    const relations = params.get("relations");
    if (relations) state.relations = relations.split(",").filter(Boolean);
    const budget = Number(params.get("budget"));
    if (budget >= 1 && budget <= MAX_BUDGET) state.budget = budget;
  }

  // ---------------------------------------------------------------- loading the map

  async function loadMap(options) {
    const fresh = Boolean(options && options.fresh);
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
    el.svg.dataset.state = "loading";
    setStatus("Loading the map …");
    writeHash();
    try {
      const body = await gqlResponse(MAP_QUERY, variables);
      if (seq !== state.seq) return; // a newer request was made meanwhile
      state.request = variables;
      state.map = body.data.relationshipMap;
      state.warnings = (body.extensions && body.extensions.warnings) || [];
      if (fresh) state.positions.clear();
      if (state.selected && !findSelected()) state.selected = null;
      draw(fresh);
      showCoverageWarnings(state.warnings);
      setStatus("");
    } catch (err) {
      if (seq === state.seq) {
        if (!(err instanceof ApiError)) console.error(err); // a bug in this page, not an answer
        setStatus(`Could not load the map: ${err.message}`, true);
        el.svg.dataset.state = "error";
      }
    } finally {
      state.pending -= 1;
      if (seq === state.seq && el.svg.dataset.state === "loading") el.svg.dataset.state = "ready";
    }
  }

  function showFocus(id) {
    state.foci = [id];
    state.steps = 1;
    state.selected = { type: "node", id };
    el.empty.hidden = true;
    loadMap({ fresh: true }).then(renderDetails);
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
    loadMap().then(renderDetails);
  }

  function undoExpansions() {
    if (!state.foci.length) return;
    state.foci = [state.foci[state.foci.length - 1]];
    state.steps = 1;
    loadMap({ fresh: true }).then(renderDetails);
  }

  // ---------------------------------------------------------------- lookups

  function nodeById(id) {
    return state.map.nodes.find((n) => n.id === id) || null;
  }

  function edgeById(id) {
    return state.map.edges.find((e) => e.id === id) || null;
  }

  function findSelected() {
    if (!state.selected) return null;
    return state.selected.type === "node" ? nodeById(state.selected.id) : edgeById(state.selected.id);
  }

  function shortLabel(text) {
    return text.length > LABEL_MAX ? text.slice(0, LABEL_MAX - 1) + "…" : text;
  }

  // ---------------------------------------------------------------- drawing

  function svg(tag, attrs, parent) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function nodeRadius(degree, isFocus) {
    return (isFocus ? 10 : 7) + Math.min(5, Math.sqrt(degree));
  }

  function drawShape(group, r, parent) {
    if (group === "instrument") {
      return svg("rect", { x: -r, y: -r, width: 2 * r, height: 2 * r, rx: 2, class: "shape g-instrument" }, parent);
    }
    if (group === "activity") {
      const s = r * 1.25;
      return svg("path", { d: `M0 ${-s} L${s} 0 L0 ${s} L${-s} 0 Z`, class: "shape g-activity" }, parent);
    }
    if (group === "actor") return svg("circle", { r, class: "shape g-actor" }, parent);
    return svg("path", { d: `M0 ${-r * 1.2} L${r * 1.1} ${r * 0.8} L${-r * 1.1} ${r * 0.8} Z`, class: "shape g-other" }, parent);
  }

  function draw(fresh) {
    const { nodes, edges } = state.map;
    const focusSet = new Set(state.foci);
    const layout = window.tkgraphLayout.computeLayout(nodes, edges, state.foci, state.positions);
    state.positions = layout.keep;
    const degree = new Map(nodes.map((n) => [n.id, 0]));
    edges.forEach((e) => { degree.set(e.source, degree.get(e.source) + 1); degree.set(e.target, degree.get(e.target) + 1); });

    el.edges.replaceChildren();
    el.nodes.replaceChildren();
    drawEdges(edges, layout.pos);
    for (const n of nodes) drawNode(n, layout, degree.get(n.id), focusSet.has(n.id));

    el.empty.hidden = nodes.length > 0;
    applySelection();
    summarise();
    fitView();
    state.version += 1;
    el.svg.dataset.version = String(state.version);
    el.svg.dataset.state = "ready";
    if (fresh) el.svg.setAttribute("aria-label", `Relationship map of ${nodes.length ? nodes[0].label : "nothing"}`);
  }

  function drawEdges(edges, pos) {
    // Links between the same two nodes are drawn as curves side by side.
    const pairs = new Map();
    for (const e of edges) {
      const key = [e.source, e.target].sort().join("\u0000");
      if (!pairs.has(key)) pairs.set(key, []);
      pairs.get(key).push(e);
    }
    for (const group of pairs.values()) {
      group.forEach((e, i) => {
        const a = pos.get(e.source), b = pos.get(e.target);
        const bend = (i - (group.length - 1) / 2) * 16 * (e.source < e.target ? 1 : -1);
        const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
        const len = Math.max(1, Math.hypot(b.x - a.x, b.y - a.y));
        const cx = mx - ((b.y - a.y) / len) * bend, cy = my + ((b.x - a.x) / len) * bend;
        const d = `M${a.x.toFixed(1)} ${a.y.toFixed(1)} Q${cx.toFixed(1)} ${cy.toFixed(1)} ${b.x.toFixed(1)} ${b.y.toFixed(1)}`;
        const classes = ["edge", e.derived ? "derived" : "", e.status === "UNKNOWN" ? "unknown" : "",
          e.carriedForward ? "carried" : "", e.verification === "unverified" ? "unverified" : ""];
        const g = svg("g", { class: classes.filter(Boolean).join(" "), "data-edge-id": e.id,
          "data-source": e.source, "data-target": e.target, "data-kind": e.kind,
          "data-status": e.status || "" }, el.edges);
        const title = svg("title", {}, g);
        title.textContent = edgeSentence(e) + datesText(e.startDate, e.endDate, " (", ")") +
          (e.status === "UNKNOWN" ? " · status unknown on this date (past the data)" : "") +
          (e.carriedForward ? " · bound, carried forward past the data" : "") +
          (e.verification === "unverified" ? " · unverified" : "");
        svg("path", { d, class: "line" }, g);
        svg("path", { d, class: "hit" }, g);
        const text = svg("text", { x: ((mx + cx) / 2).toFixed(1), y: ((my + cy) / 2 - 3).toFixed(1), "text-anchor": "middle" }, g);
        text.textContent = e.label;
        g.addEventListener("click", (ev) => { ev.stopPropagation(); select({ type: "edge", id: e.id }); });
        g.addEventListener("mouseenter", () => highlight({ type: "edge", id: e.id }));
        g.addEventListener("mouseleave", () => applySelection());
      });
    }
  }

  function drawNode(n, layout, degree, isFocus) {
    const p = layout.pos.get(n.id);
    const r = p.side ? 5 : nodeRadius(degree, isFocus);
    const name = `${n.label}, ${n.type}` + (n.hiddenNeighbours ? `, ${n.hiddenNeighbours} more neighbours` : "");
    const g = svg("g", {
      class: `node g-${n.group}` + (isFocus ? " focus" : "") + (n.verification === "unverified" ? " unverified" : ""),
      "data-id": n.id, "data-group": n.group, "data-verification": n.verification || "",
      "data-hidden": n.hiddenNeighbours, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`,
      tabindex: "0", role: "button", "aria-label": name,
    }, el.nodes);
    svg("title", {}, g).textContent = `${n.label} (${n.type})` + (n.verification ? ` · ${n.verification}` : "") + (n.hiddenNeighbours ? ` · +${n.hiddenNeighbours} not shown: click the badge to expand` : "");
    if (isFocus) svg("circle", { r: r + 4, class: "ring" }, g);
    drawShape(n.group, r, g);

    // A leaf of a star: label straight out from the hub. A leaf in a list
    // block: label on the side away from the hub. A star's hub: label under
    // it. Any other node: label to the right.
    const inStar = p.angle !== undefined;
    const flip = inStar && Math.cos(p.angle) < 0;
    const rotate = inStar ? ((flip ? p.angle + Math.PI : p.angle) * 180) / Math.PI : 0;
    const under = layout.stars.has(n.id);
    const left = flip || p.side === "left" || layout.blockSide.get(n.id) === "right";
    const holder = svg("g", { transform: `rotate(${rotate.toFixed(1)})` }, g);
    const text = svg("text", { class: "label", "dominant-baseline": "middle" }, holder);
    text.textContent = shortLabel(n.label);
    const gap = r + 5;
    if (under) {
      text.setAttribute("text-anchor", "middle");
      text.setAttribute("y", String(r + 12));
    } else {
      text.setAttribute("text-anchor", left ? "end" : "start");
      text.setAttribute("x", String(left ? -gap : gap));
    }
    if (n.hiddenNeighbours > 0) drawBadge(n, holder, text, { left, under, gap, rotate });
    g.addEventListener("click", (ev) => { ev.stopPropagation(); select({ type: "node", id: n.id }); });
    g.addEventListener("dblclick", (ev) => { ev.stopPropagation(); expand(n.id); });
    g.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select({ type: "node", id: n.id }); }
      if (ev.key === "+" || ev.key === "e") { ev.preventDefault(); expand(n.id); }
    });
    g.addEventListener("mouseenter", () => highlight({ type: "node", id: n.id }));
    g.addEventListener("mouseleave", () => applySelection());
  }

  // "+12" after the label: the neighbours left out; a click expands the node.
  function drawBadge(n, holder, text, where) {
    const caption = `+${n.hiddenNeighbours}`;
    const width = 8 + caption.length * 6.5;
    const textWidth = text.getComputedTextLength();
    let x;
    let y = 0;
    if (where.under) {
      x = textWidth / 2 + 4;
      y = Number(text.getAttribute("y"));
    } else {
      x = where.left ? -where.gap - textWidth - 4 - width : where.gap + textWidth + 4;
    }
    // Placed along the label, but turned back upright so the number reads level.
    const upright = `translate(${(x + width / 2).toFixed(1)},${y}) rotate(${(-where.rotate).toFixed(1)}) translate(${(-width / 2).toFixed(1)},0)`;
    const badge = svg("g", { class: "badge", transform: upright, tabindex: "0",
      role: "button", "aria-label": `Expand ${n.label}: ${n.hiddenNeighbours} more neighbours` }, holder);
    svg("title", {}, badge).textContent = `Show the ${n.hiddenNeighbours} neighbours of ${n.label} left out`;
    svg("rect", { x: 0, y: -7.5, width, height: 15, rx: 7.5 }, badge);
    const t = svg("text", { x: width / 2, y: 0.5, "text-anchor": "middle", "dominant-baseline": "middle" }, badge);
    t.textContent = caption;
    badge.addEventListener("click", (ev) => { ev.stopPropagation(); expand(n.id); });
    badge.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); ev.stopPropagation(); expand(n.id); }
    });
  }

  function summarise() {
    const { nodes, edges, truncated } = state.map;
    const hidden = nodes.filter((n) => n.hiddenNeighbours > 0).length;
    let text = `${nodes.length} nodes, ${edges.length} links, ${state.asOf ? "as of " + formatDate(state.asOf) : "all dates"}.`;
    if (hidden) text += ` ${hidden} nodes have neighbours left out (badges).`;
    if (truncated) text += " The node budget was reached.";
    el.summary.textContent = text;
  }

  // ---------------------------------------------------------------- selection and highlight

  function neighbourhood(sel) {
    const nodes = new Set(), edges = new Set();
    if (!sel) return { nodes, edges };
    if (sel.type === "edge") {
      const e = edgeById(sel.id);
      if (e) { edges.add(e.id); nodes.add(e.source); nodes.add(e.target); }
      return { nodes, edges };
    }
    nodes.add(sel.id);
    for (const e of state.map.edges) {
      if (e.source === sel.id || e.target === sel.id) { edges.add(e.id); nodes.add(e.source); nodes.add(e.target); }
    }
    return { nodes, edges };
  }

  function highlight(sel, dim) {
    const near = neighbourhood(sel);
    el.svg.classList.toggle("dim", Boolean(sel) && dim !== false);
    for (const g of el.nodes.children) g.classList.toggle("near", near.nodes.has(g.dataset.id));
    for (const g of el.edges.children) g.classList.toggle("near", near.edges.has(g.dataset.edgeId));
  }

  // Hovering dims everything but the hovered item's neighbourhood; a
  // selection only marks its own links, so the rest of the map stays readable.
  function applySelection() {
    const sel = state.selected;
    for (const g of el.nodes.children) g.classList.toggle("selected", Boolean(sel && sel.type === "node" && sel.id === g.dataset.id));
    for (const g of el.edges.children) g.classList.toggle("selected", Boolean(sel && sel.type === "edge" && sel.id === g.dataset.edgeId));
    highlight(sel, false);
  }

  function select(sel) {
    state.selected = sel;
    applySelection();
    renderDetails();
  }

  // ---------------------------------------------------------------- details panel

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "onclick") node.addEventListener("click", v);
      else node.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : String(c));
    }
    return node;
  }

  function datesText(start, end, before, after) {
    if (!start && !end) return "";
    const span = start && end && start !== end ? `${formatDate(start)} – ${formatDate(end)}`
      : start && !end ? `from ${formatDate(start)}` : !start ? `until ${formatDate(end)}` : formatDate(start);
    return (before || "") + span + (after || "");
  }

  function edgeSentence(e) {
    const a = nodeById(e.source), b = nodeById(e.target);
    return `${a ? a.label : e.source} — ${e.label} — ${b ? b.label : e.target}`;
  }

  function sourceList(sources) {
    if (!sources || !sources.length) return h("p", { class: "meta" }, "No source given.");
    return h("ul", { class: "sources" }, sources.map((s) =>
      h("li", {},
        s.address ? h("a", { href: s.address, target: "_blank", rel: "noopener noreferrer" }, s.title || s.address)
          : (s.title || "untitled source"),
        s.asOf ? ` (as of ${formatDate(s.asOf)})` : "",
        s.isSecondary ? h("span", { class: "secondary" }, " · secondary source") : "")));
  }

  let detailsSeq = 0;

  async function renderDetails() {
    const sel = state.selected;
    const seq = ++detailsSeq;
    if (!sel || !findSelected()) {
      el.details.replaceChildren(h("p", { class: "hint" },
        "Select a node or a link to see its details, evidence and sources. Drag to pan, use the wheel to zoom."));
      return;
    }
    if (sel.type === "edge") {
      const edge = edgeById(sel.id);
      el.details.replaceChildren(edgeDetails(edge, null));
      try {
        const request = state.request || {};
        const data = await gql(EDGE_QUERY, { ends: [edge.source, edge.target],
          relations: request.relations || null, asOf: request.asOf || null });
        if (seq !== detailsSeq) return;
        const found = data.relationshipMap.edges.find((e) => e.id === edge.id);
        el.details.replaceChildren(edgeDetails(edge, found ? found.evidence : []));
      } catch (err) {
        if (seq !== detailsSeq) return;
        el.details.append(h("p", { class: "meta" }, `Could not load the evidence: ${err.message}`));
      }
      return;
    }
    const mapNode = nodeById(sel.id);
    el.details.replaceChildren(nodeHeader(mapNode, null), h("p", { class: "meta" }, "Loading details …"));
    try {
      const data = await gql(NODE_QUERY, { id: sel.id });
      if (seq !== detailsSeq) return;
      el.details.replaceChildren(nodeDetails(mapNode, data.node));
    } catch (err) {
      if (seq !== detailsSeq) return;
      el.details.replaceChildren(nodeHeader(mapNode, null), h("p", { class: "meta" }, `Could not load details: ${err.message}`));
    }
  }

  function nodeHeader(mapNode, full) {
    const title = (full && full.label) || mapNode.label;
    const kind = (full && full.kind) || mapNode.type;
    const actions = h("div", { class: "actions" },
      mapNode.hiddenNeighbours > 0
        ? h("button", { type: "button", class: "expand", onclick: () => expand(mapNode.id) }, `Expand (+${mapNode.hiddenNeighbours})`)
        : null,
      state.foci.length === 1 && state.foci[0] === mapNode.id ? null
        : h("button", { type: "button", onclick: () => showFocus(mapNode.id) }, "Map this node alone"));
    return h("div", { class: "node-header" },
      h("h2", {}, title),
      h("p", { class: "meta" }, `${kind} · ${mapNode.group} · `, h("code", {}, mapNode.id)),
      actions);
  }

  function nodeDetails(mapNode, full) {
    const parts = [nodeHeader(mapNode, full)];
    if (!full) return h("div", {}, parts, h("p", {}, "The API has no details for this node."));
    const facts = [];
    const fact = (name, value) => { if (value) facts.push(h("dt", {}, name), h("dd", {}, value)); };
    fact("Short name", full.shortName !== full.label ? full.shortName : null);
    fact("Founded", formatDate(full.foundingDate));
    fact("Seat", full.seat);
    fact("Adopted", formatDate(full.adoptionDate));
    fact("In force", formatDate(full.entryIntoForce));
    fact("Dates", datesText(full.startDate, full.endDate));
    fact("Checked", full.verification ? full.verification : null);
    if (facts.length) parts.push(h("dl", {}, facts));
    if (full.note) parts.push(h("p", { class: "note" }, full.note));
    if (full.figures && full.figures.length) {
      parts.push(h("h3", {}, "Figures"), h("ul", {}, full.figures.map((f) =>
        h("li", {}, `${f.label}: `, h("strong", {}, Number(f.value).toLocaleString("en")), f.unit ? ` ${f.unit}` : "",
          f.asOf ? ` (as of ${formatDate(f.asOf)})` : "",
          sourceList(f.sources)))));
    }
    parts.push(h("h3", {}, "Sources"), sourceList(full.sources));
    const links = state.map.edges.filter((e) => e.source === mapNode.id || e.target === mapNode.id);
    if (links.length) {
      parts.push(h("h3", {}, `Links in this map (${links.length})`), h("ul", { class: "links" }, links.map((e) =>
        h("li", {}, h("button", { type: "button", class: "link", "data-edge-id": e.id,
          onclick: () => select({ type: "edge", id: e.id }) }, edgeSentence(e))))));
    }
    return h("div", {}, parts);
  }

  function edgeDetails(e, evidence) {
    const a = nodeById(e.source), b = nodeById(e.target);
    const nodeButton = (n, id) => h("button", { type: "button", class: "link", onclick: () => select({ type: "node", id }) }, n ? n.label : id);
    const kindName = RELATION_NAMES[e.kind] || e.kind;
    const facts = [h("dt", {}, "Kind"), h("dd", {}, kindName)];
    if (e.startDate || e.endDate) facts.push(h("dt", {}, "Dates"), h("dd", {}, datesText(e.startDate, e.endDate)));
    facts.push(h("dt", {}, "Basis"), h("dd", {}, e.derived ? "derived (bound through membership)" : "asserted in the data"));
    if (e.status) facts.push(h("dt", {}, "Status"), h("dd", {}, e.status + (e.carriedForward ? " (carried forward past the data)" : "")));
    if (e.verification) facts.push(h("dt", {}, "Checked"), h("dd", {}, e.verification));
    return h("div", {},
      h("h2", {}, nodeButton(a, e.source), ` ${e.label} `, nodeButton(b, e.target)),
      h("dl", {}, facts),
      h("h3", {}, `Evidence (${e.evidenceCount})`),
      evidence === null ? h("p", { class: "meta" }, "Loading the evidence …")
        : evidence.map((ev) => h("div", { class: "evidence" },
          h("p", {}, h("strong", {}, ev.label || ev.id)),
          sourceList(ev.sources))));
  }

  // ---------------------------------------------------------------- pan and zoom

  function applyView() {
    const { x, y, k } = state.view;
    el.viewport.setAttribute("transform", `translate(${x.toFixed(1)},${y.toFixed(1)}) scale(${k.toFixed(4)})`);
  }

  function fitView() {
    const box = el.viewport.getBBox();
    const w = el.svg.clientWidth || 800, hgt = el.svg.clientHeight || 600;
    if (!box.width || !box.height) { state.view = { x: w / 2, y: hgt / 2, k: 1 }; applyView(); return; }
    const pad = 24;
    // The untransformed box: getBBox is in the viewport group's own coordinates.
    const k = Math.min(1.3, (w - 2 * pad) / box.width, (hgt - 2 * pad) / box.height);
    state.view = { k, x: w / 2 - k * (box.x + box.width / 2), y: hgt / 2 - k * (box.y + box.height / 2) };
    applyView();
  }

  function setUpPanZoom() {
    let drag = null;
    el.svg.addEventListener("pointerdown", (ev) => {
      if (ev.target.closest(".node, .edge")) return;
      drag = { x: ev.clientX, y: ev.clientY, vx: state.view.x, vy: state.view.y, moved: false };
      el.svg.setPointerCapture(ev.pointerId);
    });
    el.svg.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; el.svg.classList.add("panning"); }
      state.view.x = drag.vx + dx; state.view.y = drag.vy + dy;
      applyView();
    });
    el.svg.addEventListener("pointerup", () => {
      if (drag && !drag.moved && state.selected) select(null);
      drag = null;
      el.svg.classList.remove("panning");
    });
    el.svg.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const rect = el.svg.getBoundingClientRect();
      const px = ev.clientX - rect.left, py = ev.clientY - rect.top;
      const k = Math.max(0.1, Math.min(6, state.view.k * Math.exp(-ev.deltaY * 0.0015)));
      const f = k / state.view.k;
      state.view = { k, x: px - (px - state.view.x) * f, y: py - (py - state.view.y) * f };
      applyView();
    }, { passive: false });
  }

  // ---------------------------------------------------------------- search box

  function setUpSearch() {
    let timer = null, seq = 0, options = [], active = -1;

    const close = () => {
      el.suggestions.hidden = true;
      el.search.setAttribute("aria-expanded", "false");
      el.search.removeAttribute("aria-activedescendant");
      active = -1;
    };
    const mark = (i) => {
      active = i;
      [...el.suggestions.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
      if (i >= 0 && el.suggestions.children[i]) {
        el.search.setAttribute("aria-activedescendant", el.suggestions.children[i].id);
        el.suggestions.children[i].scrollIntoView({ block: "nearest" });
      }
    };
    const pick = (option) => {
      close();
      el.search.value = option.shortName || option.label;
      showFocus(option.id);
    };
    const show = (items) => {
      options = items;
      el.suggestions.replaceChildren(...(items.length ? items.map((o, i) => {
        const li = h("li", { role: "option", id: `suggestion-${i}`, "data-id": o.id, "aria-selected": "false" },
          h("span", { class: `dot g-${o.group}`, style: `background: var(--${o.group})` }),
          h("span", {}, o.shortName && o.shortName !== o.label ? `${o.shortName} — ${o.label}` : o.label),
          o.verification ? h("span", { class: "unverified-tag" }, o.verification) : null,
          h("span", { class: "kind" }, o.kind));
        li.addEventListener("mousedown", (ev) => { ev.preventDefault(); pick(o); });
        return li;
      }) : [h("li", { class: "none", role: "option", "aria-disabled": "true" }, "Nothing found")]));
      el.suggestions.hidden = false;
      el.search.setAttribute("aria-expanded", "true");
      mark(items.length ? 0 : -1);
    };
    const suggest = async () => {
      const text = el.search.value.trim();
      const mine = ++seq;
      if (text.length < 2) { close(); return; }
      try {
        const data = await gql(SUGGEST_QUERY, { text });
        if (mine !== seq) return;
        const tag = (group) => (n) => ({ ...n, group });
        show([...data.actors.nodes.map(tag("actor")), ...data.instruments.nodes.map(tag("instrument")),
          ...data.activities.nodes.map(tag("activity"))]);
      } catch (err) {
        setStatus(`Search failed: ${err.message}`, true);
      }
    };
    el.search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(suggest, 200); });
    el.search.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown" && options.length) { ev.preventDefault(); mark((active + 1) % options.length); }
      else if (ev.key === "ArrowUp" && options.length) { ev.preventDefault(); mark((active - 1 + options.length) % options.length); }
      else if (ev.key === "Escape") close();
      else if (ev.key === "Enter") {
        ev.preventDefault();
        if (!el.suggestions.hidden && active >= 0 && options[active]) pick(options[active]);
        else { clearTimeout(timer); suggest(); }
      }
    });
    el.search.addEventListener("blur", () => setTimeout(close, 150));
    $("search-form").addEventListener("submit", (ev) => ev.preventDefault());
  }

  // ---------------------------------------------------------------- settings

  async function setUpRelations() {
    let values;
    try {
      const data = await gql(RELATIONS_QUERY);
      values = data.__type.enumValues;
    } catch (err) {
      values = Object.keys(RELATION_NAMES).map((name) => ({ name, description: null }));
      setStatus(`Could not read the relation kinds: ${err.message}`, true);
    }
    state.relationKinds = values.map((v) => v.name);
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
    $("fit").addEventListener("click", fitView);
    $("reset").addEventListener("click", undoExpansions);
    document.querySelectorAll(".try").forEach((b) => b.addEventListener("click", () => showFocus(b.dataset.id)));
    window.addEventListener("resize", () => { if (state.map.nodes.length) fitView(); });
  }

  // ---------------------------------------------------------------- start

  // For tests and the console: what is drawn, and what was asked for it.
  window.tkgraphMap = {
    nodes: () => [...el.nodes.querySelectorAll("g.node")].map((g) => g.dataset.id).sort(),
    edges: () => [...el.edges.querySelectorAll("g.edge")].map((g) => g.dataset.edgeId).sort(),
    request: () => (state.request ? JSON.parse(JSON.stringify(state.request)) : null),
    warnings: () => (state.warnings || []).map((w) => ({ ...w })),
    get version() { return state.version; },
    get busy() { return state.pending > 0; },
    show: showFocus,
    expand,
  };

  async function start() {
    for (const [key, id] of Object.entries({ status: "status", search: "search", suggestions: "suggestions",
      asOf: "as-of", asOfValue: "as-of-value", relationList: "relation-list", budget: "budget",
      svg: "map", viewport: "viewport", edges: "edges", nodes: "nodes", empty: "empty",
      summary: "summary", details: "details", banner: "coverage-banner" })) {
      el[key] = $(id);
    }
    readHash();
    setUpSettings();
    setUpSearch();
    setUpPanZoom();
    await setUpRelations();
    await showHash();
    // A fragment typed in or reached with Back: draw what it says.
    window.addEventListener("hashchange", () => { readHash(); syncControls(); showHash(); });
  }

  async function showHash() {
    if (!state.foci.length) return;
    el.empty.hidden = true;
    state.selected = { type: "node", id: state.foci[state.foci.length - 1] };
    await loadMap({ fresh: true });
    renderDetails();
  }

  function syncControls() {
    el.asOf.value = String(dateToSlider(state.asOf));
    showAsOf();
    el.budget.value = String(state.budget);
    el.relationList.querySelectorAll("input").forEach((b) => {
      b.checked = !state.relations || state.relations.includes(b.value);
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
