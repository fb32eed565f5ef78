// The timeline charts, drawn with ECharts (vendored): bound parties over time
// as a step line (coverage date marked, newest dated party count as a point)
// and consents deposited per year.
export class Timeline {
  constructor(lineEl, barsEl) {
    this.lineEl = lineEl;
    this.line = window.echarts.init(lineEl, null, { renderer: "svg" });
    this.bars = window.echarts.init(barsEl, null, { renderer: "svg" });
    new ResizeObserver(() => { this.line.resize(); this.bars.resize(); }).observe(lineEl);
  }

  show(series, label, asOf) {
    this.lineEl.dataset.state = "ready";
    this.lineEl.dataset.asOf = asOf;
    const points = series.rows.map((p) => [p.date, p.bound]);
    const meta = series.meta;
    const marks = [];
    if (asOf) marks.push({ xAxis: asOf, label: { formatter: "as of", position: "end" }, lineStyle: { color: "#1d232a" } });
    if (meta.coverageDate) {
      marks.push({ xAxis: meta.coverageDate, label: { formatter: "complete list", position: "end" },
        lineStyle: { color: "#d55e00", type: "dashed" } });
    }
    const extra = [];
    if (meta.newestPartyCount && meta.newestPartyCount.asOf) {
      extra.push({
        name: "dated party count (source)", type: "scatter", symbolSize: 10,
        itemStyle: { color: "#d55e00" },
        data: [[meta.newestPartyCount.asOf, meta.newestPartyCount.value]],
      });
    }
    this.line.setOption({
      animation: false, // the chart is redrawn on every date change; no sweep to wait for
      title: { text: `Bound: ${label}`, left: 8, top: 4, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      legend: { right: 8, top: 4, textStyle: { fontSize: 11 } },
      grid: { left: 44, right: 24, top: 36, bottom: 28 },
      xAxis: { type: "time" },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: "bound (engine)", type: "line", step: "end", showSymbol: false, data: points,
        itemStyle: { color: "#009e73" }, areaStyle: { opacity: 0.12 }, markLine: { symbol: "none", data: marks } }, ...extra],
    }, true);
    this.bars.setOption({
      animation: false,
      title: { text: "Consents per year", left: 8, top: 4, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      grid: { left: 36, right: 12, top: 36, bottom: 28 },
      xAxis: { type: "category", data: meta.consentsPerYear.map((p) => String(p.year)) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: meta.consentsPerYear.map((p) => p.count), itemStyle: { color: "#0072b2" } }],
    }, true);
  }

  /** Tier distribution per report year: states bound by the instrument (left bar)
   *  and not bound (right bar), stacked by rating; tiers: [id, colour, label]. */
  showTiers(series, label, tiers) {
    const el = this.tiersEl || (this.tiersEl = document.getElementById("tiers"));
    if (!this.tierChart) {
      this.tierChart = window.echarts.init(el, null, { renderer: "svg" });
      new ResizeObserver(() => this.tierChart.resize()).observe(el);
    }
    const years = [...new Set(series.rows.map((r) => r.report_year))].sort();
    const groups = ["bound", "not bound"];
    const count = (year, group, tier) => series.rows
      .filter((r) => r.report_year === year && r.group === group && r.rating === tier)
      .reduce((n, r) => n + r.states, 0);
    const stacks = [];
    for (const group of groups) {
      for (const [tier, colour, name] of tiers) {
        stacks.push({ name: `${name}`, type: "bar", stack: group, itemStyle: { color: colour },
          data: years.map((y) => count(y, group, tier)), emphasis: { focus: "series" } });
      }
    }
    el.dataset.state = "ready";
    el.dataset.years = years.join(",");
    this.tierChart.setOption({
      animation: false,
      title: { text: `TIP Report tiers: bound by ${label} (left) / not bound (right), 1 January`, left: 8, top: 4, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 12, top: 36, bottom: 28 },
      xAxis: { type: "category", data: years.map(String) },
      yAxis: { type: "value", minInterval: 1, name: "states" },
      series: stacks,
    }, true);
  }

  clear() { this.line.clear(); this.bars.clear(); this.lineEl.dataset.state = "empty"; }
}
