// What an assignment covers: every plan, or ticked sectoral bodies and plans. Used for people (access page) and keys (admin page).
import { api } from "../api";
import { listPlans } from "../app";
import { h, uid } from "../dom";
import { fmt, t } from "../strings";
import type { Scope, ScopeInput, SectoralBody } from "../types";

let bodies: SectoralBody[] | null = null;

export async function sectoralBodies(): Promise<SectoralBody[]> {
  if (!bodies) bodies = (await api<SectoralBody[]>("GET", "sectoral-bodies")).data;
  return bodies;
}

/** "SOMSWD, SLOM; plan somswd-2021-2025", or "Every plan". */
export function describeScope(scope: Scope | undefined): string {
  if (!scope || scope.all) return t.scope.everything;
  return [...(scope.bodies ?? []), ...(scope.plans ?? []).map((id) => fmt(t.scope.plan, { id }))].join(", ");
}

export interface ScopePicker { element: HTMLElement; value(): ScopeInput | undefined; show(visible: boolean): void }

/** A fieldset: "only these" (bodies and plans ticked) or "every plan". Hidden (and sent as nothing) for administrators. */
export async function scopePicker(): Promise<ScopePicker> {
  const [all, plans] = await Promise.all([sectoralBodies(), listPlans(true)]);
  const name = uid("scope");
  const some = h("input", { type: "radio", name, value: "some", checked: true, id: uid("f") });
  const every = h("input", { type: "radio", name, value: "all", id: uid("f") });
  const bodyBoxes = all.map((b) => ({ code: b.code, box: h("input", { type: "checkbox", value: b.code, id: uid("f") }), label: `${b.code} – ${b.name}` }));
  const planBoxes = plans.map((p) => ({ id: p.id, box: h("input", { type: "checkbox", value: p.id, id: uid("f") }), label: `${p.title} (${p.sectoralBody ?? "—"})` }));
  const choice = (box: HTMLInputElement, label: string) => h("div", { class: "check" }, box, h("label", { for: box.id }, label));
  const lists = h("div", { class: "scope-lists" },
    h("fieldset", { class: "plain" }, h("legend", {}, t.scope.bodies), ...bodyBoxes.map((b) => choice(b.box, b.label))),
    h("fieldset", { class: "plain" }, h("legend", {}, t.scope.plans), ...planBoxes.map((p) => choice(p.box, p.label))));
  const sync = () => {
    lists.hidden = every.checked;
  };
  some.addEventListener("change", sync);
  every.addEventListener("change", sync);
  const element = h("fieldset", { class: "scope" }, h("legend", {}, t.scope.legend),
    h("p", { class: "hint" }, t.scope.hint),
    choice(some, t.scope.some), choice(every, t.scope.all), lists);
  return {
    element,
    value: () => {
      if (element.hidden) return undefined;
      if (every.checked) return { all: true };
      return { bodies: bodyBoxes.filter((b) => b.box.checked).map((b) => b.code), plans: planBoxes.filter((p) => p.box.checked).map((p) => p.id) };
    },
    show: (visible: boolean) => {
      element.hidden = !visible;
    },
  };
}
