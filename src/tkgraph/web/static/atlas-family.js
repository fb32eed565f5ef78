// The instrument family view: the line of instruments an instrument belongs
// to, found in the data (the instruments linked to it, directly or through
// others, by amends / amended version / consolidates / supersedes between
// parties / supplements / replaces), drawn as one step line of bound parties
// per instrument, and, for a chosen state, a strip saying which instrument of
// the line binds it on 1 January of each year.
import { exportJson, graphql } from "./api.js";

// Okabe-Ito and a few darker tones: one colour per instrument of the line.
const LINE_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#1d232a",
  "#8c564b", "#7f7f7f", "#b8860b", "#2f4f4f", "#9467bd", "#17becf", "#bcbd22"];

// The strip's categories: the engine's statuses, with "bound" split by
// whether a later instrument supersedes this one between parties to both,
// and the years before the instrument was adopted set apart.
export const STRIP_CATEGORIES = {
  NOT_YET_ADOPTED: ["#ffffff", "not yet adopted"],
  BOUND: ["#009e73", "bound"],
  BOUND_SUPERSEDED: ["#a6d9c9", "bound, but superseded between parties by a later instrument of the line"],
  CONSENTED_NOT_IN_FORCE: ["#56b4e9", "consented, not yet in force"],
  SIGNED_ONLY: ["#f0e442", "signed only"],
  NO_LONGER_BOUND: ["#cc79a7", "no longer bound"],
  NOT_PARTICIPATING: ["#e3e7ea", "not participating"],
  UNKNOWN: ["#7a7a7a", "unknown: no record in a partial list of parties, or past the data"],
};

/** The instruments linked to `id` through any relation in the data, `id`
 *  included, oldest adoption first; `instruments` as the API lists them. */
export function familyOf(instruments, id) {
  const byId = new Map(instruments.map((n) => [n.id, n]));
  const found = new Set([id]);
  const queue = [id];
  while (queue.length) {
    const node = byId.get(queue.shift());
    for (const r of node?.relations || []) {
      if (!found.has(r.instrument.id) && byId.has(r.instrument.id)) {
        found.add(r.instrument.id);
        queue.push(r.instrument.id);
      }
    }
  }
  const key = (n) => n.adoptionDate || n.entryIntoForce || "9999";
  return [...found].map((i) => byId.get(i)).filter(Boolean)
    .sort((a, b) => (key(a) === key(b) ? (a.id < b.id ? -1 : 1) : (key(a) < key(b) ? -1 : 1)));
}

/** [later instrument, relation label, its entry into force, instruments it supersedes] */
function supersessions(members) {
  const inLine = new Set(members.map((m) => m.id));
  return members
    .map((m) => [m, (m.relations || []).filter((r) => r.relation === "supersedesBetweenParties" && inLine.has(r.instrument.id))])
    .filter(([, rs]) => rs.length)
    .map(([m, rs]) => [m, m.entryIntoForce, rs.map((r) => r.instrument.id)]);
}

const shortName = (n) => n.shortName || n.label || n.id;

/** "supersedesBetweenParties" -> "supersedes between parties" */
const words = (relation) => relation.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

/** What `m` does to the other instruments of the line, one phrase per relation
 *  (only the forward direction: the inverse is said by the other instrument). */
function relationText(m, inLine, names) {
  const byRelation = new Map();
  for (const r of m.relations || []) {
    if (!inLine.has(r.instrument.id) || !r.stated) continue;
    if (!byRelation.has(r.relation)) byRelation.set(r.relation, []);
    byRelation.get(r.relation).push(names.get(r.instrument.id));
  }
  return [...byRelation].map(([relation, targets]) =>
    `${words(relation)} ${targets.length > 2 ? `${targets.length} instruments of the line` : targets.join(" and ")}`);
}

// The bound count on `day`: the last point of the engine's timeline on or before it.
function boundOn(rows, day) {
  let bound = 0;
  for (const p of rows) { if (p.date <= day) bound = p.bound; else break; }
  return bound;
}

export class FamilyView {
  constructor({ chartEl, stripEl, listEl, noteEl }) {
    this.chartEl = chartEl;
    this.stripEl = stripEl;
    this.listEl = listEl;
    this.noteEl = noteEl;
    this.chart = window.echarts.init(chartEl, null, { renderer: "svg" });
    new ResizeObserver(() => this.chart.resize()).observe(chartEl);
    this.key = null;
    this.series = new Map(); // instrument id -> timeline rows
    this.coverage = new Map(); // instrument id -> coverage on the date
    this.stripKey = null;
  }

