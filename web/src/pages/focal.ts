// The focal point's report: a form generated from the plan's results framework, saved as a draft with If-Match.
import { api, ApiError, download, type CellProblem } from "../api";
import { app, describe, fail, getFramework, getPlan, page, pickers, say } from "../app";
import { clear, field, formatDate, h, select, uid } from "../dom";
import { fmt, t } from "../strings";
import type { Activity, Framework, HistoryEntry, Indicator, IndicatorValue, Plan, Status, Submission, SubmissionInput } from "../types";

const AUTOSAVE_MS = 4000;

interface ImportReceipt {
  valid: boolean; summary: string; changes: { indicator: string; action: string }[];
  narrativeChanged: boolean; activitiesChanged: boolean; problems: CellProblem[];
}
const number = /^-?\d+(\.\d+)?$/;

/** The id of the control a JSON Pointer from the API names, so its errors land next to it. */
const idFor = (pointer: string) => "f:" + pointer;

/** A number if the text is one; otherwise the text itself, so the server names the field ("must be a number"). */
function numeric(text: string): number | string | undefined {
  const s = text.trim().replace(/,/g, "");
  if (s === "") return undefined;
  return number.test(s) ? Number(s) : text.trim();
}

function input(pointer: string, value: unknown, attrs: Record<string, string> = {}): HTMLInputElement {
  return h("input", { id: idFor(pointer), type: "text", value: value === undefined || value === null ? "" : String(value), ...attrs });
}

function textarea(pointer: string, value: string | undefined, rows = 3): HTMLTextAreaElement {
  const el = h("textarea", { id: idFor(pointer), rows: String(rows) });
  el.value = value ?? "";
  return el;
}

/**
 * What the form sends: the person's entries as typed (a figure that is not a number stays text, an activity may still
 * lack its outcome), so nothing typed is lost and the server names the field at fault. The document's SubmissionInput
 * is the valid subset of this; the server answers the rest with 400 and a pointer to each field.
 */
type DraftValue = Omit<IndicatorValue, "value" | "numerator" | "denominator"> & { value?: number | string; numerator?: number | string; denominator?: number | string };
type DraftActivity = Partial<Activity>;
interface Draft { values: Record<string, DraftValue>; narrative?: string; activities: DraftActivity[] }

interface Editor {
  element: HTMLElement;
  read(): Draft;
}

