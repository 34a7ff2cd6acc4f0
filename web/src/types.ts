export type Role = "focalPoint" | "secretariat" | "admin";
export interface Me { role: Role; state: string | null; name: string; authentication: "apiKey" | "appServiceAuthentication" }
export interface Measure { value: number; year: number; illustrative?: boolean }
export interface Indicator {
  code: string; title: string; outcome?: string; output?: string; kind: "count" | "percentage" | "ratio" | "milestone" | "narrative";
  unit?: string; baseline?: Measure; target?: Measure; disaggregations?: string[];
}
export interface Plan {
  id: string; version: number; title: string; firstYear: number; lastYear: number; framework?: string;
  goals: { code: string; text: string }[]; outcomes: { code: string; text: string; goals: string[]; serves?: string[]; mappingSource?: "plan" | "framework" | "project" }[];
  disaggregations: Record<string, string[]>; indicators: Indicator[];
}
export interface PlanListItem { id: string; version: number; title: string; firstYear: number; lastYear: number }
export interface IndicatorValue {
  value?: number | string; numerator?: number | string; denominator?: number | string; achieved?: boolean; evidenceUrl?: string; narrative?: string;
  disaggregation?: Record<string, Record<string, unknown>>;
}
export interface Activity { title?: string; description?: string; outcome?: string; importance?: number; kra?: string }
export interface KeyResultArea { code: string; characteristic: string; title: string; confirmed: boolean }
export interface Framework { id: string; title: string; shortTitle?: string; keyResultAreas: KeyResultArea[] }
export type Status = "notStarted" | "draft" | "submitted" | "accepted" | "returned";
export interface Submission {
  planId: string; year: number; state: string; status: Status; revision: number; late: boolean;
  values: Record<string, IndicatorValue>; narrative?: string; activities: Activity[]; reviewComment?: string;
}
export interface HistoryEntry { revision: number; at: string; by: string; role: string; action: string; comment?: string }
export interface MemberState { code: string; name: string; expectedFromYear: number }
