// The pages' API types: generated from the OpenAPI document as part of the build (npm run build: openapi-typescript reads
// web/openapi.json, which scripts/openapi.sh writes from the server's C# types, into src/generated/openapi.ts). The pages
// import them from here only, so a change to the API that breaks a page fails the build.
import type { components, paths } from "./generated/openapi";

type Schemas = components["schemas"];

export type Role = Schemas["Role"];
export type Me = Schemas["CallerView"];
export type Measure = Schemas["Measure"];
export type Indicator = Schemas["Indicator"];
export type Plan = Schemas["WorkPlan"];
export type PlanListItem = Schemas["PlanSummary"];
export type IndicatorValue = Schemas["IndicatorValue"];
export type Activity = Schemas["Activity"];
export type Status = Schemas["SubmissionListRow"]["status"];
export type Submission = Schemas["Submission"];
export type HistoryEntry = Schemas["HistoryEntry"];
export type MemberState = Schemas["MemberStateView"];
export type SubmissionList = Schemas["SubmissionList"];
export type PendingReport = Schemas["PendingReport"];
export type Summary = Schemas["Summary"];
export type IndicatorAggregate = Schemas["IndicatorAggregate"];
export type ReportListItem = Schemas["ReportListItem"];
export type ReportCreated = Schemas["ReportCreated"];
export type ImportReceipt = Schemas["ImportReceipt"];
export type KeyInfo = Schemas["KeyInfo"];
export type IssuedKey = Schemas["IssuedKey"];
export type WindowView = Schemas["WindowView"];
export type Problem = Schemas["Problem"];
export type FieldError = Schemas["ProblemError"];
export type CellProblem = Schemas["CellProblem"];
export type KeyResultArea = Schemas["KeyResultArea"];
export type Framework = Schemas["Framework"];
export type DisaggregationLabel = Schemas["DisaggregationLabel"];
/** One problem with its JSON Pointer and, from the submission checks, a code the pages put in their own words. */
export type ProblemItem = FieldError;
/** One plan-year of a state, as GET states/{state}/submissions gives it. */
export type StateReport = Schemas["StateSubmission"];
export type StateReports = Schemas["StateSubmissions"];

// Request bodies, as the server enforces them (required members, closed sets, variants such as a return needing a comment).
export type SubmissionInput = Schemas["SubmissionInput"];
export type ReviewInput = Schemas["ReviewInput"];
export type LockExceptionInput = Schemas["LockExceptionInput"];
export type WindowInput = Schemas["WindowInput"];
export type ReportRequest = Schemas["ReportRequest"];
export type KeyInput = Schemas["KeyInput"];
export type PlanInput = Schemas["WorkPlanInput"];

/**
 * What the report form holds, keeps in the browser and sends: the person's entries as typed (a figure that is not a number
 * stays text, an activity may still lack its outcome), so nothing typed is lost and the server names the field at fault.
 * The document's SubmissionInput is the valid subset of this; the server answers the rest with its pointer to each field
 * (400, or in leftOut for a lenient save).
 */
export type DraftValue = Omit<IndicatorValue, "value" | "numerator" | "denominator"> & { value?: number | string; numerator?: number | string; denominator?: number | string };
export type DraftActivity = Partial<Activity>;
export interface DraftInput { values: Record<string, DraftValue>; narrative?: string; activities: DraftActivity[] }

type JsonBodyOf<Operation> = Operation extends { requestBody?: infer R }
  ? NonNullable<R> extends { content: { "application/json": infer B } } ? B : never
  : never;

/** Every JSON request body the document names: what api() accepts as a body. */
export type RequestBody = { [P in keyof paths]: { [M in keyof paths[P]]: JsonBodyOf<paths[P][M]> }[keyof paths[P]] }[keyof paths];

// Access per sectoral body and plan, and the consultation on reports.
export type Scope = Schemas["AccessScope"];
export type ScopeInput = Schemas["ScopeInput"];
export type Assignment = Schemas["Assignment"];
export type PlanAccess = Schemas["PlanAccessView"];
export type SectoralBody = Schemas["SectoralBody"];
export type StoredAssignment = Schemas["StoredAssignment"];
export type AssignmentInput = Schemas["AssignmentInput"];
export type ReportComment = Schemas["CommentView"];
export type Consultation = Schemas["Consultation"];
export type CommentInput = Schemas["CommentInput"];
export type ReportVersion = Schemas["ReportListItem"];

// The cross-plan evaluation against a framework's key result areas, and its report versions.
export type FrameworkSummary = Schemas["FrameworkSummary"];
export type FrameworkEvaluation = Schemas["FrameworkEvaluation"];
export type KraEvaluation = Schemas["KraEvaluation"];
export type KraIndicator = Schemas["KraIndicator"];
export type EvaluatedPlan = Schemas["EvaluatedPlan"];
export type EvaluationReportRequest = Schemas["EvaluationReportRequest"];
export type EvaluationReportCreated = Schemas["EvaluationReportCreated"];
export type EvaluationReportListItem = Schemas["EvaluationReportListItem"];
