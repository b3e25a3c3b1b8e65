import { createHash, timingSafeEqual } from 'node:crypto';
import type { RouteDef, RouteRequest } from '../../http/route';
import { updateSchema } from './parse-update';

/** Where Telegram posts updates (setWebhook url = PUBLIC_URL + this path). */
export const WEBHOOK_PATH = '/webhooks/telegram';
/** The header carrying setWebhook's secret_token (https://core.telegram.org/bots/api#setwebhook). */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** secret_token: 1-256 characters A-Z, a-z, 0-9, _ and - (Bot API, setWebhook). */
export const SECRET_FORMAT = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Compares the received secret with the configured one in constant time. Both are hashed first,
 * so neither the content nor the length of the secret leaks through timing.
 */
export function secretMatches(received: string | string[] | undefined, expected: string | undefined): boolean {
  if (!expected || typeof received !== 'string' || received === '') return false;
  const a = createHash('sha256').update(received).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Telegram's ids are integers of at most 52 bits (Bot API: "at most 52 significant bits"). An
 * update whose message, chat or sender id is a fraction, or too big for a JavaScript number to
 * hold exactly, is not from Telegram: read as is, 1e308 or 1.5 would become a chat "address".
 * (These are the ids parseUpdate reads.)
 */
export function idsAreIntegers(update: unknown): boolean {
  const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined), v);
  const ids = [
    at(update, 'message', 'message_id'),
    at(update, 'message', 'chat', 'id'),
    at(update, 'message', 'from', 'id'),
    at(update, 'callback_query', 'from', 'id'),
    at(update, 'callback_query', 'message', 'message_id'),
    at(update, 'callback_query', 'message', 'chat', 'id'),
  ];
  return ids.every((id) => typeof id !== 'number' || Number.isSafeInteger(id));
}

/**
 * The webhook route: the secret header first (wrong or missing: 401, nothing stored), then the
 * raw body as JSON (not JSON, or not an update: 400), then `handle`. A well-formed update of a
 * kind we do not handle is answered 200, because Telegram redelivers anything but 2xx and holds
 * back later updates meanwhile. If `handle` throws (database or Redis down), the error goes up
 * and the HTTP layer answers 503, so Telegram retries.
 */
export function webhookRoute(secret: string | undefined, handle: (update: unknown) => Promise<unknown>): RouteDef {
  return {
    method: 'POST',
    path: WEBHOOK_PATH,
    handler: async (req: RouteRequest) => {
      if (!secretMatches(req.headers[SECRET_HEADER], secret)) return { status: 401, body: { error: 'unauthorized' } };
      let update: unknown;
      try {
        update = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        return { status: 400, body: { error: 'body is not JSON' } };
      }
      if (!updateSchema.safeParse(update).success || !idsAreIntegers(update)) return { status: 400, body: { error: 'not a Telegram update' } };
      await handle(update);
      return { status: 200, body: { ok: true } };
    },
  };
}