  /** Draw the line of `instrumentId` (and `withId` beside it, not linked) up to today. */
  async show({ instruments, instrumentId, withId, asOf, firstYear }) {
    const members = familyOf(instruments, instrumentId);
    const inLine = new Set(members.map((m) => m.id));
    const beside = withId && !inLine.has(withId) ? instruments.find((n) => n.id === withId) : null;
    const shown = beside ? [...members, beside] : members;
    const key = shown.map((m) => m.id).join(",");
    // Only the newest call draws: the slider may move while an older one loads.
    const turn = this.turn = (this.turn || 0) + 1;
    this.chartEl.dataset.state = "loading";
    if (key !== this.key) {
      const series = new Map();
      // One at a time: the downloads admit a few places per client.
      for (const m of shown) series.set(m.id, await exportJson("timeline", { instrument: m.id }));
      if (turn !== this.turn) return;
      this.series = series;
      this.key = key;
    }
    const coverage = await this.loadCoverage(shown, asOf);
    if (turn !== this.turn) return;
    this.coverage = coverage;
    this.members = members;
    this.beside = beside;
    this.chosen = instruments.find((n) => n.id === instrumentId);
    this.adoption = new Map(shown.map((m) => [m.id, m.adoptionDate]));
    this.asOf = asOf;
    this.drawChart(firstYear);
    this.drawList();
    this.chartEl.dataset.state = "ready";
    this.chartEl.dataset.asOf = asOf;
    this.chartEl.dataset.instruments = key;
    if (this.actor) await this.showState(this.actor, firstYear);
  }

  async loadCoverage(shown, asOf) {
    const fields = shown.map((m, i) => `i${i}: instrument(id: ${JSON.stringify(m.id)}) {
      coverage(asOf: ${JSON.stringify(asOf)}) { complete coverageDate unknown }
      participantLists { complete } }`);
    const { data } = await graphql(`{ ${fields.join("\n")} }`);
    return new Map(shown.map((m, i) => [m.id, {
      complete: data[`i${i}`].coverage.complete,
      coverageDate: data[`i${i}`].coverage.coverageDate,
      unknown: data[`i${i}`].coverage.unknown,
      everComplete: data[`i${i}`].participantLists.some((l) => l.complete),
    }]));
  }

  colourOf(id) {
    const all = [...this.members, ...(this.beside ? [this.beside] : [])];
    return LINE_COLOURS[all.findIndex((m) => m.id === id) % LINE_COLOURS.length];
  }

  name(m) {
    const partial = this.coverage.get(m.id)?.everComplete ? "" : " (partial list)";
    const linked = m === this.beside ? " [not linked in the data]" : "";
    return `${shortName(m)}${partial}${linked}`;
  }

