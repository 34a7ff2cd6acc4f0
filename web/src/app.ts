// Shared by every page: who is signed in, the live status line, plan lookups, pickers and error display.
import { api, ApiError } from "./api";
import { clear, field, h, select } from "./dom";
import { fmt, t } from "./strings";
import type { Framework, Me, Plan, PlanListItem } from "./types";

export const app = { me: null as Me | null };

const statusEl = () => document.getElementById("status")!;

/** Says something in the polite live region (screen readers announce it) and shows it at the foot of the page. */
export function say(message: string, kind: "ok" | "error" = "ok"): void {
  const el = statusEl();
  el.className = "status " + kind;
  el.textContent = message;
}

/** A failed call in words for the person at the keyboard. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t.app.offline;
    if (error.status === 503) return t.app.serverDown;
    const p = error.problem;
    return [p.title, p.detail].filter(Boolean).join(": ");
  }
  return String(error);
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

export async function getPlan(id: string): Promise<Plan> {
  let plan = planCache.get(id);
  if (!plan) {
    plan = (await api<Plan>("GET", `plans/${encodeURIComponent(id)}`)).data;
    planCache.set(id, plan);
  }
  return plan;
}

const frameworkCache = new Map<string, Framework>();

/** A framework's key result areas (reference data: the same for everyone, kept for the page's life). */
export async function getFramework(id: string): Promise<Framework> {
  let framework = frameworkCache.get(id);
  if (!framework) {
    framework = (await api<Framework>("GET", `frameworks/${encodeURIComponent(id)}`)).data;
    frameworkCache.set(id, framework);
  }
  return framework;
}

export function forgetPlans(): void {
  plans = null;
  planCache.clear();
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

/** Problems of a failed call listed under a heading, each with its field pointer. */
export function problemList(error: ApiError): HTMLElement {
  const items = (error.problem.errors ?? []).map((e) => h("li", {}, fmt(t.form.problemAt, { field: e.pointer || "—", message: e.message })));
  return h("div", { class: "error-summary", role: "alert" }, h("p", {}, describe(error)), items.length ? h("ul", {}, items) : null);
}
