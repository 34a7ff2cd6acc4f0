// The API types are strict: compiled with the pages (tsc in npm run build), never bundled. Each @ts-expect-error line
// is a body the server refuses, so it must not compile; if the generated types ever let one through, the directive is
// unused and the build fails. The bodies under "valid" are ones the server accepts, and they compile.
import { api } from "./api";
import type { AssignmentInput, CommentInput, KeyInput, LockExceptionInput, PlanInput, ReportRequest, ReviewInput, SubmissionInput, WindowInput } from "./types";

export const valid = {
  review: { decision: "return", comment: "Please add the 2024 figures for 5.2.1." } satisfies ReviewInput,
  accept: { decision: "accept" } satisfies ReviewInput,
  submission: {
    values: { "5.1.1": { value: 3, narrative: "ปรับปรุงนโยบายคุ้มครองเด็ก ๓ ฉบับ" }, "5.2.1": { numerator: 45, denominator: 120 } },
    activities: [{ title: "ASEAN GO-NGO Forum", outcome: "3.2.4", importance: 3 }],
  } satisfies SubmissionInput,
  annual: { kind: "annual", year: 2024 } satisfies ReportRequest,
  endOfPlan: { kind: "end-of-plan" } satisfies ReportRequest,
  focalKey: { role: "focalPoint", state: "THA", scope: { bodies: ["SOMSWD"] }, label: "Thailand focal point" } satisfies KeyInput,
  observerKey: { role: "observer", scope: { plans: ["somswd-2021-2025"] }, label: "Disability network" } satisfies KeyInput,
  adminKey: { role: "admin", label: "Operations" } satisfies KeyInput,
  person: { principalId: "3f2b6c1e-8d4a-4b7e-9c1a-2e5f6a7b8c9d", name: "Somchai, MSDHS", role: "focalPoint", state: "THA", scope: { bodies: ["SOMSWD"] } } satisfies AssignmentInput,
  comment: { text: "ข้อ 5.1.2 ยังไม่มีการหารือ" } satisfies CommentInput,
  answer: { text: "Thank you.", replyTo: "0638999999999999999-0a1b2c3d" } satisfies CommentInput,
  lock: { until: "2025-04-30T23:59:59Z", reason: "Ministry data arrives late" } satisfies LockExceptionInput,
  window: { opens: "2025-01-01T00:00:00Z" } satisfies WindowInput,
};

// @ts-expect-error a review needs a decision
export const noDecision: ReviewInput = {};
// @ts-expect-error a decision is accept or return
export const maybe: ReviewInput = { decision: "maybe" };
// @ts-expect-error returning a report needs a comment saying what to change
export const returnWithoutComment: ReviewInput = { decision: "return" };
// @ts-expect-error an activity is an object
export const nullActivity: SubmissionInput = { activities: [null] };
// @ts-expect-error an activity needs its title, outcome and importance
export const emptyActivity: SubmissionInput = { activities: [{}] };
// @ts-expect-error unknown fields are refused
export const unknownField: SubmissionInput = { values: {}, extra: true };
// @ts-expect-error figures are numbers, not text
export const textFigure: SubmissionInput = { values: { "5.1.1": { value: "3" } } };
// @ts-expect-error an annual report needs its year
export const annualWithoutYear: ReportRequest = { kind: "annual" };
// @ts-expect-error an end-of-plan report covers the whole plan: no year
export const endOfPlanWithYear: ReportRequest = { kind: "end-of-plan", year: 2024 };
// @ts-expect-error a report is annual or end-of-plan
export const weekly: ReportRequest = { kind: "weekly" };
// @ts-expect-error a focal point key names its member state
export const focalWithoutState: KeyInput = { role: "focalPoint", label: "Thailand focal point" };
// @ts-expect-error only focal point keys are bound to a state
export const secretariatWithState: KeyInput = { role: "secretariat", state: "THA", label: "Secretariat" };
// @ts-expect-error a role is focalPoint, secretariat, observer or admin
export const superuser: KeyInput = { role: "superuser", label: "Someone" };
// @ts-expect-error a key other than an admin's names the sectoral bodies or plans it covers
export const observerWithoutScope: KeyInput = { role: "observer", label: "Disability network" };
// @ts-expect-error administrators are global: no scope
export const scopedAdmin: KeyInput = { role: "admin", scope: { bodies: ["SOMSWD"] }, label: "Operations" };
// @ts-expect-error a person is named by their Entra object id
export const nobody: AssignmentInput = { name: "Somchai", role: "observer", scope: { all: true } };
// @ts-expect-error a comment has text
export const silentComment: CommentInput = { replyTo: "0638999999999999999-0a1b2c3d" };
// @ts-expect-error a lock exception needs until and a reason
export const bareLock: LockExceptionInput = {};
// @ts-expect-error a plan needs its id, title, sectoral body, years and indicators
export const emptyPlan: PlanInput = {};
// @ts-expect-error a body must be named as one of the document's request bodies
export const untyped = () => api("POST", "plans/x/reports", { body: { kind: "end-of-plan" } });
