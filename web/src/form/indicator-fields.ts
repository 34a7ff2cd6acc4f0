// The inputs of one indicator, suited to its kind: a count, a numerator over a denominator, yes/no with an evidence link,
// or a narrative; then its breakdowns (labelled as the plan names them) and a place to say an entry was not saved.
import { field, h, select } from "../dom";
import { fmt, number, t } from "../strings";
import type { Indicator, DraftValue, Plan } from "../types";
import { categoryLabel, dimensionLabel } from "./wording";

/** The id of the control a JSON Pointer from the API names, so its problems land next to it. */
export const idFor = (pointer: string) => "f:" + pointer;

const digits = /[\u0E50-\u0E59\u0ED0-\u0ED9\u17E0-\u17E9\u1040-\u1049]/g; // Thai, Lao, Khmer and Myanmar digits
const numberText = /^-?\d+(\.\d+)?$/;

/**
 * A number if the text is one (thousands separators and Thai, Lao, Khmer or Myanmar digits taken as written); otherwise the
 * text itself, so the server names the field ("must be a number") instead of the entry vanishing.
 */
export function numeric(text: string): number | string | undefined {
  const s = text.trim().replace(/[,\s]/g, "").replace(digits, (d) => String(d.charCodeAt(0) % 16));
  if (s === "") return undefined;
  return numberText.test(s) ? Number(s) : text.trim();
}

export function input(pointer: string, value: unknown, attrs: Record<string, string> = {}): HTMLInputElement {
  return h("input", { id: idFor(pointer), type: "text", value: value === undefined || value === null ? "" : String(value), ...attrs });
}

export function textarea(pointer: string, value: string | undefined, rows = 3): HTMLTextAreaElement {
  const el = h("textarea", { id: idFor(pointer), rows: String(rows) });
  el.value = value ?? "";
  return el;
}

/** One part of the form (an indicator, an activity, the overall narrative): its element, how to read it, where its note goes. */
export interface Part<T> { element: HTMLElement; read: () => T; note: HTMLElement }

/** The target line under an indicator's title: "Target 75% by 2025 (baseline 60% in 2020)". */
function targetLine(indicator: Indicator): HTMLElement | null {
  if (!indicator.target) return null;
  const unit = indicator.kind === "percentage" ? "%" : indicator.unit ? " " + indicator.unit : "";
  const text = fmt(t.form.target, { value: number(indicator.target.value) + unit, year: indicator.target.year })
    + (indicator.baseline ? " " + fmt(t.form.baseline, { value: number(indicator.baseline.value) + unit, year: indicator.baseline.year }) : "")
    + (indicator.target.illustrative ? " " + t.form.illustrative : "");
  return h("p", { class: "hint" }, text);
}

export function indicatorFields(plan: Plan, indicator: Indicator, value: DraftValue | undefined): Part<DraftValue | undefined> {
  const base = `/values/${indicator.code}`;
  const v = value ?? {};
  const controls: HTMLElement[] = [];
  const readers: ((out: DraftValue) => void)[] = [];
  const ratio = indicator.kind === "percentage" || indicator.kind === "ratio";

  if (indicator.kind === "count") {
    const el = input(`${base}/value`, v.value, { inputmode: "numeric" });
    controls.push(field(t.form.value + (indicator.unit ? ` (${indicator.unit})` : ""), el));
    readers.push((o) => { o.value = numeric(el.value); });
  } else if (ratio) {
    const num = input(`${base}/numerator`, v.numerator, { inputmode: "decimal" });
    const den = input(`${base}/denominator`, v.denominator, { inputmode: "decimal" });
    controls.push(h("div", { class: "pair" }, field(t.form.numerator, num), field(t.form.denominator, den)));
    readers.push((o) => { o.numerator = numeric(num.value); o.denominator = numeric(den.value); });
  } else if (indicator.kind === "milestone") {
    const achieved = select([["", t.form.notAnswered], ["true", t.form.yes], ["false", t.form.no]], v.achieved === undefined ? "" : String(v.achieved), { id: idFor(`${base}/achieved`) });
    const evidence = input(`${base}/evidenceUrl`, v.evidenceUrl, { type: "url", inputmode: "url" });
    controls.push(h("div", { class: "pair" }, field(t.form.achieved, achieved), field(t.form.evidence, evidence)));
    readers.push((o) => {
      if (achieved.value) o.achieved = achieved.value === "true";
      if (evidence.value.trim()) o.evidenceUrl = evidence.value.trim();
    });
  }

  const narrative = textarea(`${base}/narrative`, v.narrative, indicator.kind === "narrative" ? 5 : 2);
  controls.push(field(indicator.kind === "narrative" ? t.form.narrative : t.form.notes, narrative));
  readers.push((o) => { if (narrative.value.trim()) o.narrative = narrative.value; });

  for (const dimension of indicator.disaggregations ?? []) {
    const categories = plan.disaggregations[dimension] ?? [];
    const stored = (v.disaggregation?.[dimension] ?? {}) as Record<string, unknown>;
    const cells: [string, () => unknown][] = [];
    const rows = categories.map((category) => {
      const pointer = `${base}/disaggregation/${dimension}/${category}`;
      const label = categoryLabel(plan, dimension, category);
      const s = stored[category] as { numerator?: number; denominator?: number } | number | undefined;
      if (ratio) {
        const num = input(`${pointer}/numerator`, typeof s === "object" ? s?.numerator : undefined, { inputmode: "decimal" });
        const den = input(`${pointer}/denominator`, typeof s === "object" ? s?.denominator : undefined, { inputmode: "decimal" });
        cells.push([category, () => {
          const n = numeric(num.value), d = numeric(den.value);
          return n === undefined && d === undefined ? undefined : { numerator: n, denominator: d };
        }]);
        return h("div", { class: "pair" }, field(`${label}: ${t.form.numerator}`, num), field(`${label}: ${t.form.denominator}`, den));
      }
      const el = input(pointer, typeof s === "number" ? s : undefined, { inputmode: "numeric" });
      cells.push([category, () => numeric(el.value)]);
      return field(label, el);
    });
    const details = h("details", { id: idFor(`${base}/disaggregation/${dimension}`), open: Object.keys(stored).length > 0 },
      h("summary", {}, fmt(t.form.breakdown, { category: dimensionLabel(plan, dimension) })), ...rows);
    controls.push(details);
    readers.push((o) => {
      const entries = cells.map(([c, read]) => [c, read()] as const).filter(([, x]) => x !== undefined);
      if (entries.length) (o.disaggregation ??= {})[dimension] = Object.fromEntries(entries);
    });
  }

  const note = h("div", { class: "part-note", hidden: true });
  const element = h("fieldset", { class: "indicator", id: idFor(base) },
    h("legend", {}, h("span", { class: "code" }, indicator.code), " ", indicator.title), targetLine(indicator), ...controls, note);
  return {
    element,
    note,
    read: () => {
      const out: DraftValue = {};
      for (const r of readers) r(out);
      // Keys left undefined are not answers: an untouched indicator is left out, not sent empty.
      const answered = Object.fromEntries(Object.entries(out).filter(([, x]) => x !== undefined)) as DraftValue;
      return Object.keys(answered).length ? answered : undefined;
    },
  };
}
