/**
 * The Slack channel (Bolt): the flows' replies (and volunteer reminders) as DMs from the bot,
 * Block Kit with the choices as buttons; what arrives from Slack comes in through POST
 * /slack/events (or Socket Mode with SLACK_APP_TOKEN, started with the workers), where DMs and
 * button presses go to ctx.accept like every channel's messages. The one Bolt app behind it
 * (app.ts) is where features add their Slack screens (shifts, ticket threads): slackAppFor() in
 * app-for.ts.
 * See docs/channels/slack.md.
 */
import { SendError } from '../errors';
import type { ChannelAdapter, ChannelContext, SendTarget } from '../types';
import type { OutboundMessage } from '../../engine/types';
import { SlackApp } from './app';
import { SlackSender } from './client';
import { registerDirectMessages } from './dm';
import { renderForSlack } from './render';
import { slackSettings } from './settings';

/**
 * Pacing of the whole outbound-slack queue. Slack's limit for chat.postMessage is per channel
 * (about 1 a second, https://api.slack.com/methods/chat.postMessage#rate_limiting), and every DM
 * is its own channel; the per-channel pace is kept by ChannelPacer. This caps the burst across
 * channels, well under the workspace limits, so reminders to a hundred volunteers take ~10 s.
 */
export const SLACK_LIMITER = { max: 10, duration: 1000 };

/** The Slack adapter: a channel adapter that also holds the system's Slack app. */
export interface SlackAdapter extends ChannelAdapter {
  readonly slack: SlackApp;
}

/** The Slack channel: on exactly when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set. */
export function createSlackAdapter(ctx: ChannelContext): SlackAdapter | null {
  const settings = slackSettings(ctx.config);
  if (!settings) {
    if (ctx.config.SLACK_BOT_TOKEN || ctx.config.SLACK_SIGNING_SECRET) ctx.log.warn('slack: set both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn the channel on');
    return null;
  }
  if (!ctx.translator.languages.includes(settings.organizerLanguage)) {
    ctx.log.warn({ language: settings.organizerLanguage, shipped: ctx.translator.languages }, 'slack: SLACK_ORGANIZER_LANGUAGE is not a shipped language: organizer posts fall back to DEFAULT_LANGUAGE');
  }
  const slack = new SlackApp({ log: ctx.log, now: ctx.now, redis: ctx.redis, keyPrefix: ctx.keyPrefix }, settings);
  registerDirectMessages(slack, ctx.accept);
  const sender = new SlackSender(settings, ctx.log);
  return {
    channel: 'slack',
    slack,
    limiter: SLACK_LIMITER,
    // POST /slack/events, or nothing in Socket Mode (events come over the socket opened by start()).
    routes: () => slack.routes(),
    async send(target: SendTarget, message: OutboundMessage) {
      if (!/^[UW][A-Z0-9]{2,}$/.test(target.address)) throw new SendError('unreachable', `not a Slack user id: ${target.address.slice(0, 12)}`);
      const { text, blocks } = renderForSlack(message);
      if (!text.trim() && blocks.length === 0) throw new SendError('rejected', 'message text is empty');
      // Posting to a user id posts in the bot's DM with them (Slack opens it).
      const { channel, ts } = await sender.post({ channel: target.address, text, blocks, unfurl_links: false, unfurl_media: false });
      return { providerId: `${channel}/${ts}`, status: 'sent' };
    },
    start: () => slack.start(),
    stop: () => slack.stop(),
  };
}
