/**
 * Posting the digest: window since the last digest posted, figures from the database, the pure
 * builder, Slack's chat.postMessage through the real WebClient. One row per scheduled occurrence
 * in `digests` makes a retried job post once; the row keeps the figures (never comments) for the
 * next digest's "what changed".
 */
import { UnrecoverableError } from 'bullmq';
import { reportTexts } from '../i18n/organizer-texts';
import type { Runtime } from '../runtime/runtime';
import { buildDigest, type DigestMessage, type DigestSummary } from './digest';
import { digestData } from './digest-data';

const DAY_MS = 86_400_000;

/** What building and posting a digest needs (a whole Runtime, or the CLI's smaller one). */
export type ReportDeps = Pick<Runtime, 'config' | 'db' | 'log' | 'now'> & { translator?: Runtime['translator'] };

/** Slack errors that retrying will not fix (api.slack.com/methods/chat.postMessage#errors). */
const PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'missing_scope', 'invalid_blocks', 'msg_too_long', 'restricted_action']);

/** The organizers' time zone for digests. */
export function digestTimeZone(rt: Pick<ReportDeps, 'config'>): string {
  return rt.config.DIGEST_TIMEZONE ?? rt.config.DEFAULT_TIMEZONE;
}

/** Each shipped language's own name ("Español"), for showing communities by name. */
export function languageNames(rt: Pick<ReportDeps, 'translator'>): Record<string, string> {
  const t = rt.translator;
  if (!t) return {};
  return Object.fromEntries(t.languages.map((code) => [code, t.has(code, 'language.native_name') ? t.t(code, 'language.native_name') : code]));
}

/** The last digest posted: its window end and figures. */
async function lastPosted(rt: ReportDeps): Promise<{ end: Date; summary: DigestSummary } | null> {
  const row = await rt.db.kysely.selectFrom('digests').select(['period_end', 'summary']).where('status', '=', 'posted').orderBy('period_end', 'desc').limit(1).executeTakeFirst();
  return row ? { end: new Date(row.period_end), summary: row.summary as DigestSummary } : null;
}

/** Builds the digest as of rt.now() (since the last one posted, or the last 24 h) without posting it. */
export async function previewDigest(rt: ReportDeps): Promise<DigestMessage> {
  const now = rt.now();
  const previous = await lastPosted(rt);
  const since = previous && previous.end < now ? previous.end : new Date(now.getTime() - DAY_MS);
  const data = await digestData(rt.db.kysely, { since, until: now, orgName: rt.config.ORG_NAME, timeZone: digestTimeZone(rt), previous: previous?.summary ?? null, languageNames: languageNames(rt) });
  return buildDigest(data, now, reportTexts(rt));
}

/**
 * Builds and posts the digest to DIGEST_CHANNEL, once per `occurrence`. Returns what happened.
 * Slack's permanent errors (unknown channel, bad token) end the job without retries.
 */
export async function postDigest(rt: ReportDeps, occurrence: string): Promise<{ status: 'posted' | 'already-posted' | 'off'; ts?: string }> {
  const channel = rt.config.DIGEST_CHANNEL;
  const token = rt.config.SLACK_BOT_TOKEN;
  if (!channel || !token) return { status: 'off' };
  const db = rt.db.kysely;
  const existing = await db.selectFrom('digests').select(['status', 'slack_ts']).where('occurrence', '=', occurrence).executeTakeFirst();
  if (existing?.status === 'posted') return { status: 'already-posted', ts: existing.slack_ts ?? undefined };

  const message = await previewDigest(rt);
  const { summary } = message;
  await db
    .insertInto('digests')
    .values({ occurrence, period_start: summary.periodStart, period_end: summary.periodEnd, summary: JSON.stringify(summary), status: 'pending', slack_channel: channel, slack_ts: null })
    .onConflict((oc) => oc.column('occurrence').doUpdateSet({ period_start: summary.periodStart, period_end: summary.periodEnd, summary: JSON.stringify(summary) }))
    .execute();
  // Bolt is loaded here, when a post is due, not with the module: most processes never post.
  const { webApi } = await import('@slack/bolt');
  const client = new webApi.WebClient(token, {
    ...(rt.config.SLACK_API_URL ? { slackApiUrl: rt.config.SLACK_API_URL } : {}),
    // BullMQ retries the job with backoff; the client's own 10 retries over 30 minutes would hold a worker.
    retryConfig: { retries: 1 },
    logLevel: webApi.LogLevel.ERROR,
  });
  let ts: string | undefined;
  try {
    const res = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
    ts = res.ts;
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code && PERMANENT.has(code)) throw new UnrecoverableError(`Slack refused the digest: ${code}`);
    throw err;
  }
  await db.updateTable('digests').set({ status: 'posted', slack_ts: ts ?? null }).where('occurrence', '=', occurrence).execute();
  rt.log.info({ occurrence, responses: summary.total }, 'feedback digest posted');
  return { status: 'posted', ts };
}
