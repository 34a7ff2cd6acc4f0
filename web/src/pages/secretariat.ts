// The secretariat's desk: who has reported (grid and pending list), and one submission to accept or return.
import { api, ApiError } from "../api";
import { fail, getPlan, page, pickers, say, yearsOf } from "../app";
import { field, formatDate, h } from "../dom";
import { fmt, t } from "../strings";
import type { HistoryEntry, Indicator, IndicatorValue, Plan, Status, Submission } from "../types";
import { statusBadge } from "./focal";
import { type Completeness, completenessLine } from "./summary";

interface Row { state: string; name: string; expected: boolean; status: Status; late: boolean; revision?: number }
interface Pending { state: string; name: string; status: Status; daysLeft?: number; overdue: boolean }

export async function gridPage(params: URLSearchParams): Promise<void> {
  const { form, plan: listed } = await pickers("grid", { plan: params.get("plan") ?? undefined }, false);
  const years = yearsOf(listed);
  const lists = await Promise.all(years.map((y) =>
    api<{ submissions: Row[] }>("GET", `plans/${encodeURIComponent(listed.id)}/years/${y}/submissions`).then((a) => a.data.submissions)));
  const states = lists[lists.length - 1].map((r) => ({ code: r.state, name: r.name }));
  const cell = (row: Row | undefined, year: number) => {
    if (!row || (!row.expected && row.status === "notStarted")) return h("td", { class: "muted" }, t.grid.notExpected);
    // Every expected cell opens the state's page: a report to review, or (not started) the lock exception form.
    // A state reporting voluntarily (a new member in its first year) is counted apart from the expected ones.
    const voluntary = !row.expected;
    return h("td", {},
      h("a", { href: `#/submission?plan=${encodeURIComponent(listed.id)}&year=${year}&state=${row.state}`, "aria-label": `${row.name} ${year}: ${t.status[row.status]}${row.late ? ", " + t.status.late : ""}${voluntary ? ", " + t.grid.voluntary : ""}` },
        statusBadge(row.status, row.late)), voluntary ? h("br") : null, voluntary ? t.grid.voluntary : null);
  };
  const table = h("div", { class: "scroll" }, h("table", { class: "grid" },
    h("caption", {}, t.grid.caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t.grid.state), ...years.map((y) => h("th", { scope: "col" }, y)))),
    h("tbody", {}, ...states.map((s) => h("tr", {}, h("th", { scope: "row" }, `${s.name} (${s.code})`),
      ...years.map((y, i) => cell(lists[i].find((r) => r.state === s.code), y)))))));

  // The same counts as the summary and the reports, from the completeness endpoint.
  const counts = (await api<{ years: Completeness[] }>("GET", `plans/${encodeURIComponent(listed.id)}/completeness`)).data.years;
  const totals = h("section", {}, h("h2", {}, t.grid.totals), h("ul", {}, ...counts.map((c) => h("li", {}, completenessLine(c)))));
  const latest = years[years.length - 1];
  const pending = (await api<{ pending: Pending[] }>("GET", `plans/${encodeURIComponent(listed.id)}/pending`, { query: { year: latest } })).data.pending;
  const pendingList = h("section", { class: "card" }, h("h2", {}, fmt(t.grid.pending, { year: latest })),
    pending.length
      ? h("ul", {}, ...pending.map((p) => h("li", {},
        h("a", { href: `#/submission?plan=${encodeURIComponent(listed.id)}&year=${latest}&state=${encodeURIComponent(p.state)}` }, `${p.name} (${p.state})`),
        `: ${t.status[p.status]} — `,
        p.overdue ? h("strong", { class: "overdue" }, t.grid.overdue) : p.daysLeft !== undefined && p.daysLeft !== null ? fmt(t.grid.daysLeft, { n: p.daysLeft }) : t.grid.noDue)))
      : h("p", {}, t.grid.nonePending));
  page(fmt(t.grid.heading, { plan: listed.title }), form, table, totals, pendingList);
}

function shown(plan: Plan, indicator: Indicator, v: IndicatorValue | undefined): string {
  if (!v) return "–";
  const parts: string[] = [];
  if (v.value !== undefined) parts.push(String(v.value) + (indicator.unit ? " " + indicator.unit : ""));
  if (v.numerator !== undefined) {
    const share = Number(v.denominator) > 0 ? ` (${((100 * Number(v.numerator)) / Number(v.denominator)).toFixed(1)}%)` : "";
    parts.push(`${v.numerator} / ${v.denominator}${share}`);
  }
  if (v.achieved !== undefined) parts.push(v.achieved ? t.form.yes : t.form.no);
  if (v.evidenceUrl) parts.push(v.evidenceUrl);
  for (const [category, groups] of Object.entries(v.disaggregation ?? {})) {
    const order = plan.disaggregations[category] ?? Object.keys(groups);
    const cells = order.filter((g) => g in groups).map((g) => {
      const x = groups[g] as { numerator?: number; denominator?: number } | number;
      return `${g} ${typeof x === "object" && x !== null ? `${x.numerator ?? "–"} / ${x.denominator ?? "–"}` : String(x)}`;
    });
    parts.push(fmt(t.review.breakdown, { category, values: cells.join(", ") }));
  }
  if (v.narrative) parts.push(v.narrative);
  // One line each (the cell keeps line breaks), the narrative exactly as the focal point typed it.
  return parts.join("\n");
}

