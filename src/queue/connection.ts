import { Queue, type QueueOptions } from 'bullmq';
import IORedis from 'ioredis';

/** A Redis connection for BullMQ (workers need `maxRetriesPerRequest: null`). */
export function redisConnection(url: string): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/** The queues the application produces to, sharing one connection and prefix. */
export class Queues {
  private readonly queues = new Map<string, Queue>();

  constructor(
    /** The shared connection (also for the app's own keys, e.g. per-recipient pacing). */
    readonly connection: IORedis,
    readonly prefix: string,
  ) {}

  /** The queue with this name (created on first use). */
  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      const opts: QueueOptions = {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: { removeOnComplete: { age: 3600, count: 10_000 }, removeOnFail: { age: 7 * 86_400 } },
      };
      queue = new Queue(name, opts);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
