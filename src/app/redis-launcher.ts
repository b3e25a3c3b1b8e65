/**
 * Finds a Redis to use, launching a private `redis-server` when none is running.
 *
 * Order: an explicit URL (used as is) -> the default 127.0.0.1:6379 if it answers PING -> a private
 * server on a free loopback port, with its data under `<dataDir>/redis`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { makePrivateDir, writePrivateFile } from '../store/private-dir';

/** What `ensureRedis` hands back: where Redis is, and how to stop it if this process started it. */
export interface RedisHandle {
  url: string;
  /** Shuts down the private server when `launched`; a no-op otherwise. */
  stop(): Promise<void>;
  /** True when this call started a private `redis-server`. */
  launched: boolean;
}

/** Options of `ensureRedis`. */
export interface EnsureRedisOptions {
  /** Use this Redis as is (e.g. REDIS_URL): nothing is probed or launched. */
  url?: string;
  /** A private server keeps its append-only file in `<dataDir>/redis`. */
  dataDir: string;
  log: (msg: string) => void;
  /** Try 127.0.0.1:6379 before launching (default true). Tests pass false to force a launch. */
  probeDefault?: boolean;
  /** How long a launched server may take to answer PING (default 10 s). */
  startTimeoutMs?: number;
}

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 6379;
const PROBE_TIMEOUT_MS = 500;
const STOP_TIMEOUT_MS = 10_000;

/** The message shown when there is no Redis and no way to start one. */
export const REDIS_INSTALL_HINT =
  'Redis is not reachable at redis://127.0.0.1:6379 and `redis-server` is not on PATH. ' +
  'Install it (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`) ' +
  'or set REDIS_URL to a running Redis (e.g. REDIS_URL=redis://host:6379).';

/**
 * Returns a usable Redis URL, launching a private `redis-server` if nothing answers on the default
 * port. Throws with install instructions when Redis is absent and cannot be launched.
 */
export async function ensureRedis(opts: EnsureRedisOptions): Promise<RedisHandle> {
  if (opts.url) return notOurs(opts.url);

  if (opts.probeDefault !== false && (await pingPlain(DEFAULT_HOST, DEFAULT_PORT, PROBE_TIMEOUT_MS))) {
    opts.log(`redis: using the server already running on ${DEFAULT_HOST}:${DEFAULT_PORT}`);
    return notOurs(`redis://${DEFAULT_HOST}:${DEFAULT_PORT}`);
  }

  const binary = findOnPath('redis-server');
  if (!binary) throw new Error(REDIS_INSTALL_HINT);

  const dir = path.resolve(opts.dataDir, 'redis');
  makePrivateDir(dir, opts.dataDir);

  // Two servers appending to one appendonlydir would corrupt it: if an earlier private server on
  // this directory is still alive (another `start`, a parallel test run), share it instead.
  const running = await runningPrivateServer(dir);
  if (running) {
    opts.log(`redis: reusing the private redis-server (pid ${running.pid}) on port ${running.port}`);
    return notOurs(`redis://${DEFAULT_HOST}:${running.port}`);
  }

  return launch(binary, dir, opts);
}

function notOurs(url: string): RedisHandle {
  return { url, launched: false, stop: async () => {} };
}

