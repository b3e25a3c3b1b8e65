/**
 * A fake Telegram Bot API on 127.0.0.1: `POST /bot<token>/<method>` with JSON, form or
 * multipart bodies, answering {ok, result} or {ok: false, error_code, description, parameters}
 * like api.telegram.org. Covers what the bot uses: sendMessage, answerCallbackQuery,
 * editMessageReplyMarkup, editMessageText, getMe, setWebhook, deleteWebhook, getWebhookInfo,
 * getUpdates (long polling over updates the test pushes) and a few no-result methods.
 *
 * Pointing real grammY (1.46) at it (checked in test/helpers/fakes.test.ts):
 *
 *   const bot = new Bot(token, { client: { apiRoot: fake.url }, botInfo: fake.botInfo });
 *   await bot.api.sendMessage(chatId, 'hi');
 *
 * apiRoot must have no trailing slash (grammY throws on one); `botInfo` spares the getMe call
 * that bot.init() would make (the fake answers getMe too).
 */
import { HANG_GUARD_MS } from './guard';
import type { Message, Update, UserFromGetMe } from 'grammy/types';
import { Changes, ScriptedRules, startServer, waitForCount, type FakeResponse, type ParsedRequest } from './fake-server';

/** One Bot API call as the fake received it. */
export interface TelegramCall {
  method: string;
  token: string;
  body: Record<string, unknown>;
  contentType: string;
  /** HTTP status the fake answered. */
  status: number;
  at: Date;
}

/** A scripted error answer. */
export interface TelegramFailure {
  /** Only this method (case-insensitive, like the Bot API); any method except getUpdates when absent. */
  method?: string;
  /** Only calls for this chat_id. */
  chatId?: number | string;
  /** 400, 403, 429, 500, ... */
  status: number;
  /** Defaults: 403 "Forbidden: bot was blocked by the user", 429 "Too Many Requests: retry after N", 500 "Internal Server Error". */
  description?: string;
  /** For 429: seconds, sent as parameters.retry_after (default 1). */
  retryAfter?: number;
  /** How many calls it answers. Default: forever when chatId is given (a blocked user stays blocked), else once. */
  times?: number;
}

/** The started fake. */
export interface FakeTelegram {
  /** apiRoot for grammY, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  close(): Promise<void>;
  /** Every call, in arrival order. */
  requests: TelegramCall[];
  /** Messages the bot sent (successful sendMessage), in order. */
  sent: Message.TextMessage[];
  /** The bot user getMe returns; pass it as grammY's `botInfo`. */
  botInfo: UserFromGetMe;
  /** The webhook set with setWebhook (url and secret_token), or null. */
  webhook: { url: string; secretToken?: string } | null;
  /** Queue an update for getUpdates; update_id is assigned (sequentially) when missing. Returns it. */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update;
  /** Script an error answer (see TelegramFailure for how long it lasts). */
  fail(failure: TelegramFailure): void;
  /** Answer `method` with `handler(body)`'s result (adds a method or overrides a built-in one). */
  handle(method: string, handler: (body: Record<string, unknown>) => unknown): void;
  /** Resolve once `count` successful calls of `method` (default sendMessage) were made. */
  waitFor(count: number, timeoutMs?: number, method?: string): Promise<TelegramCall[]>;
  /**
   * A Bot API outage: while set, every call but getUpdates is answered with this status (the Bot
   * API's error body); `outage(null)` ends it.
   */
  outage(status: number | null): void;
  reset(): void;
}

/** Options: `token` makes calls with another token fail 401; `maxPollSeconds` caps getUpdates waits. */
export interface FakeTelegramOptions {
  token?: string;
  botInfo?: Partial<UserFromGetMe>;
  /** Longest a getUpdates long poll is held, whatever its `timeout` (default 1 s, so tests stay fast). */
  maxPollSeconds?: number;
}

interface PendingPoll {
  offset: number;
  limit: number;
  resolve(response: FakeResponse): void;
  timer: NodeJS.Timeout;
}

const PATH = /^\/bot([^/]+)\/([A-Za-z]+)$/;

function ok(result: unknown): FakeResponse {
  return { status: 200, body: { ok: true, result } };
}

/** The Bot API error body; 429 carries parameters.retry_after. */
export function telegramError(status: number, description: string, parameters?: Record<string, unknown>): FakeResponse {
  return { status, body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) } };
}

function defaultDescription(status: number, retryAfter: number): string {
  if (status === 400) return 'Bad Request: chat not found';
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden: bot was blocked by the user';
  if (status === 429) return `Too Many Requests: retry after ${retryAfter}`;
  return 'Internal Server Error';
}

/**
 * Form and multipart bodies carry every value as a string (chat_id "12"): JSON-looking ones
 * (reply_markup) are decoded, other strings are kept as sent.
 */
