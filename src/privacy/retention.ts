/**
 * Retention: message bodies (and the rendered payload, which repeats them) older than
 * RETENTION_DAYS are erased; the rows stay, so counts, statuses and engagement figures do not
 * change. Messages still on their way (received but not processed, pending a send) are left alone.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';

const DAY_MS = 86_400_000;
/** Rows per UPDATE: short transactions, so the runner is never blocked behind the purge for long. */
const BATCH = 2000;

/** The instant before which bodies are erased; null when retention is off (0 days). */
export function retentionCutoff(days: number, now: Date): Date | null {
  return days > 0 ? new Date(now.getTime() - days * DAY_MS) : null;
}

/** Erases bodies of messages created before `cutoff`; returns how many messages were purged. */
export async function purgeMessageBodies(db: Kysely<Database>, cutoff: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = db
      .selectFrom('messages')
      .select('id')
      .where('created_at', '<', cutoff)
      .where((eb) => eb.or([eb('body', 'is not', null), eb('payload', 'is not', null)]))
      .where('status', 'not in', ['received', 'pending'])
      .limit(BATCH);
    const res = await db
      .updateTable('messages')
      .set({ body: null, payload: null, updated_at: sql<Date>`now()` })
      .where('id', 'in', batch)
      .executeTakeFirst();
    const n = Number(res.numUpdatedRows);
    total += n;
    if (n < BATCH) return total;
  }
}
