import { webApi } from '@slack/bolt';
import { SendError } from '../errors';

/** Slack errors that mean this conversation cannot receive (https://api.slack.com/methods/chat.postMessage#errors). */
const UNREACHABLE = new Set(['channel_not_found', 'user_not_found', 'account_inactive', 'user_disabled', 'cannot_dm_bot', 'is_archived', 'not_in_channel', 'restricted_action', 'user_is_restricted']);
/** Temporary trouble on Slack's side: try again later. */
const TEMPORARY = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org', 'ratelimited']);

/**
 * Maps a Web API failure (as @slack/web-api throws it) to a SendError: 429 / `ratelimited` is
 * `throttled` with Slack's Retry-After; network errors, 5xx and Slack's temporary errors are
 * `retry`; a channel or user that cannot receive is `unreachable`; everything else (bad blocks,
 * revoked token, missing scope) is `rejected`.
 */
export function errorFromSlack(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string; response_metadata?: unknown }; message?: string; headers?: Record<string, string> };
  const message = e?.message ?? String(err);
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new SendError('throttled', message, { providerCode: 'ratelimited', status: 429, retryAfterMs: Math.max(1, Number(e.retryAfter ?? 1)) * 1000 });
    case webApi.ErrorCode.RequestError:
      return new SendError('retry', message, { providerCode: 'request_error' });
    case webApi.ErrorCode.HTTPError: {
      const status = Number(e.statusCode);
      if (status === 429) {
        const after = Number(e.headers?.['retry-after'] ?? 1);
        return new SendError('throttled', message, { providerCode: 'ratelimited', status, retryAfterMs: Math.max(1, after) * 1000 });
      }
      return new SendError(status >= 500 ? 'retry' : 'rejected', message, { providerCode: `http_${status}`, status });
    }
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown';
      if (code === 'ratelimited') return new SendError('throttled', message, { providerCode: code, retryAfterMs: 1000 });
      if (TEMPORARY.has(code)) return new SendError('retry', message, { providerCode: code });
      if (UNREACHABLE.has(code)) return new SendError('unreachable', message, { providerCode: code });
      return new SendError('rejected', message, { providerCode: code });
    }
    default:
      // Not from the Web API client (a bug, a timeout of ours): let the queue retry it.
      return new SendError('retry', message);
  }
}
