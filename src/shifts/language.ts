import type { Translator } from '../i18n/translator';
import type { Volunteer } from './tables';

/**
 * The shipped language matching a locale: "es-LA" → "es", "pt_BR" → "pt-BR" when shipped, else
 * "pt". Undefined when none matches.
 */
export function matchLanguage(languages: readonly string[], locale: string | null | undefined): string | undefined {
  if (!locale) return undefined;
  const tag = locale.trim().replace('_', '-');
  const exact = languages.find((l) => l.toLowerCase() === tag.toLowerCase());
  if (exact) return exact;
  const base = tag.split('-')[0].toLowerCase();
  return languages.find((l) => l.toLowerCase() === base);
}

/** A volunteer's language: the one they chose, else their Slack locale's, else the default. */
export function volunteerLanguage(translator: Translator, v: Pick<Volunteer, 'language' | 'slack_locale'>): string {
  if (v.language && translator.languages.includes(v.language)) return v.language;
  return matchLanguage(translator.languages, v.slack_locale) ?? translator.defaultLanguage;
}
