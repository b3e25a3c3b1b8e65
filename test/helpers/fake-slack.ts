/**
 * A fake Slack Web API on 127.0.0.1: `POST /api/<method>` with a Bearer token (or a `token`
 * field), form-encoded or JSON bodies, answering like slack.com: HTTP 200 with {ok: true, ...}
 * or {ok: false, error}, and HTTP 429 + Retry-After for rate limits. Covers auth.test,
 * chat.postMessage, chat.update, chat.postEphemeral, views.open, views.publish,
 * conversations.open and users.info.
 *
 * Pointing the real clients at it (checked in test/helpers/fakes.test.ts):
 *
 *   new WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } })
 *   new App({ token, signingSecret, clientOptions: { slackApiUrl: fake.apiUrl } })
 *
 * `fake.apiUrl` is `fake.url + '/api/'`; the trailing slash matters (WebClient appends the
 * method name). WebClient retries 5xx and waits out 429s by default: tests of errors want
 * `retryConfig: { retries: 0 }` and `rejectRateLimitedCalls: true`.
 *
 * Socket Mode: `startFakeSocketMode(fake, { appToken })` (below) adds a WebSocket server on
 * 127.0.0.1 and makes `apps.connections.open` (called with the app-level token) answer its
 * `ws://` URL, where Slack answers a `wss://` one.
 */
import { HANG_GUARD_MS } from './guard';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { Changes, ScriptedRules, isLoopback, startServer, waitForCount, type FakeResponse, type ParsedRequest } from './fake-server';

/** One Web API call as the fake received it. */
export interface SlackCall {
  method: string;
  /** Bearer token, or the `token` body field. */
  token: string | undefined;
  /** Arguments; JSON-encoded form fields (blocks, attachments, view, metadata) are decoded. */
  body: Record<string, unknown>;
  contentType: string;
  /** HTTP status and `error` the fake answered (error undefined when ok). */
  status: number;
  error: string | undefined;
  at: Date;
}

/** A scripted error answer. */
export interface SlackFailure {
  /** Only this method ('chat.postMessage'); any when absent. */
  method?: string;
  /** Only calls for this channel. */
  channel?: string;
  /** Slack error string (ok: false). 'ratelimited' answers HTTP 429 with Retry-After. Default 'internal_error'. */
  error?: string;
  /** HTTP status; default 429 for 'ratelimited', else 200 (Slack reports most errors with HTTP 200). */
  status?: number;
  /** Seconds for the Retry-After header (default 1). */
  retryAfter?: number;
  /** How many calls it answers. Default: forever when channel is given, else once. */
  times?: number;
}

/** A workspace member as users.info returns it. */
export interface FakeSlackUser {
  id: string;
  name?: string;
  real_name?: string;
  locale?: string;
  tz?: string;
  tz_offset?: number;
  is_bot?: boolean;
}

/** The started fake. */
export interface FakeSlack {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** `url + '/api/'`: the slackApiUrl to give WebClient / Bolt. */
  apiUrl: string;
  close(): Promise<void>;
  /** Every call, in arrival order. */
  requests: SlackCall[];
  /** What auth.test answers (team, user and bot ids). */
  identity: { team_id: string; team: string; user_id: string; user: string; bot_id: string; url: string };
  /** Add or change a member for users.info. Unknown ids answer a default member (locale en-US). */
  setUser(user: FakeSlackUser): void;
  /** Script an error answer (see SlackFailure for how long it lasts). */
  fail(failure: SlackFailure): void;
  /** Answer `method` with `{ ok: true, ...handler(body) }` (adds or overrides a method). */
  handle(method: string, handler: (body: Record<string, unknown>) => Record<string, unknown>): void;
  /** Resolve once `count` ok calls of `method` (default chat.postMessage) were made. */
  waitFor(count: number, timeoutMs?: number, method?: string): Promise<SlackCall[]>;
  reset(): void;
  /** What `apps.connections.open` answers as the Socket Mode URL (startFakeSocketMode sets it); null: Socket Mode off. */
  setSocketModeUrl(url: string | null): void;
}

/**
 * Options: `token` makes calls with another token answer invalid_auth. `appToken` is the app-level
 * token (xapp-) that alone may call `apps.connections.open`; it is refused for every other method,
 * and the bot token for that one, with `not_allowed_token_type`, as Slack does.
 */
export interface FakeSlackOptions {
  token?: string;
  appToken?: string;
}

// Fields WebClient JSON-encodes inside a form body.
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurl_media', 'user_auth_blocks']);

