/**
 * Quiet hours: when an outbound message may be sent in the contact's local time, and which time
 * zone a contact is in. Pure: `now` is passed in, zone rules come from src/lib/time-zones.ts.
 */
import { timeZoneForAreaCode } from './area-code-time-zones';
import { instantOfWallTime, isValidTimeZone, localParts } from './time-zones';

/** Allowed sending window in local wall-clock time, "HH:MM" 24-hour; `end` is exclusive. */
export interface QuietHoursWindow {
  start: string;
  end: string;
}

/** 08:00-21:00 local: the TCPA's calling hours for solicitations (47 CFR 64.1200(c)(1)). */
export const DEFAULT_WINDOW: QuietHoursWindow = { start: '08:00', end: '21:00' };

const MINUTE_MS = 60_000;

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
