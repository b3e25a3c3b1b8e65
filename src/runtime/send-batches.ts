/**
 * The send path's database work, grouped across the sends a worker runs at once (src/store/batcher.ts):
 * with WORKER_CONCURRENCY 16, sixteen sends share one read, one "send started" write and one
 * status write instead of making sixteen of each. Each call still resolves only when its own
 * query has run (its write committed), so deliver() keeps its order of durable steps.
 */
import type { Kysely } from 'kysely';
import { Batcher } from '../store/batcher';
import { loadDeliveries, markSendsStarted, setDeliveryStatuses, type DeliveryRow, type StatusUpdate } from '../store/deliveries';
import type { Database } from '../store/schema';
import { addressHash, suppressionKey } from '../store/suppressions';
import type { Config } from '../config';

/** How long an older reply may hold a newer one back (a stuck or long-retrying reply stops blocking). */
export const ORDER_WINDOW_SECONDS = 120;

export interface SendBatches {
  load(id: string): Promise<DeliveryRow | undefined>;
  /** When this channel address went on the anonymous opt-out list, or null. */
  suppressedSince(channel: string, address: string): Promise<Date | null>;
  started(id: string, started: boolean): Promise<void>;
  status(update: StatusUpdate): Promise<void>;
}

const perDb = new WeakMap<Kysely<Database>, SendBatches>();

/** The batches of one database handle (every deliver() on it shares them). */
export function sendBatches(db: Kysely<Database>, config: Pick<Config, 'PRIVACY_SECRET'>): SendBatches {
  let batches = perDb.get(db);
  if (!batches) {
    batches = createBatches(db, config);
    perDb.set(db, batches);
  }
  return batches;
}

function createBatches(db: Kysely<Database>, config: Pick<Config, 'PRIVACY_SECRET'>): SendBatches {
  const loads = new Batcher<string, DeliveryRow | undefined>(async (ids) => {
    // Job data may carry an id as a number (queued when PGlite still returned bigints as numbers): compare as text.
    const rows = await loadDeliveries(db, [...new Set(ids.map(String))], ORDER_WINDOW_SECONDS);
    return ids.map((id) => rows.get(String(id)));
  });
  const suppressions = new Batcher<{ channel: string; address: string }, Date | null>(async (addresses) => {
    const key = await suppressionKey({ db, config });
    const hashes = addresses.map((a) => addressHash(key, a.channel, a.address));
    const rows = await db.selectFrom('suppressions').select(['hash', 'created_at']).where('hash', 'in', [...new Set(hashes)]).execute();
    const since = new Map(rows.map((r) => [r.hash, new Date(r.created_at)]));
    return hashes.map((h) => since.get(h) ?? null);
  });
  const starts = (started: boolean) =>
    new Batcher<string, void>(async (ids) => {
      await markSendsStarted(db, [...new Set(ids)], started);
      return ids.map(() => undefined);
    });
  const marks = { true: starts(true), false: starts(false) };
  const statuses = new Batcher<StatusUpdate, void>(async (updates) => {
    await setDeliveryStatuses(db, updates);
    return updates.map(() => undefined);
  });
  return {
    load: (id) => loads.call(id),
    suppressedSince: (channel, address) => suppressions.call({ channel, address }),
    started: (id, started) => marks[started ? 'true' : 'false'].call(id),
    status: (update) => statuses.call(update),
  };
}