function decodeValues(body: Record<string, unknown>, contentType: string): Record<string, unknown> {
  if (contentType === 'application/json') return body;
  const out: Record<string, unknown> = {};
  // grammY uploads a file as `document: "attach://<id>"` plus a part named <id>: put the file
  // description where the reference was.
  const attached = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    const ref = typeof value === 'string' ? /^attach:\/\/(.+)$/.exec(value)?.[1] : undefined;
    if (ref !== undefined && typeof body[ref] === 'object') {
      out[key] = body[ref];
      attached.add(ref);
    }
  }
  for (const [key, value] of Object.entries(body)) {
    if (key in out || attached.has(key)) continue;
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON: keep the string
      }
    }
    out[key] = value;
  }
  return out;
}

function chatOf(chatId: unknown): Message['chat'] {
  const id = typeof chatId === 'number' ? chatId : Number(chatId);
  if (Number.isFinite(id)) {
    return id > 0 ? { id, type: 'private', first_name: 'Test' } : { id, type: 'supergroup', title: 'Test group' };
  }
  // "@channelusername"
  return { id: -1001000000000, type: 'channel', title: String(chatId), username: String(chatId).replace(/^@/, '') };
}

/** Start the fake Bot API on 127.0.0.1 (a free port). */
export async function start(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const botInfo: UserFromGetMe = {
    id: 1000001,
    is_bot: true,
    first_name: 'Civic Engage',
    username: 'civic_engage_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
    ...options.botInfo,
  } as UserFromGetMe;
  const maxPollMs = (options.maxPollSeconds ?? 1) * 1000;
  const requests: TelegramCall[] = [];
  const sent: Message.TextMessage[] = [];
  const updates: Update[] = [];
  const handlers = new Map<string, (body: Record<string, unknown>) => unknown>();
  const failures = new ScriptedRules<{ method: string; body: Record<string, unknown> }, FakeResponse>();
  const changes = new Changes();
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let pending: PendingPoll | undefined;
  let closed = false;
  let down: number | null = null;
  const state = { webhook: null as FakeTelegram['webhook'] };

  // A message's `from` is a plain User, without getMe's capability fields.
  function sender(): Message['from'] {
    return { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username };
  }

  function available(offset: number, limit: number): Update[] {
    // Like Telegram: asking with an offset confirms (forgets) every earlier update.
    while (updates.length > 0 && updates[0].update_id < offset) updates.shift();
    return updates.slice(0, limit);
  }

  function releasePoll(): void {
    if (!pending) return;
    const poll = pending;
    pending = undefined;
    clearTimeout(poll.timer);
    poll.resolve(ok(closed ? [] : available(poll.offset, poll.limit)));
  }

  function getUpdates(body: Record<string, unknown>, signal: AbortSignal): FakeResponse | Promise<FakeResponse> {
    if (state.webhook) {
      return telegramError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = Number(body.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(body.limit ?? 100)));
    const timeoutMs = Math.min(Number(body.timeout ?? 0) * 1000, maxPollMs);
    if (pending) {
      // A second poller takes over; Telegram answers the older request with 409.
      const older = pending;
      pending = undefined;
      clearTimeout(older.timer);
      older.resolve(telegramError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
    }
    const ready = available(offset, limit);
    if (ready.length > 0 || timeoutMs <= 0 || closed) return ok(ready);
    return new Promise<FakeResponse>((resolve) => {
      const poll: PendingPoll = { offset, limit, resolve, timer: setTimeout(releasePoll, timeoutMs) };
      pending = poll;
      // grammY aborts its long poll on bot.stop(): stop holding it.
      signal.addEventListener('abort', () => {
        if (pending === poll) {
          pending = undefined;
          clearTimeout(poll.timer);
        }
      });
    });
  }

  function sendMessage(body: Record<string, unknown>): FakeResponse {
    if (body.chat_id === undefined || body.chat_id === '') return telegramError(400, 'Bad Request: chat_id is empty');
    const text = typeof body.text === 'string' ? body.text : '';
    if (text.trim() === '') return telegramError(400, 'Bad Request: message text is empty');
    if (text.length > 4096) return telegramError(400, 'Bad Request: message is too long');
    const message = {
      message_id: nextMessageId++,
      from: sender(),
      chat: chatOf(body.chat_id),
      date: Math.floor(Date.now() / 1000),
      text,
      ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}),
    } as Message.TextMessage;
    sent.push(message);
    return ok(message);
  }

  function editMessage(body: Record<string, unknown>, change: 'reply_markup' | 'text'): FakeResponse {
    if (body.inline_message_id !== undefined) return ok(true);
    const found = sent.find((m) => m.message_id === Number(body.message_id) && String(m.chat.id) === String(body.chat_id));
    if (!found) {
      // A message the test did not send through the fake (e.g. under a pushed callback query).
      return ok({
        message_id: Number(body.message_id),
        from: sender(),
        chat: chatOf(body.chat_id),
        date: Math.floor(Date.now() / 1000),
        edit_date: Math.floor(Date.now() / 1000),
        text: typeof body.text === 'string' ? body.text : '',
        ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}),
      });
    }
    const sameMarkup = JSON.stringify(found.reply_markup ?? null) === JSON.stringify(body.reply_markup ?? null);
    if (sameMarkup && (change === 'reply_markup' || found.text === body.text)) {
      return telegramError(
        400,
        'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    const edited = found as Message.TextMessage & { edit_date?: number; reply_markup?: unknown };
    if (change === 'text') edited.text = String(body.text);
    if (body.reply_markup) edited.reply_markup = body.reply_markup as never;
    else delete edited.reply_markup;
    edited.edit_date = Math.floor(Date.now() / 1000);
    return ok(edited);
  }

  function builtIn(method: string, body: Record<string, unknown>, signal: AbortSignal): FakeResponse | Promise<FakeResponse> {
    switch (method) {
      case 'getme':
        return ok(botInfo);
      case 'sendmessage':
        return sendMessage(body);
      case 'answercallbackquery':
        return body.callback_query_id ? ok(true) : telegramError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
      case 'editmessagereplymarkup':
        return editMessage(body, 'reply_markup');
      case 'editmessagetext':
        return editMessage(body, 'text');
      case 'setwebhook':
        state.webhook = body.url ? { url: String(body.url), secretToken: body.secret_token as string | undefined } : null;
        return ok(true);
      case 'deletewebhook':
        state.webhook = null;
        if (body.drop_pending_updates) updates.length = 0;
        return ok(true);
      case 'getwebhookinfo':
        return ok({ url: state.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: updates.length });
      case 'getupdates':
        return getUpdates(body, signal);
      case 'sendchataction':
      case 'setmycommands':
      case 'deletemycommands':
      case 'deletemessage':
      case 'setchatmenubutton':
        return ok(true);
      default:
        return telegramError(404, 'Not Found');
    }
  }

  async function handle(req: ParsedRequest, signal: AbortSignal): Promise<FakeResponse> {
    const m = PATH.exec(req.path);
    const body = decodeValues({ ...Object.fromEntries(req.query), ...req.body }, req.contentType);
    const call: TelegramCall = {
      method: m?.[2] ?? req.path,
      token: m?.[1] ?? '',
      body,
      contentType: req.contentType,
      status: 0,
      at: new Date(),
    };
    requests.push(call);
    const answer = await route(m, body, signal);
    call.status = answer.status;
    changes.emit();
    return answer;
  }

  async function route(m: RegExpExecArray | null, body: Record<string, unknown>, signal: AbortSignal): Promise<FakeResponse> {
    if (!m) return telegramError(404, 'Not Found');
    if (options.token !== undefined && m[1] !== options.token) return telegramError(401, 'Unauthorized');
    // Bot API method names are case-insensitive.
    const method = m[2].toLowerCase();
    if (down !== null && method !== 'getupdates') return telegramError(down, defaultDescription(down, 1));
    const scripted = failures.take({ method, body });
    if (scripted) return scripted;
    const custom = handlers.get(method);
    if (custom) return ok(await custom(body));
    return builtIn(method, body, signal);
  }

  const server = await startServer(handle);
  server.onClose(() => {
    closed = true;
    releasePoll();
  });

  return {
    url: server.url,
    close: server.close,
    requests,
    sent,
    botInfo,
    get webhook() {
      return state.webhook;
    },
    pushUpdate(update) {
      const full = { ...update, update_id: update.update_id ?? nextUpdateId } as Update;
      nextUpdateId = Math.max(nextUpdateId, full.update_id + 1);
      updates.push(full);
      releasePoll();
      return full;
    },
    fail(failure) {
      const retryAfter = failure.retryAfter ?? 1;
      const description = failure.description ?? defaultDescription(failure.status, retryAfter);
      const response = telegramError(failure.status, description, failure.status === 429 ? { retry_after: retryAfter } : undefined);
      const method = failure.method?.toLowerCase();
      const times = failure.times ?? (failure.chatId !== undefined ? Infinity : 1);
      failures.add(
        (call) =>
          (method === undefined ? call.method !== 'getupdates' : call.method === method) &&
          (failure.chatId === undefined || String(call.body.chat_id) === String(failure.chatId)),
        response,
        times,
      );
    },
    handle(method, handler) {
      handlers.set(method.toLowerCase(), handler);
    },
    waitFor(count, timeoutMs = HANG_GUARD_MS, method = 'sendMessage') {
      const wanted = method.toLowerCase();
      const matching = () => requests.filter((c) => c.method.toLowerCase() === wanted && c.status === 200);
      return waitForCount(`successful ${method} calls`, count, timeoutMs, matching, changes.subscribe);
    },
    outage(status) {
      down = status;
    },
    reset() {
      down = null;
      requests.length = 0;
      sent.length = 0;
      updates.length = 0;
      failures.clear();
      handlers.clear();
      state.webhook = null;
    },
  };
}

/** Same as start(), under a name that reads well beside the other fakes. */
export const startFakeTelegram = start;
