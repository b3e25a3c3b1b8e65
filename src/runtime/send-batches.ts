/**
 * The send path's database work, grouped across the sends a worker runs at once (src/store/batcher.ts):
 * with WORKER_CONCURRENCY 16, sixteen sends share one read (the messages, and whether their
 * addresses are on the anonymous opt-out list: one statement) and one write for their "send started" marks and
 * statuses together, instead of making sixteen of each. Each call still resolves only when its own
 * query has run (its write committed), so deliver() keeps its order of durable steps.
 */
import type { Kysely } from 'kysely';
import { Batcher } from '../store/batcher';
import { loadDeliveries, writeDeliveries, type DeliveryRow, type DeliveryWrite, type StatusUpdate } from '../store/deliveries';
import type { Database } from '../store/schema';
import { hmacPads, suppressionKey } from '../store/suppressions';
import type { Config } from '../config';

/** How long an older reply may hold a newer one back (a stuck or long-retrying reply stops blocking). */
export const ORDER_WINDOW_SECONDS = 120;

export interface SendBatches {
  /** The message, with whether its address is on the anonymous opt-out list. */
  load(id: string): Promise<DeliveryRow | undefined>;
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
    const pads = hmacPads(await suppressionKey({ db, config }));
    // Job data may carry an id as a number (queued when PGlite still returned bigints as numbers): compare as text.
    const rows = await loadDeliveries(db, [...new Set(ids.map(String))], ORDER_WINDOW_SECONDS, pads);
    return ids.map((id) => rows.get(String(id)));
  });
  // Marks and statuses share one statement: a batch of sends starting and a batch finishing, one commit.
  const writes = new Batcher<DeliveryWrite, void>(async (batch) => {
    await writeDeliveries(db, batch);
    return batch.map(() => undefined);
  });
  return {
    load: (id) => loads.call(id),
    started: (id, started) => writes.call({ id, started }),
    status: (update) => writes.call(update),
  };
}
