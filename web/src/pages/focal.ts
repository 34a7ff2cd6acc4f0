// The focal point's report: what is due, the form generated from the plan (form/editor.ts), saved as the person types
// (form/save-loop.ts), kept in the browser until the server confirms it (form/draft-store.ts), problems shown where they are
// (form/problems.ts), a newer server copy merged part by part (form/conflict-panel.ts), then submitted.
import { api, ApiError } from "../api";
import { app, fail, forgetStateReports, getFramework, getPlan, knownStateReports, page, say, stateReports } from "../app";
import { confirmDialog } from "../dialog";
import { field, h, select, timeElement } from "../dom";
import { fmt, plural, t } from "../strings";
import type { Framework, HistoryEntry, Plan, StateReport, StateReports, Submission, DraftInput } from "../types";
import { conflictPanel } from "../form/conflict-panel";
import { DraftSlot, kept, type Unsaved } from "../form/draft-store";
import { buildEditor, type Editor } from "../form/editor";
import { historyTable, whoText } from "../form/history";
import { bodyOf, changedParts, partName, partText, type PartKey } from "../form/merge";
import { ProblemDisplay } from "../form/problems";
import { SaveLoop } from "../form/save-loop";
import { spreadsheet } from "../form/spreadsheet";
import { StatusBar, statusBadge } from "../form/status-bar";

export { statusBadge };

/** "Due 31 Mar 2025 · 12 days left", "Overdue by 3 days", as the arrival page and the form say it. */
export function dueText(r: StateReport): (HTMLElement | string)[] {
  const done = r.status === "submitted" || r.status === "accepted";
  const parts: (HTMLElement | string)[] = [];
  if (!r.due) parts.push(t.due.none);
  else {
    parts.push(t.due.due + " ", timeElement(r.due));
    if (!done && r.daysLeft !== undefined) {
      parts.push(" · ");
      parts.push(r.overdue ? h("strong", { class: "overdue" }, plural(t.due.overdue, Math.max(1, -r.daysLeft))) : r.daysLeft === 0 ? t.due.today : plural(t.due.daysLeft, r.daysLeft));
    }
  }
  if (r.locks) parts.push(" · ", r.isLocked ? t.due.locked + " " : t.due.locks + " ", timeElement(r.locks));
  return parts;
}

/** The page that is open now, so a new one (or a re-render of this one) stops its saving first. */
let open: { loop: SaveLoop; onLeave: (e: BeforeUnloadEvent) => void } | null = null;

/**
 * Entries this tab put back from the browser's copy, remembered with the form they were put back in: the same report
 * rendered over that form (a language switch, the same address opened again) once they are saved still says what became
 * of them. Any other page in between removes the form, and with it the notice.
 */
let putBack: (Told & { form: HTMLElement }) | null = null;

/** Entries of a copy kept in this browser: put back in the form, or found on the server already (a save whose answer was lost). */
interface Told { path: string; parts: PartKey[]; typedAt: string; already: boolean }

function close(): void {
  if (!open) return;
  open.loop.stop();
  window.removeEventListener("beforeunload", open.onLeave);
  open = null;
}

async function load(planId: string, version: number | undefined, path: string, frameworkId?: string | null): Promise<{ plan: Plan; framework: Framework | null; submission: Submission | null; etag: string | null }> {
  const planned = getPlan(planId, version);
  // Without the framework (a dropped line) the form still opens; saved key result areas are kept as plain codes.
  const framed = (id: string | null | undefined) => (id ? getFramework(id).catch(() => null) : Promise.resolve(null));
  const [plan, framework, found] = await Promise.all([
    planned,
    // Known from the state's list: asked at once, alongside the plan; otherwise once the plan names it.
    frameworkId !== undefined ? framed(frameworkId) : planned.then((p) => framed(p.framework), () => null),
    api<Submission>("GET", path).catch((error) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }),
  ]);
  return { plan, framework, submission: found?.data ?? null, etag: found?.etag ?? null };
}

