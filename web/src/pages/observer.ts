// Civil-society observers (SOMSWD Work Plan 5.2.3): final figures, completeness, final reports, and their comments on them.
import { api } from "../api";
import { app, fail, go, listPlans, page, say, yearsOf } from "../app";
import { field, formatDate, h, select } from "../dom";
import { fmt, t } from "../strings";
import type { CommentInput, Consultation, PlanListItem, ReportComment, ReportVersion } from "../types";
import { fileList } from "../report-files";
import { type Completeness, completenessLine, judgement, restsOn, shown, type SummaryIndicator } from "../figures";

// An observer's summary holds official figures only, each with what it rests on (accepted reports only).
interface ObservedSummary { planTitle: string; period: string; dataAsOf?: string; completeness: Completeness[]; indicators: SummaryIndicator[] }

/**
 * The plans in which the caller has <access> (a person may observe one body's plans and hold another role in another's),
 * or a page saying there are none (and null).
 */
export async function plansOrExplain(access: "observer" | "secretariat"): Promise<PlanListItem[] | null> {
  const allowed = new Set((app.me?.plans ?? []).filter((p) => p.access === access).map((p) => p.id));
  const plans = (await listPlans()).filter((p) => allowed.has(p.id));
  if (plans.length > 0) return plans;
  page(t.noPlans.heading, h("p", {}, t.noPlans.text));
  return null;
}

/** Plan picker; with <year> (undefined: the whole plan to date) also a year picker. */
export function planPicker(route: string, plans: PlanListItem[], plan: PlanListItem, year?: number | null): HTMLElement {
  const years = yearsOf(plan);
  const planSelect = select(plans.map((p): [string, string] => [p.id, p.title]), plan.id);
  const yearSelect = year === null ? null
    : select([["", t.summary.allYears], ...years.map((y): [string, string] => [String(y), String(y)])], year ? String(year) : "");
  planSelect.addEventListener("change", () => go(route, { plan: planSelect.value }));
  return h("form", { class: "pickers", onsubmit: (e: Event) => { e.preventDefault(); go(route, { plan: planSelect.value, year: yearSelect?.value }); } },
    field(t.pick.plan, planSelect), yearSelect ? field(t.pick.year, yearSelect) : null, h("button", { type: "submit" }, t.pick.open));
}

