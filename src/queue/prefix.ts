/**
 * The prefix of every queue key, and the guard that keeps two installations out of one set of
 * queues. Job ids are derived from database ids (`in-<messageId>`, `out-<messageId>`), and BullMQ
 * ignores an add whose id exists (completed jobs are kept an hour), so two databases sharing a
 * prefix would have each other's jobs taken, or their own new jobs dropped as duplicates (a wiped
 * embedded database starts its ids again). So:
 * - by default (QUEUE_PREFIX unset) the prefix carries the installation's id: `{ce-1a2b3c4d5e6f}`,
 *   a hash tag as Redis Cluster needs. A database from before the installation id keeps `{ce}`;
 * - whatever the prefix, the first process to use it writes the installation's id under it
 *   (`<prefix>:installation`), and a process of another installation refuses to start on it.
 */
import type { RedisClient } from './connection';

/** The prefix when QUEUE_PREFIX is unset, before the installation's id is added to it. */
export const DEFAULT_QUEUE_PREFIX = '{ce}';

/** The prefix this installation's queues use: QUEUE_PREFIX as set, else the default named after it. */
export function queuePrefix(configured: string | undefined, installation: { id: string; ownQueuePrefix: boolean }): string {
  if (configured !== undefined) return configured;
  if (!installation.ownQueuePrefix) return DEFAULT_QUEUE_PREFIX;
  return `{ce-${installation.id}}`;
}

/** The key under a prefix that names the installation whose queues these are. */
export const installationKey = (prefix: string) => `${prefix}:installation`;

/** Another installation's queues are under this prefix (see the top of this file). */
export class QueuePrefixTakenError extends Error {
  constructor(prefix: string) {
    super(
      `the queues under QUEUE_PREFIX ${prefix} in this Redis belong to another installation (another database): ` +
        'two installations on one set of queues would take each other\'s jobs. Give this one a QUEUE_PREFIX of its own ' +
        '(or a Redis database of its own in REDIS_URL). If that other database is gone for good, delete its keys ' +
        `(${prefix}:*) from this Redis first.`,
    );
    this.name = 'QueuePrefixTakenError';
  }
}

/**
 * Claims the prefix for this installation, or throws QueuePrefixTakenError when another one holds
 * it. The claim never expires: queues outlive processes (delayed jobs, kept completed ids).
 */
export async function claimQueuePrefix(connection: RedisClient, prefix: string, installationId: string): Promise<void> {
  const key = installationKey(prefix);
  await connection.set(key, installationId, 'NX');
  const holder = await connection.get(key);
  if (holder !== installationId) throw new QueuePrefixTakenError(prefix);
}
