/**
 * What the running server offers local processes, recorded under DATA_DIR (`server.json`,
 * owner-only) while it runs: where it listens (so a command started from another shell, without
 * the server's PORT in its environment, names the right address in its hints) and, on the embedded
 * database, the Unix socket on which it serves that database (so the CLI works beside it). A
 * record whose process is gone (killed) is ignored.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDir, writePrivateFile } from '../store/private-dir';

const FILE = 'server.json';

/** A running server, as recorded. */
export interface RunningServer {
  pid: number;
  /** Its HTTP address. */
  url?: string;
  /** The Unix socket serving its embedded database. */
  database?: string;
}

/** Records what this process serves; returns what removes the record. */
export function recordRunningServer(dataDir: string, serves: { url?: string; database?: string }): () => void {
  if (dataDir === ':memory:') return () => undefined;
  makePrivateDir(dataDir, dataDir);
  const path = join(dataDir, FILE);
  writePrivateFile(path, `${JSON.stringify({ ...serves, pid: process.pid })}\n`);
  return () => {
    try {
      if (JSON.parse(readFileSync(path, 'utf8')).pid === process.pid) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  };
}

/** The server recorded under `dataDir`, if its process is still alive. */
export function runningServer(dataDir: string): RunningServer | undefined {
  if (dataDir === ':memory:') return undefined;
  try {
    const { url, pid, database } = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as { url?: unknown; pid?: unknown; database?: unknown };
    if (typeof pid !== 'number') return undefined;
    process.kill(pid, 0); // throws when no such process
    return { pid, ...(typeof url === 'string' ? { url } : {}), ...(typeof database === 'string' ? { database } : {}) };
  } catch {
    return undefined;
  }
}

/** The URL of the server recorded under `dataDir`, if its process is still alive. */
export function runningServerUrl(dataDir: string): string | undefined {
  return runningServer(dataDir)?.url;
}
