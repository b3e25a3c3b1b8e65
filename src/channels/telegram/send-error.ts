import { GrammyError, HttpError } from 'grammy';
import { SendError } from '../errors';

/** The provider code of "bot was blocked by the user" (403): the consent ledger's source reads provider:telegram_blocked. */
export const TELEGRAM_BLOCKED = 'telegram_blocked';

/**
 * A failed Bot API call as a SendError (src/channels/errors.ts), the way the outbound worker
 * understands it:
 * - 429 Too Many Requests: 'throttled' after parameters.retry_after seconds (the worker pauses the
 *   whole Telegram queue that long, which is what Telegram asks of the bot);
 * - 403 Forbidden, bot blocked by the user: 'opted_out' (recorded in the consent ledger);
 *   other 403s (user deactivated): 'unreachable'; neither retried;
 * - 5xx, network failures, timeouts: 'retry' with backoff;
 * - 401/404 (token revoked or wrong): 'retry', because the message is fine and the bot is not;
 * - any other 4xx (400 Bad Request: chat not found, text empty, ...): 'rejected', not retried.
 */
export function errorFromTelegram(err: unknown): SendError {
  if (err instanceof GrammyError) {
    const status = err.error_code;
    const details = { status, providerCode: status };
    if (status === 429) {
      const seconds = Number(err.parameters?.retry_after);
      return new SendError('throttled', err.description, { ...details, retryAfterMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000 });
    }
    // "Forbidden: bot was blocked by the user": the person said no more. Opted out, in the consent
    // ledger with source provider:telegram_blocked (src/runtime/deliver.ts), not merely unreachable.
    if (status === 403 && /blocked/i.test(err.description)) return new SendError('opted_out', err.description, { status, providerCode: TELEGRAM_BLOCKED });
    if (status === 403) return new SendError('unreachable', err.description, details);
    if (status >= 500 || status === 401 || status === 404) return new SendError('retry', err.description, details);
    return new SendError('rejected', err.description, details);
  }
  if (err instanceof HttpError) return new SendError('retry', `network error: ${(err.error as Error | undefined)?.message ?? err.message}`);
  return new SendError('retry', err instanceof Error ? err.message : String(err));
}
