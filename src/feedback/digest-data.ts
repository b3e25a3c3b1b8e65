/** Reads what a digest is made of from the database (the I/O half of src/feedback/digest.ts). */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { DIGEST_COMMENTS, type DigestData, type DigestSummary } from './digest';
import { engagementData } from './engagement';
import { groupUnanswered, TOP_GROUPS } from '../knowledge/unanswered/group';
import { listUnanswered } from '../knowledge/unanswered/store';

/** Figures, newest comments and the unanswered questions' groups for [since, until). */
export async function digestData(
  db: Kysely<Database>,
  opts: { since: Date; until: Date; orgName: string; timeZone: string; previous: DigestSummary | null; languageNames?: Record<string, string> },
): Promise<DigestData> {
  const window = db.selectFrom('feedback').where('created_at', '>=', opts.since).where('created_at', '<', opts.until);
  const byChannel = await window.select(['channel', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('channel').execute();
  const byLanguage = await window.select(['language', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('language').execute();
  const flows = await window
    .select(['flow_id', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.count<string>('rating').as('ratings'), (eb) => eb.fn.avg<string>('rating').as('average')])
    .groupBy('flow_id')
    .execute();
  const choices = await window
    .select(['flow_id', 'question', 'choice', (eb) => eb.fn.countAll<string>().as('n')])
    .where('choice', 'is not', null)
    .groupBy(['flow_id', 'question', 'choice'])
    .execute();
  const comments = await window
    .select(['created_at', 'flow_id', 'question', 'channel', 'language', 'topic', 'rating', 'comment'])
    .where('comment', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(DIGEST_COMMENTS)
    .execute();
  const commentCount = await window.select((eb) => eb.fn.countAll<string>().as('n')).where('comment', 'is not', null).executeTakeFirst();
  const total = byChannel.reduce((t, r) => t + Number(r.n), 0);
  // Grouped here, kept to the groups the digest shows (texts are personal data: no more than needed).
  const unanswered = groupUnanswered(await listUnanswered(db, { since: opts.since, until: opts.until })).languages.map((l) => ({ ...l, groups: l.groups.slice(0, TOP_GROUPS) }));
  return {
    orgName: opts.orgName,
    timeZone: opts.timeZone,
    period: { start: opts.since, end: opts.until },
    feedback: {
      total,
      byChannel: Object.fromEntries(byChannel.map((r) => [r.channel, Number(r.n)])),
      byLanguage: Object.fromEntries(byLanguage.map((r) => [r.language, Number(r.n)])),
      flows: flows.map((r) => ({ flow: r.flow_id, responses: Number(r.n), ratings: Number(r.ratings), average: r.average === null ? null : Number(r.average) })),
      choices: choices.map((r) => ({ flow: r.flow_id, question: r.question, choice: r.choice!, count: Number(r.n) })),
      comments: comments.map((r) => ({ at: new Date(r.created_at), flow: r.flow_id, question: r.question, channel: r.channel, language: r.language, topic: r.topic, rating: r.rating, text: r.comment! })),
      commentCount: Number(commentCount?.n ?? 0),
    },
    engagement: await engagementData(db, opts.since, opts.until),
    previous: opts.previous,
    languageNames: opts.languageNames,
    unanswered,
  };
}
