// Drawing the relationship map with Cytoscape.js and its fcose layout, fed
// with the `cytoscape` elements the API serves for a relationshipMap. Nodes
// already on the map keep their place when the map grows, so an expansion
// reads as "these are new". The colours are the Okabe-Ito palette, and each
// group also has its own shape.
const GROUP_STYLE = {
  actor: { color: "#0072b2", shape: "ellipse" },
  instrument: { color: "#d55e00", shape: "round-rectangle" },
  activity: { color: "#009e73", shape: "diamond" },
  other: { color: "#7a7a7a", shape: "triangle" },
};
const LABEL_MAX = 28;

window.cytoscape.use(window.cytoscapeFcose);

function shortLabel(text) {
  return text.length > LABEL_MAX ? text.slice(0, LABEL_MAX - 1) + "…" : text;
}

const STYLE = [
  { selector: "node", style: {
    "background-color": (n) => (GROUP_STYLE[n.data("group")] || GROUP_STYLE.other).color,
    shape: (n) => (GROUP_STYLE[n.data("group")] || GROUP_STYLE.other).shape,
    width: (n) => 16 + Math.min(14, 2 * Math.sqrt(n.degree())),
    height: (n) => 16 + Math.min(14, 2 * Math.sqrt(n.degree())),
    label: "data(caption)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
    "text-background-color": "#f5f7f9", "text-background-opacity": 0.8, "text-background-padding": 1,
    "border-width": 1.5, "border-color": "#fff", color: "#1d232a",
  } },
  { selector: "node.focus", style: { "border-width": 3, "border-color": "#1d232a" } },
  { selector: 'node[verification = "unverified"]', style: { "border-style": "dashed", "border-color": "#a40000", "border-width": 2.5 } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#cc79a7" } },
  { selector: "edge", style: {
    width: 1.4, "line-color": "#a7b0ba", "curve-style": "bezier", "target-arrow-shape": "triangle",
    "target-arrow-color": "#a7b0ba", "arrow-scale": 0.7, label: "data(label)", "font-size": 8,
    color: "#5b6670", "text-rotation": "autorotate", "text-opacity": 0,
  } },
  { selector: "edge[?derived]", style: { "line-style": "dashed" } },
  // What the data cover (#11): a status the data cannot know on the asked date,
  // a binding carried forward past the newest list, an unverified claim.
  { selector: 'edge[status = "UNKNOWN"]', style: { "line-style": "dotted", "line-color": "#7a7a7a", "target-arrow-color": "#7a7a7a", width: 2 } },
  { selector: "edge[?carriedForward]", style: { "line-style": "dashed", "line-dash-pattern": [8, 3] } },
  { selector: 'edge[verification = "unverified"]', style: { "line-style": "dashed", "line-dash-pattern": [2, 2] } },
  { selector: "edge.near, edge:selected", style: { width: 2.6, "line-color": "#39434d", "target-arrow-color": "#39434d", "text-opacity": 1 } },
  { selector: ".dim", style: { opacity: 0.25 } },
];

export class MapView {
  constructor(container, { onSelect, onExpand }) {
    this.cy = window.cytoscape({
      container, style: STYLE, wheelSensitivity: 0.3, minZoom: 0.1, maxZoom: 6,
      boxSelectionEnabled: false, selectionType: "single",
    });
    // Cytoscape fires dbltap for any two taps close in time, wherever they
    // land: a tap on the background or a link and then one on a node would
    // expand that node. Expand only when both taps hit the same node.
    let taps = [null, null];
    this.cy.on("tap", (ev) => { taps = [taps[1], ev.target === this.cy ? null : ev.target.id()]; });
    this.cy.on("tap", "node", (ev) => onSelect({ type: "node", id: ev.target.id() }));
    this.cy.on("tap", "edge", (ev) => onSelect({ type: "edge", id: ev.target.id() }));
    this.cy.on("tap", (ev) => { if (ev.target === this.cy) onSelect(null); });
    this.cy.on("dbltap", "node", (ev) => { if (taps[0] === ev.target.id()) onExpand(ev.target.id()); });
    this.cy.on("mouseover", "node, edge", (ev) => this.highlight(ev.target));
    this.cy.on("mouseout", "node, edge", () => this.highlight(null));
  }

  /** Replace the drawing with `elements` (the API's cytoscape JSON); resolves when laid out. */
  draw(elements, foci, fresh) {
    const cy = this.cy;
    const old = new Map(fresh ? [] : cy.nodes().map((n) => [n.id(), n.position()]));
    cy.elements().remove();
    const focusSet = new Set(foci);
    for (const n of elements.nodes) {
      const hidden = n.data.hiddenNeighbours;
      n.data.caption = shortLabel(n.data.label) + (hidden ? `  +${hidden}` : "");
    }
    cy.add(elements);
    cy.nodes().forEach((n) => n.toggleClass("focus", focusSet.has(n.id())));
    // New nodes start beside a neighbour already placed; kept nodes stay put.
    let kept = 0;
    cy.nodes().forEach((n) => {
      if (old.has(n.id())) { n.position(old.get(n.id())); kept += 1; return; }
      const anchor = n.neighborhood("node").filter((m) => old.has(m.id()))[0];
      if (anchor) {
        const p = old.get(anchor.id());
        n.position({ x: p.x + (Math.random() - 0.5) * 60, y: p.y + (Math.random() - 0.5) * 60 });
      }
    });
    return new Promise((resolve) => {
      const layout = cy.layout({
        name: "fcose", animate: false, randomize: kept === 0, quality: "default",
        nodeRepulsion: 9000, idealEdgeLength: 90, packComponents: true,
        fixedNodeConstraint: kept && kept < cy.nodes().length
          ? cy.nodes().filter((n) => old.has(n.id())).map((n) => ({ nodeId: n.id(), position: old.get(n.id()) }))
          : undefined,
      });
      layout.one("layoutstop", () => { this.fit(); resolve(); });
      layout.run();
    });
  }

  select(sel) {
    this.cy.elements().unselect();
    if (sel) this.cy.getElementById(sel.id).select();
  }

  highlight(target) {
    const cy = this.cy;
    cy.elements().removeClass("dim near");
    if (!target) return;
    const near = target.isNode() ? target.closedNeighborhood() : target.union(target.connectedNodes());
    cy.elements().not(near).addClass("dim");
    near.edges().addClass("near");
  }

  // Fit the map to the screen, but never zoom a small map in so far that its
  // labels grow past reading size.
  fit() {
    this.cy.fit(undefined, 30);
    if (this.cy.zoom() > 1.2) this.cy.zoom({ level: 1.2, renderedPosition: { x: this.cy.width() / 2, y: this.cy.height() / 2 } });
    this.cy.center();
  }

  /** For tests: where an element is drawn, in page coordinates. */
  pagePosition(id) {
    const el = this.cy.getElementById(id);
    if (el.empty()) return null;
    const p = el.isNode() ? el.renderedPosition() : el.renderedMidpoint();
    const box = this.cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  }

  drawnNodes() {
    return Object.fromEntries(this.cy.nodes().map((n) => [n.id(), n.data("hiddenNeighbours")]));
  }

  drawnEdges() { return this.cy.edges().map((e) => e.id()).sort(); }

  /** Links drawn as UNKNOWN (the status the data cannot know on the asked date). */
  unknownEdges() { return this.cy.edges('[status = "UNKNOWN"]').map((e) => e.id()).sort(); }
}
