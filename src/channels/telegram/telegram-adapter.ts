import { Bot } from 'grammy';
import { SendError } from '../errors';
import type { ChannelAdapter, ChannelContext, SendTarget } from '../types';
import type { OutboundMessage } from '../../engine/types';
import { parseUpdate, type CallbackRef } from './parse-update';
import { UpdatePoller } from './polling';
import { renderForTelegram } from './render';
import { errorFromTelegram } from './send-error';
import { SECRET_FORMAT, webhookRoute } from './webhook';

/**
 * About 30 messages a second per bot for bulk sends (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
 * The other limit, about one message a second per chat, is not paced here (a BullMQ queue cannot
 * pace per key without Pro groups): a chat only gets replies to its own messages, in bursts of a
 * few messages per answer, which Telegram tolerates, and a 429 it does send pauses the queue for
 * its retry_after. See docs/channels/telegram.md.
 */
export const TELEGRAM_LIMITER = { max: 30, duration: 1000 };

/**
 * The Telegram channel (grammY): on exactly when TELEGRAM_BOT_TOKEN is set. Updates arrive at
 * POST /webhooks/telegram (TELEGRAM_MODE=webhook, checked against TELEGRAM_WEBHOOK_SECRET) or by
 * long polling in start() (TELEGRAM_MODE=polling); both go through handleUpdate. Replies are HTML
 * with everything escaped, choices are inline keyboards. grammY's auto-retry is deliberately not
 * installed: a 429 must reach the outbound queue, which pauses for retry_after.
 */
export function createTelegramAdapter(ctx: ChannelContext): ChannelAdapter | null {
  const { config, log } = ctx;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) return null;
  const apiRoot = config.TELEGRAM_API_URL?.replace(/\/+$/, ''); // grammY refuses a trailing slash
  const bot = new Bot(token, { client: apiRoot ? { apiRoot } : {} });
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  const polling = config.TELEGRAM_MODE === 'polling';
  if (!polling && !secret) log.error('telegram: TELEGRAM_WEBHOOK_SECRET is not set: every webhook call is refused (401)');
  if (secret && !SECRET_FORMAT.test(secret)) log.warn('telegram: TELEGRAM_WEBHOOK_SECRET should be 1-256 of A-Z a-z 0-9 _ - (setWebhook refuses others)');

  /** Acknowledges a button press (stops the client's spinner) and removes the answered keyboard. */
  async function acknowledge(cb: CallbackRef, removeKeyboard: boolean): Promise<void> {
    try {
      await bot.api.answerCallbackQuery(cb.id);
    } catch (err) {
      // "query is too old" after a redelivery: nothing to do, the press itself is stored.
      log.debug({ err: (err as Error).message }, 'telegram: answerCallbackQuery failed');
    }
    if (!removeKeyboard || cb.chatId === undefined || cb.messageId === undefined) return;
    try {
      // Without reply_markup the keyboard is removed, so an old question cannot be answered twice.
      await bot.api.editMessageReplyMarkup(cb.chatId, cb.messageId);
    } catch (err) {
      log.debug({ err: (err as Error).message }, 'telegram: removing the keyboard failed');
    }
  }

  /** One update from the webhook or from polling: accept it (throws when the store is down), then acknowledge. */
  async function handleUpdate(update: unknown): Promise<void> {
    const parsed = parseUpdate(update, ctx.translator.languages);
    if (!parsed.message) {
      log.debug({ reason: parsed.ignored }, 'telegram: update ignored');
      if (parsed.callback) await acknowledge(parsed.callback, false);
      return;
    }
    const result = await ctx.accept(parsed.message);
    if (parsed.callback) await acknowledge(parsed.callback, result.status === 'accepted');
  }

  const poller = polling ? new UpdatePoller(bot.api, handleUpdate, log) : undefined;

  return {
    channel: 'telegram',
    limiter: TELEGRAM_LIMITER,
    recipientPacing: { intervalMs: config.TELEGRAM_CHAT_INTERVAL_MS, burst: 3 },
    routes: () => (polling ? [] : [webhookRoute(secret, handleUpdate)]),

    async send(target: SendTarget, message: OutboundMessage) {
      const chatId = /^-?\d+$/.test(target.address) ? Number(target.address) : target.address;
      const parts = renderForTelegram(message);
      if (parts.length === 0) throw new SendError('rejected', 'message text is empty'); // Telegram refuses it too (400)
      let last: { message_id: number } | undefined;
      for (const part of parts) {
        try {
          last = await bot.api.sendMessage(chatId, part.html, { parse_mode: 'HTML', ...(part.keyboard ? { reply_markup: part.keyboard } : {}) });
        } catch (err) {
          throw errorFromTelegram(err);
        }
      }
      return { providerId: last ? `${target.address}:${last.message_id}` : undefined, status: 'sent' };
    },

    async start() {
      try {
        // getMe once: checks the token and names the bot in the log (t.me/<username> for deep links).
        await bot.init();
        log.info({ bot: bot.botInfo.username, mode: config.TELEGRAM_MODE }, 'telegram: bot ready');
      } catch (err) {
        log.error({ err: (err as Error).message }, 'telegram: getMe failed (is TELEGRAM_BOT_TOKEN right?)');
      }
      await poller?.start();
    },

    async stop() {
      await poller?.stop();
    },
  };
}
