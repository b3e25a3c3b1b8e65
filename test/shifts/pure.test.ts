/**
 * The pure parts of shifts: times in the organizer's zone, the reminder plan and its send-time
 * check, CSV rows, button values, SMS answers, the waitlist offer deadline. No I/O.
 */
import { readShiftRows, parseCsv } from '../../src/shifts/csv';
import { shiftJobIds } from '../../src/shifts/jobs';
import { planJobs, reminderObsolete, feedbackObsolete } from '../../src/shifts/reminders';
import type { Shift, Signup } from '../../src/shifts/tables';
import { parseShiftChoice, shiftChoice } from '../../src/shifts/texts';
import { localDateTime as formatLocalDateTime } from '../../src/lib/time-zones';
import { formatShiftTime, parseLocalDateTime, parseOffsets } from '../../src/shifts/time';
import { matchLanguage } from '../../src/shifts/language';
import { promptOpen, readAnswer, type AnswerWords } from '../../src/shifts/sms-answers';
import { offerDeadline } from '../../src/shifts/store';

const NY = 'America/New_York';
const H = 3_600_000;

describe('shift times', () => {
  it.each([
    ['2030-06-04 09:00', NY, '2030-06-04T13:00:00.000Z'],
    ['2030-01-15T09:00', NY, '2030-01-15T14:00:00.000Z'],
    ['2030-06-04 09:00:30', 'Europe/Madrid', '2030-06-04T07:00:30.000Z'],
    ['2030-06-04T09:00:00Z', NY, '2030-06-04T09:00:00.000Z'],
    ['2030-06-04T09:00-07:00', NY, '2030-06-04T16:00:00.000Z'],
    // DST: 02:30 does not exist on 10 March 2030 in New York (moves forward by the gap) ...
    ['2030-03-10 02:30', NY, '2030-03-10T07:30:00.000Z'],
    // ... and 01:30 happens twice on 3 November (the earlier one).
    ['2030-11-03 01:30', NY, '2030-11-03T05:30:00.000Z'],
  ])('%s in %s is %s', (text, zone, iso) => {
    expect(parseLocalDateTime(text, zone)?.toISOString()).toBe(iso);
  });

  it.each(['2030-13-01 09:00', '2030-06-31 09:00', '2030-06-04 24:00', 'tomorrow 9am', '', '09:00'])('refuses %p', (text) => {
    expect(parseLocalDateTime(text, NY)).toBeNull();
  });

  it('shows a shift in the organizer zone, in the reader language', () => {
    const start = parseLocalDateTime('2030-06-04 09:00', NY)!;
    const end = parseLocalDateTime('2030-06-04 12:30', NY)!;
    expect(formatShiftTime(start, end, NY, 'en').replace(/\s/g, ' ')).toBe('Tue, Jun 4, 9:00 AM – 12:30 PM EDT');
    expect(formatShiftTime(start, end, NY, 'es').replace(/\s/g, ' ')).toMatch(/^mar, 4 jun, 9:00 – 12:30 /);
    // An overnight shift shows the end's date.
    expect(formatShiftTime(start, new Date(end.getTime() + 24 * H), NY, 'en')).toContain('Wed, Jun 5');
    expect(formatLocalDateTime(start, NY)).toBe('2030-06-04 09:00');
  });

  it('reads reminder offsets largest first, and refuses nonsense', () => {
    expect(parseOffsets('2h, 24h,2h')).toEqual([24 * H, 2 * H]);
    expect(parseOffsets('1h30m')).toEqual([1.5 * H]);
    expect(() => parseOffsets('24h,soon')).toThrow(/soon/);
  });

  it('matches Slack locales to shipped languages', () => {
    expect(matchLanguage(['en', 'es'], 'es-LA')).toBe('es');
    expect(matchLanguage(['en', 'es', 'pt-BR'], 'pt_BR')).toBe('pt-BR');
    expect(matchLanguage(['en', 'es'], 'fr-FR')).toBeUndefined();
  });
});

