/**
 * A fake Twilio REST API on 127.0.0.1: the Messages resource of the 2010-04-01 API, enough for
 * the real `twilio` SDK (v6) to send through it and to see Twilio's error format.
 *
 * Pointing the real SDK at it (checked in test/helpers/fakes.test.ts against twilio 6.2):
 *
 *   const client = twilio(accountSid, authToken);
 *   client.api.baseUrl = fake.url;          // the Api domain builds every URL from baseUrl
 *   await client.messages.create({ to, from, body });
 *
 * WhatsApp (the same Messages resource): To and From are `whatsapp:+E.164` (a `whatsapp:` To from a
 * plain number is refused with 63007, as Twilio does); a template goes as ContentSid +
 * ContentVariables with no Body; `statusReport()` builds the delivery and read reports Twilio posts.
 *
 * Do not set `edge`/`region` (or TWILIO_EDGE/TWILIO_REGION) in tests: BaseTwilio.request then
 * rewrites the host name (getHostname) and the request would leave the machine. With neither
 * set, "127.0.0.1" is passed through unchanged.
 */
import { HANG_GUARD_MS } from './guard';
import { countSegments } from '../../src/lib/sms-segments';
import {
  Changes,
  ScriptedRules,
  randomHex,
  startServer,
  waitForCount,
  type FakeResponse,
  type ParsedRequest,
} from './fake-server';

/** One request the fake received (accepted or not). */
export interface TwilioRequestRecord {
  method: string;
  path: string;
  /** Account SID from the URL path. */
  accountSid: string | undefined;
  /** Form parameters (To, From, Body, MessagingServiceSid, StatusCallback, ...). */
  params: Record<string, unknown>;
  /** The raw Authorization header, and the Basic credentials decoded from it. */
  authorization: string | undefined;
  username: string | undefined;
  password: string | undefined;
  /** HTTP status the fake answered. */
  status: number;
  at: Date;
}

/** A message resource as Twilio returns it (snake_case JSON; numbers as strings, as Twilio does). */
export interface TwilioMessageResource {
  account_sid: string;
  api_version: '2010-04-01';
  body: string;
  date_created: string;
  date_sent: string | null;
  date_updated: string;
  direction: 'outbound-api';
  error_code: number | null;
  error_message: string | null;
  from: string | null;
  messaging_service_sid: string | null;
  num_media: string;
  num_segments: string;
  price: string | null;
  price_unit: string;
  sid: string;
  status: 'queued' | 'accepted';
  subresource_uris: { media: string };
  to: string;
  uri: string;
}

/** A message the fake accepted: its resource plus the request parameters it came from. */
export interface AcceptedMessage {
  resource: TwilioMessageResource;
  params: Record<string, unknown>;
  /** StatusCallback URL, if the request gave one. */
  statusCallback: string | undefined;
}

/** A scripted error answer. */
export interface TwilioFailure {
  /** Only requests to this E.164 number; any request when absent. */
  to?: string;
  status: number;
  /** Twilio error code; defaults by status (400 → 21211, 401 → 20003, 404 → 20404, 429 → 20429, 5xx → 20500). */
  code?: number;
  message?: string;
  /**
   * How many requests it answers. Default: forever when `to` is given (a recipient's state, e.g.
   * 21610 unsubscribed, lasts), once otherwise (a transient failure of the next request).
   */
  times?: number;
  /** Sets a Retry-After header (seconds), for 429. */
  retryAfter?: number;
}

/** The started fake. */
export interface FakeTwilio {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash): assign to `client.api.baseUrl`. */
  url: string;
  close(): Promise<void>;
  /** Every request, in arrival order. */
  requests: TwilioRequestRecord[];
  /** Accepted (201) messages, in order. */
  messages: AcceptedMessage[];
  /** Script an error answer (see TwilioFailure for how long it lasts). */
  fail(failure: TwilioFailure): void;
  /** Resolve with the accepted messages once `count` have been accepted; reject after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<AcceptedMessage[]>;
  /**
   * A provider outage: while set, every Messages request is answered with this status (Twilio's
   * error body, code by status) and nothing is accepted; `outage(null)` ends it.
   */
  outage(status: number | null): void;
  /**
   * Holds the answers: from now on each request is handled (recorded, a message accepted) at once,
   * but answered only once the returned function is called, as a provider that accepted a message
   * and whose answer is still on the wire. For faults between the provider's accepting and the
   * system's recording it.
   */
  hold(): () => void;
  /** Forget requests, messages and scripted failures. */
  reset(): void;
}

