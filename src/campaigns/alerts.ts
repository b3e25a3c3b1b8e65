/**
 * Telling the organizers: every campaign event is in campaign_events (shown by `status`); the ones
 * that need a human (the campaign paused itself) are also posted to Slack by a job, retried with
 * backoff, through the real WebClient as the feedback digest does. The alert is written in the
 * organizers' language (SLACK_ORGANIZER_LANGUAGE, else DEFAULT_LANGUAGE): `slack.campaign_alert.*`.
 */
import { UnrecoverableError } from 'bullmq';
import type { Kysely } from 'kysely';
import { channelName, reportFormats, type ReportTexts } from '../i18n/organizer-texts';
import { reportTexts } from '../i18n/organizer-texts';
import type { Runtime } from '../runtime/runtime';
import { CAMPAIGN_JOB, CAMPAIGN_QUEUE, campaignJobIds, type AlertJob } from './jobs';
import type { Database } from '../store/schema';

/** Slack errors that retrying will not fix (api.slack.com/methods/chat.postMessage#errors). */
const PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'account_inactive', 'token_revoked', 'missing_scope', 'restricted_action']);

/** Records an event on a campaign; returns its id. */
export async function recordEvent(db: Kysely<Database>, campaignId: string, kind: string, detail: unknown, at: Date): Promise<string> {
  const row = await db
    .insertInto('campaign_events')
    .values({ campaign_id: campaignId, kind, detail: detail === undefined ? null : JSON.stringify(detail), created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/** Where alerts go: CAMPAIGN_ALERT_CHANNEL, else the digest channel, else the handoff channel. */
export function alertChannel(rt: Pick<Runtime, 'config'>): string | undefined {
  return rt.config.CAMPAIGN_ALERT_CHANNEL ?? rt.config.DIGEST_CHANNEL ?? rt.config.SLACK_HANDOFF_CHANNEL;
}

/** Queues the Slack alert for an event (once per event); logs it in any case. */
export async function alertOrganizers(rt: Runtime, campaignId: string, eventId: string, text: string): Promise<void> {
  rt.log.warn({ campaignId, eventId }, text);
  if (!rt.config.SLACK_BOT_TOKEN || !alertChannel(rt)) return;
  const data: AlertJob = { campaignId, eventId };
  await rt.queues.get(CAMPAIGN_QUEUE).add(CAMPAIGN_JOB.alert, data, { jobId: campaignJobIds.alert(campaignId, eventId), attempts: 6, backoff: { type: 'exponential', delay: 10_000 } });
}

/** What the circuit breaker stored in a pause event's detail (src/campaigns/breaker.ts, BreakerTrip). */
interface TripDetail {
  channel: string;
  finished: number;
  rate: number;
  threshold: number;
  codes: { code: string; count: number }[];
}

function isTrip(value: unknown): value is TripDetail {
  const v = value as Partial<TripDetail> | null;
  return !!v && typeof v.channel === 'string' && typeof v.finished === 'number' && typeof v.rate === 'number' && typeof v.threshold === 'number' && Array.isArray(v.codes);
}

/**
 * The alert's text for a campaign that paused itself, in `texts`' language. Pure. The breaker's
 * reason is written from its figures; any other reason is shown as recorded.
 */
export function pausedAlertText(texts: ReportTexts, campaign: { id: string; name: string }, event: { kind: string; detail: unknown }): string {
  const t = (key: string, vars?: Record<string, string | number>) => texts.translator.t(texts.language, `slack.campaign_alert.${key}`, vars);
  const f = reportFormats(texts.language);
  const detail = (event.detail ?? {}) as { reason?: string; detail?: unknown };
  const trip = detail.detail;
  const reason = isTrip(trip)
    ? t('breaker', {
        count: trip.finished,
        rate: f.rate(trip.rate),
        channel: channelName(texts, trip.channel),
        codes: trip.codes
          .slice(0, 3)
          .map((c) => `${c.code} ×${f.int(c.count)}`)
          .join(', '),
        threshold: f.rate(trip.threshold),
      })
    : (detail.reason ?? event.kind);
  return t('paused', { name: campaign.name, id: campaign.id, reason });
}

/** The alert job: posts the event's text to Slack, in the organizers' language. */
export async function postAlert(rt: Runtime, db: Kysely<Database>, job: AlertJob): Promise<string> {
  const token = rt.config.SLACK_BOT_TOKEN;
  const channel = alertChannel(rt);
  if (!token || !channel) return 'off';
  const event = await db.selectFrom('campaign_events').selectAll().where('id', '=', job.eventId).executeTakeFirst();
  const campaign = await db.selectFrom('campaigns').select(['id', 'name', 'status']).where('id', '=', job.campaignId).executeTakeFirst();
  if (!event || !campaign) return 'gone';
  const text = pausedAlertText(reportTexts(rt), campaign, event);
  // Bolt is loaded here, when a post is due, not with the module: most processes never post.
  const { webApi } = await import('@slack/bolt');
  const client = new webApi.WebClient(token, {
    ...(rt.config.SLACK_API_URL ? { slackApiUrl: rt.config.SLACK_API_URL } : {}),
    retryConfig: { retries: 1 }, // BullMQ retries the job; the client's own retries would hold a worker
    logLevel: webApi.LogLevel.ERROR,
  });
  try {
    await client.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false });
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code && PERMANENT.has(code)) throw new UnrecoverableError(`Slack refused the campaign alert: ${code}`);
    throw err;
  }
  return 'posted';
}
