import 'dotenv/config';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { loadConfig } from '../config';
import { startSystem } from '../app/system';

/** Starts the system and keeps it running until SIGINT/SIGTERM, then stops it cleanly. */
export async function runCommand(parts: { web: boolean; workers: boolean }): Promise<void> {
  const config = loadConfig();
  const heapFlag = heapGrowthFlag(parts, config.WORKER_HEAP_GROWTH);
  if (heapFlag) setFlagsFromString(heapFlag);
  const system = await startSystem({ config, ...parts });
  if (system.url) {
    const shown = system.url.replace('127.0.0.1', 'localhost');
    const consoleLines = await (await import('../console/first-admin')).consoleBanner(system.runtime, system.url);
    const simulator = system.runtime.channels.has('web') ? `  Simulator: ${shown}/simulator\n` : '';
    process.stdout.write(`\ncivic-engage is running.\n${simulator}  Health:    ${shown}/healthz\n${consoleLines}Press Ctrl+C to stop.\n\n`);
  } else process.stdout.write('\ncivic-engage workers are running. Press Ctrl+C to stop.\n\n');
  // First Ctrl+C/SIGTERM: a clean stop, bounded by SHUTDOWN_TIMEOUT_MS (a worker waiting on a lost
  // Redis would otherwise hold the process for minutes). A second one: out at once. Either way the
  // embedded database's lock file goes, so the CLI is not locked out by a process that is gone.
  const log = system.runtime.log;
  const lockFile = pgliteLockFile(config);
  const exitNow = (code: number) => {
    if (lockFile) rmSync(lockFile, { force: true });
    process.exit(code);
  };
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      process.stderr.write(`\n${signal} again: exiting now.\n`);
      return exitNow(130);
    }
    stopping = true;
    process.stderr.write(`\nStopping (up to ${config.SHUTDOWN_TIMEOUT_MS} ms; ${signal} again to exit at once)...\n`);
    setTimeout(() => {
      log.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'did not stop in time: exiting anyway');
      exitNow(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    system.stop().then(
      () => exitNow(0),
      (err) => {
        log.error({ err: (err as Error).message }, 'error while stopping');
        exitNow(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * The V8 flag a process with these parts sets at start, if any (WORKER_HEAP_GROWTH).
 *
 * After each full collection V8 lets the heap grow to 1.1-4 times what survived it before the next
 * (its factor follows how fast the collector runs against the program's allocation): a campaign
 * worker keeping 38 MiB reached 150 MiB of heap, and its peak RSS was that limit plus the young
 * generation and the process's own pages (docs/benchmarks.md, issue #18). A fixed factor bounds it;
 * the price is more full collections, each of the same live heap. V8 reads this flag each time it
 * sets the limit, so setting it once start-up is under way takes effect from the next collection.
 */
export function heapGrowthFlag(parts: { web: boolean; workers: boolean }, percent: number): string | undefined {
  // Only a `worker`: `start` and `web` keep V8's defaults (their memory was not what was measured).
  return parts.workers && !parts.web && percent > 0 ? `--heap-growing-percent=${percent}` : undefined;
}

/** PGlite's lock (postmaster.pid) under DATA_DIR, when the server runs on the embedded database. */
function pgliteLockFile(config: { DATABASE_URL?: string; DATA_DIR: string }): string | undefined {
  if (config.DATABASE_URL || config.DATA_DIR === ':memory:') return undefined;
  return join(resolve(config.DATA_DIR), 'pglite', 'postmaster.pid');
}
