/** `{{interpolation}}` placeholders: the part of a text a translation must keep exactly. */

// i18next interpolation: `{{name}}`, with optional spaces and a `, format` part.
const VARIABLE = /\{\{\s*([\w.-]+)\s*(?:,[^}]*)?\}\}/g;

/** The distinct variable names a text interpolates, sorted (`{{ state }}` and `{{state}}` are one). */
export function variablesOf(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1]))].sort();
}

/** The variables as check messages write them: `{{a, b}}`, or `{{-}}` for none. */
export function formatVariables(names: string[]): string {
  return `{{${names.join(', ') || '-'}}}`;
}