describe('reminder plan', () => {
  const start = new Date('2030-06-05T13:00:00Z');
  const shift = { starts_at: start, ends_at: new Date(start.getTime() + 3 * H) };
  const startEpoch = start.getTime() / 1000;

  it('one job per offset still ahead, then the feedback question; ids name sign-up, offset and start', () => {
    const jobs = planJobs(shift, '7', [24 * H, 2 * H], H, new Date(start.getTime() - 30 * H));
    expect(jobs.map((j) => j.id)).toEqual([`reminder-7-86400-${startEpoch}`, `reminder-7-7200-${startEpoch}`, `feedback-7-${startEpoch + 3 * 3600}`]);
    expect(jobs.map((j) => j.fireAt.toISOString())).toEqual(['2030-06-04T13:00:00.000Z', '2030-06-05T11:00:00.000Z', '2030-06-05T17:00:00.000Z']);
    expect(jobs.every((j) => !j.id.includes(':'))).toBe(true); // BullMQ ids may not contain ':'
  });

  it('a sign-up 20 h before gets no late 24 h reminder', () => {
    const jobs = planJobs(shift, '7', [24 * H, 2 * H], H, new Date(start.getTime() - 20 * H));
    expect(jobs.map((j) => j.name)).toEqual(['shift-reminder', 'shift-feedback']);
    expect(jobs[0].id).toBe(shiftJobIds.reminder({ signupId: '7', offsetSec: 7200, startEpoch }));
  });

  it('moving the shift gives other ids', () => {
    const moved = { starts_at: new Date(start.getTime() + H), ends_at: new Date(start.getTime() + 4 * H) };
    const before = planJobs(shift, '7', [2 * H], H, new Date(0)).map((j) => j.id);
    const after = planJobs(moved, '7', [2 * H], H, new Date(0)).map((j) => j.id);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
  });

  const s = (over: Partial<Shift> = {}): Shift => ({ id: '1', external_id: null, title: 'T', kind: 'other', location: '', notes: null, starts_at: start, ends_at: shift.ends_at, timezone: NY, capacity: 3, organizer_channel: null, status: 'scheduled', created_by: null, created_at: start, updated_at: start, ...over });
  const u = (over: Partial<Signup> = {}): Signup => ({ id: '7', shift_id: '1', volunteer_id: 'v', status: 'active', confirmed_at: null, offered_at: null, feedback_rating: null, feedback_comment: null, feedback_at: null, created_at: start, updated_at: start, ...over });
  const before = new Date(start.getTime() - 2 * H);

  it.each<[string, Shift | undefined, Signup | undefined, number, Date, string | null]>([
    ['still applies', s(), u(), startEpoch, before, null],
    ['sign-up cancelled', s(), u({ status: 'cancelled' }), startEpoch, before, 'signup_cancelled'],
    ['sign-up deleted', s(), undefined, startEpoch, before, 'signup_gone'],
    ['shift deleted', undefined, u(), startEpoch, before, 'shift_gone'],
    ['shift cancelled', s({ status: 'cancelled' }), u(), startEpoch, before, 'shift_cancelled'],
    ['shift moved', s({ starts_at: new Date(start.getTime() + H) }), u(), startEpoch, before, 'shift_moved'],
    ['shift started (a late job)', s(), u(), startEpoch, start, 'shift_started'],
    ['waitlisted', s(), u({ status: 'waitlist' }), startEpoch, before, 'signup_waitlist'],
  ])('reminder check: %s', (_name, shiftRow, signup, epoch, now, reason) => {
    expect(reminderObsolete(shiftRow, signup, epoch, now)).toBe(reason);
  });

  it('feedback check: asked once, not after an answer or a move', () => {
    const endEpoch = shift.ends_at.getTime() / 1000;
    expect(feedbackObsolete(s(), u(), endEpoch)).toBeNull();
    expect(feedbackObsolete(s(), u({ feedback_at: start }), endEpoch)).toBe('already_answered');
    expect(feedbackObsolete(s({ ends_at: new Date(0) }), u(), endEpoch)).toBe('shift_moved');
  });
});

