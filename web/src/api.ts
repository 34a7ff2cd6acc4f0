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

export interface Answer<T> { data: T; etag: string | null; status: number }

/**
 * A JSON body must be one of the document's request bodies, named by the caller (api<Answer, Body>): a body whose type
 * is not named does not compile, so every body the pages send is checked against the schema the server enforces.
 * A file (XLSX, CSV) or text the person chose (a plan document) goes as it is: the server checks it.
 */
interface Options<B extends RequestBody = never> {
  body?: NoInfer<B>; text?: string; file?: File; ifMatch?: string | null; query?: Record<string, string | number | boolean | undefined>;
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
  try {
    response = await fetch(url(path, options.query), { method, headers, body, credentials: "same-origin" });
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
  return { data: (text ? JSON.parse(text) : null) as T, etag: response.headers.get("ETag"), status: response.status };
}

/** Downloads a file the API serves (summaries, templates, reports): the key goes in a header, so fetch and hand the bytes over. */
export async function download(path: string, query?: Options["query"]): Promise<string> {
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
