/**
 * One line of a contacts file, checked: which columns mean what, and every reason a row can be
 * refused. Pure: the import (src/contacts/import.ts) streams the file through `checkRow`.
 */
import { CHANNEL_NAMES, CHANNELS, type ChannelName, type ContactsColumn } from '../channels/registry';
import { validateUsState } from '../engine/inputs/us-state';
import { validateZip } from '../engine/inputs/zip';
import { normalizePhone } from '../lib/phone';
import { isValidTimeZone } from '../lib/time-zones';
import { problem, type ImportProblem } from './problems';

/** A column that gives an address, with its channel (src/channels/registry.ts: phone → sms, telegram_id → telegram). */
export interface AddressColumn extends ContactsColumn {
  channel: ChannelName;
  kind: 'phone' | 'id';
}

/** The address columns, in registry order. */
export const ADDRESS_COLUMNS: readonly AddressColumn[] = CHANNEL_NAMES.flatMap((channel) => {
  const info = CHANNELS[channel];
  return 'contacts' in info ? [{ ...info.contacts, channel, kind: info.address }] : [];
});

/** The other columns a contacts file may have, and the other names organizers' exports give them. */
const FIELD_COLUMNS = {
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

/** A column of a contacts file: an address column's name, or one of the other fields. */
export type Column = string;

/** Every column with the other names it is given. */
export const COLUMNS: Readonly<Record<Column, readonly string[]>> = { ...Object.fromEntries(ADDRESS_COLUMNS.map((c) => [c.column, c.aliases])), ...FIELD_COLUMNS };

const ALIASES: ReadonlyMap<string, Column> = new Map(Object.entries(COLUMNS).flatMap(([column, names]) => names.map((n) => [n, column] as const)));

/** The address columns' names, which the problems about addresses list ("phone, whatsapp or telegram_id"). */
export const ADDRESS_COLUMN_NAMES: readonly string[] = ADDRESS_COLUMNS.map((c) => c.column);

/** A header cell ("Phone Number", "ZIP code") to its column, or undefined for a column we do not use. */
export function columnOf(header: string): Column | undefined {
  return ALIASES.get(header.trim().toLowerCase().replace(/[\s-]+/g, '_'));
}

/** A row that passed every check: what the import writes. */
export interface ContactRow {
  /** Line of the file the row starts on (1 = the header). */
  line: number;
  /** The addresses the row gives, one per address column filled in (phone numbers in E.164). */
  addresses: { channel: ChannelName; address: string }[];
  name?: string;
  language?: string;
  state?: string;
  zip?: string;
  timezone?: string;
  tags: string[];
  registered?: 'yes' | 'no';
  consent?: { source: string; at: Date };
}

/** A refused row: its line and every reason (src/contacts/problems.ts says them in words an organizer can act on). */
export interface RowError {
  line: number;
  errors: ImportProblem[];
}

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
  const errors: ImportProblem[] = [];
  const v = (c: Column) => values[c]?.trim() || undefined;
  const row: ContactRow = { line, addresses: [], tags: [] };

  if (!ADDRESS_COLUMNS.some((c) => v(c.column))) errors.push(problem('address_required', { columns: ADDRESS_COLUMN_NAMES }));
  for (const c of ADDRESS_COLUMNS) {
    const value = v(c.column);
    if (!value) continue;
    if (c.kind === 'phone') {
      const e164 = normalizePhone(value);
      if (e164) row.addresses.push({ channel: c.channel, address: e164 });
      else errors.push(problem('phone_invalid', { column: c.column, value }));
    } else if (!c.id || c.id.pattern.test(value)) row.addresses.push({ channel: c.channel, address: value });
    else errors.push(problem('chat_id_invalid', { column: c.column, value }));
  }
  const name = v('name');
  if (name) row.name = name.slice(0, 200);

  const language = v('language');
  if (language) {
    const code = language.toLowerCase().split(/[-_]/)[0];
    if (ctx.languages.includes(code)) row.language = code;
    else errors.push(problem('language_unknown', { value: language, languages: ctx.languages }));
  }
  const state = v('state');
  if (state) {
    const checked = validateUsState(state);
    if (checked.ok) row.state = String(checked.value);
    else errors.push(problem('state_invalid', { value: state }));
  }
  const zip = v('zip');
  if (zip) {
    const checked = validateZip(zip);
    if (checked.ok) row.zip = String(checked.value);
    else errors.push(problem('zip_invalid', { value: zip }));
  }
  const timezone = v('timezone');
  if (timezone) {
    if (isValidTimeZone(timezone)) row.timezone = timezone;
    else errors.push(problem('timezone_invalid', { value: timezone }));
  }
  const tags = v('tags');
  if (tags) {
    for (const tag of tags.split(/[;|]/).map((t) => t.trim().toLowerCase()).filter(Boolean)) {
      if (TAG.test(tag)) row.tags.includes(tag) || row.tags.push(tag);
      else errors.push(problem('tag_invalid', { value: tag }));
    }
  }
  const registered = v('registered')?.toLowerCase();
  if (registered) {
    if (YES.has(registered)) row.registered = 'yes';
    else if (NO.has(registered)) row.registered = 'no';
    else errors.push(problem('registered_invalid', { value: registered }));
  }

  const source = v('consent_source');
  const date = v('consent_date');
  if (source && !date) errors.push(problem('consent_source_without_date'));
  if (date && !source) errors.push(problem('consent_date_without_source'));
  if (source && date) {
    const at = parseConsentDate(date);
    if (!at) errors.push(problem('consent_date_invalid', { value: date }));
    else if (at.getTime() > ctx.now.getTime()) errors.push(problem('consent_date_future', { value: date }));
    else if (source.length > MAX_SOURCE) errors.push(problem('consent_source_too_long', { max: MAX_SOURCE }));
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

/** The channel addresses a row names, one per address column filled in (phone → sms in E.164, telegram_id → telegram). */
export function addressesOf(row: ContactRow): { channel: ChannelName; address: string }[] {
  return row.addresses;
}

export function isRowError(r: ContactRow | RowError): r is RowError {
  return (r as RowError).errors !== undefined;
}