export async function reviewPage(params: URLSearchParams): Promise<void> {
  const planId = params.get("plan") ?? "";
  const year = Number(params.get("year"));
  const state = params.get("state") ?? "";
  const plan = await getPlan(planId);
  const path = `plans/${encodeURIComponent(planId)}/years/${year}/submissions/${encodeURIComponent(state)}`;
  const heading = fmt(t.review.heading, { state, year }) + ` — ${planId}`;
  let answer;
  try {
    answer = await api<Submission>("GET", path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return void page(heading, h("p", {}, fmt(t.review.noSubmission, { state, year })), lockForm(path));
    throw error;
  }
  const s = answer.data;
  const etag = answer.etag;
  const history = (await api<{ entries: HistoryEntry[] }>("GET", path + "/history")).data.entries;

  const values = h("section", {}, h("h2", {}, t.review.values), h("div", { class: "scroll" }, h("table", {},
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t.review.indicator), h("th", { scope: "col" }, t.review.reported))),
    h("tbody", {}, ...plan.indicators.map((i) => h("tr", {}, h("th", { scope: "row" }, `${i.code} ${i.title}`), h("td", { class: "narrative", lang: "" }, shown(plan, i, s.values[i.code]))))))),
    s.narrative ? h("div", {}, h("h3", {}, t.form.overall), h("p", { class: "narrative", lang: "" }, s.narrative)) : null,
    s.activities.length ? h("div", {}, h("h3", {}, t.form.activities), h("ul", { class: "narrative", lang: "" }, ...s.activities.map((a) =>
      h("li", {}, `${a.title ?? ""} (${a.outcome ?? "—"}, ${t.form.importance} ${a.importance ?? "—"})${a.description ? ": " + a.description : ""}`)))) : null);

  const comment = h("textarea", { rows: "3" });
  const decide = async (decision: "accept" | "return") => {
    try {
      await api("POST", path + "/review", { body: { decision, comment: comment.value.trim() || undefined }, ifMatch: etag });
      await reviewPage(params);
      say(decision === "accept" ? t.review.accepted : t.review.returned);
    } catch (error) {
      fail(error);
    }
  };
  const review = s.status === "submitted"
    ? h("section", { class: "card" }, field(t.review.comment, comment),
      h("div", { class: "actions" },
        h("button", { type: "button", onclick: () => void decide("accept") }, t.review.accept),
        h("button", { type: "button", class: "secondary", onclick: () => void decide("return") }, t.review.return)))
    : h("p", { class: "card" }, fmt(t.review.notSubmitted, { status: t.status[s.status].toLowerCase() }));

  const back = h("p", { class: "actions" }, h("a", { href: `#/grid?plan=${encodeURIComponent(planId)}` }, t.nav.grid),
    h("a", { href: `#/report?plan=${encodeURIComponent(planId)}&year=${year}&state=${encodeURIComponent(state)}` }, t.review.edit));
  page(heading, back, h("p", {}, statusBadge(s.status, s.late), " " + fmt(t.status.revision, { n: s.revision })),
    s.reviewComment ? h("p", { class: "comment" }, fmt(t.form.returnedComment, { comment: s.reviewComment })) : null,
    review, values, lockForm(path),
    h("section", {}, h("h2", {}, t.history.heading), h("ul", {}, ...history.map((e) =>
      h("li", {}, `${e.revision} · ${formatDate(e.at, true)} · ${e.by} (${e.role}) · ${e.action}${e.comment ? " — " + e.comment : ""}`)))));
}

function lockForm(path: string): HTMLElement {
  const until = h("input", { type: "date" });
  const reason = h("textarea", { rows: "2" });
  return h("form", { class: "card", onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      const granted = await api<{ until: string }>("POST", path + "/lock-exception",
        { body: { until: until.value ? new Date(until.value + "T23:59:59Z").toISOString() : undefined, reason: reason.value } });
      say(fmt(t.review.granted, { date: formatDate(granted.data.until) }));
    } catch (error) {
      fail(error);
    }
  } }, h("h2", {}, t.review.lockHeading), h("p", { class: "hint" }, t.review.lockIntro),
  field(t.review.until, until), field(t.review.reason, reason), h("button", { type: "submit", class: "secondary" }, t.review.grant));
}