export async function figuresPage(params: URLSearchParams): Promise<void> {
  const plans = await plansOrExplain("observer");
  if (!plans) return;
  const plan = plans.find((p) => p.id === params.get("plan")) ?? plans[0];
  const years = yearsOf(plan);
  const asked = Number(params.get("year"));
  const year = years.includes(asked) ? asked : undefined;
  const s = (await api<ObservedSummary>("GET", `plans/${encodeURIComponent(plan.id)}/summary`, { query: { year } })).data;
  const table = h("div", { class: "scroll" }, h("table", { class: "stack" },
    h("caption", {}, fmt(t.observer.caption, { period: s.period })),
    h("thead", {}, h("tr", {}, ...[t.summary.code, t.summary.indicator, t.observer.figure, t.observer.restsOn, t.observer.progress].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...s.indicators.filter((i) => i.kind !== "narrative").map((i) => h("tr", {},
      h("td", { "data-label": t.summary.code }, i.code),
      h("th", { scope: "row" }, i.title + (i.unit ? ` (${i.unit})` : "")),
      h("td", { class: "num", "data-label": t.observer.figure }, i.official?.value !== undefined && i.official?.value !== null ? shown(i.kind, i.official.value) : h("span", { class: "muted" }, t.observer.none)),
      h("td", { "data-label": t.observer.restsOn }, restsOn(i.coverage)),
      h("td", { "data-label": t.observer.progress }, judgement(i)))))));
  page(fmt(t.observer.figuresHeading, { plan: plan.title }), planPicker("figures", plans, plan, year),
    h("p", { class: "notice" }, t.observer.figuresIntro),
    s.dataAsOf ? h("p", { class: "hint" }, fmt(t.summary.asOf, { date: formatDate(s.dataAsOf, true) })) : null,
    h("section", {}, h("h2", {}, t.observer.completeness), h("ul", {}, ...s.completeness.map((c) => h("li", {}, completenessLine(c))))),
    table);
}

/**
 * A text box whose words survive a reload or a dropped line: kept in this tab's sessionStorage until sent, with one
 * Idempotency-Key per piece of text, so sending again after a lost answer cannot post it twice.
 */
export function keptText(key: string, rows: string): { box: HTMLTextAreaElement; idempotencyKey: () => string; sent: () => void } {
  const textKey = `reporting.draft.${key}`;
  const idKey = textKey + ".id";
  const box = h("textarea", { rows, maxlength: "4000" });
  box.value = sessionStorage.getItem(textKey) ?? "";
  box.addEventListener("input", () => {
    sessionStorage.setItem(textKey, box.value);
    sessionStorage.removeItem(idKey); // other words: another request
  });
  return {
    box,
    idempotencyKey: () => {
      let id = sessionStorage.getItem(idKey);
      if (!id) sessionStorage.setItem(idKey, (id = crypto.randomUUID()));
      return id;
    },
    sent: () => {
      sessionStorage.removeItem(textKey);
      sessionStorage.removeItem(idKey);
    },
  };
}

/** One thread: an observer's comment and the secretariat's answers under it. Text is set as text, never as markup. */
export function thread(entries: ReportComment[], mineLabel: string): HTMLElement {
  return h("ol", { class: "thread" }, ...entries.map((c) => h("li", { class: c.replyTo ? "answer" : "comment-entry" },
    h("p", { class: "hint" }, fmt(t.observer.by, { by: c.mine ? mineLabel : c.replyTo ? `${c.by} (${t.observer.answerFrom})` : c.by, date: formatDate(c.at, true) })),
    h("p", { class: "narrative", lang: "" }, c.text),
    !c.replyTo && c.answered === false ? h("p", { class: "hint" }, t.observer.waiting) : null)));
}

export async function consultPage(params: URLSearchParams): Promise<void> {
  const plans = await plansOrExplain("observer");
  if (!plans) return;
  const plan = plans.find((p) => p.id === params.get("plan")) ?? plans[0];
  const base = `plans/${encodeURIComponent(plan.id)}`;
  const reports = (await api<ReportVersion[]>("GET", `${base}/reports`)).data;
  const threads = await Promise.all(reports.map((r) => api<Consultation>("GET", `${base}/comments/${encodeURIComponent(r.reportId)}`).then((a) => a.data)));
  const cards = reports.map((r, i) => {
    const kept = keptText(`comment.${plan.id}.${r.reportId}`, "4");
    const text = kept.box;
    const send = h("button", { type: "submit" }, t.observer.send);
    const form = h("form", { onsubmit: async (e: Event) => {
      e.preventDefault();
      if (!text.value.trim()) return say(t.observer.empty, "error");
      send.disabled = true;
      try {
        await api<ReportComment, CommentInput>("POST", `${base}/comments/${encodeURIComponent(r.reportId)}`, { body: { text: text.value }, idempotencyKey: kept.idempotencyKey() });
        kept.sent();
        await consultPage(params);
        say(t.observer.sent);
      } catch (error) {
        send.disabled = false;
        fail(error); // the text stays in the box
      }
    } }, field(t.observer.commentLabel, text, t.observer.commentHint), send);
    return h("section", { class: "card" },
      h("h2", {}, r.title),
      h("p", { class: "hint" }, fmt(t.observer.generated, { date: formatDate(r.generatedAt, true) })),
      fileList(r.files.filter((f) => f.name !== "manifest.json")),
      h("h3", {}, t.observer.yourComments),
      threads[i].entries.length ? thread(threads[i].entries, t.observer.you) : h("p", { class: "hint" }, t.observer.noComments),
      form);
  });
  page(fmt(t.observer.reportsHeading, { plan: plan.title }), planPicker("consult", plans, plan, null),
    h("p", { class: "hint" }, t.observer.reportsIntro),
    ...(cards.length ? cards : [h("p", {}, t.observer.noReports)]));
}
