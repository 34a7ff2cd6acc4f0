// A report body seen as parts (each indicator's figures, the overall narrative, the activities), compared and merged three
// ways: what the person started from, what they typed, and what the server holds now. Nothing either side wrote is dropped
// without the person seeing it: a part both changed is a conflict they decide.
import { fmt, number, t } from "../strings";
import type { DraftActivity, DraftValue, Plan, Submission, DraftInput } from "../types";
import { groupLabel } from "./wording";

/** "v:5.2.1", "narrative" or "activities". */
export type PartKey = string;

/** JSON with keys in order, so two equal bodies read the same however they were built. */
export function canonical(value: unknown): string {
  if (value === undefined) return "";
  return JSON.stringify(value, (_, v) => (v && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, v[k]]))
    : v));
}

export function bodyOf(s: Submission | null): DraftInput {
  return { values: { ...(s?.values ?? {}) }, narrative: s?.narrative || undefined, activities: (s?.activities ?? []).map((a) => ({ ...a })) };
}

function partsOf(body: DraftInput): Map<PartKey, string> {
  const parts = new Map<PartKey, string>();
  for (const [code, v] of Object.entries(body.values)) parts.set("v:" + code, canonical(v));
  parts.set("narrative", canonical(body.narrative));
  parts.set("activities", body.activities.length ? canonical(body.activities) : "");
  return parts;
}

/** The parts that differ between two bodies. */
export function changedParts(a: DraftInput, b: DraftInput): PartKey[] {
  const pa = partsOf(a), pb = partsOf(b);
  const keys = new Set([...pa.keys(), ...pb.keys()]);
  return [...keys].filter((k) => (pa.get(k) ?? "") !== (pb.get(k) ?? ""));
}

export function samePart(a: DraftInput, b: DraftInput, key: PartKey): boolean {
  return (partsOf(a).get(key) ?? "") === (partsOf(b).get(key) ?? "");
}

/** A copy of <paramref name="body"/> with one part taken from <paramref name="from"/>. */
export function withPart(body: DraftInput, key: PartKey, from: DraftInput): DraftInput {
  const next: DraftInput = { values: { ...body.values }, narrative: body.narrative, activities: [...body.activities] };
  if (key === "narrative") next.narrative = from.narrative;
  else if (key === "activities") next.activities = [...from.activities];
  else {
    const code = key.slice(2);
    if (from.values[code] === undefined) delete next.values[code];
    else next.values[code] = from.values[code];
  }
  return next;
}

export interface Conflict { key: PartKey }
export interface Merged { body: DraftInput; conflicts: Conflict[]; fromServer: PartKey[] }

/**
 * Mine over theirs where only I changed a part, theirs where only they did; where both changed it differently, mine stays in
 * the body and the part is listed as a conflict for the person to decide.
 */
export function merge(base: DraftInput, mine: DraftInput, theirs: DraftInput): Merged {
  let body = mine;
  const conflicts: Conflict[] = [];
  const fromServer: PartKey[] = [];
  const keys = new Set([...changedParts(base, mine), ...changedParts(base, theirs)]);
  for (const key of keys) {
    const iChanged = !samePart(base, mine, key), theyChanged = !samePart(base, theirs, key);
    if (samePart(mine, theirs, key)) continue;
    if (theyChanged && !iChanged) {
      body = withPart(body, key, theirs);
      fromServer.push(key);
    } else if (theyChanged && iChanged) conflicts.push({ key });
  }
  return { body, conflicts, fromServer };
}

/** A part's name for a list: "5.2.1 Proportion of children…", "Overall narrative", "Activities". */
export function partName(plan: Plan, key: PartKey): string {
  if (key === "narrative") return t.form.overall;
  if (key === "activities") return t.form.activities;
  const code = key.slice(2);
  const title = plan.indicators.find((i) => i.code === code)?.title ?? "";
  return title ? `${code} ${title.length > 70 ? title.slice(0, 69) + "…" : title}` : code;
}

function valueText(plan: Plan, v: DraftValue): string {
  const parts: string[] = [];
  if (v.value !== undefined) parts.push(number(v.value as number));
  if (v.numerator !== undefined || v.denominator !== undefined) parts.push(`${number(v.numerator as number)} / ${number(v.denominator as number)}`);
  if (v.achieved !== undefined) parts.push(v.achieved ? t.form.yes : t.form.no);
  if (v.evidenceUrl) parts.push(v.evidenceUrl);
  for (const [dimension, groups] of Object.entries(v.disaggregation ?? {}))
    for (const [category, x] of Object.entries(groups)) {
      const f = x as { numerator?: number; denominator?: number } | number;
      parts.push(`${groupLabel(plan, dimension, category)} ${typeof f === "object" && f ? `${number(f.numerator)} / ${number(f.denominator)}` : number(f as number)}`);
    }
  if (v.narrative) parts.push(v.narrative);
  return parts.join("; ");
}

function activityText(a: DraftActivity): string {
  return [a.title, a.outcome && fmt(t.form.outcome, { code: a.outcome }), a.importance && `${t.form.importance} ${a.importance}`, a.description].filter(Boolean).join(" · ");
}

/** What one body holds for a part, in words (for showing both sides of a conflict or what is kept unsaved). */
export function partText(plan: Plan, key: PartKey, body: DraftInput): string {
  if (key === "narrative") return body.narrative ?? t.form.nothing;
  if (key === "activities") return body.activities.length ? body.activities.map((a, i) => `${fmt(t.form.activity, { n: i + 1 })}: ${activityText(a)}`).join("\n") : t.form.nothing;
  const v = body.values[key.slice(2)];
  return v ? valueText(plan, v) : t.form.nothing;
}
