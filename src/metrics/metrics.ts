/**
 * Prometheus metrics (prom-client), one registry per running system. Figures that several
 * processes share are read from where they live when Prometheus scrapes: message counts from the
 * message log, queue depths from Redis, so /metrics on the web process is right however many
 * worker processes there are. Send timings and webhook rejections are counted in the process
 * where they happen (with `civic-engage start`, the one process).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { QUEUES, outboundQueue } from '../queue/jobs';
import { moduleQueues, type SendObservation } from '../runtime/module';
import type { Runtime } from '../runtime/runtime';

/**
 * How long figures read for a scrape (message counts, queue depths) are served before they are
 * read again, whatever the scrape rate: the message counts are a GROUP BY over the whole message
 * log (0.6-0.9 s with a million rows), which several scrapers at once must not multiply.
 */
export const METRICS_REFRESH_MS = 15_000;

/**
 * `read`, run at most once per METRICS_REFRESH_MS of `now`: scrapes in between (and scrapes while a
 * read is under way) share its result. A failed read is not kept: the next scrape tries again.
 */
export function refreshedEvery<T>(read: () => Promise<T>, now: () => Date, everyMs = METRICS_REFRESH_MS): () => Promise<T> {
  let readAt = -Infinity;
  let value: Promise<T> | undefined;
  return () => {
    const t = now().getTime();
    if (!value || t - readAt >= everyMs) {
      readAt = t;
      const reading = read();
      value = reading;
      reading.catch(() => {
        if (value === reading) value = undefined;
      });
    }
    return value;
  };
}

type MetricsRuntime = Pick<Runtime, 'db' | 'queues' | 'channels' | 'log' | 'modules' | 'now'>;

/** Queue states reported as ce_queue_jobs{state}. */
const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

/** The metrics of one running system. */
export class Metrics {
  readonly registry = new Registry();
  readonly sendDuration: Histogram<'channel' | 'outcome'>;
  readonly sendDelay: Histogram<'channel' | 'kind'>;
  readonly webhookRejects: Counter<'channel' | 'status'>;
  readonly collectErrors: Counter<'source'>;

  constructor(rt: MetricsRuntime) {
    const registry = this.registry;
    const messageCounts = refreshedEvery(
      () =>
        rt.db.kysely
          .selectFrom('messages')
          .select(['channel', 'direction', 'status', (eb) => eb.fn.countAll<string>().as('n')])
          .groupBy(['channel', 'direction', 'status'])
          .execute(),
      rt.now,
    );
    const queueCounts = refreshedEvery(() => {
      const names = new Set<string>([...Object.values(QUEUES), ...[...rt.channels.keys()].map(outboundQueue), ...moduleQueues(rt.modules)]);
      return Promise.all([...names].map(async (name) => [name, await rt.queues.get(name).getJobCounts(...JOB_STATES)] as const));
    }, rt.now);
    collectDefaultMetrics({ register: registry, prefix: 'ce_' });
    this.collectErrors = new Counter({ name: 'ce_metrics_collect_errors_total', help: 'Scrapes where a figure could not be read (database or Redis down)', labelNames: ['source'], registers: [registry] });
    const collectErrors = this.collectErrors;

    new Gauge({
      name: 'ce_messages',
      help: 'Messages in the message log, by channel, direction (in/out) and status (received, processed, pending, sent, delivered, failed, suppressed, rehearsed = recorded by a campaign rehearsal, never sent, ...)',
      labelNames: ['channel', 'direction', 'status'],
      registers: [registry],
      async collect() {
        try {
          const rows = await messageCounts();
          this.reset();
          for (const r of rows) this.set({ channel: r.channel, direction: r.direction, status: r.status }, Number(r.n));
        } catch {
          collectErrors.inc({ source: 'database' });
        }
      },
    });

    new Gauge({
      name: 'ce_queue_jobs',
      help: 'Jobs in each BullMQ queue, by state',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        try {
          const all = await queueCounts();
          this.reset();
          for (const [queue, counts] of all) for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
        } catch {
          collectErrors.inc({ source: 'redis' });
        }
      },
    });

    this.sendDuration = new Histogram({
      name: 'ce_send_duration_seconds',
      help: "Time the provider took to accept a message (the channel adapter's send), by channel and outcome",
      labelNames: ['channel', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.sendDelay = new Histogram({
      name: 'ce_send_delay_seconds',
      help: 'Time from a message being stored to its send, by channel and kind (reply: someone is waiting; notification: includes quiet-hours deferral)',
      labelNames: ['channel', 'kind'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 43_200],
      registers: [registry],
    });
    this.webhookRejects = new Counter({
      name: 'ce_webhook_rejects_total',
      help: 'Channel webhook requests refused (bad signature or secret, malformed body), by channel and HTTP status',
      labelNames: ['channel', 'status'],
      registers: [registry],
    });
  }
}

const byRuntime = new WeakMap<object, Metrics>();

/** The metrics of this runtime (created on first use). */
export function metricsFor(rt: MetricsRuntime): Metrics {
  let m = byRuntime.get(rt);
  if (!m) {
    m = new Metrics(rt);
    byRuntime.set(rt, m);
  }
  return m;
}

/**
 * Records one send attempt (the metrics module's onSend, called by src/runtime/deliver.ts): how
 * long the provider took, and, for a message sent, how long after it was stored. Never throws:
 * metrics must not fail a send.
 */
export function observeSend(rt: MetricsRuntime, s: SendObservation): void {
  try {
    const m = metricsFor(rt);
    const now = Date.now();
    m.sendDuration.observe({ channel: s.channel, outcome: s.outcome }, (now - s.startedMs) / 1000);
    if (s.storedAt) m.sendDelay.observe({ channel: s.channel, kind: s.kind }, Math.max(0, now - new Date(s.storedAt).getTime()) / 1000);
  } catch {
    // a metrics failure is not a send failure
  }
}