function indicatorBlock(plan: Plan, indicator: Indicator, value: IndicatorValue | undefined): { element: HTMLElement; read: () => DraftValue | undefined } {
  const base = `/values/${indicator.code}`;
  const v = value ?? {};
  const controls: HTMLElement[] = [];
  const readers: ((out: DraftValue) => void)[] = [];
  const ratio = indicator.kind === "percentage" || indicator.kind === "ratio";

  if (indicator.kind === "count") {
    const el = input(`${base}/value`, v.value, { inputmode: "numeric" });
    controls.push(field(t.form.value + (indicator.unit ? ` (${indicator.unit})` : ""), el));
    readers.push((o) => { o.value = numeric(el.value); });
  } else if (ratio) {
    const num = input(`${base}/numerator`, v.numerator, { inputmode: "decimal" });
    const den = input(`${base}/denominator`, v.denominator, { inputmode: "decimal" });
    controls.push(h("div", { class: "pair" }, field(t.form.numerator, num), field(t.form.denominator, den)));
    readers.push((o) => { o.numerator = numeric(num.value); o.denominator = numeric(den.value); });
  } else if (indicator.kind === "milestone") {
    const achieved = select([["", t.form.notAnswered], ["true", t.form.yes], ["false", t.form.no]], v.achieved === undefined ? "" : String(v.achieved), { id: idFor(`${base}/achieved`) });
    const evidence = input(`${base}/evidenceUrl`, v.evidenceUrl, { type: "url", inputmode: "url" });
    controls.push(h("div", { class: "pair" }, field(t.form.achieved, achieved), field(t.form.evidence, evidence)));
    readers.push((o) => {
      if (achieved.value) o.achieved = achieved.value === "true";
      if (evidence.value.trim()) o.evidenceUrl = evidence.value.trim();
    });
  }

  const narrative = textarea(`${base}/narrative`, v.narrative, indicator.kind === "narrative" ? 5 : 2);
  controls.push(field(indicator.kind === "narrative" ? t.form.narrative : t.form.notes, narrative));
  readers.push((o) => { if (narrative.value.trim()) o.narrative = narrative.value; });

  for (const category of indicator.disaggregations ?? []) {
    const groups = plan.disaggregations[category] ?? [];
    const stored = (v.disaggregation?.[category] ?? {}) as Record<string, unknown>;
    const cells: [string, () => unknown][] = [];
    const rows = groups.map((group) => {
      const pointer = `${base}/disaggregation/${category}/${group}`;
      const s = stored[group] as { numerator?: number; denominator?: number } | number | undefined;
      if (ratio) {
        const num = input(`${pointer}/numerator`, typeof s === "object" ? s?.numerator : undefined, { inputmode: "decimal" });
        const den = input(`${pointer}/denominator`, typeof s === "object" ? s?.denominator : undefined, { inputmode: "decimal" });
        cells.push([group, () => {
          const n = numeric(num.value), d = numeric(den.value);
          return n === undefined && d === undefined ? undefined : { numerator: n, denominator: d };
        }]);
        return h("div", { class: "pair" }, field(`${group}: ${t.form.numerator}`, num), field(`${group}: ${t.form.denominator}`, den));
      }
      const el = input(pointer, typeof s === "number" ? s : undefined, { inputmode: "numeric" });
      cells.push([group, () => numeric(el.value)]);
      return field(group, el);
    });
    const details = h("details", { id: idFor(`${base}/disaggregation/${category}`), open: Object.keys(stored).length > 0 },
      h("summary", {}, fmt(t.form.breakdown, { category })), ...rows);
    controls.push(details);
    readers.push((o) => {
      const entries = cells.map(([g, read]) => [g, read()] as const).filter(([, x]) => x !== undefined);
      if (entries.length) (o.disaggregation ??= {})[category] = Object.fromEntries(entries);
    });
  }

  const target = indicator.target
    ? h("p", { class: "hint" }, fmt(t.form.target, { value: indicator.target.value, year: indicator.target.year }) + (indicator.target.illustrative ? " " + t.form.illustrative : ""))
    : null;
  const element = h("fieldset", { class: "indicator", id: idFor(base) },
    h("legend", {}, h("span", { class: "code" }, indicator.code), " ", indicator.title), target, ...controls);
  return {
    element,
    read: () => {
      const out: DraftValue = {};
      for (const r of readers) r(out);
      // Keys left undefined are not answers: an untouched indicator is left out, not sent empty.
      const answered = Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as DraftValue;
      return Object.keys(answered).length ? answered : undefined;
    },
  };
}

/** "B.1 Reducing Barriers", marked where no source confirmed the title, so nobody takes a working label for the framework's words. */
function kraLabel(framework: Framework, code: string): string {
  const k = framework.keyResultAreas.find((x) => x.code === code);
  return k ? `${k.code} ${k.title}${k.confirmed ? "" : " " + t.form.kraUnconfirmed}` : code;
}

