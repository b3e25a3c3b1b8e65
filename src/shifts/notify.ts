/**
 * Messages to volunteers (reminders, offers of a freed spot, the after-shift question). They go
 * through the core's outbound path (stored, then queued on outbound-<channel>), so consent, retries,
 * pacing and the message log work as for every other message: a Slack DM for volunteers with a
 * Slack user id, an SMS otherwise.
 */
import { sql, type Kysely } from 'kysely';
import type { MessageKind, SendTarget } from '../channels/types';
import type { OutboundMessage } from '../engine/types';
import type { ChannelName } from '../channels/registry';
import { enqueueSend } from '../runtime/outbound';
import { findOrCreateIdentity, getContact, updateContact } from '../store/contacts';
import { insertOutbound } from '../store/messages';
import type { Database } from '../store/schema';
import type { ShiftsEnv } from './env';
import { volunteerLanguage } from './language';
import type { NoticeKind, Volunteer } from './tables';

/** Where a volunteer can be reached. */
export interface Reach {
  channel: Extract<ChannelName, 'slack' | 'sms'>;
  address: string;
}

function channelOn(env: ShiftsEnv, channel: ChannelName): boolean {
  if (env.channels) return env.channels.has(channel);
  const c = env.config;
  if (channel === 'slack') return Boolean(c.SLACK_BOT_TOKEN && c.SLACK_SIGNING_SECRET);
  if (channel === 'sms') return Boolean(c.TWILIO_ACCOUNT_SID && c.TWILIO_AUTH_TOKEN && (c.TWILIO_FROM || c.TWILIO_MESSAGING_SERVICE_SID));
  return false;
}

/** How to reach a volunteer: Slack when they have a user id and Slack is on, else SMS; null when neither. */
export function reachOf(env: ShiftsEnv, v: Volunteer, only?: Reach['channel']): Reach | null {
  if (v.slack_user_id && channelOn(env, 'slack') && only !== 'sms') return { channel: 'slack', address: v.slack_user_id };
  if (v.phone && channelOn(env, 'sms') && only !== 'slack') return { channel: 'sms', address: v.phone };
  return null;
}

/** A message sent once under a deterministic id (the reminder ledger, shift_notices). */
export interface NoticeSpec {
  id: string;
  signupId: string;
  kind: NoticeKind;
  /**
   * Runs first in the transaction that records the notice: locks what it reads and answers a
   * reason to skip (the sign-up was cancelled meanwhile), or null to send.
   */
  guard?(tx: Kysely<Database>): Promise<string | null>;
}

export interface VolunteerMessageOptions {
  kind: MessageKind;
  notice?: NoticeSpec;
  /** Only this channel (unused by shifts since SMS volunteers answer by text; kept for features that need Slack's buttons). */
  only?: Reach['channel'];
  /** Skip, rather than send late, when the channel would hold the message (SMS quiet hours) until this time or later. */
  deadline?: Date;
}

/** What became of a message to a volunteer. */
export type VolunteerMessageOutcome =
  | { status: 'queued'; channel: Reach['channel']; messageId: string }
  | { status: 'duplicate'; messageId: string | null }
  | { status: 'skipped'; reason: string };

/**
 * Stores and queues a message to a volunteer, rendered in their language by `build`. With a
 * `notice`, the message and its ledger row are written in one transaction that holds the
 * sign-up's lock, so however often the job runs, one message exists; a run after a crash between
 * commit and enqueue queues the same message again (the send job id is the message id).
 */
export async function messageVolunteer(
  env: ShiftsEnv,
  volunteer: Volunteer,
  build: (language: string, channel: Reach['channel']) => OutboundMessage,
  opts: VolunteerMessageOptions,
): Promise<VolunteerMessageOutcome> {
  const reach = reachOf(env, volunteer, opts.only);
  if (!reach) return { status: 'skipped', reason: 'no_channel' };
  const language = volunteerLanguage(env.translator, volunteer);
  const message = build(language, reach.channel);
  const db = env.db.kysely;
  const { identity } = await findOrCreateIdentity(db, reach.channel, reach.address);
  const contact = await getContact(db, identity.contact_id);
  // A volunteer first met here gets their language on the contact too, so a reply they write
  // starts the flows in it rather than at the language menu.
  if (contact && !contact.language) await updateContact(db, contact.id, { language });

  const adapter = env.channels?.get(reach.channel);
  if (opts.deadline && adapter?.deferUntil) {
    const target: SendTarget = { address: reach.address, contactId: identity.contact_id, identityId: identity.id, language, timezone: contact?.timezone ?? null };
    const heldUntil = adapter.deferUntil(target, opts.kind, env.now());
    if (heldUntil && heldUntil.getTime() >= opts.deadline.getTime()) return { status: 'skipped', reason: 'quiet_hours' };
  }

  const outbound = (tx: Kysely<Database>) =>
    insertOutbound(tx, { contactId: identity.contact_id, identityId: identity.id, channel: reach.channel, kind: opts.kind as 'notification', body: message.text, key: message.key, payload: message });

  let result: VolunteerMessageOutcome;
  if (!opts.notice) {
    result = { status: 'queued', channel: reach.channel, messageId: String(await outbound(db)) };
  } else {
    const notice = opts.notice;
    result = await db.transaction().execute(async (tx): Promise<VolunteerMessageOutcome> => {
      const skip = notice.guard ? await notice.guard(tx) : null;
      if (skip) return { status: 'skipped', reason: skip };
      const seen = await tx.selectFrom('shift_notices').select(['message_id']).where('id', '=', notice.id).executeTakeFirst();
      if (seen) return { status: 'duplicate', messageId: seen.message_id === null ? null : String(seen.message_id) };
      const messageId = String(await outbound(tx));
      await tx.insertInto('shift_notices').values({ id: notice.id, signup_id: notice.signupId, kind: notice.kind, message_id: messageId, channel: reach.channel, outcome: 'queued' }).execute();
      return { status: 'queued', channel: reach.channel, messageId };
    });
  }
  if (env.queues) {
    if (result.status === 'queued') await enqueueSend({ queues: env.queues }, result.channel, result.messageId);
    if (result.status === 'duplicate' && result.messageId) {
      const row = await db.selectFrom('messages').select(['status', 'channel']).where('id', '=', result.messageId).executeTakeFirst();
      // Stored but maybe never queued (a crash between the two): queue it again; the job id is the message id.
      if (row?.status === 'pending') await enqueueSend({ queues: env.queues }, row.channel, result.messageId);
    }
  }
  return result;
}

/**
 * Withdraws reminders and offers stored but not sent yet for these sign-ups (the shift was moved or
 * cancelled, the volunteer cancelled): deliver() sends only pending messages.
 */
export async function suppressPendingNotices(db: Kysely<Database>, signupIds: string[], reason: string): Promise<number> {
  if (signupIds.length === 0) return 0;
  const res = await db
    .updateTable('messages')
    .set({ status: 'suppressed', error_code: reason, updated_at: sql<Date>`now()` })
    .where('direction', '=', 'out')
    .where('status', '=', 'pending')
    .where('id', 'in', (eb) => eb.selectFrom('shift_notices').select('message_id').where('signup_id', 'in', signupIds).where('message_id', 'is not', null))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
