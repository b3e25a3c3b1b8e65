/**
 * A lost Redis makes every queue's worker and connection report an error on each reconnect attempt
 * (hundreds of "ECONNREFUSED ... worker error" lines a minute). Reported once per error text and
 * window per logger instead, with how many were left out since.
 */
import type { Logger } from '../log';

/** How long the same error text is left out of the log after it was written. */
export const REPEATED_ERROR_WINDOW_MS = 60_000;

const byLogger = new WeakMap<Logger, Map<string, { at: number; left: number }>>();

/** Logs `msg` at `level` unless the same `err` text was logged within the window (then counts it). */
export function logRepeatedError(log: Logger, level: 'warn' | 'error', fields: Record<string, unknown> & { err: string }, msg: string, now = Date.now()): void {
  let seen = byLogger.get(log);
  if (!seen) byLogger.set(log, (seen = new Map()));
  const key = `${msg}\u0000${fields.err}`;
  const last = seen.get(key);
  if (last && now - last.at < REPEATED_ERROR_WINDOW_MS) {
    last.left++;
    return;
  }
  seen.set(key, { at: now, left: 0 });
  log[level]({ ...fields, ...(last?.left ? { repeatsLeftOut: last.left } : {}) }, msg);
}