/** Options: give `authToken` (and optionally `accountSid`) to have bad credentials answered 401 / 20003. */
export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  /** Answer every request this many ms after it arrives, as a real API over the internet does (benchmarks). */
  latencyMs?: number;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  20500: 'Internal Server Error',
  20503: 'Service Unavailable',
  21211: "Invalid 'To' Phone Number",
  21408: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
  21602: 'Message body is required.',
  21603: "A 'From' phone number is required.",
  21604: "A 'To' phone number is required.",
  21610: 'Attempt to send to unsubscribed recipient',
  21614: "'To' number is not a valid mobile number",
  63003: 'Channel could not find To address',
  63007: 'Twilio could not find a Channel with the specified From address',
  63016: 'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.',
  63024: 'Invalid message recipient',
};

function defaultCode(status: number): number {
  if (status === 401) return 20003;
  if (status === 404) return 20404;
  if (status === 429) return 20429;
  if (status === 503) return 20503;
  if (status >= 500) return 20500;
  return 21211;
}

/** Twilio's JSON error body: {code, message, more_info, status}. */
export function twilioError(status: number, code: number, message?: string): FakeResponse {
  return {
    status,
    body: {
      code,
      message: message ?? DEFAULT_MESSAGES[code] ?? `Error ${code}`,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status,
    },
  };
}

/** RFC 2822 date as Twilio writes it: "Thu, 30 Jul 2015 20:12:31 +0000". */
function twilioDate(d: Date): string {
  return d.toUTCString().replace('GMT', '+0000');
}

const CREATE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const FETCH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

