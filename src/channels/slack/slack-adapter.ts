/**
 * The Slack channel's sending side: the flows' replies (and volunteer reminders) as DMs from the
 * bot, Block Kit with the choices as buttons. What arrives from Slack (DMs, button presses, slash
 * commands, handoff threads) comes in through POST /slack/events, which src/channels/slack/module.ts
 * mounts, because the shift and handoff features behind it need the runtime, not just the
 * ChannelContext. See docs/channels/slack.md.
 */
import { SendError } from '../errors';
import type { ChannelAdapter, ChannelContext, SendTarget } from '../types';
import type { OutboundMessage } from '../../engine/types';
import { SlackSender } from './client';
import { renderForSlack } from './render';
import { slackSettings } from './settings';

/**
 * Pacing of the whole outbound-slack queue. Slack's limit for chat.postMessage is per channel
 * (about 1 a second, https://api.slack.com/methods/chat.postMessage#rate_limiting), and every DM
 * is its own channel; the per-channel pace is kept by ChannelPacer. This caps the burst across
 * channels, well under the workspace limits, so reminders to a hundred volunteers take ~10 s.
 */
export const SLACK_LIMITER = { max: 10, duration: 1000 };

/** The Slack channel: on exactly when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set. */
export function createSlackAdapter(ctx: ChannelContext): ChannelAdapter | null {
  const settings = slackSettings(ctx.config);
  if (!settings) {
    if (ctx.config.SLACK_BOT_TOKEN || ctx.config.SLACK_SIGNING_SECRET) ctx.log.warn('slack: set both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn the channel on');
    return null;
  }
  const sender = new SlackSender(settings, ctx.log);
  return {
    channel: 'slack',
    limiter: SLACK_LIMITER,
    // Inbound is the module's POST /slack/events (see the file comment).
    routes: () => [],
    async send(target: SendTarget, message: OutboundMessage) {
      if (!/^[UW][A-Z0-9]{2,}$/.test(target.address)) throw new SendError('unreachable', `not a Slack user id: ${target.address.slice(0, 12)}`);
      const { text, blocks } = renderForSlack(message);
      if (!text.trim() && blocks.length === 0) throw new SendError('rejected', 'message text is empty');
      // Posting to a user id posts in the bot's DM with them (Slack opens it).
      const { channel, ts } = await sender.post({ channel: target.address, text, blocks: blocks as any, unfurl_links: false, unfurl_media: false });
      return { providerId: `${channel}/${ts}`, status: 'sent' };
    },
  };
}
