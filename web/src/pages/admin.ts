// Admin: plans, keys and reporting windows.
import { api, ApiError, session } from "../api";
import { fail, forgetPlans, listPlans, page, pickers, problemList, say } from "../app";
import { confirmDialog } from "../dialog";
import { field, formatDate, h, select, timeElement, utc } from "../dom";
import { fmt, language, t } from "../strings";
import type { KeyInput, MemberState, Role, Scope, WindowInput } from "../types";
import { describeScope, scopePicker } from "./scope";

export async function plansPage(): Promise<void> {
  const plans = await listPlans(true);
  const file = h("input", { type: "file", accept: ".json,application/json" });
  const result = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card", onsubmit: async (e: Event) => {
    e.preventDefault();
    result.replaceChildren();
    const chosen = file.files?.[0];
    if (!chosen) return say(t.sheet.chooseFile, "error");
    const text = await chosen.text();
    let id: string;
    try {
      id = String((JSON.parse(text) as { id?: unknown }).id ?? "");
    } catch (error) {
      result.append(h("p", { class: "error-summary", role: "alert" }, fmt(t.plans.notJson, { detail: String(error) })));
      return;
    }
    try {
      // The chosen file goes as it is: the server checks it and its errors are listed.
      const saved = await api<{ id: string; version: number }>("PUT", `plans/${encodeURIComponent(id || "missing-id")}`, { text });
      forgetPlans();
      await plansPage();
      say(fmt(t.plans.saved, { id: saved.data.id, version: saved.data.version }));
    } catch (error) {
      if (error instanceof ApiError) result.append(problemList(error));
      else fail(error);
    }
  } }, h("h2", {}, t.plans.upload), field(t.plans.file, file), h("button", { type: "submit" }, t.plans.send), result);
  const table = h("div", { class: "scroll" }, h("table", {},
    h("thead", {}, h("tr", {}, ...[t.plans.id, t.plans.version, t.plans.years].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...plans.map((p) => h("tr", {}, h("th", { scope: "row" }, `${p.title} (${p.id})`), h("td", {}, p.version), h("td", {}, `${p.firstYear}–${p.lastYear}`))))));
  page(t.plans.heading, table, form);
}

interface Key { id: string; role: Role; state?: string; scope?: Scope; label: string; createdAt: string; expiresAt?: string; revoked: boolean }

export async function keysPage(): Promise<void> {
  const [keys, states, scope] = await Promise.all([
    api<Key[]>("GET", "access/keys").then((a) => a.data),
    api<MemberState[]>("GET", "member-states").then((a) => a.data),
    scopePicker(),
  ]);
  const role = select([["focalPoint", t.roles.focalPoint], ["secretariat", t.roles.secretariat], ["observer", t.roles.observer], ["admin", t.roles.admin]], "focalPoint");
  const state = select(states.map((s): [string, string] => [s.code, `${s.name} (${s.code})`]));
  const label = h("input", { type: "text", required: true });
  const expires = h("input", { type: "date" });
  const stateField = field(t.keys.state, state);
  role.addEventListener("change", () => { stateField.hidden = role.value !== "focalPoint"; scope.show(role.value !== "admin"); });
  const created = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card", onsubmit: async (e: Event) => {
    e.preventDefault();
    created.replaceChildren();
    try {
      // The end of the chosen day where the admin is, as every time on the pages is local.
      const expiresAt = expires.value ? new Date(expires.value + "T23:59:59").toISOString() : undefined;
      const chosen = role.value as Role;
      // Only a focal point key names a state (the server refuses one on the others).
      // Only a focal point key names a state; an admin key is global and names no scope (the server refuses either otherwise).
      const covers = scope.value() ?? {};
      const body: KeyInput = chosen === "focalPoint"
        ? { role: chosen, state: state.value, scope: covers, label: label.value, expiresAt }
        : chosen === "admin" ? { role: chosen, label: label.value, expiresAt }
        : { role: chosen, scope: covers, label: label.value, expiresAt };
      const answer = await api<{ key: string; id: string }, KeyInput>("POST", "access/keys", { body });
      await keysPage();
      const secret = h("input", { type: "text", readonly: true, value: answer.data.key, class: "secret" });
      const host = document.getElementById("created-key")!;
      host.append(h("div", { class: "notice", role: "alert" }, h("p", {}, t.keys.created), field(t.keys.secret, secret),
        h("button", { type: "button", onclick: async () => {
          secret.select();
          try { await navigator.clipboard.writeText(secret.value); say(t.keys.copied); } catch { /* selected: the person can copy it */ }
        } }, t.keys.copy)));
      secret.focus();
      secret.select();
    } catch (error) {
      if (error instanceof ApiError) created.append(problemList(error));
      else fail(error);
    }
  } }, h("h2", {}, t.keys.create), field(t.keys.role, role), stateField, scope.element, field(t.keys.label, label), field(t.keys.expires, expires),
  h("button", { type: "submit" }, t.keys.create), created);

  // The key this tab signed in with cannot be revoked from itself: another admin key must do it.
  const inUse = session.key?.split("_")[1];
  const now = Date.now();
  const stateOf = (k: Key) => k.revoked ? t.keys.revoked : k.expiresAt && Date.parse(k.expiresAt) <= now ? t.keys.expired : t.keys.active;
  const revoke = async (k: Key) => {
    const sure = await confirmDialog(fmt(t.keys.confirmTitle, { label: k.label }),
      [fmt(t.keys.confirmBody, { label: k.label, role: t.roles[k.role] + (k.state ? " " + k.state : "") })], t.keys.revoke);
    if (!sure) return;
    try {
      await api("DELETE", `access/keys/${encodeURIComponent(k.id)}`);
      await keysPage();
      say(fmt(t.keys.revokedDone, { label: k.label }));
    } catch (error) {
      fail(error);
    }
  };
  const table = h("div", { class: "scroll" }, h("table", { class: "stack" },
    h("thead", {}, h("tr", {}, ...[t.keys.label, t.keys.role, t.keys.state, t.keysScope.column, t.keys.expiresAt, t.keys.status, t.keys.createdAt, ""].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...keys.map((k) => h("tr", {},
      h("th", { scope: "row", "data-label": t.keys.label }, k.label, " ", h("code", { class: "muted" }, k.id)),
      h("td", { "data-label": t.keys.role }, t.roles[k.role]),
      h("td", { "data-label": t.keys.state }, k.state ? states.find((s) => s.code === k.state)?.name ?? k.state : "—"),
      h("td", { "data-label": t.keysScope.column }, describeScope(k.scope)),
      h("td", { "data-label": t.keys.expiresAt }, k.expiresAt ? timeElement(k.expiresAt, false) : t.keys.never),
      h("td", { "data-label": t.keys.status }, stateOf(k)),
      h("td", { "data-label": t.keys.createdAt }, formatDate(k.createdAt)),
      h("td", {}, k.revoked ? "" : k.id === inUse ? h("span", { class: "muted" }, t.keys.inUse)
        : h("button", { type: "button", class: "secondary", "aria-label": `${t.keys.revoke} ${k.label} (${k.id})`, onclick: () => void revoke(k) }, t.keys.revoke)))))));
  page(t.keys.heading, h("div", { id: "created-key" }), form, table);
}

