/**
 * CPU accounting for the benchmarks, from /proc (Linux): the PostgreSQL backends serving a
 * database, and the whole machine, so a result can say where the cores went.
 */
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { processCpuSeconds } from './children';

/** CPU seconds so far of each PostgreSQL backend connected to this database (other than the one asking). */
export async function backendCpu(databaseUrl: string): Promise<Map<number, number>> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const pids = (await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid);
    return new Map(pids.map((pid) => [pid, processCpuSeconds(pid)]));
  } finally {
    await c.end();
  }
}

/** CPU seconds the backends used between two backendCpu() readings (a backend that left counts up to the first reading). */
export function backendCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let seconds = 0;
  for (const [pid, s] of after) if (Number.isFinite(s)) seconds += s - (before.get(pid) ?? 0);
  return seconds;
}

/** The machine's CPU time so far, all cores: busy (everything but idle and iowait) and in all, in seconds. */
export function machineCpu(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = ticks[3] + ticks[4];
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return { busy: NaN, total: NaN };
  }
}
