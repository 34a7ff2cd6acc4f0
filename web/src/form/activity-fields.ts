// One activity the state carried out: title, description, the outcome it served and how important it was (1-3).
import { field, h, select } from "../dom";
import { fmt, t } from "../strings";
import type { Activity, Plan } from "../types";
import { idFor, input, textarea, type Part } from "./indicator-fields";

/** Nothing typed or chosen yet: such a row is not sent (and so never fails a save) until it has content. */
export function isEmpty(a: Activity): boolean {
  return !a.title && !a.description && !a.outcome && !a.importance;
}

export function activityFields(plan: Plan, row: number, a: Activity, onRemove: () => void): Part<Activity> {
  const base = `/activities/${row}`;
  const title = input(`${base}/title`, a.title);
  const description = textarea(`${base}/description`, a.description, 2);
  const outcome = select([["", t.form.chooseOutcome], ...plan.outcomes.map((o): [string, string] => [o.code, `${o.code} ${o.text}`])], a.outcome ?? "", { id: idFor(`${base}/outcome`) });
  const importance = select([["", t.form.chooseImportance], ["1", t.form.importance1], ["2", t.form.importance2], ["3", t.form.importance3]],
    a.importance ? String(a.importance) : "", { id: idFor(`${base}/importance`) });
  const n = row + 1;
  const note = h("div", { class: "part-note", hidden: true });
  const element = h("fieldset", { class: "activity", id: idFor(base) },
    h("legend", {}, fmt(t.form.activity, { n })),
    field(t.form.activityTitle, title), field(t.form.activityDescription, description),
    h("div", { class: "pair" }, field(t.form.activityOutcome, outcome), field(t.form.importance, importance)),
    note,
    h("button", { type: "button", class: "secondary", onclick: onRemove }, fmt(t.form.removeActivity, { n })));
  return {
    element,
    note,
    read: () => ({
      title: title.value.trim() || undefined,
      description: description.value.trim() ? description.value : undefined, // kept as typed, like every narrative
      outcome: outcome.value || undefined,
      importance: importance.value ? Number(importance.value) : undefined,
    }),
  };
}
