import { quietHoursDeferral } from '../../../src/channels/twilio/defer';
import type { MessageKind, SendTarget } from '../../../src/channels/types';

const target = (address: string, timezone: string | null = null): SendTarget => ({ address, timezone, contactId: 'c', identityId: 'i', language: 'en' });

describe('SMS quiet hours (deferUntil): notifications wait for 08:00-21:00 in the contact’s zone', () => {
  const defer = quietHoursDeferral({ start: '08:00', end: '21:00' }, 'America/Chicago');

  it.each<[string, SendTarget, MessageKind, string, string | null]>([
    // name, target, kind, now, expected (null: send now)
    ['a reply at 23:30 New York goes now', target('+12125550123'), 'reply', '2026-01-06T04:30:00Z', null],
    ['the opt-out confirmation at 23:30 goes now', target('+12125550123'), 'consent', '2026-01-06T04:30:00Z', null],
    ['a notification at 23:30 New York (212) waits for 08:00 EST', target('+12125550123'), 'notification', '2026-01-06T04:30:00Z', '2026-01-06T13:00:00Z'],
    ['a notification at noon New York goes now', target('+12125550123'), 'notification', '2026-01-06T17:00:00Z', null],
    ['at 21:00 exactly it waits (the window end is exclusive)', target('+12125550123'), 'notification', '2026-01-07T02:00:00Z', '2026-01-07T13:00:00Z'],
    ['at 08:00 exactly it goes', target('+12125550123'), 'notification', '2026-01-06T13:00:00Z', null],
    // 09:00 in New York is 06:00 in Los Angeles: the declared zone wins over the area code.
    ['declared Los Angeles beats a 212 number', target('+12125550123', 'America/Los_Angeles'), 'notification', '2026-01-06T14:00:00Z', '2026-01-06T16:00:00Z'],
    ['a 310 (Los Angeles) number at 22:00 LA', target('+13105551234'), 'notification', '2026-01-06T06:00:00Z', '2026-01-06T16:00:00Z'],
    ['an invalid declared zone falls back to the area code', target('+13105551234', 'Mars/Base'), 'notification', '2026-01-06T06:00:00Z', '2026-01-06T16:00:00Z'],
    // A Spanish mobile number has no NANP area code: the configured default zone (Chicago) applies.
    ['a non-US number uses DEFAULT_TIMEZONE', target('+34612345678'), 'notification', '2026-01-06T05:00:00Z', '2026-01-06T14:00:00Z'],
    ['a declared Madrid zone for that number', target('+34612345678', 'Europe/Madrid'), 'notification', '2026-01-06T05:00:00Z', '2026-01-06T07:00:00Z'],
    // 2026-03-08: New York springs forward (02:00 EST → 03:00 EDT); 08:00 EDT is 12:00Z, not 13:00Z.
    ['the night of spring forward, New York', target('+12125550123'), 'notification', '2026-03-08T06:30:00Z', '2026-03-08T12:00:00Z'],
    // 2026-11-01: New York falls back (02:00 EDT → 01:00 EST); 08:00 EST is 13:00Z.
    ['the night of fall back, New York', target('+12125550123'), 'notification', '2026-11-01T05:30:00Z', '2026-11-01T13:00:00Z'],
    ['fall back, the repeated 01:30 EST', target('+12125550123'), 'notification', '2026-11-01T06:30:00Z', '2026-11-01T13:00:00Z'],
  ])('%s', (_name, who, kind, now, expected) => {
    const at = defer(who, kind, new Date(now));
    expect(at?.toISOString() ?? null).toBe(expected && new Date(expected).toISOString());
  });

  it('takes the window from QUIET_HOURS_START/END', () => {
    const narrow = quietHoursDeferral({ start: '09:30', end: '20:00' }, 'America/New_York');
    expect(narrow(target('+12125550123'), 'notification', new Date('2026-01-06T14:00:00Z'))?.toISOString()).toBe('2026-01-06T14:30:00.000Z');
    expect(narrow(target('+12125550123'), 'notification', new Date('2026-01-07T01:00:00Z'))?.toISOString()).toBe('2026-01-07T14:30:00.000Z');
  });

  it('refuses a bad window or zone at startup, not at every send', () => {
    expect(() => quietHoursDeferral({ start: '25:00', end: '21:00' }, 'America/New_York')).toThrow(RangeError);
    expect(() => quietHoursDeferral({ start: '08:00', end: '21:00' }, 'Nowhere/Special')).toThrow(RangeError);
  });
});
