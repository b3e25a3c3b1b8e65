/**
 * The send path's database work, grouped across the sends a worker runs at once (src/store/batcher.ts):
 * with SEND_CONCURRENCY 32, the sends share one statement (src/store/deliveries.ts:
 * deliveryStatement) for what they need to read (the messages, whether their addresses are on the
 * anonymous opt-out list, and the "send started" mark of those about to be sent) and what they
 * write (statuses, the rare separate marks), instead of making two statements each. Each call
 * resolves only when its statement has run (its write committed), so deliver() keeps its order
 * of durable steps; `statusSoon` is the one write a caller may leave behind (see there).
 */
import type { Kysely } from 'kysely';
import { Batcher } from '../store/batcher';
import { deliveryStatement, type DeliveryRead, type DeliveryRow, type DeliveryWrite, type StatusUpdate } from '../store/deliveries';
import type { Db } from '../store/db';
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

const perDb = new WeakMap<Db, SendBatches>();

/**
 * The batches of one open database (every deliver() on it shares them). Their statement runs on
 * the database's generic-plan connection where it has one (Db.generic: PostgreSQL would plan it
 * again at every execution otherwise), else on its pool.
 */
export function sendBatches(db: Db, config: Pick<Config, 'PRIVACY_SECRET'>): SendBatches {
  let batches = perDb.get(db);
  if (!batches) {
    batches = createBatches(db.generic ?? db.kysely, db.kysely, config);
    perDb.set(db, batches);
  }
  return batches;
}

/** One call on the send path's statement: a read (with its mark age, or null) or a write. */
type Item = { read: DeliveryRead } | { write: DeliveryWrite };

function createBatches(db: Kysely<Database>, keys: Kysely<Database>, config: Pick<Config, 'PRIVACY_SECRET'>): SendBatches {
  // Reads and writes share one statement (deliveryStatement): a batch of sends starting and a
  // batch finishing, one round trip and one commit. A message read or written twice in a batch
  // (rare: an inline send and a queued one of the same reply) is taken in order, one statement
  // per round, since one statement may touch it once.
  const batches = new Batcher<Item, DeliveryRow | undefined>(async (items) => {
    const pads = hmacPads(await suppressionKey({ db: keys, config }));
    const seen = new Map<string, number>();
    const rounds: { writes: DeliveryWrite[]; reads: DeliveryRead[] }[] = [];
    // Job data may carry an id as a number (queued when PGlite still returned bigints as numbers): compare as text.
    const roundOf = items.map((item) => {
      const id = String('read' in item ? item.read.id : item.write.id);
      const round = seen.get(id) ?? 0;
      seen.set(id, round + 1);
      const r = (rounds[round] ??= { writes: [], reads: [] });
      if ('read' in item) r.reads.push({ id, markAge: item.read.markAge });
      else r.writes.push({ ...item.write, id });
      return round;
    });
    const results: Map<string, DeliveryRow>[] = [];
    for (const r of rounds) results.push(await deliveryStatement(db, r.writes, r.reads, ORDER_WINDOW_SECONDS, pads));
    return items.map((item, k) => ('read' in item ? results[roundOf[k]].get(String(item.read.id)) : undefined));
  });
  const write = async (w: DeliveryWrite): Promise<void> => void (await batches.call({ write: w }));
  const unawaited = new Set<Promise<void>>();
  return {
    load: (id, mark) => batches.call({ read: { id, markAge: mark ? (mark.maxAgeSeconds ?? ANY_AGE) : null } }),
    started: (id, started) => write({ id, started }),
    status: (update) => write(update),
    statusSoon: (update, onError) => {
      const written = write(update).catch(onError);
      if (unawaited.size >= MAX_UNAWAITED_WRITES) return written;
      unawaited.add(written);
      void written.finally(() => unawaited.delete(written));
      return Promise.resolve();
    },
    flushed: async () => {
      while (unawaited.size) await Promise.all([...unawaited]);
    },
  };
}
