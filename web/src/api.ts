// The only door to the server. Every call carries the session's API key (or none, behind App Service
// Authentication, where the platform's cookie identifies the user) and turns problem+json into ApiError.
import type { CellProblem, FieldError, RequestBody, Problem as ServerProblem } from "./types";

export type { CellProblem, FieldError };
/** A problem as the pages hold it: the server's (typed from the document), or one made here for a dropped line or a non-JSON answer. */
export type Problem = Omit<ServerProblem, "type" | "code"> & { type?: string; code?: ServerProblem["code"] | "offline" };

export class ApiError extends Error {
  constructor(public readonly status: number, public readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

const KEY = "reporting.apiKey";

export const session = {
  get key(): string | null { return sessionStorage.getItem(KEY); },
  set key(value: string | null) {
    if (value) sessionStorage.setItem(KEY, value);
    else sessionStorage.removeItem(KEY);
  },
};

export interface Answer<T> { data: T; etag: string | null; status: number; headers: Headers }

interface Options<B extends RequestBody = never> {
  body?: NoInfer<B>; text?: string; file?: File; ifMatch?: string | null; query?: Record<string, string | number | boolean | undefined>;
  /** An RFC 7240 preference, e.g. "handling=lenient". */
  prefer?: string;
  /** Gives up after this long (a save on a line that stalls), as if offline. */
  timeoutMs?: number;
  /** Sent as Idempotency-Key: the same key again (a retry after a lost answer) gets the first answer, not a second change. */
  idempotencyKey?: string;
}

function url(path: string, query?: Options["query"]): string {
  const u = new URL("/api/" + path, location.origin);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.pathname + u.search;
}

async function send<B extends RequestBody>(method: string, path: string, options: Options<B> = {}, accept = "application/json"): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  if (session.key) headers["X-Api-Key"] = session.key;
  if (options.ifMatch) headers["If-Match"] = options.ifMatch;
  if (options.prefer) headers["Prefer"] = options.prefer;
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  let body: BodyInit | undefined;
  if (options.file) {
    body = options.file;
    headers["Content-Type"] = options.file.type || (options.file.name.toLowerCase().endsWith(".csv") ? "text/csv" : "application/octet-stream");
  } else if (options.body !== undefined || options.text !== undefined) {
    body = options.text ?? JSON.stringify(options.body);
    headers["Content-Type"] = "application/json";
  }
  let response: Response;
  const signal = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
  try {
    response = await fetch(url(path, options.query), { method, headers, body, credentials: "same-origin", signal });
  } catch {
    throw new ApiError(0, { title: "offline", status: 0 });
  }
  if (!response.ok) {
    let problem: Problem = { title: response.statusText, status: response.status };
    try {
      problem = { ...(await response.json()), status: response.status };
    } catch { /* not JSON: keep the status line */ }
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function api<T, B extends RequestBody = never>(method: string, path: string, options: Options<B> = {}): Promise<Answer<T>> {
  const response = await send(method, path, options);
  const text = await response.text();
  return { data: (text ? JSON.parse(text) : null) as T, etag: response.headers.get("ETag"), status: response.status, headers: response.headers };
}

/**
 * Downloads a file the API serves (summaries, templates, reports): the key goes in a header, so fetch and hand the bytes over.
 * A report's page (report.html) opens in a tab of its own instead, through the report viewer (report-view.html).
 */
export async function download(path: string, query?: Options["query"]): Promise<string> {
  if (/^(plans|frameworks)\/[^/]+\/reports\/[^/]+\/report\.html$/.test(path) && !query) {
    // Opened before any await, while the click still counts, so no popup blocker stops it.
    window.open("./report-view.html#" + encodeURIComponent(path), "_blank");
    return path.split("/").pop()!;
  }
  const response = await send("GET", path, { query }, "*/*");
  const blob = await response.blob();
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? path.split("/").pop() ?? "download";
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = decodeURIComponent(name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return a.download;
}
