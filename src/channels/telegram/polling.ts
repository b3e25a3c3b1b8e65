import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../../log';

/** Seconds Telegram holds one getUpdates call open when there is nothing to deliver. */
const LONG_POLL_SECONDS = 30;
const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/** grammY's Node build types its signal parameter with the abort-controller shim; a native AbortSignal works at run time. */
type GrammySignal = Parameters<Api['getUpdates']>[1];

/** The update kinds the bot reads; others are not even fetched. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/**
 * Long polling (TELEGRAM_MODE=polling): a getUpdates loop that hands each update to the same
 * handling as the webhook. It is ours rather than grammY's bot.start() because bot.start()
 * confirms an update before handling it, so an update whose accept() failed (database or Redis
 * down) would be lost; here the offset moves past an update only once it is handled, and a
 * failure backs off and fetches the same updates again (the store dedupes what was accepted).
 */
export class UpdatePoller {
  private offset = 0;
  private aborter?: AbortController;
  private loop?: Promise<void>;

  constructor(
    private readonly api: Api,
    private readonly handle: (update: Update) => Promise<unknown>,
    private readonly log: Logger,
    private readonly pollSeconds = LONG_POLL_SECONDS,
  ) {}

  /** Removes a webhook (Telegram refuses getUpdates while one is set) and starts polling. */
  async start(): Promise<void> {
    if (this.loop) return;
    const aborter = new AbortController();
    this.aborter = aborter;
    try {
      await this.api.deleteWebhook({ drop_pending_updates: false }, aborter.signal as GrammySignal);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'telegram: deleteWebhook failed; polling anyway');
    }
    this.loop = this.run(aborter.signal);
  }

  /** Stops polling: aborts the open getUpdates call and waits for the update in hand. */
  async stop(): Promise<void> {
    this.aborter?.abort();
    await this.loop;
    this.loop = undefined;
  }

  private async run(signal: AbortSignal): Promise<void> {
    let backoff = MIN_BACKOFF_MS;
    while (!signal.aborted) {
      let updates: Update[];
      try {
        updates = await this.api.getUpdates({ offset: this.offset, timeout: this.pollSeconds, allowed_updates: [...ALLOWED_UPDATES] }, signal as GrammySignal);
      } catch (err) {
        if (signal.aborted) break;
        // 409: a webhook is set or another instance polls with this token.
        this.log.warn({ err: (err as Error).message, retryInMs: backoff }, 'telegram: getUpdates failed');
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        continue;
      }
      let failed = false;
      for (const update of updates) {
        try {
          await this.handle(update);
        } catch (err) {
          // Not confirmed: the next getUpdates from this offset delivers it again.
          this.log.warn({ updateId: update.update_id, err: (err as Error).message, retryInMs: backoff }, 'telegram: update not accepted');
          failed = true;
          break;
        }
        this.offset = update.update_id + 1;
      }
      if (failed) {
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      } else backoff = MIN_BACKOFF_MS;
    }
  }
}

/** Waits `ms`, or less if the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