describe('shift CSV', () => {
  it('parses quoted fields, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"']]);
    expect(parseCsv('a\n"multi\nline"')).toEqual([['a'], ['multi\nline']]);
  });

  it('reads rows in the organizer zone, with aliases and a date column', () => {
    const text = [
      'ID,Title,Type,Place,Date,Start,End,Spots,Timezone',
      'p1,Phone bank,phonebank,"Hall, 2nd floor",2030-06-04,18:00,21:00,10,',
      'c1,Night canvass,canvass,Elm St,2030-06-04,22:00,01:00,4,America/Chicago',
    ].join('\n');
    const { shifts, errors } = readShiftRows(text, NY);
    expect(errors).toEqual([]);
    expect(shifts.map((s) => [s.externalId, s.title, s.location, s.startsAt.toISOString(), s.endsAt.toISOString(), s.capacity, s.timezone])).toEqual([
      ['p1', 'Phone bank', 'Hall, 2nd floor', '2030-06-04T22:00:00.000Z', '2030-06-05T01:00:00.000Z', 10, NY],
      ['c1', 'Night canvass', 'Elm St', '2030-06-05T03:00:00.000Z', '2030-06-05T06:00:00.000Z', 4, 'America/Chicago'],
    ]);
  });

  it('gives rows without an id a stable one (importing twice creates nothing twice)', () => {
    const text = 'title,start,end,capacity\nTable,2030-06-04 09:00,2030-06-04 10:00,2\n';
    expect(readShiftRows(text, NY).shifts[0].externalId).toBe(readShiftRows(text, NY).shifts[0].externalId);
  });

  it.each([
    ['start,end,capacity\n2030-06-04 09:00,2030-06-04 10:00,2', 1, 'missing column "title"'],
    ['title,start,end,capacity,color\nT,2030-06-04 09:00,2030-06-04 10:00,2,red', 1, 'unknown column(s): color'],
    ['title,start,end,capacity\nT,June 4,2030-06-04 10:00,2', 2, 'start "June 4" is not a date and time like 2030-06-04 09:00'],
    ['title,start,end,capacity\nT,2030-06-04 10:00,2030-06-04 09:00,2', 2, 'end is not after start'],
    ['title,start,end,capacity\nT,2030-06-04 09:00,2030-06-04 10:00,0', 2, 'capacity "0" is not a whole number of 1 or more'],
    ['title,start,end,capacity,kind\nT,2030-06-04 09:00,2030-06-04 10:00,2,party', 2, 'kind "party" is not one of canvass, phonebank, registration, other'],
    ['title,start,end,capacity,timezone\nT,2030-06-04 09:00,2030-06-04 10:00,2,Mars/Olympus', 2, 'unknown time zone "Mars/Olympus"'],
    ['id,title,start,end,capacity\na,T,2030-06-04 09:00,2030-06-04 10:00,2\na,U,2030-06-05 09:00,2030-06-05 10:00,2', 3, 'same id as line 2'],
  ])('refuses %p (line %p)', (text, line, message) => {
    const { shifts, errors } = readShiftRows(text, NY);
    expect(shifts).toEqual([]);
    expect(errors).toContainEqual({ line, message });
  });
});

describe('shift button values', () => {
  it('round-trip, and nothing else parses', () => {
    expect(parseShiftChoice(shiftChoice('drop', '42'))).toEqual({ verb: 'drop', signupId: '42' });
    expect(parseShiftChoice(shiftChoice('rate', '42', 5))).toEqual({ verb: 'rate', signupId: '42', n: 5 });
    for (const bad of ['shift:drop:', 'shift:delete:1', 'shift:rate:1:9', 'menu_register', "shift:drop:1'; drop table"]) expect(parseShiftChoice(bad)).toBeUndefined();
  });
});

