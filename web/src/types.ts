export type Role = "focalPoint" | "secretariat" | "admin";
export interface Me { role: Role; state: string | null; name: string; authentication: "apiKey" | "appServiceAuthentication" }
export interface Measure { value: number; year: number; illustrative?: boolean }
export interface Indicator {
  code: string; title: string; outcome?: string; output?: string; kind: "count" | "percentage" | "ratio" | "milestone" | "narrative";
  unit?: string; baseline?: Measure; target?: Measure; disaggregations?: string[];
}
export interface DisaggregationLabel { label: string; categories: Record<string, string> }
export interface Plan {
  id: string; version: number; title: string; firstYear: number; lastYear: number;
  goals: { code: string; text: string }[]; outcomes: { code: string; text: string; goals: string[] }[];
  disaggregations: Record<string, string[]>; indicators: Indicator[];
  disaggregationLabels?: Record<string, DisaggregationLabel>;
}
export interface PlanListItem { id: string; version: number; title: string; firstYear: number; lastYear: number }
export interface IndicatorValue {
  value?: number | string; numerator?: number | string; denominator?: number | string; achieved?: boolean; evidenceUrl?: string; narrative?: string;
  disaggregation?: Record<string, Record<string, unknown>>;
}
export interface Activity { title?: string; description?: string; outcome?: string; importance?: number }
export type Status = "notStarted" | "draft" | "submitted" | "accepted" | "returned";
export interface Submission {
  planId: string; year: number; state: string; status: Status; revision: number; late: boolean;
  values: Record<string, IndicatorValue>; narrative?: string; activities: Activity[]; reviewComment?: string;
  updatedAt?: string; updatedBy?: string; submittedAt?: string; reviewedAt?: string;
  /** Only in a lenient save's answer: what it did not store, and why. */
  leftOut?: ProblemItem[];
}
/** One problem with its JSON Pointer and, from the submission checks, a code the pages put in their own words. */
export interface ProblemItem { pointer: string; message: string; code?: string }
export interface HistoryEntry {
  revision: number; at: string; by: string; role: string; action: string; comment?: string;
  changes?: string[]; byName?: string; leftOut?: ProblemItem[];
}
/** One plan-year of a state, as GET states/{state}/submissions gives it. */
export interface StateReport {
  planId: string; planTitle: string; planVersion: number; year: number; expected: boolean; status: Status; revision?: number; late: boolean;
  opens?: string; due?: string; locks?: string; isOpen: boolean; isLocked: boolean; daysLeft?: number; overdue: boolean; daysUntilLock?: number;
  updatedAt?: string; submittedAt?: string; reviewedAt?: string; reviewComment?: string;
}
export interface StateReports { state: string; name: string; asOf: string; reports: StateReport[] }
export interface MemberState { code: string; name: string; expectedFromYear: number }
/** What PUT .../submissions/{state} takes. */
export interface SubmissionInput { values: Record<string, IndicatorValue>; narrative?: string; activities: Activity[] }
