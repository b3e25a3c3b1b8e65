import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HANG_GUARD_MS } from '../helpers/guard';

const root = join(__dirname, '../..');

// Starts Node and tsx: seconds on a busy 2-core machine.

// Regression (issue #13): a clean checkout's `flows check` printed seven warnings about Slack texts
// over the SMS budget, which are never sent by SMS; the knowledge base's example questions (never
// sent either) would have added dozens more. The SMS budget applies to what is sent by SMS only.
test('flows check on the shipped flows and locales: no errors and no warnings', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin/civic-engage.js'), 'flows', 'check'], { cwd: root, timeout: HANG_GUARD_MS });
  expect(stdout).toMatch(/flows check: \d+ flows, 7 languages \(en, es, zh, vi, ko, tl, ar\): 0 errors, 0 warnings/);
  expect(stdout).not.toContain('warning:');
});