describe('SMS answers', () => {
  const en: AnswerWords = { confirm: ['1', 'yes', 'ok', "i'll be there"], drop: ['2', 'no', "can't"], accept: ['1', 'yes', 'take it'], pass: ['2', 'no', 'pass'], numbers: ['one', 'two', 'three', 'four', 'five'] };
  const es: AnswerWords = { confirm: ['1', 'si'], drop: ['2', 'no', 'no puedo'], accept: ['1', 'si', 'la quiero'], pass: ['2', 'no', 'paso'], numbers: ['uno', 'dos', 'tres', 'cuatro', 'cinco'] };

  it.each([
    ['reminder', '1', { verb: 'confirm' }],
    ['reminder', ' 2 ', { verb: 'drop' }],
    ['reminder', '2, sorry I am sick', { verb: 'drop' }],
    ['reminder', "I'll be there!", { verb: 'confirm' }],
    ['reminder', '¡Sí!', { verb: 'confirm' }], // another shipped language's word
    ['reminder', 'No puedo.', { verb: 'drop' }],
    ['reminder', '12', null], // not "1"
    ['reminder', 'yes but late', null], // only a whole message of words counts (a leading 1/2 is the exception)
    ['reminder', '', null],
    ['offer', '1', { verb: 'accept' }],
    ['offer', 'pass', { verb: 'pass' }],
    ['offer', 'la quiero', { verb: 'accept' }],
    ['offer', 'maybe', null],
    ['feedback', '4', { verb: 'rate', rating: 4 }],
    ['feedback', '5 - great team', { verb: 'rate', rating: 5, comment: 'great team' }],
    ['feedback', '3. ok but cold', { verb: 'rate', rating: 3, comment: 'ok but cold' }],
    ['feedback', '5/5', { verb: 'rate', rating: 5 }],
    ['feedback', '4 / 5, long day', { verb: 'rate', rating: 4, comment: 'long day' }],
    ['feedback', 'four', { verb: 'rate', rating: 4 }],
    ['feedback', 'cinco', { verb: 'rate', rating: 5 }],
    ['feedback', '⭐⭐⭐', { verb: 'rate', rating: 3 }],
    ['feedback', '6', { verb: 'comment', comment: '6' }],
    ['feedback', 'one thing: more water', { verb: 'comment', comment: 'one thing: more water' }],
    ['comment', 'Loved it', { verb: 'comment', comment: 'Loved it' }],
  ] as const)('%s: %j reads as %j', (prompt, text, expected) => {
    expect(readAnswer(prompt, text, [en, es])).toEqual(expected);
  });

  it('the volunteer\'s language decides when two languages disagree', () => {
    const other: AnswerWords = { ...es, confirm: ['no'], drop: [] }; // a made-up language where "no" means yes
    expect(readAnswer('reminder', 'no', [en, other])).toEqual({ verb: 'drop' });
    expect(readAnswer('reminder', 'no', [other, en])).toEqual({ verb: 'confirm' });
  });

  it('a reminder stays open until the end of the shift, an offer until its start', () => {
    const shift = { status: 'scheduled', starts_at: new Date('2030-06-04T13:00:00Z'), ends_at: new Date('2030-06-04T16:00:00Z') } as Shift;
    const active = { status: 'active' } as Signup;
    const offered = { status: 'offered' } as Signup;
    expect(promptOpen('reminder', active, shift, new Date('2030-06-04T14:00:00Z'))).toBe(true);
    expect(promptOpen('reminder', active, shift, new Date('2030-06-04T16:00:00Z'))).toBe(false);
    expect(promptOpen('reminder', { status: 'cancelled' } as Signup, shift, new Date('2030-06-04T12:00:00Z'))).toBe(false);
    expect(promptOpen('offer', offered, shift, new Date('2030-06-04T12:00:00Z'))).toBe(true);
    expect(promptOpen('offer', offered, shift, new Date('2030-06-04T13:00:00Z'))).toBe(false);
    expect(promptOpen('offer', offered, { ...shift, status: 'cancelled' }, new Date('2030-06-04T12:00:00Z'))).toBe(false);
  });
});

describe('waitlist offer deadline', () => {
  it('is the TTL after the offer, never past the start', () => {
    const start = new Date('2030-06-04T13:00:00Z');
    expect(offerDeadline(new Date('2030-06-04T08:00:00Z'), start, 2 * H).toISOString()).toBe('2030-06-04T10:00:00.000Z');
    expect(offerDeadline(new Date('2030-06-04T12:00:00Z'), start, 2 * H).toISOString()).toBe('2030-06-04T13:00:00.000Z');
  });

  it('job ids are deterministic and free of ":"', () => {
    const id = shiftJobIds.offerExpiry({ signupId: '42', offeredEpoch: 1_906_000_000 });
    expect(id).toBe('offer-expiry-42-1906000000');
    expect(shiftJobIds.answer({ messageId: '7' })).toBe('answer-7');
    expect(id).not.toContain(':');
  });
});
