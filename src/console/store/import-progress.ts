/**
 * How far a console contacts import is: two counts (rows read, rows in the file) in a Redis key
 * that expires, so any web process can answer the progress bar while the import's transaction is
 * still open (its writes are not visible to anyone before it commits). Counts only: nothing of
 * the file is ever written to Redis.
 */
import type { RedisClient } from '../../queue/connection';

/** How long the counts outlive the last update (an import that stops updating is over or dead). */
const PROGRESS_TTL_S = 3600;

/** The counts of an import. */
export interface ImportProgressCounts {
  done: number;
  total: number;
}

function keyOf(prefix: string, id: string): string {
  return `${prefix}:console:contact-import:${id}`;
}

/** Records the counts (best effort: a progress bar must never fail an import). */
export async function setImportProgress(redis: RedisClient, prefix: string, id: string, counts: ImportProgressCounts): Promise<void> {
  await redis.set(keyOf(prefix, id), JSON.stringify(counts), 'EX', PROGRESS_TTL_S).catch(() => undefined);
}

/** The counts, or null when none are known (not started, expired, Redis unreachable). */
export async function getImportProgress(redis: RedisClient, prefix: string, id: string): Promise<ImportProgressCounts | null> {
  const text = await redis.get(keyOf(prefix, id)).catch(() => null);
  if (!text) return null;
  const parsed = JSON.parse(text) as ImportProgressCounts;
  return typeof parsed.done === 'number' && typeof parsed.total === 'number' ? parsed : null;
}

/** Forgets the counts once the import has ended. */
export async function clearImportProgress(redis: RedisClient, prefix: string, id: string): Promise<void> {
  await redis.del(keyOf(prefix, id)).catch(() => undefined);
}
