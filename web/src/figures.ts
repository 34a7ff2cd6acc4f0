// The words for a figure, the same on every page that shows one (summary, observers' final figures, the completeness grid):
// a value as its indicator reads, what it rests on ("from 3 of 10 states"), the progress judgement, a year's completeness.
import { fmt, number, t } from "./strings";
import type { Indicator, Measure } from "./types";

export interface ByState { state: string; year: number; status: string; value?: number }
export interface Figure { value?: number; numerator?: number; denominator?: number; statesCounted: number }
export interface Coverage { counted: number; expected: number; provisional: number; missing: string[]; voluntary: string[]; voluntaryProvisional: number; years: number[] }
export interface Progress { status: string; share?: number; expected?: number; asOfYear?: number; coverage?: Coverage; needed?: number }
export interface SummaryIndicator {
  code: string; title: string; unit?: string; kind: Indicator["kind"]; stateRule: string; yearRule: string;
  regional?: Figure; official?: Figure; coverage?: Coverage; provisional: boolean; byState: ByState[]; progress?: Progress;
}
export interface Completeness {
  year: number; expected: number; reported: number; accepted: number; awaitingReview: number; returned: number;
  missing: string[]; missingCount: number; late: string[]; voluntaryReports: { state: string; status: string }[]; voluntaryCount: number;
}

const num = (v: number | undefined | null) => (v === undefined || v === null ? t.summary.noData : number(v));

/** A value as the indicator reads: 46.7% for a percentage, 1.25 for a ratio, 12,500 for a count. */
export function shown(kind: Indicator["kind"], v: number | undefined | null): string {
  if (v === undefined || v === null) return t.summary.noData;
  if (kind === "percentage") return `${Number(v).toFixed(1)}%`;
  if (kind === "ratio") return Number(v).toFixed(2);
  return num(v);
}

export function measure(kind: Indicator["kind"], m: Measure | undefined): string {
  if (!m) return t.summary.noData;
  return fmt(t.summary.measure, { value: shown(kind, m.value), year: m.year }) + (m.illustrative ? ` ${t.summary.illustrative}` : "");
}

/** "from 3 of 10 states (1 provisional)": built from the numbers, so it is said in the page's language. */
export function restsOn(c: Coverage | undefined): string {
  if (!c) return "";
  const base = c.years.length > 1
    ? fmt(t.summary.coverageYears, { counted: c.counted, expected: c.expected, first: c.years[0], last: c.years[c.years.length - 1] })
    : fmt(t.summary.coverage, { counted: c.counted, expected: c.expected });
  // Each count says which figures it is of: the provisional among the counted states, then the voluntary ones and theirs.
  const voluntary = c.voluntary.length
    ? fmt(t.summary.coverageVoluntary, { n: c.voluntary.length }) + (c.voluntaryProvisional ? ", " + fmt(t.summary.coverageProvisional, { n: c.voluntaryProvisional }) : "")
    : "";
  const extras = [c.provisional ? fmt(t.summary.coverageProvisional, { n: c.provisional }) : "", voluntary].filter(Boolean);
  return extras.length ? `${base} (${extras.join("; ")})` : base;
}

export function judgement(i: Pick<SummaryIndicator, "progress">): string {
  const p = i.progress;
  if (!p) return "";
  const word = t.summary.progress[p.status as keyof typeof t.summary.progress] ?? p.status;
  // A judgement on a total over years rests on state-years ("13 of 40 expected reports over 2021-2024"), one on a year on states.
  if (p.status === "notEnoughReports" && p.coverage)
    return `${word}: ${p.coverage.years.length > 1
      ? fmt(t.summary.notEnoughYears, { counted: p.coverage.counted, expected: p.coverage.expected, needed: p.needed ?? "", first: p.coverage.years[0], last: p.coverage.years[p.coverage.years.length - 1] })
      : fmt(t.summary.notEnough, { counted: p.coverage.counted, expected: p.coverage.expected, needed: p.needed ?? "" })}`;
  if (p.share !== undefined && p.share !== null && p.expected !== undefined && p.expected !== null)
    return `${word}: ${fmt(t.summary.share, { share: Math.round(p.share * 100), expected: Math.round(p.expected * 100), year: p.asOfYear ?? "" })}`;
  return word;
}

export function completenessLine(c: Completeness): string {
  const parts = [fmt(t.summary.completeness, { year: c.year, reported: c.reported, expected: c.expected, accepted: c.accepted, awaiting: c.awaitingReview, returned: c.returned })];
  // A focal point's answer names only its own state: the others are counted, not named.
  const states = (n: number) => (n === 1 ? t.summary.oneState : fmt(t.summary.states, { n }));
  const named = (names: string[], count: number) => names.length === count ? names.join(", ")
    : names.length ? fmt(t.summary.andOthers, { names: names.join(", "), others: states(count - names.length) }) : states(count);
  parts.push(c.missingCount ? fmt(t.summary.missing, { states: named(c.missing, c.missingCount) }) : t.summary.noneMissing);
  if (c.late.length) parts.push(fmt(t.summary.late, { states: c.late.join(", ") }));
  const status = (s: string) => t.status[s as keyof typeof t.status] ?? s;
  if (c.voluntaryCount) parts.push(fmt(t.summary.voluntary, { states: named(c.voluntaryReports.map((v) => `${v.state} (${status(v.status).toLowerCase()})`), c.voluntaryCount) }));
  return parts.join("; ");
}
