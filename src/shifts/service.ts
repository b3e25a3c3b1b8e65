/**
 * What volunteers and organizers do with shifts, whatever the surface (Slack, the CLI): each
 * operation changes the database, then keeps the reminder jobs and the waitlist in step.
 */
import type { ShiftsEnv } from './env';
import { epochSec } from './jobs';
import { suppressPendingNotices } from './notify';
import { offerSpot, offerTtlMs, processOfferExpiry } from './offers';
import { scheduleSignup, unscheduleSignup } from './reminders';
import type { Shift, Signup, Volunteer } from './tables';
import { acceptOffer, confirmSignup, createShift, deleteShift, getShift, getSignup, getVolunteer, releaseSignup, setShiftStatus, signUp, signupsOf, updateShiftTimes, upsertShiftByExternalId, type NewShift, type Release, type SignUpOutcome } from './store';

/** Signs a volunteer up (or onto the waitlist) and plans their reminders. */
export async function signUpVolunteer(env: ShiftsEnv, shiftId: string, volunteer: Volunteer, opts: { waitlist?: boolean } = {}): Promise<SignUpOutcome> {
  const outcome = await signUp(env.db.kysely, shiftId, volunteer.id, env.now(), opts);
  if (outcome.kind === 'signed_up') await scheduleSignup(env, outcome.shift, outcome.signup.id);
  return outcome;
}

/** What giving up a spot did, for the organizers' notice. */
export interface Released extends Release {
  /** The volunteer now offered the spot, when someone was waiting. */
  offeredTo?: Volunteer;
}

/**
 * Ends a sign-up (Cancel, "Can't make it", leaving the waitlist): its reminders are removed and any
 * not yet sent withdrawn; a freed spot is offered to the first on the waitlist. Undefined when the
 * sign-up was not live (the second press of a button).
 */
export async function releaseVolunteer(env: ShiftsEnv, signupId: string, status: 'cancelled' | 'passed' = 'cancelled'): Promise<Released | undefined> {
  const release = await releaseSignup(env.db.kysely, signupId, env.now(), status);
  if (!release) return undefined;
  await unscheduleSignup(env, release.shift, signupId);
  await suppressPendingNotices(env.db.kysely, [signupId], 'signup_cancelled');
  const released: Released = { ...release };
  if (release.offered) released.offeredTo = await offerSpot(env, release.shift, release.offered);
  return released;
}

/**
 * Takes an offered spot; undefined when the offer is gone (taken back, passed, run out, shift
 * started). An offer past its time is passed to the next person at once, without waiting for its
 * expiry job.
 */
export async function acceptSpot(env: ShiftsEnv, signupId: string): Promise<{ signup: Signup; shift: Shift } | undefined> {
  const accepted = await acceptOffer(env.db.kysely, signupId, env.now(), offerTtlMs(env));
  if (accepted) {
    await scheduleSignup(env, accepted.shift, accepted.signup.id);
    return accepted;
  }
  const signup = await getSignup(env.db.kysely, signupId);
  if (signup?.status === 'offered' && signup.offered_at) await processOfferExpiry(env, { signupId, offeredEpoch: epochSec(signup.offered_at) });
  return undefined;
}

/** Declines an offered spot; it goes to the next one waiting. */
export async function passSpot(env: ShiftsEnv, signupId: string): Promise<Released | undefined> {
  return releaseVolunteer(env, signupId, 'passed');
}

/** "I'll be there". */
export async function confirmVolunteer(env: ShiftsEnv, signupId: string): Promise<boolean> {
  return confirmSignup(env.db.kysely, signupId, env.now());
}

/** Creates a shift. */
export async function addShift(env: ShiftsEnv, s: NewShift): Promise<Shift> {
  return createShift(env.db.kysely, s);
}

/** Creates or updates a shift by its external id; a changed time moves its reminders. */
export async function importShift(env: ShiftsEnv, s: NewShift & { externalId: string }): Promise<{ shift: Shift; created: boolean; moved: boolean }> {
  const { before, after } = await upsertShiftByExternalId(env.db.kysely, s);
  const moved = Boolean(before && (before.starts_at.getTime() !== after.starts_at.getTime() || before.ends_at.getTime() !== after.ends_at.getTime()));
  if (before && moved) await replan(env, before, after);
  return { shift: after, created: !before, moved };
}

/** Moves a shift: every active sign-up's reminders move with it. Undefined when there is no such shift. */
export async function moveShift(env: ShiftsEnv, shiftId: string, startsAt: Date, endsAt: Date): Promise<Shift | undefined> {
  if (endsAt.getTime() <= startsAt.getTime()) throw new RangeError('a shift must end after it starts');
  const moved = await updateShiftTimes(env.db.kysely, shiftId, startsAt, endsAt);
  if (!moved) return undefined;
  await replan(env, moved.before, moved.after);
  return moved.after;
}

async function replan(env: ShiftsEnv, before: Shift, after: Shift): Promise<void> {
  const active = await signupsOf(env.db.kysely, after.id, ['active']);
  // Reminders stored for the old time but not sent yet would give the wrong time: withdrawn.
  await suppressPendingNotices(env.db.kysely, active.map((s) => s.id), 'shift_moved');
  for (const s of active) {
    await unscheduleSignup(env, before, s.id);
    if (after.status === 'scheduled') await scheduleSignup(env, after, s.id);
  }
}

/** Cancels a shift: no reminder for it is ever sent. Returns the volunteers who were on it. */
export async function cancelShift(env: ShiftsEnv, shiftId: string): Promise<{ shift: Shift; volunteers: Volunteer[] } | undefined> {
  const shift = await setShiftStatus(env.db.kysely, shiftId, 'cancelled');
  if (!shift) return undefined;
  const live = await signupsOf(env.db.kysely, shiftId);
  await suppressPendingNotices(env.db.kysely, live.map((s) => s.id), 'shift_cancelled');
  const volunteers: Volunteer[] = [];
  for (const s of live) {
    await unscheduleSignup(env, shift, s.id);
    const v = await getVolunteer(env.db.kysely, s.volunteer_id);
    if (v && s.status === 'active') volunteers.push(v);
  }
  return { shift, volunteers };
}

/** Deletes a shift and its sign-ups; reminders not yet sent are withdrawn first. */
export async function removeShift(env: ShiftsEnv, shiftId: string): Promise<boolean> {
  const shift = await getShift(env.db.kysely, shiftId);
  if (!shift) return false;
  const all = await signupsOf(env.db.kysely, shiftId, ['active', 'waitlist', 'offered', 'cancelled', 'passed', 'expired']);
  await suppressPendingNotices(env.db.kysely, all.map((s) => s.id), 'shift_deleted');
  for (const s of all) if (s.status === 'active') await unscheduleSignup(env, shift, s.id);
  return deleteShift(env.db.kysely, shiftId);
}

export { getShift };
