/**
 * The send path's database work, grouped across the sends a worker runs at once (src/store/batcher.ts):
 * with WORKER_CONCURRENCY 16, sixteen sends share one read (the messages, and whether their
 * addresses are on the anonymous opt-out list) and one write for their "send started" marks and
 * statuses together, instead of making sixteen of each. Each call still resolves only when its own
 * query has run (its write committed), so deliver() keeps its order of durable steps.
 */
import type { Kysely } from 'kysely';
import { Batcher } from '../store/batcher';
import { loadDeliveries, writeDeliveries, type DeliveryRow, type DeliveryWrite, type StatusUpdate } from '../store/deliveries';
import type { Database } from '../store/schema';
import { addressHash, suppressionKey } from '../store/suppressions';
import type { Config } from '../config';

/** How long an older reply may hold a newer one back (a stuck or long-retrying reply stops blocking). */
export const ORDER_WINDOW_SECONDS = 120;

/** A message to deliver, with when its identity's address went on the anonymous opt-out list (or null). */
export type Delivery = DeliveryRow & { suppressed_since: Date | null };

export interface SendBatches {
  /** The message, and in the same batch whether its address is on the anonymous opt-out list. */
  load(id: string): Promise<Delivery | undefined>;
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
  const loads = new Batcher<string, Delivery | undefined>(async (ids) => {
    // Job data may carry an id as a number (queued when PGlite still returned bigints as numbers): compare as text.
    const rows = await loadDeliveries(db, [...new Set(ids.map(String))], ORDER_WINDOW_SECONDS);
    const since = await suppressedSince(db, config, [...rows.values()]);
    return ids.map((id) => {
      const row = rows.get(String(id));
      return row && { ...row, suppressed_since: (row.identity && since.get(row.identity.id)) ?? null };
    });
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

/**
 * When each identity's address went on the anonymous opt-out list, for the messages deliver() may
 * send (outbound, pending, with an identity): one query for the batch, none when there are none.
 */
async function suppressedSince(db: Kysely<Database>, config: Pick<Config, 'PRIVACY_SECRET'>, rows: DeliveryRow[]): Promise<Map<string, Date>> {
  const identities = rows.filter((r) => r.direction === 'out' && r.status === 'pending' && r.identity).map((r) => r.identity!);
  if (!identities.length) return new Map();
  const key = await suppressionKey({ db, config });
  const hashes = new Map(identities.map((i) => [addressHash(key, i.channel, i.address), i.id]));
  const found = await db.selectFrom('suppressions').select(['hash', 'created_at']).where('hash', 'in', [...hashes.keys()]).execute();
  const since = new Map<string, Date>();
  for (const f of found) since.set(hashes.get(f.hash)!, new Date(f.created_at));
  return since;
}
