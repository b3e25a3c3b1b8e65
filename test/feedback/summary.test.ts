/** What a set of feedback answers says (pure): ratings per local day, the spread of ratings, choices counted, comments newest first. */
import type { FeedbackRow } from '../../src/feedback/query';
import { summarizeFeedback } from '../../src/feedback/summary';

let id = 0;
const answer = (at: string, over: Partial<FeedbackRow>): FeedbackRow => ({ id: String(++id), created_at: new Date(at), flow: 'feedback', question: 'overall', rating: null, choice: null, comment: null, topic: null, channel: 'sms', language: 'en', ...over });

describe('summarizeFeedback', () => {
  it('groups ratings by local day, counts every rating value and choice, and keeps comments newest first', () => {
    const rows = [
      answer('2030-06-04T03:00:00Z', { rating: 5 }), // 23:00 on 3 June in New York
      answer('2030-06-04T15:00:00Z', { rating: 2, comment: 'Nadie me contestó', language: 'es' }),
      answer('2030-06-04T16:00:00Z', { rating: 4 }),
      answer('2030-06-05T15:00:00Z', { flow: 'wait', question: 'wait_time', choice: 'too_long' }),
      answer('2030-06-05T16:00:00Z', { flow: 'wait', question: 'wait_time', choice: 'ok', comment: '  ' }),
      answer('2030-06-05T17:00:00Z', { flow: 'wait', question: 'wait_time', choice: 'too_long', comment: 'شكرا', language: 'ar' }),
    ];
    const s = summarizeFeedback(rows, 'America/New_York');
    expect(s).toMatchObject({ total: 6, ratings: 3, average: 11 / 3 });
    expect(s.byDay).toEqual([
      { day: '2030-06-03', ratings: 1, average: 5 },
      { day: '2030-06-04', ratings: 2, average: 3 },
    ]);
    expect(s.histogram).toEqual([1, 2, 3, 4, 5].map((rating) => ({ rating, count: rating === 2 || rating === 4 || rating === 5 ? 1 : 0 })));
    expect(s.choices).toEqual([
      { flow: 'wait', question: 'wait_time', choice: 'too_long', count: 2 },
      { flow: 'wait', question: 'wait_time', choice: 'ok', count: 1 },
    ]);
    expect(s.comments.map((c) => c.comment)).toEqual(['شكرا', 'Nadie me contestó']);
  });

  it('says nothing of ratings when there are none', () => {
    expect(summarizeFeedback([], 'UTC')).toMatchObject({ total: 0, ratings: 0, average: null, byDay: [], choices: [], comments: [] });
  });
});
