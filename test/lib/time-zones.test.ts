/**
 * localParts (src/lib/time-zones.ts) reuses a zone's offset through a minute instead of asking ICU
 * each time: it must show exactly what the zone's formatter shows, at any instant, in any order of
 * calls, also in a minute in which the zone's offset changes.
 */
import { isValidTimeZone, localParts, wallClockMs } from '../../src/lib/time-zones';

/** What Intl shows at an instant in a zone, read without localParts' cache. */
function reference(epochMs: number, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(epochMs))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute, second: out.second };
}

const ZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/Madrid', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Honolulu', 'Africa/Monrovia', 'UTC'];

describe('localParts', () => {
  test.each(ZONES)('%s: the same as the formatter, second by second across DST changes and through one minute', (zone) => {
    const instants: number[] = [];
    // Around New York's and Europe's 2026 changes, Lord Howe's half-hour one (2026-04-05 15:00Z), and Monrovia's odd 1972 offset change.
    for (const iso of ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z', '1972-01-07T00:44:30Z', '1972-01-07T00:00:00Z']) {
      const t = Date.parse(iso);
      for (let s = -90; s <= 90; s += 1) instants.push(t + s * 1000, t + s * 1000 + 999);
    }
    // Sub-second and out-of-order calls within one minute, and instants before 1970.
    instants.push(Date.parse('2026-07-15T12:00:30.250Z'), Date.parse('2026-07-15T12:00:05Z'), Date.parse('2026-07-15T12:00:59.999Z'), -1500, -60_000, Date.parse('1901-05-01T10:00:00Z'));
    for (const t of instants) expect(localParts(t, zone)).toEqual(reference(t, zone));
  });

  test('an offset change inside a minute is shown on both sides of it (Monrovia, 1972: -0:44:30 → UTC)', () => {
    // Monrovia moved from -0:44:30 to UTC at 1972-01-07 00:44:30Z, half-way through a UTC minute.
    const change = Date.parse('1972-01-07T00:44:30Z');
    expect(localParts(change - 1000, 'Africa/Monrovia')).toEqual({ year: 1972, month: 1, day: 6, hour: 23, minute: 59, second: 59 });
    expect(localParts(change, 'Africa/Monrovia')).toEqual({ year: 1972, month: 1, day: 7, hour: 0, minute: 44, second: 30 });
    expect(wallClockMs(change + 1000, 'Africa/Monrovia')).toBe(change + 1000);
    expect(localParts(change - 31_000, 'Africa/Monrovia')).toEqual({ year: 1972, month: 1, day: 6, hour: 23, minute: 59, second: 29 });
  });
});

describe('isValidTimeZone', () => {
  test('the same answer the first time and every time after (answers are kept by name)', () => {
    for (let round = 0; round < 2; round++) {
      expect(isValidTimeZone('America/Chicago')).toBe(true);
      expect(isValidTimeZone(' US/Eastern ')).toBe(true);
      expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
      expect(isValidTimeZone('')).toBe(false);
      expect(isValidTimeZone(null)).toBe(false);
    }
  });
});
