/**
 * The console as a view of tickets (src/handoff/views.ts). The console reads tickets, their
 * conversation and delivery status from the database, where every view's actions land, and its
 * pages poll for changes (src/console/client/inbox.ts), so a reply or close made in Slack shows
 * without this view doing anything; and what the console does goes through the ticket desk, which
 * tells every other view. Being a view still matters: with the console on, the handoffs worker
 * runs even where Slack is not configured, so the queue of ticket events drains and the person's
 * messages are marked relayed (seen by the volunteers) once the inbox shows them.
 */
import type { HandoffView, HandoffViewFactory } from '../../handoff/views';

/** The console's view of tickets: always on (the console is part of every server). */
export const consoleTicketView: HandoffViewFactory = {
  name: 'console',
  create(rt): HandoffView {
    return {
      name: 'console',
      async opened(ticket) {
        rt.log.debug({ handoffId: ticket.id }, 'console: ticket in the inbox');
      },
      async personWrote() {},
      async volunteerReplied() {},
      async closed() {},
    };
  },
};
