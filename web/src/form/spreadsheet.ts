// Working offline with the spreadsheet: download the template, fill it in with the ministries, check the file (a dry run
// that changes nothing), then import it.
import { api, ApiError, download, type CellProblem } from "../api";
import { describe, fail, say } from "../app";
import { clear, field, h } from "../dom";
import { fmt, t } from "../strings";
import type { Plan } from "../types";
import { placeOf, problemText } from "./wording";

interface ImportReceipt {
  valid: boolean; summary: string; changes: { indicator: string; action: string }[];
  narrativeChanged: boolean; activitiesChanged: boolean; problems: CellProblem[];
}

export function spreadsheet(plan: Plan, year: number, state: string, path: string, etag: () => string | null, editable: boolean, done: () => Promise<void>): HTMLElement {
  const file = h("input", { type: "file", accept: ".xlsx,.csv,.json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,application/json" });
  const result = h("div", { "aria-live": "polite" });
  // Where each problem is: the sheet cell (Indicators!F7) for spreadsheets, the field in words for JSON; and its indicator.
  const where = (c: CellProblem) => c.cell ?? ([c.sheet, c.column && c.row ? `${c.column}${c.row}` : ""].filter(Boolean).join("!")
    || (c.pointer ? placeOf(plan, c.pointer, (i) => i) : ""));
  const problemsTable = (cells: CellProblem[]) =>
    h("div", { class: "scroll" }, h("table", { class: "stack" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t.sheet.where), h("th", { scope: "col" }, t.sheet.indicator), h("th", { scope: "col" }, t.sheet.problem))),
      h("tbody", {}, ...cells.map((c) => h("tr", {},
        h("td", { "data-label": t.sheet.where }, where(c)),
        h("td", { "data-label": t.sheet.indicator }, c.indicator ?? /^\/values\/([^/]+)/.exec(c.pointer ?? "")?.[1] ?? ""),
        h("td", { "data-label": t.sheet.problem }, problemText({ pointer: c.pointer ?? "", message: c.message })))))));
  const run = async (dryRun: boolean) => {
    const chosen = file.files?.[0];
    if (!chosen) return say(t.sheet.chooseFile, "error");
    clear(result);
    try {
      const answer = await api<ImportReceipt>("POST", path + "/import", { file: chosen, query: { dryRun }, ifMatch: dryRun ? null : etag() });
      const r = answer.data;
      if (!dryRun) {
        await done();
        say(fmt(t.sheet.done, { summary: r.summary }));
        return;
      }
      const changed = r.changes.filter((c) => c.action !== "unchanged");
      result.append(h("h3", {}, t.sheet.dryRun), h("p", {}, r.summary),
        r.problems.length ? h("div", { class: "error-summary" }, h("p", {}, t.sheet.fixFirst), problemsTable(r.problems)) : "",
        changed.length ? h("div", { class: "scroll" }, h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t.sheet.indicator), h("th", { scope: "col" }, t.sheet.action))),
          h("tbody", {}, ...changed.map((c) => h("tr", {}, h("td", {}, c.indicator), h("td", {}, t.sheet.actions[c.action as keyof typeof t.sheet.actions] ?? c.action)))))) : "",
        r.narrativeChanged ? h("p", {}, t.sheet.narrativeChanged) : "",
        r.activitiesChanged ? h("p", {}, t.sheet.activitiesChanged) : "",
        // Only a clean dry run can be imported: the real run goes through the same checks and would refuse it.
        editable && r.valid && (changed.length || r.narrativeChanged || r.activitiesChanged) ? h("button", { type: "button", onclick: () => void run(false) }, t.sheet.import) : "");
    } catch (error) {
      if (error instanceof ApiError && error.problem.cells?.length) {
        result.append(h("div", { class: "error-summary", role: "alert" }, h("p", {}, describe(error)), problemsTable(error.problem.cells)));
      } else fail(error);
    }
  };
  return h("section", { class: "card" }, h("h2", {}, t.sheet.heading), h("p", {}, t.sheet.intro),
    h("p", {}, h("button", { type: "button", class: "secondary", onclick: () => void download(`plans/${encodeURIComponent(plan.id)}/years/${year}/template`, { state }).catch(fail) }, t.sheet.download)),
    editable ? h("div", {}, field(t.sheet.file, file), h("button", { type: "button", onclick: () => void run(true) }, t.sheet.check)) : null,
    result);
}
