// Plain words for what the API names by code or JSON Pointer: breakdown groups by the plan's labels, fields by their labels,
// problems by their code in the reader's language. Nothing here shows a pointer, a raw code or an HTTP status.
import { fmt, t } from "../strings";
import type { Indicator, Plan, ProblemItem } from "../types";

/** "ageGroup" → "Age group" when the plan gives no label: never the bare code. */
function humanize(code: string): string {
  const words = code.replace(/([a-z])([A-Z0-9])/g, "$1 $2").replace(/[-_]/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function dimensionLabel(plan: Plan, dimension: string): string {
  return plan.disaggregationLabels?.[dimension]?.label ?? humanize(dimension);
}

export function categoryLabel(plan: Plan, dimension: string, category: string): string {
  return plan.disaggregationLabels?.[dimension]?.categories?.[category] ?? humanize(category);
}

/** "Age group: 60 and over" */
export function groupLabel(plan: Plan, dimension: string, category: string): string {
  return `${dimensionLabel(plan, dimension)}: ${categoryLabel(plan, dimension, category)}`;
}

const problemKey = (code: string) => code.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof typeof t.problems;

/** A problem in the reader's words: by its code when the pages know it, else the server's own sentence. */
export function problemText(problem: ProblemItem): string {
  const known = problem.code ? t.problems[problemKey(problem.code)] : undefined;
  return typeof known === "string" ? known : problem.message;
}

export function indicatorOf(plan: Plan, pointer: string): Indicator | undefined {
  const code = /^\/values\/([^/]+)/.exec(pointer)?.[1]?.replace(/~1/g, "/").replace(/~0/g, "~");
  return code ? plan.indicators.find((i) => i.code === code) : undefined;
}

const fieldWords = (): Record<string, string> => ({
  value: t.form.value, numerator: t.form.numerator, denominator: t.form.denominator, achieved: t.form.achieved,
  evidenceUrl: t.form.evidence, narrative: t.form.notes, title: t.form.activityTitle, description: t.form.activityDescription,
  outcome: t.form.activityOutcome, importance: t.form.importance,
});

/**
 * Where a problem is, in words: "5.2.1 – Numerator", "5.2.2 – Age group: 60 and over – Denominator", "Activity 2 – Outcome",
 * "Overall narrative". <paramref name="activityRow"/> turns the index the request used into the row the person sees.
 */
export function placeOf(plan: Plan, pointer: string, activityRow: (sent: number) => number): string {
  const segments = pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const words = fieldWords();
  if (segments[0] === "narrative") return t.form.overall;
  if (segments[0] === "activities") {
    if (segments.length < 2) return t.form.activities;
    const activity = fmt(t.form.activity, { n: activityRow(Number(segments[1])) + 1 });
    return segments[2] ? `${activity} – ${words[segments[2]] ?? humanize(segments[2])}` : activity;
  }
  if (segments[0] === "values" && segments[1]) {
    const indicator = plan.indicators.find((i) => i.code === segments[1]);
    const parts = [segments[1]];
    if (segments[2] === "disaggregation") {
      if (segments[3]) parts.push(segments[4] ? groupLabel(plan, segments[3], segments[4]) : fmt(t.form.breakdown, { category: dimensionLabel(plan, segments[3]) }));
      if (segments[5]) parts.push(words[segments[5]] ?? humanize(segments[5]));
    } else if (segments[2]) {
      parts.push(segments[2] === "narrative" && indicator?.kind === "narrative" ? t.form.narrative : words[segments[2]] ?? humanize(segments[2]));
    }
    return parts.join(" – ");
  }
  return t.form.wholeReport;
}
