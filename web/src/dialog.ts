// A question the person answers before something that cannot be undone (submitting, revoking a key): a modal <dialog>,
// so the keyboard stays in it and Escape cancels.
import { h } from "./dom";
import { t } from "./strings";

export function confirmDialog(title: string, body: (HTMLElement | string)[], confirm: string, cancel = t.dialog.cancel): Promise<boolean> {
  return new Promise((resolve) => {
    const heading = h("h2", { id: "dialog-title" }, title);
    const yes = h("button", { type: "button", value: "yes" }, confirm);
    const no = h("button", { type: "button", class: "secondary", value: "no" }, cancel);
    const dialog = h("dialog", { class: "confirm", "aria-labelledby": "dialog-title" },
      heading, ...body.map((b) => (typeof b === "string" ? h("p", {}, b) : b)), h("div", { class: "actions" }, yes, no));
    let answer = false;
    yes.addEventListener("click", () => { answer = true; dialog.close(); });
    no.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus(); // the safe answer first
  });
}