interface Window { opens?: string; due?: string; locks?: string; isOpen: boolean; isLocked: boolean }

// Typed and shown in the person's own time zone, like every time the pages show (a date-time without an offset is local
// to Date); sent as the instant.
const pad = (n: number) => String(n).padStart(2, "0");
const local = (iso?: string) => {
  if (!iso) return "";
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const instant = (value: string) => (value ? new Date(value).toISOString() : undefined);
const zone = () => new Intl.DateTimeFormat(language().locale, { timeZoneName: "short" }).formatToParts(new Date())
  .find((p) => p.type === "timeZoneName")?.value ?? "";

export async function windowsPage(params: URLSearchParams): Promise<void> {
  const { form: pick, plan, year } = await pickers("windows", { plan: params.get("plan") ?? undefined, year: Number(params.get("year")) || undefined }, true);
  const path = `plans/${encodeURIComponent(plan.id)}/years/${year}/window`;
  const w = (await api<Window>("GET", path)).data;
  const opens = h("input", { type: "datetime-local", value: local(w.opens) });
  const due = h("input", { type: "datetime-local", value: local(w.due) });
  const locks = h("input", { type: "datetime-local", value: local(w.locks) });
  // Beside each field, the saved instant in UTC: the one time every reader's own clock is worked out from.
  const saved = (iso?: string) => (iso ? fmt(t.windows.savedAs, { utc: utc(iso) }) : undefined);
  const result = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card", onsubmit: async (e: Event) => {
    e.preventDefault();
    result.replaceChildren();
    try {
      await api<unknown, WindowInput>("PUT", path, { body: { opens: instant(opens.value), due: instant(due.value), locks: instant(locks.value) } });
      // Drawn again from what was stored, then said (a navigation would say "Loading" over it).
      await windowsPage(new URLSearchParams({ plan: plan.id, year: String(year) }));
      say(fmt(t.windows.saved, { year }));
    } catch (error) {
      if (error instanceof ApiError) result.append(problemList(error));
      else fail(error);
    }
  } }, h("p", { class: "hint" }, fmt(t.windows.intro, { zone: zone() })),
  h("p", {}, fmt(t.windows.state, { state: w.isLocked ? t.windows.locked : w.isOpen ? t.windows.open : t.windows.closed })),
  field(t.windows.opens, opens, saved(w.opens)), field(t.windows.due, due, saved(w.due)), field(t.windows.locks, locks, saved(w.locks)),
  h("button", { type: "submit" }, t.windows.save), result);
  page(t.windows.heading, pick, form);
}
