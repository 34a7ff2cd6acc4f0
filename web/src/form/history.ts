// The report's history: every change, by whom (the key's label or the person's name), when (local time, UTC on hover),
// with the comment it carried and, for a lenient save, what it did not store.
import { h, timeElement } from "../dom";
import { t } from "../strings";
import type { HistoryEntry, Plan } from "../types";
import { placeOf } from "./wording";

export function actionText(action: string): string {
  return (t.history.actions as Record<string, string>)[action.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] ?? action;
}

export function whoText(e: HistoryEntry): string {
  const role = (t.roles as Record<string, string>)[e.role.charAt(0).toLowerCase() + e.role.slice(1)] ?? "";
  return e.byName ? (role ? `${e.byName} (${role})` : e.byName) : role || t.history.someone;
}

export function historyTable(plan: Plan, entries: HistoryEntry[]): HTMLElement {
  return h("section", { class: "history" }, h("h2", {}, t.history.heading),
    h("div", { class: "scroll" }, h("table", { class: "stack" },
      h("thead", {}, h("tr", {}, ...[t.history.revision, t.history.when, t.history.who, t.history.what, t.history.comment].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...entries.slice().reverse().map((e) => h("tr", {},
        h("td", { "data-label": t.history.revision }, e.revision),
        h("td", { "data-label": t.history.when }, timeElement(e.at)),
        h("td", { "data-label": t.history.who }, whoText(e)),
        h("td", { "data-label": t.history.what }, actionText(e.action)),
        h("td", { "data-label": t.history.comment, lang: "" },
          e.comment ?? "",
          e.leftOut?.length ? h("span", { class: "muted" }, (e.comment ? " " : "") + t.history.leftOut + " "
            + e.leftOut.filter((p) => p.pointer).map((p) => placeOf(plan, p.pointer, (i) => i)).join("; ")) : "")))))));
}
