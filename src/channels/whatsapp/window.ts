/**
 * WhatsApp's customer-service window: a business may write freely to a person only within 24 hours
 * of that person's last message; after that, only an approved template
 * (https://www.twilio.com/docs/whatsapp/key-concepts#the-24-hour-window-or-24-hour-session).
 * The time of each person's last message is kept in Redis (shared by every web and worker
 * process), under the queue prefix; the message log stands in when Redis has lost it.
 */
import type { Cluster, Redis } from 'ioredis';

/** WhatsApp's window after a person's message. */
export const WINDOW_MS = 24 * 60 * 60_000;

/** Redis keeps a mark a little longer than the window, then forgets it (the log still knows). */
const KEEP_MS = WINDOW_MS + 60 * 60_000;

/** Where a person's last message time is read from and written to. */
export interface WindowStore {
  /** Notes a message from `address` at `at`. */
  received(address: string, at: Date): Promise<void>;
  /** When `address` last wrote, if known. */
  lastReceived(address: string): Promise<Date | null>;
}

/** The store in Redis when the system gives one; in memory for a test of the adapter alone. */
export function windowStore(redis: Redis | Cluster | undefined, keyPrefix: string | undefined): WindowStore {
  if (!redis) {
    const seen = new Map<string, number>();
    return {
      received: async (address, at) => void seen.set(address, Math.max(at.getTime(), seen.get(address) ?? 0)),
      lastReceived: async (address) => (seen.has(address) ? new Date(seen.get(address)!) : null),
    };
  }
  const key = (address: string) => `${keyPrefix ?? 'ce'}:wa:last-in:${address}`;
  return {
    async received(address, at) {
      // Only ever forward: a late retry of an old webhook must not shorten the window.
      const previous = Number(await redis.get(key(address))) || 0;
      if (at.getTime() > previous) await redis.set(key(address), String(at.getTime()), 'PX', KEEP_MS);
    },
    async lastReceived(address) {
      const value = Number(await redis.get(key(address)));
      return value > 0 ? new Date(value) : null;
    },
  };
}

/** True while `now` is within the window opened by a message at `last`. Pure. */
export function windowOpen(last: Date | null, now: Date): boolean {
  return last !== null && now.getTime() - last.getTime() < WINDOW_MS;
}
