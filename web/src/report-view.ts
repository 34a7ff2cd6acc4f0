// The report viewer: a generated report.html shown in a tab of its own. The API wants the key in a header, which a plain
// link cannot send, so this page fetches the report and puts it in place of itself. This page's policy allows the report's
// inline styles and no inline script (src/Reporting/Web/PageEndpoints.cs); the report carries no script.
import { session } from "./api";
import { t } from "./strings";

async function show(): Promise<void> {
  const message = document.getElementById("message")!;
  document.title = t.reports.viewerTitle;
  message.textContent = t.app.loading;
  const path = decodeURIComponent(location.hash.slice(1));
  // Only a report's own page: the viewer fetches nothing else.
  if (!/^(plans|frameworks)\/[^/]+\/reports\/[^/]+\/report\.html$/.test(path)) {
    message.textContent = t.reports.viewerNothing;
    return;
  }
  const headers: Record<string, string> = { Accept: "text/html" };
  if (session.key) headers["X-Api-Key"] = session.key;
  let response: Response;
  try {
    response = await fetch("/api/" + path, { headers, credentials: "same-origin" });
  } catch {
    message.textContent = t.app.offline;
    return;
  }
  if (!response.ok) {
    message.textContent = response.status === 401 ? t.reports.viewerSignIn : t.reports.viewerMissing;
    return;
  }
  const html = await response.text();
  // The report replaces this page whole: its own title, styles and print layout.
  document.open();
  document.write(html);
  document.close();
}

void show();
