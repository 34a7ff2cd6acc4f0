// A focal point's arrival: every report of their state across plans and years, with status, due date, days left or
// overdue and lock date; a returned report and the secretariat's comment first.
import { app, getFramework, getPlan, page, stateReports } from "../app";
import { h, timeElement } from "../dom";
import { fmt, t } from "../strings";
import type { StateReport } from "../types";
import { dueText, statusBadge } from "./focal";

/** States whose list this page has shown once: the next visit asks again. */
const shown = new Set<string>();

const href = (r: StateReport) => `#/report?plan=${encodeURIComponent(r.planId)}&year=${r.year}`;

/** What needs doing first: returned, then overdue, then the nearest due date among reports not yet submitted. */
function urgency(r: StateReport): number {
  if (r.status === "returned") return 0;
  if (r.status === "submitted" || r.status === "accepted") return 4;
  if (r.overdue) return 1;
  return r.due ? 2 : 3;
}

export async function minePage(): Promise<void> {
  const me = app.me!;
  // Just after sign-in the list is on its way already; coming back later, it is asked again (statuses change).
  const first = !shown.has(me.state!);
  shown.add(me.state!);
  const reports = await stateReports(me.state!, !first);
  const all = reports.reports;
  const returned = all.filter((r) => r.status === "returned");
  const next = all.filter((r) => urgency(r) < 4 && (r.isOpen || r.status !== "notStarted"))
    .sort((a, b) => urgency(a) - urgency(b) || (a.daysLeft ?? 1e6) - (b.daysLeft ?? 1e6))[0];
  // The plans are worth fetching now (a few KB each, kept by the browser for good): the form needs one next, and the line is slow.
  // So are their frameworks (the key result areas the form offers), fetched alongside rather than after the plan.
  for (const r of new Map(all.map((r) => [r.planId, r])).values()) void getPlan(r.planId, r.planVersion).catch(() => undefined);
  for (const id of new Set(all.map((r) => r.framework).filter((f): f is string => !!f))) void getFramework(id).catch(() => undefined);

  const notices = returned.map((r) => h("div", { class: "notice returned" },
    h("p", {}, h("strong", {}, fmt(t.mine.returned, { plan: r.planTitle, year: r.year }))),
    r.reviewComment ? h("p", { class: "comment", lang: "" }, "“" + r.reviewComment + "”") : null,
    r.reviewedAt ? h("p", { class: "hint" }, t.mine.returnedOn + " ", timeElement(r.reviewedAt)) : null,
    h("p", {}, h("a", { class: "button", href: href(r) }, fmt(t.mine.openReport, { year: r.year })))));

  const plans = [...new Set(all.map((r) => r.planId))];
  const tables = plans.map((planId) => {
    const rows = all.filter((r) => r.planId === planId);
    return h("section", { class: "card" }, h("h2", {}, rows[0].planTitle),
      h("div", { class: "scroll" }, h("table", { class: "stack mine" },
        h("thead", {}, h("tr", {}, ...[t.mine.year, t.mine.status, t.mine.due, ""].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, ...rows.map((r) => h("tr", { class: r === next ? "next" : null },
          h("th", { scope: "row", "data-label": t.mine.year }, String(r.year), r.expected ? "" : h("span", { class: "muted" }, " " + t.mine.voluntary)),
          h("td", { "data-label": t.mine.status }, statusBadge(r.status, r.late)),
          h("td", { "data-label": t.mine.due }, ...dueText(r)),
          h("td", {}, h("a", { href: href(r), "aria-label": fmt(t.mine.openLabel, { plan: r.planTitle, year: r.year }) },
            r.status === "submitted" || r.status === "accepted" ? t.mine.view : r.status === "notStarted" ? t.mine.start : t.mine.continue))))))));
  });
  page(fmt(t.mine.heading, { state: reports.name }), ...notices,
    next && next.status !== "returned" ? h("p", { class: "lead" }, h("a", { class: "button", href: href(next) }, fmt(t.mine.openNext, { plan: next.planTitle, year: next.year }))) : null,
    ...tables, h("p", { class: "hint" }, t.app.timeRule));
}
