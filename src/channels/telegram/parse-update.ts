/**
 * Telegram updates into the core's InboundMessage: text messages, commands (/start, /stop, ...),
 * deep links (/start es_register) and button presses (callback queries). Pure: no I/O, so the
 * webhook route and the long-polling loop share it and tests call it directly.
 */
import { z } from 'zod';
import type { MessageIntent } from '../../engine/types';
import type { InboundMessage } from '../types';

/** A callback query to acknowledge (answerCallbackQuery) and the message whose keyboard was pressed. */
export interface CallbackRef {
  id: string;
  chatId?: number;
  messageId?: number;
}

/** What one update means for us: a message to accept, a button press to acknowledge, or nothing. */
export interface ParsedUpdate {
  message?: InboundMessage;
  callback?: CallbackRef;
  /** Why nothing is accepted (a group chat, an edit, a sticker, ...); for the debug log. */
  ignored?: string;
}

/** The Bot API's commands that mean a global keyword. */
const COMMAND_KEYWORDS: Record<string, NonNullable<MessageIntent['keyword']>> = {
  start: 'start',
  stop: 'stop',
  help: 'help',
  menu: 'menu',
  language: 'language',
  agent: 'agent',
};

/**
 * What a person can send that is not text (Bot API Message fields); without a caption each gets the
 * one "I read text" answer. Service messages (a pinned message, a chat's new photo) are not here.
 */
const NON_TEXT = ['voice', 'audio', 'video_note', 'sticker', 'location', 'venue', 'contact', 'photo', 'video', 'document', 'animation', 'poll', 'dice'] as const;

/** `/command`, `/command@bot_name`, `/command args` (https://core.telegram.org/bots/features#commands). */
const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/;

/** Flow ids are lower_snake_case (src/engine/flow-schema.ts). */
const FLOW_ID = /^[a-z][a-z0-9_]*$/;

/** The envelope every update has; anything else about an update is optional. */
export const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

