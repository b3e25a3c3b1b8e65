/**
 * Engagement equity (pure): figures per language and per channel, and the least engaged language
 * the console names ("Least engaged: Vietnamese: 38% replied vs 50% overall"), the CLI prints and
 * the admin API returns.
 */
import { engagementByChannel, engagementByLanguage, engagementTotal, formatLeastEngaged, leastEngaged, type EngagementRow } from '../../src/feedback/engagement';

const row = (over: Partial<EngagementRow> & Pick<EngagementRow, 'channel' | 'language'>): EngagementRow => ({
  reached: 0, people: 0, inbound: 0, notified: 0, replied: 0, completed: 0, expired: 0, replaced: 0, stopped: 0, feedback: 0, optOuts: 0, ...over,
});

describe('engagement by language and by channel', () => {
  const rows = [
    row({ channel: 'sms', language: 'en', reached: 6, people: 4, notified: 6, replied: 4, completed: 3, expired: 1, feedback: 2 }),
    row({ channel: 'telegram', language: 'en', reached: 4, people: 2, notified: 4, replied: 2, feedback: 1 }),
    row({ channel: 'sms', language: 'es', reached: 10, people: 5, notified: 10, replied: 5, completed: 1, expired: 3, optOuts: 1 }),
    row({ channel: 'sms', language: 'vi', reached: 8, people: 3, notified: 8, replied: 3, optOuts: 2 }),
  ];

  it('adds the channels of a language together, and the languages of a channel', () => {
    const en = engagementByLanguage(rows).find((r) => r.language === 'en')!;
    expect(en).toMatchObject({ channel: 'all', reached: 10, people: 6, notified: 10, replied: 6, replyRate: 0.6, completionRate: 0.75, feedback: 3, feedbackRate: 0.5 });
    const sms = engagementByChannel(rows).find((r) => r.channel === 'sms')!;
    expect(sms).toMatchObject({ language: 'all', notified: 24, replied: 12, replyRate: 0.5, optOuts: 3 });
    expect(engagementTotal(rows)).toMatchObject({ reached: 28, replied: 14, replyRate: 0.5 });
  });

  it('names the language with the lowest reply rate against everyone', () => {
    const least = leastEngaged(rows)!;
    expect(least).toEqual({ language: 'vi', measure: 'reply', rate: 3 / 8, overall: 0.5, count: 3, of: 8 });
    expect(formatLeastEngaged(least)).toBe('Least engaged: vi: 38% replied (3 of 8) vs 50% overall');
  });

  it('leaves out languages with too few people and "unknown", and needs two languages to compare', () => {
    const few = [...rows, row({ channel: 'sms', language: 'ko', notified: 4, replied: 0 }), row({ channel: 'web', language: 'unknown', notified: 9, replied: 0 })];
    expect(leastEngaged(few)!.language).toBe('vi');
    expect(leastEngaged([rows[2]])).toBeNull();
    expect(leastEngaged([])).toBeNull();
  });

  it('falls back to finished conversations when nothing was sent first', () => {
    const noOutreach = [
      row({ channel: 'web', language: 'en', people: 9, completed: 8, expired: 2 }),
      row({ channel: 'web', language: 'tl', people: 6, completed: 1, expired: 5 }),
    ];
    expect(leastEngaged(noOutreach)).toEqual({ language: 'tl', measure: 'completion', rate: 1 / 6, overall: 9 / 16, count: 1, of: 6 });
  });
});