const PATH = /^\/api\/([A-Za-z0-9_.]+)$/;

function decodeValues(body: Record<string, unknown>, contentType: string): Record<string, unknown> {
  if (contentType === 'application/json') return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string' && JSON_FIELDS.has(key)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON: keep the string, as Slack would then answer invalid_blocks
      }
    }
    out[key] = value;
  }
  return out;
}

function slackOk(fields: Record<string, unknown>): FakeResponse {
  return { status: 200, body: { ok: true, ...fields } };
}

/** Slack's error body {ok: false, error}; HTTP 200 unless said otherwise. */
export function slackError(error: string, status = 200, headers?: Record<string, string>): FakeResponse {
  return { status, body: { ok: false, error }, headers };
}

/** Start the fake Slack Web API on 127.0.0.1 (a free port). */
export async function start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const requests: SlackCall[] = [];
  const users = new Map<string, FakeSlackUser>();
  const dms = new Map<string, string>();
  const handlers = new Map<string, (body: Record<string, unknown>) => Record<string, unknown>>();
  const failures = new ScriptedRules<{ method: string; body: Record<string, unknown> }, FakeResponse>();
  const changes = new Changes();
  const identity = {
    url: 'https://civic-engage-test.slack.com/',
    team: 'Civic Engage Test',
    user: 'civic_engage',
    team_id: 'T0000FAKE',
    user_id: 'U0000BOT1',
    bot_id: 'B0000BOT1',
  };
  let tsCounter = 0;
  let viewCounter = 0;
  let socketModeUrl: string | null = null;

  // Message timestamps are unique per channel: seconds + a 6-digit sequence.
  function nextTs(): string {
    tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
  }

  function dmFor(userId: string): string {
    let id = dms.get(userId);
    if (!id) {
      id = `D${String(dms.size + 1).padStart(8, '0')}`;
      dms.set(userId, id);
    }
    return id;
  }

  /** Posting to a user id (U…/W…) posts in the bot's DM with them, as Slack does. */
  function channelOf(channel: string): string {
    return /^[UW][A-Z0-9]+$/.test(channel) ? dmFor(channel) : channel;
  }

  function view(body: Record<string, unknown>): Record<string, unknown> {
    const v = (typeof body.view === 'object' && body.view !== null ? body.view : {}) as Record<string, unknown>;
    viewCounter += 1;
    return {
      id: `V${String(viewCounter).padStart(10, '0')}`,
      team_id: identity.team_id,
      app_id: 'A0000FAKE',
      bot_id: identity.bot_id,
      state: { values: {} },
      hash: `${Date.now()}.${viewCounter}`,
      private_metadata: '',
      callback_id: '',
      ...v,
    };
  }

  function builtIn(method: string, body: Record<string, unknown>): FakeResponse {
    const text = typeof body.text === 'string' ? body.text : undefined;
    switch (method) {
      case 'auth.test':
        return slackOk({ ...identity, is_enterprise_install: false });
      case 'apps.connections.open':
        return socketModeUrl ? slackOk({ url: socketModeUrl }) : slackError('internal_error');
      case 'chat.postMessage': {
        if (!body.channel) return slackError('channel_not_found');
        if (!text && !body.blocks && !body.attachments) return slackError('no_text');
        const channel = channelOf(String(body.channel));
        const ts = nextTs();
        return slackOk({
          channel,
          ts,
          message: {
            type: 'message',
            subtype: 'bot_message',
            text: text ?? '',
            user: identity.user_id,
            bot_id: identity.bot_id,
            ts,
            ...(body.blocks ? { blocks: body.blocks } : {}),
            ...(body.thread_ts ? { thread_ts: body.thread_ts } : {}),
          },
        });
      }
      case 'chat.update': {
        if (!body.channel) return slackError('channel_not_found');
        if (!body.ts) return slackError('message_not_found');
        return slackOk({
          channel: String(body.channel),
          ts: String(body.ts),
          text: text ?? '',
          message: { type: 'message', text: text ?? '', user: identity.user_id, bot_id: identity.bot_id, ...(body.blocks ? { blocks: body.blocks } : {}) },
        });
      }
      case 'chat.postEphemeral':
        if (!body.channel) return slackError('channel_not_found');
        if (!body.user) return slackError('user_not_in_channel');
        return slackOk({ message_ts: nextTs() });
      case 'views.open':
        if (!body.trigger_id) return slackError('invalid_arguments');
        if (!body.view) return slackError('invalid_arguments');
        return slackOk({ view: view(body) });
      case 'views.publish':
        if (!body.user_id) return slackError('invalid_arguments');
        if (!body.view) return slackError('invalid_arguments');
        return slackOk({ view: view(body) });
      case 'conversations.open': {
        const ids = String(body.users ?? '').split(',').filter(Boolean);
        if (ids.length === 0 && !body.channel) return slackError('users_list_not_supplied');
        const id = body.channel ? String(body.channel) : dmFor(ids.join(','));
        return slackOk({ no_op: false, already_open: false, channel: { id } });
      }
      case 'users.info': {
        if (!body.user) return slackError('user_not_found');
        const id = String(body.user);
        const u: FakeSlackUser = users.get(id) ?? { id };
        const includeLocale = body.include_locale === true || body.include_locale === 'true';
        const name = u.name ?? id.toLowerCase();
        return slackOk({
          user: {
            id,
            team_id: identity.team_id,
            name,
            real_name: u.real_name ?? name,
            deleted: false,
            is_bot: u.is_bot ?? false,
            tz: u.tz ?? 'America/New_York',
            tz_label: 'Eastern Time',
            tz_offset: u.tz_offset ?? -18000,
            profile: { real_name: u.real_name ?? name, display_name: name },
            // Slack returns locale only when include_locale=true.
            ...(includeLocale ? { locale: u.locale ?? 'en-US' } : {}),
          },
        });
      }
      default:
        return slackError('unknown_method');
    }
  }

  function handle(req: ParsedRequest): FakeResponse {
    const m = PATH.exec(req.path);
    const body = decodeValues({ ...Object.fromEntries(req.query), ...req.body }, req.contentType);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof body.token === 'string' ? body.token : undefined);
    const call: SlackCall = {
      method: m?.[1] ?? req.path,
      token,
      body,
      contentType: req.contentType,
      status: 0,
      error: undefined,
      at: new Date(),
    };
    requests.push(call);
    const answer = route(m?.[1], token, body);
    call.status = answer.status;
    const answerBody = answer.body as { ok?: boolean; error?: string } | undefined;
    call.error = answerBody?.ok ? undefined : answerBody?.error ?? `http_${answer.status}`;
    changes.emit();
    return answer;
  }

  function route(method: string | undefined, token: string | undefined, body: Record<string, unknown>): FakeResponse {
    if (!method) return { status: 404, body: '<html><body>404 Not Found</body></html>' };
    if (!token) return slackError('not_authed');
    // Only the app-level token opens a Socket Mode connection, and it does nothing else.
    const isApp = options.appToken !== undefined && token === options.appToken;
    if ((method === 'apps.connections.open') !== isApp) return slackError('not_allowed_token_type');
    if (!isApp && options.token !== undefined && token !== options.token) return slackError('invalid_auth');
    const scripted = failures.take({ method, body });
    if (scripted) return scripted;
    const custom = handlers.get(method);
    if (custom) return slackOk(custom(body));
    return builtIn(method, body);
  }

  const server = await startServer(handle);
  return {
    url: server.url,
    apiUrl: `${server.url}/api/`,
    close: server.close,
    requests,
    identity,
    setUser(user) {
      users.set(user.id, { ...users.get(user.id), ...user });
    },
    fail(failure) {
      const error = failure.error ?? 'internal_error';
      const status = failure.status ?? (error === 'ratelimited' ? 429 : 200);
      const headers = status === 429 ? { 'Retry-After': String(failure.retryAfter ?? 1) } : undefined;
      const times = failure.times ?? (failure.channel !== undefined ? Infinity : 1);
      failures.add(
        (call) =>
          (failure.method === undefined || call.method === failure.method) &&
          (failure.channel === undefined || String(call.body.channel) === failure.channel),
        slackError(error, status, headers),
        times,
      );
    },
    handle(method, handler) {
      handlers.set(method, handler);
    },
    waitFor(count, timeoutMs = HANG_GUARD_MS, method = 'chat.postMessage') {
      const matching = () => requests.filter((c) => c.method === method && c.error === undefined);
      return waitForCount(`ok ${method} calls`, count, timeoutMs, matching, changes.subscribe);
    },
    reset() {
      requests.length = 0;
      failures.clear();
      handlers.clear();
      users.clear();
    },
    setSocketModeUrl(url) {
      socketModeUrl = url;
    },
  };
}

