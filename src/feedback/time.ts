/**
 * Time helpers for reports: "since" as organizers write it (a date, a date-time, or "7d"), and
 * the day a digest covers. Pure; `now` is passed in; zone arithmetic is src/lib/time-zones.ts.
 */
import { parseDuration } from '../engine/duration';
import { zoneOffsetMs } from '../lib/time-zones';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant of local midnight starting `date` (YYYY-MM-DD) in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(guess).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`); // 2030-13-01, 2030-02-30
  let instant = guess - zoneOffsetMs(guess, timeZone);
  // Across a DST change the offset at the result can differ from the guess's: correct once.
  instant = guess - zoneOffsetMs(instant, timeZone);
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
