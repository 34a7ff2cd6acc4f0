// The whole form of a report, generated from the plan's results framework: grouped by goal, then outcome; then activities
// and the overall narrative. It reads itself back as the API's body and knows where each of the API's pointers lands.
import { clear, field, h } from "../dom";
import { fmt, t } from "../strings";
import type { DraftActivity, Framework, Indicator, DraftValue, Plan, DraftInput } from "../types";
import { activityFields, isEmpty, kraLabel } from "./activity-fields";
import { idFor, indicatorFields, textarea, type Part } from "./indicator-fields";

export interface Editor {
  element: HTMLElement;
  /** The body to send. Empty activity rows are left out, so rows[i] is the row (0-based) of the i-th activity sent. */
  read(): { body: DraftInput; rows: number[] };
  /** The control a pointer of the last body read names (activities by the row they are on), or the nearest part. */
  target(pointer: string): HTMLElement | null;
  /** Where the note of the part a pointer falls in goes (an indicator, an activity, the overall narrative). */
  noteFor(pointer: string): HTMLElement | null;
  /** Every note, to clear them. */
  notes(): HTMLElement[];
  /** The row of the i-th activity of the last body read. */
  activityRow(sent: number): number;
}

export function buildEditor(plan: Plan, framework: Framework | null, start: DraftInput | null, onChange: () => void): Editor {
  const parts = new Map<string, Part<DraftValue | undefined>>();
  const byOutcome = new Map<string, Indicator[]>();
  for (const i of plan.indicators) {
    const key = i.outcome ?? "";
    byOutcome.set(key, [...(byOutcome.get(key) ?? []), i]);
  }
  const place = (i: Indicator) => {
    const part = indicatorFields(plan, i, start?.values[i.code]);
    parts.set(i.code, part);
    return part.element;
  };
  const sections: HTMLElement[] = [];
  // Grouped by goal, then outcome; an outcome serving several goals sits under its first.
  for (const goal of plan.goals) {
    const outcomes = plan.outcomes.filter((o) => o.goals[0] === goal.code && byOutcome.has(o.code));
    if (!outcomes.length) continue;
    const inner = outcomes.map((o) => h("section", { class: "outcome" },
      h("h3", {}, fmt(t.form.outcome, { code: o.code }) + " — " + o.text),
      framework && o.serves?.length
        ? h("p", { class: "hint" }, fmt(t.form.serves, {
          framework: framework.shortTitle ?? framework.title,
          areas: o.serves.map((c) => kraLabel(framework, c)).join("; "),
          basis: t.form.mappingBasis[o.mappingSource ?? "project"],
        }))
        : null,
      ...byOutcome.get(o.code)!.map(place)));
    sections.push(h("section", { class: "goal" }, h("h2", {}, fmt(t.form.goal, { code: goal.code }) + " — " + goal.text), ...inner));
  }
  const rest = plan.indicators.filter((i) => !parts.has(i.code));
  if (rest.length) sections.push(h("section", { class: "goal" }, h("h2", {}, t.form.otherIndicators), ...rest.map(place)));

  const list = h("div", { class: "activities" });
  let activities: DraftActivity[] = [...(start?.activities ?? [])];
  let rows: Part<DraftActivity>[] = [];
  const renderActivities = () => {
    clear(list);
    rows = activities.map((a, i) => {
      const part = activityFields(plan, framework, i, a, () => {
        activities = rows.map((r) => r.read()).filter((_, j) => j !== i);
        renderActivities();
        onChange();
      });
      list.append(part.element);
      return part;
    });
  };
  renderActivities();
  const add = h("button", { type: "button", class: "secondary", onclick: () => {
    activities = [...rows.map((r) => r.read()), {}];
    renderActivities();
    list.querySelector<HTMLInputElement>(".activity:last-child input")?.focus();
  } }, t.form.addActivity);

  const overall = textarea("/narrative", start?.narrative, 5);
  const overallNote = h("div", { class: "part-note", hidden: true });
  const element = h("div", {},
    ...sections,
    h("section", { class: "goal", id: idFor("/activities") }, h("h2", {}, t.form.activities), h("p", { class: "hint" }, t.form.activitiesIntro), list, add),
    h("section", { class: "goal" }, h("h2", {}, t.form.overall), field(t.form.overall, overall), overallNote));
  element.addEventListener("input", onChange);
  element.addEventListener("change", onChange);

  let sentRows: number[] = [];
  const rowOf = (sent: number) => sentRows[sent] ?? sent;
  // A pointer of the API names activities by their place in the body sent; on the page they sit on their own rows.
  const onPage = (pointer: string) => pointer.replace(/^\/activities\/(\d+)/, (_, i: string) => `/activities/${rowOf(Number(i))}`);
  return {
    element,
    read: () => {
      const values: Record<string, DraftValue> = {};
      for (const [code, part] of parts) {
        const v = part.read();
        if (v) values[code] = v;
      }
      const read = rows.map((r) => r.read());
      sentRows = read.map((a, i) => (isEmpty(a) ? -1 : i)).filter((i) => i >= 0);
      const body: DraftInput = { values, narrative: overall.value.trim() ? overall.value : undefined, activities: sentRows.map((i) => read[i]) };
      return { body, rows: sentRows };
    },
    target: (pointer) => {
      let found: HTMLElement | null = null;
      for (let p = onPage(pointer); p && !found; p = p.slice(0, p.lastIndexOf("/"))) found = document.getElementById(idFor(p));
      return found;
    },
    noteFor: (pointer) => {
      const page = onPage(pointer);
      if (page.startsWith("/narrative")) return overallNote;
      const activity = /^\/activities\/(\d+)/.exec(page);
      if (activity) return rows[Number(activity[1])]?.note ?? null;
      const code = /^\/values\/([^/]+)/.exec(page)?.[1]?.replace(/~1/g, "/").replace(/~0/g, "~");
      return code ? parts.get(code)?.note ?? null : null;
    },
    notes: () => [...[...parts.values()].map((p) => p.note), ...rows.map((r) => r.note), overallNote],
    activityRow: rowOf,
  };
}
