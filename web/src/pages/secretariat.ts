// The secretariat's desk: who has reported (grid and pending list), and one submission to accept or return.
import { api, ApiError } from "../api";
import { fail, getPlan, page, pickers, say, stateReports, yearsOf } from "../app";
import { field, formatDate, h, timeElement, uid } from "../dom";
import { historyTable, whoText } from "../form/history";
import { partName } from "../form/merge";
import { groupLabel, problemText } from "../form/wording";
import { fmt, number, plural, t } from "../strings";
import type { HistoryEntry, Indicator, IndicatorValue, LockExceptionInput, Plan, ReviewInput, Status, Submission } from "../types";
import { dueText, statusBadge } from "./focal";
import { type Completeness, completenessLine } from "../figures";

interface Row { state: string; name: string; expected: boolean; status: Status; late: boolean; revision?: number }
interface Pending { state: string; name: string; status: Status; daysLeft?: number; overdue: boolean }

export async function gridPage(params: URLSearchParams): Promise<void> {
  const { form, plan: listed } = await pickers("grid", { plan: params.get("plan") ?? undefined }, false);
  const years = yearsOf(listed);
  const latest = years[years.length - 1];
  const [lists, pending, counts] = await Promise.all([
    Promise.all(years.map((y) => api<{ submissions: Row[] }>("GET", `plans/${encodeURIComponent(listed.id)}/years/${y}/submissions`).then((a) => a.data.submissions))),
    api<{ pending: Pending[] }>("GET", `plans/${encodeURIComponent(listed.id)}/pending`, { query: { year: latest } }).then((a) => a.data.pending),
    // The same counts as the summary and the reports, from the completeness endpoint.
    api<{ years: Completeness[] }>("GET", `plans/${encodeURIComponent(listed.id)}/completeness`).then((a) => a.data.years),
  ]);
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

  const totals = h("section", {}, h("h2", {}, t.grid.totals), h("ul", {}, ...counts.map((c) => h("li", {}, completenessLine(c)))));
  const pendingList = h("section", { class: "card" }, h("h2", {}, fmt(t.grid.pending, { year: latest })),
    pending.length
      ? h("ul", {}, ...pending.map((p) => h("li", {},
        h("a", { href: `#/submission?plan=${encodeURIComponent(listed.id)}&year=${latest}&state=${encodeURIComponent(p.state)}` }, `${p.name} (${p.state})`),
        `: ${t.status[p.status]} — `,
        p.overdue ? h("strong", { class: "overdue" }, p.daysLeft !== undefined && p.daysLeft !== null ? plural(t.due.overdue, Math.max(1, -p.daysLeft)) : t.grid.overdue)
          : p.daysLeft !== undefined && p.daysLeft !== null ? plural(t.due.daysLeft, p.daysLeft) : t.grid.noDue)))
      : h("p", {}, t.grid.nonePending));
  page(fmt(t.grid.heading, { plan: listed.title }), form, table, totals, pendingList);
}

/** One indicator's figures as the secretariat reads them: formatted numbers, the share, breakdowns by label, the link. */
function shown(plan: Plan, indicator: Indicator, v: IndicatorValue | undefined): HTMLElement {
  const cell = h("div", { class: "reported" });
  if (!v) {
    cell.append(h("span", { class: "muted" }, t.review.nothing));
    return cell;
  }
  const unit = indicator.unit ? " " + indicator.unit : "";
  if (v.value !== undefined) cell.append(h("p", {}, number(v.value as number) + unit));
  if (v.numerator !== undefined) {
    const share = Number(v.denominator) > 0 ? ` (${number((100 * Number(v.numerator)) / Number(v.denominator), 1)}%)` : "";
    cell.append(h("p", {}, `${number(v.numerator as number)} / ${number(v.denominator as number)}${share}`));
  }
  if (v.achieved !== undefined) cell.append(h("p", {}, v.achieved ? t.form.yes : t.form.no));
  if (v.evidenceUrl) {
    const safe = /^https?:\/\//i.test(v.evidenceUrl);
    cell.append(h("p", {}, t.review.evidence + " ", safe ? h("a", { href: v.evidenceUrl, target: "_blank", rel: "noopener noreferrer" }, v.evidenceUrl) : v.evidenceUrl));
  }
  for (const [dimension, groups] of Object.entries(v.disaggregation ?? {})) {
    const order = plan.disaggregations[dimension] ?? Object.keys(groups);
    const items = order.filter((g) => g in groups).map((g) => {
      const x = groups[g] as { numerator?: number; denominator?: number } | number;
      const figure = typeof x === "object" && x !== null ? `${number(x.numerator)} / ${number(x.denominator)}` : number(x);
      return h("li", {}, `${groupLabel(plan, dimension, g)}: ${figure}`);
    });
    cell.append(h("ul", { class: "breakdown" }, ...items));
  }
  if (v.narrative) cell.append(h("p", { class: "narrative", lang: "" }, v.narrative));
  return cell;
}

