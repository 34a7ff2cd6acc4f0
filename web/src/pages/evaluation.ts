// The evaluation against a framework's key result areas (work plan section 5.4): one page per framework, over the plans the
// signed-in person can see, with the gaps first; and, for administrators and desks for every plan, the stored report versions.
import { api, download } from "../api";
import { app, fail, go, page, say } from "../app";
import { field, formatDate, h, select } from "../dom";
import { fmt, list, number, t } from "../strings";
import type { EvaluatedPlan, EvaluationReportCreated, EvaluationReportListItem, EvaluationReportRequest, FrameworkEvaluation, FrameworkSummary, KraEvaluation, KraIndicator } from "../types";
import { judgement, restsOn, shown } from "../figures";
import { versionTable } from "../report-files";

const VIEWS = ["kras", "indicators", "activities", "gaps", "plans"] as const;
const GAPS = ["offTrack", "notEnoughReports", "noData", "noTarget"] as const;

/** Administrators and desks whose scope is every plan: they create and read the stored report, which covers every body. */
function reviewsEveryPlan(): boolean {
  const me = app.me!;
  return me.role === "admin" || me.assignments.some((a) => a.role === "admin" || (a.role === "secretariat" && a.scope.all));
}

function figures(p: EvaluatedPlan, year: number | undefined): string {
  if (year !== undefined) return fmt(t.evaluation.figuresYear, { year });
  if (p.summaryYear !== undefined && p.summaryYear !== null) return fmt(t.evaluation.figuresThrough, { year: p.summaryYear });
  return fmt(t.evaluation.figuresToDate, { first: p.years[0] ?? p.firstYear, last: p.years[p.years.length - 1] ?? p.lastYear });
}

function via(v: string): string {
  const [kind, code] = v.split(" ");
  return kind === "outcome" ? fmt(t.evaluation.viaOutcome, { code }) : kind === "output" ? fmt(t.evaluation.viaOutput, { code }) : t.evaluation.viaIndicator;
}

/** The figure the judgement rests on, as the indicator reads (46.7%, 12,500), with its unit. */
function value(i: KraIndicator): string {
  if (i.kind === "narrative") return "";
  const v = i.progress?.value ?? i.figure?.value;
  const text = shown(i.kind, v);
  return i.unit && i.kind !== "percentage" && v !== undefined && v !== null ? `${text} ${i.unit}` : text;
}

function counts(k: { status: KraEvaluation["status"]; indicators: KraIndicator[] }): string {
  const s = k.status;
  if (s.total === 0) return t.evaluation.noIndicator;
  const provisional = k.indicators.filter((i) => i.provisional && i.kind !== "narrative").length;
  return fmt(t.evaluation.counts, { total: s.total, achieved: s.achieved, onTrack: s.onTrack, atRisk: s.atRisk, offTrack: s.offTrack, notJudged: s.notJudged })
    + (provisional ? " " + fmt(t.evaluation.provisionalCount, { n: provisional }) : "");
}

