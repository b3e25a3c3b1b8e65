/**
 * Human handoff through Slack. The core opens a ticket (a flow's `handoff` action, or AGENT /
 * HUMANO) and queues `handoff-open`; while it is open the bot stays quiet and queues a
 * `handoff-relay` for each message the person sends (src/runtime/process-contact.ts). Here:
 *  - handoff-open posts the ticket in SLACK_HANDOFF_CHANNEL: channel, masked number, language,
 *    the last messages of the conversation, and a Close button; the thread's ts is stored;
 *  - handoff-relay posts the person's message in that thread;
 *  - a person's reply in the thread (not the bot's) goes to the person on their channel;
 *  - Close ends the ticket (the bot answers again) and updates the ticket message.
 * Organizer-facing text is in SLACK_ORGANIZER_LANGUAGE (default DEFAULT_LANGUAGE).
 */
import type { BlockAction, ButtonAction } from '@slack/bolt';
import { UnrecoverableError } from 'bullmq';
import { sql } from 'kysely';
import { maskPhone } from '../../lib/phone';
import { isPhoneChannel } from '../registry';
import { SendError } from '../errors';
import { JOB, QUEUES, type HandoffJob } from '../../queue/jobs';
import { startWorker } from '../../queue/worker';
import { queueMessage } from '../../runtime/outbound';
import { getContact, getIdentity } from '../../store/contacts';
import type { Identity } from '../../store/schema';
import { localDateTime } from '../../lib/time-zones';
import type { SlackApp } from './app';
import { clip, escapeMrkdwn, slackToPlain, splitText } from './mrkdwn';
import type { Block } from './render';

/** How much of the conversation a ticket shows. */
export const TRANSCRIPT_MESSAGES = 10;
const CLOSE_ACTION = 'handoff_close';
const MAX_LINE = 600;

/** How an identity's address is shown in Slack: phone numbers masked, other ids shortened. */
export function maskedAddress(identity: Pick<Identity, 'channel' | 'address'>): string {
  if (isPhoneChannel(identity.channel)) return maskPhone(identity.address);
  if (identity.channel === 'slack') return `<@${identity.address}>`;
  const tail = identity.address.slice(-4);
  return `…${tail}`;
}

function t(slack: SlackApp, key: string, vars: Record<string, string | number> = {}): string {
  return slack.rt.translator.t(slack.settings.organizerLanguage, `slack.handoff.${key}`, vars);
}

function languageName(slack: SlackApp, language: string | null): string {
  const tr = slack.rt.translator;
  if (!language) return '—';
  return tr.has(language, 'language.native_name') ? `${tr.t(language, 'language.native_name')} (${language})` : language;
}

/** The ticket's blocks; `closedBy` replaces the Close button with who closed it. */
async function ticketBlocks(slack: SlackApp, handoffId: string, closedBy?: string): Promise<{ text: string; blocks: Block[] } | undefined> {
  const db = slack.rt.db.kysely;
  const handoff = await db.selectFrom('handoffs').selectAll().where('id', '=', handoffId).executeTakeFirst();
  if (!handoff) return undefined;
  const identity = handoff.identity_id ? await getIdentity(db, handoff.identity_id) : undefined;
  const contact = await getContact(db, handoff.contact_id);
  const history = await db
    .selectFrom('messages')
    .select(['direction', 'body', 'created_at'])
    .where('contact_id', '=', handoff.contact_id)
    .orderBy('id', 'desc')
    .limit(TRANSCRIPT_MESSAGES)
    .execute();
  const title = t(slack, 'title');
  const details = t(slack, 'details', {
    channel: identity?.channel ?? '—',
    from: identity ? maskedAddress(identity) : '—',
    language: escapeMrkdwn(languageName(slack, contact?.language ?? null)),
    opened: localDateTime(new Date(handoff.created_at), slack.rt.config.DEFAULT_TIMEZONE),
  });
  const reason = handoff.reason ? `\n${t(slack, 'reason', { reason: escapeMrkdwn(handoff.reason) })}` : '';
  const lines = history
    .reverse()
    .filter((m) => m.body)
    .map((m) => `>${m.direction === 'in' ? t(slack, 'person_label') : t(slack, 'bot_label')}: ${escapeMrkdwn(clip(m.body!.trim(), MAX_LINE)).replace(/\n+/g, '\n>')}`);
  const transcript = lines.length ? lines.join('\n') : `_${t(slack, 'no_messages')}_`;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(title, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: `${details}${reason}` } },
    ...splitText(`*${t(slack, 'transcript')}*\n${transcript}`).map((part) => ({ type: 'section', text: { type: 'mrkdwn', text: part } })),
  ];
  if (closedBy) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t(slack, 'closed', { user: `<@${closedBy}>` }) }] });
  } else if (handoff.status === 'open') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t(slack, 'instructions') }] });
    blocks.push({ type: 'actions', block_id: 'handoff', elements: [{ type: 'button', action_id: CLOSE_ACTION, style: 'danger', text: { type: 'plain_text', text: t(slack, 'close') }, value: String(handoff.id) }] });
  }
  return { text: `${title}: ${identity?.channel ?? ''} ${identity ? maskedAddress(identity) : ''}`.trim(), blocks };
}

