// When the server holds a newer revision than the one the person typed on (saved in another tab, by a colleague, or by an
// earlier save of theirs whose answer was lost): both are shown part by part, and nothing is dropped without their say.
import { h, timeElement, uid } from "../dom";
import { fmt, t } from "../strings";
import type { Plan, DraftInput } from "../types";
import { merge, partName, partText, withPart, type Merged } from "./merge";

export interface ConflictChoice { body: DraftInput }

/** Parts changed only on one side are combined; a part changed on both waits for the person's choice. */
export function conflictPanel(plan: Plan, base: DraftInput, mine: DraftInput, theirs: DraftInput,
  saved: { revision: number; by: string; at?: string }, apply: (body: DraftInput) => void, useSaved: () => void): { element: HTMLElement; merged: Merged } {
  const merged = merge(base, mine, theirs);
  const choices = merged.conflicts.map((c) => {
    const name = uid("choice");
    const keep = h("input", { type: "radio", name, value: "mine", checked: true, id: name + "-mine" });
    const take = h("input", { type: "radio", name, value: "theirs", id: name + "-theirs" });
    const element = h("fieldset", { class: "choice" }, h("legend", {}, partName(plan, c.key)),
      h("div", { class: "option" }, keep, h("label", { for: keep.id }, t.conflict.keepMine), h("p", { class: "narrative", lang: "" }, partText(plan, c.key, mine))),
      h("div", { class: "option" }, take, h("label", { for: take.id }, t.conflict.useTheirs), h("p", { class: "narrative", lang: "" }, partText(plan, c.key, theirs))));
    return { key: c.key, element, takesTheirs: () => take.checked };
  });
  const element = h("section", { class: "notice conflict", tabindex: "-1", "aria-labelledby": "conflict-heading" },
    h("h2", { id: "conflict-heading" }, t.conflict.heading),
    h("p", {}, fmt(t.conflict.savedBy, { n: saved.revision, who: saved.by }), " ", saved.at ? timeElement(saved.at) : "", ". ", t.conflict.nothingLost),
    merged.fromServer.length ? h("div", {}, h("p", {}, t.conflict.takenFromServer), h("ul", {}, ...merged.fromServer.map((k) => h("li", {}, partName(plan, k))))) : null,
    choices.length ? h("div", {}, h("p", {}, t.conflict.choose), ...choices.map((c) => c.element)) : null,
    h("div", { class: "actions" },
      h("button", { type: "button", onclick: () => {
        let body = merged.body;
        for (const c of choices) if (c.takesTheirs()) body = withPart(body, c.key, theirs);
        apply(body);
      } }, choices.length ? t.conflict.combine : t.conflict.continue),
      h("button", { type: "button", class: "secondary", onclick: useSaved }, t.conflict.useSaved)));
  return { element, merged };
}
