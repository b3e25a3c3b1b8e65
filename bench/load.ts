/**
 * An open-loop load generator: requests go out on their schedule whether or not earlier ones
 * were answered (a provider's webhooks do not wait for us either), over keep-alive connections on
 * loopback. Bodies and signatures are prepared before the run, so the generator only writes.
 */
import http from 'node:http';
import { nowMs } from './stats';

/** One request of the schedule. */
export interface Planned<T> {
  /** When to send it, ms after the start. */
  at: number;
  path: string;
  headers: Record<string, string>;
  body: string;
  tag: T;
}

/** What happened to one request. */
export interface Sent<T> {
  tag: T;
  /** When it was written (epoch ms). */
  sentAt: number;
  /** When its answer had fully arrived (epoch ms); NaN if none. */
  ackAt: number;
  status: number;
  error?: string;
}

export interface LoadResult<T> {
  sent: Sent<T>[];
  /** From the first send to the last. */
  sendSpanMs: number;
  /** How late the generator was against its schedule at worst (ms): large = the generator, not the system, is the limit. */
  maxLagMs: number;
  /** True when `stopWhen` ended the run before the schedule did. */
  stopped: boolean;
}

export interface LoadOptions {
  /** How long to wait for the last answers (default 60 s). */
  answerTimeoutMs?: number;
  /** Asked every 250 ms with the number sent so far: true stops sending (an overloaded system). */
  stopWhen?: (sentSoFar: number) => boolean;
}

/** Sends `plan` (sorted by `at`) to `baseUrl`; resolves when every request was answered or failed (or after `answerTimeoutMs`). */
export function openLoop<T>(baseUrl: string, plan: Planned<T>[], opts: LoadOptions = {}): Promise<LoadResult<T>> {
  const answerTimeoutMs = opts.answerTimeoutMs ?? 60_000;
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const sent: Sent<T>[] = [];
  let pending = plan.length;
  let maxLagMs = 0;
  return new Promise((resolve) => {
    if (!plan.length) return resolve({ sent, sendSpanMs: 0, maxLagMs: 0, stopped: false });
    const start = nowMs() + 20;
    let i = 0;
    let finished = false;
    let stopped = false;
    let lastCheck = 0;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(guard);
      agent.destroy();
      const times = sent.map((s) => s.sentAt);
      resolve({ sent, sendSpanMs: Math.max(...times) - Math.min(...times), maxLagMs, stopped });
    };
    let guard: NodeJS.Timeout;
    const one = (p: Planned<T>) => {
      const record: Sent<T> = { tag: p.tag, sentAt: nowMs(), ackAt: NaN, status: 0 };
      maxLagMs = Math.max(maxLagMs, record.sentAt - (start + p.at));
      sent.push(record);
      const done = () => {
        if (--pending === 0 && i >= plan.length) finish();
      };
      const req = http.request(
        { agent, host: url.hostname, port: url.port, method: 'POST', path: p.path, headers: { ...p.headers, 'content-length': String(Buffer.byteLength(p.body)) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            record.ackAt = nowMs();
            record.status = res.statusCode ?? 0;
            done();
          });
        },
      );
      req.on('error', (err) => {
        record.error = err.message;
        done();
      });
      req.end(p.body);
    };
    const tick = () => {
      const t = nowMs() - start;
      while (i < plan.length && plan[i].at <= t) one(plan[i++]);
      if (opts.stopWhen && i < plan.length && t - lastCheck >= 250) {
        lastCheck = t;
        if (opts.stopWhen(i)) {
          stopped = true;
          pending -= plan.length - i;
          i = plan.length;
        }
      }
      if (i < plan.length) setTimeout(tick, Math.min(5, Math.max(0, plan[i].at - t - 1)));
      else if (pending === 0) finish();
      else guard = setTimeout(finish, answerTimeoutMs);
    };
    setTimeout(tick, 20);
  });
}
