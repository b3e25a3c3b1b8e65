/**
 * Regression: the shift schedule and roster exports wrote cells as typed, so a shift titled
 * `=HYPERLINK("http://evil.example","click")`, or a volunteer's name or SMS comment starting with
 * = + - @, ran as a formula when an organizer opened the CSV in a spreadsheet (OWASP "CSV
 * Injection"). The feedback export neutralised such cells; the shift exports did not. Both now go
 * through the one CSV writer (src/lib/csv.ts).
 */
import { readShiftRows, rosterToCsv, shiftsToCsv } from '../../src/shifts/csv';

type Summary = Parameters<typeof shiftsToCsv>[0][number];
type RosterRow = Parameters<typeof rosterToCsv>[0][number];

const NY = 'America/New_York';
const EVIL = '=HYPERLINK("http://evil.example","click")';

const shift: Summary = {
  id: '1',
  external_id: 'table-1',
  title: EVIL,
  kind: 'canvass',
  location: '@SUM(A1:A9)',
  notes: '+1 bring water',
  starts_at: new Date('2030-06-04T13:00:00Z'),
  ends_at: new Date('2030-06-04T16:00:00Z'),
  timezone: NY,
  capacity: 3,
  organizer_channel: null,
  status: 'scheduled',
  created_by: null,
  created_at: new Date('2030-06-01T00:00:00Z'),
  updated_at: new Date('2030-06-01T00:00:00Z'),
  taken: 1,
  waiting: 0,
  spotsLeft: 2,
};

const roster: RosterRow = {
  shift,
  signup: {
    id: '7',
    shift_id: '1',
    volunteer_id: 'v-1',
    status: 'active',
    confirmed_at: null,
    offered_at: null,
    feedback_rating: 2,
    feedback_comment: '-2+3 was the wait in minutes',
    feedback_at: new Date('2030-06-04T17:00:00Z'),
    created_at: new Date('2030-06-01T00:00:00Z'),
    updated_at: new Date('2030-06-01T00:00:00Z'),
  },
  volunteer: { id: 'v-1', name: '=cmd|"/c calc"!A1', slack_user_id: null, phone: '+12125550123', language: null, slack_locale: null, created_at: new Date(), updated_at: new Date() },
};

/** The cells of a CSV text without their quotes (good enough for one-line records of this test). */
function cells(csv: string): string[] {
  return csv
    .trim()
    .split('\n')
    .flatMap((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? [])
    .map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
}

describe('shift CSV exports neutralise formula cells (CSV injection)', () => {
  it('the schedule: no cell starts with = + - @; the title is kept as text', () => {
    const csv = shiftsToCsv([shift]);
    expect(cells(csv).filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain(`"'@SUM(A1:A9)"`);
  });

  it('the rosters: names, comments and phone numbers open as text', () => {
    for (const showPhones of [false, true]) {
      const csv = rosterToCsv([roster], showPhones);
      expect(cells(csv).filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
      expect(csv).toContain(`"'=cmd|""/c calc""!A1"`);
      expect(csv).toContain(`"'-2+3 was the wait in minutes"`);
    }
  });

  it('a neutralised schedule cell reads back as written', () => {
    const header = 'id,title,kind,location,start,end,timezone,capacity,notes';
    const row = `table-1,"'${EVIL.replace(/"/g, '""')}",canvass,"'@SUM(A1:A9)",2030-06-04 09:00,2030-06-04 12:00,${NY},3,"'+1 bring water"`;
    const { shifts, errors } = readShiftRows(`${header}\n${row}\n`, NY);
    expect(errors).toEqual([]);
    expect(shifts[0]).toMatchObject({ title: EVIL, location: '@SUM(A1:A9)', notes: '+1 bring water' });
  });
});