function kraCard(k: KraEvaluation): HTMLElement {
  const elements = [...k.outcomes.map((o) => ({ ...o, label: fmt(t.evaluation.outcome, { code: o.code }) })), ...k.outputs.map((o) => ({ ...o, label: fmt(t.evaluation.output, { code: o.code }) }))];
  const table = k.indicators.length ? h("div", { class: "scroll" }, h("table", { class: "stack" },
    h("caption", {}, t.evaluation.indicators),
    h("thead", {}, h("tr", {}, ...[t.evaluation.plan, t.evaluation.indicator, t.evaluation.via, t.evaluation.value, t.evaluation.progress, t.evaluation.restsOn].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...k.indicators.map((i) => h("tr", {},
      h("td", { "data-label": t.evaluation.plan }, i.planId),
      h("th", { scope: "row" }, `${i.code} ${i.title}`),
      h("td", { "data-label": t.evaluation.via }, i.via.map(via).join(", ")),
      // One span: stacked on a phone, the figure and its badge wrap together beside the label.
      h("td", { class: "num", "data-label": t.evaluation.value }, h("span", {}, value(i), i.provisional ? " " : null, i.provisional ? h("span", { class: "badge submitted" }, t.summary.provisional) : null)),
      h("td", { "data-label": t.evaluation.progress }, judgement(i)),
      h("td", { "data-label": t.evaluation.restsOn }, restsOn(i.progress?.coverage))))))) : null;
  const a = k.activities;
  const activities = a === undefined || a === null
    ? h("p", { class: "hint" }, t.evaluation.activitiesHidden)
    : a.activities === 0 ? h("p", {}, t.evaluation.noActivities)
    : h("div", {},
      h("p", {}, fmt(t.evaluation.activitiesLine, { n: number(a.activities), score: number(a.score), named: number(a.named.activities), namedScore: number(a.named.score), via: number(a.viaOutcome.activities), viaScore: number(a.viaOutcome.score) })),
      h("div", { class: "scroll" }, h("table", { class: "stack" },
        h("thead", {}, h("tr", {}, ...[t.evaluation.plan, t.evaluation.activity, t.evaluation.because, t.evaluation.score].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, ...a.lines.slice(0, 5).map((l) => h("tr", {},
          h("td", { "data-label": t.evaluation.plan }, `${l.planId} ${l.outcome}`),
          h("th", { scope: "row" }, l.title),
          h("td", { "data-label": t.evaluation.because }, l.basis === "named" ? t.evaluation.named : t.evaluation.viaServing),
          h("td", { class: "num", "data-label": t.evaluation.score }, number(l.score))))))));
  return h("section", { class: "card", id: "kra-" + k.code },
    h("h3", {}, fmt(t.evaluation.kra, { code: k.code, title: k.title }), k.confirmed ? null : " ", k.confirmed ? null : h("span", { class: "badge draft" }, t.evaluation.unconfirmedBadge)),
    h("p", {}, k.plans.length ? fmt(t.evaluation.servedBy, { plans: list(k.plans) }) : t.evaluation.notServedHere),
    k.plans.length ? h("p", {}, counts(k)) : null,
    elements.length ? h("details", {}, h("summary", {}, t.evaluation.elements),
      h("ul", {}, ...elements.map((o) => h("li", {}, `${o.planId} · ${o.label}: ${o.text} `, h("span", { class: "hint" }, `(${o.mappingSource ? t.evaluation.linkBy[o.mappingSource] : ""})`))))) : null,
    table,
    k.plans.length ? h("h4", {}, t.evaluation.activities) : null,
    k.plans.length ? activities : null);
}

function gaps(e: FrameworkEvaluation, byCode: Map<string, KraEvaluation>): HTMLElement {
  const lines: string[] = [];
  const named = (codes: string[]) => list(codes.map((c) => `${c} ${byCode.get(c)?.title ?? ""}`.trim()));
  if (e.gaps.notServed.length) lines.push(fmt(t.evaluation.notServed, { kras: named(e.gaps.notServed) }));
  for (const status of GAPS) {
    const of = e.gaps.indicators.filter((g) => g.status === status);
    if (of.length) lines.push(fmt(t.evaluation.gapList[status], { list: list(of.map((g) => `${g.kra}: ${g.planId} ${g.indicator}`)) }));
  }
  if (e.gaps.unconfirmed.length) lines.push(fmt(t.evaluation.unconfirmed, { kras: named(e.gaps.unconfirmed) }));
  if (e.gaps.notListed > 0) lines.push(fmt(t.evaluation.notListed, { n: e.gaps.notListed, declared: e.keyResultAreasDeclared ?? e.keyResultAreasListed + e.gaps.notListed }));
  return h("section", { class: "card" }, h("h2", {}, t.evaluation.gapsHeading),
    lines.length ? h("ul", {}, ...lines.map((l) => h("li", {}, l))) : h("p", {}, t.evaluation.noGaps));
}

async function reports(framework: FrameworkSummary, years: number[], reload: () => Promise<void>): Promise<HTMLElement> {
  const versions = (await api<EvaluationReportListItem[]>("GET", `frameworks/${encodeURIComponent(framework.id)}/reports`)).data;
  const create = async (body: EvaluationReportRequest) => {
    try {
      const answer = await api<EvaluationReportCreated, EvaluationReportRequest>("POST", `frameworks/${encodeURIComponent(framework.id)}/reports`, { body });
      await reload();
      say(answer.data.message);
    } catch (error) {
      fail(error);
    }
  };
  const yearSelect = select(years.map((y): [string, string] => [String(y), String(y)]), String(years[years.length - 1]));
  const yearButton = h("button", { type: "button", class: "secondary", onclick: () => void create({ year: Number(yearSelect.value) }) }, fmt(t.evaluation.createYear, { year: yearSelect.value }));
  yearSelect.addEventListener("change", () => { yearButton.textContent = fmt(t.evaluation.createYear, { year: yearSelect.value }); });
  return h("section", { class: "card" }, h("h2", {}, t.evaluation.reportsHeading),
    h("p", { class: "hint" }, t.evaluation.reportsNote),
    h("div", { class: "actions" }, h("button", { type: "button", onclick: () => void create({}) }, t.evaluation.createPeriod)),
    h("div", { class: "pickers" }, field(t.evaluation.period, yearSelect), yearButton),
    versionTable(versions, t.evaluation.reportsNone));
}

export async function evaluationPage(params: URLSearchParams): Promise<void> {
  const frameworks = (await api<FrameworkSummary[]>("GET", "frameworks")).data;
  if (frameworks.length === 0) {
    page(fmt(t.evaluation.heading, { framework: "" }), h("p", {}, t.evaluation.noPlans));
    return;
  }
  const framework = frameworks.find((f) => f.id === params.get("framework")) ?? frameworks[0];
  const thisYear = new Date().getUTCFullYear();
  const years: number[] = [];
  for (let y = framework.firstYear; y <= Math.min(framework.lastYear, thisYear); y++) years.push(y);
  const asked = Number(params.get("year"));
  const year = years.includes(asked) ? asked : undefined;

  const frameworkSelect = select(frameworks.map((f): [string, string] => [f.id, f.shortTitle ?? f.title]), framework.id);
  const yearSelect = select([["", fmt(t.evaluation.wholePeriod, { first: framework.firstYear, last: framework.lastYear })], ...years.map((y): [string, string] => [String(y), String(y)])], year ? String(year) : "");
  frameworkSelect.addEventListener("change", () => go("evaluation", { framework: frameworkSelect.value }));
  const pick = h("form", { class: "pickers", onsubmit: (e: Event) => { e.preventDefault(); go("evaluation", { framework: frameworkSelect.value, year: yearSelect.value }); } },
    field(t.evaluation.framework, frameworkSelect), field(t.evaluation.period, yearSelect), h("button", { type: "submit" }, t.pick.open));

  const path = `frameworks/${encodeURIComponent(framework.id)}/evaluation`;
  const e = (await api<FrameworkEvaluation>("GET", path, { query: { year } })).data;
  const byCode = new Map(e.characteristics.flatMap((c) => c.keyResultAreas).map((k) => [k.code, k]));
  const reload = () => evaluationPage(params);

  const plans = e.plans.length ? h("div", { class: "scroll" }, h("table", { class: "stack" },
    h("caption", {}, t.evaluation.plansHeading),
    h("thead", {}, h("tr", {}, ...[t.evaluation.plan, t.evaluation.body, t.evaluation.figures, t.evaluation.shown].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...e.plans.map((p) => h("tr", {},
      h("th", { scope: "row" }, `${p.title} (${p.planId})`),
      h("td", { "data-label": t.evaluation.body }, p.sectoralBody),
      h("td", { "data-label": t.evaluation.figures }, figures(p, year)),
      h("td", { "data-label": t.evaluation.shown }, t.evaluation.views[p.view])))))) : h("p", { class: "notice" }, t.evaluation.noPlans);

  const download$ = (query: Record<string, string | number | undefined>) => void download(path, { year, ...query }).then((n) => say(n)).catch(fail);
  const downloads = h("section", { class: "card" }, h("h2", {}, t.evaluation.downloads),
    h("p", { class: "actions" },
      h("button", { type: "button", onclick: () => download$({ format: "xlsx" }) }, t.evaluation.downloadXlsx),
      ...VIEWS.map((view) => h("button", { type: "button", class: "secondary", onclick: () => download$({ format: "csv", view }) }, fmt(t.evaluation.downloadCsv, { view: t.evaluation.csvViews[view] })))));

  const sections = e.characteristics.map((c) => h("section", {},
    h("h2", {}, fmt(t.evaluation.characteristic, { code: c.code, title: c.title })),
    c.plans.length ? h("p", {}, counts({ status: c.status, indicators: c.keyResultAreas.flatMap((k) => k.indicators) })) : null,
    ...c.keyResultAreas.map(kraCard)));

  page(fmt(t.evaluation.heading, { framework: framework.shortTitle ?? framework.title }), pick,
    e.stale ? h("div", { class: "notice" }, h("p", {}, t.evaluation.stale), h("button", { type: "button", class: "secondary", onclick: async () => {
      try {
        const run = await api<{ outcome: string }>("POST", "jobs/aggregate-progress/run");
        await reload();
        say(fmt(t.reports.aggregated, { outcome: run.data.outcome }));
      } catch (error) {
        fail(error);
      }
    } }, t.reports.runAggregation)) : null,
    h("p", {}, t.evaluation.intro),
    e.dataAsOf ? h("p", { class: "hint" }, fmt(t.evaluation.asOf, { date: formatDate(e.dataAsOf, true) })) : null,
    plans,
    h("details", { class: "card" }, h("summary", {}, t.evaluation.rules),
      h("p", {}, t.evaluation.serving), h("p", {}, t.evaluation.activitiesRule), h("p", {}, t.evaluation.caveat)),
    gaps(e, byCode),
    ...sections,
    downloads,
    reviewsEveryPlan() ? await reports(framework, years, reload) : null);
}
