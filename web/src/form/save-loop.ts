// Saving a draft as the person types: a few seconds after typing stops, one save at a time, with If-Match, leniently (the
// valid entries are stored even while one is wrong). What the server has not confirmed stays in this browser (DraftSlot);
// after a dropped connection saving starts again by itself, when the browser is back online or after a growing pause.
import { api, ApiError } from "../api";
import type { DraftInput, ProblemItem, Submission, SubmissionInput } from "../types";
import type { DraftSlot } from "./draft-store";
import { bodyOf, canonical } from "./merge";

const AUTOSAVE_MS = 3000;
const SAVE_TIMEOUT_MS = 60_000;
const RETRY_MS = [5_000, 10_000, 20_000, 40_000, 60_000];

export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date; leftOut: ProblemItem[] }
  | { kind: "offline"; retryIn: number }
  | { kind: "conflict" }
  | { kind: "refused"; error: ApiError }
  | { kind: "signedOut" };

export interface SaveHooks {
  read(): DraftInput;
  /** The server took the save; leftOut lists what it did not store. */
  saved(submission: Submission, leftOut: ProblemItem[], explicit: boolean): void;
  /** Someone (or a save of ours whose answer was lost) saved first. */
  stale(explicit: boolean): void;
  /** Refused for a reason typing more will not fix (window locked, under review, a strict save's problems). */
  refused(error: ApiError, explicit: boolean): void;
  state(state: SaveState): void;
  /** False when the browser could not keep a copy of the entries. */
  kept(ok: boolean): void;
}

export class SaveLoop {
  private timer: number | undefined;
  private retry: number | undefined;
  private attempt = 0;
  private chain: Promise<boolean> = Promise.resolve(true);
  private halted = false;
  private stopped = false;
  /** The last body the server answered with problems: sent again only once it changes. */
  private refusedBody: string | null = null;
  private readonly onOnline = () => {
    if (this.stopped) return;
    if (this.retry !== undefined) {
      window.clearTimeout(this.retry);
      this.retry = undefined;
      void this.save(false);
    }
  };

  constructor(
    private readonly path: string,
    public etag: string | null,
    public server: Submission | null,
    private readonly slot: DraftSlot | null,
    private readonly hooks: SaveHooks) {
    window.addEventListener("online", this.onOnline);
  }

  /** What the server holds, as a body. */
  get serverBody(): DraftInput {
    return bodyOf(this.server);
  }

  /** The form holds entries the server does not. */
  unsaved(): boolean {
    return canonical(this.hooks.read()) !== canonical(this.serverBody);
  }

  /** After every keystroke: keep a copy in the browser, and save a little after typing stops. */
  changed(): void {
    if (this.stopped) return;
    this.keep();
    if (this.halted) return;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.save(false), AUTOSAVE_MS);
  }

  /** Keeps the form's entries in the browser while they differ from the server's. */
  keep(): void {
    if (!this.slot) return;
    const body = this.hooks.read();
    if (canonical(body) === canonical(this.serverBody)) this.slot.clear();
    else this.hooks.kept(this.slot.write(body, this.serverBody, this.server?.revision ?? 0));
  }

  /** Takes a newer server copy as the one to build on (after a merge or a reload), and saving starts again. */
  adopt(server: Submission | null, etag: string | null): void {
    this.server = server;
    this.etag = etag;
    this.halted = false;
    this.refusedBody = null;
  }

  /** No more autosaves (a conflict waiting for the person, a report no longer editable). */
  halt(): void {
    this.halted = true;
    window.clearTimeout(this.timer);
  }

  /** The page is gone: stop every timer. The copy in the browser stays. */
  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    window.clearTimeout(this.retry);
    window.removeEventListener("online", this.onOnline);
  }

  /**
   * One save at a time, so an autosave and a click never race each other into a 412. Lenient unless <paramref name="strict"/>
   * (before submitting, where every entry must be right). True when the server holds everything the form held.
   */
  save(explicit: boolean, strict = false): Promise<boolean> {
    window.clearTimeout(this.timer);
    this.chain = this.chain.then(() => this.run(explicit, strict), () => this.run(explicit, strict));
    return this.chain;
  }

  private async run(explicit: boolean, strict: boolean): Promise<boolean> {
    if (this.stopped || (this.halted && !explicit)) return false;
    const body = this.hooks.read();
    const sent = canonical(body);
    if (!explicit && !strict && sent === canonical(this.serverBody)) return true;
    // Before submitting: the server already holds exactly this, so there is nothing to check again.
    if (strict && this.server && sent === canonical(this.serverBody)) return true;
    // The same entries the server just named problems in: nothing new to say until they change.
    if (!explicit && !strict && sent === this.refusedBody) return false;
    window.clearTimeout(this.retry);
    this.retry = undefined;
    this.hooks.state({ kind: "saving" });
    try {
      // Sent as typed (see DraftInput): the server names what is wrong next to what the person wrote.
      const answer = await api<Submission, SubmissionInput>("PUT", this.path, { body: body as SubmissionInput, ifMatch: this.etag, prefer: strict ? undefined : "handling=lenient", timeoutMs: SAVE_TIMEOUT_MS });
      this.attempt = 0;
      this.etag = answer.etag;
      const leftOut = answer.data.leftOut ?? [];
      this.server = { ...answer.data, leftOut: undefined };
      this.refusedBody = leftOut.length ? sent : null;
      this.keep();
      this.hooks.saved(this.server, leftOut, explicit);
      this.hooks.state({ kind: "saved", at: new Date(), leftOut });
      // Typed on while the save travelled: those entries go in the next one.
      if (canonical(this.hooks.read()) !== sent && !this.halted) this.timer = window.setTimeout(() => void this.save(false), AUTOSAVE_MS);
      return leftOut.length === 0 && canonical(this.hooks.read()) === canonical(this.serverBody);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 0 || error.status === 503 || error.status >= 500) {
        // The line dropped (or the server's store is down): try again by itself, sooner once the browser is back online.
        const wait = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)];
        this.retry = window.setTimeout(() => { this.retry = undefined; void this.save(false); }, wait);
        this.hooks.state({ kind: "offline", retryIn: wait });
      } else if (error.status === 412 || error.status === 428) {
        this.halt();
        this.hooks.state({ kind: "conflict" });
        this.hooks.stale(explicit);
      } else if (error.status === 401) {
        this.halt();
        this.hooks.state({ kind: "signedOut" });
      } else {
        this.refusedBody = sent;
        this.hooks.state({ kind: "refused", error });
        this.hooks.refused(error, explicit);
      }
      return false;
    }
  }
}
