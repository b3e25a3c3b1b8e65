/**
 * The embedded data directory (DATA_DIR: PGlite's files, the private Redis's append-only file) is
 * the whole database: only its owner may list or read it. Directories are created 0700, and an
 * existing one made by an older version (0755) is narrowed; files we write ourselves are 0600.
 */
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Owner only: read, write, enter. */
export const PRIVATE_DIR_MODE = 0o700;
/** Owner only: read, write. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and its parents up to `root`, DATA_DIR) owner-only, and narrows `root` and `dir`
 * when they exist with wider modes. A directory someone else owns is left as it is (chmod fails).
 */
export function makePrivateDir(dir: string, root = dirname(dir)): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  for (const path of new Set([resolve(root), resolve(dir)])) {
    try {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, PRIVATE_DIR_MODE);
    } catch {
      // not ours to change (a shared mount, another user's directory)
    }
  }
}

/** Writes a small file readable by its owner only. */
export function writePrivateFile(path: string, data: string): void {
  writeFileSync(path, data, { mode: PRIVATE_FILE_MODE });
  chmodSync(path, PRIVATE_FILE_MODE); // an existing file keeps its mode through writeFileSync
}
