// Drawing the world: Natural Earth shapes (world-atlas, TopoJSON) projected
// with d3-geo; each shape joined to a state by its ISO 3166-1 numeric code
// (i18n-iso-countries' table gives numeric <-> alpha-2). Shapes with no state
// in the data stay neutral.
const SVG_NS = "http://www.w3.org/2000/svg";

export async function loadWorld() {
  const [topology, codes] = await Promise.all([
    fetch("/static/vendor/world-atlas/countries-50m.json").then((r) => r.json()),
    fetch("/static/vendor/i18n-iso-countries/codes.json").then((r) => r.json()),
  ]);
  const iso2ByNumeric = new Map(codes.map(([a2, , num]) => [num, a2]));
  const features = window.topojson.feature(topology, topology.objects.countries).features;
  for (const f of features) f.iso2 = iso2ByNumeric.get(f.id) || null;
  return features;
}

export class WorldMap {
  constructor(svg, features, { onHover, onClick }) {
    this.svg = svg;
    this.features = features;
    this.paths = new Map(); // iso2 -> [path elements]
    this.onHover = onHover;
    this.onClick = onClick;
    this.draw();
    new ResizeObserver(() => this.draw()).observe(svg);
  }

  draw() {
    const { width, height } = this.svg.getBoundingClientRect();
    if (!width || !height) return;
    const projection = window.d3.geoNaturalEarth1().fitExtent([[8, 8], [width - 8, height - 8]], { type: "Sphere" });
    const path = window.d3.geoPath(projection);
    this.svg.replaceChildren();
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const sphere = document.createElementNS(SVG_NS, "path");
    sphere.setAttribute("d", path({ type: "Sphere" }));
    sphere.setAttribute("class", "sphere");
    this.svg.append(sphere);
    this.paths.clear();
    for (const feature of this.features) {
      const el = document.createElementNS(SVG_NS, "path");
      el.setAttribute("d", path(feature) || "");
      el.setAttribute("class", feature.iso2 ? "country" : "country neutral");
      el.dataset.name = feature.properties.name;
      if (feature.iso2) {
        el.dataset.iso2 = feature.iso2;
        if (!this.paths.has(feature.iso2)) this.paths.set(feature.iso2, []);
        this.paths.get(feature.iso2).push(el);
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "button");
        el.addEventListener("mousemove", (event) => this.onHover(feature.iso2, event));
        el.addEventListener("mouseleave", () => this.onHover(null));
        el.addEventListener("click", () => this.onClick(feature.iso2));
        el.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); this.onClick(feature.iso2); }
        });
      }
      this.svg.append(el);
    }
    if (this.lastColours) this.colour(this.lastColours);
  }

  /** colours: Map iso2 -> {category, fill}; shapes of other states stay neutral. */
  colour(colours) {
    this.lastColours = colours;
    for (const [iso2, elements] of this.paths) {
      const c = colours.get(iso2);
      for (const el of elements) {
        el.style.fill = c ? c.fill : "#f7f7f5";
        // an outline in a second colour (the tier, in instrument mode), else the stylesheet's
        el.style.stroke = c && c.outline ? c.outline : "";
        el.style.strokeWidth = c && c.outline ? "1.8" : "";
        el.dataset.status = c ? c.category : "NO_STATE";
        if (c && c.tier) el.dataset.tier = c.tier; else delete el.dataset.tier;
        el.setAttribute("aria-label", `${el.dataset.name}: ${c ? c.label : "no state in the data"}`);
      }
    }
  }

  /** ISO codes that have a shape on this map. */
  drawnCodes() {
    return new Set(this.paths.keys());
  }

  select(iso2) {
    for (const el of this.svg.querySelectorAll(".selected")) el.classList.remove("selected");
    for (const el of this.paths.get(iso2) || []) el.classList.add("selected");
  }
}
