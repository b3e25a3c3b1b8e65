/**
 * One Bolt App per running system, fed either by POST /slack/events (RouteReceiver) or by Socket
 * Mode (SLACK_APP_TOKEN), so every listener (DMs, shift screens, ticket threads) is written once.
 * The Slack channel (slack-adapter.ts) owns it and listens for DMs; features find it with
 * slackAppFor() and add their listeners on `bolt` when the system starts (AppModule.init);
 * flow-choice buttons are routed by value prefix.
 */
import { App, SocketModeReceiver, webApi, type Receiver } from '@slack/bolt';
import type { RouteDef } from '../../http/route';
import type { Logger } from '../../log';
import { boltLogger, clientOptions, SlackSender } from './client';
import { isRedisLike, memoryDedupe, redisDedupe, type DedupeStore } from './dedupe';
import { eventKey, RouteReceiver, slackEventsRoute, type RequestOutcome } from './receiver';
import type { Block } from './render';
import { SLACK_EVENTS_PATH, type SlackSettings } from './settings';

/** A button press on a rendered choice, handed to the feature that owns its value prefix. */
export interface ChoicePress {
  userId: string;
  value: string;
  label: string;
  /** The message holding the button (to update it), when it is a message. */
  channel?: string;
  ts?: string;
  blocks?: Block[];
  client: webApi.WebClient;
  triggerId?: string;
}

export interface ChoiceHandler {
  prefix: string;
  handle(press: ChoicePress): Promise<void>;
}

/** What users.info tells us about a member (cached). */
export interface SlackUser {
  id: string;
  name: string;
  locale?: string;
  tz?: string;
  isBot: boolean;
}

const USER_CACHE_MS = 10 * 60_000;

/** What Bolt's extended error handler receives (extendedErrorHandler: true); Bolt does not export the type, its last App.error overload takes it. */
type ExtendedErrorArgs = Parameters<Parameters<App['error']>[0]>[0];

/** What the app needs from the system: logs, the clock (request signatures), and Redis for the event dedupe. */
export interface SlackAppDeps {
  log: Logger;
  now(): Date;
  /** The shared Redis client; without one (tests of parts) the dedupe is in memory. */
  redis?: unknown;
  /** Prefix of the app's keys in Redis (`<prefix>:slack:...`). */
  keyPrefix?: string;
}

export class SlackApp {
  readonly bolt: App;
  /** Paced, non-retrying posts from workers (SendError on failure). */
  readonly sender: SlackSender;
  /** For answering interactions: a few quick retries, waits out a 429. */
  readonly client: webApi.WebClient;
  readonly choiceHandlers: ChoiceHandler[] = [];
  private readonly receiver: Receiver;
  private readonly dedupe: DedupeStore;
  private readonly inflight = new Set<Promise<unknown>>();
  private auth?: Promise<{ botUserId: string; botId: string }>;
  private readonly users = new Map<string, { user: SlackUser; until: number }>();
  private started = false;

  constructor(
    private readonly deps: SlackAppDeps,
    readonly settings: SlackSettings,
  ) {
    const log = deps.log;
    const interactive = clientOptions(settings, log, { retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 2000 } });
    this.client = new webApi.WebClient(settings.botToken, interactive);
    this.sender = new SlackSender(settings, log);
    this.receiver = settings.appToken
      ? new SocketModeReceiver({ appToken: settings.appToken, logger: boltLogger(log), installerOptions: { clientOptions: settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {} } })
      : new RouteReceiver();
    this.bolt = new App({
      receiver: this.receiver,
      authorize: async () => ({ botToken: settings.botToken, ...(await this.identity()) }),
      clientOptions: interactive,
      logger: boltLogger(log),
      ignoreSelf: true,
      convoStore: false,
      extendedErrorHandler: true,
    });
    this.dedupe = isRedisLike(deps.redis) ? redisDedupe(deps.redis, `${deps.keyPrefix}:slack`) : memoryDedupe();
    this.bolt.use(async ({ body, next, context }) => {
      const key = eventKey(body as Record<string, any>);
      if (!key) return next();
      if (!(await this.dedupe.claim(key))) {
        log.debug({ key, retry: context.retryNum }, 'slack: event already handled, retry ignored');
        return;
      }
      try {
        await next();
        await this.dedupe.done(key);
      } catch (err) {
        await this.dedupe.release(key).catch(() => {});
        const outcome = (context as { ceOutcome?: RequestOutcome }).ceOutcome;
        if (outcome) outcome.failed = true;
        throw err;
      }
    });
    // The final destination of listener errors (Bolt's own words), with what the request was.
    this.bolt.error(async ({ error, body }: ExtendedErrorArgs) => {
      const b = body as Record<string, any> | undefined;
      log.error({ err: error.message, code: (error as { code?: string }).code, type: b?.type ?? (b?.command ? 'slash_command' : undefined), event: b?.event?.type, action: b?.actions?.[0]?.action_id }, 'slack: listener failed');
    });
  }

  /** The bot's user and bot ids (auth.test, once; again after a failure). */
  identity(): Promise<{ botUserId: string; botId: string }> {
    if (!this.auth) {
      this.auth = this.client.auth.test().then((r) => ({ botUserId: String(r.user_id), botId: String(r.bot_id) }));
      this.auth.catch(() => (this.auth = undefined));
    }
    return this.auth;
  }

  /** A member's name, locale and zone (users.info with include_locale), cached for a few minutes. */
  async user(userId: string): Promise<SlackUser> {
    const cached = this.users.get(userId);
    if (cached && cached.until > Date.now()) return cached.user;
    const res = await this.client.users.info({ user: userId, include_locale: true });
    const u = res.user ?? {};
    const user: SlackUser = {
      id: userId,
      name: String(u.profile?.display_name || u.real_name || u.name || userId),
      locale: u.locale ?? undefined,
      tz: u.tz ?? undefined,
      isBot: Boolean(u.is_bot),
    };
    if (this.users.size > 5000) this.users.clear();
    this.users.set(userId, { user, until: Date.now() + USER_CACHE_MS });
    return user;
  }

  /** Hands buttons whose value starts with `prefix` to `handle`. */
  onChoice(handler: ChoiceHandler): void {
    this.choiceHandlers.push(handler);
  }

  /** The HTTP route (none in Socket Mode). */
  routes(): RouteDef[] {
    if (!(this.receiver instanceof RouteReceiver)) return [];
    const receiver = this.receiver;
    return [
      slackEventsRoute({
        path: SLACK_EVENTS_PATH,
        signingSecret: this.settings.signingSecret,
        now: this.deps.now,
        log: this.deps.log,
        dispatch: (event) => receiver.dispatch(event),
        track: (work) => this.track(work),
      }),
    ];
  }

  /** Keeps a promise of work running after an answer, for idle(). */
  track(work: Promise<unknown>): void {
    const p = work.catch(() => {}).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  /** Resolves when no request is being processed (tests wait on this rather than sleeping). */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }

  /** Socket Mode: connect (once). HTTP mode needs nothing. */
  async start(): Promise<void> {
    if (this.started || this.receiver instanceof RouteReceiver) return;
    this.started = true;
    await this.bolt.start();
    this.deps.log.info('slack: connected in Socket Mode');
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.bolt.stop();
  }
}
