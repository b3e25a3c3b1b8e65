/**
 * WhatsApp's approved templates: which Content API template (a ContentSid, `HX…`) carries a message
 * key in a language, and which of the message's variables fill its numbered placeholders. Outside
 * the 24-hour window a message goes only as its template; within it, a template of a message with
 * choices sends them as quick-reply buttons. The file (WHATSAPP_TEMPLATES) is the organizer's:
 *
 *   shifts.reminder:                       # the message key (locales/<lang>/shifts.json "reminder")
 *     en: { sid: HX0123…, variables: [role, time] }   # {{1}} = role, {{2}} = time
 *     es: { sid: HX4567…, variables: [role, time] }
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** One approved template. */
export interface WhatsAppTemplate {
  /** The Content API's id of the template (HX + 32 hex digits). */
  sid: string;
  /** The message's variable names, in the order of the template's placeholders {{1}}, {{2}}, ... */
  variables: string[];
}

/** The templates of one file, looked up by message key and language. */
export interface WhatsAppTemplates {
  find(key: string | undefined, language: string): WhatsAppTemplate | undefined;
  /** How many (key, language) pairs have a template. */
  readonly size: number;
}

const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;
const VARIABLE = /^[A-Za-z0-9_]+$/;

/**
 * Reads and checks the templates file. A missing file is no templates (WhatsApp then answers only
 * within the window); a malformed one throws at start-up with the place of the mistake, rather
 * than refusing messages one by one later.
 */
export function loadTemplates(path: string): WhatsAppTemplates {
  if (!existsSync(path)) return templatesFrom({}, path);
  return templatesFrom(parse(readFileSync(path, 'utf8')) ?? {}, path);
}

/** Checks the parsed file (see the file's comment for the shape); throws on the first mistake. */
export function templatesFrom(raw: unknown, source = 'WHATSAPP_TEMPLATES'): WhatsAppTemplates {
  const byKey = new Map<string, WhatsAppTemplate>();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${source}: expected message keys, each with languages`);
  for (const [key, languages] of Object.entries(raw)) {
    if (typeof languages !== 'object' || languages === null || Array.isArray(languages)) throw new Error(`${source}: ${key}: expected languages (en: { sid: HX…, variables: [...] })`);
    for (const [language, entry] of Object.entries(languages as Record<string, unknown>)) {
      const where = `${source}: ${key}.${language}`;
      const e = entry as { sid?: unknown; variables?: unknown } | null;
      if (!e || typeof e.sid !== 'string' || !CONTENT_SID.test(e.sid)) throw new Error(`${where}: sid must be a Content API template id (HX and 32 hex digits)`);
      const variables = e.variables ?? [];
      if (!Array.isArray(variables) || !variables.every((v) => typeof v === 'string' && VARIABLE.test(v))) throw new Error(`${where}: variables must be a list of the message's variable names`);
      byKey.set(`${key}\u0000${language}`, { sid: e.sid, variables: variables as string[] });
    }
  }
  return {
    find: (key, language) => (key ? byKey.get(`${key}\u0000${language}`) : undefined),
    size: byKey.size,
  };
}

/**
 * The ContentVariables parameter: the message's values by placeholder number, as JSON
 * (https://www.twilio.com/docs/content/send-templates-created-with-the-content-template-builder).
 * A value the message lacks is sent empty rather than failing the send.
 */
export function contentVariables(template: WhatsAppTemplate, vars: Record<string, string | number> | undefined): string {
  const values: Record<string, string> = {};
  template.variables.forEach((name, i) => {
    values[String(i + 1)] = String(vars?.[name] ?? '');
  });
  return JSON.stringify(values);
}
