import { AREA_CODE_TIME_ZONES, timeZoneForAreaCode } from '../../src/lib/area-code-time-zones';
import { nextAllowedTime, timeZoneForContact } from '../../src/lib/quiet-hours';
import { isValidTimeZone } from '../../src/lib/time-zones';

const at = (iso: string) => new Date(iso);

describe('nextAllowedTime', () => {
  it.each([
    // Los Angeles in July is UTC-7.
    ['evening in LA waits for 08:00 LA the next day', '2026-07-15T04:30:00Z', 'America/Los_Angeles', '2026-07-15T15:00:00Z'],
    ['07:59 LA → 08:00 the same day', '2026-07-15T14:59:00Z', 'America/Los_Angeles', '2026-07-15T15:00:00Z'],
    ['07:59:59.999 LA → 08:00 the same day', '2026-07-15T14:59:59.999Z', 'America/Los_Angeles', '2026-07-15T15:00:00Z'],
    ['08:00 LA is allowed', '2026-07-15T15:00:00Z', 'America/Los_Angeles', '2026-07-15T15:00:00Z'],
    ['20:59 LA is allowed', '2026-07-16T03:59:00Z', 'America/Los_Angeles', '2026-07-16T03:59:00Z'],
    ['20:59:59 LA is allowed', '2026-07-16T03:59:59Z', 'America/Los_Angeles', '2026-07-16T03:59:59Z'],
    ['21:00 LA is deferred to 08:00 the next day', '2026-07-16T04:00:00Z', 'America/Los_Angeles', '2026-07-16T15:00:00Z'],
    ['23:59 LA on 31 Dec → 08:00 on 1 Jan (PST, UTC-8)', '2027-01-01T07:59:00Z', 'America/Los_Angeles', '2027-01-01T16:00:00Z'],
    // 2026-03-08: New York springs forward at 02:00 EST → 03:00 EDT.
    ['22:00 EST the night before spring forward → 08:00 EDT', '2026-03-08T03:00:00Z', 'America/New_York', '2026-03-08T12:00:00Z'],
    ['01:59 EST on the change day → 08:00 EDT', '2026-03-08T06:59:00Z', 'America/New_York', '2026-03-08T12:00:00Z'],
    ['03:00 EDT just after the jump → 08:00 EDT', '2026-03-08T07:00:00Z', 'America/New_York', '2026-03-08T12:00:00Z'],
    ['20:59 EDT on the change day is allowed', '2026-03-09T00:59:00Z', 'America/New_York', '2026-03-09T00:59:00Z'],
    // 2026-11-01: New York falls back at 02:00 EDT → 01:00 EST.
    ['22:00 EDT the night before fall back → 08:00 EST', '2026-11-01T02:00:00Z', 'America/New_York', '2026-11-01T13:00:00Z'],
    ['01:30 EDT (first pass) → 08:00 EST', '2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01T13:00:00Z'],
    ['01:30 EST (repeated hour) → 08:00 EST', '2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01T13:00:00Z'],
    ['21:00 EST on the change day → 08:00 EST next day', '2026-11-02T02:00:00Z', 'America/New_York', '2026-11-02T13:00:00Z'],
    // Europe changes on other dates (2026-03-29): 23:00 CET → 08:00 CEST.
    ['Madrid across its spring change', '2026-03-28T22:00:00Z', 'Europe/Madrid', '2026-03-29T06:00:00Z'],
    // Honolulu has no DST; Kolkata is UTC+5:30.
    ['Honolulu at night', '2026-03-08T08:00:00Z', 'Pacific/Honolulu', '2026-03-08T18:00:00Z'],
    ['Kolkata at 06:00', '2026-06-01T00:30:00Z', 'Asia/Kolkata', '2026-06-01T02:30:00Z'],
  ])('%s', (_name, now, zone, expected) => {
    expect(nextAllowedTime(at(now), zone).toISOString()).toBe(at(expected).toISOString());
  });

  it('returns now itself when sending is allowed', () => {
    const now = at('2026-07-15T18:00:00Z');
    expect(nextAllowedTime(now, 'America/New_York')).toBe(now);
  });

  it('takes a custom window, also one that wraps past midnight', () => {
    const window = { start: '09:30', end: '17:00' };
    expect(nextAllowedTime(at('2026-07-15T13:00:00Z'), 'America/New_York', window).toISOString()).toBe('2026-07-15T13:30:00.000Z');
    const night = { start: '22:00', end: '06:00' };
    expect(nextAllowedTime(at('2026-07-16T03:00:00Z'), 'America/New_York', night).toISOString()).toBe('2026-07-16T03:00:00.000Z');
    expect(nextAllowedTime(at('2026-07-15T16:00:00Z'), 'America/New_York', night).toISOString()).toBe('2026-07-16T02:00:00.000Z');
  });

  it('moves a start that falls in the spring-forward gap to just after it', () => {
    // 02:30 does not exist in New York on 2026-03-08: 02:30 EST = 03:30 EDT = 07:30Z.
    const window = { start: '02:30', end: '21:00' };
    expect(nextAllowedTime(at('2026-03-08T05:00:00Z'), 'America/New_York', window).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('refuses an unknown zone or a malformed window', () => {
    expect(() => nextAllowedTime(at('2026-07-15T18:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => nextAllowedTime(at('2026-07-15T18:00:00Z'), 'UTC', { start: '8:00', end: '21:00' })).toThrow(RangeError);
    expect(() => nextAllowedTime(at('2026-07-15T18:00:00Z'), 'UTC', { start: '08:00', end: '25:00' })).toThrow(RangeError);
  });
});

describe('timeZoneForContact', () => {
  const fallback = 'America/Chicago';

  it.each([
    ['declared zone wins over the phone', { declared: 'Europe/Madrid', phone: '+12125550123' }, 'Europe/Madrid'],
    ['invalid declared zone is ignored', { declared: 'Eastern', phone: '+12135550123' }, 'America/Los_Angeles'],
    ['212 → New York', { phone: '+12125550123' }, 'America/New_York'],
    ['213 → Los Angeles', { phone: '+12135550123' }, 'America/Los_Angeles'],
    ['808 → Honolulu', { phone: '+18085550123' }, 'Pacific/Honolulu'],
    ['787 → Puerto Rico', { phone: '+17875550123' }, 'America/Puerto_Rico'],
    ['602 → Phoenix (no DST)', { phone: '+16025550123' }, 'America/Phoenix'],
    ['907 → Anchorage', { phone: '+19075550123' }, 'America/Anchorage'],
    ['915 → Denver (El Paso)', { phone: '+19155550123' }, 'America/Denver'],
    ['416 → Toronto', { phone: '+14165550123' }, 'America/Toronto'],
    ['formatted +1 number', { phone: '+1 (305) 555-0123' }, 'America/New_York'],
    ['unknown area code → fallback', { phone: '+15555550123' }, fallback],
    ['non-NANP number → fallback', { phone: '+447911123456' }, fallback],
    ['no phone → fallback', {}, fallback],
  ])('%s', (_name, contact, expected) => {
    expect(timeZoneForContact({ ...contact, fallback })).toBe(expected);
  });
});

describe('area code table', () => {
  it('names only zones the runtime knows', () => {
    const invalid = Object.entries(AREA_CODE_TIME_ZONES).filter(([, zone]) => !isValidTimeZone(zone));
    expect(invalid).toEqual([]);
  });

  it('has only 3-digit NANP codes (first digit 2-9) and covers every state', () => {
    for (const code of Object.keys(AREA_CODE_TIME_ZONES)) expect(code).toMatch(/^[2-9]\d\d$/);
    // One area code from each of the 50 states and DC.
    const perState = '205 907 480 501 213 303 203 302 202 305 404 808 208 312 317 319 316 502 504 207 410 617 313 612 601 314 406 402 702 603 201 505 212 704 701 614 405 503 215 401 803 605 615 214 801 802 703 206 304 414 307';
    for (const code of perState.split(' ')) expect(timeZoneForAreaCode(code)).toBeDefined();
    expect(timeZoneForAreaCode('999')).toBeUndefined();
    expect(timeZoneForAreaCode('toString')).toBeUndefined();
  });
});
