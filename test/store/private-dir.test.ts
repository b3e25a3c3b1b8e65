/**
 * Issue #13: the embedded data directory was world-readable (0755 directories, 0644 files): any
 * local user could copy the database. Now DATA_DIR and what we create in it are owner-only.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../src/store/db';
import { makePrivateDir, writePrivateFile } from '../../src/store/private-dir';


const mode = (path: string) => statSync(path).mode & 0o777;
let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ce-private-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

it('the embedded database creates DATA_DIR and DATA_DIR/pglite 0700', async () => {
  const dataDir = join(scratch, 'data');
  const db = await openDb({ dataDir });
  try {
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'pglite'))).toBe(0o700);
  } finally {
    await db.close();
  }
});

it('narrows a data directory an older version made 0755, and writes its own files 0600', () => {
  const dataDir = join(scratch, 'old');
  mkdirSync(join(dataDir, 'redis'), { recursive: true, mode: 0o755 });
  expect(mode(dataDir) & 0o055).not.toBe(0);
  makePrivateDir(join(dataDir, 'redis'), dataDir);
  expect(mode(dataDir)).toBe(0o700);
  expect(mode(join(dataDir, 'redis'))).toBe(0o700);
  writePrivateFile(join(dataDir, 'redis', 'port'), '6380\n');
  expect(mode(join(dataDir, 'redis', 'port'))).toBe(0o600);
});