/** What the app sent back for an envelope: its envelope_id and the ack's payload (a slash command's answer travels here). */
export interface SocketModeAck {
  envelope_id: string;
  payload: Record<string, unknown>;
  at: Date;
}

/** The envelope types Slack sends over a Socket Mode connection that the app must acknowledge. */
export type SocketModeEnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

/** A fake Socket Mode endpoint (Slack's wss-primary.slack.com) on 127.0.0.1. */
export interface FakeSocketMode {
  /** The URL apps.connections.open answers: ws://127.0.0.1:PORT/link/?ticket=... */
  url: string;
  /** How many connections were opened so far. */
  connections: number;
  /** Resolves once a client is connected (it was sent `hello`). */
  connected(timeoutMs?: number): Promise<void>;
  /**
   * Sends an envelope on the newest connection; resolves with the app's ack of its envelope_id
   * (rejects after `timeoutMs`, default 3000: Slack's own deadline). `envelopeId` defaults to a new uuid.
   */
  send(type: SocketModeEnvelopeType, payload: Record<string, unknown>, opts?: { envelopeId?: string; retryAttempt?: number; timeoutMs?: number }): Promise<SocketModeAck>;
  /** Every ack received, in order. */
  acks: SocketModeAck[];
  /** Every non-ack text frame the app sent (there should be none). */
  strays: string[];
  /** Sends {type: "disconnect"} (Slack recycling the connection): the client should reconnect. */
  disconnect(reason?: string): void;
  close(): Promise<void>;
}