async function threadOf(slack: SlackApp, handoffId: string) {
  return slack.rt.db.kysely.selectFrom('slack_handoff_threads').selectAll().where('handoff_id', '=', handoffId).executeTakeFirst();
}

/** Posts a ticket in the handoff channel (once: a retried job finds the thread stored). */
export async function openTicket(slack: SlackApp, handoffId: string): Promise<'posted' | 'exists' | 'gone' | 'closed'> {
  const channel = slack.settings.handoffChannel;
  if (!channel) throw new UnrecoverableError('SLACK_HANDOFF_CHANNEL is not set');
  if (await threadOf(slack, handoffId)) return 'exists';
  const handoff = await slack.rt.db.kysely.selectFrom('handoffs').select(['status']).where('id', '=', handoffId).executeTakeFirst();
  if (!handoff) return 'gone';
  if (handoff.status !== 'open') return 'closed';
  const ticket = await ticketBlocks(slack, handoffId);
  if (!ticket) return 'gone';
  const posted = await slack.sender.post({ channel, text: ticket.text, blocks: ticket.blocks as any, unfurl_links: false, unfurl_media: false });
  await slack.rt.db.kysely
    .insertInto('slack_handoff_threads')
    .values({ handoff_id: handoffId, channel: posted.channel, ts: posted.ts })
    .onConflict((oc) => oc.column('handoff_id').doNothing())
    .execute();
  slack.rt.log.info({ handoffId }, 'slack: handoff ticket posted');
  return 'posted';
}

/** Posts what the person wrote into the ticket's thread (once per message). */
export async function relayToThread(slack: SlackApp, handoffId: string, messageId: string): Promise<'posted' | 'done' | 'gone'> {
  const db = slack.rt.db.kysely;
  const message = await db.selectFrom('messages').select(['id', 'body', 'status']).where('id', '=', messageId).executeTakeFirst();
  if (!message) return 'gone';
  if (message.status === 'relayed') return 'done';
  const thread = await threadOf(slack, handoffId);
  // The ticket is posted by its own job; until then, retry with backoff.
  if (!thread) throw new Error(`handoff ${handoffId}: ticket not posted yet`);
  const text = t(slack, 'person', { text: escapeMrkdwn(clip(message.body ?? '', 2900)) });
  await slack.sender.post({ channel: thread.channel, thread_ts: thread.ts, text, unfurl_links: false, unfurl_media: false });
  await db.updateTable('messages').set({ status: 'relayed', updated_at: sql<Date>`now()` }).where('id', '=', messageId).execute();
  return 'posted';
}

/** A reply typed in a ticket's thread, relayed to the person on their channel. */
export async function relayFromThread(slack: SlackApp, m: { channel: string; threadTs: string; user: string; text: string }): Promise<'sent' | 'closed' | 'unknown'> {
  const db = slack.rt.db.kysely;
  const thread = await db.selectFrom('slack_handoff_threads').selectAll().where('channel', '=', m.channel).where('ts', '=', m.threadTs).executeTakeFirst();
  if (!thread) return 'unknown';
  const handoff = await db.selectFrom('handoffs').selectAll().where('id', '=', String(thread.handoff_id)).executeTakeFirst();
  if (!handoff) return 'unknown';
  if (handoff.status !== 'open') {
    await slack.client.chat.postEphemeral({ channel: m.channel, user: m.user, thread_ts: m.threadTs, text: t(slack, 'closed_reply') }).catch(() => {});
    return 'closed';
  }
  const identity = handoff.identity_id ? await getIdentity(db, handoff.identity_id) : undefined;
  if (!identity) return 'unknown';
  const text = slackToPlain(m.text);
  if (!text) return 'unknown';
  // A volunteer's words go as written, in whatever language they wrote them.
  await queueMessage(slack.rt, { contactId: handoff.contact_id, identityId: identity.id, channel: identity.channel, message: { text }, kind: 'reply' });
  slack.rt.log.info({ handoffId: String(handoff.id), channel: identity.channel }, 'slack: volunteer reply relayed');
  return 'sent';
}

