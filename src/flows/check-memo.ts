/**
 * The flows check a start runs (src/app/engine.ts), remembered between starts: when the flows,
 * locales and knowledge files, the settings that shape the check and the compiled code are byte
 * for byte those of a start whose check passed, the check would find nothing again, and a restart
 * skips it (it is about half a second of CPU, a third of a second start's; measured in
 * docs/benchmarks.md). Anything changed, the check runs. `flows check` and `flows test` always
 * check.
 *
 * The key is a SHA-256 over the compiled code's identity (dist/.build-stamp.json's content key,
 * which scripts/build.js derives from every source file), the settings, and every file under the
 * given directories (relative path, size and content). Running from the TypeScript sources there is
 * no build stamp, so nothing is remembered. The key is kept in DATA_DIR (`flows-checked`, owner
 * only); a directory that cannot be written only means the next start checks again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { makePrivateDir, writePrivateFile } from '../store/private-dir';

const FILE = 'flows-checked';

export interface CheckMemo {
  /** Whether a start with exactly these inputs has passed the check. */
  passed(): boolean;
  /** Records that the check passed with these inputs. Never throws. */
  remember(): void;
}

/** The compiled code's identity: the build stamp beside dist/ (undefined when running the sources). */
export function builtCodeKey(distRoot = resolve(__dirname, '..')): string | undefined {
  try {
    const stamp = JSON.parse(readFileSync(join(distRoot, '.build-stamp.json'), 'utf8')) as { contentKey?: unknown };
    return typeof stamp.contentKey === 'string' ? stamp.contentKey : undefined;
  } catch {
    return undefined;
  }
}

/** Every file under `dir`, sorted, as absolute paths (a missing directory: none). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/**
 * The memo of one data directory for the check of `dirs` with `settings` (anything that shapes the
 * check besides the files: languages, default language). Without `codeKey`, or without a data
 * directory, it never remembers and never passes.
 */
export function checkMemo(opts: { dataDir?: string; codeKey: string | undefined; dirs: string[]; settings: unknown }): CheckMemo {
  if (!opts.codeKey || !opts.dataDir) return { passed: () => false, remember: () => undefined };
  const dataDir = opts.dataDir;
  const file = join(dataDir, FILE);
  let key: string | undefined;
  const keyOf = () => {
    if (key) return key;
    const hash = createHash('sha256').update(`${opts.codeKey}\0${JSON.stringify(opts.settings)}\0`);
    for (const dir of opts.dirs) {
      const root = resolve(dir);
      hash.update(`dir ${root}\0`);
      for (const path of filesUnder(root)) {
        const content = readFileSync(path);
        hash.update(`${relative(root, path)}\0${content.length}\0`).update(content);
      }
    }
    return (key = hash.digest('hex'));
  };
  return {
    passed() {
      try {
        return statSync(file).isFile() && readFileSync(file, 'utf8').trim() === keyOf();
      } catch {
        return false;
      }
    },
    remember() {
      try {
        makePrivateDir(dataDir, dataDir);
        const tmp = `${file}.${process.pid}.tmp`;
        writePrivateFile(tmp, `${keyOf()}\n`);
        renameSync(tmp, file);
      } catch {
        // not writable: the next start checks again
      }
    },
  };
}