/** Start the fake Twilio API on 127.0.0.1 (a free port). */
export async function start(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const requests: TwilioRequestRecord[] = [];
  const messages: AcceptedMessage[] = [];
  const failures = new ScriptedRules<Record<string, unknown>, FakeResponse>();
  const changes = new Changes();
  let down: number | null = null;

  function handle(req: ParsedRequest): FakeResponse {
    const accountSid = CREATE.exec(req.path)?.[1] ?? FETCH.exec(req.path)?.[1];
    const authorization = req.headers.authorization;
    let username: string | undefined;
    let password: string | undefined;
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
    const record: TwilioRequestRecord = {
      method: req.method,
      path: req.path,
      accountSid,
      params: req.body,
      authorization,
      username,
      password,
      status: 0,
      at: new Date(),
    };
    requests.push(record);
    const answer = route(req, accountSid, username, password);
    record.status = answer.status;
    changes.emit();
    return answer;
  }

  function route(
    req: ParsedRequest,
    accountSid: string | undefined,
    username: string | undefined,
    password: string | undefined,
  ): FakeResponse {
    if (!accountSid) return twilioError(404, 20404, `The requested resource ${req.path} was not found`);
    const credentialsOk =
      username !== undefined &&
      (options.authToken === undefined ||
        (password === options.authToken && username === (options.accountSid ?? accountSid)));
    if (!credentialsOk) return twilioError(401, 20003);

    const fetched = FETCH.exec(req.path);
    if (fetched && req.method === 'GET') {
      const found = messages.find((m) => m.resource.sid === fetched[2]);
      return found
        ? { status: 200, body: found.resource }
        : twilioError(404, 20404, `The requested resource ${req.path} was not found`);
    }
    if (CREATE.test(req.path) && req.method === 'GET') return listMessages(req, accountSid);
    if (!CREATE.test(req.path) || req.method !== 'POST') {
      return twilioError(404, 20404, `The requested resource ${req.path} was not found`);
    }

    if (down !== null) return twilioError(down, defaultCode(down));
    const scripted = failures.take(req.body);
    if (scripted) return scripted;
    return createMessage(accountSid, req.body);
  }

  /**
   * GET Messages.json: the accepted messages, newest first, filtered by To and From as Twilio does
   * (one page of PageSize, default 50; DateSent filters are not implemented: queued messages have
   * no date_sent yet anyway). Lets a sender ask "did this go out?" after a crash.
   */
  function listMessages(req: ParsedRequest, accountSid: string): FakeResponse {
    const to = req.query.get('To');
    const from = req.query.get('From');
    const pageSize = Math.min(1000, Math.max(1, Number(req.query.get('PageSize') ?? 50) || 50));
    const found = messages
      .filter((m) => m.resource.account_sid === accountSid && (to === null || m.resource.to === to) && (from === null || m.resource.from === from))
      .reverse()
      .slice(0, pageSize)
      .map((m) => m.resource);
    const uri = `/2010-04-01/Accounts/${accountSid}/Messages.json?PageSize=${pageSize}&Page=0`;
    return {
      status: 200,
      body: { messages: found, first_page_uri: uri, next_page_uri: null, previous_page_uri: null, page: 0, page_size: pageSize, start: 0, end: Math.max(0, found.length - 1), uri },
    };
  }

  function createMessage(accountSid: string, params: Record<string, unknown>): FakeResponse {
    const to = typeof params.To === 'string' ? params.To : undefined;
    const from = typeof params.From === 'string' ? params.From : undefined;
    const service = typeof params.MessagingServiceSid === 'string' ? params.MessagingServiceSid : undefined;
    const body = typeof params.Body === 'string' ? params.Body : '';
    const media = params.MediaUrl === undefined ? [] : ([] as unknown[]).concat(params.MediaUrl);
    if (!to) return twilioError(400, 21604);
    if (!from && !service) return twilioError(400, 21603);
    if (body === '' && media.length === 0 && params.ContentSid === undefined) return twilioError(400, 21602);
    // WhatsApp: both ends on the channel (a Messaging Service picks a WhatsApp sender itself).
    if (to.startsWith('whatsapp:') && from !== undefined && !from.startsWith('whatsapp:')) return twilioError(400, 63007);
    if (params.ContentSid !== undefined && !/^HX[0-9a-fA-F]{32}$/.test(String(params.ContentSid))) return twilioError(400, 21655, 'The ContentSid is Invalid');

    const sid = `SM${randomHex(32)}`;
    const now = twilioDate(new Date());
    const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`;
    const resource: TwilioMessageResource = {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      // With only a Messaging Service, Twilio picks the sender later: from is null and the
      // first status is "accepted" rather than "queued".
      from: from ?? null,
      messaging_service_sid: service ?? null,
      num_media: String(media.length),
      num_segments: String(Math.max(1, countSegments(body).segments)),
      price: null,
      price_unit: 'USD',
      sid,
      status: from ? 'queued' : 'accepted',
      subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
      to,
      uri,
    };
    messages.push({
      resource,
      params,
      statusCallback: typeof params.StatusCallback === 'string' ? params.StatusCallback : undefined,
    });
    return { status: 201, body: resource };
  }

  const latencyMs = options.latencyMs ?? 0;
  let held: Promise<void> | undefined;
  const server = await startServer((req) => {
    const answer = handle(req);
    if (!held && latencyMs <= 0) return answer;
    const gate = held;
    return (async () => {
      await gate;
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      return answer;
    })();
  });
  return {
    url: server.url,
    close: server.close,
    requests,
    messages,
    fail(failure) {
      const code = failure.code ?? defaultCode(failure.status);
      const response = twilioError(failure.status, code, failure.message);
      if (failure.retryAfter !== undefined) response.headers = { 'Retry-After': String(failure.retryAfter) };
      const times = failure.times ?? (failure.to !== undefined ? Infinity : 1);
      failures.add((params) => failure.to === undefined || params.To === failure.to, response, times);
    },
    outage(status) {
      down = status;
    },
    hold() {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      held = gate;
      return () => {
        if (held === gate) held = undefined;
        release();
      };
    },
    waitFor: (count, timeoutMs = HANG_GUARD_MS) => waitForCount('accepted Twilio messages', count, timeoutMs, () => messages, changes.subscribe),
    reset() {
      requests.length = 0;
      messages.length = 0;
      failures.clear();
      down = null;
    },
  };
}

/**
 * The parameters of the status callback Twilio posts for `message` (sign them and post them to the
 * system's status route): `sent`, `delivered`, `read` (WhatsApp), `undelivered`/`failed` with an
 * ErrorCode (63016 outside the window, 63024 invalid recipient, 30005 unknown number, ...).
 */
export function statusReport(message: AcceptedMessage, status: string, errorCode?: number): Record<string, string> {
  const r = message.resource;
  const whatsapp = r.to.startsWith('whatsapp:');
  return {
    MessageSid: r.sid,
    SmsSid: r.sid,
    AccountSid: r.account_sid,
    MessageStatus: status,
    SmsStatus: status,
    To: r.to,
    From: r.from ?? (whatsapp ? 'whatsapp:+15005550006' : '+15005550006'),
    ApiVersion: '2010-04-01',
    ...(whatsapp ? { ChannelPrefix: 'whatsapp', ChannelInstallSid: `XE${'0'.repeat(32)}`, ChannelToAddress: r.to.slice('whatsapp:'.length).replace(/^\+/, '') } : {}),
    ...(errorCode !== undefined ? { ErrorCode: String(errorCode) } : {}),
  };
}

/** Same as start(), under a name that reads well beside the other fakes. */
export const startFakeTwilio = start;
