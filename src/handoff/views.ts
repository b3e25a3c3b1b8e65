/**
 * Where volunteers see tickets. A view shows what happens to a ticket (opened, the person wrote,
 * a volunteer replied, closed) and lets volunteers act on it through the ticket desk
 * (src/handoff/desk.ts): the Slack view (src/handoff/slack) posts a ticket in SLACK_HANDOFF_CHANNEL
 * and reads replies from its thread; the organizer console is another. Every view is told of every
 * event, whichever view it came from, so they stay in step: a reply typed in the console appears
 * in the Slack thread, a ticket closed in Slack shows closed in the console.
 */
import type { Runtime } from '../runtime/runtime';
import type { Ticket, TicketRow, TranscriptLine } from './store';

/** Who acted on a ticket, as the view they acted in knows them (a Slack user id, a console login). */
export interface Actor {
  /** The view the action came from ("slack", "console"). */
  view: string;
  /** Their id in that view. */
  id: string;
  /** A name to show in other views. */
  name?: string;
}

/**
 * One place tickets are shown. Events come from the handoffs queue's worker (opened, person wrote:
 * retried with backoff when a view throws, so each must be safe to call again for the same event)
 * and from the desk (a reply, a close: in the request that made them).
 */
export interface HandoffView {
  readonly name: string;
  /** A ticket was opened: show it with the conversation so far. */
  opened(ticket: Ticket): Promise<void>;
  /** The person wrote while the ticket is open (the bot stays quiet). */
  personWrote(ticket: Ticket, message: { id: string; text: string }): Promise<void>;
  /** A volunteer's reply went to the person; `by.view` says where it was typed (that view has it already). */
  volunteerReplied(ticket: Ticket, reply: { text: string; by: Actor }): Promise<void>;
  /** The ticket was closed: the bot answers the person again. */
  closed(ticket: Ticket, by: Actor): Promise<void>;
}

/** Makes a runtime's view, or null when it is off (Slack without SLACK_HANDOFF_CHANNEL). Its listeners act through `desk`. */
export interface HandoffViewFactory {
  readonly name: string;
  create(rt: Runtime, desk: TicketDesk): HandoffView | null;
}

/** The ticket operations of one runtime (src/handoff/desk.ts), bound to its views: what every surface calls. */
export interface TicketDesk {
  /** The views tickets are shown in. */
  readonly views: readonly HandoffView[];
  /** Open tickets (or `status: 'closed' | 'all'`), newest first, addresses in full. */
  list(opts?: { status?: 'open' | 'closed' | 'all'; limit?: number }): Promise<TicketRow[]>;
  /** One ticket, or undefined. */
  ticket(id: string): Promise<Ticket | undefined>;
  /** The ticket's conversation, oldest first (the last `limit` messages). */
  transcript(ticket: Pick<Ticket, 'contactId'>, limit?: number): Promise<TranscriptLine[]>;
  /** A volunteer's reply to the person (see replyToPerson). */
  reply(handoffId: string, text: string, by: Actor): Promise<'sent' | 'closed' | 'unknown'>;
  /** Closes the ticket (see closeTicket). */
  close(handoffId: string, by: Actor): Promise<boolean>;
  /** The `handoff-open` job. */
  show(handoffId: string): Promise<'shown' | 'gone' | 'closed'>;
  /** The `handoff-relay` job. */
  relay(handoffId: string, messageId: string): Promise<'relayed' | 'done' | 'gone'>;
}
