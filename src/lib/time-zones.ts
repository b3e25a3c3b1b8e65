/**
 * Wall-clock time in IANA time zones: what clocks in a zone show at an instant, and the instant at
 * which they show a given time. Pure: zone rules come from the runtime's ICU data through
 * Intl.DateTimeFormat (no date library), and every instant is passed in. Quiet hours, shift times,
 * election deadlines and report windows all build on these.
 */

const DAY_MS = 86_400_000;

/** The fields of a wall-clock time. */
export interface LocalParts {
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
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** What the zone's formatter shows at an instant (ICU: ~10 µs a call). */
function formattedParts(epochMs: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute, second: out.second };
}

const MINUTE_MS = 60_000;
const utc = (p: LocalParts) => Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);

/**
 * Per zone, the last UTC minute asked about and the zone's offset throughout it (null: the offset
 * changes within that minute). A campaign asks about the same zone and minute thousands of times
 * (quiet hours at hand-out and at send time, for each message): one ICU call a minute instead.
 */
const minuteOffsets = new Map<string, { minute: number; offsetMs: number | null }>();

/** What clocks in `timeZone` show at an instant. Throws RangeError for an unknown zone. */
export function localParts(epochMs: number, timeZone: string): LocalParts {
  const minute = Math.floor(epochMs / MINUTE_MS);
  let known = minuteOffsets.get(timeZone);
  if (known?.minute !== minute) {
    // The offset at the minute's first and last second: equal, it holds for the whole minute
    // (zone changes are months apart, never two within a minute).
    const start = minute * MINUTE_MS;
    const offsetMs = utc(formattedParts(start, timeZone)) - start;
    const last = start + MINUTE_MS - 1000;
    known = { minute, offsetMs: utc(formattedParts(last, timeZone)) - last === offsetMs ? offsetMs : null };
    minuteOffsets.set(timeZone, known);
  }
  if (known.offsetMs === null) return formattedParts(epochMs, timeZone);
  const wall = new Date(Math.floor(epochMs / 1000) * 1000 + known.offsetMs);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds() };
}

/** The wall-clock time of an instant in `timeZone`, written as a UTC epoch, in whole seconds. */
export function wallClockMs(epochMs: number, timeZone: string): number {
  const p = localParts(epochMs, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The zone's offset from UTC at an instant, in ms (New York in winter: -5 h). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return wallClockMs(whole, timeZone) - whole;
}

/**
 * The instant at which clocks in `timeZone` show `wall` (a wall-clock time written as UTC ms).
 * Like Temporal's 'compatible' disambiguation: a repeated time (autumn) gives the earlier
 * instant, a skipped time (spring) moves forward by the gap (02:30 → 03:30).
 */
export function instantOfWallTime(wall: number, timeZone: string): number {
  // DST changes are months apart, so the offsets a day either side are the two candidates.
  const before = zoneOffsetMs(wall - DAY_MS, timeZone);
  const after = zoneOffsetMs(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => wallClockMs(t, timeZone) === wall).sort((a, b) => a - b);
  return candidates.length > 0 ? candidates[0] : wall - before;
}

/**
 * Answers of isValidTimeZone by name. Asked for each campaign message (quiet hours at hand-out and
 * at send time) of a person who declared a zone: a new Intl.DateTimeFormat each time costs ~60 µs
 * and native memory V8 does not count (src/campaigns/render.ts). Bounded: cleared past MAX_ZONES.
 */
const validZones = new Map<string, boolean>();
const MAX_ZONES = 1000;

/** True when `timeZone` is an IANA zone name the runtime knows ("America/Chicago", "US/Eastern"). */
export function isValidTimeZone(timeZone: string | undefined | null): timeZone is string {
  if (!timeZone || !timeZone.trim()) return false;
  let valid = validZones.get(timeZone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timeZone.trim() });
      valid = true;
    } catch {
      valid = false;
    }
    if (validZones.size >= MAX_ZONES) validZones.clear();
    validZones.set(timeZone, valid);
  }
  return valid;
}

/** "2030-06-04 09:00": an instant as the wall-clock date and time (24-hour) in `timeZone`. */
export function localDateTime(at: Date, timeZone: string): string {
  const iso = new Date(wallClockMs(at.getTime(), timeZone)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** "2030-06-04": the local calendar date of an instant in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  return new Date(wallClockMs(at.getTime(), timeZone)).toISOString().slice(0, 10);
}

/**
 * The instant at which clocks in `timeZone` show `date` ("YYYY-MM-DD") at `time` ("HH:MM"), with
 * instantOfWallTime's handling of repeated and skipped times. Throws RangeError for an unknown zone
 * or a malformed date or time.
 */
export function zonedTime(date: string, time: string, timeZone: string): Date {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) throw new RangeError(`expected YYYY-MM-DD and HH:MM, got "${date}" "${time}"`);
  return new Date(instantOfWallTime(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2])), timeZone));
}

/** The calendar date `days` after (negative: before) a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
