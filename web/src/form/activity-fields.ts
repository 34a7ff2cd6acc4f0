// One activity the state carried out: title, description, the outcome it served and how important it was (1-3).
import { field, h, select } from "../dom";
import { fmt, t } from "../strings";
import type { DraftActivity, Framework, Plan } from "../types";
import { idFor, input, textarea, type Part } from "./indicator-fields";

/** Nothing typed or chosen yet: such a row is not sent (and so never fails a save) until it has content. */
export function isEmpty(a: DraftActivity): boolean {
  return !a.title && !a.description && !a.outcome && !a.importance && !a.kra;
}

/** "B.1 Reducing Barriers", marked where no source confirmed the title, so nobody takes a working label for the framework's words. */
export function kraLabel(framework: Framework, code: string): string {
  const k = framework.keyResultAreas.find((x) => x.code === code);
  return k ? `${k.code} ${k.title}${k.confirmed ? "" : " " + t.form.kraUnconfirmed}` : code;
}

export function activityFields(plan: Plan, framework: Framework | null, row: number, a: DraftActivity, onRemove: () => void): Part<DraftActivity> {
  const base = `/activities/${row}`;
  const title = input(`${base}/title`, a.title);
  const description = textarea(`${base}/description`, a.description, 2);
  const outcome = select([["", t.form.chooseOutcome], ...plan.outcomes.map((o): [string, string] => [o.code, `${o.code} ${o.text}`])], a.outcome ?? "", { id: idFor(`${base}/outcome`) });
  const importance = select([["", t.form.chooseImportance], ["1", t.form.importance1], ["2", t.form.importance2], ["3", t.form.importance3]],
    a.importance ? String(a.importance) : "", { id: idFor(`${base}/importance`) });
  // A saved code the list does not hold (the framework could not be read, or no longer has it) stays an option: never dropped unseen.
  const kraOptions: [string, string][] = framework ? framework.keyResultAreas.map((k) => [k.code, kraLabel(framework, k.code)]) : [];
  if (a.kra && !kraOptions.some(([code]) => code === a.kra)) kraOptions.push([a.kra, a.kra]);
  const kra = framework || a.kra ? select([["", "—"], ...kraOptions], a.kra ?? "", { id: idFor(`${base}/kra`) }) : null;
  const n = row + 1;
  const note = h("div", { class: "part-note", hidden: true });
  const element = h("fieldset", { class: "activity", id: idFor(base) },
    h("legend", {}, fmt(t.form.activity, { n })),
    field(t.form.activityTitle, title), field(t.form.activityDescription, description),
    h("div", { class: "pair" }, field(t.form.activityOutcome, outcome), field(t.form.importance, importance)),
    kra ? field(framework ? fmt(t.form.activityKra, { framework: framework.shortTitle ?? framework.title }) : t.form.activityKraPlain, kra) : null,
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
      kra: kra?.value || undefined,
    }),
  };
}
