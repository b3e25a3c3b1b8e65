/**
 * One line of a contacts file, checked: which columns mean what, and every reason a row can be
 * refused. Pure: the import (src/contacts/import.ts) streams the file through `checkRow`.
 */
import { normalizePhone } from '../lib/phone';
import { validateUsState } from '../engine/inputs/us-state';
import { validateZip } from '../engine/inputs/zip';
import { isValidTimeZone } from '../lib/time-zones';

/** The columns a contacts file may have, and the other names organizers' exports give them. */
export const COLUMNS = {
  phone: ['phone', 'phone_number', 'mobile', 'cell', 'sms'],
  telegram_id: ['telegram_id', 'telegram', 'telegram_chat_id', 'chat_id'],
  name: ['name', 'full_name'],
  language: ['language', 'lang', 'locale'],
  state: ['state', 'us_state'],
  zip: ['zip', 'zip_code', 'zipcode', 'postal_code'],
  timezone: ['timezone', 'time_zone', 'tz'],
  tags: ['tags', 'tag', 'labels'],
  registered: ['registered', 'is_registered'],
  consent_source: ['consent_source', 'opt_in_source', 'consent'],
  consent_date: ['consent_date', 'opt_in_date', 'consented_at'],
} as const;

export type Column = keyof typeof COLUMNS;

const ALIASES: ReadonlyMap<string, Column> = new Map(
  (Object.entries(COLUMNS) as [Column, readonly string[]][]).flatMap(([column, names]) => names.map((n) => [n, column] as const)),
);

/** A header cell ("Phone Number", "ZIP code") to its column, or undefined for a column we do not use. */
export function columnOf(header: string): Column | undefined {
  return ALIASES.get(header.trim().toLowerCase().replace(/[\s-]+/g, '_'));
}

/** A row that passed every check: what the import writes. */
export interface ContactRow {
  /** Line of the file the row starts on (1 = the header). */
  line: number;
  phone?: string;
  telegramId?: string;
  name?: string;
  language?: string;
  state?: string;
  zip?: string;
  timezone?: string;
  tags: string[];
  registered?: 'yes' | 'no';
  consent?: { source: string; at: Date };
}

/** A refused row: its line and every reason, in words an organizer can act on. */
export interface RowError {
  line: number;
  errors: string[];
}

const TELEGRAM_ID = /^\d{1,16}$/;
const TAG = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,62}$/u;
const YES = new Set(['yes', 'y', 'true', '1', 'si', 'sí']);
const NO = new Set(['no', 'n', 'false', '0']);
/** A consent source is free text the organizer writes ("rally sign-up sheet 2024-05-02"), kept short. */
const MAX_SOURCE = 100;

/** What checking needs from outside: the shipped languages and the clock (a consent date may not be in the future). */
export interface RowContext {
  languages: readonly string[];
  now: Date;
}

/**
 * Checks one record (header-mapped values) and returns the row or every reason it is refused.
 * Phone numbers become E.164 (US numbers may be written nationally); language codes are reduced to
 * a shipped language ("es-MX" → "es"); states to their postal code; tags are split on ; or |.
 */
export function checkRow(values: Partial<Record<Column, string>>, line: number, ctx: RowContext): ContactRow | RowError {
  const errors: string[] = [];
  const v = (c: Column) => values[c]?.trim() || undefined;
  const row: ContactRow = { line, tags: [] };

  const phone = v('phone');
  const telegram = v('telegram_id');
  if (!phone && !telegram) errors.push('a phone number or a telegram_id is required');
  if (phone) {
    const e164 = normalizePhone(phone);
    if (e164) row.phone = e164;
    else errors.push(`phone "${phone}" is not a valid phone number (write +<country code> for numbers outside the US)`);
  }
  if (telegram) {
    if (TELEGRAM_ID.test(telegram)) row.telegramId = telegram;
    else errors.push(`telegram_id "${telegram}" must be the numeric chat id of a person`);
  }
  const name = v('name');
  if (name) row.name = name.slice(0, 200);

  const language = v('language');
  if (language) {
    const code = language.toLowerCase().split(/[-_]/)[0];
    if (ctx.languages.includes(code)) row.language = code;
    else errors.push(`language "${language}" is not one of the shipped languages (${ctx.languages.join(', ')})`);
  }
  const state = v('state');
  if (state) {
    const checked = validateUsState(state);
    if (checked.ok) row.state = String(checked.value);
    else errors.push(`state "${state}" is not a US state or territory`);
  }
  const zip = v('zip');
  if (zip) {
    const checked = validateZip(zip);
    if (checked.ok) row.zip = String(checked.value);
    else errors.push(`zip "${zip}" is not a 5-digit ZIP code`);
  }
  const timezone = v('timezone');
  if (timezone) {
    if (isValidTimeZone(timezone)) row.timezone = timezone;
    else errors.push(`timezone "${timezone}" is not an IANA time zone (e.g. America/Chicago)`);
  }
  const tags = v('tags');
  if (tags) {
    for (const tag of tags.split(/[;|]/).map((t) => t.trim().toLowerCase()).filter(Boolean)) {
      if (TAG.test(tag)) row.tags.includes(tag) || row.tags.push(tag);
      else errors.push(`tag "${tag}" must be letters, digits, spaces, _ . or - (at most 63)`);
    }
  }
  const registered = v('registered')?.toLowerCase();
  if (registered) {
    if (YES.has(registered)) row.registered = 'yes';
    else if (NO.has(registered)) row.registered = 'no';
    else errors.push(`registered "${registered}" must be yes or no`);
  }

  const source = v('consent_source');
  const date = v('consent_date');
  if (source && !date) errors.push('consent_source is given without consent_date');
  if (date && !source) errors.push('consent_date is given without consent_source (how did this person opt in?)');
  if (source && date) {
    const at = parseConsentDate(date);
    if (!at) errors.push(`consent_date "${date}" is not a date (YYYY-MM-DD or an ISO 8601 time)`);
    else if (at.getTime() > ctx.now.getTime()) errors.push(`consent_date "${date}" is in the future`);
    else if (source.length > MAX_SOURCE) errors.push(`consent_source is longer than ${MAX_SOURCE} characters`);
    else row.consent = { source, at };
  }
  return errors.length ? { line, errors } : row;
}

/** YYYY-MM-DD (midnight UTC) or a full ISO 8601 time; null when it is neither or not a real date. */
export function parseConsentDate(text: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const d = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    return d.getUTCFullYear() === Number(day[1]) && d.getUTCMonth() === Number(day[2]) - 1 && d.getUTCDate() === Number(day[3]) ? d : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t);
}

/** The channel addresses a row names: (sms, E.164) and/or (telegram, chat id). */
export function addressesOf(row: ContactRow): { channel: 'sms' | 'telegram'; address: string }[] {
  const out: { channel: 'sms' | 'telegram'; address: string }[] = [];
  if (row.phone) out.push({ channel: 'sms', address: row.phone });
  if (row.telegramId) out.push({ channel: 'telegram', address: row.telegramId });
  return out;
}

export function isRowError(r: ContactRow | RowError): r is RowError {
  return (r as RowError).errors !== undefined;
}
