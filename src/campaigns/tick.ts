/**
 * The periodic check of every campaign (a BullMQ job scheduler, every CAMPAIGN_TICK_MS, on the
 * injected clock): starts the release of messages whose time (anchor, end of quiet hours) has
 * come (src/campaigns/release.ts: a back-pressured job, since a tick every 30 s could neither wait
 * for a full queue nor release a whole state at once), drops those whose deadline has passed,
 * trips the circuit breaker, restarts a fan-out chain that stopped (its job failed for good, or
 * was lost with Redis), and marks campaigns completed.
 */
import type { Kysely } from 'kysely';
import type { Runtime } from '../runtime/runtime';
import { checkBreaker } from './breaker';
import { kickFanout } from './control';
import { pauseCampaign } from './pause';
import { loadCampaign } from './stored';
import { CAMPAIGN_QUEUE, campaignJobIds } from './jobs';
import { startRelease } from './release';
import { WAITING_STATUSES } from './send-queue';
import { recordEvent } from './alerts';
import type { Database } from '../store/schema';

/** What one tick did, per campaign (for tests and logs). */
export interface TickResult {
  campaignId: string;
  /** Due scheduled messages are being released (a release job was started, or was still going). */
  releasing: boolean;
  expired: number;
  paused?: string;
  restarted: number;
  completed: boolean;
}

/** Runs one check over every running (and, for deadlines, paused) campaign. */
export async function tickCampaigns(rt: Runtime): Promise<TickResult[]> {
  const db = rt.db.kysely;
  const now = rt.now();
  const results: TickResult[] = [];
  const active = await db.selectFrom('campaigns').select(['id', 'status']).where('status', 'in', ['running', 'paused']).orderBy('id').execute();
  for (const { id, status } of active) {
    const result: TickResult = { campaignId: id, releasing: false, expired: await expireMessages(db, id, now), restarted: 0, completed: false };
    results.push(result);
    if (status !== 'running') continue;
    const campaign = await loadCampaign(db, id);
    if (!campaign) continue;
    const trip = await checkBreaker(rt, db, id, campaign.def);
    if (trip) {
      await pauseCampaign(rt, id, { reason: trip.reason, by: 'circuit-breaker', detail: trip });
      result.paused = trip.reason;
      continue;
    }
    result.releasing = await startRelease(rt, db, id, campaign.run, now);
    result.restarted = await restartStalled(rt, db, id, campaign.run, now);
    result.completed = await completeIfDone(db, id, now);
  }
  return results;
}

/** Drops messages whose anchor deadline has passed (they would no longer be true, or useful). */
async function expireMessages(db: Kysely<Database>, campaignId: string, now: Date): Promise<number> {
  const res = await db
    .updateTable('messages')
    .set({ status: 'suppressed', error_code: 'deadline_passed' })
    .where('id', 'in', (eb) =>
      eb.selectFrom('campaign_recipients').select((r) => r.ref('message_id').$notNull().as('message_id')).where('campaign_id', '=', campaignId).where('expires_at', '<=', now).where('message_id', 'is not', null),
    )
    .where('status', 'in', [...WAITING_STATUSES])
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/**
 * A step that is due and not done must have its chain's job alive: the job for the step's
 * cursor. When it is missing, failed for good, or finished without moving the cursor (a crash
 * between commit and the next add), the chain is started again from the cursor; a delayed start
 * job whose time has come on the injected clock is promoted.
 */
async function restartStalled(rt: Runtime, db: Kysely<Database>, campaignId: string, run: number, now: Date): Promise<number> {
  const steps = await db.selectFrom('campaign_progress').selectAll().where('campaign_id', '=', campaignId).where('done_at', 'is', null).where('due_at', '<=', now).execute();
  let restarted = 0;
  const queue = rt.queues.get(CAMPAIGN_QUEUE);
  for (const p of steps) {
    const jobId = campaignJobIds.fanout({ campaignId, run, step: p.step, after: p.cursor });
    const job = await queue.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (state === 'delayed' && p.cursor === '') {
      await job!.promote();
      continue;
    }
    if (state === 'missing' || state === 'failed' || state === 'completed') {
      if (job) await job.remove().catch(() => undefined);
      restarted++;
    }
  }
  if (restarted) {
    await kickFanout(rt, db, campaignId, run);
    await recordEvent(db, campaignId, 'restarted', { steps: restarted }, now);
  }
  return restarted;
}

/** Completed: every step handed out and no message of the campaign still waiting. */
async function completeIfDone(db: Kysely<Database>, campaignId: string, now: Date): Promise<boolean> {
  const open = await db.selectFrom('campaign_progress').select('step').where('campaign_id', '=', campaignId).where('done_at', 'is', null).executeTakeFirst();
  if (open) return false;
  const waiting = await db
    .selectFrom('campaign_recipients as r')
    .innerJoin('messages as m', 'm.id', 'r.message_id')
    .select('m.id')
    .where('r.campaign_id', '=', campaignId)
    .where('m.status', 'in', [...WAITING_STATUSES])
    .limit(1)
    .executeTakeFirst();
  if (waiting) return false;
  const done = await db.updateTable('campaigns').set({ status: 'completed', completed_at: now, updated_at: now }).where('id', '=', campaignId).where('status', '=', 'running').executeTakeFirst();
  if (Number(done.numUpdatedRows) > 0) await recordEvent(db, campaignId, 'completed', null, now);
  return Number(done.numUpdatedRows) > 0;
}
