/**
 * Tickets in Slack, one view of the handoff (src/handoff/views.ts):
 *  - a new ticket is posted in SLACK_HANDOFF_CHANNEL: channel, masked address, language, the last
 *    messages of the conversation, and a Close button; the thread's ts is stored;
 *  - what the person writes is posted in that thread;
 *  - a volunteer's reply in the thread (not the bot's) goes to the person through the ticket desk;
 *    a reply typed elsewhere (the console) is posted in the thread, so the thread tells the whole story;
 *  - Close (here or elsewhere) updates the ticket message and says who closed it.
 * Organizer-facing text is in SLACK_ORGANIZER_LANGUAGE (default DEFAULT_LANGUAGE).
 */
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackApp } from '../../channels/slack/app';
import { slackAppFor } from '../../channels/slack/app-for';
import { clip, escapeMrkdwn, slackToPlain } from '../../channels/slack/mrkdwn';
import type { Runtime } from '../../runtime/runtime';
import type { Ticket } from '../store';
import type { Actor, HandoffView, HandoffViewFactory, TicketDesk } from '../views';
import { CLOSE_ACTION, ticketBlocks, type TicketTexts } from './blocks';

/** How a volunteer is named in a thread: a Slack user is mentioned, anyone else by name. */
function mention(by: Actor): string {
  return by.view === 'slack' ? `<@${by.id}>` : escapeMrkdwn(by.name ?? by.id);
}

/** The Slack view of tickets; null when Slack is off or SLACK_HANDOFF_CHANNEL is not set. */
export const slackTicketView: HandoffViewFactory = {
  name: 'slack',
  create(rt: Runtime, desk: TicketDesk): HandoffView | null {
    const slack = slackAppFor(rt);
    if (!slack) return null;
    const channel = slack.settings.handoffChannel;
    if (!channel) {
      rt.log.warn('slack: SLACK_HANDOFF_CHANNEL is not set: requests for a person wait in the handoffs queue');
      return null;
    }
    const db = rt.db.kysely;
    const tr = rt.translator;
    const texts: TicketTexts = {
      t: (key, vars = {}) => tr.t(slack.settings.organizerLanguage, `slack.handoff.${key}`, vars),
      languageName: (code) => (tr.has(code, 'language.native_name') ? `${tr.t(code, 'language.native_name')} (${code})` : code),
      timeZone: rt.config.DEFAULT_TIMEZONE,
    };
    const threadOf = (handoffId: string) => db.selectFrom('slack_handoff_threads').selectAll().where('handoff_id', '=', handoffId).executeTakeFirst();
    const message = async (ticket: Ticket, closedBy?: string) => ticketBlocks(texts, ticket, await desk.transcript(ticket), closedBy);

    listen(slack, channel, desk, async (where) => {
      const thread = await db.selectFrom('slack_handoff_threads').select('handoff_id').where('channel', '=', where.channel).where('ts', '=', where.ts).executeTakeFirst();
      return thread ? String(thread.handoff_id) : undefined;
    }, texts);

    // Tickets from the web simulator never reach the organizers' Slack: whoever can reach the
    // simulator (explicitly on beside real channels) could otherwise post into it at will. They stay
    // in the other views (the console) and /api/admin/tickets. With Slack configured the simulator
    // is never in its harmless default mode, so this is "always" (docs/security.md).
    const shown = (ticket: Ticket) => ticket.identity?.channel !== 'web';

    return {
      name: 'slack',
      async opened(ticket) {
        if (!shown(ticket)) return;
        // Once: a retried job finds the thread stored.
        if (await threadOf(ticket.id)) return;
        const { text, blocks } = await message(ticket);
        const posted = await slack.sender.post({ channel, text, blocks, unfurl_links: false, unfurl_media: false });
        await db.insertInto('slack_handoff_threads').values({ handoff_id: ticket.id, channel: posted.channel, ts: posted.ts }).onConflict((oc) => oc.column('handoff_id').doNothing()).execute();
        rt.log.info({ handoffId: ticket.id }, 'slack: handoff ticket posted');
      },
      async personWrote(ticket, written) {
        if (!shown(ticket)) return;
        const thread = await threadOf(ticket.id);
        // The ticket is posted by its own job; until then, retry with backoff.
        if (!thread) throw new Error(`handoff ${ticket.id}: ticket not posted yet`);
        await slack.sender.post({ channel: thread.channel, thread_ts: thread.ts, text: texts.t('person', { text: escapeMrkdwn(clip(written.text, 2900)) }), unfurl_links: false, unfurl_media: false });
      },
      async volunteerReplied(ticket, reply) {
        if (reply.by.view === 'slack' || !shown(ticket)) return; // typed in the thread: it is there already
        const thread = await threadOf(ticket.id);
        if (!thread) return;
        await slack.sender.post({ channel: thread.channel, thread_ts: thread.ts, text: texts.t('volunteer', { name: mention(reply.by), text: escapeMrkdwn(clip(reply.text, 2900)) }), unfurl_links: false, unfurl_media: false });
      },
      async closed(ticket, by) {
        if (!shown(ticket)) return;
        const thread = await threadOf(ticket.id);
        if (!thread) return;
        const { text, blocks } = await message(ticket, mention(by));
        await slack.client.chat.update({ channel: thread.channel, ts: thread.ts, text, blocks });
        await slack.sender.post({ channel: thread.channel, thread_ts: thread.ts, text: texts.t('closed', { user: mention(by) }) });
      },
    };
  },
};

/** The thread listener (a volunteer's reply) and the Close button, acting through the desk. */
function listen(slack: SlackApp, channel: string, desk: TicketDesk, ticketOfThread: (where: { channel: string; ts: string }) => Promise<string | undefined>, texts: TicketTexts): void {
  slack.bolt.message(async ({ message }) => {
    const m = message as { channel: string; subtype?: string; thread_ts?: string; ts: string; user?: string; bot_id?: string; text?: string };
    if (m.channel !== channel || !m.thread_ts || m.thread_ts === m.ts) return;
    if ((m.subtype !== undefined && m.subtype !== 'thread_broadcast') || !m.user || m.bot_id) return;
    const handoffId = await ticketOfThread({ channel: m.channel, ts: m.thread_ts });
    if (!handoffId) return;
    const outcome = await desk.reply(handoffId, slackToPlain(m.text ?? ''), { view: 'slack', id: m.user });
    if (outcome === 'closed') {
      await slack.client.chat.postEphemeral({ channel: m.channel, user: m.user, thread_ts: m.thread_ts, text: texts.t('closed_reply') }).catch(() => {});
    }
  });
  slack.bolt.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: CLOSE_ACTION }, async ({ ack, body, action }) => {
    await ack();
    if (!/^\d{1,18}$/.test(action.value ?? '')) return;
    await desk.close(action.value!, { view: 'slack', id: body.user.id });
  });
}
