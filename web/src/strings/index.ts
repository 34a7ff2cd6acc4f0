import { en, type Strings } from "./en";

// One catalogue per language, all with the same keys (the type checker holds them together).
const catalogues: Record<string, Strings> = { en };

export const t: Strings = catalogues[document.documentElement.lang] ?? en;

/** Fills {name} placeholders. */
export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