function activityBlock(plan: Plan, framework: Framework | null, index: number, a: DraftActivity, onRemove: () => void): { element: HTMLElement; read: () => DraftActivity } {
  const base = `/activities/${index}`;
  const title = input(`${base}/title`, a.title);
  const description = textarea(`${base}/description`, a.description, 2);
  const outcome = select([["", "—"], ...plan.outcomes.map((o): [string, string] => [o.code, `${o.code} ${o.text}`])], a.outcome ?? "", { id: idFor(`${base}/outcome`) });
  const importance = select([["", "—"], ["1", t.form.importance1], ["2", t.form.importance2], ["3", t.form.importance3]], a.importance ? String(a.importance) : "", { id: idFor(`${base}/importance`) });
  // A saved code the list does not hold (the framework could not be read, or no longer has it) stays an option: never dropped unseen.
  const kraOptions: [string, string][] = framework ? framework.keyResultAreas.map((k) => [k.code, kraLabel(framework, k.code)]) : [];
  if (a.kra && !kraOptions.some(([code]) => code === a.kra)) kraOptions.push([a.kra, a.kra]);
  const kra = framework || a.kra ? select([["", "—"], ...kraOptions], a.kra ?? "", { id: idFor(`${base}/kra`) }) : null;
  const n = index + 1;
  const element = h("fieldset", { class: "activity", id: idFor(base) },
    h("legend", {}, fmt(t.form.activity, { n })),
    field(t.form.activityTitle, title), field(t.form.activityDescription, description),
    h("div", { class: "pair" }, field(t.form.activityOutcome, outcome), field(t.form.importance, importance)),
    kra ? field(framework ? fmt(t.form.activityKra, { framework: framework.shortTitle ?? framework.title }) : t.form.activityKraPlain, kra) : null,
    h("button", { type: "button", class: "secondary", onclick: onRemove }, fmt(t.form.removeActivity, { n })));
  return {
    element,
    read: () => ({
      title: title.value.trim() || undefined,
      description: description.value.trim() ? description.value : undefined, // kept as typed, like every narrative
      outcome: outcome.value || undefined,
      importance: importance.value ? Number(importance.value) : undefined,
      kra: kra?.value || undefined,
    }),
  };
}

function buildEditor(plan: Plan, framework: Framework | null, submission: Submission | null, onChange: () => void): Editor {
  const blocks = new Map<string, () => DraftValue | undefined>();
  const byOutcome = new Map<string, Indicator[]>();
  for (const i of plan.indicators) {
    const key = i.outcome ?? "";
    byOutcome.set(key, [...(byOutcome.get(key) ?? []), i]);
  }
  const sections: HTMLElement[] = [];
  // Grouped by goal, then outcome; an outcome serving several goals sits under its first.
  for (const goal of plan.goals) {
    const outcomes = plan.outcomes.filter((o) => o.goals[0] === goal.code && byOutcome.has(o.code));
    if (!outcomes.length) continue;
    const inner = outcomes.map((o) => h("section", { class: "outcome" },
      h("h3", {}, fmt(t.form.outcome, { code: o.code }) + " — " + o.text),
      framework && o.serves?.length
        ? h("p", { class: "hint" }, fmt(t.form.serves, {
          framework: framework.shortTitle ?? framework.title,
          areas: o.serves.map((c) => kraLabel(framework, c)).join("; "),
          basis: t.form.mappingBasis[o.mappingSource ?? "project"],
        }))
        : null,
      ...byOutcome.get(o.code)!.map((i) => {
        const b = indicatorBlock(plan, i, submission?.values[i.code]);
        blocks.set(i.code, b.read);
        return b.element;
      })));
    sections.push(h("section", { class: "goal" }, h("h2", {}, fmt(t.form.goal, { code: goal.code }) + " — " + goal.text), ...inner));
  }
  const placed = new Set(blocks.keys());
  const rest = plan.indicators.filter((i) => !placed.has(i.code));
  if (rest.length) {
    sections.push(h("section", { class: "goal" }, h("h2", {}, t.form.otherIndicators), ...rest.map((i) => {
      const b = indicatorBlock(plan, i, submission?.values[i.code]);
      blocks.set(i.code, b.read);
      return b.element;
    })));
  }

  const list = h("div", { class: "activities" });
  let activities: DraftActivity[] = [...(submission?.activities ?? [])];
  let readers: (() => DraftActivity)[] = [];
  const renderActivities = () => {
    clear(list);
    readers = activities.map((a, i) => {
      const b = activityBlock(plan, framework, i, a, () => {
        activities = readers.map((r) => r()).filter((_, j) => j !== i);
        renderActivities();
        onChange();
      });
      list.append(b.element);
      return b.read;
    });
  };
  renderActivities();
  const add = h("button", { type: "button", class: "secondary", onclick: () => {
    activities = [...readers.map((r) => r()), {}];
    renderActivities();
    list.querySelector<HTMLInputElement>(".activity:last-child input")?.focus();
  } }, t.form.addActivity);

  const overall = textarea("/narrative", submission?.narrative, 5);
  const element = h("div", {},
    ...sections,
    h("section", { class: "goal", id: idFor("/activities") }, h("h2", {}, t.form.activities), h("p", { class: "hint" }, t.form.activitiesIntro), list, add),
    h("section", { class: "goal" }, h("h2", {}, t.form.overall), field(t.form.overall, overall)));
  element.addEventListener("input", onChange);
  element.addEventListener("change", onChange);
  return {
    element,
    read: () => {
      const values: Record<string, DraftValue> = {};
      for (const [code, read] of blocks) {
        const v = read();
        if (v) values[code] = v;
      }
      const acts = readers.map((r) => r()).filter((a) => a.title || a.description || a.outcome || a.importance || a.kra);
      return { values, narrative: overall.value.trim() ? overall.value : undefined, activities: acts };
    },
  };
}

