import { LogLevel, webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../log';
import { ChannelPacer } from './pacer';
import { errorFromSlack } from './send-error';
import type { SlackSettings } from './settings';

/**
 * Bolt's and WebClient's logger interface over the project's pino logger, at info and above only.
 * The SDK's debug lines carry whole request and response bodies (handoff texts, what people wrote,
 * user profiles with e-mail and phone): they are dropped whatever LOG_LEVEL is (issue #13), and
 * `setLevel` cannot lower that.
 */
export function boltLogger(log: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const child = log.child({ component: 'slack' });
  const write = (fn: 'info' | 'warn' | 'error') => (...msg: unknown[]) => child[fn](msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
  return {
    debug: () => undefined,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

/** WebClient options for this deployment: the API URL (a fake in tests) and the logger. */
export function clientOptions(settings: SlackSettings, log: Logger, extra: webApi.WebClientOptions = {}): webApi.WebClientOptions {
  return { ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}), logger: boltLogger(log), ...extra };
}

const pacers = new Map<string, ChannelPacer>();

/** The pacer of a bot token, shared by every sender in this process (the channel adapter, handoffs, shift notices). */
export function pacerFor(token: string): ChannelPacer {
  let pacer = pacers.get(token);
  if (!pacer) {
    pacer = new ChannelPacer();
    pacers.set(token, pacer);
  }
  return pacer;
}

/**
 * Posting from our queues: paced per channel, never retried inside the client (BullMQ retries
 * with backoff, and a 429 pauses the queue), failures as SendError (src/channels/errors.ts).
 */
export class SlackSender {
  readonly client: webApi.WebClient;

  constructor(
    settings: SlackSettings,
    log: Logger,
    readonly pacer: ChannelPacer = pacerFor(settings.botToken),
  ) {
    this.client = new webApi.WebClient(settings.botToken, clientOptions(settings, log, { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }));
  }

  /** chat.postMessage; resolves with the channel (a DM's id when posted to a user) and the message ts. */
  async post(args: webApi.ChatPostMessageArguments): Promise<{ channel: string; ts: string }> {
    const channel = String(args.channel);
    await this.pacer.take(channel);
    try {
      const res = await this.client.chat.postMessage(args);
      return { channel: String(res.channel ?? channel), ts: String(res.ts) };
    } catch (err) {
      throw this.fail(channel, err);
    }
  }

  /** chat.update of a message we posted. */
  async update(args: webApi.ChatUpdateArguments): Promise<void> {
    try {
      await this.client.chat.update(args);
    } catch (err) {
      throw this.fail(String(args.channel), err);
    }
  }

  /** chat.postEphemeral (only `user` sees it). */
  async ephemeral(args: webApi.ChatPostEphemeralArguments): Promise<void> {
    try {
      await this.client.chat.postEphemeral(args);
    } catch (err) {
      throw this.fail(String(args.channel), err);
    }
  }

  private fail(channel: string, err: unknown) {
    const e = errorFromSlack(err);
    if (e.code === 'throttled') this.pacer.backOff(channel, e.details.retryAfterMs ?? 1000);
    return e;
  }
}
