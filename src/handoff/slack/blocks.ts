/**
 * A ticket as a Slack message: who (channel, masked address, language, when), why, the
 * conversation so far, and a Close button, or who closed it. Pure: data in, Block Kit out, every
 * word from `slack.handoff.*` in the organizers' language (SLACK_ORGANIZER_LANGUAGE).
 */
import { isPhoneChannel } from '../../channels/registry';
import { clip, escapeMrkdwn, splitText } from '../../channels/slack/mrkdwn';
import type { Block } from '../../channels/slack/render';
import { maskPhone } from '../../lib/phone';
import { localDateTime } from '../../lib/time-zones';
import type { Ticket, TranscriptLine } from '../store';

/** action_id of the Close button (its value is the ticket id). */
export const CLOSE_ACTION = 'handoff_close';
const MAX_LINE = 600;

/** The organizers' words for tickets, and how a language is named to them. */
export interface TicketTexts {
  t(key: string, vars?: Record<string, string | number>): string;
  /** "Español (es)", or the code. */
  languageName(code: string): string;
  /** The zone "opened at" is shown in. */
  timeZone: string;
}

/** How an identity's address is shown in Slack: phone numbers masked, a Slack user mentioned, other ids shortened. */
export function maskedAddress(identity: { channel: string; address: string }): string {
  if (isPhoneChannel(identity.channel)) return maskPhone(identity.address);
  if (identity.channel === 'slack') return `<@${identity.address}>`;
  const tail = identity.address.slice(-4);
  return `…${tail}`;
}

/** The ticket's message; `closedBy` (mrkdwn: a mention or a name) replaces the Close button with who closed it. */
export function ticketBlocks(texts: TicketTexts, ticket: Ticket, lines: TranscriptLine[], closedBy?: string): { text: string; blocks: Block[] } {
  const { t } = texts;
  const identity = ticket.identity;
  const title = t('title');
  const details = t('details', {
    channel: identity?.channel ?? '—',
    from: identity ? maskedAddress(identity) : '—',
    language: escapeMrkdwn(ticket.language ? texts.languageName(ticket.language) : '—'),
    opened: localDateTime(ticket.openedAt, texts.timeZone),
  });
  const reason = ticket.reason ? `\n${t('reason', { reason: escapeMrkdwn(ticket.reason) })}` : '';
  const quoted = lines.map((m) => `>${m.direction === 'in' ? t('person_label') : t('bot_label')}: ${escapeMrkdwn(clip(m.text.trim(), MAX_LINE)).replace(/\n+/g, '\n>')}`);
  const transcript = quoted.length ? quoted.join('\n') : `_${t('no_messages')}_`;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(title, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: `${details}${reason}` } },
    ...splitText(`*${t('transcript')}*\n${transcript}`).map((part) => ({ type: 'section', text: { type: 'mrkdwn', text: part } })),
  ];
  if (closedBy) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t('closed', { user: closedBy }) }] });
  } else if (ticket.status === 'open') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t('instructions') }] });
    blocks.push({ type: 'actions', block_id: 'handoff', elements: [{ type: 'button', action_id: CLOSE_ACTION, style: 'danger', text: { type: 'plain_text', text: t('close') }, value: ticket.id }] });
  }
  return { text: `${title}: ${identity?.channel ?? ''} ${identity ? maskedAddress(identity) : ''}`.trim(), blocks };
}