/** Puts each server error next to the control its pointer names (or the nearest enclosing one) and lists them on top. */
function showProblems(form: HTMLElement, summary: HTMLElement, error: ApiError, focus: boolean): void {
  clearProblems(form, summary);
  const errors = error.problem.errors ?? [];
  const links = errors.map((e) => {
    let target: HTMLElement | null = null;
    for (let p = e.pointer; p && !target; p = p.slice(0, p.lastIndexOf("/"))) target = document.getElementById(idFor(p));
    const label = target ? target.closest(".field")?.querySelector("label")?.textContent ?? e.pointer : e.pointer;
    const indicator = /^\/values\/([^/]+)/.exec(e.pointer)?.[1];
    const fieldName = indicator && !label.startsWith(indicator) ? `${indicator} ${label}` : label;
    if (target) {
      const message = h("p", { class: "field-error", id: uid("err") }, e.message);
      const host = target.closest(".field") ?? target;
      host.append(message);
      target.setAttribute("aria-invalid", "true");
      target.setAttribute("aria-describedby", [target.getAttribute("aria-describedby"), message.id].filter(Boolean).join(" "));
      target.closest("details")?.setAttribute("open", "");
    }
    return h("li", {}, h("button", { type: "button", class: "link", onclick: () => target?.focus() }, fmt(t.form.problemAt, { field: fieldName, message: e.message })));
  });
  summary.append(h("h2", {}, errors.length ? fmt(t.form.problems, { n: errors.length }) : describe(error)), errors.length ? h("ul", {}, links) : h("p", {}, error.problem.detail ?? ""));
  summary.hidden = false;
  // An explicit Save or Submit moves focus to the list; an autosave never pulls focus away from where the person types.
  if (focus) summary.focus();
}

function clearProblems(form: HTMLElement, summary: HTMLElement): void {
  form.querySelectorAll(".field-error").forEach((e) => e.remove());
  form.querySelectorAll("[aria-invalid]").forEach((e) => {
    e.removeAttribute("aria-invalid");
    const rest = (e.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => !id.startsWith("err-")).join(" ");
    if (rest) e.setAttribute("aria-describedby", rest);
    else e.removeAttribute("aria-describedby");
  });
  clear(summary);
  summary.hidden = true;
}

function historyTable(entries: HistoryEntry[]): HTMLElement {
  return h("section", {}, h("h2", {}, t.history.heading),
    h("div", { class: "scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, ...[t.history.revision, t.history.when, t.history.who, t.history.what, t.history.comment].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...entries.slice().reverse().map((e) => h("tr", {},
        h("td", {}, e.revision), h("td", {}, formatDate(e.at, true)), h("td", {}, `${e.by} (${e.role})`), h("td", {}, e.action), h("td", { lang: "" }, e.comment ?? "")))))));
}

export function statusBadge(status: Status, late = false): HTMLElement {
  return h("span", { class: `badge ${status}` }, t.status[status] + (late ? ` · ${t.status.late}` : ""));
}

