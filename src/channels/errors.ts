import { scrubPersonal } from '../lib/scrub';

/** Why a send failed, as a stable code that decides what happens next. */
export type SendErrorCode =
  /** Temporary (network, 5xx): retried with backoff. */
  | 'retry'
  /** The provider asked us to slow down (429): retried after `retryAfterMs`. */
  | 'throttled'
  /** The recipient unsubscribed at the provider (Twilio 21610): opt them out, never retry. */
  | 'opted_out'
  /** The address cannot receive (invalid number, bot blocked): mark unreachable, never retry. */
  | 'unreachable'
  /** Anything else the provider refused: not retried. */
  | 'rejected';

/**
 * A failed send, saying whether and how to retry (courier's and Bolt's coded errors are the model).
 * Its message is scrubbed of phone numbers and e-mail addresses: providers quote the address they
 * refused, and the message is stored with the failed job in Redis and written to logs.
 */
export class SendError extends Error {
  constructor(
    readonly code: SendErrorCode,
    message: string,
    readonly details: { providerCode?: string | number; status?: number; retryAfterMs?: number } = {},
  ) {
    super(scrubPersonal(message));
    this.name = 'SendError';
  }

  get retryable(): boolean {
    return this.code === 'retry' || this.code === 'throttled';
  }
}
