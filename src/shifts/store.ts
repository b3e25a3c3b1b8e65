/**
 * Shifts, volunteers and sign-ups in the database. Capacity is enforced under the shift's row
 * lock, so two volunteers pressing "Sign up" for the last spot at once end with one of them on it.
 * Ids are returned as strings whatever the backend (pg gives bigint as string, PGlite as number).
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';
import type { Shift, Signup, SignupStatus, Volunteer } from './tables';

type Db = Kysely<Database>;

/** Statuses that hold a spot on the shift. */
export const HOLDS_SPOT: SignupStatus[] = ['active', 'offered'];
/** Statuses of a sign-up still in play (one per volunteer and shift). */
export const LIVE: SignupStatus[] = ['active', 'waitlist', 'offered'];

/** What an organizer gives to create a shift. */
export interface NewShift {
  externalId?: string | null;
  title: string;
  kind: string;
  location: string;
  notes?: string | null;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  capacity: number;
  organizerChannel?: string | null;
  createdBy?: string | null;
}

/** A shift with how many spots are taken and how many wait. */
export interface ShiftSummary extends Shift {
  taken: number;
  waiting: number;
  spotsLeft: number;
}

export function normShift(row: Shift): Shift {
  return { ...row, id: String(row.id), starts_at: new Date(row.starts_at), ends_at: new Date(row.ends_at) };
}

export function normSignup(row: Signup): Signup {
  return { ...row, id: String(row.id), shift_id: String(row.shift_id), offered_at: row.offered_at ? new Date(row.offered_at) : null };
}

function shiftValues(s: NewShift) {
  return {
    external_id: s.externalId ?? null,
    title: s.title,
    kind: s.kind,
    location: s.location,
    notes: s.notes ?? null,
    starts_at: s.startsAt,
    ends_at: s.endsAt,
    timezone: s.timezone,
    capacity: s.capacity,
    organizer_channel: s.organizerChannel ?? null,
    created_by: s.createdBy ?? null,
  };
}

export async function createShift(db: Db, s: NewShift): Promise<Shift> {
  const row = await db.insertInto('shifts').values({ ...shiftValues(s), status: 'scheduled' }).returningAll().executeTakeFirstOrThrow();
  return normShift(row);
}

/**
 * Creates the shift, or updates the one with the same external id (a CSV imported again). Returns
 * the shift before and after, so the caller can move the reminders of a shift whose time changed.
 */
export async function upsertShiftByExternalId(db: Db, s: NewShift & { externalId: string }): Promise<{ before?: Shift; after: Shift }> {
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('shifts').selectAll().where('external_id', '=', s.externalId).forUpdate().executeTakeFirst();
    if (!existing) {
      const row = await tx.insertInto('shifts').values({ ...shiftValues(s), status: 'scheduled' }).returningAll().executeTakeFirstOrThrow();
      return { after: normShift(row) };
    }
    const { created_by: _keep, ...values } = shiftValues(s);
    const row = await tx
      .updateTable('shifts')
      .set({ ...values, updated_at: sql<Date>`now()` })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { before: normShift(existing), after: normShift(row) };
  });
}

export async function getShift(db: Db, id: string): Promise<Shift | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const row = await db.selectFrom('shifts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && normShift(row);
}