const user = z.looseObject({
  id: z.number(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  language_code: z.string().optional(),
});
const chat = z.looseObject({ id: z.number(), type: z.string() });
const button = z.looseObject({ text: z.string(), callback_data: z.string().optional() });
const messageSchema = z.looseObject({
  message_id: z.number(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  /** What the person typed under a photo, a video or a document. */
  caption: z.string().optional(),
  reply_markup: z.looseObject({ inline_keyboard: z.array(z.array(button)) }).optional(),
});
const callbackSchema = z.looseObject({
  id: z.string(),
  from: user,
  data: z.string().optional(),
  // An old message arrives as InaccessibleMessage (date 0, no text or keyboard): still has chat and id.
  message: z.looseObject({ message_id: z.number(), chat, reply_markup: messageSchema.shape.reply_markup }).optional(),
});

type TgUser = z.infer<typeof user>;

function displayName(from: TgUser | undefined): string | undefined {
  const name = [from?.first_name, from?.last_name].filter(Boolean).join(' ').trim();
  return name || undefined;
}

/**
 * A deep link's payload (`t.me/<bot>?start=es_register`) as an intent: an optional shipped
 * language first, then an optional flow id; parts that are neither are ignored (the engine starts
 * a flow only if it exists). Payloads allow [A-Za-z0-9_-], up to 64 characters.
 */
export function parseDeepLink(payload: string, languages: readonly string[]): Pick<MessageIntent, 'language' | 'flow'> {
  const intent: Pick<MessageIntent, 'language' | 'flow'> = {};
  const trimmed = payload.trim();
  if (!trimmed) return intent;
  const [first, ...rest] = trimmed.split('_');
  const language = languages.find((l) => l.toLowerCase() === first.toLowerCase());
  const flowPart = language ? rest.join('_') : trimmed;
  if (language) intent.language = language;
  const flow = flowPart.toLowerCase();
  if (FLOW_ID.test(flow)) intent.flow = flow;
  return intent;
}

/**
 * The intent of a command message, or undefined when the text is not a command we know (it then
 * goes to the engine as ordinary text). `/start <payload>` keeps keyword `start` beside the deep
 * link's language and flow: pressing Start is an explicit opt-in, and when the link's flow does not
 * exist the engine falls back to the welcome flow instead of reading "/start xyz" as an answer.
 */
export function parseCommand(text: string, languages: readonly string[]): MessageIntent | undefined {
  const m = COMMAND.exec(text.trim());
  if (!m) return undefined;
  const keyword = COMMAND_KEYWORDS[m[1].toLowerCase()];
  if (!keyword) return undefined;
  if (keyword !== 'start' || !m[2]) return { keyword };
  return { keyword, ...parseDeepLink(m[2], languages) };
}

/** The label of the pressed button, read from the keyboard of the message it was attached to. */
function buttonLabel(markup: { inline_keyboard: { text: string; callback_data?: string }[][] } | undefined, data: string): string | undefined {
  return markup?.inline_keyboard.flat().find((b) => b.callback_data === data)?.text;
}

/**
 * Reads one update. Only private chats are conversations (a group is not one person); edits,
 * channel posts and the other update kinds are ignored (`my_chat_member`, the person blocking the
 * bot, too: a send that fails with 403 then opts them out). A caption is read as the text; a voice
 * note, sticker, location, contact (NON_TEXT) is a message without text whose intent says its kind. The message's
 * providerId names the Telegram message itself (chat + message id; for a button press, the message
 * the keyboard was on), not the update_id: a redelivered update carries the same message, while update_id restarts at a
 * random value after a week without updates (Bot API, getUpdates) and could collide.
 */
export function parseUpdate(raw: unknown, languages: readonly string[]): ParsedUpdate {
  const envelope = updateSchema.safeParse(raw);
  if (!envelope.success) return { ignored: 'not an update' };
  const update = envelope.data as Record<string, unknown>;

  if (update.callback_query !== undefined) {
    const parsed = callbackSchema.safeParse(update.callback_query);
    if (!parsed.success) return { ignored: 'unreadable callback_query' };
    const cq = parsed.data;
    const callback: CallbackRef = { id: cq.id, chatId: cq.message?.chat.id, messageId: cq.message?.message_id };
    if (cq.data === undefined || cq.data === '') return { callback, ignored: 'callback_query without data' };
    const chatType = cq.message?.chat.type ?? 'private';
    if (chatType !== 'private') return { callback, ignored: `callback in a ${chatType} chat` };
    if (!isUserId(cq.message?.chat.id ?? cq.from.id)) return { callback, ignored: 'private chat with an id no user has' };
    const message: InboundMessage = {
      channel: 'telegram',
      address: String(cq.message?.chat.id ?? cq.from.id),
      text: buttonLabel(cq.message?.reply_markup, cq.data) ?? '',
      payload: cq.data,
      // One answer per question: a second press on the same keyboard (a double tap before the
      // keyboard is removed) names the same message and is stored once.
      providerId: cq.message ? `c${cq.message.chat.id}-${cq.message.message_id}` : `c${cq.id}`,
    };
    return { message: withSender(message, cq.from), callback };
  }

  if (update.message !== undefined) {
    const parsed = messageSchema.safeParse(update.message);
    if (!parsed.success) return { ignored: 'unreadable message' };
    const m = parsed.data;
    if (m.chat.type !== 'private') return { ignored: `message in a ${m.chat.type} chat` };
    if (!isUserId(m.chat.id)) return { ignored: 'private chat with an id no user has' };
    if (m.from?.is_bot) return { ignored: 'message from a bot' };
    const providerId = `m${m.chat.id}-${m.message_id}`;
    // A photo, video or document with a caption: the caption is what the person wrote.
    const text = m.text ?? m.caption;
    if (text === undefined || text.trim() === '') {
      const kind = NON_TEXT.find((k) => (update.message as Record<string, unknown>)[k] !== undefined);
      if (!kind) return { ignored: 'message without text' };
      // Stored and answered once: the assistant reads text, and how to reach a person.
      return { message: withSender({ channel: 'telegram', address: String(m.chat.id), text: '', providerId, intent: { nonText: kind } }, m.from) };
    }
    const message: InboundMessage = { channel: 'telegram', address: String(m.chat.id), text, providerId };
    const intent = parseCommand(text, languages);
    if (intent) message.intent = intent;
    return { message: withSender(message, m.from) };
  }

  const kind = Object.keys(update).find((k) => k !== 'update_id') ?? 'empty';
  return { ignored: `${kind} update` };
}

/**
 * A private chat's id is its user's id: a positive integer of at most 52 significant bits (Bot
 * API; groups and channels have negative ids). A "private" chat with id 0, -1 or 2^53 - 1 is not
 * from Telegram, and its id must not become an address.
 */
function isUserId(id: number): boolean {
  return Number.isInteger(id) && id > 0 && id < 2 ** 52;
}

function withSender(message: InboundMessage, from: TgUser | undefined): InboundMessage {
  // language_code is the sender's app language: a hint the engine uses only while the contact has none.
  if (from?.language_code) message.localeHint = from.language_code;
  const name = displayName(from);
  if (name) message.displayName = name;
  return message;
}
