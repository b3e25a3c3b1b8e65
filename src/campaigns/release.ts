/**
 * The release of due messages: 'scheduled' messages (an anchor time, or the end of the person's
 * quiet hours) whose time has come go to 'pending' and into their channel's queue, a page at a
 * time, under the fan-out's back-pressure: only while no channel of the campaign has
 * CAMPAIGN_BACKLOG campaign sends waiting. At 08:00 a whole time zone's audience becomes due at
 * once; released in one loop, all of it would sit in Redis (~0.9 KB a send).
 *
 * One job per campaign and run, with a deterministic id, so a repeated tick or two workers add it
 * once. It releases a page and moves itself back to delayed: at once when the page was full (more
 * may be due), after BACKLOG_WAIT_MS when a queue is full, so a full backlog never waits for the
 * next tick. It ends when nothing is due, the campaign is paused, or a newer run took over. The
 * periodic check (tick.ts) starts it when a running campaign has due messages and no release is
 * alive.
 *
 * A message due outside the person's sending hours (released late: a backlog that drained past
 * 21:00, a campaign resumed at night) is not released but scheduled again for the next window:
 * otherwise deliver() would park each in Redis as a delayed send, which the back-pressure does
 * not count, and the rest of the audience would follow it.
 *
 * Exactly once: a message moves 'scheduled' → 'pending' in a conditional UPDATE, so two releases
 * (a stale run and a new one) never both take it, and its send job id is its message id. A crash
 * after the commit leaves 'pending' messages, which the core's sweep or a relaunch queues.
 */
import { DelayedError, type Job } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Runtime } from '../runtime/runtime';
import { campaignChannels } from './rehearsal';
import { checkBreaker } from './breaker';
import { pauseCampaign } from './pause';
import { loadCampaign } from './stored';
import { BACKLOG_WAIT_MS, queueFlowStarts } from './fanout';
import { CAMPAIGN_JOB, CAMPAIGN_QUEUE, FANOUT_JOB_OPTIONS, campaignJobIds, type ReleaseJob } from './jobs';
import { backlogFull, enqueueCampaignSends, sendableAfter } from './send-queue';
import type { Database } from '../store/schema';

/** What one activation of the release job did. */
export interface ReleaseResult {
  status: 'stale' | 'paused' | 'waiting' | 'page' | 'done';
  released: number;
}

/** Job states in which a release is under way (BullMQ's Job.getState()). */
const ALIVE = new Set(['waiting', 'prioritized', 'active', 'delayed']);

/**
 * Processes one activation of a release job: one page, then back to delayed while more may be
 * due. `job` and `token` let it wait (moveToDelayed); without them (tests) it returns after the
 * page, or 'waiting' when a queue is full.
 */
export async function runRelease(rt: Runtime, data: ReleaseJob, job?: Job, token?: string): Promise<ReleaseResult> {
  const db = rt.db.kysely;
  const campaign = await loadCampaign(db, data.campaignId);
  // Paused: nothing goes until resumed (the messages stay 'scheduled'); the check starts a new run's release.
  if (!campaign || campaign.status !== 'running' || campaign.run !== data.run) return { status: 'stale', released: 0 };
  const def = campaign.def;
  const again = async (ms: number, result: ReleaseResult): Promise<ReleaseResult> => {
    if (job && token) {
      await job.moveToDelayed(Date.now() + ms, token);
      throw new DelayedError();
    }
    return result;
  };
  if (await backlogFull(rt, campaignChannels(rt, def, campaign.rehearsal))) return again(BACKLOG_WAIT_MS, { status: 'waiting', released: 0 });
  // As in the fan-out: a release of a whole state's audience must stop when carriers start refusing it.
  const trip = await checkBreaker(rt, db, data.campaignId, def);
  if (trip) {
    await pauseCampaign(rt, data.campaignId, { reason: trip.reason, by: 'circuit-breaker', detail: trip });
    return { status: 'paused', released: 0 };
  }
  const limit = def.pacing ? Math.min(rt.config.CAMPAIGN_BATCH_SIZE, def.pacing.per_minute) : rt.config.CAMPAIGN_BATCH_SIZE;
  // A rehearsal starts no flow (as in the fan-out).
  const page = await releasePage(rt, db, data.campaignId, campaign.rehearsal ? undefined : def.flow, rt.now(), limit);
  if (page.later) rt.log.info({ campaignId: data.campaignId, messages: page.later }, 'campaign messages due in quiet hours: scheduled again for the next sending window');
  if (page.due < limit) return { status: 'done', released: page.released };
  const delay = def.pacing ? Math.ceil(((page.due - page.later) / def.pacing.per_minute) * 60_000) : 0;
  return again(delay, { status: 'page', released: page.released });
}

