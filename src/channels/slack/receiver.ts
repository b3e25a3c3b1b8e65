/**
 * POST /slack/events on the project's HTTP server, as a Bolt custom receiver: the HTTP layer hands
 * over the raw body, this verifies Slack's signature over it (with the runtime's clock), parses
 * the three kinds of request (Events API JSON; slash commands and interactivity as forms) and
 * gives each to Bolt's `App.processEvent` with an `ack` that becomes the HTTP answer.
 */
import { createHash } from 'node:crypto';
import { verifySlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../log';
import type { RouteDef, RouteRequest, RouteResponse } from '../../http/route';

/** Slack retries what is not answered within 3 s (https://api.slack.com/apis/events-api#retries): answer before. */
export const ACK_DEADLINE_MS = 2500;
/** Slack signs with a timestamp; requests more than 5 minutes off are refused (replays). */
const MAX_SKEW_SEC = 5 * 60;

/** A Receiver that only remembers its App: requests come in through slackEventsRoute. */
export class RouteReceiver implements Receiver {
  private app?: App;

  init(app: App): void {
    this.app = app;
  }

  dispatch(event: ReceiverEvent): Promise<void> {
    if (!this.app) throw new Error('slack: the receiver was not given to an App');
    return this.app.processEvent(event);
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}
}

/** Set by the dedupe middleware when a listener failed, so the route can ask Slack to retry. */
export interface RequestOutcome {
  failed: boolean;
}

export interface SlackRouteOptions {
  path: string;
  signingSecret: string;
  now(): Date;
  log: Logger;
  dispatch(event: ReceiverEvent): Promise<void>;
  /** Tracks processing that continues after the answer (tests wait for it). */
  track(work: Promise<unknown>): void;
  ackDeadlineMs?: number;
}

const UNAUTHORIZED: RouteResponse = { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'invalid signature' };

function header(req: RouteRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Checks X-Slack-Signature (v0 HMAC-SHA256 of "v0:<timestamp>:<body>") and the timestamp's age. */
export function isSignedBySlack(req: RouteRequest, signingSecret: string, nowMs: number): boolean {
  const signature = header(req, 'x-slack-signature');
  const timestamp = header(req, 'x-slack-request-timestamp');
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  // verifySlackRequest refuses stale timestamps only; one from the future is as suspicious.
  if (Number(timestamp) > nowMs / 1000 + MAX_SKEW_SEC) return false;
  try {
    verifySlackRequest({ signingSecret, body: req.rawBody.toString('utf8'), headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) }, nowMilliseconds: nowMs });
    return true;
  } catch {
    return false;
  }
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A Slack user id (U..., W... on Enterprise Grid): upper-case letters and digits. */
const USER_ID = /^[A-Z][A-Z0-9]{2,}$/;
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
const optionalUserId = (v: unknown) => v === undefined || (typeof v === 'string' && USER_ID.test(v));

/**
 * Whether a signed request has the shape Slack gives it, in what the listeners read: an Events API
 * callback carries an event object with a type (and a string event_id), a message event string
 * fields, a message or Home tab event a user id; an interaction a user object with an id; a slash
 * command a user id. Slack never sends anything else; anything else would reach the listeners as
 * junk: Bolt throws on some (answered 503, so Slack retries it for nothing), others would store a
 * contact for a "user" that is an object or a word.
 */
export function wellFormed(body: Record<string, any>): boolean {
  if (body.type === 'event_callback') {
    const e = body.event;
    if (!isObject(e) || typeof e.type !== 'string' || !optionalString(body.event_id)) return false;
    // The events the app subscribes to (docs/channels/slack.md); others (user_change: user is an object) pass.
    if ((e.type === 'message' || e.type === 'app_home_opened') && !optionalUserId(e.user)) return false;
    if (e.type === 'message' && !['channel', 'channel_type', 'text', 'ts', 'thread_ts', 'subtype'].every((k) => optionalString(e[k]))) return false;
    return true;
  }
  if (body.user !== undefined && !(isObject(body.user) && optionalUserId(body.user.id) && body.user.id !== undefined)) return false;
  return optionalUserId(body.user_id);
}

/** The request's payload: JSON (Events API), `payload=` JSON (interactivity) or the form itself (slash commands). */
export function parseSlackBody(req: RouteRequest): Record<string, any> | undefined {
  const type = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  const raw = req.rawBody.toString('utf8');
  let body: unknown;
  try {
    if (type === 'application/json') body = JSON.parse(raw);
    else if (type === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(raw);
      const payload = form.get('payload');
      body = payload !== null ? JSON.parse(payload) : Object.fromEntries(form);
    }
  } catch {
    return undefined;
  }
  return isObject(body) ? body : undefined;
}

/** What an ack's argument becomes as the HTTP answer (Bolt's HTTPResponseAck does the same). */
function ackResponse(response: unknown): RouteResponse {
  if (response === undefined || response === null || response === '') return { status: 200, body: '' };
  if (typeof response === 'string') return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: response };
  return { status: 200, body: response as object };
}

