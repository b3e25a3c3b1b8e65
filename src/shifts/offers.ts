/**
 * Offers of a freed spot to the waitlist. When someone gives up a spot, the first person waiting
 * is offered it (store.ts `offerNext`) and told here, by Slack DM with Take the spot / Pass or by
 * SMS with "reply 1 or 2". The offer is open for SHIFT_WAITLIST_OFFER_TTL (never past the shift's
 * start): a delayed job with a deterministic id (`offer-expiry-<signupId>-<offeredEpoch>`) then
 * passes it to the next person. Taking it after that is refused (acceptOffer checks the deadline
 * itself, so a late job changes nothing), and the expiry is run right away.
 */
import type { JobsOptions } from 'bullmq';
import { parseDuration } from '../engine/duration';
import type { ShiftsEnv } from './env';
import { SHIFT_JOB, SHIFTS_QUEUE, epochSec, noticeIds, shiftJobIds, type OfferExpiryJob } from './jobs';
import { messageVolunteer, suppressPendingNotices } from './notify';
import type { Shift, Signup, Volunteer } from './tables';
import { expireOffer, getVolunteer, normSignup, offerDeadline, releaseSignup } from './store';
import { offerMessage } from './texts';

/** Retries like the reminders'; removed once done, so reconcile can plan it again if it ran early. */
const EXPIRY_JOB_OPTIONS: JobsOptions = { attempts: 6, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true };

/** SHIFT_WAITLIST_OFFER_TTL in ms. Throws on a zero or malformed value (the module checks it at start). */
export function offerTtlMs(env: Pick<ShiftsEnv, 'config'>): number {
  const ms = parseDuration(env.config.SHIFT_WAITLIST_OFFER_TTL);
  if (ms === null || ms <= 0) throw new RangeError(`SHIFT_WAITLIST_OFFER_TTL "${env.config.SHIFT_WAITLIST_OFFER_TTL}" is not a duration like 2h or 45m`);
  return ms;
}

/** When the offer made to this sign-up runs out. */
export function offerEnds(env: Pick<ShiftsEnv, 'config'>, shift: Pick<Shift, 'starts_at'>, offered: Pick<Signup, 'offered_at'>, now: Date): Date {
  return offerDeadline(offered.offered_at ? new Date(offered.offered_at) : now, shift.starts_at, offerTtlMs(env));
}

const expiryJobOf = (offered: Pick<Signup, 'id' | 'offered_at'>, now: Date): OfferExpiryJob => ({ signupId: String(offered.id), offeredEpoch: epochSec(offered.offered_at ? new Date(offered.offered_at) : now) });

/** Adds the delayed job that ends this offer (a no-op when it is there already: the id is deterministic). */
export async function scheduleOfferExpiry(env: ShiftsEnv, shift: Pick<Shift, 'starts_at'>, offered: Pick<Signup, 'id' | 'offered_at'>): Promise<string | undefined> {
  if (!env.queues) return undefined;
  const now = env.now();
  const data = expiryJobOf(offered, now);
  const id = shiftJobIds.offerExpiry(data);
  const ends = offerEnds(env, shift, offered, now);
  await env.queues.get(SHIFTS_QUEUE).add(SHIFT_JOB.offerExpiry, data, { ...EXPIRY_JOB_OPTIONS, jobId: id, delay: Math.max(0, ends.getTime() - now.getTime()) });
  return id;
}

/**
 * Tells the volunteer offered a spot (their channel: Slack buttons, or an SMS saying to reply 1 or
 * 2) and starts the clock on the offer. When they cannot be reached in time (no channel, or SMS
 * quiet hours would hold the message past the offer's end) it passes to the next one waiting.
 * Returns the volunteer who was told, if any.
 */
export async function offerSpot(env: ShiftsEnv, shift: Shift, offered: Signup): Promise<Volunteer | undefined> {
  const volunteer = await getVolunteer(env.db.kysely, offered.volunteer_id);
  const now = env.now();
  const until = offerEnds(env, shift, offered, now);
  const job = expiryJobOf(offered, now);
  const outcome = volunteer
    ? await messageVolunteer(env, volunteer, (language, channel) => offerMessage(env.translator, language, channel, shift, offered.id, env.config.ORG_NAME, until), {
        kind: 'notification',
        deadline: until,
        notice: {
          id: noticeIds.offer(job),
          signupId: offered.id,
          kind: 'offer',
          guard: async (tx) => {
            const row = await tx.selectFrom('shift_signups').selectAll().where('id', '=', offered.id).forUpdate().executeTakeFirst();
            const current = row && normSignup(row);
            if (!current || current.status !== 'offered' || !current.offered_at || epochSec(current.offered_at) !== job.offeredEpoch) return 'offer_gone';
            return null;
          },
        },
      })
    : undefined;
  if (volunteer && (outcome?.status === 'queued' || outcome?.status === 'duplicate')) {
    await scheduleOfferExpiry(env, shift, offered);
    return volunteer;
  }
  env.log.debug({ signupId: offered.id, reason: outcome && 'reason' in outcome ? outcome.reason : 'volunteer_gone' }, 'shifts: offer passed on (volunteer not reachable in time)');
  const next = await releaseSignup(env.db.kysely, offered.id, now, 'passed');
  return next?.offered ? offerSpot(env, next.shift, next.offered) : undefined;
}

/** What ending an offer did. */
export type OfferExpiryOutcome = { status: 'expired'; offeredTo?: Volunteer } | { status: 'skipped'; reason: 'not_open_or_not_due' };

/**
 * Ends an offer that ran out (the delayed job, or an "accept" that came too late) and offers the spot
 * to the next person waiting. Does nothing when the offer was taken, passed, or is not due yet.
 */
export async function processOfferExpiry(env: ShiftsEnv, job: OfferExpiryJob): Promise<OfferExpiryOutcome> {
  const expired = await expireOffer(env.db.kysely, job.signupId, job.offeredEpoch, env.now(), offerTtlMs(env));
  if (!expired) return { status: 'skipped', reason: 'not_open_or_not_due' };
  // An offer stored but not sent yet (held by quiet hours, a slow queue) must not go out now.
  await suppressPendingNotices(env.db.kysely, [job.signupId], 'offer_expired');
  env.log.info({ signupId: job.signupId, shiftId: expired.shift.id }, 'shifts: waitlist offer expired');
  const offeredTo = expired.offered ? await offerSpot(env, expired.shift, expired.offered) : undefined;
  return { status: 'expired', ...(offeredTo ? { offeredTo } : {}) };
}

/** Plans the expiry of every open offer of a shift still ahead (reconcile: a Redis flush, a job that ran early). */
export async function planOfferExpiries(env: ShiftsEnv): Promise<number> {
  if (!env.queues) return 0;
  const rows = await env.db.kysely
    .selectFrom('shift_signups')
    .innerJoin('shifts', 'shifts.id', 'shift_signups.shift_id')
    .selectAll('shift_signups')
    .select(['shifts.starts_at as shift_starts_at'])
    .where('shift_signups.status', '=', 'offered')
    .where('shifts.status', '=', 'scheduled')
    .limit(10_000)
    .execute();
  const queue = env.queues.get(SHIFTS_QUEUE);
  let planned = 0;
  for (const r of rows) {
    const signup = normSignup(r);
    const id = shiftJobIds.offerExpiry(expiryJobOf(signup, env.now()));
    if (await queue.getJob(id)) continue;
    await scheduleOfferExpiry(env, { starts_at: new Date(r.shift_starts_at) }, signup);
    planned++;
  }
  return planned;
}