/**
 * Starts the release of a running campaign's due messages, unless one is alive (waiting, delayed
 * between pages, or active). Its id is fixed per run, so a finished or failed one is removed first
 * (BullMQ ignores an add whose id exists). Returns whether a release is under way.
 */
export async function startRelease(rt: Runtime, db: Kysely<Database>, campaignId: string, run: number, now: Date): Promise<boolean> {
  if (!(await dueMessages(db, campaignId, now, 1)).length) return false;
  const queue = rt.queues.get(CAMPAIGN_QUEUE);
  const data: ReleaseJob = { campaignId, run };
  const jobId = campaignJobIds.release(data);
  const job = await queue.getJob(jobId);
  if (job && ALIVE.has(await job.getState())) return true;
  // Removing a job another worker holds fails (it is alive after all): then the add is a no-op.
  if (job) await job.remove().catch(() => undefined);
  await queue.add(CAMPAIGN_JOB.release, data, { jobId, ...FANOUT_JOB_OPTIONS });
  return true;
}

/**
 * Due messages: still 'scheduled', their time come, their deadline not passed (the check drops
 * those). Released rows have their `send_at` cleared, so this range of the
 * campaign_recipients_scheduled index (campaign_id, send_at) holds only what still waits, and a
 * page costs a page, however much of the campaign went before.
 */
function dueMessages(db: Kysely<Database>, campaignId: string, now: Date, limit: number) {
  return db
    .selectFrom('campaign_recipients as r')
    .innerJoin('messages as m', 'm.id', 'r.message_id')
    .innerJoin('identities as i', 'i.id', 'r.identity_id')
    .innerJoin('contacts as c', 'c.id', 'r.contact_id')
    .select(['m.id', 'm.channel', 'r.step', 'r.contact_id', 'r.identity_id', 'r.language', 'i.address', 'c.timezone'])
    .where('r.campaign_id', '=', campaignId)
    .where('r.status', '=', 'queued')
    .where('r.send_at', '<=', now)
    .where((eb) => eb.or([eb('r.expires_at', 'is', null), eb('r.expires_at', '>', now)]))
    .where('m.status', '=', 'scheduled')
    .orderBy('r.send_at')
    .limit(limit)
    .execute();
}

/**
 * One page: what is due in the person's quiet hours is scheduled again for their end; for the
 * rest, flow starts first (a flow start waits while its message is 'scheduled', so a crash after
 * them loses nothing), then 'scheduled' → 'pending' with the ledger's `send_at` cleared, in one
 * transaction, then the sends. `due` is what was found, `later` what was scheduled again,
 * `released` what this release took.
 */
async function releasePage(rt: Runtime, db: Kysely<Database>, campaignId: string, flowId: string | undefined, now: Date, limit: number): Promise<{ due: number; later: number; released: number }> {
  const due = await dueMessages(db, campaignId, now, limit);
  const later = new Map<number, string[]>();
  const ready: typeof due = [];
  for (const d of due) {
    const target = { address: d.address, contactId: d.contact_id, identityId: d.identity_id!, language: d.language ?? rt.translator.defaultLanguage, timezone: d.timezone };
    const until = sendableAfter(rt, d.channel, target, now);
    if (until) later.set(until.getTime(), [...(later.get(until.getTime()) ?? []), d.id]);
    else ready.push(d);
  }
  // One statement per time: a page's people are in a few time zones.
  for (const [at, ids] of later) await db.updateTable('campaign_recipients').set({ send_at: new Date(at) }).where('campaign_id', '=', campaignId).where('message_id', 'in', ids).execute();
  const result = { due: due.length, later: due.length - ready.length, released: 0 };
  if (!ready.length) return result;
  if (flowId) {
    const firsts = ready.filter((d) => d.step === 1);
    await queueFlowStarts(rt, flowId, campaignId, firsts.map((d) => ({ contactId: d.contact_id, identityId: d.identity_id!, messageId: String(d.id) })));
  }
  const ids = ready.map((d) => d.id);
  const released = await db.transaction().execute(async (tx) => {
    const rows = await tx.updateTable('messages').set({ status: 'pending' }).where('id', 'in', ids).where('status', '=', 'scheduled').returning(['id', 'channel']).execute();
    await tx.updateTable('campaign_recipients').set({ send_at: null }).where('campaign_id', '=', campaignId).where('message_id', 'in', ids).execute();
    return rows;
  });
  await enqueueCampaignSends(rt, released.map((m) => ({ id: String(m.id), channel: m.channel })));
  return { ...result, released: released.length };
}
