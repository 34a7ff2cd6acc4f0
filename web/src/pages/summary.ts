// Aggregated figures of any plan with what each rests on, a chart per indicator, every download, and the report versions.
import { api, download } from "../api";
import { app, fail, getPlan, go, listPlans, page, pickers, say, yearsOf } from "../app";
import { field, formatDate, h, select, svg } from "../dom";
import { fmt, t } from "../strings";
import type { Measure, ReportRequest } from "../types";
import { type StoredVersion, versionTable } from "../report-files";
import { type Completeness, completenessLine, judgement, measure, restsOn, shown, type SummaryIndicator } from "../figures";

interface Summary { planTitle: string; period: string; stale: boolean; dataAsOf?: string; completeness: Completeness[]; indicators: SummaryIndicator[] }
interface Report extends StoredVersion { reportId: string; kind: string }
const VIEWS = ["regional", "states", "completeness", "activities", "gaps", "narratives"] as const;
const INK = "#0b4f8a", LIGHT = "#cfe0f0", TARGET = "#a11d1d";

let charts = 0;

/** The axis end: 1, 2, 2.5 or 5 times a power of ten, just above the largest value. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 2.5, 5, 10].find((m) => m * power >= value * 1.05) ?? 10) * power;
}

/** The hatch that marks a provisional bar, here and in the legend (no colour alone tells it apart). */
function hatch(id: string): SVGPatternElement {
  return svg("pattern", { id, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
    svg("rect", { width: 6, height: 6, fill: LIGHT }), svg("rect", { width: 2, height: 6, fill: INK }));
}

/**
 * Horizontal bars, one per state with a figure; inline SVG in the page's font, so it needs no script library and no
 * inline style. Accepted bars are solid, provisional ones hatched; the axis carries the unit; a target comparable
 * with one state's figure (a mean or a rate) is a labelled dashed line. The legend is below, clear of the bars.
 */
function chart(indicator: SummaryIndicator, target: Measure | undefined, width: number): HTMLElement {
  const rows = indicator.byState.filter((r) => typeof r.value === "number");
  const comparable = target !== undefined && (indicator.stateRule === "weightedMean" || indicator.stateRule === "mean");
  const max = niceMax(Math.max(...rows.map((r) => r.value!), comparable ? target!.value : 0));
  const barH = 24, labelW = 48, valueW = 84, top = comparable ? 22 : 6, axisH = 40;
  const plotW = width - labelW - valueW;
  const height = top + Math.max(1, rows.length) * barH + axisH;
  const x = (v: number) => labelW + (plotW * v) / max;
  const id = `hatch-${++charts}`;
  const titleId = `chart-title-${charts}`;
  const unit = indicator.kind === "percentage" ? t.summary.percent : indicator.unit ?? t.summary.valueUnit;
  const el = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart", "aria-labelledby": titleId },
    svg("title", { id: titleId }, `${indicator.code} ${indicator.title}: ${rows.map((r) => `${r.state} ${shown(indicator.kind, r.value)}${r.status === "accepted" ? "" : " " + t.summary.provisional}`).join(", ")}`),
    svg("defs", {}, hatch(id)));
  const axisY = top + Math.max(1, rows.length) * barH;
  // The target goes under the bars and their labels, so it never hides a figure.
  if (comparable) {
    const tx = x(target!.value);
    el.append(
      svg("line", { x1: tx, y1: top - 4, x2: tx, y2: axisY, stroke: TARGET, "stroke-width": 2, "stroke-dasharray": "6 4" }),
      svg("text", { x: Math.min(tx, width - 4), y: 14, "font-size": 13, fill: TARGET, "font-weight": 600, "text-anchor": tx > width / 2 ? "end" : "start" },
        fmt(t.summary.targetLabel, { year: target!.year, value: shown(indicator.kind, target!.value) })));
  }
  rows.forEach((r, i) => {
    const y = top + i * barH + 3;
    const w = Math.max(1, x(r.value!) - labelW);
    const official = r.status === "accepted";
    el.append(
      svg("text", { x: 0, y: y + 14, class: "chart-label" }, r.state),
      official ? svg("rect", { x: labelW, y, width: w, height: barH - 8, class: "bar" })
        : svg("rect", { x: labelW, y, width: w, height: barH - 8, fill: `url(#${id})`, stroke: INK, "stroke-width": 1 }),
      // A white halo keeps the figure legible where the target line runs behind it.
      svg("text", { x: labelW + w + 6, y: y + 14, class: "chart-label", stroke: "#ffffff", "stroke-width": 4, "paint-order": "stroke" }, shown(indicator.kind, r.value) + (official ? "" : " *")));
  });
  el.append(svg("line", { x1: labelW, y1: axisY, x2: labelW + plotW, y2: axisY, stroke: "#4a5360", "stroke-width": 1 }));
  for (const tick of [0, max / 2, max]) {
    el.append(
      svg("line", { x1: x(tick), y1: axisY, x2: x(tick), y2: axisY + 4, stroke: "#4a5360", "stroke-width": 1 }),
      svg("text", { x: x(tick), y: axisY + 17, class: "chart-label", "text-anchor": tick === 0 ? "start" : tick === max ? "end" : "middle" }, shown(indicator.kind, tick)));
  }
  el.append(svg("text", { x: labelW + plotW / 2, y: axisY + 34, class: "chart-label", "text-anchor": "middle" }, unit));
  const swatch = (...children: SVGElement[]) => svg("svg", { width: 28, height: 14, "aria-hidden": "true", class: "swatch" }, ...children);
  const legend = h("ul", { class: "legend" },
    h("li", {}, swatch(svg("rect", { width: 28, height: 14, class: "bar" })), " ", t.summary.legendOfficial),
    rows.some((r) => r.status !== "accepted")
      ? h("li", {}, swatch(svg("defs", {}, hatch(id + "-key")), svg("rect", { width: 28, height: 14, fill: `url(#${id}-key)`, stroke: INK })), " ", t.summary.legendProvisional) : null,
    comparable ? h("li", {}, swatch(svg("line", { x1: 0, y1: 7, x2: 28, y2: 7, stroke: TARGET, "stroke-width": 2, "stroke-dasharray": "6 4" })), " ", t.summary.legendTarget) : null);
  return h("figure", { class: "chart-figure" }, el, legend,
    target && !comparable ? h("p", { class: "hint" }, t.summary.targetNotDrawn) : null,
    h("p", { class: "hint" }, fmt(t.summary.chartRestsOn, { coverage: restsOn(indicator.coverage) })));
}

