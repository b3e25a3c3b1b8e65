/**
 * Wall-clock times in a time zone as instants: "10:00 on 2026-10-14 in Los Angeles". Pure, from
 * the runtime's ICU data through Intl.DateTimeFormat (the same approach as
 * src/runtime/quiet-hours.ts, which keeps its helpers private).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time an instant shows in a zone, written as a UTC epoch (whole seconds). */
function wallMs(epochMs: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/**
 * The instant at which clocks in `timeZone` show `date` ("YYYY-MM-DD") at `time` ("HH:MM").
 * A time repeated when clocks go back gives the earlier instant; a time skipped when they go
 * forward moves on by the gap (02:30 → 03:30), as Temporal's 'compatible' disambiguation does.
 * Throws RangeError for an unknown zone.
 */
export function zonedTime(date: string, time: string, timeZone: string): Date {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) throw new RangeError(`expected YYYY-MM-DD and HH:MM, got "${date}" "${time}"`);
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  const DAY = 86_400_000;
  // Offsets a day either side are the two candidates (DST changes are months apart).
  const candidates = [wall - (wallMs(wall - DAY, timeZone) - (wall - DAY)), wall - (wallMs(wall + DAY, timeZone) - (wall + DAY))];
  const exact = candidates.filter((c) => wallMs(c, timeZone) === wall).sort((a, b) => a - b);
  return new Date(exact.length ? exact[0] : candidates[0]);
}

/** The calendar date `days` after (negative: before) a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The local calendar date ("YYYY-MM-DD") of an instant in a zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Date(wallMs(at.getTime(), timeZone)).toISOString().slice(0, 10);
}
