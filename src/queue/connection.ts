import { Queue, type Job, type JobsOptions, type QueueOptions, type WorkerOptions } from 'bullmq';
import IORedis, { Cluster } from 'ioredis';

/** The system's Redis client: one server, or a Redis Cluster (REDIS_CLUSTER). */
export type RedisClient = IORedis | Cluster;

/**
 * A Redis connection for BullMQ (workers need `maxRetriesPerRequest: null`). With `cluster`, `url`
 * is one or more comma-separated nodes of a Redis Cluster, and the client follows the cluster's
 * redirections (MOVED/ASK) and failovers. Credentials and TLS (`rediss://`) of the first URL apply
 * to every node.
 */
export function redisConnection(url: string, opts: { cluster?: boolean } = {}): RedisClient {
  const options = { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false };
  if (!opts.cluster) return new IORedis(url, options);
  const urls = url.split(',').map((u) => u.trim()).filter(Boolean);
  const nodes = urls.map((u) => {
    const parsed = new URL(u);
    return { host: parsed.hostname, port: Number(parsed.port || 6379) };
  });
  const first = new URL(urls[0]);
  const redisOptions = {
    ...options,
    ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
    ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
    ...(first.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  return new Cluster(nodes, { redisOptions, enableReadyCheck: true, lazyConnect: false });
}

/** The queues the application produces to, sharing one connection and prefix. */
export class Queues {
  private readonly queues = new Map<string, Queue>();

  constructor(
    /** The shared connection (also for the app's own keys, e.g. per-recipient pacing). */
    readonly connection: RedisClient,
    readonly prefix: string,
    /**
     * How long a job may go without its worker renewing its lock before it counts as stalled and
     * another worker takes it again (WORKER_STALL_MS): after a crash, its jobs resume within one
     * to two of these. BullMQ's own default is 30 s.
     */
    readonly stallMs = 30_000,
  ) {}

  /**
   * The options of a Worker on these queues: the shared connection and prefix, and stall
   * detection on WORKER_STALL_MS (the lock a worker renews while it runs a job, and how often
   * workers look for jobs whose lock expired).
   */
  workerOptions(concurrency: number, extra: Partial<WorkerOptions> = {}): WorkerOptions {
    return { connection: this.connection, prefix: this.prefix, concurrency, lockDuration: this.stallMs, stalledInterval: this.stallMs, ...extra };
  }

  /** The queue with this name (created on first use). */
  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      const opts: QueueOptions = {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: { removeOnComplete: { age: 3600, count: 10_000 }, removeOnFail: { age: 7 * 86_400 } },
        // The queue's event stream (<queue>:events) has no expiry and outlives the jobs it names:
        // keep it short (BullMQ's default is 10,000 entries).
        streams: { events: { maxLen: EVENTS_MAX_LEN } },
      };
      queue = new Queue(name, opts);
      // The shared connection's errors are logged where it is made (src/app/system.ts). Without
      // a listener BullMQ prints each one to stderr (every reconnect attempt while Redis is down).
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Adds a job for a caller that is waiting on the answer (a webhook: the provider retries what
   * fails). Fails at once when the connection has been lost (Redis down, reconnecting), and after
   * `timeoutMs` when Redis does not answer, instead of waiting in ioredis's offline queue until
   * Redis comes back (the connection retries forever: `maxRetriesPerRequest: null`). An add that
   * timed out may still land later; job ids are deterministic where it matters, so that is harmless.
   */
  async addPromptly<T>(name: string, jobName: string, data: T, opts: JobsOptions, timeoutMs = ADD_TIMEOUT_MS): Promise<Job<T>> {
    assertRedisReady(this.connection);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // Rejected one turn of the event loop after the timer fires: when this process itself was
      // busy past the timer (embedded PGlite running a long statement blocks it), Redis's answer is
      // already waiting on the socket and is read first (the poll phase comes before setImmediate).
      timer = setTimeout(() => setImmediate(() => reject(new RedisUnavailableError(`redis did not answer within ${timeoutMs} ms`))), timeoutMs);
    });
    try {
      return await Promise.race([this.get(name).add(jobName, data, opts), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

/** Entries kept in each queue's event stream (approximately: Redis trims with XADD MAXLEN ~). */
export const EVENTS_MAX_LEN = 1000;

/** How long a webhook waits for Redis to take a job before it answers 503 (Twilio waits 15 s). */
export const ADD_TIMEOUT_MS = 5000;

/** Redis cannot take work now (down, reconnecting, or not answering). */
export class RedisUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnavailableError';
  }
}

/** ioredis states of a connection that was lost and is not back (it starts in 'wait'/'connecting'). */
const LOST = new Set(['reconnecting', 'close', 'end']);

/**
 * Throws RedisUnavailableError when the connection (an ioredis client) has been lost and is not
 * back. A connection still being made at start is let through: the add waits for it (bounded).
 */
export function assertRedisReady(connection: object): void {
  const status = (connection as { status?: unknown }).status;
  if (typeof status === 'string' && LOST.has(status)) throw new RedisUnavailableError(`redis is not available (${status})`);
}