function downloads(path: string, year: number | undefined): HTMLElement {
  const get = (query: Record<string, string | number | undefined>) => void download(path, { year, ...query }).then((n) => say(n)).catch(fail);
  return h("section", { class: "card" }, h("h2", {}, t.summary.downloads),
    h("p", { class: "actions" },
      h("button", { type: "button", onclick: () => get({ format: "xlsx" }) }, t.summary.downloadXlsx),
      ...VIEWS.map((view) => h("button", { type: "button", class: "secondary", onclick: () => get({ format: "csv", view }) }, fmt(t.summary.downloadCsv, { view: t.summary.views[view] })))));
}

export async function summaryPage(params: URLSearchParams): Promise<void> {
  const all = await listPlans();
  const chosen = all.find((p) => p.id === params.get("plan")) ?? all.find((p) => p.id.startsWith("somswd")) ?? all[0];
  const years = yearsOf(chosen);
  const yearParam = Number(params.get("year"));
  const year = years.includes(yearParam) ? yearParam : undefined;
  const planSelect = select(all.map((p): [string, string] => [p.id, p.title]), chosen.id);
  const yearSelect = select([["", t.summary.allYears], ...years.map((y): [string, string] => [String(y), String(y)])], year ? String(year) : "");
  // Another plan has other years: changing the plan opens it at once, for the whole plan to date.
  planSelect.addEventListener("change", () => go("summary", { plan: planSelect.value }));
  const pick = h("form", { class: "pickers", onsubmit: (e: Event) => { e.preventDefault(); go("summary", { plan: planSelect.value, year: yearSelect.value }); } },
    field(t.pick.plan, planSelect), field(t.pick.year, yearSelect), h("button", { type: "submit" }, t.pick.open));
  const path = `plans/${encodeURIComponent(chosen.id)}/summary`;
  const secretariat = app.me!.role !== "focalPoint";
  const [s, plan] = await Promise.all([api<Summary>("GET", path, { query: { year } }).then((a) => a.data), getPlan(chosen.id)]);
  const planOf = (code: string) => plan.indicators.find((i) => i.code === code);
  const minimum = (plan as { minimumCoverage?: number }).minimumCoverage;

  const chartHost = h("div", {});
  const charted = s.indicators.filter((i) => i.byState.some((r) => typeof r.value === "number"));
  const chartSelect = select(charted.map((i): [string, string] => [i.code, `${i.code} ${i.title}`]));
  const drawChart = () => {
    chartHost.replaceChildren();
    const i = charted.find((c) => c.code === chartSelect.value);
    // Drawn at the width it will have, so its 13px labels stay 13px on a phone.
    const room = (document.getElementById("main")?.clientWidth ?? 600) - 80;
    if (i) chartHost.append(chart(i, planOf(i.code)?.target, Math.max(260, Math.min(560, room))));
  };
  chartSelect.addEventListener("change", drawChart);
  drawChart();

  const columns = [t.summary.code, t.summary.indicator, t.summary.baseline, t.summary.target, t.summary.regional, t.summary.official, t.summary.status, t.summary.restsOn];
  const table = h("div", { class: "scroll" }, h("table", { class: "stack" },
    h("caption", {}, fmt(t.summary.caption, { period: s.period })),
    h("thead", {}, h("tr", {}, ...columns.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...s.indicators.map((i) => {
      const def = planOf(i.code);
      const measured = i.kind !== "narrative";
      return h("tr", {},
        h("td", { "data-label": t.summary.code }, i.code), h("th", { scope: "row" }, i.title + (i.unit ? ` (${i.unit})` : "")),
        h("td", { "data-label": t.summary.baseline }, measured ? measure(i.kind, def?.baseline) : ""),
        h("td", { "data-label": t.summary.target }, measured ? measure(i.kind, def?.target) + (def?.target && i.yearRule === "sum" ? ` ${t.summary.cumulative}` : "") : ""),
        h("td", { class: "num", "data-label": t.summary.regional }, measured ? shown(i.kind, i.regional?.value) : "", i.provisional ? " " : null, i.provisional ? h("span", { class: "badge submitted" }, t.summary.provisional) : null),
        h("td", { class: "num", "data-label": t.summary.official }, measured ? shown(i.kind, i.official?.value) : ""),
        h("td", { "data-label": t.summary.status }, judgement(i)),
        h("td", { "data-label": t.summary.restsOn }, restsOn(i.coverage), i.coverage?.missing.length && i.coverage.years.length === 1
          ? h("span", { class: "hint" }, " " + fmt(t.summary.missingStates, { states: i.coverage.missing.join(", ") })) : null));
    }))));

  page(fmt(t.summary.heading, { plan: chosen.title }), pick,
    s.stale ? h("div", { class: "notice" }, h("p", {}, t.summary.stale), secretariat
      ? h("button", { type: "button", class: "secondary", onclick: async () => {
        try {
          const run = await api<{ outcome: string }>("POST", "jobs/aggregate-progress/run");
          await summaryPage(params);
          say(fmt(t.reports.aggregated, { outcome: run.data.outcome }));
        } catch (error) {
          fail(error);
        }
      } }, t.reports.runAggregation) : null) : null,
    h("p", { class: "hint" }, s.dataAsOf ? fmt(t.summary.asOf, { date: formatDate(s.dataAsOf, true) }) : ""),
    h("p", {}, fmt(t.summary.caveat, { share: minimum ? `${Math.round(minimum * 100)}%` : t.summary.twoThirds })),
    h("ul", {}, ...s.completeness.map((c) => h("li", {}, completenessLine(c)))),
    table,
    charted.length ? h("section", { class: "card" }, h("h2", {}, t.summary.chart), field(t.summary.chartFor, chartSelect), chartHost) : null,
    downloads(path, year));
}

export async function reportsPage(params: URLSearchParams): Promise<void> {
  const { form, plan } = await pickers("reports", { plan: params.get("plan") ?? undefined }, false);
  const reports = (await api<Report[]>("GET", `plans/${encodeURIComponent(plan.id)}/reports`)).data;
  const secretariat = app.me!.role !== "focalPoint";
  const years = yearsOf(plan);
  const annualYear = select(years.map((y): [string, string] => [String(y), String(y)]), String(years[years.length - 1]));
  const create = async (body: ReportRequest) => {
    try {
      const answer = await api<{ written: boolean; message?: string }, ReportRequest>("POST", `plans/${encodeURIComponent(plan.id)}/reports`, { body });
      await reportsPage(params);
      say(answer.data.message ?? (answer.data.written ? t.reports.written : t.reports.unchanged));
    } catch (error) {
      fail(error);
    }
  };
  const actions = secretariat ? h("section", { class: "card" },
    h("div", { class: "actions" },
      h("button", { type: "button", onclick: () => void create({ kind: "end-of-plan" }) }, t.reports.createEnd),
      h("button", { type: "button", class: "secondary", onclick: async () => {
        try {
          const run = await api<{ outcome: string }>("POST", "jobs/aggregate-progress/run");
          say(fmt(t.reports.aggregated, { outcome: run.data.outcome }));
        } catch (error) {
          fail(error);
        }
      } }, t.reports.runAggregation)),
    h("div", { class: "pickers" }, field(t.pick.year, annualYear),
      h("button", { type: "button", class: "secondary", onclick: () => void create({ kind: "annual", year: Number(annualYear.value) }) }, fmt(t.reports.createAnnual, { year: annualYear.value })))) : null;
  annualYear.addEventListener("change", () => {
    const b = annualYear.closest(".pickers")?.querySelector("button");
    if (b) b.textContent = fmt(t.reports.createAnnual, { year: annualYear.value });
  });

  const list = versionTable(reports, t.reports.none);
  page(fmt(t.reports.heading, { plan: plan.title }), form, actions, list);
}
