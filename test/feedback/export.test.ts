/**
 * Feedback exports: CSV that a spreadsheet opens safely (formula injection neutralized, UTF-8
 * with BOM, RFC 4180 quoting) and JSON with text exactly as stored; report windows as
 * organizers write them.
 */
import { FEEDBACK_COLUMNS, feedbackCsv, feedbackJson } from '../../src/feedback/export';
import { neutralizeCell } from '../../src/lib/csv';
import type { FeedbackRow } from '../../src/feedback/query';
import { localDateTime } from '../../src/lib/time-zones';
import { parseInstant, startOfLocalDay } from '../../src/feedback/time';

const row = (over: Partial<FeedbackRow>): FeedbackRow => ({
  id: '1',
  created_at: new Date('2030-06-04T13:05:00Z'),
  flow: 'register',
  question: 'overall',
  rating: 4,
  choice: null,
  comment: null,
  topic: null,
  channel: 'sms',
  language: 'en',
  ...over,
});

describe('neutralizeCell: what a spreadsheet would run is turned into text', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ['+1 212 555 0100', "'+1 212 555 0100"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ['＝1+1', "'＝1+1"], // full-width equals sign
    ['great staff', 'great staff'],
    ['a=b', 'a=b'],
    ['', ''],
    ['¿Por qué?', '¿Por qué?'],
  ])('%j → %j', (input, expected) => {
    expect(neutralizeCell(input)).toBe(expected);
  });
});

describe('feedbackCsv', () => {
  const rows = [
    row({ id: '7', comment: '=HYPERLINK("http://evil.example","click")', topic: 'lines' }),
    row({ id: '8', rating: null, choice: 'too_long', comment: 'Tardé "mucho", y luego\nme fui', language: 'es', channel: 'telegram' }),
    row({ id: '9', comment: 'خدمة ممتازة 👍 非常好', language: 'ar', channel: 'web' }),
    row({ id: '10', comment: '@channel -1 +1', flow: 'faq' }),
  ];
  const csv = feedbackCsv(rows, 'America/New_York');

  it('starts with a UTF-8 BOM and the header, and ends records with CRLF', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(FEEDBACK_COLUMNS.join(','));
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('neutralizes formulas and keeps every other comment as written', () => {
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain(`"'@channel -1 +1"`);
    expect(csv).toContain('"Tardé ""mucho"", y luego\nme fui"'); // quoted: commas, quotes and line breaks stay data
    expect(csv).toContain('خدمة ممتازة 👍 非常好');
    // No cell of the file starts with a formula character.
    const cells = csv.slice(1).split(/,|\r\n/).map((c) => c.replace(/^"/, ''));
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
  });

  it('times in UTC (ISO) and in the organization time zone; numbers stay numbers', () => {
    const first = csv.slice(1).split('\r\n')[1];
    expect(first).toBe(`7,2030-06-04T13:05:00.000Z,2030-06-04 09:05,register,overall,4,,"'=HYPERLINK(""http://evil.example"",""click"")",lines,sms,en`);
  });

  it('without BOM on request', () => {
    expect(feedbackCsv(rows, 'UTC', { bom: false }).startsWith('id,')).toBe(true);
  });
});

describe('feedbackJson: text exactly as stored', () => {
  it('keeps comments unchanged and says the window', () => {
    const json = JSON.parse(feedbackJson([row({ comment: '=1+1 <b>hi</b>' })], 'America/New_York', { since: new Date('2030-06-01T04:00:00Z'), exportedAt: new Date('2030-06-05T00:00:00Z') }));
    expect(json).toMatchObject({ count: 1, since: '2030-06-01T04:00:00.000Z', until: null, time_zone: 'America/New_York' });
    expect(json.feedback[0]).toMatchObject({ comment: '=1+1 <b>hi</b>', rating: 4, local_time: '2030-06-04 09:05' });
  });
});

describe('report windows', () => {
  const now = new Date('2030-06-04T13:00:00Z');
  it.each([
    ['7d', '2030-05-28T13:00:00.000Z'],
    ['24h', '2030-06-03T13:00:00.000Z'],
    ['2030-06-01', '2030-06-01T04:00:00.000Z'], // local midnight, New York summer time
    ['2030-01-15', '2030-01-15T05:00:00.000Z'], // winter time
    ['2030-03-10', '2030-03-10T05:00:00.000Z'], // the day clocks go forward (at 02:00): midnight is still EST
    ['2030-06-01T09:00:00Z', '2030-06-01T09:00:00.000Z'],
    ['2030-06-01T09:00:00+02:00', '2030-06-01T07:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseInstant(text, now, 'America/New_York').toISOString()).toBe(iso);
  });

  it.each([['yesterday'], ['2030-13-01'], ['2030-02-30'], ['2030-13-01x'], ['2030-06-01 09:00'], ["1d'; DROP TABLE feedback; --"]])('%j is refused', (text) => {
    expect(() => parseInstant(text, now, 'America/New_York')).toThrow(RangeError);
  });

  it('local midnight in a zone east of UTC', () => {
    expect(startOfLocalDay('2030-06-01', 'Asia/Tokyo').toISOString()).toBe('2030-05-31T15:00:00.000Z');
    expect(localDateTime(new Date('2030-05-31T15:00:00Z'), 'Asia/Tokyo')).toBe('2030-06-01 00:00');
  });
});