/** The retry key of an Events API delivery (its event_id; a hash of the body if Slack ever omits it). */
export function eventKey(body: Record<string, any>, raw?: Buffer): string | undefined {
  if (body.type !== 'event_callback') return undefined;
  if (typeof body.event_id === 'string' && body.event_id) return `slack-event-${body.event_id}`;
  return raw ? `slack-event-${createHash('sha256').update(raw).digest('hex').slice(0, 32)}` : undefined;
}

/**
 * The route. A forged or stale request gets 401 and reaches nothing. Interactive requests are
 * answered as soon as the listener acks (slash command answers and modal errors travel in the
 * ack). Events are answered once processed (or at the deadline), so a DM is stored before Slack
 * hears "ok"; if processing failed, 503 makes Slack retry. Retries of an event already handled are
 * dropped by the dedupe middleware (see app.ts).
 */
export function slackEventsRoute(opts: SlackRouteOptions): RouteDef {
  const deadline = opts.ackDeadlineMs ?? ACK_DEADLINE_MS;
  return {
    method: 'POST',
    path: opts.path,
    handler: async (req) => {
      if (!isSignedBySlack(req, opts.signingSecret, opts.now().getTime())) {
        opts.log.warn({ route: opts.path }, 'slack: request with a missing, wrong or stale signature refused');
        return UNAUTHORIZED;
      }
      const body = parseSlackBody(req);
      if (!body || !wellFormed(body)) return { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'unreadable body' };
      if (body.ssl_check) return { status: 200, body: '' };
      if (body.type === 'url_verification') return { status: 200, body: { challenge: String(body.challenge ?? '') } };

      const retryNum = Number(header(req, 'x-slack-retry-num') ?? NaN);
      const outcome: RequestOutcome = { failed: false };
      let answer!: (r: RouteResponse) => void;
      const acked = new Promise<RouteResponse>((resolve) => (answer = resolve));
      let ackedOnce = false;
      const ack = async (response?: unknown) => {
        if (ackedOnce) return;
        ackedOnce = true;
        answer(ackResponse(response));
      };
      const processing = opts
        .dispatch({
          body,
          ack,
          ...(Number.isFinite(retryNum) ? { retryNum, retryReason: header(req, 'x-slack-retry-reason') } : {}),
          customProperties: { ceOutcome: outcome },
        })
        .catch((err) => {
          outcome.failed = true;
          opts.log.error({ err: (err as Error).message }, 'slack: processing failed');
        });
      opts.track(processing);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), deadline);
        timer.unref();
      });
      try {
        if (body.type === 'event_callback') {
          await Promise.race([processing, late]);
          return outcome.failed ? { status: 503, headers: { 'retry-after': '5' }, body: { error: 'temporarily unavailable' } } : { status: 200, body: '' };
        }
        const first = await Promise.race([acked, processing.then(() => 'done' as const), late]);
        if (first === 'done' || first === 'late') return ackedOnce ? await acked : { status: 200, body: '' };
        return first;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
