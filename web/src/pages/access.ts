// Admin: who may do what. One row per assignment of a signed-in person (Entra object id) to a role and a scope.
import { api, ApiError } from "../api";
import { fail, page, problemList, say } from "../app";
import { field, formatDate, h, select } from "../dom";
import { fmt, t } from "../strings";
import type { AssignmentInput, MemberState, Role, StoredAssignment } from "../types";
import { describeScope, scopePicker } from "./scope";

const roleOptions = (): [string, string][] =>
  [["focalPoint", t.roles.focalPoint], ["secretariat", t.roles.secretariat], ["observer", t.roles.observer], ["admin", t.roles.admin]];

export async function accessPage(): Promise<void> {
  const [assignments, states, scope] = await Promise.all([
    api<StoredAssignment[]>("GET", "access/assignments").then((a) => a.data),
    api<MemberState[]>("GET", "member-states").then((a) => a.data),
    scopePicker(),
  ]);
  const principal = h("input", { type: "text", required: true, spellcheck: "false", autocomplete: "off" });
  const name = h("input", { type: "text", required: true, autocomplete: "off" });
  const email = h("input", { type: "email", autocomplete: "off" });
  const role = select(roleOptions(), "observer");
  const state = select(states.map((s): [string, string] => [s.code, `${s.name} (${s.code})`]));
  const expires = h("input", { type: "date" });
  const stateField = field(t.access.state, state);
  const adminNote = h("p", { class: "hint" }, t.scope.adminGlobal);
  const sync = () => {
    stateField.hidden = role.value !== "focalPoint";
    scope.show(role.value !== "admin");
    adminNote.hidden = role.value !== "admin";
  };
  role.addEventListener("change", sync);
  sync();
  const result = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card", onsubmit: async (e: Event) => {
    e.preventDefault();
    result.replaceChildren();
    try {
      const chosen = role.value as Role;
      const person = { principalId: principal.value.trim(), name: name.value.trim() || undefined, email: email.value.trim() || undefined,
        expiresAt: expires.value ? new Date(expires.value + "T23:59:59").toISOString() : undefined }; // the end of that day where the admin is, as on the keys page
      const covers = scope.value() ?? {};
      // A focal point names its member state; an administrator is global and names no scope.
      const body: AssignmentInput = chosen === "focalPoint" ? { ...person, role: chosen, state: state.value, scope: covers }
        : chosen === "admin" ? { ...person, role: chosen }
        : { ...person, role: chosen, scope: covers };
      await api<StoredAssignment, AssignmentInput>("POST", "access/assignments", { body });
      const who = name.value.trim() || email.value.trim();
      await accessPage();
      say(fmt(t.access.assigned, { name: who, role: t.roles[role.value as Role] }));
    } catch (error) {
      if (error instanceof ApiError) result.append(problemList(error));
      else fail(error);
    }
  } }, h("h2", {}, t.access.create), h("p", { class: "hint" }, t.access.entraNote),
  field(t.access.principalId, principal, t.access.principalHint), field(t.access.name, name), field(t.access.email, email),
  field(t.access.role, role), stateField, adminNote, scope.element, field(t.access.expires, expires),
  h("button", { type: "submit" }, t.access.assign), result);

  const now = Date.now();
  const statusOf = (a: StoredAssignment) => a.revoked ? t.access.revoked : a.expiresAt && Date.parse(a.expiresAt) <= now ? t.access.expired : t.access.active;
  const table = assignments.length
    ? h("div", { class: "scroll" }, h("table", { class: "stack" },
      h("thead", {}, h("tr", {}, ...[t.access.person, t.access.principalId, t.access.role, t.access.covers, t.access.until, t.access.status, ""].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...assignments.map((a) => {
        const who = a.name ?? a.email ?? a.principalId;
        const live = statusOf(a) === t.access.active;
        return h("tr", { class: live ? null : "muted" },
          h("th", { scope: "row" }, who, a.name && a.email ? h("span", { class: "hint block" }, a.email) : null),
          h("td", { "data-label": t.access.principalId }, h("code", {}, a.principalId)),
          h("td", { "data-label": t.access.role }, t.roles[a.role] + (a.state ? ` ${a.state}` : "")),
          h("td", { "data-label": t.access.covers }, describeScope(a.scope)),
          h("td", { "data-label": t.access.until }, formatDate(a.expiresAt) || "—"),
          h("td", { "data-label": t.access.status }, statusOf(a)),
          h("td", {}, live ? h("button", { type: "button", class: "secondary", "aria-label": `${t.access.revoke} ${who} (${t.roles[a.role]})`, onclick: async () => {
            try {
              await api("DELETE", `access/assignments/${encodeURIComponent(a.principalId)}/${encodeURIComponent(a.id)}`);
              await accessPage();
              say(fmt(t.access.revokedDone, { name: who }));
            } catch (error) {
              fail(error);
            }
          } }, t.access.revoke) : null));
      }))))
    : h("p", {}, t.access.none);
  page(t.access.heading, h("p", { class: "hint" }, t.access.intro), table, form);
}