/** Ends a ticket: the bot answers the person again. False when it was already closed. */
export async function closeTicket(slack: SlackApp, handoffId: string, userId: string): Promise<boolean> {
  const db = slack.rt.db.kysely;
  const closed = await db
    .updateTable('handoffs')
    .set({ status: 'closed', closed_at: slack.rt.now() })
    .where('id', '=', handoffId)
    .where('status', '=', 'open')
    .returning(['contact_id', 'identity_id'])
    .executeTakeFirst();
  if (!closed) return false;
  const thread = await threadOf(slack, handoffId);
  if (thread) {
    const ticket = await ticketBlocks(slack, handoffId, userId);
    if (ticket) await slack.client.chat.update({ channel: thread.channel, ts: thread.ts, text: ticket.text, blocks: ticket.blocks as any });
    await slack.sender.post({ channel: thread.channel, thread_ts: thread.ts, text: t(slack, 'closed', { user: `<@${userId}>` }) });
  }
  const identity = closed.identity_id ? await getIdentity(db, closed.identity_id) : undefined;
  if (identity) {
    const contact = await getContact(db, closed.contact_id);
    const language = contact?.language ?? slack.rt.translator.defaultLanguage;
    const key = 'slack.handoff.person_closed';
    await queueMessage(slack.rt, { contactId: closed.contact_id, identityId: identity.id, channel: identity.channel, message: { text: slack.rt.translator.t(language, key), key }, kind: 'reply' });
  }
  slack.rt.log.info({ handoffId }, 'slack: handoff closed');
  return true;
}

/** The thread listener and the Close button. */
export function registerHandoff(slack: SlackApp): void {
  const channel = slack.settings.handoffChannel;
  if (!channel) return;
  slack.bolt.message(async ({ message }) => {
    const m = message as { channel: string; subtype?: string; thread_ts?: string; ts: string; user?: string; bot_id?: string; text?: string };
    if (m.channel !== channel || !m.thread_ts || m.thread_ts === m.ts) return;
    if ((m.subtype !== undefined && m.subtype !== 'thread_broadcast') || !m.user || m.bot_id) return;
    await relayFromThread(slack, { channel: m.channel, threadTs: m.thread_ts, user: m.user, text: m.text ?? '' });
  });
  slack.bolt.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: CLOSE_ACTION }, async ({ ack, body, action }) => {
    await ack();
    if (!/^\d{1,18}$/.test(action.value ?? '')) return;
    await closeTicket(slack, action.value!, body.user.id);
  });
}

/** The worker of the handoffs queue: one job at a time, so a thread reads in the order people wrote. */
export async function startHandoffWorker(slack: SlackApp): Promise<{ close(): Promise<void> }> {
  const { rt } = slack;
  const worker = await startWorker<HandoffJob>(rt, {
    queue: QUEUES.handoffs,
    concurrency: 1,
    process: async (job) => {
      try {
        if (job.name === JOB.handoffOpen) return await openTicket(slack, job.data.handoffId);
        if (job.name === JOB.handoffRelay && job.data.messageId) return await relayToThread(slack, job.data.handoffId, job.data.messageId);
        return 'ignored';
      } catch (err) {
        if (err instanceof SendError && !err.retryable) {
          rt.log.error({ handoffId: job.data.handoffId, code: err.details.providerCode }, 'slack: handoff could not be posted (is the bot in SLACK_HANDOFF_CHANNEL?)');
          throw new UnrecoverableError(err.message);
        }
        throw err;
      }
    },
  });
  return { close: () => worker.close() };
}