export async function reportPage(params: URLSearchParams): Promise<void> {
  const me = app.me!;
  const state = me.role === "focalPoint" ? me.state! : (params.get("state") ?? "THA");
  const { form: pick, plan: listed, year } = await pickers("report", { plan: params.get("plan") ?? undefined, year: Number(params.get("year")) || undefined }, true,
    { state: me.role === "focalPoint" ? undefined : state });
  const plan = await getPlan(listed.id);
  // Without the framework (a dropped line) the form still opens; saved key result areas are kept as plain codes.
  const framework = plan.framework ? await getFramework(plan.framework).catch(() => null) : null;
  const path = `plans/${encodeURIComponent(plan.id)}/years/${year}/submissions/${encodeURIComponent(state)}`;

  let submission: Submission | null = null;
  let etag: string | null = null;
  try {
    const answer = await api<Submission>("GET", path);
    submission = answer.data;
    etag = answer.etag;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  const history = submission ? (await api<{ entries: HistoryEntry[] }>("GET", path + "/history")).data.entries : [];
  const editable = !submission || submission.status === "draft" || submission.status === "returned";

  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const saveState = h("p", { class: "save-state", "aria-live": "polite" });
  let dirty = false;
  // Someone (or an earlier save of ours whose answer was lost) saved first: no autosave until the person chooses.
  let conflict = false;
  let timer: number | undefined;
  let chain: Promise<boolean> = Promise.resolve(true);

  const formEl = h("form", { class: "report", novalidate: true });
  const editor = buildEditor(plan, framework, submission, () => {
    if (!editable) return;
    dirty = true;
    if (conflict) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void save(false), AUTOSAVE_MS);
  });

  const statusPanel = h("div", { class: "card status-panel" });
  const renderStatus = () => {
    const status = submission?.status ?? "notStarted";
    statusPanel.replaceChildren(
      h("p", {}, statusBadge(status, submission?.late), submission ? " " + fmt(t.status.revision, { n: submission.revision }) : ""),
      submission?.status === "returned" && submission.reviewComment ? h("p", { class: "comment" }, fmt(t.form.returnedComment, { comment: submission.reviewComment })) : "",
      h("p", {}, editable ? fmt(t.form.intro, { year }) : fmt(t.form.readOnly, { status: t.status[status].toLowerCase() })));
  };
  renderStatus();

  // Keeps what is in the form: takes the stored revision's ETag and saves the form over it (the history keeps both).
  const overwrite = async () => {
    try {
      etag = (await api<Submission>("GET", path)).etag;
    } catch (error) {
      return fail(error);
    }
    conflict = false;
    dirty = true;
    await save(true);
  };

  const showConflict = (error: ApiError, explicit: boolean) => {
    conflict = true;
    const now = /"r(\d+)"/.exec(error.problem.detail ?? "")?.[1] ?? "?";
    clearProblems(formEl, summary);
    summary.append(h("h2", {}, t.form.conflictHeading), h("p", {}, fmt(t.form.conflict, { n: now })),
      h("div", { class: "actions" },
        h("button", { type: "button", onclick: () => void overwrite() }, t.form.overwrite),
        h("button", { type: "button", class: "secondary", onclick: () => void reportPage(params) }, t.form.reload)));
    summary.hidden = false;
    if (explicit) summary.focus();
  };

  // Saves one at a time, so an autosave and a click never race each other into a 412.
  const save = (explicit: boolean): Promise<boolean> => {
    window.clearTimeout(timer);
    chain = chain.then(async () => {
      if (!dirty && !explicit) return true;
      if (conflict && !explicit) return false;
      dirty = false;
      saveState.textContent = t.form.saving;
      try {
        // Sent as typed (see Draft): the server's field errors then show next to what the person wrote.
        const answer = await api<Submission, SubmissionInput>("PUT", path, { body: editor.read() as SubmissionInput, ifMatch: etag });
        etag = answer.etag;
        submission = answer.data;
        conflict = false;
        clearProblems(formEl, summary);
        renderStatus();
        saveState.textContent = fmt(t.form.saved, { time: new Date().toTimeString().slice(0, 5), n: answer.data.revision });
        if (explicit) say(saveState.textContent);
        else if (document.getElementById("status")?.classList.contains("error")) say(""); // an earlier autosave's problem is gone
        return true;
      } catch (error) {
        dirty = true;
        saveState.textContent = explicit ? "" : t.form.notSaved;
        // An autosave leaves focus where it is, so the line at the foot of the window says what happened.
        if (error instanceof ApiError && (error.status === 412 || error.status === 428)) {
          showConflict(error, explicit);
          say(explicit ? "" : t.form.autosaveConflict, "error");
        } else if (error instanceof ApiError && error.status === 400) {
          showProblems(formEl, summary, error, explicit);
          say(explicit ? "" : t.form.autosaveProblems, "error");
        } else fail(error);
        return false;
      }
    });
    return chain;
  };

  // Back online after a dropped connection: save what was typed meanwhile. Leaving with unsaved entries asks first.
  const onOnline = () => {
    if (!formEl.isConnected) return window.removeEventListener("online", onOnline);
    if (dirty && !conflict) void save(false);
  };
  const onLeave = (e: BeforeUnloadEvent) => {
    if (!formEl.isConnected) return window.removeEventListener("beforeunload", onLeave);
    if (dirty) e.preventDefault();
  };
  if (editable) {
    window.addEventListener("online", onOnline);
    window.addEventListener("beforeunload", onLeave);
  }

  const submit = async () => {
    if (!(await save(dirty))) return;
    try {
      const answer = await api<Submission>("POST", path + "/submit", { ifMatch: etag });
      etag = answer.etag;
      say(t.form.submitted);
      await reportPage(params);
      say(t.form.submitted);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) showProblems(formEl, summary, error, true);
      else if (error instanceof ApiError && error.status === 412) showConflict(error, true);
      else fail(error);
    }
  };

  formEl.addEventListener("submit", (e) => { e.preventDefault(); void save(true); });
  const fieldsetAll = h("fieldset", { class: "plain", disabled: !editable }, editor.element);
  append(formEl, [summary, fieldsetAll,
    editable ? h("div", { class: "actions" },
      h("button", { type: "submit" }, t.form.save),
      h("button", { type: "button", onclick: () => void submit() }, t.form.submit), saveState) : null]);

  page(fmt(t.form.heading, { state, year }) + ` — ${plan.id}`, pick, statusPanel, formEl, spreadsheet(plan.id, year, state, path, () => etag, editable, params), history.length ? historyTable(history) : null);
}