async function launch(binary: string, dir: string, opts: EnsureRedisOptions): Promise<RedisHandle> {
  const timeoutMs = opts.startTimeoutMs ?? 10_000;
  const port = await freePort();
  const child = spawn(
    binary,
    [
      '--port', String(port),
      '--bind', DEFAULT_HOST,
      '--dir', dir,
      '--appendonly', 'yes',
      // BullMQ requires noeviction: an evicted job key is a silently lost job.
      '--maxmemory-policy', 'noeviction',
      '--save', '',
      '--pidfile', path.join(dir, 'redis.pid'),
      '--logfile', path.join(dir, 'redis.log'),
    ],
    // A log file instead of a pipe: an undrained pipe would block the server once it fills.
    { stdio: 'ignore' },
  );
  // The handle, not the event loop, owns the server's lifetime: forgetting stop() must not keep
  // the parent alive forever, and the exit hook below still takes the server down with it.
  child.unref();
  const unhook = killWithParent(child);

  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? code ?? 'unknown'));
    child.once('error', (err) => resolve(err.message));
  });

  const ready = await waitForPing(port, timeoutMs, exited);
  if (ready !== true) {
    unhook();
    child.kill('SIGKILL');
    throw new Error(
      `redis-server (${binary}) did not answer PING on port ${port}: ${ready}. ` +
        `Its log: ${path.join(dir, 'redis.log')}\n${tail(path.join(dir, 'redis.log'))}`,
    );
  }
  writePrivateFile(path.join(dir, 'port'), `${port}\n`);
  opts.log(`redis: launched a private redis-server (pid ${child.pid}) on port ${port}, data in ${dir}`);

  let stopping: Promise<void> | undefined;
  return {
    url: `redis://${DEFAULT_HOST}:${port}`,
    launched: true,
    stop() {
      stopping ??= (async () => {
        unhook();
        if (child.exitCode !== null || child.signalCode !== null) return;
        // SIGTERM is Redis's orderly shutdown: it fsyncs the append-only file and removes the pidfile.
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(r, STOP_TIMEOUT_MS, 'timeout')));
        const outcome = await Promise.race([exited, timedOut]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          child.kill('SIGKILL');
          await exited;
        }
      })();
      return stopping;
    },
  };
}

/** Polls PING until it answers, the child exits, or the time is up; true or the reason it failed. */
async function waitForPing(port: number, timeoutMs: number, exited: Promise<number | string>): Promise<true | string> {
  let exitReason: string | undefined;
  void exited.then((r) => (exitReason = `it exited (${r})`));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitReason) return exitReason;
    if (await pingPlain(DEFAULT_HOST, port, 200)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return exitReason ?? `no answer within ${timeoutMs} ms`;
}

/**
 * Sends an inline PING over a raw socket and resolves true only on `+PONG`. Needs no client
 * library and never retries, unlike a client. A server that wants a password answers -NOAUTH,
 * which counts as "not usable" here.
 */
export function pingPlain(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host, port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** Asks the kernel for a free loopback port. Another process could take it before redis-server
 * binds; that shows up as an early exit with "Address already in use" in the log. */
/** A free TCP port on 127.0.0.1 (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, DEFAULT_HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function findOnPath(command: string): string | undefined {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      try {
        accessSync(candidate, fsConstants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** A private server left running on `dir` by another process: its pidfile is live and it answers. */
async function runningPrivateServer(dir: string): Promise<{ pid: number; port: number } | undefined> {
  try {
    const pid = Number(readFileSync(path.join(dir, 'redis.pid'), 'utf8').trim());
    const port = Number(readFileSync(path.join(dir, 'port'), 'utf8').trim());
    if (!pid || !port) return undefined;
    process.kill(pid, 0); // throws if no such process
    return (await pingPlain(DEFAULT_HOST, port, PROBE_TIMEOUT_MS)) ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the child down when this process ends: on normal exit, and on SIGINT/SIGTERM/SIGHUP.
 * A signal is re-raised afterwards when this hook was its only listener, so the parent still
 * dies the way it would have. (SIGKILL of the parent cannot be caught; Ctrl-C in a terminal
 * reaches the child anyway, as it shares the parent's process group.) Returns an unhook function.
 */
function killWithParent(child: ChildProcess): () => void {
  const onExit = () => {
    child.kill('SIGTERM');
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (signal: NodeJS.Signals) => {
    child.kill('SIGTERM');
    if (process.listenerCount(signal) === 1) {
      unhook();
      process.kill(process.pid, signal);
    }
  };
  const unhook = () => {
    process.off('exit', onExit);
    for (const s of signals) process.off(s, onSignal);
  };
  process.on('exit', onExit);
  for (const s of signals) process.on(s, onSignal);
  return unhook;
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}
