/**
 * A throwaway Redis Cluster on 127.0.0.1 for tests: `n` redis-server masters (no replicas) on free
 * ports, slots split evenly, joined with CLUSTER MEET, in a temporary directory; stop() kills them.
 * The fault tests already run redis-server themselves; no redis-cli is needed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { freePort, pingPlain } from '../../src/app/redis-launcher';

const SLOTS = 16384;

export interface TestCluster {
  /** redis://127.0.0.1:<port> of each master. */
  urls: string[];
  ports: number[];
  /** The slot range [from, to) each master owns, in the order of `ports`. */
  owners: [number, number][];
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startRedisCluster(n = 3, timeoutMs = 20_000): Promise<TestCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ce-cluster-'));
  const ports: number[] = [];
  const owners: [number, number][] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGKILL');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < n; i++) {
      const port = await freePort();
      ports.push(port);
      children.push(
        spawn(
          'redis-server',
          ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--logfile', path.join(dir, `redis-${port}.log`)],
          { stdio: 'ignore' },
        ),
      );
    }
    const deadline = Date.now() + timeoutMs;
    for (const port of ports) {
      while (!(await pingPlain('127.0.0.1', port, 200))) {
        if (Date.now() > deadline) throw new Error(`cluster node on ${port} did not start (see ${dir})`);
        await sleep(50);
      }
    }
    const clients = ports.map((port) => new IORedis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 }));
    try {
      // Slots in n even ranges, one per master; then every node meets the first.
      for (let i = 0; i < n; i++) {
        const from = Math.floor((i * SLOTS) / n);
        const to = Math.floor(((i + 1) * SLOTS) / n);
        owners.push([from, to]);
        const slots = Array.from({ length: to - from }, (_, k) => from + k);
        await clients[i].call('CLUSTER', 'ADDSLOTS', ...slots.map(String));
      }
      for (let i = 1; i < n; i++) await clients[i].call('CLUSTER', 'MEET', '127.0.0.1', String(ports[0]));
      for (;;) {
        const states = await Promise.all(clients.map(async (c) => String(await c.call('CLUSTER', 'INFO'))));
        if (states.every((s) => s.includes('cluster_state:ok') && s.includes(`cluster_known_nodes:${n}`))) break;
        if (Date.now() > deadline) throw new Error(`the cluster did not form: ${states.map((s) => /cluster_state:\w+/.exec(s)?.[0]).join(', ')}`);
        await sleep(100);
      }
    } finally {
      for (const c of clients) c.disconnect();
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { urls: ports.map((p) => `redis://127.0.0.1:${p}`), ports, owners, stop };
}