/** Plan and year pickers over the plan-years the state reports on. */
function reportPickers(reports: StateReports, current: StateReport, state: string | undefined): HTMLElement {
  const planIds = [...new Set(reports.reports.map((r) => r.planId))];
  const planSelect = select(planIds.map((id) => [id, reports.reports.find((r) => r.planId === id)!.planTitle]), current.planId);
  const yearsOf = (id: string) => reports.reports.filter((r) => r.planId === id).map((r): [string, string] => [String(r.year), String(r.year)]);
  const yearSelect = select(yearsOf(current.planId), String(current.year));
  const go = (plan: string, year?: string) => {
    const q = new URLSearchParams({ plan, ...(year ? { year } : {}), ...(state ? { state } : {}) });
    location.hash = "#/report?" + q.toString();
  };
  planSelect.addEventListener("change", () => go(planSelect.value));
  return h("form", { class: "pickers", onsubmit: (e: Event) => { e.preventDefault(); go(planSelect.value, yearSelect.value); } },
    field(t.pick.plan, planSelect), field(t.pick.year, yearSelect), h("button", { type: "submit" }, t.pick.open));
}

export async function reportPage(params: URLSearchParams): Promise<void> {
  const carried = putBack?.form.isConnected ? putBack : null;
  putBack = null;
  close();
  const me = app.me!;
  const state = me.role === "focalPoint" ? me.state! : (params.get("state") ?? "THA");
  const wantedPlan = params.get("plan") ?? undefined;
  const wantedYear = Number(params.get("year")) || undefined;
  const pathOf = (planId: string, year: number) => `plans/${encodeURIComponent(planId)}/years/${year}/submissions/${encodeURIComponent(state)}`;
  // The address names the report: its plan and submission load alongside the state's list, not after it.
  // With the state's list already known (the arrival page), the plan's version is too, and the browser keeps that address.
  const known = knownStateReports(state)?.reports.find((r) => r.planId === wantedPlan && r.year === wantedYear);
  const early = wantedPlan && wantedYear ? load(wantedPlan, known?.planVersion, pathOf(wantedPlan, wantedYear), known ? known.framework ?? null : undefined) : null;
  early?.catch(() => undefined);
  const reports = await stateReports(state);
  const entry = reports.reports.find((r) => r.planId === wantedPlan && r.year === wantedYear)
    ?? reports.reports.find((r) => r.planId === wantedPlan) ?? reports.reports[0];
  if (!entry) return void page(t.mine.none);
  const path = pathOf(entry.planId, entry.year);
  const { plan, framework, submission, etag } = await (early && entry.planId === wantedPlan && entry.year === wantedYear ? early : load(entry.planId, entry.planVersion, path, entry.framework ?? null));
  const year = entry.year;
  const status = submission?.status ?? "notStarted";
  const editable = status === "notStarted" || status === "draft" || status === "returned";

  // What this browser kept of earlier visits: entries typed on the revision the server still holds are put back; entries
  // typed on an older one are merged with the newer server copy, part by part.
  const slot = editable ? new DraftSlot(plan.id, year, state) : null;
  const revision = submission?.revision ?? 0;
  const newest: Unsaved | undefined = kept(plan.id, year, state).find((c) => changedParts(c.body, c.base).length > 0);
  let start: DraftInput = bodyOf(submission);
  let restored: Unsaved | null = null;
  let stale: Unsaved | null = null;
  if (newest && editable && newest.baseRevision === revision && changedParts(newest.body, start).length) {
    start = newest.body;
    restored = newest;
  } else if (newest && newest.baseRevision !== revision) stale = newest;
  // Copies holding nothing the server lacks are spent: gone, so they are never offered again.
  if (editable && !restored && !stale) slot?.settle();

  const summary = h("div", { class: "error-summary", tabindex: "-1", hidden: true });
  const panelStatus = h("p", {}, statusBadge(status, submission?.late), submission ? " " + fmt(t.status.revision, { n: submission.revision }) : "");
  const notices = h("div", { class: "notices" });
  const formEl = h("form", { class: "report", novalidate: true });
  const saveButton = editable ? h("button", { type: "submit", class: "secondary small" }, t.form.save) : null;
  const bar = new StatusBar(saveButton);
  bar.status(status, submission?.late ?? false);

  let editor: Editor;
  const loop: SaveLoop = new SaveLoop(path, etag, submission, slot, {
    read: () => editor.read().body,
    saved: (saved, leftOut, explicit) => {
      bar.status(saved.status, saved.late);
      panelStatus.replaceChildren(statusBadge(saved.status, saved.late), " " + fmt(t.status.revision, { n: saved.revision }));
      if (leftOut.length) problems.show(leftOut, explicit, bodyOf(saved));
      else problems.clear();
      forgetStateReports(); // the arrival page shows the new status
      if (restoredSaving && !loop.unsaved()) restoredSaving.textContent = t.restore.saved;
    },
    stale: (explicit) => void showConflict(explicit),
    refused: (error, explicit) => {
      if (error.status === 400 && error.problem.errors?.length) problems.show(error.problem.errors, explicit, null);
      else if (explicit) fail(error);
    },
    state: (s) => bar.show(s),
    kept: (ok) => bar.kept(ok),
  });
  const fieldsHost = h("fieldset", { class: "plain", disabled: !editable });
  const mount = (body: DraftInput) => {
    editor = buildEditor(plan, framework, body, () => { if (editable) loop.changed(); });
    fieldsHost.replaceChildren(editor.element);
  };
  mount(start);
  const problems = new ProblemDisplay(plan, editor!, summary);

  const showConflict = async (explicit: boolean, copy: Unsaved | null = null) => {
    let latest: Submission | null = null, latestTag: string | null = null, by = t.history.someone;
    try {
      const answer = await api<Submission>("GET", path);
      [latest, latestTag] = [answer.data, answer.etag];
      const history = (await api<{ entries: HistoryEntry[] }>("GET", path + "/history")).data.entries;
      if (history.length) by = whoText(history[history.length - 1]);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) return fail(error);
    }
    const base = copy?.base ?? loop.serverBody;
    const mine = copy?.body ?? editor.read().body;
    const theirs = bodyOf(latest);
    const { element, merged } = conflictPanel(plan, base, mine, theirs, { revision: latest?.revision ?? 0, by, at: latest?.updatedAt },
      (body) => {
        element.remove();
        loop.adopt(latest, latestTag);
        mount(body);
        problems.use(editor);
        slot?.settle();
        loop.keep();
        void loop.save(true);
      },
      () => {
        element.remove();
        loop.adopt(latest, latestTag);
        mount(theirs);
        problems.use(editor);
        slot?.clear();
        slot?.settle();
        bar.say(t.conflict.usedSaved, "ok");
      });
    // The save that met the newer copy was ours, its answer lost on the way: nothing differs, so just carry on.
    if (!merged.conflicts.length && !merged.fromServer.length) {
      loop.adopt(latest, latestTag);
      if (copy) {
        // A copy typed on an older revision the server has moved past without touching its parts: what the server lacks goes
        // back in the form and is saved; what it holds already arrived with a save whose answer was lost. Either way it is said.
        const missing = changedParts(merged.body, theirs);
        mount(merged.body);
        problems.use(editor);
        slot?.settle();
        loop.keep();
        tell({ path, parts: missing.length ? missing : changedParts(copy.body, copy.base), typedAt: copy.savedAt, already: !missing.length }, missing.length > 0);
      }
      void loop.save(explicit);
      return;
    }
    notices.replaceChildren(element);
    if (explicit) element.focus();
  };

  // What became of a copy kept in this browser is said under the heading, and remembered with the form (see putBack).
  let restoredSaving: HTMLElement | null = null;
  function tell(told: Told, saving: boolean): void {
    restoredSaving = saving ? h("span", {}, t.restore.saving) : null;
    notices.append(h("div", { class: "notice", role: "status" },
      h("p", {}, told.already ? t.restore.alreadySaved : t.restore.heading),
      h("ul", {}, ...told.parts.map((k) => h("li", {}, partName(plan, k)))),
      h("p", {}, t.restore.typedAt, " ", timeElement(told.typedAt), ". ", restoredSaving ?? (told.already ? "" : t.restore.saved))));
    putBack = { ...told, form: formEl };
  }
  // Put back now, or earlier in this tab and saved since (no copy is left once the server holds all of it).
  if (restored) tell({ path, parts: changedParts(restored.body, bodyOf(submission)), typedAt: restored.savedAt, already: false }, true);
  else if (editable && !stale && carried?.path === path) tell(carried, false);
  if (!editable && newest) {
    // Typed here but never saved before the report was submitted: shown so nothing is lost without the person knowing.
    const parts = changedParts(newest.body, newest.base);
    const discard = h("button", { type: "button", class: "secondary", onclick: () => {
      new DraftSlot(plan.id, year, state).settle();
      discard.closest(".notice")?.remove();
    } }, t.restore.discard);
    notices.append(h("div", { class: "notice" }, h("p", {}, t.restore.notEditable),
      ...parts.map((k) => h("div", {}, h("h3", {}, partName(plan, k)), h("p", { class: "narrative", lang: "" }, partText(plan, k, newest.body)))), discard));
  }

  // Leaving with entries the server does not hold asks first (they stay in this browser either way).
  const onLeave = (e: BeforeUnloadEvent) => {
    if (loop.unsaved()) e.preventDefault();
  };
  if (editable) window.addEventListener("beforeunload", onLeave);
  open = { loop, onLeave };
  app.leaving = () => {
    if (!formEl.isConnected || !editable || !loop.unsaved()) {
      close();
      return true;
    }
    void loop.save(false);
    const leave = window.confirm(t.form.leaveConfirm);
    if (leave) close();
    return leave;
  };

  const submit = async () => {
    const { body } = editor.read();
    const empty = plan.indicators.filter((i) => !body.values[i.code]);
    const sure = await confirmDialog(t.submitDialog.title, [
      empty.length ? h("p", {}, plural(t.submitDialog.empty, empty.length)) : t.submitDialog.allFilled,
      empty.length ? h("ul", { class: "compact" }, ...empty.map((i) => h("li", {}, partName(plan, "v:" + i.code)))) : "",
      t.submitDialog.after].filter((x) => x !== ""), t.submitDialog.confirm);
    if (!sure) return;
    // Submitting is strict: every entry must be right, or nothing is submitted and the list says what to fix.
    if (!(await loop.save(true, true))) return;
    try {
      await api<Submission>("POST", path + "/submit", { ifMatch: loop.etag });
      slot?.clear();
      forgetStateReports();
      await reportPage(params);
      say(t.form.submitted);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.problem.errors?.length) problems.show(error.problem.errors, true, null);
      else if (error instanceof ApiError && (error.status === 412 || error.status === 428)) void showConflict(true);
      else fail(error);
    }
  };

  formEl.addEventListener("submit", (e) => { e.preventDefault(); void loop.save(true); });
  formEl.append(bar.element, summary, fieldsHost);
  if (editable) formEl.append(h("div", { class: "actions" }, h("button", { type: "button", onclick: () => void submit() }, t.form.submit)));

  const comment = submission?.reviewComment && (status === "returned" || status === "accepted")
    ? h("p", { class: "comment" }, fmt(status === "returned" ? t.form.returnedComment : t.form.acceptedComment, { comment: submission.reviewComment }),
      submission.reviewedAt ? h("span", { class: "muted" }, " · ", timeElement(submission.reviewedAt)) : "")
    : null;
  const panel = h("div", { class: "card status-panel" },
    panelStatus,
    h("p", {}, ...dueText(entry)),
    comment,
    h("p", {}, editable ? fmt(t.form.intro, { year }) : fmt(t.form.readOnly, { status: t.status[status] })),
    editable && entry.isLocked ? h("p", { class: "warn" }, t.form.lockedNote) : null,
    h("p", { class: "hint" }, t.app.timeRule));
  const heading = fmt(t.form.heading, { state: reports.name, year });
  // What became of entries kept in this browser comes first, under the heading: on a phone it is seen on arrival.
  page(heading, notices, reportPickers(reports, entry, me.role === "focalPoint" ? undefined : state), panel, formEl,
    spreadsheet(plan, year, state, path, () => loop.etag, editable, async () => { slot?.clear(); await reportPage(params); }));
  document.querySelector("main h1")?.append(h("span", { class: "subtitle" }, plan.title));
  document.title = `${heading} – ${plan.title}`;
  bar.start(submission?.updatedAt);

  // The history is not needed to start typing: it follows.
  if (submission) void api<{ entries: HistoryEntry[] }>("GET", path + "/history")
    .then((a) => { if (formEl.isConnected) document.getElementById("main")!.append(historyTable(plan, a.data.entries)); })
    .catch(() => undefined);

  if (restored) {
    loop.keep();
    void loop.save(false);
  } else if (stale && editable) void showConflict(false, stale);
}
