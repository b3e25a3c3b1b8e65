/** Twilio's answers to a failed send, mapped once to the project's SendError codes. */
import { SendError } from '../errors';

/** Used when a 429 carries no usable Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 1000;

/** Upper bound for a Retry-After we honour, so a bad header cannot park the queue for hours. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** Twilio error codes that mean "this recipient cannot get SMS from us" (https://www.twilio.com/docs/api/errors). */
const UNREACHABLE_CODES: Record<number, string> = {
  21211: "invalid 'To' phone number",
  21217: 'phone number does not appear to be valid',
  21401: 'invalid phone number',
  // 21612: "The 'To' phone number is not currently reachable via SMS" (landline, or a carrier
  // Twilio cannot route to from this sender): retrying the same pair cannot succeed.
  21612: "'To' number not reachable via SMS",
  21614: "'To' number is not a valid mobile number",
};

/** Twilio's "Attempt to send to unsubscribed recipient": they texted STOP (https://www.twilio.com/docs/api/errors/21610). */
export const TWILIO_UNSUBSCRIBED = 21610;

/** The shape of the SDK's RestException (twilio/lib/base/RestException), checked structurally. */
interface RestExceptionLike {
  status: number;
  code?: number;
  message: string;
}

function isRestException(err: unknown): err is RestExceptionLike {
  return typeof err === 'object' && err !== null && typeof (err as RestExceptionLike).status === 'number';
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3), relative to
 * `now`. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: unknown, now: Date = new Date()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const text = String(raw).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Math.ceil(Number(text) * 1000));
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now.getTime()));
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): unknown {
  if (!headers) return undefined;
  const found = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return found === undefined ? undefined : headers[found];
}

/**
 * The one mapping from a failed `messages.create` to a SendError (courier's errorFromResponse):
 * 429 → 'throttled' with its Retry-After; 5xx and network failures → 'retry'; 21610 →
 * 'opted_out'; invalid or unreachable numbers → 'unreachable'; any other 4xx → 'rejected'.
 * `headers` are those of the failed response, when there was one.
 */
export function sendErrorFromTwilio(err: unknown, headers?: Record<string, unknown>, now: Date = new Date()): SendError {
  if (err instanceof SendError) return err;
  if (!isRestException(err)) {
    // No HTTP answer at all (connection refused or reset, DNS, timeout): temporary.
    const e = err as { code?: string; message?: string } | undefined;
    return new SendError('retry', `twilio request failed: ${e?.code ?? e?.message ?? String(err)}`, { providerCode: e?.code });
  }
  const { status, code } = err;
  const details = { status, providerCode: code ?? status };
  const text = `twilio ${status}${code ? ` ${code}` : ''}: ${err.message}`;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), now) ?? DEFAULT_RETRY_AFTER_MS;
    return new SendError('throttled', text, { ...details, retryAfterMs });
  }
  if (status >= 500) return new SendError('retry', text, details);
  if (code === TWILIO_UNSUBSCRIBED) return new SendError('opted_out', text, details);
  if (code !== undefined && UNREACHABLE_CODES[code]) return new SendError('unreachable', `${text} (${UNREACHABLE_CODES[code]})`, details);
  return new SendError('rejected', text, details);
}
