/**
 * Issue #13: after Redis was lost, Ctrl+C left `start` printing hundreds of "ECONNREFUSED ... worker
 * error" lines and ignoring SIGINT/SIGTERM for minutes; kill -9 then left the embedded database's
 * lock behind. The real `civic-engage start` process, with its own redis-server and PGlite under a
 * scratch DATA_DIR: Redis is killed, SIGTERM is sent, and the process exits (SHUTDOWN_TIMEOUT_MS
 * bounds the stop), with the lock released and each Redis error logged once.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '../helpers/system';


const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

let dataDir: string;
let redis: ChildProcess | undefined;
let app: ChildProcess | undefined;
afterAll(() => {
  if (app && app.exitCode === null) app.kill('SIGKILL');
  if (redis && redis.exitCode === null) redis.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('stops within its bound after Redis is gone, releases the PGlite lock, logs each Redis error once', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ce-shutdown-'));
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', REDIS_URL: `redis://127.0.0.1:${port}`, DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: '3000', LOG_LEVEL: 'info', NO_COLOR: '1' };
  delete env.DATABASE_URL;
  let out = '';
  app = spawn(process.execPath, ['bin/civic-engage.js', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  app!.stdout!.on('data', (d) => (out += d));
  app!.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => app!.on('exit', (code) => resolve(code)));

  await eventually(async () => out.includes('civic-engage is running'), 240_000, 200);
  expect(existsSync(join(dataDir, 'pglite', 'postmaster.pid'))).toBe(true);
  // A command from another shell works beside it, on its embedded database (issue #13).
  const beside = await promisify(execFile)(process.execPath, ['bin/civic-engage.js', 'users', 'list', '--json'], { env: { ...env, PORT: '3000' } });
  expect(JSON.parse(beside.stdout)).toEqual([]);

  redis.kill('SIGKILL');
  await eventually(async () => /ECONNREFUSED/.test(out), 60_000, 100);
  app!.kill('SIGTERM');
  const code = await exited;

  expect([0, 1]).toContain(code);
  expect(existsSync(join(dataDir, 'pglite', 'postmaster.pid'))).toBe(false);
  const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; err?: string });
  for (const msg of ['worker error', 'redis connection error']) {
    const texts = lines.filter((l) => l.msg === msg).map((l) => l.err);
    // Once per distinct error text (within a minute), however many queues and reconnects.
    expect([msg, texts.length]).toEqual([msg, new Set(texts).size]);
  }
});
