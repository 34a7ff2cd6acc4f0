// The line that stays at the top of the window while the person works down a long form: the report's status and whether
// their entries are saved, said in a polite live region (announced, never moving focus), with a Save button at hand.
import { describe } from "../app";
import { formatDate, formatTime, h } from "../dom";
import { fmt, plural, t } from "../strings";
import type { Status } from "../types";
import type { SaveState } from "./save-loop";

export function statusBadge(status: Status, late = false): HTMLElement {
  return h("span", { class: `badge ${status}` }, t.status[status] + (late ? ` · ${t.status.late}` : ""));
}

export class StatusBar {
  readonly element: HTMLElement;
  private readonly badge = h("span", { class: "bar-badge" });
  private readonly line = h("p", { class: "save-state", role: "status", "aria-live": "polite" });
  private notKept = false;

  constructor(readonly save: HTMLButtonElement | null) {
    this.element = h("div", { class: "form-bar" }, this.badge, this.line, save);
  }

  status(status: Status, late: boolean): void {
    this.badge.replaceChildren(statusBadge(status, late));
  }

  /** Before any save of this visit: when the server last saved it, if ever. */
  start(updatedAt: string | undefined): void {
    this.say(updatedAt ? fmt(t.save.lastSaved, { when: formatDate(updatedAt, true) }) : t.save.nothingYet, "ok");
  }

  kept(ok: boolean): void {
    this.notKept = !ok;
  }

  show(state: SaveState): void {
    switch (state.kind) {
      case "idle": return;
      case "saving": return this.say(t.save.saving, "busy");
      case "saved": return state.leftOut.length
        ? this.say(plural(t.save.savedExcept, state.leftOut.length, { time: formatTime(state.at) }), "warn")
        : this.say(fmt(t.save.saved, { time: formatTime(state.at) }), "ok");
      case "offline": return this.say(t.save.offline, "warn");
      case "conflict": return this.say(t.save.conflict, "warn");
      case "signedOut": return this.say(t.save.signedOut, "warn");
      case "refused": return this.say(fmt(t.save.refused, { reason: describe(state.error) }), "warn");
    }
  }

  /** Says something of its own (restored entries, submitted). */
  say(text: string, kind: "ok" | "warn" | "busy"): void {
    this.line.className = "save-state " + kind;
    this.line.textContent = text + (this.notKept && kind !== "ok" ? " " + t.save.notKept : "");
  }

  get text(): string {
    return this.line.textContent ?? "";
  }
}