/** Parts changed since the latest return, from the history: what the secretariat asked to be looked at again. */
function sinceReturn(history: HistoryEntry[]): { returned: HistoryEntry; changed: Set<string> } | null {
  const at = history.map((e) => e.action).lastIndexOf("returned");
  if (at < 0) return null;
  const changed = new Set<string>();
  for (const e of history.slice(at + 1)) for (const c of e.changes ?? []) changed.add(c.startsWith("/values/") ? "v:" + c.split("/")[2] : c.slice(1));
  return { returned: history[at], changed };
}

export async function reviewPage(params: URLSearchParams): Promise<void> {
  const planId = params.get("plan") ?? "";
  const year = Number(params.get("year"));
  const state = params.get("state") ?? "";
  const path = `plans/${encodeURIComponent(planId)}/years/${year}/submissions/${encodeURIComponent(state)}`;
  const [plan, reports, found] = await Promise.all([
    getPlan(planId),
    stateReports(state, true),
    api<Submission>("GET", path).catch((error) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }),
  ]);
  const heading = fmt(t.review.heading, { state: reports.name, year });
  const entry = reports.reports.find((r) => r.planId === planId && r.year === year);
  const titled = (...content: (HTMLElement | null)[]) => {
    page(heading, ...content);
    document.querySelector("main h1")?.append(h("span", { class: "subtitle" }, plan.title));
  };
  if (!found) return titled(h("p", {}, fmt(t.review.noSubmission, { state: reports.name, year })), entry ? h("p", {}, ...dueText(entry)) : null, lockForm(path));
  const s = found.data;
  const etag = found.etag;
  const history = (await api<{ entries: HistoryEntry[] }>("GET", path + "/history")).data.entries;
  const since = sinceReturn(history);
  const resubmitted = since && s.status === "submitted";

  const values = h("section", {}, h("h2", {}, t.review.values), h("div", { class: "scroll" }, h("table", { class: "stack review" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t.review.indicator), h("th", { scope: "col" }, t.review.reported))),
    h("tbody", {}, ...plan.indicators.map((i) => h("tr", {},
      h("th", { scope: "row" }, h("span", { class: "code" }, i.code), " ", i.title,
        resubmitted && since.changed.has("v:" + i.code) ? h("span", { class: "badge changed" }, t.review.changedSinceReturn) : ""),
      h("td", { "data-label": t.review.reported }, shown(plan, i, s.values[i.code]))))))),
    s.narrative ? h("div", {}, h("h3", {}, t.form.overall, resubmitted && since.changed.has("narrative") ? h("span", { class: "badge changed" }, t.review.changedSinceReturn) : ""),
      h("p", { class: "narrative", lang: "" }, s.narrative)) : null,
    s.activities.length ? h("div", {}, h("h3", {}, t.form.activities, resubmitted && since.changed.has("activities") ? h("span", { class: "badge changed" }, t.review.changedSinceReturn) : ""),
      h("ul", {}, ...s.activities.map((a) => h("li", {}, h("span", { lang: "" }, a.title ?? ""),
        ` (${a.outcome ? fmt(t.form.outcome, { code: a.outcome }) : "—"}; ${t.form.importance} ${a.importance ?? "—"}${a.kra ? `; ${fmt(t.review.kra, { code: a.kra })}` : ""})`,
        a.description ? h("span", { lang: "" }, ": " + a.description) : "")))) : null);

  const comment = h("textarea", { rows: "3", id: uid("comment") });
  const commentError = h("p", { class: "field-error", id: uid("err") });
  const decide = async (decision: "accept" | "return") => {
    commentError.textContent = "";
    comment.removeAttribute("aria-invalid");
    const text = comment.value.trim();
    const missing = () => {
      commentError.textContent = t.review.commentMissing;
      comment.setAttribute("aria-invalid", "true");
      comment.setAttribute("aria-describedby", commentError.id);
      comment.focus();
    };
    if (decision === "return" && !text) return missing();
    try {
      const body: ReviewInput = decision === "accept" ? { decision, comment: text || undefined } : { decision, comment: text };
      await api<Submission, ReviewInput>("POST", path + "/review", { body, ifMatch: etag });
      await reviewPage(params);
      say(decision === "return" ? t.review.returned : text ? t.review.acceptedWithComment : t.review.accepted);
    } catch (error) {
      const atComment = error instanceof ApiError ? error.problem.errors?.find((e) => e.pointer === "/comment") : undefined;
      if (atComment) {
        missing();
        commentError.textContent = atComment.code ? problemText(atComment) : t.review.commentMissing;
      } else fail(error);
    }
  };
  const commentField = field(t.review.comment, comment, t.review.commentHint);
  commentField.append(commentError);
  const review = s.status === "submitted"
    ? h("section", { class: "card" }, h("h2", {}, t.review.decide), commentField,
      h("div", { class: "actions" },
        h("button", { type: "button", onclick: () => void decide("accept") }, t.review.accept),
        h("button", { type: "button", class: "secondary", onclick: () => void decide("return") }, t.review.return)))
    : h("p", { class: "card" }, fmt(t.review.notSubmitted, { status: t.status[s.status] }));

  // The comment reads as what it was: a return's comment while the report is returned, an acceptance's once accepted, and
  // after a resubmission the earlier return's comment with what has changed since.
  const decision = s.status === "returned" && s.reviewComment
    ? h("p", { class: "comment" }, fmt(t.review.returnedWith, { comment: s.reviewComment }))
    : s.status === "accepted" && s.reviewComment ? h("p", { class: "comment" }, fmt(t.review.acceptedWith, { comment: s.reviewComment })) : null;
  const changes = resubmitted
    ? h("section", { class: "card" }, h("h2", {}, t.review.sinceReturnHeading),
      h("p", {}, fmt(t.review.returnedOn, { who: whoText(since.returned) }), " ", timeElement(since.returned.at),
        since.returned.comment ? h("span", { lang: "" }, ": “" + since.returned.comment + "”") : ""),
      since.changed.size
        ? h("div", {}, h("p", {}, t.review.changedList), h("ul", {}, ...[...since.changed].map((k) => h("li", {}, partName(plan, k)))))
        : h("p", {}, t.review.nothingChanged))
    : null;

  const back = h("p", { class: "actions" }, h("a", { href: `#/grid?plan=${encodeURIComponent(planId)}` }, t.nav.grid),
    h("a", { href: `#/report?plan=${encodeURIComponent(planId)}&year=${year}&state=${encodeURIComponent(state)}` }, t.review.edit));
  titled(back,
    h("div", { class: "card status-panel" },
      h("p", {}, statusBadge(s.status, s.late), " " + fmt(t.status.revision, { n: s.revision })),
      entry ? h("p", {}, ...dueText(entry)) : null,
      s.submittedAt ? h("p", {}, t.review.submittedAt + " ", timeElement(s.submittedAt)) : null,
      decision),
    changes, review, values, lockForm(path), historyTable(plan, history));
}

function lockForm(path: string): HTMLElement {
  const until = h("input", { type: "date", required: true });
  const reason = h("textarea", { rows: "2" });
  return h("form", { class: "card", onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      // The end of the chosen day where the secretariat officer is: the one time rule of the pages (local time).
      // The field is required, so the browser asks for a date before this runs.
      const granted = await api<{ until: string }, LockExceptionInput>("POST", path + "/lock-exception",
        { body: { until: new Date(until.value + "T23:59:59").toISOString(), reason: reason.value } });
      say(fmt(t.review.granted, { date: formatDate(granted.data.until, true) }));
    } catch (error) {
      fail(error);
    }
  } }, h("h2", {}, t.review.lockHeading), h("p", { class: "hint" }, t.review.lockIntro),
  field(t.review.until, until, t.review.untilHint), field(t.review.reason, reason), h("button", { type: "submit", class: "secondary" }, t.review.grant));
}
