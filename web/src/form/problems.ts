// Showing what the server did not take: a message under the field (set quietly: no focus moves, no scrolling), a note on the
// entry saying it was not saved and what the report keeps instead, and the list at the top of the form. The list takes
// focus only when the person pressed Save or Submit themselves.
import { clear, h, uid } from "../dom";
import { plural, t } from "../strings";
import type { Plan, ProblemItem, DraftInput } from "../types";
import type { Editor } from "./editor";
import { partText } from "./merge";
import { placeOf, problemText } from "./wording";

export class ProblemDisplay {
  constructor(private readonly plan: Plan, private editor: Editor, private readonly summary: HTMLElement) {}

  /** After the form is built again (a merge), problems point into the new one. */
  use(editor: Editor): void {
    this.editor = editor;
  }

  clear(): void {
    const form = this.summary.parentElement ?? document;
    form.querySelectorAll(".field-error").forEach((e) => e.remove());
    form.querySelectorAll("[aria-invalid]").forEach((e) => {
      e.removeAttribute("aria-invalid");
      const rest = (e.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => !id.startsWith("err-")).join(" ");
      if (rest) e.setAttribute("aria-describedby", rest);
      else e.removeAttribute("aria-describedby");
    });
    for (const note of this.editor.notes()) {
      clear(note);
      note.hidden = true;
    }
    clear(this.summary);
    this.summary.hidden = true;
  }

  /**
   * Problems of a save. <paramref name="stored"/> is what the server now holds (a lenient save), so each entry's note can say
   * what the report keeps instead; without it (a strict save or a submit) nothing was stored.
   */
  show(problems: ProblemItem[], explicit: boolean, stored: DraftInput | null): void {
    this.clear();
    if (!problems.length) return;
    const byNote = new Map<HTMLElement, { keys: string[]; lines: string[] }>();
    const links = problems.map((p) => {
      const place = placeOf(this.plan, p.pointer, (i) => this.editor.activityRow(i));
      const message = problemText(p);
      const target = this.editor.target(p.pointer);
      if (target && !(target instanceof HTMLFieldSetElement) && !(target instanceof HTMLDetailsElement)) {
        const error = h("p", { class: "field-error", id: uid("err") }, message);
        (target.closest(".field") ?? target).append(error);
        target.setAttribute("aria-invalid", "true");
        target.setAttribute("aria-describedby", [target.getAttribute("aria-describedby"), error.id].filter(Boolean).join(" "));
      } else if (target instanceof HTMLDetailsElement) {
        // A breakdown as a whole (its parts do not add up): said at its top, where its groups are.
        target.open = true;
        target.querySelector("summary")!.after(h("p", { class: "field-error", id: uid("err") }, message));
      }
      target?.closest("details")?.setAttribute("open", "");
      const note = this.editor.noteFor(p.pointer);
      if (note) {
        const entry = byNote.get(note) ?? { keys: [], lines: [] };
        entry.lines.push(`${place}: ${message}`);
        entry.keys.push(p.pointer);
        byNote.set(note, entry);
      }
      const focusable = target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) ? target : target?.querySelector<HTMLElement>("input, select, textarea") ?? null;
      return h("li", {}, h("button", { type: "button", class: "link", onclick: () => focusable?.focus() }, `${place}: ${message}`));
    });

    for (const [note, entry] of byNote) {
      const pointer = entry.keys[0];
      const part = pointer.startsWith("/narrative") ? "narrative" : pointer.startsWith("/activities") ? "activities" : "v:" + /^\/values\/([^/]+)/.exec(pointer)![1];
      const keeps = stored && part.startsWith("v:") && stored.values[part.slice(2)]
        ? h("p", {}, t.form.keepsSaved, " ", h("span", { class: "narrative", lang: "" }, partText(this.plan, part, stored)))
        : stored && part === "narrative" && stored.narrative ? h("p", {}, t.form.keepsSavedNarrative)
          : null;
      note.append(h("p", { class: "not-saved" }, stored ? t.form.entryNotSaved : t.form.entryNotSavedStrict), h("ul", {}, ...entry.lines.map((l) => h("li", {}, l))), ...(keeps ? [keeps] : []));
      note.hidden = false;
    }

    this.summary.append(
      h("h2", {}, plural(stored ? t.form.notSavedHeading : t.form.problemsHeading, problems.length)),
      h("p", {}, stored ? t.form.notSavedIntro : t.form.problemsIntro),
      h("ul", {}, links));
    this.summary.hidden = false;
    // Only a click of the person's own moves focus; an autosave leaves the cursor where they type.
    if (explicit) this.summary.focus();
  }
}
