import type { ChannelAdapter, ChannelContext } from './types';
import { createWebAdapter } from './web/web-adapter';

/** Every channel the project has. Each factory returns null when its settings are absent (channel off). */
const FACTORIES: ((ctx: ChannelContext) => ChannelAdapter | null)[] = [createWebAdapter];
FACTORIES.push(require('./sms/sms-adapter').createSmsAdapter); // SMS (Twilio): on when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and a sender are set
FACTORIES.push(require('./telegram/telegram-adapter').createTelegramAdapter); // Telegram (grammY): on when TELEGRAM_BOT_TOKEN is set
FACTORIES.push(require('./slack/slack-adapter').createSlackAdapter); // Slack (Bolt): on when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set; inbound via the slack module

/** The channels that are on, given the configuration. */
export function createChannels(ctx: ChannelContext): ChannelAdapter[] {
  return FACTORIES.map((make) => make(ctx)).filter((a): a is ChannelAdapter => a !== null);
}
