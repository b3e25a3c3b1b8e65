/**
 * Shared pieces of the fault tests (test/faults/): worker processes to kill with SIGKILL, a private
 * redis-server to stop and start again, a TCP proxy to cut PostgreSQL off, a seeded PRNG, and
 * counting helpers. Everything binds and connects to 127.0.0.1 only.
 */
import { HANG_GUARD_MS } from '../helpers/guard';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import { freePort, pingPlain } from '../../src/app/redis-launcher';

export { freePort };

export const ROOT = path.resolve(__dirname, '../..');


export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** mulberry32: a small seeded PRNG, so a failing fuzz run can be replayed with its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many times each key occurs. */
export function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

/** The environment a child process gets: only what it needs (no TEST_* or the caller's REDIS_URL). */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR', 'NODE_OPTIONS'];
  const base: NodeJS.ProcessEnv = {};
  for (const k of keep) if (process.env[k] !== undefined) base[k] = process.env[k];
  return { ...base, ...env };
}

/**
 * `node bin/civic-engage.js worker` (or `web`, `start`) as a child process. Its output is kept (the last
 * 200 lines) for the failure message; `kill9()` is the crash, `stop()` the orderly shutdown.
 */
export class ChildSystem {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        this.lines.push(line);
        if (this.lines.length > 200) this.lines.shift();
      }
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts `civic-engage <command>` and waits until it says it is running (or fails). */
  static async start(name: string, command: 'worker' | 'web' | 'start', env: Record<string, string>, timeoutMs = HANG_GUARD_MS): Promise<ChildSystem> {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/civic-engage.js'), command], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const sys = new ChildSystem(name, child);
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        if (/civic-engage (workers are|is) running/.test(chunk.toString('utf8'))) {
          child.stdout!.off('data', onData);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      void sys.exited.then((e) => reject(new Error(`${name} exited before it was ready (${e.signal ?? e.code}):\n${sys.output()}`)));
      setTimeout(() => reject(new Error(`${name} not ready within ${timeoutMs} ms:\n${sys.output()}`)), timeoutMs).unref();
    });
    try {
      await ready;
    } catch (err) {
      sys.child.kill('SIGKILL');
      throw err;
    }
    return sys;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.lines.slice(-60).join('\n');
  }

  /** The crash: SIGKILL, nothing runs after it. Resolves once the process is gone. */
  async kill9(): Promise<void> {
    if (!this.alive) return;
    process.kill(this.pid, 'SIGKILL');
    await this.exited;
  }

  /** Orderly shutdown (SIGTERM), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.alive && this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * A private redis-server for one test, never the shared test Redis: a free port, its own data
 * directory, append-only with fsync at every write. `stop()` and `start()` again keep the port and
 * the directory, so clients reconnect to the same URL and find what was persisted.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort(), mkdtempSync(path.join(tmpdir(), 'ce-fault-redis-')));
    await r.start();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = HANG_GUARD_MS): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction', '--logfile', path.join(this.dir, 'redis.log')],
      { stdio: 'ignore' },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + timeoutMs;
    while (!(await pingPlain('127.0.0.1', this.port, 200))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`private redis-server did not start on port ${this.port} (see ${this.dir}/redis.log)`);
      await sleep(50);
    }
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered, until resume(). */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** SIGTERM (Redis's orderly shutdown, which fsyncs) or SIGKILL; resolves once it is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  async destroy(): Promise<void> {
    this.resume();
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A TCP proxy on 127.0.0.1 in front of another loopback service (PostgreSQL). `cut()` destroys
 * every open connection and refuses new ones (accepted and dropped at once) until `restore()`.
 */
export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private cutOff = false;
  connections = 0;
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    let proxy!: TcpProxy;
    const server = net.createServer((client) => {
      if (proxy.cutOff) {
        client.destroy();
        return;
      }
      proxy.connections++;
      const upstream = net.connect(targetPort, targetHost);
      const pair = [client, upstream];
      for (const s of pair) {
        proxy.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          proxy.sockets.delete(s);
          for (const other of pair) other.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy = new TcpProxy(server, (server.address() as net.AddressInfo).port);
    return proxy;
  }

  cut(): void {
    this.cutOff = true;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.cutOff = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A database URL with its host and port replaced (to go through a proxy). */
export function viaPort(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}

/** A fresh temporary directory (DATA_DIR of a child: never used with DATABASE_URL and REDIS_URL set, but kept off the checkout). */
export function tempDir(name: string): string {
  return mkdtempSync(path.join(tmpdir(), `ce-fault-${name}-`));
}

/**
 * Looks for stalled jobs every second on `queues`, starting now (no processing: autorun off, no
 * processor).
 *
 * A killed worker's active jobs stay 'active' until their lock expires (lockDuration, 30 s) and a
 * stalled-job check has seen them twice; checks are `stalledInterval` (30 s) apart, across all
 * workers of a queue (a 'stalled-check' key in Redis spaces them): the workers of
 * src/runtime/workers.ts give such jobs back 30-60 s after a crash. Checking every second, from
 * now on (that key is removed first), only cuts the second half of that wait: a job comes back
 * within a second or two of its lock expiring. Which jobs come back, and what the worker does with
 * them, does not change.
 */
export async function frequentStalledChecks(redisUrl: string, prefix: string, queues: string[]): Promise<{ close(): Promise<void> }> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  const checkers = await Promise.all(
    queues.map(async (name) => {
      const w = new Worker(name, undefined, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix, autorun: false, stalledInterval: 1000 });
      w.on('error', () => undefined);
      await redis.del(w.keys['stalled-check']);
      void w.startStalledCheckTimer();
      return w;
    }),
  );
  redis.disconnect();
  return { close: async () => void (await Promise.all(checkers.map((w) => w.close()))) };
}