/** Moves a shift; returns it before and after (undefined when there is no such shift). */
export async function updateShiftTimes(db: Db, id: string, startsAt: Date, endsAt: Date): Promise<{ before: Shift; after: Shift } | undefined> {
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('shifts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return undefined;
    const after = await tx.updateTable('shifts').set({ starts_at: startsAt, ends_at: endsAt, updated_at: sql<Date>`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return { before: normShift(before), after: normShift(after) };
  });
}

export async function setShiftStatus(db: Db, id: string, status: 'scheduled' | 'cancelled'): Promise<Shift | undefined> {
  const row = await db.updateTable('shifts').set({ status, updated_at: sql<Date>`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
  return row && normShift(row);
}

export async function deleteShift(db: Db, id: string): Promise<boolean> {
  const res = await db.deleteFrom('shifts').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Shifts starting after `from` (scheduled only unless `all`), soonest first, with their counts. */
export async function listShifts(db: Db, opts: { from?: Date; all?: boolean; limit?: number } = {}): Promise<ShiftSummary[]> {
  let q = db
    .selectFrom('shifts')
    .selectAll('shifts')
    .select((eb) => [
      eb.selectFrom('shift_signups').select(eb.fn.countAll<string>().as('n')).whereRef('shift_signups.shift_id', '=', 'shifts.id').where('shift_signups.status', 'in', HOLDS_SPOT).as('taken'),
      eb.selectFrom('shift_signups').select(eb.fn.countAll<string>().as('n')).whereRef('shift_signups.shift_id', '=', 'shifts.id').where('shift_signups.status', '=', 'waitlist').as('waiting'),
    ])
    .orderBy('starts_at')
    .orderBy('id');
  if (opts.from) q = q.where('starts_at', '>', opts.from);
  if (!opts.all) q = q.where('status', '=', 'scheduled');
  if (opts.limit) q = q.limit(opts.limit);
  const rows = await q.execute();
  return rows.map((r) => {
    const taken = Number(r.taken ?? 0);
    const { taken: _t, waiting: _w, ...shift } = r;
    return { ...normShift(shift as Shift), taken, waiting: Number(r.waiting ?? 0), spotsLeft: Math.max(0, r.capacity - taken) };
  });
}

// ---- volunteers ------------------------------------------------------------------------------

export async function volunteerBySlack(db: Db, slackUserId: string): Promise<Volunteer | undefined> {
  return db.selectFrom('volunteers').selectAll().where('slack_user_id', '=', slackUserId).executeTakeFirst();
}

export async function volunteerByPhone(db: Db, phone: string): Promise<Volunteer | undefined> {
  return db.selectFrom('volunteers').selectAll().where('phone', '=', phone).executeTakeFirst();
}

export async function getVolunteer(db: Db, id: string): Promise<Volunteer | undefined> {
  return db.selectFrom('volunteers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The volunteer with this Slack user id or phone, created on first use (safe under concurrency). */
export async function ensureVolunteer(
  db: Db,
  v: { slackUserId?: string; phone?: string; name?: string | null; language?: string | null; slackLocale?: string | null },
): Promise<Volunteer> {
  const find = () => (v.slackUserId ? volunteerBySlack(db, v.slackUserId) : volunteerByPhone(db, v.phone!));
  if (!v.slackUserId && !v.phone) throw new Error('a volunteer needs a Slack user id or a phone number');
  const existing = await find();
  if (existing) return existing;
  await db
    .insertInto('volunteers')
    .values({ id: randomUUID(), name: v.name ?? null, slack_user_id: v.slackUserId ?? null, phone: v.phone ?? null, language: v.language ?? null, slack_locale: v.slackLocale ?? null })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return (await find())!;
}

export async function updateVolunteer(db: Db, id: string, patch: { language?: string | null; slackLocale?: string | null; name?: string | null }): Promise<void> {
  await db
    .updateTable('volunteers')
    .set({
      ...(patch.language !== undefined ? { language: patch.language } : {}),
      ...(patch.slackLocale !== undefined ? { slack_locale: patch.slackLocale } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

// ---- sign-ups --------------------------------------------------------------------------------

export async function getSignup(db: Db, id: string): Promise<Signup | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const row = await db.selectFrom('shift_signups').selectAll().where('id', '=', id).executeTakeFirst();
  return row && normSignup(row);
}

/** A sign-up with its shift and volunteer (undefined when any of them is gone). */
export async function signupDetails(db: Db, id: string): Promise<{ signup: Signup; shift: Shift; volunteer: Volunteer } | undefined> {
  const signup = await getSignup(db, id);
  if (!signup) return undefined;
  const [shift, volunteer] = await Promise.all([getShift(db, signup.shift_id), getVolunteer(db, signup.volunteer_id)]);
  return shift && volunteer ? { signup, shift, volunteer } : undefined;
}

/** The live sign-ups of a volunteer, by shift id. */
export async function liveSignupsOf(db: Db, volunteerId: string): Promise<Map<string, Signup>> {
  const rows = await db.selectFrom('shift_signups').selectAll().where('volunteer_id', '=', volunteerId).where('status', 'in', LIVE).execute();
  return new Map(rows.map((r) => [String(r.shift_id), normSignup(r)]));
}

/** Sign-ups of a shift in some statuses, oldest first (the waitlist order). */
export async function signupsOf(db: Db, shiftId: string, statuses: SignupStatus[] = LIVE): Promise<Signup[]> {
  const rows = await db.selectFrom('shift_signups').selectAll().where('shift_id', '=', shiftId).where('status', 'in', statuses).orderBy('id').execute();
  return rows.map(normSignup);
}

/** The roster of a shift: sign-ups with their volunteers. */
export async function rosterOf(db: Db, shiftId: string, statuses: SignupStatus[] = LIVE): Promise<(Signup & { volunteer: Volunteer })[]> {
  const rows = await signupsOf(db, shiftId, statuses);
  const out: (Signup & { volunteer: Volunteer })[] = [];
  for (const r of rows) {
    const volunteer = await getVolunteer(db, r.volunteer_id);
    if (volunteer) out.push({ ...r, volunteer });
  }
  return out;
}

/** What happened to a sign-up attempt. */
export type SignUpOutcome =
  | { kind: 'signed_up'; signup: Signup; shift: Shift }
  | { kind: 'waitlisted'; signup: Signup; shift: Shift }
  | { kind: 'already'; signup: Signup; shift: Shift }
  | { kind: 'full'; shift: Shift }
  | { kind: 'started'; shift: Shift }
  | { kind: 'unavailable' };

/**
 * Takes a spot on a shift (or, with `waitlist`, a place in its queue when it is full). Refused when
 * the shift has started, is cancelled or gone; a full shift answers `full` unless `waitlist`.
 */
export async function signUp(db: Db, shiftId: string, volunteerId: string, now: Date, opts: { waitlist?: boolean } = {}): Promise<SignUpOutcome> {
  if (!/^\d{1,18}$/.test(shiftId)) return { kind: 'unavailable' };
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('shifts').selectAll().where('id', '=', shiftId).forUpdate().executeTakeFirst();
    if (!row || row.status !== 'scheduled') return { kind: 'unavailable' } as const;
    const shift = normShift(row);
    if (shift.starts_at.getTime() <= now.getTime()) return { kind: 'started', shift } as const;
    const existing = await tx.selectFrom('shift_signups').selectAll().where('shift_id', '=', shiftId).where('volunteer_id', '=', volunteerId).where('status', 'in', LIVE).executeTakeFirst();
    if (existing) return { kind: 'already', signup: normSignup(existing), shift } as const;
    const taken = await countHolding(tx, shiftId);
    if (taken < shift.capacity) {
      const signup = await tx.insertInto('shift_signups').values({ shift_id: shiftId, volunteer_id: volunteerId, status: 'active', confirmed_at: null, offered_at: null, feedback_rating: null, feedback_comment: null, feedback_at: null, created_at: now }).returningAll().executeTakeFirstOrThrow();
      return { kind: 'signed_up', signup: normSignup(signup), shift } as const;
    }
    if (!opts.waitlist) return { kind: 'full', shift } as const;
    const signup = await tx.insertInto('shift_signups').values({ shift_id: shiftId, volunteer_id: volunteerId, status: 'waitlist', confirmed_at: null, offered_at: null, feedback_rating: null, feedback_comment: null, feedback_at: null, created_at: now }).returningAll().executeTakeFirstOrThrow();
    return { kind: 'waitlisted', signup: normSignup(signup), shift } as const;
  });
}

async function countHolding(sdb: Kysely<Database>, shiftId: string): Promise<number> {
  const row = await sdb.selectFrom('shift_signups').select((eb) => eb.fn.countAll<string>().as('n')).where('shift_id', '=', shiftId).where('status', 'in', HOLDS_SPOT).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What releasing a sign-up did: its status before, and the waitlisted sign-up now offered the spot. */
export interface Release {
  signup: Signup;
  previous: SignupStatus;
  shift: Shift;
  offered?: Signup;
}

/**
 * Runs `fn` in a transaction holding the sign-up's shift row and then the sign-up row locked (in
 * that order, everywhere, so two changes to one shift never deadlock). Undefined when either is gone.
 */
async function withLockedSignup<T>(db: Db, signupId: string, fn: (sdb: Kysely<Database>, shiftRow: Shift, current: Signup) => Promise<T | undefined>): Promise<T | undefined> {
  const found = await getSignup(db, signupId);
  if (!found) return undefined;
  return db.transaction().execute(async (tx) => {
    const shiftRow = await tx.selectFrom('shifts').selectAll().where('id', '=', found.shift_id).forUpdate().executeTakeFirst();
    const current = await tx.selectFrom('shift_signups').selectAll().where('id', '=', signupId).forUpdate().executeTakeFirst();
    if (!shiftRow || !current) return undefined;
    return fn(tx, shiftRow, current);
  });
}

/**
 * Ends a live sign-up (`cancelled`, or `passed` for a declined offer). When it held a spot, the spot
 * goes to the first on the waitlist as an offer (while the shift has not started). Undefined when
 * the sign-up was not live (already cancelled: pressing Cancel twice does nothing twice).
 */
export async function releaseSignup(db: Db, signupId: string, now: Date, status: 'cancelled' | 'passed' = 'cancelled'): Promise<Release | undefined> {
  return withLockedSignup(db, signupId, async (sdb, shiftRow, current) => {
    if (!LIVE.includes(current.status)) return undefined;
    const shift = normShift(shiftRow);
    const updated = await sdb.updateTable('shift_signups').set({ status, updated_at: sql<Date>`now()` }).where('id', '=', signupId).returningAll().executeTakeFirstOrThrow();
    const release: Release = { signup: normSignup(updated), previous: current.status, shift };
    if (HOLDS_SPOT.includes(current.status)) release.offered = await offerNext(sdb, shift, now);
    return release;
  });
}

/** Offers a free spot to the first waitlisted volunteer, if there is a free spot and the shift is still ahead. */
async function offerNext(sdb: Kysely<Database>, shift: Shift, now: Date): Promise<Signup | undefined> {
  if (shift.status !== 'scheduled' || shift.starts_at.getTime() <= now.getTime()) return undefined;
  if ((await countHolding(sdb, shift.id)) >= shift.capacity) return undefined;
  const next = await sdb.selectFrom('shift_signups').selectAll().where('shift_id', '=', shift.id).where('status', '=', 'waitlist').orderBy('id').limit(1).forUpdate().executeTakeFirst();
  if (!next) return undefined;
  const offered = await sdb.updateTable('shift_signups').set({ status: 'offered', offered_at: now, updated_at: sql<Date>`now()` }).where('id', '=', next.id).returningAll().executeTakeFirstOrThrow();
  return normSignup(offered);
}

/**
 * When an offer made at `offeredAt` runs out: `ttlMs` later, never past the shift's start (a spot
 * offered an hour before the start is open for that hour). Pure.
 */
export function offerDeadline(offeredAt: Date, startsAt: Date, ttlMs: number): Date {
  return new Date(Math.min(offeredAt.getTime() + ttlMs, startsAt.getTime()));
}

/**
 * Turns an offered spot into a sign-up; undefined when the offer is no longer open, has run out
 * (with `ttlMs`, see offerDeadline) or the shift has started.
 */
export async function acceptOffer(db: Db, signupId: string, now: Date, ttlMs = Infinity): Promise<{ signup: Signup; shift: Shift } | undefined> {
  return withLockedSignup(db, signupId, async (sdb, shiftRow, current) => {
    if (current.status !== 'offered') return undefined;
    const shift = normShift(shiftRow);
    if (shift.status !== 'scheduled' || shift.starts_at.getTime() <= now.getTime()) return undefined;
    const offeredAt = current.offered_at ? new Date(current.offered_at) : now;
    if (offerDeadline(offeredAt, shift.starts_at, ttlMs).getTime() <= now.getTime()) return undefined;
    const updated = await sdb.updateTable('shift_signups').set({ status: 'active', confirmed_at: now, updated_at: sql<Date>`now()` }).where('id', '=', signupId).returningAll().executeTakeFirstOrThrow();
    return { signup: normSignup(updated), shift };
  });
}

/**
 * Ends an offer that ran out: the sign-up made `offeredEpoch` (its offered_at, in seconds) becomes
 * `expired` and the spot is offered to the next on the waitlist, as a pass would. Undefined when
 * that offer is no longer open (taken, passed, already expired, or a newer offer) or not due yet.
 */
export async function expireOffer(db: Db, signupId: string, offeredEpoch: number, now: Date, ttlMs: number): Promise<Release | undefined> {
  return withLockedSignup(db, signupId, async (sdb, shiftRow, current) => {
    if (current.status !== 'offered' || !current.offered_at) return undefined;
    const offeredAt = new Date(current.offered_at);
    if (Math.floor(offeredAt.getTime() / 1000) !== offeredEpoch) return undefined;
    const shift = normShift(shiftRow);
    if (offerDeadline(offeredAt, shift.starts_at, ttlMs).getTime() > now.getTime()) return undefined;
    const updated = await sdb.updateTable('shift_signups').set({ status: 'expired', updated_at: sql<Date>`now()` }).where('id', '=', signupId).returningAll().executeTakeFirstOrThrow();
    return { signup: normSignup(updated), previous: 'offered' as const, shift, offered: await offerNext(sdb, shift, now) };
  });
}

/** Records "I'll be there" on an active sign-up; false when it is no longer active. */
export async function confirmSignup(db: Db, signupId: string, now: Date): Promise<boolean> {
  const res = await db.updateTable('shift_signups').set({ confirmed_at: now, updated_at: sql<Date>`now()` }).where('id', '=', signupId).where('status', '=', 'active').executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Stores the after-shift rating and/or comment. */
export async function recordFeedback(db: Db, signupId: string, f: { rating?: number; comment?: string }, now: Date): Promise<boolean> {
  const res = await db
    .updateTable('shift_signups')
    .set({
      ...(f.rating !== undefined ? { feedback_rating: f.rating } : {}),
      ...(f.comment !== undefined ? { feedback_comment: f.comment } : {}),
      feedback_at: now,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', signupId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
