/**
 * What happens to a ticket, whoever makes it happen: the runner opens it (a flow's `handoff`
 * action, AGENT) and queues `handoff-open`, and while it is open queues `handoff-relay` for each
 * message the person sends (src/runtime/inbound-pipeline.ts); the handoffs worker shows both in
 * every view; a volunteer's reply goes to the person on their channel; closing gives the person
 * back to the bot. Each operation tells every view (src/handoff/views.ts), so Slack and the
 * console stay in step.
 */
import { queueMessage } from '../runtime/outbound';
import type { Runtime } from '../runtime/runtime';
import { closeTicketRow, loadTicket, markRelayed, messageToRelay } from './store';
import type { Actor, HandoffView } from './views';

/** What the ticket operations need of the running system. */
export type HandoffEnv = Pick<Runtime, 'db' | 'queues' | 'log' | 'translator' | 'now'>;

/** The text the person gets when their ticket is closed (a shipped key of every language). */
export const PERSON_CLOSED_KEY = 'slack.handoff.person_closed';

/** `handoff-open`: shows a newly opened ticket in every view (each shows it once, however often the job runs). */
export async function showTicket(env: HandoffEnv, views: readonly HandoffView[], handoffId: string): Promise<'shown' | 'gone' | 'closed'> {
  const ticket = await loadTicket(env.db.kysely, handoffId);
  if (!ticket) return 'gone';
  if (ticket.status !== 'open') return 'closed';
  for (const view of views) await view.opened(ticket);
  return 'shown';
}

/** `handoff-relay`: what the person wrote while the ticket is open, to every view, once per message. */
export async function relayPersonMessage(env: HandoffEnv, views: readonly HandoffView[], handoffId: string, messageId: string): Promise<'relayed' | 'done' | 'gone'> {
  const db = env.db.kysely;
  const message = await messageToRelay(db, messageId);
  if (!message) return 'gone';
  if (message.status === 'relayed') return 'done';
  const ticket = await loadTicket(db, handoffId);
  if (!ticket) return 'gone';
  for (const view of views) await view.personWrote(ticket, { id: String(message.id), text: message.body ?? '' });
  await markRelayed(db, messageId);
  return 'relayed';
}

/**
 * A volunteer's reply, from any view: sent to the person on their channel, as written, in whatever
 * language they wrote it (consent and quiet hours are checked at send time, as for every message).
 * 'closed' when the ticket is no longer open (nothing is sent), 'unknown' when there is no such
 * ticket, no one to send to, or nothing to send.
 */
export async function replyToPerson(env: HandoffEnv, views: readonly HandoffView[], handoffId: string, text: string, by: Actor): Promise<'sent' | 'closed' | 'unknown'> {
  const ticket = await loadTicket(env.db.kysely, handoffId);
  if (!ticket) return 'unknown';
  if (ticket.status !== 'open') return 'closed';
  if (!ticket.identity || !text) return 'unknown';
  await queueMessage(env, { contactId: ticket.contactId, identityId: ticket.identity.id, channel: ticket.identity.channel, message: { text }, kind: 'reply' });
  env.log.info({ handoffId, channel: ticket.identity.channel, view: by.view }, 'handoff: volunteer reply relayed');
  for (const view of views) await view.volunteerReplied(ticket, { text, by });
  return 'sent';
}

/** Ends a ticket, from any view: every view shows it closed and the person hears the bot is back. False when it was closed already. */
export async function closeTicket(env: HandoffEnv, views: readonly HandoffView[], handoffId: string, by: Actor): Promise<boolean> {
  const db = env.db.kysely;
  const closed = await closeTicketRow(db, handoffId, env.now());
  if (!closed) return false;
  const ticket = await loadTicket(db, handoffId);
  if (ticket) for (const view of views) await view.closed(ticket, by);
  if (ticket?.identity) {
    const language = ticket.language ?? env.translator.defaultLanguage;
    await queueMessage(env, {
      contactId: ticket.contactId,
      identityId: ticket.identity.id,
      channel: ticket.identity.channel,
      message: { text: env.translator.t(language, PERSON_CLOSED_KEY), key: PERSON_CLOSED_KEY },
      kind: 'reply',
    });
  }
  env.log.info({ handoffId, view: by.view }, 'handoff: closed');
  return true;
}
