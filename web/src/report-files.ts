// Stored report versions (a plan's reports, a framework's evaluation reports) and their files, the same on every page.
import { download } from "./api";
import { fail, say } from "./app";
import { formatDate, h } from "./dom";
import { t } from "./strings";

export interface StoredFile { name: string; size: number; href: string }
export interface StoredVersion { title: string; generatedAt: string; interim: boolean; files: StoredFile[] }

/** Each file a button that downloads it (report.html opens in the report viewer instead), with its size. */
export function fileList(files: StoredFile[]): HTMLElement {
  return h("ul", { class: "files" }, ...files.map((f) => h("li", {},
    h("button", { type: "button", class: "link", onclick: () => void download(f.href.replace(/^\/api\//, "")).then((n) => say(n)).catch(fail) },
      `${f.name} (${Math.ceil(f.size / 1024)} KB)`))));
}

/** The versions, newest first, with their files; on a phone one block per version. */
export function versionTable(versions: StoredVersion[], none: string): HTMLElement {
  if (!versions.length) return h("p", {}, none);
  return h("div", { class: "scroll" }, h("table", { class: "stack" },
    h("thead", {}, h("tr", {}, ...[t.reports.kind, t.reports.generated, t.reports.files].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...versions.map((r) => h("tr", {},
      h("th", { scope: "row" }, r.title + (r.interim ? ` (${t.reports.interim})` : "")),
      h("td", { "data-label": t.reports.generated }, formatDate(r.generatedAt, true)),
      h("td", { "data-label": t.reports.files }, fileList(r.files)))))));
}
