/**
 * Where the running server listens, recorded under DATA_DIR (`server.json`, owner-only) while it
 * runs, so a command started from another shell (without the server's PORT in its environment)
 * names the right address in its hints: the admin API of the server that holds the embedded
 * database.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDir, writePrivateFile } from '../store/private-dir';

const FILE = 'server.json';

/** Records that this process serves HTTP at `url`; returns what removes the record. */
export function recordRunningServer(dataDir: string, url: string): () => void {
  if (dataDir === ':memory:') return () => undefined;
  makePrivateDir(dataDir, dataDir);
  const path = join(dataDir, FILE);
  writePrivateFile(path, `${JSON.stringify({ url, pid: process.pid })}\n`);
  return () => {
    try {
      if (JSON.parse(readFileSync(path, 'utf8')).pid === process.pid) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  };
}

/** The URL of the server recorded under `dataDir`, if its process is still alive. */
export function runningServerUrl(dataDir: string): string | undefined {
  if (dataDir === ':memory:') return undefined;
  try {
    const { url, pid } = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as { url?: unknown; pid?: unknown };
    if (typeof url !== 'string' || typeof pid !== 'number') return undefined;
    process.kill(pid, 0); // throws when no such process
    return url;
  } catch {
    return undefined;
  }
}
