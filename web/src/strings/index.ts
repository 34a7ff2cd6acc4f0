import { en, type Strings } from "./en";
import { th } from "./th";

// One catalogue per language, all with the same keys (the type checker holds them together; CatalogueTests checks the files).
// Thai first: the seeds' focal points read it. The choice is remembered in this browser.
export interface Language { code: string; name: string; locale: string }
export const languages: Language[] = [
  { code: "th", name: "ไทย", locale: "th-TH-u-ca-gregory" }, // the plan's years are Gregorian (2021-2025): dates say the same years
  { code: "en", name: "English", locale: "en-GB" },
];
const catalogues: Record<string, Strings> = { en, th };
const CHOICE = "reporting.language";

function initial(): string {
  const saved = localStorage.getItem(CHOICE);
  if (saved && saved in catalogues) return saved;
  const browser = (navigator.languages ?? [navigator.language]).map((l) => l.slice(0, 2).toLowerCase()).find((l) => l in catalogues);
  return browser ?? "en";
}

let current = initial();

/** The words of the chosen language. A live binding: after setLanguage every reader sees the new catalogue. */
export let t: Strings = catalogues[current];

document.documentElement.lang = current;

export function language(): Language {
  return languages.find((l) => l.code === current) ?? languages[1];
}

export function setLanguage(code: string): void {
  if (!(code in catalogues)) return;
  current = code;
  t = catalogues[code];
  localStorage.setItem(CHOICE, code);
  document.documentElement.lang = code;
}

/** Fills {name} placeholders. */
export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A catalogue entry that depends on a count. */
export interface Plural { one: string; other: string }

/** The form for n in the current language (Thai has one form, English two), with {n} filled in as a formatted number. */
export function plural(forms: Plural, n: number, values: Record<string, string | number> = {}): string {
  const rule = new Intl.PluralRules(language().locale).select(n);
  return fmt(rule === "one" ? forms.one : forms.other, { ...values, n: number(n) });
}

/** A number as the reader writes it (thousands separators, up to two decimals). */
export function number(value: number | string | undefined | null, digits = 2): string {
  if (value === undefined || value === null || value === "") return "";
  const n = Number(value);
  return Number.isFinite(n) ? new Intl.NumberFormat(language().locale, { maximumFractionDigits: digits }).format(n) : String(value);
}

/** A list in the reader's words ("A, B and C"). */
export function list(items: string[]): string {
  return new Intl.ListFormat(language().locale, { style: "long", type: "conjunction" }).format(items);
}