function append(parent: HTMLElement, children: (HTMLElement | null)[]): void {
  for (const c of children) if (c) parent.append(c);
}

function spreadsheet(planId: string, year: number, state: string, path: string, etag: () => string | null, editable: boolean, params: URLSearchParams): HTMLElement {
  const file = h("input", { type: "file", accept: ".xlsx,.csv,.json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,application/json" });
  const result = h("div", { "aria-live": "polite" });
  // Where each problem is: the sheet cell (Indicators!F7) for spreadsheets, the field for JSON; and its indicator.
  const problemsTable = (cells: CellProblem[]) =>
    h("div", { class: "scroll" }, h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t.sheet.where), h("th", { scope: "col" }, t.sheet.indicator), h("th", { scope: "col" }, t.sheet.problem))),
      h("tbody", {}, ...cells.map((c) => h("tr", {},
        h("td", {}, c.cell ?? ([c.sheet, c.column && c.row ? `${c.column}${c.row}` : ""].filter(Boolean).join("!") || c.pointer || "")),
        h("td", {}, c.indicator ?? /^\/values\/([^/]+)/.exec(c.pointer ?? "")?.[1] ?? ""),
        h("td", {}, c.message))))));
  const run = async (dryRun: boolean) => {
    const chosen = file.files?.[0];
    if (!chosen) return say(t.sheet.chooseFile, "error");
    clear(result);
    try {
      const answer = await api<ImportReceipt>("POST", path + "/import", { file: chosen, query: { dryRun }, ifMatch: dryRun ? null : etag() });
      const r = answer.data;
      if (!dryRun) {
        say(fmt(t.sheet.done, { summary: r.summary }));
        await reportPage(params);
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
    h("p", {}, h("button", { type: "button", class: "secondary", onclick: () => void download(`plans/${encodeURIComponent(planId)}/years/${year}/template`, { state }).catch(fail) }, t.sheet.download)),
    editable ? h("div", {}, field(t.sheet.file, file), h("button", { type: "button", onclick: () => void run(true) }, t.sheet.check)) : null,
    result);
}
