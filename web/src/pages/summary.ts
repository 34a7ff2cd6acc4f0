// Aggregated figures with a chart and the downloads, and the report versions.
import { api, download } from "../api";
import { app, fail, go, listPlans, page, pickers, say, yearsOf } from "../app";
import { field, formatDate, h, select, svg } from "../dom";
import { fmt, t } from "../strings";
import type { ReportRequest } from "../types";

interface ByState { state: string; year: number; status: string; value?: number }
interface SummaryIndicator {
  code: string; title: string; unit?: string; kind: string;
  regional?: { value?: number; statesCounted: number }; official?: { value?: number; statesCounted: number };
  provisional: boolean; byState: ByState[];
}
interface Summary { planTitle: string; period: string; stale: boolean; dataAsOf?: string; completeness: { text: string }[]; indicators: SummaryIndicator[] }
interface ReportFile { name: string; size: number; href: string }
interface Report { reportId: string; kind: string; title: string; generatedAt: string; interim: boolean; files: ReportFile[] }

const num = (v: number | undefined) => (v === undefined || v === null ? t.summary.noData : Number(v).toLocaleString("en-GB", { maximumFractionDigits: 2 }));

/** Horizontal bars, one per state with a figure; inline SVG, so it needs no script library and no inline style. */
function chart(indicator: SummaryIndicator, width: number): SVGSVGElement {
  const rows = indicator.byState.filter((r) => typeof r.value === "number");
  const max = Math.max(1, ...rows.map((r) => r.value!));
  const barH = 22, labelW = 48, valueW = 80;
  const el = svg("svg", { viewBox: `0 0 ${width} ${Math.max(1, rows.length) * barH + 10}`, role: "img", class: "chart", "aria-labelledby": "chart-title" },
    svg("title", { id: "chart-title" }, `${indicator.code} ${indicator.title}: ${rows.map((r) => `${r.state} ${num(r.value)}`).join(", ")}`));
  rows.forEach((r, i) => {
    const y = i * barH + 5;
    const w = ((width - labelW - valueW) * r.value!) / max;
    el.append(
      svg("text", { x: 0, y: y + 15, class: "chart-label" }, r.state),
      svg("rect", { x: labelW, y, width: Math.max(1, w), height: barH - 6, class: r.status === "accepted" ? "bar" : "bar provisional" }),
      svg("text", { x: labelW + w + 6, y: y + 15, class: "chart-label" }, num(r.value) + (r.status === "accepted" ? "" : " *")));
  });
  return el;
}

export async function summaryPage(params: URLSearchParams): Promise<void> {
  const yearParam = params.get("year");
  const all = await listPlans();
  const plan = all.find((p) => p.id === params.get("plan")) ?? all.find((p) => p.id.startsWith("somswd")) ?? all[0];
  const years = yearsOf(plan);
  const year = yearParam && years.includes(Number(yearParam)) ? Number(yearParam) : undefined;
  const planSelect = select(all.map((p): [string, string] => [p.id, p.title]), plan.id);
  const yearSelect = select([["", t.summary.allYears], ...years.map((y): [string, string] => [String(y), String(y)])], year ? String(year) : "");
  // Another plan has other years: changing the plan opens it at once, for the whole plan to date.
  planSelect.addEventListener("change", () => go("summary", { plan: planSelect.value }));
  const pick = h("form", { class: "pickers", onsubmit: (e: Event) => { e.preventDefault(); go("summary", { plan: planSelect.value, year: yearSelect.value }); } },
    field(t.pick.plan, planSelect), field(t.pick.year, yearSelect), h("button", { type: "submit" }, t.pick.open));
  const path = `plans/${encodeURIComponent(plan.id)}/summary`;
  const secretariat = app.me!.role !== "focalPoint";
  const s = (await api<Summary>("GET", path, { query: { year } })).data;

  const chartHost = h("div", {});
  const charted = s.indicators.filter((i) => i.byState.some((r) => typeof r.value === "number"));
  const chartSelect = select(charted.map((i): [string, string] => [i.code, `${i.code} ${i.title}`]));
  const drawChart = () => {
    chartHost.replaceChildren();
    const i = charted.find((c) => c.code === chartSelect.value);
    // Drawn at the width it will have, so its 13px labels stay 13px on a phone.
    const room = (document.getElementById("main")?.clientWidth ?? 600) - 80;
    if (i) chartHost.append(chart(i, Math.max(240, Math.min(560, room))), h("p", { class: "hint" }, t.summary.legend));
  };
  chartSelect.addEventListener("change", drawChart);
  drawChart();

  const table = h("div", { class: "scroll" }, h("table", { class: "stack" },
    h("caption", {}, fmt(t.summary.caption, { period: s.period })),
    h("thead", {}, h("tr", {}, ...[t.summary.code, t.summary.indicator, t.summary.regional, t.summary.official, t.summary.states].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...s.indicators.map((i) => h("tr", {},
      h("td", { "data-label": t.summary.code }, i.code), h("th", { scope: "row" }, i.title + (i.unit ? ` (${i.unit})` : "")),
      h("td", { class: "num", "data-label": t.summary.regional }, num(i.regional?.value), i.provisional ? h("span", { class: "badge submitted" }, t.summary.provisional) : null),
      h("td", { class: "num", "data-label": t.summary.official }, num(i.official?.value)),
      h("td", { class: "num", "data-label": t.summary.states }, i.regional?.statesCounted ?? 0))))));

  const downloads = h("p", { class: "actions" },
    h("button", { type: "button", class: "secondary", onclick: () => void download(path, { year, format: "csv" }).then((n) => say(n)).catch(fail) }, t.summary.downloadCsv),
    h("button", { type: "button", class: "secondary", onclick: () => void download(path, { year, format: "xlsx" }).then((n) => say(n)).catch(fail) }, t.summary.downloadXlsx));

  page(fmt(t.summary.heading, { plan: plan.title }), pick,
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
    h("ul", {}, ...s.completeness.map((c) => h("li", {}, c.text))),
    downloads, table,
    charted.length ? h("section", { class: "card" }, h("h2", {}, t.summary.chart), field(t.summary.chartFor, chartSelect), chartHost) : null);
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

  const list = reports.length
    ? h("div", { class: "scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, ...[t.reports.kind, t.reports.generated, t.reports.files].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...reports.map((r) => h("tr", {},
        h("th", { scope: "row" }, r.title + (r.interim ? ` (${t.reports.interim})` : "")),
        h("td", {}, formatDate(r.generatedAt, true)),
        h("td", {}, h("ul", { class: "files" }, ...r.files.map((f) => h("li", {}, h("button", { type: "button", class: "link", onclick: () => void download(f.href.replace(/^\/api\//, "")).then((n) => say(n)).catch(fail) },
          `${f.name} (${Math.ceil(f.size / 1024)} KB)`))))))))))
    : h("p", {}, t.reports.none);
  page(fmt(t.reports.heading, { plan: plan.title }), form, actions, list);
}
