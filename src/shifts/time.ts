/**
 * Shift times: reading the organizer's wall-clock times ("2030-06-04 09:00" in America/New_York)
 * as instants, and showing instants back in the organizer's zone, in the reader's language.
 * Pure; the zone arithmetic is src/lib/time-zones.ts.
 */
import { parseDuration } from '../engine/duration';
import { instantOfWallTime, localDate } from '../lib/time-zones';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Reads a date-time as organizers write it: "2030-06-04 09:00" (or with a T, or seconds) is a wall
 * time in `timeZone`; an ISO string with Z or an offset is taken as that instant. Null when unreadable.
 */
export function parseLocalDateTime(text: string, timeZone: string): Date | null {
  const s = text.trim();
  if (WITH_OFFSET.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : new Date(t);
  }
  const m = LOCAL.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, se);
  if (new Date(wall).getUTCDate() !== d) return null; // 31 June and the like
  return new Date(instantOfWallTime(wall, timeZone));
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

function display(language: string, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}|${JSON.stringify(opts)}`;
  let f = displayFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language, { timeZone, ...opts });
    displayFormatters.set(key, f);
  }
  return f;
}

/**
 * A shift's time for people, in the organizer's zone and the reader's language:
 * "Tue, Jun 4, 9:00 AM – 12:00 PM EDT" / "mar, 4 jun, 9:00 – 12:00 GMT-4". The end shows its date
 * too when it falls on another day.
 */
export function formatShiftTime(start: Date, end: Date, timeZone: string, language: string): string {
  const day = display(language, timeZone, { weekday: 'short', month: 'short', day: 'numeric' });
  const time = display(language, timeZone, { hour: 'numeric', minute: '2-digit' });
  const zone = display(language, timeZone, { hour: 'numeric', timeZoneName: 'short' }).formatToParts(start).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  const sameDay = localDate(start, timeZone) === localDate(end, timeZone);
  const endText = sameDay ? time.format(end) : `${day.format(end)}, ${time.format(end)}`;
  return `${day.format(start)}, ${time.format(start)} – ${endText} ${zone}`;
}

/**
 * A moment in the organizer's zone and the reader's language, for "by when": "Tue, Jun 4, 2:00 PM EDT"
 * / "mar, 4 jun, 14:00 GMT-4".
 */
export function formatMoment(at: Date, timeZone: string, language: string): string {
  const day = display(language, timeZone, { weekday: 'short', month: 'short', day: 'numeric' });
  const time = display(language, timeZone, { hour: 'numeric', minute: '2-digit' });
  const zone = display(language, timeZone, { hour: 'numeric', timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return `${day.format(at)}, ${time.format(at)} ${zone}`;
}

/** Reminder offsets from a setting like "24h,2h": milliseconds, largest first, duplicates dropped. Throws on a bad one. */
export function parseOffsets(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const ms = parseDuration(part);
    if (ms === null || ms <= 0) throw new RangeError(`reminder offset "${part}" is not a duration like 24h, 2h or 30m`);
    out.add(ms);
  }
  return [...out].sort((a, b) => b - a);
}
