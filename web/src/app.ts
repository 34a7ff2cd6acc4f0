// Shared by every page: who is signed in, the live status line, plan lookups, pickers and error display.
import { api, ApiError } from "./api";
import { clear, field, h, select } from "./dom";
import { fmt, t } from "./strings";
import type { Framework, Me, Plan, PlanListItem, StateReports } from "./types";

export const app = {
  me: null as Me | null,
  /** Set by a page with unsaved work: asked before the router leaves it; false keeps the person on the page. */
  leaving: null as (() => boolean) | null,
};

const statusEl = () => document.getElementById("status")!;

/** Says something in the polite live region (screen readers announce it) and shows it at the foot of the page. */
export function say(message: string, kind: "ok" | "error" = "ok"): void {
  const el = statusEl();
  el.className = "status " + kind;
  el.textContent = message;
}

/** A failed call in words for the person at the keyboard: never a status number or a raw code. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    const p = error.problem;
    const byCode = p.code ? (t.refusals as Record<string, string>)[p.code.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] : undefined;
    if (byCode) return byCode;
    switch (error.status) {
      case 0: return t.app.offline;
      case 401: return t.app.signedOut;
      case 403: return t.app.forbidden;
      case 404: return t.app.notFound;
      case 412: return t.refusals.stale;
      case 413: return t.app.tooLarge;
      case 503: return t.app.serverDown;
    }
    if (error.status >= 500) return t.app.serverError;
    // Anything else the server said in its own plain sentence.
    return [p.title, p.detail].filter(Boolean).join(": ") || t.app.unexpected;
  }
  return t.app.unexpected;
}

export function fail(error: unknown): void {
  say(describe(error), "error");
}

let plans: PlanListItem[] | null = null;
const planCache = new Map<string, Plan>();

export async function listPlans(refresh = false): Promise<PlanListItem[]> {
  if (!plans || refresh) plans = (await api<PlanListItem[]>("GET", "plans")).data;
  return plans;
}

const planCalls = new Map<string, Promise<Plan>>();

/**
 * A plan, fetched once per page load (and shared while in flight, so a prefetch and the page that needs it make one call).
 * With its version the address never changes and the browser keeps the answer for good; without, it revalidates.
 */
export function getPlan(id: string, version?: number): Promise<Plan> {
  const known = planCache.get(id);
  if (known && (version === undefined || known.version === version)) return Promise.resolve(known);
  const key = `${id}|${version ?? ""}`;
  let call = planCalls.get(key);
  if (!call) {
    call = api<Plan>("GET", `plans/${encodeURIComponent(id)}`, { query: { version } }).then((a) => {
      planCache.set(id, a.data);
      return a.data;
    });
    call.catch(() => planCalls.delete(key));
    planCalls.set(key, call);
  }
  return call;
}

const frameworkCalls = new Map<string, Promise<Framework>>();

/** A framework's key result areas (reference data: the same for everyone), fetched once per page load and shared while in flight. */
export function getFramework(id: string): Promise<Framework> {
  let call = frameworkCalls.get(id);
  if (!call) {
    call = api<Framework>("GET", `frameworks/${encodeURIComponent(id)}`).then((a) => a.data);
    call.catch(() => frameworkCalls.delete(id));
    frameworkCalls.set(id, call);
  }
  return call;
}

export function forgetPlans(): void {
  plans = null;
  planCache.clear();
  planCalls.clear();
}

const reportCalls = new Map<string, Promise<StateReports>>();
const reportsKnown = new Map<string, StateReports>();
let mine: Promise<StateReports> | null = null;

function remember(state: string, call: Promise<StateReports>): Promise<StateReports> {
  call.then((r) => reportsKnown.set(state, r), () => reportCalls.delete(state));
  reportCalls.set(state, call);
  return call;
}

const fetchState = (state: string) => api<StateReports>("GET", `states/${encodeURIComponent(state)}/submissions`).then((a) => a.data);

