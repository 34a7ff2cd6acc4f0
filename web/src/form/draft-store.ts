// Entries not yet confirmed by the server, kept in this browser (localStorage) per plan, year, state and the revision they
// were typed on, so a reload, a crash or a closed tab loses nothing. An entry goes once the server has stored all of it.
import type { DraftInput } from "../types";

export interface Unsaved {
  planId: string; year: number; state: string;
  /** The server revision the entries were typed on (0: none yet). */
  baseRevision: number;
  /** What the server held at that revision, so a newer server copy can be merged part by part. */
  base: DraftInput;
  /** What the form held. */
  body: DraftInput;
  /** When it was last typed (ISO). */
  savedAt: string;
}

const PREFIX = "reporting.unsaved|";
const keyOf = (planId: string, year: number, state: string, revision: number) => `${PREFIX}${planId}|${year}|${state}|r${revision}`;

/** Every copy kept for one report, newest first. */
export function kept(planId: string, year: number, state: string): Unsaved[] {
  const prefix = `${PREFIX}${planId}|${year}|${state}|`;
  const found: Unsaved[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key?.startsWith(prefix)) continue;
    try {
      found.push(JSON.parse(localStorage.getItem(key)!) as Unsaved);
    } catch {
      localStorage.removeItem(key); // not ours any more: unreadable
    }
  }
  return found.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

/** The copy one open form keeps: it moves to the new revision when a save confirms part of it. */
export class DraftSlot {
  private key: string | null = null;

  constructor(private readonly planId: string, private readonly year: number, private readonly state: string) {}

  /** Keeps the form's entries; false when the browser refused (storage full or disabled). */
  write(body: DraftInput, base: DraftInput, baseRevision: number): boolean {
    const key = keyOf(this.planId, this.year, this.state, baseRevision);
    const entry: Unsaved = { planId: this.planId, year: this.year, state: this.state, baseRevision, base, body, savedAt: new Date().toISOString() };
    try {
      localStorage.setItem(key, JSON.stringify(entry));
    } catch {
      return false;
    }
    if (this.key && this.key !== key) localStorage.removeItem(this.key);
    this.key = key;
    return true;
  }

  /** The server holds everything: nothing left to keep. */
  clear(): void {
    if (this.key) localStorage.removeItem(this.key);
    this.key = null;
  }

  /** Forgets copies of this report typed on other revisions, once the person has seen and settled them. */
  settle(): void {
    for (const entry of kept(this.planId, this.year, this.state)) {
      const key = keyOf(entry.planId, entry.year, entry.state, entry.baseRevision);
      if (key !== this.key) localStorage.removeItem(key);
    }
  }
}
