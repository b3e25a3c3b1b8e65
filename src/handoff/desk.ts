/**
 * The ticket desk of a running system: the ticket operations (src/handoff/tickets.ts) bound to
 * its runtime and its views, for whatever surface volunteers and organizers use: the Slack view's
 * thread replies and Close button, the organizer console's list, transcript, reply and close, the
 * admin API. The handoff module attaches the views when the system starts (AppModule.init);
 * before that, or without the module, the desk works with no view.
 */
import type { Runtime } from '../runtime/runtime';
import { listTickets, loadTicket, transcript } from './store';
import { closeTicket, relayPersonMessage, replyToPerson, showTicket, type HandoffEnv } from './tickets';
import type { HandoffView, TicketDesk } from './views';

/** How many messages of the conversation a ticket shows. */
export const TRANSCRIPT_MESSAGES = 10;

/** A desk over these views. */
export function createDesk(env: HandoffEnv, views: readonly HandoffView[]): TicketDesk {
  return {
    views,
    list: (opts = {}) => listTickets(env.db.kysely, opts.status === 'all' ? {} : { status: opts.status ?? 'open' }, opts.limit ?? 100),
    ticket: (id) => loadTicket(env.db.kysely, id),
    transcript: (ticket, limit = TRANSCRIPT_MESSAGES) => transcript(env.db.kysely, ticket.contactId, limit),
    reply: (handoffId, text, by) => replyToPerson(env, views, handoffId, text, by),
    close: (handoffId, by) => closeTicket(env, views, handoffId, by),
    show: (handoffId) => showTicket(env, views, handoffId),
    relay: (handoffId, messageId) => relayPersonMessage(env, views, handoffId, messageId),
  };
}

const desks = new WeakMap<Runtime, TicketDesk>();

/** Attaches a runtime's desk (the handoff module, when the system starts). */
export function setDesk(rt: Runtime, desk: TicketDesk): void {
  desks.set(rt, desk);
}

/** The ticket desk of a running system (with no view when the handoff module is not running). */
export function ticketDesk(rt: Runtime): TicketDesk {
  return desks.get(rt) ?? createDesk(rt, []);
}
