/**
 * Quiet hours: when an outbound message may be sent in the contact's local time, and which time
 * zone a contact is in. Pure: `now` is passed in, zone rules come from the runtime's ICU data
 * through Intl.DateTimeFormat (no date library).
 */
import { timeZoneForAreaCode } from './area-code-time-zones';

/** Allowed sending window in local wall-clock time, "HH:MM" 24-hour; `end` is exclusive. */
export interface QuietHoursWindow {
  start: string;
  end: string;
}

/** 08:00-21:00 local: the TCPA's calling hours for solicitations (47 CFR 64.1200(c)(1)). */
export const DEFAULT_WINDOW: QuietHoursWindow = { start: '08:00', end: '21:00' };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // hourCycle h23: midnight is 00, never 24 (the default 'en-US' h24 quirk with hour12: false).
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(epochMs: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute, second: out.second };
}

/** Local wall-clock time of an instant, as if it were UTC, in whole seconds. */
function wallMs(epochMs: number, timeZone: string): number {
  const p = localParts(epochMs, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The zone's UTC offset at an instant, in ms (New York in winter: -5 h). */
function offsetMs(epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return wallMs(whole, timeZone) - whole;
}

/**
 * The instant at which the zone's clocks show `wall` (a wall-clock time written as UTC ms).
 * Like Temporal's 'compatible' disambiguation: a repeated time (autumn) gives the earlier
 * instant, a skipped time (spring) moves forward by the gap (02:30 → 03:30).
 */
function instantOfWallTime(wall: number, timeZone: string): number {
  // DST changes are months apart, so the offsets a day either side are the two candidates.
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after]
    .filter((t) => wallMs(t, timeZone) === wall)
    .sort((a, b) => a - b);
  return candidates.length > 0 ? candidates[0] : wall - before;
}

function parseClock(value: string, name: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60) {
    throw new RangeError(`quiet hours ${name} must be "HH:MM" between 00:00 and 24:00, got "${value}"`);
  }
  return minutes;
}

/**
 * The earliest instant at or after `now` when a message may be sent to someone in `timeZone`.
 * Pure. Returns `now` itself when its local time is in [start, end); otherwise the next local
 * `start`, computed from the zone's rules for that day, so it stays right across DST changes.
 * A window with start > end wraps past midnight (22:00-06:00); start === end allows any time.
 * Throws RangeError for an unknown time zone or a malformed window.
 */
export function nextAllowedTime(now: Date, timeZone: string, window: QuietHoursWindow = DEFAULT_WINDOW): Date {
  const start = parseClock(window.start, 'start');
  const end = parseClock(window.end, 'end');
  const nowMs = now.getTime();
  const p = localParts(nowMs, timeZone);
  const millis = ((nowMs % 1000) + 1000) % 1000;
  const minuteOfDay = p.hour * 60 + p.minute + (p.second * 1000 + millis) / MINUTE_MS;

  const allowed =
    start === end || (start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end);
  if (allowed) return now;

  // Not allowed means we are before today's start, or after today's end (then: tomorrow's start).
  const dayOffset = minuteOfDay < start ? 0 : 1;
  const wall = Date.UTC(p.year, p.month - 1, p.day + dayOffset, 0, start);
  return new Date(instantOfWallTime(wall, timeZone));
}

/** True when `timeZone` is an IANA zone name the runtime knows ("America/Chicago", "US/Eastern"). */
export function isValidTimeZone(timeZone: string | undefined | null): timeZone is string {
  if (!timeZone || !timeZone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timeZone.trim() });
    return true;
  } catch {
    return false;
  }
}

/**
 * The time zone to apply quiet hours in: the zone the contact declared when it is valid; else the
 * zone of the area code of a +1 (NANP) phone number; else `fallback`.
 */
export function timeZoneForContact(contact: { declared?: string | null; phone?: string | null; fallback: string }): string {
  if (isValidTimeZone(contact.declared)) return contact.declared.trim();
  if (contact.phone) {
    const m = /^\+1(\d{3})\d{7}$/.exec(contact.phone.replace(/[\s().-]/g, ''));
    const zone = m ? timeZoneForAreaCode(m[1]) : undefined;
    if (zone) return zone;
  }
  return contact.fallback;
}