  drawChart(firstYear) {
    const today = new Date().toISOString().slice(0, 10);
    const start = `${firstYear}-01-01`;
    const marks = [{ xAxis: this.asOf, label: { formatter: "as of", position: "end" }, lineStyle: { color: "#1d232a" } }];
    // The day a later instrument enters into force and begins to supersede
    // the older ones between parties to both.
    for (const [, day] of supersessions(this.members)) {
      if (!day) continue;
      marks.push({ xAxis: day, label: { formatter: "supersedes", position: "end", fontSize: 9, color: "#cc79a7" },
        lineStyle: { color: "#cc79a7", type: "dashed" } });
    }
    const series = [...this.members, ...(this.beside ? [this.beside] : [])].map((m, i) => {
      const rows = this.series.get(m.id).rows;
      const points = rows.map((p) => [p.date, p.bound]);
      if (points.length) points.push([today, points[points.length - 1][1]]);
      const complete = this.coverage.get(m.id)?.everComplete;
      return {
        name: this.name(m), type: "line", step: "end", showSymbol: false, data: points,
        itemStyle: { color: this.colourOf(m.id) },
        // A dashed line: the data hold no complete list of its parties.
        lineStyle: { width: m === this.beside ? 1.5 : 2, type: complete ? "solid" : "dashed" },
        ...(i === 0 ? { markLine: { symbol: "none", silent: true, data: marks } } : {}),
      };
    });
    this.chart.setOption({
      animation: false,
      title: { text: `Bound parties, ${firstYear} to today: the line of ${shortName(this.chosen)}`, left: 8, top: 4, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", orient: "vertical", right: 4, top: 28, bottom: 4, textStyle: { fontSize: 10, width: 210, overflow: "truncate" } },
      grid: { left: 40, right: 260, top: 32, bottom: 26 },
      xAxis: { type: "time", min: start, max: today },
      yAxis: { type: "value", minInterval: 1 },
      series,
    }, true);
  }

  /** The list beside the map: each instrument of the line, its relations,
   *  its bound count on the date and whether its list of parties is complete. */
  drawList() {
    const list = this.listEl;
    list.replaceChildren();
    const inLine = new Set(this.members.map((m) => m.id));
    const names = new Map([...this.members, ...(this.beside ? [this.beside] : [])].map((m) => [m.id, shortName(m)]));
    for (const m of [...this.members, ...(this.beside ? [this.beside] : [])]) {
      const cov = this.coverage.get(m.id);
      const bound = boundOn(this.series.get(m.id).rows, this.asOf);
      const li = document.createElement("li");
      li.dataset.instrument = m.id;
      li.dataset.bound = String(bound);
      li.dataset.complete = String(cov.complete);
      li.dataset.unknown = String(cov.unknown);
      li.dataset.linked = String(inLine.has(m.id));
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = this.colourOf(m.id);
      const text = document.createElement("span");
      const relations = relationText(m, inLine, names);
      const coverage = cov.complete ? "complete list"
        : cov.everComplete ? `past the complete list of ${cov.coverageDate}` : "partial list: states without a record may have been bound";
      // Unknown: a record the engine cannot date (no entry into force in the
      // data, say) or no record in a partial list: the count is a lower bound.
      const unknown = cov.unknown ? `, ${cov.unknown} unknown` : "";
      text.textContent = `${shortName(m)}: ${bound} bound${unknown} (${coverage})`
        + (relations.length ? `; ${relations.join("; ")}` : "")
        + (inLine.has(m.id) ? "" : "; not linked to the line in the data, shown beside it for comparison");
      li.append(swatch, text);
      list.append(li);
    }
    const partial = this.members.filter((m) => !this.coverage.get(m.id).complete).length;
    this.noteEl.textContent = partial
      ? `On ${this.asOf}, the data hold no complete list of parties for ${partial} of the ${this.members.length} instruments of the line: their counts are lower bounds, as states without a record may have been bound. A dashed line: the data hold no complete list of that instrument's parties on any date. Unknown: the data cannot tell (a record without an entry into force, or no record in a partial list).`
      : `On ${this.asOf}, the data hold a complete list of parties for every instrument of the line.`;
  }

  /** The strip of one state: its status in each instrument of the line on
   *  1 January of each year, as the engine answers (bindingMatrix). */
  async showState(actor, firstYear) {
    this.actor = actor;
    if (!this.members) return; // the line is still loading: show() draws the strip once it has it
    const turn = this.stripTurn = (this.stripTurn || 0) + 1;
    const shown = [...this.members, ...(this.beside ? [this.beside] : [])];
    const lastYear = Number(new Date().toISOString().slice(0, 4));
    const key = `${actor.id}|${shown.map((m) => m.id).join(",")}|${firstYear}`;
    this.stripEl.dataset.state = "loading";
    if (key !== this.stripKey) {
      const years = [];
      for (let y = firstYear; y <= lastYear; y++) years.push(y);
      const cells = new Map(); // instrument id -> [[year, category, binding]]
      for (const m of shown) cells.set(m.id, []);
      // At most 25 years per request: the API admits 30 aliases a query.
      for (let i = 0; i < years.length; i += 25) {
        const part = years.slice(i, i + 25);
        const fields = part.map((y) => `y${y}: bindingMatrix(actors: $actors, instruments: $instruments, asOf: "${y}-01-01") {
          status instrument { id } supersession { since by { id shortName label } } }`);
        const { data } = await graphql(`query($actors: [ID!]!, $instruments: [ID!]!) { ${fields.join("\n")} }`,
          { actors: [actor.id], instruments: shown.map((m) => m.id) });
        for (const y of part) {
          for (const b of data[`y${y}`][0]) {
            const adopted = this.adoption.get(b.instrument.id);
            const category = adopted && `${y}-01-01` < adopted ? "NOT_YET_ADOPTED" : stripCategory(b);
            cells.get(b.instrument.id).push([y, category, b]);
          }
        }
      }
      if (turn !== this.stripTurn) return;
      this.cells = cells;
      this.stripKey = key;
    }
    this.drawStrip(actor, shown, firstYear, lastYear);
    this.stripEl.dataset.state = "ready";
    this.stripEl.dataset.actor = actor.id;
  }

  drawStrip(actor, shown, firstYear, lastYear) {
    const el = this.stripEl;
    el.replaceChildren();
    const head = document.createElement("p");
    head.className = "strip-title";
    head.textContent = `${actor.label}: its status in each instrument of the line, 1 January of each year`;
    const ns = "http://www.w3.org/2000/svg";
    const labelW = 160, rowH = 12, gap = 2, width = 560;
    const yearW = (width - labelW) / (lastYear - firstYear + 1);
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${shown.length * (rowH + gap) + 14}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", head.textContent);
    shown.forEach((m, row) => {
      const y = row * (rowH + gap);
      const label = document.createElementNS(ns, "text");
      label.setAttribute("x", "0");
      label.setAttribute("y", String(y + rowH - 2));
      label.setAttribute("font-size", "9");
      label.textContent = shortName(m).length > 32 ? `${shortName(m).slice(0, 31)}…` : shortName(m);
      label.append(Object.assign(document.createElementNS(ns, "title"), { textContent: shortName(m) }));
      svg.append(label);
      // consecutive years with the same answer make one run
      const runs = [];
      for (const [year, category, b] of this.cells.get(m.id)) {
        const last = runs[runs.length - 1];
        const by = b.supersession?.by?.id || "";
        if (last && last.category === category && last.by === by) last.to = year;
        else runs.push({ from: year, to: year, category, by, binding: b });
      }
      for (const run of runs) {
        const rect = document.createElementNS(ns, "rect");
        rect.setAttribute("x", String(labelW + (run.from - firstYear) * yearW));
        rect.setAttribute("y", String(y));
        rect.setAttribute("width", String((run.to - run.from + 1) * yearW));
        rect.setAttribute("height", String(rowH));
        rect.setAttribute("fill", STRIP_CATEGORIES[run.category][0]);
        rect.setAttribute("stroke", "#c9ced3");
        rect.setAttribute("stroke-width", "0.3");
        rect.classList.add("run");
        rect.dataset.instrument = m.id;
        rect.dataset.from = String(run.from);
        rect.dataset.to = String(run.to);
        rect.dataset.category = run.category;
        rect.dataset.status = run.binding.status;
        const title = document.createElementNS(ns, "title");
        const by = run.binding.supersession?.by;
        title.textContent = `${shortName(m)}, ${run.from}${run.to > run.from ? `-${run.to}` : ""}: ${STRIP_CATEGORIES[run.category][1]}`
          + (run.category === "BOUND_SUPERSEDED" && by ? ` (by ${shortName(by)} since ${run.binding.supersession.since})` : "");
        rect.append(title);
        svg.append(rect);
      }
    });
    const axisY = shown.length * (rowH + gap) + 10;
    for (let year = Math.ceil(firstYear / 20) * 20; year <= lastYear; year += 20) {
      const t = document.createElementNS(ns, "text");
      t.setAttribute("x", String(labelW + (year - firstYear) * yearW));
      t.setAttribute("y", String(axisY));
      t.setAttribute("font-size", "8");
      t.textContent = String(year);
      svg.append(t);
    }
    const asOfYear = Number((this.asOf || "").slice(0, 4));
    if (asOfYear >= firstYear && asOfYear <= lastYear) {
      const line = document.createElementNS(ns, "line");
      const x = labelW + (asOfYear - firstYear + 0.5) * yearW;
      line.setAttribute("x1", String(x));
      line.setAttribute("x2", String(x));
      line.setAttribute("y1", "0");
      line.setAttribute("y2", String(axisY - 8));
      line.setAttribute("stroke", "#1d232a");
      line.classList.add("as-of");
      svg.append(line);
    }
    const legend = document.createElement("ul");
    legend.className = "strip-legend";
    for (const [key, [fill, text]] of Object.entries(STRIP_CATEGORIES)) {
      const li = document.createElement("li");
      li.dataset.category = key;
      li.innerHTML = `<span class="swatch" style="background:${fill}"></span><span></span>`;
      li.children[1].textContent = text;
      legend.append(li);
    }
    el.append(head, svg, legend);
  }

  clearState(message) {
    this.actor = null;
    this.stripKey = null;
    this.stripEl.replaceChildren();
    const p = document.createElement("p");
    p.className = "hint";
    p.textContent = message;
    this.stripEl.append(p);
    this.stripEl.dataset.state = "empty";
  }
}

/** A strip category from one binding (the engine gives a supersession only
 *  when the later instrument binds the state on the same day). */
export function stripCategory(binding) {
  if (binding.status === "BOUND" && binding.supersession) return "BOUND_SUPERSEDED";
  return binding.status in STRIP_CATEGORIES ? binding.status : "UNKNOWN";
}
