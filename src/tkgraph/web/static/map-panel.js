// The details panel of the relationship map: a node's facts, figures and
// sources, or a link's evidence with the sources of each record behind it.
import { graphql } from "./api.js";
import { datesText, edgeById, edgeSentence, findSelected, formatDate, nodeById, state } from "./map-state.js";

const EDGE_QUERY = `query Edge($ends: [ID!]!, $relations: [RelationKind!], $asOf: Date) {
  relationshipMap(focus: $ends, depth: 0, relations: $relations, asOf: $asOf, budget: 2) {
    edges { id evidence { id label sources { title address asOf isSecondary } } }
  }
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
export const RELATION_NAMES = {
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

export function h(tag, attrs, ...children) {
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

function sourceList(sources) {
  if (!sources || !sources.length) return h("p", { class: "meta" }, "No source given.");
  return h("ul", { class: "sources" }, sources.map((s) =>
    h("li", {},
      s.address ? h("a", { href: s.address, target: "_blank", rel: "noopener noreferrer" }, s.title || s.address)
        : (s.title || "untitled source"),
      s.asOf ? ` (as of ${formatDate(s.asOf)})` : "",
      s.isSecondary ? h("span", { class: "secondary" }, " · secondary source") : "")));
}

export class Panel {
  constructor(element, actions) {
    this.el = element;
    this.actions = actions; // {select, expand, showFocus}
    this.seq = 0;
  }

  async render() {
    const sel = state.selected;
    const seq = ++this.seq;
    if (!sel || !findSelected()) {
      this.el.replaceChildren(h("p", { class: "hint" },
        "Select a node or a link to see its details, evidence and sources. Drag to pan, use the wheel to zoom."));
      return;
    }
    if (sel.type === "edge") {
      const edge = edgeById(sel.id);
      this.el.replaceChildren(this.edgeDetails(edge, null));
      try {
        const request = state.request || {};
        const { data } = await graphql(EDGE_QUERY, { ends: [edge.source, edge.target],
          relations: request.relations || null, asOf: request.asOf || null });
        if (seq !== this.seq) return;
        const found = data.relationshipMap.edges.find((e) => e.id === edge.id);
        this.el.replaceChildren(this.edgeDetails(edge, found ? found.evidence : []));
      } catch (err) {
        if (seq === this.seq) this.el.append(h("p", { class: "meta" }, `Could not load the evidence: ${err.message}`));
      }
      return;
    }
    const mapNode = nodeById(sel.id);
    this.el.replaceChildren(this.nodeHeader(mapNode, null), h("p", { class: "meta" }, "Loading details …"));
    try {
      const { data } = await graphql(NODE_QUERY, { id: sel.id });
      if (seq === this.seq) this.el.replaceChildren(this.nodeDetails(mapNode, data.node));
    } catch (err) {
      if (seq === this.seq) {
        this.el.replaceChildren(this.nodeHeader(mapNode, null), h("p", { class: "meta" }, `Could not load details: ${err.message}`));
      }
    }
  }

  nodeHeader(mapNode, full) {
    const title = (full && full.label) || mapNode.label;
    const kind = (full && full.kind) || mapNode.type;
    const actions = h("div", { class: "actions" },
      mapNode.hiddenNeighbours > 0
        ? h("button", { type: "button", class: "expand", onclick: () => this.actions.expand(mapNode.id) }, `Expand (+${mapNode.hiddenNeighbours})`)
        : null,
      state.foci.length === 1 && state.foci[0] === mapNode.id ? null
        : h("button", { type: "button", onclick: () => this.actions.showFocus(mapNode.id) }, "Map this node alone"));
    return h("div", { class: "node-header" },
      h("h2", {}, title),
      h("p", { class: "meta" }, `${kind} · ${mapNode.group} · `, h("code", {}, mapNode.id), " · ",
        h("a", { href: `/id/${mapNode.id.replace(":", "/")}`, class: "node-page" }, "its page")),
      mapNode.verification ? h("p", { class: "unverified" }, `Marked ${mapNode.verification} in the data.`) : null,
      actions);
  }

  nodeDetails(mapNode, full) {
    const parts = [this.nodeHeader(mapNode, full)];
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
          f.asOf ? ` (as of ${formatDate(f.asOf)})` : "", sourceList(f.sources)))));
    }
    parts.push(h("h3", {}, "Sources"), sourceList(full.sources));
    const links = state.map.edges.filter((e) => e.source === mapNode.id || e.target === mapNode.id);
    if (links.length) {
      parts.push(h("h3", {}, `Links in this map (${links.length})`), h("ul", { class: "links" }, links.map((e) =>
        h("li", {}, h("button", { type: "button", class: "link", "data-edge-id": e.id,
          onclick: () => this.actions.select({ type: "edge", id: e.id }) }, edgeSentence(e))))));
    }
    return h("div", {}, parts);
  }

  edgeDetails(e, evidence) {
    const a = nodeById(e.source), b = nodeById(e.target);
    const nodeButton = (n, id) => h("button", { type: "button", class: "link",
      onclick: () => this.actions.select({ type: "node", id }) }, n ? n.label : id);
    const facts = [h("dt", {}, "Kind"), h("dd", {}, RELATION_NAMES[e.kind] || e.kind)];
    if (e.startDate || e.endDate) facts.push(h("dt", {}, "Dates"), h("dd", {}, datesText(e.startDate, e.endDate)));
    facts.push(h("dt", {}, "Basis"), h("dd", {}, e.derived ? "derived (bound through membership)" : "asserted in the data"));
    if (e.status) facts.push(h("dt", {}, "Status"), h("dd", {}, e.status + (e.carriedForward ? " (carried forward past the data)" : "")));
    if (e.verification) facts.push(h("dt", {}, "Checked"), h("dd", {}, e.verification));
    return h("div", { "data-edge-id": e.id },
      h("h2", {}, nodeButton(a, e.source), ` ${e.label} `, nodeButton(b, e.target)),
      h("dl", {}, facts),
      h("h3", {}, `Evidence (${e.evidenceCount})`),
      evidence === null ? h("p", { class: "meta" }, "Loading the evidence …")
        : evidence.map((ev) => h("div", { class: "evidence" },
          h("p", {}, h("strong", {}, ev.label || ev.id)), sourceList(ev.sources))));
  }
}
