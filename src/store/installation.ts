/**
 * This installation's identity: a random id made once with the database (migration 0014). Every
 * process on the same database reads the same one, and a new or wiped database gets a new one, so
 * the queues in Redis can be told apart per database (src/queue/prefix.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export interface Installation {
  id: string;
  /** Whether its queues are named after it by default (a database created since migration 0014). */
  ownQueuePrefix: boolean;
}

export async function loadInstallation(db: Kysely<Database>): Promise<Installation> {
  const row = await db.selectFrom('installation').select(['id', 'own_queue_prefix']).executeTakeFirstOrThrow();
  return { id: row.id, ownQueuePrefix: row.own_queue_prefix };
}