/** A state's reports across plans and years (status, due and lock dates), asked once and again after a change (refresh). */
export function stateReports(state: string, refresh = false): Promise<StateReports> {
  if (!refresh) {
    const call = reportCalls.get(state);
    if (call) return call;
    // Asked at sign-in, before the state was known: that answer, if it is this state's.
    if (mine) return remember(state, mine.then((r) => (r.state === state ? r : fetchState(state)), () => fetchState(state)));
  }
  return remember(state, fetchState(state));
}

/** The signed-in focal point's own reports, asked alongside access/me at sign-in (one round trip instead of two). */
export function myReports(): Promise<StateReports> {
  mine = api<StateReports>("GET", "access/me/submissions").then((a) => a.data);
  mine.catch(() => { mine = null; });
  return mine;
}

/** What is already known of a state's reports, without asking. */
export function knownStateReports(state: string): StateReports | undefined {
  return reportsKnown.get(state);
}

export function forgetStateReports(): void {
  reportCalls.clear();
  reportsKnown.clear();
  mine = null;
}

export function yearsOf(plan: { firstYear: number; lastYear: number }): number[] {
  const last = Math.min(plan.lastYear, new Date().getUTCFullYear());
  const years: number[] = [];
  for (let y = plan.firstYear; y <= last; y++) years.push(y);
  return years;
}

/** Route parameters after the hash: #/report?plan=x&year=2024. */
export function params(): URLSearchParams {
  const hash = location.hash.slice(1);
  const i = hash.indexOf("?");
  return new URLSearchParams(i >= 0 ? hash.slice(i + 1) : "");
}

export function go(route: string, values: Record<string, string | number | undefined> = {}): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== "") q.set(k, String(v));
  const next = "#/" + route + (q.size ? "?" + q.toString() : "");
  if (location.hash === next) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = next;
}

/** Plan (and optionally year) pickers that navigate to the same page with the choice. */
export async function pickers(route: string, current: { plan?: string; year?: number }, withYear: boolean,
  keep: Record<string, string | undefined> = {}): Promise<{ form: HTMLElement; plan: PlanListItem; year: number }> {
  const all = await listPlans();
  const plan = all.find((p) => p.id === current.plan) ?? all.find((p) => p.id.startsWith("somswd")) ?? all[0];
  const planSelect = select(all.map((p) => [p.id, p.title]), plan.id);
  const years = yearsOf(plan);
  const yearSelect = select(years.map((y) => [String(y), String(y)]), String(current.year && years.includes(current.year) ? current.year : years[years.length - 1]));
  const form = h("form", { class: "pickers", onsubmit: (e: Event) => {
    e.preventDefault();
    go(route, { ...keep, plan: planSelect.value, year: withYear ? yearSelect.value : undefined });
  } },
  field(t.pick.plan, planSelect),
  withYear ? field(t.pick.year, yearSelect) : null,
  h("button", { type: "submit" }, t.pick.open));
  planSelect.addEventListener("change", () => go(route, { ...keep, plan: planSelect.value }));
  return { form, plan, year: Number(yearSelect.value) };
}

/** Replaces the page: a heading (focused for screen readers on navigation) and content. */
export function page(title: string, ...content: (HTMLElement | null)[]): HTMLElement {
  const main = document.getElementById("main")!;
  clear(main);
  const heading = h("h1", { tabindex: "-1" }, title);
  main.append(heading, ...content.filter((c): c is HTMLElement => c !== null));
  document.title = `${title} – ${t.app.title}`;
  return main;
}

/** Problems of a failed call listed under a heading, each with its field (a plan file's fields are its JSON paths). */
export function problemList(error: ApiError): HTMLElement {
  const items = (error.problem.errors ?? []).map((e) => h("li", {}, fmt(t.form.problemAt, { field: e.pointer || "—", message: e.message })));
  return h("div", { class: "error-summary", role: "alert" }, h("p", {}, describe(error)), items.length ? h("ul", {}, items) : null);
}
