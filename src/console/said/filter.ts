/**
 * The filters of "What people said", read from the query string: a range of local days (from, to:
 * both included, in the reports' time zone), flow, topic, language, channel, and how to compare
 * communities. Pure; `now` is passed in. A malformed value is reported and the default used, so
 * the page still shows something and says what was wrong.
 */
import { startOfLocalDay } from '../../feedback/time';
import { localDate } from '../../lib/time-zones';

/** How many days the page shows when no range is asked for (as `feedback export`'s 30d). */
export const DEFAULT_DAYS = 30;

const NAME = /^[a-z][a-z0-9_]{0,63}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What the page shows. */
export interface SaidFilter {
  /** The days as asked (YYYY-MM-DD), for the form and links. */
  from: string;
  to: string;
  /** [since, until): local midnight of `from` to local midnight after `to`. */
  since: Date;
  until: Date;
  flow?: string;
  topic?: string;
  language?: string;
  channel?: string;
  /** Compare communities by language (default) or by channel. */
  by: 'language' | 'channel';
}

/** A problem with one field (its id on the form and a code under console-said.filters). */
export interface FilterError {
  field: 'from' | 'to';
  code: 'bad_date' | 'bad_range';
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function validDay(text: string, timeZone: string): boolean {
  if (!DAY.test(text)) return false;
  try {
    startOfLocalDay(text, timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Reads the filter from query values (missing: ''). Unknown names are ignored, not errors: a stale link still opens. */
export function readFilter(q: (name: string) => string, now: Date, timeZone: string): { filter: SaidFilter; errors: FilterError[] } {
  const errors: FilterError[] = [];
  const today = localDate(now, timeZone);
  let to = q('to').trim() || today;
  if (!validDay(to, timeZone)) {
    errors.push({ field: 'to', code: 'bad_date' });
    to = today;
  }
  let from = q('from').trim() || addDays(to, -(DEFAULT_DAYS - 1));
  if (!validDay(from, timeZone)) {
    errors.push({ field: 'from', code: 'bad_date' });
    from = addDays(to, -(DEFAULT_DAYS - 1));
  }
  if (from > to) {
    errors.push({ field: 'from', code: 'bad_range' });
    from = addDays(to, -(DEFAULT_DAYS - 1));
  }
  const name = (v: string) => (NAME.test(v) ? v : undefined);
  const filter: SaidFilter = {
    from,
    to,
    since: startOfLocalDay(from, timeZone),
    until: startOfLocalDay(addDays(to, 1), timeZone),
    flow: name(q('flow')),
    topic: name(q('topic')),
    language: LANGUAGE.test(q('language')) ? q('language') : undefined,
    channel: name(q('channel')),
    by: q('by') === 'channel' ? 'channel' : 'language',
  };
  return { filter, errors };
}

/** The query string of a filter (with `extra` values), for links that keep it. */
export function filterQuery(f: SaidFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: f.from, to: f.to });
  for (const k of ['flow', 'topic', 'language', 'channel'] as const) if (f[k]) params.set(k, f[k]!);
  if (f.by !== 'language') params.set('by', f.by);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return `?${params.toString()}`;
}
