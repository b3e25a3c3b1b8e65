/**
 * Direct messages with the bot run the normal flows: a DM is an inbound message for channel
 * 'slack' with the user id as the address, a press of a choice button is the choice's value; both
 * reach the core as every channel's messages do, through ChannelContext.accept. Buttons whose
 * value belongs to a feature (shift reminders: `shift:...`) go to that feature.
 */
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { ChannelContext } from '../types';
import type { SlackApp } from './app';
import { escapeMrkdwn } from './mrkdwn';
import { answeredBlocks, CHOICE_ACTION_PREFIX, type Block } from './render';

/** Slack's own system users, never people: Slackbot. */
const SYSTEM_USERS: ReadonlySet<string> = new Set(['USLACKBOT']);

/** Registers the DM listener and the choice-button listener; what they read is handed to `accept`. */
export function registerDirectMessages(slack: SlackApp, accept: ChannelContext['accept']): void {
  const { bolt } = slack;

  bolt.message(async ({ message }) => {
    const m = message as { channel_type?: string; subtype?: string; user?: string; bot_id?: string; text?: string; ts: string; channel: string; client_msg_id?: string; thread_ts?: string };
    // Only what a person typed in a DM: edits, joins, files and bots' messages are not answers, nor
    // Slackbot's system notices (USLACKBOT: no subtype, no bot_id, and users.info says no bot).
    if (m.channel_type !== 'im' || m.subtype !== undefined || !m.user || m.bot_id || SYSTEM_USERS.has(m.user)) return;
    const user = await slack.user(m.user).catch(() => undefined);
    if (user?.isBot) return;
    await accept({
      channel: 'slack',
      address: m.user,
      text: m.text ?? '',
      providerId: m.client_msg_id ?? `${m.channel}-${m.ts}`,
      ...(user?.locale ? { localeHint: user.locale } : {}),
      ...(user?.name ? { displayName: user.name } : {}),
    });
  });

  bolt.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: new RegExp(`^${CHOICE_ACTION_PREFIX}\\d+$`) }, async ({ ack, body, action, client }) => {
    await ack();
    const value = action.value ?? '';
    const press = {
      userId: body.user.id,
      value,
      label: action.text?.text ?? value,
      channel: body.channel?.id ?? body.container?.channel_id,
      ts: body.message?.ts ?? body.container?.message_ts,
      blocks: body.message?.blocks as Block[] | undefined,
      client,
      triggerId: body.trigger_id,
    };
    const owner = slack.choiceHandlers.find((h) => value.startsWith(h.prefix));
    if (owner) return owner.handle(press);
    const user = await slack.user(press.userId).catch(() => undefined);
    // A flow's choice: the same as typing it. The press's action_ts makes a redelivery a duplicate.
    await accept({
      channel: 'slack',
      address: press.userId,
      text: '',
      payload: value,
      providerId: `${press.userId}-${action.action_ts}`,
      ...(user?.locale ? { localeHint: user.locale } : {}),
    });
    if (press.channel && press.ts) {
      // The buttons go (an old question is not answered twice); the choice stays visible.
      await client.chat.update({ channel: press.channel, ts: press.ts, text: body.message?.text ?? press.label, blocks: answeredBlocks(press.blocks, `→ *${escapeMrkdwn(press.label)}*`) });
    }
  });
}
