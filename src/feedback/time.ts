/**
 * Time helpers for reports: "since" as organizers write it (a date, a date-time, or "7d"), and
 * wall-clock formatting in the organization's time zone. Pure; `now` is passed in.
 */
import { parseDuration } from '../engine/duration';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Offset of `timeZone` from UTC at `instant`, in ms (New York in June: -4 h). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant of local midnight starting `date` (YYYY-MM-DD) in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(guess).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`); // 2030-13-01, 2030-02-30
  let instant = guess - zoneOffsetMs(new Date(guess), timeZone);
  // Across a DST change the offset at the result can differ from the guess's: correct once.
  instant = guess - zoneOffsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

/**
 * Parses a report boundary: "2030-06-01" (local midnight in `timeZone`), an ISO date-time with
 * its zone ("2030-06-01T09:00:00Z"), or a duration back from now ("7d", "24h", "1w").
 * Throws a RangeError with a readable message otherwise.
 */
export function parseInstant(text: string, now: Date, timeZone: string): Date {
  const value = text.trim();
  if (DATE.test(value)) return startOfLocalDay(value, timeZone);
  const ago = parseDuration(value);
  if (ago !== null) return new Date(now.getTime() - ago);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  throw new RangeError(`"${value.slice(0, 40)}" is not a date (2030-06-01), a date-time with its zone (2030-06-01T09:00:00Z) or a duration (7d)`);
}

/** "2030-06-04 09:00" in `timeZone` (24-hour, for spreadsheets and digests). */
export function localDateTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** "Tue 4 Jun 2030" in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(instant).replace(/,/g, '');
}

/** True when `timeZone` is a zone name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
