/**
 * Issue #13: on the embedded database the CLI's refusal pointed at the admin API on port 3000
 * whatever PORT the server had. The server records where it listens under DATA_DIR; the hint names
 * that address, even from a shell without the server's PORT.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminBase } from '../../src/cli/context';
import { startTestSystem, type TestSystem } from '../helpers/system';


let dataDir: string;
let system: TestSystem | undefined;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ce-hint-'));
});
afterAll(async () => {
  await system?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('names the running server’s port, not PORT from this shell; falls back once it stopped', async () => {
  system = await startTestSystem('admin-hint', { DATA_DIR: dataDir }, { workers: false, postgres: true });
  const port = new URL(system.url!).port;
  expect(port).not.toBe('3000');
  const shell = { HOST: '127.0.0.1', PORT: 3000, PUBLIC_URL: undefined, DATA_DIR: dataDir };
  expect(adminBase(shell)).toBe(`http://127.0.0.1:${port}/api/admin`);
  expect(statSync(join(dataDir, 'server.json')).mode & 0o777).toBe(0o600);

  await system.close();
  system = undefined;
  expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
  expect(adminBase(shell)).toBe('http://127.0.0.1:3000/api/admin');
});
