/**
 * The send path's database work, grouped across the sends a worker runs at once (src/store/batcher.ts):
 * with WORKER_CONCURRENCY 16, sixteen sends share one read (the messages, whether their addresses
 * are on the anonymous opt-out list, and the "send started" mark of those about to be sent: one
 * statement) and one write for their statuses (and the rare separate marks) together, instead of
 * making sixteen of each. Each call resolves only when its own query has run (its write
 * committed), so deliver() keeps its order of durable steps; `statusSoon` is the one write a
 * caller may leave behind (see there).
 */
import type { Kysely } from 'kysely';
import { Batcher } from '../store/batcher';
import { loadDeliveries, writeDeliveries, type DeliveryRow, type DeliveryWrite, type StatusUpdate } from '../store/deliveries';
import type { Database } from '../store/schema';
import { hmacPads, suppressionKey } from '../store/suppressions';
import type { Config } from '../config';

/** How long an older reply may hold a newer one back (a stuck or long-retrying reply stops blocking). */
export const ORDER_WINDOW_SECONDS = 120;

/** Status writes left unawaited (statusSoon) at most; past this a caller waits for its own, so a slow database slows the sends rather than filling memory. */
export const MAX_UNAWAITED_WRITES = 1000;

/** Mark ages meaning "mark it, however old": the read's test is `age_seconds <= mark_age`. */
const ANY_AGE = 1e9;

export interface SendBatches {
  /**
   * The message, with whether its address is on the anonymous opt-out list. With `mark`, the read
   * also sets its "send started" mark where the database sees nothing against sending it now (and,
   * with `maxAgeSeconds`, it is no older than that): `marked` in the row says whether it did.
   */
  load(id: string, mark?: { maxAgeSeconds?: number }): Promise<DeliveryRow | undefined>;
  started(id: string, started: boolean): Promise<void>;
  /** A status, and with `started` the mark too, in one write. */
  status(update: StatusUpdate & { started?: boolean }): Promise<void>;
  /**
   * Records a status without waiting for its commit (while fewer than MAX_UNAWAITED_WRITES are
   * outstanding; past that it resolves when its write has run). A failed write goes to `onError`,
   * never to the caller. Only for a message whose "send started" mark is committed and whose
   * channel can be asked what it sent (findSent): if the write is lost, the message stays pending
   * and marked, and the maintenance sweep re-queues it to be looked up, not sent again.
   */
  statusSoon(update: StatusUpdate, onError: (err: unknown) => void): Promise<void>;
  /** Resolves when every write statusSoon left behind so far has run (or failed). */
  flushed(): Promise<void>;
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
  const loads = new Batcher<{ id: string; markAge: number | null }, DeliveryRow | undefined>(async (inputs) => {
    const pads = hmacPads(await suppressionKey({ db, config }));
    // Job data may carry an id as a number (queued when PGlite still returned bigints as numbers):
    // compare as text. One id asked twice in a batch is read once, marked if either asked.
    const ages = new Map<string, number | null>();
    for (const { id, markAge } of inputs) {
      const before = ages.get(String(id));
      ages.set(String(id), before === undefined || before === null ? markAge : markAge === null ? before : Math.max(before, markAge));
    }
    const rows = await loadDeliveries(db, [...ages.keys()], ORDER_WINDOW_SECONDS, pads, [...ages.values()]);
    return inputs.map(({ id }) => rows.get(String(id)));
  });
  // Marks and statuses share one statement: a batch of sends starting and a batch finishing, one commit.
  const writes = new Batcher<DeliveryWrite, void>(async (batch) => {
    await writeDeliveries(db, batch);
    return batch.map(() => undefined);
  });
  const unawaited = new Set<Promise<void>>();
  return {
    load: (id, mark) => loads.call({ id, markAge: mark ? (mark.maxAgeSeconds ?? ANY_AGE) : null }),
    started: (id, started) => writes.call({ id, started }),
    status: (update) => writes.call(update),
    statusSoon: (update, onError) => {
      const write = writes.call(update).catch(onError);
      if (unawaited.size >= MAX_UNAWAITED_WRITES) return write;
      unawaited.add(write);
      void write.finally(() => unawaited.delete(write));
      return Promise.resolve();
    },
    flushed: async () => {
      while (unawaited.size) await Promise.all([...unawaited]);
    },
  };
}
