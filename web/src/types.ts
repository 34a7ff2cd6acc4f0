export type Role = "focalPoint" | "secretariat" | "admin" | "observer";
/** Which plans an assignment covers: every one, or those of the named sectoral bodies and the named plans. */
export interface Scope { all?: boolean; bodies?: string[]; plans?: string[] }
export interface Assignment { role: Role; state?: string | null; scope: Scope }
export interface PlanAccess { id: string; title: string; sectoralBody: string; access: "observer" | "focalPoint" | "secretariat" }
export interface Me {
  role: Role; state: string | null; name: string; authentication: "apiKey" | "appServiceAuthentication";
  assignments?: Assignment[]; plans?: PlanAccess[];
}
export interface SectoralBody { code: string; name: string; ministerialBody?: string }
export interface Measure { value: number; year: number; illustrative?: boolean }
export interface Indicator {
  code: string; title: string; outcome?: string; output?: string; kind: "count" | "percentage" | "ratio" | "milestone" | "narrative";
  unit?: string; baseline?: Measure; target?: Measure; disaggregations?: string[];
}
export interface Plan {
  id: string; version: number; title: string; firstYear: number; lastYear: number;
  goals: { code: string; text: string }[]; outcomes: { code: string; text: string; goals: string[] }[];
  disaggregations: Record<string, string[]>; indicators: Indicator[];
}
export interface PlanListItem { id: string; version: number; title: string; sectoralBody?: string; firstYear: number; lastYear: number }
export interface IndicatorValue {
  value?: number | string; numerator?: number | string; denominator?: number | string; achieved?: boolean; evidenceUrl?: string; narrative?: string;
  disaggregation?: Record<string, Record<string, unknown>>;
}
export interface Activity { title?: string; description?: string; outcome?: string; importance?: number }
export type Status = "notStarted" | "draft" | "submitted" | "accepted" | "returned";
export interface Submission {
  planId: string; year: number; state: string; status: Status; revision: number; late: boolean;
  values: Record<string, IndicatorValue>; narrative?: string; activities: Activity[]; reviewComment?: string;
}
export interface HistoryEntry { revision: number; at: string; by: string; role: string; action: string; comment?: string }
export interface MemberState { code: string; name: string; expectedFromYear: number }
export interface ReportComment { id: string; reportId: string; replyTo?: string; text: string; by: string; role: string; at: string; mine: boolean; answered?: boolean }
export interface Consultation { planId: string; reportId: string; title: string; status: "interim" | "final"; entries: ReportComment[] }
export interface ReportFile { name: string; size: number; href: string }
export interface ReportVersion {
  reportId: string; kind: string; year?: number; title: string; generatedAt: string; interim: boolean; status: "interim" | "final";
  files: ReportFile[]; comments: number; unanswered: number;
}
