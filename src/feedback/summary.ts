/**
 * What a set of feedback answers says, for a page: ratings per day, how often each rating and
 * each choice was given, and the comments, newest first. Pure: the console's "What people said"
 * reads the same rows as the export (src/feedback/query.ts), so the figures and the file agree.
 */
import { localDate } from '../lib/time-zones';
import type { FeedbackRow } from './query';

/** The rating scale of the shipped feedback flows (1 to 5). */
export const RATING_SCALE = 5;

/** The ratings of one local day. */
export interface RatingDay {
  /** YYYY-MM-DD in the time zone asked for. */
  day: string;
  ratings: number;
  average: number;
}

/** How often one choice was picked for one question of one flow. */
export interface ChoiceCount {
  flow: string;
  question: string;
  choice: string;
  count: number;
}

/** The summary of a set of answers. */
export interface FeedbackSummary {
  total: number;
  ratings: number;
  /** The average of every rating, null when none. */
  average: number | null;
  /** Ratings per local day, oldest first (days without a rating left out). */
  byDay: RatingDay[];
  /** How many times each rating value was given, from 1 up. */
  histogram: { rating: number; count: number }[];
  /** Per flow and question, most picked first. */
  choices: ChoiceCount[];
  /** The answers with a comment, newest first. */
  comments: FeedbackRow[];
}

/** Summarizes `rows` with days in `timeZone`. Pure. */
export function summarizeFeedback(rows: readonly FeedbackRow[], timeZone: string): FeedbackSummary {
  const days = new Map<string, { sum: number; n: number }>();
  const values = new Map<number, number>();
  const choices = new Map<string, ChoiceCount>();
  let sum = 0;
  let ratings = 0;
  for (const r of rows) {
    if (r.rating !== null) {
      const day = localDate(r.created_at, timeZone);
      const d = days.get(day) ?? { sum: 0, n: 0 };
      d.sum += r.rating;
      d.n++;
      days.set(day, d);
      values.set(r.rating, (values.get(r.rating) ?? 0) + 1);
      sum += r.rating;
      ratings++;
    }
    if (r.choice !== null) {
      const key = `${r.flow}\u0000${r.question}\u0000${r.choice}`;
      const c = choices.get(key) ?? { flow: r.flow, question: r.question, choice: r.choice, count: 0 };
      c.count++;
      choices.set(key, c);
    }
  }
  const byDay = [...days].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, d]) => ({ day, ratings: d.n, average: d.sum / d.n }));
  // Every value from 1 to 5 (the flows' scale) or the highest given, so a missing bar reads as zero.
  const top = Math.max(RATING_SCALE, ...values.keys());
  const histogram = Array.from({ length: top }, (_, i) => ({ rating: i + 1, count: values.get(i + 1) ?? 0 }));
  const choiceList = [...choices.values()].sort((a, b) => a.flow.localeCompare(b.flow) || a.question.localeCompare(b.question) || b.count - a.count || a.choice.localeCompare(b.choice));
  const comments = rows.filter((r) => r.comment !== null && r.comment.trim() !== '').sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || Number(b.id) - Number(a.id));
  return { total: rows.length, ratings, average: ratings ? sum / ratings : null, byDay, histogram, choices: choiceList, comments };
}