/**
 * Starts a fake Socket Mode server for `fake` (which then answers apps.connections.open with its
 * URL). It speaks the protocol as Slack documents it (https://api.slack.com/apis/socket-mode):
 * a `hello` on connect, then envelopes `{envelope_id, type, payload, accepts_response_payload,
 * retry_attempt, retry_reason}`; the client acks each with `{envelope_id, payload?}`. Pings are
 * answered by `ws` itself.
 */
export async function startFakeSocketMode(fake: FakeSlack, opts: { appId?: string } = {}): Promise<FakeSocketMode> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: (info: { req: { socket: { remoteAddress?: string } } }) => isLoopback(info.req.socket.remoteAddress) });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const port = (wss.address() as AddressInfo).port;
  const appId = opts.appId ?? 'A0000FAKE';
  const url = `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=${appId}`;
  const acks: SocketModeAck[] = [];
  const strays: string[] = [];
  const changes = new Changes();
  const sockets: WebSocket[] = [];
  let connections = 0;

  wss.on('connection', (socket) => {
    connections += 1;
    sockets.push(socket);
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      try {
        const msg = JSON.parse(text) as { envelope_id?: string; payload?: Record<string, unknown> };
        if (typeof msg.envelope_id === 'string') {
          acks.push({ envelope_id: msg.envelope_id, payload: msg.payload ?? {}, at: new Date() });
          changes.emit();
          return;
        }
      } catch {
        // not JSON: recorded below
      }
      strays.push(text);
    });
    socket.on('close', () => {
      const i = sockets.indexOf(socket);
      if (i >= 0) sockets.splice(i, 1);
      changes.emit();
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: sockets.length, debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 }, connection_info: { app_id: appId } }));
    changes.emit();
  });
  fake.setSocketModeUrl(url);

  const open = () => sockets.filter((s) => s.readyState === s.OPEN);
  return {
    url,
    get connections() {
      return connections;
    },
    acks,
    strays,
    connected: (timeoutMs = HANG_GUARD_MS) => waitForCount('Socket Mode connections', 1, timeoutMs, open, changes.subscribe).then(() => undefined),
    async send(type, payload, o = {}) {
      const socket = open().at(-1);
      if (!socket) throw new Error('fake Socket Mode: no client connected');
      const envelopeId = o.envelopeId ?? randomUUID();
      const envelope =
        type === 'events_api'
          ? { envelope_id: envelopeId, type, payload, accepts_response_payload: false, retry_attempt: o.retryAttempt ?? 0, retry_reason: o.retryAttempt ? 'timeout' : '' }
          : { envelope_id: envelopeId, type, payload, accepts_response_payload: type === 'slash_commands' || payload.type === 'view_submission' };
      const before = acks.filter((a) => a.envelope_id === envelopeId).length;
      socket.send(JSON.stringify(envelope));
      const mine = () => acks.filter((a) => a.envelope_id === envelopeId);
      const got = await waitForCount(`ack of envelope ${envelopeId}`, before + 1, o.timeoutMs ?? 3000, mine, changes.subscribe);
      return got[before];
    },
    disconnect(reason = 'refresh_requested') {
      for (const s of open()) s.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } }));
    },
    async close() {
      fake.setSocketModeUrl(null);
      for (const s of sockets) s.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Same as start(), under a name that reads well beside the other fakes. */
export const startFakeSlack = start;
