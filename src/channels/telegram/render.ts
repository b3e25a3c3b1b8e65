/**
 * An OutboundMessage as Telegram messages: HTML-escaped text (parse mode HTML), choices as an
 * inline keyboard, text longer than Telegram's limit split into several messages.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { OutboundMessage } from '../../engine/types';
import { renderAsText } from '../render-text';

/** sendMessage text: 1-4096 characters after entity parsing (https://core.telegram.org/bots/api#sendmessage). */
export const MAX_TEXT = 4096;
/** callback_data: 1-64 bytes (https://core.telegram.org/bots/api#inlinekeyboardbutton). */
export const MAX_CALLBACK_BYTES = 64;
/** Labels this short ("Yes", "No", "1".."5") share a row; longer ones get a row each. */
const SHORT_LABEL = 8;
const PER_ROW = 5;

/** One sendMessage call's text and (on the last part) keyboard. */
export interface TelegramPart {
  /** HTML, every character of the original text escaped. */
  html: string;
  keyboard?: InlineKeyboardMarkup;
}

/**
 * Escapes text for parse_mode HTML: the three characters the Bot API requires (`&`, `<`, `>`;
 * https://core.telegram.org/bots/api#html-style). The whole rendered text is escaped, not only
 * OutboundMessage.vars: translations never carry markup, and escaping everything means nothing a
 * person or organiser typed (a saved name, ORG_NAME) can inject a tag or a link.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** True when every choice value fits in callback_data (1-64 bytes of UTF-8). */
export function fitsCallbackData(choices: { value: string }[]): boolean {
  return choices.every((c) => {
    const bytes = Buffer.byteLength(c.value, 'utf8');
    return bytes >= 1 && bytes <= MAX_CALLBACK_BYTES;
  });
}

/** The inline keyboard for a message's choices: callback_data is the choice value. */
export function inlineKeyboard(choices: { value: string; label: string }[]): InlineKeyboardMarkup {
  const buttons: InlineKeyboardButton.CallbackButton[] = choices.map((c) => ({ text: c.label, callback_data: c.value }));
  const short = buttons.every((b) => [...b.text].length <= SHORT_LABEL);
  const rows: InlineKeyboardButton[][] = [];
  if (short) for (let i = 0; i < buttons.length; i += PER_ROW) rows.push(buttons.slice(i, i + PER_ROW));
  else for (const b of buttons) rows.push([b]);
  return { inline_keyboard: rows };
}

/**
 * Splits text into pieces of at most `max` UTF-16 units, at a line break if there is one in the
 * second half of the piece, else at a space, else anywhere but inside a surrogate pair.
 */
export function splitText(text: string, max = MAX_TEXT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) {
      cut = max;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // do not split a surrogate pair
    }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  parts.push(rest);
  return parts.filter((p) => p.trim() !== '');
}

/**
 * The Telegram messages for one OutboundMessage. Choices become buttons on the last part; if a
 * choice value cannot be callback_data (over 64 bytes), the choices are numbered lines instead,
 * which the engine accepts back as "1", "2", ... .
 */
export function renderForTelegram(message: OutboundMessage): TelegramPart[] {
  const choices = message.choices ?? [];
  const buttons = choices.length > 0 && fitsCallbackData(choices);
  const text = buttons ? message.text : renderAsText(message);
  // Split before escaping: the limit counts characters after entity parsing, so "&lt;" is one.
  const parts: TelegramPart[] = splitText(text).map((t) => ({ html: escapeHtml(t) }));
  if (buttons && parts.length > 0) parts[parts.length - 1].keyboard = inlineKeyboard(choices);
  return parts;
}
